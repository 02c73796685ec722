import Dispatch
import GleanerConfig
import GleanerModel
import GleanerPipeline
import GleanerStore
import Synchronization

/// The daemon's after-fetch work, on a queue and a store connection of its own: a hook that takes a minute
/// (or hangs until `hook-timeout`) never holds the scheduler, so fetches, the watchdog and a stop request are
/// answered meanwhile. Requests made while a pass runs merge into one more pass with the latest
/// configuration; a hook in backoff gets a pass of its own when its backoff ends.
final class AfterFetchWorker: Sendable {
    private let queue = DispatchQueue(label: "gleaner.after-fetch")
    /// Every pass asked for and not finished: the stop path waits for it (HookRunner ends a running hook at
    /// the stop deadline).
    private let group = DispatchGroup()
    private let opener: StoreOpener
    private let log: Logger

    private struct Requests {
        var config: Config?
        var queued = false
        var retryArmed = false
    }
    private let requests = Mutex(Requests())

    /// The worker's own connection and the hooks' backoff state. Used on `queue` only; the mutex is never
    /// contended and is how the compiler sees that the non-Sendable `Store` stays on one thread at a time.
    private struct Confined {
        var store: Store?
        var hooks: HookRunner
    }
    private let confined: Mutex<Confined>

    init(opener: StoreOpener, log: Logger, stopDeadline: @escaping @Sendable () -> Double?) {
        self.opener = opener
        self.log = log
        confined = Mutex(Confined(store: nil, hooks: HookRunner(timeout: 60, stopDeadline: stopDeadline)))
    }

    /// Asks for a pass with `config`; returns at once.
    func request(_ config: Config) {
        let enqueue = requests.withLock { r in
            r.config = config
            defer { r.queued = true }
            return !r.queued
        }
        if enqueue { queue.async(group: group) { self.runPass() } }
    }

    /// Calls `done` on `target` once no pass is running or queued.
    func whenIdle(on target: DispatchQueue, _ done: @escaping @Sendable () -> Void) {
        group.notify(queue: target, execute: done)
    }

    private func runPass() {
        dispatchPrecondition(condition: .onQueue(queue))
        let taken = requests.withLock { r in
            r.queued = false
            return r.config
        }
        guard let config = taken else { return }
        let log = self.log
        let retryAt: Double? = confined.withLock { c in
            if c.store == nil {
                do {
                    c.store = try opener.open(false)
                } catch {
                    log.error("after fetch", ["detail": "cannot open the store: \(error)"])
                    return nil
                }
            }
            c.hooks.timeout = Double(config.hookTimeout)
            AfterFetch.run(config: config, store: c.store!, hooks: &c.hooks) { isError, line in
                isError ? log.error("after fetch", ["detail": line]) : log.info("after fetch", ["detail": line])
            }
            return c.hooks.stopDeadline() == nil ? c.hooks.nextRetry : nil
        }
        guard let retryAt else { return }
        let arm = requests.withLock { r in
            defer { r.retryArmed = true }
            return !r.retryArmed
        }
        guard arm else { return }
        // Outside `group`: a pending retry must not hold a stop back.
        let delay = max(0, retryAt - MonotonicClock.seconds())
        queue.asyncAfter(deadline: .now() + .milliseconds(Int(delay * 1000) + 10)) {
            let latest = self.requests.withLock { r in
                r.retryArmed = false
                return r.config
            }
            if let latest { self.request(latest) }
        }
    }
}
