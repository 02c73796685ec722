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
        return try s.step() ? FeedRecord(row: s) : nil
    }

    /// Feeds in configuration order; with `configuredOnly: false`, the no-longer-configured ones follow.
    public func feeds(configuredOnly: Bool) throws -> [FeedRecord] {
        let s = try cached(SQLiteStore.feedList)
        defer { s.reset() }
        try s.bind(1, configuredOnly)
        var out: [FeedRecord] = []
        while try s.step() { out.append(FeedRecord(row: s)) }
        return out
    }

    static let feedByURL = FeedRecord.storeSelect + " WHERE f.url = ?1"
    static let feedList = FeedRecord.storeSelect + " WHERE f.configured = 1 OR ?1 = 0 ORDER BY f.configured DESC, f.ordinal, f.id"

    /// Binds `disabled` to four parameters from `first`: kind, reason, fingerprint, time (all NULL: enabled).
    static func bind(_ disabled: FeedDisabled?, to s: Statement, from first: Int32) throws {
        try s.bind(first, disabled?.kind.rawValue)
        try s.bind(first + 1, disabled?.reason)
        try s.bind(first + 2, disabled?.fingerprint)
        try s.bind(first + 3, disabled?.at)
    }
}
