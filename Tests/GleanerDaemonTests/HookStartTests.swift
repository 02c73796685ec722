import Foundation
import GleanerTestSupport
import Testing

/// Where an `on-new` program starts when it is added to a feed that already has articles: from now (a notifier
/// added to a feed with a thousand stored articles must not send a thousand notifications), both for a new
/// program and for a feed attached to a program that already runs for others.
@Suite(.serialized) struct HookStartTests {
    let dir: TemporaryDirectory
    let www: TemporaryDirectory
    let server: TestHTTPServer

    init() throws {
        dir = try TemporaryDirectory("gleaner-hookstart")
        www = try TemporaryDirectory("gleaner-hookstart-www")
        server = try TestHTTPServer(root: www.path)
    }

    func hook(named name: String) throws -> (path: String, log: String) {
        let log = dir.file(name + ".log").path
        let script = try dir.write(name, "#!/bin/sh\ncat >> '\(log)'\n")
        chmod(script.path, 0o755)
        return (script.path, log)
    }

    func delivered(_ log: String) throws -> [String] {
        guard let text = try? String(contentsOfFile: log, encoding: .utf8) else { return [] }
        return try StoreTestFeeds.jsonLines(text).map { $0["id"] as! String }.sorted()
    }

    @Test func aHookAddedToAFeedWithStoredArticlesStartsFromNow() throws {
        let h = try hook(named: "new.sh")
        try www.write("a.xml", StoreTestFeeds.simple("a", 1...2))
        let feed = server.url("/files/a.xml")
        let conf = try dir.write("feeds.conf", "\(feed)\n")
        let cli = GleanerCLI(config: conf.path, store: dir.file("s.sqlite").path)
        #expect(try cli.run(["fetch"]).status == 0)

        try "\(feed) on-new=\(h.path)\n".write(to: conf, atomically: true, encoding: .utf8)
        try www.write("a.xml", StoreTestFeeds.simple("a", 1...3))
        #expect(try cli.run(["fetch"]).status == 0)
        let got = try delivered(h.log)
        #expect(got.contains("a-3"), "the article stored after the hook was added reaches it")
        #expect(got == ["a-3"])
    }

    @Test func aFeedAttachedToARunningHookStartsFromNow() throws {
        let h = try hook(named: "running.sh")
        try www.write("a.xml", StoreTestFeeds.simple("a", 1...1))
        try www.write("b.xml", StoreTestFeeds.simple("b", 1...2))
        let a = server.url("/files/a.xml"), b = server.url("/files/b.xml")
        let conf = try dir.write("feeds.conf", "\(a) on-new=\(h.path)\n")
        let cli = GleanerCLI(config: conf.path, store: dir.file("r.sqlite").path)
        #expect(try cli.run(["fetch"]).status == 0)
        #expect(try delivered(h.log) == ["a-1"])
        // b is added (without the hook) and fetched after: its articles lie past the hook's cursor over a.
        try "\(a) on-new=\(h.path)\n\(b)\n".write(to: conf, atomically: true, encoding: .utf8)
        #expect(try cli.run(["fetch"]).status == 0)
        #expect(try delivered(h.log) == ["a-1"])

        try "\(a) on-new=\(h.path)\n\(b) on-new=\(h.path)\n".write(to: conf, atomically: true, encoding: .utf8)
        try www.write("b.xml", StoreTestFeeds.simple("b", 1...3))
        #expect(try cli.run(["fetch"]).status == 0)
        let got = try delivered(h.log)
        #expect(got.contains("b-3"))
        #expect(got == ["a-1", "b-3"])
    }
}
