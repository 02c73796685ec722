import GleanerModel
import GleanerStore

extension PostgresStore {
    /// Records one fetch attempt: the feed's state and its articles, in one transaction (all or nothing), with
    /// `Store.record`'s rules. The feed's claim (`claimFeeds`) ends with it.
    public func record(feedURL: String, fetch: FetchRecord, articles: [Article]) throws -> StoreOutcome {
        try requireWritable("record a fetch")
        return try connection.transaction {
            let feedID = try feedID(url: feedURL)
            try updateFeedState(feedID: feedID, fetch: fetch)
            guard fetch.succeeded else { return StoreOutcome() }
            try saveSiteURL(feedID: feedID, fetch.feedSite)
            let outcome = try storeArticles(articles, feedID: feedID, fetched: fetch.attemptedAt)
            let newArticles = outcome.new > 0, sayStored = fetch.result.isEmpty
            if newArticles || sayStored {
                try connection.query("""
                    UPDATE feeds SET
                        last_new = CASE WHEN $2::boolean THEN $3::bigint ELSE last_new END,
                        last_result = CASE WHEN $4::boolean THEN $5::text ELSE last_result END
                    WHERE id = $1::bigint
                    """, [feedID, newArticles, fetch.attemptedAt, sayStored, sayStored ? outcome.summary : nil])
            }
            return outcome
        }
    }

    private func feedID(url: String) throws -> Int64 {
        // FOR UPDATE: one transaction at a time stores a feed, whichever daemon or command runs it.
        guard let row = try connection.query("SELECT id FROM feeds WHERE url = $1::text FOR UPDATE", [url]).first else {
            throw StoreError.unknownFeed(path: location, url: url)
        }
        return row.int64(0)
    }

    private func updateFeedState(feedID: Int64, fetch: FetchRecord) throws {
        let schedule: [any PGValue] = [fetch.nextDue, fetch.nextDueReason, fetch.cacheUntil]
        if fetch.succeeded {
            let hints = fetch.hints
            try connection.query("""
                UPDATE feeds SET
                    last_attempt = $2::bigint, last_success = $2::bigint, last_status = $3::bigint,
                    last_result = $4::text, last_error = $5::text, consecutive_failures = 0,
                    processing_pid = NULL, processing_run = NULL, stops = 0, held_until = NULL, fetch_alone = false,
                    claimed_by = NULL, claimed_until = NULL,
                    validators_saved = CASE
                        WHEN $6::text IS NULL AND $7::text IS NULL THEN NULL
                        WHEN $19::boolean THEN $2::bigint
                        WHEN etag IS NOT DISTINCT FROM $6::text AND last_modified IS NOT DISTINCT FROM $7::text
                            THEN COALESCE(validators_saved, $2::bigint)
                        ELSE $2::bigint END,
                    body_hash = COALESCE($20::text, body_hash),
                    etag = $6::text, last_modified = $7::text, effective_url = $8::text,
                    title = COALESCE($9::text, title),
                    next_due = $10::bigint, next_due_reason = $11::text, cache_until = $12::bigint,
                    ttl = CASE WHEN $13::boolean THEN $14::bigint ELSE ttl END,
                    update_period = CASE WHEN $13::boolean THEN $15::text ELSE update_period END,
                    update_frequency = CASE WHEN $13::boolean THEN $16::bigint ELSE update_frequency END,
                    skip_hours = CASE WHEN $13::boolean THEN $17::text ELSE skip_hours END,
                    skip_days = CASE WHEN $13::boolean THEN $18::text ELSE skip_days END
                WHERE id = $1::bigint
                """, [feedID, fetch.attemptedAt, fetch.status, fetch.result, fetch.error, fetch.etag,
                      fetch.lastModified, fetch.effectiveURL, fetch.feedTitle] + schedule + [
                      hints != nil, hints?.ttl, hints?.updatePeriod, hints?.updateFrequency,
                      hints.flatMap { StoredJSON.nonEmptyStrings($0.skipHours.map(String.init)) },
                      hints.flatMap { StoredJSON.nonEmptyStrings($0.skipDays) },
                      fetch.validatorsRefreshed, fetch.bodyHash])
        } else {
            try connection.query("""
                UPDATE feeds SET
                    last_attempt = $2::bigint, last_status = $3::bigint, last_result = $4::text, last_error = $5::text,
                    consecutive_failures = consecutive_failures + 1,
                    processing_pid = NULL, processing_run = NULL, claimed_by = NULL, claimed_until = NULL,
                    next_due = $6::bigint, next_due_reason = $7::text, cache_until = $8::bigint
                WHERE id = $1::bigint
                """, [feedID, fetch.attemptedAt, fetch.status, fetch.result, fetch.error] + schedule)
        }
        if let confirmations = fetch.moveConfirmations {
            try connection.query("UPDATE feeds SET moved_to = $2::text, move_confirmations = $3::bigint WHERE id = $1::bigint",
                                 [feedID, fetch.movedTo, fetch.movedTo == nil ? 0 : confirmations])
        }
        if let disabled = fetch.disabled {
            try connection.query("UPDATE feeds SET \(PostgresStore.disabledColumns(from: 2)) WHERE id = $1::bigint",
                                 [feedID] + PostgresStore.disabledValues(disabled))
        }
        if let host = fetch.retryHost, let until = fetch.retryUntil {
            try setHostRetry(host: host, until: until)
        }
    }

