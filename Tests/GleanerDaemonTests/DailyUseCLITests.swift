import Foundation
import GleanerStore
import GleanerTestSupport
import Testing

/// What a user meets day to day, through the real executable, a loopback server and a real store: feed names
/// that match nothing, renamed feeds, untitled items, `--follow`'s stream, `fetch`'s exit status and `--force`.
@Suite(.serialized) struct DailyUseCLITests {
    let dir: TemporaryDirectory
    let www: TemporaryDirectory
    let server: TestHTTPServer

    init() throws {
        dir = try TemporaryDirectory("gleaner-daily")
        www = try TemporaryDirectory("gleaner-daily-www")
        server = try TestHTTPServer(root: www.path)
    }

    func cli(_ conf: String) throws -> GleanerCLI {
        let path = try dir.write("feeds.conf", conf).path
        return GleanerCLI(config: path, store: dir.file("store.sqlite").path)
    }

    /// Items with a description and a date each; `title: nil` leaves the title out.
    func rss(_ items: [(id: String, title: String?, date: String, text: String)]) -> String {
        StoreTestFeeds.rss(items: items.map {
            StoreTestFeeds.Item(guid: $0.id, title: $0.title ?? "", link: "https://example.org/\($0.id)",
                                extra: "<pubDate>\($0.date)</pubDate><description>\($0.text)</description>")
        }).replacingOccurrences(of: "<title></title>", with: "")
    }

    // MARK: - A feed that is not configured

