import GleanerModel
import GleanerStore
import Testing

/// `FeedState.transition`, the one decision of how a feed's lifecycle moves: each row is a state, an event,
/// and the state and effects that must follow.
@Suite struct FeedLifecycleTests {
    static let now = Timestamp(seconds: 1_700_000_000)
    static let later = Timestamp(seconds: now.seconds + 10)
    static let line = LineFingerprint(current: "1111111111111111", legacy: "abc")
    static let edited = LineFingerprint(current: "2222222222222222", legacy: "def")
    static let target = "https://new.example/feed"
    static let gone = FeedDisabled.gone("HTTP 410 Gone", fingerprint: line.current, at: now)
    static let legacyGone = FeedDisabled(kind: .gone, reason: "HTTP 410 Gone", fingerprint: "legacy:abc")
    static let quarantined = FeedDisabled.quarantined(at: now)

    struct Row: Sendable, CustomStringConvertible {
        var description: String
        var state: FeedState
        var event: FeedEvent
        var next: FeedState
        var effects: [FeedEffect] = []
    }

    static let rows: [Row] = [
        // A fetch is due.
        Row(description: "active and due: fetched", state: FeedState(), event: .due(line: line, named: false, now: now),
            next: FeedState()),
        Row(description: "gone, same line: skipped", state: FeedState(failures: 1, disabled: gone),
            event: .due(line: line, named: false, now: later), next: FeedState(failures: 1, disabled: gone),
            effects: [.skip("disabled (HTTP 410 Gone)")]),
        Row(description: "gone, line edited: enabled", state: FeedState(failures: 1, disabled: gone),
            event: .due(line: edited, named: false, now: later), next: FeedState(failures: 1), effects: [.enable]),
        Row(description: "gone, named: enabled", state: FeedState(disabled: gone),
            event: .due(line: line, named: true, now: later), next: FeedState(), effects: [.enable]),
        Row(description: "gone before the upgrade, same line by the old rule: skipped",
            state: FeedState(disabled: legacyGone), event: .due(line: line, named: false, now: later),
            next: FeedState(disabled: legacyGone), effects: [.skip("disabled (HTTP 410 Gone)")]),
        Row(description: "gone before the upgrade, line edited: enabled", state: FeedState(disabled: legacyGone),
            event: .due(line: edited, named: false, now: later), next: FeedState(), effects: [.enable]),
        Row(description: "quarantined, line edited: still skipped", state: FeedState(disabled: quarantined, stops: 2),
            event: .due(line: edited, named: false, now: later), next: FeedState(disabled: quarantined, stops: 2),
            effects: [.skip("disabled (\(StopVerdict.disabledReason))")]),
        Row(description: "quarantined, named: enabled", state: FeedState(disabled: quarantined, stops: 2),
            event: .due(line: line, named: true, now: later), next: FeedState(stops: 2), effects: [.enable]),
        Row(description: "held back: skipped", state: FeedState(stops: 1, heldUntil: later),
            event: .due(line: line, named: false, now: now), next: FeedState(stops: 1, heldUntil: later),
            effects: [.skip("held back until \(later.rfc3339): suspected of stopping the process")]),
        Row(description: "held back, named: fetched", state: FeedState(stops: 1, heldUntil: later),
            event: .due(line: line, named: true, now: now), next: FeedState(stops: 1, heldUntil: later)),
        Row(description: "hold over: fetched", state: FeedState(stops: 1, heldUntil: now),
            event: .due(line: line, named: false, now: now), next: FeedState(stops: 1, heldUntil: now)),

        // A valid feed (200 or 304).
        Row(description: "ok clears failures and suspicion",
            state: FeedState(failures: 4, stops: 1, heldUntil: now, fetchAlone: true),
            event: .fetched(atConfiguredURL: true, permanentRedirect: nil), next: FeedState()),
        Row(description: "301/308: first confirmation", state: FeedState(),
            event: .fetched(atConfiguredURL: true, permanentRedirect: target),
            next: FeedState(move: .init(target: target, confirmations: 1))),
        Row(description: "301/308 to the same target: counted",
            state: FeedState(move: .init(target: target, confirmations: 2)),
            event: .fetched(atConfiguredURL: true, permanentRedirect: target),
            next: FeedState(move: .init(target: target, confirmations: 3))),
        Row(description: "301/308 to another target: from one",
            state: FeedState(move: .init(target: target, confirmations: 2)),
            event: .fetched(atConfiguredURL: true, permanentRedirect: "https://other.example/"),
            next: FeedState(move: .init(target: "https://other.example/", confirmations: 1))),
        Row(description: "confirmed target moved again: from one",
            state: FeedState(move: .init(target: target, confirmations: 3)),
            event: .fetched(atConfiguredURL: false, permanentRedirect: "https://other.example/"),
            next: FeedState(move: .init(target: "https://other.example/", confirmations: 1))),
        Row(description: "answered at its own address: unconfirmed move forgotten",
            state: FeedState(move: .init(target: target, confirmations: 2)),
            event: .fetched(atConfiguredURL: true, permanentRedirect: nil), next: FeedState()),
        Row(description: "fetched at the confirmed target: kept",
            state: FeedState(failures: 1, move: .init(target: target, confirmations: 3)),
            event: .fetched(atConfiguredURL: false, permanentRedirect: nil),
            next: FeedState(move: .init(target: target, confirmations: 3))),
        Row(description: "confirmations saturate", state: FeedState(move: .init(target: target, confirmations: .max)),
            event: .fetched(atConfiguredURL: true, permanentRedirect: target),
            next: FeedState(move: .init(target: target, confirmations: .max))),

        // Errors.
        Row(description: "error: failing", state: FeedState(failures: 2),
            event: .failed(atConfiguredURL: true), next: FeedState(failures: 3)),
        Row(description: "error at the configured URL: unconfirmed move forgotten",
            state: FeedState(move: .init(target: target, confirmations: 2)),
            event: .failed(atConfiguredURL: true), next: FeedState(failures: 1)),
        Row(description: "error at the confirmed target: move kept",
            state: FeedState(move: .init(target: target, confirmations: 3)),
            event: .failed(atConfiguredURL: false), next: FeedState(failures: 1, move: .init(target: target, confirmations: 3))),
        Row(description: "error keeps the suspicion", state: FeedState(stops: 1, heldUntil: now),
            event: .failed(atConfiguredURL: true), next: FeedState(failures: 1, stops: 1, heldUntil: now)),
        Row(description: "failures saturate", state: FeedState(failures: .max),
            event: .failed(atConfiguredURL: true), next: FeedState(failures: .max)),
        Row(description: "410: disabled under the line", state: FeedState(move: .init(target: target, confirmations: 1)),
            event: .gone(reason: "HTTP 410 Gone", line: line, atConfiguredURL: true, at: now),
            next: FeedState(failures: 1, disabled: gone), effects: [.disable(gone)]),
        Row(description: "interrupted by a stop: nothing learned", state: FeedState(failures: 2),
            event: .interrupted, next: FeedState(failures: 2)),

        // A process that is gone left it in progress (StopVerdict).
        Row(description: "stopped with others: fetched alone", state: FeedState(failures: 1),
            event: .processStopped(othersInProgress: 3, now: now), next: FeedState(failures: 1, fetchAlone: true),
            effects: [.verdict(.fetchAlone(others: 3))]),
        Row(description: "stopped alone once: held back", state: FeedState(),
            event: .processStopped(othersInProgress: 0, now: now),
            next: FeedState(stops: 1, heldUntil: Timestamp(seconds: now.seconds + StopVerdict.holdBack)),
            effects: [.verdict(.heldBack(until: Timestamp(seconds: now.seconds + StopVerdict.holdBack)))]),
        Row(description: "stopped alone twice: quarantined", state: FeedState(stops: 1, heldUntil: now),
            event: .processStopped(othersInProgress: 0, now: later),
            next: FeedState(disabled: .quarantined(at: later), stops: 2),
            effects: [.verdict(.disabled), .disable(.quarantined(at: later))]),
    ]

    @Test(arguments: rows)
    func transition(_ row: Row) {
        let (next, effects) = FeedState.transition(row.state, row.event)
        #expect(next == row.next)
        #expect(effects == row.effects)
    }

    @Test func phase() {
        #expect(FeedState().phase == .active)
        #expect(FeedState(failures: 2).phase == .failing(2))
        #expect(FeedState(move: .init(target: Self.target, confirmations: 2)).phase == .active)
        #expect(FeedState(move: .init(target: Self.target, confirmations: 3)).phase == .moved(to: Self.target))
        #expect(FeedState(failures: 1, disabled: Self.gone).phase == .disabled(.gone))
        #expect(FeedState(disabled: Self.quarantined).phase == .disabled(.quarantined))
    }
}
