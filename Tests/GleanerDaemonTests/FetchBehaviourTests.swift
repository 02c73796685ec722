import Foundation
import GleanerModel
import GleanerStore
import GleanerTestSupport
import Testing

/// Issue 6's behaviours through the real `gleaner` executable, a loopback server that misbehaves on purpose,
/// and a real SQLite store: moves, 410, host-wide Retry-After, autodiscovery, body-hash skips, validator
/// refresh, credentials.
@Suite(.serialized) struct FetchBehaviourTests {
    let dir: TemporaryDirectory
    let www: TemporaryDirectory
    let server: TestHTTPServer

    init() throws {
        dir = try TemporaryDirectory("gleaner-fetch-e2e")
        www = try TemporaryDirectory("gleaner-fetch-www")
        server = try TestHTTPServer(root: www.path)
    }

    func cli(_ conf: String) throws -> GleanerCLI {
        let path = try dir.write("feeds.conf", conf).path
        return GleanerCLI(config: path, store: dir.file("store.sqlite").path)
    }

    func requests(_ path: String) throws -> [LoggedRequest] {
        try server.requests().filter { $0.path == path }
    }

    func rss(_ ids: [String]) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0"><channel><title>Test feed</title><link>https://example.org/</link>
        \(ids.map { "<item><guid>\($0)</guid><title>Item \($0)</title></item>" }.joined(separator: "\n"))
        </channel></rss>
        """
    }

    func headlineCount(_ gleaner: GleanerCLI) throws -> Int {
        try gleaner.run(["headlines", "--json"]).lines.count
    }

    // MARK: - Redirects

    @Test func aPermanentRedirectBecomesTheFeedsAddressAfterThreeConfirmationsAndApplyMovesKeepsComments() throws {
        try www.write("new.xml", rss(["a", "b"]))
        let old = server.url("/fault/redirect/301?to=/files/new.xml")
        let gleaner = try cli("""
            # my feeds
            interval = 30m

            # the blog (moved last year)
            \(old) name=Blog tags=a,b   # keep this comment
            """)
        for round in 1...3 {
            let fetch = try gleaner.run(["fetch"])
            #expect(fetch.status == 0)
            #expect(fetch.stdout.contains("moved to \(server.url("/files/new.xml"))"), "\(fetch.stdout)")
            let feeds = try gleaner.run(["feeds"]).stdout
            if round < 3 {
                #expect(feeds.contains("(\(round) of 3 confirmations)"), "\(feeds)")
            } else {
                #expect(feeds.contains("moved permanently to \(server.url("/files/new.xml")) (confirmed"), "\(feeds)")
            }
        }
        #expect(try requests("/fault/redirect/301?to=/files/new.xml").count == 3)
        // From now on the new address is fetched directly, and the config file is untouched until asked.
        _ = try gleaner.run(["fetch"])
        #expect(try requests("/fault/redirect/301?to=/files/new.xml").count == 3)
        #expect(try requests("/files/new.xml").count == 4)
        #expect(try String(contentsOfFile: gleaner.config, encoding: .utf8).contains(old))
        #expect(try headlineCount(gleaner) == 2)

        let apply = try gleaner.run(["feeds", "--apply-moves"])
        #expect(apply.status == 0, "\(apply.stderr)")
        #expect(apply.stdout.contains("1 move applied"))
        let text = try String(contentsOfFile: gleaner.config, encoding: .utf8)
        #expect(text == """
            # my feeds
            interval = 30m

            # the blog (moved last year)
            \(server.url("/files/new.xml")) name=Blog tags=a,b   # keep this comment

