import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import GleanerConfig
import GleanerTestSupport
import Testing

/// OPML import/export and `gleaner add` / `remove`: feeds.conf edited in place, comments and order kept.
@Suite(.serialized) struct OPMLTests {
    let dir: TemporaryDirectory
    let www: TemporaryDirectory
    let server: TestHTTPServer

    init() throws {
        dir = try TemporaryDirectory("gleaner-opml")
        www = try TemporaryDirectory("gleaner-opml-www")
        server = try TestHTTPServer(root: www.path)
    }

    static let nested = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- exported by some reader -->
        <opml version="1.0">
          <head><title>Subs</title></head>
          <body>
            <outline text="News" title="News">
              <outline text="World &amp; Politics">
                <outline type="rss" text="BBC عربي" xmlUrl="https://feeds.bbci.co.uk/arabic/rss.xml" htmlUrl="https://www.bbc.com/arabic"/>
              </outline>
              <outline type="rss" text='Example "quoted"' xmlUrl="https://example.org/feed?a=1&amp;b=2" category="/Tech/Swift,misc"></outline>
            </outline>
            <outline type="rss" title="Top level" xmlUrl="https://top.example/rss"/>
            <outline text="Empty folder"/>
          </body>
        </opml>
        """

    @Test func nestedOutlinesBecomeTagsAndEntitiesAreDecoded() throws {
        let entries = try OPML.parse(Self.nested)
        #expect(entries.map(\.url) == ["https://feeds.bbci.co.uk/arabic/rss.xml", "https://example.org/feed?a=1&b=2",
                                       "https://top.example/rss"])
        #expect(entries[0].tags == ["News", "World & Politics"])
        #expect(entries[0].title == "BBC عربي")
        #expect(entries[1].tags == ["News", "Tech", "Swift", "misc"])
        #expect(entries[1].title == "Example \"quoted\"")
        #expect(entries[2].tags == [] && entries[2].title == "Top level")
    }

    @Test func notOPMLIsRefused() {
        #expect(throws: OPML.ParseError.self) { try OPML.parse("<html><body>hi</body></html>") }
        #expect(throws: OPML.ParseError.self) { try OPML.parse("<opml><body><outline text=\"x") }
    }

    @Test func exportIsValidOPML2ThatImportsBackTheSameFeeds() throws {
        let entries = try OPML.parse(Self.nested)
        let xml = OPML.write(entries, dateCreated: "Sun, 29 Nov 2026 08:00:00 GMT")
        let doc = try XMLDocument(data: Data(xml.utf8))
        #expect(doc.rootElement()?.name == "opml")
        #expect(doc.rootElement()?.attribute(forName: "version")?.stringValue == "2.0")
        let outlines = try doc.nodes(forXPath: "/opml/body//outline[@xmlUrl]") as! [XMLElement]
        #expect(outlines.count == 3)
        #expect(outlines.allSatisfy { $0.attribute(forName: "text") != nil && $0.attribute(forName: "type")?.stringValue == "rss" })
        let again = try OPML.parse(xml)
        #expect(again.map(\.url) == entries.map(\.url))
        #expect(again.map(\.tags) == entries.map(\.tags))
    }

    @Test func importKeepsCommentsSkipsDuplicatesAndReports() throws {
        let original = """
            # my feeds
            interval = 1h

