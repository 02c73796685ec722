import Foundation
import GleanerStore
import GleanerTestSupport
import Testing

/// A feed whose processing stops the process cannot crash-loop it: the real binary, three feeds on loopback,
/// one of which aborts the process through the debug-build crash trigger (`GLEANER_TEST_CRASH_ON_FEED`).
@Suite(.serialized) struct PoisonFeedTests {
    /// The trigger is compiled into debug builds only (TestCrashTrigger.swift).
    static let debugBinary = GleanerCLI.executable.path.contains("/debug/")

    struct Setup {
        let dir: TemporaryDirectory
        let www: TemporaryDirectory
        let server: TestHTTPServer
        let cli: GleanerCLI

        init() throws {
            dir = try TemporaryDirectory("gleaner-poison")
            www = try TemporaryDirectory("gleaner-poison-www")
            server = try TestHTTPServer(root: www.path)
            for name in ["first", "poison", "last"] {
                _ = try www.write("\(name).xml", StoreTestFeeds.simple(name, 1...3))
            }
            let server = self.server
            let conf = ["first", "poison", "last"].map { "\(server.url("/files/\($0).xml")) name=\($0)" }
            cli = GleanerCLI(config: try dir.write("feeds.conf", conf.joined(separator: "\n") + "\n").path,
                             store: dir.file("s.sqlite").path)
        }

        func gleaner(_ arguments: [String], crashOn pattern: String? = nil) throws -> GleanerCLI.Result {
            var env = ProcessInfo.processInfo.environment
            env["GLEANER_TEST_CRASH_ON_FEED"] = pattern
            return try GleanerCLI.raw(["--config", cli.config, "--store", cli.store].withCommand(arguments),
                                      environment: env)
        }

        func storedIDs() throws -> Set<String> {
            let rows = try StoreTestFeeds.jsonLines(try cli.run(["headlines", "--json"]).stdout)
            return Set(rows.compactMap { $0["id"] as? String })
        }

        func feed(_ name: String) throws -> FeedRecord? {
            try SQLiteStore(path: cli.store, readOnly: true).feeds().first { $0.name == name }
        }
    }

    static let others: Set<String> = ["first-1", "first-2", "first-3", "last-1", "last-2", "last-3"]
    static let poison: Set<String> = ["poison-1", "poison-2", "poison-3"]

    @Test(.enabled(if: debugBinary, "the crash trigger exists in debug builds only"))
    func aFeedThatStopsFetchIsHeldBackThenDisabledUntilFetchedByName() throws {
        let s = try Setup()
        // The first run dies. Which other feeds were still in progress with it is a matter of timing: alone, it is
        // held back by the next run; with others, the next run fetches each of them alone and dies on it alone.
        var crashes = 0
        var survived: GleanerCLI.Result? = nil
        for _ in 0..<3 {
            let r = try s.gleaner(["fetch"], crashOn: "poison")
            if r.status == 0 { survived = r; break }
            #expect(r.status == SIGABRT, "\(r.stderr)")
            crashes += 1
        }
        #expect((1...2).contains(crashes), "the poison feed stopped \(crashes) runs")
        let run = try #require(survived, "a run with the poison feed still in place completes")
        let line = try #require(run.lines.first { $0.hasPrefix("poison") })
        #expect(line.contains("held back until") && line.contains("suspected of stopping the process"), "\(line)")
        #expect(try s.storedIDs() == Self.others)
        var poison = try #require(try s.feed("poison"))
        #expect(poison.stops == 1 && poison.disabled == nil && poison.heldUntil != nil)
        let feeds = try s.cli.run(["feeds"])
        #expect(feeds.stdout.contains("! suspected of stopping the process"), "\(feeds.stdout)")
        #expect(feeds.stdout.contains("held back until"), "\(feeds.stdout)")

        // Held back: another run leaves it alone and completes.
        let again = try s.gleaner(["fetch"], crashOn: "poison")
        #expect(again.status == 0, "\(again.stderr)")

        // Fetched by name (allowed while held back), it stops the process a second time: disabled.
        let second = try s.gleaner(["fetch", "poison"], crashOn: "poison")
        #expect(second.status == SIGABRT, "\(second.stderr)")
        let afterSecond = try s.gleaner(["fetch"], crashOn: "poison")
        #expect(afterSecond.status == 0, "\(afterSecond.stderr)")
        let skipped = try #require(afterSecond.lines.first { $0.hasPrefix("poison") })
        #expect(skipped.contains("disabled (\(StopVerdict.disabledReason))"), "\(skipped)")
        poison = try #require(try s.feed("poison"))
        #expect(poison.disabled?.kind == .quarantined && poison.stops == 2)
        #expect(try s.cli.run(["feeds"]).stdout.contains("disabled until `gleaner fetch NAME` succeeds"))
        #expect(try s.storedIDs() == Self.others)

        // Without the trigger, `gleaner fetch NAME` succeeds: enabled, the suspicion gone, its articles stored.
        let byName = try s.gleaner(["fetch", "poison"])
        #expect(byName.status == 0, "\(byName.stderr)")
        poison = try #require(try s.feed("poison"))
        #expect(poison.disabled == nil && poison.stops == 0 && poison.heldUntil == nil && !poison.fetchAlone)
        #expect(poison.stopSuspicion == nil)
        #expect(try s.storedIDs() == Self.others.union(Self.poison))
        #expect(!(try s.cli.run(["feeds"]).stdout.contains("suspected")))
    }

    @Test(.enabled(if: debugBinary, "the crash trigger exists in debug builds only"))
    func theDaemonHoldsThePoisonFeedBackAfterItStoppedIt() throws {
        let s = try Setup()
        var crashes = 0
        var daemon: DaemonProcess? = nil
        // Each start either dies on the poison feed (alone, or with others still in progress) or holds it back.
        for _ in 0..<3 {
            let d = try DaemonProcess(config: s.cli.config, store: s.cli.store, dir: s.dir,
                                      environment: ["GLEANER_TEST_CRASH_ON_FEED": "poison"])
            // A start that holds the feed back says so before it fetches anything; any other start dies on it.
            _ = waitUntil(timeout: 60) { !d.process.isRunning || d.log.contains("held back until") }
            if let status = d.waitForExit(timeout: 0) {
                #expect(status == SIGABRT, "\(d.log)")
                crashes += 1
                continue
            }
            daemon = d
            break
        }
        #expect((1...2).contains(crashes), "the poison feed stopped \(crashes) starts")
        let d = try #require(daemon, "a daemon start with the poison feed in place keeps running")
        #expect(d.log.contains("stopped while fetching"), "\(d.log)")
        #expect(waitUntil(timeout: 10) { (try? s.storedIDs()) == Self.others })
        let poison = try #require(try s.feed("poison"))
        #expect(poison.stops == 1 && poison.nextDueReason == StopVerdict.heldReason)
        d.signal(SIGTERM)
        #expect(d.waitForExit(timeout: 10) == 0)
    }
}
