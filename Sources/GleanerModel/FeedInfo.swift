/// The feed-level metadata of a parsed document.
public struct FeedInfo: Sendable, Hashable {
    public var title: String?
    public var link: String?
    public var links: [Link] = []
    public var description: String?
    public var language: String?
    public var updated: Timestamp?
    public var authors: [Person] = []
    public var contributors: [Person] = []
    /// URL of the feed's image or logo.
    public var image: String?
    public var generator: String?
    /// The feed's own address (`atom:link rel="self"`).
    public var selfLink: String?
    /// Polling hints the scheduler honours: RSS `<ttl>` in minutes, `sy:updatePeriod`/`sy:updateFrequency`,
    /// `skipHours` (0-23, UTC) and `skipDays` (English day names as written in the feed).
    public var ttl: Int?
    public var updatePeriod: String?
    public var updateFrequency: Int?
    public var skipHours: [Int] = []
    public var skipDays: [String] = []

    public init() {}
}
