import GleanerModel
import GleanerStore

/// Retention and maintenance (`SQLiteStore+Retention.swift`).
extension PostgresStore {
    /// Tombstones in batches of `StoreLimits.pruneBatch`, each its own transaction.
    @discardableResult
    public func applyRetention(_ policies: [RetentionPolicy], now: Timestamp) throws -> Int {
        try requireWritable("prune articles")
        var total = 0
        for p in policies where p.keep != nil || p.keepItems != nil {
            guard let feed = try feed(url: p.feedURL) else { continue }
            if let keep = p.keep {
                let cutoff = Timestamp(seconds: now.seconds - Int64(keep))
                total += try pruneBatches(sql: """
                    SELECT seq FROM articles
                    WHERE feed_id = $1::bigint AND NOT pruned AND fetched < $2::bigint AND sort_at < $2::bigint
                    LIMIT $3::bigint
                    """, feedID: feed.id, parameter: cutoff.seconds)
            }
            if let keepItems = p.keepItems {
                total += try pruneBatches(sql: """
                    SELECT seq FROM articles WHERE feed_id = $1::bigint AND NOT pruned
                    ORDER BY sort_at DESC, seq DESC LIMIT $3::bigint OFFSET $2::bigint
                    """, feedID: feed.id, parameter: Int64(keepItems))
            }
        }
        return total
    }

    private func pruneBatches(sql: String, feedID: Int64, parameter: Int64) throws -> Int {
        var total = 0
        while true {
            let n: Int = try connection.transaction {
                let seqs = try connection.query(sql, [feedID, parameter, Int64(StoreLimits.pruneBatch)]).rows.map { $0.int64(0) }
                guard !seqs.isEmpty else { return 0 }
                try connection.query("""
                    UPDATE articles SET pruned = true, summary = NULL, summary_type = NULL, content = NULL,
                        content_type = NULL, authors = NULL, categories = NULL, links = NULL, comments = NULL,
                        fulltext_text = NULL, fulltext_html = NULL,
                        fulltext_state = CASE WHEN fulltext_state = 'pending' THEN NULL ELSE fulltext_state END,
                        enclosures = CASE WHEN enclosures IS NULL THEN NULL
                            ELSE jsonb_build_array(jsonb_build_object('url', enclosures::jsonb -> 0 ->> 'url'))::text END
                    WHERE seq = ANY($1::bigint[])
                    """, [PostgresStore.bigintArray(seqs)])
                return seqs.count
            }
            total += n
            if n < StoreLimits.pruneBatch { return total }
        }
    }

    @discardableResult
    public func purgeFeed(url: String) throws -> Bool {
        try requireWritable("purge a feed")
        return try connection.query("DELETE FROM feeds WHERE url = $1::text", [url]).changes > 0
    }

    /// `gleaner vacuum` on PostgreSQL: `VACUUM (ANALYZE)` of Gleaner's tables (space is reused, not returned to
    /// the system: `VACUUM FULL` would lock the tables against the daemons for its duration).
    public func vacuum() throws {
        try requireWritable("vacuum")
        try connection.execute("VACUUM (ANALYZE) feeds, articles, consumers, hosts, hook_feeds")
    }

    /// The size of Gleaner's tables and their indexes, in bytes.
    public func storageSize() throws -> Int64 {
        try connection.query("""
            SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class c
            WHERE c.relname IN ('feeds', 'articles', 'consumers', 'hosts', 'hook_feeds', 'hook_feeds_legacy')
              AND c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())
            """).first?.int64(0) ?? 0
    }
}
