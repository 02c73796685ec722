import Foundation
@testable import GleanerStorePostgres

/// A fresh schema in the test cluster named by `GLEANER_TEST_POSTGRES` (`.ci/run` and
/// `scripts/pg-test-cluster.sh` start one), dropped when released. Each test gets its own, so tests run in
/// parallel without seeing each other's rows.
///
/// (`@testable`: the scratch schema is made and dropped over a bare connection, which is not public API.)
public final class PostgresTestDatabase {
    /// The cluster's URI, or nil: PostgreSQL tests are then skipped (a plain `swift test` on a clone passes).
    public static let baseURI: String? = {
        let value = ProcessInfo.processInfo.environment["GLEANER_TEST_POSTGRES"] ?? ""
        return value.isEmpty ? nil : value
    }()
    public static let isConfigured = baseURI != nil

    public let schema: String
    /// The cluster's URI with this schema as the search path: what `store =` or `--store` takes.
    public let uri: String
    private let admin: PGConnection

    public init() throws {
        guard let base = PostgresTestDatabase.baseURI else { throw PostgresError.invalidTarget(message: "not configured") }
        schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        admin = try PGConnection(target: try PostgresTarget(base))
        try admin.execute("CREATE SCHEMA \(schema)")
        uri = base + (base.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(schema)"
    }

    public var target: PostgresTarget { get throws { try PostgresTarget(uri) } }

    deinit {
        try? admin.execute("DROP SCHEMA \(schema) CASCADE")
    }
}
