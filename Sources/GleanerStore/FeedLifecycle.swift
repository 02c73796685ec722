import GleanerModel

/// Why the daemon does not fetch a feed, stored in its own columns (`disabled_kind`, `disabled_reason`,
/// `disabled_fingerprint`, `disabled_at`).
public struct FeedDisabled: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// 410 Gone: enabled again when its feeds.conf line changes (`fingerprint`) or by `gleaner fetch URL`.
        case gone
        /// It stopped the process twice while being fetched (`StopVerdict.disabled`): enabled again only by
        /// `gleaner fetch NAME`, since its line did not cause it.
        case quarantined
    }

    public var kind: Kind
    /// What people see: "HTTP 410 Gone", `StopVerdict.disabledReason`.
    public var reason: String
    /// The fingerprint of the feeds.conf line it was disabled under (`FeedConfig.fingerprint`); a value that
    /// starts with `legacyPrefix` is a schema-7 one (`FeedConfig.legacyFingerprint`). Nil: no line edit enables it.
    public var fingerprint: String?
    /// When it was disabled (nil for feeds disabled before this was recorded).
    public var at: Timestamp?

    /// Marks a fingerprint carried over from schema 7, computed by the old rule.
    public static let legacyPrefix = "legacy:"

    public init(kind: Kind, reason: String, fingerprint: String? = nil, at: Timestamp? = nil) {
        self.kind = kind
        self.reason = reason
        self.fingerprint = fingerprint
        self.at = at
    }

    /// 410 Gone under the line whose fingerprint is given.
    public static func gone(_ reason: String, fingerprint: String, at: Timestamp) -> FeedDisabled {
        FeedDisabled(kind: .gone, reason: reason, fingerprint: fingerprint, at: at)
    }

    /// A feed that stopped the process twice.
    public static func quarantined(at: Timestamp) -> FeedDisabled {
        FeedDisabled(kind: .quarantined, reason: StopVerdict.disabledReason, at: at)
    }

    /// Whether the line now configured differs from the one it was disabled under (`line`: its fingerprints by
    /// the current and the schema-7 rule). False without a stored fingerprint.
    public func lineChanged(_ line: LineFingerprint) -> Bool {
        guard let fingerprint else { return false }
        if fingerprint.hasPrefix(Self.legacyPrefix) {
            return fingerprint.dropFirst(Self.legacyPrefix.count) != line.legacy
        }
        return fingerprint != line.current
    }
}

extension FeedDisabled {
    /// The disabled columns of a row, at the indexes given (`disabled_kind` NULL: not disabled).
    init?(row s: Statement, kind: Int32, reason: Int32, fingerprint: Int32, at: Int32) {
        guard let kindText = s.string(kind) else { return nil }
        // Only the two kinds are stored (the column's CHECK); a reason missing from an old row reads as "disabled".
        self.init(kind: Kind(rawValue: kindText) ?? .gone, reason: s.string(reason) ?? "disabled",
                  fingerprint: s.string(fingerprint), at: s.timestamp(at))
    }
}

/// A feeds.conf line's fingerprints (`FeedConfig.fingerprint`, `FeedConfig.legacyFingerprint`).
public struct LineFingerprint: Sendable, Hashable {
    public var current: String
    public var legacy: String

    public init(current: String, legacy: String) {
        self.current = current
        self.legacy = legacy
    }
}

/// A feed's lifecycle: failures, a permanent move, suspicion of stopping the process, disabling. Every change
/// to it is decided by `FeedState.transition`, a pure function (see `FeedLifecycleTests`); the pipeline turns
/// what happened into a `FeedEvent` and writes the new state, the store keeps it in its columns.
public struct FeedState: Sendable, Hashable {
    /// A permanent redirect's target and the consecutive fetches that landed on it as a valid feed.
    public struct Move: Sendable, Hashable {
        public var target: String
        public var confirmations: Int

        public init(target: String, confirmations: Int) {
            self.target = target
            self.confirmations = confirmations
        }

        /// Confirmed: fetched at `target` from now on (and `gleaner feeds --apply-moves` may rewrite the line).
        public var confirmed: Bool { confirmations >= FeedState.moveConfirmationsNeeded }
    }

    /// The lifecycle in one word, as `gleaner feeds` leads with it.
    public enum Phase: Sendable, Hashable {
        case active
        case failing(Int)
        case moved(to: String)
        case disabled(FeedDisabled.Kind)
    }

    /// Consecutive fetches that must land on the same permanent redirect's target, as a valid feed, before it
    /// becomes the feed's address (a captive portal or a misconfigured server must not move a feed).
    public static let moveConfirmationsNeeded = 3

    public var failures = 0
    public var move: Move? = nil
    public var disabled: FeedDisabled? = nil
    /// Stops of the process while this feed alone was in progress, the time it is held back until, and whether
    /// it is fetched alone (`StopVerdict`).
    public var stops = 0
    public var heldUntil: Timestamp? = nil
    public var fetchAlone = false

    public init(failures: Int = 0, move: Move? = nil, disabled: FeedDisabled? = nil, stops: Int = 0,
                heldUntil: Timestamp? = nil, fetchAlone: Bool = false) {
        self.failures = failures
        self.move = move
        self.disabled = disabled
        self.stops = stops
        self.heldUntil = heldUntil
        self.fetchAlone = fetchAlone
    }

