import ArgumentParser
import GleanerPipeline

/// `--log-level`: the daemon's log levels by name (`warn` is read as `warning`, as `Logger.Level(name:)` reads it).
enum LogLevel: String, CaseIterable, ExpressibleByArgument {
    case debug, info, warning, error

    init?(argument: String) {
        switch Logger.Level(name: argument) {
        case .debug?: self = .debug
        case .info?: self = .info
        case .warning?: self = .warning
        case .error?: self = .error
        case nil: return nil
        }
    }

    var level: Logger.Level {
        switch self {
        case .debug: return .debug
        case .info: return .info
        case .warning: return .warning
        case .error: return .error
        }
    }
}
