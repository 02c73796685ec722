import GleanerTestSupport
import Testing
@testable import GleanerParse

/// `&#X41;` (capital X), which XML does not allow and libxml2 rejects, is read as `A`, as feedparser and
/// HTML read it (feedparser suite: entities/hex_entity_x_uppercase.xml); the document is then not
/// well-formed and says why (feedparser: bozo).
@Suite struct HexReferenceTests {
    static func fixed(_ bytes: [UInt8], chunk: Int) -> [UInt8] {
        var fixer = HexReferenceFixer()
        var out = [UInt8]()
        var i = 0
        while i < bytes.count {
            let piece = Array(bytes[i..<min(i + chunk, bytes.count)])
            piece.withUnsafeBytes { _ = fixer.pass($0) { out += $0 } }
            i += chunk
        }
        return out
    }

    static func reference(_ bytes: [UInt8]) -> [UInt8] {
        var out = bytes
        var k = 0
        while k + 2 < out.count {
            if out[k] == UInt8(ascii: "&"), out[k + 1] == UInt8(ascii: "#"), out[k + 2] == UInt8(ascii: "X") {
                out[k + 2] = UInt8(ascii: "x")
            }
            k += 1
        }
        return out
    }

    /// Any text and any chunking, references cut anywhere by chunk boundaries included.
    @Test(arguments: [1, 2, 3, 7, 64, 4096])
    func rewriteMatchesWholeText(chunk: Int) {
        var rng = SeededGenerator()
        let alphabet: [UInt8] = Array("&#Xx4a;<".utf8)
        for _ in 0..<500 {
            let bytes = (0..<Int.random(in: 0..<60, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
            #expect(Self.fixed(bytes, chunk: chunk) == Self.reference(bytes), "\(String(decoding: bytes, as: UTF8.self))")
        }
    }

    /// A piece without `&#X` is passed on as it is, not copied.
    @Test func noCopyWithoutCapitalX() {
        var fixer = HexReferenceFixer()
        let bytes = Array("a &amp; &#x41; &#65; &".utf8)
        bytes.withUnsafeBytes { raw in
            let n = fixer.pass(raw) { #expect($0.baseAddress == raw.baseAddress) }
            #expect(n == 0)
        }
        // The trailing `&` is remembered: `#X` at the start of the next piece is rewritten.
        Array("#X42;".utf8).withUnsafeBytes { raw in
            let n = fixer.pass(raw) { #expect(Array($0) == Array("#x42;".utf8)) }
            #expect(n == 1)
        }
    }

    static let doc = """
        <rss version="2.0"><channel><title>&#X41;&#x42;&#X43;</title>
        <item><title>&#X263A; ok</title><link>http://example.com/?a=&#X41;</link></item>
        </channel></rss>
        """

    @Test(arguments: [1, 2, 7, 4096])
    func parsedInChunks(chunk: Int) {
        let p = parseInChunks(Array(Self.doc.utf8), chunk: chunk)
        #expect(p.feed.title == "ABC")
        #expect(p.articles.map(\.title) == ["☺ ok"])
        #expect(p.articles.map(\.link) == ["http://example.com/?a=A"])
        #expect(!p.wellformed)
        #expect(p.problems.count == 1, "\(p.problems)")
        #expect(p.problems.first?.contains("&#X") == true)
        // Reported where libxml2 is when the reference comes: the first is on line 1.
        #expect(p.problems.first?.hasPrefix("1:") == true, "\(p.problems)")
    }

    @Test func lowerCaseIsWellFormed() {
        let p = parse("<rss version=\"2.0\"><channel><title>&#x41;</title></channel></rss>")
        #expect(p.feed.title == "A")
        #expect(p.wellformed, "\(p.problems)")
    }
}
