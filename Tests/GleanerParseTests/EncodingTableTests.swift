import GleanerModel
import GleanerTestSupport
import Testing
@testable import GleanerParse

/// One document per charset (Tests/Fixtures/parse/encodings, made with iconv by generate.sh there): the
/// text comes back as the same UTF-8, whatever the chunking, and the charset is reported.
@Suite struct EncodingTableTests {
    static let ar = "مرحبا بالعالم"
    static let ja = "こんにちは世界"
    static let cases: [(file: String, encoding: String, text: String)] = [
        ("windows-1256.xml", "windows-1256", ar),
        ("iso-8859-6.xml", "iso-8859-6", ar),
        ("windows-1251.xml", "windows-1251", "Привет, мир — «тест»"),
        ("koi8-r.xml", "koi8-r", "Привет, мир"),
        ("iso-8859-1.xml", "iso-8859-1", "Café à la crème"),
        ("iso-8859-15.xml", "iso-8859-15", "Café à la crème, œuvre €5"),
        ("shift_jis.xml", "shift_jis", ja),
        ("euc-jp.xml", "euc-jp", ja),
        ("gb2312.xml", "gb18030", "你好，世界"),
        ("gbk.xml", "gb18030", "你好，世界"),
        ("big5.xml", "big5", "你好，世界"),
        ("euc-kr.xml", "euc-kr", "안녕하세요 세계"),
        ("utf-16le-bom.xml", "utf-16le", ar),
        ("utf-16le.xml", "utf-16le", ar),
        ("utf-16be.xml", "utf-16be", ar),
        ("utf-16be-bom.xml", "utf-16be", ar),
        ("utf-32le.xml", "utf-32le", ja),
        ("utf-32be.xml", "utf-32be", ja),
        ("utf-32le-bom.xml", "utf-32le", ja),
        ("utf-32be-bom.xml", "utf-32be", ja),
    ]

    @Test(arguments: cases)
    func decodes(file: String, encoding: String, text: String) throws {
        let bytes = try Fixtures.bytes("parse/encodings/" + file)
        for chunk in [1, 3, 7, 4096] {
            let p = parseInChunks(bytes, chunk: chunk)
            #expect(p.encoding == encoding, "\(file) chunk \(chunk)")
            #expect(p.feed.title == text, "\(file) chunk \(chunk)")
            #expect(p.articles.map(\.title) == [text], "\(file) chunk \(chunk)")
            #expect(p.wellformed, "\(file): \(p.problems)")
        }
    }

    @Test func undeclaredNonUTF8IsReadAsWindows1252() throws {
        let p = FeedParser.parse(try Fixtures.bytes("parse/encodings/undeclared-windows-1252.xml"))
        #expect(p.encoding == "windows-1252")
        #expect(p.feed.title == "Café “quoted”")
        #expect(!p.wellformed)
        #expect(p.problems.contains { $0.contains("windows-1252") })
    }

    @Test func invalidUTF8BecomesReplacementCharacter() throws {
        let p = FeedParser.parse(try Fixtures.bytes("parse/encodings/utf-8-invalid-byte.xml"))
        #expect(p.encoding == "utf-8")
        #expect(p.feed.title == "café \u{FFFD} ok")
        #expect(p.articles.map(\.title) == ["café \u{FFFD} ok"], "the document goes on after the bad byte")
        #expect(!p.wellformed)
        #expect(p.problems.contains { $0.contains("U+FFFD") })
    }

    @Test(arguments: [
        // A UTF-8 document declared UTF-8 but served with a wrong charset is not mojibake.
        ("<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>مرحبا</title></channel></rss>",
         "text/xml; charset=iso-8859-1", "utf-8", "مرحبا"),
        // Undeclared, served as windows-1256, but the bytes are UTF-8: UTF-8 wins (and is reported).
        ("<rss version='2.0'><channel><title>مرحبا</title></channel></rss>",
         "application/rss+xml; charset=windows-1256", "utf-8", "مرحبا"),
        // The header charset wins over the declaration for a legacy pair (RFC 7303 §3).
        ("<?xml version='1.0' encoding='iso-8859-1'?><rss version='2.0'><channel><title>plain</title></channel></rss>",
         "application/xml; charset=us-ascii", "us-ascii", "plain"),
    ] as [(String, String, String, String)])
    func headerAndDeclaration(xml: String, contentType: String, encoding: String, title: String) {
        let p = parse(xml, contentType: contentType)
        #expect(p.encoding == encoding)
        #expect(p.feed.title == title)
    }
}
