import GleanerModel
import GleanerStore
import Testing

/// One date for listing, ordering and `since`: published, else updated, else first stored; a date more than a
/// day after the article was first stored counts as that moment. Checked on both ways the store orders (the
/// newest articles sorted per query, and the stored order the older ones are moved to), and on the cursor path.
@Suite struct HeadlineDateTests {
    static let now: Int64 = 1_760_000_000
    static let day: Int64 = 86_400

    static func dated(_ id: String, published: Int64? = nil, updated: Int64? = nil) -> Article {
        var a = Article(id: id, title: id, link: nil)
        a.published = published.map { Timestamp(seconds: $0) }
        a.updated = updated.map { Timestamp(seconds: $0) }
        return a
    }

    /// Feed A, fetched at `now`: an item dated only by `updated` in 2022 (RSS 1.0 `dc:date`), one published an
    /// hour ago, one dated ten days ahead, one an hour ahead, one undated. With `fillers`, enough articles of
    /// feed B follow to move all of them into the stored order.
    static func populated(_ backend: StoreBackend, fillers: Bool) throws -> StoreFixture {
        let f = try StoreFixture(backend)
        let items = [
            dated("old-dc-date", updated: 1_650_000_000),
            dated("hour-ago", published: now - 3600),
            dated("far-future", published: now + 10 * day),
            dated("hour-ahead", published: now + 3600),
            dated("undated"),
        ]
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(at: now), articles: items)
        if fillers {
            let many = (0..<2100).map { dated("filler-\($0)", published: 1_000_000 + Int64($0)) }
            _ = try f.store.record(feedURL: StoreFixture.feedB, fetch: success(at: now + 10), articles: many)
        }
        return f
    }

    static let expectedOrder = ["hour-ahead", "far-future", "undated", "hour-ago", "old-dc-date"]

    @Test(arguments: StoreBackend.all, [false, true])
    func orderAndSinceFollowTheOneDate(_ backend: StoreBackend, fillers: Bool) throws {
        let f = try Self.populated(backend, fillers: fillers)
        let all = try f.store.headlines(HeadlineQuery(feed: "A"))
        // far-future and undated both count as `now` (first stored); equal dates fall back to seq (document
        // order numbered in reverse: the earlier item has the larger seq).
        #expect(all.map { $0.id ?? "" } == Self.expectedOrder)
        let byID = Dictionary(uniqueKeysWithValues: all.map { ($0.id ?? "", $0) })
        #expect(byID["far-future"]?.date == Timestamp(seconds: Self.now))
        #expect(byID["hour-ahead"]?.date == Timestamp(seconds: Self.now + 3600))
        #expect(byID["old-dc-date"]?.date == Timestamp(seconds: 1_650_000_000))
        #expect(byID["undated"]?.date == Timestamp(seconds: Self.now))
        // The JSON keeps the article's own date.
        #expect(byID["far-future"]?.jsonLine.contains("\"published\":\"\(Timestamp(seconds: Self.now + 10 * Self.day).rfc3339)\"") == true)
        #expect(byID["old-dc-date"]?.jsonLine.contains("\"published\":\"2022-04-15T05:20:00Z\"") == true)

        // --since 2h: the 2022 item is out although it was stored just now.
        var q = HeadlineQuery(feed: "A")
        q.since = Timestamp(seconds: Self.now - 7200)
        #expect(try f.store.headlines(q).map { $0.id ?? "" } == Self.expectedOrder.filter { $0 != "old-dc-date" })
        q.since = Timestamp(seconds: Self.now + 1)
        #expect(try f.store.headlines(q).map { $0.id ?? "" } == ["hour-ahead"])

        // The cursor path (`--new`, hooks) orders its page by the same date.
        var fresh = HeadlineQuery(onlyNewFor: "reader", feed: "A")
        fresh.limit = 10
        #expect(try f.store.headlines(fresh).map { $0.id ?? "" } == Self.expectedOrder)
    }

    @Test(arguments: StoreBackend.all)
    func anUpdatedDateMovesTheArticleInTheStoredOrder(_ backend: StoreBackend) throws {
        let f = try Self.populated(backend, fillers: true)
        // The 2022 item's date is corrected to a minute ago: it moves up, in the stored order too.
        let corrected = Self.dated("old-dc-date", updated: Self.now - 60)
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(at: Self.now + 20), articles: [corrected])
        #expect(try f.store.headlines(HeadlineQuery(feed: "A")).map { $0.id ?? "" }
                == ["hour-ahead", "far-future", "undated", "old-dc-date", "hour-ago"])
    }

    /// SQLite only: an older schema of its file, migrated.
    @Test func upgradingAStoreOrdersItsStoredArticlesByTheOneDate() throws {
        let f = try Self.populated(.sqlite, fillers: true)
        // Back to schema 4: no sort_at, the stored order by COALESCE(published, fetched).
        try f.sqlite.execute(DisabledUpgradeTests.backToSchema7)
        try f.sqlite.execute("""
            DROP TRIGGER article_order_delete;
            DROP TRIGGER article_order_update;
            ALTER TABLE articles DROP COLUMN sort_at;
            ALTER TABLE feeds DROP COLUMN site_url;
            DROP TABLE hook_feeds;
            DROP TABLE hook_feeds_legacy;
            DELETE FROM article_order;
            INSERT INTO article_order (sort_at, seq) SELECT COALESCE(published, fetched), seq FROM articles;
            CREATE TRIGGER article_order_delete AFTER DELETE ON articles BEGIN
                DELETE FROM article_order WHERE sort_at = COALESCE(OLD.published, OLD.fetched) AND seq = OLD.seq;
            END;
            CREATE TRIGGER article_order_update AFTER UPDATE OF published, fetched ON articles
            WHEN COALESCE(OLD.published, OLD.fetched) IS NOT COALESCE(NEW.published, NEW.fetched) BEGIN
                UPDATE article_order SET sort_at = COALESCE(NEW.published, NEW.fetched)
                WHERE sort_at = COALESCE(OLD.published, OLD.fetched) AND seq = OLD.seq;
            END;
            PRAGMA user_version = 4;
            """)
        let upgraded = try SQLiteStore(path: f.sqlite.path)
        #expect(try upgraded.userVersion() == SQLiteStore.schemaVersion)
        #expect(try upgraded.headlines(HeadlineQuery(feed: "A")).map { $0.id ?? "" } == Self.expectedOrder)
        #expect(try upgraded.integrityCheck() == ["ok"])
    }

    @Test func theDateSaturatesAtTheEndOfTime() {
        var h = Headline(seq: 1, feedURL: "u", feedName: "n", key: "id:x", fetched: Timestamp(seconds: .max - 10))
        h.published = Timestamp(seconds: .max)
        #expect(h.date == Timestamp(seconds: .max))
        h.published = Timestamp(seconds: 5)
        #expect(h.date == Timestamp(seconds: 5))
    }
}
