import GleanerModel

extension SQLiteStore {
    /// Stores one fetch's articles for a feed, inside `record`'s transaction:
    /// - the feed's key mode moves on first when this batch shows it does not identify articles
    ///   (`KeyMode.problem`), and the feed's stored rows are rekeyed so that nothing comes back as new;
    /// - a key not seen before in this feed is new and gets a fresh sequence number (reverse document order:
    ///   the feed's first, newest item gets the largest one), its normalised link, and `dup_of` when another
    ///   feed already has the same story;
    /// - a known key whose content hash changed is rewritten in place (`update_count`, `last_update`) until
    ///   `StoreLimits.maxUpdatesPerArticle`;
    /// - a known key with the same hash, a tombstone (pruned by retention), or a key repeated within the batch
    ///   is left alone;
    /// - an article keyed by hash that is stored, with the same content hash, under its other hash key (with or
    ///   without its text, `distinguishHashKeys`) takes the new key and is not new.
    func storeArticles(_ articles: [Article], feedID: Int64, fetched: Timestamp) throws -> StoreOutcome {
        var outcome = StoreOutcome()
        if articles.isEmpty { return outcome }
        var (mode, hasArticles) = try keyMode(feedID: feedID)
        while let problem = mode.problem(in: articles), let next = mode.next {
            try switchKeyMode(feedID: feedID, to: next, reason: "\(mode.rawValue) → \(next.rawValue): \(problem)",
                              at: fetched)
            mode = next
        }

        // Keys and hashes by article index; `fresh` holds the indices of the new ones, in document order.
        var keys: [String] = []
        keys.reserveCapacity(articles.count)
        for i in articles.indices { keys.append(mode.key(articles[i])) }
        let alternates = distinguishHashKeys(articles, mode: mode, keys: &keys)
        // A feed's first fetch (or its first after all its rows were deleted) has nothing to look up.
        let known = hasArticles ? try storedArticles(feedID: feedID, keys: keys + alternates.values) : [:]

        var seen = Set<String>(minimumCapacity: articles.count)
        var claimed = Set<String>()
        let primaries = alternates.isEmpty ? [] : Set(keys)
        var fresh: [(index: Int, hash: String)] = []
        fresh.reserveCapacity(articles.count)
        for i in articles.indices {
            let key = keys[i]
            guard seen.insert(key).inserted else {
                outcome.unchanged += 1
                continue
            }
            let hash = articles[i].contentHash
            if known[key] == nil, let other = alternates[i], let stored = known[other], stored.hash == hash,
               !primaries.contains(other), claimed.insert(other).inserted {
                // The same article, stored under its other hash key (by a version that left the text out of
                // the key, or while no other article shared its title): it moves to this key, and is not new.
                try rekey(seq: stored.seq, to: key)
                outcome.unchanged += 1
            } else if let stored = known[key] {
                let frozen = stored.updateCount >= Int64(StoreLimits.maxUpdatesPerArticle) || stored.pruned
                if stored.hash == hash || frozen {
                    outcome.unchanged += 1
                } else {
                    try update(seq: stored.seq, article: articles[i], hash: hash, at: fetched)
                    outcome.updated += 1
                }
            } else {
                fresh.append((i, hash))
            }
        }

        if !fresh.isEmpty {
            let insert = try cached("""
                INSERT INTO articles (feed_id, key, content_hash, fetched, guid, title, link, published, updated,
                                      authors, categories, summary, summary_type, content, content_type,
                                      enclosures, links, language, comments, norm_link, dup_of)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,
                        (SELECT MIN(seq) FROM articles WHERE norm_link = ?20 AND feed_id <> ?1))
                """)
            defer { insert.reset() }
            for item in fresh.reversed() {
                insert.reset()
                try insert.bind(1, feedID)
                try insert.bind(2, keys[item.index])
                try insert.bind(3, item.hash)
                try insert.bind(4, fetched)
                try bindArticleFields(articles[item.index], to: insert)
                try insert.bind(20, articles[item.index].link.map(LinkNormalizer.normalize))
                try insert.step()
                outcome.new += 1
            }
            try extendArticleOrder()
        }
        return outcome
    }

    /// Articles of one fetch keyed by the same hash but different in content are different articles (items
    /// with one title and no date, say): each of them takes the hash key that includes its text, so two items
    /// of one document never share a key. Returns, for every hash-keyed article, its other hash key, under which
    /// an earlier fetch may have stored it.
    private func distinguishHashKeys(_ articles: [Article], mode: KeyMode, keys: inout [String]) -> [Int: String] {
        let prefix = ArticleKey.Kind.hash.rawValue + ":"
        var alternates: [Int: String] = [:]
        var first: [String: Int] = [:]
        var shared = Set<String>()
        var both: [Int: (plain: String, withText: String)] = [:]
        for i in articles.indices where keys[i].hasPrefix(prefix) {
            guard let pair = mode.hashKeys(articles[i]) else { continue }
            both[i] = pair
            if let f = first[keys[i]] {
                if articles[f].contentHash != articles[i].contentHash { shared.insert(keys[i]) }
            } else {
                first[keys[i]] = i
            }
        }
        for (i, pair) in both {
            if shared.contains(keys[i]) { keys[i] = pair.withText }
            alternates[i] = keys[i] == pair.plain ? pair.withText : pair.plain
        }
        return alternates
    }

    private func rekey(seq: Int64, to key: String) throws {
        let s = try cached("UPDATE articles SET key = ?2 WHERE seq = ?1")
        defer { s.reset() }
        try s.bind(1, seq)
        try s.bind(2, key)
        try s.step()
    }

