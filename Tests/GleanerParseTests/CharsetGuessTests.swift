import GleanerModel
import GleanerTestSupport
import Testing
@testable import GleanerParse

/// A document with no charset anywhere that is not UTF-8: CJK, Thai and Hebrew are recognised
/// (`EncodingSniffer.guessLegacy`; feedparser suite: illformed/chardet/*.xml), and so are the Cyrillic
/// code pages, told apart by letter frequencies; anything else is read as windows-1252 as before. Text made with Python's codecs.
@Suite struct CharsetGuessTests {
    /// Latin-1 text written as a Swift string: each scalar is one byte.
    static func bytes(_ s: String) -> [UInt8] { s.unicodeScalars.map { UInt8($0.value) } }

    static func feed(_ text: String) -> [UInt8] {
        bytes("<rss version=\"2.0\"><channel><title>") + bytes(text)
            + bytes("</title><item><title>") + bytes(text) + bytes("</title></item></channel></rss>")
    }

    @Test(arguments: [
        ("euc-jp", "\u{BA}\u{A3}\u{C6}\u{FC}\u{A4}\u{CF}\u{A4}\u{C8}\u{A4}\u{C6}\u{A4}\u{E2}\u{CE}\u{C9}\u{A4}\u{A4}\u{C5}\u{B7}\u{B5}\u{A4}\u{A4}\u{C7}\u{A4}\u{B9}\u{A4}\u{CD}\u{A1}\u{A3}\u{BB}\u{E4}\u{A4}\u{BF}\u{A4}\u{C1}\u{A4}\u{CF}\u{B8}\u{F8}\u{B1}\u{E0}\u{A4}\u{CB}\u{B9}\u{D4}\u{A4}\u{AD}\u{A4}\u{DE}\u{A4}\u{B7}\u{A4}\u{BF}\u{A1}\u{A3}", "今日はとても良い天気ですね。私たちは公園に行きました。"),
        ("big5", "\u{A7}\u{DA}\u{AD}\u{CC}\u{AA}\u{BA}\u{A5}\u{CD}\u{AC}\u{A1}\u{A4}\u{A4}\u{A6}\u{B3}\u{AB}\u{DC}\u{A6}h\u{A8}\u{C6}\u{B1}\u{A1}\u{AC}O\u{A4}\u{A3}\u{AF}\u{E0}\u{A5}\u{CE}\u{BB}\u{A1}\u{AA}\u{BA}\u{A1}A\u{B3}o\u{AD}\u{D3}\u{B0}\u{EA}\u{AE}a\u{AA}\u{BA}\u{A4}H\u{B3}\u{A3}\u{B7}|\u{A4}F\u{B8}\u{D1}\u{A1}C", "我們的生活中有很多事情是不能用說的，這個國家的人都會了解。"),
        ("gb18030", "\u{CE}\u{D2}\u{C3}\u{C7}\u{B5}\u{C4}\u{C9}\u{FA}\u{BB}\u{EE}\u{D6}\u{D0}\u{D3}\u{D0}\u{BA}\u{DC}\u{B6}\u{E0}\u{CA}\u{C2}\u{C7}\u{E9}\u{CA}\u{C7}\u{B2}\u{BB}\u{C4}\u{DC}\u{D3}\u{C3}\u{CB}\u{B5}\u{B5}\u{C4}\u{A3}\u{AC}\u{D5}\u{E2}\u{B8}\u{F6}\u{B9}\u{FA}\u{BC}\u{D2}\u{B5}\u{C4}\u{C8}\u{CB}\u{B6}\u{BC}\u{BB}\u{E1}\u{C1}\u{CB}\u{BD}\u{E2}\u{A1}\u{A3}", "我们的生活中有很多事情是不能用说的，这个国家的人都会了解。"),
        ("euc-kr", "\u{BF}\u{C0}\u{B4}\u{C3}\u{C0}\u{BA} \u{B3}\u{AF}\u{BE}\u{BE}\u{B0}\u{A1} \u{C1}\u{C1}\u{BD}\u{C0}\u{B4}\u{CF}\u{B4}\u{D9}. \u{BF}\u{EC}\u{B8}\u{AE}\u{B4}\u{C2} \u{B0}\u{F8}\u{BF}\u{F8}\u{BF}\u{A1} \u{B0}\u{A1}\u{BC}\u{AD} \u{C0}\u{CC}\u{BE}\u{DF}\u{B1}\u{E2}\u{B8}\u{A6} \u{C7}\u{DF}\u{BD}\u{C0}\u{B4}\u{CF}\u{B4}\u{D9}.", "오늘은 날씨가 좋습니다. 우리는 공원에 가서 이야기를 했습니다."),
        ("tis-620", "\u{CA}\u{D3}\u{B9}\u{D1}\u{A1}\u{A7}\u{D2}\u{B9}\u{CA}\u{E8}\u{A7}\u{E0}\u{CA}\u{C3}\u{D4}\u{C1}\u{CD}\u{D8}\u{B5}\u{CA}\u{D2}\u{CB}\u{A1}\u{C3}\u{C3}\u{C1}\u{AB}\u{CD}\u{BF}\u{B5}\u{EC}\u{E1}\u{C7}\u{C3}\u{EC}\u{E1}\u{CB}\u{E8}\u{A7}\u{AA}\u{D2}\u{B5}\u{D4} \u{C3}\u{E8}\u{C7}\u{C1}\u{A1}\u{D1}\u{BA} \u{AA}\u{D8}\u{C1}\u{AA}\u{B9}\u{E2}\u{CD}\u{E0}\u{BE}\u{B9}\u{AB}\u{CD}\u{C3}\u{EC}\u{CA}", "สำนักงานส่งเสริมอุตสาหกรรมซอฟต์แวร์แห่งชาติ ร่วมกับ ชุมชนโอเพนซอร์ส"),
        ("windows-1255", "\u{E4}\u{E0}\u{ED} \u{FA}\u{E3}\u{F4}\u{E9}\u{F1} \u{F0}\u{E9}\u{E9}\u{F8} \u{F9}\u{EC} \u{E0}\u{FA}\u{F8} \u{E0}\u{E9}\u{F0}\u{E8}\u{F8}\u{F0}\u{E8} \u{F9}\u{EE}\u{E5}\u{F6}\u{E2} \u{F2}\u{EC} \u{EE}\u{F1}\u{EA} \u{EE}\u{F9}\u{FA}\u{EE}\u{F9} \u{E4}\u{E5}\u{E0} \u{E4}\u{F2}\u{FA}\u{F7} \u{F0}\u{E0}\u{EE}\u{EF}", "האם תדפיס נייר של אתר אינטרנט שמוצג על מסך משתמש הוא העתק נאמן"),
        ("windows-1252", "Le caf\u{E9} est tr\u{E8}s bon \u{E0} Paris, m\u{EA}me en \u{E9}t\u{E9}. O\u{F9} est la biblioth\u{E8}que?", nil),
        ("windows-1252", "Gr\u{F6}\u{DF}ere \u{DC}bungen f\u{FC}r Sch\u{FC}ler: Ma\u{DF}nahmen gegen L\u{E4}rm in St\u{E4}dten", nil),
        ("windows-1251", "\u{CD}\u{EE}\u{E2}\u{EE}\u{F1}\u{F2}\u{E8} \u{D0}\u{EE}\u{F1}\u{F1}\u{E8}\u{E8} \u{E8} \u{EC}\u{E8}\u{F0}\u{E0}: \u{FD}\u{EA}\u{EE}\u{ED}\u{EE}\u{EC}\u{E8}\u{EA}\u{E0}, \u{EF}\u{EE}\u{EB}\u{E8}\u{F2}\u{E8}\u{EA}\u{E0}, \u{EE}\u{E1}\u{F9}\u{E5}\u{F1}\u{F2}\u{E2}\u{EE}, \u{EA}\u{F3}\u{EB}\u{FC}\u{F2}\u{F3}\u{F0}\u{E0}", "Новости России и мира: экономика, политика, общество, культура"),
        ("windows-1252", "\u{E3}\u{D1}\u{CD}\u{C8}\u{C7} \u{C8}\u{DF}\u{E3} \u{DD}\u{ED} \u{E3}\u{E6}\u{DE}\u{DA} \u{C7}\u{E1}\u{C3}\u{CE}\u{C8}\u{C7}\u{D1} \u{C7}\u{E1}\u{DA}\u{D1}\u{C8}\u{ED}\u{C9} \u{DA}\u{E1}\u{EC} \u{C7}\u{E1}\u{C5}\u{E4}\u{CA}\u{D1}\u{E4}\u{CA} \u{C7}\u{E1}\u{ED}\u{E6}\u{E3}", nil),
    ])
    func guesses(encoding: String, latin1: String, text: String?) {
        let p = FeedParser.parse(Self.feed(latin1))
        #expect(p.encoding == encoding)
        #expect(!p.wellformed)
        if let text {
            #expect(p.feed.title == text)
            #expect(p.articles.first?.title == text)
            #expect(p.problems.contains { $0.contains("(guessed)") })
        } else {
            #expect(!p.problems.contains { $0.contains("(guessed)") })
        }
    }

