import GleanerModel
import GleanerStore
import Testing

/// In-progress marks: a feed left marked by a process that is gone is held back, then disabled; feeds in
/// progress together are fetched alone; a success clears everything.
@Suite struct StopSuspicionTests {
    static let now = Timestamp(seconds: 1_700_000_000)

    struct Case: Sendable, CustomStringConvertible {
        var stopsBefore: Int
        var others: Int
        var verdict: StopVerdict
        var stops: Int
        var description: String { "\(stopsBefore) stops before, \(others) others in progress" }
    }

    @Test(arguments: [
        Case(stopsBefore: 0, others: 0, verdict: .heldBack(until: Timestamp(seconds: now.seconds + 3600)), stops: 1),
        Case(stopsBefore: 1, others: 0, verdict: .disabled, stops: 2),
        Case(stopsBefore: 2, others: 0, verdict: .disabled, stops: 3),
        Case(stopsBefore: Int.max, others: 0, verdict: .disabled, stops: Int.max),
        Case(stopsBefore: 0, others: 2, verdict: .fetchAlone(others: 2), stops: 0),
        Case(stopsBefore: 1, others: 1, verdict: .fetchAlone(others: 1), stops: 1),
    ])
    func decision(_ c: Case) {
        let (verdict, stops) = StopVerdict.decide(stopsBefore: c.stopsBefore, othersInProgress: c.others, now: Self.now)
        #expect(verdict == c.verdict)
        #expect(stops == c.stops)
    }

    @Test func holdBackSaturatesAtTheEndOfTime() {
        let (verdict, _) = StopVerdict.decide(stopsBefore: 0, othersInProgress: 0, now: Timestamp(seconds: .max - 5))
        #expect(verdict == .heldBack(until: Timestamp(seconds: .max)))
    }

    static let gone = FetchOwner(pid: 999_999_001, run: 11)
    static let me = FetchOwner(pid: 999_999_002, run: 22)
    static func isAlive(_ pid: Int64) -> Bool { pid == 999_999_003 }

