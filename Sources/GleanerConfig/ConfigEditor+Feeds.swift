extension ConfigEditor {
    /// Removes the line of the feed whose URL or name is `ref`; returns the feed removed, nil when none matched.
    public mutating func removeFeed(matching ref: String) throws(ConfigError) -> FeedConfig? {
        let config = try Config.parse(text, path: path)
        guard let feed = config.feed(matching: ref) else { return nil }
        remove(line: feed.line)
        return feed
    }
}
