import GleanerModel

extension Store {
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

    /// Disables or re-enables a feed (410 Gone disables it; editing its line or `gleaner fetch URL` enables it).
    public func setDisabled(feedURL: String, _ disabled: Bool, reason: String?) throws {
        try requireWritable("disable a feed")
        let s = try cached("UPDATE feeds SET disabled = ?2, disabled_reason = ?3 WHERE url = ?1")
        defer { s.reset() }
        try s.bind(1, feedURL)
        try s.bind(2, disabled)
        try s.bind(3, disabled ? reason : nil)
        try s.step()
    }

    /// Articles of a feed first stored (or, when they carry one, published) since `since`: the observed
    /// publishing rate the adaptive interval follows.
    public func articleCount(feedURL: String, since: Timestamp) throws -> Int {
        let s = try cached("""
            SELECT COUNT(*) FROM articles a JOIN feeds f ON f.id = a.feed_id
            WHERE f.url = ?1 AND MIN(COALESCE(a.published, a.fetched), a.fetched) >= ?2
            """)
        defer { s.reset() }
        try s.bind(1, feedURL)
        try s.bind(2, since)
        return try s.step() ? Int(s.int64(0)) : 0
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
