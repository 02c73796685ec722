import GleanerModel
import Testing
@testable import GleanerParse

/// Small hand-written fixtures, one per format, named after the behaviour they show; whole `Article`
/// values are compared.
@Suite struct FormatFixtureTests {
    @Test(arguments: [
        ("atom10-xml-base.xml", "atom1.0"), ("atom03-basic.xml", "atom0.3"), ("rss091-netscape.xml", "rss0.91n"),
        ("rss092-enclosure.xml", "rss0.92"), ("rss10-rdf.xml", "rss1.0"), ("rss20-no-guid.xml", "rss2.0"),
    ])
    func detectsFormat(file: String, format: String) throws {
        let parsed = try parseFixture(file)
        #expect(parsed.format == format)
        #expect(parsed.isFeed)
        #expect(parsed.wellformed)
    }

    @Test func atom10XMLBase() throws {
        let p = try parseFixture("atom10-xml-base.xml", documentURL: "https://ignored.example/feed")
        #expect(p.feed.title == "Ben & Jerry’s log")
        #expect(p.feed.link == "https://example.org/blog/")
        #expect(p.feed.selfLink == "https://example.org/blog/feed.atom")
        #expect(p.feed.description == "All about ice cream")
        #expect(p.feed.language == "en")
        #expect(p.feed.updated == ts("2025-11-06T09:14:27Z"))
        #expect(p.feed.authors == [Person(name: "Ben", email: "ben@example.org", uri: "https://example.org/about/ben")])
        #expect(p.feed.image == "https://example.org/blog/images/logo.png", "logo wins over icon")
        #expect(p.feed.generator == "ExampleGen")

        let first = Article.make { a in
            a.id = "tag:example.org,2025:1"
            a.title = "First post"
            a.link = "https://example.org/blog/posts/2025/first.html"
            a.links = [
                Link(href: "https://example.org/blog/posts/2025/first.html", rel: "alternate"),
                Link(href: "https://example.org/blog/media/first.mp3", rel: "enclosure", type: "audio/mpeg", length: 12345),
            ]
            a.published = ts("2025-11-05T07:00:00Z")
            a.updated = ts("2025-11-06T09:14:27Z")
            a.contributors = [Person(name: "Jerry")]
            a.summary = "Plain <summary>"
            a.summaryType = .text
            // Sanitized, and the relative link resolved against the entry's xml:base.
            a.content = #"<p>Hello <a href="https://example.org/x?a=1&amp;b=2" rel="noopener noreferrer">world</a> &amp; <b>all</b><br /></p>"#
            a.contentType = .xhtml
            a.categories = ["news", "Only label"]
            a.enclosures = [Enclosure(url: "https://example.org/blog/media/first.mp3", type: "audio/mpeg", length: 12345)]
            a.language = "en"
        }
        let second = Article.make { a in
            a.id = "tag:example.org,2025:2"
            a.title = "Second post"
            a.link = "https://example.org/second"
            a.links = [
                Link(href: "https://example.org/second", rel: "alternate", type: "text/html", title: "Zweiter", hreflang: "de"),
                Link(href: "https://other.example/related", rel: "related"),
            ]
            a.updated = ts("2025-11-07T00:00:00Z")
            a.content = "<p>Escaped <b>html</b></p>"
            a.contentType = .html
            a.language = "de"
        }
        #expect(p.articles == [first, second])
    }

    @Test func atom03() throws {
        let p = try parseFixture("atom03-basic.xml")
        #expect(p.feed.title == "Atom 0.3 & friends")
        #expect(p.feed.description == "An old format")
        #expect(p.feed.updated == ts("2004-05-01T12:00:00Z"))
        #expect(p.feed.authors == [Person(name: "Mark", uri: "http://example.com/mark")])
        let first = Article.make { a in
            a.id = "tag:example.com,2004:1"
            a.title = "Old entry"
            a.link = "http://example.com/2004/05/01/old"
            a.links = [Link(href: "http://example.com/2004/05/01/old", rel: "alternate", type: "text/html")]
            a.published = ts("2004-05-01T12:00:00Z")
            a.updated = ts("2004-05-01T12:30:00Z")
            a.summary = "Short"
            a.summaryType = .text
            a.content = "<p>Long</p>"
            a.contentType = .html
            a.language = "en"
        }
        let second = Article.make { a in
            a.id = "tag:example.com,2004:2"
            a.title = "Inline xml"
            // Atom 0.3 inline XML has no wrapper element (only Atom 1.0's xhtml div is one): the div stays.
            a.content = "<div><p>Inline</p></div>"
            a.contentType = .xhtml
            a.language = "en"
        }
        #expect(p.articles == [first, second])
    }

    @Test func rss091NetscapeIgnoresImageAndTextInputTitles() throws {
        let p = try parseFixture("rss091-netscape.xml")
        #expect(p.encoding == "iso-8859-1")
        #expect(p.feed.title == "Netscape 0.91")
        #expect(p.feed.link == "http://example.com/")
        #expect(p.feed.image == "http://example.com/logo.gif")
        let item = Article.make { a in
            a.title = "Café é news"
            a.link = "http://example.com/cafe"
            a.links = [Link(href: "http://example.com/cafe", rel: "alternate")]
            a.summary = "Short <i>story</i>"
            a.summaryType = .html
            a.language = "en-us"
        }
        #expect(p.articles == [item])
    }

