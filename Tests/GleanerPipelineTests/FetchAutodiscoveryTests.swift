@testable import GleanerPipeline
import Testing

/// `<link rel="alternate">` feed autodiscovery on real-world shaped pages (libxml2's HTML parser).
@Suite struct FetchAutodiscoveryTests {
    static let cases: [(String, String, [String])] = [
        ("relative href resolved against the page",
         #"<html><head><link rel="alternate" type="application/rss+xml" href="/feed/"></head></html>"#,
         ["https://blog.example/feed/"]),
        ("RSS, Atom and JSON Feed in document order; stylesheets and comments feeds of other types ignored",
         #"""
         <!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="/s.css">
         <LINK REL="Alternate" TYPE="application/atom+xml" HREF="atom.xml">
         <link rel="alternate" type="application/rss+xml; charset=UTF-8" href="https://cdn.example/rss">
         <link rel="alternate" type="text/html" hreflang="ar" href="/ar/">
         <link rel="alternate" type="application/feed+json" href="feed.json">
         <link rel="alternate" type="application/rss+xml" href="https://cdn.example/rss">
         </head><body></body></html>
         """#,
         ["https://blog.example/posts/atom.xml", "https://cdn.example/rss", "https://blog.example/posts/feed.json"]),
        ("rel is a token list; <base href> changes the base",
         #"<head><base href="https://other.example/x/"><link rel="home alternate" type="application/rss+xml" href="f.xml"></head>"#,
         ["https://other.example/x/f.xml"]),
        ("tag soup: unclosed tags, a link outside the head, javascript: refused",
         #"<html><head><title>x<link rel=alternate type=application/rss+xml href=/a.xml><body><p>hi<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">"#,
         ["https://blog.example/a.xml"]),
        ("no feeds", "<html><head><title>Just a moment...</title></head><body>Checking</body></html>", []),
        ("not HTML at all", "\u{0}\u{1}binary", []),
    ]

    @Test(arguments: cases)
    func discovers(label: String, html: String, expected: [String]) {
        #expect(Autodiscovery.feeds(inHTML: Array(html.utf8), baseURL: "https://blog.example/posts/") == expected,
                "\(label)")
    }
}

/// The body hash behind "unchanged (same body)" must not depend on how curl cut the body into chunks.
@Suite struct FetchBodyHashTests {
    @Test(arguments: [1, 3, 7, 8, 9, 64, 1000])
    func chunkingDoesNotChangeTheHash(chunk: Int) throws {
        let body = Array((0..<777).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        var whole = BodyHasher()
        body.withUnsafeBytes { whole.add($0) }
        var pieces = BodyHasher()
        var offset = 0
        while offset < body.count {
            let end = min(body.count, offset + chunk)
            body[offset..<end].withUnsafeBytes { pieces.add($0) }
            offset = end
        }
        #expect(pieces.hex == whole.hex)
        var other = BodyHasher()
        (body + [0]).withUnsafeBytes { other.add($0) }
        #expect(other.hex != whole.hex)
        var flipped = body
        flipped[400] ^= 1
        var changed = BodyHasher()
        flipped.withUnsafeBytes { changed.add($0) }
        #expect(changed.hex != whole.hex)
    }
}
