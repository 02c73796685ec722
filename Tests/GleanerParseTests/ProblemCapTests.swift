import GleanerModel
import Testing
@testable import GleanerParse

/// A hostile document can report a problem per element (a refused link, an unreadable date): the list keeps the
/// first 200 and says the rest were left out, whichever part of the parser reported them.
@Suite struct ProblemCapTests {
    static func parse(_ document: String) -> ParsedFeed {
        let p = FeedParser(documentURL: "https://feed.example/feed.xml")
        p.push(Array(document.utf8))
        return p.finish()
    }

    @Test func refusedLinksInAnXMLFeed() {
        let items = String(repeating: "<item><title>t</title><link>javascript:alert(1)</link></item>", count: 5000)
        let feed = Self.parse("<rss version=\"2.0\"><channel><title>x</title>\(items)</channel></rss>")
        #expect(feed.articles.count == 5000)
        #expect(feed.problems.count == 201)
        #expect(feed.problems.last == "further problems omitted")
    }

    @Test func refusedLinksAndBadDatesInAJSONFeed() {
        let item = #"{"id":"1","url":"javascript:alert(1)","date_published":"not a date","content_text":"x"}"#
        let items = Array(repeating: item, count: 3000).joined(separator: ",")
        let feed = Self.parse(#"{"version":"https://jsonfeed.org/version/1.1","title":"x","items":[\#(items)]}"#)
        #expect(feed.articles.count == 3000)
        #expect(feed.problems.count == 201)
        #expect(feed.problems.last == "further problems omitted")
    }
}
