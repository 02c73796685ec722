import GleanerModel
import GleanerStore
import GleanerTestSupport
import Testing

/// The fetcher's per-fetch state (issue 6) written with the fetch record, in its transaction.
@Suite struct FetchTransitionTests {
    @Test(arguments: StoreBackend.all)
    func movesGoneBodyHashAndHostRetryAreStoredWithTheFetch(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        var fetch = success(at: 1000, etag: "\"v1\"")
        fetch.bodyHash = "fnv1a64:0123:10"
        fetch.movedTo = "https://example.org/new.xml"
        fetch.moveConfirmations = 2
        fetch.retryHost = "example.org"
        fetch.retryUntil = Timestamp(seconds: 5000)
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: fetch, articles: [article("1")])
        var feed = try #require(try f.store.feed(url: StoreFixture.feedA))
        #expect(feed.bodyHash == "fnv1a64:0123:10")
        #expect(feed.movedTo == "https://example.org/new.xml" && feed.moveConfirmations == 2)
        #expect(try f.store.hostRetries(after: Timestamp(seconds: 4000)) == ["example.org": Timestamp(seconds: 5000)])
        #expect(try f.store.hostRetries(after: Timestamp(seconds: 5000)).isEmpty)

        // A 304: no body hash (kept), move state untouched (moveConfirmations nil).
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(at: 2000, status: 304, etag: "\"v1\""),
                               articles: [])
        feed = try #require(try f.store.feed(url: StoreFixture.feedA))
        #expect(feed.bodyHash == "fnv1a64:0123:10" && feed.moveConfirmations == 2)

        // Forgetting the move, and 410 disabling, on a failure.
        var gone = failure(at: 3000, status: 410, error: "HTTP 410 Gone")
        gone.disabled = .gone("HTTP 410 Gone", fingerprint: "00112233aabbccdd", at: Timestamp(seconds: 3000))
        gone.moveConfirmations = 0
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: gone, articles: [])
        feed = try #require(try f.store.feed(url: StoreFixture.feedA))
        #expect(feed.disabled == FeedDisabled(kind: .gone, reason: "HTTP 410 Gone", fingerprint: "00112233aabbccdd",
                                              at: Timestamp(seconds: 3000)))
        #expect(feed.movedTo == nil && feed.moveConfirmations == 0)
        #expect(feed.articleCount == 1 && feed.etag == "\"v1\"")
    }

    @Test(arguments: StoreBackend.all)
    func refreshedValidatorsRestartTheirAge(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(at: 1000, etag: "\"e\""), articles: [])
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(at: 2000, etag: "\"e\""), articles: [])
        #expect(try f.store.feed(url: StoreFixture.feedA)?.validatorsSaved == Timestamp(seconds: 1000))
        var refreshed = success(at: 3000, etag: "\"e\"")
        refreshed.validatorsRefreshed = true
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: refreshed, articles: [])
        #expect(try f.store.feed(url: StoreFixture.feedA)?.validatorsSaved == Timestamp(seconds: 3000))
    }

    @Test(arguments: StoreBackend.all)
    func renameKeepsArticlesAndRefusesATakenURL(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        var fetch = success(at: 1000)
        fetch.movedTo = "https://example.org/new.xml"
        fetch.moveConfirmations = 3
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: fetch, articles: [article("1"), article("2")])
        #expect(try !f.store.renameFeed(from: StoreFixture.feedA, to: StoreFixture.feedB))
        #expect(try f.store.renameFeed(from: StoreFixture.feedA, to: "https://example.org/new.xml"))
        #expect(try f.store.feed(url: StoreFixture.feedA) == nil)
        let moved = try #require(try f.store.feed(url: "https://example.org/new.xml"))
        #expect(moved.articleCount == 2 && moved.name == "A" && moved.movedTo == nil)
        #expect(try !f.store.renameFeed(from: "https://nowhere.example/", to: "https://elsewhere.example/"))
    }

    @Test(arguments: StoreBackend.all)
    func fetchStatesReadsEveryFeedAtOnceAndEnsureFeedAddsAnUnconfiguredOne(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        try f.store.ensureFeed(url: "https://adhoc.example/feed")
        try f.store.ensureFeed(url: StoreFixture.feedA)  // known: left alone
        let states = try f.store.fetchStates()
        #expect(Set(states.keys) == [StoreFixture.feedA, StoreFixture.feedB, "https://adhoc.example/feed"])
        #expect(states[StoreFixture.feedA]?.name == "A" && states[StoreFixture.feedA]?.configured == true)
        #expect(states["https://adhoc.example/feed"]?.configured == false)
        #expect(try f.store.feeds().count == 2)
    }
}