    public var phase: Phase {
        if let disabled { return .disabled(disabled.kind) }
        if failures > 0 { return .failing(failures) }
        if let move, move.confirmed { return .moved(to: move.target) }
        return .active
    }
}

extension FeedState {
    /// The stored state of a feed.
    public init(_ record: FeedRecord) {
        self.init(failures: record.consecutiveFailures,
                  move: record.movedTo.map { Move(target: $0, confirmations: record.moveConfirmations) },
                  disabled: record.disabled, stops: record.stops, heldUntil: record.heldUntil,
                  fetchAlone: record.fetchAlone)
    }
}

/// What happens to a feed, as the lifecycle sees it.
public enum FeedEvent: Sendable, Hashable {
    /// A fetch of the feed is due: `line` is its feeds.conf line now, `named` says it was asked for by name
    /// (`gleaner fetch URL`), which enables a disabled feed and overrides a hold.
    case due(line: LineFingerprint, named: Bool, now: Timestamp)
    /// A valid feed (200 or 304). `atConfiguredURL`: requested at the feeds.conf URL, not at a confirmed
    /// move's target; `permanentRedirect`: where a 301/308 led, when elsewhere than the URL requested.
    case fetched(atConfiguredURL: Bool, permanentRedirect: String?)
    /// An error, or a document that is not a feed.
    case failed(atConfiguredURL: Bool)
    /// 410 Gone, under the line given.
    case gone(reason: String, line: LineFingerprint, atConfiguredURL: Bool, at: Timestamp)
    /// Cut short by a stop of this process (SIGTERM, a reload): nothing is learned about the feed.
    case interrupted
    /// A process that is gone left the feed in progress, with `othersInProgress` other feeds.
    case processStopped(othersInProgress: Int, now: Timestamp)
}

/// What a transition asks the caller to do beyond keeping the new state.
public enum FeedEffect: Sendable, Hashable {
    /// Not fetched now; the text says why ("disabled (HTTP 410 Gone)").
    case skip(String)
    /// The feed was disabled and is enabled again: write it before fetching.
    case enable
    /// The feed is disabled from now on.
    case disable(FeedDisabled)
    /// The judgement on a feed a stopped process left in progress (logged, reported).
    case verdict(StopVerdict)
}

extension FeedState {
    /// The one decision of how a feed's lifecycle moves on an event.
    public static func transition(_ state: FeedState, _ event: FeedEvent) -> (FeedState, [FeedEffect]) {
        var s = state
        switch event {
        case .due(let line, let named, let now):
            var effects: [FeedEffect] = []
            if let disabled = s.disabled {
                guard !keepsDisabled(disabled, line: line, named: named) else {
                    return (s, [.skip("disabled (\(disabled.reason))")])
                }
                s.disabled = nil
                effects.append(.enable)
            }
            if let until = s.heldUntil, until > now, !named {
                effects.append(.skip("held back until \(until.rfc3339): suspected of stopping the process"))
            }
            return (s, effects)

        case .fetched(let atConfiguredURL, let redirect):
            s.failures = 0
            s.stops = 0
            s.heldUntil = nil
            s.fetchAlone = false
            if let target = redirect {
                // A new target, or the confirmed target moved again: count from one, from the configured URL.
                let again = atConfiguredURL && state.move?.target == target
                let count = again ? (state.move?.confirmations ?? 0) : 0
                s.move = Move(target: target, confirmations: count < Int.max ? count + 1 : count)
            } else if atConfiguredURL {
                // The feed answered at its own address (or through a temporary redirect): no move.
                s.move = nil
            }
            return (s, [])

        case .failed(let atConfiguredURL):
            s.countFailure(atConfiguredURL: atConfiguredURL)
            return (s, [])

        case .gone(let reason, let line, let atConfiguredURL, let at):
            s.countFailure(atConfiguredURL: atConfiguredURL)
            let disabled = FeedDisabled.gone(reason, fingerprint: line.current, at: at)
            s.disabled = disabled
            return (s, [.disable(disabled)])

        case .interrupted:
            return (s, [])

        case .processStopped(let others, let now):
            let (verdict, stops) = StopVerdict.decide(stopsBefore: s.stops, othersInProgress: others, now: now)
            var effects: [FeedEffect] = [.verdict(verdict)]
            switch verdict {
            case .fetchAlone:
                s.fetchAlone = true
            case .heldBack(let until):
                s.stops = stops
                s.heldUntil = until
            case .disabled:
                s.stops = stops
                s.heldUntil = nil
                let disabled = FeedDisabled.quarantined(at: now)
                s.disabled = disabled
                effects.append(.disable(disabled))
            }
            return (s, effects)
        }
    }

    /// Whether a disabled feed stays disabled when due under `line`: unless named (`gleaner fetch URL`) or its
    /// line was edited where it matters. The daemon asks it too, to leave such feeds out of its schedule.
    public static func keepsDisabled(_ disabled: FeedDisabled, line: LineFingerprint, named: Bool) -> Bool {
        !named && !disabled.lineChanged(line)
    }

    /// A failed fetch of the configured URL breaks an unconfirmed move's streak (a confirmed move is fetched
    /// at its target, which is not the configured URL).
    private mutating func countFailure(atConfiguredURL: Bool) {
        failures = failures < Int.max ? failures + 1 : failures
        if atConfiguredURL { move = nil }
    }
}
