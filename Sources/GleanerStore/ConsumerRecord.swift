/// A named reader of the article log and how far it has read: `gleaner consumers`.
public struct ConsumerRecord: Sendable, Hashable {
    /// "" is the default consumer (`headlines --new` without `--consumer`); hooks are `hook:/path`.
    public var name: String
    /// The largest sequence number it has been given.
    public var cursor: Int64
    /// Stored articles (of configured feeds, tombstones excluded) past the cursor.
    public var backlog: Int

    public init(name: String, cursor: Int64, backlog: Int) {
        self.name = name
        self.cursor = cursor
        self.backlog = backlog
    }
}
