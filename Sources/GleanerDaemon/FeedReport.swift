import GleanerStore

/// What one fetch of one feed came to, for the command's per-feed line.
public struct FeedReport: Sendable {
    public enum Outcome: Sendable, Equatable {
        case stored(StoreOutcome)
        case notModified
        case failed(String)
    }

    public var url: String
    public var name: String?
    public var outcome: Outcome
    /// Problems the parser recovered from (the articles it could read were stored).
    public var problems: [String]

    public var succeeded: Bool {
        if case .failed = outcome { return false }
        return true
    }

    /// `3 new, 1 updated`, `not modified`, `error: HTTP 404 Not Found`.
    public var summary: String {
        switch outcome {
        case .stored(let o):
            var parts = ["\(o.new) new"]
            if o.updated > 0 { parts.append("\(o.updated) updated") }
            if !problems.isEmpty { parts.append("malformed, recovered: \(problems[0])") }
            return parts.joined(separator: ", ")
        case .notModified: return "not modified"
        case .failed(let message): return "error: \(message)"
        }
    }
}
