import CSQLite
import GleanerModel

extension SQLiteStore {
    /// Every consumer with a cursor, by name ("" first).
    public func consumers() throws -> [ConsumerRecord] {
        let s = try cached("""
            SELECT c.name, c.cursor,
                   (SELECT COUNT(*) FROM articles a JOIN feeds f ON f.id = a.feed_id
                    WHERE a.seq > c.cursor AND a.pruned = 0 AND f.configured = 1)
            FROM consumers c ORDER BY c.name
            """)
        defer { s.reset() }
        var out: [ConsumerRecord] = []
        while try s.step() {
            out.append(ConsumerRecord(name: s.string(0) ?? "", cursor: s.int64(1), backlog: Int(s.int64(2))))
        }
        return out
    }

    /// Rewinds (or moves) a consumer's cursor to exactly `seq`: 0 shows everything again. Unlike `markShown`
    /// it may go backwards; that is its purpose (`headlines --reset`).
    public func setCursor(consumer: String, to seq: Int64) throws {
        try requireWritable("reset a consumer")
        let s = try cached("""
            INSERT INTO consumers (name, cursor) VALUES (?1, MAX(0, MIN(?2, (SELECT COALESCE(MAX(seq), 0) FROM articles))))
            ON CONFLICT (name) DO UPDATE SET cursor = excluded.cursor
            """)
        defer { s.reset() }
        try s.bind(1, consumer)
        try s.bind(2, seq)
        try s.step()
    }

    /// The largest seq of articles first stored before `time`: a cursor that makes everything stored since
    /// then new again (`headlines --reset --since 1d`).
    public func lastSeq(storedBefore time: Timestamp) throws -> Int64 {
        let s = try cached("SELECT COALESCE(MAX(seq), 0) FROM articles WHERE fetched < ?1")
        defer { s.reset() }
        try s.bind(1, time)
        return try s.step() ? s.int64(0) : 0
    }

    /// `PRAGMA data_version`: changes when another connection commits to the file. `headlines --follow`
    /// polls it (a cheap in-memory read) instead of re-running its query.
    public func dataVersion() throws -> Int64 {
        try connection.scalarInt64("PRAGMA data_version") ?? 0
    }

    /// Records, for each (program consumer, feed URL) pair not seen before, where the program starts on that feed:
    /// after every article stored so far. A consumer that existed before this was recorded (an upgrade) starts
    /// each of its feeds at its cursor instead. Pairs already known keep their start.
    public func attachHooks(_ pairs: [(consumer: String, feedURL: String)]) throws {
        guard !pairs.isEmpty else { return }
        try requireWritable("attach on-new programs")
        try writeTransaction {
            let insert = try cached("""
                INSERT OR IGNORE INTO hook_feeds (consumer, feed_url, since_seq) VALUES (?1, ?2,
                    CASE WHEN EXISTS (SELECT 1 FROM hook_feeds_legacy WHERE consumer = ?1)
                         THEN COALESCE((SELECT cursor FROM consumers WHERE name = ?1), 0)
                         ELSE COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'articles'), 0) END)
                """)
            for pair in pairs {
                defer { insert.reset() }
                try insert.bind(1, pair.consumer)
                try insert.bind(2, pair.feedURL)
                _ = try insert.step()
            }
            let forget = try cached("DELETE FROM hook_feeds_legacy WHERE consumer = ?1")
            for consumer in Set(pairs.map(\.consumer)) {
                defer { forget.reset() }
                try forget.bind(1, consumer)
                _ = try forget.step()
            }
        }
    }

    /// Where a program starts on each of its feeds (`attachHooks`): it is given only articles with a larger seq.
    public func hookStarts(consumer: String) throws -> [String: Int64] {
        let s = try cached("SELECT feed_url, since_seq FROM hook_feeds WHERE consumer = ?1")
        defer { s.reset() }
        try s.bind(1, consumer)
        var out: [String: Int64] = [:]
        while try s.step() { out[s.string(0) ?? ""] = s.int64(1) }
        return out
    }

    /// The newest sequence number stored (0 when empty).
    public func maxSeq() throws -> Int64 {
        try connection.scalarInt64("SELECT COALESCE(MAX(seq), 0) FROM articles") ?? 0
    }
}

extension SQLiteStore {
    /// Rows changed by the last statement on this connection.
    func sqlite3Changes() -> Int { Int(sqlite3_changes(connection.handle)) }
}
