import GleanerModel

/// What retention keeps of one feed (`keep = 90d`, `keep-items = 1000`). Both count by the article's date as
/// `headlines` shows and orders it (`articles.sort_at`: published, else updated, else first stored, and never
/// later than a day after first stored), so what retention removes is always the bottom of that listing.
public struct RetentionPolicy: Sendable, Hashable {
    public var feedURL: String
    /// Seconds: an article whose date and whose first storing are both more than this long ago is pruned
    /// (one exactly this old is kept). A feed added today keeps its old articles for this long.
    public var keep: Int?
    /// At most this many live articles are kept: the newest by date, and of equal dates the later stored,
    /// exactly the first ones `headlines --feed` lists.
    public var keepItems: Int?

    public init(feedURL: String, keep: Int?, keepItems: Int?) {
        self.feedURL = feedURL
        self.keep = keep
        self.keepItems = keepItems
    }
}
