import Foundation
import GleanerConfig
@testable import GleanerPipeline
import GleanerModel
import GleanerStore
import GleanerTestSupport
import Testing

/// Full text end to end: a loopback server serves a feed whose entries are excerpts and the articles' pages;
/// `fulltext = auto` fills the article's full text from its page, `never` fetches no page, a failing page
/// keeps the feed's text and is retried later.
@Suite(.serialized) struct FullTextTests {
    let dir: TemporaryDirectory
    let www: TemporaryDirectory
    let server: TestHTTPServer

    init() throws {
        dir = try TemporaryDirectory("gleaner-fulltext")
        www = try TemporaryDirectory("gleaner-fulltext-www")
        server = try TestHTTPServer(root: www.path)
    }

    static let paragraphs = (1...6).map { n in
        "Paragraph \(n) of the article body tells the story at length, with enough words and commas, clauses and "
            + "details that an extractor sees it as the text of the page rather than its furniture, number \(n)."
    }

    /// An article page with a navigation bar, a sidebar of links and a comment form around the body.
    static func page(title: String, inside: String = "") -> String {
        """
        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>\(title) – Example Site</title></head>
        <body><nav class="menu"><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
        <main><article><h1>\(title)</h1><div class="entry-content">
        \(paragraphs.map { "<p>\($0)</p>" }.joined(separator: "\n"))\(inside)
        </div></article></main>
        <aside class="sidebar widget"><h3>Popular</h3><ul><li><a href="/a">Another story</a></li>
        <li><a href="/b">Yet another story</a></li></ul></aside>
        <div id="respond" class="comment-respond"><h3>Leave a reply</h3><form><textarea></textarea></form></div>
        </body></html>
        """
    }

    static let excerpt = "Paragraph 1 of the article body tells the story at length, with enough words […]"
    static let complete = (1...5).map { _ in paragraphs[0] }.joined(separator: " ")

