/// The form of a link that two feeds pointing at the same story agree on, for cross-feed duplicates and for
/// refusing a feed that is already configured under another spelling.
///
/// - scheme and host lower case (RFC 3986 §6.2.2.1), the default port dropped (§6.2.3);
/// - percent-encoding made uniform: raw non-ASCII (an Arabic path as a feed writes it) is encoded as UTF-8,
///   existing escapes get upper-case hex, and escapes of unreserved characters are decoded (§6.2.2.2), so
///   `/%d8%a3` and `/أ` compare equal;
/// - an empty path becomes `/`;
/// - tracking parameters (`utm_*`, `fbclid`, `gclid`, …) removed, the others kept in order;
/// - the fragment dropped: it names a place in the page, not another page.
///
/// It is a comparison key, never a URL to fetch: `http` and `https` stay distinct (they may differ).
public enum LinkNormalizer {
    /// Query parameters that only say where a reader came from. `utm_` is a prefix.
    static let trackingParameters: Set<String> = [
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "mc_cid", "mc_eid", "igshid",
        "_hsenc", "_hsmi", "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id", "rb_clickid", "s_cid",
        "ncid", "sr_share", "at_medium", "at_campaign", "wt_mc", "ref_src", "__twitter_impression",
    ]

    public static func normalize(_ link: String) -> String {
        isAlreadyNormal(link) ? link : normalizeBytes(link)
    }

    /// True for the common link that `normalizeBytes` returns unchanged: `scheme://authority/path` in
    /// printable ASCII with no blank, `%`, `#`, `?`, `"`, `<` or `>`, no upper case before the path and no
    /// `:` in the authority (so no port to drop). Anything else, it answers false.
    static func isAlreadyNormal(_ link: String) -> Bool {
        var link = link
        return link.withUTF8 { b -> Bool in
            var schemeEnd = -1
            var authorityEnd = -1
            var i = 0
            while i < b.count {
                let c = b[i]
                if c <= 0x20 || c >= 0x7F { return false }
                switch c {
                case UInt8(ascii: "%"), UInt8(ascii: "#"), UInt8(ascii: "?"), UInt8(ascii: "\""),
                     UInt8(ascii: "<"), UInt8(ascii: ">"):
                    return false
                default: break
                }
                if authorityEnd < 0 {
                    if c >= 0x41 && c <= 0x5A { return false }
                    if schemeEnd < 0 {
                        if c == UInt8(ascii: ":") {
                            guard i > 0, i + 2 < b.count, b[i + 1] == UInt8(ascii: "/"), b[i + 2] == UInt8(ascii: "/")
                            else { return false }
                            schemeEnd = i
                            i += 3
                            continue
                        }
                        if !(isAlpha(c) || isDigit(c) || c == UInt8(ascii: "+") || c == UInt8(ascii: "-")
                             || c == UInt8(ascii: ".")) { return false }
                    } else if c == UInt8(ascii: ":") {
                        return false
                    } else if c == UInt8(ascii: "/") {
                        authorityEnd = i
                    }
                }
                i += 1
            }
            return authorityEnd >= 0
        }
    }