            """)
        // Same articles, same feed, no new ones.
        #expect(try headlineCount(gleaner) == 2)
        let again = try gleaner.run(["fetch"])
        #expect(again.stdout.contains("not modified"), "\(again.stdout)")
        #expect(!(try gleaner.run(["feeds"]).stdout.contains("moved")))
    }

    @Test(arguments: [302, 307])
    func aTemporaryRedirectChangesNothing(code: Int) throws {
        try www.write("t.xml", rss(["a"]))
        let gleaner = try cli("\(server.url("/fault/redirect/\(code)?to=/files/t.xml")) name=Temp\n")
        for _ in 1...4 { _ = try gleaner.run(["fetch"]) }
        let feeds = try gleaner.run(["feeds"]).stdout
        #expect(!feeds.contains("moved") && !feeds.contains("permanent"), "\(feeds)")
        #expect(try requests("/fault/redirect/\(code)?to=/files/t.xml").count == 4)
    }

    @Test func anUnconfirmedMoveIsForgottenWhenTheOldAddressAnswersAgain() throws {
        try www.write("m.xml", rss(["a"]))
        try www.write("direct.xml", rss(["a"]))
        let path = try dir.write("feeds.conf", "\(server.url("/fault/redirect/308?to=/files/m.xml"))\n").path
        let store = dir.file("store.sqlite").path
        _ = try GleanerCLI(config: path, store: store).run(["fetch"])
        #expect(try GleanerCLI(config: path, store: store).run(["feeds"]).stdout.contains("1 of 3"))
        // The same feed row, now answering directly: simulate by pointing the store's feed at a plain file.
        let s = try SQLiteStore(path: store)
        try s.execute("UPDATE feeds SET url = '\(server.url("/files/direct.xml"))'")
        try dir.write("feeds.conf", "\(server.url("/files/direct.xml"))\n")
        _ = try GleanerCLI(config: path, store: store).run(["fetch"])
        #expect(!(try GleanerCLI(config: path, store: store).run(["feeds"]).stdout.contains("confirmations")))
    }

    // MARK: - Status codes

    @Test func goneDisablesTheFeedUntilItsLineChangesOrItIsFetchedByName() throws {
        let gone = server.url("/fault/status/410")
        var gleaner = try cli("\(gone) name=Gone\n")
        let first = try gleaner.run(["fetch"])
        #expect(first.stdout.contains("gone: HTTP 410 Gone (feed disabled)"), "\(first.stdout)")
        let feeds = try gleaner.run(["feeds"]).stdout
        #expect(feeds.contains("! disabled: HTTP 410 Gone"), "\(feeds)")

        let second = try gleaner.run(["fetch"])
        #expect(second.stdout.contains("skipped: disabled (HTTP 410 Gone)"), "\(second.stdout)")
        #expect(try requests("/fault/status/410").count == 1)

        // `gleaner fetch NAME` asks for it: fetched (and 410 disables it again).
        _ = try gleaner.run(["fetch", "Gone"])
        #expect(try requests("/fault/status/410").count == 2)
        _ = try gleaner.run(["fetch"])
        #expect(try requests("/fault/status/410").count == 2)

        // Editing what the line asks the server (here the user agent) enables it again; editing the rest (name,
        // interval) does not.
        gleaner = try cli("\(gone) name=Gone2 interval=1h\n")
        _ = try gleaner.run(["fetch"])
        #expect(try requests("/fault/status/410").count == 2)
        gleaner = try cli("\(gone) name=Gone2 interval=1h user-agent=probe/1\n")
        _ = try gleaner.run(["fetch"])
        #expect(try requests("/fault/status/410").count == 3)
    }

    @Test(arguments: ["seconds", "date"])
    func retryAfterHoldsBackTheWholeHostAcrossRuns(form: String) throws {
        try www.write("other.xml", rss(["x"]))
        let value: String
        if form == "seconds" {
            value = "3600"
        } else {
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX")
            f.timeZone = TimeZone(identifier: "GMT")
            f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
            value = f.string(from: Date().addingTimeInterval(7200)).replacingOccurrences(of: " ", with: "%20")
                .replacingOccurrences(of: ",", with: "%2C")
        }
        let code = form == "seconds" ? 429 : 503
        let limited = server.url("/fault/status/\(code)?retry_after=\(value)")
        let gleaner = try cli("""
            \(limited) name=Limited
            \(server.url("/files/other.xml")) name=Other
            """)
        // Only the limited feed first: the host is then held back for the other one too, in a later run.
        let first = try gleaner.run(["fetch", "Limited"])
        #expect(first.stdout.contains("rate limited until"), "\(first.stdout)")
        let second = try gleaner.run(["fetch"])
        #expect(second.lines.first { $0.hasPrefix("Other") }?.contains("skipped: host asked to wait until") == true,
                "\(second.stdout)")
        #expect(second.lines.first { $0.hasPrefix("Limited") }?.contains("skipped: host asked to wait until") == true)
        #expect(try requests("/files/other.xml").isEmpty)
        let hosts = try SQLiteStore(path: gleaner.store).hostRetries(after: .now())
        #expect(hosts.keys.contains("127.0.0.1:\(server.port)"))
        let wait = (hosts.values.first?.seconds ?? 0) - Timestamp.now().seconds
        #expect(wait > (form == "seconds" ? 3500 : 7000) && wait <= (form == "seconds" ? 3600 : 7200))
    }

    @Test func retryAfterHoldsBackTheHostsOtherFeedsInTheSameRun() throws {
        try www.write("other.xml", rss(["x"]))
        // One transfer per host at a time, so the limited feed answers before the other one would start.
        let gleaner = try cli("""
            max-transfers-per-host = 1
            \(server.url("/fault/status/429?retry_after=600")) name=Limited
            \(server.url("/files/other.xml")) name=Other
            """)
        let fetch = try gleaner.run(["fetch"])
        #expect(fetch.lines.first { $0.hasPrefix("Limited") }?.contains("rate limited until") == true, "\(fetch.stdout)")
        #expect(fetch.lines.first { $0.hasPrefix("Other") }?.contains("skipped: host asked to wait until") == true,
                "\(fetch.stdout)")
        #expect(fetch.lines.last?.contains("1 failed, 1 skipped") == true)
        #expect(try requests("/files/other.xml").isEmpty)
    }

    @Test func a503WithoutRetryAfterIsAnErrorForTheSchedulersBackoff() throws {
        let gleaner = try cli("\(server.url("/fault/status/503")) name=Down\n")
        let fetch = try gleaner.run(["fetch"])
        #expect(fetch.stdout.contains("error: HTTP 503 Service Unavailable"))
        let feeds = try gleaner.run(["feeds"]).stdout
        #expect(feeds.contains("1 failure in a row; last error: HTTP 503"), "\(feeds)")
        #expect(try SQLiteStore(path: gleaner.store).hostRetries(after: .now()).isEmpty)
    }

    // MARK: - Not a feed

    @Test func anHTMLPageInsteadOfTheFeedIsAnErrorAndKeepsTheStoredState() throws {
        try www.write("feed.xml", rss(["a", "b"]))
        let gleaner = try cli("\(server.url("/files/feed.xml")) name=Feed\n")
        _ = try gleaner.run(["fetch"])
        try www.write("feed.xml", "<!DOCTYPE html><html><head><title>Just a moment</title></head><body>x</body></html>")
        try www.write("feed.xml.ctype", "text/html; charset=utf-8")
        let fetch = try gleaner.run(["fetch"])
        #expect(fetch.stdout.contains("error: not a feed: text/html page"), "\(fetch.stdout)")
        #expect(try headlineCount(gleaner) == 2)
        let state = try #require(try SQLiteStore(path: gleaner.store).feed(url: server.url("/files/feed.xml")))
        #expect(state.etag != nil && state.articleCount == 2 && state.title == "Test feed")
    }

    @Test func fetchingAWebPageFindsTheFeedItAnnounces() throws {
        try www.write("blog.xml", rss(["p1", "p2", "p3"]))
        let gleaner = try cli("")
        let page = server.url("/fault/page?feed=/files/blog.xml")
        let fetch = try gleaner.run(["fetch", page])
        #expect(fetch.stdout.contains("announces the feed \(server.url("/files/blog.xml"))"), "\(fetch.stdout)")
        #expect(fetch.stdout.contains("found the feed \(server.url("/files/blog.xml"))"))
        #expect(fetch.stdout.contains("3 new"))
        // Kept in the store under the feed's own address (not added to feeds.conf).
        #expect(try SQLiteStore(path: gleaner.store).feed(url: server.url("/files/blog.xml"))?.articleCount == 3)
    }

    // MARK: - Conditional GET and unchanged bodies

    @Test func aServerIgnoringValidatorsCostsAParseButStoresNothingNew() throws {
        let gleaner = try cli("\(server.url("/fault/ignore-validators")) name=Stubborn\n")
        #expect(try gleaner.run(["fetch"]).stdout.contains("1 new"))
        let second = try gleaner.run(["fetch"])
        #expect(second.stdout.contains("unchanged (same body)"), "\(second.stdout)")
        let log = try requests("/fault/ignore-validators")
        #expect(log.count == 2 && log[1].headers["if-none-match"] == "\"fixed\"")
        #expect(try headlineCount(gleaner) == 1)
    }

    @Test func validatorsOlderThanEightDaysAreDroppedOnce() throws {
        try www.write("feed.xml", rss(["a"]))
        let url = server.url("/files/feed.xml")
        let gleaner = try cli("\(url)\n")
        _ = try gleaner.run(["fetch"])
        #expect(try gleaner.run(["fetch"]).stdout.contains("not modified"))
        // Nine days pass with the same validators (a server that would answer 304 forever).
        try SQLiteStore(path: gleaner.store).execute("UPDATE feeds SET validators_saved = validators_saved - 9 * 86400")
        let refresh = try gleaner.run(["fetch"])
        #expect(refresh.stdout.contains("unchanged (same body)"), "\(refresh.stdout)")
        let after = try gleaner.run(["fetch"])
        #expect(after.stdout.contains("not modified"), "\(after.stdout)")
        let log = try requests("/files/feed.xml")
        #expect(log.map(\.status) == [200, 304, 200, 304])
        #expect(log[2].headers["if-none-match"] == nil && log[2].headers["if-modified-since"] == nil)
        #expect(log[3].headers["if-none-match"] != nil)
        let saved = try #require(try SQLiteStore(path: gleaner.store).feed(url: url)?.validatorsSaved)
        #expect(Timestamp.now().seconds - saved.seconds < 60)
    }

    @Test func aNewETagOnA304ReplacesTheStoredOne() throws {
        let url = server.url("/fault/etag-on-304")
        let gleaner = try cli("\(url)\n")
        _ = try gleaner.run(["fetch"])
        #expect(try SQLiteStore(path: gleaner.store).feed(url: url)?.etag == "\"v1\"")
        #expect(try gleaner.run(["fetch"]).stdout.contains("not modified"))
        #expect(try SQLiteStore(path: gleaner.store).feed(url: url)?.etag == "\"v2\"")
    }

    // MARK: - Credentials, TLS, limits, politeness

    @Test func basicAuthWorksAndThePasswordIsNeverPrinted() throws {
        let passwordFile = try dir.write("pw", "s3cret-pw\n").path
        // The server is told the expected password in hex, so that the URLs themselves do not hold it.
        let hex = "s3cret-pw".utf8.map { String(format: "%02x", $0) }.joined()
        let withOption = server.url("/fault/auth?user=bob&password_hex=\(hex)")
        let inURL = server.url("/fault/auth?user=bob&password_hex=\(hex)&u").replacingOccurrences(of: "://", with: "://bob:s3cret-pw@")
        let wrong = server.url("/fault/auth?user=bob&password=other")
        let gleaner = try cli("""
            \(withOption) user=bob password-file=\(passwordFile)
            \(inURL)
            \(wrong.replacingOccurrences(of: "://", with: "://bob:s3cret-pw@"))
            """)
        let fetch = try gleaner.run(["fetch"])
        #expect(fetch.stdout.components(separatedBy: "1 new").count == 3, "\(fetch.stdout)")
        #expect(fetch.stdout.contains("HTTP 401"))
        let feeds = try gleaner.run(["feeds"])
        let json = try gleaner.run(["headlines", "--json"])
        let human = try gleaner.run(["headlines"])
        #expect(json.stdout.contains("\"feed_url\":\"http://127.0.0.1"), "\(json.stdout)")
        for output in [fetch.stdout, fetch.stderr, feeds.stdout, feeds.stderr, json.stdout, human.stdout] {
            #expect(!output.contains("s3cret-pw"), "\(output)")
        }
        #expect(feeds.stdout.contains("://127.0.0.1"))
    }

    @Test func curlsProxyEnvironmentVariablesAreHonoured() throws {
        // The test server stands in for the proxy: it logs the absolute-form request line it receives.
        let path = try dir.write("feeds.conf", "http://feeds.example.invalid/feed.xml name=Proxied\n").path
        var environment = ProcessInfo.processInfo.environment
        environment["http_proxy"] = server.baseURL
        let result = try GleanerCLI.raw(["fetch", "--config", path, "--store", dir.file("s.sqlite").path],
                                        environment: environment)
        #expect(result.stdout.contains("Proxied"), "\(result.stdout)")
        #expect(try server.requests().contains { $0.path == "http://feeds.example.invalid/feed.xml" })
    }

    @Test func tlsIsVerifiedUnlessTheFeedSaysInsecureAndFeedsWarnsAboutIt() throws {
        let tlsRoot = try TemporaryDirectory("gleaner-tls-www")
        try tlsRoot.write("feed.xml", rss(["s"]))
        let tls = try TestHTTPServer(root: tlsRoot.path, tls: true)
        let gleaner = try cli("""
            \(tls.url("/files/feed.xml")) name=Strict
            \(tls.url("/files/feed.xml?again")) name=Lax insecure=yes
            """)
        let fetch = try gleaner.run(["fetch"])
        #expect(fetch.lines.first { $0.hasPrefix("Strict") }?.contains("error: TLS error") == true, "\(fetch.stdout)")
        #expect(fetch.lines.first { $0.hasPrefix("Lax") }?.contains("1 new") == true, "\(fetch.stdout)")
        let feeds = try gleaner.run(["feeds"]).stdout
        #expect(feeds.contains("! insecure=yes: TLS certificates are not verified"), "\(feeds)")
        #expect(feeds.components(separatedBy: "insecure=yes").count == 2)
    }

    @Test func timeoutsLowSpeedAndSizeLimitsComeFromFeedsConf() throws {
        try www.write("big.xml", rss((0..<200).map { "item-\($0)" }))
        let gleaner = try cli("""
            \(server.url("/fault/slow?bytes_per_sec=50&bytes=1000")) name=Slow timeout=1s
            \(server.url("/fault/slow?bytes_per_sec=2&bytes=100&x=1")) name=Trickle low-speed-limit=100 low-speed-time=1s
            \(server.url("/files/big.xml")) name=Big max-size=1K
            \(server.url("/fault/gzipbomb")) name=Bomb max-size=64K
            """)
        let start = Date()
        let fetch = try gleaner.run(["fetch"])
        #expect(Date().timeIntervalSince(start) < 8)
        let line = { (name: String) in fetch.lines.first { $0.hasPrefix(name) } ?? "" }
        #expect(line("Slow").contains("timed out after 1 s"), "\(fetch.stdout)")
        #expect(line("Trickle").contains("slower than 100 bytes/s for 1 s"), "\(fetch.stdout)")
        #expect(line("Big").contains("body larger than 1 KiB"), "\(fetch.stdout)")
        #expect(line("Bomb").contains("body larger than 64 KiB"), "\(fetch.stdout)")
    }

    @Test func theConnectTimeoutComesFromFeedsConf() throws {
        let hole = try SilentListener()
        let gleaner = try cli("connect-timeout = 1s\nhttp://127.0.0.1:\(hole.port)/feed.xml name=Nowhere\n")
        let start = Date()
        let fetch = try gleaner.run(["fetch"])
        let elapsed = Date().timeIntervalSince(start)
        #expect(elapsed >= 0.9 && elapsed < 6, "\(elapsed)")
        #expect(fetch.stdout.contains("error: connection to 127.0.0.1:\(hole.port) timed out after 1 s"), "\(fetch.stdout)")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/sbin/nginx")))
    func http2IsUsedWhenOfferedAndOneHostsFeedsShareAConnection() throws {
        // nginx (installed for the benchmark) speaks HTTP/2 over TLS; it logs each request's protocol and
        // connection number.
        let root = try TemporaryDirectory("gleaner-h2")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: root.path)
        for i in 0..<6 { try root.write("www/f\(i).xml", rss(["h\(i)"])) }
        let make = Process()
        make.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        make.arguments = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                          "/CN=127.0.0.1", "-keyout", root.file("k.pem").path, "-out", root.file("c.pem").path]
        make.standardError = FileHandle.nullDevice
        try make.run()
        make.waitUntilExit()
        let port = try unusedLoopbackPort()
        let p = root.path
        try root.write("nginx.conf", """
            master_process off; daemon off; pid \(p)/nginx.pid; error_log \(p)/error.log;
            events {}
            http {
                types { application/rss+xml xml; }
                log_format p '$server_protocol $connection $request_uri';
                access_log \(p)/access.log p;
                client_body_temp_path \(p)/b; proxy_temp_path \(p)/p; fastcgi_temp_path \(p)/f;
                uwsgi_temp_path \(p)/u; scgi_temp_path \(p)/s;
                server {
                    listen 127.0.0.1:\(port) ssl http2;
                    ssl_certificate \(p)/c.pem; ssl_certificate_key \(p)/k.pem;
                    root \(p)/www;
                }
            }
            """)
        let nginx = Process()
        nginx.executableURL = URL(fileURLWithPath: "/usr/sbin/nginx")
        nginx.arguments = ["-p", p, "-c", root.file("nginx.conf").path]
        nginx.standardError = FileHandle.nullDevice
        try nginx.run()
        defer {
            kill(nginx.processIdentifier, SIGKILL)
            nginx.waitUntilExit()
        }
        usleep(300_000)
        let gleaner = try cli("max-transfers-per-host = 3\n"
            + (0..<6).map { "https://127.0.0.1:\(port)/f\($0).xml insecure=yes" }.joined(separator: "\n") + "\n")
        let fetch = try gleaner.run(["fetch"])
        #expect(fetch.lines.last?.contains("6 new articles, 0 failed") == true, "\(fetch.stdout)")
        kill(nginx.processIdentifier, SIGKILL)
        nginx.waitUntilExit()
        let log = try String(contentsOf: root.file("access.log"), encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: " ") }
        #expect(log.count == 6)
        #expect(log.allSatisfy { $0.first == "HTTP/2.0" }, "\(log)")
        #expect(Set(log.map { $0[1] }).count == 1, "all six on one multiplexed connection: \(log)")
    }

    @Test(arguments: [(1, true), (4, false)])
    func maxTransfersPerHostFromFeedsConfSerialisesOneHost(perHost: Int, serial: Bool) throws {
        let feeds = (0..<4).map { server.url("/fault/slow?bytes_per_sec=100&bytes=100&n=\($0)") + " name=S\($0)" }
        let gleaner = try cli("max-transfers-per-host = \(perHost)\n" + feeds.joined(separator: "\n") + "\n")
        let start = Date()
        _ = try gleaner.run(["fetch"])
        let elapsed = Date().timeIntervalSince(start)
        // Each transfer takes about 1 s: four in a row take 4 s or more, four at once well under 3 s.
        if serial { #expect(elapsed >= 3.9, "\(elapsed)") } else { #expect(elapsed < 3, "\(elapsed)") }
    }
}

/// A loopback listener that never accepts and whose accept queue is full, so that a new connection's SYN is
/// dropped and the client waits in SYN_SENT: the only way to exercise a connect timeout without a network.
final class SilentListener {
    let port: Int
    private let fd: Int32
    private var fillers: [Int32] = []

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                bind(fd, sa, len) == 0 && listen(fd, 0) == 0 && getsockname(fd, sa, &len) == 0
            }
        }
        port = bound ? Int(UInt16(bigEndian: addr.sin_port)) : 0
        guard bound else { throw POSIXError(.EADDRINUSE) }
        // Backlog 0 queues one connection; these fill the queue (the later ones hang, as ours will).
        for _ in 0..<3 {
            let c = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            _ = fcntl(c, F_SETFL, fcntl(c, F_GETFL) | O_NONBLOCK)
            _ = withUnsafePointer(to: &addr) { p in
                p.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(c, $0, len) }
            }
            fillers.append(c)
        }
        usleep(100_000)
    }

    deinit {
        for c in fillers { close(c) }
        close(fd)
    }
}
