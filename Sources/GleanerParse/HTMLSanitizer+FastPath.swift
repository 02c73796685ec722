#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CLibXML2
import CTextScan

/// A byte-level fast path for `HTMLSanitizer`: one scan over the UTF-8 that either produces exactly what the
/// libxml2 path would, or gives up (nil) and leaves the fragment to it.
///
/// Accepted: text (valid UTF-8, no controls but tab and line feed, no U+FFFE/U+FFFF); the references
/// `&name;` libxml2 knows (`htmlEntityLookup`) and `&#N;`/`&#xH;` naming an XML character; literal `&`
/// that libxml2 keeps as text; plain comments `<!--…-->` (dropped); start tags of allowlisted elements (any
/// case) other than `iframe`, `wbr`, `source`, `track`, with attributes quoted, unquoted or bare (no
/// duplicates); start tags of elements whose tags the writer drops while keeping their content: the ones
/// libxml2 knows in `fastDroppedTags` (`font`, `fieldset`, `label`, …) and any name up to 16 bytes that
/// libxml2 does not know (`o:p`, `nav`, `custom-el`; attributes ignored, duplicates too); end tags that
/// close the innermost open element, and the ignored end tags of empty elements (`</img>`). Allowlisted
/// attributes are re-escaped, URL attributes checked and resolved with the same functions as the slow path
/// (`keptURL`; a root-relative link that `URLResolver` would take as it is gets the base's
/// `scheme://authority`, found once per base), others dropped. libxml2's implied end tags (`htmlStartClose`,
/// e.g. `<p>` closes an open `p`, `<td>` an open `font`) are applied as it applies them; what is open at the
/// end is closed. Everything else (other `<!`, `<?`, stray `<`, carriage returns, end tags that do not match,
/// elements dropped with their content, other elements libxml2 knows (`html`, `body`, `area`, …), `/>` on a
/// non-void element, deep nesting, big fragments) falls back.
///
/// Cost: text is scanned for the bytes that matter and copied in the same pass, sixteen bytes at a time
/// (`copyText`); those bytes include the controls and the lead byte of U+FFFE/U+FFFF, so input known to be
/// valid UTF-8 (`validUTF8`: the XML parser's text) is not read twice; other input is validated first
/// (`fastCheckBytes`). Output goes into a buffer reused from one fragment to the next (`FastScratch`), and
/// the result String is made from it without validating the UTF-8 again (`FastScratch.string()`): it is
/// valid by construction. (`String(unsafeUninitializedCapacity:initializingUTF8With:)` would save the copy
/// but validates what was written: about 30 times the copy's instructions on Arabic text.)
extension HTMLSanitizer {
    /// A lower-case ASCII name of up to 16 bytes, packed.
    struct Name: Hashable {
        var a: UInt64 = 0
        var b: UInt64 = 0

        init() {}
        init(_ s: String) {
            for (k, c) in s.utf8.enumerated() { add(c, at: k) }
        }

        @inline(__always) mutating func add(_ c: UInt8, at k: Int) {
            let l = UInt64(c >= 0x41 && c <= 0x5A ? c | 0x20 : c)
            if k < 8 { a |= l << (8 * UInt64(k)) } else { b |= l << (8 * UInt64(k - 8)) }
        }
    }

    /// Classes, not structs: taking one out of its table is one retain, not one per field.
    final class FastAttribute: Sendable {
        let name: [UInt8]
        /// `name`, packed (written with one store), and its length.
        let packed: Name
        let length: Int
        let string: String
        let isURL: Bool

        init(name: [UInt8], string: String, isURL: Bool) {
            self.name = name
            packed = Name(string)
            length = name.count
            self.string = string
            self.isURL = isURL
        }
    }

    /// An open-addressing map from `Name` to a small index: a multiply-shift hash, no `Hasher` (which
    /// showed up at ~3% of a parse when the lookups went through `Dictionary`).
    struct NameTable: Sendable {
        private var keys: [Name]
        private var values: [Int32]
        private let shift: UInt64
        private let mask: Int

        init(_ pairs: [(Name, Int)]) {
            var bits: UInt64 = 3
            while (1 << bits) < pairs.count * 4 { bits += 1 }
            let size = 1 << Int(bits)
            keys = Array(repeating: Name(), count: size)
            values = Array(repeating: -1, count: size)
            shift = 64 - bits
            mask = size - 1
            for (k, v) in pairs {
                var h = slot(k)
                while values[h] >= 0 { h = (h + 1) & mask }
                keys[h] = k
                values[h] = Int32(v)
            }
        }

        @inline(__always) private func slot(_ k: Name) -> Int {
            Int(truncatingIfNeeded: ((k.a &* 0x9E37_79B9_7F4A_7C15) ^ (k.b &* 0xC2B2_AE3D_27D4_EB4F)) >> shift)
        }

        @inline(__always) subscript(_ k: Name) -> Int? {
            var h = slot(k)
            while true {
                let v = values[h]
                if v < 0 { return nil }
                if keys[h] == k { return Int(v) }
                h = (h + 1) & mask
            }
        }
    }

    final class FastElement: Sendable {
        let name: [UInt8]
        /// `name`, packed (written with one store), and its length.
        let packed: Name
        let length: Int
        let string: String
        let isVoid: Bool
        /// Written out (allowlisted); false for an element whose tags are dropped and whose content is kept.
        let kept: Bool
        let attributeIndex: NameTable
        let attributeList: [FastAttribute]

        init(name: [UInt8], string: String, isVoid: Bool, kept: Bool, attributeIndex: NameTable,
             attributeList: [FastAttribute]) {
            self.name = name
            packed = Name(string)
            length = name.count
            self.string = string
            self.isVoid = isVoid
            self.kept = kept
            self.attributeIndex = attributeIndex
            self.attributeList = attributeList
        }
    }

