import GleanerModel

/// Where an article's full text stands: the `fulltext_*` columns (Migration 9), shown by `explain`.
public struct FullTextStatus: Sendable, Hashable {
    public enum State: String, Sendable, Hashable {
        /// Judged complete in the feed (`fulltext = auto`): no page fetched.
        case skipped
        /// To fetch, at `next` (a first try, or a retry after a failure).
        case pending
        /// The page's article is stored (`full_text`, `full_html`).
        case done
        /// The page was fetched but its article was not kept (none found, or not longer than the feed's text):
        /// the feed's own content stands.
        case keptFeed = "kept-feed"
        /// Every attempt failed: the feed's own content stands.
        case failed
    }

    public var state: State
    /// Why the page was (or was not) fetched: "fulltext = always", "short: 212 letters", …
    public var reason: String?
    /// The last attempt.
    public var at: Timestamp?
    /// The last attempt's failure, or why its article was not kept.
    public var error: String?
    public var attempts: Int = 0
    /// When a pending page is due.
    public var next: Timestamp?

    public init(state: State, reason: String? = nil, at: Timestamp? = nil, error: String? = nil, attempts: Int = 0,
                next: Timestamp? = nil) {
        self.state = state
        self.reason = reason
        self.at = at
        self.error = error
        self.attempts = attempts
        self.next = next
    }
}

/// An article whose page may be fetched, with what the full-text rule reads.
public struct FullTextCandidate: Sendable, Hashable {
    public var seq: Int64
    public var feedURL: String
    public var link: String?
    public var summary: String?
    public var content: String?
    /// Nil for an article never judged.
    public var status: FullTextStatus?
}
