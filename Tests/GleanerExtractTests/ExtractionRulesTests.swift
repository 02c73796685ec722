import GleanerExtract
import GleanerModel
import Testing

/// Per-site rules: a container chosen by selector replaces the heuristics' choice; removed elements go.
@Suite struct ExtractionRulesTests {
    static let page = """
        <!DOCTYPE html><html lang="en"><head><title>Story – Site</title></head><body>
        <div class="teaser"><p>A teaser paragraph that is long, with commas, clauses, and words, so that the heuristics
        might like it, and it is longer than the real article below it, with many more words in it, and more.</p>
        <p>A second teaser paragraph, also long, with commas, and clauses, and words, to weigh more than the story.</p></div>
        <section id="story"><p>The real story is here, in a plain section the heuristics do not favour.</p>
        <div class="promo">Subscribe to our newsletter today for more stories like this one.</div>
        <p>Its second paragraph, which ends the story, is here as well, plainly written.</p></section>
        </body></html>
        """

    static func extract(_ rules: ExtractionRules) -> ExtractedArticle? {
        Extractor.extract(bytes: Array(page.utf8), url: "https://site.example/story", contentType: "text/html",
                          rules: rules)
    }

    @Test func theContainerRuleChoosesTheArticleAndTheRemoveRuleDropsItsBoilerplate() throws {
        let heuristic = try #require(Self.extract(ExtractionRules()))
        #expect(heuristic.text.contains("teaser"), "without rules the heuristics pick the teaser")

        let ruled = try #require(Self.extract(ExtractionRules(container: try CSSSelector("section#story"),
                                                              remove: try CSSSelector(".promo, .teaser"))))
        #expect(ruled.text == """
            The real story is here, in a plain section the heuristics do not favour.

            Its second paragraph, which ends the story, is here as well, plainly written.
            """)
        #expect(!ruled.html.contains("Subscribe"))
    }

    @Test func aContainerThatMatchesNothingLeavesTheChoiceToTheHeuristics() throws {
        let rules = ExtractionRules(container: try CSSSelector("div.no-such-thing"))
        #expect(Self.extract(rules) == Self.extract(ExtractionRules()))
    }
}
