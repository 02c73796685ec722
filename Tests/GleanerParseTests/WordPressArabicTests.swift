import Foundation
import GleanerModel
import GleanerTestSupport
import Testing
@testable import GleanerParse

/// The Arabic WordPress fixture (Tests/Fixtures/wordpress-ar.*): exact ids, titles and links.
@Suite struct WordPressArabicTests {
    struct Expected: Decodable {
        struct Item: Decodable { var id: String; var title: String; var link: String }
        var feed_title: String
        var language: String
        var articles: [Item]
    }

    static func expected() throws -> Expected {
        try JSONDecoder().decode(Expected.self, from: Data(try Fixtures.bytes("wordpress-ar.expected.json")))
    }

    @Test func matchesExpectedJSON() throws {
        let parsed = FeedParser.parse(try Fixtures.bytes("wordpress-ar.utf-8.xml"),
                                      documentURL: "https://arabic-news.example/feed/")
        let expected = try Self.expected()
        #expect(parsed.format == "rss2.0")
        #expect(parsed.encoding == "utf-8")
        #expect(parsed.wellformed, "\(parsed.problems)")
        #expect(parsed.feed.title == expected.feed_title)
        #expect(parsed.feed.language == expected.language)
        #expect(parsed.articles.count == expected.articles.count)
        for (a, e) in zip(parsed.articles, expected.articles) {
            #expect(Array((a.id ?? "").utf8) == Array(e.id.utf8))
            #expect(Array((a.title ?? "").utf8) == Array(e.title.utf8))
            #expect(Array((a.link ?? "").utf8) == Array(e.link.utf8))
        }
        #expect(parsed.feed.updatePeriod == "hourly")
        #expect(parsed.feed.updateFrequency == 1)
        #expect(parsed.feed.selfLink == "https://arabic-news.example/feed/")
        #expect(parsed.feed.link == "https://arabic-news.example")
        #expect(parsed.feed.generator == "https://wordpress.org/?v=6.8.3")
        #expect(parsed.feed.updated?.rfc3339 == "2025-11-06T09:20:03Z")
        let first = try #require(parsed.articles.first)
        #expect(first.published?.rfc3339 == "2025-11-06T09:14:27Z")
        #expect(first.authors == [Person(name: "محرر الموقع")])
        #expect(first.categories == ["العالم العربي", "أخبار"])
        #expect(first.language == "ar")
        #expect(first.contentType == .html)
        #expect(first.summaryType == .html)
    }

    @Test(arguments: [1, 7, 4096])
    func chunkedPushGivesTheSameResult(chunkSize: Int) throws {
        let bytes = try Fixtures.bytes("wordpress-ar.utf-8.xml")
        let whole = FeedParser.parse(bytes)
        #expect(parseInChunks(bytes, chunk: chunkSize) == whole)
    }
}
