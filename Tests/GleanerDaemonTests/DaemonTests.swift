import Foundation
import GleanerModel
import GleanerStore
import GleanerTestSupport
import Testing

/// `gleaner run` end to end: the real binary, a loopback HTTP server, a real SQLite file, real signals, and
/// intervals of seconds.
@Suite(.serialized) struct DaemonTests {
    let dir: TemporaryDirectory
    let www: TemporaryDirectory
    let server: TestHTTPServer
    var store: String { dir.file("store.sqlite").path }

    init() throws {
        dir = try TemporaryDirectory("gleaner-daemon")
        www = try TemporaryDirectory("gleaner-daemon-www")
        server = try TestHTTPServer(root: www.path)
    }

    func writeConfig(_ feeds: String, globals: String = "") throws -> String {
        try dir.write("feeds.conf", """
            interval = 2s
            min-interval = 1s
            adaptive = no
            stop-timeout = 2s
            \(globals)
            \(feeds)
            """).path
    }

    func requests(_ path: String) throws -> [LoggedRequest] {
        try server.requests().filter { $0.path == path }
    }

    func titles() throws -> [String] {
        let s = try SQLiteStore(path: store, readOnly: true)
        return try s.headlines(HeadlineQuery()).compactMap(\.title)
    }

    func feedRecord(_ url: String) throws -> FeedRecord? {
        try SQLiteStore(path: store, readOnly: true).feed(url: url)
    }

