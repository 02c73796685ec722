import CLibPQ
import GleanerModel

/// Which PostgreSQL database to use: a libpq connection URI (`postgresql://host:port/db?…`) or key/value
/// string, and the password kept apart from it (read from `store-password-file`; `PGPASSFILE` and
/// `~/.pgpass` work as libpq documents them when none is given).
///
/// The password is never part of `display` or `description`: messages and logs name the database by host,
/// port and database name only.
public struct PostgresTarget: Sendable, Hashable, CustomStringConvertible {
    /// The connection string as configured (it may itself carry a password: it is never printed).
    let conninfo: String
    let password: String?
    /// `postgresql://host:port/dbname`, from libpq's own parse of `conninfo`.
    public let display: String

    /// Parses `conninfo` with libpq (so what is accepted here is exactly what libpq connects with).
    public init(_ conninfo: String, password: String? = nil) throws(PostgresError) {
        var errmsg: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(conninfo, &errmsg) else {
            let message = errmsg.map { String(cString: $0) } ?? "out of memory"
            PQfreemem(errmsg)
            // libpq's message may quote the string it could not parse; strip any user info from it.
            throw .invalidTarget(message: URLUserInfo.stripped(PostgresTarget.trimmed(message)))
        }
        defer { PQconninfoFree(options) }
        var values: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { values[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        self.conninfo = conninfo
        self.password = password
        let host = values["host"] ?? values["hostaddr"] ?? "localhost"
        let port = values["port"].map { ":" + $0 } ?? ""
        let database = values["dbname"] ?? values["user"] ?? ""
        // A host that is a socket directory reads as a path; the display stays one line either way.
        display = TerminalText.safe("postgresql://\(host)\(port)/\(database)")
    }

    /// Whether a `store =` value names PostgreSQL rather than an SQLite file.
    public static func isPostgres(_ store: String) -> Bool {
        store.hasPrefix("postgresql://") || store.hasPrefix("postgres://")
    }

    public var description: String { display }

    static func trimmed(_ message: String) -> String {
        var s = Substring(message)
        while let last = s.last, last == "\n" || last == " " { s = s.dropLast() }
        return String(s)
    }
}
