import CLibPQ
import GleanerModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Owns one `PGconn*`, finished in `deinit`. Not thread-safe by design, like the SQLite store's connection:
/// use it from one thread or serial queue.
///
/// Every statement with parameters is prepared once per session (`PQprepare`, keyed by its SQL) and run with
/// text parameters; every result's status is checked and the result is cleared by its owner (`PGResult`).
/// A broken connection (a server restart, a network cut) is reset with backoff at the start of the next
/// operation; a transaction it broke is run again from the start (`transaction`).
final class PGConnection {
    private let handle: OpaquePointer
    let target: PostgresTarget
    /// Prepared statements of this session, by SQL. A reset session has none.
    private var prepared: [String: String] = [:]
    private var inTransaction = false
    /// The pauses between reconnection attempts, seconds: about 15 s in all before an operation gives up (the
    /// daemon's next batch tries again).
    var reconnectDelays: [Double] = [0.1, 0.25, 0.5, 1, 2, 4, 8]
    /// How many times the connection was re-established (for the daemon's status and the tests).
    private(set) var reconnections = 0

    init(target: PostgresTarget) throws {
        self.target = target
        // Keyword arrays: the URI expands into its parts (`expand_dbname`), and a password read from a file
        // is given apart from it, so it never has to be written into a string that could be printed.
        var keys = ["dbname", "client_encoding", "fallback_application_name"]
        var values = [target.conninfo, "UTF8", "gleaner"]
        if let password = target.password {
            keys.append("password")
            values.append(password)
        }
        let conn = PGConnection.withCStrings(keys) { k in
            PGConnection.withCStrings(values) { v in PQconnectdbParams(k, v, 1) }
        }
        guard let conn else { throw PostgresError.cannotConnect(target: target.display, message: "out of memory") }
        handle = conn
        // libpq prints server notices ("relation … already exists, skipping") to stderr by default.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
        guard PQstatus(handle) == CONNECTION_OK else {
            throw PostgresError.cannotConnect(target: target.display, message: currentMessage)
        }
    }

    deinit {
        PQfinish(handle)
    }

    var currentMessage: String {
        URLUserInfo.stripped(PostgresTarget.trimmed(PQerrorMessage(handle).map { String(cString: $0) } ?? ""))
    }

    var isConnected: Bool { PQstatus(handle) == CONNECTION_OK }

    /// The server's backend process id: a new one after a reconnection.
    var backendPID: Int32 { PQbackendPID(handle) }

    /// The socket, for waiting on notifications (`LISTEN`).
    var socket: Int32 { PQsocket(handle) }

    // MARK: Statements

    /// Runs one or more statements without parameters (migrations, BEGIN/COMMIT, LISTEN).
    func execute(_ sql: String) throws {
        if !inTransaction { try ensureConnected() }
        _ = try check(PQexec(handle, sql), sql: sql)
    }

    /// Runs one statement with parameters (`$1`, `$2`, …) and returns its rows. Outside a transaction, a
    /// statement the connection broke under is run once more after reconnecting.
    @discardableResult
    func query(_ sql: String, _ parameters: [any PGValue] = []) throws -> PGResult {
        if inTransaction { return try run(sql, parameters) }
        try ensureConnected()
        do {
            return try run(sql, parameters)
        } catch PostgresError.connectionLost {
            try ensureConnected()
            return try run(sql, parameters)
        }
    }

    private func run(_ sql: String, _ parameters: [any PGValue]) throws -> PGResult {
        let name: String
        if let known = prepared[sql] {
            name = known
        } else {
            name = "g\(prepared.count)"
            _ = try check(PQprepare(handle, name, sql, Int32(parameters.count), nil), sql: sql)
            prepared[sql] = name
        }
        let texts = parameters.map(\.pgText)
        let raw = PGConnection.withOptionalCStrings(texts) { values in
            PQexecPrepared(handle, name, Int32(texts.count), values, nil, nil, 0)
        }
        return try check(raw, sql: sql)
    }

