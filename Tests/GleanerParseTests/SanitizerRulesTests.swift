import GleanerTestSupport
import Testing
@testable import GleanerParse

/// What the sanitizer adds and removes so that its output is safe to render (Tests/Contracts/OUTPUT.md,
/// "Sanitized HTML"), each rule through both paths: `sanitize` (fast path first) and libxml2's alone.
@Suite struct SanitizerRulesTests {
    static let base = "https://example.org/blog/post/"

    /// Both paths give `expected`; and where the fast path takes the fragment, exactly what libxml2's gives.
    static func check(_ input: String, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(HTMLSanitizer.sanitize(input, base: base) == expected, sourceLocation: sourceLocation)
        var bytes = Array(input.utf8)
        #expect(HTMLSanitizer.sanitizeWithLibxml2(&bytes, base: base) == expected, sourceLocation: sourceLocation)
        let b = Array(input.utf8)
        if let fast = b.withUnsafeBufferPointer({ HTMLSanitizer.fastSanitize($0.baseAddress!, $0.count, base: base) }) {
            #expect(String(decoding: fast, as: UTF8.self) == expected, "fast path", sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: [
        ("<a href=\"/x\">x</a>", "<a href=\"https://example.org/x\" rel=\"noopener noreferrer\">x</a>"),
        ("<a href=\"http://e.x/\" title=\"t\" rel=\"opener\" target=\"_top\">x</a>",
         "<a href=\"http://e.x/\" title=\"t\" rel=\"noopener noreferrer\">x</a>"),
        // No link, no `rel`.
        ("<a name=\"n\">x</a>", "<a>x</a>"),
        ("<a href=\"javascript:alert(1)\">x</a>", "<a>x</a>"),
    ])
    func linksGetRel(input: String, expected: String) { Self.check(input, expected) }

    static let sandbox = "sandbox=\"allow-scripts allow-same-origin allow-popups\" referrerpolicy=\"strict-origin-when-cross-origin\""

    @Test(arguments: [
        ("<iframe src=\"https://www.youtube-nocookie.com/embed/x\" onload=\"y\"></iframe>",
         "<iframe src=\"https://www.youtube-nocookie.com/embed/x\" \(sandbox)></iframe>"),
        ("<iframe src=\"https://www.dailymotion.com/embed/video/x\" allowfullscreen></iframe>",
         "<iframe src=\"https://www.dailymotion.com/embed/video/x\" allowfullscreen=\"\" \(sandbox)></iframe>"),
        ("<iframe src=\"https://player.vimeo.com/video/1\" sandbox=\"allow-top-navigation\"></iframe>",
         "<iframe src=\"https://player.vimeo.com/video/1\" \(sandbox)></iframe>"),
        ("<iframe src=\"http://player.vimeo.com/video/1\"></iframe>k", "k"),
        ("<iframe src=\"https://www.youtube.com.evil.example/embed/x\"></iframe>k", "k"),
        ("<iframe src=\"//www.youtube.com/embed/x\"></iframe>k", "k"),
    ])
    func iframesOnlyFromVideoHostsAndSandboxed(input: String, expected: String) {
        // `//host` resolves against the https base: kept then. Without a base it has no scheme: dropped.
        if input.contains("\"//") {
            #expect(HTMLSanitizer.sanitize(input, base: nil) == expected)
        } else {
            Self.check(input, expected)
        }
    }

    @Test(arguments: [
        ("<p>a<img src=\"https://e.x/p.gif\" width=\"1\" height=\"1\">b</p>", "<p>ab</p>"),
        ("<p>a<img src=\"https://e.x/p.gif\" width=\"0\" height=\"0\" />b</p>", "<p>ab</p>"),
        ("<p>a<img src=\"https://e.x/p.gif\" width=1px height=1 alt=\"\">b</p>", "<p>ab</p>"),
        ("<img src=\"https://feeds.feedburner.com/~r/Blog/~4/abc\" height=\"1\">", ""),
        ("<img src=\"http://feedproxy.google.com/~r/Blog/~4/abc\">", ""),
        ("<a href=\"http://feeds.feedburner.com/~ff/Blog?a=1\"><img src=\"http://feeds.feedburner.com/~ff/Blog?d=2\" border=\"0\"></img></a>",
         "<a href=\"http://feeds.feedburner.com/~ff/Blog?a=1\" rel=\"noopener noreferrer\"></a>"),
        ("<img src=\"https://pixel.wp.com/b.gif?host=x\" alt=\"\">x", "x"),
        ("<img src=\"https://stats.wordpress.com/b.gif?v=1\">x", "x"),
        ("<img src=\"https://ad.doubleclick.net/ddm/ad/x;ord=1\">x", "x"),
        ("<img src=\"https://www.google-analytics.com/collect?v=1\">x", "x"),
        ("<img src=\"http://da.feedsportal.com/r/1/rc.img\">x", "x"),
        // Pictures stay: 1 wide but taller, or no size, or a look-alike host.
        ("<img src=\"https://e.x/rule.png\" width=\"1\" height=\"20\">",
         "<img src=\"https://e.x/rule.png\" width=\"1\" height=\"20\" />"),
        ("<img src=\"https://e.x/p.gif\" width=\"10\" height=\"1\">", "<img src=\"https://e.x/p.gif\" width=\"10\" height=\"1\" />"),
        ("<img src=\"https://notdoubleclick.net/a.png\">", "<img src=\"https://notdoubleclick.net/a.png\" />"),
        ("<img src=\"https://feeds.feedburner.com/logo.png\">", "<img src=\"https://feeds.feedburner.com/logo.png\" />"),
    ])
    func trackingPixelsAreRemoved(input: String, expected: String) { Self.check(input, expected) }

