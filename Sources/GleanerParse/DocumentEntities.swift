#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CLibXML2

/// The entities one document's references may name: those its internal DTD subset declares, and the HTML
/// ones it uses without declaring (`HTMLEntityStore`).
///
/// libxml2 is never asked to substitute entities (no `XML_PARSE_NOENT`): an internal entity's replacement
/// text is expanded here, as text, with every reference in it, up to fixed caps, so that an entity bomb
/// (a billion laughs) costs at most the document's expansion cap. External entities are never read: a reference to
/// one is dropped. Records are owned here and freed with the document; libxml2 never frees them.
final class DocumentEntities {
    let html = HTMLEntityStore()
    /// Whether the document names an external DTD (never loaded), where an unknown name may be declared.
    var hasExternalSubset = false

    static let maxDeclared = 1024
    static let maxStoredBytes = 1 << 20
    /// The longest expansion of one entity, and all expansions made for one document together.
    static let maxExpansion = 64 << 10
    static let maxExpanded = 8 << 20
    static let maxNesting = 16

    /// Internal general entities: replacement text as declared (first declaration wins, XML 1.0 §4.2).
    private var internalText: [String: [UInt8]] = [:]
    /// Every declared name (parameter entities apart): references to external ones are dropped.
    private var declared: Set<String> = []
    private var storedBytes = 0
    private var expansions: [String: [UInt8]] = [:]
    /// Names whose expansion failed (too long, recursive, too deep): their references are dropped.
    private var failed: Set<String> = []
    private var expanding: Set<String> = []
    /// Bytes expanded so far (each reference counts again, and so does the work of expanding).
    private(set) var expandedBytes = 0
    private var records: [String: UnsafeMutablePointer<xmlEntity>] = [:]

    init() {}

    deinit {
        for e in records.values { HTMLEntityStore.freeRecord(e) }
    }

    /// An `<!ENTITY>` declaration. Parameter entities are not kept (nothing here reads them).
    func declare(name: String, type: Int32, content: UnsafePointer<UInt8>?) {
        guard type != Int32(XML_INTERNAL_PARAMETER_ENTITY.rawValue), type != Int32(XML_EXTERNAL_PARAMETER_ENTITY.rawValue),
              declared.count < Self.maxDeclared, !declared.contains(name) else { return }
        declared.insert(name)
        guard type == Int32(XML_INTERNAL_GENERAL_ENTITY.rawValue), let content else { return }
        let text = Array(SAXElement.buffer(content))
        guard storedBytes + text.count <= Self.maxStoredBytes else { return }
        storedBytes += text.count
        internalText[name] = text
    }

    func isDeclared(_ name: String) -> Bool { declared.contains(name) || declared.count >= Self.maxDeclared }
    func isInternal(_ name: String) -> Bool { internalText[name] != nil }

    /// What a reference to the internal entity `name` reads as, or nil when its expansion failed or the
    /// document's expansion budget is spent.
    func expansion(of name: String) -> [UInt8]? {
        guard let e = expand(name, depth: 0), expandedBytes + e.count <= Self.maxExpanded else { return nil }
        expandedBytes += e.count
        return e
    }

    private func expand(_ name: String, depth: Int) -> [UInt8]? {
        if let e = expansions[name] { return e }
        guard !failed.contains(name), depth < Self.maxNesting, let text = internalText[name],
              expanding.insert(name).inserted else { return nil }
        defer { expanding.remove(name) }
        var out: [UInt8] = []
        var i = 0
        let n = text.count
        while i < n {
            let c = text[i]
            if c == UInt8(ascii: "&"), i + 1 < n {
                if text[i + 1] == UInt8(ascii: "#"), let (scalar, end) = HTMLText.reference(in: text, at: i) {
                    HTMLText.appendUTF8(scalar, to: &out)
                    i = end
                    continue
                }
                if let (inner, end) = Self.referenceName(in: text, at: i) {
                    if internalText[inner] != nil {
                        guard let e = expand(inner, depth: depth + 1) else { failed.insert(name); return nil }
                        out += e
                        i = end
                        if out.count > Self.maxExpansion { failed.insert(name); return nil }
                        continue
                    }
                    if let scalar = HTMLEntities.scalar(named: inner) {
                        HTMLText.appendUTF8(scalar, to: &out)
                        i = end
                        continue
                    }
                }
            }
            out.append(c)
            i += 1
        }
        expandedBytes += out.count
        guard out.count <= Self.maxExpansion, expandedBytes <= Self.maxExpanded else {
            failed.insert(name)
            return nil
        }
        expansions[name] = out
        return out
    }

    /// The name of the reference `&name;` at `s[i]` (an `&`) and the index past its `;`; names of up to 64
    /// bytes.
    static func referenceName(in s: [UInt8], at i: Int) -> (String, Int)? {
        var j = i + 1
        while j < s.count, j - i <= 64, s[j] != UInt8(ascii: ";"), s[j] != UInt8(ascii: "&") { j += 1 }
        guard j < s.count, s[j] == UInt8(ascii: ";"), j > i + 1 else { return nil }
        return (String(decoding: s[(i + 1)..<j], as: UTF8.self), j + 1)
    }

    /// A record for a reference in content: typed as predefined, so that libxml2 hands its content over
    /// through `characters` and expands nothing itself (parser.c, xmlParseReference). In attribute values a
    /// general record with no content, which libxml2 writes back as `&name;`; the value is then read again
    /// from the document's bytes (`SAXElement.reread`).
    func record(named name: String, content: [UInt8]?) -> UnsafeMutablePointer<xmlEntity> {
        // An expansion is made once per name, so a name's record never changes.
        let key = content == nil ? "&" + name : name
        if let e = records[key] { return e }
        let e = HTMLEntityStore.makeRecord(name: name, content: content ?? [],
                                           type: content == nil ? XML_INTERNAL_GENERAL_ENTITY : XML_INTERNAL_PREDEFINED_ENTITY)
        records[key] = e
        return e
    }
}
