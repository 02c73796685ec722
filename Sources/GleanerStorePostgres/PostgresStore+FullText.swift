import GleanerModel
import GleanerStore

/// Full text on PostgreSQL (`SQLiteStore+FullText.swift`): the same work lists and records, on the
/// `fulltext_*` columns of PostgreSQL migration 3.
extension PostgresStore {
    public func fullTextUnjudged(feedURLs: [String], since: Timestamp, limit: Int) throws -> [FullTextCandidate] {
        if feedURLs.isEmpty { return [] }
        return try connection.query("""
            SELECT \(FullTextCandidate.storeColumns)
            FROM articles a JOIN feeds f ON f.id = a.feed_id
            WHERE f.url = ANY($1::text[]) AND a.fulltext_state IS NULL AND NOT a.pruned
              AND COALESCE(a.last_update, a.fetched) >= $2::bigint
            ORDER BY a.seq LIMIT $3::bigint
            """, [PostgresStore.textArray(feedURLs), since, Int64(max(0, limit))]).rows.map { FullTextCandidate(row: $0) }
    }

    public func fullTextDue(now: Timestamp, limit: Int) throws -> [FullTextCandidate] {
        try connection.query("""
            SELECT \(FullTextCandidate.storeColumns)
            FROM articles a JOIN feeds f ON f.id = a.feed_id
            WHERE a.fulltext_state = 'pending' AND a.fulltext_next <= $1::bigint AND NOT a.pruned
            ORDER BY a.fulltext_next, a.seq LIMIT $2::bigint
            """, [now, Int64(max(0, limit))]).rows.map { FullTextCandidate(row: $0) }
    }

    /// Records an article's full-text status; `text` and `html` replace the stored ones (nil clears them), so
    /// only a `done` status carries them. A tombstone is left alone.
    public func recordFullText(seq: Int64, _ status: FullTextStatus, text: String?, html: String?) throws {
        try requireWritable("record full text")
        try connection.query("""
            UPDATE articles SET fulltext_state = $2::text, fulltext_reason = $3::text, fulltext_at = $4::bigint,
                fulltext_error = $5::text, fulltext_attempts = $6::bigint, fulltext_next = $7::bigint,
                fulltext_text = $8::text, fulltext_html = $9::text
            WHERE seq = $1::bigint AND NOT pruned
            """, [seq, status.state.rawValue, status.reason, status.at, status.error, Int64(status.attempts),
                  status.next, status.state == .done ? text : nil, status.state == .done ? html : nil])
    }

    public func recordFullText(_ statuses: [(seq: Int64, status: FullTextStatus)]) throws {
        if statuses.isEmpty { return }
        try requireWritable("record full text")
        try connection.transaction {
            for (seq, status) in statuses { try recordFullText(seq: seq, status, text: nil, html: nil) }
        }
    }
}
