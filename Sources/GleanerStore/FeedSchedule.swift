import GleanerModel

/// What the daemon's scheduler needs of a feed's row: when it is due, whether it was attempted since, and
/// whether it is disabled (and under which feeds.conf line).
public struct FeedSchedule: Sendable, Equatable {
    public var url: String
    public var nextDue: Timestamp?
    public var nextDueReason: String?
    public var lastAttempt: Timestamp?
    public var disabled: FeedDisabled?

    public init(url: String, nextDue: Timestamp?, nextDueReason: String?, lastAttempt: Timestamp?,
                disabled: FeedDisabled?) {
        self.url = url
        self.nextDue = nextDue
        self.nextDueReason = nextDueReason
        self.lastAttempt = lastAttempt
        self.disabled = disabled
    }
}
