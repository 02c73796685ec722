import CLibXML2

/// Links in an HTML page, read with libxml2's forgiving HTML parser (the tag soup of real web pages).
public enum HTMLLinks {
    /// Media types of feeds announced with `<link rel="alternate" type="…">` (RSS Board autodiscovery spec,
    /// RFC 4287 for Atom, JSON Feed 1.1), in the order a reader prefers them.
    static let feedTypes = ["application/rss+xml", "application/atom+xml", "application/feed+json",
                            "application/json", "application/rdf+xml", "application/xml", "text/xml"]

    /// The feeds a page announces, as absolute URLs in document order, without duplicates: every
    /// `<link rel="alternate">` (rel is a token list) whose `type` is a feed's, its `href` resolved against
    /// `<base href>` when the page has one, else `baseURL`. Only http and https results are returned.
    public static func alternateFeeds(html: [UInt8], baseURL: String) -> [String] {
        guard !html.isEmpty else { return [] }
        // NONET: never fetch anything the page references; no error output on stderr for tag soup.
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOBLANKS.rawValue)
        let doc = html.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                htmlReadMemory($0, Int32(min(buffer.count, Int(Int32.max))), baseURL, nil, options)
            }
        }
        guard let doc else { return [] }
        defer { xmlFreeDoc(doc) }

        var base = baseURL
        var found: [(href: String, type: String)] = []
        var visited = 0
        // Iterative walk: a hostile page nests deeply, and the count caps the work on a huge one.
        var node = xmlDocGetRootElement(doc)
        while let current = node, visited < 200_000 {
            visited += 1
            if current.pointee.type == XML_ELEMENT_NODE, let name = current.pointee.name {
                let tag = String(cString: name).lowercased()
                if tag == "base", let href = attribute(current, "href"), !href.isEmpty, base == baseURL {
                    base = URLResolver.resolve(href, against: baseURL)
                } else if tag == "link",
                    let rel = attribute(current, "rel"),
                    rel.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).contains("alternate"),
                    let type = attribute(current, "type")?.lowercased(),
                    let mediaType = type.split(separator: ";").first.map({ String($0).trimmed }),
                    feedTypes.contains(mediaType),
                    let href = attribute(current, "href")?.trimmed, !href.isEmpty
                {
                    found.append((href, mediaType))
                }
            }
            // Depth first: child, else next sibling, else the nearest ancestor's next sibling.
            if let child = current.pointee.children, current.pointee.type == XML_ELEMENT_NODE {
                node = child
                continue
            }
            var up: xmlNodePtr? = current
            node = nil
            while let u = up {
                if let next = u.pointee.next { node = next; break }
                up = u.pointee.parent
                if up == nil || up!.pointee.type != XML_ELEMENT_NODE { break }
            }
        }

        var seen = Set<String>()
        var out: [String] = []
        for link in found {
            let url = URLResolver.resolve(link.href, against: base)
            let lower = url.lowercased()
            guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else { continue }
            if seen.insert(url).inserted { out.append(url) }
        }
        return out
    }

    /// An attribute's value read in place from the tree (no allocation to free), names compared ignoring case.
    private static func attribute(_ node: xmlNodePtr, _ name: String) -> String? {
        var attr = node.pointee.properties
        while let a = attr {
            if let n = a.pointee.name, String(cString: n).lowercased() == name {
                var value = ""
                var child = a.pointee.children
                while let c = child {
                    if let content = c.pointee.content { value += String(cString: content) }
                    child = c.pointee.next
                }
                return value
            }
            attr = a.pointee.next
        }
        return nil
    }
}

extension String {
    fileprivate var trimmed: String {
        let ws: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let start = firstIndex(where: { !ws($0) }), let end = lastIndex(where: { !ws($0) }) else { return "" }
        return String(self[start...end])
    }
}
