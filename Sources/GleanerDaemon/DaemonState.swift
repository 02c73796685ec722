import Foundation

/// The few facts that cross threads: set by signal handlers and the watchdog on the control queue, read by
/// the daemon queue (and by the fetch loop's stop check, which runs inside a batch on that queue).
final class DaemonState: @unchecked Sendable {
    private let lock = NSLock()
    private var stopDeadline: Double?
    private var reload = false
    private var beats = 1

    /// The first request starts a graceful stop with `grace` seconds for in-flight fetches; a second one
    /// makes the deadline now.
    func requestStop(grace: Double) -> Bool {
        lock.withLock {
            let first = stopDeadline == nil
            stopDeadline = first ? DaemonState.monotonic() + grace : DaemonState.monotonic()
            return first
        }
    }

    var stopping: Bool { lock.withLock { stopDeadline != nil } }

    /// True once the grace period is over: transfers still in flight are cancelled.
    var pastDeadline: Bool {
        lock.withLock { stopDeadline.map { DaemonState.monotonic() >= $0 } ?? false }
    }

    func requestReload() { lock.withLock { reload = true } }

    /// Whether a reload was requested since the last call.
    func takeReload() -> Bool { lock.withLock { defer { reload = false }; return reload } }

    /// The daemon queue (or the fetch loop inside it) is alive.
    func beat() { lock.withLock { beats += 1 } }

    /// Whether there was a beat since the last call.
    func takeBeats() -> Bool { lock.withLock { defer { beats = 0 }; return beats > 0 } }

    static func monotonic() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func realtime() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