    /// How many keys one lookup binds (`key IN (?2, …)`); a longer batch takes several, and unused places
    /// stay NULL, which matches nothing. One statement per batch instead of one per article.
    static let lookupChunk = 64
    static let lookupSQL = """
        SELECT key, seq, content_hash, update_count, pruned FROM articles
        WHERE feed_id = ?1 AND key IN (\((0..<lookupChunk).map { "?\($0 + 2)" }.joined(separator: ", ")))
        """

    /// The feed's stored rows among `keys`, by key.
    private func storedArticles(feedID: Int64, keys: [String])
        throws -> [String: (seq: Int64, hash: String?, updateCount: Int64, pruned: Bool)]
    {
        var found: [String: (seq: Int64, hash: String?, updateCount: Int64, pruned: Bool)] = [:]
        let lookup = try cached(SQLiteStore.lookupSQL)
        defer { lookup.reset() }
        var start = 0
        while start < keys.count {
            let end = min(start + SQLiteStore.lookupChunk, keys.count)
            lookup.reset()
            try lookup.bind(1, feedID)
            for i in start..<end { try lookup.bind(Int32(i - start + 2), keys[i]) }
            while try lookup.step() {
                if let key = lookup.string(0) {
                    found[key] = (lookup.int64(1), lookup.string(2), lookup.int64(3), lookup.int64(4) != 0)
                }
            }
            start = end
        }
        return found
    }

    /// How many of the newest articles the headlines order may leave out of `article_order` (they are read
    /// from `articles` and sorted per query instead). Adding them in one sorted batch touches each page of
    /// the order once, instead of one page per article stored: a feed's articles are spread over its
    /// history, and so over the whole order.
    static let articleOrderTail: Int64 = 2048

    /// Adds the tail to `article_order` once it holds `articleOrderTail` articles.
    func extendArticleOrder() throws {
        let state = try cached("SELECT through, (SELECT COALESCE(MAX(seq), 0) FROM articles) FROM article_order_state")
        defer { state.reset() }
        guard try state.step() else { return }
        let through = state.int64(0), last = state.int64(1)
        state.reset()
        guard last - through >= SQLiteStore.articleOrderTail else { return }
        let add = try cached("""
            INSERT INTO article_order (sort_at, seq)
            SELECT sort_at, seq FROM articles WHERE seq > ?1 AND seq <= ?2 ORDER BY 1, 2
            """)
        defer { add.reset() }
        try add.bind(1, through)
        try add.bind(2, last)
        try add.step()
        let set = try cached("UPDATE article_order_state SET through = ?1")
        defer { set.reset() }
        try set.bind(1, last)
        try set.step()
    }

    /// The feed's key mode, and whether it has any stored rows (tombstones included).
    func keyMode(feedID: Int64) throws -> (KeyMode, hasArticles: Bool) {
        let s = try cached("SELECT key_mode, EXISTS (SELECT 1 FROM articles WHERE feed_id = ?1) FROM feeds WHERE id = ?1")
        defer { s.reset() }
        try s.bind(1, feedID)
        guard try s.step() else { return (.id, true) }
        return (s.string(0).flatMap(KeyMode.init(rawValue:)) ?? .id, s.int64(1) != 0)
    }

    /// Moves a feed to another key mode and rekeys its stored rows (tombstones included) from their columns,
    /// so that an article stored under its id is found again under its link.
    private func switchKeyMode(feedID: Int64, to mode: KeyMode, reason: String, at time: Timestamp) throws {
        let set = try cached("""
            UPDATE feeds SET key_mode = ?2, key_mode_reason = ?3, key_mode_changed = ?4 WHERE id = ?1
            """)
        defer { set.reset() }
        try set.bind(1, feedID)
        try set.bind(2, mode.rawValue)
        try set.bind(3, reason)
        try set.bind(4, time)
        try set.step()

        let rows = try connection.prepare("""
            SELECT seq, guid, link, title, COALESCE(published, updated), json_extract(enclosures, '$[0].url'),
                   summary, content
            FROM articles WHERE feed_id = ?1 ORDER BY seq
            """)
        try rows.bind(1, feedID)
        var rekeyed: [(Int64, String)] = []
        while try rows.step() {
            rekeyed.append((rows.int64(0), mode.key(id: rows.string(1), link: rows.string(2), title: rows.string(3),
                                                    date: rows.timestamp(4), enclosure: rows.string(5),
                                                    summary: rows.string(6), content: rows.string(7))))
        }
        // Two old rows that now share a key (one guid reused by different articles collapsed them before, or
        // the other way round): the older keeps the key, the later one keeps its old key and is never matched.
        let rekey = try connection.prepare("UPDATE OR IGNORE articles SET key = ?2 WHERE seq = ?1")
        for (seq, key) in rekeyed {
            rekey.reset()
            try rekey.bind(1, seq)
            try rekey.bind(2, key)
            try rekey.step()
        }
    }

    private func update(seq: Int64, article a: Article, hash: String, at time: Timestamp) throws {
        let s = try cached("""
            UPDATE articles SET
                content_hash = ?3, update_count = update_count + 1, last_update = ?4, guid = ?5, title = ?6,
                link = ?7, published = ?8, updated = ?9, authors = ?10, categories = ?11, summary = ?12,
                summary_type = ?13, content = ?14, content_type = ?15, enclosures = ?16, links = ?17,
                language = ?18, comments = ?19, norm_link = ?20
            WHERE seq = ?1
            """)
        defer { s.reset() }
        try s.bind(1, seq)
        try s.bind(3, hash)
        try s.bind(4, time)
        try bindArticleFields(a, to: s)
        try s.bind(20, a.link.map(LinkNormalizer.normalize))
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
