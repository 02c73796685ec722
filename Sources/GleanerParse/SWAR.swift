#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte tests on eight bytes at once (a word loaded from the text), shared by the parser's scans.
///
/// Each returns the word with bit 7 set in the bytes where the test holds, and nothing else. The flag of the
/// lowest such byte is exact; a byte just above a matching one may be flagged too (the subtraction's borrow
/// runs upwards), so callers use the result as "any byte?", or take its lowest flag after a `littleEndian`
/// load, or accept a false alarm that only sends them the slow way.
enum SWAR {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Bytes equal to zero.
    @inline(__always) static func zero(_ z: UInt64) -> UInt64 { (z &- ones) & ~z & highs }

    /// Bytes equal to `c`.
    @inline(__always) static func equal(_ x: UInt64, _ c: UInt8) -> UInt64 { zero(x ^ (ones &* UInt64(c))) }

    /// Bytes below `n` (`n` at most 0x80).
    @inline(__always) static func below(_ x: UInt64, _ n: UInt8) -> UInt64 { (x &- ones &* UInt64(n)) & ~x & highs }

    /// Bytes from 0x80 up.
    @inline(__always) static func nonASCII(_ x: UInt64) -> UInt64 { x & highs }
}

extension String {
    /// Whether the String's UTF-8 holds `byte`: memchr on its storage (`utf8.contains` costs several
    /// instructions a byte, about 600 for a short Arabic name).
    func containsUTF8Byte(_ byte: UInt8) -> Bool {
        utf8.withContiguousStorageIfAvailable { b in
            b.baseAddress.map { memchr($0, Int32(byte), b.count) != nil } ?? false
        } ?? utf8.contains(byte)
    }
}