    static let eucJP = "\u{BA}\u{A3}\u{C6}\u{FC}\u{A4}\u{CF}\u{A4}\u{C8}\u{A4}\u{C6}\u{A4}\u{E2}\u{CE}\u{C9}\u{A4}\u{A4}\u{C5}\u{B7}\u{B5}\u{A4}\u{A4}\u{C7}\u{A4}\u{B9}\u{A4}\u{CD}\u{A1}\u{A3}"
    static let big5 = "\u{A7}\u{DA}\u{AD}\u{CC}\u{AA}\u{BA}\u{A5}\u{CD}\u{AC}\u{A1}\u{A4}\u{A4}\u{A6}\u{B3}\u{AB}\u{DC}\u{A6}h\u{A8}\u{C6}\u{B1}\u{A1}"

    /// A feed whose legacy text comes after `ascii` bytes of plain ASCII channel data.
    static func late(_ latin1: String, after ascii: Int) -> [UInt8] {
        let pad = String(repeating: "plain ascii words. ", count: ascii / 19 + 1)
        return bytes("<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><description>\(pad)</description><title>")
            + bytes(latin1) + bytes("</title><item><title>") + bytes(latin1)
            + bytes("</title><link>http://example.com/1</link></item></channel></rss>")
    }

    static func pushed(_ bytes: [UInt8], chunk: Int, contentType: String? = nil) -> ParsedFeed {
        parseInChunks(bytes, chunk: chunk, contentType: contentType)
    }

