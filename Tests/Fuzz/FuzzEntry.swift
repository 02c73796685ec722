@_spi(Fuzzing) import GleanerParse
#if canImport(Glibc)
import Glibc
#endif

/// `GLEANER_FUZZ_TARGET`: which part the run exercises: `feed` (or unset) the feed parser and the sanitizer, `date`
/// the date parser (DateFuzz.swift), `config` or `opml` the feeds.conf parser and writer or the OPML reader
/// (ConfigFuzz.swift), `extract` the article extractor (FuzzExtract.swift).
let fuzzTarget = getenv("GLEANER_FUZZ_TARGET").map { String(cString: $0) } ?? "feed"

/// libFuzzer's entry point: feeds the input to `FeedParser` in uneven chunks (so chunk boundaries fall
/// everywhere: inside the XML declaration, inside UTF-8 sequences, inside tags), finishes it, and touches
/// the result; then sanitizes the same bytes as HTML both ways and compares. Any crash, hang, sanitizer report
/// or difference between the two sanitizer paths is a finding.
///
/// The first input byte picks the chunk size and whether a Content-Type charset and a document URL are
/// given, so the fuzzer explores the encoding decisions too.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data, size > 0 else { return 0 }
    // Other parts of Gleaner, chosen by the environment (Tests/Fuzz/run.sh runs each).
    switch fuzzTarget {
    case "date": fuzzDate(UnsafeRawBufferPointer(start: data, count: size)); return 0
    case "config", "opml": return ConfigFuzz.run(fuzzTarget, data, size)
    case "extract": return fuzzExtract(data, size)
    default: break
    }
    let control = data[0]
    let body = UnsafeRawBufferPointer(start: data + 1, count: size - 1)
    let charsets = [nil, "utf-8", "windows-1256", "iso-8859-1", "shift_jis", "utf-16"]
    let charset = charsets[Int(control >> 5) % charsets.count]
    let parser = FeedParser(documentURL: control & 0x10 != 0 ? "http://example.com/feeds/x.xml" : nil,
                            contentType: charset.map { "application/xml; charset=\($0)" })
    let chunk = Int(control & 0x0F) * 7 + 1
    var offset = 0
    while offset < body.count {
        let n = min(chunk, body.count - offset)
        parser.push(UnsafeRawBufferPointer(rebasing: body[offset..<(offset + n)]))
        offset += n
    }
    let feed = parser.finish()
    var sink = feed.articles.count
    for a in feed.articles { sink &+= (a.title?.utf8.count ?? 0) &+ (a.content?.utf8.count ?? 0) }
    _ = feed.json
    // The same bytes as an HTML fragment: whatever the sanitizer's fast path accepts must come out exactly
    // as libxml2's path writes it (HTMLSanitizer+FastPath.swift).
    let base = control & 0x10 != 0 ? "https://example.org/blog/post/" : nil
    if HTMLSanitizer.fastPathAgreesWithLibxml2(body, base: base) == false {
        fatalError("sanitizer fast path differs from libxml2 on: \(Array(body))")
    }
    return sink == -1 ? 1 : 0
}
