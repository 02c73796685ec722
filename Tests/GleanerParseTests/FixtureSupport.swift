import GleanerModel
import GleanerTestSupport
@testable import GleanerParse

/// Parses `Tests/Fixtures/parse/<name>`.
func parseFixture(_ name: String, documentURL: String? = nil, contentType: String? = nil) throws -> ParsedFeed {
    FeedParser.parse(try Fixtures.bytes("parse/" + name), documentURL: documentURL, contentType: contentType)
}

/// Parses a document given as a string.
func parse(_ xml: String, documentURL: String? = nil, contentType: String? = nil) -> ParsedFeed {
    FeedParser.parse(Array(xml.utf8), documentURL: documentURL, contentType: contentType)
}

/// Parses `bytes` pushed `chunk` bytes at a time (the last push may be shorter).
func parseInChunks(_ bytes: [UInt8], chunk: Int, documentURL: String? = nil, contentType: String? = nil) -> ParsedFeed {
    let parser = FeedParser(documentURL: documentURL, contentType: contentType)
    var i = 0
    while i < bytes.count {
        parser.push(Array(bytes[i..<min(i + chunk, bytes.count)]))
        i += chunk
    }
    return parser.finish()
}

func ts(_ s: String) -> Timestamp? { DateParser.parse(s) }

extension Article {
    /// Builds an expected article in one expression.
    static func make(_ body: (inout Article) -> Void) -> Article {
        var a = Article()
        body(&a)
        return a
    }
}

/// What the transcoder hands on for UTF-8 `bytes`: characters XML does not allow (C0 controls other than tab,
/// LF and CR; U+FFFE, U+FFFF) replaced with U+FFFD, as `Transcoder` does before libxml2 sees them.
func xmlAllowed(_ bytes: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    for s in String(decoding: bytes, as: UTF8.self).unicodeScalars {
        let v = s.value
        let bad = (v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D) || v == 0xFFFE || v == 0xFFFF
        out += bad ? [0xEF, 0xBF, 0xBD] : Array(String(s).utf8)
    }
    return out
}
