import Foundation
import GleanerModel
import GleanerStore
import GleanerStorePostgres
import GleanerTestSupport
import Testing

/// Several `gleaner run` processes on one PostgreSQL store: each due feed fetched by one daemon, articles
/// stored once, a killed daemon's feeds taken over, and a consumer in another process seeing every article.
@Suite(.serialized, .enabled(if: PostgresTestDatabase.isConfigured,
                             "GLEANER_TEST_POSTGRES is not set: no PostgreSQL to test against"))
struct ScaleOutTests {
    static let feedCount = 240
    static let itemsPerFeed = 3

    @Test func threeDaemonsShareTheFeedsAndAKilledOnesFeedsAreTakenOver() throws {
        let db = try PostgresTestDatabase()
        let dir = try TemporaryDirectory("gleaner-scaleout")
        let www = try TemporaryDirectory("gleaner-scaleout-www")
        let server = try TestHTTPServer(root: www.path)
        var lines: [String] = []
        for i in 0..<Self.feedCount {
            try www.write("f\(i).xml", rssDocument(items: (0..<Self.itemsPerFeed).map { ("f\(i)-\($0)", "Feed \(i) item \($0)") }))
            lines.append(server.url("/files/f\(i).xml"))
        }
        let interval = 6.0
        let config = try dir.write("feeds.conf", """
            interval = \(Int(interval))s
            min-interval = 1s
            adaptive = no
            stop-timeout = 2s
            max-transfers = 8
            \(lines.joined(separator: "\n"))
            """).path
        let daemons = try (0..<3).map { _ in try DaemonProcess(config: config, store: db.uri, dir: dir, logLevel: "info") }
        let consumer = GleanerCLI(config: config, store: db.uri)
        var seen = Set<Int64>()
        func consume() throws {
            let r = try consumer.run(["headlines", "--new", "--consumer", "fourth", "--json"])
            for line in r.lines {
                guard let value = JSONValue.parse(Array(line.utf8)), let seq = value["seq"]?.number else { continue }
                seen.insert(Int64(seq))
            }
        }
        // Let the first round spread over the daemons, then kill one in the middle of its work.
        _ = waitUntil(timeout: 20) { daemons.allSatisfy { $0.log.contains("fetched") } }
        try consume()
        let killedAt = Date().timeIntervalSince1970
        daemons[0].signal(SIGKILL)
        _ = daemons[0].waitForExit(timeout: 5)
        // Two more intervals: the survivors fetch every feed again, the dead one's included.
        let end = Date().addingTimeInterval(2 * interval + 4)
        while Date() < end {
            try consume()
            usleep(500_000)
        }
        for d in daemons.dropFirst() { d.signal(SIGTERM) }
        for d in daemons.dropFirst() { #expect(d.waitForExit(timeout: 10) == 0, "\(d.log.suffix(2000))") }
        try consume()

        // Articles exactly once: every feed's items, each stored once.
        let store = try PostgresStore(target: try db.target, readOnly: true)
        let all = try store.headlines(HeadlineQuery(limit: 100_000))
        #expect(all.count == Self.feedCount * Self.itemsPerFeed)
        #expect(Set(all.map { "\($0.feedURL)#\($0.id ?? "")" }).count == all.count)
        // The consumer in a fourth process saw every article (at least once).
        #expect(seen == Set(all.map(\.seq)), "\(Set(all.map(\.seq)).subtracting(seen).count) articles never shown")

        // Every feed was fetched after the kill, and no feed twice within one due period by two daemons: apart
        // from the takeover at the kill, requests for one feed are about an interval apart.
        let requests = try server.requests()
        var byPath: [String: [Double]] = [:]
        for r in requests { byPath[r.path, default: []].append(r.received) }
        var tooClose: [String] = []
        var notTakenOver: [String] = []
        for i in 0..<Self.feedCount {
            let times = (byPath["/files/f\(i).xml"] ?? []).sorted()
            if !times.contains(where: { $0 > killedAt + 1 }) { notTakenOver.append("f\(i)") }
            for (a, b) in zip(times, times.dropFirst()) where b - a < interval / 2 {
                // The dead daemon's feeds are fetched again right after its death: that is the takeover.
                if abs(a - killedAt) > 3 { tooClose.append("f\(i): \(String(format: "%.2f", b - a)) s") }
            }
        }
        #expect(tooClose.isEmpty, "\(tooClose.prefix(10))")
        #expect(notTakenOver.isEmpty, "\(notTakenOver.prefix(10))")
        // Both survivors did part of the work.
        for d in daemons.dropFirst() { #expect(d.log.contains("fetched"), "\(d.log.suffix(1000))") }
    }
}