    @Test(arguments: [
        ("<img src=\"/a.jpg\" srcset=\"/a-2x.jpg 2x, b.jpg 640w,javascript:x 3x, data:image/png,AA 4x\" alt=\"A\">",
         "<img src=\"https://example.org/a.jpg\" srcset=\"https://example.org/a-2x.jpg 2x, https://example.org/blog/post/b.jpg 640w\" alt=\"A\" />"),
        ("<img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\" data-src=\"/real.jpg\" alt=\"A\">",
         "<img src=\"https://example.org/real.jpg\" alt=\"A\" />"),
        ("<img data-lazy-src=\"real.jpg\" data-lazy-srcset=\"real-2x.jpg 2x\">",
         "<img src=\"https://example.org/blog/post/real.jpg\" srcset=\"https://example.org/blog/post/real-2x.jpg 2x\" />"),
        ("<img src=\"/p.gif\" data-original=\"javascript:alert(1)\">", "<img src=\"https://example.org/p.gif\" />"),
        ("<img srcset=\"javascript:alert(1) 1x\">", "<img />"),
        ("<img src=\"/a.jpg\" srcset=\"/i.jpg?w=1,2 2x\">",
         "<img src=\"https://example.org/a.jpg\" srcset=\"https://example.org/i.jpg?w=1,2 2x\" />"),
        ("<picture><source data-srcset=\"/a.webp\" type=\"image/webp\"><img src=\"/a.jpg\"></picture>",
         "<picture><source type=\"image/webp\" srcset=\"https://example.org/a.webp\" /><img src=\"https://example.org/a.jpg\" /></picture>"),
    ])
    func lazyImagesAndSrcsetBecomeReal(input: String, expected: String) { Self.check(input, expected) }

    @Test(arguments: [
        ("<a href=\"data:text/html;base64,PHNjcmlwdD4=\">x</a>", "<a>x</a>"),
        ("<a href=\"vbscript:msgbox(1)\">x</a>", "<a>x</a>"),
        ("<img src=\"data:image/svg+xml;base64,PHN2Zz4=\">", "<img />"),
        ("<img src=\"data:image/pngx,AA\">", "<img />"),
        ("<video poster=\"data:image/png;base64,AA\" src=\"javascript:x\"></video>", "<video></video>"),
        ("<img src=\"data:image/webp;base64,UklGRg==\">", "<img src=\"data:image/webp;base64,UklGRg==\" />"),
    ])
    func scriptAndDataURLsNeverSurvive(input: String, expected: String) { Self.check(input, expected) }

    /// An inline image bigger than `URLResolver.maxDataImage` goes; one just under it stays.
    @Test func dataImagesAreCapped() {
        let head = "data:image/png;base64,"
        let small = head + String(repeating: "A", count: URLResolver.maxDataImage - head.utf8.count)
        let big = small + "A"
        Self.check("<img src=\"\(small)\">", "<img src=\"\(small)\" />")
        Self.check("<img src=\"\(big)\">", "<img />")
    }

    // MARK: - SVG and MathML

