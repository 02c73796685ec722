import GleanerModel

extension SQLiteStore {
    /// `Store.headlines`. The `onlyNewFor` query walks the primary key from the cursor: its cost does not grow
    /// with the size of the store.
    public func headlines(_ q: HeadlineQuery) throws -> [Headline] {
        let cursor: Int64? = try q.afterSeq ?? q.onlyNewFor.map { try self.cursor(consumer: $0) }
        let scope = """
            (CASE WHEN ?2 IS NULL THEN %F.configured = 1 ELSE (%F.url = ?2 OR %F.name = ?2) END)
              AND (?4 IS NULL OR EXISTS (SELECT 1 FROM json_each(%F.tags) WHERE value = ?4))
              AND (?7 IS NULL OR %F.url IN (SELECT value FROM json_each(?7)))
            """
        let columns = """
            a.seq, f.url, f.name, f.title, a.guid, a.key, a.title, a.link, a.published, a.updated, a.fetched,
            a.authors, a.categories, a.summary, a.enclosures, a.language, a.norm_link, a.feed_id,
            CASE WHEN COALESCE(a.title, '') = '' AND a.summary IS NULL THEN substr(a.content, 1, 4000) END
            """
        let filters = """
            a.pruned = 0 AND a.seq > ?1
              AND \(scope.replacingAll("%F", with: "f"))
              AND (?6 IS NULL OR a.title LIKE '%' || ?6 || '%' ESCAPE '\\')
              AND (?8 OR a.norm_link IS NULL OR NOT EXISTS (
                    SELECT 1 FROM articles b JOIN feeds g ON g.id = b.feed_id
                    WHERE b.norm_link = a.norm_link AND b.seq < a.seq AND b.feed_id <> a.feed_id AND b.pruned = 0
                      AND \(scope.replacingAll("%F", with: "g"))))
            """
        // With a cursor: the primary key from the cursor. Without: newest first, by merging article_order
        // (walked backwards) with the few newest articles not in it yet (sorted), see Migration 3.
        let sql = cursor != nil ? """
            SELECT \(columns)
            FROM articles a JOIN feeds f ON f.id = a.feed_id
            WHERE \(filters)
              AND (?5 IS NULL OR a.sort_at >= ?5)
            ORDER BY a.seq ASC
            LIMIT ?3
            """ : """
            SELECT \(columns), o.sort_at AS sort_at, o.seq AS sort_seq
            FROM article_order o JOIN articles a ON a.seq = o.seq JOIN feeds f ON f.id = a.feed_id
            WHERE \(filters)
              AND (?5 IS NULL OR o.sort_at >= ?5)
            UNION ALL
            SELECT \(columns), a.sort_at, a.seq
            FROM articles a JOIN feeds f ON f.id = a.feed_id
            WHERE a.seq > (SELECT through FROM article_order_state) AND \(filters)
              AND (?5 IS NULL OR a.sort_at >= ?5)
            ORDER BY sort_at DESC, sort_seq DESC
            LIMIT ?3
            """
        let s = try cached(sql)
        defer { s.reset() }
        try s.bind(1, cursor ?? 0)
        try s.bind(2, q.feed)
        try s.bind(3, Int64(q.limit.map { max($0, 0) } ?? -1))
        try s.bind(4, q.tag)
        try s.bind(5, q.since)
        try s.bind(6, q.search.map(SQLiteStore.likeEscaped))
        try s.bind(7, q.feedURLs.map(StoredJSON.strings))
        try s.bind(8, q.includeDuplicates)
        var out: [Headline] = []
        var normLinks: [(Int, String, Int64)] = []
        if let limit = q.limit { out.reserveCapacity(min(max(limit, 0), 10_000)) }
        while try s.step() {
            let url = s.string(1) ?? ""
            var h = Headline(
                seq: s.int64(0), feedURL: url, feedName: FeedRecord.displayName(name: q.name(of: url, stored: s.string(2)), title: s.string(3), url: url),
                id: s.string(4), key: s.string(5) ?? "", title: s.string(6), link: s.string(7),
                published: s.timestamp(8), updated: s.timestamp(9), fetched: s.timestamp(10) ?? Timestamp(seconds: 0))
            h.authors = StoredJSON.decodePeople(s.string(11))
            h.categories = s.string(12).flatMap(StoredJSON.decodeStrings) ?? []
            h.summary = s.string(13)
            h.enclosures = StoredJSON.decodeEnclosures(s.string(14))
            h.language = s.string(15)
            h.untitledContent = s.string(18)
            if let norm = s.string(16) { normLinks.append((out.count, norm, s.int64(17))) }
            out.append(h)
        }
        s.reset()
        for (index, norm, feedID) in normLinks {
            out[index].alsoIn = try duplicates(normLink: norm, excludingFeed: feedID, names: q)
        }
        if cursor != nil {
            out.sort { a, b in a.date != b.date ? a.date > b.date : a.seq > b.seq }
        }
        return out
    }

    /// The other feeds' copies of a story, oldest first.
    func duplicates(normLink: String, excludingFeed feedID: Int64,
                    names: HeadlineQuery = HeadlineQuery()) throws -> [Headline.Duplicate] {
        let d = try cached("""
            SELECT b.seq, f.url, f.name, f.title FROM articles b JOIN feeds f ON f.id = b.feed_id
            WHERE b.norm_link = ?1 AND b.feed_id <> ?2 AND b.pruned = 0 ORDER BY b.seq
            """)
        defer { d.reset() }
        try d.bind(1, normLink)
        try d.bind(2, feedID)
        var out: [Headline.Duplicate] = []
        while try d.step() {
            let url = d.string(1) ?? ""
            out.append(.init(seq: d.int64(0), feedURL: url,
                             feedName: FeedRecord.displayName(name: names.name(of: url, stored: d.string(2)), title: d.string(3), url: url)))
        }
        return out
    }

    /// `LIKE` treats `%` and `_` as wildcards: a search for "50%" means the characters.
    static func likeEscaped(_ s: String) -> String {
        var out = ""
        for ch in s {
            if ch == "%" || ch == "_" || ch == "\\" { out.append("\\") }
            out.append(ch)
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

extension String {
    /// `replacingOccurrences` without Foundation.
    func replacingAll(_ target: String, with replacement: String) -> String {
        var out = ""
        var rest = Substring(self)
        while let r = rest.firstRange(of: target) {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}
