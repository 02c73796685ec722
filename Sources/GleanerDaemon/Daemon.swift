import Dispatch
import Foundation
import GleanerConfig
import GleanerFetch
import GleanerModel
import GleanerPipeline
import GleanerStore

/// `gleaner run`: fetches each configured feed when it is due, and sleeps in between.
///
/// Threads: everything that touches the store, the configuration or curl runs on one serial queue
/// (`gleaner.daemon`), one batch of due feeds at a time; a single one-shot timer on that queue is armed for the
/// earliest next due time, so an idle daemon does not wake up at all. Signals and the watchdog are handled on
/// a second queue (`gleaner.control`) that only sets flags and posts work, so they are answered even while a
/// batch is running.
public final class Daemon: @unchecked Sendable {
    // Confined to `queue`.
    private var config: Config
    private var store: Store?
    private var job: FetchJob
    private var policy: SchedulePolicy
    private var timer: DispatchSourceTimer?
    private var lastNew: (Timestamp, String)?
    /// Active configured feeds by due time, mirrored from the store: loaded at start and reload, updated from
    /// the store after each batch, so a tick takes what is due without reading every feed.
    private var dueQueue = DueQueue()
    /// The configured feeds by URL (the first line of a URL listed twice), and their position in feeds.conf.
    private var configured: [String: (feed: FeedConfig, order: Int)] = [:]
    /// When systemd was last told the status (`MonotonicClock.seconds()`): counting it reads every feed, so
    /// it is done every few seconds during a pass, not after every batch.
    private var statusSent = -Double.infinity
    /// A batch ended after the status line was last sent.
    private var statusStale = false
    /// When `afterFetch()` last ran, and whether a batch has been fetched since.
    private var afterFetchRan = -Double.infinity
    private var afterFetchPending = false
    /// With `host-gap`: when each host may be sent its next request (`MonotonicClock.seconds()` seconds, so a
    /// wall-clock step neither lifts nor stretches the gap). Set when a host's feed is picked, then pushed to
    /// the end of its fetch plus the gap, so the gap separates the requests themselves, not two picks.
    private var hostFree: [String: Double] = [:]

    // Immutable, or thread-safe.
    private let configPath: String
    private let storePath: String
    private let log: Logger
    private let notifier: SystemdNotifier
    private let lock: StoreLock
    private let state = DaemonState()
    /// Read once at start: the grace period is a property of the process, not of a reload.
    private let stopGrace: Int
    private let queue = DispatchQueue(label: "gleaner.daemon")
    private let control = DispatchQueue(label: "gleaner.control")
    private var signalSources: [DispatchSourceSignal] = []
    private var watchdog: DispatchSourceTimer?
    private lazy var afterFetch = AfterFetchWorker(storePath: storePath, log: log,
                                                   stopDeadline: { [state] in state.stopDeadline })
    private var finishing = false

    /// Feeds fetched together at most: small enough that a stop request does not wait behind a long queue
    /// of transfers that were never started, large enough to keep every transfer slot busy.
    private var batchSize: Int { max(config.maxTransfers * 2, 8) }

    /// Opens the store (taking its lock: a second daemon on the same store fails here) and loads the schedule.
    public init(config: Config, storePath: String, log: Logger, notifier: SystemdNotifier = SystemdNotifier()) throws {
        self.config = config
        self.configPath = config.path
        self.storePath = storePath
        self.log = log
        self.notifier = notifier
        stopGrace = config.stopTimeout
        let store = try Store(path: storePath)  // creates the directory, so the lock file can live beside it
        lock = try StoreLock(storePath: storePath)
        try store.syncFeeds(config.feeds.map { (url: $0.url, name: $0.name, tags: $0.tags) })
        try HookRunner.attach(config: config, store: store)
        // Before anything is scheduled: feeds a stopped process left in progress are held back or disabled.
        for f in try store.settleInterruptedFetches() {
            log.warning("stopped while fetching", ["feed": f.name, "url": f.url, "result": f.summary])
        }
        self.store = store
        policy = SchedulePolicy(config: config)
        job = FetchJob(config: config, store: store, queue: queue)
        job.syncsFeeds = false
    }

