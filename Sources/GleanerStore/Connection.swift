import CSQLite

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Owns one `sqlite3*`. Not thread-safe by design: the store is used from one thread (or serial queue).
///
/// Statements keep their connection alive (they hold a strong reference), so the handle is closed only
/// after the last statement has been finalized; `sqlite3_close_v2` would cope anyway.
final class Connection {
    let handle: OpaquePointer
    let path: String
    let readOnly: Bool

    init(path: String, readOnly: Bool) throws {
        self.path = path
        self.readOnly = readOnly
        var db: OpaquePointer?
        let flags = readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        let rc = sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_NOMUTEX, nil)
        guard rc == SQLITE_OK, let db else {
            // Even a failed open may allocate a handle that carries the message and must be closed.
            let message = db.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "out of memory"
            let code = db.map { sqlite3_extended_errcode($0) } ?? rc
            sqlite3_close_v2(db)
            throw StoreError.cannotOpen(path: path, code: code, message: message)
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements that return no rows of interest (DDL, pragmas, BEGIN/COMMIT).
    func execute(_ sql: String) throws {
        var errmsg: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errmsg)
        if rc != SQLITE_OK {
            let message = errmsg.map { String(cString: $0) } ?? currentMessage
            sqlite3_free(errmsg)
            throw StoreError.sqlite(path: path, sql: sql, code: sqlite3_extended_errcode(handle), message: message)
        }
    }

    func prepare(_ sql: String) throws -> Statement {
        try Statement(connection: self, sql: sql)
    }

    /// The first column of the first row, for pragmas and counts.
    func scalarInt64(_ sql: String) throws -> Int64? {
        let s = try prepare(sql)
        return try s.step() ? s.optionalInt64(0) : nil
    }

    func scalarText(_ sql: String) throws -> String? {
        let s = try prepare(sql)
        return try s.step() ? s.string(0) : nil
    }

    var currentMessage: String { String(cString: sqlite3_errmsg(handle)) }

    func error(sql: String, code: Int32) -> StoreError {
        // The connection's extended code is more precise than the primary code a call returned.
        let extended = sqlite3_extended_errcode(handle)
        let useExtended = extended & 0xff == code & 0xff
        return .sqlite(path: path, sql: sql, code: useExtended ? extended : code, message: currentMessage)
    }

    var isAutocommit: Bool { sqlite3_get_autocommit(handle) != 0 }
}
