import GleanerTestSupport
import Testing
@testable import GleanerParse

/// The word-at-a-time byte tests the scans share: "any byte matches" is exact, and so is the lowest flag.
@Suite struct SWARTests {
    static func check(_ bytes: [UInt8], _ flags: UInt64, _ truth: (UInt8) -> Bool) {
        let first = bytes.firstIndex(where: truth)
        #expect((flags != 0) == (first != nil), "\(bytes)")
        if let first { #expect(flags.trailingZeroBitCount >> 3 == first, "\(bytes)") }
        #expect(flags & ~SWAR.highs == 0)
    }

    @Test func matchesBytewiseTests() {
        var rng = SeededGenerator()
        // Bytes near the values tested, where borrows and off-by-ones would show.
        let interesting: [UInt8] = [0x00, 0x01, 0x1F, 0x20, 0x21, 0x3C, 0x3D, 0x3E, 0x7E, 0x7F, 0x80, 0xEE, 0xEF, 0xF0, 0xFF]
        for _ in 0..<20_000 {
            let bytes = (0..<8).map { _ in Bool.random(using: &rng) ? interesting.randomElement(using: &rng)! : UInt8.random(in: 0...255, using: &rng) }
            let x = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }.littleEndian
            for c: UInt8 in [0x00, 0x20, 0x3C, 0x7F, 0xEF] { Self.check(bytes, SWAR.equal(x, c)) { $0 == c } }
            for n: UInt8 in [0x20, 0x21, 0x80] { Self.check(bytes, SWAR.below(x, n)) { $0 < n } }
            Self.check(bytes, SWAR.nonASCII(x)) { $0 >= 0x80 }
        }
    }
}
