import GleanerModel

/// A feed as the database knows it: configuration, last fetch outcome, validators.
public struct FeedRecord: Sendable, Hashable {
    public var id: Int64
    public var url: String
    /// The name given in the configuration.
    public var name: String?
    /// The title the feed document gave itself.
    public var title: String?
    public var tags: [String]
    public var etag: String?
    public var lastModified: String?
    /// When the stored validators were last changed (nil when there are none).
    public var validatorsSaved: Timestamp?
    public var lastAttempt: Timestamp?
    public var lastSuccess: Timestamp?
    public var lastStatus: Int?
    /// Human text of the last outcome: "3 new", "not modified", "HTTP 404 Not Found".
    public var lastResult: String?
    public var lastError: String?
    public var consecutiveFailures: Int
    public var effectiveURL: String?
    public var articleCount: Int
    /// False once the feed has left the configuration; its row and articles are kept.
    public var configured: Bool

    /// The name to show: the configured name, else the feed's title, else the host of its URL.
    public var displayName: String {
        if let name, !name.isEmpty { return name }
        if let title, !title.isEmpty { return title }
        return URLHost.host(of: url)
    }
}