    @Test func rss091WithoutDoctypeIsUserLand() {
        let p = parse(#"<rss version="0.91"><channel><title>t</title></channel></rss>"#)
        #expect(p.format == "rss0.91u")
    }

    @Test(arguments: [("0.93", "rss0.93"), ("0.94", "rss0.94"), ("2.0", "rss2.0"), ("2.0.1", "rss2.0"), ("", "rss")])
    func rssVersions(version: String, format: String) {
        let attr = version.isEmpty ? "" : #" version="\#(version)""#
        #expect(parse("<rss\(attr)><channel/></rss>").format == format)
    }

    @Test func rss092EnclosureWithoutTitle() throws {
        let p = try parseFixture("rss092-enclosure.xml")
        let item = Article.make { a in
            a.summary = "An item without title or link"
            a.summaryType = .html
            a.categories = ["Music"]
            a.enclosures = [Enclosure(url: "http://example.com/a.mp3", type: "audio/mpeg", length: 1024)]
        }
        #expect(p.articles == [item])
    }

    @Test func rss10RDF() throws {
        let p = try parseFixture("rss10-rdf.xml")
        #expect(p.feed.language == "ja")
        #expect(p.feed.updated == ts("2025-11-06T09:00:00Z"))
        #expect(p.feed.updatePeriod == "daily")
        #expect(p.feed.updateFrequency == 2)
        let item = Article.make { a in
            a.id = "http://example.org/1"
            a.title = "One"
            a.link = "http://example.org/1"
            a.links = [Link(href: "http://example.org/1", rel: "alternate")]
            a.updated = ts("2025-11-06T08:00:00Z")
            a.authors = [Person(name: "Taro")]
            a.content = "<p>Body</p>"
            a.contentType = .html
            a.categories = ["Tech"]
            a.language = "ja"
        }
        #expect(p.articles == [item])
    }

    @Test func rss090() {
        let p = parse("""
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://my.netscape.com/rdf/simple/0.9/">
            <channel><title>Old</title><link>http://example.com/</link></channel>
            <item><title>I</title><link>http://example.com/i</link></item></rdf:RDF>
            """)
        #expect(p.format == "rss0.90")
        #expect(p.feed.title == "Old")
        #expect(p.articles.map(\.link) == ["http://example.com/i"])
    }

    @Test func rss20NoGuidRelativeLinks() throws {
        let p = try parseFixture("rss20-no-guid.xml", documentURL: "https://example.com/feed.xml")
        #expect(p.feed.link == "https://example.com/")
        #expect(p.feed.authors == [Person(name: "Ed Itor", email: "editor@example.com")])
        #expect(p.feed.updated == ts("2025-11-05T10:00:00Z"))
        #expect(p.feed.ttl == 60)
        #expect(p.feed.skipHours == [0, 23])
        #expect(p.feed.skipDays == ["Saturday", "Sunday"])
        let first = Article.make { a in
            a.title = "No guid"
            a.link = "https://example.com/posts/1%20with%20space.html"
            a.links = [Link(href: "https://example.com/posts/1%20with%20space.html", rel: "alternate")]
            a.published = ts("2025-11-05T15:00:00Z")
            a.authors = [Person(name: "A Writer", email: "writer@example.com")]
            a.comments = "https://example.com/posts/1#comments"
        }
        let second = Article.make { a in
            a.id = "https://example.com/posts/2"
            a.title = "Guid is the link"
            a.link = "https://example.com/posts/2"
        }
        let third = Article.make { a in
            a.id = "https://example.com/?p=3"
            a.title = "Guid not a permalink"
        }
        #expect(p.articles == [first, second, third])
        #expect(p.problems == [#"22:39: unparseable date "yesterday-ish""#])
        #expect(p.wellformed, "a bad date is a problem, not a well-formedness error")
    }

    @Test func htmlPageIsNotAFeed() {
        let p = parse("""
            <!DOCTYPE html>
            <html><head><title>Login</title></head><body><p>Please sign in<br></p></body></html>
            """)
        #expect(p.format == "unknown")
        #expect(!p.isFeed)
        #expect(p.articles.isEmpty)
    }

    @Test func emptyDocument() {
        let p = FeedParser.parse([])
        #expect(!p.isFeed)
        #expect(!p.wellformed)
        #expect(p.problems == ["1:1: empty document"])
    }

    @Test func languagePrecedence() {
        let p = parse("""
            <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><language>en</language>
            <item><title>a</title></item>
            <item><dc:language>fr</dc:language></item>
            <item xml:lang="de"><dc:language>fr</dc:language></item>
            </channel></rss>
            """)
        #expect(p.articles.map(\.language) == ["en", "fr", "de"])
    }

    @Test func finishTwiceReturnsTheSameValue() {
        let parser = FeedParser()
        parser.push(Array("<rss version='2.0'><channel><title>x</title></channel></rss>".utf8))
        let a = parser.finish()
        #expect(parser.finish() == a)
        parser.push(Array("<more/>".utf8))
        #expect(parser.finish() == a)
    }
}
