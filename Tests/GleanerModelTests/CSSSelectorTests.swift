import GleanerModel
import Testing

/// The selector subset of per-site full-text rules, compiled to XPath 1.0.
@Suite struct CSSSelectorTests {
    static let compiled: [(String, String)] = [
        ("article", "//article"),
        ("DIV", "//div"),
        ("*", "//*"),
        (".entry-content", "//*[contains(concat(' ', normalize-space(@class), ' '), ' entry-content ')]"),
        ("div.post.main", "//div[contains(concat(' ', normalize-space(@class), ' '), ' post ')]"
            + "[contains(concat(' ', normalize-space(@class), ' '), ' main ')]"),
        ("#story", "//*[@id='story']"),
        ("[itemprop]", "//*[@itemprop]"),
        ("[itemprop=articleBody]", "//*[@itemprop='articleBody']"),
        ("div[data-x = \"it's\"]", "//div[@data-x=\"it's\"]"),
        ("main article > p", "//main//article/p"),
        ("main>p", "//main/p"),
        (".share, .related , #comments", "//*[contains(concat(' ', normalize-space(@class), ' '), ' share ')] | "
            + "//*[contains(concat(' ', normalize-space(@class), ' '), ' related ')] | //*[@id='comments']"),
        (".مقال", "//*[contains(concat(' ', normalize-space(@class), ' '), ' مقال ')]"),
    ]

    @Test(arguments: compiled)
    func compilesToXPath(css: String, xpath: String) throws {
        #expect(try CSSSelector(css).xpath == xpath)
    }

    static let refused: [String] = [
        "", " ", "a:hover", "p + p", "p ~ p", "> p", "p >", "a,", ",a", "[x", "[x=", "[x^=y]", "[x='y]",
        "[x=\"'\\\"\"]", "a' or '1'='1", ".a]", "#", "div..x", "p)",
        String(repeating: "a ", count: 600),
    ]

    @Test(arguments: refused)
    func refusesWhatItDoesNotSupport(css: String) {
        #expect(throws: CSSSelector.Problem.self) { try CSSSelector(css) }
    }
}
