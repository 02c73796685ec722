import Foundation
import GleanerModel
import GleanerStore
import GleanerTestSupport
import Testing

/// Numbers from outside that decide when a feed is fetched next, served for real on loopback: a host's
/// `Retry-After` is capped at a day, and hostile caching headers, body lengths and feed hints neither crash a
/// fetch nor push the schedule out of range.
@Suite(.serialized) struct HostileScheduleInputTests {
    let dir: TemporaryDirectory
    let www: TemporaryDirectory
    let server: TestHTTPServer

    init() throws {
        dir = try TemporaryDirectory("gleaner-hostile-schedule")
        www = try TemporaryDirectory("gleaner-hostile-schedule-www")
        server = try TestHTTPServer(root: www.path)
    }

    func cli(_ conf: String) throws -> GleanerCLI {
        let path = try dir.write("feeds.conf", conf).path
        return GleanerCLI(config: path, store: dir.file("store.sqlite").path)
    }

    static func httpDate(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return f.string(from: date)
    }

    @Test(arguments: ["604800", "a year ahead"])
    func retryAfterHoldsAHostForADayAtMost(value: String) throws {
        let header = value == "604800" ? value : Self.httpDate(Date().addingTimeInterval(365 * 86_400))
        let query = header.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? header
        let gleaner = try cli("\(server.url("/fault/status/503?retry_after=\(query)")) name=Limited\n")
        let before = Timestamp.now()
        let fetch = try gleaner.run(["fetch"])
        #expect(fetch.stdout.contains("rate limited until"), "\(fetch.stdout)")
        let hosts = try SQLiteStore(path: gleaner.store).hostRetries(after: before)
        let until = try #require(hosts["127.0.0.1:\(server.port)"], "\(hosts)")
        let wait = until.seconds - before.seconds
        // A week (or a year) asked; the host is held back for the documented 24 hours.
        #expect(wait >= 86_400 && wait <= 86_400 + 5, "held \(wait) s")
    }

    @Test(arguments: [
        "Cache-Control: max-age=99999999999999999999999\nExpires: Fri, 31 Dec 9999 23:59:59 GMT",
        "Cache-Control: max-age=-1, max-age=60\nExpires: -1",
        "Retry-After: -99999999999999999999",
        "Content-Length: 99999999999999999999999",
        "Content-Length: -1",
        "Content-Length: garbage",
    ])
    func hostileResponseHeadersEndInAResultNotACrash(headers: String) throws {
        try www.write("feed.xml", rssDocument(items: [("1", "One")],
                                              channelExtra: "<ttl>9223372036854775807</ttl><skipHours><hour>99</hour></skipHours>"))
        try www.write("feed.xml.headers", headers + "\n")
        let gleaner = try cli("\(server.url("/files/feed.xml")) name=Hostile\n")
        for _ in 0..<2 {
            let fetch = try gleaner.run(["fetch"])
            // Fetched, or failed with a sentence; never killed by a signal (a trap exits 132 or 133).
            #expect(fetch.status == 0 || fetch.status == 1 || fetch.status == 2, "\(fetch.status) \(fetch.stderr)")
            #expect(fetch.stdout.contains("Hostile"), "\(fetch.stdout)\(fetch.stderr)")
        }
        let feeds = try gleaner.run(["feeds"])
        #expect(feeds.status == 0, "\(feeds.stderr)")
    }
}