    /// Item `one` is an excerpt of page.html, `two` is complete in the feed (its page is never asked for).
    func feed(oneTitle: String = "One", oneLink: String = "/files/page.html") -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0"><channel><title>Excerpts</title><link>\(server.url("/"))</link>
        <item><guid>one</guid><title>\(oneTitle)</title><link>\(server.url(oneLink))</link>
        <description>\(Self.excerpt)</description></item>
        <item><guid>two</guid><title>Two</title><link>\(server.url("/files/other.html"))</link>
        <description>\(Self.complete)</description></item>
        </channel></rss>
        """
    }

    /// `store`: a PostgreSQL URI, else the SQLite file in `dir`.
    func cli(_ conf: String, store: String? = nil) throws -> GleanerCLI {
        GleanerCLI(config: try dir.write("feeds.conf", conf).path, store: store ?? dir.file("store.sqlite").path)
    }

    func requests(_ path: String) throws -> [LoggedRequest] { try server.requests().filter { $0.path == path } }

    func headlines(_ gleaner: GleanerCLI) throws -> [String: [String: Any]] {
        let lines = try StoreTestFeeds.jsonLines(try gleaner.run(["headlines", "--json"]).stdout)
        return Dictionary(lines.map { ($0["id"] as! String, $0) }, uniquingKeysWith: { a, _ in a })
    }

    @Test func autoFetchesTheExcerptsPageOnceWithTheFeedsUserAgentAndStoresItsArticle() throws {
        try autoFetchesTheExcerptsPage(store: nil)
    }

    @Test(.enabled(if: PostgresTestDatabase.isConfigured, "GLEANER_TEST_POSTGRES is not set"))
    func autoFetchesTheExcerptsPageOnPostgreSQL() throws {
        let db = try PostgresTestDatabase()
        try autoFetchesTheExcerptsPage(store: db.uri)
    }

    func autoFetchesTheExcerptsPage(store: String?) throws {
        try www.write("feed.xml", feed())
        try www.write("page.html", Self.page(title: "One"))
        try www.write("other.html", Self.page(title: "Two"))
        let gleaner = try cli("fulltext = auto\n\(server.url("/files/feed.xml")) user-agent=FullTextTest/1.0\n",
                              store: store)
        let fetch = try gleaner.run(["fetch"])
        #expect(fetch.status == 0, "\(fetch.stderr)")

        let pages = try requests("/files/page.html")
        #expect(pages.count == 1)
        #expect(pages.first?.headers["user-agent"] == "FullTextTest/1.0")
        #expect(try requests("/files/other.html").isEmpty, "a complete entry's page is not fetched")

        let items = try headlines(gleaner)
        let text = try #require(items["one"]?["full_text"] as? String)
        #expect(text == Self.paragraphs.joined(separator: "\n\n"))
        let html = try #require(items["one"]?["full_html"] as? String)
        #expect(html.contains("<p>Paragraph 6 of the article body"))
        #expect(!html.contains("Leave a reply") && !html.contains("Popular"))
        #expect(items["one"]?["summary"] as? String == Self.excerpt, "the feed's own text stays")
        #expect(items["two"]?["full_text"] == nil)

        let one = try gleaner.run(["explain", server.url("/files/page.html")])
        #expect(one.stdout.contains("full text: extracted from its page at "), "\(one.stdout)")
        #expect(one.stdout.contains("(short: 61 letters, under 500)"), "\(one.stdout)")
        let two = try gleaner.run(["explain", server.url("/files/other.html")])
        #expect(two.stdout.contains("full text: page not fetched (complete in the feed"), "\(two.stdout)")

        // An update of the entry with the same link does not fetch the page again; a new link does.
        try www.write("feed.xml", feed(oneTitle: "One, retitled"))
        #expect(try gleaner.run(["fetch"]).status == 0)
        #expect(try requests("/files/page.html").count == 1)
        try www.write("moved.html", Self.page(title: "One"))
        try www.write("feed.xml", feed(oneTitle: "One, moved", oneLink: "/files/moved.html"))
        #expect(try gleaner.run(["fetch"]).status == 0)
        #expect(try requests("/files/moved.html").count == 1)
        #expect(try headlines(gleaner)["one"]?["full_text"] as? String == text)
    }

    @Test func hooksReadTheFullText() throws {
        try www.write("feed.xml", feed())
        try www.write("page.html", Self.page(title: "One"))
        let log = dir.file("hook.log").path
        let hook = try dir.write("hook.sh", "#!/bin/sh\ncat >> '\(log)'\n")
        chmod(hook.path, 0o755)
        let gleaner = try cli("on-new = \(hook.path)\nfulltext = auto\n\(server.url("/files/feed.xml"))\n")
        #expect(try gleaner.run(["fetch"]).status == 0)
        let lines = try StoreTestFeeds.jsonLines(try String(contentsOfFile: log, encoding: .utf8))
        let one = try #require(lines.first { $0["id"] as? String == "one" })
        #expect(one["full_text"] as? String == Self.paragraphs.joined(separator: "\n\n"))
        #expect((one["full_html"] as? String)?.hasPrefix("<p>Paragraph 1") == true)
    }

    @Test func neverIsTheDefaultAndFetchesNoPage() throws {
        try www.write("feed.xml", feed())
        try www.write("page.html", Self.page(title: "One"))
        let gleaner = try cli("\(server.url("/files/feed.xml"))\n")
        #expect(try gleaner.run(["fetch"]).status == 0)
        #expect(try requests("/files/page.html").isEmpty)
        #expect(try headlines(gleaner)["one"]?["full_text"] == nil)
        let explain = try gleaner.run(["explain", server.url("/files/page.html")])
        #expect(explain.stdout.contains("full text: not judged"), "\(explain.stdout)")
    }

    @Test func aFailingPageKeepsTheFeedsTextAndIsRetriedLater() throws {
        try www.write("feed.xml", feed(oneLink: "/files/late.html"))
        let storePath = dir.file("job.sqlite").path
        let config = try Config.parse("\(server.url("/files/feed.xml")) fulltext=auto\n")
        let store = try SQLiteStore(path: storePath)
        var clock = Timestamp(seconds: 1_800_000_000)
        let job = FetchJob(config: config, store: store)
        job.now = { clock }
        _ = try job.run()
        #expect(try requests("/files/late.html").map(\.status) == [404])
        var e = try #require(try store.explain(server.url("/files/late.html")))
        #expect(e.fullText?.state == .pending)
        #expect(e.fullText?.attempts == 1)
        #expect(e.fullText?.error?.contains("404") == true)
        #expect(e.fullText?.next == Timestamp(seconds: clock.seconds + FullTextStep.retryDelays[0]))
        var q = HeadlineQuery()
        q.includeFullText = true
        #expect(try store.headlines(q).first { $0.id == "one" }?.fullText == nil)

        // Not yet due: no request. Due, and the page is there now: its article is stored.
        clock = Timestamp(seconds: clock.seconds + 60)
        _ = try job.run()
        #expect(try requests("/files/late.html").count == 1)
        try www.write("late.html", Self.page(title: "One"))
        clock = Timestamp(seconds: clock.seconds + FullTextStep.retryDelays[0])
        _ = try job.run()
        #expect(try requests("/files/late.html").map(\.status) == [404, 200])
        e = try #require(try store.explain(server.url("/files/late.html")))
        #expect(e.fullText?.state == .done)
        #expect(e.fullText?.attempts == 2)
        #expect(try store.headlines(q).first { $0.id == "one" }?.fullText == Self.paragraphs.joined(separator: "\n\n"))
    }

    @Test func everyAttemptFailingGivesUpAndKeepsTheFeedsText() throws {
        try www.write("feed.xml", feed(oneLink: "/fault/status/500"))
        let config = try Config.parse("\(server.url("/files/feed.xml")) fulltext=always\n")
        let store = try SQLiteStore(path: dir.file("giveup.sqlite").path)
        var clock = Timestamp(seconds: 1_800_000_000)
        let job = FetchJob(config: config, store: store)
        job.now = { clock }
        for _ in 0..<6 {
            _ = try job.run()
            clock = Timestamp(seconds: clock.seconds + 7 * 3600)
        }
        #expect(try requests("/fault/status/500").count == FullTextStep.maxAttempts)
        let e = try #require(try store.explain(server.url("/fault/status/500")))
        #expect(e.fullText?.state == .failed)
        #expect(e.fullText?.reason == "fulltext = always")
        #expect(try store.headlines(HeadlineQuery()).first { $0.id == "one" }?.summary == Self.excerpt)
    }

    @Test func aFeedsRulesChooseWhatIsKeptFromItsPages() throws {
        let note = "<p class=\"editor-note\">An editor's note, written at length like a paragraph of the story, "
            + "with commas, clauses and words enough to be kept by the heuristics as part of the body.</p>"
        try www.write("feed.xml", feed())
        try www.write("page.html", Self.page(title: "One", inside: note))
        let gleaner = try cli("""
            \(server.url("/files/feed.xml")) fulltext=auto fulltext-selector=".entry-content" fulltext-remove="p.editor-note"
            """)
        #expect(try gleaner.run(["fetch"]).status == 0)
        #expect(try headlines(gleaner)["one"]?["full_text"] as? String == Self.paragraphs.joined(separator: "\n\n"))
        let bad = try cli("\(server.url("/files/feed.xml")) fulltext=auto fulltext-remove=\"p + p\"\n")
        let refused = try bad.run(["fetch"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("feeds.conf:1: fulltext-remove:"), "\(refused.stderr)")
    }

    // MARK: - gleaner extract URL

    @Test func extractFetchesAPageByItsAddressWithTheFetchersRules() throws {
        try www.write("page.html", Self.page(title: "One"))
        let ok = try GleanerCLI.raw(["extract", "--json", server.url("/files/page.html")])
        #expect(ok.status == 0, "\(ok.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(ok.stdout.utf8)) as? [String: Any])
        #expect(object["title"] as? String == "One")
        #expect(object["text"] as? String == Self.paragraphs.joined(separator: "\n\n"))
        #expect(try requests("/files/page.html").first?.headers["user-agent"]?.hasPrefix("Gleaner/") == true)

        // Relative links resolve against the address the page came from, after a redirect.
        let redirected = try GleanerCLI.raw(["extract", "--json", server.url("/fault/redirect/302?to=/files/page.html")])
        #expect(redirected.status == 0, "\(redirected.stderr)")

        let missing = try GleanerCLI.raw(["extract", server.url("/files/missing.html")])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("404"), "\(missing.stderr)")
        // A redirect may not leave http(s).
        let file = try GleanerCLI.raw(["extract", server.url("/fault/redirect/302?to=file:///etc/passwd")])
        #expect(file.status != 0)
        #expect(!file.stdout.contains("root:"))
        #expect(file.stderr.contains("cannot fetch"), "\(file.stderr)")
        // A body over the fetcher's size cap is refused, not read.
        let big = try GleanerCLI.raw(["extract", server.url("/fault/status/200?body_bytes=\(17 << 20)")])
        #expect(big.status != 0)
        #expect(big.stderr.contains("larger than"), "\(big.stderr)")
    }
}
