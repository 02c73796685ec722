import GleanerModel
import GleanerStore
import Testing

@Suite struct SyncFeedsTests {
    @Test(arguments: StoreBackend.all)
    func feedsComeInConfigurationOrderWithNamesAndTags(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        let feeds = try f.store.feeds()
        #expect(feeds.map(\.url) == [StoreFixture.feedA, StoreFixture.feedB])
        #expect(feeds[0].name == "A")
        #expect(feeds[0].tags == ["tech"])
        #expect(feeds[1].name == nil)
        #expect(feeds[1].tags == [])
        #expect(feeds.allSatisfy { $0.configured && $0.consecutiveFailures == 0 && $0.lastAttempt == nil })
        #expect(feeds[1].displayName == "news.example.net")
    }

    @Test(arguments: StoreBackend.all)
    func resyncUpdatesReordersAndKeepsUnconfiguredFeedsWithTheirArticles(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(etag: "e"), articles: [article("1")])
        let idA = try #require(try f.store.feed(url: StoreFixture.feedA)?.id)
        let c = "https://c.example/feed"
        let tags = ["ar", "عربي", "with \"quotes\"", "back\\slash", "tab\there"]
        try f.store.syncFeeds([(url: c, name: "C", tags: tags), (url: StoreFixture.feedB, name: "B", tags: ["x"])])

        let configured = try f.store.feeds()
        #expect(configured.map(\.url) == [c, StoreFixture.feedB])
        #expect(configured[0].tags == tags)
        #expect(configured[1].name == "B")

        let all = try f.store.feeds(configuredOnly: false)
        #expect(all.map(\.url) == [c, StoreFixture.feedB, StoreFixture.feedA])
        let a = try #require(try f.store.feed(url: StoreFixture.feedA))
        #expect(!a.configured)
        #expect(a.articleCount == 1)
        #expect(a.etag == "e")
        // Unconfigured feeds leave unfiltered headlines but stay reachable by URL.
        #expect(try f.store.headlines(HeadlineQuery()).isEmpty)
        #expect(try f.store.headlines(HeadlineQuery(feed: StoreFixture.feedA)).count == 1)

        // Configured again: same row, same state.
        try f.store.syncFeeds([(url: StoreFixture.feedA, name: "A again", tags: [])])
        let back = try #require(try f.store.feed(url: StoreFixture.feedA))
        #expect(back.id == idA)
        #expect(back.configured && back.name == "A again" && back.etag == "e")
        #expect(try f.store.headlines(HeadlineQuery()).count == 1)
    }

    @Test(arguments: StoreBackend.all)
    func aURLListedTwiceKeepsItsFirstEntry(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        try f.store.syncFeeds([(url: "https://d.example/", name: "first", tags: []),
                               (url: StoreFixture.feedA, name: "A", tags: []),
                               (url: "https://d.example/", name: "second", tags: [])])
        let feeds = try f.store.feeds()
        #expect(feeds.map(\.name) == ["first", "A"])
    }

    @Test(arguments: StoreBackend.all)
    func feedOfAnUnknownURLIsNil(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        #expect(try f.store.feed(url: "https://nowhere.example/") == nil)
    }
}
