import GleanerModel
import GleanerStore
import Testing

/// `record` writes the feed state first and the articles after it, in one transaction: a failing article
/// insert must leave no trace of either.
/// SQLite only: a trigger makes one insert fail halfway through a fetch's transaction.
@Suite struct AtomicityTests {
    @Test func aFailingArticleInsertRollsBackTheFeedStateAndEarlierArticles() throws {
        let f = try StoreFixture(.sqlite)
        _ = try f.store.record(feedURL: StoreFixture.feedA,
                               fetch: success(at: 1000, result: "1 new", etag: "\"old\"", title: "Old title"),
                               articles: [article("kept")])
        let before = try #require(try f.store.feed(url: StoreFixture.feedA))
        let headlinesBefore = try f.store.headlines(HeadlineQuery())

        try f.sqlite.execute("""
            CREATE TRIGGER reject_boom BEFORE INSERT ON articles WHEN NEW.title = 'boom'
            BEGIN SELECT RAISE(ABORT, 'boom rejected by test trigger'); END
            """)
        // "boom" is first in the document, so it is inserted last: after the feed update and after "fine".
        let error = try #require(throws: StoreError.self) {
            try f.store.record(feedURL: StoreFixture.feedA,
                               fetch: success(at: 2000, result: "2 new", etag: "\"new\"", title: "New title"),
                               articles: [article("boom", title: "boom"), article("fine")])
        }
        #expect(error.description.contains("boom rejected by test trigger"))
        #expect(error.sqliteCode != nil)

        #expect(try f.store.feed(url: StoreFixture.feedA) == before)
        #expect(try f.store.headlines(HeadlineQuery()) == headlinesBefore)

        // The store is usable afterwards (no transaction left open, statements reset).
        try f.sqlite.execute("DROP TRIGGER reject_boom")
        let outcome = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(at: 3000, etag: "\"new\""),
                                         articles: [article("boom", title: "boom"), article("fine"), article("kept")])
        #expect(outcome == StoreOutcome(new: 2, updated: 0, unchanged: 1))
        #expect(try f.store.feed(url: StoreFixture.feedA)?.etag == "\"new\"")
        #expect(try f.reopen(readOnly: true).feed(url: StoreFixture.feedA)?.articleCount == 3)
    }

    @Test func aFailingUpdateAlsoRollsBack() throws {
        let f = try StoreFixture(.sqlite)
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(at: 1000), articles: [article("1")])
        try f.sqlite.execute("""
            CREATE TRIGGER reject_edit BEFORE UPDATE OF title ON articles WHEN NEW.title = 'bad edit'
            BEGIN SELECT RAISE(ABORT, 'edit rejected'); END
            """)
        #expect(throws: StoreError.self) {
            try f.store.record(feedURL: StoreFixture.feedA, fetch: success(at: 2000),
                               articles: [article("new"), article("1", title: "bad edit")])
        }
        #expect(try f.store.feed(url: StoreFixture.feedA)?.lastAttempt == Timestamp(seconds: 1000))
        #expect(try f.store.headlines(HeadlineQuery()).map(\.id) == ["1"])
    }
}
