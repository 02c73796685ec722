import Foundation
import GleanerExtract
import GleanerModel
import GleanerTestSupport
import Testing

/// The extractor on a real-style Arabic WordPress article, and one small page per signal it reads.
@Suite struct ExtractorTests {
    static func extract(_ html: String, url: String? = "https://news.example/2025/11/story/",
                        contentType: String? = "text/html; charset=utf-8") -> ExtractedArticle? {
        Extractor.extract(bytes: Array(html.utf8), url: url, contentType: contentType)
    }

    /// Paragraphs of the body, long enough to be an article.
    static let body = """
        <p>The council voted on Tuesday, after a long debate, to extend the library's opening hours into the evening.</p>
        <h2>What changes</h2>
        <p>From January, the main branch will stay open until nine, and the two smaller branches until seven.</p>
        <p>Staff said the change, requested by students, would cost little, since the building is lit anyway.</p>
        """

    static func page(head: String = "", article: String, extra: String = "") -> String {
        """
        <!DOCTYPE html><html lang="en"><head><title>Library hours extended – Town News</title>
        <meta property="og:site_name" content="Town News">\(head)</head><body>
        <header class="site-header"><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav></header>
        <div class="content-wrap"><article><h1>Library hours extended</h1>
        <div class="entry-content">\(article)</div></article>
        <aside class="sidebar"><h3>Most read</h3><ul><li><a href="/a">Bridge closes for repairs next week</a></li></ul></aside></div>
        \(extra)<footer>Copyright Town News, all rights reserved, 2025.</footer></body></html>
        """
    }

    static func paragraphs(_ a: ExtractedArticle?) -> [String] {
        (a?.text ?? "").components(separatedBy: "\n\n")
    }

