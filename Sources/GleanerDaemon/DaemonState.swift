import Foundation
import GleanerModel
import Synchronization

/// The few facts that cross threads: set by signal handlers and the watchdog on the control queue, read by
/// the daemon queue (and by the fetch loop's stop check, which runs inside a batch on that queue) and by the
/// after-fetch queue (a running hook ends at the stop deadline).
final class DaemonState: Sendable {
    private struct Facts {
        var stopDeadline: Double?
        var reload = false
        var beats = 1
    }
    private let facts = Mutex(Facts())

    /// The first request starts a graceful stop with `grace` seconds for in-flight fetches; a second one
    /// makes the deadline now.
    func requestStop(grace: Double) -> Bool {
        facts.withLock { f in
            let first = f.stopDeadline == nil
            f.stopDeadline = first ? MonotonicClock.seconds() + grace : MonotonicClock.seconds()
            return first
        }
    }

    var stopping: Bool { facts.withLock { $0.stopDeadline != nil } }

    /// When the grace period ends (`MonotonicClock.seconds()`); nil until a stop was asked for.
    var stopDeadline: Double? { facts.withLock { $0.stopDeadline } }

    /// True once the grace period is over: transfers still in flight are cancelled.
    var pastDeadline: Bool {
        facts.withLock { f in f.stopDeadline.map { MonotonicClock.seconds() >= $0 } ?? false }
    }

    func requestReload() { facts.withLock { $0.reload = true } }

    /// Whether a reload was requested since the last call.
    func takeReload() -> Bool { facts.withLock { f in defer { f.reload = false }; return f.reload } }

    /// The daemon queue (or the fetch loop inside it) is alive.
    func beat() { facts.withLock { $0.beats += 1 } }

    /// Whether there was a beat since the last call.
    func takeBeats() -> Bool { facts.withLock { f in defer { f.beats = 0 }; return f.beats > 0 } }

    static func realtime() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
