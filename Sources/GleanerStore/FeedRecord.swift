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
    /// When the daemon fetches the feed next, and why then (`interval`, `ttl`, `backoff`, `Retry-After`, …).
    public var nextDue: Timestamp? = nil
    public var nextDueReason: String? = nil
    /// Why the daemon does not fetch it (410 Gone, stopping the process); nil when it does.
    public var disabled: FeedDisabled? = nil
    /// A permanent redirect's target and how many consecutive fetches confirmed it.
    public var movedTo: String? = nil
    public var moveConfirmations: Int = 0
    /// Hash of the last body parsed: an identical body is not parsed again.
    public var bodyHash: String? = nil
    /// No fetch before this time (HTTP `Cache-Control: max-age` / `Expires`, capped).
    public var cacheUntil: Timestamp? = nil
    /// The feed's own polling hints, from its last successful parse.
    public var hints = FeedHints()
    /// When the feed last brought a new article.
    public var lastNew: Timestamp? = nil
    /// Which identity the feed's articles are keyed by (`id`, then `link`, then `hash`), why it moved on from
    /// the default and when: `gleaner feeds` shows a feed that is not keyed by id.
    public var keyMode: KeyMode = .id
    public var keyModeReason: String? = nil
    public var keyModeChanged: Timestamp? = nil
    /// Articles pruned by retention whose identity is kept (not in `articleCount`).
    public var tombstones: Int = 0
    /// Stops of the process while this feed alone was being processed (0, 1 = held back, 2 = disabled), the
    /// time until which it is held back, and whether it is fetched alone (it was in progress with other feeds
    /// when the process stopped). All cleared by a successful fetch (SQLiteStore+Interrupted.swift).
    public var stops: Int = 0
    public var heldUntil: Timestamp? = nil
    public var fetchAlone: Bool = false


    /// What `gleaner feeds` says about a feed suspected of stopping the process, nil when it is not.
    public var stopSuspicion: String? {
        if stops > 0 {
            let times = stops == 1 ? "once" : "\(stops) times"
            var text = "suspected of stopping the process: it was being fetched when the process stopped \(times)"
            if disabled != nil { return text + "; disabled until `gleaner fetch NAME` succeeds" }
            if let heldUntil { text += "; held back until \(heldUntil.rfc3339)" }
            return text + "; fetched alone next time (a second stop disables it)"
        }
        if fetchAlone {
            return "was being fetched, with other feeds, when the process stopped: fetched alone next time"
        }
        return nil
    }

    /// The name to show: the configured name, else the feed's title, else the host of its URL.
    public var displayName: String { FeedRecord.displayName(name: name, title: title, url: url) }

    /// The one rule for a feed's shown name (feed listings, headlines, explain): every backend names feeds by it.
    public static func displayName(name: String?, title: String?, url: String) -> String {
        if let name, !name.isEmpty { return name }
        if let title, !title.isEmpty { return title }
        return URLHost.host(of: url)
    }
}

extension FeedRecord {
    /// A feed row with its identity only; a backend fills in the rest field by field.
    public init(id: Int64, url: String, name: String? = nil, title: String? = nil, tags: [String] = [],
                configured: Bool = true) {
        self.id = id
        self.url = url
        self.name = name
        self.title = title
        self.tags = tags
        self.configured = configured
        consecutiveFailures = 0
        articleCount = 0
    }
}
