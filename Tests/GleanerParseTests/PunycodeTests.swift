import Testing
import GleanerModel
@testable import GleanerParse

@Suite struct PunycodeTests {
    /// RFC 3492 §7.1 sample strings (code points as listed there) and their Punycode.
    @Test(arguments: [
        // (A) Arabic (Egyptian)
        ([0x0644, 0x064A, 0x0647, 0x0645, 0x0627, 0x0628, 0x062A, 0x0643, 0x0644, 0x0645, 0x0648, 0x0634, 0x0639,
          0x0631, 0x0628, 0x064A, 0x061F], "egbpdaj6bu4bxfgehfvwxn"),
        // (B) Chinese (simplified)
        ([0x4ED6, 0x4EEC, 0x4E3A, 0x4EC0, 0x4E48, 0x4E0D, 0x8BF4, 0x4E2D, 0x6587], "ihqwcrb4cv8a8dqg056pqjye"),
        // (D) Czech: Pro<ccaron>prost<ecaron>nemluv<iacute><ccaron>esky
        ([0x0050, 0x0072, 0x006F, 0x010D, 0x0070, 0x0072, 0x006F, 0x0073, 0x0074, 0x011B, 0x006E, 0x0065, 0x006D,
          0x006C, 0x0075, 0x0076, 0x00ED, 0x010D, 0x0065, 0x0073, 0x006B, 0x0079], "Proprostnemluvesky-uyb24dma41a"),
        // (L) 3<nen>B<gumi><kinpachi><sensei>
        ([0x0033, 0x5E74, 0x0042, 0x7D44, 0x91D1, 0x516B, 0x5148, 0x751F], "3B-ww4c5e180e575a65lsy2b"),
        // (M) <amuro><namie>-with-SUPER-MONKEYS
        ([0x5B89, 0x5BA4, 0x5948, 0x7F8E, 0x6075] + Array("-with-SUPER-MONKEYS".unicodeScalars.map { Int($0.value) }),
         "-with-SUPER-MONKEYS-pc58ag80a8qai00g7n9n"),
        // (S) -> $1.00 <-
        (Array("-> $1.00 <-".unicodeScalars.map { Int($0.value) }), "-> $1.00 <--"),
    ] as [([Int], String)])
    func rfc3492Samples(_ points: [Int], _ expected: String) {
        let out = Punycode.encode(points.map { UInt32($0) })
        #expect(out.map { String(decoding: $0, as: UTF8.self) } == expected)
    }

    @Test func nonASCIIHostBecomesIDNA() {
        #expect(URLResolver.resolve("http://Bücher.example/päth?q=ä", against: nil)
                == "http://xn--bcher-kva.example/p%C3%A4th?q=%C3%A4")
        #expect(URLResolver.resolve("https://user@例え。テスト:8080/a", against: nil)
                == "https://user@xn--r8jz45g.xn--zckzah:8080/a")
        #expect(URLResolver.resolve("/x", against: "http://bücher.example/feed") == "http://xn--bcher-kva.example/x")
        // An ASCII host with a non-ASCII path keeps its host; only the path is percent-encoded.
        #expect(URLResolver.resolve("http://example.com/ä", against: nil) == "http://example.com/%C3%A4")
    }

    @Test func hostileLabelsDoNotTrap() {
        let long = "http://" + String(repeating: "é", count: 5000) + ".example/"
        #expect(URLResolver.resolve(long, against: nil).hasPrefix("http://"))
        #expect(Punycode.encode([0x10FFFF, 0x80, 0x10FFFF]) != nil)
    }
}
