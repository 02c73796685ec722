#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns the text of a title-like element into plain text.
///
/// libxml2 has already decoded the XML entities, so what is left is either plain text or HTML. Feeds
/// routinely escape twice (`&amp;#8220;` in the XML is the HTML `&#8220;`, a curly quote), so HTML is
/// decoded once more here: tags are removed, character references decoded, white space collapsed.
enum HTMLText {
    /// - Parameter html: whether the text may be HTML (RSS titles, Atom `type="html"`/`xhtml`). When it
    ///   is, and it contains `<` or `&`, tags are stripped and references decoded; text is only collapsed.
    static func plain(_ bytes: [UInt8], html: Bool) -> String {
        if html, bytes.withUnsafeBufferPointer({ b in
            // Two memchr scans: a byte-by-byte `contains(where:)` costs about three instructions a byte.
            guard let p = b.baseAddress else { return false }
            return memchr(p, Int32(UInt8(ascii: "<")), b.count) != nil || memchr(p, Int32(UInt8(ascii: "&")), b.count) != nil
        }) {
            return collapse(decodeEntities(stripTags(bytes)))
        }
        return collapse(bytes)
    }

    /// Removes `<tag …>`, `</tag>`, `<!-- … -->`, `<!…>` and `<?…?>`; a `<` that does not open a tag
    /// (as in `a < b`) stays.
    static func stripTags(_ s: [UInt8]) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(s.count)
        var i = 0
        let n = s.count
        while i < n {
            let c = s[i]
            if c == UInt8(ascii: "<"), i + 1 < n {
                let d = s[i + 1]
                let isLetter = (d | 0x20) >= UInt8(ascii: "a") && (d | 0x20) <= UInt8(ascii: "z")
                if d == UInt8(ascii: "!"), i + 3 < n, s[i + 2] == UInt8(ascii: "-"), s[i + 3] == UInt8(ascii: "-") {
                    // A comment ends at the next `-->`, or swallows the rest.
                    var j = i + 4
                    while j + 2 < n, !(s[j] == UInt8(ascii: "-") && s[j + 1] == UInt8(ascii: "-") && s[j + 2] == UInt8(ascii: ">")) { j += 1 }
                    i = j + 2 < n ? j + 3 : n
                    continue
                }
                if isLetter || d == UInt8(ascii: "/") || d == UInt8(ascii: "!") || d == UInt8(ascii: "?") {
                    var j = i + 1
                    var quote: UInt8 = 0
                    // A quote opens an attribute value only right after `=` (blanks allowed between), as in
                    // HTML's tokenizer: the stray `"` of `<a href=http://x/">` does not swallow the rest.
                    var afterEquals = false
                    while j < n {
                        let e = s[j]
                        if quote != 0 {
                            if e == quote { quote = 0 }
                        } else if (e == UInt8(ascii: "\"") || e == UInt8(ascii: "'")) && afterEquals {
                            quote = e
                        } else if e == UInt8(ascii: ">") {
                            break
                        } else if !isSpace(e) {
                            afterEquals = e == UInt8(ascii: "=")
                        }
                        j += 1
                    }
                    // A line break or a block boundary separates words: `One<br>Two` is "One Two".
                    if Self.breaksWords(s, from: d == UInt8(ascii: "/") ? i + 2 : i + 1, to: min(j, n)) { out.append(0x20) }
                    i = j + 1
                    continue
                }
            }
            out.append(c)
            i += 1
        }
        return out
    }

    /// Whether the tag name starting at `s[from]` is `br`, `p`, `div`, `li` or `hr`.
    static func breaksWords(_ s: [UInt8], from: Int, to: Int) -> Bool {
        var k = from
        while k < to, isAlnum(s[k]) { k += 1 }
        guard k > from, k - from <= 3 else { return false }
        var name: UInt32 = 0
        for c in s[from..<k] { name = name << 8 | UInt32(c | 0x20) }
        switch name {
        case 0x6272, 0x70, 0x646976, 0x6C69, 0x6872: return true   // br, p, div, li, hr
        default: return false
        }
    }

    /// Decodes `&#NNN;`, `&#xHHH;` and the HTML named references; anything else (a lone `&`, an unknown
    /// name, a missing `;`) is kept as written.
    static func decodeEntities(_ s: [UInt8]) -> [UInt8] {
        guard let first = s.firstIndex(of: UInt8(ascii: "&")) else { return s }
        var out = [UInt8]()
        out.reserveCapacity(s.count)
        out.append(contentsOf: s[..<first])
        var i = first
        let n = s.count
        while i < n {
            let c = s[i]
            guard c == UInt8(ascii: "&"), let (scalar, end) = reference(in: s, at: i) else {
                out.append(c)
                i += 1
                continue
            }
            appendUTF8(scalar, to: &out)
            i = end
        }
        return out
    }

    /// The character reference starting at `s[i]` (an `&`) and the index just past its `;`.
    static func reference(in s: [UInt8], at i: Int) -> (Unicode.Scalar, Int)? {
        let n = s.count
        var j = i + 1
        guard j < n else { return nil }
        if s[j] == UInt8(ascii: "#") {
            j += 1
            var hex = false
            if j < n, s[j] | 0x20 == UInt8(ascii: "x") { hex = true; j += 1 }
            var value: UInt32 = 0
            let start = j
            while j < n, j - start < 8 {
                let d = s[j]
                let v: UInt32
                switch d {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): v = UInt32(d - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f") where hex: v = UInt32(d - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F") where hex: v = UInt32(d - UInt8(ascii: "A") + 10)
                default: v = 99
                }
                if v == 99 { break }
                value = value * (hex ? 16 : 10) + v
                j += 1
            }
            guard j > start, j < n, s[j] == UInt8(ascii: ";") else { return nil }
            return (numericScalar(value), j + 1)
        }
        let start = j
        while j < n, j - start <= 10, isAlnum(s[j]) { j += 1 }
        guard j > start, j < n, s[j] == UInt8(ascii: ";"),
              let scalar = HTMLEntities.scalar(named: String(decoding: s[start..<j], as: UTF8.self))
        else { return nil }
        return (scalar, j + 1)
    }

    static func numericScalar(_ value: UInt32) -> Unicode.Scalar {
        if (0x80...0x9F).contains(value) {
            return Unicode.Scalar(HTMLEntities.windows1252C1[Int(value - 0x80)]) ?? "\u{FFFD}"
        }
        if value == 0 { return "\u{FFFD}" }
        return Unicode.Scalar(value) ?? "\u{FFFD}"
    }

    /// Runs of XML white space become one space; leading and trailing white space goes.
    static func collapse(_ s: [UInt8]) -> String {
        // Written straight into the String's storage (no intermediate array) unless a C1 byte needs mapping.
        let direct: String? = s.withUnsafeBufferPointer { src in
            guard let base = src.baseAddress, !src.isEmpty else { return "" }
            if memchr(base, 0xC2, src.count) != nil { return nil }
            return collapse(src)
        }
        if let direct { return direct }
        var out = [UInt8]()
        out.reserveCapacity(s.count)
        var pendingSpace = false
        var c1 = false
        for c in s {
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0C {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(0x20); pendingSpace = false }
                out.append(c)
                if c == 0xC2 { c1 = true }
            }
        }
        if c1 { out = mapC1(out[...]) }
        // Valid: whole characters of valid text, only ASCII white space dropped or added, C1 pairs mapped
        // to scalars.
        return String(validatedUTF8: out)
    }

    /// `collapse` of bytes that hold no C1 byte (no C2): runs of white space become one space, leading and
    /// trailing white space goes.
    static func collapse(_ src: UnsafeBufferPointer<UInt8>) -> String {
        guard let base = src.baseAddress, !src.isEmpty else { return "" }
        // Already collapsed, as most titles are (single spaces, no tab or line break, none around): the
        // String is made from the bytes as they are, without the byte-by-byte copy.
        // Valid, here and below: `src` is (see `ValidatedUTF8.swift`), and only ASCII white space changes.
        if isCollapsed(base, src.count) { return String(validatedUTF8: src) }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: src.count) { dst in
            var n = 0
            var pendingSpace = false
            for c in src {
                if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0C {
                    pendingSpace = n > 0
                } else {
                    if pendingSpace { dst[n] = 0x20; n += 1; pendingSpace = false }
                    dst[n] = c
                    n += 1
                }
            }
            return String(validatedUTF8: UnsafeBufferPointer(rebasing: dst[0..<n]))
        }
    }

    /// Whether `collapse` would give back the bytes unchanged: no leading or trailing space, no two spaces
    /// in a row, no byte below 0x20 (tab, line break, form feed, other controls). Eight bytes at a time; a
    /// space followed by `!` also answers false (the SWAR space flags can carry into the next byte), which
    /// only sends that text the slow way.
    static func isCollapsed(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        guard n > 0 else { return true }
        guard p[0] != 0x20, p[n - 1] != 0x20 else { return false }
        var i = 0
        // Bit 7 set when the byte before the current word is a space.
        var spaceBefore: UInt64 = 0
        while i + 8 <= n {
            let x = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self).littleEndian
            if SWAR.below(x, 0x20) != 0 { return false }
            let spaces = SWAR.equal(x, 0x20)
            if spaces & (spaces << 8 | spaceBefore) != 0 { return false }
            spaceBefore = spaces >> 56
            i += 8
        }
        var lastWasSpace = spaceBefore != 0
        while i < n {
            let c = p[i]
            if c < 0x20 || (c == 0x20 && lastWasSpace) { return false }
            lastWasSpace = c == 0x20
            i += 1
        }
        return true
    }

    /// `trimmed` of bytes in place. Valid UTF-8 out when valid in: the cut is on ASCII white space, and C1
    /// pairs become scalars (`mapC1`); so in `trimmed(_: [UInt8])`.
    static func trimmed(_ b: UnsafeBufferPointer<UInt8>) -> String {
        let part = UnsafeBufferPointer(rebasing: b[spaceTrimmed(b)])
        if let base = part.baseAddress, memchr(base, 0xC2, part.count) != nil {
            return String(validatedUTF8: mapC1(ArraySlice(part)))
        }
        return String(validatedUTF8: part)
    }

    /// Leading and trailing XML white space removed.
    static func trimmed(_ s: [UInt8]) -> String {
        s.withUnsafeBufferPointer { trimmed($0) }
    }

    /// U+0080…U+009F (C1 controls, encoded C2 80…C2 9F) read as the windows-1252 characters they almost
    /// always are in feeds (`don\u{92}t` → `don’t`), as browsers and feedparser do.
    static func mapC1(_ s: ArraySlice<UInt8>) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(s.count + 8)
        var i = s.startIndex
        while i < s.endIndex {
            let c = s[i]
            if c == 0xC2, i + 1 < s.endIndex, (0x80...0x9F).contains(s[i + 1]) {
                let v = HTMLEntities.windows1252C1[Int(s[i + 1] - 0x80)]
                appendUTF8(Unicode.Scalar(v) ?? "\u{FFFD}", to: &out)
                i += 2
                continue
            }
            out.append(c)
            i += 1
        }
        return out
    }

    @inline(__always) static func isSpace(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0C
    }

    /// The indices of `b` without its leading and trailing white space (`isSpace`); empty when it is blank.
    @inline(__always) static func spaceTrimmed(_ b: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var lo = 0, hi = b.count
        while lo < hi, isSpace(b[lo]) { lo += 1 }
        while hi > lo, isSpace(b[hi - 1]) { hi -= 1 }
        return lo..<hi
    }

    @inline(__always) static func isAlnum(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || ((c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "z"))
    }

    @inline(__always) static func appendUTF8(_ scalar: Unicode.Scalar, to out: inout [UInt8]) {
        let v = scalar.value
        switch v {
        case 0..<0x80: out.append(UInt8(v))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | (v >> 6))); out.append(UInt8(0x80 | (v & 0x3F)))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | (v >> 12))); out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (v >> 18))); out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F))); out.append(UInt8(0x80 | (v & 0x3F)))
        }
    }
}

/// Markup (a stored summary or content) as one line of plain text: tags removed, references decoded, white
/// space collapsed. A listing shows it for an item without a title.
public func plainText(ofMarkup markup: String) -> String { HTMLText.plain(Array(markup.utf8), html: true) }
