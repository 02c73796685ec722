import GleanerTestSupport
import CTextScan
import Testing

/// `gleaner_utf8_valid_prefix` (CTextScan, the transcoder's AVX2 path) against Swift's own UTF-8 validation:
/// what it accepts is valid and ends on a character boundary, and it stops no earlier than the 32-byte
/// block holding the first error (less the start of a character cut there), so the transcoder really uses it.
@Suite struct UTF8PrefixTests {
    /// Offset of the first invalid or cut sequence, by Swift's parser; `bytes.count` when all is valid.
    static func firstError(_ bytes: [UInt8]) -> Int {
        var it = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &it) {
            case .valid(let s): offset += s.count
            case .error: return offset
            case .emptyInput: return offset
            }
        }
    }

    static func isValid<C: Collection<UInt8>>(_ bytes: C) -> Bool {
        Array(String(decoding: bytes, as: UTF8.self).utf8).elementsEqual(bytes)
    }

    static let characters: [[UInt8]] = [
        Array("a".utf8), Array(" ".utf8), Array("<".utf8), Array("ب".utf8), Array("ة".utf8), Array("ж".utf8),
        Array("\u{80}".utf8), Array("\u{7FF}".utf8), Array("€".utf8), Array("\u{800}".utf8), Array("\u{D7FF}".utf8),
        Array("\u{E000}".utf8), Array("\u{FFFD}".utf8), Array("𝄞".utf8), Array("\u{10000}".utf8), Array("\u{10FFFF}".utf8),
    ]

    /// Corruptions applied at byte `at` (not necessarily a character boundary).
    static let corruptions: [@Sendable (inout [UInt8], Int) -> Void] = [
        { b, i in b[i] = 0xFF },                                  // never valid
        { b, i in b[i] = 0x80 },                                  // stray continuation / broken lead
        { b, i in b.remove(at: i) },                              // truncation
        { b, i in b.insert(0xC3, at: i) },                        // lone lead
        { b, i in b.insert(contentsOf: [0xC1, 0xBF], at: i) },    // overlong, two bytes
        { b, i in b.insert(contentsOf: [0xE0, 0x9F, 0xBF], at: i) },  // overlong, three bytes
        { b, i in b.insert(contentsOf: [0xF0, 0x8F, 0xBF, 0xBF], at: i) },  // overlong, four bytes
        { b, i in b.insert(contentsOf: [0xED, 0xA0, 0x80], at: i) },  // surrogate
        { b, i in b.insert(contentsOf: [0xF4, 0x90, 0x80, 0x80], at: i) },  // above U+10FFFF
        { b, i in b.insert(contentsOf: [0xF5, 0x80, 0x80, 0x80], at: i) },  // lead above F4
        { b, i in b.insert(contentsOf: [0xE2, 0x82], at: i) },    // cut three-byte sequence
        { b, i in b.insert(contentsOf: [0xF0, 0x9F, 0x98], at: i) },  // cut four-byte sequence
        { b, i in b.insert(contentsOf: [0xE2, 0x82, 0xAC, 0x80], at: i) },  // one continuation too many
    ]

    static func check(_ bytes: [UInt8], _ f: (UnsafePointer<UInt8>?, Int) -> Int, _ what: String) {
        let n = bytes.count
        let l = bytes.withUnsafeBufferPointer { f($0.baseAddress, n) }
        let e = firstError(bytes)
        #expect(l <= e, "\(what): accepted past the first error at \(e): \(l) of \(bytes)")
        #expect(isValid(bytes[..<min(l, n)]), "\(what): invalid prefix \(l) of \(bytes)")
        // Stops no earlier than the block of the first error or the last full block, less a cut character.
        #expect(l + 3 >= min(e, n) / 32 * 32, "\(what): stopped at \(l), first error \(e), n \(n): \(bytes)")
        if e == n, n >= 64 { #expect(l >= n - 64, "\(what): \(l) of \(n) valid bytes") }
    }

    static func both(_ bytes: [UInt8]) {
        check(bytes, { gleaner_utf8_valid_prefix($0, $1) }, "dispatched")
        check(bytes, { gleaner_utf8_valid_prefix_portable($0, $1) }, "portable")
    }

    static func text(_ count: Int, _ rng: inout some RandomNumberGenerator, arabic: Bool) -> [UInt8] {
        var bytes = [UInt8]()
        while bytes.count < count {
            let k = Int.random(in: 0..<100, using: &rng)
            let c = arabic && k < 60 ? characters[3 + k % 2] : characters[k % characters.count]
            bytes += c
        }
        return bytes
    }

    @Test func corruptionAtEveryPosition() {
        var rng = SeededGenerator()
        for arabic in [true, false] {
            for _ in 0..<4 {
                let base = Self.text(200, &rng, arabic: arabic)
                Self.both(base)
                for at in 0..<140 {
                    for corrupt in Self.corruptions {
                        var b = base
                        corrupt(&b, at)
                        Self.both(b)
                    }
                }
            }
        }
    }

    /// Valid text of every length up to 300, its every prefix cut at any byte (so often inside a character).
    @Test func validTextEveryLength() {
        var rng = SeededGenerator()
        let long = Self.text(400, &rng, arabic: true)
        for n in 0...300 { Self.both(Array(long[..<n])) }
        let ascii = [UInt8](repeating: 0x61, count: 300)
        for n in 0...300 { Self.both(Array(ascii[..<n])) }
    }

    /// Random bytes, and random text with a few random bytes overwritten.
    @Test func randomBytes() {
        var rng = SeededGenerator()
        for _ in 0..<3000 {
            let n = Int.random(in: 0..<300, using: &rng)
            var b = Self.text(n, &rng, arabic: Bool.random(using: &rng))
            for _ in 0..<Int.random(in: 0..<3, using: &rng) where !b.isEmpty {
                b[Int.random(in: 0..<b.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            }
            Self.both(b)
            Self.both((0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) })
        }
    }

    @Test func empty() {
        #expect(gleaner_utf8_valid_prefix(nil, 0) == 0)
        #expect(gleaner_utf8_valid_prefix_portable(nil, 0) == 0)
    }
}
