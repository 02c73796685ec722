/// One entry of a feed, as parsed. Plain values only: no C, no references.
public struct Article: Sendable, Hashable {
    public var id: String?
    /// Plain text: entities decoded, markup removed, white space collapsed.
    public var title: String?
    /// Absolute.
    public var link: String?
    public var links: [Link] = []
    public var published: Timestamp?
    public var updated: Timestamp?
    public var authors: [Person] = []
    public var contributors: [Person] = []
    public var summary: String?
    public var summaryType: TextType?
    public var content: String?
    public var contentType: TextType?
    public var categories: [String] = []
    public var enclosures: [Enclosure] = []
    /// The effective language (`xml:lang` inherited, `dc:language`, or the feed's).
    public var language: String?
    public var comments: String?
    /// An image for the article (`media:thumbnail`, `itunes:image`, JSON Feed `image`), absolute.
    public var image: String?
    /// Play length in seconds (`itunes:duration`).
    public var duration: Int?
    /// Number of comments (`slash:comments`).
    public var commentCount: Int?
    /// The article's comment feed (`wfw:commentRss`), absolute.
    public var commentsFeed: String?

    /// An empty article, inlinable: the parser makes one per entry, and through the initializer below every
    /// field would be copied and destroyed once more, about 800 instructions each time (also if that one were
    /// inlinable: the default arguments are assigned after the defaults).
    @inlinable public init() {}

    public init(id: String? = nil, title: String? = nil, link: String? = nil) {
        self.id = id
        self.title = title
        self.link = link
    }
}
