import Testing
@testable import GleanerParse

@Suite struct URLResolverTests {
    static let base = "http://a/b/c/d;p?q"

    @Test(arguments: [
        // RFC 3986 §5.4.1 normal examples.
        ("g:h", "g:h"), ("g", "http://a/b/c/g"), ("./g", "http://a/b/c/g"), ("g/", "http://a/b/c/g/"),
        ("/g", "http://a/g"), ("//g", "http://g"), ("?y", "http://a/b/c/d;p?y"), ("g?y", "http://a/b/c/g?y"),
        ("#s", "http://a/b/c/d;p?q#s"), ("g#s", "http://a/b/c/g#s"), ("g?y#s", "http://a/b/c/g?y#s"),
        (";x", "http://a/b/c/;x"), ("g;x", "http://a/b/c/g;x"), ("g;x?y#s", "http://a/b/c/g;x?y#s"),
        ("", "http://a/b/c/d;p?q"), (".", "http://a/b/c/"), ("./", "http://a/b/c/"), ("..", "http://a/b/"),
        ("../", "http://a/b/"), ("../g", "http://a/b/g"), ("../..", "http://a/"), ("../../", "http://a/"),
        ("../../g", "http://a/g"),
        // §5.4.2 abnormal examples.
        ("../../../g", "http://a/g"), ("../../../../g", "http://a/g"), ("/./g", "http://a/g"), ("/../g", "http://a/g"),
        ("g.", "http://a/b/c/g."), (".g", "http://a/b/c/.g"), ("g..", "http://a/b/c/g.."), ("..g", "http://a/b/c/..g"),
        ("./../g", "http://a/b/g"), ("./g/.", "http://a/b/c/g/"), ("g/./h", "http://a/b/c/g/h"),
        ("g/../h", "http://a/b/c/h"), ("g;x=1/./y", "http://a/b/c/g;x=1/y"), ("g;x=1/../y", "http://a/b/c/y"),
        ("g?y/./x", "http://a/b/c/g?y/./x"), ("g#s/../x", "http://a/b/c/g#s/../x"),
    ])
    func rfc3986Examples(reference: String, expected: String) {
        #expect(URLResolver.resolve(reference, against: Self.base) == expected)
    }

    @Test(arguments: [
        (".", true), ("..", true), ("./a", true), ("a/.", true), ("a/..", true), ("/a/../b", true), ("a/./b", true),
        ("", false), ("0.html", false), ("a/b.c/d", false), (".a", false), ("a..", false), ("a/...", false),
        ("a/.b/", false), ("a/b..", false), ("...", false),
    ] as [(String, Bool)])
    func dotSegmentsAreWholeSegments(path: String, expected: Bool) {
        #expect(URLResolver.hasDotSegment(Array(path.utf8)) == expected)
    }

    @Test(arguments: [
        ("  https://example.com/a  \n", nil, "https://example.com/a"),
        ("posts/1", nil, "posts/1"),
        ("posts/1", "https://example.com", "https://example.com/posts/1"),
        ("?page=2", "https://example.com/feed/?page=1", "https://example.com/feed/?page=2"),
        ("#top", "https://example.com/a/b", "https://example.com/a/b#top"),
        ("https://example.com/a b", nil, "https://example.com/a%20b"),
        ("https://example.com/%D9%83", nil, "https://example.com/%D9%83"),
        // Fast path: an absolute ASCII URL is returned as is, dot segments included.
        ("https://example.com/a/../b/./c", nil, "https://example.com/a/../b/./c"),
        ("https://example.com/a/../b/ c", nil, "https://example.com/b/%20c"),
        // Root-relative: dots inside names keep the short way; dot segments are removed; a query is kept.
        ("/.rss?limit=50", "https://www.reddit.com/.rss", "https://www.reddit.com/.rss?limit=50"),
        ("/a/./b", "https://e.x/c/d", "https://e.x/a/b"), ("/a/../b", "https://e.x/c/d", "https://e.x/b"),
        ("/x.html?q=/../", "https://e.x/c/d", "https://e.x/x.html?q=/../"), ("/..", "https://e.x/c/d", "https://e.x/"),
    ] as [(String, String?, String)])
    func resolves(reference: String, base: String?, expected: String) {
        #expect(URLResolver.resolve(reference, against: base) == expected)
    }

    @Test func rawArabicEqualsEncodedForm() {
        let raw = URLResolver.resolve("https://arabic-news.example/كازاخستان-تستعد/", against: nil)
        let encoded = URLResolver.resolve("https://arabic-news.example/%D9%83%D8%A7%D8%B2%D8%A7%D8%AE%D8%B3%D8%AA%D8%A7%D9%86-%D8%AA%D8%B3%D8%AA%D8%B9%D8%AF/", against: nil)
        #expect(raw == encoded)
        let relative = URLResolver.resolve("غزة", against: "https://arabic-news.example/news/")
        #expect(relative == "https://arabic-news.example/news/%D8%BA%D8%B2%D8%A9")
    }

    @Test func xmlBaseNestsAndAppliesToOwnAttributes() {
        let p = parse("""
            <feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://example.org/a/">
              <entry xml:base="b/"><link href="c"/><id>1</id></entry>
              <entry xml:base="/root/"><link xml:base="../other/" href="d"/><id>2</id></entry>
              <entry><link href="../up"/><id>3</id></entry>
            </feed>
            """, documentURL: "http://ignored.example/feed")
        #expect(p.articles.map(\.link) == ["http://example.org/a/b/c", "http://example.org/other/d", "http://example.org/up"])
    }

    @Test func documentURLThenFeedLinkAreTheBase() {
        let xml = "<rss version='2.0'><channel><link>https://site.example/blog/</link><item><link>p/1</link></item></channel></rss>"
        #expect(parse(xml, documentURL: "https://feeds.example/x/rss").articles.first?.link == "https://feeds.example/x/p/1")
        #expect(parse(xml).articles.first?.link == "https://site.example/blog/p/1")
    }
}

@Suite struct PlainAbsoluteURLTests {
    /// The word-at-a-time check against the byte-at-a-time definition, with every byte value in every
    /// position of a 20-byte URL.
    @Test func agreesWithTheDefinition() {
        let base = Array("http://e.x/abcdefghi".utf8)
        for position in 7..<base.count {
            for value in 0...255 {
                var u = base
                u[position] = UInt8(value)
                let expected = !u.contains { $0 <= 0x20 || $0 >= 0x7F }
                let got = u.withUnsafeBufferPointer { URLResolver.isPlainAbsolute($0) }
                #expect(got == expected, "byte \(value) at \(position)")
            }
        }
        for s in ["https://e.x/", "mailto:a@b", "x:"] { #expect(Array(s.utf8).withUnsafeBufferPointer { URLResolver.isPlainAbsolute($0) }) }
        for s in ["/path", "e.x/a", "1http://e.x/", "", "http", "ht tp://e.x/"] {
            #expect(!Array(s.utf8).withUnsafeBufferPointer { URLResolver.isPlainAbsolute($0) }, "\(s)")
        }
    }
}
