#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CLibXML2

/// libxml2 entity records for HTML named entities that a document uses without declaring them
/// (`&nbsp;`, `&hellip;` in raw XML: common in feeds).
///
/// The `getEntity` SAX callback returns these. In content, a record typed as a *predefined* entity makes
/// libxml2 emit its text through `characters` (parser.c, xmlParseReference), with no expansion machinery
/// involved. In attribute values libxml2 copies only the first byte of a predefined entity, so there an
/// internal *general* entity is returned instead, which libxml2 writes back as `&name;`; `SAXElement`
/// decodes it. Records are owned by one parser and freed with it; libxml2 never frees them.
final class HTMLEntityStore {
    private var inContent: [String: UnsafeMutablePointer<xmlEntity>] = [:]
    private var inAttribute: [String: UnsafeMutablePointer<xmlEntity>] = [:]

    static let maxRecords = 256

    init() {}

    func entity(named name: String, inAttribute attribute: Bool) -> UnsafeMutablePointer<xmlEntity>? {
        if let e = attribute ? inAttribute[name] : inContent[name] { return e }
        // An unknown name is kept as written (`&doesnotexist;` stays in the text, as browsers show it);
        // at most `maxRecords` distinct names get a record, so a document cannot make this grow unbounded.
        let known = HTMLEntities.utf8(named: name)
        guard known != nil || inContent.count + inAttribute.count < Self.maxRecords,
              name.utf8.count <= 64 else { return nil }
        let bytes = known ?? Array("&\(name);".utf8)
        let e = Self.makeRecord(name: name, content: bytes,
                                type: attribute ? XML_INTERNAL_GENERAL_ENTITY : XML_INTERNAL_PREDEFINED_ENTITY)
        if attribute { inAttribute[name] = e } else { inContent[name] = e }
        return e
    }

    /// A libxml2 entity record (`content` NUL-terminated); its owner frees it with `freeRecord`.
    static func makeRecord(name: String, content bytes: [UInt8], type: xmlEntityType) -> UnsafeMutablePointer<xmlEntity> {
        let e = UnsafeMutablePointer<xmlEntity>.allocate(capacity: 1)
        e.initialize(to: xmlEntity())
        e.pointee.type = XML_ENTITY_DECL
        e.pointee.name = UnsafePointer(strdup(name)).map { UnsafeRawPointer($0).assumingMemoryBound(to: xmlChar.self) }
        let content = (bytes + [0]).withUnsafeBufferPointer { buf -> UnsafeMutablePointer<xmlChar>? in
            let p = UnsafeMutablePointer<xmlChar>.allocate(capacity: buf.count)
            p.initialize(from: buf.baseAddress!, count: buf.count)
            return p
        }
        e.pointee.content = content
        e.pointee.length = Int32(bytes.count)
        e.pointee.etype = type
        return e
    }

    static func freeRecord(_ e: UnsafeMutablePointer<xmlEntity>) {
        free(UnsafeMutableRawPointer(mutating: e.pointee.name))
        e.pointee.content?.deallocate()
        // After an `<!ENTITY>` declaration libxml2 asks `getEntity` for the record and, finding no `orig`,
        // hands it the declaration's raw text, allocated by libxml2: the record owns it from then on.
        if let orig = e.pointee.orig { gleaner_xml_free(orig) }
        e.deinitialize(count: 1)
        e.deallocate()
    }

    deinit {
        for e in Array(inContent.values) + Array(inAttribute.values) { Self.freeRecord(e) }
    }
}
