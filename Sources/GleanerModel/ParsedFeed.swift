/// The result of parsing one document: what it was, how it was decoded, what went wrong, what it held.
public struct ParsedFeed: Sendable, Hashable {
    /// `rss2.0`, `rss1.0`, `rss0.91`, `rss0.92`, …, `atom1.0`, `atom0.3`, `json1.0`, `json1.1`; `unknown` when
    /// the document is not a feed.
    public var format: String
    /// The charset the bytes were decoded from, lower case (`utf-8`, `windows-1256`).
    public var encoding: String
    public var wellformed: Bool
    /// `line:col: message`, in document order.
    public var problems: [String]
    public var feed: FeedInfo
    public var articles: [Article]

    public init(format: String = "unknown", encoding: String = "utf-8", wellformed: Bool = true,
                problems: [String] = [], feed: FeedInfo = FeedInfo(), articles: [Article] = []) {
        self.format = format
        self.encoding = encoding
        self.wellformed = wellformed
        self.problems = problems
        self.feed = feed
        self.articles = articles
    }

    /// Whether the document was recognised as a feed at all (an HTML page is not).
    public var isFeed: Bool { format != "unknown" }
}
