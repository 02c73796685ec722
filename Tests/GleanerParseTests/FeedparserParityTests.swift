import GleanerModel
import Testing
@testable import GleanerParse

/// Common real-world forms read as feedparser reads them.
@Suite struct FeedparserParityTests {
    @Test(arguments: [
        ("2020-01-10T5:40:14Z", "2020-01-10T05:40:14Z"),
        ("2020/1/10 14:33:00", "2020-01-10T14:33:00Z"),
        ("2020/01/10 4:03:00 +01:00", "2020-01-10T03:03:00Z"),
        ("2020-1-5", "2020-01-05T00:00:00Z"),
    ])
    func looserISODates(_ input: String, _ expected: String) {
        #expect(DateParser.parse(input)?.rfc3339 == expected)
    }

    @Test func mixedSeparatorsAndThreeDigitPartsAreRejected() {
        #expect(DateParser.parse("2020/01-10") == nil)
        #expect(DateParser.parse("2020/123/10") == nil)
        #expect(DateParser.parse("2020-01-10T123:40:14Z") == nil)
    }

    @Test func repeatedDateElementLastWins() {
        let p = parse("""
            <feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
            <updated>2020-01-01T00:00:00Z</updated><updated>2021-01-01T00:00:00Z</updated>
            <entry><title>e</title><id>x</id>
            <updated>2020-02-02T00:00:00Z</updated><updated>2022-02-02T00:00:00Z</updated>
            <published>2019-01-01T00:00:00Z</published><published>2018-01-01T00:00:00Z</published>
            <modified>2010-01-01T00:00:00Z</modified></entry></feed>
            """)
        #expect(p.feed.updated?.rfc3339 == "2021-01-01T00:00:00Z")
        #expect(p.articles.first?.updated?.rfc3339 == "2022-02-02T00:00:00Z", "Atom 0.3 alias never replaces Atom 1.0")
        #expect(p.articles.first?.published?.rfc3339 == "2018-01-01T00:00:00Z")
    }

    @Test func categoriesInsideAWrapper() {
        let p = parse("""
            <rss version="2.0"><channel><title>t</title>
            <item><title>a</title><categories><category>One</category><category>Two</category></categories>
            <category>Three</category></item></channel></rss>
            """)
        #expect(p.articles.first?.categories == ["One", "Two", "Three"])
    }

    @Test func structuredRSSAuthorGivesTheName() {
        let p = parse("""
            <rss version="2.0"><channel><title>t</title>
            <item><title>a</title><author><name>Ann Smith</name><title>Editor</title></author></item>
            <item><title>b</title><author><name>Bob</name><email>bob@example.com</email></author></item>
            <item><title>c</title><author>carol@example.com (Carol)</author></item>
            </channel></rss>
            """)
        #expect(p.articles.map { $0.authors.first?.name } == ["Ann Smith", "Bob", "Carol"])
        #expect(p.articles[1].authors.first?.email == "bob@example.com")
    }

    @Test func rssSummaryNextToDescription() {
        let p = parse("""
            <rss version="2.0"><channel><title>t</title>
            <item><title>a</title><description>Short</description><summary>Longer text</summary></item>
            <item><title>b</title><summary>Only a summary</summary></item>
            </channel></rss>
            """)
        #expect(p.articles.first?.summary == "Short")
        #expect(p.articles.first?.content == "Longer text")
        #expect(p.articles.last?.summary == "Only a summary")
    }
}

@Suite struct WrappedFeedTests {
    @Test func atomFeedInsideHTML() {
        let p = parse("""
            <html><head><title>Page</title></head><body><div>
            <feed xmlns="http://www.w3.org/2005/Atom"><title>Inner</title>
            <entry><title>One</title><id>1</id></entry><entry><title>Two</title><id>2</id></entry></feed>
            </div></body></html>
            """)
        #expect(p.format == "atom1.0")
        #expect(p.feed.title == "Inner")
        #expect(p.articles.map(\.title) == ["One", "Two"])
        #expect(p.problems.contains { $0.contains("found inside <html>") })
    }

    @Test func rssChannelInsideHTML() {
        let p = parse("""
            <html><body><channel><title>C</title><item><title>A</title></item></channel>
            <channel><title>Second</title><item><title>B</title></item></channel></body></html>
            """)
        #expect(p.format == "rss")
        #expect(p.feed.title == "C")
        #expect(p.articles.map(\.title) == ["A"], "one feed per document")
    }

    @Test func pageWithoutFeedIsUnknown() {
        let p = parse("<html><body><p>No feed <b>here</b></p><title>x</title></body></html>")
        #expect(p.format == "unknown")
        #expect(p.articles.isEmpty)
        #expect(p.feed.title == nil)
    }
}

@Suite struct BareAmpersandTests {
    static let xml = """
        <rss version="2.0"><channel><title>AT&T news</title><link>http://a.com/?a=1&b=2&c</link>
        <item><title>x &amp; y & z</title><link>http://a.com/x?a=1&b=2&c</link><guid>http://a.com/g?a=1&b&c=3</guid>
        <description><![CDATA[<a href="http://a.com/?p=1&q=2">l</a>]]></description></item></channel></rss>
        """

    static func check(_ p: ParsedFeed) {
        #expect(p.feed.title == "AT&T news")
        #expect(p.feed.link == "http://a.com/?a=1&b=2&c")
        #expect(p.articles.first?.link == "http://a.com/x?a=1&b=2&c")
        #expect(p.articles.first?.id == "http://a.com/g?a=1&b&c=3")
        #expect(p.articles.first?.title == "x & y & z")
        #expect(p.articles.first?.summary?.contains("p=1&amp;q=2") == true, "CDATA is not touched")
        #expect(!p.wellformed)
    }

    @Test func bareAmpersandsInTextAreKept() { Self.check(parse(Self.xml)) }

    @Test(arguments: [1, 2, 3, 7, 64])
    func bareAmpersandsAcrossChunks(_ chunk: Int) {
        Self.check(parseInChunks(Array(Self.xml.utf8), chunk: chunk))
    }
}