    @Test func aFeedThatPublishesIsPickedUpAtItsInterval() throws {
        try www.write("news.xml", rssDocument(items: [("1", "First")]))
        let config = try writeConfig("\(server.url("/files/news.xml")) name=News")
        let daemon = try DaemonProcess(config: config, store: store, dir: dir)
        #expect(daemon.waitForLog("result=\"1 new\""), "\(daemon.log)")
        try www.write("news.xml", rssDocument(items: [("2", "Second"), ("1", "First")]))
        #expect(daemon.waitForLog("result=\"1 new\"", times: 2, timeout: 8), "\(daemon.log)")
        #expect(Set(try titles()) == ["First", "Second"])
        // Fetched at its interval, not in a tight loop: a few requests in these seconds, each 2 s or so apart.
        let count = try requests("/files/news.xml").count
        #expect((2...6).contains(count), "\(count) requests")
        let record = try #require(try feedRecord(server.url("/files/news.xml")))
        #expect(record.nextDueReason == "interval")
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit(timeout: 5) == 0)
    }

    @Test func aFailingFeedBacksOffAndRecovers() throws {
        let url = server.url("/files/later.xml")
        let config = try writeConfig("\(url) interval=1s")
        let daemon = try DaemonProcess(config: config, store: store, dir: dir)
        #expect(daemon.waitForLog("fetch failed", times: 3, timeout: 12), "\(daemon.log)")
        let failing = try #require(try feedRecord(url))
        #expect(failing.consecutiveFailures >= 3)
        #expect(failing.nextDueReason?.hasPrefix("backoff: ") == true, "\(failing.nextDueReason ?? "nil")")
        // Every attempt is counted (a feed that never worked retries at least every interval, 1 s here, so one
        // more request may land between the two reads).
        let times = try requests("/files/later.xml").count
        #expect((failing.consecutiveFailures...failing.consecutiveFailures + 1).contains(times), "\(times) requests")

        try www.write("later.xml", rssDocument(items: [("a", "Finally")]))
        #expect(daemon.waitForLog("result=\"1 new\"", timeout: 15), "\(daemon.log)")
        let recovered = try #require(try feedRecord(url))
        #expect(recovered.consecutiveFailures == 0)
        #expect(recovered.nextDueReason == "interval")
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit(timeout: 5) == 0)
    }

    @Test func sighupAddsAndRemovesFeedsAndAnInvalidFileKeepsTheOldConfiguration() throws {
        try www.write("a.xml", rssDocument(items: [("a1", "From A")]))
        try www.write("b.xml", rssDocument(items: [("b1", "From B")]))
        let a = server.url("/files/a.xml"), b = server.url("/files/b.xml")
        let config = try writeConfig("\(a) name=A interval=1h")
        let daemon = try DaemonProcess(config: config, store: store, dir: dir)
        #expect(daemon.waitForLog("feed=A"), "\(daemon.log)")

        // A broken file is rejected with file:line, and A keeps its schedule.
        _ = try writeConfig("\(a) name=A interval=1h\n\(b) nmae=B")
        daemon.signal(SIGHUP)
        #expect(daemon.waitForLog("reload rejected"), "\(daemon.log)")
        #expect(daemon.log.contains("\(config):7: unknown feed option"), "\(daemon.log)")

        // B added, A removed.
        _ = try writeConfig("\(b) name=B interval=1h")
        let hup = Date()
        daemon.signal(SIGHUP)
        #expect(daemon.waitForLog("feed=B"), "\(daemon.log)")
        let firstFetchOfB = Date().timeIntervalSince(hup)
        #expect(firstFetchOfB < 3, "new feed fetched \(firstFetchOfB) s after SIGHUP")
        #expect(daemon.log.contains("reloaded feeds=1 added=1 removed=1"), "\(daemon.log)")
        #expect(Set(try titles()) == ["From B"], "A's articles stay in the store, unlisted")
        #expect(try SQLiteStore(path: store, readOnly: true).headlines(HeadlineQuery(feed: a)).count == 1)
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit(timeout: 5) == 0)
    }

    @Test func sigtermDuringASlowTransferExitsWithinTheDeadlineAndLosesNothing() throws {
        try www.write("fast.xml", rssDocument(items: [("f1", "Fast one"), ("f2", "Fast two")]))
        let config = try writeConfig("""
            \(server.url("/files/fast.xml")) name=Fast interval=1h
            \(server.url("/fault/slow?bytes_per_sec=50&bytes=100000")) name=Slow interval=1h low-speed-limit=1 timeout=5m
            """)
        let daemon = try DaemonProcess(config: config, store: store, dir: dir)
        #expect(daemon.waitForLog("feed=Fast"), "\(daemon.log)")
        // Both were started in the same batch; the slow one is still trickling (the server logs a request
        // only when it ends).
        usleep(500_000)
        #expect(!daemon.log.contains("feed=Slow"))
        let start = Date()
        daemon.signal(SIGTERM)
        let status = daemon.waitForExit(timeout: 8)
        let took = Date().timeIntervalSince(start)
        #expect(status == 0, "\(daemon.log)")
        #expect(took < 4, "stop-timeout is 2 s; took \(took) s")
        #expect(daemon.log.contains("stopping signal=TERM"))
        #expect(daemon.log.contains("info stopped"))
        #expect(daemon.log.contains("fetch failed feed=Slow"), "the cut transfer is reported: \(daemon.log)")
        #expect(Set(try titles()) == ["Fast one", "Fast two"])
        let listed = try GleanerCLI.raw(["headlines", "--store", store, "--config", config])
        #expect(listed.status == 0 && listed.stdout.contains("Fast one"))
        // Cut short by the stop, not by the feed: no failure counted, no backoff, due again within a minute.
        let slow = try #require(try feedRecord(server.url("/fault/slow?bytes_per_sec=50&bytes=100000")))
        #expect(slow.consecutiveFailures == 0)
        #expect(slow.nextDueReason?.hasPrefix("backoff") == false, "\(slow.nextDueReason ?? "nil")")
        #expect((slow.nextDue?.seconds ?? .max) <= Timestamp.now().seconds + 60)
    }

    @Test func systemdNotifyReadyWatchdogReloadingAndStopping() throws {
        try www.write("n.xml", rssDocument(items: [("n1", "Notified")]))
        let config = try writeConfig("\(server.url("/files/n.xml")) interval=1h")
        let socket = try NotifySocket(dir: dir)
        let daemon = try DaemonProcess(config: config, store: store, dir: dir, environment: [
            "NOTIFY_SOCKET": socket.path, "WATCHDOG_USEC": "400000",
        ])
        let early = socket.receive(timeout: 5) { $0.contains("WATCHDOG=1") }
        #expect(early.first?.hasPrefix("READY=1\nSTATUS=1 feeds") == true, "\(early)")
        #expect(early.contains("WATCHDOG=1"), "\(early)")
        let pings = socket.receive(timeout: 1.1) { _ in false }.filter { $0 == "WATCHDOG=1" }.count
        #expect(pings >= 3, "WATCHDOG=1 every 0.2 s; got \(pings) in 1.1 s")

        daemon.signal(SIGHUP)
        let reload = socket.receive(timeout: 3) { $0.hasPrefix("READY=1") }
        #expect(reload.contains { $0.hasPrefix("RELOADING=1\nMONOTONIC_USEC=") }, "\(reload)")
        #expect(reload.last?.hasPrefix("READY=1") == true)

        daemon.signal(SIGTERM)
        let end = socket.receive(timeout: 3) { $0 == "STOPPING=1" }
        #expect(end.contains("STOPPING=1"), "\(end)")
        #expect(daemon.waitForExit(timeout: 5) == 0)
    }

    @Test func aRestartResumesTheScheduleFromTheStore() throws {
        try www.write("r.xml", rssDocument(items: [("r1", "Once")]))
        let config = try writeConfig("\(server.url("/files/r.xml")) name=R interval=1h")
        do {
            let first = try DaemonProcess(config: config, store: store, dir: dir)
            #expect(first.waitForLog("feed=R"))
            first.signal(SIGTERM)
            #expect(first.waitForExit(timeout: 5) == 0)
        }
        let due = try #require(try feedRecord(server.url("/files/r.xml"))?.nextDue)
        #expect(due.seconds > Timestamp.now().seconds + 3000)
        let second = try DaemonProcess(config: config, store: store, dir: dir)
        #expect(second.waitForLog("sleeping"), "\(second.log)")
        usleep(1_500_000)
        #expect(try requests("/files/r.xml").count == 1, "not fetched again before its due time")
        second.signal(SIGTERM)
        #expect(second.waitForExit(timeout: 5) == 0)
    }

    @Test func aSecondDaemonOnTheSameStoreRefusesWhileReadersKeepWorking() throws {
        try www.write("l.xml", rssDocument(items: [("l1", "Locked")]))
        let config = try writeConfig("\(server.url("/files/l.xml")) name=L interval=1h")
        let daemon = try DaemonProcess(config: config, store: store, dir: dir)
        #expect(daemon.waitForLog("feed=L"))
        let second = try GleanerCLI.raw(["run", "--config", config, "--store", store])
        #expect(second.status != 0)
        #expect(second.stderr.contains("another gleaner is already running on this store"), "\(second.stderr)")
        #expect(second.stderr.contains("pid \(daemon.pid)"), "\(second.stderr)")
        let headlines = try GleanerCLI.raw(["headlines", "--config", config, "--store", store])
        #expect(headlines.status == 0 && headlines.stdout.contains("Locked"))
        let feeds = try GleanerCLI.raw(["feeds", "--config", config, "--store", store])
        #expect(feeds.status == 0 && feeds.stdout.contains("L"))
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit(timeout: 5) == 0)
    }
}

