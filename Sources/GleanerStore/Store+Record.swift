import GleanerModel

extension Store {
    /// Records one fetch attempt: the feed's state and its articles, in one transaction (all or nothing).
    ///
    /// On success: the failure count is reset, `last_success` set, validators replaced by the fetch's (nil
    /// clears them), and the articles stored:
    /// - a key not seen before in this feed is new and gets a fresh sequence number; the batch is numbered
    ///   in reverse document order, so the feed's first (newest) item gets the largest number;
    /// - a known key whose content hash changed is rewritten in place, keeping its sequence number and its
    ///   first `fetched` time (an edited article is not news again);
    /// - a known key with the same hash, or a key repeated within the batch, is left alone.
    ///
    /// On failure (`succeeded == false`): only the attempt, status, result and error are written and the
    /// failure count grows; validators, title, effective URL and articles stay as they were, and `articles`
    /// is ignored.
    public func record(feedURL: String, fetch: FetchRecord, articles: [Article]) throws -> StoreOutcome {
        try requireWritable("record a fetch")
        return try writeTransaction {
            let feedID = try feedID(url: feedURL)
            // The feed state is written first so that a failing article insert demonstrably rolls it back.
            try updateFeedState(feedID: feedID, fetch: fetch)
            guard fetch.succeeded else { return StoreOutcome() }
            let outcome = try storeArticles(articles, feedID: feedID, fetched: fetch.attemptedAt)
            if outcome.new > 0 {
                let s = try cached("UPDATE feeds SET last_new = ?2 WHERE id = ?1")
                defer { s.reset() }
                try s.bind(1, feedID)
                try s.bind(2, fetch.attemptedAt)
                try s.step()
            }
            if fetch.result.isEmpty {
                // The caller cannot know the counts before storing: an empty result means "say what was stored".
                let s = try cached("UPDATE feeds SET last_result = ?2 WHERE id = ?1")
                defer { s.reset() }
                try s.bind(1, feedID)
                try s.bind(2, outcome.summary)
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
                    validators_saved = CASE
                        WHEN ?6 IS NULL AND ?7 IS NULL THEN NULL
                        WHEN etag IS ?6 AND last_modified IS ?7 THEN COALESCE(validators_saved, ?2)
                        ELSE ?2 END,
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
            try s.step()
        } else {
            let s = try cached("""
                UPDATE feeds SET
                    last_attempt = ?2, last_status = ?3, last_result = ?4, last_error = ?5,
                    consecutive_failures = consecutive_failures + 1,
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
    }

    /// Parameters 10…12 of both feed-state updates.
    private func bindSchedule(_ fetch: FetchRecord, to s: Statement) throws {
        try s.bind(10, fetch.nextDue)
        try s.bind(11, fetch.nextDueReason)
        try s.bind(12, fetch.cacheUntil)
    }

    private func storeArticles(_ articles: [Article], feedID: Int64, fetched: Timestamp) throws -> StoreOutcome {
        var outcome = StoreOutcome()
        var seen = Set<String>(minimumCapacity: articles.count)
        var fresh: [(article: Article, key: String, hash: String)] = []

        let lookup = try cached("SELECT seq, content_hash FROM articles WHERE feed_id = ?1 AND key = ?2")
        defer { lookup.reset() }
        for article in articles {
            let key = ArticleKey(article).description
            guard seen.insert(key).inserted else {
                outcome.unchanged += 1
                continue
            }
            let hash = article.contentHash
            lookup.reset()
            try lookup.bind(1, feedID)
            try lookup.bind(2, key)
            if try lookup.step() {
                let seq = lookup.int64(0)
                if lookup.string(1) == hash {
                    outcome.unchanged += 1
                } else {
                    try update(seq: seq, article: article, hash: hash)
                    outcome.updated += 1
                }
            } else {
                fresh.append((article, key, hash))
            }
        }
        lookup.reset()

        // Reverse document order: feeds list newest first, and the newest should get the largest seq.
        if !fresh.isEmpty {
            let insert = try insertStatement()
            defer { insert.reset() }
            for item in fresh.reversed() {
                insert.reset()
                try insert.bind(1, feedID)
                try insert.bind(2, item.key)
                try insert.bind(3, item.hash)
                try insert.bind(4, fetched)
                try bindArticleFields(item.article, to: insert)
                try insert.step()
                outcome.new += 1
            }
        }
        return outcome
    }

    private func insertStatement() throws -> Statement {
        try cached("""
            INSERT INTO articles (feed_id, key, content_hash, fetched, guid, title, link, published, updated,
                                  authors, categories, summary, summary_type, content, content_type,
                                  enclosures, links, language, comments)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)
            """)
    }

    private func update(seq: Int64, article a: Article, hash: String) throws {
        let s = try cached("""
            UPDATE articles SET
                content_hash = ?3, update_count = update_count + 1, guid = ?5, title = ?6, link = ?7,
                published = ?8, updated = ?9, authors = ?10, categories = ?11, summary = ?12, summary_type = ?13,
                content = ?14, content_type = ?15, enclosures = ?16, links = ?17, language = ?18, comments = ?19
            WHERE seq = ?1
            """)
        defer { s.reset() }
        try s.bind(1, seq)
        try s.bind(3, hash)
        try bindArticleFields(a, to: s)
        try s.step()
    }

    /// Parameters 5…19, shared by the insert and the update.
    private func bindArticleFields(_ a: Article, to s: Statement) throws {
        try s.bind(5, a.id)
        try s.bind(6, a.title)
        try s.bind(7, a.link)
        try s.bind(8, a.published)
        try s.bind(9, a.updated)
        try s.bind(10, StoredJSON.people(a.authors))
        try s.bind(11, StoredJSON.nonEmptyStrings(a.categories))
        try s.bind(12, a.summary)
        try s.bind(13, a.summaryType?.rawValue)
        try s.bind(14, a.content)
        try s.bind(15, a.contentType?.rawValue)
        try s.bind(16, StoredJSON.enclosures(a.enclosures))
        try s.bind(17, StoredJSON.links(a.links))
        try s.bind(18, a.language)
        try s.bind(19, a.comments)
    }
}
