import Foundation
import GleanerConfig
@testable import GleanerPipeline
import GleanerStore
import GleanerTestSupport
import Testing

/// `on-new` hooks: JSON Lines on stdin, no shell, a timeout, and each article delivered once per hook
/// (again only after a failure).
@Suite(.serialized) struct HookRunnerTests {
    let dir: TemporaryDirectory
    let www: TemporaryDirectory
    let server: TestHTTPServer

    init() throws {
        dir = try TemporaryDirectory("gleaner-hooks")
        www = try TemporaryDirectory("gleaner-hooks-www")
        server = try TestHTTPServer(root: www.path)
    }

    /// A hook that appends its input to `log`, and fails (exit 3) while `fail` exists.
    func hook(named name: String) throws -> (path: String, log: String, fail: String) {
        let log = dir.file(name + ".log").path
        let fail = dir.file(name + ".fail").path
        let script = try dir.write(name, """
            #!/bin/sh
            # Reads all of stdin first: a failure must not lose what was sent.
            input=$(cat)
            if [ -e '\(fail)' ]; then exit 3; fi
            printf '%s\\n' "$input" >> '\(log)'
            """)
        chmod(script.path, 0o755)
        return (script.path, log, fail)
    }

    func delivered(_ log: String) throws -> [String] {
        guard let text = try? String(contentsOfFile: log, encoding: .utf8) else { return [] }
        return try StoreTestFeeds.jsonLines(text).map { $0["id"] as! String }
    }

    @Test func newArticlesReachTheHookOnceAndAFailedBatchIsRetried() throws {
        let h = try hook(named: "hook.sh")
        try www.write("a.xml", StoreTestFeeds.simple("a", 1...2))
        let conf = try dir.write("feeds.conf", "on-new = \(h.path)\n\(server.url("/files/a.xml"))\n")
        let cli = GleanerCLI(config: conf.path, store: dir.file("s.sqlite").path)
        #expect(try cli.run(["fetch"]).status == 0)
        #expect(try delivered(h.log).sorted() == ["a-1", "a-2"])

        // The hook starts failing: the fetch still succeeds, the failure is logged, nothing is acknowledged.
        _ = FileManager.default.createFile(atPath: h.fail, contents: nil)
        try www.write("a.xml", StoreTestFeeds.simple("a", 1...3))
        let failing = try cli.run(["fetch"])
        #expect(failing.status == 0)
        #expect(failing.stderr.contains("hook failed"), "\(failing.stderr)")
        #expect(failing.stderr.contains("exit status 3"))
        let consumers = try cli.run(["consumers"])
        #expect(consumers.stdout.contains("hook:\(h.path)"))
        #expect(consumers.stdout.contains("1 waiting"), "\(consumers.stdout)")

        // It recovers: the missed article comes on the next run, once; nothing is repeated.
        try FileManager.default.removeItem(atPath: h.fail)
        try www.write("a.xml", StoreTestFeeds.simple("a", 1...4))
        #expect(try cli.run(["fetch"]).status == 0)
        #expect(try delivered(h.log) .sorted() == ["a-1", "a-2", "a-3", "a-4"])
    }

    @Test func perFeedHooksGetOnlyTheirFeedsAndTitlesNeverReachACommandLine() throws {
        let g = try hook(named: "global.sh")
        let b = try hook(named: "b.sh")
        try www.write("a.xml", StoreTestFeeds.rss(items: [.init(guid: "a-1", title: "$(touch /tmp/gleaner-pwned); `id`", link: "https://example.org/x")]))
        try www.write("b.xml", StoreTestFeeds.simple("b", 1...1))
        let conf = try dir.write("feeds.conf", """
            on-new = \(g.path)
            \(server.url("/files/a.xml"))
            \(server.url("/files/b.xml")) on-new=\(b.path)
            """)
        let cli = GleanerCLI(config: conf.path, store: dir.file("p.sqlite").path)
        #expect(try cli.run(["fetch"]).status == 0)
        #expect(try delivered(g.log) == ["a-1"])
        #expect(try delivered(b.log) == ["b-1"])
        #expect(!FileManager.default.fileExists(atPath: "/tmp/gleaner-pwned"))
    }

    @Test func aHookThatHangsIsKilledAtTheTimeout() throws {
        let script = try dir.write("hang.sh", "#!/bin/sh\nsleep 30\n")
        chmod(script.path, 0o755)
        let start = Date()
        let problem = HookRunner.spawn(program: script.path, input: Array(repeating: 65, count: 1 << 20), timeout: 1)
        #expect(problem?.contains("timed out") == true, "\(problem ?? "nil")")
        #expect(Date().timeIntervalSince(start) < 10)
    }

    @Test func aMissingProgramIsReportedAndItsArticlesWait() throws {
        let store = try SQLiteStore(path: dir.file("m.sqlite").path)
        let config = try Config.parse("on-new = /nonexistent/hook\nhttps://example.org/feed\n")
        try store.syncFeeds([(url: "https://example.org/feed", name: nil, tags: [])])
        _ = try store.record(feedURL: "https://example.org/feed", fetch: .init(), articles: [.init(id: "1", title: "t")])
        var lines: [String] = []
        let reports = HookRunner.run(config: config, store: store, log: { _, line in lines.append(line) })
        #expect(reports.first?.delivered == 0)
        #expect(reports.first?.error?.contains("cannot start") == true)
        #expect(lines.first?.hasPrefix("hook failed program=/nonexistent/hook") == true)
        #expect(try store.cursor(consumer: "hook:/nonexistent/hook") == 0)
    }
}
