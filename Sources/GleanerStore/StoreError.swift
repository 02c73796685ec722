import CSQLite

/// Everything that can go wrong in the store, with enough context to act on it from a log line alone.
///
/// Expected outcomes (an article already stored, a consumer with no cursor yet) are values, not errors.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The folder that should hold the database could not be created.
    case cannotCreateDirectory(path: String, message: String)
    /// `sqlite3_open_v2` or the connection set-up (pragmas) failed.
    case cannotOpen(path: String, code: Int32, message: String)
    /// A statement failed to prepare, bind or step. `code` is SQLite's extended result code.
    case sqlite(path: String, sql: String, code: Int32, message: String)
    /// The file was written by a newer Gleaner: refuse rather than guess at its schema.
    case newerSchema(path: String, found: Int, supported: Int)
    /// A read-only open found a database that has not been migrated to this version (or is empty).
    case outdatedSchema(path: String, found: Int, required: Int)
    /// A write was attempted on a store opened with `readOnly: true`.
    case readOnly(path: String, operation: String)
    /// `record(feedURL:…)` named a feed that `syncFeeds` never inserted.
    case unknownFeed(path: String, url: String)

    /// SQLite's extended result code, when the error came from SQLite.
    public var sqliteCode: Int32? {
        switch self {
        case .cannotOpen(_, let code, _), .sqlite(_, _, let code, _): return code
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .cannotCreateDirectory(let path, let message):
            return "store \(path): cannot create its directory: \(message)"
        case .cannotOpen(let path, let code, let message):
            return "store \(path): cannot open: \(message) (\(StoreError.codeName(code)))"
        case .sqlite(let path, let sql, let code, let message):
            return "store \(path): \(message) (\(StoreError.codeName(code))) in: \(StoreError.abbreviate(sql))"
        case .newerSchema(let path, let found, let supported):
            return "store \(path): schema version \(found) is newer than this build supports (\(supported)); "
                + "upgrade Gleaner or use another database file"
        case .outdatedSchema(let path, let found, let required):
            return "store \(path): schema version \(found), this build needs \(required); "
                + "open it read-write once (e.g. run a fetch) to migrate it"
        case .readOnly(let path, let operation):
            return "store \(path): opened read-only, cannot \(operation)"
        case .unknownFeed(let path, let url):
            return "store \(path): feed \(url) is not in the database (syncFeeds must insert it first)"
        }
    }

    /// `SQLITE_CONSTRAINT_TRIGGER (1811)`-like text: `sqlite3_errstr` gives the generic words, the number
    /// keeps the extended code greppable.
    static func codeName(_ code: Int32) -> String {
        let text = sqlite3_errstr(code).map { String(cString: $0) } ?? "unknown"
        return "SQLite code \(code): \(text)"
    }

    /// SQL in messages on one line, and not a whole migration script.
    package static func abbreviate(_ sql: String) -> String {
        let oneLine = sql.split(whereSeparator: { $0 == "\n" || $0 == " " || $0 == "\t" }).joined(separator: " ")
        return oneLine.count > 160 ? String(oneLine.prefix(157)) + "..." : oneLine
    }
}