    /// `SQLiteStore.storeArticles` on PostgreSQL: the same decisions (`ArticleBatchPlan`), one lookup per batch.
    ///
    /// New articles are inserted under a transaction-scoped advisory lock, so that sequence numbers are
    /// committed in the order they are drawn: without it, a daemon could commit seq 11 while another's seq 10
    /// is still in flight, and a consumer that read up to 11 would never see 10.
    func storeArticles(_ articles: [Article], feedID: Int64, fetched: Timestamp) throws -> StoreOutcome {
        if articles.isEmpty { return StoreOutcome() }
        var (mode, hasArticles) = try keyMode(feedID: feedID)
        while let problem = mode.problem(in: articles), let next = mode.next {
            try switchKeyMode(feedID: feedID, to: next, reason: "\(mode.rawValue) → \(next.rawValue): \(problem)",
                              at: fetched)
            mode = next
        }
        var plan = ArticleBatchPlan(articles, mode: mode)
        let known = hasArticles ? try storedArticles(feedID: feedID, keys: plan.lookupKeys) : [:]
        plan.resolve(articles, known: known)
        for (seq, key) in plan.rekeys {
            try connection.query("UPDATE articles SET key = $2::text WHERE seq = $1::bigint", [seq, key])
        }
        for (seq, index, hash) in plan.updates {
            try connection.query("""
                UPDATE articles SET
                    content_hash = $2::text, update_count = update_count + 1, last_update = $3::bigint,
                    guid = $4::text, title = $5::text, link = $6::text, published = $7::bigint, updated = $8::bigint,
                    authors = $9::text, categories = $10::text, summary = $11::text, summary_type = $12::text,
                    content = $13::text, content_type = $14::text, enclosures = $15::text, links = $16::text,
                    language = $17::text, comments = $18::text, norm_link = $19::text,
                    -- A new link is a new page: its full text is judged again (column values here are the old ones).
                    fulltext_state = CASE WHEN link IS NOT DISTINCT FROM $6::text THEN fulltext_state END,
                    fulltext_text = CASE WHEN link IS NOT DISTINCT FROM $6::text THEN fulltext_text END,
                    fulltext_html = CASE WHEN link IS NOT DISTINCT FROM $6::text THEN fulltext_html END,
                    fulltext_attempts = CASE WHEN link IS NOT DISTINCT FROM $6::text THEN fulltext_attempts ELSE 0 END
                WHERE seq = $1::bigint
                """, [seq, hash, fetched] + PostgresStore.articleFields(articles[index]))
        }
        var outcome = plan.outcome
        if !plan.fresh.isEmpty {
            try connection.query("SELECT pg_advisory_xact_lock($1::bigint)", [PostgresStore.articleLock])
            var inserted = 0
            for item in plan.fresh.reversed() {
                let result = try connection.query("""
                    INSERT INTO articles (feed_id, key, content_hash, fetched, guid, title, link, published, updated,
                                          authors, categories, summary, summary_type, content, content_type,
                                          enclosures, links, language, comments, norm_link, dup_of)
                    VALUES ($1::bigint, $2::text, $3::text, $4::bigint, $5::text, $6::text, $7::text, $8::bigint,
                            $9::bigint, $10::text, $11::text, $12::text, $13::text, $14::text, $15::text, $16::text,
                            $17::text, $18::text, $19::text, $20::text,
                            (SELECT MIN(seq) FROM articles WHERE norm_link = $20::text AND feed_id <> $1::bigint))
                    ON CONFLICT (feed_id, key) DO NOTHING
                    """, [feedID, plan.keys[item.index], item.hash, fetched]
                        + PostgresStore.articleFields(articles[item.index]))
                inserted += result.changes
            }
            // Delivered at commit, to every session listening (`waitForChange`); the payload names the schema,
            // since a channel is the whole database's.
            if inserted > 0 {
                try connection.query("SELECT pg_notify($1::text, current_schema())", [PostgresStore.articlesChannel])
            }
            // A conflict is a row another writer stored first: known, not new.
            outcome.unchanged += outcome.new - inserted
            outcome.new = inserted
        }
        return outcome
    }

