import CTextScan
import GleanerModel
import Testing
@testable import GleanerParse

/// Characters XML 1.0 does not allow (C0 controls other than tab, LF, CR; U+FFFE, U+FFFF) become U+FFFD
/// before libxml2 sees them, which would otherwise stop at the first one and lose the rest of the feed.
@Suite struct XMLCharacterTests {
    /// Eleven items; item 2 carries `bad` in its CDATA description, item 5 in its title text.
    static func feed(_ bad: String) -> String {
        var items = ""
        for k in 1...11 {
            let desc = k == 2 ? "<![CDATA[<p>before\(bad)after</p>]]>" : "<![CDATA[<p>item \(k)</p>]]>"
            let title = k == 5 ? "title\(bad)5" : "title \(k)"
            items += "<item><title>\(title)</title><guid>g\(k)</guid><description>\(desc)</description></item>\n"
        }
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel><title>t</title>\n\(items)</channel></rss>\n"
    }

    static let disallowed: [String] = (Array(0x00...0x08) + [0x0B, 0x0C] + Array(0x0E...0x1F)).map { String(UnicodeScalar(UInt8($0))) }
        + ["\u{FFFE}", "\u{FFFF}"]

    @Test(arguments: disallowed)
    func everyItemKept(bad: String) {
        let xml = Self.feed(bad)
        for chunk in [1 << 20, 7, 1] {
            let p = parseInChunks(Array(xml.utf8), chunk: chunk)
            #expect(p.articles.count == 11, "U+\(String(bad.unicodeScalars.first!.value, radix: 16)) chunk \(chunk): \(p.problems)")
            #expect(p.articles.map(\.id) == (1...11).map { "g\($0)" })
            #expect(p.articles.dropFirst().first?.summary == "<p>before\u{FFFD}after</p>")
            #expect(p.articles.dropFirst(4).first?.title == "title\u{FFFD}5")
            #expect(p.problems.filter { $0.contains("not allowed in XML") }.count == 1, "\(p.problems)")
            #expect(!p.wellformed)
        }
    }

    /// The same in a legacy charset read from a table (windows-1252) and through iconv (Shift_JIS).
    @Test(arguments: ["windows-1252", "shift_jis"])
    func legacyCharsets(charset: String) {
        let xml = Self.feed("\u{0}").replacingOccurrences(of: "encoding=\"utf-8\"", with: "encoding=\"\(charset)\"")
        let p = parse(xml)
        #expect(p.articles.count == 11, "\(p.problems)")
        #expect(p.articles.dropFirst().first?.summary == "<p>before\u{FFFD}after</p>")
    }

    /// Allowed characters pass untouched: tab, LF, CR, DEL, C1, U+FFFD, U+FFFC, other U+FFxx and U+EFxxx.
    @Test func allowedCharactersUntouched() {
        let text = "a\tb c\u{7F}d\u{85}e\u{FFFD}f\u{FFFC}g\u{FF0C}h\u{EFFFF}i\u{10FFFF}"
        let xml = "<rss version=\"2.0\"><channel><item><title>x</title><description><![CDATA[\(text)]]></description></item></channel></rss>"
        let p = parse(xml)
        #expect(p.articles.first?.summary != nil)
        #expect(!p.problems.contains { $0.contains("not allowed in XML") }, "\(p.problems)")
        #expect(p.wellformed)
    }

    /// `gleaner_xml_char_stop` (AVX2 where the CPU has it) and its portable form against a byte-by-byte
    /// reference, for each byte that matters at every position of runs of 0...80 bytes, from offsets 0...3.
    @Test func scanAgreesWithReference() {
        func reference(_ b: [UInt8], _ from: Int) -> Int {
            var i = from
            while i < b.count {
                let c = b[i]
                if c < 0x20, c != 0x09, c != 0x0A, c != 0x0D { return i }
                if c == 0xEF, i + 2 < b.count, b[i + 1] == 0xBF, b[i + 2] & 0xFE == 0xBE { return i }
                i += 1
            }
            return b.count
        }
        let filler = Array("نص عربي and text ，".utf8)
        let inserts: [[UInt8]] = [[0x00], [0x01], [0x08], [0x09], [0x0A], [0x0B], [0x0D], [0x1F], [0x20], [0x7F],
                                  [0xEF, 0xBF, 0xBE], [0xEF, 0xBF, 0xBF], [0xEF, 0xBF, 0xBD], [0xEF, 0xBC, 0x8C]]
        var checked = 0
        for length in 0...80 {
            let base = (0..<length).map { filler[$0 % filler.count] }
            for at in 0...length {
                for ins in inserts {
                    let b = Array(base[..<at]) + ins + Array(base[at...])
                    for from in 0...min(3, b.count) {
                        let want = reference(b, from)
                        let got = b.withUnsafeBufferPointer { gleaner_xml_char_stop($0.baseAddress!, from, b.count) }
                        let portable = b.withUnsafeBufferPointer { gleaner_xml_char_stop_portable($0.baseAddress!, from, b.count) }
                        if got != want || portable != want {
                            Issue.record("length \(length) at \(at) insert \(ins) from \(from): \(got) \(portable), want \(want)")
                            return
                        }
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 10_000)
    }
}
