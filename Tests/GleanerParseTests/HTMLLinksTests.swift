import GleanerParse
import Testing

/// `<link rel="alternate">` feed autodiscovery on real-world shaped pages (libxml2's HTML parser).
@Suite struct HTMLLinksTests {
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
        ("a relative <base href> is resolved against the page first",
         #"<head><base href="/x/y/"><link rel="alternate" type="application/atom+xml" href="../f.xml"></head>"#,
         ["https://blog.example/x/f.xml"]),
        ("file:, ftp: and data: links are never announced feeds",
         #"<head><link rel="alternate" type="application/rss+xml" href="file:///etc/passwd"><link rel="alternate" type="application/rss+xml" href="ftp://h/f"><link rel="alternate" type="application/rss+xml" href="data:,x"></head>"#,
         []),
        ("no feeds", "<html><head><title>Just a moment...</title></head><body>Checking</body></html>", []),
        ("not HTML at all", "\u{0}\u{1}binary", []),
    ]

    @Test(arguments: cases)
    func discovers(label: String, html: String, expected: [String]) {
        #expect(HTMLLinks.alternateFeeds(html: Array(html.utf8), baseURL: "https://blog.example/posts/") == expected,
                "\(label)")
    }
}