    final class FastTables: Sendable {
        let index: NameTable
        let elements: [FastElement]
        /// `old * 256 + new` for each pair of libxml2's `htmlStartClose` (HTMLparser.c) among the elements.
        let closes: [Bool]
        /// The entry of `elements` standing for any element libxml2 does not know (`unknownElement`).
        let unknown: Int
        /// Names `unknownElement` refuses although libxml2 does not know them.
        let refused: NameTable

        init(index: NameTable, elements: [FastElement], closes: [Bool], unknown: Int, refused: NameTable) {
            self.index = index
            self.elements = elements
            self.closes = closes
            self.unknown = unknown
            self.refused = refused
        }
    }

    /// An element open in the fast path: its entry in `FastTables.elements` and its name.
    struct FastOpen {
        var element: Int
        var name: Name
    }

    /// The elements open in the fast path, at most `fastMaxDepth`: a fixed buffer (pushing and popping an
    /// Array were calls with a uniqueness check each, about 75 instructions per element).
    struct FastStack {
        private let base: UnsafeMutablePointer<FastOpen>
        private(set) var count = 0

        init() { base = .allocate(capacity: fastMaxDepth) }

        func free() { base.deallocate() }

        var last: FastOpen? { count > 0 ? base[count - 1] : nil }

        /// Needs `count < fastMaxDepth` (callers check).
        @inline(__always) mutating func append(_ e: FastOpen) {
            precondition(count < fastMaxDepth)
            base[count] = e
            count += 1
        }

        /// Needs `count > 0`.
        @discardableResult @inline(__always) mutating func removeLast() -> FastOpen {
            precondition(count > 0)
            count -= 1
            return base[count]
        }

        @inline(__always) mutating func popLast() -> FastOpen? { count > 0 ? removeLast() : nil }

        mutating func removeAll() { count = 0 }
    }

    /// The attribute names of the tag being read (start and end in the input), at most `fastMaxAttributes`:
    /// a fixed buffer, emptied per tag (appending to an Array was a call per attribute).
    struct FastSeen {
        private let base: UnsafeMutablePointer<(Int, Int)>
        private(set) var count = 0

        init() { base = .allocate(capacity: fastMaxAttributes) }

        func free() { base.deallocate() }

        @inline(__always) subscript(_ k: Int) -> (Int, Int) { base[k] }

        /// Needs `count < fastMaxAttributes` (callers check).
        @inline(__always) mutating func append(_ e: (Int, Int)) {
            precondition(count < fastMaxAttributes)
            base[count] = e
            count += 1
        }

        @inline(__always) mutating func removeAll() { count = 0 }
    }

    /// Elements libxml2 2.9.14 treats as empty (no content, no end tag) among the allowlisted ones.
    static let libxmlEmpty: Set<String> = ["br", "hr", "img", "col"]

    /// Elements libxml2 2.9.14 knows (`htmlTagLookup`), not empty, that the writer neither keeps nor drops
    /// with their content: their tags go, their content stays. Their pairs in `htmlStartClose` are in
    /// `startClose`. Any other element libxml2 knows (`html`, `body`, `area`, `param`, …) falls back.
    static let fastDroppedTags: [String] = ["dir", "fieldset", "font", "label", "legend", "map", "menu"]

    /// Elements libxml2 does not know but names in `htmlStartClose` (`xmp`, `listing`), or reads unlike
    /// other tags in some version (`plaintext`): not taken for unknown ones.
    static let fastNotUnknown: [String] = ["listing", "plaintext", "xmp"]

    /// The pairs (open element, new start tag) of libxml2's `htmlStartClose` whose both names are
    /// allowlisted: the new start tag ends the open element first.
    static let startClose: [(String, String)] = [
        ("a", "a"), ("a", "fieldset"), ("a", "table"), ("a", "td"), ("a", "th"),
        ("address", "dd"), ("address", "dl"), ("address", "dt"), ("address", "li"), ("address", "ul"),
        ("b", "center"), ("b", "p"), ("b", "td"), ("b", "th"), ("big", "p"),
        ("caption", "col"), ("caption", "colgroup"), ("caption", "tbody"), ("caption", "tfoot"),
        ("caption", "thead"), ("caption", "tr"),
        ("col", "col"), ("col", "colgroup"), ("col", "tbody"), ("col", "tfoot"), ("col", "thead"), ("col", "tr"),
        ("colgroup", "colgroup"), ("colgroup", "tbody"), ("colgroup", "tfoot"), ("colgroup", "thead"),
        ("colgroup", "tr"),
        ("dd", "dt"), ("dir", "dd"), ("dir", "dl"), ("dir", "dt"), ("dir", "ul"),
        ("dl", "li"), ("dt", "dd"), ("dt", "dl"), ("font", "center"), ("font", "td"), ("font", "th"),
        ("h1", "fieldset"), ("h1", "li"), ("h1", "p"), ("h1", "table"),
        ("h2", "fieldset"), ("h2", "li"), ("h2", "p"), ("h2", "table"),
        ("h3", "fieldset"), ("h3", "li"), ("h3", "p"), ("h3", "table"),
        ("h4", "fieldset"), ("h4", "li"), ("h4", "p"), ("h4", "table"),
        ("h5", "fieldset"), ("h5", "li"), ("h5", "p"), ("h5", "table"),
        ("h6", "fieldset"), ("h6", "li"), ("h6", "p"), ("h6", "table"),
        ("i", "center"), ("i", "p"), ("i", "td"), ("i", "th"), ("legend", "fieldset"), ("li", "li"),
        ("menu", "dd"), ("menu", "dl"), ("menu", "dt"), ("menu", "ul"),
        ("p", "address"), ("p", "blockquote"), ("p", "caption"), ("p", "center"), ("p", "col"),
        ("p", "colgroup"), ("p", "dd"), ("p", "dir"), ("p", "div"), ("p", "dl"), ("p", "dt"), ("p", "fieldset"),
        ("p", "h1"), ("p", "h2"), ("p", "h3"), ("p", "h4"), ("p", "h5"), ("p", "h6"), ("p", "hr"),
        ("p", "li"), ("p", "menu"), ("p", "ol"), ("p", "p"), ("p", "pre"), ("p", "table"), ("p", "tbody"),
        ("p", "td"), ("p", "tfoot"), ("p", "th"), ("p", "tr"), ("p", "ul"),
        ("pre", "dd"), ("pre", "dl"), ("pre", "dt"), ("pre", "fieldset"), ("pre", "li"), ("pre", "table"),
        ("pre", "ul"),
        ("s", "p"), ("small", "p"), ("span", "td"), ("span", "th"), ("strike", "p"),
        ("tbody", "tbody"), ("tbody", "tfoot"), ("td", "tbody"), ("td", "td"), ("td", "tfoot"), ("td", "th"),
        ("td", "tr"), ("tfoot", "tbody"), ("th", "tbody"), ("th", "td"), ("th", "tfoot"), ("th", "th"),
        ("th", "tr"), ("thead", "tbody"), ("thead", "tfoot"), ("tr", "tbody"), ("tr", "tfoot"), ("tr", "tr"),
        ("tt", "p"), ("u", "p"), ("u", "td"), ("u", "th"), ("ul", "menu"), ("ul", "pre"),
    ]

