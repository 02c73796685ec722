import GleanerModel

/// Settings that can be given globally and overridden per feed. `nil` means "not set here".
public struct FeedOptions: Sendable, Hashable {
    /// Seconds between two fetches of the feed.
    public var interval: Int?
    public var userAgent: String?
    /// Total seconds one transfer may take.
    public var timeout: Int?
    public var connectTimeout: Int?
    /// Bytes/second below which, for `lowSpeedTime` seconds, a transfer is cut off (a trickling server).
    public var lowSpeedLimit: Int?
    public var lowSpeedTime: Int?
    /// Largest body accepted, counted after decompression.
    public var maxSize: Int?
    /// A program run with each batch of new articles as JSON Lines on its standard input.
    public var onNew: String?
    /// Retention: articles older than this many seconds are pruned (their identity is kept).
    public var keep: Int?
    /// Retention: at most this many articles per feed are kept.
    public var keepItems: Int?
    /// Articles taken from one fetch at most (the newest); also bounds the parse's memory.
    public var maxItems: Int?
    /// HTTP basic authentication; the password is read from a file so that it never sits in feeds.conf.
    public var user: String?
    public var passwordFile: String?
    /// TLS certificate verification off (`insecure=yes`): shown as a warning by `gleaner feeds`.
    public var insecure: Bool?
    /// Whether to fetch each article's page and extract its full text (README, "Full text").
    public var fullText: FullTextMode?
    /// Per-site full-text rules: the article's container on the page, and elements to drop from it.
    public var fullTextSelector: CSSSelector?
    public var fullTextRemove: CSSSelector?

    public init() {}

    /// These options, with every unset one taken from `fallback`.
    public func over(_ fallback: FeedOptions) -> FeedOptions {
        var o = self
        o.interval = interval ?? fallback.interval
        o.userAgent = userAgent ?? fallback.userAgent
        o.timeout = timeout ?? fallback.timeout
        o.connectTimeout = connectTimeout ?? fallback.connectTimeout
        o.lowSpeedLimit = lowSpeedLimit ?? fallback.lowSpeedLimit
        o.lowSpeedTime = lowSpeedTime ?? fallback.lowSpeedTime
        o.maxSize = maxSize ?? fallback.maxSize
        o.onNew = onNew ?? fallback.onNew
        o.keep = keep ?? fallback.keep
        o.keepItems = keepItems ?? fallback.keepItems
        o.maxItems = maxItems ?? fallback.maxItems
        o.user = user ?? fallback.user
        o.passwordFile = passwordFile ?? fallback.passwordFile
        o.insecure = insecure ?? fallback.insecure
        o.fullText = fullText ?? fallback.fullText
        o.fullTextSelector = fullTextSelector ?? fallback.fullTextSelector
        o.fullTextRemove = fullTextRemove ?? fallback.fullTextRemove
        return o
    }

    /// The built-in defaults, used where neither the feed nor the global settings say otherwise.
    public static let builtIn: FeedOptions = {
        var o = FeedOptions()
        o.interval = 30 * 60
        o.timeout = 60
        o.connectTimeout = 15
        o.lowSpeedLimit = 1
        o.lowSpeedTime = 30
        o.maxSize = 16 << 20
        o.maxItems = 1000
        o.insecure = false
        o.fullText = .never
        return o
    }()
}