extension DaemonTests {
    @Test func aPerHostGapSpacesRequestsToOneHost() throws {
        try www.write("g1.xml", rssDocument(items: [("g1", "Gap one")]))
        try www.write("g2.xml", rssDocument(items: [("g2", "Gap two")]))
        let config = try writeConfig("""
            \(server.url("/files/g1.xml")) name=G1 interval=1h
            \(server.url("/files/g2.xml")) name=G2 interval=1h
            """, globals: "host-gap = 2s")
        let daemon = try DaemonProcess(config: config, store: store, dir: dir)
        #expect(daemon.waitForLog("result=\"1 new\"", times: 2, timeout: 8), "\(daemon.log)")
        // Measured where the gap matters, when the server saw each request arrive (monotonic, sub-second): the
        // log's whole-second stamps can put requests 1.1 s apart two seconds apart, or 2.9 s apart only one.
        let all = try server.requests()
        let first = try #require(all.first { $0.path == "/files/g1.xml" })
        let second = try #require(all.first { $0.path == "/files/g2.xml" })
        let gap = abs(second.receivedMonotonic - first.receivedMonotonic)
        #expect(gap >= 2, "requests \(gap) s apart\n\(daemon.log)")
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit(timeout: 5) == 0)
    }
}

extension DaemonTests {
    @Test func retryAfterFromOneFeedDelaysTheWholeHost() throws {
        try www.write("calm.xml", rssDocument(items: [("c1", "Calm")]))
        let busyPath = "/fault/status/429?retry_after=4"
        let config = try writeConfig("""
            \(server.url(busyPath)) name=Busy interval=1s
            \(server.url("/files/calm.xml")) name=Calm interval=1s
            """)
        let daemon = try DaemonProcess(config: config, store: store, dir: dir)
        #expect(daemon.waitForLog("feed=Busy"), "\(daemon.log)")
        #expect(daemon.waitForLog("fetched feed=Calm", times: 2, timeout: 10), "\(daemon.log)")
        // Calm polls every second on its own, but the host asked for 4 s: its next fetch waits with Busy.
        // Both start in the first batch; every later Calm request must wait for the hold, which ends 4 s after
        // the start of the second the 429 came back in (due times have one-second resolution), so more than 3 s
        // after Busy's request arrived. Compared on the server's wall clock, the one the daemon schedules by,
        // with sub-second precision: the log's whole-second stamps are off by up to a second each way.
        let all = try server.requests()
        let busy = try #require(all.first { $0.path == busyPath }, "\(daemon.log)")
        let calm = all.filter { $0.path == "/files/calm.xml" }
        #expect(calm.count >= 2, "\(daemon.log)")
        for later in calm.dropFirst() {
            let wait = later.received - busy.received
            #expect(wait > 3, "Calm asked \(wait) s after Busy's 429\n\(daemon.log)")
        }
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit(timeout: 5) == 0)
    }
}