    /// The same outcome for every chunking: what a reader gets must not depend on how the network cut the
    /// body. (Problems carry libxml2's position when they were found, which may differ.)
    static func expectSame(_ bytes: [UInt8], chunks: [Int] = [1, 7, 512, 4096], contentType: String? = nil,
                           _ comment: String) -> ParsedFeed {
        let whole = FeedParser.parse(bytes, contentType: contentType)
        for chunk in chunks {
            let p = pushed(bytes, chunk: chunk, contentType: contentType)
            #expect(p.encoding == whole.encoding, "\(comment), chunk \(chunk)")
            #expect(p.wellformed == whole.wellformed, "\(comment), chunk \(chunk)")
            #expect(p.feed == whole.feed, "\(comment), chunk \(chunk)")
            #expect(p.articles == whole.articles, "\(comment), chunk \(chunk)")
            #expect(p.problems.count == whole.problems.count, "\(comment), chunk \(chunk): \(p.problems) \(whole.problems)")
        }
        return whole
    }

    /// The guess is made on the document's first 16 KiB however it is pushed: the transcoder records them
    /// as they pass and, if the first bytes that are not UTF-8 come before the 16 KiB are in, holds the
    /// rest back until they are (or the document ends). Before, only the first chunk was looked at, and
    /// the same document pushed in small chunks came out as windows-1252.
    @Test(arguments: [(eucJP, "euc-jp", "今日はとても良い天気ですね。"), (big5, "big5", "我們的生活中有很多事情")])
    func guessIsTheSameForEveryChunking(latin1: String, encoding: String, text: String) {
        for ascii in [0, 600, 5000] {
            let p = Self.expectSame(Self.late(latin1, after: ascii), "\(encoding) after \(ascii) ASCII bytes")
            #expect(p.encoding == encoding)
            #expect(p.articles.first?.title == text)
        }
        // Non-ASCII text only after the first 16 KiB: not guessed, whole or in chunks.
        let p = Self.expectSame(Self.late(latin1, after: 17000), chunks: [7, 4096], "\(encoding) after 17000")
        #expect(p.encoding == "windows-1252")
    }