            # tech
            https://TOP.example:443/rss#x   name=Top   # already there, spelled differently
            """
        let conf = try dir.write("feeds.conf", original + "\n")
        let opml = try dir.write("subs.opml", Self.nested)
        let cli = GleanerCLI(config: conf.path, store: dir.file("s.sqlite").path)
        let r = try cli.run(["import-opml", opml.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("3 feeds"))
        #expect(r.stdout.contains("2 added, 1 already configured"), "\(r.stdout)")
        #expect(r.stdout.contains("SIGHUP"))
        let text = try String(contentsOf: conf, encoding: .utf8)
        #expect(text.hasPrefix(original + "\n"), "every earlier line kept as it was")
        let config = try Config.load(path: conf.path)
        #expect(config.feeds.count == 3)
        #expect(config.feeds[1].name == "BBC عربي" && config.feeds[1].tags == ["News", "World & Politics"])
        #expect(config.feeds[2].name == "Example \"quoted\"")
        // Importing again adds nothing.
        #expect(try cli.run(["import-opml", opml.path]).stdout.contains("0 added, 3 already configured"))
        // And the export lists them.
        let exported = try cli.run(["export-opml"])
        #expect(try OPML.parse(exported.stdout).count == 3)
    }

    @Test func addChecksTheFeedDiscoversItFromAPageAndRefusesDuplicates() throws {
        try www.write("feed.xml", StoreTestFeeds.simple("f", 1...2))
        try www.write("page.html", """
            <!doctype html><html><head><title>Blog</title>
            <link rel="stylesheet" href="/s.css">
            <link type="application/rss+xml" rel="alternate" title="RSS" href="/files/feed.xml">
            </head><body>hello</body></html>
            """)
        try www.write("plain.html", "<html><head></head><body>no feed</body></html>")
        let conf = try dir.write("feeds.conf", "# keep me\ninterval = 1h\n")
        let cli = GleanerCLI(config: conf.path, store: dir.file("a.sqlite").path)

        let added = try cli.run(["add", server.url("/files/page.html"), "--name", "My Blog", "--tags", "x,y", "--interval", "15m"])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains("SIGHUP"))
        let text = try String(contentsOf: conf, encoding: .utf8)
        #expect(text == "# keep me\ninterval = 1h\n\(server.url("/files/feed.xml")) name=\"My Blog\" tags=x,y interval=15m\n")

        let again = try cli.run(["add", server.url("/files/feed.xml").replacingOccurrences(of: "http://", with: "HTTP://")])
        #expect(again.status != 0)
        #expect(again.stderr.contains("already configured"))
        let none = try cli.run(["add", server.url("/files/plain.html")])
        #expect(none.status != 0 && none.stderr.contains("announces none"), "\(none.stderr)")

        let removed = try cli.run(["remove", "My Blog"])
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(removed.stdout.contains("articles kept") && removed.stdout.contains("SIGHUP"))
        #expect(try String(contentsOf: conf, encoding: .utf8) == "# keep me\ninterval = 1h\n")
        #expect(try cli.run(["remove", "nothing"]).status != 0)
    }

    @Test func removePurgeDeletesTheArticles() throws {
        try www.write("feed.xml", StoreTestFeeds.simple("p", 1...2))
        let conf = try dir.write("feeds.conf", "\(server.url("/files/feed.xml"))\n")
        let cli = GleanerCLI(config: conf.path, store: dir.file("p.sqlite").path)
        #expect(try cli.run(["fetch"]).status == 0)
        let r = try cli.run(["remove", "--purge", server.url("/files/feed.xml")])
        #expect(r.stdout.contains("articles deleted"), "\(r.stdout) \(r.stderr)")
        #expect(try cli.run(["headlines", "--json", "--feed", server.url("/files/feed.xml")]).stdout.isEmpty)
    }

    /// Outlines crafted to add options to their feed line: the URL's blanks are percent-encoded (so the options
    /// stay inside the URL's path), control characters are refused, and no outline sets any option at all.
    static let hostile = """
        <?xml version="1.0"?>
        <opml version="2.0"><body>
          <outline text="one" xmlUrl="http://host.example/x.xml on-new=/bin/sh"/>
          <outline text="two" xmlUrl="http://host.example/y.xml&#9;user=u password-file=/etc/hostname"/>
          <outline text="three" xmlUrl="http://host.example/z.xml\tuser=u password-file=/etc/hostname"/>
          <outline text="four" xmlUrl="http://host.example/i.xml insecure=yes"/>
          <outline text="five" xmlUrl="http://host.example/v.xml interval=1s"/>
          <outline text="six &quot; on-new=/bin/sh # x" xmlUrl="http://host.example/n.xml"/>
          <outline text="seven" xmlUrl="http://host.example/q.xml&quot; on-new=/bin/sh"/>
          <outline text="eight" xmlUrl="http://host.example/nl.xml&#10;on-new = /bin/sh"/>
          <outline text="World"><outline text="nine" xmlUrl="http://host.example/t.xml" category="a on-new=/bin/sh"/></outline>
        </body></opml>
        """

    @Test func importedOutlinesCannotSetOptions() throws {
        let conf = try dir.write("feeds.conf", "# mine\n")
        let opml = try dir.write("hostile.opml", Self.hostile)
        let cli = GleanerCLI(config: conf.path, store: dir.file("h.sqlite").path)
        let r = try cli.run(["import-opml", opml.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("9 feeds in \(opml.path): 7 added, 0 already configured, 2 skipped"), "\(r.stdout)")
        #expect(r.stderr.contains("skipped outline \"two\"") && r.stderr.contains("<U+0009>"), "\(r.stderr)")
        #expect(r.stderr.contains("skipped outline \"eight\"") && r.stderr.contains("<U+000A>"), "\(r.stderr)")
        let config = try Config.load(path: conf.path)
        #expect(config.defaults == FeedOptions() && config.store == nil)
        for feed in config.feeds { #expect(feed.options == FeedOptions(), "\(feed.url) got options") }
        #expect(config.feeds.map(\.url) == [
            "http://host.example/x.xml%20on-new=/bin/sh", "http://host.example/z.xml%20user=u%20password-file=/etc/hostname",
            "http://host.example/i.xml%20insecure=yes", "http://host.example/v.xml%20interval=1s", "http://host.example/n.xml",
            "http://host.example/q.xml%22%20on-new=/bin/sh", "http://host.example/t.xml",
        ])
        #expect(config.feeds[4].name == "six \" on-new=/bin/sh # x")
        #expect(config.feeds[6].name == "nine" && config.feeds[6].tags == ["World", "a on-new=", "bin", "sh"])
    }

    @Test func importReadsAnOPMLFileWithABOMAndCRLF() throws {
        let conf = try dir.write("feeds.conf", "interval = 1h\r\n")
        let body = Self.nested.replacingOccurrences(of: "\n", with: "\r\n")
            .replacingOccurrences(of: "text=\"BBC عربي\"", with: "text=\"BBC\r\nعربي\"")
        let opml = try dir.write("bom.opml", bytes: [0xEF, 0xBB, 0xBF] + Array(body.utf8))
        let cli = GleanerCLI(config: conf.path, store: dir.file("b.sqlite").path)
        let r = try cli.run(["import-opml", opml.path])
        #expect(r.status == 0 && r.stdout.contains("3 added"), "\(r.stdout) \(r.stderr)")
        let config = try Config.load(path: conf.path)
        #expect(config.interval == 3600)
        #expect(config.feeds.map(\.name) == ["BBC عربي", "Example \"quoted\"", "Top level"])
        #expect(config.feeds[0].tags == ["News", "World & Politics"])
        // The appended lines follow the file's own line ending.
        #expect(!String(decoding: try Data(contentsOf: conf), as: UTF8.self).replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    }

    @Test func exportLeavesCredentialsOutUnlessAsked() throws {
        let pw = try dir.write("pw", "pw-secret-123\n")
        let conf = try dir.write("feeds.conf", """
            http://alice:s3cr3t@host.example/private.xml
            https://host.example/named.xml name=Named user=bob password-file=\(pw.path)

