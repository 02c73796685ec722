/// One feed line of feeds.conf: its URL, name, tags, and the options that override the global settings.
public struct FeedConfig: Sendable, Hashable {
    public var url: String
    public var name: String?
    public var tags: [String] = []
    /// Only what this line sets; `Config.options(for:)` gives the effective values.
    public var options = FeedOptions()
    /// The line it came from (for messages and in-place edits).
    public var line: Int

    public init(url: String, name: String? = nil, tags: [String] = [], line: Int = 0) {
        self.url = url
        self.name = name
        self.tags = tags
        self.line = line
    }
}
