import GleanerModel
import Testing
@testable import GleanerParse

/// JSON Feed, Media RSS, iTunes, slash/wfw, streaming, and the title rules added for issue 3.
@Suite struct CoverageTests {
    @Test func jsonFeed11() {
        let p = parse("""
            \n  {"version": "https://jsonfeed.org/version/1.1", "title": "J &amp; F", "home_page_url": "https://example.org/",
             "feed_url": "https://example.org/feed.json", "language": "ar", "authors": [{"name": "Ed"}],
             "items": [
              {"id": 42, "url": "/posts/1", "title": "One", "content_html": "<p>Hi</p>", "summary": "S",
               "date_published": "2025-11-06T09:14:27+01:00", "tags": ["a", "b"], "image": "img.png",
               "attachments": [{"url": "ep.mp3", "mime_type": "audio/mpeg", "size_in_bytes": 123}]},
              {"id": "2", "content_text": "plain \\u00e9\\ud83d\\ude00", "authors": [{"name": "Al", "url": "/al"}]}
             ]}
            """)
        #expect(p.format == "json1.1")
        #expect(p.wellformed)
        #expect(p.feed.title == "J &amp; F", "JSON Feed titles are plain text: nothing to decode")
        #expect(p.feed.link == "https://example.org/")
        #expect(p.feed.selfLink == "https://example.org/feed.json")
        #expect(p.feed.language == "ar")
        #expect(p.articles.count == 2)
        let a = p.articles[0]
        #expect(a.id == "42")
        #expect(a.link == "https://example.org/posts/1")
        #expect(a.content == "<p>Hi</p>" && a.contentType == .html)
        #expect(a.summary == "S" && a.summaryType == .text)
        #expect(a.published?.rfc3339 == "2025-11-06T08:14:27Z")
        #expect(a.categories == ["a", "b"])
        #expect(a.image == "https://example.org/img.png")
        #expect(a.enclosures == [Enclosure(url: "https://example.org/ep.mp3", type: "audio/mpeg", length: 123)])
        #expect(a.authors == [Person(name: "Ed")])
        #expect(a.language == "ar")
        #expect(p.articles[1].content == "plain é😀" && p.articles[1].contentType == .text)
        #expect(p.articles[1].authors == [Person(name: "Al", uri: "https://example.org/al")])
    }

