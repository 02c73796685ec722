import Foundation
import GleanerTestSupport
import Testing

/// What Gleaner prints, logs and hands to hooks, with hostile feeds and servers on loopback: no password, no
/// raw control or bidi control from outside, no line a hostile title can blow up.
@Suite(.serialized) struct OutputSafetyTests {
    static let password = "s3cr3t"
    /// Window title, clipboard write, clear screen, NUL, BS, DEL, a one-character CSI (C1), bidi override and
    /// a stray isolate pair: what a hostile JSON Feed can carry in a title.
    static let evil = "\u{1B}]0;pwned\u{07}A\u{1B}]52;c;ZXZpbA==\u{07}B\u{1B}[2JC\u{0}D\u{8}E\u{7F}F\u{9B}31mG"
        + "\u{202E}H\u{2066}I\u{2069}J\u{2069}K"
    /// What XML 1.0 can carry: DEL, C1, bidi controls (ESC and the rest are not XML characters). The parser
    /// reads C1 characters as the windows-1252 letters they usually are (U+009B is "›").
    static let evilXML = "X\u{7F}Y\u{9B}2JZ\u{85}Q\u{202E}W\u{2069}V\u{202B}U"

    let dir: TemporaryDirectory
    let www: TemporaryDirectory
    let server: TestHTTPServer

    init() throws {
        dir = try TemporaryDirectory("gleaner-output-safety")
        www = try TemporaryDirectory("gleaner-output-safety-www")
        server = try TestHTTPServer(root: www.path)
    }

    /// A URL on the loopback server with the test's password in its user info.
    func secretURL(_ path: String, user: String = "alice") -> String {
        server.url(path).replacingOccurrences(of: "http://", with: "http://\(user):\(Self.password)@")
    }

    /// `url` as a query value with every byte percent-encoded: the server decodes it, feeds.conf never holds
    /// the password's letters (only the server's answer does, as a redirect target or an announced feed).
    func queryValue(_ url: String) -> String {
        url.utf8.map { String(format: "%%%02X", $0) }.joined()
    }

    /// An `on-new` hook that appends its standard input to a file.
    func catHook() throws -> (program: String, input: URL) {
        let input = dir.file("hook-input.jsonl")
        let script = try dir.write("hook.sh", "#!/bin/sh\ncat >> '\(input.path)'\n")
        chmod(script.path, 0o755)
        return (script.path, input)
    }

    /// Runs commands and keeps everything they printed, by command.
    struct Printed {
        let cli: GleanerCLI
        var all: [(name: String, text: String)] = []
        init(_ cli: GleanerCLI) { self.cli = cli }

        @discardableResult
        mutating func run(_ arguments: [String], environment: [String: String] = [:]) throws -> GleanerCLI.Result {
            let r = try cli.run(arguments, environment: environment)
            let name = arguments.joined(separator: " ") + environment.map { " \($0)=\($1)" }.joined()
            all += [(name + " stdout", r.stdout), (name + " stderr", r.stderr)]
            return r
        }
    }

    /// The log of `gleaner run` on a fresh store, once it has logged that many failed and successful fetches,
    /// and what it told systemd (`STATUS=` names the feed of the last new article).
    func daemonLog(config: String, store: String, failures: Int, fetches: Int) throws -> (log: String, notify: String) {
        try? FileManager.default.removeItem(atPath: store)
        let socket = try NotifySocket(dir: dir)
        let daemon = try DaemonProcess(config: config, store: store, dir: dir, environment: ["NOTIFY_SOCKET": socket.path])
        #expect(daemon.waitForLog("fetch failed", times: failures, timeout: 20), "\(daemon.log)")
        #expect(daemon.waitForLog("fetched", times: fetches, timeout: 20), "\(daemon.log)")
        let notify = socket.receive(timeout: 5) { $0.contains("last new article") }
        daemon.signal(SIGTERM)
        _ = daemon.waitForExit(timeout: 20)
        return (daemon.log, notify.joined(separator: "\n"))
    }