    /// Undeclared Arabic (windows-1256) and Cyrillic (windows-1251) are not guessed (windows-1252, as
    /// documented), but identically for every chunking; so is the served Arabic document.
    @Test func legacyDocumentsAreTheSameForEveryChunking() throws {
        let arabic = try Fixtures.bytes("parse/bbc-urdu.windows-1256.no-decl.xml")
        let a = Self.expectSame(arabic, "windows-1256 undeclared")
        #expect(a.encoding == "windows-1252")
        #expect(a.articles.count == 26)
        let served = Self.expectSame(arabic, contentType: "application/rss+xml; charset=windows-1256", "windows-1256 served")
        #expect(served.encoding == "windows-1256")
        #expect(served.articles.map(\.title) == FeedParser.parse(try Fixtures.bytes("parse/bbc-urdu.utf-8.xml")).articles.map(\.title))

        var cyrillic = try Fixtures.bytes("parse/rss20-windows-1251.xml")
        let decl = Array(" encoding=\"windows-1251\"".utf8)
        let at = try #require(cyrillic.firstRange(of: decl))
        cyrillic.removeSubrange(at)
        let c = Self.expectSame(cyrillic, "windows-1251 undeclared")
        #expect(c.encoding == "windows-1251")
        #expect(c.articles.count == 1)
    }

    /// Bytes that are not UTF-8 before the first tag (junk, dropped with a problem) are held back with the
    /// rest for the guess; the junk is still found and dropped once the head is decoded.
    @Test func junkBeforeTheFirstTagIsDroppedForEveryChunking() {
        let bytes = Self.bytes("\u{E9}\u{E8} junk\n") + Self.late(Self.eucJP, after: 100)
        let p = Self.expectSame(bytes, "junk first")
        #expect(p.encoding == "euc-jp")
        #expect(p.articles.first?.title == "今日はとても良い天気ですね。")
        #expect(p.problems.contains { $0.contains("junk before the first tag") })
    }

    /// A long ASCII head, then UTF-8: nothing to guess, byte by byte as whole.
    @Test func utf8AfterALongASCIIHead() {
        let bytes = Array("<rss version=\"2.0\"><channel><description>\(String(repeating: "x", count: 20000))</description><title>今日は</title></channel></rss>".utf8)
        let p = Self.expectSame(bytes, chunks: [1, 7], "utf-8")
        #expect(p.encoding == "utf-8")
        #expect(p.feed.title == "今日は")
        #expect(p.wellformed)
    }

    @Test func declaredOrServedCharsetIsNotGuessed() {
        let euc = ("\u{BA}\u{A3}\u{C6}\u{FC}\u{A4}\u{CF}\u{A4}\u{C8}\u{A4}\u{C6}\u{A4}\u{E2}\u{CE}\u{C9}\u{A4}\u{A4}")
        let declared = Self.bytes("<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>") + Self.feed(euc)
        #expect(FeedParser.parse(declared).encoding == "iso-8859-1")
        let served = FeedParser.parse(Self.feed(euc), contentType: "text/xml; charset=windows-1252")
        #expect(served.encoding == "windows-1252")
        // UTF-8 is never second-guessed.
        #expect(FeedParser.parse(Array("<rss version=\"2.0\"><channel><title>今日は良い天気ですね</title></channel></rss>".utf8)).encoding == "utf-8")
    }
}

/// Undeclared Cyrillic: the four code pages use the same bytes for different letters; letter frequencies
/// tell them apart (`EncodingSniffer.guessCyrillic`), where windows-1252 was read before.
@Suite struct CyrillicGuessTests {
    static let russian = "Новости России и мира: экономика, политика, общество, культура. Правительство подготовит новые меры поддержки."

