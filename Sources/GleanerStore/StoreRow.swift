import GleanerModel

/// One result row of either backend, read by column index (0-based), so that a row is turned into a record
/// (`Store.feedRecord`, `Store.feedSchedule`) in one place for both. Booleans read as 0 or 1.
package protocol StoreRow {
    func isNull(_ column: Int32) -> Bool
    func int64(_ column: Int32) -> Int64
    /// The column's text; nil for NULL.
    func string(_ column: Int32) -> String?
}

extension StoreRow {
    package func optionalInt64(_ column: Int32) -> Int64? { isNull(column) ? nil : int64(column) }

    package func optionalInt(_ column: Int32) -> Int? { optionalInt64(column).map { Int($0) } }

    package func timestamp(_ column: Int32) -> Timestamp? { optionalInt64(column).map { Timestamp(seconds: $0) } }
}
