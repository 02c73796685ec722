import GleanerModel
import GleanerStore

/// Reading the article log: headlines, consumers and their cursors, hooks' starts, `explain`
/// (`SQLiteStore+Headlines.swift`, `SQLiteStore+Consumers.swift`, `ArticleExplanation.swift` on SQLite).
extension PostgresStore {
    /// `Store.headlines`: the same query semantics; PostgreSQL orders by its `articles_newest` index.
    public func headlines(_ q: HeadlineQuery) throws -> [Headline] {
        let cursor: Int64? = try q.afterSeq ?? q.onlyNewFor.map { try self.cursor(consumer: $0) }
        let scope = """
            (CASE WHEN $2::text IS NULL THEN %F.configured ELSE (%F.url = $2::text OR %F.name = $2::text) END)
              AND ($4::text IS NULL OR %F.tags::jsonb ? $4::text)
              AND ($7::text IS NULL OR %F.url IN (SELECT jsonb_array_elements_text($7::jsonb)))
            """
        // Search: LIKE on the C collation folds ASCII letters only, as SQLite's LIKE does.
        let filters = """
            NOT a.pruned AND a.seq > $1::bigint
              AND \(scope.replacingAll("%F", with: "f"))
              AND ($6::text IS NULL OR lower(a.title COLLATE "C") LIKE '%' || lower($6::text COLLATE "C") || '%')
              AND ($8::boolean OR a.norm_link IS NULL OR NOT EXISTS (
                    SELECT 1 FROM articles b JOIN feeds g ON g.id = b.feed_id
                    WHERE b.norm_link = a.norm_link AND b.seq < a.seq AND b.feed_id <> a.feed_id AND NOT b.pruned
                      AND \(scope.replacingAll("%F", with: "g"))))
              AND ($5::bigint IS NULL OR a.sort_at >= $5::bigint)
            """
        let order = cursor != nil ? "a.seq ASC" : "a.sort_at DESC, a.seq DESC"
        let sql = """
            SELECT \(Headline.storeColumns(includeFullText: "$9::boolean"))
            FROM articles a JOIN feeds f ON f.id = a.feed_id
            WHERE \(filters)
            ORDER BY \(order)
            LIMIT $3::bigint
            """
        let result = try connection.query(sql, [
            cursor ?? 0, q.feed, q.limit.map { Int64(max($0, 0)) }, q.tag, q.since, q.search.map(SQLiteStore.likeEscaped),
            q.feedURLs.map(StoredJSON.strings), q.includeDuplicates, q.includeFullText,
        ])
        var out: [Headline] = []
        out.reserveCapacity(result.rowCount)
        for row in result.rows {
            var h = Headline(row: row, names: q)
            if let norm = row.string(16) {
                h.alsoIn = try duplicates(normLink: norm, excludingFeed: row.int64(17), names: q)
            }
            out.append(h)
        }
        if cursor != nil {
            out.sort { a, b in a.date != b.date ? a.date > b.date : a.seq > b.seq }
        }
        return out
    }

    /// The other feeds' copies of a story, oldest first.
    private func duplicates(normLink: String, excludingFeed feedID: Int64,
                            names: HeadlineQuery = HeadlineQuery()) throws -> [Headline.Duplicate] {
        try connection.query("""
            SELECT b.seq, f.url, f.name, f.title FROM articles b JOIN feeds f ON f.id = b.feed_id
            WHERE b.norm_link = $1::text AND b.feed_id <> $2::bigint AND NOT b.pruned ORDER BY b.seq
            """, [normLink, feedID]).rows.map { d in
            let url = d.string(1) ?? ""
            return Headline.Duplicate(
                seq: d.int64(0), feedURL: url,
                feedName: FeedRecord.displayName(name: names.name(of: url, stored: d.string(2)), title: d.string(3), url: url))
        }
    }

    // MARK: Consumers

    public func markShown(consumer: String, upTo seq: Int64) throws {
        try requireWritable("mark headlines shown")
        try connection.query("""
            INSERT INTO consumers (name, cursor)
            VALUES ($1::text, LEAST($2::bigint, (SELECT COALESCE(MAX(seq), 0) FROM articles)))
            ON CONFLICT (name) DO UPDATE SET cursor = GREATEST(consumers.cursor, excluded.cursor)
            """, [consumer, seq])
    }

    public func cursor(consumer: String) throws -> Int64 {
        try connection.query("SELECT cursor FROM consumers WHERE name = $1::text", [consumer]).first?.int64(0) ?? 0
    }

    public func consumers() throws -> [ConsumerRecord] {
        try connection.query("""
            SELECT c.name, c.cursor,
                   (SELECT COUNT(*) FROM articles a JOIN feeds f ON f.id = a.feed_id
                    WHERE a.seq > c.cursor AND NOT a.pruned AND f.configured)
            FROM consumers c ORDER BY c.name
            """).rows.map { ConsumerRecord(name: $0.string(0) ?? "", cursor: $0.int64(1), backlog: Int($0.int64(2))) }
    }

    public func setCursor(consumer: String, to seq: Int64) throws {
        try requireWritable("reset a consumer")
        try connection.query("""
            INSERT INTO consumers (name, cursor)
            VALUES ($1::text, GREATEST(0, LEAST($2::bigint, (SELECT COALESCE(MAX(seq), 0) FROM articles))))
            ON CONFLICT (name) DO UPDATE SET cursor = excluded.cursor
            """, [consumer, seq])
    }

