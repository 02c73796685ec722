import Foundation
import GleanerTestSupport
import Testing

/// The foundation's promises, checked through the real executable, a real loopback HTTP server and a real
/// SQLite file.
@Suite(.serialized) struct EndToEndTests {
    struct Expected: Decodable {
        struct Item: Decodable { var id: String; var title: String; var link: String }
        var feed_title: String
        var articles: [Item]
    }

    let dir: TemporaryDirectory
    let www: TemporaryDirectory
    let server: TestHTTPServer

    init() throws {
        dir = try TemporaryDirectory("gleaner-e2e")
        www = try TemporaryDirectory("gleaner-www")
        server = try TestHTTPServer(root: www.path)
    }

    func cli(_ conf: String) throws -> GleanerCLI {
        let path = try dir.write("feeds.conf", conf).path
        return GleanerCLI(config: path, store: dir.file("store.sqlite").path)
    }

    func jsonLines(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
    }

    @Test func arabicWordPressTitlesSurviveFetchStoreAndListingByteForByte() throws {
        try www.write("ar.xml", bytes: Fixtures.bytes("wordpress-ar.utf-8.xml"))
        let expected = try JSONDecoder().decode(Expected.self, from: Data(Fixtures.bytes("wordpress-ar.expected.json")))
        let gleaner = try cli("\(server.url("/files/ar.xml")) name=\"أخبار\"\n")

        let fetch = try gleaner.run(["fetch"])
        #expect(fetch.status == 0, "\(fetch.stderr)")
        #expect(fetch.stdout.contains("\(expected.articles.count) new"))

        let listed = try gleaner.run(["headlines", "--json"])
        #expect(listed.status == 0, "\(listed.stderr)")
        let rows = try jsonLines(listed.stdout)
        #expect(rows.count == expected.articles.count)
        for item in expected.articles {
            let row = rows.first { ($0["id"] as? String) == item.id }
            #expect(row != nil, "article \(item.id) missing")
            // Compare the UTF-8 bytes, not String equality (which would forgive a normalisation change).
            #expect(Array(((row?["title"] as? String) ?? "").utf8) == Array(item.title.utf8))
            #expect(row?["link"] as? String == item.link)
            #expect(row?["feed"] as? String == "أخبار")
            #expect(row?["feed_url"] as? String == server.url("/files/ar.xml"))
            #expect(row?["seq"] is Int)
            #expect(row?["fetched"] is String)
        }
        // The raw line carries the title as UTF-8, not as \u escapes.
        #expect(listed.stdout.contains(expected.articles[0].title))
    }

    @Test func unchangedFeedCostsA304AndAddsNothingAndAChangedFeedAddsOnlyItsNewItems() throws {
        try www.write("feed.xml", rssDocument(items: [("a", "First"), ("b", "Second")]))
        let gleaner = try cli("\(server.url("/files/feed.xml"))\n")

        #expect(try gleaner.run(["fetch"]).stdout.contains("2 new"))
        let second = try gleaner.run(["fetch"])
        #expect(second.stdout.contains("not modified"), "\(second.stdout)")
        let log = try server.requests().filter { $0.path == "/files/feed.xml" }
        #expect(log.map(\.status) == [200, 304])
        #expect(log.last?.headers["if-none-match"] != nil)
        #expect(try jsonLines(gleaner.run(["headlines", "--json"]).stdout).count == 2)

        // The feed gains one item (and the file's validators change with it).
        try www.write("feed.xml", rssDocument(items: [("c", "Third"), ("a", "First"), ("b", "Second")]))
        let third = try gleaner.run(["fetch"])
        #expect(third.stdout.contains("1 new"), "\(third.stdout)")
        let rows = try jsonLines(gleaner.run(["headlines", "--json"]).stdout)
        #expect(rows.count == 3)
        #expect(Set(rows.compactMap { $0["id"] as? String }) == ["a", "b", "c"])
    }

    @Test func headlinesNewShowsEachItemOnce() throws {
        try www.write("feed.xml", rssDocument(items: [("a", "First"), ("b", "Second")]))
        let gleaner = try cli("\(server.url("/files/feed.xml")) name=Test\n")
        _ = try gleaner.run(["fetch"])
        let first = try gleaner.run(["headlines", "--new"])
        #expect(first.lines.count == 2)
        #expect(first.stdout.contains("First") && first.stdout.contains("Test"))
        #expect(try gleaner.run(["headlines", "--new"]).lines.isEmpty)

        try www.write("feed.xml", rssDocument(items: [("c", "Third"), ("a", "First"), ("b", "Second")]))
        _ = try gleaner.run(["fetch"])
        let next = try gleaner.run(["headlines", "--new", "--json"])
        #expect(try jsonLines(next.stdout).compactMap { $0["title"] as? String } == ["Third"])
    }