    /// Runs `body` in one transaction, committed when it returns and rolled back when it throws. A transaction
    /// that failed on a lost connection, a deadlock or a serialization failure is run again (twice at most):
    /// `body` must be safe to repeat, which the store's writes are (uniqueness is the database's, so a
    /// repeated insert finds the row it made).
    func transaction<T>(_ body: () throws -> T) throws -> T {
        precondition(!inTransaction, "PostgreSQL transactions do not nest")
        var attempt = 0
        while true {
            try ensureConnected()
            do {
                _ = try check(PQexec(handle, "BEGIN"), sql: "BEGIN")
                inTransaction = true
                defer { inTransaction = false }
                let value = try body()
                _ = try check(PQexec(handle, "COMMIT"), sql: "COMMIT")
                return value
            } catch {
                if isConnected && PQtransactionStatus(handle) != PQTRANS_IDLE {
                    _ = try? check(PQexec(handle, "ROLLBACK"), sql: "ROLLBACK")
                }
                if let e = error as? PostgresError, e.isRetryable, attempt < 2 {
                    attempt += 1
                    continue
                }
                throw error
            }
        }
    }

    // MARK: Notifications

    /// Waits up to `timeout` seconds for a notification whose payload is `payload` on a channel this session
    /// listens to (`LISTEN`), and drains them all; others (another schema's, on the same channel) are dropped
    /// and the wait goes on. True when one came.
    func waitForNotification(timeout: Double, payload: String) throws -> Bool {
        try ensureConnected()
        if drainNotifications(payload: payload) { return true }
        let deadline = MonotonicClock.seconds() + max(0, min(timeout, 3600))
        while true {
            let left = deadline - MonotonicClock.seconds()
            guard left > 0 else { return false }
            var fds = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let ready = poll(&fds, 1, Int32((left * 1000).rounded(.up)))
            guard ready > 0 else { return false }
            if PQconsumeInput(handle) == 0 {
                throw PostgresError.connectionLost(target: target.display, message: currentMessage)
            }
            if drainNotifications(payload: payload) { return true }
        }
    }

    private func drainNotifications(payload: String) -> Bool {
        var matched = false
        while let notice = PQnotifies(handle) {
            if let extra = notice.pointee.extra, String(cString: extra) == payload { matched = true }
            PQfreemem(notice)
        }
        return matched
    }

    // MARK: Connection loss

    /// Re-establishes a broken connection, pausing `reconnectDelays` between attempts.
    func ensureConnected() throws {
        if isConnected { return }
        prepared.removeAll()
        for delay in [0.0] + reconnectDelays {
            if delay > 0 { usleep(useconds_t(delay * 1_000_000)) }
            PQreset(handle)
            if isConnected {
                reconnections += 1
                return
            }
        }
        throw PostgresError.cannotConnect(target: target.display, message: currentMessage)
    }

    // MARK: Results

    /// Takes ownership of `raw` and checks its status.
    private func check(_ raw: OpaquePointer?, sql: String) throws -> PGResult {
        guard let raw else {
            if !isConnected { throw PostgresError.connectionLost(target: target.display, message: currentMessage) }
            throw PostgresError.server(target: target.display, sqlstate: "", message: currentMessage, sql: sql)
        }
        let result = PGResult(raw)
        switch PQresultStatus(raw) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return result
        default:
            if !isConnected { throw PostgresError.connectionLost(target: target.display, message: currentMessage) }
            let state = PQresultErrorField(raw, Int32(UInt8(ascii: "C"))).map { String(cString: $0) } ?? ""
            let primary = PQresultErrorField(raw, Int32(UInt8(ascii: "M"))).map { String(cString: $0) }
            let message = primary ?? PostgresTarget.trimmed(String(cString: PQresultErrorMessage(raw)))
            // 57P01 and friends: the server is shutting down; the session is gone even if the socket is not yet.
            if state.hasPrefix("57P") || state.hasPrefix("08") {
                throw PostgresError.connectionLost(target: target.display, message: message)
            }
            throw PostgresError.server(target: target.display, sqlstate: state, message: message, sql: sql)
        }
    }

    // MARK: C strings

    private static func withCStrings<R>(_ strings: [String], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
        withOptionalCStrings(strings) { pointers in body(pointers + [nil]) }
    }

    /// NUL-terminated copies of `strings` in one buffer, for the duration of `body`; nil stays a null pointer.
    private static func withOptionalCStrings<R>(_ strings: [String?], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
        var storage: [CChar] = []
        var offsets: [Int?] = []
        offsets.reserveCapacity(strings.count)
        for s in strings {
            guard let s else {
                offsets.append(nil)
                continue
            }
            offsets.append(storage.count)
            storage.append(contentsOf: s.utf8.map { CChar(bitPattern: $0) })
            storage.append(0)
        }
        return storage.withUnsafeBufferPointer { buffer in
            body(offsets.map { offset in offset.map { UnsafePointer(buffer.baseAddress! + $0) } })
        }
    }
}
