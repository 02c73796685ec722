#if canImport(Glibc)
import Glibc
#endif
import CLibXML2

/// An HTML page as flat arrays, read once from libxml2's tree (which is freed before `parse` returns).
///
/// Flat, in document order (a parent's index is below its children's), so every pass is a loop over
/// indices rather than a recursion: a page nested 100,000 deep cannot exhaust the stack, and totals over
/// subtrees are one backward loop. Elements deeper than `maxDepth` are not kept as elements: their text
/// and children go to the deepest kept ancestor.
struct PageTree {
    static let maxDepth = 256
    /// Longest attribute value kept (a 10 MB `data:` URI or `style` is no use to extraction).
    static let maxAttribute = 16 << 10
    /// Pages are cut here (libxml2 takes an `Int32` length; nothing useful is 64 MB into a page).
    static let maxBytes = 64 << 20

    /// Element name, lower case; "" for a text node.
    var name: [String] = []
    var parent: [Int] = []
    var children: [[Int]] = []
    /// A text node's text (raw: white space not collapsed).
    var text: [String] = []
    /// The attributes extraction looks at, names lower case.
    var attributes: [[String: String]] = []

    var count: Int { name.count }
    func attribute(_ i: Int, _ key: String) -> String? { attributes[i][key] }
    func isText(_ i: Int) -> Bool { name[i].isEmpty }

    /// Elements skipped with everything inside: never article text, and not needed for metadata. (Form
    /// controls are not among them: libxml2 lets an unclosed `<button>` swallow the rest of the page, so
    /// they are set aside later like other furniture, unless they hold most of the text.)
    static let skipped: Set<String> = [
        "style", "noscript", "template", "svg", "math", "iframe", "input", "object", "embed", "applet", "canvas",
        "frameset", "frame", "noframes", "link",
    ]
    static let keptAttributes: Set<String> = [
        "class", "id", "role", "itemprop", "hidden", "aria-hidden", "style", "href", "src", "data-src",
        "data-srcset", "data-lazy-src", "data-original", "srcset", "alt", "datetime", "content", "name",
        "property", "http-equiv", "lang", "rel", "type", "colspan", "rowspan", "cite", "start",
    ]

    /// Parses UTF-8 `page` (already transcoded) with libxml2's HTML parser.
    static func parse(_ page: [UInt8], url: String?) -> PageTree? {
        guard let ctxt = htmlNewParserCtxt() else { return nil }
        defer { htmlFreeParserCtxt(ctxt) }
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
            | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_COMPACT.rawValue)
        let length = Int32(min(page.count, maxBytes))
        let parsed: htmlDocPtr? = page.withUnsafeBufferPointer { buf in
            guard let base = buf.baseAddress else { return nil }
            return base.withMemoryRebound(to: CChar.self, capacity: buf.count) {
                htmlCtxtReadMemory(ctxt, $0, length, url, "UTF-8", options)
            }
        }
        guard let doc = parsed else { return nil }
        defer { xmlFreeDoc(doc) }
        var tree = PageTree()
        tree.read(doc)
        return tree.count > 0 ? tree : nil
    }

    private mutating func add(_ name: String, parent: Int, text: String = "", attributes: [String: String] = [:]) -> Int {
        let i = self.name.count
        self.name.append(name)
        self.parent.append(parent)
        self.children.append([])
        self.text.append(text)
        self.attributes.append(attributes)
        if parent >= 0 { children[parent].append(i) }
        return i
    }

    /// Depth-first over libxml2's nodes with an explicit stack (siblings pending per level).
    private mutating func read(_ doc: htmlDocPtr) {
        let root = add("#document", parent: -1)
        var stack: [(node: xmlNodePtr?, parent: Int, depth: Int)] = [(doc.pointee.children, root, 1)]
        while let (next, parent, depth) = stack.popLast() {
            guard let node = next else { continue }
            stack.append((node.pointee.next, parent, depth))
            switch node.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let c = node.pointee.content {
                    let s = String(cString: c)
                    // Adjacent text (from flattened deep elements) goes into one node.
                    if let last = children[parent].last, isText(last) { text[last] += s } else { _ = add("", parent: parent, text: s) }
                }
            case XML_ELEMENT_NODE:
                guard let raw = node.pointee.name else { continue }
                let tag = String(cString: raw).lowercased()
                if Self.skipped.contains(tag) { continue }
                var attrs: [String: String] = [:]
                var a = node.pointee.properties
                while let attr = a {
                    if let n = attr.pointee.name {
                        let key = String(cString: n).lowercased()
                        if Self.keptAttributes.contains(key) || key.hasPrefix("data-") && key.hasSuffix("src"),
                           attrs[key] == nil, let v = Self.value(attr) {
                            attrs[key] = v
                        }
                    }
                    a = attr.pointee.next
                }
                if tag == "script" {
                    // Only structured data is read from scripts.
                    guard attrs["type"]?.lowercased().contains("ld+json") == true else { continue }
                }
                if depth > Self.maxDepth {
                    stack.append((node.pointee.children, parent, depth + 1))
                } else {
                    let me = add(tag, parent: parent, attributes: attrs)
                    stack.append((node.pointee.children, me, depth + 1))
                }
            default:
                continue
            }
        }
    }

    /// An attribute's value, nil when longer than `maxAttribute`.
    private static func value(_ attr: xmlAttrPtr) -> String? {
        var out = ""
        var c = attr.pointee.children
        while let t = c {
            if let content = t.pointee.content {
                let n = strlen(content)
                if out.utf8.count + n > maxAttribute { return nil }
                out += String(cString: content)
            }
            c = t.pointee.next
        }
        return out
    }
}

extension PageTree {
    /// The text under `i`, white space collapsed to single spaces and trimmed (iterative).
    func textContent(_ i: Int, limit: Int = 1 << 20) -> String {
        var out = ""
        var stack = [i]
        while let j = stack.popLast(), out.utf8.count < limit {
            if isText(j) { out += text[j]; continue }
            if name[j] == "br" { out += " " }
            stack.append(contentsOf: children[j].reversed())
        }
        return Self.collapse(out)
    }

    /// Runs of Unicode white space and zero-width characters become one space; leading and trailing ones go.
    /// Wider than the feed parser's `HTMLText.collapse` (XML white space, on bytes): pages lay text out with
    /// `&nbsp;`, thin spaces and zero-width spaces that are not separate from the words around them in the
    /// article text, while a feed title keeps the no-break spaces its publisher wrote.
    static func collapse(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        var space = false
        for ch in s.unicodeScalars {
            if isSpace(ch) || ch == "\u{200B}" || ch == "\u{FEFF}" {
                space = !out.isEmpty
            } else {
                if space { out.unicodeScalars.append(" "); space = false }
                out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// White space (ASCII checked without the Unicode tables, which are slow to consult per letter).
    @inline(__always) static func isSpace(_ u: Unicode.Scalar) -> Bool {
        u.value < 0x80 ? u.value == 0x20 || (u.value >= 0x09 && u.value <= 0x0D) : u.properties.isWhitespace
    }

    /// Elements in document order with the given name.
    func elements(_ tag: String) -> [Int] { (0..<count).filter { name[$0] == tag } }

    /// Whether `a` is `b` or inside it.
    func isInside(_ a: Int, _ b: Int) -> Bool {
        var x = a
        while x >= 0 { if x == b { return true }; x = parent[x] }
        return false
    }
}
