import GleanerModel

/// Whether a request to a host may start now, and if not, when next: every rule that keeps Gleaner polite to
/// one host, keyed by `HostKey`.
///
/// - **Retry-After holds** (`hold`): a 429 or 503 with a `Retry-After` in the future (`holdUntil`) holds every
///   feed of its host until then. Wall-clock times: they come from the server, and the store keeps them
///   across processes.
/// - **Slots**: at most `maxTransfersPerHost` transfers to one host at once (`started`/`ended`).
/// - **`host-gap`**: at least `hostGap` seconds between the end of one request to a host and the start of the
///   next, on the monotonic clock (a wall-clock step neither lifts nor stretches it).
///
/// Two questions, asked at two moments. `mayChoose` is asked when feeds are chosen for a batch (the daemon):
/// holds and the gap, so that a feed waiting for its host stays in the due queue instead of taking a transfer
/// slot; a chosen feed counts as a request from then (`chosen`), so one batch takes at most one feed per host
/// when there is a gap. `mayStart` is asked by the fetcher just before a transfer starts: holds and slots
/// (the gap was settled when the feed was chosen).
///
/// Not Sendable: used on the queue of the fetcher it belongs to (the daemon shares one between its picks and
/// its fetch job, so a gap outlives a batch).
public final class HostPoliteness {
    public enum Verdict: Equatable, Sendable {
        case start
        /// The host asked to wait (Retry-After) until then.
        case held(until: Timestamp)
        /// `host-gap`: the next request may start at this `MonotonicClock.seconds()` time.
        case spaced(until: Double)
        /// Every slot to the host is in use: next when one of its transfers ends.
        case busy
    }

    public private(set) var maxTransfersPerHost: Int
    /// Seconds between two requests to one host (0: none).
    public private(set) var hostGap: Double
    private var inFlight: [HostKey: Int] = [:]
    /// With a gap: when each host may be sent its next request (monotonic seconds).
    private var nextStart: [HostKey: Double] = [:]
    private var holds: [HostKey: Timestamp] = [:]

    public init(maxTransfersPerHost: Int = 2, hostGap: Double = 0) {
        self.maxTransfersPerHost = 1
        self.hostGap = 0
        configure(maxTransfersPerHost: maxTransfersPerHost, hostGap: hostGap)
    }

    /// New limits (a reload); what is in flight, held or spaced stays so.
    public func configure(maxTransfersPerHost: Int, hostGap: Double) {
        self.maxTransfersPerHost = max(1, maxTransfersPerHost)
        self.hostGap = hostGap.isFinite ? max(0, hostGap) : 0
    }

    // MARK: the questions

    /// Choosing a feed for a batch: its host's hold, then the gap. A URL without a host (`nil`: curl could not
    /// parse it) is never held back here; its fetch fails on its own.
    public func mayChoose(_ host: HostKey?, now: Timestamp, monotonic: Double) -> Verdict {
        guard let host else { return .start }
        if let until = heldUntil(host, now: now) { return .held(until: until) }
        if hostGap > 0, let free = nextStart[host], free > monotonic { return .spaced(until: free) }
        return .start
    }

    /// Starting a transfer: its host's hold, then a free slot.
    public func mayStart(_ host: HostKey?, now: Timestamp) -> Verdict {
        guard let host else { return .start }
        if let until = heldUntil(host, now: now) { return .held(until: until) }
        if inFlight[host, default: 0] >= maxTransfersPerHost { return .busy }
        return .start
    }

    /// When `host`'s Retry-After hold ends, if it is still on at `now`.
    public func heldUntil(_ host: HostKey?, now: Timestamp) -> Timestamp? {
        guard let host, let until = holds[host], until > now else { return nil }
        return until
    }

    // MARK: what happened

    /// The host asked to wait until `until` (a later hold wins over an earlier one).
    public func hold(_ host: HostKey, until: Timestamp) {
        holds[host] = max(holds[host] ?? until, until)
    }

    /// Holds as the store keeps them (`Store.hostRetries`); those already over are forgotten.
    public func hold(_ stored: [String: Timestamp], now: Timestamp) {
        holds = holds.filter { $0.value > now }
        for (host, until) in stored { hold(HostKey(rawValue: host), until: until) }
    }

    /// A feed of `host` was chosen for a batch: with a gap, the next request waits from now at least.
    public func chosen(_ host: HostKey, monotonic: Double) {
        guard hostGap > 0 else { return }
        nextStart[host] = monotonic + hostGap
    }

    public func started(_ host: HostKey) {
        inFlight[host, default: 0] += 1
    }

    /// A transfer to `host` ended: its slot is free, and with a gap the next request waits from now (counted
    /// from the end: a request that took long to go out must not leave less than the gap to the next one).
    public func ended(_ host: HostKey, monotonic: Double) {
        let n = inFlight[host, default: 0] - 1
        inFlight[host] = n > 0 ? n : nil
        if hostGap > 0 { nextStart[host] = max(nextStart[host] ?? 0, monotonic + hostGap) }
    }

    /// When a failed response holds its host back: a 429 or 503 whose `Retry-After` (seconds or an HTTP date,
    /// capped at `FetchURL.maxRetryAfter`) names a time after `now`.
    public static func holdUntil(status: Int?, retryAfter: String?, now: Timestamp) -> Timestamp? {
        guard status == 429 || status == 503, let retryAfter,
              let until = FetchURL.retryAfter(retryAfter, now: now), until > now
        else { return nil }
        return until
    }
}

/// Spelled out so nobody adds `@unchecked Sendable`: it lives on its fetcher's queue.
@available(*, unavailable)
extension HostPoliteness: Sendable {}
