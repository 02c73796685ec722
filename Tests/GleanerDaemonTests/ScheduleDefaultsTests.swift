import Foundation
import GleanerModel
import GleanerStore
import GleanerTestSupport
import Testing

/// The schedule a new user meets: a one-shot `gleaner fetch` plans each feed's next fetch as the daemon would,
/// a new feed is polled at its interval until its publishing rate is known, and a failure is retried soon.
@Suite(.serialized) struct ScheduleDefaultsTests {
    let dir: TemporaryDirectory
    let www: TemporaryDirectory
    let server: TestHTTPServer

    init() throws {
        dir = try TemporaryDirectory("gleaner-schedule-defaults")
        www = try TemporaryDirectory("gleaner-schedule-defaults-www")
        server = try TestHTTPServer(root: www.path)
    }

    func cli(_ conf: String) throws -> GleanerCLI {
        let path = try dir.write("feeds.conf", conf).path
        return GleanerCLI(config: path, store: dir.file("store.sqlite").path)
    }

    func record(_ gleaner: GleanerCLI, _ url: String) throws -> FeedRecord? {
        try SQLiteStore(path: gleaner.store, readOnly: true).feed(url: url)
    }

    @Test func aOneShotFetchPlansANewFeedAtItsIntervalNotTheMaximum() throws {
        try www.write("new.xml", rssDocument(items: [("1", "One"), ("2", "Two"), ("3", "Three")]))
        let url = server.url("/files/new.xml")
        let gleaner = try cli("interval = 30m\nadaptive = yes\n\(url) name=New\n")
        let before = Timestamp.now().seconds
        let fetch = try gleaner.run(["fetch"])
        #expect(fetch.status == 0, "\(fetch.stdout)\(fetch.stderr)")
        let r = try #require(try record(gleaner, url))
        let due = try #require(r.nextDue, "gleaner fetch keeps the schedule")
        // Three articles seen for the first time are no week of history: the global interval, not 24 hours.
        #expect(r.nextDueReason == "interval", "\(r.nextDueReason ?? "nil")")
        #expect(due.seconds >= before + 1800 && due.seconds <= Timestamp.now().seconds + 1800)
        let feeds = try gleaner.run(["feeds"])
        #expect(feeds.stdout.contains("(interval)"), "\(feeds.stdout)")
    }

    @Test func aFirstFetchThatFailsIsRetriedWithinMinutes() throws {
        let url = server.url("/fault/status/500")
        let gleaner = try cli("interval = 1h\nmin-interval = 5m\n\(url) name=Down\n")
        let before = Timestamp.now().seconds
        _ = try gleaner.run(["fetch"])
        let r = try #require(try record(gleaner, url))
        let due = try #require(r.nextDue)
        #expect(r.nextDueReason == "backoff: 1 failure", "\(r.nextDueReason ?? "nil")")
        // min-interval with ±20% jitter.
        #expect(due.seconds >= before + 240 && due.seconds <= Timestamp.now().seconds + 360, "\(due.seconds - before) s")
    }
}