    @Test(arguments: [
        ("<svg viewBox=\"0 0 10 10\" width=\"10\"><path d=\"M0 0L10 10\" fill=\"red\" onclick=\"x()\"/></svg>",
         "<svg viewBox=\"0 0 10 10\" width=\"10\"><path d=\"M0 0L10 10\" fill=\"red\"></path></svg>"),
        ("<p>a</p><svg><linearGradient id=\"g\"><stop offset=\"0\" stop-color=\"#fff\"/></linearGradient>"
            + "<rect fill=\"url(#g)\" width=\"5\" height=\"5\"/></svg><p>b</p>",
         "<p>a</p><svg><linearGradient id=\"g\"><stop offset=\"0\" stop-color=\"#fff\"></stop></linearGradient>"
            + "<rect fill=\"url(#g)\" width=\"5\" height=\"5\"></rect></svg><p>b</p>"),
        // No script, no handlers, no style, no foreignObject, no external reference.
        ("<svg><script>alert(1)</script><style>*{}</style><circle r=\"1\" style=\"fill:url(https://e.x/)\" "
            + "fill=\"url(https://e.x/a.svg#p)\"/><foreignObject><p>html</p></foreignObject></svg>after",
         "<svg><circle r=\"1\"></circle></svg>after"),
        ("<svg><use href=\"https://e.x/sprite.svg#i\"/><use xlink:href=\"#i\"/><image href=\"/x.png\"/></svg>",
         "<svg><use></use><use xlink:href=\"#i\"></use></svg>"),
        ("<svg><a href=\"javascript:alert(1)\"><text x=\"1\">t<tspan>u</tspan></text></a></svg>",
         "<svg><text x=\"1\">t<tspan>u</tspan></text></svg>"),
        ("<svg><animate attributeName=\"href\" to=\"javascript:alert(1)\"/><set to=\"x\"/><title>T</title></svg>",
         "<svg><title>T</title></svg>"),
        ("<svg><path fill=\"u\\rl(https://e.x/)\"/></svg>", "<svg><path></path></svg>"),
        ("<math display=\"block\"><mi>x</mi><mo>=</mo><mfrac><mn>1</mn><mn>2</mn></mfrac>"
            + "<annotation-xml encoding=\"text/html\"><a href=\"/x\">h</a></annotation-xml></math>",
         "<math display=\"block\"><mi>x</mi><mo>=</mo><mfrac><mn>1</mn><mn>2</mn></mfrac></math>"),
        ("<math><mi href=\"javascript:x\" onclick=\"y\">x</mi><maction actiontype=\"toggle\">a</maction></math>",
         "<math><mi>x</mi></math>"),
        // Outside a root, SVG's names are unknown elements: their tags go, their text stays.
        ("<path d=\"M0\">t</path>", "t"),
    ])
    func svgAndMathMLAreKeptSanitized(input: String, expected: String) { Self.check(input, expected) }

    /// A feed's content with an inline chart: the SVG survives the whole pipeline.
    @Test func svgInFeedContentIsKept() {
        let p = parse("""
            <rss version="2.0"><channel><item><title>t</title>
            <description><![CDATA[<p>Chart:</p><svg viewBox="0 0 2 2"><circle cx="1" cy="1" r="1" onload="x()"/></svg>]]></description>
            </item></channel></rss>
            """)
        #expect(p.articles.first?.summary == "<p>Chart:</p><svg viewBox=\"0 0 2 2\"><circle cx=\"1\" cy=\"1\" r=\"1\"></circle></svg>")
    }

    // MARK: - References to C1 code points

    @Test(arguments: [
        ("It&#146;s", "It’s"), ("&#128;5", "€5"), ("&#x93;q&#X94;", "“q”"), ("&#0150;", "–"), ("&#146 s", "’ s"),
        ("<p title=\"&#147;t&#148;\">x</p>", "<p title=\"“t”\">x</p>"), ("&#129;", "\u{81}"), ("&#160;", "\u{A0}"),
    ])
    func c1ReferencesReadAsWindows1252(input: String, expected: String) { Self.check(input, expected) }

    /// Long digit runs (more than a UInt32 holds) are out of range: left as written, never a trap.
    @Test(arguments: ["&#5000000000;", "&#x100000000;", "&#9999999999", "&#xFFFFFFFFF;", "&#4294967296;x"])
    func hugeReferencesAreLeftAlone(input: String) {
        var bytes = Array(input.utf8)
        HTMLSanitizer.mapC1References(&bytes)
        #expect(bytes == Array(input.utf8))
    }

    /// `&amp;#146;` in a feed's escaped HTML is the HTML reference `&#146;`: a right single quote.
    @Test func c1ReferenceInFeedContent() {
        let p = parse("""
            <rss version="2.0"><channel><item><title>Don&#146;t</title>
            <description>&lt;p&gt;Don&amp;#146;t&lt;/p&gt;</description></item></channel></rss>
            """)
        #expect(p.articles.first?.title == "Don’t")
        #expect(p.articles.first?.summary == "<p>Don’t</p>")
    }

    // MARK: - The fast path's libxml2 versions

    /// The fast path runs only on a libxml2 it was verified against; on any other, every fragment takes
    /// libxml2's path (and the comparisons in SanitizerTests still run the fast path directly).
    @Test func fastPathOnlyOnVerifiedLibxml2() {
        #expect(HTMLSanitizer.linkedLibxml2Version >= 20900, "xmlParserVersion unreadable")
        #expect(HTMLSanitizer.fastPathVerified == HTMLSanitizer.fastPathVerifiedVersions.contains(HTMLSanitizer.linkedLibxml2Version))
        let bytes = Array("<p>x</p>".utf8)
        let taken = bytes.withUnsafeBufferPointer {
            HTMLSanitizer.fastSanitize($0.baseAddress!, $0.count, base: nil, validUTF8: true, scratch: HTMLSanitizer.FastScratch())
        }
        #expect(taken == HTMLSanitizer.fastPathVerified)
        print("libxml2 \(HTMLSanitizer.linkedLibxml2Version): fast path \(HTMLSanitizer.fastPathVerified ? "on" : "off")")
    }
}
