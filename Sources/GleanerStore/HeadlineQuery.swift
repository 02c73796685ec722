/// Which headlines to list.
public struct HeadlineQuery: Sendable {
    /// Only articles past this consumer's cursor (see `Store.markShown`); "" is the default consumer.
    public var onlyNewFor: String?
    /// A feed's URL or configured name. Without it, only configured feeds are listed.
    public var feed: String?
    /// At most this many, newest first.
    public var limit: Int?

    public init(onlyNewFor: String? = nil, feed: String? = nil, limit: Int? = nil) {
        self.onlyNewFor = onlyNewFor
        self.feed = feed
        self.limit = limit
    }
}
