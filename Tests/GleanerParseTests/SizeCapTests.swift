import GleanerModel
import Testing
@testable import GleanerParse

/// Every cut at a size cap ends on a character boundary: 2-, 3- and 4-byte characters with the cap falling
/// after each of their bytes. A cut inside one would hand a dangling lead byte to `String(validatedUTF8:)`
/// (which debug builds check, so such a test stops) or show as U+FFFD.
@Suite struct SizeCapTests {
    static let characters: [String] = ["é", "中", "😀"]

    static var crossings: [(String, Int)] {
        characters.flatMap { c in (1..<c.utf8.count).map { (c, $0) } }
    }

    /// The 4 MiB capture cap (`FeedBuilder.maxText`) on plain text: the title keeps the ASCII before the cut
    /// and not a byte of the character the cap falls in.
    @Test(arguments: crossings)
    func titleCap(character: String, into: Int) {
        let ascii = FeedBuilder.maxText - into
        let title = String(repeating: "a", count: ascii) + String(repeating: character, count: 64)
        let p = parse("<rss version=\"2.0\"><channel><item><title>\(title)</title><guid>g</guid></item></channel></rss>")
        let got = p.articles.first?.title
        #expect(got?.utf8.count == ascii, "\(character) cut after \(into) bytes: \(got?.utf8.count ?? -1)")
        #expect(got?.unicodeScalars.allSatisfy { $0 == "a" } == true)
        #expect(p.problems.contains { $0.contains("truncated") })
        #expect(p.articles.first?.id == "g")
    }

    /// The same cap on escaped markup (Atom xhtml content, written back as HTML while captured).
    @Test(arguments: crossings)
    func markupCap(character: String, into: Int) {
        // Escaping reserves five bytes per byte at the cap: cut positions vary with the text around them,
        // so a run of lengths covers cuts inside the character.
        for extra in 0..<3 {
            let ascii = FeedBuilder.maxText / 5 - 200 - into - extra
            let text = String(repeating: "b", count: ascii) + String(repeating: character, count: 400)
            let atom = """
                <feed xmlns="http://www.w3.org/2005/Atom"><entry><id>e</id><content type="xhtml">\
                <div xmlns="http://www.w3.org/1999/xhtml"><p>\(String(repeating: "c", count: FeedBuilder.maxText / 2))</p>\
                <p>\(text)</p></div></content></entry></feed>
                """
            let p = parse(atom)
            let content = p.articles.first?.content ?? ""
            #expect(!content.isEmpty)
            #expect(!content.contains("\u{FFFD}"), "\(character) extra \(extra)")
            #expect(p.problems.contains { $0.contains("truncated") })
        }
    }

    /// The sanitizer's output cap (`HTMLSanitizer.maxOutput`) on text.
    @Test(arguments: crossings)
    func sanitizerCap(character: String, into: Int) {
        for extra in 0..<2 {
            let ascii = (HTMLSanitizer.maxOutput - HTMLSanitizer.Writer.reserve) / 5 - into - extra
            var html = Array((String(repeating: "d", count: ascii) + String(repeating: character, count: 2000)).utf8)
            let out = HTMLSanitizer.sanitizeWithLibxml2(&html, base: nil)
            #expect(!out.contains("\u{FFFD}"), "\(character) extra \(extra)")
            #expect(out.utf8.count <= HTMLSanitizer.maxOutput)
        }
    }

    /// `UTF8Cut.prefix` itself, at every limit over text of each character length (the JSON Feed cap uses it
    /// on bytes whose validity is not known yet: it never moves back more than three bytes).
    @Test func cutHelper() {
        for c in Self.characters {
            let bytes = Array(("ab" + String(repeating: c, count: 5)).utf8)
            bytes.withUnsafeBufferPointer { b in
                for limit in 0...(bytes.count + 2) {
                    let k = UTF8Cut.prefix(b, atMost: limit)
                    #expect(k <= min(limit, bytes.count))
                    #expect(String(validating: bytes[..<k], as: UTF8.self) != nil, "\(c) limit \(limit) → \(k)")
                    #expect(k >= min(limit, bytes.count) - (c.utf8.count - 1))
                }
            }
        }
        let continuations = [UInt8](repeating: 0x80, count: 10)
        continuations.withUnsafeBufferPointer { #expect(UTF8Cut.prefix($0, atMost: 8) == 5) }
        continuations.withUnsafeBufferPointer { #expect(UTF8Cut.prefix($0, atMost: -3) == 0) }
    }
}
