import Foundation
import GleanerStore
import GleanerTestSupport
import Testing

/// One fetch keeps at most `max-items` articles (the newest) and says so; one feed adds at most
/// `FetchStoreWork.dailyFactor` × `max-items` new articles a day.
@Suite(.serialized) struct FetchCapTests {
    let dir: TemporaryDirectory
    let www: TemporaryDirectory
    let server: TestHTTPServer

    init() throws {
        dir = try TemporaryDirectory("gleaner-cap")
        www = try TemporaryDirectory("gleaner-cap-www")
        server = try TestHTTPServer(root: www.path)
    }

    /// Items `prefix-0` … with the given days since 2020-01-01 as their pubDate, in the order given.
    func feed(_ prefix: String, days: [Int]) -> String {
        let base = 1_577_836_800  // 2020-01-01T00:00:00Z
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return StoreTestFeeds.rss(items: days.map { day in
            let date = formatter.string(from: Date(timeIntervalSince1970: Double(base + day * 86_400)))
            return .init(guid: "\(prefix)-\(day)", title: "day \(day)", link: "https://example.org/\(prefix)/\(day)",
                         extra: "<pubDate>\(date)</pubDate>")
        })
    }

    @Test func aFeedOverTheCapKeepsItsNewestItemsAndSaysSo() throws {
        // 300 items in a shuffled order (seeded): the newest 100 are days 200…299 wherever they stand.
        var rng = SeededGenerator()
        try www.write("big.xml", feed("b", days: Array(0..<300).shuffled(using: &rng)))
        let conf = try dir.write("feeds.conf", "max-items = 100\n\(server.url("/files/big.xml"))\n")
        let cli = GleanerCLI(config: conf.path, store: dir.file("s.sqlite").path)
        let fetched = try cli.run(["fetch"])
        #expect(fetched.status == 0, "\(fetched.stderr)")
        #expect((fetched.stdout + fetched.stderr).contains("kept the newest 100 of 300 items (max-items)"),
                "\(fetched.stdout)\(fetched.stderr)")
        let store = try SQLiteStore(path: dir.file("s.sqlite").path, readOnly: true)
        let ids = try store.headlines(HeadlineQuery(limit: 1000)).map(\.id)
        #expect(Set(ids) == Set((200..<300).map { "b-\($0)" }))
    }

    @Test func aFeedCannotAddMoreThanItsDailyLimit() throws {
        // max-items = 5: at most 50 new articles a day, whatever the number of fetches.
        let conf = try dir.write("feeds.conf", "max-items = 5\n\(server.url("/files/fresh.xml"))\n")
        let cli = GleanerCLI(config: conf.path, store: dir.file("d.sqlite").path)
        var last = ""
        for round in 0..<12 {
            try www.write("fresh.xml", feed("r\(round)", days: Array(0..<5)))
            let r = try cli.run(["fetch"])
            #expect(r.status == 0, "\(r.stderr)")
            last = r.stdout + r.stderr
        }
        let store = try SQLiteStore(path: dir.file("d.sqlite").path, readOnly: true)
        #expect(try store.headlines(HeadlineQuery(limit: 1000)).count == 50)
        #expect(last.contains("limit of 50 new items a day"), "\(last)")
    }
}