    /// Starts the schedule, the signal handlers and the watchdog, and tells systemd it is ready. The caller
    /// then parks the main thread (`dispatchMain()`); the daemon ends the process itself after a stop.
    public func start() {
        installSignalHandlers()
        queue.async { [self] in
            LinkedLibraries.log(to: log)
            do {
                let spread = try spreadDueFeeds(reason: "start")
                try loadSchedule()
                log.info("started", ["feeds": String(config.feeds.count), "store": storePath,
                                     "spread": spread > 0 ? String(format: "%.0fs", spread) : nil])
            } catch {
                log.error("schedule failed", ["error": "\(error)"])
            }
            notifier.notify("READY=1\nSTATUS=" + status())
            startWatchdog()
            // Batches a hook did not acknowledge before the last stop are delivered again now, not only
            // after the next fetch.
            afterFetch.request(config)
            tick()
        }
    }

    // MARK: the schedule

    /// Feeds due now (or never fetched) get a due time spread over a window that grows with their number,
    /// so that 5,000 feeds do not all start in the same second after a start or a reload.
    private func spreadDueFeeds(reason: String) throws -> Double {
        guard let store else { return 0 }
        let now = Timestamp.now()
        let records = Dictionary(try store.schedules().map { ($0.url, $0) }, uniquingKeysWith: { a, _ in a })
        let due = config.feeds.filter { feed in
            guard let r = records[feed.url], Daemon.active(r, feed) else { return false }
            return (r.nextDue ?? now) <= now
        }
        guard due.count > 1 else { return 0 }
        // About 50 feeds a second, never longer than half the global interval.
        let window = min(Double(due.count) / 50, Double(config.interval) / 2)
        guard window >= 1 else { return 0 }
        try store.setSchedules(due.map { feed in
            let offset = Int64(Double.random(in: 0..<window))
            return (feed.url, Timestamp(seconds: now.seconds + offset), "\(reason) (spread over \(Int(window)) s)")
        })
        return window
    }

    /// Fills `dueQueue` from the store: every configured, active feed at its due time (never fetched: now).
    private func loadSchedule() throws {
        guard let store else { return }
        let now = Timestamp.now()
        configured = [:]
        for (order, feed) in config.feeds.enumerated() where configured[feed.url] == nil {
            configured[feed.url] = (feed, order)
        }
        dueQueue = DueQueue()
        for r in try store.schedules() {
            guard let (feed, order) = configured[r.url], Daemon.active(r, feed) else { continue }
            dueQueue.set(r.url, due: r.nextDue ?? now, order: order)
        }
    }

    /// Puts a feed back in `dueQueue` as the store now has it (after a batch, or when it was held back).
    private func requeue(_ r: FeedSchedule?, _ url: String, now: Timestamp) {
        guard let r, let (feed, order) = configured[url], Daemon.active(r, feed) else {
            dueQueue.remove(url)
            return
        }
        dueQueue.set(url, due: r.nextDue ?? now, order: order)
    }

