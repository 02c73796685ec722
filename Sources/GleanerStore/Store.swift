import GleanerModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Gleaner's database, whatever the backend: feeds and their fetch state, their articles deduplicated by
/// identity key in a log numbered by sequence, consumer cursors over that log, and the state the scheduler
/// keeps (due times, host holds, claims). The pipeline, the daemon and the CLI use only this protocol;
/// `SQLiteStore` is the embedded backend, and `StoreOpener` is how a store is opened without naming one.
///
/// A class protocol, not `Sendable`: a store is a connection, used from one thread or serial queue (a
/// backend need not lock); whoever needs another thread opens another connection through `opener`. It has
/// no associated types, so `Store` is usable as a type as it is.
///
/// The semantics below are the contract a backend keeps, checked by the store tests
/// (`Tests/GleanerStoreTests`), which run over every backend available (`StoreBackend.all`). In short:
/// - every write is one transaction: all of it or nothing, including `record` with all its articles;
/// - an article is stored exactly once per (feed, identity key), however many connections record the feed;
/// - sequence numbers only grow: a new article gets a number larger than every number handed out before
///   (pruned or purged ones included), so a cursor never misses an article stored after it was read;
/// - a read-only connection refuses every write with `StoreError.readOnly` and changes nothing;
/// - errors are `StoreError`s naming the store by `location`.
public protocol Store: AnyObject {
    /// Where the store is, as messages name it: a file path, or a connection URI without its password.
    var location: String { get }
    var isReadOnly: Bool { get }
    /// How to open another connection to this same store (a writer thread, the after-fetch worker).
    var opener: StoreOpener { get }

    // MARK: Feeds (feeds.conf mirrored into the store)

    /// Makes the feed list reflect the configuration: inserts new URLs, updates the name, tags and order of
    /// known ones. Feeds no longer configured keep their row, state and articles, but are marked not
    /// configured (and leave `feeds()` and unfiltered `headlines`); configuring them again revives them.
    /// A URL listed twice keeps its first entry.
    func syncFeeds(_ feeds: [(url: String, name: String?, tags: [String])]) throws
    /// One feed, configured or not, with its article and tombstone counts.
    func feed(url: String) throws -> FeedRecord?
    /// Feeds in configuration order; with `configuredOnly: false`, the no-longer-configured ones follow.
    func feeds(configuredOnly: Bool) throws -> [FeedRecord]
    /// Adds a feed that is not in the configuration (`gleaner fetch URL`), unless the store knows it already;
    /// it is not marked configured.
    func ensureFeed(url: String) throws
    /// Gives a feed a new URL (a confirmed permanent move), keeping its articles, sequence numbers, state and
    /// validators; `movedTo` is cleared. False, changing nothing, when the new URL is taken or the old unknown.
    @discardableResult func renameFeed(from old: String, to new: String) throws -> Bool
    /// Deletes a feed with its articles and tombstones (`gleaner remove --purge`); whether the store knew it.
    @discardableResult func purgeFeed(url: String) throws -> Bool
    /// The web site each feed named as its own (http(s) only), by feed URL, for OPML's `htmlUrl`.
    func siteURLs() throws -> [String: String]

    // MARK: Fetching (what a fetch reads before it starts, and records when it ends)

    /// Every feed's stored state, by URL, in one query; `articleCount` and `tombstones` are 0 in these.
    func fetchStates() throws -> [String: FeedRecord]
    /// Just these feeds' states (an index lookup each), as `fetchStates()`; unknown URLs are absent.
    func fetchStates(urls: [String]) throws -> [String: FeedRecord]
    /// Records one fetch attempt, its new feed state and its articles, in one transaction; the fetch's claim
    /// on the feed (`claimFeeds`) ends with it.
    ///
    /// On success: failures reset, `last_success` set, validators replaced by the fetch's (nil clears them),
    /// hints, site, move, disabling, host hold and next due time saved, and the articles stored:
    /// - a key not seen before in this feed is new and gets a fresh sequence number; the batch is numbered in
    ///   reverse document order, so the feed's first (newest) item gets the largest number;
    /// - a known key whose content hash changed is rewritten in place, keeping its sequence number and first
    ///   `fetched` time, at most `StoreLimits.maxUpdatesPerArticle` times;
    /// - a known key with the same hash, a tombstone's key, or a key repeated within the batch is left alone;
    /// - the feed's key mode moves on (`KeyMode.problem`) before storing when the batch shows it does not
    ///   identify articles.
    ///
    /// On failure (`succeeded == false`): only the attempt, status, result and error are written and the
    /// failure count grows; `articles` is ignored. Returns the counts (all 0 for a failure); an empty
    /// `fetch.result` is filled with them ("3 new"). `StoreError.unknownFeed` for a URL the store lacks.
    func record(feedURL: String, fetch: FetchRecord, articles: [Article]) throws -> StoreOutcome
    /// How many of a feed's articles were first stored at or after `since`: the daily growth cap's count.
    func articlesFirstSeen(feedURL: String, since: Timestamp) throws -> Int
    /// A feed's publishing history for the adaptive interval: articles first stored (or published, when
    /// earlier) since `since`, and when its oldest stored article was first seen (nil: none yet).
    func articleHistory(feedURL: String, since: Timestamp) throws -> (count: Int, firstSeen: Timestamp?)

