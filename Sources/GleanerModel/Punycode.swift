/// Punycode (RFC 3492) and the host names it is used for (IDNA, RFC 5891 §4.4): a non-ASCII host label
/// becomes `xn--` and its Punycode, so that a link to `http://bücher.example/` names the host DNS knows
/// (`xn--bcher-kva.example`) instead of a percent-encoded one no resolver can look up.
public enum Punycode {
    static let base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700, initialBias = 72, initialN = 128
    /// Longest label encoded, in code points: DNS labels are at most 63 bytes; this is generous and keeps
    /// every sum below far from overflowing.
    static let maxInput = 1024

    /// RFC 3492 §6.1.
    static func adapt(_ delta0: Int, _ numPoints: Int, _ firstTime: Bool) -> Int {
        var delta = firstTime ? delta0 / damp : delta0 / 2
        delta += delta / numPoints
        var k = 0
        while delta > ((base - tMin) * tMax) / 2 {
            delta /= base - tMin
            k += base
        }
        return k + (base - tMin + 1) * delta / (delta + skew)
    }

    static func digit(_ d: Int) -> UInt8 { d < 26 ? UInt8(97 + d) : UInt8(22 + d) }   // a…z, then 0…9

    /// RFC 3492 §6.3: the Punycode of `input`'s code points (without `xn--`); nil when too long.
    public static func encode(_ input: [UInt32]) -> [UInt8]? {
        guard input.count <= maxInput else { return nil }
        var output = input.filter { $0 < 0x80 }.map { UInt8($0) }
        let b = output.count
        var h = b
        if b > 0 { output.append(UInt8(ascii: "-")) }
        var n = initialN, delta = 0, bias = initialBias
        while h < input.count {
            // The smallest code point not yet handled (there is one: h < count).
            guard let m = input.lazy.map(Int.init).filter({ $0 >= n }).min() else { return nil }
            delta += (m - n) * (h + 1)
            n = m
            for c in input.lazy.map(Int.init) {
                if c < n { delta += 1 }
                guard c == n else { continue }
                var q = delta
                var k = base
                while true {
                    let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                    if q < t { break }
                    output.append(digit(t + (q - t) % (base - t)))
                    q = (q - t) / (base - t)
                    k += base
                }
                output.append(digit(q))
                bias = adapt(delta, h + 1, h == b)
                delta = 0
                h += 1
            }
            delta += 1
            n += 1
        }
        return output
    }

    /// A host name with each non-ASCII label written as an `xn--` label, lower-cased first as IDNA maps them;
    /// ASCII labels as they were. Ideographic full stops (`。`, `．`, `｡`) separate labels as `.` does
    /// (RFC 3490 §3.1). The one IDNA mapping: the feed parser writes hosts of links with it, and `HostKey`
    /// keys hosts with it.
    public static func asciiHost(name text: String) -> String {
        guard text.utf8.contains(where: { $0 >= 0x80 }) else { return text }
        var labels: [String] = []
        var label: [Unicode.Scalar] = []
        func finish() {
            let plain = String(String.UnicodeScalarView(label))
            if label.allSatisfy(\.isASCII) {
                labels.append(plain)
            } else if let code = encode(plain.lowercased().unicodeScalars.map(\.value)) {
                labels.append("xn--" + String(decoding: code, as: UTF8.self))
            } else {
                labels.append(plain)
            }
            label.removeAll()
        }
        for s in text.unicodeScalars {
            if s == "." || s == "\u{3002}" || s == "\u{FF0E}" || s == "\u{FF61}" { finish() } else { label.append(s) }
        }
        finish()
        return labels.joined(separator: ".")
    }
}
