import Foundation
import GleanerModel
import GleanerStore
import Synchronization
import Testing

/// SQLite only: WAL readers beside a writer, and busy_timeout between two writers, checked with raw SQL.
@Suite struct ConcurrencyTests {
    @Test func aReadOnlyStoreReadsWhileTheWriterHasTheDatabaseOpen() throws {
        let f = try StoreFixture(.sqlite)
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(), articles: [article("1")])

        let reader = try f.reopen(readOnly: true)
        #expect(try reader.headlines(HeadlineQuery()).map(\.id) == ["1"])

        // The writer keeps writing; the reader sees each commit on its next query.
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(), articles: [article("2"), article("1")])
        #expect(try reader.headlines(HeadlineQuery()).map(\.id) == ["2", "1"])
        #expect(try reader.feeds().count == 2)

        // A writer transaction in progress does not block the reader (WAL), which sees the last commit.
        try f.sqlite.execute("BEGIN IMMEDIATE; UPDATE articles SET title = 'uncommitted'")
        #expect(try reader.headlines(HeadlineQuery()).allSatisfy { $0.title != "uncommitted" })
        try f.sqlite.execute("ROLLBACK")
    }

    /// Two connections on two threads: while the first holds the write lock, the second writer's fetch
    /// waits (busy_timeout) rather than failing with SQLITE_BUSY, and goes through once the first commits.
    @Test func aSecondWriterWaitsForTheFirstInsteadOfFailing() throws {
        let f = try StoreFixture(.sqlite)
        let opener = f.opener
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(), articles: [article("1")])
        try f.sqlite.execute("BEGIN IMMEDIATE; UPDATE feeds SET name = name")

        let finished = Mutex<(done: Bool, error: String?)>((false, nil))
        let thread = Thread {
            do {
                let other = try opener.open(false)
                _ = try other.record(feedURL: StoreFixture.feedA, fetch: success(), articles: [article("2")])
                finished.withLock { $0 = (true, nil) }
            } catch {
                finished.withLock { $0 = (true, "\(error)") }
            }
        }
        thread.start()
        usleep(400_000)
        #expect(finished.withLock { $0.done } == false, "the second writer must wait while the first holds the lock")

        try f.sqlite.execute("COMMIT")
        let deadline = Date().addingTimeInterval(10)
        while !finished.withLock({ $0.done }) && Date() < deadline { usleep(10_000) }
        let outcome = finished.withLock { $0 }
        #expect(outcome.done && outcome.error == nil, "\(outcome.error ?? "timed out")")
        #expect(try f.store.headlines(HeadlineQuery()).count == 2)
    }
}
