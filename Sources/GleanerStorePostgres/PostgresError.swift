import GleanerStore

/// What can go wrong talking to PostgreSQL, with the server's own message and SQLSTATE.
///
/// `target` is the database as `PostgresTarget.display` names it: never the password, never the user name.
public enum PostgresError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The connection string does not parse (libpq's message says where).
    case invalidTarget(message: String)
    /// The server could not be reached or refused the connection (after the retries).
    case cannotConnect(target: String, message: String)
    /// The connection broke during a statement (a server restart, a network cut): the statement's
    /// transaction is rolled back by the server; the next operation reconnects.
    case connectionLost(target: String, message: String)
    /// The server rejected a statement. `sqlstate` is the five-character code (23505: unique violation).
    case server(target: String, sqlstate: String, message: String, sql: String)

    /// SQLSTATE classes a whole transaction is retried for: a serialization failure and a deadlock, both
    /// possible when several daemons write the same rows.
    var isRetryable: Bool {
        switch self {
        case .connectionLost: return true
        case .server(_, let state, _, _): return state == "40001" || state == "40P01"
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .invalidTarget(let message):
            return "store: invalid PostgreSQL connection string: \(message)"
        case .cannotConnect(let target, let message):
            return "store \(target): cannot connect: \(message)"
        case .connectionLost(let target, let message):
            return "store \(target): connection lost: \(message)"
        case .server(let target, let state, let message, let sql):
            return "store \(target): \(message) (SQLSTATE \(state)) in: \(StoreError.abbreviate(sql))"
        }
    }
}
