/// Strings made from bytes the parser already knows to be valid UTF-8, without validating them again.
///
/// Everything the parser reads goes through `Transcoder`, which turns each invalid sequence into U+FFFD
/// before libxml2 sees the bytes, so every text run libxml2 hands back, and everything built from whole
/// runs of them (trimmed on ASCII white space, tags removed, references decoded to scalars, the HTML
/// sanitizer's output of such text and ASCII markup), is valid UTF-8. `String(decoding:as:)` would check each
/// byte again: 20 times the cost of the copy on Arabic text, and about 4% of a whole parse.
///
/// Debug builds (the tests and the fuzz target) still validate, and stop on invalid bytes: a code path
/// that breaks the guarantee fails there instead of making a String the standard library would misread.
/// Base64-decoded text, the one source of arbitrary bytes, is repaired before it reaches these (see
/// `FeedBuilder.apply`).
extension String {
    init(validatedUTF8 b: UnsafeBufferPointer<UInt8>) {
        guard !b.isEmpty else {
            self = ""
            return
        }
        if #available(macOS 26.0, iOS 26.0, tvOS 26.0, watchOS 26.0, visionOS 26.0, *) {
            assert(String(validating: b, as: UTF8.self) != nil, "parser text is not valid UTF-8")
            self = String(copying: UTF8Span(unchecked: b.span, isKnownASCII: Self.allASCII(b)))
        } else {
            self = String(decoding: b, as: UTF8.self)
        }
    }

    init(validatedUTF8 a: [UInt8]) {
        self = a.withUnsafeBufferPointer { String(validatedUTF8: $0) }
    }

    init(validatedUTF8 a: ArraySlice<UInt8>) {
        self = a.withUnsafeBufferPointer { String(validatedUTF8: $0) }
    }

    /// Whether all bytes are ASCII, sixteen at a time, stopping at the first block that is not. Telling the
    /// String so keeps the standard library's ASCII fast paths for the many ASCII values (ids, links,
    /// dates), as `String(decoding:as:)` does.
    @inline(__always) static func allASCII(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let p = b.baseAddress else { return true }
        let n = b.count
        var i = 0
        // Lane arithmetic and a reinterpretation as two words: `any` of a comparison mask compiles to a
        // generic call here.
        while i + 16 <= n {
            let w = unsafeBitCast(UnsafeRawPointer(p + i).loadUnaligned(as: SIMD16<UInt8>.self), to: SIMD2<UInt64>.self)
            if (w[0] | w[1]) & 0x8080_8080_8080_8080 != 0 { return false }
            i += 16
        }
        var rest: UInt8 = 0
        while i < n { rest |= p[i]; i += 1 }
        return rest < 0x80
    }
}

/// Cuts at a size cap that end on a character boundary, so that what is kept stays valid UTF-8.
enum UTF8Cut {
    /// The length of the longest prefix of `b` of at most `limit` bytes that ends between two characters
    /// (`b` is UTF-8 made of whole characters): when the first byte left out is a continuation byte, the
    /// cut moves back to the start of its character (at most three bytes; a valid sequence has no more
    /// continuation bytes than that).
    static func prefix(_ b: UnsafeBufferPointer<UInt8>, atMost limit: Int) -> Int {
        guard limit < b.count else { return b.count }
        var k = max(0, limit)
        var back = 0
        while k > 0, back < 3, b[k] & 0xC0 == 0x80 {
            k -= 1
            back += 1
        }
        return k
    }
}
