import GleanerModel
@testable import GleanerStore
import Testing

/// Stored content hashes must not change across builds: the hasher's number and hex encodings are checked
/// against the String-based forms they replaced.
@Suite struct ContentHasherTests {
    @Test func numbersHashAsTheirDecimalText() {
        for n: Int64 in [0, 1, 9, 10, -1, -10, 1_700_000_000, -1_700_000_000, .max, .min, .max - 1, .min + 1] {
            var a = ContentHasher(), b = ContentHasher()
            a.add(n)
            b.add(String(n))
            #expect(a.value == b.value, "\(n)")
        }
    }

    @Test func hexIsSixteenLowerCaseDigits() {
        for s in ["", "a", "Story", "0123456789"] {
            var h = ContentHasher()
            h.add(s)
            let reference = String(h.value, radix: 16)
            #expect(h.hex == String(repeating: "0", count: 16 - reference.count) + reference)
        }
        #expect(ContentHasher().hex == "cbf29ce484222325")
    }

    /// The stored hash of a known article, pinned: changing the function or the field encoding would make every
    /// stored article look edited on the next fetch. The pinned value is also re-derived here byte by byte from
    /// the documented encoding (absent 0x00, present 0x01 + UTF-8, each field ended by 0x1F; 0x1E before each
    /// enclosure), with a plain FNV-1a 64 loop.
    @Test func aKnownArticleHashesToItsPinnedValue() {
        var a = Article(id: "urn:1", title: "خبر عاجل — “quoted”", link: "https://example.org/a?x=1")
        a.summary = "<p>Summary</p>"
        a.published = Timestamp(seconds: 1_762_420_467)
        a.enclosures = [Enclosure(url: "https://example.org/a.mp3", type: "audio/mpeg", length: 12_345)]

        var bytes: [UInt8] = []
        func field(_ s: String?) { if let s { bytes += [1] + Array(s.utf8) } else { bytes.append(0) }; bytes.append(0x1F) }
        field(a.title); field(a.link); field(a.summary); field(nil); field("1762420467"); field(nil)
        bytes.append(0x1E); field("https://example.org/a.mp3"); field("audio/mpeg"); field("12345")
        var fnv: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { fnv = (fnv ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }

        #expect(a.contentHash == String(fnv, radix: 16).leftPadded(to: 16))
        #expect(a.contentHash == "41d67d0393b5a21c")
    }
}

private extension String {
    func leftPadded(to n: Int) -> String { String(repeating: "0", count: max(0, n - count)) + self }
}
