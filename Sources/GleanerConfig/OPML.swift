import CLibXML2
import GleanerModel

/// OPML 1.0/2.0 subscription lists (http://opml.org/spec2.opml): reading the feeds out of one, writing one.
///
/// Reading uses libxml2 in recover mode, never touching the network (`XML_PARSE_NONET`) and expanding no
/// entity: no `XML_PARSE_NOENT` or `XML_PARSE_DTDLOAD`, and an attribute's reference to a declared entity is
/// kept as its literal `&name;` text. The five predefined entities and character references are decoded, a
/// byte order mark and the document's `encoding` are honoured, and line breaks in attributes are spaces, as
/// XML says.
public enum OPML {
    /// One subscription: a feed URL with its title and the folders it was nested in (used as tags).
    public struct Entry: Sendable, Hashable {
        public var url: String
        public var title: String?
        public var htmlURL: String?
        public var tags: [String]

        public init(url: String, title: String? = nil, htmlURL: String? = nil, tags: [String] = []) {
            self.url = url
            self.title = title
            self.htmlURL = htmlURL
            self.tags = tags
        }
    }

    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// What a document gave: its feeds, and the first XML error when libxml2 had to recover from one (the
    /// feeds read up to and around it are kept; the caller shows the problem).
    public struct Document: Sendable {
        public var entries: [Entry]
        public var problem: String?
    }

    /// The feeds of an OPML document, in document order (see `read`); a document that libxml2 recovered
    /// from is accepted with the feeds it gave.
    public static func parse(_ text: String) throws(ParseError) -> [Entry] {
        try read(text).entries
    }

    /// Reads text already decoded: a leading byte order mark is dropped and any `encoding` declaration
    /// ignored (the text is UTF-8 now).
    public static func read(_ text: String) throws(ParseError) -> Document {
        var scalars = Substring(text).unicodeScalars
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        return try read(bytes: Array(String(scalars).utf8), encoding: "UTF-8")
    }

    /// Reads the bytes of a file: the encoding comes from its byte order mark or declaration, else UTF-8.
    public static func read(bytes: [UInt8]) throws(ParseError) -> Document {
        try read(bytes: bytes, encoding: nil)
    }