    static let fast: FastTables = {
        var index: [Name: Int] = [:]
        var list: [FastElement] = []
        let excluded: Set<String> = ["iframe", "wbr", "source", "track"]
        for e in elements.sorted() where !excluded.contains(e) {
            var attrIndex: [(Name, Int)] = []
            var attrList: [FastAttribute] = []
            for a in global.union(attributes[e] ?? []).sorted() {
                attrIndex.append((Name(a), attrList.count))
                attrList.append(FastAttribute(name: Array(a.utf8), string: a, isURL: urlAttributes.contains(a)))
            }
            index[Name(e)] = list.count
            list.append(FastElement(name: Array(e.utf8), string: e, isVoid: libxmlEmpty.contains(e), kept: true,
                                    attributeIndex: NameTable(attrIndex), attributeList: attrList))
        }
        for e in fastDroppedTags {
            index[Name(e)] = list.count
            list.append(FastElement(name: Array(e.utf8), string: e, isVoid: false, kept: false,
                                    attributeIndex: NameTable([]), attributeList: []))
        }
        let unknown = list.count
        list.append(FastElement(name: [], string: "", isVoid: false, kept: false, attributeIndex: NameTable([]),
                                attributeList: []))
        precondition(list.count <= 256)
        var closes = [Bool](repeating: false, count: 256 * 256)
        for (old, new) in startClose {
            if let o = index[Name(old)], let n = index[Name(new)] { closes[o * 256 + n] = true }
        }
        let refused = elements.union(dropWithContent).union(fastNotUnknown).sorted()
        return FastTables(index: NameTable(index.map { ($0.key, $0.value) }), elements: list, closes: closes,
                          unknown: unknown, refused: NameTable(refused.enumerated().map { (Name($1), $0) }))
    }()

    /// Whether the element named `key` is one libxml2 does not know (`htmlTagLookup`), so has no implied
    /// end tags, is not empty and reads its content as any other, and the writer drops its tags and keeps
    /// its content (neither allowlisted nor dropped with its content).
    static func unknownElement(_ key: Name, _ t: FastTables) -> Bool {
        guard t.refused[key] == nil else { return false }
        // The packed name is its lower-case bytes in order (little-endian), NUL-terminated by the third word.
        var bytes: (UInt64, UInt64, UInt64) = (key.a.littleEndian, key.b.littleEndian, 0)
        return withUnsafeBytes(of: &bytes) { htmlTagLookup($0.baseAddress!.assumingMemoryBound(to: UInt8.self)) == nil }
    }

    static let fastMaxInput = 256 << 10
    static let fastMaxDepth = 100
    static let fastMaxAttributes = 64

    /// Whether the bytes are valid UTF-8 with no control but tab and line feed and no U+FFFE/U+FFFF (what
    /// libxml2's HTML parser would report or rewrite).
    static func fastCheckBytes(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        var i = 0
        while i < n {
            if i + 8 <= n {
                let x = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
                // No byte >= 0x80 and none < 0x20.
                if SWAR.nonASCII(x) | SWAR.below(x, 0x20) == 0 { i += 8; continue }
            }
            let c = p[i]
            if c < 0x80 {
                if c < 0x20, c != 0x09, c != 0x0A { return false }
                i += 1
                continue
            }
            if c < 0xC2 { return false }
            if c < 0xE0 {
                guard i + 1 < n, p[i + 1] & 0xC0 == 0x80 else { return false }
                i += 2
            } else if c < 0xF0 {
                guard i + 2 < n, p[i + 1] & 0xC0 == 0x80, p[i + 2] & 0xC0 == 0x80 else { return false }
                if c == 0xE0, p[i + 1] < 0xA0 { return false }
                if c == 0xED, p[i + 1] >= 0xA0 { return false }
                if c == 0xEF, p[i + 1] == 0xBF, p[i + 2] >= 0xBE { return false }
                i += 3
            } else if c < 0xF5 {
                guard i + 3 < n, p[i + 1] & 0xC0 == 0x80, p[i + 2] & 0xC0 == 0x80, p[i + 3] & 0xC0 == 0x80
                else { return false }
                if c == 0xF0, p[i + 1] < 0x90 { return false }
                if c == 0xF4, p[i + 1] >= 0x90 { return false }
                i += 4
            } else {
                return false
            }
        }
        return true
    }

