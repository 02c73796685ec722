import GleanerModel

/// Makes feed links absolute and comparable, over UTF-8 bytes (Foundation's URL is slow and rejects raw
/// non-ASCII text, which feeds are full of).
///
/// Resolution follows RFC 3986 §5.2 (with §5.2.4's dot-segment removal). Bytes that may not appear in a
/// URI (non-ASCII, space, controls) are percent-encoded as UTF-8 with uppercase hex (§2.1), so the raw
/// Arabic slug and its encoded form come out identical; an existing `%XX` is kept. A non-ASCII host name
/// is written in its IDNA form instead (`Punycode.asciiHost`).
///
/// It is also the one place that decides which links may leave Gleaner (`outgoing`): feed and entry links,
/// enclosures, comments, author URIs, images, `xml:base`, JSON Feed URLs and the sanitizer's URL attributes.
/// Links are this parser's purpose; what is fetched is read with curl's URL API (`CurlURL` in GleanerFetch).
package enum URLResolver {
    /// What a link's scheme allows, read as browsers read it: case-insensitive, white space and controls
    /// inside the scheme ignored (`java\tscript:`, ` JaVaScRiPt:`).
    enum Scheme: Equatable {
        case http, https, mailto, data
        /// No scheme: a relative reference (its first `:`, if any, comes after a `/`, `?` or `#`; RFC 3986
        /// §4.2). Harmless: it names nothing until resolved against an http(s) base.
        case none
        /// Any other scheme (`javascript:`, `vbscript:`, `file:`, …), or a `:` where a scheme would end but
        /// what comes before is not one (`java%09script:`).
        case other
    }

    /// Which schemes a link may keep, besides http and https (and relative references).
    struct Allowed: OptionSet {
        let rawValue: UInt8
        /// `mailto:`: author URIs and the sanitizer's `href`.
        static let mailto = Allowed(rawValue: 1)
        /// `data:image/{png,gif,jpeg,webp}`: the sanitizer's `img src` only.
        static let dataImage = Allowed(rawValue: 2)
        static let web: Allowed = []
    }

    /// The longest `data:image/…` URL kept (64 KiB): an icon or a small inline picture, not a photograph
    /// that would make every stored copy of the article that much bigger.
    static let maxDataImage = 64 << 10

    static func scheme(_ b: UnsafeBufferPointer<UInt8>) -> Scheme {
        // The scheme's first bytes, lower-cased and packed (no allocation): only the four names below matter.
        var packed: UInt64 = 0
        var count = 0
        for c in b {
            if c == UInt8(ascii: ":") { break }
            if c <= 0x20 { continue }
            if count < 8 { packed |= UInt64(c | 0x20) << (8 * UInt64(count)) }
            count += 1
            if count > 10 { break }
        }
        // Little-endian: "http" is 0x70747468.
        switch (count, packed) {
        case (4, 0x7074_7468): return .http
        case (5, 0x73_7074_7468): return .https
        case (6, 0x6F74_6C69_616D): return .mailto
        case (4, 0x6174_6164): return .data
        default:
            let first = b.first { $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }
            return first == UInt8(ascii: ":") ? .other : .none
        }
    }

    static func scheme(_ s: String) -> Scheme {
        if let r = s.utf8.withContiguousStorageIfAvailable({ scheme($0) }) { return r }
        return Array(s.utf8).withUnsafeBufferPointer { scheme($0) }
    }

    /// Whether `url` may stay where it is: http, https, a relative reference, or a scheme in `allowed`.
    static func isAllowed(_ url: String, _ allowed: Allowed) -> Bool {
        switch scheme(url) {
        case .http, .https, .none: return true
        case .mailto: return allowed.contains(.mailto)
        case .data:
            guard allowed.contains(.dataImage), url.utf8.count <= maxDataImage else { return false }
            let lower = url.prefix(32).lowercased().filter { !$0.isWhitespace }
            return ["data:image/png", "data:image/gif", "data:image/jpeg", "data:image/jpg", "data:image/webp"]
                .contains { lower.hasPrefix($0 + ";") || lower.hasPrefix($0 + ",") }
        case .other: return false
        }
    }

    /// A link as it may leave Gleaner: `value` resolved against `base`, or nil when its scheme is not
    /// allowed. Checked as written too, white space and controls removed (browsers drop tabs and newlines
    /// inside a scheme), then as resolved.
    static func outgoing(_ value: String, against base: String?, allowing allowed: Allowed = .web,
                         cache: inout ParsedBase?) -> String? {
        // Most links: an absolute http(s) URL of printable ASCII, which `resolve` gives back as it is.
        let plainWeb = value.utf8.withContiguousStorageIfAvailable { b in
            isPlainAbsolute(b) && (scheme(b) == .https || scheme(b) == .http)
        }
        if plainWeb == true { return value }
        let blank = value.utf8.withContiguousStorageIfAvailable { $0.contains { $0 <= 0x20 } }
            ?? value.utf8.contains { $0 <= 0x20 }
        let squeezed = blank ? String(decoding: value.utf8.filter { $0 > 0x20 }, as: UTF8.self) : value
        guard isAllowed(squeezed, allowed) else { return nil }
        let resolved = resolve(value, against: base, cache: &cache)
        // Most URLs are absolute and come back as they were: already checked.
        if !blank, resolved == value { return resolved }
        guard isAllowed(resolved, allowed) else { return nil }
        return resolved
    }

    /// The scheme of a refused link, for the problem that reports it: its letters only, at most 16.
    static func schemeName(_ value: String) -> String {
        let letters = value.utf8.prefix { $0 != UInt8(ascii: ":") }.filter { $0 > 0x20 }.prefix(16).map { c -> UInt8 in
            HTMLText.isAlnum(c) || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") || c == UInt8(ascii: ".") ? c | (c >= 0x41 && c <= 0x5A ? 0x20 : 0) : UInt8(ascii: "?")
        }
        return String(decoding: letters, as: UTF8.self)
    }

    /// A base already split into its parts, kept between calls that resolve against the same base.
    struct ParsedBase {
        let string: String
        /// Nil when the base has no scheme (references are then only encoded).
        let parts: Parts?
    }

    package static func resolve(_ reference: String, against base: String?) -> String {
        var cache: ParsedBase?
        return resolve(reference, against: base, cache: &cache)
    }

    /// `resolve(_:against:)`, reusing `cache` when `base` is the one it was parsed from.
    static func resolve(_ reference: String, against base: String?, cache: inout ParsedBase?) -> String {
        // Fast path without a copy: an absolute URL of printable ASCII comes back as it is (the first check
        // below, made on the String's own bytes).
        if reference.utf8.withContiguousStorageIfAvailable({ isPlainAbsolute($0) }) == true { return reference }
        var ref = Array(reference.utf8)
        let untrimmed = ref.count
        trim(&ref)
        // A non-ASCII host name becomes its IDNA form (`xn--…`), the rest is percent-encoded below.
        var rewritten = false
        if ref.contains(where: { $0 >= 0x80 }) {
            let ascii = Punycode.asciiHost(ref)
            rewritten = ascii != ref
            ref = ascii
        }
        // Fast path: an absolute ASCII URL with nothing to encode is returned as is.
        if hasScheme(ref), !ref.contains(where: { $0 <= 0x20 || $0 >= 0x7F }) {
            return ref.count == untrimmed && !rewritten ? reference : String(decoding: ref, as: UTF8.self)
        }
        // Fast path: a root-relative reference (`/tag/x`) with nothing to encode and no dot segments is the
        // base's scheme and authority followed by the reference as written (what §5.2.2 gives for it).
        if ref.first == UInt8(ascii: "/"), ref.count == 1 || ref[1] != UInt8(ascii: "/"),
           !ref.contains(where: { $0 <= 0x20 || $0 >= 0x7F }), !hasDotSegment(ref) {
            guard let base, !base.isEmpty else { return String(decoding: ref, as: UTF8.self) }
            guard let b = parsedBase(base, cache: &cache), let scheme = b.scheme else {
                return String(decoding: ref, as: UTF8.self)
            }
            var out = [UInt8]()
            out.reserveCapacity(scheme.count + (b.authority?.count ?? 0) + ref.count + 3)
            out += scheme
            out.append(UInt8(ascii: ":"))
            if let authority = b.authority { out.append(UInt8(ascii: "/")); out.append(UInt8(ascii: "/")); out += authority }
            out += ref
            return String(decoding: out, as: UTF8.self)
        }
        let r = Parts(encode(ref))
        if r.scheme != nil {
            var t = r
            t.path = removeDotSegments(r.path)
            return t.string
        }
        guard let base, !base.isEmpty else { return String(decoding: encode(ref), as: UTF8.self) }
        guard let b = parsedBase(base, cache: &cache) else { return String(decoding: encode(ref), as: UTF8.self) }

        // RFC 3986 §5.2.2.
        var t = Parts()
        if r.authority != nil {
            t.authority = r.authority
            t.path = removeDotSegments(r.path)
            t.query = r.query
        } else {
            if r.path.isEmpty {
                t.path = b.path
                t.query = r.query ?? b.query
            } else {
                if r.path.first == UInt8(ascii: "/") {
                    t.path = removeDotSegments(r.path)
                } else {
                    t.path = removeDotSegments(merge(base: b, path: r.path))
                }
                t.query = r.query
            }
            t.authority = b.authority
        }
        t.scheme = b.scheme
        t.fragment = r.fragment
        return t.string
    }

    /// The parts of `base` (nil when it has no scheme), from `cache` when it was parsed from the same base.
    static func parsedBase(_ base: String, cache: inout ParsedBase?) -> Parts? {
        if let cache, cache.string == base { return cache.parts }
        var baseBytes = Array(base.utf8)
        trim(&baseBytes)
        if baseBytes.contains(where: { $0 >= 0x80 }) { baseBytes = Punycode.asciiHost(baseBytes) }
        let p = Parts(encode(baseBytes))
        let parsed = p.scheme != nil ? p : nil
        cache = ParsedBase(string: base, parts: parsed)
        return parsed
    }

    /// The components of a URI reference (RFC 3986 Appendix B).
    struct Parts {
        var scheme: ArraySlice<UInt8>?
        var authority: ArraySlice<UInt8>?
        var path: [UInt8] = []
        var query: ArraySlice<UInt8>?
        var fragment: ArraySlice<UInt8>?

        init() {}

        init(_ s: [UInt8]) {
            var i = 0
            let n = s.count
            if let colon = URLResolver.schemeEnd(s) {
                scheme = s[0..<colon]
                i = colon + 1
            }
            if i + 1 < n, s[i] == UInt8(ascii: "/"), s[i + 1] == UInt8(ascii: "/") {
                var j = i + 2
                while j < n, s[j] != UInt8(ascii: "/"), s[j] != UInt8(ascii: "?"), s[j] != UInt8(ascii: "#") { j += 1 }
                authority = s[(i + 2)..<j]
                i = j
            }
            var j = i
            while j < n, s[j] != UInt8(ascii: "?"), s[j] != UInt8(ascii: "#") { j += 1 }
            path = Array(s[i..<j])
            i = j
            if i < n, s[i] == UInt8(ascii: "?") {
                j = i + 1
                while j < n, s[j] != UInt8(ascii: "#") { j += 1 }
                query = s[(i + 1)..<j]
                i = j
            }
            if i < n, s[i] == UInt8(ascii: "#") { fragment = s[(i + 1)..<n] }
        }

        var string: String {
            var out = [UInt8]()
            if let scheme { out += scheme; out.append(UInt8(ascii: ":")) }
            if let authority { out += [UInt8(ascii: "/"), UInt8(ascii: "/")]; out += authority }
            out += path
            if let query { out.append(UInt8(ascii: "?")); out += query }
            if let fragment { out.append(UInt8(ascii: "#")); out += fragment }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// §5.2.3.
    static func merge(base: Parts, path: [UInt8]) -> [UInt8] {
        if base.authority != nil, base.path.isEmpty { return [UInt8(ascii: "/")] + path }
        guard let slash = base.path.lastIndex(of: UInt8(ascii: "/")) else { return path }
        return Array(base.path[...slash]) + path
    }

    /// §5.2.4, over whole segments.
    static func removeDotSegments(_ path: [UInt8]) -> [UInt8] {
        guard hasDotSegment(path) else { return path }
        let absolute = path.first == UInt8(ascii: "/")
        var segments = path.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        if absolute { segments.removeFirst() }
        var out: [ArraySlice<UInt8>] = []
        var trailingSlash = false
        for (k, seg) in segments.enumerated() {
            let last = k == segments.count - 1
            if seg.elementsEqual([UInt8(ascii: ".")]) {
                trailingSlash = last
            } else if seg.elementsEqual([UInt8(ascii: "."), UInt8(ascii: ".")]) {
                if !out.isEmpty { out.removeLast() }
                trailingSlash = last
            } else {
                out.append(seg)
                trailingSlash = false
            }
        }
        var result: [UInt8] = absolute ? [UInt8(ascii: "/")] : []
        for (k, seg) in out.enumerated() {
            if k > 0 { result.append(UInt8(ascii: "/")) }
            result += seg
        }
        if trailingSlash, result.last != UInt8(ascii: "/") { result.append(UInt8(ascii: "/")) }
        return result
    }

    /// Whether a segment of `path` is `.` or `..` (a `.` inside a name, as in `0.html`, is not one).
    static func hasDotSegment(_ path: [UInt8]) -> Bool {
        let n = path.count
        var i = 0
        while let k = path[i...].firstIndex(of: UInt8(ascii: ".")) {
            if k == 0 || path[k - 1] == UInt8(ascii: "/") {
                let next = k + 1 < n && path[k + 1] == UInt8(ascii: ".") ? k + 2 : k + 1
                if next == n || path[next] == UInt8(ascii: "/") { return true }
            }
            i = k + 1
            if i >= n { break }
        }
        return false
    }

    /// The index of the `:` ending a valid scheme (`ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )`), if any.
    static func schemeEnd(_ s: [UInt8]) -> Int? {
        guard let first = s.first, (first | 0x20) >= UInt8(ascii: "a"), (first | 0x20) <= UInt8(ascii: "z") else { return nil }
        var i = 1
        while i < s.count {
            let c = s[i]
            if c == UInt8(ascii: ":") { return i }
            guard HTMLText.isAlnum(c) || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") || c == UInt8(ascii: ".") else { return nil }
            i += 1
        }
        return nil
    }

    static func hasScheme(_ s: [UInt8]) -> Bool { schemeEnd(s) != nil }

    /// A scheme, then only bytes from `!` to `~`: nothing to trim, encode or resolve.
    static func isPlainAbsolute(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = b.first, (first | 0x20) >= UInt8(ascii: "a"), (first | 0x20) <= UInt8(ascii: "z") else { return false }
        var i = 1
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: ":") { break }
            guard HTMLText.isAlnum(c) || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") || c == UInt8(ascii: ".") else { return false }
            i += 1
        }
        guard i < b.count, let p = b.baseAddress else { return false }
        // Eight bytes at a time: any byte <= 0x20 or >= 0x7F fails.
        var k = 0
        while k + 8 <= b.count {
            let x = UnsafeRawPointer(p + k).loadUnaligned(as: UInt64.self)
            if SWAR.nonASCII(x) | SWAR.below(x, 0x21) | SWAR.equal(x, 0x7F) != 0 { return false }
            k += 8
        }
        while k < b.count {
            if b[k] <= 0x20 || b[k] >= 0x7F { return false }
            k += 1
        }
        return true
    }

    /// Percent-encodes bytes that cannot appear in a URI.
    static func encode(_ s: [UInt8]) -> [UInt8] {
        guard s.contains(where: { $0 <= 0x20 || $0 >= 0x7F }) else { return s }
        let hex = Array("0123456789ABCDEF".utf8)
        var out = [UInt8]()
        out.reserveCapacity(s.count * 2)
        for c in s {
            if c <= 0x20 || c >= 0x7F {
                out.append(UInt8(ascii: "%")); out.append(hex[Int(c >> 4)]); out.append(hex[Int(c & 15)])
            } else {
                out.append(c)
            }
        }
        return out
    }

    static func trim(_ s: inout [UInt8]) {
        let kept = s.withUnsafeBufferPointer { HTMLText.spaceTrimmed($0) }
        s.removeSubrange(kept.upperBound...)
        s.removeSubrange(..<kept.lowerBound)
    }
}
