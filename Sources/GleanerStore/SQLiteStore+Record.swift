import GleanerModel

extension SQLiteStore {
    /// `Store.record`, in one write transaction (taken up front: `BEGIN IMMEDIATE`).
    public func record(feedURL: String, fetch: FetchRecord, articles: [Article]) throws -> StoreOutcome {
        try requireWritable("record a fetch")
        return try writeTransaction {
            let feedID = try feedID(url: feedURL)
            // The feed state is written first so that a failing article insert demonstrably rolls it back.
            try updateFeedState(feedID: feedID, fetch: fetch)
            guard fetch.succeeded else { return StoreOutcome() }
            try saveSiteURL(feedID: feedID, fetch.feedSite)
            let outcome = try storeArticles(articles, feedID: feedID, fetched: fetch.attemptedAt)
            // What only the stored articles tell, in one statement: when the feed last brought something new,
            // and (for an empty result: the caller cannot know the counts before storing) what was stored.
            let newArticles = outcome.new > 0, sayStored = fetch.result.isEmpty
            if newArticles || sayStored {
                let s = try cached("""
                    UPDATE feeds SET
                        last_new = CASE WHEN ?2 THEN ?3 ELSE last_new END,
                        last_result = CASE WHEN ?4 THEN ?5 ELSE last_result END
                    WHERE id = ?1
                    """)
                defer { s.reset() }
                try s.bind(1, feedID)
                try s.bind(2, newArticles)
                try s.bind(3, fetch.attemptedAt)
                try s.bind(4, sayStored)
                try s.bind(5, sayStored ? outcome.summary : nil)
                try s.step()
            }
            return outcome
        }
    }

    private func feedID(url: String) throws -> Int64 {
        let s = try cached("SELECT id FROM feeds WHERE url = ?1")
        defer { s.reset() }
        try s.bind(1, url)
        guard try s.step() else { throw StoreError.unknownFeed(path: path, url: url) }
        return s.int64(0)
    }

    private func updateFeedState(feedID: Int64, fetch: FetchRecord) throws {
        if fetch.succeeded {
            let s = try cached("""
                UPDATE feeds SET
                    last_attempt = ?2, last_success = ?2, last_status = ?3, last_result = ?4, last_error = ?5,
                    consecutive_failures = 0,
                    -- Processed to the end: no longer in progress, and no longer suspected of stopping the process.
                    processing_pid = NULL, processing_run = NULL, stops = 0, held_until = NULL, fetch_alone = 0,
                    -- Kept while the validators stay the same; a 304 that refreshed them (?19) restarts it.
                    validators_saved = CASE
                        WHEN ?6 IS NULL AND ?7 IS NULL THEN NULL
                        WHEN ?19 THEN ?2
                        WHEN etag IS ?6 AND last_modified IS ?7 THEN COALESCE(validators_saved, ?2)
                        ELSE ?2 END,
                    body_hash = COALESCE(?20, body_hash),
                    etag = ?6, last_modified = ?7, effective_url = ?8, title = COALESCE(?9, title),
                    next_due = ?10, next_due_reason = ?11, cache_until = ?12,
                    ttl = CASE WHEN ?13 THEN ?14 ELSE ttl END,
                    update_period = CASE WHEN ?13 THEN ?15 ELSE update_period END,
                    update_frequency = CASE WHEN ?13 THEN ?16 ELSE update_frequency END,
                    skip_hours = CASE WHEN ?13 THEN ?17 ELSE skip_hours END,
                    skip_days = CASE WHEN ?13 THEN ?18 ELSE skip_days END
                WHERE id = ?1
                """)
            defer { s.reset() }
            try s.bind(1, feedID)
            try s.bind(2, fetch.attemptedAt)
            try s.bind(3, fetch.status)
            try s.bind(4, fetch.result)
            try s.bind(5, fetch.error)
            try s.bind(6, fetch.etag)
            try s.bind(7, fetch.lastModified)
            try s.bind(8, fetch.effectiveURL)
            try s.bind(9, fetch.feedTitle)
            try bindSchedule(fetch, to: s)
            let hints = fetch.hints
            try s.bind(13, hints != nil)
            try s.bind(14, hints?.ttl)
            try s.bind(15, hints?.updatePeriod)
            try s.bind(16, hints?.updateFrequency)
            try s.bind(17, hints.flatMap { StoredJSON.nonEmptyStrings($0.skipHours.map(String.init)) })
            try s.bind(18, hints.flatMap { StoredJSON.nonEmptyStrings($0.skipDays) })
            try s.bind(19, fetch.validatorsRefreshed)
            try s.bind(20, fetch.bodyHash)
            try s.step()
        } else {
            let s = try cached("""
                UPDATE feeds SET
                    last_attempt = ?2, last_status = ?3, last_result = ?4, last_error = ?5,
                    consecutive_failures = consecutive_failures + 1,
                    processing_pid = NULL, processing_run = NULL,
                    next_due = ?10, next_due_reason = ?11, cache_until = ?12
                WHERE id = ?1
                """)
            defer { s.reset() }
            try s.bind(1, feedID)
            try s.bind(2, fetch.attemptedAt)
            try s.bind(3, fetch.status)
            try s.bind(4, fetch.result)
            try s.bind(5, fetch.error)
            try bindSchedule(fetch, to: s)
            try s.step()
        }
        // Fetcher state beyond the basic outcome (FetchJob): moves, 410 Gone, a host's Retry-After.
        if let confirmations = fetch.moveConfirmations {
            let m = try cached("UPDATE feeds SET moved_to = ?2, move_confirmations = ?3 WHERE id = ?1")
            defer { m.reset() }
            try m.bind(1, feedID)
            try m.bind(2, fetch.movedTo)
            try m.bind(3, fetch.movedTo == nil ? 0 : confirmations)
            try m.step()
        }
        if let disabled = fetch.disabled {
            let d = try cached("""
                UPDATE feeds SET disabled_kind = ?2, disabled_reason = ?3, disabled_fingerprint = ?4, disabled_at = ?5
                WHERE id = ?1
                """)
            defer { d.reset() }
            try d.bind(1, feedID)
            try SQLiteStore.bind(disabled, to: d, from: 2)
            try d.step()
        }
        if let host = fetch.retryHost, let until = fetch.retryUntil {
            let h = try cached("""
                INSERT INTO hosts (host, retry_until) VALUES (?1, ?2)
                ON CONFLICT (host) DO UPDATE SET retry_until = excluded.retry_until
                """)
            defer { h.reset() }
            try h.bind(1, host)
            try h.bind(2, until)
            try h.step()
        }
    }

    /// Parameters 10…12 of both feed-state updates.
    private func bindSchedule(_ fetch: FetchRecord, to s: Statement) throws {
        try s.bind(10, fetch.nextDue)
        try s.bind(11, fetch.nextDueReason)
        try s.bind(12, fetch.cacheUntil)
    }
    // Storing the articles themselves (identity, updates, tombstones, duplicates): SQLiteStore+Articles.swift.
}