    @Test func jsonFeed10AndBroken() {
        let p = parse(#"{"version":"https://jsonfeed.org/version/1","title":"t","author":{"name":"Old"},"items":[{"id":"x"}]}"#)
        #expect(p.format == "json1.0")
        #expect(p.articles.first?.authors == [Person(name: "Old")])
        let bad = parse(#"{"version":"https://jsonfeed.org/version/1","items":[{"id":"x"}"#)
        #expect(!bad.wellformed)
        #expect(bad.articles.isEmpty)
        let deep = parse(String(repeating: "[", count: 10_000))
        #expect(!deep.wellformed)
    }

    @Test func mediaITunesSlashWfw() {
        let p = parse("""
            <rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" xmlns:itunes="http://www.itunes.com/DTDs/Podcast-1.0.dtd"
                 xmlns:slash="http://purl.org/rss/1.0/modules/slash/" xmlns:wfw="http://wellformedweb.org/CommentAPI/">
            <channel><title>P</title><link>http://example.com/</link><itunes:image href="/cover.jpg"/>
            <item><title>E1</title><itunes:author>Host</itunes:author><itunes:duration>1:02:03</itunes:duration>
              <itunes:keywords>x, y ,z</itunes:keywords><itunes:image href="http://example.com/e1.jpg"/>
              <media:group><media:content url="http://example.com/a.mp4" type="video/mp4" fileSize="10"/>
                <media:content url="/b.webm" type="video/webm"/></media:group>
              <media:thumbnail url="http://example.com/t.jpg"/>
              <slash:comments>7</slash:comments><wfw:commentRss>/c/1.rss</wfw:commentRss></item>
            <item><title>E2</title><itunes:duration>95</itunes:duration><media:thumbnail url="/t2.jpg"/></item>
            </channel></rss>
            """)
        #expect(p.feed.image == "http://example.com/cover.jpg")
        let a = p.articles[0]
        #expect(a.authors == [Person(name: "Host")])
        #expect(a.duration == 3723)
        #expect(a.categories == ["x", "y", "z"])
        #expect(a.image == "http://example.com/e1.jpg", "the first image wins")
        #expect(a.enclosures.map(\.url) == ["http://example.com/a.mp4", "http://example.com/b.webm"])
        #expect(a.commentCount == 7)
        #expect(a.commentsFeed == "http://example.com/c/1.rss")
        #expect(p.articles[1].duration == 95)
        #expect(p.articles[1].image == "http://example.com/t2.jpg")
    }

    @Test func brInTitleIsASpace() {
        let p = parse("<rss version='2.0'><channel><item><title>One&lt;br/&gt;Two&lt;br&gt;Three</title></item></channel></rss>")
        #expect(p.articles.first?.title == "One Two Three")
    }

    @Test func streamingHandsArticlesOverAndKeepsNone() {
        final class Box { var titles: [String?] = [] }
        let box = Box()
        let parser = FeedParser(onArticle: { box.titles.append($0.title) })
        parser.push(Array("<rss version='2.0'><channel><language>fr</language><item><title>1</title></item>".utf8))
        #expect(box.titles == ["1"], "handed over as soon as the item ends")
        parser.push(Array("<item><title>2</title></item></channel></rss>".utf8))
        let result = parser.finish()
        #expect(box.titles == ["1", "2"])
        #expect(result.articles.isEmpty)
        #expect(result.format == "rss2.0")
    }

    @Test func unknownElementsInsideAnEntryAreOpaque() {
        let p = parse("""
            <feed xmlns="http://www.w3.org/2005/Atom"><entry><image><id>wrong</id><title>wrong</title></image>
            <id>right</id><title>Right</title></entry></feed>
            """)
        #expect(p.articles.first?.id == "right")
        #expect(p.articles.first?.title == "Right")
    }

    @Test func atomBase64Content() {
        let p = parse("""
            <feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="application/octet-stream">PGI+aGk8L2I+</content>
            <summary type="text/html" mode="base64">PGI+aGk8L2I+</summary></entry></feed>
            """)
        #expect(p.articles.first?.content == "<b>hi</b>")
    }

    /// Decoded base64 is arbitrary bytes: invalid UTF-8 in it becomes U+FFFD, in HTML and in text, and
    /// is reported, as invalid bytes in the document itself are.
    @Test func base64WithInvalidUTF8IsRepaired() {
        let p = parse("""
            <feed xmlns="http://www.w3.org/2005/Atom" version="0.3"><entry><content type="text/html" mode="base64">PGI+Y2Fm6TwvYj4=</content>
            <title mode="base64">VP/+eA==</title></entry></feed>
            """)
        #expect(p.articles.first?.content == "<b>caf\u{FFFD}</b>")
        #expect(p.articles.first?.title == "T\u{FFFD}\u{FFFD}x")
        #expect(p.problems.filter { $0.contains("base64 content is not valid UTF-8") }.count == 2)
    }

    @Test func c1ControlsAreReadAsWindows1252() {
        let p = parse("<rss version='2.0'><channel><item><title>don&#146;t</title><description>a\u{0093}b\u{0094}</description></item></channel></rss>")
        #expect(p.articles.first?.title == "don’t")
        #expect(p.articles.first?.summary == "a“b”")
    }
}

@Suite struct ItunesDurationTests {
    @Test(arguments: [("1:02:03", 3723), ("95", 95), ("05:30", 330), ("1:02:03.5", 3723), ("00:00:07.250", 7),
                      (" 12:00\n", 720), ("1.5:30", 90), ("0000000001", 1), ("999999999", 999_999_999)] as [(String, Int)])
    func reads(raw: String, seconds: Int) {
        #expect(FeedBuilder.duration(raw) == seconds)
    }

    @Test(arguments: ["", "abc", "1:2:3:4", "-1", "1:-2", "+5", "1::2x", "99999999999999999999", "1:", ":5",
                      "1000000000", "1 2", "5a"])
    func rejects(raw: String) {
        #expect(FeedBuilder.duration(raw) == nil)
    }

    @Test(arguments: [(" 123\n", 123), ("+5", 5), ("0", 0), ("9223372036854775807", Int64.max)] as [(String, Int64)])
    func enclosureLengthsAreRead(raw: String, value: Int64) {
        var raw = raw
        #expect(raw.withUTF8 { SAXElement.length($0) } == value)
    }

    @Test(arguments: ["", " ", "-1", "12a", "1 2", "+", "9223372036854775808", "99999999999999999999", "0x10"])
    func badEnclosureLengthsAreNone(raw: String) {
        var raw = raw
        #expect(raw.withUTF8 { SAXElement.length($0) } == nil)
    }

    @Test func imagesAreToldByTheirPathNotTheirQuery() {
        #expect(FeedBuilder.isImage(url: "https://e.x/a/PIC.JPG?w=300", type: nil, mediumIsImage: nil))
        #expect(FeedBuilder.isImage(url: "https://e.x/a.webp", type: nil, mediumIsImage: nil))
        #expect(!FeedBuilder.isImage(url: "https://e.x/a.mp3?x=.jpg", type: nil, mediumIsImage: nil))
        #expect(!FeedBuilder.isImage(url: "https://e.x/jpg", type: nil, mediumIsImage: nil))
        #expect(FeedBuilder.isImage(url: "https://e.x/a.mp3", type: "image/png", mediumIsImage: nil))
    }
}

@Suite struct AuthorTextTests {
    static func author(_ xml: String) -> Person? {
        parse("<rss version='2.0'><channel><item><title>x</title><author>\(xml)</author></item></channel></rss>")
            .articles.first?.authors.first
    }

    @Test func angleBracketsAroundAnAddressAreKept() {
        #expect(Self.author("Jane Doe &lt;jane@example.com&gt;") == Person(name: "Jane Doe", email: "jane@example.com"))
        #expect(Self.author("  Jane   Doe\n &lt;jane@example.com&gt;  ") == Person(name: "Jane Doe", email: "jane@example.com"))
    }

    @Test func markupIsRemoved() {
        #expect(Self.author("&lt;a href=\"mailto:jane@example.com\"&gt;Jane&lt;/a&gt;") == Person(name: "Jane"))
        #expect(Self.author("jane@example.com (Jane &lt;b&gt;Doe&lt;/b&gt;)") == Person(name: "Jane Doe", email: "jane@example.com"))
        #expect(Self.author("jane@example.com (Jane Doe)") == Person(name: "Jane Doe", email: "jane@example.com"))
    }
}

@Suite struct ManyCategoriesTests {
    /// Keywords split on commas; Arabic ones too, and a comma carrying a combining mark is part of its
    /// word, as a reader that splits on characters sees it.
    @Test func keywordsSplitOnCommas() {
        let p = parse("""
            <rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel>
            <item><title>a</title><itunes:keywords>أخبار, ثقافة,رياضة ,, news</itunes:keywords></item>
            <item><title>b</title><itunes:keywords>a,\u{301}b, c</itunes:keywords></item>
            </channel></rss>
            """)
        #expect(p.articles.map(\.categories) == [["أخبار", "ثقافة", "رياضة", "news"], ["a,\u{301}b", "c"]])
    }

    /// White space inside a keyword collapses to one space and goes around it; a C1 byte is read as the
    /// windows-1252 character it stands for (`\u{85}`: an ellipsis), as in titles; the same two lists give
    /// the same categories whether the C1 byte sends them the slower way or not.
    @Test func keywordsAreCollapsedAndC1Mapped() {
        let p = parse("""
            <rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel>
            <item><title>a</title><itunes:keywords>\n\t video \n  games ,PC,\tvideo games\r\n</itunes:keywords></item>
            <item><title>b</title><itunes:keywords>\n\t video \n  games ,PC,\tvideo games, to be\u{85}</itunes:keywords></item>
            </channel></rss>
            """)
        #expect(p.articles.map(\.categories) == [["video games", "PC"], ["video games", "PC", "to be\u{2026}"]])
    }

    /// A keyword list of commas alone gives no category and reserves no room for the empty pieces (the
    /// array is sized from the comma count, capped).
    @Test func commasAloneReserveNothingMuch() {
        let commas = String(repeating: ",", count: 200_000)
        let p = parse("""
            <rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel>
            <item><title>a</title><itunes:keywords>\(commas)</itunes:keywords></item>
            <item><title>b</title><itunes:keywords>\(commas)x\(commas)</itunes:keywords></item>
            </channel></rss>
            """)
        #expect(p.articles.map(\.categories) == [[], ["x"]])
        #expect(p.articles.allSatisfy { $0.categories.capacity <= 128 })
    }

    /// Long iTunes keyword lists: duplicates dropped, order kept, and nothing carried over to the next item.
    @Test func longKeywordListsAreDeduplicatedPerItem() {
        let first = (0..<40).map { "k\($0 % 30)" }.joined(separator: ", ")
        let second = (0..<20).map { "k\($0)" }.joined(separator: ",") + ", new"
        let p = parse("""
            <rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel>
            <item><title>a</title><itunes:keywords>\(first)</itunes:keywords><category>k3</category><category>extra</category></item>
            <item><title>b</title><itunes:keywords>\(second)</itunes:keywords></item>
            </channel></rss>
            """)
        #expect(p.articles.count == 2)
        #expect(p.articles[0].categories == (0..<30).map { "k\($0)" } + ["extra"])
        #expect(p.articles[1].categories == (0..<20).map { "k\($0)" } + ["new"])
    }
}

@Suite struct AtomDateAliasTests {
    static func entry(_ body: String) -> Article? {
        parse("<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title>t</title>\(body)</entry></feed>").articles.first
    }

    /// Atom 1.0's own `published`/`updated` take the place of the Atom 0.3 names, in either order; a
    /// repeated element counts by its last value, as in feedparser.
    @Test func atom10ElementsWinOverAtom03Aliases() {
        let a = Self.entry("<issued>2004-01-01T00:00:00Z</issued><published>2010-01-01T00:00:00Z</published>")
        #expect(a?.published?.rfc3339 == "2010-01-01T00:00:00Z")
        let b = Self.entry("<published>2010-01-01T00:00:00Z</published><issued>2004-01-01T00:00:00Z</issued>")
        #expect(b?.published?.rfc3339 == "2010-01-01T00:00:00Z")
        let c = Self.entry("<modified>2004-01-01T00:00:00Z</modified><updated>2011-01-01T00:00:00Z</updated>")
        #expect(c?.updated?.rfc3339 == "2011-01-01T00:00:00Z")
        let d = Self.entry("<published>2010-01-01T00:00:00Z</published><published>2012-01-01T00:00:00Z</published>")
        #expect(d?.published?.rfc3339 == "2012-01-01T00:00:00Z")
    }
}

/// Atom xhtml content is serialised from the parser's events: names and attributes as written, `xml:*`
/// attributes kept and other prefixed ones dropped, values and text escaped again, void elements closed
/// in place, the wrapping div left out.
@Suite struct XHTMLSerialisationTests {
    @Test func markupIsWrittenBack() {
        let xml = """
            <feed xmlns="http://www.w3.org/2005/Atom"><entry><title>t</title><content type="xhtml">\
            <div xmlns="http://www.w3.org/1999/xhtml" xmlns:foo="urn:x"><p xml:lang="ar" foo:bar="z" class="c">a &lt; b \
            &amp; c<br/><img src="i.png" alt="x &amp; &quot;y&quot; &lt;z&gt;"/></p><hr></hr></div></content></entry></feed>
            """
        let p = FeedParser(sanitizeHTML: false)
        p.push(Array(xml.utf8))
        let content = p.finish().articles.first?.content
        #expect(content == "<p xml:lang=\"ar\" class=\"c\">a &lt; b &amp; c<br /><img src=\"i.png\" alt=\"x &amp; &quot;y&quot; &lt;z&gt;\" /></p><hr />")
    }
}
