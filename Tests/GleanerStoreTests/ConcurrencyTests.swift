import GleanerModel
import GleanerStore
import Testing

@Suite struct ConcurrencyTests {
    @Test func aReadOnlyStoreReadsWhileTheWriterHasTheDatabaseOpen() throws {
        let f = try StoreFixture()
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(), articles: [article("1")])

        let reader = try f.reopen(readOnly: true)
        #expect(try reader.headlines(HeadlineQuery()).map(\.id) == ["1"])

        // The writer keeps writing; the reader sees each commit on its next query.
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(), articles: [article("2"), article("1")])
        #expect(try reader.headlines(HeadlineQuery()).map(\.id) == ["2", "1"])
        #expect(try reader.feeds().count == 2)

        // A writer transaction in progress does not block the reader (WAL), which sees the last commit.
        try f.store.execute("BEGIN IMMEDIATE; UPDATE articles SET title = 'uncommitted'")
        #expect(try reader.headlines(HeadlineQuery()).allSatisfy { $0.title != "uncommitted" })
        try f.store.execute("ROLLBACK")
    }

    @Test func aSecondWriterWaitsForTheFirstInsteadOfFailing() throws {
        let f = try StoreFixture()
        let other = try f.reopen()
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(), articles: [article("1")])
        _ = try other.record(feedURL: StoreFixture.feedA, fetch: success(), articles: [article("2")])
        #expect(try f.store.headlines(HeadlineQuery()).count == 2)
    }
}
