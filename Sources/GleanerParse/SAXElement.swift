#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only view of one `startElementNs` event: names and attributes as libxml2 passes them
/// (NUL-terminated names; attribute values as begin/end pointers, not NUL-terminated).
///
/// Only valid during the callback. `xmlChar` is `UInt8`, so no libxml2 types leak past this file.
struct SAXElement {
    let localname: UnsafePointer<UInt8>
    let namespaceCount: Int
    /// `namespaceCount` pairs of (prefix, URI).
    let namespaces: UnsafeMutablePointer<UnsafePointer<UInt8>?>?
    let attributeCount: Int
    /// `attributeCount` quintuples of (localname, prefix, URI, value begin, value end).
    let attributes: UnsafeMutablePointer<UnsafePointer<UInt8>?>?

    static let xmlNamespace: StaticString = "http://www.w3.org/XML/1998/namespace"
    static let rdfNamespace: StaticString = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

    /// An attribute in no namespace.
    func attribute(_ name: StaticString) -> String? {
        find(name, uri: nil).map(Self.decodeValue)
    }

    /// An attribute in no namespace with leading and trailing white space removed; nil when it is absent
    /// or blank. One String is made, from the trimmed bytes (`attribute(_:)?.trimmedNonEmpty` makes three).
    func trimmedAttribute(_ name: StaticString) -> String? {
        guard let (v, needsDecoding) = trimmedValue(name) else { return nil }
        // A reference may decode to white space (`&#32;`) or to C1 bytes: the String path handles those.
        // Valid UTF-8 (`String(validatedUTF8:)`): libxml2's value, whole characters of the transcoded
        // document, trimmed on ASCII white space.
        return needsDecoding ? Self.decodeValue(v).trimmedNonEmpty : String(validatedUTF8: v)
    }

    /// The attribute's value without its surrounding white space, in place, and whether it holds a reference
    /// or a C1 byte (which `trimmedAttribute` decodes); nil when it is absent or blank.
    private func trimmedValue(_ name: StaticString) -> (UnsafeBufferPointer<UInt8>, needsDecoding: Bool)? {
        guard let v = find(name, uri: nil) else { return nil }
        let t = UnsafeBufferPointer(rebasing: v[HTMLText.spaceTrimmed(v)])
        guard let p = t.baseAddress, !t.isEmpty else { return nil }
        let needsDecoding = memchr(p, Int32(UInt8(ascii: "&")), t.count) != nil || memchr(p, 0xC2, t.count) != nil
        return (t, needsDecoding)
    }

    /// Whether the attribute (in no namespace) is present, even blank.
    func hasAttribute(_ name: StaticString) -> Bool { find(name, uri: nil) != nil }

    /// `body` on the bytes `trimmedAttribute(name)` would make a String of; nil when that is nil. The bytes are
    /// the attribute's own, in place, unless the value holds a reference or a C1 byte, which are decoded
    /// first (through `trimmedAttribute` itself): for values only compared, a String each was about 300
    /// instructions.
    func withTrimmedAttribute<R>(_ name: StaticString, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        guard let (v, needsDecoding) = trimmedValue(name) else { return nil }
        guard needsDecoding else { return body(v) }
        guard var s = Self.decodeValue(v).trimmedNonEmpty else { return nil }
        return s.withUTF8 { body($0) }
    }

    /// Whether `b` is `word` with ASCII letters in any case (`word` is written in lower case). The same
    /// answer as lower-casing a String and comparing, for the keyword values it is used on.
    static func equalsIgnoringASCIICase<C: Collection>(_ b: C, _ word: StaticString) -> Bool where C.Element == UInt8 {
        b.count == word.utf8CodeUnitCount && hasPrefixIgnoringASCIICase(b, word)
    }

    /// Whether `b` starts with `word` with ASCII letters in any case (`word` is written in lower case).
    static func hasPrefixIgnoringASCIICase<C: Collection>(_ b: C, _ word: StaticString) -> Bool where C.Element == UInt8 {
        let n = word.utf8CodeUnitCount
        guard b.count >= n else { return false }
        let w = word.utf8Start
        var k = 0
        for c in b.prefix(n) {
            let lower = c >= 0x41 && c <= 0x5A ? c | 0x20 : c
            if lower != w[k] { return false }
            k += 1
        }
        return true
    }

