import Foundation
import GleanerModel
import GleanerStore
import GleanerTestSupport
import Testing

/// Readers during writes, and a full disk.
@Suite(.serialized) struct StoreResilienceTests {
    @Test func aReaderInALoopWhileAWriterWritesNeverSeesAnError() throws {
        let dir = try TemporaryDirectory("gleaner-readers")
        let conf = try dir.write("feeds.conf", "https://example.org/feed name=F\n")
        let path = dir.file("s.sqlite").path
        let writer = try SQLiteStore(path: path)
        try writer.syncFeeds([(url: "https://example.org/feed", name: "F", tags: [])])
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var writeError: Error?
        let thread = Thread {
            do {
                let store = try SQLiteStore(path: path)
                for batch in 0..<150 {
                    let articles = (0..<40).map { i -> Article in
                        var a = Article(id: "\(batch)-\(i)", title: "Title \(batch) \(i)", link: "https://example.org/\(batch)/\(i)")
                        a.summary = String(repeating: "x", count: 2000)
                        return a
                    }
                    _ = try store.record(feedURL: "https://example.org/feed", fetch: FetchRecord(), articles: articles)
                    try store.applyRetention([RetentionPolicy(feedURL: "https://example.org/feed", keep: nil, keepItems: 2000)])
                }
            } catch { writeError = error }
            done.signal()
        }
        thread.start()
        let cli = GleanerCLI(config: conf.path, store: path)
        var runs = 0
        while done.wait(timeout: .now()) == .timedOut {
            let r = try cli.run(["headlines", "--new", "--json", "--limit", "50"])
            #expect(r.status == 0 && r.stderr.isEmpty, "\(r.stderr)")
            runs += 1
        }
        #expect(writeError == nil, "\(String(describing: writeError))")
        #expect(runs >= 3)
    }

    static func canMountTmpfs() -> Bool {
        guard getuid() == 0, let dir = try? TemporaryDirectory("gleaner-mount-probe") else { return false }
        guard mount("tmpfs", dir.path, "tmpfs", 0, "size=64k") == 0 else { return false }
        umount(dir.path)
        return true
    }

    /// Needs root to mount a size-limited tmpfs (CI runs tests as root); skipped, with this reason, elsewhere.
    @Test(.enabled(if: canMountTmpfs(), "mounting a small tmpfs needs root (CAP_SYS_ADMIN)"))
    func aFullDiskGivesAClearErrorAndLeavesTheStoreUsable() throws {
        let dir = try TemporaryDirectory("gleaner-full")
        #expect(mount("tmpfs", dir.path, "tmpfs", 0, "size=1m") == 0)
        defer { umount2(dir.path, Int32(MNT_DETACH)) }
        // Ballast, deleted after the disk filled up: the admin freeing space.
        let ballast = try dir.write("ballast", bytes: Array(repeating: 0, count: 256 * 1024))
        let path = dir.file("s.sqlite").path
        let store = try SQLiteStore(path: path)
        try store.syncFeeds([(url: "https://example.org/feed", name: nil, tags: [])])
        var stored = 0
        var failure: StoreError?
        for batch in 0..<1000 {
            let articles = (0..<20).map { i -> Article in
                var a = Article(id: "\(batch)-\(i)", title: "t", link: nil)
                a.content = String(repeating: "مرحبا ", count: 500)
                return a
            }
            do {
                stored += try store.record(feedURL: "https://example.org/feed", fetch: FetchRecord(), articles: articles).new
            } catch let e as StoreError {
                failure = e
                break
            }
        }
        let error = try #require(failure, "the disk never filled")
        #expect(error.description.contains("full"), "\(error)")
        #expect(error.sqliteCode.map { $0 & 0xff } == 13)  // SQLITE_FULL
        // The store is still readable and sound, and holds exactly what was committed.
        #expect(try store.integrityCheck() == ["ok"])
        let reader = try SQLiteStore(path: path, readOnly: true)
        #expect(try reader.headlines(HeadlineQuery()).count == stored)
        // A later fetch on the still-full disk fails the same clean way, and changes nothing.
        #expect(throws: StoreError.self) {
            try store.record(feedURL: "https://example.org/feed", fetch: FetchRecord(),
                             articles: (0..<50).map { Article(id: "more-\($0)", title: String(repeating: "x", count: 4000)) })
        }
        #expect(try reader.headlines(HeadlineQuery()).count == stored)
        // Space freed: the same connection writes again, nothing lost.
        try FileManager.default.removeItem(at: ballast)
        _ = try store.record(feedURL: "https://example.org/feed", fetch: FetchRecord(), articles: [Article(id: "after", title: "ok")])
        #expect(try reader.headlines(HeadlineQuery()).contains { $0.id == "after" })
        #expect(try reader.headlines(HeadlineQuery()).count == stored + 1)
        #expect(try store.integrityCheck() == ["ok"])
    }
}
