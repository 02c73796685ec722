import GleanerModel
import GleanerStore
import Testing

/// The full-text operations of the Store protocol (Migration 9's columns on SQLite), on every backend.
@Suite struct FullTextStoreTests {
    @Test(arguments: StoreBackend.all)
    func unjudgedArticlesAreThoseStoredSinceAndJudgingRecordsTheVerdict(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(at: 1000),
                               articles: [article("old", link: "https://example.org/old")])
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(at: 2000),
                               articles: [article("new", link: "https://example.org/new"),
                                          article("old", link: "https://example.org/old")])
        _ = try f.store.record(feedURL: StoreFixture.feedB, fetch: success(at: 2000),
                               articles: [article("b", link: "https://example.net/b")])
        let unjudged = try f.store.fullTextUnjudged(feedURLs: [StoreFixture.feedA], since: Timestamp(seconds: 2000),
                                                    limit: 10)
        #expect(unjudged.map(\.link) == ["https://example.org/new"])
        #expect(unjudged.first?.status == nil)
        let seq = try #require(unjudged.first?.seq)
        try f.store.recordFullText([(seq, FullTextStatus(state: .pending, reason: "short", next: Timestamp(seconds: 2000)))])
        #expect(try f.store.fullTextUnjudged(feedURLs: [StoreFixture.feedA], since: Timestamp(seconds: 2000), limit: 10).isEmpty)
        #expect(try f.store.fullTextDue(now: Timestamp(seconds: 1999), limit: 10).isEmpty)
        let due = try f.store.fullTextDue(now: Timestamp(seconds: 2000), limit: 10)
        #expect(due.map(\.seq) == [seq])
        #expect(due.first?.status == FullTextStatus(state: .pending, reason: "short", next: Timestamp(seconds: 2000)))
    }

    @Test(arguments: StoreBackend.all)
    func onlyADoneArticleShowsItsTextAndANewLinkJudgesItAgain(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(at: 1000),
                               articles: [article("1", link: "https://example.org/1")])
        let seq = try #require(try f.store.headlines(HeadlineQuery()).first?.seq)
        var q = HeadlineQuery()
        q.includeFullText = true
        try f.store.recordFullText(seq: seq, FullTextStatus(state: .keptFeed, at: Timestamp(seconds: 1001),
                                                            error: "no article"), text: "ignored", html: "<p>x</p>")
        #expect(try f.store.headlines(q).first?.fullText == nil)
        let done = FullTextStatus(state: .done, reason: "fulltext = always", at: Timestamp(seconds: 1002), attempts: 1)
        try f.store.recordFullText(seq: seq, done, text: "The text.", html: "<p>The text.</p>")
        #expect(try f.store.headlines(q).first?.fullText == "The text.")
        #expect(try f.store.headlines(q).first?.fullHTML == "<p>The text.</p>")
        #expect(try f.store.headlines(HeadlineQuery()).first?.fullText == nil, "only asked for")
        let e = try #require(try f.store.explain(String(seq)))
        #expect(e.fullText == done)
        #expect(e.fullTextCharacters == 9)

        // The same link, changed content: still done. A new link: judged again.
        var edited = article("1", link: "https://example.org/1")
        edited.title = "Edited"
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(at: 1100), articles: [edited])
        #expect(try f.store.explain(String(seq))?.fullText?.state == .done)
        edited.link = "https://example.org/1-moved"
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(at: 1200), articles: [edited])
        #expect(try f.store.explain(String(seq))?.fullText == nil)
        #expect(try f.store.headlines(q).first?.fullText == nil)
        #expect(try f.store.fullTextUnjudged(feedURLs: [StoreFixture.feedA], since: Timestamp(seconds: 1200),
                                             limit: 10).map(\.seq) == [seq])
    }
}