            """)
        let cli = GleanerCLI(config: conf.path, store: dir.file("e.sqlite").path)
        let plain = try cli.run(["export-opml"])
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(!plain.stdout.contains("s3cr3t") && !plain.stdout.contains("alice") && !plain.stdout.contains("pw-secret"))
        #expect(plain.stdout.contains("text=\"http://host.example/private.xml\" title=\"http://host.example/private.xml\" xmlUrl=\"http://host.example/private.xml\""))
        let secret = try cli.run(["export-opml", "--with-credentials"])
        #expect(secret.stdout.contains("xmlUrl=\"http://alice:s3cr3t@host.example/private.xml\""))
        #expect(secret.stdout.contains("text=\"http://host.example/private.xml\""), "a password never becomes a title")
        #expect(!secret.stdout.contains("pw-secret"))
        let entries = try OPML.parse(plain.stdout)
        #expect(entries.map(\.url) == ["http://host.example/private.xml", "https://host.example/named.xml"])
    }

    @Test func addWritesAHostileURLAndNameSafelyAndRefusesControlCharacters() throws {
        let conf = try dir.write("feeds.conf", "# keep\n")
        let cli = GleanerCLI(config: conf.path, store: dir.file("n.sqlite").path)
        let r = try cli.run(["add", "--no-check", "http://host.example/a b.xml on-new=/bin/sh", "--name", "x\" on-new=/bin/sh #",
                             "--tags", "a b,c"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try String(contentsOf: conf, encoding: .utf8)
                == "# keep\nhttp://host.example/a%20b.xml%20on-new=/bin/sh name=\"x\\\" on-new=/bin/sh #\" tags=\"a b,c\"\n")
        let feed = try #require(try Config.load(path: conf.path).feeds.first)
        #expect(feed.options == FeedOptions() && feed.name == "x\" on-new=/bin/sh #" && feed.tags == ["a b", "c"])
        let bad = try cli.run(["add", "--no-check", "http://host.example/c.xml\ton-new=/bin/sh"])
        #expect(bad.status != 0 && bad.stderr.contains("<U+0009>"), "\(bad.stderr)")
        #expect(try Config.load(path: conf.path).feeds.count == 1)
    }

    /// import-opml → export-opml → import-opml into a new feeds.conf gives the same folders, names and feeds;
    /// a feed already listed with another #fragment or host case is a duplicate for import and add alike.
    @Test func aRoundTripThroughFeedsConfKeepsTheFolders() throws {
        let conf = try dir.write("feeds.conf", "https://Top.example/rss#latest name=Top\n")
        let opml = try dir.write("in.opml", Self.nested.replacingOccurrences(of: "World &amp; Politics", with: "Tech &amp; Science"))
        let cli = GleanerCLI(config: conf.path, store: dir.file("r.sqlite").path)
        let imported = try cli.run(["import-opml", opml.path])
        #expect(imported.stdout.contains("2 added, 1 already configured"), "\(imported.stdout) \(imported.stderr)")
        let exported = try cli.run(["export-opml"])
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(exported.stdout.contains("<outline text=\"Tech &amp; Science\" title=\"Tech &amp; Science\">"), "\(exported.stdout)")

        let second = try dir.write("second.conf", "")
        let out = try dir.write("out.opml", exported.stdout)
        let cli2 = GleanerCLI(config: second.path, store: dir.file("r2.sqlite").path)
        #expect(try cli2.run(["import-opml", out.path]).stdout.contains("3 added"))
        let a = try Config.load(path: conf.path).feeds, b = try Config.load(path: second.path).feeds
        #expect(Set(a.map { [$0.url, $0.name ?? ""] + $0.tags }) == Set(b.map { [$0.url, $0.name ?? ""] + $0.tags }))
        #expect(b.contains { $0.tags == ["News", "Tech & Science"] })
        func withoutDate(_ xml: String) -> String { xml.split(separator: "\n").filter { !$0.contains("<dateCreated>") }.joined(separator: "\n") }
        #expect(withoutDate(try cli2.run(["export-opml"]).stdout) == withoutDate(exported.stdout))

        let again = try cli.run(["add", "--no-check", "https://top.example/rss#comments"])
        #expect(again.status != 0 && again.stderr.contains("already configured"), "\(again.stderr)")
    }

    /// Every command reading feeds.conf says which intervals min-interval/max-interval change, on standard error.
    @Test func clampedIntervalsAreWarnedWhenACommandLoadsTheFile() throws {
        let conf = try dir.write("feeds.conf", "min-interval = 5m\nhttps://a.example/rss interval=1m\n")
        let cli = GleanerCLI(config: conf.path, store: dir.file("w.sqlite").path)
        let r = try cli.run(["export-opml"])
        #expect(r.status == 0)
        #expect(r.stderr.contains("warning: \(conf.path):2: interval 1m is below min-interval 5m; 5m is used"), "\(r.stderr)")
        #expect(!r.stdout.contains("warning"))
    }

    /// The web site a feed names (its channel <link>) is exported as htmlUrl once the feed was fetched; a
    /// site that is not http(s) is never written.
    @Test func exportWritesTheSiteAFetchedFeedNames() throws {
        try www.write("site.xml", StoreTestFeeds.simple("s", 1...1))
        try www.write("js.xml", StoreTestFeeds.simple("j", 1...1).replacingOccurrences(
            of: "<link>https://example.org/</link>", with: "<link>javascript:alert(1)</link>"))
        let conf = try dir.write("feeds.conf", "\(server.url("/files/site.xml")) tags=\"Tech & Science\"\n\(server.url("/files/js.xml"))\n")
        let cli = GleanerCLI(config: conf.path, store: dir.file("site.sqlite").path)
        #expect(!(try cli.run(["export-opml"]).stdout.contains("htmlUrl")), "nothing known before a fetch")
        #expect(try cli.run(["fetch"]).status == 0)
        let xml = try cli.run(["export-opml"]).stdout
        let entries = try OPML.parse(xml)
        #expect(entries.map(\.htmlURL) == ["https://example.org/", nil], "\(xml)")
        #expect(entries.first?.tags == ["Tech & Science"])
        #expect(!xml.contains("javascript"))
    }
}