    /// `fastCheckBytes` for bytes already known to be valid UTF-8 (text the XML parser produced from the
    /// transcoded document): only the controls and U+FFFE/U+FFFF (EF BF BE, EF BF BF) are looked for,
    /// eight bytes at a time, without decoding the sequences again.
    static func fastCheckValidUTF8(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        var i = 0
        while i < n {
            if i + 8 <= n {
                let x = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
                // Any byte < 0x20, or any byte == 0xEF: looked at one by one.
                if SWAR.below(x, 0x20) | SWAR.equal(x, 0xEF) == 0 { i += 8; continue }
                let end = i + 8
                while i < end {
                    let c = p[i]
                    if c < 0x20, c != 0x09, c != 0x0A { return false }
                    if c == 0xEF, i + 2 < n, p[i + 1] == 0xBF, p[i + 2] >= 0xBE { return false }
                    i += 1
                }
                continue
            }
            let c = p[i]
            if c < 0x20, c != 0x09, c != 0x0A { return false }
            if c == 0xEF, i + 2 < n, p[i + 1] == 0xBF, p[i + 2] >= 0xBE { return false }
            i += 1
        }
        return true
    }

    @inline(__always) static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }
    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    /// libxml2's htmlParseHTMLName characters.
    @inline(__always) static func isNameChar(_ c: UInt8) -> Bool {
        isLetter(c) || isDigit(c) || c == 0x3A || c == 0x2D || c == 0x5F || c == 0x2E
    }

    /// The character of the reference at `p[i] == "&"` and the index after it, as libxml2's HTML parser
    /// reads it; nil for anything it would not turn into one character.
    static func fastReference(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int) -> (UInt32, Int)? {
        var j = i + 1
        guard j < n else { return nil }
        if p[j] == UInt8(ascii: "#") {
            j += 1
            var v: UInt32 = 0
            var digits = 0
            if j < n, p[j] | 0x20 == UInt8(ascii: "x") {
                j += 1
                while j < n, digits < 8 {
                    let c = p[j]
                    if isDigit(c) { v = v * 16 + UInt32(c - 0x30) }
                    else if (c | 0x20) >= 0x61, (c | 0x20) <= 0x66 { v = v * 16 + UInt32((c | 0x20) - 0x61 + 10) }
                    else { break }
                    digits += 1; j += 1
                }
            } else {
                while j < n, digits < 8, isDigit(p[j]) { v = v * 10 + UInt32(p[j] - 0x30); digits += 1; j += 1 }
            }
            guard digits > 0, digits < 8, j < n, p[j] == UInt8(ascii: ";") else { return nil }
            // IS_CHAR, less the controls.
            guard v == 0x09 || v == 0x0A || (v >= 0x20 && v <= 0xD7FF) || (v >= 0xE000 && v <= 0xFFFD)
                || (v >= 0x10000 && v <= 0x10FFFF) else { return nil }
            return (v, j + 1)
        }
        guard isLetter(p[j]) else { return nil }
        let start = j
        while j < n, j - start < 32, isLetter(p[j]) || isDigit(p[j]) { j += 1 }
        guard j < n, p[j] == UInt8(ascii: ";") else { return nil }
        let len = j - start
        // The usual four without a lookup.
        if len == 3, p[start] == 0x61, p[start + 1] == 0x6D, p[start + 2] == 0x70 { return (0x26, j + 1) }
        if len == 2, p[start + 1] == 0x74 {
            if p[start] == 0x6C { return (0x3C, j + 1) }
            if p[start] == 0x67 { return (0x3E, j + 1) }
        }
        var buf = [UInt8](repeating: 0, count: 40)
        for k in 0..<len { buf[k] = p[start + k] }
        guard let ent = htmlEntityLookup(buf), ent.pointee.value > 0, ent.pointee.value <= 0x10FFFF else { return nil }
        return (ent.pointee.value, j + 1)
    }

    static let br: [UInt8] = Array("br".utf8)

    /// Whether the `&` at `p[i]`, which `fastReference` did not read, is kept as a literal `&` by libxml2:
    /// anything but `&#`. A name that is not followed by `;` or names no entity is copied as text after
    /// the `&` (HTMLparser.c, htmlParseReference and htmlParseHTMLAttribute), just as this path copies it;
    /// libxml2 reads numeric references without their `;`, which this path leaves to it.
    @inline(__always) static func isLiteralAmpersand(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int) -> Bool {
        i + 1 >= n || p[i + 1] != UInt8(ascii: "#")
    }

    /// For `<!` at `p[i - 1]`, `p[i]`: the index after a plain comment `<!--…-->`, nil for anything else.
    ///
    /// Plain: the body does not start with `>` or `->` and holds no `--`, so every libxml2 version ends it at
    /// the same `-->` (newer ones also end comments at `--!>` and `<!-->`, older ones do not).
    static func commentEnd(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int) -> Int? {
        guard i + 2 < n, p[i] == UInt8(ascii: "-"), p[i + 1] == UInt8(ascii: "-") else { return nil }
        let body = i + 2
        guard p[body] != UInt8(ascii: ">"), !(p[body] == UInt8(ascii: "-") && body + 1 < n && p[body + 1] == UInt8(ascii: ">"))
        else { return nil }
        var j = body
        while j + 1 < n {
            if p[j] == UInt8(ascii: "-"), p[j + 1] == UInt8(ascii: "-") {
                guard j + 2 < n, p[j + 2] == UInt8(ascii: ">") else { return nil }
                return j + 3
            }
            j += 1
        }
        return nil
    }

    /// A code point already known to be a valid scalar (callers check), as UTF-8: HTMLText's encoder.
    @inline(__always) static func appendUTF8(_ v: UInt32, into out: inout [UInt8]) {
        HTMLText.appendUTF8(Unicode.Scalar(v) ?? "\u{FFFD}", to: &out)
    }


    /// The decoded value of an attribute (bytes `p[from..<to]`), nil when a reference is not one libxml2
    /// decodes to a character.
    static func fastDecodeValue(_ p: UnsafePointer<UInt8>, _ from: Int, _ to: Int, into v: inout [UInt8]) -> Bool {
        // Most values hold no reference: copied whole.
        if to > from, memchr(p + from, Int32(UInt8(ascii: "&")), to - from) == nil {
            v.append(contentsOf: UnsafeBufferPointer(start: p + from, count: to - from))
            return true
        }
        var i = from
        while i < to {
            let c = p[i]
            if c == UInt8(ascii: "&") {
                if let (cp, next) = fastReference(p, i, to) {
                    appendUTF8(cp, into: &v)
                    i = next
                } else {
                    guard isLiteralAmpersand(p, i, to) else { return false }
                    v.append(c)
                    i += 1
                }
            } else {
                v.append(c)
                i += 1
            }
        }
        return true
    }

    /// The sanitized fragment, or nil when the fast path cannot prove it produces what libxml2 would.
    ///
    /// - Parameter validUTF8: the bytes are known to be valid UTF-8 (only controls and noncharacters are
    ///   then checked for, on the way).
    static func fastSanitize(_ p: UnsafePointer<UInt8>, _ n: Int, base: String?, validUTF8: Bool = false) -> [UInt8]? {
        let scratch = FastScratch()
        guard fastSanitize(p, n, base: base, validUTF8: validUTF8, scratch: scratch) else { return nil }
        return Array(scratch.bytes)
    }

    /// The output of the fast path: bytes written through a pointer, after `reserve(k)` made room for `k`
    /// of them (no uniqueness check or bounds check per byte, as `Array.append` has).
    struct FastOut {
        private(set) var base: UnsafeMutablePointer<UInt8>
        private(set) var capacity: Int
        var count = 0

        init(capacity: Int) {
            base = .allocate(capacity: capacity)
            self.capacity = capacity
        }

        func free() { base.deallocate() }

        @inline(__always) mutating func reserve(_ k: Int) {
            if _slowPath(capacity - count < k) { grow(count + k) }
        }

        @inline(never) mutating func grow(_ need: Int) {
            let c = Swift.max(need, capacity * 2)
            let b = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
            b.update(from: base, count: count)
            base.deallocate()
            base = b
            capacity = c
        }

        @inline(__always) mutating func put(_ c: UInt8) {
            base[count] = c
            count += 1
        }

        @inline(__always) mutating func put(_ p: UnsafePointer<UInt8>, _ k: Int) {
            (base + count).update(from: p, count: k)
            count += k
        }

        /// The first `k` bytes of `w` (at most 8, little-endian order); needs 8 reserved.
        @inline(__always) mutating func put(word w: UInt64, _ k: Int) {
            UnsafeMutableRawPointer(base + count).storeBytes(of: w.littleEndian, as: UInt64.self)
            count += k
        }

        /// A packed name of `k` bytes; needs 16 reserved.
        @inline(__always) mutating func put(name: Name, _ k: Int) {
            UnsafeMutableRawPointer(base + count).storeBytes(of: name.a.littleEndian, as: UInt64.self)
            UnsafeMutableRawPointer(base + count + 8).storeBytes(of: name.b.littleEndian, as: UInt64.self)
            count += k
        }

        /// `</name>`.
        @inline(__always) mutating func putEnd(_ e: FastElement) {
            reserve(19)
            put(word: 0x2F3C, 2)
            put(name: e.packed, e.length)
            put(UInt8(ascii: ">"))
        }

        /// An attribute value escaped as the writer escapes it (`MarkupEscaping.escape`): `&`, `<`, `>` and `"`.
        ///
        /// A value of eight bytes or more is first copied eight at a time (the last word overlapping the one
        /// before), each word checked for the four as it is stored: most values hold none and are done then.
        @inline(__always) mutating func putAttributeValue(_ s: UnsafePointer<UInt8>, _ k: Int) {
            reserve(k * 6 + 8)
            if k >= 8 {
                let ones = SWAR.ones
                let o = UnsafeMutableRawPointer(base + count)
                var j = 0
                while true {
                    let at = Swift.min(j, k &- 8)
                    let x = UnsafeRawPointer(s + at).loadUnaligned(as: UInt64.self)
                    o.storeBytes(of: x, toByteOffset: at, as: UInt64.self)
                    // A zero byte of `a` per `<` or `>` (which differ in bit 1), of `b` per `"` or `&` (bit 2);
                    // only "any" matters here.
                    let a = (x | ones &* 0x02) ^ (ones &* 0x3E), b = (x | ones &* 0x04) ^ (ones &* 0x26)
                    if SWAR.zero(a) | SWAR.zero(b) != 0 { break }
                    if at == k &- 8 {
                        count += k
                        return
                    }
                    j &+= 8
                }
            }
            var run = 0
            var j = nextEscape(s, 0, k)
            while j < k {
                if j > run { put(s + run, j - run) }
                switch s[j] {
                case 0x26: put(word: ampWord, 5)
                case 0x3C: put(word: ltWord, 4)
                case 0x3E: put(word: gtWord, 4)
                default: put(word: quotWord, 6)
                }
                run = j + 1
                j = nextEscape(s, run, k)
            }
            if k > run { put(s + run, k - run) }
        }

        /// A character as UTF-8, escaped as the writer escapes text; needs 8 reserved.
        @inline(__always) mutating func putEscaped(_ v: UInt32) {
            switch v {
            case 0x26: put(word: ampWord, 5)
            case 0x3C: put(word: ltWord, 4)
            case 0x3E: put(word: gtWord, 4)
            case 0..<0x80: put(UInt8(v))
            case 0x80..<0x800:
                put(UInt8(0xC0 | v >> 6)); put(UInt8(0x80 | v & 0x3F))
            case 0x800..<0x10000:
                put(UInt8(0xE0 | v >> 12)); put(UInt8(0x80 | (v >> 6) & 0x3F)); put(UInt8(0x80 | v & 0x3F))
            default:
                put(UInt8(0xF0 | v >> 18)); put(UInt8(0x80 | (v >> 12) & 0x3F))
                put(UInt8(0x80 | (v >> 6) & 0x3F)); put(UInt8(0x80 | v & 0x3F))
            }
        }

        var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }
    }

    /// The index of the first `&`, `<`, `>` or `"` at or after `from` in `s[0..<k]`, or `k`.
    @inline(__always) static func nextEscape(_ s: UnsafePointer<UInt8>, _ from: Int, _ k: Int) -> Int {
        var j = from
        let amp = SIMD16<UInt8>(repeating: 0x26), lt = SIMD16<UInt8>(repeating: 0x3C)
        let gt = SIMD16<UInt8>(repeating: 0x3E), quot = SIMD16<UInt8>(repeating: 0x22)
        while j + 16 <= k {
            let v = UnsafeRawPointer(s + j).loadUnaligned(as: SIMD16<UInt8>.self)
            let m = (v .== amp) .| (v .== lt) .| (v .== gt) .| (v .== quot)
            if any(m) {
                let w = unsafeBitCast(m, to: (UInt64, UInt64).self)
                let lo = w.0.littleEndian
                return j + (lo != 0 ? lo.trailingZeroBitCount >> 3 : 8 + w.1.littleEndian.trailingZeroBitCount >> 3)
            }
            j += 16
        }
        while j < k {
            let c = s[j]
            if c <= 0x3E, c == 0x26 || c == 0x3C || c == 0x3E || c == 0x22 { return j }
            j += 1
        }
        return k
    }

    /// `&amp;`, `&lt;`, `&gt;`, `&quot;` as little-endian words.
    static let ampWord: UInt64 = 0x3B_706D_6126
    static let ltWord: UInt64 = 0x3B74_6C26
    static let gtWord: UInt64 = 0x3B74_6726
    static let quotWord: UInt64 = 0x3B74_6F75_7126

    /// Buffers the fast path reuses from one fragment to the next (one per `FeedBuilder`), so that a
    /// fragment costs no allocation but its result String.
    final class FastScratch {
        /// The sanitized fragment, after `fastSanitize(…, scratch:)` returned true.
        var out = FastOut(capacity: 4096)
        var stack = FastStack()
        var value: [UInt8] = []
        var seen = FastSeen()
        /// `rootPrefix(base:)`'s last answer and the base it was for.
        var rootBase: String?
        var rootPrefixEscaped: [UInt8]?

        deinit {
            out.free()
            stack.free()
            seen.free()
        }

        /// What `URLResolver.resolve` puts before a root-relative reference (`/tag/x`) with nothing to encode
        /// and no dot segment, against `base`: the base's `scheme://authority` (or nothing without a usable
        /// base), found by resolving `/`. nil when the result would not be plainly allowed (a scheme other
        /// than http or https). Escaped as an attribute value, as `putAttributeValue` writes it.
        func rootPrefix(base: String?, cache: inout URLResolver.ParsedBase?) -> [UInt8]? {
            // nil and "" resolve alike (no base).
            if let rootBase, rootBase == base ?? "" { return rootPrefixEscaped }
            var r = Array(URLResolver.resolve("/", against: base, cache: &cache).utf8)
            let scheme = r.prefix(8).map { $0 | 0x20 }
            if r.last == UInt8(ascii: "/"), r.count == 1 || scheme.starts(with: Array("http://".utf8))
                || scheme.starts(with: Array("https://".utf8)) {
                r.removeLast()
                var escaped = FastOut(capacity: 8)
                r.withUnsafeBufferPointer { if let b = $0.baseAddress { escaped.putAttributeValue(b, $0.count) } }
                rootPrefixEscaped = Array(escaped.bytes)
                escaped.free()
            } else {
                rootPrefixEscaped = nil
            }
            rootBase = base ?? ""
            return rootPrefixEscaped
        }

        /// The sanitized fragment, after `fastSanitize(…, scratch:)` returned true.
        var bytes: UnsafeBufferPointer<UInt8> { out.bytes }

        /// The sanitized fragment as a String, after `fastSanitize(…, scratch:)` returned true; its UTF-8 is
        /// not validated again. It is valid: the input was (checked, or known to be: see `validUTF8`), text
        /// and attribute values are copied whole between ASCII delimiters, and what the path writes itself
        /// is ASCII or encoded from valid scalars (`fastReference`, resolved URLs).
        func string() -> String { String(validatedUTF8: out.bytes) }
    }

    /// `fastSanitize` writing into `scratch.out`; false when the fast path cannot prove the result.
    static func fastSanitize(_ p: UnsafePointer<UInt8>, _ n: Int, base: String?, validUTF8: Bool,
                             scratch: FastScratch) -> Bool {
        scratch.out.count = 0
        scratch.stack.removeAll()
        // Passed inout: one access to each property for the whole fragment.
        return fastSanitize(p, n, base: base, validUTF8: validUTF8, scratch: scratch, out: &scratch.out,
                            stack: &scratch.stack, value: &scratch.value, seen: &scratch.seen)
    }

    /// Copies the text at `p[from...]` into `out` up to the next `<`, `&`, `>` or `n`, and returns that index;
    /// -1 when the text holds a control other than tab and line feed, or U+FFFE/U+FFFF (EF BF BE, EF BF BF),
    /// which this path leaves to libxml2.
    ///
    /// The runs between bytes that matter (`<`, `&`, `>`, below 0x20, or 0xEF, the lead byte of U+FFFE and
    /// U+FFFF) are copied by `gleaner_text_run` (CTextScan: 32 bytes a block with AVX2, each stored as it is
    /// scanned); tab, line feed and other 0xEF sequences are stepped over here and the copy goes on. A store
    /// never reaches further than the input's own length from where the text starts, so `n - from` bytes of
    /// room suffice.
    @inline(__always) static func copyText(_ p: UnsafePointer<UInt8>, _ from: Int, _ n: Int, _ out: inout FastOut) -> Int {
        out.reserve(n &- from)
        var i = from
        var o = out.base + out.count
        while true {
            let j = gleaner_text_run(p, i, n, o)
            o += j &- i
            i = j
            if i == n { break }
            // p[i] matters.
            let c = p[i]
            if c == 0x0A || c == 0x09 || c == 0xEF {
                if c == 0xEF, i &+ 2 < n, p[i &+ 1] == 0xBF, p[i &+ 2] >= 0xBE { return -1 }
                o.pointee = c
                i &+= 1
                o += 1
                continue
            }
            if c < 0x20 { return -1 }
            break
        }
        out.count = o - out.base
        return i
    }

    /// A root-relative reference `URLResolver.resolve` takes as it is (its root-relative fast path): `/`,
    /// not `//`, and no byte <= 0x20, >= 0x7F or `.`.
    @inline(__always) static func isPlainRootRelative(_ s: UnsafePointer<UInt8>, _ k: Int) -> Bool {
        guard k > 0, s[0] == UInt8(ascii: "/"), k == 1 || s[1] != UInt8(ascii: "/") else { return false }
        for j in 1..<k {
            let c = s[j]
            if c <= 0x20 || c >= 0x7F || c == UInt8(ascii: ".") { return false }
        }
        return true
    }

    /// An absolute `http:` or `https:` URL (scheme in any case) of printable ASCII: `keptURL` keeps it as it is
    /// written (the scheme is allowed on every URL attribute, and `URLResolver.resolve` returns a plain
    /// absolute URL unchanged), so it needs no String and no resolving.
    @inline(__always) static func isPlainHTTP(_ s: UnsafePointer<UInt8>, _ k: Int) -> Bool {
        guard k >= 6, s[0] | 0x20 == UInt8(ascii: "h"), s[1] | 0x20 == UInt8(ascii: "t"),
              s[2] | 0x20 == UInt8(ascii: "t"), s[3] | 0x20 == UInt8(ascii: "p") else { return false }
        guard s[4] == UInt8(ascii: ":") || (s[4] | 0x20 == UInt8(ascii: "s") && s[5] == UInt8(ascii: ":")) else { return false }
        return URLResolver.isPlainAbsolute(UnsafeBufferPointer(start: s, count: k))
    }

    /// Blanks inside a tag, as this path reads them: not carriage return (which it leaves to libxml2).
    @inline(__always) static func isTagBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x09 }

    private static func fastSanitize(_ p: UnsafePointer<UInt8>, _ n: Int, base: String?, validUTF8: Bool,
                                     scratch: FastScratch, out: inout FastOut, stack: inout FastStack, value: inout [UInt8],
                                     seen: inout FastSeen) -> Bool {
        // Bytes not known to be UTF-8 are checked first; valid UTF-8 is checked for controls and
        // noncharacters on the way (text, comments, attribute values; names are ASCII letters and digits).
        guard n > 0, n <= fastMaxInput, validUTF8 || fastCheckBytes(p, n) else { return false }
        let t = fast
        out.reserve(n + n / 8 + 64)
        var baseCache: URLResolver.ParsedBase?
        // `scratch.rootPrefix(base:)`, asked once per fragment (the base does not change within one).
        var rootPrefix: [UInt8]?
        var rootPrefixKnown = false
        var i = 0
        while i < n {
            // Text up to the next byte that matters: tabs, line feeds and other UTF-8 are copied as they are.
            i = copyText(p, i, n, &out)
            guard i >= 0 else { return false }
            if i == n { break }
            let c = p[i]
            if c == UInt8(ascii: ">") { out.reserve(8); out.put(word: gtWord, 4); i += 1; continue }
            if c == UInt8(ascii: "&") {
                out.reserve(8)
                if let (cp, next) = fastReference(p, i, n) {
                    out.putEscaped(cp)
                    i = next
                } else {
                    // Not a reference: a literal `&` (numeric ones that fail are left to libxml2).
                    guard isLiteralAmpersand(p, i, n) else { return false }
                    out.put(word: ampWord, 5)
                    i += 1
                }
                continue
            }
            // "<"
            i += 1
            guard i < n else { return false }
            if p[i] == UInt8(ascii: "!") {
                // A comment is dropped.
                guard let next = commentEnd(p, i + 1, n), validUTF8 ? fastCheckValidUTF8(p + i, next - i) : true
                else { return false }
                i = next
                continue
            }
            if p[i] == UInt8(ascii: "/") {
                i += 1
                guard i < n, isLetter(p[i]) else { return false }
                var key = Name()
                let s = i
                while i < n, isNameChar(p[i]) { if i - s < 16 { key.add(p[i], at: i - s) }; i += 1 }
                guard i - s <= 16 else { return false }
                let closes = stack.last?.name == key
                // The end tag of an empty element (`</img>`) matches nothing open: libxml2 ignores it.
                if !closes {
                    guard let e = t.index[key], t.elements[e].isVoid, t.elements[e].name != Self.br else { return false }
                }
                while i < n, isTagBlank(p[i]) { i += 1 }
                guard i < n, p[i] == UInt8(ascii: ">") else { return false }
                i += 1
                if !closes { continue }
                let e = stack.removeLast().element
                if t.elements[e].kept { out.putEnd(t.elements[e]) }
                continue
            }
            guard isLetter(p[i]) else { return false }
            var key = Name()
            let s = i
            while i < n, isNameChar(p[i]) { if i - s < 16 { key.add(p[i], at: i - s) }; i += 1 }
            guard i - s <= 16 else { return false }
            let e: Int
            if let known = t.index[key] { e = known } else {
                // Neither allowlisted nor dropped with its content: its tags go, its content stays.
                guard unknownElement(key, t) else { return false }
                e = t.unknown
            }
            // libxml2's implied end tags come before the new element.
            while let top = stack.last?.element, t.closes[top * 256 + e] {
                stack.removeLast()
                if t.elements[top].kept { out.putEnd(t.elements[top]) }
            }
            let el = t.elements[e]
            if el.kept {
                out.reserve(17)
                out.put(UInt8(ascii: "<"))
                out.put(name: el.packed, el.length)
            }
            // This tag's attribute names.
            seen.removeAll()
            var selfClosed = false
            while true {
                while i < n, isTagBlank(p[i]) { i += 1 }
                guard i < n else { return false }
                let a0 = p[i]
                if a0 == UInt8(ascii: ">") { i += 1; break }
                if a0 == UInt8(ascii: "/") {
                    guard i + 1 < n, p[i + 1] == UInt8(ascii: ">") else { return false }
                    i += 2
                    selfClosed = true
                    break
                }
                guard isLetter(a0) || a0 == 0x5F || a0 == 0x3A || a0 == 0x2E else { return false }
                let ns = i
                var akey = Name()
                while i < n, isNameChar(p[i]) { if i - ns < 16 { akey.add(p[i], at: i - ns) }; i += 1 }
                let ne = i
                guard ne - ns <= 100, seen.count < fastMaxAttributes else { return false }
                // Duplicates are dropped by libxml2: not handled here (the attributes of a dropped tag are
                // never written, so they may repeat).
                if el.kept {
                    for q in 0..<seen.count where seen[q].1 - seen[q].0 == ne - ns {
                        let ds = seen[q].0
                        var same = true
                        for k in 0..<(ne - ns) where p[ds + k] | 0x20 != p[ns + k] | 0x20 { same = false; break }
                        if same { return false }
                    }
                    seen.append((ns, ne))
                }
                while i < n, isTagBlank(p[i]) { i += 1 }
                var vs = i, ve = i
                if i < n, p[i] == UInt8(ascii: "=") {
                    i += 1
                    while i < n, isTagBlank(p[i]) { i += 1 }
                    guard i < n else { return false }
                    let q = p[i]
                    if q == UInt8(ascii: "\"") || q == UInt8(ascii: "'") {
                        i += 1
                        vs = i
                        guard let end = memchr(p + i, Int32(q), n - i) else { return false }
                        ve = UnsafePointer<UInt8>(end.assumingMemoryBound(to: UInt8.self)) - p
                        i = ve + 1
                    } else {
                        vs = i
                        while i < n, !isTagBlank(p[i]), p[i] != UInt8(ascii: ">") { i += 1 }
                        ve = i
                        guard ve > vs else { return false }
                    }
                    if validUTF8 { guard fastCheckValidUTF8(p + vs, ve - vs) else { return false } }
                }
                guard ne - ns <= 16, let ak = el.attributeIndex[akey] else { continue }
                let attr = el.attributeList[ak]
                out.reserve(24)
                out.put(0x20)
                out.put(name: attr.packed, attr.length)
                out.put(word: 0x223D, 2)   // ="
                let hasReference = ve > vs && memchr(p + vs, Int32(UInt8(ascii: "&")), ve - vs) != nil
                let plainRoot = attr.isURL && !hasReference && isPlainRootRelative(p + vs, ve - vs)
                if plainRoot, !rootPrefixKnown {
                    rootPrefix = scratch.rootPrefix(base: base, cache: &baseCache)
                    rootPrefixKnown = true
                }
                if plainRoot, let prefix = rootPrefix {
                    // `keptURL` would keep it (a relative reference has no scheme to refuse) and resolve it
                    // to the base's `scheme://authority` and the reference: written as such (the prefix
                    // already escaped).
                    prefix.withUnsafeBufferPointer {
                        if let b = $0.baseAddress { out.reserve($0.count); out.put(b, $0.count) }
                    }
                    out.putAttributeValue(p + vs, ve - vs)
                } else if attr.isURL, !hasReference, isPlainHTTP(p + vs, ve - vs) {
                    out.putAttributeValue(p + vs, ve - vs)
                } else if attr.isURL {
                    // Valid UTF-8: a whole run of the input between ASCII quotes or blanks, references decoded
                    // to valid scalars.
                    let raw: String
                    if hasReference {
                        value.removeAll(keepingCapacity: true)
                        guard fastDecodeValue(p, vs, ve, into: &value) else { return false }
                        raw = String(validatedUTF8: value)
                    } else {
                        raw = String(validatedUTF8: UnsafeBufferPointer(start: p + vs, count: ve - vs))
                    }
                    guard var kept = keptURL(raw, element: el.string, attribute: attr.string, base: base,
                                             cache: &baseCache) else {
                        // Not kept: the attribute is taken back out.
                        out.count -= attr.length + 3
                        continue
                    }
                    kept.withUTF8 { if let b = $0.baseAddress { out.putAttributeValue(b, $0.count) } }
                } else if hasReference {
                    value.removeAll(keepingCapacity: true)
                    guard fastDecodeValue(p, vs, ve, into: &value) else { return false }
                    value.withUnsafeBufferPointer { if let b = $0.baseAddress { out.putAttributeValue(b, $0.count) } }
                } else if ve > vs {
                    out.putAttributeValue(p + vs, ve - vs)
                }
                out.reserve(1)
                out.put(UInt8(ascii: "\""))
            }
            if el.isVoid {
                out.reserve(8)
                out.put(word: 0x3E2F20, 3)   // " />"
            } else {
                guard !selfClosed, stack.count < fastMaxDepth else { return false }
                if el.kept { out.reserve(1); out.put(UInt8(ascii: ">")) }
                stack.append(FastOpen(element: e, name: key))
            }
        }
        while let top = stack.popLast()?.element {
            if t.elements[top].kept { out.putEnd(t.elements[top]) }
        }
        return out.count < maxOutput / 4
    }
}

extension HTMLSanitizer {
    /// For the fuzz target (Tests/Fuzz): nil when the fast path declines `html`, else whether its output is
    /// exactly libxml2's. Not for production use.
    @_spi(Fuzzing) public static func fastPathAgreesWithLibxml2(_ html: UnsafeRawBufferPointer, base: String?) -> Bool? {
        guard let p = html.baseAddress?.assumingMemoryBound(to: UInt8.self), !html.isEmpty else { return nil }
        guard let fast = fastSanitize(p, html.count, base: base) else { return nil }
        var bytes = Array(UnsafeBufferPointer(start: p, count: html.count))
        return String(decoding: fast, as: UTF8.self) == sanitizeWithLibxml2(&bytes, base: base)
    }
}
