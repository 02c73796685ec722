/// Punycode (RFC 3492) and the host names it is used for (IDNA, RFC 5891 §4.4): a non-ASCII host label
/// becomes `xn--` and its Punycode, so that a link to `http://bücher.example/` names the host DNS knows
/// (`xn--bcher-kva.example`) instead of a percent-encoded one no resolver can look up.
enum Punycode {
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
    static func encode(_ input: [UInt32]) -> [UInt8]? {
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

    /// `url` with the non-ASCII labels of its host (`scheme://user@host:port/…`) written as `xn--` labels,
    /// lower-cased first as IDNA maps them; everything else as it was. Ideographic full stops (`。`, `．`,
    /// `｡`) separate labels as `.` does (RFC 3490 §3.1).
    static func asciiHost(_ url: [UInt8]) -> [UInt8] {
        // The authority: after `//` (after a scheme, or at the start), up to `/`, `?` or `#`.
        var start = 0
        if let colon = URLResolver.schemeEnd(url) { start = colon + 1 }
        guard start + 1 < url.count, url[start] == UInt8(ascii: "/"), url[start + 1] == UInt8(ascii: "/") else { return url }
        start += 2
        var end = start
        while end < url.count, url[end] != UInt8(ascii: "/"), url[end] != UInt8(ascii: "?"), url[end] != UInt8(ascii: "#") { end += 1 }
        var hostStart = start
        if let at = url[start..<end].lastIndex(of: UInt8(ascii: "@")) { hostStart = at + 1 }
        var hostEnd = end
        if let colon = url[hostStart..<end].lastIndex(of: UInt8(ascii: ":")),
           url[(colon + 1)..<end].allSatisfy({ $0 >= 48 && $0 <= 57 }) { hostEnd = colon }
        let host = url[hostStart..<hostEnd]
        guard host.contains(where: { $0 >= 0x80 }) else { return url }
        let text = String(decoding: host, as: UTF8.self)
        var labels: [[UInt8]] = []
        var label: [Unicode.Scalar] = []
        func finish() {
            if label.allSatisfy(\.isASCII) {
                labels.append(Array(String(String.UnicodeScalarView(label)).utf8))
            } else {
                let lower = String(String.UnicodeScalarView(label)).lowercased()
                if let code = encode(lower.unicodeScalars.map(\.value)) {
                    labels.append(Array("xn--".utf8) + code)
                } else {
                    labels.append(Array(String(String.UnicodeScalarView(label)).utf8))
                }
            }
            label.removeAll()
        }
        for s in text.unicodeScalars {
            if s == "." || s == "\u{3002}" || s == "\u{FF0E}" || s == "\u{FF61}" { finish() } else { label.append(s) }
        }
        finish()
        var out = Array(url[..<hostStart])
        for (k, l) in labels.enumerated() {
            if k > 0 { out.append(UInt8(ascii: ".")) }
            out += l
        }
        out += url[hostEnd...]
        return out
    }
}
