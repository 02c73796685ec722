#if canImport(Glibc)
import Glibc
#endif
import GleanerExtract

/// The extractor's fuzzing mode (`GLEANER_FUZZ_TARGET=extract`): the input is a page; its first byte picks
/// the Content-Type charset and whether a page URL is given. A crash, a sanitizer report or a hang (libFuzzer's
/// `-timeout`) is a finding; the result is touched so nothing is optimised away.

func fuzzExtract(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let control = data[0]
    let charsets = [nil, "utf-8", "windows-1256", "iso-8859-1", "shift_jis", "utf-16"]
    let charset = charsets[Int(control >> 5) % charsets.count]
    let page = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let article = Extractor.extract(bytes: page, url: control & 0x10 != 0 ? "https://example.org/a/b/page.html" : nil,
                                    contentType: charset.map { "text/html; charset=\($0)" })
    return (article?.json.utf8.count ?? 0) == -1 ? 1 : 0
}
