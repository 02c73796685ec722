import GleanerModel
import GleanerTestSupport
import Testing
@testable import GleanerParse

/// Broken structure inside one entry costs that entry's broken part, never the entries after it.
@Suite struct EntryRecoveryTests {
    /// 25 entries; entries 4, 9, 14 and 19 leave elements open or close them twice in XHTML content.
    static let fixture = "atom10-xhtml-unclosed-paragraphs.xml"

    static func check(_ p: ParsedFeed) {
        #expect(p.articles.map(\.id) == (1...25).map { "urn:gleaner:broken-paragraphs:\($0)" })
        #expect(p.articles.map(\.title) == (1...25).map { "Entry \($0)" })
        #expect(p.articles.map(\.link) == (1...25).map { "http://example.com/\($0)" })
        // What follows broken content in the same entry may be lost; entries after it keep everything.
        for n in [5, 10, 15, 20, 25] {
            #expect(p.articles[n - 1].image == "http://example.com/\(n).jpg")
            #expect(p.articles[n - 1].content == "<p>Entry \(n).</p>")
        }
        #expect(p.articles[13].content?.hasPrefix("<p>One paragraph</p><p>another") == true)
        #expect(p.articles[18].content?.hasPrefix("<p>Lines<br />broken<br />the HTML way</p>") == true)
        #expect(!p.wellformed)
        #expect(p.problems.filter { $0.contains("reading resumes at the next entry") }.count == 3)
        #expect(!p.problems.contains { $0.contains(FeedBuilder.resyncName) })
    }

    @Test func brokenXHTMLLosesNoLaterEntry() throws {
        Self.check(try parseFixture(Self.fixture))
    }

    @Test(arguments: [1, 7, 100, 4096])
    func brokenXHTMLInChunks(chunk: Int) throws {
        let bytes = try Fixtures.bytes("parse/" + Self.fixture)
        Self.check(parseInChunks(bytes, chunk: chunk))
    }

    @Test func streamedArticlesAfterBrokenEntry() throws {
        var got: [Article] = []
        let parser = FeedParser(onArticle: { got.append($0) })
        parser.push(try Fixtures.bytes("parse/" + Self.fixture))
        _ = parser.finish()
        #expect(got.count == 25)
    }

    @Test func rssItemWithUnclosedHTML() {
        let p = parse("""
            <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>T</title>
            <item><title>A</title><guid>a</guid></item>
            <item><title>B</title><guid>b</guid><description>x<br>y</description></item>
            <item><title>C</title><guid>c</guid><dc:creator>Bob</dc:creator></item>
            </channel></rss>
            """)
        #expect(p.articles.map(\.id) == ["a", "b", "c"])
        #expect(p.articles.last?.authors.first?.name == "Bob", "the feed's namespaces hold after reading on")
        #expect(p.feed.title == "T")
    }

    @Test func lastEntryLeftOpenIsKept() {
        let p = parse("""
            <feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
            <entry><id>1</id><title>One</title></entry>
            <entry><id>2</id><title>Two</title><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>a<p>b</p></div></content></entry>
            </feed>
            """)
        #expect(p.articles.map(\.id) == ["1", "2"])
    }

    @Test func wellFormedNestingIsUntouched() {
        // An `<entry>` inside XHTML content, in a well-formed document, is content, not a new entry.
        let p = parse("""
            <feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
            <entry><id>1</id><title>One</title><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>x</p><entry>y</entry></div></content></entry>
            </feed>
            """)
        #expect(p.articles.map(\.id) == ["1"])
        #expect(p.wellformed)
    }
}

/// Entities the document's internal DTD subset declares are expanded, within caps; external ones never.
@Suite struct InternalEntityTests {
    @Test func declaredEntitiesCompleteIDsAndLinks() {
        let p = parse("""
            <?xml version="1.0"?>
            <!DOCTYPE rss [
              <!ENTITY site "example.com">
              <!ENTITY base "http://&site;">
              <!ENTITY amp2 "&#38;">
            ]>
            <rss version="2.0"><channel><title>News from &site;</title><link>&base;/</link>
            <item><title>One &amp2; two</title><guid isPermaLink="false">tag:&site;,2020:1</guid>
            <enclosure url="&base;/a.mp3" type="audio/mpeg" length="1"/></item>
            </channel></rss>
            """)
        #expect(p.feed.title == "News from example.com")
        #expect(p.feed.link == "http://example.com/")
        #expect(p.articles.first?.id == "tag:example.com,2020:1")
        #expect(p.articles.first?.title == "One & two")
        #expect(p.articles.first?.enclosures.first?.url == "http://example.com/a.mp3")
        #expect(p.wellformed, "declared entities are well-formed XML")
    }

