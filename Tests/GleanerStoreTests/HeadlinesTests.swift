import GleanerModel
import GleanerStore
import Testing

@Suite struct HeadlinesTests {
    /// A: dated articles out of order; B (unnamed): one undated article fetched at 5000.
    private func populated(_ backend: StoreBackend) throws -> StoreFixture {
        let f = try StoreFixture(backend)
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(at: 5000, title: "Feed A title"),
                               articles: [article("a2", published: 2000), article("a3", published: 3000),
                                          article("a1", published: 1000)])
        _ = try f.store.record(feedURL: StoreFixture.feedB, fetch: success(at: 2500),
                               articles: [article("b-undated")])
        return f
    }

    @Test(arguments: StoreBackend.all)
    func newestFirstByPublishedElseFetchedThenSeq(_ backend: StoreBackend) throws {
        let f = try populated(backend)
        let h = try f.store.headlines(HeadlineQuery())
        #expect(h.map(\.id) == ["a3", "b-undated", "a2", "a1"])
        #expect(h[0].published == Timestamp(seconds: 3000))
        #expect(h[0].fetched == Timestamp(seconds: 5000))
        #expect(h[1].published == nil)
        #expect(h[1].fetched == Timestamp(seconds: 2500))
    }

    @Test(arguments: StoreBackend.all)
    func equalDatesFallBackToTheLargerSeq(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(),
                               articles: [article("first", published: 10), article("second", published: 10)])
        _ = try f.store.record(feedURL: StoreFixture.feedB, fetch: success(),
                               articles: [article("later", published: 10)])
        #expect(try f.store.headlines(HeadlineQuery()).map(\.id) == ["later", "first", "second"])
    }

    @Test(arguments: StoreBackend.all)
    func feedNameIsTheConfiguredNameElseTitleElseHost(_ backend: StoreBackend) throws {
        let f = try populated(backend)
        var names = Dictionary(uniqueKeysWithValues: try f.store.headlines(HeadlineQuery()).map { ($0.id!, $0.feedName) })
        #expect(names["a1"] == "A")
        #expect(names["b-undated"] == "news.example.net")
        _ = try f.store.record(feedURL: StoreFixture.feedB, fetch: success(title: "B's title"), articles: [])
        names = Dictionary(uniqueKeysWithValues: try f.store.headlines(HeadlineQuery()).map { ($0.id!, $0.feedName) })
        #expect(names["b-undated"] == "B's title")
    }

    @Test(arguments: StoreBackend.all, [StoreFixture.feedA, "A"])
    func filterByFeedURLOrName(_ backend: StoreBackend, feed: String) throws {
        let f = try populated(backend)
        let h = try f.store.headlines(HeadlineQuery(feed: feed))
        #expect(h.map(\.id) == ["a3", "a2", "a1"])
        #expect(h.allSatisfy { $0.feedURL == StoreFixture.feedA && $0.feedName == "A" })
    }

    @Test(arguments: StoreBackend.all)
    func anUnknownFeedFilterListsNothing(_ backend: StoreBackend) throws {
        let f = try populated(backend)
        #expect(try f.store.headlines(HeadlineQuery(feed: "nope")).isEmpty)
    }

    @Test(arguments: StoreBackend.all)
    func limitKeepsTheNewest(_ backend: StoreBackend) throws {
        let f = try populated(backend)
        #expect(try f.store.headlines(HeadlineQuery(limit: 2)).map(\.id) == ["a3", "b-undated"])
        #expect(try f.store.headlines(HeadlineQuery(feed: "A", limit: 1)).map(\.id) == ["a3"])
        #expect(try f.store.headlines(HeadlineQuery(limit: 0)).isEmpty)
        #expect(try f.store.headlines(HeadlineQuery(limit: 100)).count == 4)
    }

    @Test(arguments: StoreBackend.all)
    func headlinesCarryTheArticleFields(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        var a = article("guid-1", title: "T", link: "https://example.org/1", published: 100)
        a.updated = Timestamp(seconds: 200)
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(at: 300), articles: [a])
        let h = try #require(try f.store.headlines(HeadlineQuery()).first)
        #expect(h == Headline(seq: h.seq, feedURL: StoreFixture.feedA, feedName: "A", id: "guid-1", key: "id:guid-1",
                              title: "T", link: "https://example.org/1", published: Timestamp(seconds: 100),
                              updated: Timestamp(seconds: 200), fetched: Timestamp(seconds: 300)))
        #expect(h.seq >= 1)
    }
}
