import CSQLite
import Foundation
import GleanerModel
import GleanerStore

/// `gleaner-bench store [--feeds N] [--per-feed N] [--big N]`:
/// 1. articles/s when N feeds × M articles are stored the first time, and again unchanged, through
///    `SQLiteStore.record` (one transaction per feed, as a fetch does) — against a bare SQLite insert of the same
///    rows into a table with the same columns and unique key, one transaction per feed, in the same run;
/// 2. `headlines --new` first-page latency (the query `gleaner headlines --new --limit 50` runs) with `--big`
///    articles stored (default 1,000,000), cursor at 0 and near the end, and the plain newest-first page;
/// 3. store size per article.
enum StoreBench {
    static func run(arguments: [String]) throws {
        var feeds = 1000, perFeed = 30, big = 1_000_000
        var i = 0
        while i + 1 < arguments.count {
            switch arguments[i] {
            case "--feeds": feeds = Int(arguments[i + 1]) ?? feeds
            case "--per-feed": perFeed = Int(arguments[i + 1]) ?? perFeed
            case "--big": big = Int(arguments[i + 1]) ?? big
            default: break
            }
            i += 2
        }
        let dir = NSTemporaryDirectory() + "gleaner-bench-store-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }

        let batches = (0..<feeds).map { f in (url: "https://feed\(f).example.org/rss", articles: articles(feed: f, count: perFeed)) }
        let total = feeds * perFeed
        print("store: \(feeds) feeds × \(perFeed) articles = \(total)")

        // Bare SQLite first (cold file for both).
        let bare = try bareInsert(path: dir + "/bare.sqlite", batches: batches)
        let store = try SQLiteStore(path: dir + "/store.sqlite")
        try store.syncFeeds(batches.map { (url: $0.url, name: nil, tags: []) })
        var t = MonotonicClock.seconds()
        for b in batches { _ = try store.record(feedURL: b.url, fetch: FetchRecord(), articles: b.articles) }
        let first = MonotonicClock.seconds() - t
        t = MonotonicClock.seconds()
        for b in batches { _ = try store.record(feedURL: b.url, fetch: FetchRecord(), articles: b.articles) }
        let again = MonotonicClock.seconds() - t
        print(String(format: "  bare SQLite insert:        %9.0f articles/s", Double(total) / bare))
        print(String(format: "  Store.record, first time:  %9.0f articles/s  (%.0f%% of bare)", Double(total) / first, 100 * bare / first))
        print(String(format: "  Store.record, unchanged:   %9.0f articles/s  (%.0f%% of bare)", Double(total) / again, 100 * bare / again))
        try store.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        print(String(format: "  size: %.0f bytes per article (%.1f MiB for %d)", Double(try store.storageSize()) / Double(total),
                     Double(try store.storageSize()) / 1_048_576, total))

        guard big > 0 else { return }
        // The big store: `big` articles over 1,000 feeds, stored in fetch-sized transactions.
        let bigStore = try SQLiteStore(path: dir + "/big.sqlite")
        let bigFeeds = 1000
        try bigStore.syncFeeds((0..<bigFeeds).map { (url: "https://feed\($0).example.org/rss", name: nil, tags: []) })
        t = MonotonicClock.seconds()
        var stored = 0
        var round = 0
        while stored < big {
            for f in 0..<bigFeeds where stored < big {
                let n = min(100, big - stored)
                _ = try bigStore.record(feedURL: "https://feed\(f).example.org/rss", fetch: FetchRecord(),
                                        articles: articles(feed: f, count: n, offset: round * 100))
                stored += n
            }
            round += 1
        }
        print(String(format: "  big store: %d articles stored in %.1f s", stored, MonotonicClock.seconds() - t))
        let maxSeq = try bigStore.maxSeq()
        func latency(_ label: String, _ q: HeadlineQuery) throws {
            var best = Double.infinity
            var count = 0
            for _ in 0..<7 {
                let s = MonotonicClock.seconds()
                count = try bigStore.headlines(q).count
                best = min(best, MonotonicClock.seconds() - s)
            }
            print(String(format: "  %@ %7.2f ms  (%d rows, best of 7)", label, best * 1000, count))
        }
        try bigStore.setCursor(consumer: "", to: 0)
        try latency("headlines --new --limit 50, cursor 0:         ", HeadlineQuery(onlyNewFor: "", limit: 50))
        try bigStore.setCursor(consumer: "", to: maxSeq - 500)
        try latency("headlines --new --limit 50, 500 behind:       ", HeadlineQuery(onlyNewFor: "", limit: 50))
        try latency("headlines --new (all 500 unshown):            ", HeadlineQuery(onlyNewFor: ""))
        try latency("headlines --limit 50 (newest first, no cursor):", HeadlineQuery(limit: 50))
        try bigStore.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        print(String(format: "  big store size: %.0f bytes per article (%.0f MiB)", Double(try bigStore.storageSize()) / Double(stored),
                     Double(try bigStore.storageSize()) / 1_048_576))
    }

