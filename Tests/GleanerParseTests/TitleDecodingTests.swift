import GleanerTestSupport
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

/// `HTMLText.collapse` against a plain reading of its rule (runs of XML white space become one space, none
/// at either end), over random text that mixes spaces, tabs, line breaks, `!` (which the word-at-a-time check
/// may mistake for a space after a space), ASCII letters and Arabic, so that both the already-collapsed fast
/// path and the copying path are taken, with runs crossing eight-byte words at every offset.
@Suite struct CollapseTests {
    /// On bytes: "\r\n" is one Character, which a split on Characters would not take for white space.
    static func reference(_ s: String) -> String {
        let words = Array(s.utf8).split(whereSeparator: { [0x20, 0x09, 0x0A, 0x0D, 0x0C].contains($0) })
        return words.map { String(decoding: $0, as: UTF8.self) }.joined(separator: " ")
    }

    @Test func matchesTheRuleOnRandomText() {
        var rng = SeededGenerator()
        let pieces = [" ", " ", "  ", "\t", "\n", "\r\n", "\u{0C}", "!", "a", "bc", "ب", "الرياض", "“", "x!"]
        var fast = 0
        for _ in 0..<5000 {
            let n = Int.random(in: 0...24, using: &rng)
            let s = (0..<n).map { _ in pieces.randomElement(using: &rng)! }.joined()
            let bytes = Array(s.utf8)
            #expect(HTMLText.collapse(bytes) == Self.reference(s), "\(bytes)")
            if bytes.withUnsafeBufferPointer({ $0.baseAddress.map { HTMLText.isCollapsed($0, bytes.count) } ?? true }) {
                fast += 1
                #expect(Self.reference(s) == s)
            }
        }
        #expect(fast > 100)
    }

    @Test func spacesAtEveryOffset() {
        for length in 1...40 {
            for k in 0..<length {
                var bytes = Array(repeating: UInt8(ascii: "w"), count: length)
                bytes[k] = 0x20
                let s = String(decoding: bytes, as: UTF8.self)
                #expect(HTMLText.collapse(bytes) == Self.reference(s))
                if k + 1 < length {
                    bytes[k + 1] = 0x20
                    #expect(HTMLText.collapse(bytes) == Self.reference(String(decoding: bytes, as: UTF8.self)))
                }
            }
        }
    }
}
