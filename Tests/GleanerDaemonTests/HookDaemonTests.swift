import Foundation
import GleanerModel
import GleanerStore
import GleanerTestSupport
import Testing

/// Hooks under `gleaner run`: they run beside the scheduler, never on it, and a stop ends them on time with
/// their batch delivered again on the next start.
@Suite(.serialized) struct HookDaemonTests {
    let dir: TemporaryDirectory
    let www: TemporaryDirectory
    let server: TestHTTPServer
    var store: String { dir.file("store.sqlite").path }

    init() throws {
        dir = try TemporaryDirectory("gleaner-hookd")
        www = try TemporaryDirectory("gleaner-hookd-www")
        server = try TestHTTPServer(root: www.path)
    }

    func script(_ name: String, _ body: String) throws -> String {
        let url = try dir.write(name, "#!/bin/sh\n" + body + "\n")
        chmod(url.path, 0o755)
        return url.path
    }

    func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    @Test func theWatchdogKeepsBeingFedWhileAHookSleeps() throws {
        let started = dir.file("started").path, ended = dir.file("ended").path
        // Sleeps 4 s: eight watchdog periods of 0.5 s (WATCHDOG_USEC = 1 s, pinged at half of it).
        let hook = try script("slow.sh", "cat >/dev/null\ntouch '\(started)'\nsleep 4\ntouch '\(ended)'")
        try www.write("a.xml", StoreTestFeeds.simple("a", 1...2))
        let conf = try dir.write("feeds.conf", """
            on-new = \(hook)
            hook-timeout = 30s
            \(server.url("/files/a.xml"))
            """)
        let notify = try NotifySocket(dir: dir)
        let daemon = try DaemonProcess(config: conf.path, store: store, dir: dir,
                                       environment: ["NOTIFY_SOCKET": notify.path, "WATCHDOG_USEC": "1000000"])
        var window: (start: Double?, end: Double?) = (nil, nil)
        let messages = notify.receiveTimed(timeout: 20) {
            if window.start == nil, exists(started) { window.start = MonotonicClock.seconds() }
            if window.end == nil, exists(ended) { window.end = MonotonicClock.seconds() }
            return window.end.map { MonotonicClock.seconds() > $0 + 0.5 } ?? false
        }
        let start = try #require(window.start, "the hook never started: \(daemon.log)")
        let end = try #require(window.end, "the hook never ended: \(daemon.log)")
        let pings = messages.filter { $0.message.split(separator: "\n").contains("WATCHDOG=1") }.map(\.at)
        let inside = pings.filter { $0 >= start && $0 <= end }
        // Every gap between pings (and the hook's start and end) stays well under the 1 s watchdog limit.
        let marks = [start] + inside + [end]
        let gaps = zip(marks, marks.dropFirst()).map { $1 - $0 }
        #expect(inside.count >= 5, "\(inside.count) pings in \(end - start) s; log: \(daemon.log)")
        #expect((gaps.max() ?? 99) < 0.95, "gaps \(gaps)")
        #expect(daemon.waitForLog("hook ran"), "\(daemon.log)")
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit(timeout: 5) == 0)
    }

    @Test func aStopEndsAHangingHookOnTimeAndItsBatchComesAgain() throws {
        let pids = dir.file("pids").path, got = dir.file("got").path
        let hookPath = dir.file("hook.sh").path
        // First version: records its pid, then hangs far beyond the stop timeout (and ignores nothing: the
        // shell dies of SIGTERM, the `sleep` it started must go with it).
        _ = try script("hook.sh", "cat >/dev/null\necho $$ >> '\(pids)'\nsleep 60")
        try www.write("a.xml", StoreTestFeeds.simple("a", 1...2))
        let conf = try dir.write("feeds.conf", """
            stop-timeout = 2s
            hook-timeout = 60s
            on-new = \(hookPath)
            \(server.url("/files/a.xml"))
            """)
        let first = try DaemonProcess(config: conf.path, store: store, dir: dir)
        #expect(waitUntil(timeout: 15) { exists(pids) }, "\(first.log)")
        usleep(300_000)
        let asked = MonotonicClock.seconds()
        first.signal(SIGTERM)
        let status = first.waitForExit(timeout: 10)
        let took = MonotonicClock.seconds() - asked
        #expect(status == 0, "\(first.log)")
        // stop-timeout (2 s) + SIGTERM-to-SIGKILL grace (1 s) + a margin.
        #expect(took < 4, "stop took \(took) s; \(first.log)")
        let pid = try #require(Int32(try String(contentsOfFile: pids, encoding: .utf8)
            .split(separator: "\n").first.map(String.init) ?? ""))
        // Its `sleep` was killed with it (reaped by init a moment later).
        #expect(waitUntil(timeout: 3) { kill(-pid, 0) != 0 && errno == ESRCH }, "the hook's process group outlived the daemon")
        #expect(try SQLiteStore(path: store, readOnly: true).cursor(consumer: "hook:" + hookPath) == 0)

        // Same program path (so the same consumer), now a working one: the next start delivers the batch.
        _ = try script("hook.sh", "cat >> '\(got)'")
        let second = try DaemonProcess(config: conf.path, store: store, dir: dir)
        #expect(second.waitForLog("hook ran"), "\(second.log)")
        let ids = try StoreTestFeeds.jsonLines(try String(contentsOfFile: got, encoding: .utf8)).map { $0["id"] as! String }
        #expect(ids.sorted() == ["a-1", "a-2"])
        second.signal(SIGTERM)
        #expect(second.waitForExit(timeout: 5) == 0)
    }

    @Test func aFailingHookIsLoggedOncePerBatchAndBacksOff() throws {
        let runs = dir.file("runs").path
        let hook = try script("fail.sh", "cat >/dev/null\necho x >> '\(runs)'\nexit 3")
        try www.write("a.xml", StoreTestFeeds.simple("a", 1...1))
        // A feed fetched every second: without backoff the hook would run after each fetch.
        let conf = try dir.write("feeds.conf", """
            interval = 1s
            min-interval = 1s
            adaptive = no
            on-new = \(hook)
            \(server.url("/files/a.xml"))
            """)
        let daemon = try DaemonProcess(config: conf.path, store: store, dir: dir)
        #expect(daemon.waitForLog("result=\"not modified\"", times: 3, timeout: 15)
                    || daemon.waitForLog("unchanged", times: 3, timeout: 1), "\(daemon.log)")
        let count = (try? String(contentsOfFile: runs, encoding: .utf8))?.split(separator: "\n").count ?? 0
        #expect(count == 1, "the hook ran \(count) times")
        #expect(daemon.log.components(separatedBy: "hook failed").count - 1 == 1, "\(daemon.log)")
        #expect(daemon.log.contains("retry=30s"))
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit(timeout: 5) == 0)
    }
}