    public func lastSeq(storedBefore time: Timestamp) throws -> Int64 {
        try connection.query("SELECT COALESCE(MAX(seq), 0) FROM articles WHERE fetched < $1::bigint", [time]).first?.int64(0) ?? 0
    }

    public func removeConsumer(_ name: String) throws {
        try requireWritable("remove a consumer")
        try connection.query("DELETE FROM consumers WHERE name = $1::text", [name])
    }

    /// Changes when any connection commits new articles: `headlines --follow` polls it. (SQLite's
    /// `PRAGMA data_version` has no PostgreSQL counterpart; the newest committed seq is what `--follow` needs.)
    public func dataVersion() throws -> Int64 {
        try maxSeq()
    }

    /// Returns as soon as another connection commits new articles (`storeArticles` notifies
    /// `PostgresStore.articlesChannel`), else after `timeout` seconds.
    public func waitForChange(timeout: Double) throws {
        // A new session (after a reconnection) listens to nothing until told again.
        try connection.ensureConnected()
        if listeningSince != connection.reconnections {
            try connection.execute("LISTEN \(PostgresStore.articlesChannel)")
            listeningSince = connection.reconnections
        }
        if listeningSchema == nil {
            listeningSchema = try connection.query("SELECT current_schema()").first?.string(0) ?? ""
        }
        _ = try connection.waitForNotification(timeout: timeout, payload: listeningSchema ?? "")
    }

    /// `Store.attachHooks`: a program starts on each new (program, feed) pair after every article stored so far.
    public func attachHooks(_ pairs: [(consumer: String, feedURL: String)]) throws {
        guard !pairs.isEmpty else { return }
        try requireWritable("attach on-new programs")
        try connection.transaction {
            for pair in pairs {
                try connection.query("""
                    INSERT INTO hook_feeds (consumer, feed_url, since_seq) VALUES ($1::text, $2::text,
                        CASE WHEN EXISTS (SELECT 1 FROM hook_feeds_legacy WHERE consumer = $1::text)
                             THEN COALESCE((SELECT cursor FROM consumers WHERE name = $1::text), 0)
                             ELSE (SELECT COALESCE(MAX(seq), 0) FROM articles) END)
                    ON CONFLICT DO NOTHING
                    """, [pair.consumer, pair.feedURL])
            }
            try connection.query("DELETE FROM hook_feeds_legacy WHERE consumer = ANY($1::text[])",
                                 [PostgresStore.textArray(Set(pairs.map(\.consumer)))])
        }
    }

    public func hookStarts(consumer: String) throws -> [String: Int64] {
        var out: [String: Int64] = [:]
        for row in try connection.query("SELECT feed_url, since_seq FROM hook_feeds WHERE consumer = $1::text", [consumer]).rows {
            out[row.string(0) ?? ""] = row.int64(1)
        }
        return out
    }

    public func maxSeq() throws -> Int64 {
        try connection.query("SELECT COALESCE(MAX(seq), 0) FROM articles").first?.int64(0) ?? 0
    }

    // MARK: Explain

    /// `Store.explain`: an article by sequence number, else by link (as written or normalised); the oldest wins.
    public func explain(_ ref: String) throws -> ArticleExplanation? {
        guard let s = try connection.query("""
            SELECT a.seq, f.url, f.name, f.title, a.guid, a.key, a.title, a.link, a.published, a.updated, a.fetched,
                   a.update_count, a.last_update, a.pruned, a.norm_link, a.dup_of, f.key_mode, f.key_mode_reason,
                   a.feed_id, a.fulltext_state, a.fulltext_reason, a.fulltext_at, a.fulltext_error,
                   a.fulltext_attempts, a.fulltext_next, length(a.fulltext_text)
            FROM articles a JOIN feeds f ON f.id = a.feed_id
            WHERE a.seq = $1::bigint OR ($1::bigint IS NULL AND (a.link = $2::text OR a.norm_link = $3::text))
            ORDER BY a.seq LIMIT 1
            """, [Int64(ref), ref, LinkNormalizer.normalize(ref)]).first else { return nil }
        let url = s.string(1) ?? ""
        let h = Headline(seq: s.int64(0), feedURL: url,
                         feedName: FeedRecord.displayName(name: s.string(2), title: s.string(3), url: url),
                         id: s.string(4), key: s.string(5) ?? "", title: s.string(6), link: s.string(7),
                         published: s.timestamp(8), updated: s.timestamp(9), fetched: s.timestamp(10) ?? .init(seconds: 0))
        var e = ArticleExplanation(
            headline: h, key: h.key, feedKeyMode: s.string(16).flatMap(KeyMode.init(rawValue:)) ?? .id,
            feedKeyModeReason: s.string(17), updateCount: Int(s.int64(11)), lastUpdate: s.timestamp(12),
            pruned: s.int64(13) != 0, normalizedLink: s.string(14), duplicateOf: nil, copies: [], seenBy: [])
        e.fullText = FullTextStatus(row: s, from: 19)
        e.fullTextCharacters = s.optionalInt64(25).map { Int(clamping: $0) }
        if let norm = e.normalizedLink {
            e.copies = try duplicates(normLink: norm, excludingFeed: s.int64(18))
            if let dupSeq = s.optionalInt64(15) { e.duplicateOf = e.copies.first { $0.seq == dupSeq } }
        }
        e.seenBy = try connection.query("SELECT name FROM consumers WHERE cursor >= $1::bigint ORDER BY name", [h.seq])
            .rows.map { $0.string(0) ?? "" }
        return e
    }
}