    /// Fetches what is due, then arms the timer for the next due time. Runs on `queue`.
    private func tick() {
        dispatchPrecondition(condition: .onQueue(queue))
        state.beat()
        if state.stopping { return finishStop() }
        if state.takeReload() { reload() }
        guard let store else { return }
        do {
            let now = Timestamp.now()
            let waits = try store.hostRetries(after: now)
            let batch = try pick(now: now, hostWaits: waits)
            if !batch.isEmpty {
                let before = try Dictionary(batch.map { ($0.url, try store.schedule(feedURL: $0.url)) },
                                            uniquingKeysWith: { a, _ in a })
                try fetch(batch)
                let after = Timestamp.now()
                for feed in batch {
                    guard var r = try store.schedule(feedURL: feed.url) else { dueQueue.remove(feed.url); continue }
                    // A feed the batch did not attempt (skipped for its host, say) must not stay due, or this
                    // loop would spin: look at it again in a minute.
                    if Daemon.active(r, feed), r.lastAttempt == before[feed.url]??.lastAttempt,
                       (r.nextDue ?? after) <= after {
                        r.nextDue = Timestamp(seconds: after.seconds + 60)
                        try store.setSchedule(feedURL: feed.url, nextDue: r.nextDue, reason: r.nextDueReason ?? "retry")
                    }
                    requeue(r, feed.url, now: after)
                }
                // More may be due (a batch is capped, time passed): look again right away.
                queue.async { [self] in tick() }
                return
            }
            if afterFetchPending { requestAfterFetch() }
            // The pass is over: the status line says how it ended (during a pass it is refreshed every few seconds).
            if statusStale, notifier.isActive { notifier.notify("STATUS=" + status()) }
            arm(after: nextWake())
        } catch {
            log.error("schedule failed", ["error": "\(error)"])
            // Feeds taken from the queue for a batch that failed are due again as the store has them.
            try? loadSchedule()
            arm(after: 60)
        }
    }

    /// The next batch: the longest-waiting due feeds, at most `batchSize`, taken from `dueQueue`. A feed whose
    /// host asked to wait (429/503 Retry-After) is rescheduled with its host. With `host-gap`, at most one
    /// feed per host per batch and none before its host's gap has passed: the others go back in the queue at
    /// the second their host is free (in memory only; the store keeps their due time).
    private func pick(now: Timestamp, hostWaits: [String: Timestamp]) throws -> [FeedConfig] {
        guard let store else { return [] }
        let monotonic = MonotonicClock.seconds()
        var batch: [FeedConfig] = []
        var gapped: [(String, Timestamp)] = []
        while batch.count < batchSize, let (url, _) = dueQueue.popDue(now) {
            guard let (feed, order) = configured[url] else { continue }
            let host = FetchURL.hostKey(feed.url)
            if let host, let until = hostWaits[host] {
                // The whole host asked for a pause: wait with it.
                try store.setSchedule(feedURL: url, nextDue: until, reason: "Retry-After (host \(host))")
                dueQueue.set(url, due: until, order: order)
                continue
            }
            if config.hostGap > 0, let host {
                if let free = hostFree[host], free > monotonic {
                    let seconds = Int64((free - monotonic).rounded(.up))
                    gapped.append((url, Timestamp(seconds: now.seconds + max(1, seconds))))
                    continue
                }
                hostFree[host] = monotonic + config.hostGap
            }
            batch.append(feed)
        }
        for (url, free) in gapped {
            if let order = configured[url]?.order { dueQueue.set(url, due: free, order: order) }
        }
        return batch
    }

    private func fetch(_ batch: [FeedConfig]) throws {
        dispatchPrecondition(condition: .onQueue(queue))
        guard let store else { return }
        job.planner = try policy.planner(store: store, feeds: batch)
        let state = self.state
        job.stopWhen = {
            state.beat()
            return state.pastDeadline
        }
        let names = Dictionary(batch.map { ($0.url, $0.name) }, uniquingKeysWith: { a, _ in a })
        _ = try job.run(batch) { [self] report in
            if config.hostGap > 0, !report.skipped, let host = FetchURL.hostKey(report.url) {
                // Counted from the end of this request: stamped only at the pick, a request that took longer to
                // go out than the next one to the same host left less than the gap between them (measured:
                // 1.995 s with host-gap = 2s on a busy machine).
                hostFree[host] = max(hostFree[host] ?? 0, MonotonicClock.seconds() + config.hostGap)
            }
            let fields: KeyValuePairs<String, String?> = [
                "feed": names[report.url] ?? nil, "url": report.url, "result": report.summary,
            ]
            if report.skipped {
                log.info("skipped", fields)
            } else if report.succeeded {
                log.info("fetched", fields)
                if case .stored(let o) = report.outcome, o.new > 0 {
                    lastNew = (Timestamp.now(), (names[report.url] ?? nil) ?? report.url)
                }
            } else {
                log.warning("fetch failed", fields)
            }
        }
        afterFetchPending = true
        if MonotonicClock.seconds() - afterFetchRan >= 5 { requestAfterFetch() }
        statusStale = true
        if notifier.isActive, MonotonicClock.seconds() - statusSent >= 5 {
            notifier.notify("STATUS=" + status())
        }
    }

