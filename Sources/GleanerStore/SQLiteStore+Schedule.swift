import GleanerModel

extension SQLiteStore {
    /// Sets when a feed is fetched next, and why, outside a fetch (a reload, a skipHours window, jitter).
    public func setSchedule(feedURL: String, nextDue: Timestamp?, reason: String?) throws {
        try requireWritable("schedule a feed")
        let s = try cached("UPDATE feeds SET next_due = ?2, next_due_reason = ?3 WHERE url = ?1")
        defer { s.reset() }
        try s.bind(1, feedURL)
        try s.bind(2, nextDue)
        try s.bind(3, reason)
        try s.step()
    }

    /// Disables a feed or, with nil, enables it again (FeedState.transition decides which).
    public func setDisabled(feedURL: String, _ disabled: FeedDisabled?) throws {
        try requireWritable("disable a feed")
        let s = try cached("""
            UPDATE feeds SET disabled_kind = ?2, disabled_reason = ?3, disabled_fingerprint = ?4, disabled_at = ?5
            WHERE url = ?1
            """)
        defer { s.reset() }
        try s.bind(1, feedURL)
        try SQLiteStore.bind(disabled, to: s, from: 2)
        try s.step()
    }

    /// A feed's publishing history for the adaptive interval: its articles first stored (or, when they carry
    /// one, published) since `since`, and when its oldest stored article was first seen (nil: none yet), which
    /// tells whether the count covers the whole window.
    public func articleHistory(feedURL: String, since: Timestamp) throws -> (count: Int, firstSeen: Timestamp?) {
        let s = try cached("""
            SELECT COALESCE(SUM(MIN(COALESCE(a.published, a.fetched), a.fetched) >= ?2), 0), MIN(a.fetched)
            FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE f.url = ?1
            """)
        defer { s.reset() }
        try s.bind(1, feedURL)
        try s.bind(2, since)
        guard try s.step() else { return (0, nil) }
        return (Int(s.int64(0)), s.timestamp(1))
    }

    /// A host's `Retry-After` (429/503): no request to it before `until`. Hosts are `host[:port]`, lower case.
    public func setHostRetry(host: String, until: Timestamp?) throws {
        try requireWritable("record a host's Retry-After")
        let s = try cached("""
            INSERT INTO hosts (host, retry_until) VALUES (?1, ?2)
            ON CONFLICT (host) DO UPDATE SET retry_until = excluded.retry_until
            """)
        defer { s.reset() }
        try s.bind(1, host)
        try s.bind(2, until)
        try s.step()
    }

    /// Hosts that asked to be left alone until a time still in the future.
    public func hostRetries(after now: Timestamp) throws -> [String: Timestamp] {
        let s = try cached("SELECT host, retry_until FROM hosts WHERE retry_until > ?1")
        defer { s.reset() }
        try s.bind(1, now)
        var out: [String: Timestamp] = [:]
        while try s.step() {
            if let host = s.string(0), let until = s.timestamp(1) { out[host] = until }
        }
        return out
    }
}

extension SQLiteStore {
    private static let scheduleSelect = """
        SELECT url, next_due, next_due_reason, last_attempt, disabled_kind, disabled_reason, disabled_fingerprint,
               disabled_at
        FROM feeds
        """

    private static func feedSchedule(_ s: Statement) -> FeedSchedule {
        FeedSchedule(url: s.string(0) ?? "", nextDue: s.timestamp(1), nextDueReason: s.string(2),
                     lastAttempt: s.timestamp(3),
                     disabled: FeedDisabled(row: s, kind: 4, reason: 5, fingerprint: 6, at: 7))
    }

    /// Every configured feed's schedule, in one pass over the feeds table (no per-feed article counts).
    public func schedules() throws -> [FeedSchedule] {
        let s = try cached(SQLiteStore.scheduleSelect + " WHERE configured = 1")
        defer { s.reset() }
        var out: [FeedSchedule] = []
        while try s.step() { out.append(SQLiteStore.feedSchedule(s)) }
        return out
    }

    /// One feed's schedule, by its unique URL (an index lookup).
    public func schedule(feedURL: String) throws -> FeedSchedule? {
        let s = try cached(SQLiteStore.scheduleSelect + " WHERE url = ?1")
        defer { s.reset() }
        try s.bind(1, feedURL)
        return try s.step() ? SQLiteStore.feedSchedule(s) : nil
    }

    /// Sets many feeds' next due times in one transaction (a start spreading thousands of due feeds would
    /// otherwise commit, and sync, once per feed).
    public func setSchedules(_ entries: [(feedURL: String, nextDue: Timestamp?, reason: String?)]) throws {
        try requireWritable("schedule feeds")
        try writeTransaction {
            for e in entries { try setSchedule(feedURL: e.feedURL, nextDue: e.nextDue, reason: e.reason) }
        }
    }

    /// The counts the daemon reports to systemd (`STATUS=`), by one aggregate query.
    public func scheduleSummary(now: Timestamp) throws -> (feeds: Int, due: Int, failing: Int) {
        let s = try cached("""
            SELECT COUNT(*), COALESCE(SUM(disabled_kind IS NULL AND COALESCE(next_due, ?1) <= ?1), 0),
                   COALESCE(SUM(consecutive_failures > 0), 0)
            FROM feeds WHERE configured = 1
            """)
        defer { s.reset() }
        try s.bind(1, now)
        guard try s.step() else { return (0, 0, 0) }
        return (Int(s.int64(0)), Int(s.int64(1)), Int(s.int64(2)))
    }
}
