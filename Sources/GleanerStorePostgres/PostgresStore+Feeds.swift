import GleanerModel
import GleanerStore

/// The feeds table: configuration sync, listings, the fetcher's state, moves, schedules and host state
/// (`SQLiteStore+Feeds.swift`, `SQLiteStore+FetchState.swift`, `SQLiteStore+Schedule.swift`, `SQLiteStore+Sites.swift` on SQLite).
extension PostgresStore {
    /// `Store.syncFeeds`: the feeds table reflects the configuration. Daemons sharing the database run it with
    /// the same feeds.conf; the row locks of the first make the others wait, never interleave.
    public func syncFeeds(_ feeds: [(url: String, name: String?, tags: [String])]) throws {
        try requireWritable("sync feeds")
        try connection.transaction {
            try connection.query("UPDATE feeds SET configured = false WHERE configured")
            var seen = Set<String>()
            for (ordinal, feed) in feeds.enumerated() where seen.insert(feed.url).inserted {
                try connection.query("""
                    INSERT INTO feeds (url, name, tags, ordinal, configured)
                    VALUES ($1::text, $2::text, $3::text, $4::bigint, true)
                    ON CONFLICT (url) DO UPDATE
                    SET name = excluded.name, tags = excluded.tags, ordinal = excluded.ordinal, configured = true
                    """, [feed.url, feed.name, StoredJSON.strings(feed.tags), ordinal])
            }
        }
    }

