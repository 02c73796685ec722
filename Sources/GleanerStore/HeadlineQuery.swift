import GleanerModel

/// Which headlines to list.
public struct HeadlineQuery: Sendable {
    /// Only articles past this consumer's cursor (see `Store.markShown`); "" is the default consumer.
    /// Such a query returns the *oldest* unshown articles first when limited (so that advancing the cursor
    /// skips nothing), and the caller orders them for display.
    public var onlyNewFor: String?
    /// A feed's URL or configured name. Without it, only configured feeds are listed.
    public var feed: String?
    /// At most this many: the newest (or, with `onlyNewFor`, the oldest unshown).
    public var limit: Int?
    /// Only feeds with this tag.
    public var tag: String?
    /// Only articles whose `Headline.date` is at or after this time.
    public var since: Timestamp?
    /// Only titles containing this text (case-insensitive for ASCII letters).
    public var search: String?
    /// Only articles whose feeds are among these URLs (a hook's feeds); nil means no restriction.
    public var feedURLs: [String]?
    /// Also list the later copies of a story already stored from another feed (a hook wants every article
    /// of its own feeds).
    public var includeDuplicates = false
    /// Only articles with a larger seq than this, as if it were a consumer's cursor (`--follow` without a
    /// consumer, hooks); takes precedence over `onlyNewFor`.
    public var afterSeq: Int64?
    /// The names feeds.conf gives now, by feed URL ("" for a configured feed without `name=`), so that a
    /// renamed feed shows its new name before its next fetch stores it. A URL not in the map keeps its stored
    /// name; nil uses stored names only.
    public var configuredNames: [String: String]?
    /// Also read each article's full text (`Headline.fullText`, `fullHTML`): JSON output and hooks, not the
    /// human listing, which never shows it.
    public var includeFullText = false

    /// The name a listed feed goes by: the configured one when known, else the stored one.
    package func name(of url: String, stored: String?) -> String? {
        guard let configured = configuredNames?[url] else { return stored }
        return configured
    }

    public init(onlyNewFor: String? = nil, feed: String? = nil, limit: Int? = nil, tag: String? = nil,
                since: Timestamp? = nil, search: String? = nil) {
        self.onlyNewFor = onlyNewFor
        self.feed = feed
        self.limit = limit
        self.tag = tag
        self.since = since
        self.search = search
    }
}
