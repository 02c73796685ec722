import GleanerModel
import GleanerStore
import Testing

@Suite struct ConsumerTests {
    @Test(arguments: StoreBackend.all)
    func onlyNewThenMarkShownLeavesNothingNew(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(),
                               articles: [article("1", published: 10), article("2", published: 20)])
        #expect(try f.store.cursor(consumer: "") == 0)
        let first = try f.store.headlines(HeadlineQuery(onlyNewFor: ""))
        #expect(first.count == 2)
        try f.store.markShown(consumer: "", upTo: try #require(first.map(\.seq).max()))
        #expect(try f.store.headlines(HeadlineQuery(onlyNewFor: "")).isEmpty)
        // Without onlyNewFor everything is still listed.
        #expect(try f.store.headlines(HeadlineQuery()).count == 2)

        // A later article is new, even with an older date.
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(), articles: [article("0", published: 1)])
        #expect(try f.store.headlines(HeadlineQuery(onlyNewFor: "")).map(\.id) == ["0"])
        // An update of an already shown article does not bring it back.
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(),
                               articles: [article("1", title: "edited", published: 10)])
        #expect(try f.store.headlines(HeadlineQuery(onlyNewFor: "")).map(\.id) == ["0"])
    }

    @Test(arguments: StoreBackend.all)
    func namedConsumersAreIndependent(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(), articles: [article("1"), article("2")])
        let all = try f.store.headlines(HeadlineQuery(onlyNewFor: "mail"))
        try f.store.markShown(consumer: "mail", upTo: try #require(all.map(\.seq).max()))
        #expect(try f.store.headlines(HeadlineQuery(onlyNewFor: "mail")).isEmpty)
        #expect(try f.store.headlines(HeadlineQuery(onlyNewFor: "irc")).count == 2)
        #expect(try f.store.headlines(HeadlineQuery(onlyNewFor: "")).count == 2)
        #expect(try f.store.cursor(consumer: "irc") == 0)
    }

    @Test(arguments: StoreBackend.all)
    func cursorsNeverMoveBackwardsNorPastTheNewestArticle(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(),
                               articles: [article("3"), article("2"), article("1")])
        let seqs = try f.store.headlines(HeadlineQuery()).map(\.seq).sorted()
        try f.store.markShown(consumer: "c", upTo: seqs[1])
        #expect(try f.store.cursor(consumer: "c") == seqs[1])
        try f.store.markShown(consumer: "c", upTo: seqs[0])
        #expect(try f.store.cursor(consumer: "c") == seqs[1])
        #expect(try f.store.headlines(HeadlineQuery(onlyNewFor: "c")).map(\.seq) == [seqs[2]])
        try f.store.markShown(consumer: "c", upTo: 1_000_000)
        #expect(try f.store.cursor(consumer: "c") == seqs[2])
        // Cursors survive reopening.
        #expect(try f.reopen(readOnly: true).cursor(consumer: "c") == seqs[2])
    }

    @Test(arguments: StoreBackend.all)
    func onlyNewCombinesWithFeedAndLimit(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(), articles: [article("a1", published: 1)])
        _ = try f.store.record(feedURL: StoreFixture.feedB, fetch: success(), articles: [article("b1", published: 2)])
        try f.store.markShown(consumer: "x", upTo: try f.store.headlines(HeadlineQuery()).map(\.seq).max()!)
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(),
                               articles: [article("a3", published: 3), article("a2", published: 2)])
        _ = try f.store.record(feedURL: StoreFixture.feedB, fetch: success(), articles: [article("b2", published: 9)])
        #expect(try f.store.headlines(HeadlineQuery(onlyNewFor: "x", feed: "A")).map(\.id) == ["a3", "a2"])
        // A limited --new query takes the lowest unshown seqs (a2 and a3 here), so that advancing the cursor to
        // the largest shown one skips nothing (b2 comes on the next page), then orders them newest first.
        #expect(try f.store.headlines(HeadlineQuery(onlyNewFor: "x", limit: 2)).map(\.id) == ["a3", "a2"])
    }
}
