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
        let outlines = try doc.nodes(forXPath: "/opml/body/outline") as! [XMLElement]
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
        #expect(config.feeds[1].name == "BBC عربي" && config.feeds[1].tags == ["News", "World-&-Politics"])
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
}
