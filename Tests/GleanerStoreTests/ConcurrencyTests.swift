import Foundation
import GleanerModel
import GleanerStore
import Synchronization
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

    /// Two connections on two threads: while the first holds the write lock, the second writer's fetch
    /// waits (busy_timeout) rather than failing with SQLITE_BUSY, and goes through once the first commits.
    @Test func aSecondWriterWaitsForTheFirstInsteadOfFailing() throws {
        let f = try StoreFixture()
        let path = f.path
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(), articles: [article("1")])
        try f.store.execute("BEGIN IMMEDIATE; UPDATE feeds SET name = name")

        let finished = Mutex<(done: Bool, error: String?)>((false, nil))
        let thread = Thread {
            do {
                let other = try SQLiteStore(path: path)
                _ = try other.record(feedURL: StoreFixture.feedA, fetch: success(), articles: [article("2")])
                finished.withLock { $0 = (true, nil) }
            } catch {
                finished.withLock { $0 = (true, "\(error)") }
            }
        }
        thread.start()
        usleep(400_000)
        #expect(finished.withLock { $0.done } == false, "the second writer must wait while the first holds the lock")

        try f.store.execute("COMMIT")
        let deadline = Date().addingTimeInterval(10)
        while !finished.withLock({ $0.done }) && Date() < deadline { usleep(10_000) }
        let outcome = finished.withLock { $0 }
        #expect(outcome.done && outcome.error == nil, "\(outcome.error ?? "timed out")")
        #expect(try f.store.headlines(HeadlineQuery()).count == 2)
    }
}
