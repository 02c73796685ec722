import GleanerModel

/// Full text (README, "Full text"), as the `Store` protocol describes it: the pipeline's page step reads its
/// work here and records each outcome. The extracted text and HTML live with the article (`fulltext_*`
/// columns, Migration 9).
extension SQLiteStore {
    /// Articles of these feeds never judged for full text and stored (or given a new link) at or after `since`,
    /// oldest first: those of the fetch that just ended. Articles stored before their feed asked for full text
    /// are not fetched.
    public func fullTextUnjudged(feedURLs: [String], since: Timestamp, limit: Int) throws -> [FullTextCandidate] {
        if feedURLs.isEmpty { return [] }
        let s = try cached("""
            SELECT \(FullTextCandidate.storeColumns)
            FROM articles a JOIN feeds f ON f.id = a.feed_id
            WHERE f.url IN (SELECT value FROM json_each(?1)) AND a.fulltext_state IS NULL AND a.pruned = 0
              AND COALESCE(a.last_update, a.fetched) >= ?2
            ORDER BY a.seq LIMIT ?3
            """)
        defer { s.reset() }
        try s.bind(1, StoredJSON.strings(feedURLs))
        try s.bind(2, since)
        try s.bind(3, Int64(max(0, limit)))
        return try fullTextCandidates(s)
    }

    /// Pending pages due at `now`, the longest-waiting first.
    public func fullTextDue(now: Timestamp, limit: Int) throws -> [FullTextCandidate] {
        let s = try cached("""
            SELECT \(FullTextCandidate.storeColumns)
            FROM articles a JOIN feeds f ON f.id = a.feed_id
            WHERE a.fulltext_state = 'pending' AND a.fulltext_next <= ?1 AND a.pruned = 0
            ORDER BY a.fulltext_next, a.seq LIMIT ?2
            """)
        defer { s.reset() }
        try s.bind(1, now)
        try s.bind(2, Int64(max(0, limit)))
        return try fullTextCandidates(s)
    }

    private func fullTextCandidates(_ s: Statement) throws -> [FullTextCandidate] {
        var out: [FullTextCandidate] = []
        while try s.step() { out.append(FullTextCandidate(row: s)) }
        return out
    }

    /// Records an article's full-text status; `text` and `html` replace the stored ones (nil clears them), so
    /// only a `done` status carries them.
    public func recordFullText(seq: Int64, _ status: FullTextStatus, text: String?, html: String?) throws {
        try requireWritable("record full text")
        let s = try cached("""
            UPDATE articles SET fulltext_state = ?2, fulltext_reason = ?3, fulltext_at = ?4, fulltext_error = ?5,
                fulltext_attempts = ?6, fulltext_next = ?7, fulltext_text = ?8, fulltext_html = ?9
            WHERE seq = ?1 AND pruned = 0
            """)
        defer { s.reset() }
        try s.bind(1, seq)
        try s.bind(2, status.state.rawValue)
        try s.bind(3, status.reason)
        try s.bind(4, status.at)
        try s.bind(5, status.error)
        try s.bind(6, Int64(status.attempts))
        try s.bind(7, status.next)
        try s.bind(8, status.state == .done ? text : nil)
        try s.bind(9, status.state == .done ? html : nil)
        try s.step()
    }

    /// Several statuses in one transaction (the judgements of one fetch: no page fetched yet).
    public func recordFullText(_ statuses: [(seq: Int64, status: FullTextStatus)]) throws {
        if statuses.isEmpty { return }
        try writeTransaction {
            for (seq, status) in statuses { try recordFullText(seq: seq, status, text: nil, html: nil) }
        }
    }
}
