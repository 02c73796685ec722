import Foundation
import GleanerTestSupport
import Testing

/// `headlines --new --consumer`, `--peek`, `--reset`, `consumers`, `explain`, filters and `--follow`,
/// through the real executable.
@Suite(.serialized) struct ConsumerCLITests {
    let dir: TemporaryDirectory
    let www: TemporaryDirectory
    let server: TestHTTPServer
    let cli: GleanerCLI

    init() throws {
        dir = try TemporaryDirectory("gleaner-consumers")
        www = try TemporaryDirectory("gleaner-consumers-www")
        server = try TestHTTPServer(root: www.path)
        try www.write("a.xml", StoreTestFeeds.simple("a", 1...3))
        let conf = try dir.write("feeds.conf", "\(server.url("/files/a.xml")) name=A tags=news\n")
        cli = GleanerCLI(config: conf.path, store: dir.file("s.sqlite").path)
        _ = try cli.run(["fetch"])
    }

    func seqs(_ args: [String]) throws -> [Int] {
        let r = try cli.run(args)
        #expect(r.status == 0, "\(r.stderr)")
        return try StoreTestFeeds.jsonLines(r.stdout).map { $0["seq"] as! Int }
    }

    @Test func namedConsumersHaveTheirOwnCursorsAndPeekDoesNotAdvance() throws {
        #expect(try seqs(["headlines", "--new", "--json", "--consumer", "mail", "--peek"]).count == 3)
        #expect(try seqs(["headlines", "--new", "--json", "--consumer", "mail", "--limit", "2"]).sorted() == [1, 2])
        #expect(try seqs(["headlines", "--new", "--json", "--consumer", "mail"]) == [3])
        #expect(try seqs(["headlines", "--new", "--json", "--consumer", "mail"]).isEmpty)
        // The default consumer is untouched.
        #expect(try seqs(["headlines", "--new", "--json"]).count == 3)
        let listing = try cli.run(["consumers", "--json"])
        let rows = try StoreTestFeeds.jsonLines(listing.stdout)
        #expect(rows.map { $0["consumer"] as! String } == ["", "mail"])
        #expect(rows.map { $0["backlog"] as! Int } == [0, 0])
        // Rewind: everything is new again for that consumer only.
        #expect(try cli.run(["headlines", "--reset", "--consumer", "mail"]).status == 0)
        #expect(try seqs(["headlines", "--new", "--json", "--consumer", "mail"]).count == 3)
        #expect(try seqs(["headlines", "--new", "--json"]).isEmpty)
    }

    @Test func theCursorDoesNotAdvanceWhenTheOutputCannotBeWritten() throws {
        // stdout on /dev/full: every write fails with ENOSPC.
        let p = Process()
        p.executableURL = GleanerCLI.executable
        p.arguments = ["headlines", "--config", cli.config, "--store", cli.store, "--new"]
        p.standardOutput = FileHandle(forWritingAtPath: "/dev/full")
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus != 0)
        #expect(try seqs(["headlines", "--new", "--json"]).count == 3, "nothing was marked shown")
    }

    @Test func filtersCombine() throws {
        #expect(try seqs(["headlines", "--json", "--search", "STORY 2"]) == [2])
        #expect(try seqs(["headlines", "--json", "--tag", "news", "--limit", "1"]).count == 1)
        #expect(try seqs(["headlines", "--json", "--tag", "other"]).isEmpty)
        #expect(try seqs(["headlines", "--json", "--since", "1h"]).count == 3)
        #expect(try seqs(["headlines", "--json", "--since", "2999-01-01"]).isEmpty)
        #expect(try cli.run(["headlines", "--since", "yesterday"]).status != 0)
    }

    @Test func explainSaysWhichKeyAndWhichEarlierArticle() throws {
        let out = try cli.run(["explain", "1"])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("identity: id:a-1"))
        #expect(out.stdout.contains("new: first stored"))
        let byLink = try cli.run(["explain", "HTTPS://example.org/a/2#x"])
        #expect(byLink.stdout.contains("article 2:"), "\(byLink.stdout) \(byLink.stderr)")
        #expect(try cli.run(["explain", "999"]).status != 0)
    }

    @Test func followPrintsWhatTheDaemonStoresWithoutRepeatingIt() throws {
        let (p, pipe) = try cli.start(["headlines", "--new", "--consumer", "tail", "--follow", "--json"])
        defer { if p.isRunning { kill(p.processIdentifier, SIGKILL) } }
        Thread.sleep(forTimeInterval: 1.5)
        try www.write("a.xml", StoreTestFeeds.simple("a", 1...5))
        #expect(try cli.run(["fetch"]).status == 0)
        Thread.sleep(forTimeInterval: 2.5)
        p.terminate()  // SIGTERM: --follow unblocks it even when the test runner's mask blocks it
        p.waitUntilExit()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let got = try StoreTestFeeds.jsonLines(text).map { $0["seq"] as! Int }
        #expect(got.sorted() == [1, 2, 3, 4, 5], "\(text)")
        #expect(try seqs(["headlines", "--new", "--json", "--consumer", "tail"]).isEmpty)
    }
}