    /// The article's columns from guid to norm_link, shared by the insert and the update.
    private static func articleFields(_ a: Article) -> [any PGValue] {
        [a.id, a.title, a.link, a.published, a.updated, StoredJSON.people(a.authors),
         StoredJSON.nonEmptyStrings(a.categories), a.summary, a.summaryType?.rawValue, a.content,
         a.contentType?.rawValue, StoredJSON.enclosures(a.enclosures), StoredJSON.links(a.links), a.language,
         a.comments, a.link.map(LinkNormalizer.normalize)]
    }

    /// The feed's stored rows among `keys`, by key: one statement for the whole batch.
    private func storedArticles(feedID: Int64, keys: [String]) throws -> [String: ArticleBatchPlan.Stored] {
        let result = try connection.query("""
            SELECT key, seq, content_hash, update_count, pruned FROM articles
            WHERE feed_id = $1::bigint AND key = ANY($2::text[])
            """, [feedID, PostgresStore.textArray(keys)])
        var found: [String: ArticleBatchPlan.Stored] = [:]
        for row in result.rows {
            if let key = row.string(0) {
                found[key] = ArticleBatchPlan.Stored(seq: row.int64(1), hash: row.string(2), updateCount: row.int64(3),
                                                     pruned: row.int64(4) != 0)
            }
        }
        return found
    }

    /// The feed's key mode, and whether it has any stored rows (tombstones included).
    private func keyMode(feedID: Int64) throws -> (KeyMode, hasArticles: Bool) {
        guard let row = try connection.query("""
            SELECT key_mode, EXISTS (SELECT 1 FROM articles WHERE feed_id = $1::bigint) FROM feeds WHERE id = $1::bigint
            """, [feedID]).first else { return (.id, true) }
        return (row.string(0).flatMap(KeyMode.init(rawValue:)) ?? .id, row.int64(1) != 0)
    }

    /// Moves a feed to another key mode and rekeys its stored rows from their columns (`SQLiteStore`'s rules: of
    /// two rows that now share a key, the older keeps it and the later keeps its old key).
    private func switchKeyMode(feedID: Int64, to mode: KeyMode, reason: String, at time: Timestamp) throws {
        try connection.query("""
            UPDATE feeds SET key_mode = $2::text, key_mode_reason = $3::text, key_mode_changed = $4::bigint
            WHERE id = $1::bigint
            """, [feedID, mode.rawValue, reason, time])
        let rows = try connection.query("""
            SELECT seq, guid, link, title, COALESCE(published, updated), enclosures::jsonb -> 0 ->> 'url', summary, content
            FROM articles WHERE feed_id = $1::bigint ORDER BY seq
            """, [feedID])
        for row in rows.rows {
            let key = mode.key(id: row.string(1), link: row.string(2), title: row.string(3), date: row.timestamp(4),
                               enclosure: row.string(5), summary: row.string(6), content: row.string(7))
            try connection.query("""
                UPDATE articles SET key = $2::text WHERE seq = $1::bigint
                AND NOT EXISTS (SELECT 1 FROM articles WHERE feed_id = $3::bigint AND key = $2::text)
                """, [row.int64(0), key, feedID])
        }
    }

    /// How many of a feed's articles were first stored at or after `since`: the daily growth cap's count.
    public func articlesFirstSeen(feedURL: String, since: Timestamp) throws -> Int {
        try connection.query("""
            SELECT COUNT(*) FROM articles WHERE feed_id = (SELECT id FROM feeds WHERE url = $1::text) AND fetched >= $2::bigint
            """, [feedURL, since]).first.map { Int($0.int64(0)) } ?? 0
    }
}
