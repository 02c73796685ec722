import GleanerModel

extension SQLiteStore {
    /// Applies retention to each feed; returns how many articles became tombstones. An article pruned keeps
    /// its identity (key, guid, link, title, dates, first enclosure) so the feed listing it again does not
    /// make it new; its text, authors, categories and links are cleared.
    ///
    /// Runs in many small transactions; readers are never blocked (WAL), writers at most for one batch.
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
                    WHERE feed_id = ?1 AND pruned = 0 AND fetched < ?2 AND sort_at < ?2
                    LIMIT ?3
                    """, feedID: feed.id, parameter: cutoff.seconds)
            }
            if let keepItems = p.keepItems {
                total += try pruneBatches(sql: """
                    SELECT seq FROM articles WHERE feed_id = ?1 AND pruned = 0
                    ORDER BY sort_at DESC, seq DESC LIMIT ?3 OFFSET ?2
                    """, feedID: feed.id, parameter: Int64(keepItems))
            }
        }
        return total
    }

    private func pruneBatches(sql: String, feedID: Int64, parameter: Int64) throws -> Int {
        var total = 0
        while true {
            let n: Int = try writeTransaction {
                let select = try cached(sql)
                defer { select.reset() }
                try select.bind(1, feedID)
                try select.bind(2, parameter)
                try select.bind(3, Int64(StoreLimits.pruneBatch))
                var seqs: [Int64] = []
                while try select.step() { seqs.append(select.int64(0)) }
                select.reset()
                let tomb = try cached("""
                    UPDATE articles SET pruned = 1, summary = NULL, summary_type = NULL, content = NULL,
                        content_type = NULL, authors = NULL, categories = NULL, links = NULL, comments = NULL,
                        enclosures = CASE WHEN enclosures IS NULL THEN NULL
                                          ELSE json_array(json_object('url', json_extract(enclosures, '$[0].url'))) END
                    WHERE seq = ?1
                    """)
                defer { tomb.reset() }
                for seq in seqs {
                    tomb.reset()
                    try tomb.bind(1, seq)
                    try tomb.step()
                }
                return seqs.count
            }
            total += n
            if n < StoreLimits.pruneBatch { return total }
        }
    }

    /// Deletes a feed's row with its articles and tombstones (`gleaner remove --purge`). Returns whether the
    /// store knew the feed.
    @discardableResult
    public func purgeFeed(url: String) throws -> Bool {
        try requireWritable("purge a feed")
        return try writeTransaction {
            let s = try cached("DELETE FROM feeds WHERE url = ?1")
            defer { s.reset() }
            try s.bind(1, url)
            try s.step()
            return sqlite3Changes() > 0
        }
    }

    /// Rewrites the file to its minimal size (`gleaner vacuum`): a checkpoint that empties the WAL, then
    /// VACUUM, then `PRAGMA optimize`. VACUUM takes the write lock for its duration; readers go on.
    public func vacuum() throws {
        try requireWritable("vacuum")
        try connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        try connection.execute("VACUUM")
        try connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        try connection.execute("PRAGMA optimize")
    }

    /// `PRAGMA integrity_check`: ["ok"] for a sound file.
    public func integrityCheck() throws -> [String] {
        let s = try connection.prepare("PRAGMA integrity_check")
        var out: [String] = []
        while try s.step() { out.append(s.string(0) ?? "") }
        return out
    }

    /// The file's size in bytes (pages × page size), without the WAL.
    public func storageSize() throws -> Int64 {
        let pages = try connection.scalarInt64("PRAGMA page_count") ?? 0
        let size = try connection.scalarInt64("PRAGMA page_size") ?? 0
        return pages * size
    }
}
