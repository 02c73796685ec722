import GleanerConfig
import GleanerModel
import GleanerStore

/// What one fetch showed about a feed's timing, handed to `DuePlanner` so that the next due time
/// is decided before the fetch is stored, and stored in the same transaction.
public struct FetchObservation: Sendable {
    public var feed: FeedConfig
    /// Consecutive failures before this fetch, and the hints stored from the last successful parse.
    public var previousFailures: Int
    public var storedHints: FeedHints?
    /// Whether any earlier fetch succeeded: a feed that never worked is retried within its interval.
    public var everSucceeded: Bool
    public var attemptedAt: Timestamp
    public var succeeded: Bool
    public var status: Int?
    /// Verbatim response headers (nil when absent or when the transfer failed before a response).
    public var retryAfter: String?
    public var cacheControl: String?
    public var expires: String?
    /// The document's hints (nil for a 304 or a failure: the stored ones then apply).
    public var hints: FeedHints?

    public init(feed: FeedConfig, previous: FeedRecord?, attemptedAt: Timestamp, succeeded: Bool, status: Int? = nil,
                retryAfter: String? = nil, cacheControl: String? = nil, expires: String? = nil,
                hints: FeedHints? = nil) {
        self.init(feed: feed, previousFailures: previous?.consecutiveFailures ?? 0, storedHints: previous?.hints,
                  everSucceeded: previous?.lastSuccess != nil, attemptedAt: attemptedAt, succeeded: succeeded, status: status, retryAfter: retryAfter,
                  cacheControl: cacheControl, expires: expires, hints: hints)
    }

    public init(feed: FeedConfig, previousFailures: Int, storedHints: FeedHints?, everSucceeded: Bool = true,
                attemptedAt: Timestamp, succeeded: Bool, status: Int? = nil, retryAfter: String? = nil,
                cacheControl: String? = nil, expires: String? = nil, hints: FeedHints? = nil) {
        self.feed = feed
        self.previousFailures = previousFailures
        self.storedHints = storedHints
        self.everSucceeded = everSucceeded
        self.attemptedAt = attemptedAt
        self.succeeded = succeeded
        self.status = status
        self.retryAfter = retryAfter
        self.cacheControl = cacheControl
        self.expires = expires
        self.hints = hints
    }
}

/// The next fetch of a feed: when, and the reason `gleaner feeds` shows.
public struct NextFetch: Sendable, Equatable {
    public var due: Timestamp
    public var reason: String
    /// No fetch before this time because of HTTP caching headers (stored for `gleaner fetch` to see).
    public var cacheUntil: Timestamp?

    public init(due: Timestamp, reason: String, cacheUntil: Timestamp? = nil) {
        self.due = due
        self.reason = reason
        self.cacheUntil = cacheUntil
    }
}
