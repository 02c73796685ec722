import CSQLite
import GleanerStore
import GleanerTestSupport
import Testing

/// A pragma's value read with plain SQLite, independently of the store.
private func rawPragma(_ path: String, _ pragma: String) throws -> String {
    var db: OpaquePointer?
    defer { sqlite3_close_v2(db) }
    try #require(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, nil) == SQLITE_OK)
    var stmt: OpaquePointer?
    defer { sqlite3_finalize(stmt) }
    try #require(sqlite3_prepare_v2(db, "PRAGMA \(pragma)", -1, &stmt, nil) == SQLITE_OK)
    try #require(sqlite3_step(stmt) == SQLITE_ROW)
    return String(cString: try #require(sqlite3_column_text(stmt, 0)))
}

private func rawUserVersion(_ path: String) throws -> Int32 {
    try #require(Int32(try rawPragma(path, "user_version")))
}

/// SQLite only (its file, pragmas and migrations), except `readOnlyStoreRefusesWrites`.
@Suite struct SchemaTests {
    @Test func freshDatabaseIsAtTheCurrentVersionInWALMode() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("deep/er/gleaner.db").path   // parent directories are created
        do {
            let store = try SQLiteStore(path: path)
            #expect(try store.userVersion() == SQLiteStore.schemaVersion)
            #expect(store.path == path)
        }
        #expect(try rawUserVersion(path) == Int32(SQLiteStore.schemaVersion))
        #expect(try rawPragma(path, "journal_mode") == "wal")   // WAL is persistent: a property of the file
        #expect(SQLiteStore.schemaVersion >= 1)
    }

    @Test func reopeningKeepsTheData() throws {
        let f = try StoreFixture(.sqlite)
        let outcome = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(etag: "\"v1\""),
                                         articles: [article("1"), article("2")])
        #expect(outcome.new == 2)
        let again = try SQLiteStore(path: f.sqlite.path)
        #expect(try again.userVersion() == SQLiteStore.schemaVersion)
        #expect(try again.feed(url: StoreFixture.feedA)?.articleCount == 2)
        #expect(try again.feed(url: StoreFixture.feedA)?.etag == "\"v1\"")
        #expect(try again.headlines(HeadlineQuery()).count == 2)
    }

    @Test func aNewerSchemaIsRefusedClearly() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("gleaner.db").path
        do {
            let store = try SQLiteStore(path: path)
            try store.execute("PRAGMA user_version = \(SQLiteStore.schemaVersion + 5)")
        }
        for readOnly in [false, true] {
            let error = try #require(throws: StoreError.self) { try SQLiteStore(path: path, readOnly: readOnly) }
            #expect(error == .newerSchema(path: path, found: SQLiteStore.schemaVersion + 5, supported: SQLiteStore.schemaVersion))
            #expect(error.description.contains("newer than this build supports"))
            #expect(error.description.contains(path))
        }
        // Refusing did not touch the file.
        #expect(try rawUserVersion(path) == Int32(SQLiteStore.schemaVersion + 5))
    }

    @Test func readOnlyOpenOfAMissingOrUnmigratedFileFails() throws {
        let dir = try TemporaryDirectory()
        let missing = dir.file("nope/gleaner.db").path
        let openError = try #require(throws: StoreError.self) { try SQLiteStore(path: missing, readOnly: true) }
        #expect(openError.sqliteCode != nil)
        #expect(openError.description.contains(missing))

        // An empty SQLite file (version 0) is not migrated by a reader.
        let empty = dir.file("empty.db").path
        var db: OpaquePointer?
        #expect(sqlite3_open(empty, &db) == SQLITE_OK)
        #expect(sqlite3_exec(db, "CREATE TABLE t(x)", nil, nil, nil) == SQLITE_OK)
        sqlite3_close(db)
        let error = try #require(throws: StoreError.self) { try SQLiteStore(path: empty, readOnly: true) }
        #expect(error == .outdatedSchema(path: empty, found: 0, required: SQLiteStore.schemaVersion))
    }

    @Test(arguments: StoreBackend.all)
    func readOnlyStoreRefusesWrites(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        let reader = try f.reopen(readOnly: true)
        #expect(reader.isReadOnly)
        #expect(throws: StoreError.readOnly(path: f.location, operation: "record a fetch")) {
            try reader.record(feedURL: StoreFixture.feedA, fetch: success(), articles: [article("1")])
        }
        #expect(throws: StoreError.self) { try reader.markShown(consumer: "", upTo: 1) }
        #expect(throws: StoreError.self) { try reader.syncFeeds([]) }
    }

    @Test func sqliteErrorsCarryPathSQLAndMessage() throws {
        let f = try StoreFixture(.sqlite)
        let error = try #require(throws: StoreError.self) { try f.sqlite.execute("SELECT * FROM no_such_table") }
        guard case .sqlite(let path, let sql, let code, let message) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(path == f.sqlite.path)
        #expect(sql == "SELECT * FROM no_such_table")
        #expect(code == SQLITE_ERROR)
        #expect(message.contains("no such table"))
        #expect(error.description.contains("no such table: no_such_table"))
    }
}
