import GleanerTestSupport
import Testing
@testable import GleanerParse

/// The UTF-8 repair must match Swift's own (WHATWG maximal-subpart U+FFFD replacement) for any bytes and
/// any chunking, including the SWAR word path and sequences cut by chunk boundaries.
@Suite struct TranscoderTests {
    static func run(_ bytes: [UInt8], chunk: Int) -> [UInt8] {
        let t = Transcoder(source: nil, reported: "utf-8")!
        var out = [UInt8]()
        var i = 0
        while i < bytes.count {
            let end = min(bytes.count, i + chunk)
            bytes[i..<end].withUnsafeBytes { t.convert($0, final: false) { out += $0 } }
            i = end
        }
        [UInt8]().withUnsafeBytes { t.convert($0, final: true) { out += $0 } }
        return out
    }

    @Test(arguments: [1, 2, 3, 7, 8, 13, 64, 4096])
    func repairMatchesSwift(chunk: Int) {
        var rng = SeededGenerator()
        let alphabet: [[UInt8]] = [
            Array("a".utf8), Array(" ".utf8), Array("ب".utf8), Array("ж".utf8), Array("€".utf8), Array("𝄞".utf8),
            [0x80], [0xC0, 0x80], [0xC2], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
            [0xFF], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xC2, 0x92],
        ]
        for _ in 0..<300 {
            var bytes = [UInt8]()
            for _ in 0..<Int.random(in: 0..<80, using: &rng) {
                // Mostly valid text, so that the word path runs; sometimes a broken piece.
                let k = Int.random(in: 0..<100, using: &rng)
                bytes += k < 85 ? alphabet[k % 6] : alphabet[6 + k % 10]
            }
            let expected = Array(String(decoding: bytes, as: UTF8.self).utf8)
            #expect(Self.run(bytes, chunk: chunk) == expected, "\(bytes)")
        }
    }

    /// Long runs of ASCII and two-byte characters (the word and 32-byte block paths), with a broken or longer
    /// sequence now and then, at every offset relative to the blocks and chunk boundaries.
    @Test(arguments: [5, 16, 17, 31, 64, 4096])
    func twoByteRunsMatchSwift(chunk: Int) {
        var rng = SeededGenerator()
        let common: [[UInt8]] = [Array("a".utf8), Array(" ".utf8), Array("ب".utf8), Array("ж".utf8), Array("é".utf8)]
        let rare: [[UInt8]] = [
            [0x80], [0xC0, 0x80], [0xC1, 0xBF], [0xC2], [0xDF], [0xC2, 0xC2, 0x80], Array("€".utf8), Array("𝄞".utf8),
            [0xE0, 0x80, 0x80], [0xFF], [0xBF, 0xBF],
        ]
        for _ in 0..<300 {
            var bytes = [UInt8]()
            for _ in 0..<Int.random(in: 0..<400, using: &rng) {
                let k = Int.random(in: 0..<200, using: &rng)
                bytes += k < 197 ? common[k % common.count] : rare[Int.random(in: 0..<rare.count, using: &rng)]
            }
            let expected = Array(String(decoding: bytes, as: UTF8.self).utf8)
            #expect(Self.run(bytes, chunk: chunk) == expected, "\(bytes)")
        }
    }

    /// Long Arabic text, where the 32-byte AVX2 path (`gleaner_utf8_valid_prefix`) takes over once a valid
    /// non-ASCII character has been seen, with one broken piece inserted at every byte offset 0..<80 after
    /// the first 100 bytes (so also inside characters), in chunks around the 32-byte blocks.
    @Test(arguments: [1, 7, 31, 32, 33, 64, 4096])
    func longArabicRunsMatchSwift(chunk: Int) {
        var rng = SeededGenerator()
        let common: [[UInt8]] = [Array("ب".utf8), Array("ة".utf8), Array("ل".utf8), Array(" ".utf8), Array("a".utf8)]
        let rare: [[UInt8]] = [Array("€".utf8), Array("𝄞".utf8), Array("\u{D7FF}".utf8), Array("\u{10FFFF}".utf8), Array("\u{85}".utf8)]
        let pieces: [[UInt8]] = [
            [0xFF], [0x80], [0xC3], [0xC2, 0x41], [0xC0, 0x80], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80],
            [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xBF, 0xBF],
        ]
        var text = Array("ب".utf8)
        while text.count < 300 {
            let k = Int.random(in: 0..<100, using: &rng)
            text += k < 95 ? common[k % common.count] : rare[k % rare.count]
        }
        for offset in 0..<80 {
            for piece in pieces {
                let bytes = Array(text[..<(100 + offset)]) + piece + Array(text[(100 + offset)...])
                let expected = Array(String(decoding: bytes, as: UTF8.self).utf8)
                #expect(Self.run(bytes, chunk: chunk) == expected, "\(offset) \(piece) \(bytes)")
            }
        }
    }

    /// A continuation right after a lone lead that was already replaced (`C0 80`, `C1 BF`) is not that
    /// lead's continuation: it is replaced too, also where the word and block paths read it.
    @Test(arguments: [[0xC0, 0x80], [0xC1, 0xBF], [0xC2, 0xC2, 0x80], [0xDF, 0x41]] as [[UInt8]])
    func continuationAfterAReplacedLead(piece: [UInt8]) {
        for pad in 0..<20 {
            let arabic = Array("بب".utf8)
            let bytes = arabic + [UInt8](repeating: 0x61, count: pad) + piece + Array(repeating: arabic, count: 12).flatMap { $0 }
            #expect(Self.run(bytes, chunk: 4096) == Array(String(decoding: bytes, as: UTF8.self).utf8), "\(pad) \(piece)")
        }
    }

    @Test func fallbackBeforeAnyNonASCII() {
        let t = Transcoder(source: nil, reported: "utf-8",
                           fallback: .init(iconvName: "CP1252", reported: "windows-1252", malformed: true, message: "x"))!
        var out = [UInt8]()
        let bytes: [UInt8] = Array("caf".utf8) + [0xE9, 0x20, 0x93, 0x71, 0x94]
        bytes.withUnsafeBytes { t.convert($0, final: true) { out += $0 } }
        #expect(String(decoding: out, as: UTF8.self) == "café “q”")
        #expect(t.reported == "windows-1252")
    }

    /// The same after long valid UTF-8 text (read 32 bytes a block once known to be UTF-8), and ASCII
    /// up to the invalid byte: the first non-ASCII character still counts as the evidence, whatever the
    /// chunking.
    @Test(arguments: [1, 31, 64, 4096])
    func noFallbackAfterLongValidUTF8(chunk: Int) {
        let t = Transcoder(source: nil, reported: "utf-8",
                           fallback: .init(iconvName: "CP1252", reported: "windows-1252", malformed: true, message: "x"))!
        var out = [UInt8]()
        let text = String(repeating: "مرحبا بالعالم ", count: 20)
        let ascii = String(repeating: "<p>plain</p>", count: 8)
        let bytes: [UInt8] = Array(text.utf8) + Array(ascii.utf8) + [0xE9] + Array(text.utf8)
        var i = 0
        while i < bytes.count {
            let end = min(bytes.count, i + chunk)
            bytes[i..<end].withUnsafeBytes { t.convert($0, final: end == bytes.count) { out += $0 } }
            i = end
        }
        #expect(String(decoding: out, as: UTF8.self) == text + ascii + "\u{FFFD}" + text)
        #expect(t.reported == "utf-8")
        #expect(t.invalidSequences == 1)
    }

    @Test func noFallbackAfterValidUTF8() {
        let t = Transcoder(source: nil, reported: "utf-8",
                           fallback: .init(iconvName: "CP1252", reported: "windows-1252", malformed: true, message: "x"))!
        var out = [UInt8]()
        let bytes: [UInt8] = Array("é".utf8) + [0xE9]
        bytes.withUnsafeBytes { t.convert($0, final: true) { out += $0 } }
        #expect(String(decoding: out, as: UTF8.self) == "é\u{FFFD}")
        #expect(t.reported == "utf-8")
        #expect(t.invalidSequences == 1)
    }
}