    // MARK: Scheduling

    /// Sets when a feed is fetched next, and why, outside a fetch (a reload, a skipHours window, jitter).
    func setSchedule(feedURL: String, nextDue: Timestamp?, reason: String?) throws
    /// Sets many feeds' next due times in one transaction.
    func setSchedules(_ entries: [(feedURL: String, nextDue: Timestamp?, reason: String?)]) throws
    /// Every configured feed's schedule, in one pass (no per-feed counts).
    func schedules() throws -> [FeedSchedule]
    /// One feed's schedule, by URL.
    func schedule(feedURL: String) throws -> FeedSchedule?
    /// Configured feeds, those due at `now` (not disabled, never fetched counts as due) and those failing.
    func scheduleSummary(now: Timestamp) throws -> (feeds: Int, due: Int, failing: Int)
    /// Disables a feed (`disabled`: why, under which line, since when) or, with nil, enables it again
    /// (clearing all four).
    func setDisabled(feedURL: String, _ disabled: FeedDisabled?) throws

    // MARK: Host politeness shared by every process on the store

    /// A host's `Retry-After` (429/503): no request to it before `until` (nil lifts it). Hosts are the
    /// `HostKey` raw values (lower-case `host[:port]`, the port only when not the default).
    func setHostRetry(host: String, until: Timestamp?) throws
    /// Hosts that asked to be left alone until a time after `now`.
    func hostRetries(after now: Timestamp) throws -> [String: Timestamp]

    // MARK: Claims: which process is fetching a feed

    /// Claims `urls` for `owner` before their transfers start, for at least `lease` seconds; returns the URLs
    /// claimed, in the order given. A backend shared by several daemons claims only feeds nobody else holds
    /// (and whose lease has not run out), so a feed is never fetched by two daemons at once; SQLite, one
    /// daemon per file, claims them all. A claim ends with `record` of the feed, `releaseClaims`, or its
    /// owner found gone by `settleInterruptedFetches`.
    @discardableResult func claimFeeds(_ urls: [String], owner: FetchOwner, lease: Int64) throws -> [String]
    /// `claimFeeds` for a daemon's batch: only feeds still due at `now` (by the stored due time) are claimed,
    /// so a feed another daemon fetched since this one read its schedule is not fetched again. The default
    /// claims them all (one daemon per store: nobody else moves its due times).
    @discardableResult func claimDueFeeds(_ urls: [String], owner: FetchOwner, lease: Int64, now: Timestamp) throws
        -> [String]
    /// Ends every claim `owner` still holds (feeds it did not record, such as those held back for their host).
    func releaseClaims(owner: FetchOwner) throws
    /// Finds the claims of owners that are gone (`isAlive(pid)` false for a process of this machine, or a
    /// lease run out), ends them and applies `StopVerdict.decide` to each feed: a feed that was being fetched
    /// when its process died is fetched alone, held back or disabled. Claims of a live owner are left alone.
    func settleInterruptedFetches(owner: FetchOwner, now: Timestamp, isAlive: (Int64) -> Bool) throws
        -> [InterruptedFetch]
    /// URLs of the feeds suspected of stopping the process (`stops`, `fetch_alone`): each is fetched alone.
    func feedsFetchedAlone() throws -> Set<String>

    // MARK: Headlines, consumers and cursors

    /// Articles newest first: by `Headline.date` (published, else updated, else first stored; never more than
    /// a day after first stored), then by sequence number; `since` filters on the same date. Without a `feed`
    /// filter only configured feeds are listed; with one, the feed whose URL or configured name matches is
    /// listed whether configured or not. Tombstones are never listed.
    ///
    /// With `onlyNewFor`, only articles past that consumer's cursor; when limited, the `limit` unshown
    /// articles with the lowest sequence numbers are taken (then ordered newest first), so that advancing the
    /// cursor to the largest shown seq skips nothing.
    ///
    /// A story already stored from another feed in scope (same normalised link, lower seq) is not listed
    /// again; the listed copy names the others in `alsoIn`.
    func headlines(_ q: HeadlineQuery) throws -> [Headline]
    /// The consumer's cursor: the largest seq it has been shown; 0 for a consumer never seen.
    func cursor(consumer: String) throws -> Int64
    /// Advances a consumer's cursor to `seq`, never backwards and never past the newest stored article.
    func markShown(consumer: String, upTo seq: Int64) throws
    /// Moves a consumer's cursor to exactly `seq` (clamped to 0…newest), backwards too (`headlines --reset`).
    func setCursor(consumer: String, to seq: Int64) throws
    /// The largest seq of articles first stored before `time` (0 when none).
    func lastSeq(storedBefore time: Timestamp) throws -> Int64
    /// The newest sequence number stored (0 when empty).
    func maxSeq() throws -> Int64
    /// Every consumer with a cursor, by name ("" first), with its backlog (live articles of configured feeds
    /// past the cursor).
    func consumers() throws -> [ConsumerRecord]
    /// A value that changes when another connection commits: `headlines --follow` polls it cheaply before
    /// re-running its query. Equal values mean nothing was committed elsewhere in between.
    func dataVersion() throws -> Int64
    /// Waits until another connection may have committed new articles, or `timeout` seconds pass; returns early
    /// only where the backend can be told (PostgreSQL: `LISTEN`). `headlines --follow` then checks `dataVersion`.
    func waitForChange(timeout: Double) throws