    /// `trimmedAttribute` with ASCII letters lower-cased: for keyword values (`type`, `mode`),
    /// whose meaningful spellings are all ASCII.
    func trimmedLowercasedAttribute(_ name: StaticString) -> String? {
        guard let v = trimmedAttribute(name) else { return nil }
        guard v.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else { return v }
        return String(decoding: v.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    /// A size in bytes (`length`, `fileSize`): decimal digits with an optional `+`, XML white space around
    /// them allowed; nil when absent, negative, not a number or beyond Int64. Read from the bytes: making a
    /// String, trimming it and parsing it cost about 900 instructions per enclosure.
    func lengthAttribute(_ name: StaticString) -> Int64? {
        guard let v = find(name, uri: nil) else { return nil }
        return Self.length(v)
    }

    static func length(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        let r = HTMLText.spaceTrimmed(b)
        var lo = r.lowerBound
        let hi = r.upperBound
        if lo < hi, b[lo] == UInt8(ascii: "+") { lo += 1 }
        guard lo < hi else { return nil }
        var v: Int64 = 0
        for i in lo..<hi {
            let c = b[i]
            guard c >= 48, c <= 57 else { return nil }
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (sum, o2) = m.addingReportingOverflow(Int64(c - 48))
            if o1 || o2 { return nil }
            v = sum
        }
        return v
    }

    /// An attribute in the namespace `uri`.
    func attribute(_ name: StaticString, uri: StaticString) -> String? {
        find(name, uri: uri).map(Self.decodeValue)
    }

    private func find(_ name: StaticString, uri: StaticString?) -> UnsafeBufferPointer<UInt8>? {
        guard let a = attributes else { return nil }
        for k in 0..<attributeCount {
            let base = k * 5
            guard let local = a[base], Self.equal(local, name) else { continue }
            let attrURI = a[base + 2]
            if let uri {
                guard let attrURI, Self.equal(attrURI, uri) else { continue }
            } else if attrURI != nil {
                continue
            }
            guard let begin = a[base + 3], let end = a[base + 4] else { return nil }
            return UnsafeBufferPointer(start: begin, count: end - begin)
        }
        return nil
    }

    /// Whether any attribute is in a namespace (`xml:lang`, `rdf:about`, …).
    var hasNamespacedAttribute: Bool {
        guard let a = attributes else { return false }
        for k in 0..<attributeCount where a[k * 5 + 2] != nil { return true }
        return false
    }

    /// Calls `body` with each attribute's prefix (nil when none), local name and raw value bytes, as
    /// libxml2 passes them (see `decodeValue` for what a value may still hold).
    func forEachAttributeBytes(_ body: (UnsafePointer<UInt8>?, UnsafePointer<UInt8>, UnsafeBufferPointer<UInt8>) -> Void) {
        guard let a = attributes else { return }
        for k in 0..<attributeCount {
            let base = k * 5
            guard let local = a[base], let begin = a[base + 3], let end = a[base + 4] else { continue }
            body(a[base + 1], local, UnsafeBufferPointer(start: begin, count: end - begin))
        }
    }

    /// Whether the element declares (xmlns) the namespace.
    func declares(_ ns: XMLNamespace) -> Bool {
        guard let n = namespaces else { return false }
        for k in 0..<namespaceCount {
            if let uri = n[k * 2 + 1], XMLNamespace.identify(Self.buffer(uri)) == ns { return true }
        }
        return false
    }

    /// Attribute values come with predefined references replaced, except that libxml2 writes `&` as
    /// `&#38;` when entities are not substituted (parser.c, xmlParseAttValueComplex), and undeclared HTML
    /// entities are passed through as `&name;` (see `HTMLEntityStore`): both are decoded here.
    /// Valid UTF-8 either way: libxml2's value as it is, or with references decoded to `Unicode.Scalar`s.
    static func decodeValue(_ v: UnsafeBufferPointer<UInt8>) -> String {
        guard let b = v.baseAddress, memchr(b, Int32(UInt8(ascii: "&")), v.count) != nil else {
            return String(validatedUTF8: v)
        }
        return String(validatedUTF8: HTMLText.decodeEntities(Array(v)))
    }

    static func equal(_ p: UnsafePointer<UInt8>, _ s: StaticString) -> Bool {
        let n = s.utf8CodeUnitCount
        let q = s.utf8Start
        for i in 0..<n where p[i] != q[i] { return false }
        return p[n] == 0
    }

    static func buffer(_ p: UnsafePointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var n = 0
        while p[n] != 0 { n += 1 }
        return UnsafeBufferPointer(start: p, count: n)
    }
}
