import GleanerModel
import GleanerStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Gleaner's database on PostgreSQL, for several daemons (on one or more machines) sharing one feed list and
/// one article log. Same semantics as the SQLite store (`Store`): identity keys and key modes, updates in
/// place, tombstones, cross-feed duplicates, consumers, hooks, retention, hints and host state.
///
/// One connection (`PGConnection`), used from one thread or serial queue; open another store for another
/// thread. Uniqueness is the database's (constraints, `INSERT … ON CONFLICT`), so two daemons storing the same
/// article store it once.
public final class PostgresStore: Store {
    /// The schema version this build writes (`gleaner_schema.version`).
    public static let schemaVersion: Int = PostgresMigration.all.last!.version

    let connection: PGConnection
    public let isReadOnly: Bool
    /// The connection's session (its reconnection count) that ran `LISTEN` (`waitForChange`), if any.
    var listeningSince: Int?
    /// The schema whose commits wake `waitForChange` (the notifications' payload).
    var listeningSchema: String?
    /// Notified, with the schema as payload, in every transaction that stores new articles: `headlines
    /// --follow` wakes on it.
    static let articlesChannel = "gleaner_articles"
    /// The database as messages name it (no user, no password).
    public var location: String { connection.target.display }
    public var opener: StoreOpener { PostgresStore.opener(target: connection.target) }

    /// How to open connections to the database `target` names. No daemon lock file: several daemons share
    /// the database, and claims keep them apart.
    public static func opener(target: PostgresTarget) -> StoreOpener {
        StoreOpener(location: target.display, daemonLockFile: nil, exists: { true },
                    open: { readOnly in try PostgresStore(target: target, readOnly: readOnly) })
    }

    /// Advisory lock keys (database-wide): the schema migration, and the insertion of new articles (see
    /// `storeArticles`). Arbitrary constants, "gleaner" in ASCII plus a number.
    static let migrationLock: Int64 = 0x676c_6561_6e65_7201
    static let articleLock: Int64 = 0x676c_6561_6e65_7202

    /// Connects, and (unless `readOnly`) creates or migrates the schema. A database from a newer Gleaner is
    /// refused with `StoreError.newerSchema`; a read-only open of one not yet migrated with `outdatedSchema`.
    public init(target: PostgresTarget, readOnly: Bool = false) throws {
        connection = try PGConnection(target: target)
        isReadOnly = readOnly
        if readOnly {
            // Belt and braces: the server refuses writes on this session too.
            try connection.execute("SET default_transaction_read_only = on")
        }
        try migrate()
    }

    /// Runs SQL directly: an escape hatch for maintenance and tests. Not for regular use.
    public func execute(_ sql: String) throws {
        try connection.execute(sql)
    }

    /// The schema version of the database (0 for one never migrated).
    public func schemaVersionFound() throws -> Int {
        let exists = try connection.query("SELECT to_regclass('gleaner_schema') IS NOT NULL")
        guard exists.first?.int64(0) == 1 else { return 0 }
        return try connection.query("SELECT COALESCE(MAX(version), 0) FROM gleaner_schema").first.map { Int($0.int64(0)) } ?? 0
    }

    /// How many times the connection was re-established after a loss.
    public var reconnections: Int { connection.reconnections }

    private func migrate() throws {
        let found = try schemaVersionFound()
        if found > Self.schemaVersion {
            throw StoreError.newerSchema(path: location, found: found, supported: Self.schemaVersion)
        }
        if found == Self.schemaVersion { return }
        if isReadOnly { throw StoreError.outdatedSchema(path: location, found: found, required: Self.schemaVersion) }
        for migration in PostgresMigration.all where migration.version > found {
            try connection.transaction {
                // Daemons starting together on a fresh database: one migrates, the others wait here and then
                // find the version already recorded.
                try connection.query("SELECT pg_advisory_xact_lock($1::bigint)", [Self.migrationLock])
                try connection.execute("CREATE TABLE IF NOT EXISTS gleaner_schema (version integer NOT NULL)")
                let now = try connection.query("SELECT COALESCE(MAX(version), 0) FROM gleaner_schema").first?.int64(0) ?? 0
                guard now < migration.version else { return }
                try connection.execute(migration.sql)
                try connection.query("DELETE FROM gleaner_schema")
                try connection.query("INSERT INTO gleaner_schema (version) VALUES ($1::integer)", [migration.version])
            }
        }
    }

    func requireWritable(_ operation: String) throws {
        if isReadOnly { throw StoreError.readOnly(path: location, operation: operation) }
    }

    /// A `text[]` literal for one array parameter (`= ANY($1::text[])`): one statement for a whole batch.
    static func textArray(_ values: some Sequence<String>) -> String {
        var out = "{"
        var first = true
        for v in values {
            if !first { out += "," }
            first = false
            out += "\""
            for ch in v.unicodeScalars {
                if ch == "\"" || ch == "\\" { out += "\\" }
                out.unicodeScalars.append(ch)
            }
            out += "\""
        }
        return out + "}"
    }

    /// The database's clock in Unix seconds, for leases (SQL).
    static let serverNow = "EXTRACT(EPOCH FROM now())::bigint"

    /// This machine's name, recorded with each claim: a claim's pid is checked only on the machine that made it.
    static let hostName: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }()

    static func bigintArray(_ values: some Sequence<Int64>) -> String {
        "{" + values.map(String.init).joined(separator: ",") + "}"
    }
}