    @Test func aFeedNameThatIsNotConfiguredIsAnErrorNamingTheCloseOnes() throws {
        try www.write("a.xml", StoreTestFeeds.simple("a", 1...2))
        let gleaner = try cli("""
            \(server.url("/files/a.xml")) name=Alpha
            \(server.url("/files/b.xml")) name=Beta
            """)
        #expect(try gleaner.run(["fetch", "Alpha"]).status == 0)
        let typo = try gleaner.run(["headlines", "--feed", "Alpah"])
        #expect(typo.status != 0)
        #expect(typo.stdout.isEmpty)
        #expect(typo.stderr.contains("no feed \"Alpah\"") && typo.stderr.contains("did you mean \"Alpha\"?"),
                "\(typo.stderr)")
        let prefix = try gleaner.run(["headlines", "--feed", "Bet", "--json"])
        #expect(prefix.status != 0 && prefix.stderr.contains("\"Beta\""), "\(prefix.stderr)")
        let nothingClose = try gleaner.run(["headlines", "--feed", "zzzzzzzzzzzz"])
        #expect(nothingClose.status != 0 && !nothingClose.stderr.contains("did you mean"))
        let fetch = try gleaner.run(["fetch", "Alpah"])
        #expect(fetch.status == 1 && fetch.stderr.contains("did you mean \"Alpha\"?"), "\(fetch.stderr)")
        let remove = try gleaner.run(["remove", "Alpah"])
        #expect(remove.status != 0 && remove.stderr.contains("did you mean \"Alpha\"?"), "\(remove.stderr)")
        // Configured names and URLs still select.
        #expect(try gleaner.run(["headlines", "--feed", "Alpha", "--json"]).lines.count == 2)
        #expect(try gleaner.run(["headlines", "--feed", server.url("/files/a.xml"), "--json"]).lines.count == 2)
    }

    // MARK: - Renaming

    @Test func aRenamedFeedShowsItsNewNameAtOnceWithoutWritingTheStore() throws {
        try www.write("a.xml", StoreTestFeeds.simple("a", 1...2))
        let url = server.url("/files/a.xml")
        let gleaner = try cli("\(url) name=Old\n")
        #expect(try gleaner.run(["fetch"]).status == 0)
        _ = try dir.write("feeds.conf", "\(url) name=Renamed\n")

        let human = try gleaner.run(["headlines"])
        #expect(human.lines.count == 2 && human.lines.allSatisfy { $0.contains("  Renamed  ") }, "\(human.stdout)")
        let json = try StoreTestFeeds.jsonLines(try gleaner.run(["headlines", "--feed", "Renamed", "--json"]).stdout)
        #expect(json.count == 2 && json.allSatisfy { $0["feed"] as? String == "Renamed" })
        #expect(try gleaner.run(["headlines", "--feed", "Old"]).status != 0)
        let feeds = try gleaner.run(["feeds"])
        #expect(feeds.lines.first?.hasPrefix("Renamed  ") == true, "\(feeds.stdout)")
        #expect(try gleaner.run(["explain", "1"]).stdout.contains("feed: Renamed <"))
        // Reading commands (feeds included) left the store as the last fetch wrote it.
        #expect(try SQLiteStore(path: gleaner.store, readOnly: true).feed(url: url)?.name == "Old")
        // Without a name= line, the feed's own title, not the old name.
        _ = try dir.write("feeds.conf", "\(url)\n")
        #expect(try gleaner.run(["headlines"]).lines.allSatisfy { $0.contains("  a  ") })
    }

    // MARK: - Untitled items

    @Test func anUntitledItemShowsASnippetOfItsTextInQuotes() throws {
        let long = String(repeating: "word ", count: 40)
        try www.write("u.xml", rss([
            (id: "1", title: nil, date: "Wed, 05 Nov 2025 10:00:00 GMT",
             text: "&lt;p&gt;Hello &lt;b&gt;bold&lt;/b&gt; &amp;amp; world&lt;/p&gt;"),
            (id: "2", title: nil, date: "Wed, 05 Nov 2025 09:00:00 GMT", text: long),
            (id: "3", title: "A real title", date: "Wed, 05 Nov 2025 08:00:00 GMT", text: "not shown"),
        ]))
        let gleaner = try cli("\(server.url("/files/u.xml")) name=U\n")
        #expect(try gleaner.run(["fetch"]).status == 0)
        let lines = try gleaner.run(["headlines"]).lines
        #expect(lines.count == 3)
        #expect(lines[0].hasSuffix("U  \"Hello bold & world\""), "\(lines)")
        let snippet = try #require(lines[1].split(separator: "\"", maxSplits: 1).last.map(String.init))
        #expect(snippet.hasPrefix("word word") && snippet.hasSuffix("…\"") && snippet.count == 81, "\(snippet)")
        #expect(lines[2].hasSuffix("U  A real title"))
        #expect(!lines.joined().contains("(untitled)"))
        // JSON keeps the item as it is: no title invented.
        let json = try StoreTestFeeds.jsonLines(try gleaner.run(["headlines", "--json"]).stdout)
        #expect(json.allSatisfy { $0["title"] == nil || $0["title"] as? String == "A real title" })
    }

    // MARK: - --follow

    @Test func followStreamsOldestFirstWithAFixedFeedColumn() throws {
        try www.write("a.xml", rss([(id: "a0", title: "old", date: "Mon, 03 Nov 2025 08:00:00 GMT", text: "x")]))
        try www.write("b.xml", rss([]))
        let gleaner = try cli("""
            \(server.url("/files/a.xml")) name=A
            \(server.url("/files/b.xml")) name=Much-longer-name
            """)
        #expect(try gleaner.run(["fetch"]).status == 0)
        let (p, pipe) = try gleaner.start(["headlines", "--follow", "--no-color"])
        defer { if p.isRunning { kill(p.processIdentifier, SIGKILL) } }
        Thread.sleep(forTimeInterval: 1.5)
        // First batch: only feed A, three items; then a batch from the feed with the long name.
        try www.write("a.xml", rss([
            (id: "a3", title: "third", date: "Wed, 05 Nov 2025 12:00:00 GMT", text: "x"),
            (id: "a1", title: "first", date: "Wed, 05 Nov 2025 10:00:00 GMT", text: "x"),
            (id: "a2", title: "second", date: "Wed, 05 Nov 2025 11:00:00 GMT", text: "x"),
            (id: "a0", title: "old", date: "Mon, 03 Nov 2025 08:00:00 GMT", text: "x"),
        ]))
        #expect(try gleaner.run(["fetch", "A"]).status == 0)
        Thread.sleep(forTimeInterval: 2.5)
        try www.write("b.xml", rss([(id: "b1", title: "later", date: "Wed, 05 Nov 2025 13:00:00 GMT", text: "x")]))
        #expect(try gleaner.run(["fetch", "Much-longer-name"]).status == 0)
        Thread.sleep(forTimeInterval: 2.5)
        p.terminate()
        p.waitUntilExit()
        let lines = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .split(separator: "\n").map(String.init)
        #expect(lines.map { $0.split(separator: " ").last.map(String.init) ?? "" } == ["first", "second", "third", "later"],
                "\(lines)")
        // The title starts in the same column in both batches: the widest configured name sets the column.
        let starts = lines.compactMap { line in line.range(of: "  ", options: .backwards).map { line.distance(from: line.startIndex, to: $0.upperBound) } }
        #expect(Set(starts).count == 1 && starts.first == 16 + 2 + "Much-longer-name".count + 2, "\(lines)")
    }

    // MARK: - fetch's exit status and --force

    @Test func fetchExitsTwoWhenSomeFeedsFailedAndZeroWhenAllSucceeded() throws {
        try www.write("a.xml", StoreTestFeeds.simple("a", 1...2))
        let good = try cli("\(server.url("/files/a.xml")) name=A\n")
        #expect(try good.run(["fetch"]).status == 0)
        #expect(try good.run(["fetch"]).stdout.contains("not modified"))
        #expect(try good.run(["fetch"]).status == 0, "a 304 is a success")
        let mixed = try cli("""
            \(server.url("/files/a.xml")) name=A
            \(server.url("/fault/status/500")) name=Broken
            """)
        let run = try mixed.run(["fetch"])
        #expect(run.status == 2, "\(run.stdout)")
        #expect(run.stdout.contains("2 feeds: 0 new articles, 1 failed"), "\(run.stdout)")
        let nothing = try GleanerCLI(config: dir.file("missing.conf").path, store: good.store).run(["fetch"])
        #expect(nothing.status == 1)
    }

    @Test func fetchNameHonoursAHostsRetryAfterAndForceOverridesIt() throws {
        let limited = "/fault/status/429?retry_after=3600"
        let gleaner = try cli("\(server.url(limited)) name=Limited\n")
        #expect(try gleaner.run(["fetch", "Limited"]).status == 2)
        let held = try gleaner.run(["fetch", "Limited"])
        #expect(held.stdout.contains("skipped: host asked to wait until 20"), "\(held.stdout)")
        #expect(held.status == 0, "held back by politeness is not a failure")
        #expect(try server.requests().filter { $0.path == limited }.count == 1)
        let forced = try gleaner.run(["fetch", "--force", "Limited"])
        #expect(forced.stdout.contains("rate limited until"), "\(forced.stdout)")
        #expect(try server.requests().filter { $0.path == limited }.count == 2)
    }

    @Test func importOPMLCountsOneFeedInTheSingular() throws {
        let gleaner = try cli("# empty\n")
        let opml = try dir.write("one.opml", """
            <?xml version="1.0"?><opml version="2.0"><head/><body>
            <outline type="rss" text="One" xmlUrl="https://example.org/one.xml"/></body></opml>
            """)
        let r = try gleaner.run(["import-opml", opml.path])
        #expect(r.stdout.hasPrefix("1 feed in "), "\(r.stdout)")
    }
}

extension GleanerCLI {
    /// Starts a long-running command (`headlines --follow`) with standard output on a pipe, standard error
    /// discarded; the caller stops it.
    func start(_ arguments: [String]) throws -> (Process, Pipe) {
        let p = Process()
        p.executableURL = GleanerCLI.executable
        p.arguments = ["--config", config, "--store", store].withCommand(arguments)
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = FileHandle.nullDevice
        try p.run()
        return (p, pipe)
    }
}
