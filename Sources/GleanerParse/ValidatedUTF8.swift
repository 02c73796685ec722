/// Strings made from bytes the parser already knows to be valid UTF-8, without validating them again.
///
/// Everything the parser reads goes through `Transcoder`, which turns each invalid sequence into U+FFFD
/// before libxml2 sees the bytes, so every text run libxml2 hands back, and everything built from whole
/// runs of them (trimmed on ASCII white space, tags removed, references decoded to scalars), is valid
/// UTF-8. `String(decoding:as:)` would check each byte again: that was 20 times the cost of the copy on
/// Arabic text, and about 4% of a whole parse.
///
/// Debug builds (the tests and the fuzz target) still validate, and stop on invalid bytes: a code path
/// that breaks the guarantee fails there instead of making a String the standard library would misread.
/// Base64-decoded text, the one source of arbitrary bytes, is repaired before it reaches these (see
/// `FeedBuilder.apply`).
extension String {
    init(validatedUTF8 b: UnsafeBufferPointer<UInt8>) {
        assert(String(validating: b, as: UTF8.self) != nil, "parser text is not valid UTF-8")
        self = String(copying: unsafe UTF8Span(unchecked: b.span, isKnownASCII: Self.allASCII(b)))
    }

    init(validatedUTF8 a: [UInt8]) {
        self = a.withUnsafeBufferPointer { String(validatedUTF8: $0) }
    }

    init(validatedUTF8 a: ArraySlice<UInt8>) {
        self = a.withUnsafeBufferPointer { String(validatedUTF8: $0) }
    }

    /// Whether all bytes are ASCII, eight at a time. Telling the String so keeps the standard library's
    /// ASCII fast paths for the many ASCII values (ids, links, dates), as `String(decoding:as:)` does.
    @inline(__always) static func allASCII(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let p = b.baseAddress else { return true }
        let raw = UnsafeRawPointer(p)
        var i = 0
        let n = b.count
        while i + 8 <= n {
            if raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            i += 8
        }
        while i < n {
            if p[i] >= 0x80 { return false }
            i += 1
        }
        return true
    }
}
