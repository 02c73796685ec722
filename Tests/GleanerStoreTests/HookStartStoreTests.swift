import GleanerModel
import GleanerStore
import Testing

/// `attachHooks`: where a program starts on a feed. New pairs start after everything stored; a program that
/// already had a cursor before starts were recorded (an upgraded store) starts at that cursor, so an upgrade
/// never drops articles it had not acknowledged; a pair already known keeps its start.
@Suite struct HookStartStoreTests {
    @Test(arguments: StoreBackend.all)
    func newPairsStartAfterEverythingStoredAndKeepTheirStart(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(), articles: [article("1"), article("2")])
        try f.store.attachHooks([(consumer: "hook:/n", feedURL: StoreFixture.feedA)])
        let start = try #require(try f.store.hookStarts(consumer: "hook:/n")[StoreFixture.feedA])
        #expect(start == (try f.store.maxSeq()))
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(), articles: [article("3")])
        try f.store.attachHooks([(consumer: "hook:/n", feedURL: StoreFixture.feedA)])
        #expect(try f.store.hookStarts(consumer: "hook:/n")[StoreFixture.feedA] == start)
    }

    /// SQLite only: the legacy table its migration 7 left.
    @Test func aProgramFromBeforeTheUpgradeStartsAtItsCursor() throws {
        let f = try StoreFixture(.sqlite)
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(), articles: [article("1"), article("2"), article("3")])
        try f.store.setCursor(consumer: "hook:/old", to: 1)
        // As migration 7 finds it: the program's consumer exists, no start is recorded yet.
        try f.sqlite.execute("INSERT INTO hook_feeds_legacy VALUES ('hook:/old')")
        try f.store.attachHooks([(consumer: "hook:/old", feedURL: StoreFixture.feedA), (consumer: "hook:/old", feedURL: StoreFixture.feedB)])
        #expect(try f.store.hookStarts(consumer: "hook:/old") == [StoreFixture.feedA: 1, StoreFixture.feedB: 1])
        // Once attached, it is an ordinary program: a feed attached later starts from then.
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(), articles: [article("4")])
        try f.store.attachHooks([(consumer: "hook:/old", feedURL: "https://later.example/feed")])
        #expect(try f.store.hookStarts(consumer: "hook:/old")["https://later.example/feed"] == (try f.store.maxSeq()))
    }
}
