import GleanerModel

/// OPML 1.0/2.0 subscription lists (http://opml.org/spec2.opml): reading the feeds out of one, writing one.
///
/// Reading uses a small, careful scanner rather than an XML parser: GleanerConfig links no C library, and
/// OPML subscription lists use nothing but `<outline>` elements and their attributes. Comments, CDATA,
/// processing instructions and the DOCTYPE are skipped; entities in attribute values are decoded (the five
/// predefined ones and character references; no others are ever expanded).
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

    /// The feeds of an OPML document, in document order. Outlines without `xmlUrl` are folders: their
    /// `text` (else `title`) becomes a tag of every feed inside them, as does a feed's own `category`.
    public static func parse(_ text: String) throws(ParseError) -> [Entry] {
        let b = Array(text.utf8)
        var i = 0
        var folders: [String?] = []   // one per open <outline> (nil for an open feed outline)
        var entries: [Entry] = []
        var sawOPML = false
        func starts(_ s: String, at j: Int) -> Bool {
            let u = Array(s.utf8)
            return j + u.count <= b.count && Array(b[j..<(j + u.count)]) == u
        }
        func skip(past s: String) throws(ParseError) {
            let u = Array(s.utf8)
            while i + u.count <= b.count {
                if Array(b[i..<(i + u.count)]) == u { i += u.count; return }
                i += 1
            }
            throw ParseError(description: "unterminated \(s == "-->" ? "comment" : "markup") in OPML")
        }
        while i < b.count {
            guard b[i] == UInt8(ascii: "<") else { i += 1; continue }
            if starts("<!--", at: i) { try skip(past: "-->"); continue }
            if starts("<![CDATA[", at: i) { try skip(past: "]]>"); continue }
            if starts("<?", at: i) { try skip(past: "?>"); continue }
            if starts("<!", at: i) { try skip(past: ">"); continue }
            if starts("</", at: i) {
                let start = i + 2
                try skip(past: ">")
                let name = String(decoding: b[start..<(i - 1)], as: UTF8.self).trimmedXML()
                if localName(name) == "outline", !folders.isEmpty { folders.removeLast() }
                continue
            }
            // A start tag: name, attributes, then `>` or `/>`.
            i += 1
            let nameStart = i
            while i < b.count, !isSpace(b[i]), b[i] != UInt8(ascii: ">"), b[i] != UInt8(ascii: "/") { i += 1 }
            let name = localName(String(decoding: b[nameStart..<i], as: UTF8.self))
            var attributes: [String: String] = [:]
            var selfClosing = false
            while true {
                while i < b.count, isSpace(b[i]) { i += 1 }
                guard i < b.count else { throw ParseError(description: "unterminated <\(name)> tag in OPML") }
                if b[i] == UInt8(ascii: ">") { i += 1; break }
                if b[i] == UInt8(ascii: "/") { selfClosing = true; i += 1; continue }
                let keyStart = i
                while i < b.count, !isSpace(b[i]), b[i] != UInt8(ascii: "="), b[i] != UInt8(ascii: ">") { i += 1 }
                let key = String(decoding: b[keyStart..<i], as: UTF8.self)
                while i < b.count, isSpace(b[i]) { i += 1 }
                guard i < b.count, b[i] == UInt8(ascii: "=") else { continue }
                i += 1
                while i < b.count, isSpace(b[i]) { i += 1 }
                guard i < b.count, b[i] == UInt8(ascii: "\"") || b[i] == UInt8(ascii: "'") else {
                    throw ParseError(description: "attribute \(key) of <\(name)> has no quoted value")
                }
                let quote = b[i]
                i += 1
                let valueStart = i
                while i < b.count, b[i] != quote { i += 1 }
                guard i < b.count else { throw ParseError(description: "unterminated attribute \(key) in OPML") }
                attributes[localName(key)] = decodeEntities(normalizedAttribute(b[valueStart..<i]))
                i += 1
            }
            if name == "opml" { sawOPML = true }
            guard name == "outline" else { continue }
            let title = (attributes["text"] ?? attributes["title"]).flatMap { $0.trimmedXML().isEmpty ? nil : $0.trimmedXML() }
            if let url = attributes["xmlUrl"]?.trimmedXML(), !url.isEmpty {
                var tags = folders.compactMap { $0 }
                for c in (attributes["category"] ?? "").split(separator: ",") {
                    // OPML 2.0 categories are slash-delimited paths ("/Tech/Swift"): each part is a tag.
                    for part in c.split(separator: "/") where !part.trimmedXML().isEmpty { tags.append(part.trimmedXML()) }
                }
                var unique: [String] = []
                for t in tags where !unique.contains(t) { unique.append(t) }
                entries.append(Entry(url: url, title: title, htmlURL: attributes["htmlUrl"], tags: unique))
                if !selfClosing { folders.append(nil) }
            } else if !selfClosing {
                folders.append(title)
            }
        }
        guard sawOPML else { throw ParseError(description: "not an OPML document (no <opml> element)") }
        return entries
    }

    /// An attribute's literal text as XML reads it: each line break (CRLF, CR or LF) and tab is one space;
    /// characters written as references (`&#10;`) are decoded after this and keep their value.
    static func normalizedAttribute(_ raw: ArraySlice<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var previous: UInt8 = 0
        for c in raw {
            defer { previous = c }
            if c == 0x0A && previous == 0x0D { continue }
            out.append(c == 0x09 || c == 0x0A || c == 0x0D ? 0x20 : c)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// An OPML 2.0 document listing `entries`, tags written as `category`. A feed without a title is shown by
    /// its URL without user info, so a password never becomes a title.
    public static func write(_ entries: [Entry], title: String = "Gleaner subscriptions", dateCreated: String? = nil) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n  <head>\n"
        out += "    <title>\(escape(title))</title>\n"
        if let dateCreated { out += "    <dateCreated>\(escape(dateCreated))</dateCreated>\n" }
        out += "  </head>\n  <body>\n"
        for e in entries {
            let text = e.title ?? URLUserInfo.stripped(e.url)
            out += "    <outline type=\"rss\" text=\"\(escape(text))\" title=\"\(escape(text))\" xmlUrl=\"\(escape(e.url))\""
            if let html = e.htmlURL { out += " htmlUrl=\"\(escape(html))\"" }
            if !e.tags.isEmpty { out += " category=\"\(escape(e.tags.joined(separator: ",")))\"" }
            out += "/>\n"
        }
        out += "  </body>\n</opml>\n"
        return out
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n": out += "&#10;"
            case "\t": out += "&#9;"
            case "\r": out += "&#13;"
            default:
                // Control characters are not allowed in XML 1.0 at all.
                if ch.value < 0x20 { continue }
                out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    static func decodeEntities(_ s: String) -> String {
        guard s.contains("&") else { return s }
        var out = ""
        var rest = Substring(s)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            guard let semi = after.firstIndex(of: ";"), after.distance(from: after.startIndex, to: semi) <= 10 else {
                out += "&"
                rest = after
                continue
            }
            let name = after[..<semi]
            var replacement: String?
            switch name {
            case "amp": replacement = "&"
            case "lt": replacement = "<"
            case "gt": replacement = ">"
            case "quot": replacement = "\""
            case "apos": replacement = "'"
            default:
                if name.hasPrefix("#x") || name.hasPrefix("#X") {
                    replacement = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
                } else if name.hasPrefix("#") {
                    replacement = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
                }
            }
            if let replacement {
                out += replacement
                rest = after[after.index(after: semi)...]
            } else {
                out += "&"
                rest = after
            }
        }
        return out + rest
    }

    private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }

    private static func localName(_ s: String) -> String {
        s.split(separator: ":").last.map(String.init) ?? s
    }
}

extension StringProtocol {
    func trimmedXML() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\n" || f == "\r" || f == "\r\n" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" || l == "\r" || l == "\r\n" { s = s.dropLast() }
        return String(s)
    }
}
