/// A problem with the configuration file, located to the line: `feeds.conf:12: unknown key "intervl" (did you mean "interval"?)`.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    /// 1-based; 0 when the problem is with the file as a whole (missing, unreadable).
    public var line: Int
    public var message: String

    public init(path: String, line: Int, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    public var description: String { line > 0 ? "\(path):\(line): \(message)" : "\(path): \(message)" }
}

/// Something the file asks for that Gleaner does differently (a value clamped to `min-interval` or
/// `max-interval`), located to the line: `feeds.conf:12: interval 1m is below min-interval 5m; 5m is used`.
/// The file still loads; the commands and the daemon show each warning when they read it.
public struct ConfigWarning: Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var message: String

    public var description: String { line > 0 ? "\(path):\(line): \(message)" : "\(path): \(message)" }
}
