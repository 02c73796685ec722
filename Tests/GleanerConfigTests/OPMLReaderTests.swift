import GleanerConfig
import GleanerTestSupport
import Testing

/// The OPML reader (libxml2) and writer: folders survive a round trip, names keep their characters, no entity
/// is expanded and nothing is fetched.
@Suite struct OPMLReaderTests {
    static let folders = """
        <?xml version="1.0" encoding="UTF-8"?>
        <opml version="2.0"><head><title>mine</title></head><body>
          <outline text="Tech &amp; Science" title="Tech &amp; Science">
            <outline text="Space &lt;3" title="Space &lt;3">
              <outline type="rss" text="NASA" xmlUrl="https://nasa.example/rss" htmlUrl="https://nasa.example/"/>
            </outline>
            <outline type="rss" text="Ars" xmlUrl="https://ars.example/feed"/>
          </outline>
          <outline type="rss" text="Loose" xmlUrl="https://loose.example/atom"/>
          <outline text="News"><outline type="rss" text="BBC" xmlUrl="https://bbc.example/rss"/></outline>
        </body></opml>
        """

    @Test func nestedFoldersAndTheirNamesSurviveARoundTrip() throws {
        let first = try OPML.parse(Self.folders)
        #expect(first.map(\.tags) == [["Tech & Science", "Space <3"], ["Tech & Science"], [], ["News"]])
        #expect(first[0].htmlURL == "https://nasa.example/")
        let xml = OPML.write(first)
        // Tags are written as nested folders, not as a category attribute, and names are escaped.
        #expect(!xml.contains("category="))
        #expect(xml.contains("<outline text=\"Tech &amp; Science\" title=\"Tech &amp; Science\">"))
        #expect(xml.contains("htmlUrl=\"https://nasa.example/\""))
        let again = try OPML.parse(xml)
        #expect(again == first)
        #expect(OPML.write(again) == xml)
    }

    @Test func theFolderNameIsTheTagInFeedsConfAndBack() throws {
        // What import-opml writes for a feed in "Tech & Science", and what export-opml makes of it again.
        let line = try FeedLine.make(url: "https://ars.example/feed", name: "Ars", tags: ["Tech & Science", "a,b"])
        #expect(line == "https://ars.example/feed name=Ars tags=\"Tech & Science,a-b\"")
        let feed = try #require(try Config.parse(line + "\n").feeds.first)
        #expect(feed.tags == ["Tech & Science", "a-b"])
        let back = try OPML.parse(OPML.write([OPML.Entry(url: feed.url, title: feed.name, tags: feed.tags)]))
        #expect(back.first?.tags == ["Tech & Science", "a-b"])
    }

    @Test func entitiesAreNeverExpandedAndNothingIsFetched() throws {
        let bomb = """
            <?xml version="1.0"?>
            <!DOCTYPE opml [
              <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
              <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
              <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
              <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
              <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
              <!ENTITY secret SYSTEM "file:///etc/hostname">
              <!ENTITY remote SYSTEM "http://127.0.0.1:9/x">
            ]>
            <opml version="2.0"><body>
              <outline text="&e;" xmlUrl="https://a.example/rss"/>
              <outline text="x&secret;y&remote;" xmlUrl="https://b.example/rss"/>
            </body></opml>
            """
        let entries = try OPML.parse(bomb)
        #expect(entries.map(\.url) == ["https://a.example/rss", "https://b.example/rss"])
        #expect(entries[0].title == "&e;")
        #expect(entries[1].title == "x&secret;y&remote;")
    }

    @Test func aTruncatedFileGivesWhatItHoldsAndSaysSo() throws {
        let doc = try OPML.read("""
            <opml version="2.0"><body>
              <outline text="one" xmlUrl="https://one.example/rss"/>
              <outline text="two" xmlUrl="https://two.example/rss"/>
              <outline text="thr
            """)
        #expect(doc.entries.map(\.url) == ["https://one.example/rss", "https://two.example/rss"])
        #expect(doc.problem?.contains("line") == true, "\(doc.problem ?? "nil")")
        #expect(try OPML.read(bytes: Array("<opml><body/></opml>".utf8)).problem == nil)
    }