    /// `FeedRecord.storeSelect` (one column order, one decoder: `Store.feedRecord`), with PostgreSQL's booleans.
    static let feedSelect = FeedRecord.storeSelect.replacingAll("t.pruned <> 0", with: "t.pruned")
    private static let fetchStateSelect =
        feedSelect.replacing(#/\(SELECT COUNT\(\*\) FROM articles [^()]*\)/#, with: "0")

    public func feed(url: String) throws -> FeedRecord? {
        try connection.query(Self.feedSelect + " WHERE f.url = $1::text", [url]).first.map { FeedRecord(row: $0) }
    }

    public func feeds(configuredOnly: Bool = true) throws -> [FeedRecord] {
        try connection.query(Self.feedSelect + " WHERE f.configured OR NOT $1::boolean ORDER BY f.configured DESC, f.ordinal, f.id",
                             [configuredOnly]).rows.map { FeedRecord(row: $0) }
    }

    public func fetchStates() throws -> [String: FeedRecord] {
        var out: [String: FeedRecord] = [:]
        for row in try connection.query(Self.fetchStateSelect).rows {
            let record = FeedRecord(row: row)
            out[record.url] = record
        }
        return out
    }

    public func fetchStates(urls: [String]) throws -> [String: FeedRecord] {
        var out: [String: FeedRecord] = [:]
        for row in try connection.query(Self.fetchStateSelect + " WHERE f.url = ANY($1::text[])",
                                        [PostgresStore.textArray(urls)]).rows {
            let record = FeedRecord(row: row)
            out[record.url] = record
        }
        return out
    }

    public func ensureFeed(url: String) throws {
        try requireWritable("add a feed")
        try connection.query("""
            INSERT INTO feeds (url, configured, ordinal)
            VALUES ($1::text, false, (SELECT COALESCE(MAX(ordinal), 0) + 1 FROM feeds))
            ON CONFLICT (url) DO NOTHING
            """, [url])
    }

    @discardableResult
    public func renameFeed(from old: String, to new: String) throws -> Bool {
        try requireWritable("rename a feed")
        return try connection.transaction {
            if try connection.query("SELECT 1 FROM feeds WHERE url = $1::text", [new]).rowCount > 0 { return false }
            return try connection.query("""
                UPDATE feeds SET url = $2::text, moved_to = NULL, move_confirmations = 0, effective_url = NULL
                WHERE url = $1::text
                """, [old, new]).changes > 0
        }
    }

    // MARK: Schedule

    public func setSchedule(feedURL: String, nextDue: Timestamp?, reason: String?) throws {
        try requireWritable("schedule a feed")
        try connection.query("UPDATE feeds SET next_due = $2::bigint, next_due_reason = $3::text WHERE url = $1::text",
                             [feedURL, nextDue, reason])
    }

    /// Disables a feed or, with nil, enables it again (`FeedState.transition` decides which).
    public func setDisabled(feedURL: String, _ disabled: FeedDisabled?) throws {
        try requireWritable("disable a feed")
        try connection.query("UPDATE feeds SET \(Self.disabledColumns(from: 2)) WHERE url = $1::text",
                             [feedURL] + Self.disabledValues(disabled))
    }

    /// The assignments of the four disabled columns to parameters from `first`: kind, reason, fingerprint,
    /// time (all NULL: enabled), whose values are `disabledValues`.
    static func disabledColumns(from first: Int) -> String {
        "disabled_kind = $\(first)::text, disabled_reason = $\(first + 1)::text, "
            + "disabled_fingerprint = $\(first + 2)::text, disabled_at = $\(first + 3)::bigint"
    }

    static func disabledValues(_ disabled: FeedDisabled?) -> [any PGValue] {
        [disabled?.kind.rawValue, disabled?.reason, disabled?.fingerprint, disabled?.at]
    }

    public func articleHistory(feedURL: String, since: Timestamp) throws -> (count: Int, firstSeen: Timestamp?) {
        guard let row = try connection.query("""
            SELECT COALESCE(SUM(CASE WHEN LEAST(COALESCE(a.published, a.fetched), a.fetched) >= $2::bigint THEN 1 ELSE 0 END), 0),
                   MIN(a.fetched)
            FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE f.url = $1::text
            """, [feedURL, since]).first else { return (0, nil) }
        return (Int(row.int64(0)), row.timestamp(1))
    }

    public func setHostRetry(host: String, until: Timestamp?) throws {
        try requireWritable("record a host's Retry-After")
        try connection.query("""
            INSERT INTO hosts (host, retry_until) VALUES ($1::text, $2::bigint)
            ON CONFLICT (host) DO UPDATE SET retry_until = excluded.retry_until
            """, [host, until])
    }

    public func hostRetries(after now: Timestamp) throws -> [String: Timestamp] {
        var out: [String: Timestamp] = [:]
        for row in try connection.query("SELECT host, retry_until FROM hosts WHERE retry_until > $1::bigint", [now]).rows {
            if let host = row.string(0), let until = row.timestamp(1) { out[host] = until }
        }
        return out
    }

    public func schedules() throws -> [FeedSchedule] {
        try connection.query(FeedSchedule.storeSelect + " WHERE configured").rows.map { FeedSchedule(row: $0) }
    }

    public func schedule(feedURL: String) throws -> FeedSchedule? {
        try connection.query(FeedSchedule.storeSelect + " WHERE url = $1::text", [feedURL]).first.map { FeedSchedule(row: $0) }
    }

    public func setSchedules(_ entries: [(feedURL: String, nextDue: Timestamp?, reason: String?)]) throws {
        try requireWritable("schedule feeds")
        try connection.transaction {
            for e in entries { try setSchedule(feedURL: e.feedURL, nextDue: e.nextDue, reason: e.reason) }
        }
    }

    public func scheduleSummary(now: Timestamp) throws -> (feeds: Int, due: Int, failing: Int) {
        guard let row = try connection.query("""
            SELECT COUNT(*),
                   COUNT(*) FILTER (WHERE disabled_kind IS NULL AND COALESCE(next_due, $1::bigint) <= $1::bigint),
                   COUNT(*) FILTER (WHERE consecutive_failures > 0)
            FROM feeds WHERE configured
            """, [now]).first else { return (0, 0, 0) }
        return (Int(row.int64(0)), Int(row.int64(1)), Int(row.int64(2)))
    }

    // MARK: Sites

    func saveSiteURL(feedID: Int64, _ site: String?) throws {
        guard let site, SQLiteStore.isWebURL(site) else { return }
        try connection.query("UPDATE feeds SET site_url = $2::text WHERE id = $1::bigint AND site_url IS DISTINCT FROM $2::text",
                             [feedID, site])
    }

    public func siteURLs() throws -> [String: String] {
        var out: [String: String] = [:]
        for row in try connection.query("SELECT url, site_url FROM feeds WHERE site_url IS NOT NULL").rows {
            if let url = row.string(0), let site = row.string(1) { out[url] = site }
        }
        return out
    }
}
