import Foundation
import GleanerModel
import GleanerStore
import GleanerTestSupport
import Synchronization
@testable import GleanerStorePostgres
import Testing

/// What only a shared PostgreSQL store has to do: hand each feed to one daemon, store an article once when
/// several connections race, survive a lost connection, and keep passwords out of messages.
@Suite(.enabled(if: PostgresTestDatabase.isConfigured, "GLEANER_TEST_POSTGRES is not set: no PostgreSQL to test against"))
struct PostgresStoreTests {
    static let feeds = (0..<40).map { "https://example.org/\($0).xml" }

    func store(_ db: PostgresTestDatabase) throws -> PostgresStore {
        let s = try PostgresStore(target: try db.target)
        try s.syncFeeds(Self.feeds.map { (url: $0, name: nil, tags: []) })
        return s
    }

    @Test func twoDaemonsClaimingTheSameDueFeedsGetDisjointShares() throws {
        let db = try PostgresTestDatabase()
        let a = try store(db), b = try PostgresStore(target: try db.target)
        let ownerA = FetchOwner(pid: 1001, run: 1), ownerB = FetchOwner(pid: 1002, run: 2)
        let first = try a.claimFeeds(Self.feeds, owner: ownerA, lease: 300)
        let second = try b.claimFeeds(Self.feeds, owner: ownerB, lease: 300)
        #expect(first == Self.feeds)
        #expect(second.isEmpty, "every feed is held by A's live lease")
        // A recording a feed ends its claim on it; releasing ends the rest.
        for url in first.prefix(20) { _ = try a.record(feedURL: url, fetch: success(), articles: []) }
        #expect(try b.claimFeeds(Self.feeds, owner: ownerB, lease: 300) == Array(Self.feeds.prefix(20)))
        try a.releaseClaims(owner: ownerA)
        #expect(try b.claimFeeds(Self.feeds, owner: ownerB, lease: 300) == Self.feeds, "B renews its own claims")
    }

    @Test func aDeadDaemonsClaimIsFreeWhenItsLeaseRunsOut() throws {
        let db = try PostgresTestDatabase()
        let a = try store(db), b = try PostgresStore(target: try db.target)
        let dead = FetchOwner(pid: 1001, run: 1), alive = FetchOwner(pid: 1002, run: 2)
        #expect(try a.claimFeeds([Self.feeds[0]], owner: dead, lease: 1) == [Self.feeds[0]])
        #expect(try b.claimFeeds([Self.feeds[0]], owner: alive, lease: 300).isEmpty)
        Thread.sleep(forTimeInterval: 2.1)
        #expect(try b.claimFeeds([Self.feeds[0]], owner: alive, lease: 300) == [Self.feeds[0]])
    }

    @Test func racingConnectionsStoreEachArticleOnce() throws {
        let db = try PostgresTestDatabase()
        _ = try store(db)
        let batch = (0..<50).map { article("g\($0)") }
        let target = try db.target
        let errors = Mutex<[String]>([])
        // Four connections record the same feed's same articles at once (a `gleaner fetch` beside daemons).
        DispatchQueue.concurrentPerform(iterations: 4) { i in
            do {
                let s = try PostgresStore(target: target)
                _ = try s.record(feedURL: Self.feeds[0], fetch: success(at: 1_700_000_000 + Int64(i)), articles: batch)
            } catch {
                errors.withLock { $0.append("\(error)") }
            }
        }
        #expect(errors.withLock { $0 } == [])
        let check = try PostgresStore(target: target)
        #expect(try check.feed(url: Self.feeds[0])?.articleCount == 50)
        #expect(try check.headlines(HeadlineQuery(limit: 1000)).count == 50)
    }