    /// Outlines without `xmlUrl` are folders: their `text` (else `title`) becomes a tag of every feed inside
    /// them, as does each part of a feed's own `category` (OPML 2.0 slash-delimited paths, comma-separated).
    private static func read(bytes: [UInt8], encoding: String?) throws(ParseError) -> Document {
        _ = libraryReady
        guard !bytes.isEmpty, bytes.count < Int(Int32.max) else {
            throw ParseError(description: bytes.isEmpty ? "empty file, not an OPML document" : "file too large for OPML")
        }
        guard let ctxt = xmlNewParserCtxt() else { throw ParseError(description: "out of memory reading OPML") }
        defer { xmlFreeParserCtxt(ctxt) }
        let options = Int32(XML_PARSE_RECOVER.rawValue | XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue
            | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NOCDATA.rawValue)
        let parsed = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlCtxtReadMemory(ctxt, $0, Int32(buffer.count), nil, encoding, options)
            }
        }
        // The document belongs to this function alone: freed here, nothing of it escapes.
        guard let doc = parsed else { throw ParseError(description: "not an OPML document: " + (xmlError(ctxt) ?? "unreadable XML")) }
        defer { xmlFreeDoc(doc) }
        guard let root = xmlDocGetRootElement(doc), name(root) == "opml" else {
            throw ParseError(description: "not an OPML document (no <opml> element)")
        }
        let problem = ctxt.pointee.wellFormed == 0 ? (xmlError(ctxt) ?? "malformed XML") : nil
        let entries = outlines(under: root)
        if let problem, entries.isEmpty { throw ParseError(description: "malformed OPML: \(problem)") }
        return Document(entries: entries, problem: problem)
    }

    /// The feeds of every `<outline>` below `root`, in document order. The walk is iterative (libxml2 caps
    /// the nesting, but no stack depth is left to the input) and counted, so that a huge file costs bounded work.
    private static func outlines(under root: xmlNodePtr) -> [Entry] {
        var entries: [Entry] = []
        // One per open element on the way down: the folder it makes, if it is an outline folder.
        var folders: [String?] = []
        var node = root.pointee.children
        var visited = 0
        while let current = node, visited < 1_000_000 {
            visited += 1
            var folder: String? = nil
            if current.pointee.type == XML_ELEMENT_NODE, name(current) == "outline" {
                let title = (attribute(current, "text") ?? attribute(current, "title")).flatMap { t -> String? in
                    let trimmed = t.trimmingXMLSpace()
                    return trimmed.isEmpty ? nil : trimmed
                }
                if let url = attribute(current, "xmlUrl")?.trimmingXMLSpace(), !url.isEmpty {
                    var tags = folders.compactMap { $0 }
                    for c in (attribute(current, "category") ?? "").split(separator: ",") {
                        for part in c.split(separator: "/") {
                            let tag = part.trimmingXMLSpace()
                            if !tag.isEmpty { tags.append(tag) }
                        }
                    }
                    // At most `maxTags`, each once: a hostile file can nest or list a hundred thousand.
                    var unique: [String] = [], seen: Set<String> = []
                    for t in tags where unique.count < maxTags && seen.insert(t).inserted { unique.append(t) }
                    let html = attribute(current, "htmlUrl")?.trimmingXMLSpace()
                    entries.append(Entry(url: url, title: title, htmlURL: html?.isEmpty == false ? html : nil, tags: unique))
                } else {
                    folder = title
                }
            }
            if current.pointee.type == XML_ELEMENT_NODE, let child = current.pointee.children {
                folders.append(folder)
                node = child
                continue
            }
            // No children: the next sibling, else up until an ancestor below the root has one.
            var up: xmlNodePtr? = current
            node = nil
            while let u = up {
                if let next = u.pointee.next { node = next; break }
                guard let parent = u.pointee.parent, parent != root else { break }
                folders.removeLast()
                up = parent
            }
        }
        return entries
    }

    /// An element's local name (a prefix such as `opml:` is not part of it).
    private static func name(_ node: xmlNodePtr) -> String {
        node.pointee.name.map { String(cString: $0) } ?? ""
    }

    /// The value of the attribute with this local name, as written: its text and character references, with a
    /// reference to a declared entity kept as `&name;` (never expanded).
    private static func attribute(_ node: xmlNodePtr, _ wanted: String) -> String? {
        var property = node.pointee.properties
        while let p = property {
            defer { property = p.pointee.next }
            guard p.pointee.name.map({ String(cString: $0) }) == wanted else { continue }
            var value = ""
            var child = p.pointee.children
            while let c = child {
                defer { child = c.pointee.next }
                if c.pointee.type == XML_ENTITY_REF_NODE {
                    value += "&" + (c.pointee.name.map { String(cString: $0) } ?? "") + ";"
                } else if let content = c.pointee.content {
                    value += String(cString: content)
                }
            }
            return value
        }
        return nil
    }

    private static func xmlError(_ ctxt: xmlParserCtxtPtr) -> String? {
        guard let error = xmlCtxtGetLastError(ctxt), error.pointee.code != 0 else { return nil }
        let message = error.pointee.message.map { String(cString: $0).trimmingXMLSpace() } ?? "XML error \(error.pointee.code)"
        return "line \(error.pointee.line): \(message)"
    }

    /// `xmlInitParser` runs once before any libxml2 parser is used.
    private static let libraryReady: Void = { xmlInitParser() }()

    /// An OPML 2.0 document listing `entries`. A feed's tags become the folders it is nested in, in order
    /// (tags `News`, `World` give `<outline text="News"><outline text="World">…`), which `read` turns back
    /// into the same tags; feeds and folders appear in the order of their first feed, so a list whose folders are contiguous keeps
    /// its order. A feed
    /// without a title is shown by its URL without user info, so a password never becomes a title.
    public static func write(_ entries: [Entry], title: String = "Gleaner subscriptions", dateCreated: String? = nil) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n  <head>\n"
        out += "    <title>\(MarkupEscaping.escaped(title, .xml))</title>\n"
        if let dateCreated { out += "    <dateCreated>\(MarkupEscaping.escaped(dateCreated, .xml))</dateCreated>\n" }
        out += "  </head>\n  <body>\n"
        writeFolder(Folder(entries), depth: 2, into: &out)
        out += "  </body>\n</opml>\n"
        return out
    }

    /// One level of the folder tree: its feeds and folders, interleaved in the order of first appearance (so
    /// that a list whose folders are contiguous keeps its order exactly).
    /// The most tags (folders) one feed gets from an OPML file, and the deepest an export nests folders.
    public static let maxTags = 32

    private struct Folder {
        enum Item {
            case feed(Entry)
            case folder(String, Folder)
        }
        var items: [Item] = []

        init(_ entries: [Entry], level: Int = 0) {
            var order: [(name: String?, entries: [Entry])] = []
            for e in entries {
                // Empty or repeated tags are not folders; a repeated tag would read back once.
                // Folders nest at most `maxTags` deep (the export recurses once per level).
                var path: [String] = [], seen: Set<String> = []
                for t in e.tags where path.count < OPML.maxTags {
                    let tag = t.trimmingXMLSpace()
                    if !tag.isEmpty && seen.insert(tag).inserted { path.append(tag) }
                }
                var rest = e
                rest.tags = path
                guard level < path.count else { order.append((nil, [rest])); continue }
                if let i = order.firstIndex(where: { $0.name == path[level] }) { order[i].entries.append(rest) } else {
                    order.append((path[level], [rest]))
                }
            }
            items = order.map { group in
                guard let name = group.name else { return .feed(group.entries[0]) }
                return .folder(name, Folder(group.entries, level: level + 1))
            }
        }
    }

    private static func writeFolder(_ folder: Folder, depth: Int, into out: inout String) {
        let indent = String(repeating: "  ", count: depth)
        for item in folder.items {
            switch item {
            case .feed(let e):
                let text = MarkupEscaping.escaped(e.title ?? URLUserInfo.stripped(e.url), .xml)
                out += indent + "<outline type=\"rss\" text=\"\(text)\" title=\"\(text)\" xmlUrl=\"\(MarkupEscaping.escaped(e.url, .xml))\""
                if let html = e.htmlURL { out += " htmlUrl=\"\(MarkupEscaping.escaped(html, .xml))\"" }
                out += "/>\n"
            case .folder(let folderName, let child):
                let name = MarkupEscaping.escaped(folderName, .xml)
                out += indent + "<outline text=\"\(name)\" title=\"\(name)\">\n"
                writeFolder(child, depth: depth + 1, into: &out)
                out += indent + "</outline>\n"
            }
        }
    }
}
