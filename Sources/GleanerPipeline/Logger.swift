#if canImport(Glibc)
import Glibc
#endif
import GleanerModel

/// One line per event on standard error, with stable keys: `2026-11-29T08:20:00Z info fetched feed="BBC" new=3`.
///
/// Under systemd (`$JOURNAL_STREAM` set) journald stamps the time itself, so the line starts with the
/// syslog priority prefix (`<6>`) that journald turns into the entry's level instead. Each line is written with
/// one `write(2)`, so lines from different threads never interleave.
public final class Logger: Sendable {
    public enum Level: Int, Sendable, Comparable, CaseIterable {
        case debug, info, warning, error

        public init?(name: String) {
            switch name.lowercased() {
            case "debug": self = .debug
            case "info": self = .info
            case "warning", "warn": self = .warning
            case "error": self = .error
            default: return nil
            }
        }

        var name: String { ["debug", "info", "warning", "error"][rawValue] }
        /// sd-daemon(3) priorities: debug 7, info 6, warning 4, error 3.
        var syslogPriority: Int { [7, 6, 4, 3][rawValue] }

        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
    }

    public let minimum: Level
    private let journal: Bool
    private let fd: Int32

    public init(minimum: Level = .info, fd: Int32 = 2,
                journal: Bool = getenv("JOURNAL_STREAM") != nil) {
        self.minimum = minimum
        self.fd = fd
        self.journal = journal
    }

    public func debug(_ event: String, _ fields: KeyValuePairs<String, String?> = [:]) { log(.debug, event, fields) }
    public func info(_ event: String, _ fields: KeyValuePairs<String, String?> = [:]) { log(.info, event, fields) }
    public func warning(_ event: String, _ fields: KeyValuePairs<String, String?> = [:]) { log(.warning, event, fields) }
    public func error(_ event: String, _ fields: KeyValuePairs<String, String?> = [:]) { log(.error, event, fields) }

    public func log(_ level: Level, _ event: String, _ fields: KeyValuePairs<String, String?>) {
        guard level >= minimum else { return }
        var line = journal ? "<\(level.syslogPriority)>" : Timestamp.now().rfc3339 + " "
        line += level.name + " " + event
        for (key, value) in fields {
            guard let value else { continue }
            // Values quote URLs (feed URLs, curl's messages): none leaves with its user info.
            line += " " + key + "=" + Logger.quoted(URLUserInfo.stripped(value))
        }
        line += "\n"
        var bytes = Array(line.utf8)
        bytes.withUnsafeMutableBytes { raw in
            _ = write(fd, raw.baseAddress, raw.count)
        }
    }

    /// Bare when the value is a simple token; otherwise in double quotes with `"`, `\` and line breaks escaped,
    /// so that a title can never forge a second log line or a key, and every character `TerminalText.safe`
    /// would change (other controls, DEL, C1, bidi controls, line separators) as `\xNN` or `\u{NNNN}`, so the
    /// journal keeps what was there without a raw control reaching whoever reads it.
    static func quoted(_ value: String) -> String {
        let simple = !value.isEmpty && value.utf8.allSatisfy { b in
            b > 0x20 && b != UInt8(ascii: "\"") && b != UInt8(ascii: "\\") && b != UInt8(ascii: "=") && b < 0x7F
        }
        if simple { return value }
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\x" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
                } else if TerminalText.needsChange(scalar) {
                    out += "\\u{" + String(scalar.value, radix: 16) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
