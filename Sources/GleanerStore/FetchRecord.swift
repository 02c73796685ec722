import GleanerModel

/// What one fetch attempt did. `Store.record` stores it together with the articles in one transaction.
public struct FetchRecord: Sendable {
    public var attemptedAt: Timestamp
    public var status: Int?
    /// False for network errors, HTTP errors and unparseable documents: the feed's validators and articles
    /// are then left alone and its failure count grows.
    public var succeeded: Bool
    /// Human text of the outcome: "3 new", "not modified", "HTTP 404 Not Found".
    public var result: String
    public var error: String?
    /// Validators to keep for the next conditional GET; nil clears them (success only).
    public var etag: String?
    public var lastModified: String?
    /// Where redirects led, when they led elsewhere (success only).
    public var effectiveURL: String?
    /// The document's title; nil keeps the stored one (a 304 has no document).
    public var feedTitle: String?
    /// The web site the document names as the feed's own; nil keeps the stored one (see `Store.siteURLs`).
    public var feedSite: String? = nil
    /// The document's polling hints; nil keeps the stored ones (a 304 has no document).
    public var hints: FeedHints?
    /// When to fetch next and why, decided by the caller (the daemon's policy); nil leaves it unset, which
    /// makes the feed due at once for the daemon.
    public var nextDue: Timestamp?
    public var nextDueReason: String?
    /// No fetch before this time (HTTP caching headers); nil clears it.
    public var cacheUntil: Timestamp?
    /// Hash of the body just parsed (success only); nil keeps the stored one (a 304 has no body).
    public var bodyHash: String? = nil
    /// The validators were sent afresh (the stored ones were dropped for their age): their saved time restarts.
    public var validatorsRefreshed: Bool = false
    /// A permanent redirect's state after this fetch: the target (nil: none) and how many consecutive fetches
    /// confirmed it. `moveConfirmations == nil` leaves both stored values alone.
    public var movedTo: String? = nil
    public var moveConfirmations: Int? = nil
    /// Non-nil disables the feed (410 Gone), in the same transaction as the fetch.
    public var disabled: FeedDisabled? = nil
    /// A host's Retry-After (429/503), recorded in the `hosts` table in the same transaction.
    public var retryHost: String? = nil
    public var retryUntil: Timestamp? = nil

    public init(attemptedAt: Timestamp = .now(), status: Int? = nil, succeeded: Bool = true, result: String = "",
                error: String? = nil, etag: String? = nil, lastModified: String? = nil,
                effectiveURL: String? = nil, feedTitle: String? = nil) {
        self.attemptedAt = attemptedAt
        self.status = status
        self.succeeded = succeeded
        self.result = result
        self.error = error
        self.etag = etag
        self.lastModified = lastModified
        self.effectiveURL = effectiveURL
        self.feedTitle = feedTitle
        self.hints = nil
        self.nextDue = nil
        self.nextDueReason = nil
        self.cacheUntil = nil
    }
}
