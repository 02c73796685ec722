import CSQLite
import GleanerModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The embedded `Store` backend: one SQLite file in WAL mode, so that readers (`gleaner headlines`, opened
/// with `readOnly: true`) never block the one writer (the daemon). One daemon per file: `gleaner run` holds
/// the lock file its opener names (`StoreOpener.daemonLockFile`).
///
/// Not thread-safe: use a store from one thread or serial queue; open another for another thread.
///
/// Beyond the protocol, for SQLite only: `path`, `execute` (raw SQL), `userVersion`, `schemaVersion` and
/// `integrityCheck` (`PRAGMA integrity_check`).
public final class SQLiteStore: Store {
    /// The schema version this build writes (`PRAGMA user_version`).
    public static let schemaVersion: Int = Migration.all.last!.version

    let connection: Connection
    /// Prepared statements for the hot paths, keyed by their SQL; each is reset after every use.
    private var statements: [String: Statement] = [:]

    public var path: String { connection.path }
    public var isReadOnly: Bool { connection.readOnly }
    public var location: String { connection.path }
    public var opener: StoreOpener { SQLiteStore.opener(path: connection.path) }

    /// Opens the file at `path`: a missing file counts as a store not yet created; the daemon's lock file is
    /// `path` resolved through symbolic links, plus `.lock`.
    public static func opener(path: String) -> StoreOpener {
        StoreOpener(location: path, daemonLockFile: path,
                    exists: { access(path, F_OK) == 0 },
                    open: { readOnly in try SQLiteStore(path: path, readOnly: readOnly) })
    }

    /// Opens (and, unless `readOnly`, creates and migrates) the database at `path`. The parent directories
    /// are created as needed. A database from a newer Gleaner is refused with `StoreError.newerSchema`.
    public init(path: String, readOnly: Bool = false) throws {
        if !readOnly {
            try SQLiteStore.createParentDirectories(of: path)
            try SQLiteStore.createPrivateFile(path)
        }
        connection = try Connection(path: path, readOnly: readOnly)
        try configure()
        try migrate()
    }

    /// Runs SQL directly: an escape hatch for maintenance and tests (triggers, pragmas). Not for regular use.
    public func execute(_ sql: String) throws {
        try connection.execute(sql)
    }

    /// `PRAGMA user_version` of the open file.
    public func userVersion() throws -> Int {
        Int(try connection.scalarInt64("PRAGMA user_version") ?? 0)
    }

    // MARK: Opening

    private func configure() throws {
        // busy_timeout first: even the journal-mode switch may wait for another connection.
        try connection.execute("PRAGMA busy_timeout = 5000")
        try connection.execute("PRAGMA foreign_keys = ON")
        // 8 MiB of page cache (the default is 2 MiB): the link index takes inserts all over, and with the
        // default cache every store re-read its pages through the kernel. 32 MiB bought no CPU in the fetch
        // benchmark but cost 25 MiB of peak memory with 5,000 feeds (bench/fetch); 8 MiB keeps it under 64 MiB.
        try connection.execute("PRAGMA cache_size = -8192")
        if !connection.readOnly {
            let mode = try connection.scalarText("PRAGMA journal_mode = WAL")?.lowercased()
            // An in-memory database answers "memory"; anything else means readers would block the writer.
            guard mode == "wal" || mode == "memory" else {
                throw StoreError.cannotOpen(path: path, code: SQLITE_ERROR,
                                            message: "cannot enable WAL journal mode (got \(mode ?? "nothing"))")
            }
            // NORMAL is durable across application crashes in WAL mode; only a power loss can drop the
            // last commits, which the next fetch restores.
            try connection.execute("PRAGMA synchronous = NORMAL")
        }
    }

    private func migrate() throws {
        let found = try userVersion()
        if found > SQLiteStore.schemaVersion {
            throw StoreError.newerSchema(path: path, found: found, supported: SQLiteStore.schemaVersion)
        }
        if found == SQLiteStore.schemaVersion { return }
        if connection.readOnly {
            throw StoreError.outdatedSchema(path: path, found: found, required: SQLiteStore.schemaVersion)
        }
        for migration in Migration.all where migration.version > found {
            // IMMEDIATE: take the write lock up front, so two processes opening a fresh file at once do not
            // both start migrating; the second waits (busy_timeout) and then sees the new version.
            try connection.execute("BEGIN IMMEDIATE")
            do {
                if try userVersion() < migration.version {
                    try connection.execute(migration.sql)
                    try connection.execute("PRAGMA user_version = \(migration.version)")
                }
                try connection.execute("COMMIT")
            } catch {
                try? connection.execute("ROLLBACK")
                throw error
            }
        }
    }

    /// Creates a missing store file as 0600 (it holds feed URLs with user names) before SQLite opens it:
    /// SQLite would create it 0644 less the umask, and gives the -wal and -shm files the main file's mode.
    /// An existing file is left alone (and never opened here: closing a second descriptor on a database
    /// would drop the POSIX locks another connection of this process holds on it).
    private static func createPrivateFile(_ path: String) throws {
        if path.isEmpty || path == ":memory:" || path.hasPrefix("file:") { return }
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        if fd >= 0 {
            close(fd)
        } else if errno != EEXIST {
            throw StoreError.cannotOpen(path: path, code: SQLITE_CANTOPEN, message: String(cString: strerror(errno)))
        }
    }

    private static func createParentDirectories(of path: String) throws {
        if path.isEmpty || path == ":memory:" || path.hasPrefix("file:") { return }
        var components = path.split(separator: "/", omittingEmptySubsequences: false).dropLast()
        if components.isEmpty { return }
        var current = ""
        if components.first == "" {
            current = "/"
            components = components.dropFirst()
        }
        for c in components where !c.isEmpty {
            current += (current.isEmpty || current.hasSuffix("/") ? "" : "/") + c
            // Private, like the files in it.
            if mkdir(current, 0o700) != 0 && errno != EEXIST {
                let message = String(cString: strerror(errno))
                throw StoreError.cannotCreateDirectory(path: current, message: message)
            }
        }
    }

    /// How many of a feed's articles were first stored at or after `since`: the daily growth cap's count.
    public func articlesFirstSeen(feedURL: String, since: Timestamp) throws -> Int {
        let s = try cached("""
            SELECT COUNT(*) FROM articles WHERE feed_id = (SELECT id FROM feeds WHERE url = ?1) AND fetched >= ?2
            """)
        defer { s.reset() }
        try s.bind(1, feedURL)
        try s.bind(2, since)
        return try s.step() ? Int(s.int64(0)) : 0
    }

    // MARK: Helpers for the other files

    /// The cached statement for `sql`, prepared on first use. Callers `defer { s.reset() }`.
    func cached(_ sql: String) throws -> Statement {
        if let s = statements[sql] { return s }
        let s = try connection.prepare(sql)
        statements[sql] = s
        return s
    }

    func requireWritable(_ operation: String) throws {
        if connection.readOnly { throw StoreError.readOnly(path: path, operation: operation) }
    }

    /// Runs `body` in one write transaction, rolled back when it throws.
    func writeTransaction<T>(_ body: () throws -> T) throws -> T {
        let begin = try cached("BEGIN IMMEDIATE")
        defer { begin.reset() }
        try begin.step()
        do {
            let value = try body()
            let commit = try cached("COMMIT")
            defer { commit.reset() }
            try commit.step()
            return value
        } catch {
            // A failed COMMIT (SQLITE_BUSY) leaves the transaction open; roll back in every case.
            if !connection.isAutocommit { try? connection.execute("ROLLBACK") }
            throw error
        }
    }
}