    @Test func theDeclaredEncodingOfAFileIsHonoured() throws {
        // "Café" in ISO-8859-1: é is the single byte 0xE9.
        let bytes = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><opml><body><outline text=\"Caf".utf8) + [0xE9]
            + Array("\" xmlUrl=\"https://c.example/rss\"/></body></opml>".utf8)
        #expect(try OPML.read(bytes: bytes).entries.first?.title == "Café")
    }

    @Test func aFeedURLThatDiffersOnlyByFragmentOrSpellingIsTheSameFeed() throws {
        let config = try Config.parse("https://Example.org:443/feed.xml#top name=A\n")
        #expect(config.feed(sameAs: "https://example.org/feed.xml")?.name == "A")
        #expect(config.feed(sameAs: "https://example.org/feed.xml#other")?.name == "A")
        #expect(config.feed(sameAs: "http://example.org/feed.xml") == nil, "http and https stay distinct")
        #expect(config.feed(sameAs: "https://example.org/feed.xml?page=2") == nil)
        // The parser applies the same rule: a second spelling of a listed feed is an error on its line.
        #expect {
            _ = try Config.parse("https://example.org/feed.xml\nhttps://example.org/feed.xml#comments\n")
        } throws: { error in
            let e = error as? ConfigError
            return e?.line == 2 && e?.message.contains("already listed on line 1") == true
        }
    }

    /// Random folder trees with hostile names and titles: export then import gives the same feeds, titles and
    /// folders, and a second export is byte for byte the first.
    @Test func randomFolderTreesRoundTrip() throws {
        var rng = SeededGenerator()
        let pieces = ["Tech & Science", "a<b>", "\"q\"", "'s", "&amp;", "]]>", "--", "عربي", "\u{202E}rtl", " pad ",
                      "x/y", "tab\there", "new\nline", "&#10;", "&e;"]
        for _ in 0..<200 {
            var entries: [OPML.Entry] = []
            for i in 0..<Int.random(in: 1...8, using: &rng) {
                let depth = Int.random(in: 0...3, using: &rng)
                let tags = (0..<depth).map { _ in pieces.randomElement(using: &rng)! }
                let title = Bool.random(using: &rng) ? pieces.randomElement(using: &rng)! + "\(i)" : nil
                entries.append(OPML.Entry(url: "https://h\(i).example/f?a=1&b=\(i)", title: title, tags: tags))
            }
            let xml = OPML.write(entries)
            let back = try OPML.parse(xml)
            func key(_ e: OPML.Entry, cleaned: Bool) -> String {
                // What the reader gives back: blanks at the ends trimmed (tabs and line breaks inside are written
                // as character references, which XML keeps), and an untitled feed titled by its URL.
                func clean(_ s: String) -> String {
                    guard cleaned else { return s }
                    var v = Substring(s)
                    while let f = v.first, " \t\n\r".contains(f) { v = v.dropFirst() }
                    while let l = v.last, " \t\n\r".contains(l) { v = v.dropLast() }
                    return String(v)
                }
                var path: [String] = []
                for t in e.tags.map(clean) where !t.isEmpty && !path.contains(t) { path.append(t) }
                let title = e.title.map(clean).flatMap { $0.isEmpty ? nil : $0 } ?? e.url
                return e.url + "|" + title + "|" + path.joined(separator: "/")
            }
            #expect(back.map { key($0, cleaned: false) }.sorted() == entries.map { key($0, cleaned: true) }.sorted(), "\(xml)")
            #expect(OPML.write(back) == OPML.write(try OPML.parse(OPML.write(back))))
        }
    }
}

/// A hostile OPML file can give one feed a hundred thousand categories: import keeps the first `maxTags`,
/// and an export of a feed with more tags than that nests no deeper (it recurses once per level).
@Suite struct OPMLTagCapTests {
    @Test func importKeepsAtMostMaxTagsAndExportNestsNoDeeper() throws {
        let parts = (0..<100_000).map { "t\($0)" }.joined(separator: ",")
        let entries = try OPML.parse("""
            <opml version="2.0"><body><outline text="x" xmlUrl="https://a.example/feed" category="\(parts)"/></body></opml>
            """)
        #expect(entries.count == 1)
        #expect(entries[0].tags == (0..<OPML.maxTags).map { "t\($0)" })

        var many = entries[0]
        many.tags = (0..<100_000).map { "f\($0)" }
        let written = OPML.write([many])
        let again = try OPML.parse(written)
        #expect(again.map(\.url) == ["https://a.example/feed"])
        #expect(again[0].tags == (0..<OPML.maxTags).map { "f\($0)" })
    }
}
