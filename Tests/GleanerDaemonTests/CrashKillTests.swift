import Foundation
import GleanerStore
import GleanerTestSupport
import Testing

/// Nothing lost, nothing corrupted: `gleaner fetch` and `headlines --new` killed (SIGKILL) at random points.
@Suite(.serialized) struct CrashKillTests {
    @Test func killingFetchAndReadersAtRandomPointsNeverCorruptsLosesOrDuplicates() throws {
        let dir = try TemporaryDirectory("gleaner-crash")
        let www = try TemporaryDirectory("gleaner-crash-www")
        let server = try TestHTTPServer(root: www.path)
        let feeds = 40
        let runs = 30
        var conf = ""
        for f in 0..<feeds { conf += server.url("/files/f\(f).xml") + "\n" }
        let cli = GleanerCLI(config: try dir.write("feeds.conf", conf).path, store: dir.file("s.sqlite").path)
        var generator = SeededGenerator()
        var published = Set<String>()
        // (run, killed) for every id the consumer printed.
        var printed: [String: [(run: Int, killed: Bool)]] = [:]

        func grow(to n: Int) throws {
            for f in 0..<feeds {
                try www.write("f\(f).xml", StoreTestFeeds.simple("f\(f)", 1...n))
                for i in 1...n { published.insert("f\(f)-\(i)") }
            }
        }

        func start(_ args: [String]) throws -> (Process, Pipe) {
            let p = Process()
            p.executableURL = GleanerCLI.executable
            p.arguments = [args[0], "--config", cli.config, "--store", cli.store] + args.dropFirst()
            let out = Pipe()
            p.standardOutput = out
            p.standardError = FileHandle.nullDevice
            try p.run()
            return (p, out)
        }

        var killedFetches = 0
        for run in 0..<runs {
            try grow(to: 20 + 2 * run)
            let (fetch, fetchOut) = try start(["fetch"])
            usleep(UInt32.random(in: 0...400_000, using: &generator))
            if fetch.isRunning { kill(fetch.processIdentifier, SIGKILL); killedFetches += 1 }
            _ = fetchOut.fileHandleForReading.readDataToEndOfFile()
            fetch.waitUntilExit()

            let (reader, readerOut) = try start(["headlines", "--new", "--json", "--consumer", "c"])
            var killed = false
            if Bool.random(using: &generator) {
                usleep(UInt32.random(in: 0...150_000, using: &generator))
                if reader.isRunning { kill(reader.processIdentifier, SIGKILL); killed = true }
            }
            let text = String(decoding: readerOut.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            reader.waitUntilExit()
            // A killed reader may have printed a partial last line.
            for line in text.split(separator: "\n") {
                guard let row = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                      let id = row["id"] as? String else { continue }
                printed[id, default: []].append((run, killed))
            }
        }
        #expect(killedFetches > 0, "the kill must land during some fetches")

        // A clean run, then every published article is stored exactly once and the file is sound. Feeds that
        // were in progress when a fetch was killed are suspected of stopping the process (held back, or disabled
        // after a second kill): naming them is how a user fetches them anyway.
        let clean = try cli.run(["fetch"] + (0..<feeds).map { server.url("/files/f\($0).xml") })
        #expect(clean.status == 0, "\(clean.stderr)")
        let store = try SQLiteStore(path: cli.store, readOnly: true)
        #expect(try store.integrityCheck() == ["ok"])
        let rows = try StoreTestFeeds.jsonLines(try cli.run(["headlines", "--json"]).stdout)
        let ids = rows.map { $0["id"] as! String }
        #expect(ids.count == published.count)
        #expect(Set(ids) == published)

        // The consumer got everything, and an article twice only when the run that printed it first was killed.
        let last = try cli.run(["headlines", "--new", "--json", "--consumer", "c"])
        for row in try StoreTestFeeds.jsonLines(last.stdout) {
            printed[row["id"] as! String, default: []].append((runs, false))
        }
        #expect(Set(printed.keys) == published)
        for (id, times) in printed where times.count > 1 {
            let uninterrupted = times.dropLast().contains { !$0.killed }
            #expect(!uninterrupted, "\(id) printed again after an uninterrupted run: \(times)")
        }
    }
}