    @Test func failingFeedsAreReportedWhileTheOthersAreStored() throws {
        try www.write("good.xml", rssDocument(items: [("g1", "Good one"), ("g2", "Good two")]))
        try www.write("bad.xml", """
            <?xml version="1.0"?><rss version="2.0"><channel><title>Broken</title>
            <item><title>Before</title><guid>m1</guid></item>
            <item><title>Oops</b></title><guid>m2</guid></item>
            <item><title>After</title><guid>m3</guid></item>
            </channel></rss>
            """)
        let closedPort = try unusedLoopbackPort()
        let gleaner = try cli("""
            \(server.url("/files/good.xml")) name=Good
            http://127.0.0.1:\(closedPort)/feed.xml name=Unreachable
            \(server.url("/fault/status/404")) name=Missing
            \(server.url("/files/bad.xml")) name=Malformed
            """)
        let fetch = try gleaner.run(["fetch"])
        #expect(fetch.status == 2, "some feeds failed: a distinct status, yet the others were fetched")
        let line = { (name: String) in fetch.lines.first { $0.hasPrefix(name) } ?? "" }
        #expect(line("Good").contains("2 new"))
        #expect(line("Unreachable").contains("error:"))
        #expect(line("Unreachable").lowercased().contains("connect"))
        #expect(line("Missing").contains("error: HTTP 404"))
        #expect(line("Malformed").contains("malformed"))
        #expect(fetch.lines.last?.contains("4 feeds") == true)
        #expect(fetch.lines.last?.contains("2 failed") == true)

        let titles = try jsonLines(gleaner.run(["headlines", "--json"]).stdout).compactMap { $0["title"] as? String }
        #expect(titles.contains("Good one") && titles.contains("Good two"))
        #expect(titles.contains("Before") && titles.contains("After"), "recovered items around the error are kept")

        // The failure is flagged on the feed's line; its error is printed once, on the warning line under it.
        let feeds = try gleaner.run(["feeds"])
        let missing = feeds.lines.drop { !$0.hasPrefix("Missing") }.prefix { $0.hasPrefix("Missing") || $0.hasPrefix(" ") }
        #expect(missing.first?.contains("  error  ") == true, "\(feeds.stdout)")
        #expect(missing.joined(separator: "\n").components(separatedBy: "HTTP 404 Not Found").count == 2, "\(feeds.stdout)")
    }

    @Test func aBadConfigLineStopsWithPathAndLineAndLeavesTheStoreUntouched() throws {
        try www.write("good.xml", rssDocument(items: [("g1", "Good one")]))
        let gleaner = try cli("""
            interval = 30m
            \(server.url("/files/good.xml"))
            \(server.url("/files/other.xml")) intervall=5m
            """)
        let fetch = try gleaner.run(["fetch"])
        #expect(fetch.status != 0)
        #expect(fetch.stderr.contains("\(gleaner.config):3: unknown feed option \"intervall\" (did you mean \"interval\"?)"),
                "\(fetch.stderr)")
        #expect(try server.requests().isEmpty, "nothing is fetched from a broken configuration")
        #expect(!FileManager.default.fileExists(atPath: gleaner.store))
    }

    @Test func parseJSONFollowsTheContract() throws {
        let result = try GleanerCLI.raw(["parse", "--json", Fixtures.url("wordpress-ar.utf-8.xml").path])
        #expect(result.status == 0)
        let doc = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        #expect(doc["format"] as? String == "rss2.0")
        #expect(doc["encoding"] as? String == "utf-8")
        #expect(doc["wellformed"] as? Bool == true)
        #expect((doc["problems"] as? [Any])?.isEmpty == true)
        let feed = doc["feed"] as! [String: Any]
        #expect(feed["language"] as? String == "ar")
        let articles = doc["articles"] as! [[String: Any]]
        #expect(articles.count == 3)
        let published = articles[0]["published"] as? String ?? ""
        #expect(published.wholeMatch(of: #/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/#) != nil, "\(published)")
        #expect(articles[0]["summary_type"] as? String == "html")
        #expect(!result.stdout.contains("null"), "absent values are omitted, never null")
    }
}