    @Test(arguments: [
        ("windows-1251", "\u{CD}\u{EE}\u{E2}\u{EE}\u{F1}\u{F2}\u{E8} \u{D0}\u{EE}\u{F1}\u{F1}\u{E8}\u{E8} \u{E8} \u{EC}\u{E8}\u{F0}\u{E0}: \u{FD}\u{EA}\u{EE}\u{ED}\u{EE}\u{EC}\u{E8}\u{EA}\u{E0}, \u{EF}\u{EE}\u{EB}\u{E8}\u{F2}\u{E8}\u{EA}\u{E0}, \u{EE}\u{E1}\u{F9}\u{E5}\u{F1}\u{F2}\u{E2}\u{EE}, \u{EA}\u{F3}\u{EB}\u{FC}\u{F2}\u{F3}\u{F0}\u{E0}. \u{CF}\u{F0}\u{E0}\u{E2}\u{E8}\u{F2}\u{E5}\u{EB}\u{FC}\u{F1}\u{F2}\u{E2}\u{EE} \u{EF}\u{EE}\u{E4}\u{E3}\u{EE}\u{F2}\u{EE}\u{E2}\u{E8}\u{F2} \u{ED}\u{EE}\u{E2}\u{FB}\u{E5} \u{EC}\u{E5}\u{F0}\u{FB} \u{EF}\u{EE}\u{E4}\u{E4}\u{E5}\u{F0}\u{E6}\u{EA}\u{E8}."),
        ("koi8-r", "\u{EE}\u{CF}\u{D7}\u{CF}\u{D3}\u{D4}\u{C9} \u{F2}\u{CF}\u{D3}\u{D3}\u{C9}\u{C9} \u{C9} \u{CD}\u{C9}\u{D2}\u{C1}: \u{DC}\u{CB}\u{CF}\u{CE}\u{CF}\u{CD}\u{C9}\u{CB}\u{C1}, \u{D0}\u{CF}\u{CC}\u{C9}\u{D4}\u{C9}\u{CB}\u{C1}, \u{CF}\u{C2}\u{DD}\u{C5}\u{D3}\u{D4}\u{D7}\u{CF}, \u{CB}\u{D5}\u{CC}\u{D8}\u{D4}\u{D5}\u{D2}\u{C1}. \u{F0}\u{D2}\u{C1}\u{D7}\u{C9}\u{D4}\u{C5}\u{CC}\u{D8}\u{D3}\u{D4}\u{D7}\u{CF} \u{D0}\u{CF}\u{C4}\u{C7}\u{CF}\u{D4}\u{CF}\u{D7}\u{C9}\u{D4} \u{CE}\u{CF}\u{D7}\u{D9}\u{C5} \u{CD}\u{C5}\u{D2}\u{D9} \u{D0}\u{CF}\u{C4}\u{C4}\u{C5}\u{D2}\u{D6}\u{CB}\u{C9}."),
        ("iso-8859-5", "\u{BD}\u{DE}\u{D2}\u{DE}\u{E1}\u{E2}\u{D8} \u{C0}\u{DE}\u{E1}\u{E1}\u{D8}\u{D8} \u{D8} \u{DC}\u{D8}\u{E0}\u{D0}: \u{ED}\u{DA}\u{DE}\u{DD}\u{DE}\u{DC}\u{D8}\u{DA}\u{D0}, \u{DF}\u{DE}\u{DB}\u{D8}\u{E2}\u{D8}\u{DA}\u{D0}, \u{DE}\u{D1}\u{E9}\u{D5}\u{E1}\u{E2}\u{D2}\u{DE}, \u{DA}\u{E3}\u{DB}\u{EC}\u{E2}\u{E3}\u{E0}\u{D0}. \u{BF}\u{E0}\u{D0}\u{D2}\u{D8}\u{E2}\u{D5}\u{DB}\u{EC}\u{E1}\u{E2}\u{D2}\u{DE} \u{DF}\u{DE}\u{D4}\u{D3}\u{DE}\u{E2}\u{DE}\u{D2}\u{D8}\u{E2} \u{DD}\u{DE}\u{D2}\u{EB}\u{D5} \u{DC}\u{D5}\u{E0}\u{EB} \u{DF}\u{DE}\u{D4}\u{D4}\u{D5}\u{E0}\u{D6}\u{DA}\u{D8}."),
        ("ibm866", "\u{8D}\u{AE}\u{A2}\u{AE}\u{E1}\u{E2}\u{A8} \u{90}\u{AE}\u{E1}\u{E1}\u{A8}\u{A8} \u{A8} \u{AC}\u{A8}\u{E0}\u{A0}: \u{ED}\u{AA}\u{AE}\u{AD}\u{AE}\u{AC}\u{A8}\u{AA}\u{A0}, \u{AF}\u{AE}\u{AB}\u{A8}\u{E2}\u{A8}\u{AA}\u{A0}, \u{AE}\u{A1}\u{E9}\u{A5}\u{E1}\u{E2}\u{A2}\u{AE}, \u{AA}\u{E3}\u{AB}\u{EC}\u{E2}\u{E3}\u{E0}\u{A0}. \u{8F}\u{E0}\u{A0}\u{A2}\u{A8}\u{E2}\u{A5}\u{AB}\u{EC}\u{E1}\u{E2}\u{A2}\u{AE} \u{AF}\u{AE}\u{A4}\u{A3}\u{AE}\u{E2}\u{AE}\u{A2}\u{A8}\u{E2} \u{AD}\u{AE}\u{A2}\u{EB}\u{A5} \u{AC}\u{A5}\u{E0}\u{EB} \u{AF}\u{AE}\u{A4}\u{A4}\u{A5}\u{E0}\u{A6}\u{AA}\u{A8}."),
    ])
    func russianIsReadInItsCodePage(encoding: String, latin1: String) {
        for chunk in [1, 7, 4096] {
            let p = parseInChunks(CharsetGuessTests.feed(latin1), chunk: chunk)
            #expect(p.encoding == encoding, "chunk \(chunk)")
            #expect(p.feed.title == Self.russian, "chunk \(chunk)")
            #expect(p.articles.first?.title == Self.russian, "chunk \(chunk)")
            #expect(p.problems.contains { $0.contains("(guessed)") })
        }
    }

