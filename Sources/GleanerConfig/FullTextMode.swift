/// When the daemon fetches an article's page for its full text (the `fulltext` option).
public enum FullTextMode: String, Sendable, Hashable, CaseIterable {
    /// Only when the entry looks truncated (FullTextRule, README "Full text").
    case auto
    /// Every new article's page.
    case always
    /// Never: the feed's own text only (the built-in default).
    case never
}
