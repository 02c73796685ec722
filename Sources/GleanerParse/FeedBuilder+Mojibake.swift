extension FeedBuilder {
    /// Repairs text that was UTF-8, was read as ISO-8859-1/windows-1252 by some earlier program and was
    /// encoded as UTF-8 again ("double encoding": `â€¦` for `…`, `Ã©` for `é`, often written as entities,
    /// `&acirc;&#128;&brvbar;`). feedparser makes the same repair (`output.encode('iso-8859-1').decode('utf-8')`
    /// on every value of a UTF-8 document).
    ///
    /// The value is repaired only when every non-ASCII character in it is one byte of windows-1252 (or
    /// ISO-8859-1) and those bytes, read as UTF-8, are valid UTF-8 with no C1 control. Real text almost
    /// never satisfies that (`café` stops at `é`, which is not followed by a continuation byte), so the
    /// check usually ends at the first non-ASCII character; text without a 0xC3 byte (every mis-decoded
    /// UTF-8 lead byte, U+00C2…U+00F4, is C3 xx in UTF-8) is not looked at.
    static func repairDoubleEncoded(_ s: String) -> String {
        guard s.containsUTF8Byte(0xC3) else { return s }
        // First pass without allocating: most candidates (real Latin-1 text) fail at once.
        var need = 0
        for scalar in s.unicodeScalars {
            guard let b = windows1252Byte(scalar.value) else { return s }
            if need > 0 {
                guard b & 0xC0 == 0x80 else { return s }
                need -= 1
            } else if b >= 0x80 {
                switch b {
                case 0xC2...0xDF: need = 1
                case 0xE0...0xEF: need = 2
                case 0xF0...0xF4: need = 3
                default: return s
                }
            }
        }
        guard need == 0 else { return s }
        var bytes = [UInt8]()
        bytes.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars { bytes.append(windows1252Byte(scalar.value)!) }
        guard let repaired = String(validating: bytes, as: UTF8.self),
              !repaired.unicodeScalars.contains(where: { (0x80...0x9F).contains($0.value) }) else { return s }
        return repaired
    }

    /// The windows-1252 byte of a character (ISO-8859-1 for U+0000…U+00FF, C1 included), or nil.
    @inline(__always) static func windows1252Byte(_ v: UInt32) -> UInt8? {
        if v < 0x100 { return UInt8(v) }
        guard let k = HTMLEntities.windows1252C1.firstIndex(of: v) else { return nil }
        return UInt8(0x80 + k)
    }
}