    /// Bulgarian, another language in windows-1251: its letters are frequent enough in Russian to be read
    /// in the right code page.
    @Test func bulgarianInWindows1251() {
        let latin1 = "\u{C1}\u{FA}\u{EB}\u{E3}\u{E0}\u{F0}\u{F1}\u{EA}\u{E0}\u{F2}\u{E0} \u{E0}\u{F0}\u{EC}\u{E8}\u{FF} \u{E5} \u{E2}\u{FA}\u{EE}\u{F0}\u{FA}\u{E6}\u{E5}\u{ED}\u{E8}\u{F2}\u{E5} \u{F1}\u{E8}\u{EB}\u{E8} \u{ED}\u{E0} \u{C1}\u{FA}\u{EB}\u{E3}\u{E0}\u{F0}\u{E8}\u{FF}. \u{D2}\u{FF} \u{F1}\u{E5} \u{F1}\u{FA}\u{F1}\u{F2}\u{EE}\u{E8} \u{EE}\u{F2} \u{F1}\u{F3}\u{F5}\u{EE}\u{EF}\u{FA}\u{F2}\u{ED}\u{E8} \u{E2}\u{EE}\u{E9}\u{F1}\u{EA}\u{E8} \u{E8} \u{F4}\u{EB}\u{EE}\u{F2}."
        let p = FeedParser.parse(CharsetGuessTests.feed(latin1))
        #expect(p.encoding == "windows-1251")
        #expect(p.feed.title == "Българската армия е въоръжените сили на България. Тя се състои от сухопътни войски и флот.")
    }
}

/// The Mac OS code pages named in the XML declaration, by their WHATWG and IANA names.
@Suite struct MacEncodingTests {
    @Test(arguments: [
        ("x-mac-roman", "Caf\u{8E} \u{C7} d\u{8E}j\u{88} vu \u{C8} \u{D1} na\u{95}ve fa\u{8D}ade", "Café « déjà vu » — naïve façade"),
        ("macintosh", "Caf\u{8E} \u{C7} d\u{8E}j\u{88} vu \u{C8} \u{D1} na\u{95}ve fa\u{8D}ade", "Café « déjà vu » — naïve façade"),
        ("mac-roman", "Caf\u{8E}", "Café"),
        ("x-mac-cyrillic", "\u{8F}\u{F0}\u{E8}\u{E2}\u{E5}\u{F2}, \u{EC}\u{E8}\u{F0}", "Привет, мир"),
        ("x-mac-ukrainian", "\u{93}\u{EA}\u{F0}\u{E0}\u{BB}\u{ED}\u{E0}", "Україна"),
        ("x-mac-ce", "\u{FC}\u{97}d\u{90} \u{FD}\u{97}\u{B8}\u{8D}", "Łódź żółć"),
        ("x-mac-centraleurope", "\u{FC}\u{97}d\u{90}", "Łódź"),
        ("x-mac-icelandic", "\u{DE}\u{8E}", "Þé"),
    ])
    func declaredMacEncodingIsRead(label: String, latin1: String, text: String) {
        let doc = CharsetGuessTests.bytes("<?xml version=\"1.0\" encoding=\"\(label)\"?>") + CharsetGuessTests.feed(latin1)
        let p = FeedParser.parse(doc)
        #expect(p.encoding == label)
        #expect(p.feed.title == text)
        #expect(p.wellformed)
    }
}
