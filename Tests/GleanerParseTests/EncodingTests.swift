import GleanerModel
import GleanerTestSupport
import Testing
@testable import GleanerParse

/// BOM > XML declaration > HTTP charset > UTF-8, and libxml2's conversion of each.
@Suite struct EncodingTests {
    static let urdu: [(file: String, contentType: String?, encoding: String)] = [
        ("bbc-urdu.utf-8.xml", nil, "utf-8"),
        ("bbc-urdu.windows-1256.xml", nil, "windows-1256"),
        ("bbc-urdu.windows-1256.no-decl.xml", "application/rss+xml; charset=windows-1256", "windows-1256"),
        ("bbc-urdu.utf-16le-bom.xml", nil, "utf-16le"),
        // The declaration wins over a header that disagrees.
        ("bbc-urdu.windows-1256.xml", "text/xml; charset=utf-8", "windows-1256"),
        ("bbc-urdu.utf-8.xml", "application/rss+xml; charset=windows-1256", "utf-8"),
    ]

    @Test(arguments: urdu)
    func derivedEncodingsGiveIdenticalArticles(file: String, contentType: String?, encoding: String) throws {
        let reference = try parseFixture("bbc-urdu.utf-8.xml")
        let parsed = try parseFixture(file, contentType: contentType)
        #expect(parsed.encoding == encoding)
        #expect(parsed.wellformed, "\(parsed.problems)")
        #expect(parsed.articles.count == 26)
        #expect(parsed.articles == reference.articles)
        #expect(parsed.feed == reference.feed)
    }

    @Test(arguments: [1, 3, 5, 64])
    func smallChunksAcrossMultiByteCharacters(chunkSize: Int) throws {
        let bytes = try Fixtures.bytes("parse/bbc-urdu.windows-1256.no-decl.xml")
        let contentType = "application/rss+xml; charset=windows-1256"
        #expect(parseInChunks(bytes, chunk: chunkSize, contentType: contentType)
            == FeedParser.parse(bytes, contentType: contentType))
    }

    @Test func iso88591() throws {
        let p = try parseFixture("rss20-iso-8859-1.xml")
        #expect(p.encoding == "iso-8859-1")
        #expect(p.feed.title == "Café français")
        #expect(p.articles.map(\.title) == ["À la carte ½ prix"])
        #expect(p.articles.map(\.link) == ["http://example.fr/%C3%A9t%C3%A9"])
    }

    @Test func windows1251() throws {
        let p = try parseFixture("rss20-windows-1251.xml")
        #expect(p.encoding == "windows-1251")
        #expect(p.feed.title == "Новости")
        #expect(p.articles.map(\.title) == ["Привет, мир — «тест»"])
        #expect(p.articles.map(\.link) == ["http://example.ru/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D1%8C"])
    }

    @Test func utf8BOM() {
        let p = FeedParser.parse([0xEF, 0xBB, 0xBF] + Array("<?xml version='1.0'?><rss version='2.0'><channel><title>é</title></channel></rss>".utf8))
        #expect(p.encoding == "utf-8")
        #expect(p.feed.title == "é")
        #expect(p.wellformed)
    }

    @Test func leadingWhiteSpaceBeforeDeclarationIsDropped() {
        let p = parse("\n\n  <?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>ok</title></channel></rss>")
        #expect(p.feed.title == "ok")
        #expect(p.format == "rss2.0")
        #expect(p.problems == ["1:1: white space before the XML declaration ignored"])
    }

    @Test func unsupportedCharsetInHeaderFallsBackToUTF8() {
        let p = parse("<rss version='2.0'><channel><title>x</title></channel></rss>", contentType: "text/xml; charset=x-bogus-42")
        #expect(p.encoding == "utf-8")
        #expect(p.feed.title == "x")
    }

    @Test(arguments: [
        ("application/rss+xml; charset=windows-1256", "windows-1256"),
        ("text/xml;charset=\"ISO-8859-6\"", "iso-8859-6"),
        ("text/xml", nil),
        ("text/xml; format=flowed", nil),
    ] as [(String, String?)])
    func charsetOfContentType(header: String, charset: String?) {
        #expect(EncodingSniffer.charset(of: header) == charset)
    }
}
