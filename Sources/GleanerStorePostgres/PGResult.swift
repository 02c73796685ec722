import CLibPQ
import GleanerModel
import GleanerStore

/// Owns one `PGresult*`, cleared in `deinit`. Values are read in libpq's text format.
final class PGResult {
    private let handle: OpaquePointer
    let rowCount: Int
    /// Rows a command changed (`PQcmdTuples`): UPDATE, DELETE, INSERT.
    let changes: Int

    init(_ handle: OpaquePointer) {
        self.handle = handle
        rowCount = Int(PQntuples(handle))
        changes = PQcmdTuples(handle).flatMap { Int(String(cString: $0)) } ?? 0
    }

    deinit {
        PQclear(handle)
    }

    func isNull(_ row: Int, _ column: Int) -> Bool { PQgetisnull(handle, Int32(row), Int32(column)) != 0 }

    /// The value's bytes decoded as UTF-8 (what was bound comes back byte for byte); nil for NULL.
    func string(_ row: Int, _ column: Int) -> String? {
        if isNull(row, column) { return nil }
        guard let value = PQgetvalue(handle, Int32(row), Int32(column)) else { return "" }
        let count = Int(PQgetlength(handle, Int32(row), Int32(column)))
        return value.withMemoryRebound(to: UInt8.self, capacity: count) {
            String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self)
        }
    }

    func optionalInt64(_ row: Int, _ column: Int) -> Int64? { string(row, column).flatMap { Int64($0) } }

    func int64(_ row: Int, _ column: Int) -> Int64 { optionalInt64(row, column) ?? 0 }

    func optionalInt(_ row: Int, _ column: Int) -> Int? { optionalInt64(row, column).map { Int(clamping: $0) } }

    func int(_ row: Int, _ column: Int) -> Int { Int(clamping: int64(row, column)) }

    /// `boolean` columns read "t"/"f".
    func bool(_ row: Int, _ column: Int) -> Bool { string(row, column) == "t" }

    func timestamp(_ row: Int, _ column: Int) -> Timestamp? { optionalInt64(row, column).map { Timestamp(seconds: $0) } }
}

/// One row of a result, read through the backends' shared row decoders (`StoreRow`).
struct PGRow: StoreRow {
    let result: PGResult
    let row: Int

    func isNull(_ column: Int32) -> Bool { result.isNull(row, Int(column)) }

    /// Integers; a `boolean` reads 1 or 0, as SQLite's integer flags do.
    func int64(_ column: Int32) -> Int64 {
        guard let text = result.string(row, Int(column)) else { return 0 }
        switch text {
        case "t": return 1
        case "f": return 0
        default: return Int64(text) ?? 0
        }
    }

    func string(_ column: Int32) -> String? { result.string(row, Int(column)) }
}

extension PGResult {
    var rows: [PGRow] { (0..<rowCount).map { PGRow(result: self, row: $0) } }
    var first: PGRow? { rowCount > 0 ? PGRow(result: self, row: 0) : nil }
}
