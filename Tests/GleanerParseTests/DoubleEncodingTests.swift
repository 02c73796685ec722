import Testing
@testable import GleanerParse

/// UTF-8 read as windows-1252 and encoded again (`â€¦` for `…`) is repaired, as feedparser does
/// (feedparser suite: encoding/bozo_double-encoded-html.xml); real Latin-1 text is left alone.
@Suite struct DoubleEncodingTests {
    @Test(arguments: [
        ("â€¦", "…"),
        ("cafÃ©", "café"),
        ("Ã‰tÃ© Ã\u{A0} Paris â€” â€œquotedâ€\u{9D}", "Été à Paris — “quoted”"),
        ("NÂº 5", "Nº 5"),
        ("æ—¥æœ¬", "日本"),
    ])
    func repaired(input: String, expected: String) {
        #expect(FeedBuilder.repairDoubleEncoded(input) == expected)
    }

    @Test(arguments: [
        "café",             // real Latin-1: é is not followed by a continuation byte
        "Ã la carte",       // Ã then a space
        "plain ASCII",
        "日本語 Ã©",        // a character outside windows-1252
        "Ã",                // a lead byte with nothing after it
        "Â\u{80}",          // would decode to a C1 control
        "",
    ])
    func leftAlone(input: String) {
        #expect(FeedBuilder.repairDoubleEncoded(input) == input)
    }

    @Test func summaryWithEntities() {
        let p = parse("""
            <rss version="2.0"><channel><item>
            <title>Caf&#195;&#169;</title>
            <description>&amp;acirc;&amp;#128;&amp;brvbar;</description>
            <category>Soci&#195;&#169;t&#195;&#169;</category>
            <author>Ren&#195;&#169; (rene@example.com)</author>
            </item></channel></rss>
            """)
        let a = p.articles.first
        #expect(a?.title == "Café")
        #expect(a?.summary == "…")
        #expect(a?.categories == ["Société"])
        #expect(a?.authors.first?.name == "René")
    }

    @Test func latin1DocumentUntouched() {
        let xml: [UInt8] = Array("<?xml version='1.0' encoding='iso-8859-1'?><rss version='2.0'><channel><item><title>caf".utf8)
            + [0xE9] + Array(" cr\u{E8}me</title></item></channel></rss>".unicodeScalars.map { UInt8($0.value) })
        let p = FeedParser.parse(xml, documentURL: nil, contentType: nil)
        #expect(p.articles.first?.title == "café crème")
    }
}
