import GleanerModel

extension SQLiteStore {
    /// Makes the feeds table reflect the configuration: inserts new URLs, updates the name, tags and order of
    /// known ones. Feeds no longer configured keep their row, state and articles, but are marked not
    /// configured (and leave `feeds()` and unfiltered `headlines`); configuring them again revives them.
    /// A URL listed twice keeps its first entry.
    public func syncFeeds(_ feeds: [(url: String, name: String?, tags: [String])]) throws {
        try requireWritable("sync feeds")
        try writeTransaction {
            try connection.execute("UPDATE feeds SET configured = 0 WHERE configured <> 0")
            let upsert = try cached("""
                INSERT INTO feeds (url, name, tags, ordinal, configured) VALUES (?1, ?2, ?3, ?4, 1)
                ON CONFLICT (url) DO UPDATE
                SET name = excluded.name, tags = excluded.tags, ordinal = excluded.ordinal, configured = 1
                """)
            defer { upsert.reset() }
            var seen = Set<String>()
            for (ordinal, feed) in feeds.enumerated() where seen.insert(feed.url).inserted {
                upsert.reset()
                try upsert.bind(1, feed.url)
                try upsert.bind(2, feed.name)
                try upsert.bind(3, StoredJSON.strings(feed.tags))
                try upsert.bind(4, ordinal)
                try upsert.step()
            }
        }
    }

    public func feed(url: String) throws -> FeedRecord? {
        let s = try cached(SQLiteStore.feedByURL)
        defer { s.reset() }
        try s.bind(1, url)
        return try s.step() ? SQLiteStore.feedRecord(s) : nil
    }

    /// Feeds in configuration order; with `configuredOnly: false`, the no-longer-configured ones follow.
    public func feeds(configuredOnly: Bool) throws -> [FeedRecord] {
        let s = try cached(SQLiteStore.feedList)
        defer { s.reset() }
        try s.bind(1, configuredOnly)
        var out: [FeedRecord] = []
        while try s.step() { out.append(SQLiteStore.feedRecord(s)) }
        return out
    }

    static let feedSelect = """
        SELECT f.id, f.url, f.name, f.title, f.tags, f.etag, f.last_modified, f.validators_saved,
               f.last_attempt, f.last_success, f.last_status, f.last_result, f.last_error,
               f.consecutive_failures, f.effective_url,
               (SELECT COUNT(*) FROM articles a WHERE a.feed_id = f.id), f.configured,
               f.next_due, f.next_due_reason, f.disabled_kind, f.disabled_reason, f.moved_to, f.move_confirmations,
               f.body_hash, f.cache_until, f.ttl, f.update_period, f.update_frequency, f.skip_hours, f.skip_days,
               f.last_new, f.key_mode, f.key_mode_reason, f.key_mode_changed,
               (SELECT COUNT(*) FROM articles t WHERE t.feed_id = f.id AND t.pruned <> 0),
               f.stops, f.held_until, f.fetch_alone, f.disabled_fingerprint, f.disabled_at
        FROM feeds f
        """

    static let feedByURL = feedSelect + " WHERE f.url = ?1"
    static let feedList = feedSelect + " WHERE f.configured = 1 OR ?1 = 0 ORDER BY f.configured DESC, f.ordinal, f.id"

    static func feedRecord(_ s: Statement) -> FeedRecord {
        FeedRecord(
            id: s.int64(0), url: s.string(1) ?? "", name: s.string(2), title: s.string(3),
            tags: s.string(4).flatMap(StoredJSON.decodeStrings) ?? [],
            etag: s.string(5), lastModified: s.string(6), validatorsSaved: s.timestamp(7),
            lastAttempt: s.timestamp(8), lastSuccess: s.timestamp(9), lastStatus: s.optionalInt(10),
            lastResult: s.string(11), lastError: s.string(12), consecutiveFailures: Int(s.int64(13)),
            effectiveURL: s.string(14), articleCount: max(0, Int(s.int64(15)) - Int(s.int64(34))),
            configured: s.int64(16) != 0,
            nextDue: s.timestamp(17), nextDueReason: s.string(18),
            disabled: FeedDisabled(row: s, kind: 19, reason: 20, fingerprint: 38, at: 39),
            movedTo: s.string(21), moveConfirmations: Int(s.int64(22)),
            bodyHash: s.string(23), cacheUntil: s.timestamp(24),
            hints: FeedHints(
                ttl: s.optionalInt(25), updatePeriod: s.string(26), updateFrequency: s.optionalInt(27),
                skipHours: s.string(28).flatMap(StoredJSON.decodeStrings)?.compactMap { Int($0) } ?? [],
                skipDays: s.string(29).flatMap(StoredJSON.decodeStrings) ?? []),
            lastNew: s.timestamp(30), keyMode: s.string(31).flatMap(KeyMode.init(rawValue:)) ?? .id,
            keyModeReason: s.string(32), keyModeChanged: s.timestamp(33), tombstones: Int(s.int64(34)),
            stops: Int(clamping: s.int64(35)), heldUntil: s.timestamp(36), fetchAlone: s.int64(37) != 0)
    }

    /// Binds `disabled` to four parameters from `first`: kind, reason, fingerprint, time (all NULL: enabled).
    static func bind(_ disabled: FeedDisabled?, to s: Statement, from first: Int32) throws {
        try s.bind(first, disabled?.kind.rawValue)
        try s.bind(first + 1, disabled?.reason)
        try s.bind(first + 2, disabled?.fingerprint)
        try s.bind(first + 3, disabled?.at)
    }
}
