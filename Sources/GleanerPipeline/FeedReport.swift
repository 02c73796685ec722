import GleanerFetch
import GleanerModel
import GleanerStore

/// What one fetch of one feed came to, for the command's per-feed line.
public struct FeedReport: Sendable {
    /// Each fetch ends in exactly one of these.
    public enum Outcome: Sendable, Equatable {
        /// A new document, parsed and stored (the counts say what was new).
        case stored(StoreOutcome)
        /// 304: the stored validators still match.
        case notModified
        /// 200 with the same body as the last one stored: nothing was written but the fetch itself.
        case unchanged
        /// 410 Gone: the feed is now disabled.
        case gone(String)
        /// 429/503 with a Retry-After: the whole host waits until then.
        case rateLimited(until: Timestamp, String)
        /// Not fetched: disabled, or its host asked to wait.
        case skipped(String)
        /// Any other error (`FeedReport.errorKind` says which class).
        case failed(String)
    }

    public var url: String
    public var name: String?
    public var outcome: Outcome
    /// Problems the parser recovered from (the articles it could read were stored).
    public var problems: [String]
    /// The error's class for a failure.
    public var errorKind: ErrorKind?
    public enum ErrorKind: Sendable, Equatable {
        /// The transfer failed (`http`, `timeout`, `tls`, …).
        case fetch(FetchError.Kind)
        /// A document arrived, but no feed in it (an HTML page, a login wall).
        case notAFeed
        /// The result could not be stored.
        case store
    }
    /// Articles left out by a cap (`max-items`, the daily limit), when some were.
    public var limited: String?
    /// A permanent redirect's target this fetch saw (or the confirmed one it used).
    public var movedTo: String?
    /// Feeds an HTML page answered instead of a feed announces (autodiscovery).
    public var discovered: [String] = []

    public init(url: String, name: String?, outcome: Outcome, problems: [String] = []) {
        self.url = url
        self.name = name
        self.outcome = outcome
        self.problems = problems
    }

    /// False for errors, 410 and rate limits; a skipped feed did not fail.
    public var succeeded: Bool {
        switch outcome {
        case .failed, .gone, .rateLimited: return false
        default: return true
        }
    }

    /// Why a feed was skipped that another daemon sharing the store is fetching (or has just fetched).
    public static let claimedElsewhere = "being fetched by another daemon"

    public var skipped: Bool {
        if case .skipped = outcome { return true }
        return false
    }

    /// The error text alone, for failures.
    var message: String? {
        switch outcome {
        case .failed(let m), .gone(let m), .rateLimited(_, let m): return m
        default: return nil
        }
    }

    /// `3 new, 1 updated`, `not modified`, `error: HTTP 404 Not Found`, `gone: HTTP 410 Gone (disabled)`.
    /// URLs in it never carry user info.
    public var summary: String {
        var text: String
        switch outcome {
        case .stored(let o):
            var parts = ["\(o.new) new"]
            if o.updated > 0 { parts.append("\(o.updated) updated") }
            if !problems.isEmpty { parts.append("malformed, recovered: \(problems[0])") }
            if let limited { parts.append(limited) }
            text = parts.joined(separator: ", ")
        case .notModified: text = "not modified"
        case .unchanged: text = "unchanged (same body)"
        case .gone(let message): text = "gone: \(message) (feed disabled)"
        case .rateLimited(let until, let message): text = "rate limited until \(until.rfc3339): \(message)"
        case .skipped(let why): text = "skipped: \(why)"
        case .failed(let message): text = "error: \(message)"
        }
        if let movedTo, succeeded { text += " (moved to \(URLUserInfo.stripped(movedTo)))" }
        return text
    }
}
