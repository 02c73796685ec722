import CSQLite
import GleanerModel

/// Owns one `sqlite3_stmt*`, finalized in `deinit`.
///
/// Bind by 1-based index, `step()` until it returns false, read columns by 0-based index. `reset()` must
/// follow each use of a cached statement: an un-reset statement keeps its read transaction open, which in
/// WAL mode stops checkpoints from ever finishing.
final class Statement: StoreRow {
    let connection: Connection
    let handle: OpaquePointer
    let sql: String

    /// `SQLITE_TRANSIENT`: SQLite copies bound text before the call returns. The macro is not imported.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(connection: Connection, sql: String) throws {
        self.connection = connection
        self.sql = sql
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v2(connection.handle, sql, -1, &stmt, nil)
        guard rc == SQLITE_OK, let stmt else {
            sqlite3_finalize(stmt)
            throw connection.error(sql: sql, code: rc)
        }
        handle = stmt
    }

    deinit {
        sqlite3_finalize(handle)
    }

    // MARK: Binding

    func bind(_ index: Int32, _ value: Int64?) throws {
        guard let value else { return try bindNull(index) }
        try check(sqlite3_bind_int64(handle, index, value))
    }

    func bind(_ index: Int32, _ value: Int?) throws {
        try bind(index, value.map(Int64.init))
    }

    func bind(_ index: Int32, _ value: Double?) throws {
        guard let value else { return try bindNull(index) }
        try check(sqlite3_bind_double(handle, index, value))
    }

    func bind(_ index: Int32, _ value: Bool) throws {
        try check(sqlite3_bind_int64(handle, index, value ? 1 : 0))
    }

    func bind(_ index: Int32, _ value: Timestamp?) throws {
        try bind(index, value?.seconds)
    }

    /// Binds the exact UTF-8 bytes, interior NULs included; `withCString` never hands out a nil pointer, so
    /// an empty string stays an empty string rather than becoming NULL.
    func bind(_ index: Int32, _ value: String?) throws {
        guard let value else { return try bindNull(index) }
        let count = UInt64(value.utf8.count)
        let rc = value.withCString { sqlite3_bind_text64(handle, index, $0, count, Statement.transient, UInt8(SQLITE_UTF8)) }
        try check(rc)
    }

    func bindNull(_ index: Int32) throws {
        try check(sqlite3_bind_null(handle, index))
    }

    // MARK: Running

    /// True when a row is available, false when the statement is done.
    @discardableResult
    func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw connection.error(sql: sql, code: rc)
        }
    }

    /// Ready for the next use: rewinds and drops the old bindings.
    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    // MARK: Columns

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    func double(_ column: Int32) -> Double? { isNull(column) ? nil : sqlite3_column_double(handle, column) }

    /// The column's bytes decoded as UTF-8 (what was bound comes back byte for byte); nil for NULL.
    func string(_ column: Int32) -> String? {
        if isNull(column) { return nil }
        guard let text = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }

    private func check(_ rc: Int32) throws {
        if rc != SQLITE_OK { throw connection.error(sql: sql, code: rc) }
    }
}
