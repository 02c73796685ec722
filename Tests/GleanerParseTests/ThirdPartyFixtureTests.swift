import GleanerModel
import GleanerTestSupport
import Testing
@testable import GleanerParse

/// Fixtures copied from other parsers' test suites (see Tests/Fixtures/NOTICE), with the values Gleaner
/// must produce for them.
@Suite struct ThirdPartyFixtureTests {
    @Test func minifluxJSONFeedRelativeURLs() throws {
        let p = try parseFixture("miniflux-json-relative-url.json", documentURL: "https://example.org/")
        #expect(p.format == "json1.0")
        #expect(p.feed.title == "My Example Feed")
        #expect(p.feed.link == "https://example.org/blog")
        #expect(p.articles.map(\.link) == ["https://example.org/blog/article.html"])
        #expect(p.articles.first?.content == "This is a second item.")
        #expect(p.articles.first?.contentType == .text)
    }

    @Test func minifluxRSSRelativeURLs() throws {
        let p = try parseFixture("miniflux-rss-relative-url.xml", documentURL: "https://example.org/feed.xml")
        #expect(p.feed.link == "https://example.org/blog")
        #expect(p.articles.map(\.link) == ["https://example.org/blog/article.html"])
        #expect(p.articles.first?.id == "1234")
        #expect(p.articles.first?.published?.rfc3339 == "2003-06-03T09:39:21Z")
    }

    @Test func gofeedJSONFeed11() throws {
        let p = try parseFixture("gofeed-json11.json")
        #expect(p.format == "json1.1")
        #expect(p.feed.image == "https://sample-json-feed.com/icon.png")
        #expect(p.feed.authors == [Person(name: "author_name", uri: "https://sample-feed-author.com")])
        let a = try #require(p.articles.first)
        #expect(a.content == "<p>content_html</p>" && a.contentType == .html)
        #expect(a.summary == "summary")
        #expect(a.published?.rfc3339 == "2019-10-12T07:20:50Z")
        #expect(a.categories == ["tag1", "tag2"])
        #expect(a.image == "https://sample-json-feed.com/image.png")
        #expect(a.enclosures == [Enclosure(url: "https://sample-json-feed.com/attachment", type: "audio/mpeg", length: 100)])
        #expect(a.links.map(\.rel) == ["alternate", "related"])
    }

    @Test func feedRsVimeoMediaRSS() throws {
        let p = try parseFixture("feed-rs-vimeo-media.xml")
        #expect(p.format == "rss2.0")
        let a = try #require(p.articles.first)
        #expect(a.title == "Oregon Harvest Update and Fall Release Date Set")
        #expect(a.image?.hasPrefix("https://i.vimeocdn.com/") == true, "media:thumbnail inside media:content")
        #expect(a.enclosures.isEmpty, "a media:content without url is no enclosure")
    }

    @Test func feedRsYouTubeMediaRSS() throws {
        let p = try parseFixture("feed-rs-youtube-media.xml")
        #expect(p.format == "atom1.0")
        let a = try #require(p.articles.first)
        #expect(a.id == "yt:video:0A1ouV7iD8o")
        #expect(a.image == "https://i1.ytimg.com/vi/0A1ouV7iD8o/hqdefault.jpg")
        #expect(a.enclosures == [Enclosure(url: "https://www.youtube.com/v/0A1ouV7iD8o?version=3", type: "application/x-shockwave-flash")])
        #expect(a.authors.first?.name == "PBS Space Time")
    }
}
