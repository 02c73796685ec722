import GleanerModel
import Testing
@testable import GleanerParse

/// libxml2's recovery mode keeps what it can; errors are problems, and `wellformed` turns false.
@Suite struct MalformedTests {
    @Test func unescapedAmpersand() {
        let p = parse("""
            <rss version="2.0"><channel><title>AT&T news</title>
            <item><title>Before &amp; after</title><link>http://example.com/1?a=1&b=2</link></item>
            <item><title>Second &amp; &lt;b&gt;bold&lt;/b&gt;</title></item>
            </channel></rss>
            """)
        #expect(!p.wellformed)
        #expect(!p.problems.isEmpty)
        #expect(p.articles.count == 2)
        #expect(p.articles.map(\.title) == ["Before & after", "Second & bold"], "entities after an error still decode")
    }

    @Test func mismatchedTagBetweenItems() {
        let p = parse("""
            <rss version="2.0"><channel><title>t</title>
            <item><title>One</title></item>
            <item><title>Two</wrong></item>
            <item><title>Three</title></item>
            </channel></rss>
            """)
        #expect(!p.wellformed)
        #expect(!p.problems.isEmpty)
        #expect(p.articles.first?.title == "One")
        #expect(p.articles.contains { $0.title == "Three" })
    }

    @Test func truncatedDocument() {
        let p = parse("""
            <?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
            <item><title>One</title><link>http://example.com/1</link></item>
            <item><title>Two</title><link>http://example.com/2</link></item>
            <item><title>Thr
            """)
        #expect(!p.wellformed)
        #expect(p.problems.contains { $0.contains("Premature end of data") || $0.contains("EndTag") || $0.contains("end") })
        #expect(p.articles.prefix(2).map(\.title) == ["One", "Two"])
    }

    @Test func undeclaredHTMLEntitiesAreReadAsHTML() {
        let p = parse("""
            <rss version="2.0"><channel><title>A&nbsp;B &hellip; &mdash; &copy;</title>
            <item><title>&ldquo;Quoted&rdquo; &amp; more</title><link>http://example.com/?a=1&amp;b=2</link>
            <enclosure url="http://example.com/a&nbsp;b.mp3" type="audio/mpeg"/></item>
            </channel></rss>
            """)
        #expect(p.feed.title == "A\u{A0}B … — ©")
        #expect(p.articles.first?.title == "“Quoted” & more")
        #expect(p.articles.first?.link == "http://example.com/?a=1&b=2")
        #expect(p.articles.first?.enclosures.first?.url == "http://example.com/a%C2%A0b.mp3")
        #expect(!p.wellformed, "undeclared entities are not well-formed XML")
        #expect(p.problems.contains { $0.contains("&nbsp;") })
    }

    @Test func unknownEntityIsKeptAsTextWithAProblem() {
        let p = parse("<rss version='2.0'><channel><title>a &bogus; b</title></channel></rss>")
        #expect(!p.wellformed)
        #expect(p.problems.contains { $0.contains("bogus") })
        #expect(p.feed.title == "a &bogus; b")
    }

    @Test func namespacePrefixUndeclared() {
        let p = parse("<rss version='2.0'><channel><item><title>x</title><dc:creator>Me</dc:creator></item></channel></rss>")
        #expect(p.articles.map(\.title) == ["x"])
        #expect(!p.problems.isEmpty)
    }

    @Test func errorsCarryLineAndColumn() {
        let p = parse("<rss version='2.0'>\n<channel>\n<title>a</titel>\n</channel></rss>")
        #expect(p.problems.first?.hasPrefix("3:") == true, "\(p.problems)")
    }
}
