import GleanerModel
import GleanerStore
import Testing

@Suite struct ConsumerCursorTests {
    @Test(arguments: StoreBackend.all)
    func aLimitedNewQueryTakesTheOldestUnshownSoNothingIsSkipped(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        // Stored in three fetches; dates deliberately out of storage order.
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(), articles: [article("1", published: 300)])
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(), articles: [article("2", published: 100)])
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(), articles: [article("3", published: 200)])
        let page = try f.store.headlines(HeadlineQuery(onlyNewFor: "", limit: 2))
        #expect(page.map(\.id) == ["1", "2"])   // seq 1 and 2, shown newest first
        try f.store.markShown(consumer: "", upTo: try #require(page.map(\.seq).max()))
        #expect(try f.store.headlines(HeadlineQuery(onlyNewFor: "", limit: 2)).map(\.id) == ["3"])
    }

    @Test(arguments: StoreBackend.all)
    func consumersListTheirBacklogAndCanBeRewound(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(), articles: [article("1"), article("2"), article("3")])
        try f.store.markShown(consumer: "mail", upTo: 2)
        try f.store.markShown(consumer: "", upTo: 3)
        let list = try f.store.consumers()
        #expect(list.map(\.name) == ["", "mail"])
        #expect(list.map(\.backlog) == [0, 1])
        try f.store.setCursor(consumer: "mail", to: 0)
        #expect(try f.store.consumers().last?.backlog == 3)
        #expect(try f.store.headlines(HeadlineQuery(onlyNewFor: "mail")).count == 3)
    }

    @Test(arguments: StoreBackend.all)
    func filtersByTagSinceAndSearch(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(),
                               articles: [article("1", title: "Swift 6 released", published: 1_000),
                                          article("2", title: "50% off", published: 2_000)])
        _ = try f.store.record(feedURL: StoreFixture.feedB, fetch: success(), articles: [article("3", title: "swift birds", published: 3_000)])
        #expect(try f.store.headlines(HeadlineQuery(tag: "tech")).count == 2)
        #expect(try f.store.headlines(HeadlineQuery(since: Timestamp(seconds: 1_500))).map(\.id) == ["3", "2"])
        #expect(Set(try f.store.headlines(HeadlineQuery(search: "SWIFT")).map(\.id)) == ["1", "3"])
        // % is literal, not a wildcard.
        #expect(try f.store.headlines(HeadlineQuery(search: "50%")).map(\.id) == ["2"])
        #expect(try f.store.headlines(HeadlineQuery(search: "5%f")).isEmpty)
    }

    @Test(arguments: StoreBackend.all)
    func dataVersionChangesWhenAnotherConnectionCommits(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        let reader = try f.reopen()
        let before = try reader.dataVersion()
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(), articles: [article("1")])
        #expect(try reader.dataVersion() != before)
    }

    @Test(arguments: StoreBackend.all)
    func theJSONLineCarriesEveryStoredField(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        var a = article("1", title: "T", link: "https://example.org/1", published: 1_700_000_000)
        a.updated = Timestamp(seconds: 1_700_000_100)
        a.authors = [Person(name: "Ann", email: "ann@example.org")]
        a.categories = ["x", "y"]
        a.summary = "S"
        a.enclosures = [Enclosure(url: "https://example.org/a.mp3", type: "audio/mpeg", length: 123)]
        a.language = "ar"
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(), articles: [a])
        let line = try #require(try f.store.headlines(HeadlineQuery()).first).jsonLine
        #expect(line.contains(#""authors":[{"name":"Ann","email":"ann@example.org"}]"#))
        #expect(line.contains(#""enclosures":[{"url":"https://example.org/a.mp3","type":"audio/mpeg","length":123}]"#))
        #expect(line.contains(#""categories":["x","y"]"#))
        #expect(line.contains(#""language":"ar""#))
        #expect(line.contains(#""updated":"2023-11-14T22:15:00Z""#))
    }
}