    @Test("no password reaches stdout, stderr, the daemon's log, --json or a hook's input")
    func noPasswordAnywhere() throws {
        try www.write("feed.xml", rssDocument(items: [("a", "Alpha"), ("b", "Beta")]))
        try www.write("other.xml", rssDocument(items: [("c", "Gamma")]))
        try www.write("moved.xml", rssDocument(items: [("d", "Delta")]))
        let hook = try catHook()
        let refused = try unusedLoopbackPort()
        // A redirect to a URL with credentials, a page announcing one, an HTTP error, a refused connection.
        let redirect = secretURL("/fault/redirect/301?to=" + queryValue(secretURL("/files/moved.xml", user: "bob")))
        let page = secretURL("/fault/page?feed=" + queryValue(secretURL("/files/other.xml", user: "carol")))
        let conf = try dir.write("feeds.conf", """
            on-new = \(hook.program)
            \(secretURL("/files/feed.xml"))
            \(secretURL("/files/other.xml")) name=Other
            \(redirect)
            \(page)
            \(secretURL("/fault/status/404"))
            \(secretURL("/fault/status/503?retry_after=60"))
            http://alice:\(Self.password)@127.0.0.1:\(refused)/refused.xml
            """).path
        let store = dir.file("s.sqlite").path
        var outputs = Printed(GleanerCLI(config: conf, store: store))
        let fetch = try outputs.run(["fetch"])
        #expect(fetch.stdout.contains("2 new"), "the feed with credentials was fetched: \(fetch.stdout)")
        try outputs.run(["fetch", secretURL("/files/feed.xml")])
        try outputs.run(["fetch", secretURL("/fault/status/500", user: "dave")])
        try outputs.run(["headlines"])
        let json = try outputs.run(["headlines", "--json"])
        let lines = try StoreTestFeeds.jsonLines(json.stdout)
        #expect(lines.count >= 4)
        #expect(lines.contains { ($0["feed_url"] as? String) == server.url("/files/feed.xml") }, "\(json.stdout)")
        try outputs.run(["feeds"])
        for line in lines {
            try outputs.run(["explain", String(line["seq"] as! Int)])
        }
        try outputs.run(["consumers"])
        try outputs.run(["consumers", "--json"])
        try outputs.run(["update"])
        try outputs.run(["update", "--json"])
        try outputs.run(["explain", secretURL("/nothing")])

        // The daemon logs every fetch with its URL (debug level: everything it can say).
        let (log, notify) = try daemonLog(config: conf, store: store, failures: 3, fetches: 2)
        #expect(log.contains("url=http://127.0.0.1:\(server.port)/files/feed.xml"), "\(log)")
        #expect(notify.contains("last new article"), "\(notify)")
        outputs.all += [("daemon log", log), ("sd_notify", notify)]

        let hookInput = try String(contentsOf: hook.input, encoding: .utf8)
        #expect(hookInput.contains("\"feed_url\":\"http://127.0.0.1:\(server.port)/files/feed.xml\""), "\(hookInput)")
        outputs.all.append(("hook input", hookInput))

        // Every output the commands produced was read; none may hold the password (export-opml is not here:
        // its default export is being changed to leave credentials out).
        for (name, text) in outputs.all {
            #expect(!text.contains(Self.password), "\(name) leaks the password:\n\(text)")
        }
    }