    @Test(arguments: StoreBackend.all)
    func aFeedAloneInProgressIsHeldBackThenDisabledAndASuccessClearsIt(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        try f.store.claimFeeds([StoreFixture.feedA], owner: Self.gone, lease: 60)
        let first = try f.store.settleInterruptedFetches(owner: Self.me, now: Self.now, isAlive: Self.isAlive)
        let until = Timestamp(seconds: Self.now.seconds + StopVerdict.holdBack)
        #expect(first == [InterruptedFetch(url: StoreFixture.feedA, name: "A", verdict: .heldBack(until: until), stops: 1)])
        var a = try #require(try f.store.feed(url: StoreFixture.feedA))
        #expect(a.stops == 1 && a.heldUntil == until && a.nextDue == until && a.disabled == nil)
        #expect(a.nextDueReason == StopVerdict.heldReason)
        #expect(a.stopSuspicion?.contains("held back until") == true)
        #expect(try f.store.feedsFetchedAlone() == [StoreFixture.feedA])
        // Settled once: a second start finds nothing.
        #expect(try f.store.settleInterruptedFetches(owner: Self.me, now: Self.now, isAlive: Self.isAlive).isEmpty)

        // A failed fetch does not clear the suspicion (nothing was parsed), but clears the mark.
        try f.store.claimFeeds([StoreFixture.feedA], owner: Self.me, lease: 60)
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: failure(), articles: [])
        #expect(try f.store.settleInterruptedFetches(owner: FetchOwner(pid: 5, run: 33), now: Self.now,
                                                     isAlive: { _ in false }).isEmpty)
        #expect(try f.store.feed(url: StoreFixture.feedA)?.stops == 1)

        // A second stop with it alone in progress disables it.
        try f.store.claimFeeds([StoreFixture.feedA], owner: Self.gone, lease: 60)
        let second = try f.store.settleInterruptedFetches(owner: Self.me, now: Self.now, isAlive: Self.isAlive)
        #expect(second.map(\.verdict) == [.disabled])
        a = try #require(try f.store.feed(url: StoreFixture.feedA))
        #expect(a.disabled == .quarantined(at: Self.now) && a.stops == 2)
        #expect(a.stopSuspicion?.contains("disabled until `gleaner fetch NAME` succeeds") == true)

        // `gleaner fetch NAME` enables it, and its success clears the suspicion.
        try f.store.setDisabled(feedURL: StoreFixture.feedA, nil)
        try f.store.claimFeeds([StoreFixture.feedA], owner: Self.me, lease: 60)
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(), articles: [article("1")])
        a = try #require(try f.store.feed(url: StoreFixture.feedA))
        #expect(a.stops == 0 && a.heldUntil == nil && !a.fetchAlone && a.disabled == nil && a.stopSuspicion == nil)
        #expect(try f.store.feedsFetchedAlone().isEmpty)
    }

    @Test(arguments: StoreBackend.all)
    func feedsInProgressTogetherAreFetchedAloneNotHeldBack(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        try f.store.claimFeeds([StoreFixture.feedA, StoreFixture.feedB], owner: Self.gone, lease: 60)
        let found = try f.store.settleInterruptedFetches(owner: Self.me, now: Self.now, isAlive: Self.isAlive)
        #expect(found.map(\.verdict) == [.fetchAlone(others: 1), .fetchAlone(others: 1)])
        for url in [StoreFixture.feedA, StoreFixture.feedB] {
            let r = try #require(try f.store.feed(url: url))
            #expect(r.fetchAlone && r.stops == 0 && r.heldUntil == nil && r.disabled == nil)
            #expect(r.stopSuspicion?.contains("fetched alone") == true)
        }
        #expect(try f.store.feedsFetchedAlone() == [StoreFixture.feedA, StoreFixture.feedB])
        // Each is then fetched alone: a stop then is attributed to it alone.
        try f.store.claimFeeds([StoreFixture.feedB], owner: FetchOwner(pid: 7, run: 44), lease: 60)
        let next = try f.store.settleInterruptedFetches(owner: Self.me, now: Self.now, isAlive: Self.isAlive)
        #expect(next.map(\.url) == [StoreFixture.feedB])
        #expect(next.map(\.verdict) == [.heldBack(until: Timestamp(seconds: Self.now.seconds + 3600))])
    }

    @Test(arguments: StoreBackend.all)
    func marksOfARunningFetchAndOfThisProcessAreLeftAlone(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        // Another process, alive, is fetching feed A; this process is fetching feed B.
        try f.store.claimFeeds([StoreFixture.feedA], owner: FetchOwner(pid: 999_999_003, run: 55), lease: 60)
        try f.store.claimFeeds([StoreFixture.feedB], owner: Self.me, lease: 60)
        #expect(try f.store.settleInterruptedFetches(owner: Self.me, now: Self.now, isAlive: Self.isAlive).isEmpty)
        // A predecessor with this process's pid (a restarted container's pid 1) is gone, whatever kill(2) says.
        try f.store.claimFeeds([StoreFixture.feedB], owner: FetchOwner(pid: Self.me.pid, run: 66), lease: 60)
        let found = try f.store.settleInterruptedFetches(owner: Self.me, now: Self.now, isAlive: { _ in true })
        #expect(found.map(\.url) == [StoreFixture.feedB])
        // releaseClaims clears this process's marks only.
        try f.store.claimFeeds([StoreFixture.feedB], owner: Self.me, lease: 60)
        try f.store.releaseClaims(owner: Self.me)
        let after = try f.store.settleInterruptedFetches(owner: FetchOwner(pid: 1, run: 77), now: Self.now,
                                                         isAlive: { $0 != 999_999_003 && $0 != 1 })
        #expect(after.map(\.url) == [StoreFixture.feedA], "A's owner is now taken as gone, B's mark was cleared")
    }

    @Test func aLiveProcessIsSeenAliveAndTheImpossiblePidsAreNot() {
        #expect(FetchOwner.isAlive(pid: FetchOwner.current.pid))
        #expect(!FetchOwner.isAlive(pid: 0))
        #expect(!FetchOwner.isAlive(pid: -1))
        #expect(!FetchOwner.isAlive(pid: Int64.max))
    }
}