extension DaemonTests {
    /// A `<ttl>` of `Int.max` minutes once trapped in the policy's arithmetic; the hint is stored, so every
    /// 304 after it trapped again and the service crash-looped.
    @Test func aTTLBeyondAnyRangeIsIgnoredAcrossA304() throws {
        try www.write("ttl.xml", rssDocument(items: [("t1", "Forever")],
                                             channelExtra: "<ttl>9223372036854775807</ttl>"))
        let url = server.url("/files/ttl.xml")
        let config = try writeConfig("\(url) name=TTL interval=1s")
        let daemon = try DaemonProcess(config: config, store: store, dir: dir)
        #expect(daemon.waitForLog("result=\"1 new\""), "\(daemon.log)")
        #expect(daemon.waitForLog("fetched feed=TTL", times: 2, timeout: 8), "the 304 after it: \(daemon.log)")
        #expect(try requests("/files/ttl.xml").contains { $0.status == 304 })
        let record = try #require(try feedRecord(url))
        #expect(record.nextDueReason == "interval (ttl 9223372036854775807 out of range, ignored)")
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit(timeout: 5) == 0, "\(daemon.log)")
    }
}

extension DaemonTests {
    /// Hooks run when a pass of due feeds is over (and every few seconds during a long one), not after each
    /// batch: a short pass still delivers its new articles at once.
    @Test func theDaemonDeliversNewArticlesToHooksAfterAPass() throws {
        try www.write("h.xml", rssDocument(items: [("h1", "Hooked")]))
        let out = dir.file("hook.out").path
        let hook = try dir.write("hook.sh", "#!/bin/sh\ncat >> \(out)\n")
        chmod(hook.path, 0o755)
        let config = try writeConfig("\(server.url("/files/h.xml")) name=H interval=1h on-new=\(hook.path)")
        let daemon = try DaemonProcess(config: config, store: store, dir: dir)
        #expect(daemon.waitForLog("feed=H"), "\(daemon.log)")
        #expect(waitUntil(timeout: 5) { (try? String(contentsOfFile: out, encoding: .utf8))?.contains("Hooked") == true },
                "\(daemon.log)")
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit(timeout: 5) == 0)
    }
}
