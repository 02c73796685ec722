import Testing
@testable import GleanerParse

/// Titles become plain text: XML entities (decoded by libxml2), then HTML once more when it looks like HTML.
@Suite struct TitleDecodingTests {
    @Test(arguments: [
        ("&amp;#8220;Quoted&amp;#8221;", "“Quoted”"),
        ("&amp;#x201C;Hex&amp;#x201D;", "“Hex”"),
        ("&#8220;Already decoded&#8221;", "“Already decoded”"),
        ("&lt;b&gt;x&lt;/b&gt;", "x"),
        ("&lt;p class=&quot;a&gt;b&quot;&gt;text&lt;/p&gt;", "text"),
        ("  lots \n\t of   space  ", "lots of space"),
        ("<![CDATA[<b>Bold</b> &amp; <i>italic</i>]]>", "Bold & italic"),
        ("<![CDATA[Tom & Jerry]]>", "Tom & Jerry"),
        ("Fish &amp; Chips", "Fish & Chips"),
        ("a &amp;amp; b", "a & b"),
        ("1 &lt; 2", "1 < 2"),
        ("&amp;hellip;&amp;nbsp;&amp;mdash;&amp;copy;&amp;trade;", "…\u{A0}—©™"),
        ("&amp;unknown; stays", "&unknown; stays"),
        ("&amp;#147;Windows&amp;#148;", "“Windows”"),
        ("&lt;!-- comment --&gt;visible", "visible"),
        ("R&amp;D", "R&D"),
        // A stray quote in an unquoted attribute value (feedparser's missing_quote_in_attr) opens nothing.
        ("&lt;a href=http://example.com/&quot;&gt;example&lt;/a&gt;", "example"),
        ("&lt;a title = 'x&gt;y' href=z&gt;link&lt;/a&gt; tail", "link tail"),
    ])
    func rssTitle(xml: String, expected: String) {
        let p = parse("<rss version='2.0'><channel><item><title>\(xml)</title></item></channel></rss>")
        #expect(p.articles.first?.title == expected)
    }

    @Test(arguments: [
        ("text", "&lt;b&gt;not bold&lt;/b&gt; &amp;amp;", "<b>not bold</b> &amp;"),
        ("html", "&lt;b&gt;bold&lt;/b&gt; &amp;amp;", "bold &"),
        ("xhtml", "<div xmlns='http://www.w3.org/1999/xhtml'><b>bold</b> &amp; more</div>", "bold & more"),
    ])
    func atomTitle(type: String, xml: String, expected: String) {
        let p = parse("""
            <feed xmlns="http://www.w3.org/2005/Atom"><entry><title type="\(type)">\(xml)</title></entry></feed>
            """)
        #expect(p.articles.first?.title == expected)
    }

    @Test func summaryAndContentKeepTheirHTML() {
        let p = parse("""
            <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><item>
            <description>&lt;p&gt;Hi &amp;amp; bye&lt;/p&gt;</description>
            <content:encoded><![CDATA[<p>Full <b>text</b></p>]]></content:encoded>
            </item></channel></rss>
            """)
        let a = p.articles.first
        #expect(a?.summary == "<p>Hi &amp; bye</p>")
        #expect(a?.summaryType == .html)
        #expect(a?.content == "<p>Full <b>text</b></p>")
        #expect(a?.contentType == .html)
    }

    @Test(arguments: [
        ("editor@example.com (Ed Itor)", "Ed Itor", "editor@example.com"),
        ("Ed Itor <editor@example.com>", "Ed Itor", "editor@example.com"),
        ("editor@example.com", nil, "editor@example.com"),
        ("Ed Itor", "Ed Itor", nil),
        ("Ed Itor (editor@example.com)", "Ed Itor", "editor@example.com"),
        ("mailto:editor@example.com", nil, "editor@example.com"),
    ] as [(String, String?, String?)])
    func rssAuthor(text: String, name: String?, email: String?) {
        let person = FeedBuilder.person(text)
        #expect(person.name == name)
        #expect(person.email == email)
    }
}
