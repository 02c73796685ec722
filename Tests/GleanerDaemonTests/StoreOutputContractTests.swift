import Foundation
import GleanerStore
import GleanerTestSupport
import Testing

/// Holds `headlines` to the written contract in Tests/Contracts/OUTPUT.md.
@Suite(.serialized) struct StoreOutputContractTests {
    let dir: TemporaryDirectory
    let www: TemporaryDirectory
    let server: TestHTTPServer

    init() throws {
        dir = try TemporaryDirectory("gleaner-contract")
        www = try TemporaryDirectory("gleaner-contract-www")
        server = try TestHTTPServer(root: www.path)
    }

    /// The JSON fields the contract documents, in its table order.
    static func documentedFields() throws -> [String] {
        let text = try String(contentsOf: Fixtures.repoRoot.appendingPathComponent("Tests/Contracts/OUTPUT.md"), encoding: .utf8)
        let json = text.components(separatedBy: "## Human format")[0]
        return json.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("| `") else { return nil }
            return line.dropFirst(3).split(separator: "`").first.map(String.init)
        }
    }

    @Test func theDocumentedFieldsAreExactlyTheOnesTheCodeWritesInOrder() throws {
        #expect(try Self.documentedFields() == Headline.jsonFields)
    }

    @Test func everyDocumentedFieldIsProducedAndNoOther() throws {
        let full = StoreTestFeeds.Item(
            guid: "full", title: "كل الحقول", link: "https://example.org/ar/أخبار",
            extra: """
                <pubDate>Thu, 06 Nov 2025 09:14:27 GMT</pubDate><dc:date>2025-11-06T10:00:00Z</dc:date>\
                <author>ann@example.org (Ann)</author><category>أخبار</category><description>Summary</description>\
                <enclosure url="https://example.org/a.mp3" type="audio/mpeg" length="123"/><dc:language>ar</dc:language>
                """)
        try www.write("a.xml", StoreTestFeeds.rss(title: "A", items: [full]))
        try www.write("b.xml", StoreTestFeeds.rss(title: "B", items: [
            .init(guid: "copy", title: "Copy", link: "https://EXAMPLE.org:443/ar/%d8%a3%d8%ae%d8%a8%d8%a7%d8%b1?utm_source=x#c"),
        ]))
        let conf = try dir.write("feeds.conf", "\(server.url("/files/a.xml")) name=\"أخبار\"\n\(server.url("/files/b.xml"))\n")
        let cli = GleanerCLI(config: conf.path, store: dir.file("s.sqlite").path)
        // A first, so that its article is the original and B's the copy (feeds fetched together finish in any order).
        #expect(try cli.run(["fetch", server.url("/files/a.xml")]).status == 0)
        #expect(try cli.run(["fetch"]).status == 0)
        // Full text as the daemon's page step records it (FullTextTests fetches real pages).
        do {
            let store = try SQLiteStore(path: cli.store)
            let seq = try #require(try store.explain("https://example.org/ar/أخبار")?.headline.seq)
            try store.recordFullText(seq: seq, FullTextStatus(state: .done, reason: "fulltext = always"),
                                     text: "النص الكامل", html: "<p>النص الكامل</p>")
        }
        let listed = try cli.run(["headlines", "--json"])
        let rows = try StoreTestFeeds.jsonLines(listed.stdout)
        #expect(rows.count == 1, "the copy from B is listed once, under A")
        let row = try #require(rows.first)
        let documented = try Self.documentedFields()
        #expect(Set(row.keys) == Set(documented), "produced \(row.keys.sorted()), documented \(documented)")
        // The order of the keys on the line is the documented order.
        let positions = documented.compactMap { listed.stdout.range(of: "\"\($0)\":")?.lowerBound }
        #expect(positions == positions.sorted())
        let also = try #require(row["also_in"] as? [[String: Any]])
        #expect(also.first?["feed_url"] as? String == server.url("/files/b.xml"))
        #expect(listed.stdout.contains("كل الحقول"), "UTF-8 as is, not escaped")
        #expect(!listed.stdout.contains("null"))
    }

    @Test func theHumanFormatAlignsByDisplayWidthIsolatesRightToLeftAndHasNoColorOffATerminal() throws {
        try www.write("ar.xml", StoreTestFeeds.rss(title: "x", items: [.init(guid: "1", title: "عنوان عربي", link: "https://example.org/1")]))
        try www.write("cjk.xml", StoreTestFeeds.rss(title: "y", items: [.init(guid: "2", title: "Title two", link: "https://example.org/2")]))
        try www.write("en.xml", StoreTestFeeds.rss(title: "z", items: [.init(guid: "3", title: "Title three", link: "https://example.org/3")]))
        // "مُحَمَّد" has combining marks (3 columns fewer than its scalars); "新闻" is 4 columns wide.
        let conf = try dir.write("feeds.conf", """
            \(server.url("/files/ar.xml")) name="مُحَمَّد"
            \(server.url("/files/cjk.xml")) name="新闻"
            \(server.url("/files/en.xml")) name=English
            """)
        let cli = GleanerCLI(config: conf.path, store: dir.file("h.sqlite").path)
        #expect(try cli.run(["fetch"]).status == 0)
        let out = try cli.run(["headlines"])
        #expect(out.status == 0)
        #expect(!out.stdout.contains("\u{1B}["), "no escape codes when stdout is not a terminal")
        let lines = out.lines
        #expect(lines.count == 3)
        // The title column starts at the same display column on every line.
        func titleColumn(_ line: String) -> Int {
            let start = line.range(of: "Title")?.lowerBound ?? line.range(of: "\u{2068}عنوان")!.lowerBound
            return width(String(line[..<start]))
        }
        let columns = Set(lines.map(titleColumn))
        #expect(columns.count == 1, "\(lines)")
        #expect(lines.contains { $0.contains("\u{2068}عنوان عربي\u{2069}") })
        #expect(lines.contains { $0.contains("\u{2068}مُحَمَّد\u{2069}") })
    }

    /// The same rule as the CLI's displayWidth, written independently.
    func width(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { n, u in
            switch u.properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .format, .control: return n
            default: return n + (u.properties.isIdeographic ? 2 : 1)
            }
        }
    }
}
