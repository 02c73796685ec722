import Foundation
import GleanerTestSupport
import Testing

/// `gleaner feeds` tells an admin what deduplication did to a feed whose ids cannot be trusted.
@Suite struct FeedsListingTests {
    @Test func aFeedWhoseIdsRepeatIsShownKeyedByAnotherIdentity() throws {
        let dir = try TemporaryDirectory("gleaner-feeds")
        let www = try TemporaryDirectory("gleaner-feeds-www")
        let server = try TestHTTPServer(root: www.path)
        // One guid (and so one link) on every item: a broken generator.
        let items = (1...6).map { ("same", "Story \($0)") }
        try www.write("dup.xml", rssDocument(items: items).replacingOccurrences(
            of: "<link>https://example.org/same</link>", with: ""))
        try www.write("ok.xml", rssDocument(items: [("a", "A"), ("b", "B")]))
        let conf = try dir.write("feeds.conf", """
            \(server.url("/files/dup.xml")) name=Dup
            \(server.url("/files/ok.xml")) name=Ok
            """).path
        let cli = GleanerCLI(config: conf, store: dir.file("s.sqlite").path)
        let fetch = try cli.run(["fetch"])
        #expect(fetch.status == 0)
        #expect(fetch.stdout.contains("6 new"), "every story kept, not collapsed into one: \(fetch.stdout)")
        let feeds = try cli.run(["feeds"]).stdout
        let dupBlock = feeds.components(separatedBy: "\nOk")[0]
        #expect(dupBlock.contains("! articles identified by hash, not by id"), "\(feeds)")
        #expect(!feeds.components(separatedBy: "\nOk").last!.contains("identified by"), "\(feeds)")
    }
}
