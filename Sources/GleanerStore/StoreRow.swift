import GleanerModel

/// One result row of either backend, read by column index (0-based), so that a row is turned into a record
/// (`Store.feedRecord`, `Store.feedSchedule`) in one place for both. Booleans read as 0 or 1.
package protocol StoreRow {
    func isNull(_ column: Int32) -> Bool
    func int64(_ column: Int32) -> Int64
    /// The column's text; nil for NULL.
    func string(_ column: Int32) -> String?
}

extension StoreRow {
    package func optionalInt64(_ column: Int32) -> Int64? { isNull(column) ? nil : int64(column) }

    package func optionalInt(_ column: Int32) -> Int? { optionalInt64(column).map { Int($0) } }

    package func timestamp(_ column: Int32) -> Timestamp? { optionalInt64(column).map { Timestamp(seconds: $0) } }
}

// The row decoders both backends share: one column order and one decoding per record type.

extension FeedRecord {
    /// The columns `init(row:)` reads, in its order (`f` is the feed; the two counts are of its articles
    /// and of its tombstones).
    package static let storeSelect = """
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

    package init(row s: some StoreRow) {
        self.init(
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
}

extension FeedSchedule {
    /// The columns `init(row:)` reads, in its order.
    package static let storeSelect = """
        SELECT url, next_due, next_due_reason, last_attempt, disabled_kind, disabled_reason, disabled_fingerprint,
               disabled_at
        FROM feeds
        """

    package init(row s: some StoreRow) {
        self.init(url: s.string(0) ?? "", nextDue: s.timestamp(1), nextDueReason: s.string(2),
                  lastAttempt: s.timestamp(3),
                  disabled: FeedDisabled(row: s, kind: 4, reason: 5, fingerprint: 6, at: 7))
    }
}

extension Headline {
    /// The columns every headline listing selects, in `init(row:names:)`'s order (valid SQL for both backends):
    /// the article and its feed as `a` and `f`; `norm_link` (16) and `feed_id` (17) find the other feeds' copies.
    /// `includeFullText` is the backend's placeholder for `HeadlineQuery.includeFullText`.
    package static func storeColumns(includeFullText: String) -> String {
        """
        a.seq, f.url, f.name, f.title, a.guid, a.key, a.title, a.link, a.published, a.updated, a.fetched,
        a.authors, a.categories, a.summary, a.enclosures, a.language, a.norm_link, a.feed_id,
        CASE WHEN COALESCE(a.title, '') = '' AND a.summary IS NULL THEN substr(a.content, 1, 4000) END,
        CASE WHEN \(includeFullText) AND a.fulltext_state = 'done' THEN a.fulltext_text END,
        CASE WHEN \(includeFullText) AND a.fulltext_state = 'done' THEN a.fulltext_html END
        """
    }

    /// A row of `headlineColumns` as a headline (without its copies in other feeds).
    package init(row s: some StoreRow, names q: HeadlineQuery) {
        let url = s.string(1) ?? ""
        self.init(
            seq: s.int64(0), feedURL: url, feedName: FeedRecord.displayName(name: q.name(of: url, stored: s.string(2)), title: s.string(3), url: url),
            id: s.string(4), key: s.string(5) ?? "", title: s.string(6), link: s.string(7),
            published: s.timestamp(8), updated: s.timestamp(9), fetched: s.timestamp(10) ?? Timestamp(seconds: 0))
        authors = StoredJSON.decodePeople(s.string(11))
        categories = s.string(12).flatMap(StoredJSON.decodeStrings) ?? []
        summary = s.string(13)
        enclosures = StoredJSON.decodeEnclosures(s.string(14))
        language = s.string(15)
        untitledContent = s.string(18)
        fullText = s.string(19)
        fullHTML = s.string(20)
    }
}

extension FullTextStatus {
    /// The status read from six columns starting at `first`: `fulltext_state`, `_reason`, `_at`, `_error`,
    /// `_attempts`, `_next` (nil when never judged).
    package init?(row s: some StoreRow, from first: Int32) {
        guard let state = s.string(first).flatMap(State.init(rawValue:)) else { return nil }
        self.init(state: state, reason: s.string(first + 1), at: s.timestamp(first + 2),
                  error: s.string(first + 3), attempts: Int(clamping: s.int64(first + 4)),
                  next: s.timestamp(first + 5))
    }
}

extension FullTextCandidate {
    /// The columns `init(row:)` reads, in its order (the article as `a`, its feed as `f`).
    package static let storeColumns = """
        a.seq, f.url, a.link, a.summary, a.content, a.fulltext_state, a.fulltext_reason, a.fulltext_at,
        a.fulltext_error, a.fulltext_attempts, a.fulltext_next
        """

    package init(row s: some StoreRow) {
        self.init(seq: s.int64(0), feedURL: s.string(1) ?? "", link: s.string(2), summary: s.string(3),
                  content: s.string(4), status: FullTextStatus(row: s, from: 5))
    }
}
