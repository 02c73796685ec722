import GleanerModel
import GleanerStore
import Testing

/// Issue 5: identity with fallbacks, key modes, bounded updates, tombstones, cross-feed duplicates, explain.
@Suite struct DedupTests {
    func articles(_ n: Int, guid: (Int) -> String?, link: (Int) -> String? = { "https://example.org/\($0)" }) -> [Article] {
        (0..<n).map { i in
            var a = Article(id: guid(i), title: "Story \(i)", link: link(i))
            a.published = Timestamp(seconds: 1_700_000_000 + Int64(i))
            return a
        }
    }

    @Test(arguments: StoreBackend.all)
    func aFeedThatRepeatsOneGuidForEveryArticleSwitchesToLinksAndLosesNothing(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        // Every item carries the same guid (a real WordPress plugin bug): keyed by id, 19 would collapse.
        let batch = articles(20, guid: { _ in "https://example.org/feed" })
        let first = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(), articles: batch)
        #expect(first.new == 20)
        let record = try #require(try f.store.feed(url: StoreFixture.feedA))
        #expect(record.keyMode == .link)
        #expect(record.keyModeReason?.contains("repeated") == true)
        #expect(try f.store.record(feedURL: StoreFixture.feedA, fetch: success(), articles: batch).unchanged == 20)
    }

    @Test(arguments: StoreBackend.all)
    func switchingModeRekeysStoredArticlesSoNoneComesBackAsNew(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        // First fetches have good guids.
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(), articles: articles(10, guid: { "g\($0)" }))
        // Then the feed starts emitting blank guids for the same articles.
        let blank = articles(10, guid: { _ in "" })
        let outcome = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(), articles: blank)
        #expect(outcome.new == 0)
        #expect(try f.store.feed(url: StoreFixture.feedA)?.keyMode == .link)
        #expect(try f.store.headlines(HeadlineQuery(feed: StoreFixture.feedA)).count == 10)
    }

    @Test(arguments: StoreBackend.all)
    func linksRepeatedForDifferentArticlesMoveTheFeedToHashes(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        let batch = articles(10, guid: { _ in nil }, link: { _ in "https://example.org/" })
        #expect(try f.store.record(feedURL: StoreFixture.feedA, fetch: success(), articles: batch).new == 10)
        #expect(try f.store.feed(url: StoreFixture.feedA)?.keyMode == .hash)
        #expect(try f.store.headlines(HeadlineQuery(feed: StoreFixture.feedA)).allSatisfy { $0.key.hasPrefix("hash:") })
    }

    @Test(arguments: StoreBackend.all)
    func oneOddItemInALongFeedDoesNotSwitchTheMode(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        var batch = articles(40, guid: { "g\($0)" })
        batch[3].id = ""
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(), articles: batch)
        #expect(try f.store.feed(url: StoreFixture.feedA)?.keyMode == .id)
    }

    @Test(arguments: StoreBackend.all)
    func anArticleRewrittenOnEveryFetchStopsBeingRewrittenAfterTheBound(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        var a = article("x", title: "views: 0")
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(), articles: [a])
        var updated = 0, unchanged = 0
        for i in 1...(StoreLimits.maxUpdatesPerArticle + 5) {
            a.title = "views: \(i)"
            let o = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(), articles: [a])
            #expect(o.new == 0)
            updated += o.updated
            unchanged += o.unchanged
        }
        #expect(updated == StoreLimits.maxUpdatesPerArticle)
        #expect(unchanged == 5)
        let e = try #require(try f.store.explain("1"))
        #expect(e.updateCount == StoreLimits.maxUpdatesPerArticle && e.frozen)
        #expect(try f.store.headlines(HeadlineQuery()).first?.title == "views: \(StoreLimits.maxUpdatesPerArticle)")
    }

    @Test(arguments: StoreBackend.all)
    func prunedArticlesLeaveTombstonesAndNeverComeBackAsNew(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        let batch = articles(30, guid: { "g\($0)" })
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(), articles: batch)
        try f.store.markShown(consumer: "", upTo: try f.store.maxSeq())
        let pruned = try f.store.applyRetention([RetentionPolicy(feedURL: StoreFixture.feedA, keep: nil, keepItems: 10)])
        #expect(pruned == 20)
        #expect(try f.store.headlines(HeadlineQuery(feed: StoreFixture.feedA)).count == 10)
        let record = try #require(try f.store.feed(url: StoreFixture.feedA))
        #expect(record.articleCount == 10 && record.tombstones == 20)
        // The feed still lists all 30: nothing new, nothing rewritten.
        #expect(try f.store.record(feedURL: StoreFixture.feedA, fetch: success(), articles: batch)
                == StoreOutcome(new: 0, updated: 0, unchanged: 30))
        #expect(try f.store.headlines(HeadlineQuery(onlyNewFor: "")).isEmpty)
        // Pruned by age as well: everything is older than a day here.
        let aged = try f.store.applyRetention([RetentionPolicy(feedURL: StoreFixture.feedA, keep: 86_400, keepItems: nil)])
        #expect(aged == 10)
        if let file = f.store as? SQLiteStore { #expect(try file.integrityCheck() == ["ok"]) }
    }

    @Test(arguments: StoreBackend.all)
    func pruningRunsInSmallBatches(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        let batch = articles(StoreLimits.pruneBatch * 2 + 7, guid: { "g\($0)" })
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(), articles: batch)
        #expect(try f.store.applyRetention([RetentionPolicy(feedURL: StoreFixture.feedA, keep: nil, keepItems: 1)])
                == StoreLimits.pruneBatch * 2 + 6)
    }

    @Test(arguments: StoreBackend.all)
    func theSameStoryFromTwoFeedsIsListedOnceWithAlsoIn(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        let arabic = "https://example.org/ar/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1?id=7"
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(),
                               articles: [article("a1", title: "From A", link: arabic)])
        // B links the same page: host case, default port, raw Arabic, tracking parameters and a fragment.
        _ = try f.store.record(feedURL: StoreFixture.feedB, fetch: success(),
                               articles: [article("b1", title: "From B", link: "HTTPS://Example.ORG:443/ar/أخبار?utm_source=rss&id=7&fbclid=x#top")])
        let listed = try f.store.headlines(HeadlineQuery())
        #expect(listed.count == 1)
        #expect(listed.first?.title == "From A")
        #expect(listed.first?.alsoIn.map(\.feedURL) == [StoreFixture.feedB])
        // Both are stored; B's own listing shows its copy.
        #expect(try f.store.headlines(HeadlineQuery(feed: StoreFixture.feedB)).map(\.title) == ["From B"])
        // A consumer that was given A's copy is not given B's.
        let e = try #require(try f.store.explain("2"))
        #expect(e.duplicateOf?.seq == 1)
        #expect(try f.store.explain("https://example.org/ar/أخبار?id=7")?.headline.seq == 1)
    }

    @Test(arguments: StoreBackend.all)
    func aDuplicateArrivingAfterTheOriginalWasShownIsNotNew(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(),
                               articles: [article("a1", link: "https://example.org/story")])
        try f.store.markShown(consumer: "", upTo: try f.store.maxSeq())
        _ = try f.store.record(feedURL: StoreFixture.feedB, fetch: success(),
                               articles: [article("b1", link: "https://example.org/story?utm_medium=feed")])
        #expect(try f.store.headlines(HeadlineQuery(onlyNewFor: "")).isEmpty)
    }
}
