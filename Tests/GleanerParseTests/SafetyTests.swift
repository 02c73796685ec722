import GleanerModel
import Testing
@testable import GleanerParse

/// Hostile XML: no entity expansion, no file or network access, bounded depth and text.
extension String {
    func replacingAll(_ a: String, with b: String) -> String { split(separator: Character(a), omittingEmptySubsequences: false).joined(separator: b) }
}

@Suite struct SafetyTests {
    static let billionLaughs = """
        <?xml version="1.0"?>
        <!DOCTYPE rss [
          <!ENTITY lol "lol">
          <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
          <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
          <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
          <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
          <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
          <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
          <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
          <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
          <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
        ]>
        <rss version="2.0"><channel><title>&lol9;</title><item><title>after &lol9;</title></item></channel></rss>
        """

    @Test(.timeLimit(.minutes(1)))
    func billionLaughsIsNotExpanded() {
        let p = parse(Self.billionLaughs)
        #expect(p.format == "rss2.0")
        #expect((p.feed.title ?? "").count < 100)
        #expect(!(p.feed.title ?? "").contains("lol"))
        #expect(p.articles.map(\.title) == ["after"])
        #expect(!p.wellformed)
    }

    @Test func externalEntityIsNotRead() {
        let p = parse("""
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <rss version="2.0"><channel><title>x&xxe;y</title>
            <item><title>&xxe;</title><description>&xxe;</description><link>http://example.com/&xxe;</link></item>
            </channel></rss>
            """)
        #expect(p.feed.title?.contains("root:") == false)
        #expect(p.feed.title == "xy")
        for a in p.articles {
            #expect(!(a.title ?? "").contains("root:"))
            #expect(!(a.summary ?? "").contains("root:"))
            #expect(!(a.link ?? "").contains("root"))
        }
    }

    @Test func externalDTDIsNotLoaded() {
        // A DTD that would declare the entity; not fetched (no DTDLOAD, NONET), so &secret; stays unknown.
        let p = parse("""
            <?xml version="1.0"?>
            <!DOCTYPE rss SYSTEM "file:///etc/passwd">
            <rss version="2.0"><channel><title>t&secret;</title></channel></rss>
            """)
        #expect(p.feed.title == "t")
        #expect(!p.problems.contains { $0.contains("root:") })
    }

    @Test func parameterEntityFileIsNotRead() {
        let p = parse("""
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY % ext SYSTEM "file:///etc/passwd"> %ext;]>
            <rss version="2.0"><channel><title>safe</title></channel></rss>
            """)
        #expect(p.feed.title == "safe")
        #expect(!p.problems.contains { $0.contains("root:") })
    }

    @Test func deepNestingIsCapped() {
        let depth = 5000
        var xml = "<rss version='2.0'><channel><title>deep</title><item><title>ok</title>"
        xml += String(repeating: "<x>", count: depth) + "text" + String(repeating: "</x>", count: depth)
        xml += "</item><item><title>after</title></item></channel></rss>"
        let p = parse(xml)
        #expect(p.feed.title == "deep")
        #expect(p.articles.map(\.title) == ["ok", "after"])
        #expect(p.problems.contains { $0.contains("nested deeper than 256") || $0.contains("Excessive depth") })
    }

    @Test func deepNestingInsideCapturedContent() {
        let depth = 400
        var xml = "<rss version='2.0'><channel><item><description>"
        xml += String(repeating: "<div>", count: depth) + "x" + String(repeating: "</div>", count: depth)
        xml += "</description><title>still here</title></item></channel></rss>"
        let p = parse(xml)
        #expect(p.articles.first?.title == "still here")
        #expect(p.problems.contains { $0.contains("nested deeper than 256") })
    }

    @Test func longTextIsTruncated() {
        let big = String(repeating: "a", count: FeedBuilder.maxText + 1000)
        let p = parse("<rss version='2.0'><channel><item><description>\(big)</description><title>t</title></item></channel></rss>")
        #expect((p.articles.first?.summary?.utf8.count ?? 0) <= FeedBuilder.maxText)
        #expect((p.articles.first?.summary?.utf8.count ?? 0) > FeedBuilder.maxText - 8192)
        #expect(p.articles.first?.title == "t")
        #expect(p.problems.contains { $0.contains("truncated") })
    }

    @Test func hugeAttributeCountIsBoundedInTime() {
        var attrs = ""
        for k in 0..<20_000 { attrs += " a\(k)=\"v\"" }
        let xml = "<rss version='2.0'><channel><item\(attrs)><title\(attrs)>t</title>"
            + "<description>&lt;p\(attrs.replacingAll("\"", with: "'"))&gt;x&lt;/p&gt;</description></item></channel></rss>"
        let start = ContinuousClock.now
        let p = parse(xml)
        #expect(p.articles.first?.title == "t")
        #expect(ContinuousClock.now - start < .seconds(10))
    }

    @Test func manyDistinctUndeclaredEntitiesAreCapped() {
        var body = ""
        for k in 0..<5_000 { body += "&e\(k);" }
        let p = parse("<rss version='2.0'><channel><title>\(body)</title></channel></rss>")
        #expect(p.problems.count <= 201)
        #expect((p.feed.title?.utf8.count ?? 0) < 5_000 * 8)
    }
}
