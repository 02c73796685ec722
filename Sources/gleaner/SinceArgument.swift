import ArgumentParser
import GleanerConfig
import GleanerModel

/// `--since`: a duration back from now (feeds.conf's durations: `90m`, `2h`, `1d`, `1h30m`), or a time in UTC
/// (`YYYY-MM-DD[THH:MM[:SS]][Z]`). A duration is kept as one and turned into a time when the command runs.
enum SinceArgument: ExpressibleByArgument, Sendable, Equatable {
    case ago(seconds: Int)
    case time(Timestamp)

    /// Throws the reason; options read it through `transform:` so that ArgumentParser shows it.
    init(parsing text: String) throws(CommandError) {
        if let seconds = try? Config.duration(text) {
            self = .ago(seconds: seconds)
            return
        }
        // Only digits and duration units: meant as a duration, and the duration's own reason says what is wrong.
        if !text.isEmpty, text.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) || "smhdw".unicodeScalars.contains($0) }),
            text.unicodeScalars.contains(where: { !("0"..."9").contains($0) })
        {
            do { _ = try Config.duration(text) } catch { throw .badDuration(reason: error.message) }
        }
        let digits = text.split(whereSeparator: { !$0.isNumber }).map { Int($0) }
        guard digits.count >= 3, digits.count <= 6, digits.allSatisfy({ $0 != nil }) else { throw .badSince(text: text) }
        let n = digits.map { $0! }
        guard let time = Timestamp(year: n[0], month: n[1], day: n[2], hour: n.count > 3 ? n[3] : 0,
                                   minute: n.count > 4 ? n[4] : 0, second: n.count > 5 ? n[5] : 0)
        else { throw .badSince(text: text) }
        self = .time(time)
    }

    init?(argument: String) { try? self.init(parsing: argument) }

    /// The time it names, a duration counted back from `now`.
    func timestamp(now: Timestamp = .now()) -> Timestamp {
        switch self {
        case .ago(let seconds): return Timestamp(seconds: now.seconds - Int64(seconds))
        case .time(let time): return time
        }
    }
}