    @Test func aConnectionKilledByTheServerIsReestablishedAndTheNextOperationSucceeds() throws {
        let db = try PostgresTestDatabase()
        let s = try store(db)
        s.connection.reconnectDelays = [0.05, 0.1]
        let before = s.connection.backendPID
        let admin = try PGConnection(target: try PostgresTarget(try #require(PostgresTestDatabase.baseURI)))
        try admin.query("SELECT pg_terminate_backend($1::integer)", [Int(before)])
        // A statement outside a transaction is run again on the new connection.
        #expect(try s.maxSeq() == 0)
        #expect(s.reconnections == 1 && s.connection.backendPID != before)
        _ = try s.record(feedURL: Self.feeds[0], fetch: success(), articles: [article("1")])
        // Inside a transaction too: the whole transaction runs again on the new connection.
        try admin.query("SELECT pg_terminate_backend($1::integer)", [Int(s.connection.backendPID)])
        #expect(try s.record(feedURL: Self.feeds[0], fetch: success(), articles: [article("2"), article("1")]).new == 1)
        #expect(s.reconnections == 2)
    }

    @Test func aFollowerWakesWhenAnotherConnectionCommitsNewArticles() throws {
        let db = try PostgresTestDatabase()
        let writer = try store(db), reader = try PostgresStore(target: try db.target, readOnly: true)
        // Nothing committed: the whole timeout passes.
        var start = Date()
        try reader.waitForChange(timeout: 0.5)
        #expect(Date().timeIntervalSince(start) >= 0.45)
        // A commit with new articles wakes it long before its timeout.
        let target = try db.target
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) {
            _ = try? PostgresStore(target: target).record(feedURL: Self.feeds[0], fetch: success(), articles: [article("1")])
        }
        start = Date()
        try reader.waitForChange(timeout: 20)
        #expect(Date().timeIntervalSince(start) < 10)
        #expect(try reader.dataVersion() == (try writer.maxSeq()))
    }

    @Test func passwordsAndUserNamesStayOutOfMessages() throws {
        // Port 1 on loopback: nothing listens, the connection fails at once.
        let target = try PostgresTarget("postgresql://alice:s3cret@127.0.0.1:1/gleaner", password: "filepass")
        #expect(target.display == "postgresql://127.0.0.1:1/gleaner")
        #expect("\(target)" == target.display)
        let error = try #require(throws: PostgresError.self) { try PostgresStore(target: target) }
        for secret in ["s3cret", "filepass", "alice"] { #expect(!"\(error)".contains(secret)) }
        let bad = try #require(throws: PostgresError.self) { try PostgresTarget("postgresql://bob:pw@[::1") }
        #expect(!"\(bad)".contains("pw"))
    }

    @Test func aDatabaseFromANewerGleanerIsRefused() throws {
        let db = try PostgresTestDatabase()
        let s = try store(db)
        try s.execute("UPDATE gleaner_schema SET version = \(PostgresStore.schemaVersion + 1)")
        #expect(throws: StoreError.newerSchema(path: s.location, found: PostgresStore.schemaVersion + 1,
                                               supported: PostgresStore.schemaVersion)) {
            try PostgresStore(target: try db.target)
        }
    }

    /// A database of schema 1, whose disabled feeds kept the reason and the line's fingerprint packed into
    /// `disabled_reason` (U+001F between them), is upgraded to the disabled columns without losing either.
    @Test func schemaOneDisabledFeedsAreSplitIntoColumns() throws {
        let db = try PostgresTestDatabase()
        let old = try PGConnection(target: try db.target)
        try old.execute(PostgresMigration.all[0].sql)
        try old.execute("CREATE TABLE gleaner_schema (version integer NOT NULL); INSERT INTO gleaner_schema VALUES (1)")
        try old.execute("""
            INSERT INTO feeds (url, disabled, disabled_reason) VALUES
                ('https://a.example/', true, 'HTTP 410 Gone' || chr(31) || 'cf10765eeedffcfe'),
                ('https://b.example/', true, 'stopped the process twice while being fetched'),
                ('https://c.example/', true, 'Gone é' || chr(31) || 'ab' || chr(31) || 'cd'),
                ('https://d.example/', false, 'left over'),
                ('https://e.example/', false, NULL);
            """)
        let s = try PostgresStore(target: try db.target)
        #expect(try s.schemaVersionFound() == PostgresStore.schemaVersion)
        #expect(try s.feed(url: "https://a.example/")?.disabled
                == FeedDisabled(kind: .gone, reason: "HTTP 410 Gone", fingerprint: "legacy:cf10765eeedffcfe"))
        #expect(try s.feed(url: "https://b.example/")?.disabled
                == FeedDisabled(kind: .quarantined, reason: StopVerdict.disabledReason))
        #expect(try s.feed(url: "https://c.example/")?.disabled
                == FeedDisabled(kind: .gone, reason: "Gone é", fingerprint: "legacy:ab\u{1F}cd"))
        #expect(try s.feed(url: "https://d.example/")?.disabled == nil)
        let summary = try s.scheduleSummary(now: Timestamp(seconds: 0))
        #expect(summary.feeds == 5 && summary.due == 2)
        // The due index now excludes disabled feeds by the new column.
        #expect(try s.connection.query("SELECT indexdef FROM pg_indexes WHERE indexname = 'feeds_due'")
            .first?.string(0)?.contains("disabled_kind IS NULL") == true)
    }
}