    @Test(.timeLimit(.minutes(1)))
    func expansionIsCappedAcrossReferences() {
        // Each reference is below the per-entity cap; together they pass the document's cap.
        let big = String(repeating: "x", count: 60_000)
        let refs = String(repeating: "&big;", count: 400)
        let p = parse("""
            <!DOCTYPE rss [<!ENTITY big "\(big)">]>
            <rss version="2.0"><channel><title>t</title><item><guid>\(refs)</guid></item></channel></rss>
            """)
        let id = p.articles.first?.id ?? ""
        #expect(id.utf8.count <= DocumentEntities.maxExpanded)
        #expect(id.utf8.count >= 60_000)
        #expect(p.problems.contains { $0.contains("&big;") })
    }

    @Test func recursiveEntityIsDropped() {
        let p = parse("""
            <!DOCTYPE rss [<!ENTITY a "x&b;"><!ENTITY b "y&a;">]>
            <rss version="2.0"><channel><title>t&a;</title></channel></rss>
            """)
        #expect(p.feed.title == "t")
    }
}

/// A bare `&` in an attribute value (`?a=1&b=2&c`) keeps every parameter, as in text.
@Suite struct AttributeAmpersandTests {
    @Test func urlsKeepEveryParameter() {
        let p = parse("""
            <rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>t</title>
            <item><title>a</title><enclosure url="http://example.com/a.mp3?a=1&b=2&c" type="audio/mpeg" length="5"/>
            <media:thumbnail url="http://example.com/t.jpg?w=1&h=2"/></item>
            </channel></rss>
            """)
        #expect(p.articles.first?.enclosures.first?.url == "http://example.com/a.mp3?a=1&b=2&c")
        #expect(p.articles.first?.enclosures.first?.length == 5)
        #expect(p.articles.first?.image == "http://example.com/t.jpg?w=1&h=2")
        #expect(!p.wellformed)
    }

    @Test func atomLinkAndXHTMLImage() {
        let p = parse("""
            <feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
            <entry><id>1</id><link href="http://example.com/?p=1&amp;q=2&r" rel="alternate"/>
            <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><img src="http://example.com/i.png?a=1&b=2" alt="x &amp; y"/></div></content></entry>
            </feed>
            """)
        #expect(p.articles.first?.link == "http://example.com/?p=1&q=2&r")
        #expect(p.articles.first?.content?.contains("src=\"http://example.com/i.png?a=1&amp;b=2\"") == true)
        #expect(p.articles.first?.content?.contains("alt=\"x &amp; y\"") == true)
    }
}

extension EntryRecoveryTests {
    /// Every broken entry of a document pushed as one chunk costs a copy of what libxml2 has not read yet:
    /// after the first, libxml2 is given bounded parts, so that is about one part, not the rest of the
    /// document each time.
    @Test func manyBrokenEntriesInOneChunkCopyBoundedBytes() {
        let padding = String(repeating: "words and more words ", count: 400)
        let n = SAXState.maxResyncs + 6
        var xml = "<rss version=\"2.0\"><channel><title>T</title>\n"
        for k in 1...n {
            xml += "<item><title>E\(k)</title><guid>g\(k)</guid><description>x<br>\(padding)</description></item>\n"
        }
        xml += "</channel></rss>\n"
        let bytes = Array(xml.utf8)
        let parser = FeedParser()
        parser.push(bytes)
        let p = parser.finish()
        let copied = parser.sax.resyncCopiedBytes
        let bound = bytes.count + SAXState.maxResyncs * 2 * FeedParser.partSize
        // Copying the rest of the document at each resync would copy about maxResyncs × half of it.
        #expect(bytes.count * SAXState.maxResyncs / 2 > 4 * bound)
        #expect(copied > 0)
        #expect(copied <= bound, "\(copied) bytes copied for a \(bytes.count)-byte document")
        #expect(p.articles.prefix(SAXState.maxResyncs + 1).map(\.id) == (1...(SAXState.maxResyncs + 1)).map { "g\($0)" })
        #expect(p.feed.title == "T")
    }
}
