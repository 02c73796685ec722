import Foundation
import GleanerTestSupport
import Testing

/// `gleaner add` checks a URL as the fetcher fetches it (the feed's options, the parser, the one autodiscovery),
/// against a real loopback server; and option values on the command line are read by feeds.conf's rules.
@Suite(.serialized) struct AddCheckTests {
    let dir: TemporaryDirectory
    let www: TemporaryDirectory
    let server: TestHTTPServer

    init() throws {
        dir = try TemporaryDirectory("gleaner-add")
        www = try TemporaryDirectory("gleaner-add-www")
        server = try TestHTTPServer(root: www.path)
        try www.write("feed.xml", StoreTestFeeds.simple("f", 1...2))
    }

    /// A feeds.conf holding `globals` and nothing else, and a CLI on it.
    func cli(_ globals: String) throws -> (GleanerCLI, URL) {
        let conf = try dir.write("feeds.conf", globals)
        return (GleanerCLI(config: conf.path, store: dir.file("never.sqlite").path), conf)
    }

    static func page(_ links: [String], head: String = "") -> String {
        "<!doctype html><html><head><title>Blog</title>\(head)"
            + links.map { "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"\($0)\">" }.joined()
            + "</head><body>hello</body></html>"
    }

    @Test func theCheckSendsTheConfiguredUserAgentToThePageAndToTheFeedItAnnounces() throws {
        try www.write("page.html", Self.page(["/files/feed.xml"]))
        let (cli, conf) = try cli("user-agent = \"ExampleReader/2.0 (+mailto:admin@example.org)\"\n")
        let r = try cli.run(["add", server.url("/files/page.html")])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try String(contentsOf: conf, encoding: .utf8).contains(server.url("/files/feed.xml")))
        let agents = try server.requests().filter { $0.path.hasPrefix("/files/") }.map { $0.headers["user-agent"] }
        #expect(agents.count == 2)
        #expect(agents.allSatisfy { $0 == "ExampleReader/2.0 (+mailto:admin@example.org)" }, "\(agents)")
        // Nothing is stored by a check.
        #expect(!FileManager.default.fileExists(atPath: dir.file("never.sqlite").path))
    }

    @Test func theCheckSendsBasicAuthenticationFromUserAndPasswordFile() throws {
        let password = try dir.write("password", "s3cret pass\n")
        let (cli, conf) = try cli("user = reader\npassword-file = \(password.path)\n")
        let url = server.url("/fault/auth?user=reader&password_hex=" + "s3cret pass".utf8.map { String(format: "%02x", $0) }.joined())
        let r = try cli.run(["add", url])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try String(contentsOf: conf, encoding: .utf8).contains(url + "\n"))
        #expect(!r.stderr.contains("s3cret") && !r.stdout.contains("s3cret"))

        // A password-file that cannot be read is said, and nothing is fetched.
        let before = try server.requests().count
        let (missing, _) = try self.cli("user = reader\npassword-file = \(dir.file("nowhere").path)\n")
        let refused = try missing.run(["add", url])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("cannot read password-file \(dir.file("nowhere").path)"), "\(refused.stderr)")
        #expect(try server.requests().count == before)
    }

    @Test func theCheckHonoursInsecureForASelfSignedCertificate() throws {
        let tls = try TestHTTPServer(root: www.path, tls: true)
        defer { tls.stop() }
        let url = tls.url("/files/feed.xml")
        let (verifying, _) = try cli("interval = 1h\n")
        let refused = try verifying.run(["add", url])
        #expect(refused.status == 1, "\(refused.stderr)")

        let (insecure, conf) = try cli("insecure = yes\n")
        let r = try insecure.run(["add", url])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try String(contentsOf: conf, encoding: .utf8).contains(url + "\n"))
    }

    @Test func theCheckStopsAtTheConfiguredTimeout() throws {
        let (cli, conf) = try cli("timeout = 2s\n")
        let started = Date()
        let r = try cli.run(["add", server.url("/fault/slow?bytes_per_sec=2&bytes=1000")])
        let elapsed = Date().timeIntervalSince(started)
        #expect(r.status == 1)
        #expect(r.stderr.contains("cannot add"), "\(r.stderr)")
        // The built-in timeout is 60 s; the configured 2 s ends it.
        #expect(elapsed < 15, "took \(elapsed) s")
        #expect(try String(contentsOf: conf, encoding: .utf8) == "timeout = 2s\n")
    }

    @Test func discoveryResolvesAgainstBaseHref() throws {
        // Against the page's own address "../feed.xml" is /feed.xml (nothing there); against <base> it is the feed.
        try www.write("based.html", Self.page(["../feed.xml"], head: "<base href=\"/files/sub/\">"))
        let (cli, conf) = try cli("")
        let r = try cli.run(["add", server.url("/files/based.html")])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("announces the feed \"\(server.url("/files/feed.xml"))\""), "\(r.stderr)")
        #expect(try String(contentsOf: conf, encoding: .utf8) == server.url("/files/feed.xml") + "\n")
    }

    @Test func discoveryIgnoresLinksThatAreNotHTTP() throws {
        // Only the http link is a feed Gleaner would fetch: it is the page's one feed, taken without asking.
        try www.write("schemes.html", Self.page(["file:///etc/passwd", "javascript:alert(1)", "/files/feed.xml",
                                                 "ftp://127.0.0.1/feed.xml"]))
        let (cli, conf) = try cli("")
        let r = try cli.run(["add", server.url("/files/schemes.html")])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try String(contentsOf: conf, encoding: .utf8) == server.url("/files/feed.xml") + "\n")

        try www.write("only-file.html", Self.page(["file:///etc/passwd"]))
        let none = try cli.run(["add", server.url("/files/only-file.html")])
        #expect(none.status == 1)
        #expect(none.stderr.contains("is not a feed, and the page announces none"), "\(none.stderr)")
    }

    @Test func feedsListingLeavesTheStoreFileAsItWas() throws {
        let conf = try dir.write("feeds.conf", server.url("/files/feed.xml") + " name=F\n")
        let store = dir.file("listed.sqlite")
        let cli = GleanerCLI(config: conf.path, store: store.path)
        #expect(try cli.run(["fetch"]).status == 0)
        // A line added since the last fetch: a writing listing would sync it into the store.
        try Data((server.url("/files/feed.xml") + " name=F\nhttps://127.0.0.1:1/new.xml\n").utf8).write(to: conf)
        let before = try Data(contentsOf: store)
        let listed = try cli.run(["feeds"])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("never fetched"))
        #expect(try Data(contentsOf: store) == before)
        // A reader of a WAL database leaves SQLite's shared-memory index behind, and a write-ahead log with nothing in it.
        let wal = store.path + "-wal"
        if FileManager.default.fileExists(atPath: wal) { #expect(try Data(contentsOf: URL(fileURLWithPath: wal)).isEmpty) }
    }

    /// Bad values stop the command while its arguments are read (status 64, with the usage), each with the
    /// reason feeds.conf would give.
    @Test(arguments: [
        (["headlines", "--since", "5x"], "\"5x\" is neither a duration (90m, 2h, 1d) nor a time"),
        (["headlines", "--since", "2025-13-45"], "\"2025-13-45\" is neither a duration"),
        (["headlines", "--since", "0m"], "duration must be more than zero"),
        (["headlines", "--since", "99999999999999999999999d"], "is too long (at most 3650 days)"),
        (["add", "--interval=-5m", "http://127.0.0.1:1/feed.xml"], "\"-5m\" is not a duration"),
        (["add", "--interval", "15", "http://127.0.0.1:1/feed.xml"], "\"15\" needs a unit"),
        (["add", "--interval", "99999999999999999999w", "http://127.0.0.1:1/feed.xml"], "is too long (at most 3650 days)"),
        (["run", "--log-level", "loud"], "Please provide one of 'debug', 'info', 'warning' or 'error'"),
    ])
    func badOptionValuesSayWhy(arguments: [String], reason: String) throws {
        let (cli, conf) = try cli("# empty\n")
        let r = try cli.run(arguments)
        #expect(r.status == 64, "\(r.stderr)")
        #expect(r.stderr.contains(reason), "\(r.stderr)")
        let value = arguments[1].hasPrefix("--interval=") ? String(arguments[1].dropFirst(11)) : arguments[2]
        #expect(r.stderr.contains("The value '\(value)' is invalid"), "\(r.stderr)")
        #expect(try String(contentsOf: conf, encoding: .utf8) == "# empty\n")
    }
}
