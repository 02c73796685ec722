@_spi(Fuzzing) import GleanerParse

/// The date mode (`GLEANER_FUZZ_TARGET=date`): the input is one date as a feed or an HTTP header writes it. Any
/// trap (an overflow on a parsed number), a timestamp outside years 1…9999, a result that does not read
/// back from its own RFC 3339 form, or a difference between the allocation-free reader of the common forms
/// and the full parser is a finding.
func fuzzDate(_ body: UnsafeRawBufferPointer) {
    let bytes = body.assumingMemoryBound(to: UInt8.self)
    let text = String(decoding: bytes, as: UTF8.self)
    let full = DateParser.parse(text)
    if let t = full {
        let printed = t.rfc3339
        guard printed.utf8.count == 20, DateParser.parse(printed) == t else {
            fatalError("date \(Array(bytes)) gave \(t.seconds), printed \(printed)")
        }
    }
    // `parseCommon` reads the element's bytes as the feed builder hands them over (valid UTF-8).
    let valid = Array(text.utf8)
    if let common = valid.withUnsafeBufferPointer({ DateParser.parseCommonForFuzzing($0) }), common != full {
        fatalError("common reader gave \(common.seconds), full parser \(String(describing: full?.seconds)) on \(valid)")
    }
}
