import GleanerModel

extension Store {
    /// Articles newest first: by publication date (the fetch time when there is none), then by sequence
    /// number. Without a `feed` filter only configured feeds are listed; with one, the feed whose URL or
    /// configured name matches is listed whether configured or not. With `onlyNewFor`, only articles past
    /// that consumer's cursor.
    ///
    /// A cursor is a sequence number, and this order is by date: after a `limit`ed query, advancing the
    /// cursor to the largest shown seq also hides the unshown articles below it.
    public func headlines(_ q: HeadlineQuery) throws -> [Headline] {
        let s = try cached("""
            SELECT a.seq, f.url, f.name, f.title, a.guid, a.key, a.title, a.link, a.published, a.updated, a.fetched
            FROM articles a JOIN feeds f ON f.id = a.feed_id
            WHERE (?1 IS NULL OR a.seq > COALESCE((SELECT cursor FROM consumers WHERE name = ?1), 0))
              AND (CASE WHEN ?2 IS NULL THEN f.configured = 1 ELSE (f.url = ?2 OR f.name = ?2) END)
            ORDER BY COALESCE(a.published, a.fetched) DESC, a.seq DESC
            LIMIT ?3
            """)
        defer { s.reset() }
        try s.bind(1, q.onlyNewFor)
        try s.bind(2, q.feed)
        try s.bind(3, Int64(q.limit.map { max($0, 0) } ?? -1))
        var out: [Headline] = []
        if let limit = q.limit { out.reserveCapacity(min(max(limit, 0), 10_000)) }
        while try s.step() {
            let url = s.string(1) ?? ""
            let name = s.string(2).flatMap { $0.isEmpty ? nil : $0 }
                ?? s.string(3).flatMap { $0.isEmpty ? nil : $0 }
                ?? URLHost.host(of: url)
            out.append(Headline(
                seq: s.int64(0), feedURL: url, feedName: name, id: s.string(4), key: s.string(5) ?? "",
                title: s.string(6), link: s.string(7), published: s.timestamp(8), updated: s.timestamp(9),
                fetched: s.timestamp(10) ?? Timestamp(seconds: 0)))
        }
        return out
    }

    /// Advances a consumer's cursor to `seq`, never backwards, and never past the newest stored article (a
    /// bogus large value would otherwise hide every future article).
    public func markShown(consumer: String, upTo seq: Int64) throws {
        try requireWritable("mark headlines shown")
        let s = try cached("""
            INSERT INTO consumers (name, cursor)
            VALUES (?1, MIN(?2, (SELECT COALESCE(MAX(seq), 0) FROM articles)))
            ON CONFLICT (name) DO UPDATE SET cursor = MAX(cursor, excluded.cursor)
            """)
        defer { s.reset() }
        try s.bind(1, consumer)
        try s.bind(2, seq)
        try s.step()
    }

    /// The consumer's cursor: the largest seq it has been shown; 0 for a consumer never seen.
    public func cursor(consumer: String) throws -> Int64 {
        let s = try cached("SELECT cursor FROM consumers WHERE name = ?1")
        defer { s.reset() }
        try s.bind(1, consumer)
        return try s.step() ? s.int64(0) : 0
    }
}
