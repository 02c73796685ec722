#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Rewrites `&#X` to `&#x` in the UTF-8 stream given to libxml2.
///
/// XML allows only a lower-case `x` in a hexadecimal character reference; libxml2 rejects `&#X41;` and
/// leaves `X41;` as text, whereas HTML, browsers and feedparser read it as `A`. The rewrite changes one
/// byte, so the reference is then read as any other (in text and in attribute values alike). It also
/// applies inside CDATA sections and comments, where `&#X` is not a reference; there it can only change
/// the case of that `X` in text that is almost always HTML, where both spellings mean the same.
///
/// Cheap: one `memchr` for `X` over each piece (a capital X is rare in feeds, far rarer than `&`, which
/// escaped HTML is full of), looking at the two bytes before each; a piece is copied only when it holds a
/// `&#X`. The last two bytes of the previous piece are remembered, so a reference cut by chunk boundaries
/// (down to one byte per chunk) is rewritten too: the `X` is always in a piece libxml2 has not been given.
struct HexReferenceFixer {
    /// The last two bytes of the stream so far (`last1` the very last).
    private var last1: UInt8 = 0
    private var last2: UInt8 = 0
    /// The copy of a piece that needed a rewrite (kept for its capacity).
    private var scratch: [UInt8] = []
    /// Whether `firstFix` has been called.
    private var announced = false

    /// Passes `piece` on to `emit`, rewritten if it needs to be. Returns how many references were rewritten.
    /// `firstFix` is called once, for the first rewrite of the stream, between emitting what comes before
    /// its `&#X` and the rest (so that a problem reported there carries about the right position).
    @discardableResult
    mutating func pass(_ piece: UnsafeRawBufferPointer, firstFix: () -> Void = {},
                       _ emit: (UnsafeRawBufferPointer) -> Void) -> Int {
        guard let raw = piece.baseAddress, !piece.isEmpty else {
            emit(piece)
            return 0
        }
        let p = raw.assumingMemoryBound(to: UInt8.self)
        let n = piece.count
        var fixes = 0
        var first = 0
        var i = 0
        while i < n, let q = memchr(p + i, Int32(UInt8(ascii: "X")), n - i) {
            let j = UnsafeRawPointer(q).assumingMemoryBound(to: UInt8.self) - p
            let b1 = j >= 1 ? p[j - 1] : last1
            let b2 = j >= 2 ? p[j - 2] : (j == 1 ? last1 : last2)
            if b1 == UInt8(ascii: "#"), b2 == UInt8(ascii: "&") {
                if fixes == 0 {
                    scratch.removeAll(keepingCapacity: true)
                    scratch.append(contentsOf: piece)
                    first = max(0, j - 2)
                }
                scratch[j] = UInt8(ascii: "x")
                fixes += 1
            }
            i = j + 1
        }
        if n >= 2 {
            last2 = p[n - 2]
            last1 = p[n - 1]
        } else {
            last2 = last1
            last1 = p[0]
        }
        if fixes > 0 {
            scratch.withUnsafeBytes { out in
                if announced {
                    emit(out)
                    return
                }
                announced = true
                if first > 0 { emit(UnsafeRawBufferPointer(rebasing: out[..<first])) }
                firstFix()
                emit(UnsafeRawBufferPointer(rebasing: out[first...]))
            }
        } else {
            emit(piece)
        }
        return fixes
    }
}
