import Testing
@testable import GleanerParse

/// MacGreek (`x-mac-greek`), which glibc's iconv cannot decode: read from the built-in table
/// (`SingleByteTable`; feedparser suite: encoding/x80_macgreek.xml).
@Suite struct MacGreekTests {
    /// Bytes 0x80…0xFF as Python's `mac_greek` codec (generated from Apple's GREEK.TXT) decodes them.
    static let high = "Ä¹²É³ÖÜ΅àâä΄¨çéèêë£™îï•½‰ôö¦€ùûü†ΓΔΘΛΞΠß®©ΣΪ§≠°·Α±≤≥¥ΒΕΖΗΙΚΜΦΫΨΩάΝ¬ΟΡ≈Τ«»…\u{A0}ΥΧΆΈœ–―“”‘’÷ΉΊΌΎέήίόΏύαβψδεφγηιξκλμνοπώρστθωςχυζϊϋΐΰ\u{AD}"
    /// "Καλημέρα κόσμε" in MacGreek.
    static let greeting: [UInt8] = [0xBA, 0xE1, 0xEC, 0xE8, 0xED, 0xDB, 0xF2, 0xE1, 0x20, 0xEB, 0xDE, 0xF3, 0xED, 0xE5]

    static func doc(_ declaration: String) -> [UInt8] {
        Array("\(declaration)<rss version=\"2.0\"><channel><title>".utf8) + greeting
            + Array("</title><item><title>".utf8) + greeting + Array("</title></item></channel></rss>".utf8)
    }

    @Test(arguments: [1, 5, 128, 4096])
    func everyByteDecodes(chunk: Int) throws {
        let t = try #require(Transcoder(source: "MACGREEK", reported: "macgreek"))
        let bytes = Array(0...255).map(UInt8.init)
        var out = [UInt8]()
        var i = 0
        while i < bytes.count {
            bytes[i..<min(i + chunk, bytes.count)].withUnsafeBytes { t.convert($0, final: false) { out += $0 } }
            i += chunk
        }
        [UInt8]().withUnsafeBytes { t.convert($0, final: true) { out += $0 } }
        let ascii = String(decoding: Array(0...127).map(UInt8.init), as: UTF8.self)
        #expect(out == xmlAllowed(Array((ascii + Self.high).utf8)))
        #expect(t.invalidSequences == 0)
    }

    @Test(arguments: ["x-mac-greek", "macgreek", "MacGreek", "mac-greek", "mac_greek", "X-MAC-GREEK"])
    func declared(name: String) {
        let bytes = Self.doc("<?xml version=\"1.0\" encoding=\"\(name)\"?>")
        for chunk in [1, 7, bytes.count] {
            let p = parseInChunks(bytes, chunk: chunk)
            #expect(p.encoding == name.lowercased().replacingOccurrences("_", "-"), "chunk \(chunk)")
            #expect(p.feed.title == "Καλημέρα κόσμε", "chunk \(chunk)")
            #expect(p.articles.map(\.title) == ["Καλημέρα κόσμε"], "chunk \(chunk)")
            #expect(p.wellformed, "\(p.problems)")
        }
    }

    /// Served as MacGreek and undeclared: read as UTF-8 first, the header's charset being the fallback.
    @Test func served() {
        let p = FeedParser.parse(Self.doc(""), contentType: "application/rss+xml; charset=x-mac-greek")
        #expect(p.encoding == "x-mac-greek")
        #expect(p.feed.title == "Καλημέρα κόσμε")
        #expect(p.wellformed, "\(p.problems)")
    }

    /// The case feedparser's suite checks: `\x80` is `Ä`.
    @Test func feedparserCase() {
        let xml = Array("<?xml version=\"1.0\" encoding=\"macgreek\"?><feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\"><title>".utf8)
            + [0x80] + Array("</title></feed>".utf8)
        let p = FeedParser.parse(xml)
        #expect(p.feed.title == "\u{C4}")
        #expect(p.encoding == "macgreek")
        #expect(p.wellformed)
    }
}

private extension String {
    func replacingOccurrences(_ a: Character, _ b: Character) -> String { String(map { $0 == a ? b : $0 }) }
}
