import CSQLite
import GleanerModel

/// The fetcher's own store operations: the state a fetch job reads before it starts, ad-hoc feeds fetched
/// from the command line, and a confirmed move applied to the feed's row.
extension SQLiteStore {
    /// The stored state of every feed in one query, keyed by URL, for a fetch job about to start.
    ///
    /// `articleCount` is 0 in these records: counting each feed's articles is the feed listing's business, and
    /// with thousands of feeds one lookup (and one COUNT) per feed was a measurable part of an unchanged run.
    public func fetchStates() throws -> [String: FeedRecord] {
        let s = try cached(SQLiteStore.fetchStateSelect)
        defer { s.reset() }
        var out: [String: FeedRecord] = [:]
        while try s.step() {
            let record = SQLiteStore.feedRecord(s)
            out[record.url] = record
        }
        return out
    }

    /// The stored state of just these feeds (an index lookup each): a daemon batch of a few dozen feeds must
    /// not read every feed's row, or a pass over n feeds costs n² row reads.
    public func fetchStates(urls: [String]) throws -> [String: FeedRecord] {
        let s = try cached(SQLiteStore.fetchStateSelect + " WHERE f.url = ?1")
        defer { s.reset() }
        var out: [String: FeedRecord] = [:]
        for url in urls where out[url] == nil {
            s.reset()
            try s.bind(1, url)
            if try s.step() { out[url] = SQLiteStore.feedRecord(s) }
        }
        return out
    }

    /// `feedSelect` with every per-feed count subquery made a constant 0; the column layout stays `feedRecord`'s.
    private static let fetchStateSelect =
        feedSelect.replacing(#/\(SELECT COUNT\(\*\) FROM articles [^()]*\)/#, with: "0")

    /// Adds a feed that is not in the configuration (`gleaner fetch URL`), unless the store knows it already.
    /// It is not marked configured, so `feeds()` and the daemon leave it alone until feeds.conf lists it.
    public func ensureFeed(url: String) throws {
        try requireWritable("add a feed")
        let s = try cached("""
            INSERT INTO feeds (url, configured, ordinal) VALUES (?1, 0, (SELECT COALESCE(MAX(ordinal), 0) + 1 FROM feeds))
            ON CONFLICT (url) DO NOTHING
            """)
        defer { s.reset() }
        try s.bind(1, url)
        try s.step()
    }

    /// Gives a feed's row a new URL, keeping its articles, sequence numbers and state; its move is settled
    /// (`moved_to` cleared) and the validators, which belonged to the old address's responses, are kept (the
    /// new address served them last). Returns false, changing nothing, when another feed already has the new
    /// URL or no feed has the old one.
    @discardableResult
    public func renameFeed(from old: String, to new: String) throws -> Bool {
        try requireWritable("rename a feed")
        return try writeTransaction {
            let check = try cached("SELECT 1 FROM feeds WHERE url = ?1")
            defer { check.reset() }
            try check.bind(1, new)
            if try check.step() { return false }
            check.reset()
            let s = try cached("""
                UPDATE feeds SET url = ?2, moved_to = NULL, move_confirmations = 0, effective_url = NULL
                WHERE url = ?1
                """)
            defer { s.reset() }
            try s.bind(1, old)
            try s.bind(2, new)
            try s.step()
            return sqlite3_changes(connection.handle) > 0
        }
    }
}
