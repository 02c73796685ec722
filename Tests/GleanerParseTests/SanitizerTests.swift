import Testing
@testable import GleanerParse

/// The allowlist of HTMLSanitizer, case by case.
@Suite struct SanitizerTests {
    static let base = "https://example.org/blog/post/"

    @Test(arguments: [
        ("<p>Hi <b>there</b></p>", "<p>Hi <b>there</b></p>"),
        ("plain & simple", "plain &amp; simple"),
        ("<script>alert(1)</script>ok", "ok"),
        ("<style>p{}</style><p>x</p>", "<p>x</p>"),
        ("<p onclick=\"evil()\" style=\"x\" class=\"c\">t</p>", "<p>t</p>"),
        ("<a href=\"javascript:alert(1)\">x</a>", "<a>x</a>"),
        ("<a href=\"java\tscript:alert(1)\">x</a>", "<a>x</a>"),
        ("<a href=\"JaVaScRiPt:alert(1)\">x</a>", "<a>x</a>"),
        ("<a href=\"vbscript:x\">x</a>", "<a>x</a>"),
        ("<a href=\"data:text/html,<script>\">x</a>", "<a>x</a>"),
        ("<img src=\"data:image/png;base64,iVBOR\">", "<img src=\"data:image/png;base64,iVBOR\" />"),
        ("<img src=\"data:image/svg+xml,<svg onload=x>\">", "<img />"),
        ("<a href=\"../other\">x</a>", "<a href=\"https://example.org/blog/other\">x</a>"),
        ("<img src=\"/i.png\" onerror=\"x\" alt=\"A\">", "<img src=\"https://example.org/i.png\" alt=\"A\" />"),
        ("<a href=\"mailto:me@example.org\">m</a>", "<a href=\"mailto:me@example.org\">m</a>"),
        ("<iframe src=\"https://www.youtube.com/embed/x\" width=\"5\"></iframe>",
         "<iframe src=\"https://www.youtube.com/embed/x\" width=\"5\"></iframe>"),
        ("<iframe src=\"https://player.vimeo.com/video/1\"></iframe>", "<iframe src=\"https://player.vimeo.com/video/1\"></iframe>"),
        ("<iframe src=\"https://evil.example/\">x</iframe>after", "after"),
        ("<iframe src=\"http://www.youtube.com/embed/x\"></iframe>", ""),
        ("<object data=\"x.swf\"><embed src=\"x.swf\"></object>k", "k"),
        ("<svg><script>x</script></svg>s", "s"),
        ("<form><input value=\"x\"></form>f", "f"),
        ("<p>unclosed <b>bold", "<p>unclosed <b>bold</b></p>"),
        ("</b>stray", "stray"),
        ("<unknown>kept text</unknown>", "kept text"),
        ("a <br> b", "a <br /> b"),
        ("<p title='\"q\"'>t</p>", "<p title=\"&quot;q&quot;\">t</p>"),
        ("<!-- comment -->c", "c"),
        ("&lt;script&gt;", "&lt;script&gt;"),
    ])
    func sanitizes(input: String, expected: String) {
        #expect(HTMLSanitizer.sanitize(input, base: Self.base) == expected)
    }

    @Test func deepNestingIsBounded() {
        let html = String(repeating: "<div>", count: 5000) + "x"
        let out = HTMLSanitizer.sanitize(html, base: nil)
        #expect(out.contains("x"))
        #expect(out.utf8.count < 5000 * 12)
    }

    @Test func contentOfAFeedIsSanitized() {
        let p = parse("""
            <rss version="2.0"><channel><link>http://example.com/</link><item>
            <description>&lt;a href="/rel"&gt;r&lt;/a&gt;&lt;script&gt;bad()&lt;/script&gt;</description>
            </item></channel></rss>
            """, documentURL: "http://example.com/feed.xml")
        #expect(p.articles.first?.summary == "<a href=\"http://example.com/rel\">r</a>")
    }
}
