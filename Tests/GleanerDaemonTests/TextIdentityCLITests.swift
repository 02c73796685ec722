import Foundation
import GleanerTestSupport
import Testing

/// Through the real parser and store: RSS items with only a `<description>` each are as many articles.
@Suite struct TextIdentityCLITests {
    @Test func itemsWithOnlyADescriptionAreEachStored() throws {
        let dir = try TemporaryDirectory("gleaner-text-identity")
        let www = try TemporaryDirectory("gleaner-text-identity-www")
        let server = try TestHTTPServer(root: www.path)
        let notes = ["First note.", "Second note.", "Third note."]
        _ = try www.write("notes.xml", """
            <?xml version="1.0"?><rss version="2.0"><channel><title>Notes</title>
            \(notes.map { "<item><description>\($0)</description></item>" }.joined(separator: "\n"))
            </channel></rss>
            """)
        let cli = GleanerCLI(config: try dir.write("feeds.conf", server.url("/files/notes.xml") + "\n").path,
                             store: dir.file("s.sqlite").path)
        let fetch = try cli.run(["fetch"])
        #expect(fetch.status == 0, "\(fetch.stderr)")
        #expect(fetch.stdout.contains("3 new"), "\(fetch.stdout)")
        let rows = try StoreTestFeeds.jsonLines(try cli.run(["headlines", "--json"]).stdout)
        #expect(Set(rows.compactMap { $0["summary"] as? String }) == Set(notes))
        // The body changes (a fourth note on top): only that one is new.
        _ = try www.write("notes.xml", """
            <?xml version="1.0"?><rss version="2.0"><channel><title>Notes</title>
            \((["Fourth note."] + notes).map { "<item><description>\($0)</description></item>" }.joined(separator: "\n"))
            </channel></rss>
            """)
        let again = try cli.run(["fetch"])
        #expect(again.stdout.contains("1 new"), "\(again.stdout)")
        #expect(try StoreTestFeeds.jsonLines(try cli.run(["headlines", "--json"]).stdout).count == 4)
    }
}