    /// Every paragraph and subheading of the Arabic dev page, exactly and in order; none of its theme
    /// boilerplate (related posts, comment form, share buttons, in-post ad label, sidebar, script text).
    @Test func arabicWordPressArticle() throws {
        let expected = try JSONSerialization.jsonObject(
            with: Data(Fixtures.bytes("extraction/jannah-article.expected.json"))) as! [String: Any]
        let a = try #require(Extractor.extract(
            bytes: Fixtures.bytes("extraction/jannah-article.html"), url: expected["url"] as? String,
            contentType: "text/html; charset=utf-8"))
        #expect(Self.paragraphs(a) == expected["paragraphs"] as! [String])
        for s in expected["must_not_contain"] as! [String] {
            #expect(!a.text.contains(s), "boilerplate kept: \(s)")
        }
        #expect(a.title == expected["title"] as? String)
        #expect(a.byline == expected["byline"] as? String)
        #expect(a.lang == "ar")
        #expect(a.published == Timestamp(year: 2025, month: 11, day: 6, hour: 9, minute: 14, second: 27))
        #expect(a.html.contains("<h2>") && !a.html.contains("<script"))
    }

    /// The body's paragraphs come out separated by one blank line, the subheading on its own line; the
    /// title loses the site's suffix; navigation, sidebar and footer stay out.
    @Test func plainPage() throws {
        let a = try #require(Self.extract(Self.page(article: Self.body)))
        #expect(Self.paragraphs(a) == [
            "The council voted on Tuesday, after a long debate, to extend the library's opening hours into the evening.",
            "What changes",
            "From January, the main branch will stay open until nine, and the two smaller branches until seven.",
            "Staff said the change, requested by students, would cost little, since the building is lit anyway.",
        ])
        #expect(a.title == "Library hours extended")
        #expect(a.lang == "en")
    }

    /// Without an h1 the title is the document's, without " – Site name".
    @Test func titleWithoutSiteName() throws {
        let html = Self.page(article: Self.body).replacingOccurrences(of: "<h1>Library hours extended</h1>", with: "")
        #expect(Self.extract(html)?.title == "Library hours extended")
    }

    /// Lazy images: `data-src` (over a placeholder `src`) and `data-srcset` become a real, absolute `src`.
    @Test func lazyImages() throws {
        let a = try #require(Self.extract(Self.page(article: """
            <figure><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="/img/hall.jpg" alt="The hall"></figure>
            \(Self.body)<p><img data-srcset="/img/small.jpg 480w, /img/big.jpg 1024w"></p>
            """)))
        #expect(a.html.contains(#"src="https://news.example/img/hall.jpg""#))
        #expect(a.html.contains(#"src="https://news.example/img/small.jpg""#))
        #expect(!a.html.contains("data:image/gif"))
    }

    /// Relative links resolve against `<base href>` (itself relative to the page URL) when there is one.
    @Test func baseElement() throws {
        let a = try #require(Self.extract(Self.page(head: #"<base href="/archive/2025/">"#, article: Self.body + """
            <p>The full decision, with the council's reasons, is in <a href="minutes.html">the minutes</a> of the meeting held this week.</p>
            """)))
        #expect(a.html.contains(#"href="https://news.example/archive/2025/minutes.html""#))
    }

    /// JSON-LD gives the byline and the publication time; `articleBody` stands in when the markup is an
    /// application shell without the text.
    @Test func jsonLD() throws {
        let ld = """
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Town News"},
            {"@type":"NewsArticle","headline":"Library hours extended","datePublished":"2025-11-04T18:30:00+01:00",
            "author":[{"@type":"Person","name":"Ana Ruiz"},{"@type":"Person","name":"Li Wei"}],
            "articleBody":"The council voted on Tuesday to extend the library's opening hours.\\nStaff said the change would cost little, since the building is lit anyway."}]}</script>
            """
        let a = try #require(Self.extract(Self.page(head: ld, article: Self.body)))
        #expect(a.byline == "Ana Ruiz, Li Wei")
        #expect(a.published == Timestamp(year: 2025, month: 11, day: 4, hour: 17, minute: 30))
        #expect(a.text.hasPrefix("The council voted on Tuesday, after a long debate"))

        let shell = try #require(Self.extract("<html><head>\(ld)</head><body><div id=app></div></body></html>"))
        #expect(Self.paragraphs(shell) == [
            "The council voted on Tuesday to extend the library's opening hours.",
            "Staff said the change would cost little, since the building is lit anyway.",
        ])
    }

    /// Boilerplate placed inside the body: "read also" and "Related:" links, ad labels, a newsletter box,
    /// share buttons, a related-posts list.
    @Test func boilerplateInsideTheBody() throws {
        let a = try #require(Self.extract(Self.page(article: """
            <p>The council voted on Tuesday, after a long debate, to extend the library's opening hours into the evening.</p>
            <p><strong>Read also:</strong> <a href="/x">Museum to open on Sundays from spring</a></p>
            <p>اقرأ أيضاً: <a href="/y">المتحف يفتح أبوابه أيام الأحد</a></p>
            <div class="ad-slot"><span>Advertisement</span></div><p>Advertisement</p>
            <p>From January, the main branch will stay open until nine, and the two smaller branches until seven.</p>
            <p>Related: <a href="/z">Budget talks stall again</a></p>
            <div class="newsletter-box"><h3>Get the morning briefing</h3><p>Sign up for our daily newsletter, free.</p></div>
            <div class="share-buttons"><a href="#">Facebook</a> <a href="#">Share on X</a></div>
            <ul class="related-posts"><li><a href="/r1">Parking fees to rise in March, council says</a></li></ul>
            <p>Staff said the change, requested by students, would cost little, since the building is lit anyway.</p>
            """)))
        #expect(Self.paragraphs(a) == [
            "The council voted on Tuesday, after a long debate, to extend the library's opening hours into the evening.",
            "From January, the main branch will stay open until nine, and the two smaller branches until seven.",
            "Staff said the change, requested by students, would cost little, since the building is lit anyway.",
        ])
    }

    /// libxml2 lets an unclosed `<button>` swallow the rest of the page; the article inside it still comes
    /// out (form controls are set aside only when they hold little of the text).
    @Test func articleSwallowedByAnUnclosedButton() throws {
        let a = try #require(Self.extract("""
            <html><body><div class="top"><button class="toggle">Menu<div class="page"><article>\(Self.body)</article>
            </div></div></body></html>
            """))
        #expect(Self.paragraphs(a).count == 4)
    }

    /// A layout class word (`sidebar-first-only` on the main column) does not take the article with it; the
    /// real sidebar goes.
    @Test func layoutClassOnTheMainColumn() throws {
        let a = try #require(Self.extract("""
            <html><body><section class="col-sm-9 sidebar-first-only">\(Self.body)</section>
            <div class="sidebar"><p>Our newsletter, every morning, with the news that matters to you, free of charge.</p></div></body></html>
            """))
        #expect(Self.paragraphs(a).count == 4)
        #expect(!a.text.contains("newsletter"))
    }

    /// Page builders cut an article into sections that score alike; their common ancestor is the article.
    @Test func articleCutIntoBuilderSections() throws {
        let sections = (1...5).map { n in
            """
            <div class="et_pb_section"><div class="et_pb_row"><div class="et_pb_text">
            <p>Section \(n) explains, in plain words, one step of the process, and why it matters to the reader.</p>
            <p>It adds, for step \(n), an example, a warning, and a tip that the previous sections did not give.</p>
            </div></div></div>
            """
        }.joined()
        let a = try #require(Self.extract("<html><body><div class=\"et-l\">\(sections)</div></body></html>"))
        #expect(Self.paragraphs(a).count == 10)
    }

    /// A page with no article (a link hub, an empty shell) gives nothing rather than its menu.
    @Test func noArticle() {
        #expect(Self.extract("<html><body><div id=root></div><script>boot()</script></body></html>") == nil)
        #expect(Self.extract("""
            <html><body><nav><ul><li><a href=/a>Home</a></li><li><a href=/b>World</a></li><li><a href=/c>Sport</a></li></ul></nav>
            <footer>© 2025</footer></body></html>
            """) == nil)
        #expect(Extractor.extract(bytes: [], url: nil, contentType: nil) == nil)
    }

    /// The charset named by `<meta charset>` decodes a page served without one (windows-1256 Arabic); the
    /// HTTP header's charset wins over it.
    @Test func charsetFromMeta() throws {
        // "سلام عليكم" in windows-1256, repeated into a paragraph.
        let salaam: [UInt8] = [0xD3, 0xE1, 0xC7, 0xE3, 0x20, 0xDA, 0xE1, 0xED, 0xDF, 0xE3]
        var bytes = Array(#"<html><head><meta charset="windows-1256"></head><body><article><p>"#.utf8)
        for _ in 0..<12 { bytes += salaam + [0x2C, 0x20] }
        bytes += Array("</p></article></body></html>".utf8)
        let a = try #require(Extractor.extract(bytes: bytes, url: nil, contentType: "text/html"))
        #expect(a.text.hasPrefix("سلام عليكم, سلام عليكم,"))
        let latin = Extractor.extract(bytes: bytes, url: nil, contentType: "text/html; charset=iso-8859-1")
        #expect(latin?.text.hasPrefix("ÓáÇã") == true)
    }

    /// Hostile pages finish in bounded time and memory: nesting 100,000 deep, a 10 MB attribute value,
    /// a megabyte of character references.
    @Test func hostilePages() throws {
        let clock = ContinuousClock()
        let sentence = "This paragraph sits at the bottom of a very deep nest of elements, and it is the article. "
        // libxml2 stops reading at depth 256 (without XML_PARSE_HUGE): what came before the nest is kept.
        let deep = "<html><body><article><p>" + sentence + "</p>" + String(repeating: "<div>", count: 100_000) + "<p>deep</p>"
            + String(repeating: "</div>", count: 100_000) + "</article></body></html>"
        let huge = "<html><body><article><p title=\"" + String(repeating: "a", count: 10 << 20) + "\">" + sentence + "</p></article></body></html>"
        let entities = "<html><body><article><p>" + String(repeating: "&amp;&#x41;&eacute;", count: 100_000) + "</p></article></body></html>"
        for page in [deep, huge, entities] {
            let start = clock.now
            let a = Self.extract(page)
            #expect(clock.now - start < .seconds(30))
            #expect((a?.text.count ?? 0) > 40)
        }
        #expect(Self.extract(deep)?.text == sentence.trimmingCharacters(in: .whitespaces))
    }
}
