import GleanerModel

/// One line of `gleaner headlines`: an article with the feed it came from.
public struct Headline: Sendable, Hashable {
    /// The article's sequence number: increasing in storage order, never reused.
    public var seq: Int64
    public var feedURL: String
    /// The configured name, else the feed's title, else the host of its URL.
    public var feedName: String
    /// The feed's own id (guid), as written.
    public var id: String?
    /// The identity key (`id:…`, `link:…`, `hash:…`).
    public var key: String
    public var title: String?
    public var link: String?
    public var published: Timestamp?
    public var updated: Timestamp?
    /// When Gleaner first stored the article.
    public var fetched: Timestamp
    public var authors: [Person] = []
    public var categories: [String] = []
    public var summary: String?
    public var enclosures: [Enclosure] = []
    public var language: String?
    /// For an item without a title or summary, the start of its content (markup), from which a human
    /// listing makes a snippet.
    public var untitledContent: String?
    /// The same story (same normalised link) stored from other feeds, which `headlines` does not list again.
    public var alsoIn: [Duplicate] = []

    /// Another feed's copy of the same story.
    public struct Duplicate: Sendable, Hashable {
        public var seq: Int64
        public var feedURL: String
        public var feedName: String

        public init(seq: Int64, feedURL: String, feedName: String) {
            self.seq = seq
            self.feedURL = feedURL
            self.feedName = feedName
        }
    }

    public init(seq: Int64, feedURL: String, feedName: String, id: String? = nil, key: String, title: String? = nil,
                link: String? = nil, published: Timestamp? = nil, updated: Timestamp? = nil, fetched: Timestamp) {
        self.seq = seq
        self.feedURL = feedURL
        self.feedName = feedName
        self.id = id
        self.key = key
        self.title = title
        self.link = link
        self.published = published
        self.updated = updated
        self.fetched = fetched
    }
}