    /// Hooks and retention, off this queue (AfterFetchWorker). Both look at every configured feed, so during a
    /// long pass they are asked for every few seconds and once the pass is over: asking after each batch would
    /// make a pass's work grow with the square of the feeds.
    private func requestAfterFetch() {
        afterFetchPending = false
        afterFetchRan = MonotonicClock.seconds()
        afterFetch.request(config)
    }

    /// Seconds until the earliest due feed; nil when there is nothing to wait for.
    private func nextWake() -> Double? {
        guard let next = dueQueue.peek() else { return nil }
        return max(0, Double(next.due.seconds) - DaemonState.realtime())
    }

    /// One one-shot timer: re-armed after each batch for the next due time, never periodic.
    private func arm(after seconds: Double?) {
        dispatchPrecondition(condition: .onQueue(queue))
        if timer == nil {
            let t = DispatchSource.makeTimerSource(queue: queue)
            t.setEventHandler { [weak self] in self?.tick() }
            t.activate()
            timer = t
        }
        guard let seconds else {
            timer?.schedule(deadline: .distantFuture)
            log.debug("idle", ["next": "none"])
            return
        }
        // Due times have one-second resolution; a little leeway lets the kernel coalesce wake-ups.
        timer?.schedule(deadline: .now() + .milliseconds(Int(seconds * 1000) + 5), leeway: .milliseconds(200))
        log.debug("sleeping", ["seconds": String(format: "%.1f", seconds)])
    }

    private func status() -> String {
        statusSent = MonotonicClock.seconds()
        statusStale = false
        guard let store, let counts = try? store.scheduleSummary(now: Timestamp.now()) else { return "store unavailable" }
        var text = "\(counts.feeds) feeds, \(counts.due) due, \(counts.failing) failing"
        if let (when, feed) = lastNew {
            text += "; last new article \(when.rfc3339) (\(TerminalText.safe(URLUserInfo.stripped(feed))))"
        }
        return text
    }

    // MARK: reload and stop

    private func reload() {
        dispatchPrecondition(condition: .onQueue(queue))
        notifier.notify("RELOADING=1\nMONOTONIC_USEC=\(SystemdNotifier.monotonicMicroseconds())")
        defer { notifier.notify("READY=1\nSTATUS=" + status()) }
        let fresh: Config
        do {
            fresh = try Config.load(path: configPath)
        } catch {
            // The old configuration keeps running; the message names the file and line.
            log.error("reload rejected", ["error": error.description])
            return
        }
        for warning in fresh.warnings { log.warning("config", ["warning": warning.description]) }
        guard let store else { return }
        do {
            let old = Dictionary(config.feeds.map { ($0.url, $0) }, uniquingKeysWith: { a, _ in a })
            let new = Set(fresh.feeds.map(\.url))
            try store.syncFeeds(fresh.feeds.map { (url: $0.url, name: $0.name, tags: $0.tags) })
            try HookRunner.attach(config: fresh, store: store)
            for feed in fresh.feeds {
                guard let before = old[feed.url] else { continue }
                if before.options != feed.options {
                    // Changed options apply at once (an edited line also re-enables a feed that was gone:
                    // FetchJob sees the line differ from the one it was disabled under).
                    try store.setSchedule(feedURL: feed.url, nextDue: nil, reason: "options changed")
                }
            }
            if fresh.store != config.store {
                log.warning("store setting changed: takes effect after a restart", ["store": storePath])
            }
            let added = fresh.feeds.filter { old[$0.url] == nil }.count
            let removed = old.keys.filter { !new.contains($0) }.count
            config = fresh
            policy = SchedulePolicy(config: fresh)
            job = FetchJob(config: fresh, store: store, queue: queue)
            job.syncsFeeds = false
            _ = try spreadDueFeeds(reason: "reload")
            try loadSchedule()
            log.info("reloaded", ["feeds": String(fresh.feeds.count), "added": String(added),
                                  "removed": String(removed)])
        } catch {
            log.error("reload failed", ["error": "\(error)"])
        }
    }