    // MARK: Hooks (`on-new` programs)

    /// Records, for each (program consumer, feed URL) pair not seen before, where the program starts on that
    /// feed: after every sequence number handed out so far. A consumer from before per-feed starts existed
    /// starts at its cursor instead. Known pairs keep their start.
    func attachHooks(_ pairs: [(consumer: String, feedURL: String)]) throws
    /// Where a program starts on each of its feeds: it is given only articles with a larger seq.
    func hookStarts(consumer: String) throws -> [String: Int64]

    // MARK: Retention and explanation

    /// Applies retention to each feed, in transactions of at most `StoreLimits.pruneBatch` articles; returns
    /// how many became tombstones. A tombstone keeps its identity (key, guid, link, title, dates, first
    /// enclosure) so the feed listing it again does not make it new; its text is cleared.
    @discardableResult func applyRetention(_ policies: [RetentionPolicy], now: Timestamp) throws -> Int
    /// Finds an article by sequence number, else by link (as written or normalised); the oldest match wins.
    /// Its `fullText` is the article's full-text status (nil when never judged).
    func explain(_ ref: String) throws -> ArticleExplanation?

    // MARK: Full text (the pipeline's page step, README "Full text")

    /// Articles of these feeds whose full text was never judged, stored (or given a new link by an update) at
    /// or after `since`, oldest first, at most `limit`. An update that changes an article's link clears its
    /// full-text status and text (`record`); one that keeps the link leaves them.
    func fullTextUnjudged(feedURLs: [String], since: Timestamp, limit: Int) throws -> [FullTextCandidate]
    /// Articles whose status is `pending` with `next` at or before `now`, earliest `next` first (then by seq),
    /// at most `limit`; tombstones never.
    func fullTextDue(now: Timestamp, limit: Int) throws -> [FullTextCandidate]
    /// Sets an article's full-text status (every field, as given); `text` and `html` are stored only with a
    /// `done` status and cleared otherwise. `headlines` returns them (`includeFullText`) only while `done`;
    /// retention clears them. A tombstone is left alone.
    func recordFullText(seq: Int64, _ status: FullTextStatus, text: String?, html: String?) throws
    /// Several statuses (no text) in one transaction.
    func recordFullText(_ statuses: [(seq: Int64, status: FullTextStatus)]) throws

    // MARK: Maintenance

    /// Gives unused space back and refreshes the planner's statistics (`gleaner vacuum`); readers go on.
    func vacuum() throws
    /// Bytes the store occupies (SQLite: the main file without its WAL).
    func storageSize() throws -> Int64
}

/// The usual arguments: this process as the owner, the current time, this machine's process table.
extension Store {
    public func feeds() throws -> [FeedRecord] { try feeds(configuredOnly: true) }

    @discardableResult
    public func claimFeeds(_ urls: [String], lease: Int64) throws -> [String] {
        try claimFeeds(urls, owner: .current, lease: lease)
    }

    public func releaseClaims() throws { try releaseClaims(owner: .current) }

    /// No notifications: the whole timeout passes (SQLite's `data_version` is cheap to poll).
    public func waitForChange(timeout: Double) throws {
        usleep(useconds_t(max(0, min(timeout, 3600)) * 1_000_000))
    }

    @discardableResult
    public func claimDueFeeds(_ urls: [String], owner: FetchOwner, lease: Int64, now: Timestamp) throws -> [String] {
        try claimFeeds(urls, owner: owner, lease: lease)
    }

    public func settleInterruptedFetches(owner: FetchOwner = .current, now: Timestamp = .now())
        throws -> [InterruptedFetch] {
        try settleInterruptedFetches(owner: owner, now: now, isAlive: FetchOwner.isAlive)
    }

    @discardableResult
    public func applyRetention(_ policies: [RetentionPolicy]) throws -> Int {
        try applyRetention(policies, now: .now())
    }
}
