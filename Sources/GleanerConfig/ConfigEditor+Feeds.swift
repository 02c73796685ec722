extension ConfigEditor {
    /// A feeds.conf feed line: the URL, then `name=`, `tags=`, `interval=` when given, quoted when needed.
    public static func feedLine(url: String, name: String? = nil, tags: [String] = [], interval: String? = nil) -> String {
        var parts = [url]
        if let name, !name.isEmpty { parts.append("name=" + quotedValue(name)) }
        let cleanTags = tags.map { $0.replacingCommas() }.filter { !$0.isEmpty }
        if !cleanTags.isEmpty { parts.append("tags=" + quotedValue(cleanTags.joined(separator: ","))) }
        if let interval { parts.append("interval=" + interval) }
        return parts.joined(separator: " ")
    }

    /// Quoted when it holds a blank, a quote, a backslash or a `#` (which would start a comment).
    static func quotedValue(_ s: String) -> String {
        let clean = String(s.map { $0 == "\n" || $0 == "\r" || $0 == "\t" ? " " : $0 })
        guard clean.contains(where: { $0 == " " || $0 == "\"" || $0 == "\\" || $0 == "#" }) else { return clean }
        var out = "\""
        for ch in clean {
            if ch == "\"" || ch == "\\" { out.append("\\") }
            out.append(ch)
        }
        return out + "\""
    }

    /// Removes the line of the feed whose URL or name is `ref`; returns the feed removed, nil when none matched.
    public mutating func removeFeed(matching ref: String) throws(ConfigError) -> FeedConfig? {
        let config = try Config.parse(text, path: path)
        guard let feed = config.feed(matching: ref) else { return nil }
        remove(line: feed.line)
        return feed
    }
}

extension String {
    /// A tag may not hold a comma (the separator) nor blanks.
    fileprivate func replacingCommas() -> String {
        String(self.trimmedXML().map { $0 == "," || $0 == " " ? "-" : $0 })
    }
}
