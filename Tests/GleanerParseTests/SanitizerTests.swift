import Foundation
import GleanerTestSupport
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
        ("<a href=\"../other\">x</a>", "<a href=\"https://example.org/blog/other\" rel=\"noopener noreferrer\">x</a>"),
        ("<img src=\"/i.png\" onerror=\"x\" alt=\"A\">", "<img src=\"https://example.org/i.png\" alt=\"A\" />"),
        ("<a href=\"mailto:me@example.org\">m</a>", "<a href=\"mailto:me@example.org\" rel=\"noopener noreferrer\">m</a>"),
        ("<iframe src=\"https://www.youtube.com/embed/x\" width=\"5\"></iframe>",
         "<iframe src=\"https://www.youtube.com/embed/x\" width=\"5\" \(SanitizerRulesTests.sandbox)></iframe>"),
        ("<iframe src=\"https://player.vimeo.com/video/1\"></iframe>", "<iframe src=\"https://player.vimeo.com/video/1\" \(SanitizerRulesTests.sandbox)></iframe>"),
        ("<iframe src=\"https://evil.example/\">x</iframe>after", "after"),
        ("<iframe src=\"http://www.youtube.com/embed/x\"></iframe>", ""),
        ("<object data=\"x.swf\"><embed src=\"x.swf\"></object>k", "k"),
        ("<svg><script>x</script></svg>s", "<svg></svg>s"),
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
        #expect(p.articles.first?.summary == "<a href=\"http://example.com/rel\" rel=\"noopener noreferrer\">r</a>")
    }

    // MARK: - The fast path against libxml2

    static let hostile: [String] = [
        "<p>Hi <b>there</b></p>", "plain & simple", "a &amp; b &lt; c &gt; d &quot;e&quot; &#39;f&#x27; &eacute; &nbsp;",
        "&#0; &#x110000; &#xD800; &#128; &#x9F; &#13; &#9; &#10;", "&unknown; &amp &#65 &# &#x; &;", "&AMP; &Amp;",
        "<P>up</P><BR><Br/><IMG SRC=\"/x.png\" ALT=x>", "<p>a<p>b<p>c", "<ul><li>a<li>b</ul>", "<li>x<li>y",
        "<b><p>x</p></b>", "<i>a<div>b</div></i>", "<p><div>x</div></p>", "<table><tr><td>a<td>b<tr><td>c</table>",
        "<a href=\"/a\">x<a href=\"/b\">y</a>", "<p>x</span></p>", "</p>x", "<p>x</P >y", "<p>x</p foo>",
        "<br/>", "<br />", "<br / >", "<p/>x", "<img src=x.png/>", "<img src=>", "<img src = \"a b.png\" >",
        "<a href='javascript:alert(1)'>x</a>", "<a href=\"java&#x09;script:x\">x</a>", "<a href=\"&#106;avascript:x\">x</a>",
        "<a href=\" http://e.x/ \">x</a>", "<a href=\"HTTP://E.X/A B\">x</a>", "<a href=\"//cdn.e.x/p\">x</a>",
        "<a href=\"#frag\">x</a>", "<a href=\"?q=1&amp;r=2\">x</a>", "<a href=\"http://e.x/?a=1&b=2\">x</a>",
        "<a href=\"mailto:a@b\">m</a>", "<img src=\"mailto:a@b\">", "<a HREF=\"/x\" href=\"/y\">d</a>",
        "<a href=\"/x\" title=\"t\" title=\"u\">d</a>", "<img src=\"data:image/png;base64,AA\">", "<a href=\"data:image/png,x\">d</a>",
        "<p title='\"q\"'>t</p>", "<p title=\"a>b<c\">t</p>", "<p title=\"&lt;&amp;&gt;&quot;\">t</p>", "<p title=a&amp;b>t</p>",
        "<p title>t</p>", "<p title >t</p>", "<p title=\"x\"lang=\"en\">t</p>", "<p title=\"x\"/>", "<p / title=x>t</p>",
        "<video src=\"/v.mp4\" controls poster=\"/p.jpg\"></video>", "<audio controls src=\"a.mp3\">", "<ol start=3 reversed type=a><li value=2>x</ol>",
        "<td colspan=2>x</td>", "<blockquote cite=\"/c\">q</blockquote>", "<time datetime=\"2020\">t</time>",
        "<!-- c -->x", "<!DOCTYPE html>x", "<?php x ?>", "<![CDATA[x]]>", "a < b", "a <3 b", "a > b", "<>", "< p>", "<p", "<p title=\"x",
        "x</", "<script>x</script>", "<style>p{}</style>", "<iframe src=\"https://www.youtube.com/embed/x\"></iframe>",
        "<wbr>", "<source src=x>", "<svg><g/></svg>", "<o:p></o:p>", "<custom-el>x</custom-el>", "<h1>a<h2>b</h2></h1>",
        "<pre>\nx\n</pre>", "<pre>\n\nx</pre>", "<textarea>x</textarea>", "<p>\u{FFFE}</p>", "<p>\u{0}</p>", "<p>\r\n</p>", "\u{1}",
        "<em>x</em >", "<em\t>x</em>", "<em\n title=\"t\"\n>x</em>", "<P TITLE=\"T\">x</P>", "<col span=2><col>", "<hr>x</hr>",
        "<dl><dt>a<dd>b<dt>c</dl>", "<caption>x<tr>", "<span><td>x</span>", "<a href=x>1<table>2</table></a>",
        "<img alt=\"é &eacute; &#233;\">", "<p lang=en dir=rtl title=\"&#x1F600;\">x</p>", "<abbr title=\"a\tb\nc\">x</abbr>",
        "<p _x=1 :y=2 .z=3>t</p>", "<p data-attachment-id=\"1\" data-image-meta=\"{&quot;a&quot;:1}\">t</p>",
        "<a href=\"/x\" onclick=\"y\" onmouseover=y style=\"color:red\" class=c id=i>t</a>",
        String(repeating: "<div>", count: 120) + "x", String(repeating: "<b>", count: 99) + "x",
        "<img src=\"/a.png\" srcset=\"/b.png 2x\" loading=lazy>", "<a href=\"../../../x\">up</a>", "<a href=\"./a/./b/../c\">d</a>",
        "<a href=\"http://e.x/é\">x</a>", "<a href=\"/ü\">x</a>", "<a href=\"  \">x</a>", "<a href=\"\">x</a>", "<a href>x</a>",
        // Literal ampersands, in text and in attribute values.
        "Small & Medium", "AT&T", "a &amp b", "&amp", "a &", "a &; b", "&&", "&<b>x</b>", "&a.b; &a-b; &_x; &:x; &é;",
        "&nosuchentity; &Amp;", "&#65 &#x41 &#; &#x;", "R&amp;D&#38;", "<a href=\"/s?a=1&b=2&amp;c=3&copy=4\">x</a>",
        "<a href=/s?a=1&b=2>x</a>", "<img alt=\"Q&A\" src=x.png>", "<img alt=\"&#65\">", "x&\ny", "&" + String(repeating: "a", count: 40) + ";",
        // Comments, plain and not.
        "<!-- c -->x", "a<!--c-->b", "<p>a</p><!-- SC_OFF --><div class=\"md\"><p>b</p></div>", "<!---->x", "<!-->x", "<!--->x",
        "<!-- a -- b -->x", "<!-- a --!>x-->", "<!-- <p> -->x", "<!-- x", "<!-- x --", "<!- x ->y", "<!DOCTYPE x>y",
        " <!-- a --> <p>b</p> <!-- c --> ", "<ul><li>a<!-- x --><li>b</ul>", "<p>a<!--\n-->b</p>", "<!--é-->x",
        // End tags of empty elements.
        "<img src=\"/a.png\"></img>x", "<a href=x><img src=y></img></a>", "<col></col><col>", "<hr></hr>", "</img>x",
        "<p>a</br>b</p>", "</br>", "<br></br>", "<table><col width=\"25%\"></col></table>", "<b>x</img></b>",
        // Tags dropped with their content kept: known to libxml2 (with their implied end tags) and unknown.
        "<font color=\"red\" size=2>x</font>", "<font>a<b>x</font>y", "<p>a<font>b<p>c", "<font><td>x", "<font><th>x</th>",
        "<b><font>x<center>y</center></font></b>", "<x>a</x>", "<font/>x", "<menu><li>a<menu>b", "<nav title=x lang=y>a</nav>",
        "<label>a<p>b</label>", "<span>a<td>b", "<font>a<div>b</div>c</font>", "<p>a<fieldset>b</fieldset>c", "<h2>x<fieldset>y",
        "<legend>a<fieldset>b", "<a href=x>a<fieldset>b</fieldset>", "<pre>a<fieldset>b", "<dir><li>a<ul><li>b</ul></dir>",
        "<p>a<dir>b</dir>", "<p>a<menu>b", "<ul><li>a<menu>x</menu></ul>", "<dir>a<dl><dt>b</dl>", "<menu>a<dd>b",
        "<font face=a face=b>x</font>", "<font title=\"&#65\" x=&#66>x</font>", "<nobr>x</nobr>", "<main><article>x</article></main>",
        "<map name=m>x</map>", "<fieldset><legend>L</legend>x</fieldset>", "<o:p>&nbsp;</o:p>", "<st1:place>Here</st1:place>",
        "<html>x", "<body>x</body>", "<head>x", "<area>x", "<param name=x>y", "<basefont size=3>x", "<isindex>x", "<xmp>a<b>x</b></xmp>",
        "<listing>a<li>b", "<plaintext>a<b>x", "<optgroup>x</optgroup>", "</font>x", "<font>x</FONT>", "<FONT>x</font>", "<font>x</b>",
        "<abcdefghijklmnop>x</abcdefghijklmnop>", "<abcdefghijklmnopq>x</abcdefghijklmnopq>", "<font>x</font y>",
        String(repeating: "<x>", count: 120) + "y", String(repeating: "<font>", count: 99) + "<b>x</b>", "<font><font><p>x</font>",
        "<span><font>a</font></span><font><span>b</span></font>", "<font><img src=/a.png></font>", "<font>a</img>b</font>",
    ]

    /// Summaries and contents as the feeds wrote them, from every feed file below `root`.
    static func corpusFragments(_ root: URL) -> [String] {
        var files: [URL] = []
        if let e = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) {
            for case let u as URL in e where ["xml", "rss", "atom", "rdf"].contains(u.pathExtension) { files.append(u) }
        }
        var out: [String] = []
        for f in files.sorted(by: { $0.path < $1.path }) {
            guard let d = try? Data(contentsOf: f) else { continue }
            let p = FeedParser(documentURL: "https://feed.example/dir/feed.xml", sanitizeHTML: false)
            p.push([UInt8](d))
            for a in p.finish().articles { out += [a.summary, a.content].compactMap { $0 } }
        }
        return out
    }

    /// Every fragment the fast path accepts comes out exactly as libxml2's path writes it; so do its
    /// prefixes (unclosed tags, cut references and attributes), its upper-case form and hostile cases.
    @Test func fastPathAgreesWithLibxml2OnTheFixtures() {
        Self.compareFastPathWithLibxml2(corpus: Self.corpusFragments(Fixtures.directory), atLeast: 100)
    }

    /// The same on the real-world captures of the shared corpus (CI has it; a plain clone skips this test).
    @Test(.enabled(if: Fixtures.sharedCorpus != nil, "../shared/corpus is absent: the real-world captures are not compared"))
    func fastPathAgreesWithLibxml2OnTheSharedCorpus() throws {
        let root = try #require(Fixtures.sharedCorpus).appendingPathComponent("realworld-dev")
        Self.compareFastPathWithLibxml2(corpus: Self.corpusFragments(root), atLeast: 800)
    }

    static func compareFastPathWithLibxml2(corpus: [String], atLeast minimum: Int) {
        var inputs = Self.hostile
        for f in corpus {
            inputs.append(f)
            inputs.append(f.uppercased())
            let b = Array(f.utf8)
            let step = max(1, b.count / 12)
            var k = 1
            while k < b.count { inputs.append(String(decoding: b[..<k], as: UTF8.self)); k += step }
        }
        var accepted = 0, checked = 0
        for html in inputs {
            for base in [nil, "https://example.org/blog/post/"] as [String?] {
                var bytes = Array(html.utf8)
                guard !bytes.isEmpty else { continue }
                checked += 1
                guard let fast = bytes.withUnsafeBufferPointer({ HTMLSanitizer.fastSanitize($0.baseAddress!, $0.count, base: base) })
                else { continue }
                accepted += 1
                let slow = HTMLSanitizer.sanitizeWithLibxml2(&bytes, base: base)
                #expect(String(decoding: fast, as: UTF8.self) == slow, "fragment: \(html.prefix(300))")
            }
        }
        print("fast path: \(accepted) of \(checked) fragments accepted (\(corpus.count) from the corpus)")
        #expect(corpus.count >= minimum, "the corpus was not read")
        #expect(accepted > checked / 4)
    }

    /// Absolute http(s) URLs of printable ASCII are written as they are, without a String or resolving:
    /// the same as `keptURL` gives, whatever the scheme's letter case; anything else (other schemes, white
    /// space, non-ASCII, references, relative forms) still goes through it. Each is compared with libxml2's path.
    @Test(arguments: ["http://e.x/i.png", "HTTPS://E.X/a?b=1", "hTtP://e.x/", "http:foo", "https:", "http:",
                      "http://e.x/a b", "http://e.x/\u{FC}", "httpx://e.x/", "http//e.x", "https://e.x/a&amp;b",
                      "javascript:alert(1)", "HTTP://e.x/%41", "https://e.x/a/../b", "//e.x/p", "mailto:a@e.x"])
    func plainHTTPURLsAreKeptAsWritten(url: String) {
        for tag in ["<a href=\"\(url)\">x</a>", "<img src=\"\(url)\" />", "<blockquote cite='\(url)'>q</blockquote>"] {
            var b = Array(tag.utf8)
            let fast = b.withUnsafeBufferPointer { HTMLSanitizer.fastSanitize($0.baseAddress!, $0.count, base: "http://base.example/d/") }
            #expect(fast != nil, "\(tag)")
            #expect(fast.map { String(decoding: $0, as: UTF8.self) } == HTMLSanitizer.sanitizeWithLibxml2(&b, base: "http://base.example/d/"), "\(tag)")
        }
    }

    /// Tags the writer drops while keeping their content (`font`, unknown elements such as `o:p`) are the
    /// fast path's too.
    @Test func fastPathTakesDroppedTags() {
        for html in ["<font color=\"red\">x</font>", "<p>a<font>b<p>c", "<nav>a</nav>", "<o:p></o:p>", "<p>a<fieldset>b</fieldset>",
                     "<font><td>x", "<font face=a face=b>x</font>"] {
            var b = Array(html.utf8)
            let fast = b.withUnsafeBufferPointer { HTMLSanitizer.fastSanitize($0.baseAddress!, $0.count, base: nil) }
            #expect(fast.map { String(decoding: $0, as: UTF8.self) } == HTMLSanitizer.sanitizeWithLibxml2(&b, base: nil), "\(html)")
        }
    }

    /// The fast path's String is made without validating its UTF-8 again; its ASCII flag comes from `isASCII`.
    @Test func fastPathStringIsTheSameString() {
        for html in ["<p>héllo &eacute; &#x1F600; wörld</p>", "<a href=\"/ü\">x</a>", "plain ascii <b>x</b>", "日本語の<em>テキスト</em>、\u{FFFD}"] {
            var b = Array(html.utf8)
            let fast = HTMLSanitizer.sanitize(html, base: "https://example.org/blog/post/")
            #expect(fast == HTMLSanitizer.sanitizeWithLibxml2(&b, base: "https://example.org/blog/post/"), "\(html)")
            #expect(Array(fast.utf8) == Array(String(decoding: Array(fast.utf8), as: UTF8.self).utf8))
        }
        for n in 0..<40 {
            for k in -1..<n {
                var b = [UInt8](repeating: 0x61, count: n)
                if k >= 0 { b[k] = 0xC3 }
                #expect(b.withUnsafeBufferPointer { String.allASCII($0) } == (k < 0), "\(n) \(k)")
            }
        }
    }

    /// Root-relative references are resolved by the fast path from the base's `scheme://authority` (what
    /// `URLResolver` does with them): the same as libxml2's path, which calls `keptURL`, for any base.
    @Test func fastPathRootRelativeURLsAgreeForAnyBase() {
        let bases: [String?] = [nil, "", "https://example.org/blog/post/", "HTTP://Example.ORG", "https://u:p@h.example:8080/a/b?q#f",
                                "mailto:x@example.org", "urn:x:y", "file:///tmp/x", "data:image/png,AA", "javascript:alert(1)//",
                                "//cdn.example/x", "/just/a/path", "https://h.example/ü/", " https://h.example/ ",
                                "https://u&x@h.example/", "https://u\"x@h.example/", "https://u<x>@h.example/a"]
        let refs = ["/", "/tag/x", "/a?b=c#d", "/a:b", "/%20x", "/a/./b", "/a..b", "//other/x", "/é", "/a b", "/a&amp;b", "/<x>", "/\"q\"",
                    "/a'b"]
        let scratch = HTMLSanitizer.FastScratch()
        for base in bases {
            for ref in refs {
                for html in ["<a href=\"\(ref)\">x</a>", "<img src='\(ref)'>", "<a href=\"\(ref)\"><img src=\"\(ref)\"></a>"] {
                    var b = Array(html.utf8)
                    // Twice with the same scratch: the prefix is cached per base.
                    for _ in 0..<2 {
                        let fast = b.withUnsafeBufferPointer {
                            HTMLSanitizer.fastSanitize($0.baseAddress!, $0.count, base: base, validUTF8: true, scratch: scratch)
                        }
                        guard fast else { continue }
                        #expect(scratch.string() == HTMLSanitizer.sanitizeWithLibxml2(&b, base: base), "\(html) against \(base ?? "nil")")
                    }
                }
            }
        }
    }

    /// The fast path's text copy (`copyText`) stores sixteen bytes at a time and advances by the bytes that
    /// belong: a byte that matters at every offset 0..<48 from the start of a fragment, fragments of every
    /// length 0...40 (the sixteen-, eight- and one-byte tails), multi-byte characters cut by the block
    /// boundaries, the same fragments with more after them. Each is compared with libxml2's path, through
    /// one reused scratch (its buffer grows) and through a fresh one with the UTF-8 checked first.
    @Test func fastPathTextCopyAtBlockBoundaries() {
        // Bytes that end or interrupt a text run; the last ones make the fast path decline.
        let accepted = ["<b>x</b>", "&amp;", "&eacute;", "&#x41;", ">", "\n", "\t", "& ", "<!-- c -->", "<br>", "\u{FEFF}",
                        "\u{F8FF}", "\u{FEFB}", "\u{FFFD}", "\u{EFFFF}"]
        let declined = ["\u{FFFE}", "\u{FFFF}", "\u{01}", "\u{1F}", "\r", "a < b"]
        // One to four bytes each; U+FB50 and U+FEFB start with 0xEF as U+FFFE does.
        let fillers = ["a", "é", "ع", "日", "😀", "\u{FB50}", "\u{FEFB}"]
        let scratch = HTMLSanitizer.FastScratch()
        var checked = 0
        func check(_ html: String, accept: Bool) {
            var b = Array(html.utf8)
            let slow = b.isEmpty ? "" : HTMLSanitizer.sanitizeWithLibxml2(&b, base: nil)
            let reused = b.withUnsafeBufferPointer { p in
                p.isEmpty ? false : HTMLSanitizer.fastSanitize(p.baseAddress!, p.count, base: nil, validUTF8: true, scratch: scratch)
            }
            let fresh = b.withUnsafeBufferPointer { p in
                p.isEmpty ? nil : HTMLSanitizer.fastSanitize(p.baseAddress!, p.count, base: nil)
            }
            #expect(reused == accept, "accepted: \(html.debugDescription)")
            #expect((fresh != nil) == accept, "accepted (checked UTF-8): \(html.debugDescription)")
            if reused { #expect(scratch.string() == slow, "\(html.debugDescription)") }
            if let fresh { #expect(String(decoding: fresh, as: UTF8.self) == slow, "\(html.debugDescription)") }
            checked += 1
        }
        for k in 0..<48 {
            for (specials, accept) in [(accepted, true), (declined, false)] {
                for sp in specials {
                    // The byte that matters at byte offset k, with nothing, a short tail or a long one after it.
                    let lead = String(repeating: "x", count: k)
                    for tail in ["", "y", String(repeating: "z", count: 7), String(repeating: "w", count: 23)] {
                        check(lead + sp + tail, accept: accept)
                    }
                    // Multi-byte characters that straddle the block boundaries, shifted by one ASCII byte.
                    for filler in fillers {
                        for shift in ["", "s"] {
                            let text = shift + String(repeating: filler, count: k / filler.utf8.count + 1)
                            check(text + sp + text, accept: accept)
                        }
                    }
                }
            }
        }
        // Every length from 0 to 40, text only (the tails), and text ending in a byte that matters.
        for n in 0...40 {
            for filler in fillers {
                var text = ""
                while text.utf8.count + filler.utf8.count <= n { text += filler }
                text += String(repeating: "x", count: n - text.utf8.count)
                check(text, accept: n > 0)
                if n > 0 { check(String(text.dropLast()) + ">", accept: true) }
                check("<p>" + text + "</p>", accept: true)
            }
        }
        // The reused buffer grows within a fragment (each `>` is written as four bytes) and across fragments.
        for k in [100, 1_000, 5_000, 20_000, 60_000] {
            check(String(repeating: ">", count: k), accept: true)
            check(String(repeating: "نص عربي ", count: k / 8) + String(repeating: "&amp;", count: k / 5) + "<b>x</b>", accept: true)
        }
        print("text copy: \(checked) fragments checked")
        #expect(checked > 10_000)
    }

    /// Attribute values are copied eight bytes at a time and checked for `&`, `<`, `>` and `"` on the way
    /// (`putAttributeValue`): each of them (and references) at every offset of values of every length 0...40,
    /// in plain and URL attributes, quoted both ways; against libxml2's path, through one reused scratch.
    @Test func fastPathAttributeValuesAtWordBoundaries() {
        let scratch = HTMLSanitizer.FastScratch()
        var accepted = 0, checked = 0
        for n in 0...40 {
            for k in -1..<max(n, 1) {
                for special in ["&", "<", ">", "\"", "'", "&amp;", "&lt;", "&#x22;", "é", "\u{FEFB}"] {
                    var value = Array(String(repeating: "v", count: n).utf8)
                    if k >= 0, k < n { value.replaceSubrange(k..<(k + 1), with: Array(special.utf8)) }
                    let v = String(decoding: value, as: UTF8.self)
                    for html in ["<p title=\"\(v)\">x</p>", "<p title='\(v)'>x</p>", "<a href=\"/\(v)\">x</a>",
                                 "<img alt=\"\(v)\" src='/a\(v)'>"] {
                        var b = Array(html.utf8)
                        checked += 1
                        let fast = b.withUnsafeBufferPointer {
                            HTMLSanitizer.fastSanitize($0.baseAddress!, $0.count, base: "https://example.org/a/", validUTF8: true,
                                                       scratch: scratch)
                        }
                        guard fast else { continue }
                        accepted += 1
                        #expect(scratch.string() == HTMLSanitizer.sanitizeWithLibxml2(&b, base: "https://example.org/a/"), "\(html)")
                    }
                }
            }
        }
        print("attribute values: \(accepted) of \(checked) fragments accepted")
        #expect(accepted > checked / 2)
    }

    /// Attribute names are remembered per tag (`FastSeen`, emptied at each tag): a name repeated within a
    /// tag is left to libxml2, the same name on the next tag is not; up to `fastMaxAttributes` per tag.
    @Test func fastPathAttributeNamesPerTag() {
        let scratch = HTMLSanitizer.FastScratch()
        func fast(_ html: String) -> String? {
            let b = Array(html.utf8)
            let ok = b.withUnsafeBufferPointer {
                HTMLSanitizer.fastSanitize($0.baseAddress!, $0.count, base: nil, validUTF8: true, scratch: scratch)
            }
            return ok ? scratch.string() : nil
        }
        func slow(_ html: String) -> String {
            var b = Array(html.utf8)
            return HTMLSanitizer.sanitizeWithLibxml2(&b, base: nil)
        }
        for html in ["<p title=a><b title=b>x</b></p>", "<p title=a lang=b></p><p lang=c title=d>y</p>",
                     "<img alt=a title=b><img title=c alt=d>", "<font face=a><b title=x>y</b></font><p title=z>w</p>"] {
            #expect(fast(html) == slow(html), "\(html)")
        }
        for html in ["<p title=a TITLE=b>x</p>", "<p>x</p><b lang=a title=b lang=c>y</b>", "<img alt=a src=/b ALT=c>"] {
            #expect(fast(html) == nil, "\(html)")
        }
        for k in [1, 63, 64, 65, 200] {
            let attrs = (0..<k).map { "d\($0)=x" }.joined(separator: " ")
            let html = "<p \(attrs) title=t>a</p><b title=u>b</b>"
            #expect((fast(html) != nil) == (k < 64), "\(k) attributes")
            if let f = fast(html) { #expect(f == slow(html), "\(k) attributes") }
        }
    }

    @Test func fastPathRefusesWhatItCannotProve() {
        for html in ["<!-- a -- b -->x", "<script>x</script>", "a < b", "<p>x</span>", "<a href=\"/x\" href=\"/y\">d</a>",
                     "&#65 x", "<iframe src=\"https://www.youtube.com/embed/x\"></iframe>", "<p/>", "<p>\u{FFFE}</p>",
                     "<html>x", "<area>x", "<xmp>x</xmp>", "<font>x</b>", "<font/>x", "<wbr>", "<svg>x</svg>"] {
            let b = Array(html.utf8)
            #expect(b.withUnsafeBufferPointer { HTMLSanitizer.fastSanitize($0.baseAddress!, $0.count, base: nil) } == nil, "\(html)")
        }
    }
}