    /// Runs on `queue` once any batch in flight has ended (finished, or cancelled at the deadline).
    private func finishStop() {
        dispatchPrecondition(condition: .onQueue(queue))
        timer?.cancel()
        timer = nil
        guard !finishing else { return }
        finishing = true
        // A hook still running gets the rest of the grace period (HookRunner ends it at the deadline); the
        // watchdog keeps being fed meanwhile, since this queue stays free.
        afterFetch.whenIdle(on: queue) { [self] in
            watchdog?.cancel()
            store = nil  // closes the database: every batch was committed as it finished
            log.info("stopped")
            exit(0)
        }
    }

    private func installSignalHandlers() {
        for sig in [SIGTERM, SIGINT, SIGHUP] {
            signal(sig, SIG_IGN)  // delivered to the dispatch source instead
            let source = DispatchSource.makeSignalSource(signal: sig, queue: control)
            source.setEventHandler { [self] in
                if sig == SIGHUP {
                    log.info("reload requested", ["signal": "HUP"])
                    state.requestReload()
                    queue.async { [self] in
                        if state.takeReload() { reload() }
                        tick()
                    }
                    return
                }
                let first = state.requestStop(grace: Double(stopGrace))
                if first {
                    notifier.notify("STOPPING=1")
                    log.info("stopping", ["signal": sig == SIGTERM ? "TERM" : "INT",
                                          "grace": "\(stopGrace)s"])
                    queue.async { [self] in finishStop() }
                } else {
                    log.warning("stopping now", ["signal": sig == SIGTERM ? "TERM" : "INT"])
                }
            }
            source.activate()
            signalSources.append(source)
        }
    }

    /// `WATCHDOG=1` at half of `$WATCHDOG_USEC`, only while the daemon queue (or the fetch loop inside it)
    /// shows signs of life: a wedged scheduler stops the pings and systemd restarts the service.
    private func startWatchdog() {
        guard notifier.isActive, let usecText = SystemdNotifier.environment("WATCHDOG_USEC"),
              let usec = Double(usecText), usec > 0
        else { return }
        if let pid = SystemdNotifier.environment("WATCHDOG_PID"), pid != String(getpid()) { return }
        let period = usec / 2 / 1_000_000
        let t = DispatchSource.makeTimerSource(queue: control)
        t.schedule(deadline: .now() + period, repeating: period, leeway: .milliseconds(Int(period * 100)))
        t.setEventHandler { [self] in
            if state.takeBeats() { notifier.notify("WATCHDOG=1") }
            queue.async { [state] in state.beat() }
        }
        t.activate()
        watchdog = t
    }

    /// A feed the daemon fetches: not disabled (410 Gone), or disabled under a feeds.conf line that has since
    /// been edited (editing the line is how an admin says "try again").
    static func active(_ record: FeedSchedule, _ feed: FeedConfig) -> Bool {
        !record.disabled || FeedDisabling.lineChanged(record.disabledReason, feed)
    }
}