    /// Fails the test if `text` holds a raw control (other than the line feed), DEL, a C1 control, a bidi
    /// embedding or override, or an isolate other than Gleaner's own FSI … PDI pairs (never nested).
    func expectTerminalSafe(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var open = false
            for scalar in line.unicodeScalars {
                switch scalar.value {
                case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066, 0x2067:
                    Issue.record("\(name): U+\(String(scalar.value, radix: 16)) in \(line.debugDescription)",
                                 sourceLocation: sourceLocation)
                    return
                case 0x2068:
                    if open { Issue.record(Comment(rawValue: "\(name): nested isolate in \(line.debugDescription)"), sourceLocation: sourceLocation); return }
                    open = true
                case 0x2069:
                    if !open { Issue.record(Comment(rawValue: "\(name): stray PDI in \(line.debugDescription)"), sourceLocation: sourceLocation); return }
                    open = false
                default: break
                }
            }
            if open { Issue.record(Comment(rawValue: "\(name): unclosed isolate in \(line.debugDescription)"), sourceLocation: sourceLocation) }
        }
    }

    /// A JSON Feed whose feed title and item titles carry `evil`.
    func writeHostileFeeds() throws {
        let jsonFeed: [String: Any] = [
            "version": "https://jsonfeed.org/version/1.1",
            "title": "Feed" + Self.evil,
            "items": [
                ["id": "e1", "url": "https://example.org/e1", "title": Self.evil,
                 "date_published": "2025-11-06T09:00:00Z"],
                ["id": "e2", "url": "https://example.org/e2", "title": "عنوان عربي",
                 "date_published": "2025-11-06T08:00:00Z"],
            ],
        ]
        try www.write("evil.json", bytes: Array(try JSONSerialization.data(withJSONObject: jsonFeed)))
        try www.write("evil.xml", rssDocument(items: [("x1", "Title" + Self.evilXML)],
                                              channelExtra: "").replacingOccurrences(
            of: "<title>Test feed</title>", with: "<title>Chan\(Self.evilXML)</title>"))
        // A Content-Type with a window-title sequence on a page that is not a feed.
        try www.write("page.html", "<html><body>no feed</body></html>")
        try www.write("page.html.ctype", "text/html\u{1B}]0;pwned\u{07}\u{1B}[2J; charset=utf-8")
    }

    @Test("controls, C1, DEL and bidi overrides from feeds and headers never reach the terminal or the log; JSON keeps them escaped")
    func hostileTextIsNeutralised() throws {
        try writeHostileFeeds()
        let retryAfter = "\u{1B}]0;pwned\u{07}\u{1B}[2J\u{9B}1m"
        let conf = try dir.write("feeds.conf", """
            \(server.url("/files/evil.json"))
            \(server.url("/files/evil.xml"))
            \(server.url("/files/page.html"))
            \(server.url("/fault/status/503?retry_after=" + retryAfter.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!))
            """).path
        let store = dir.file("s.sqlite").path
        var human = Printed(GleanerCLI(config: conf, store: store))
        let fetch = try human.run(["fetch"])
        #expect(fetch.stdout.contains("retry after"), "the Retry-After value is quoted: \(fetch.stdout)")
        #expect(fetch.stdout.contains("not a feed: text/html"), "\(fetch.stdout)")
        let headlines = try human.run(["headlines"])
        try human.run(["headlines"], environment: ["GLEANER_COLUMNS": "70"])
        try human.run(["feeds"])
        try human.run(["feeds"], environment: ["GLEANER_COLUMNS": "70"])
        try human.run(["consumers"])
        let json = try human.run(["headlines", "--json"])
        for line in try StoreTestFeeds.jsonLines(json.stdout) {
            try human.run(["explain", String(line["seq"] as! Int)])
        }
        for (name, text) in human.all { expectTerminalSafe(text, name) }

        // The values are still there, made visible; Arabic is isolated by Gleaner and reads whole.
        #expect(headlines.stdout.contains("\u{FFFD}]0;pwned\u{FFFD}A\u{FFFD}]52;c;ZXZpbA==\u{FFFD}B\u{FFFD}[2JC"),
                "\(headlines.stdout.debugDescription)")
        #expect(headlines.stdout.contains("GHIJK"), "bidi controls dropped: \(headlines.stdout.debugDescription)")
        #expect(headlines.stdout.contains("\u{2068}عنوان عربي\u{2069}"), "\(headlines.stdout.debugDescription)")

        // JSON keeps the text exactly, and every control in it is escaped: no raw control in the bytes.
        let titles = try StoreTestFeeds.jsonLines(json.stdout).compactMap { $0["title"] as? String }
        let kept = Self.evil.replacingOccurrences(of: "\u{9B}", with: "›")
        #expect(titles.contains(kept), "\(json.stdout.debugDescription)")
        #expect(titles.contains { $0.hasPrefix("TitleX\u{7F}Y") && $0.hasSuffix("Q\u{202E}W\u{2069}V\u{202B}U") },
                "\(json.stdout.debugDescription)")
        let raw = json.stdout.unicodeScalars.filter {
            ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) || $0.value == 0x2028 || $0.value == 0x2029
        }
        #expect(raw.isEmpty, "raw controls in --json: \(raw.map { String($0.value, radix: 16) })")
        #expect(json.stdout.contains("\\u001b]0;pwned\\u0007") && json.stdout.contains("\\u007f"), "\(json.stdout)")

        // The daemon's log lines (the journal) carry no raw control either.
        let (log, notify) = try daemonLog(config: conf, store: store, failures: 2, fetches: 2)
        expectTerminalSafe(log, "daemon log")
        expectTerminalSafe(notify, "sd_notify")
        #expect(log.contains("\\x1b]0;pwned\\x07"), "escaped, not lost: \(log)")
    }

    @Test("a 2 MiB feed title and 300 articles: every line stays bounded, on a terminal and piped")
    func outputAmplification() throws {
        let huge = String(repeating: "W", count: 2 << 20)
        let items = (1...300).map { ("g\($0)", "Story \($0)") } + [("big", huge)]
        try www.write("big.xml", rssDocument(items: items).replacingOccurrences(
            of: "<title>Test feed</title>", with: "<title>\(huge)</title>"))
        try www.write("small.xml", rssDocument(items: [("s", "Small")]))
        let conf = try dir.write("feeds.conf", """
            \(server.url("/files/big.xml"))
            \(server.url("/files/small.xml")) name=Small
            """).path
        let cli = GleanerCLI(config: conf, store: dir.file("s.sqlite").path)
        let fetch = try cli.run(["fetch"])
        #expect(fetch.stdout.contains("301 new"), "\(fetch.stdout.prefix(500))")

        for (name, env) in [("piped", [String: String]()), ("terminal", ["GLEANER_COLUMNS": "100"])] {
            for command in [["headlines"], ["feeds"], ["fetch"]] {
                let r = try cli.run(command, environment: env)
                // Piped: bytes (a title is cut at 1,000 columns); on a terminal: its 100 columns.
                let longest = r.lines.map { env.isEmpty ? $0.utf8.count : $0.unicodeScalars.count }.max() ?? 0
                #expect(longest <= (env.isEmpty ? 1100 : 100), "\(name) \(command): a line of \(longest)")
                #expect(r.stdout.utf8.count < 400 * 1100, "\(name) \(command): \(r.stdout.utf8.count) bytes")
            }
        }
        // The feed column is the capped name's width on every line: the small feed's titles are not pushed out.
        let headlines = try cli.run(["headlines"]).lines
        let small = try #require(headlines.first { $0.contains("Small") })
        #expect(small.utf8.count < 100, "\(small)")
        #expect(headlines.contains { $0.hasSuffix("WWW…") }, "a long title ends in an ellipsis")
    }

    @Test("on a terminal, headlines and feeds fit its width with aligned columns; piped, lines are whole")
    func terminalLayout() throws {
        let long = (1...40).map { "word\($0)" }.joined(separator: " ")
        try www.write("a.xml", rssDocument(items: [("a1", long), ("a2", "Short")]))
        try www.write("ar.xml", rssDocument(items: [("r1", "عنوان " + long)]))
        try www.write("one.xml", rssDocument(items: [("o1", "Only one")]))
        let conf = try dir.write("feeds.conf", """
            \(server.url("/files/a.xml")) name=Alpha
            \(server.url("/files/ar.xml")) name=عربي
            \(server.url("/files/one.xml")) name=One
            \(server.url("/fault/status/404")) name=Broken
            """).path
        let cli = GleanerCLI(config: conf, store: dir.file("s.sqlite").path)
        _ = try cli.run(["fetch"])
        let width = 72
        let tty = try cli.run(["headlines"], environment: ["GLEANER_COLUMNS": String(width)]).lines
        #expect(tty.count == 4)
        func columns(_ line: String) -> Int {
            line.unicodeScalars.filter { $0.value != 0x2068 && $0.value != 0x2069 }.count
        }
        for line in tty {
            #expect(columns(line) <= width, "\(line)")
            expectTerminalSafe(line, "headlines")
        }
        #expect(tty.contains { $0.hasSuffix("…") }, "\(tty)")
        #expect(tty.contains { $0.contains("\u{2068}عنوان word1") && $0.hasSuffix("…\u{2069}") }, "RTL cut inside its isolate: \(tty)")
        // Every title starts at the same column: after the time (16), two spaces, the padded name, two spaces.
        let starts = Set(tty.map { line -> Int in
            let afterName = line.dropFirst(18).drop { $0 != " " }.drop { $0 == " " }
            return columns(String(line.prefix(line.count - afterName.count)))
        })
        #expect(starts.count == 1, "\(tty)")

        let piped = try cli.run(["headlines"]).stdout
        #expect(piped.contains(long), "piped lines are whole")

        let feeds = try cli.run(["feeds"], environment: ["GLEANER_COLUMNS": String(width)]).lines
        for line in feeds { #expect(columns(line) <= width, "\(line)") }
        let firstLines = feeds.filter { !$0.hasPrefix(" ") }
        #expect(firstLines.count == 4, "\(feeds)")
        let dateColumn = Set(firstLines.map { line in columns(String(line[..<line.firstIndex(where: \.isNumber)!])) })
        #expect(dateColumn.count == 1, "the name column is padded: \(feeds)")
        let full = try cli.run(["feeds"]).stdout
        #expect(full.components(separatedBy: "HTTP 404 Not Found").count == 2, "the error once: \(full)")
        #expect(full.contains("1 article ") && full.contains("2 articles"), "\(full)")
        #expect(full.contains("1 failure in a row"), "\(full)")
    }

    @Test("update --json prints only JSON Lines on stdout; its fetch report goes to stderr")
    func updateJSONIsOnlyJSON() throws {
        try www.write("a.xml", rssDocument(items: [("a1", "One"), ("a2", "Two")]))
        let conf = try dir.write("feeds.conf", """
            \(server.url("/files/a.xml")) name=A
            \(server.url("/fault/status/404")) name=Missing
            """).path
        let update = try GleanerCLI(config: conf, store: dir.file("s.sqlite").path).run(["update", "--json"])
        #expect(update.status == 0)
        let lines = update.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 2, "\(update.stdout)")
        for line in lines {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) is [String: Any], "\(update.stdout)")
        }
        #expect(update.stderr.contains("2 feeds: 2 new articles, 1 failed"), "\(update.stderr)")
    }

    @Test("fetch reports feeds in the order of feeds.conf, not in the order they finish")
    func fetchReportsInConfigOrder() throws {
        try www.write("fast.xml", rssDocument(items: [("f", "Fast")]))
        let conf = try dir.write("feeds.conf", """
            \(server.url("/fault/slow?bytes_per_sec=400&bytes=400")) name=Slow
            \(server.url("/files/fast.xml")) name=Fast
            \(server.url("/fault/status/404")) name=Missing
            """).path
        let cli = GleanerCLI(config: conf, store: dir.file("s.sqlite").path)
        let fetch = try cli.run(["fetch"])
        let names = fetch.lines.dropLast().map { String($0.prefix { $0 != " " }) }
        #expect(names == ["Slow", "Fast", "Missing"], "\(fetch.stdout)")
        #expect(fetch.lines.last?.hasPrefix("3 feeds: 1 new article, 2 failed") == true, "\(fetch.stdout)")
    }
}