    static func normalizeBytes(_ link: String) -> String {
        // Works on the UTF-8 bytes: this runs for every stored article, and String/Character indexing was a
        // visible share of the store's insert cost.
        var b = Array(link.utf8)
        while let l = b.last, isBlank(l) { b.removeLast() }
        var start = 0
        while start < b.count, isBlank(b[start]) { start += 1 }
        // The fragment goes first: a `#` can never be part of the rest.
        var end = b.count
        if let hash = b[start...].firstIndex(of: UInt8(ascii: "#")) { end = hash }
        var i = start
        // scheme "://"
        var schemeEnd = -1
        while i + 2 < end {
            let c = b[i]
            if c == UInt8(ascii: ":") {
                if b[i + 1] == UInt8(ascii: "/") && b[i + 2] == UInt8(ascii: "/") { schemeEnd = i }
                break
            }
            if !(isAlpha(c) || isDigit(c) || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") || c == UInt8(ascii: ".")) { break }
            i += 1
        }
        var out: [UInt8] = []
        out.reserveCapacity(end - start + 16)
        guard schemeEnd > start else {
            encode(b[start..<end], into: &out)
            return String(decoding: out, as: UTF8.self)
        }
        for c in b[start..<schemeEnd] { out.append(lower(c)) }
        let scheme = b[start..<schemeEnd]
        out.append(contentsOf: [UInt8(ascii: ":"), UInt8(ascii: "/"), UInt8(ascii: "/")])
        let authorityStart = schemeEnd + 3
        var authorityEnd = authorityStart
        while authorityEnd < end, b[authorityEnd] != UInt8(ascii: "/"), b[authorityEnd] != UInt8(ascii: "?") { authorityEnd += 1 }
        var hostStart = authorityStart
        if let at = b[authorityStart..<authorityEnd].lastIndex(of: UInt8(ascii: "@")) {
            out.append(contentsOf: b[authorityStart...at])
            hostStart = at + 1
        }
        var hostEnd = authorityEnd
        var port: ArraySlice<UInt8> = []
        if let colon = b[hostStart..<authorityEnd].lastIndex(of: UInt8(ascii: ":")),
           !b[colon..<authorityEnd].contains(UInt8(ascii: "]")) {
            hostEnd = colon
            port = b[(colon + 1)..<authorityEnd]
        }
        for c in b[hostStart..<hostEnd] { out.append(lower(c)) }
        let isHTTP = scheme.elementsEqual("http".utf8, by: { lower($0) == $1 })
        let isHTTPS = scheme.elementsEqual("https".utf8, by: { lower($0) == $1 })
        let defaultPort = (isHTTP && port.elementsEqual("80".utf8)) || (isHTTPS && port.elementsEqual("443".utf8))
        if !port.isEmpty && !defaultPort {
            out.append(UInt8(ascii: ":"))
            out.append(contentsOf: port)
        }
        var pathEnd = authorityEnd
        while pathEnd < end, b[pathEnd] != UInt8(ascii: "?") { pathEnd += 1 }
        if pathEnd == authorityEnd { out.append(UInt8(ascii: "/")) } else { encode(b[authorityEnd..<pathEnd], into: &out) }
        if pathEnd < end {
            var first = true
            var p = pathEnd + 1
            while p <= end {
                var q = p
                while q < end, b[q] != UInt8(ascii: "&") { q += 1 }
                let pair = b[p..<q]
                if !pair.isEmpty && !isTracking(pair) {
                    out.append(first ? UInt8(ascii: "?") : UInt8(ascii: "&"))
                    encode(pair, into: &out)
                    first = false
                }
                p = q + 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func isTracking(_ pair: ArraySlice<UInt8>) -> Bool {
        let nameEnd = pair.firstIndex(of: UInt8(ascii: "=")) ?? pair.endIndex
        let name = pair[pair.startIndex..<nameEnd]
        if name.count >= 4, name.prefix(4).elementsEqual("utm_".utf8, by: { lower($0) == $1 }) { return true }
        guard name.count <= 24 else { return false }
        return trackingParameters.contains(String(decoding: name.map(lower), as: UTF8.self))
    }

    @inline(__always) private static func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
    @inline(__always) private static func isAlpha(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }
    @inline(__always) private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    @inline(__always) private static func lower(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c | 0x20 : c }

    private static let hex: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// Percent-encodes bytes outside printable ASCII, normalises existing escapes.
    private static func encode(_ bytes: ArraySlice<UInt8>, into out: inout [UInt8]) {
        var i = bytes.startIndex
        let end = bytes.endIndex
        while i < end {
            let b = bytes[i]
            if b == UInt8(ascii: "%"), i + 2 < end, let hi = hexValue(bytes[i + 1]), let lo = hexValue(bytes[i + 2]) {
                let v = hi << 4 | lo
                if isUnreserved(v) {
                    out.append(v)
                } else {
                    out.append(b); out.append(hex[Int(hi)]); out.append(hex[Int(lo)])
                }
                i += 3
                continue
            }
            if b <= 0x20 || b >= 0x7F || b == UInt8(ascii: "\"") || b == UInt8(ascii: "<") || b == UInt8(ascii: ">") {
                out.append(UInt8(ascii: "%")); out.append(hex[Int(b >> 4)]); out.append(hex[Int(b & 15)])
            } else {
                out.append(b)
            }
            i += 1
        }
    }

    private static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return b - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    private static func isUnreserved(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
             UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }
}
