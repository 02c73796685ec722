/// One feed line of feeds.conf: its URL and the options that override the global settings.
public struct FeedConfig: Sendable, Hashable {
    public var url: String
    public var name: String?
    public var tags: [String] = []
    /// Seconds between fetches; nil means the global interval.
    public var interval: Int?
    public var userAgent: String?
    public var timeout: Int?
    public var connectTimeout: Int?
    public var maxSize: Int?
    /// The line it came from (for messages and in-place edits).
    public var line: Int

    public init(url: String, name: String? = nil, tags: [String] = [], line: Int = 0) {
        self.url = url
        self.name = name
        self.tags = tags
        self.line = line
    }
}
