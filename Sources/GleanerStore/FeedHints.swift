import GleanerModel

/// A feed's own polling hints (RSS `<ttl>`, `sy:updatePeriod`/`sy:updateFrequency`, `skipHours`/`skipDays`),
/// kept from its last successful parse so the scheduler can honour them after a `304` or a restart.
public struct FeedHints: Sendable, Hashable {
    /// Minutes.
    public var ttl: Int?
    public var updatePeriod: String?
    public var updateFrequency: Int?
    /// Hours (0-23, UTC) in which the feed asks not to be fetched.
    public var skipHours: [Int]
    /// English day names (`Monday`…) on which the feed asks not to be fetched.
    public var skipDays: [String]

    public init(ttl: Int? = nil, updatePeriod: String? = nil, updateFrequency: Int? = nil,
                skipHours: [Int] = [], skipDays: [String] = []) {
        self.ttl = ttl
        self.updatePeriod = updatePeriod
        self.updateFrequency = updateFrequency
        self.skipHours = skipHours
        self.skipDays = skipDays
    }

    public init(_ feed: FeedInfo) {
        self.init(ttl: feed.ttl, updatePeriod: feed.updatePeriod, updateFrequency: feed.updateFrequency,
                  skipHours: feed.skipHours, skipDays: feed.skipDays)
    }
}
