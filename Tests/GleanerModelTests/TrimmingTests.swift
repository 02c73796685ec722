import GleanerModel
import Testing

@Suite struct TrimmingTests {
    @Test(arguments: [
        // (input, white space (Unicode), XML space, blanks)
        ("plain", "plain", "plain", "plain"),
        ("", "", "", ""),
        ("  \t ", "", "", ""),
        (" a b\t", "a b", "a b", "a b"),
        ("\r\nid\r\n", "id", "id", "\r\nid\r\n"),
        ("\n\t x \t\n", "x", "x", "\n\t x \t\n"),
        ("\u{A0}x\u{3000}", "x", "\u{A0}x\u{3000}", "\u{A0}x\u{3000}"),
        ("\u{2028}x\u{85}", "x", "\u{2028}x\u{85}", "\u{2028}x\u{85}"),
        ("\u{0C}x\u{0B}", "x", "\u{0C}x\u{0B}", "\u{0C}x\u{0B}"),
        // A combining mark after a blank does not hide the blank (scalars, not Characters).
        (" \u{301}x", "\u{301}x", "\u{301}x", "\u{301}x"),
        ("x \u{301}", "x \u{301}", "x \u{301}", "x \u{301}"),
        (" عربي ", "عربي", "عربي", "عربي"),
    ])
    func trims(_ input: String, _ whitespace: String, _ xml: String, _ blanks: String) {
        #expect(input.trimmingWhitespace() == whitespace)
        #expect(input.trimmingXMLSpace() == xml)
        #expect(input.trimmingBlanks() == blanks)
        #expect(Substring(input).trimmingXMLSpace() == xml)
    }

    @Test func customSet() {
        #expect(",,a,b,,".trimming(where: { $0 == "," }) == "a,b")
        #expect(",,".trimming(where: { $0 == "," }) == "")
    }
}