    static func articles(feed: Int, count: Int, offset: Int = 0) -> [Article] {
        (0..<count).map { k in
            let i = k + offset
            var a = Article(id: "https://feed\(feed).example.org/posts/\(i)?p=\(feed * 100_000 + i)",
                            title: "Story number \(i) from feed \(feed): a headline of typical length for news",
                            link: "https://feed\(feed).example.org/posts/\(i)")
            a.published = Timestamp(seconds: 1_700_000_000 + Int64(i) * 600 + Int64(feed))
            a.summary = String(repeating: "Summary text of a typical feed item, a few sentences long. ", count: 5)
            a.categories = ["news"]
            a.authors = [Person(name: "Author \(feed)")]
            return a
        }
    }

    /// The same rows into a table with the same columns and UNIQUE (feed_id, key), one transaction per feed,
    /// with a prepared statement: what SQLite alone costs.
    static func bareInsert(path: String, batches: [(url: String, articles: [Article])]) throws -> Double {
        var db: OpaquePointer?
        guard sqlite3_open(path, &db) == SQLITE_OK else { throw BenchError("cannot open \(path)") }
        defer { sqlite3_close(db) }
        sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;", nil, nil, nil)
        sqlite3_exec(db, """
            CREATE TABLE articles (seq INTEGER PRIMARY KEY AUTOINCREMENT, feed_id INTEGER NOT NULL, key TEXT NOT NULL,
              guid TEXT, title TEXT, link TEXT, published INTEGER, updated INTEGER, fetched INTEGER NOT NULL,
              authors TEXT, categories TEXT, summary TEXT, summary_type TEXT, content TEXT, content_type TEXT,
              enclosures TEXT, links TEXT, language TEXT, comments TEXT, content_hash TEXT NOT NULL,
              UNIQUE (feed_id, key));
            """, nil, nil, nil)
        var stmt: OpaquePointer?
        sqlite3_prepare_v2(db, """
            INSERT INTO articles (feed_id, key, guid, title, link, published, fetched, authors, categories, summary, content_hash)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
            """, -1, &stmt, nil)
        defer { sqlite3_finalize(stmt) }
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        func text(_ i: Int32, _ s: String) { sqlite3_bind_text(stmt, i, s, -1, transient) }
        let t = MonotonicClock.seconds()
        for (f, b) in batches.enumerated() {
            sqlite3_exec(db, "BEGIN IMMEDIATE", nil, nil, nil)
            for a in b.articles {
                sqlite3_reset(stmt)
                sqlite3_bind_int64(stmt, 1, Int64(f + 1))
                text(2, "id:" + a.id!)
                text(3, a.id!)
                text(4, a.title!)
                text(5, a.link!)
                sqlite3_bind_int64(stmt, 6, a.published!.seconds)
                sqlite3_bind_int64(stmt, 7, 1_700_000_000)
                text(8, "[{\"name\":\"\(a.authors[0].name!)\"}]")
                text(9, "[\"news\"]")
                text(10, a.summary!)
                text(11, "0123456789abcdef")
                guard sqlite3_step(stmt) == SQLITE_DONE else { throw BenchError("insert failed") }
            }
            sqlite3_exec(db, "COMMIT", nil, nil, nil)
        }
        return MonotonicClock.seconds() - t
    }


    struct BenchError: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }
}
