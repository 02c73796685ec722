@testable import GleanerPipeline
import Testing

/// `fulltext = auto`: which entries look truncated, and when a page's article replaces the feed's text.
@Suite struct FullTextRuleTests {
    static let long = String(repeating: "A sentence of a complete article, long enough to stand alone. ", count: 12)

    static let endings: [(String, Bool)] = [
        ("Short.", true),
        (long, false),
        (long + "…", true),
        (long + " [&hellip;]", true),
        (long + " [...]", true),
        ("<p>" + long + "</p><p><a href=\"https://example.org/a\">Read more »</a></p>", true),
        (long + " Continue reading →", true),
        (long + " The more", true),
        (long + " Baltimore", false),
        (String(repeating: "نص عربي طويل يكفي ليكون مقالاً كاملاً، ", count: 20) + "اقرأ المزيد", true),
        (String(repeating: "نص عربي طويل يكفي ليكون مقالاً كاملاً، ", count: 20), false),
    ]

    @Test(arguments: endings)
    func autoFetchesEntriesThatLookTruncated(summary: String, fetch: Bool) {
        #expect(FullTextRule.judge(mode: .auto, summary: summary, content: nil).fetch == fetch)
    }

    @Test func modesOtherThanAutoDoNotLookAtTheText() {
        #expect(FullTextRule.judge(mode: .always, summary: Self.long, content: nil) == (true, "fulltext = always"))
        #expect(FullTextRule.judge(mode: .never, summary: "x…", content: nil).fetch == false)
    }

    @Test func theContentCountsWhenItIsLongerThanTheSummary() {
        #expect(!FullTextRule.judge(mode: .auto, summary: "Short…", content: Self.long).fetch)
    }

    @Test func thePagesArticleIsKeptWhenClearlyLongerOrWhenItContinuesTheExcerpt() {
        let excerpt = "The first words of the article, and then […]"
        let page = "The first words of the article, and then the rest of it."
        // Not 1.5 times longer, but the excerpt is its beginning.
        #expect(FullTextRule.keeps(mode: .auto, page: page, summary: excerpt, content: nil) == nil)
        // Shorter than the feed's text, and something else: the feed's text stands.
        #expect(FullTextRule.keeps(mode: .auto, page: "Cookie settings.", summary: Self.long, content: nil) != nil)
        #expect(FullTextRule.keeps(mode: .auto, page: Self.long + "x", summary: Self.long, content: nil) == nil,
                "longer and containing the whole feed text")
        #expect(FullTextRule.keeps(mode: .always, page: "Cookie settings.", summary: Self.long, content: nil) == nil)
    }
}
