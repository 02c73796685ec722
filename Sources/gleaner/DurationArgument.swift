import ArgumentParser
import GleanerConfig

/// A duration on the command line (`--interval`), read by feeds.conf's rules (`Config.duration`: `90s`, `15m`,
/// `1h30m`, `2d`, `1w`; more than zero, at most ten years), so that a value the command accepts is one the file
/// accepts.
struct DurationArgument: ExpressibleByArgument, Sendable, Equatable {
    /// As typed: what is written into feeds.conf.
    let text: String
    let seconds: Int

    /// Throws the parser's reason; options read it through `transform:` so that ArgumentParser shows it.
    init(parsing text: String) throws(CommandError) {
        do { seconds = try Config.duration(text) } catch { throw .badDuration(reason: error.message) }
        self.text = text
    }

    init?(argument: String) { try? self.init(parsing: argument) }

    var defaultValueDescription: String { text }
}
