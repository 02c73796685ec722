import GleanerModel

/// What a start does with a feed that a process which is gone left marked as being processed.
public enum StopVerdict: Sendable, Hashable {
    /// Other feeds were in progress too: no telling which stopped the process. Fetched alone next time, so
    /// that a stop then is its own.
    case fetchAlone(others: Int)
    /// The only feed in progress when the process stopped: not fetched before `until` (`gleaner fetch NAME`
    /// may), then fetched alone.
    case heldBack(until: Timestamp)
    /// The only feed in progress at a second stop: disabled until `gleaner fetch NAME` succeeds.
    case disabled

    /// Seconds a feed that stopped the process once is held back.
    public static let holdBack: Int64 = 3600
    /// Stops while alone in progress that disable a feed.
    public static let stopsToDisable = 2
    /// `next_due_reason` and `disabled_reason` of suspected feeds.
    public static let heldReason = "held back: suspected of stopping the process"
    public static let disabledReason = "stopped the process twice while being fetched"

    /// The decision, and the feed's stop count after it. A pure function: see `StopSuspicionTests`.
    public static func decide(stopsBefore: Int, othersInProgress: Int, now: Timestamp) -> (verdict: StopVerdict, stops: Int) {
        if othersInProgress > 0 { return (.fetchAlone(others: othersInProgress), stopsBefore) }
        let stops = stopsBefore < Int.max ? stopsBefore + 1 : stopsBefore
        if stops >= stopsToDisable { return (.disabled, stops) }
        let (until, overflow) = now.seconds.addingReportingOverflow(holdBack)
        return (.heldBack(until: Timestamp(seconds: overflow ? Int64.max : until)), stops)
    }
}
