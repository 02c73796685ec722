import GleanerModel

/// A feed found in progress by a process that is gone, and what was done about it.
public struct InterruptedFetch: Sendable, Hashable {
    public var url: String
    public var name: String?
    public var verdict: StopVerdict
    public var stops: Int

    public init(url: String, name: String?, verdict: StopVerdict, stops: Int) {
        self.url = url
        self.name = name
        self.verdict = verdict
        self.stops = stops
    }

    /// One line for the log.
    public var summary: String {
        switch verdict {
        case .fetchAlone(let others):
            "it was being fetched with \(others) other feed\(others == 1 ? "" : "s") when the process stopped; fetched alone next time"
        case .heldBack(let until):
            "it was the only feed being fetched when the process stopped; held back until \(until.rfc3339)"
        case .disabled:
            "disabled: \(StopVerdict.disabledReason); `gleaner fetch NAME` enables it again"
        }
    }
}
