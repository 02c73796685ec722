import CSQLite
import GleanerModel
import GleanerStore
import GleanerTestSupport
import Testing

/// SQLite only: a store of schema 7, whose disabled feeds kept their reason and line fingerprint packed into
/// `disabled_reason` (U+001F between them), upgraded to the disabled columns.
@Suite struct DisabledUpgradeTests {
    /// Takes a current file back to schema 7: no full-text columns (9), and the feeds table with the disabled
    /// flag column and no disabled columns (8). (Other downgrade tests start from here.)
    static let backToSchema7 = """
        DROP INDEX articles_fulltext_due;
        ALTER TABLE articles DROP COLUMN fulltext_state;
        ALTER TABLE articles DROP COLUMN fulltext_reason;
        ALTER TABLE articles DROP COLUMN fulltext_text;
        ALTER TABLE articles DROP COLUMN fulltext_html;
        ALTER TABLE articles DROP COLUMN fulltext_at;
        ALTER TABLE articles DROP COLUMN fulltext_error;
        ALTER TABLE articles DROP COLUMN fulltext_attempts;
        ALTER TABLE articles DROP COLUMN fulltext_next;
        ALTER TABLE feeds ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE feeds DROP COLUMN disabled_kind;
        ALTER TABLE feeds DROP COLUMN disabled_fingerprint;
        ALTER TABLE feeds DROP COLUMN disabled_at;
        PRAGMA user_version = 7;
        """

    static let feedC = "https://c.example/gone.xml"
    static let feedD = "https://d.example/odd.xml"

    @Test func packedValuesAreSplitIntoColumnsLosslessly() throws {
        let f = try StoreFixture(.sqlite)
        try f.store.syncFeeds([
            (url: StoreFixture.feedA, name: "A", tags: []), (url: StoreFixture.feedB, name: nil, tags: []),
            (url: Self.feedC, name: nil, tags: []), (url: Self.feedD, name: nil, tags: []),
        ])
        try f.sqlite.execute(Self.backToSchema7)
        // As schema 7 wrote them: a 410 with its line's fingerprint, a feed that stopped the process twice, a
        // reason with a separator inside the fingerprint part kept whole, and a disabled row without a reason.
        try f.sqlite.execute("""
            UPDATE feeds SET disabled = 1, disabled_reason = 'HTTP 410 Gone' || char(31) || 'cf10765eeedffcfe'
                WHERE url = '\(StoreFixture.feedA)';
            UPDATE feeds SET disabled = 1, disabled_reason = 'stopped the process twice while being fetched', stops = 2
                WHERE url = '\(StoreFixture.feedB)';
            UPDATE feeds SET disabled = 1, disabled_reason = 'Gone é' || char(31) || 'ab' || char(31) || 'cd'
                WHERE url = '\(Self.feedC)';
            UPDATE feeds SET disabled = 1, disabled_reason = NULL WHERE url = '\(Self.feedD)';
            """)
        let upgraded = try SQLiteStore(path: f.sqlite.path)
        #expect(try upgraded.userVersion() == SQLiteStore.schemaVersion)
        #expect(try upgraded.integrityCheck() == ["ok"])

        let a = try #require(try upgraded.feed(url: StoreFixture.feedA))
        #expect(a.disabled == FeedDisabled(kind: .gone, reason: "HTTP 410 Gone", fingerprint: "legacy:cf10765eeedffcfe"))
        let b = try #require(try upgraded.feed(url: StoreFixture.feedB))
        #expect(b.disabled == .init(kind: .quarantined, reason: StopVerdict.disabledReason) && b.stops == 2)
        let c = try #require(try upgraded.feed(url: Self.feedC))
        #expect(c.disabled == FeedDisabled(kind: .gone, reason: "Gone é", fingerprint: "legacy:ab\u{1F}cd"))
        let d = try #require(try upgraded.feed(url: Self.feedD))
        #expect(d.disabled == FeedDisabled(kind: .gone, reason: "disabled"))
        #expect(try upgraded.schedules().filter { $0.disabled != nil }.count == 4)
        #expect(try upgraded.scheduleSummary(now: Timestamp(seconds: 0)).due == 0)

        // The packed text is what the columns hold back together (nothing lost), read with plain SQL.
        #expect(try rawStrings(f.sqlite.path, """
            SELECT disabled_reason || COALESCE(char(31) || substr(disabled_fingerprint, 8), '') FROM feeds
            WHERE url = '\(StoreFixture.feedA)'
            """) == ["HTTP 410 Gone\u{1F}cf10765eeedffcfe"])

        // The line the feed was disabled under, by the schema-7 rule: unchanged keeps it disabled.
        let line = LineFingerprint(current: "779d09b49996f61a", legacy: "cf10765eeedffcfe")
        #expect(a.disabled?.lineChanged(line) == false)
        #expect(a.disabled?.lineChanged(LineFingerprint(current: "779d09b49996f61a", legacy: "0")) == true)
        #expect(b.disabled?.lineChanged(line) == false)  // no fingerprint: only `gleaner fetch NAME`
    }
}

/// The first column of every row of `sql`, read with plain SQLite, independently of the store.
private func rawStrings(_ path: String, _ sql: String) throws -> [String?] {
    var db: OpaquePointer?
    defer { sqlite3_close_v2(db) }
    try #require(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, nil) == SQLITE_OK)
    var stmt: OpaquePointer?
    defer { sqlite3_finalize(stmt) }
    try #require(sqlite3_prepare_v2(db, sql, -1, &stmt, nil) == SQLITE_OK)
    var out: [String?] = []
    while sqlite3_step(stmt) == SQLITE_ROW { out.append(sqlite3_column_text(stmt, 0).map { String(cString: $0) }) }
    return out
}
