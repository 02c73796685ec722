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
    private var planner: DuePlanner
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
    /// Per-host slots, `host-gap` and Retry-After holds: asked as feeds are picked, and by the fetch job's
    /// fetcher as transfers start. Kept across batches and reloads, so a gap outlives both.
    private let politeness: HostPoliteness

    // Immutable, or thread-safe.
    private let configPath: String
    private let opener: StoreOpener
    private let log: Logger
    private let notifier: SystemdNotifier
    /// Held for the daemon's life where the backend allows one daemon per store (SQLite).
    private let lock: StoreLock?
    private let state = DaemonState()
    /// Read once at start: the grace period is a property of the process, not of a reload.
    private let stopGrace: Int
    private let queue = DispatchQueue(label: "gleaner.daemon")
    private let control = DispatchQueue(label: "gleaner.control")
    private var signalSources: [DispatchSourceSignal] = []
    private var watchdog: DispatchSourceTimer?
    private lazy var afterFetch = AfterFetchWorker(opener: opener, log: log,
                                                   stopDeadline: { [state] in state.stopDeadline })
    private var finishing = false

    /// Feeds fetched together at most: small enough that a stop request does not wait behind a long queue
    /// of transfers that were never started, large enough to keep every transfer slot busy.
    private var batchSize: Int { max(config.maxTransfers * 2, 8) }

    /// Opens the store (taking its lock where it has one: a second daemon on the same SQLite file fails here)
    /// and loads the schedule.
    public init(config: Config, opener: StoreOpener, log: Logger, notifier: SystemdNotifier = SystemdNotifier()) throws {
        self.config = config
        self.configPath = config.path
        self.opener = opener
        self.log = log
        self.notifier = notifier
        stopGrace = config.stopTimeout
        let store = try opener.open(false)  // creates the directory, so the lock file can live beside it
        lock = try opener.daemonLockFile.map { try StoreLock(storePath: $0) }
        try store.syncFeeds(config.feeds.map { (url: $0.url, name: $0.name, tags: $0.tags) })
        try HookRunner.attach(config: config, store: store)
        // Before anything is scheduled: feeds a stopped process left in progress are held back or disabled.
        for f in try store.settleInterruptedFetches() {
            log.warning("stopped while fetching", ["feed": f.name, "url": f.url, "result": f.summary])
        }
        self.store = store
        planner = DuePlanner(config: config)
        politeness = HostPoliteness(maxTransfersPerHost: config.maxTransfersPerHost, hostGap: config.hostGap)
        job = FetchJob(config: config, store: store, queue: queue, politeness: politeness)
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
                log.info("started", ["feeds": String(config.feeds.count), "store": opener.location,
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

    /// Feeds due now (or never fetched) are spread out (`DuePlanner.spread`) so that they do not all start in
    /// the same second after a start or a reload; returns the window in seconds (0: not spread).
    private func spreadDueFeeds(reason: String) throws -> Double {
        guard let store else { return 0 }
        let now = Timestamp.now()
        let records = Dictionary(try store.schedules().map { ($0.url, $0) }, uniquingKeysWith: { a, _ in a })
        let due = config.feeds.filter { feed in
            guard let r = records[feed.url], Daemon.active(r, feed) else { return false }
            return (r.nextDue ?? now) <= now
        }
        guard let spread = planner.spread(due.map(\.url), now: now, reason: reason) else { return 0 }
        try store.setSchedules(spread.due.map { ($0.url, $0.next.due, $0.next.reason) })
        return spread.window
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
            politeness.hold(try store.hostRetries(after: now), now: now)
            let batch = try pick(now: now)
            if !batch.isEmpty {
                let before = try Dictionary(batch.map { ($0.url, try store.schedule(feedURL: $0.url)) },
                                            uniquingKeysWith: { a, _ in a })
                let elsewhere = try fetch(batch)
                let after = Timestamp.now()
                for feed in batch {
                    guard var r = try store.schedule(feedURL: feed.url) else { dueQueue.remove(feed.url); continue }
                    // Another daemon sharing the store is fetching it: its record will set the next due time.
                    // Looked at again shortly (from the store), and never rescheduled from here.
                    if elsewhere.contains(feed.url), Daemon.active(r, feed), (r.nextDue ?? after) <= after {
                        if let order = configured[feed.url]?.order {
                            dueQueue.set(feed.url, due: Timestamp(seconds: after.seconds + Daemon.claimRecheck), order: order)
                        }
                        continue
                    }
                    // A feed the batch did not attempt (skipped for its host, say) must not stay due, or this
                    // loop would spin: look at it again in a minute.
                    if Daemon.active(r, feed), r.lastAttempt == before[feed.url]??.lastAttempt,
                       (r.nextDue ?? after) <= after {
                        let next = planner.nextDue(.notAttempted(reason: r.nextDueReason), now: after)
                        r.nextDue = next.due
                        try store.setSchedule(feedURL: feed.url, nextDue: next.due, reason: next.reason)
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

    /// The next batch: the longest-waiting due feeds, at most `batchSize`, taken from `dueQueue`, each as
    /// `politeness` allows. A feed whose host asked to wait (429/503 Retry-After) is rescheduled with its host.
    /// With `host-gap`, a feed whose host is not free yet goes back in the queue at the second it is (in memory
    /// only; the store keeps its due time), and one batch takes at most one feed per host.
    private func pick(now: Timestamp) throws -> [FeedConfig] {
        guard let store else { return [] }
        let monotonic = MonotonicClock.seconds()
        var batch: [FeedConfig] = []
        var gapped: [(String, Timestamp)] = []
        while batch.count < batchSize, let (url, _) = dueQueue.popDue(now) {
            guard let (feed, order) = configured[url] else { continue }
            let host = HostKey(url: feed.url)
            switch politeness.mayChoose(host, now: now, monotonic: monotonic) {
            case .held(let until):
                // The whole host asked for a pause: wait with it.
                let next = planner.nextDue(.hostHeld(host: host?.rawValue ?? url, until: until), now: now)
                try store.setSchedule(feedURL: url, nextDue: next.due, reason: next.reason)
                dueQueue.set(url, due: next.due, order: order)
            case .spaced(let free):
                let seconds = Int64((free - monotonic).rounded(.up))
                gapped.append((url, Timestamp(seconds: now.seconds + max(1, seconds))))
            case .start, .busy:
                if let host { politeness.chosen(host, monotonic: monotonic) }
                batch.append(feed)
            }
        }
        for (url, free) in gapped {
            if let order = configured[url]?.order { dueQueue.set(url, due: free, order: order) }
        }
        return batch
    }

    /// Seconds after which a feed another daemon was fetching is looked at again.
    static let claimRecheck: Int64 = 5

    /// Fetches a batch; returns the feeds other daemons sharing the store hold (`FeedReport.claimedElsewhere`).
    private func fetch(_ batch: [FeedConfig]) throws -> Set<String> {
        dispatchPrecondition(condition: .onQueue(queue))
        guard let store else { return [] }
        var elsewhere = Set<String>()
        job.planner = try planner.batch(store: store, feeds: batch)
        job.claimsDueOnly = true
        let state = self.state
        job.stopWhen = {
            state.beat()
            return state.pastDeadline
        }
        job.fullTextProgress = { [log] r in
            let result = r.status.state.rawValue + (r.status.error.map { ": " + $0 } ?? "")
            log.info("full text", ["url": r.link, "seq": String(r.seq), "result": result])
        }
        job.fullTextFailed = { [log] error in log.error("full text failed", ["error": "\(error)"]) }
        let names = Dictionary(batch.map { ($0.url, $0.name) }, uniquingKeysWith: { a, _ in a })
        _ = try job.run(batch) { [self] report in
            let fields: KeyValuePairs<String, String?> = [
                "feed": names[report.url] ?? nil, "url": report.url, "result": report.summary,
            ]
            if report.outcome == .skipped(FeedReport.claimedElsewhere) {
                elsewhere.insert(report.url)
                log.debug("skipped", fields)
            } else if report.skipped {
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
        return elsewhere
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
        // systemd 253 and later want the monotonic time with RELOADING=1; older managers ignore it.
        notifier.notify("RELOADING=1\nMONOTONIC_USEC=\(MonotonicClock.microseconds())")
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
                    // Changed options apply at once (an edit of what the line asks the server also re-enables a
                    // feed that was gone: its fingerprint differs from the one it was disabled under).
                    try store.setSchedule(feedURL: feed.url, nextDue: nil, reason: "options changed")
                }
            }
            if fresh.store != config.store {
                log.warning("store setting changed: takes effect after a restart", ["store": opener.location])
            }
            let added = fresh.feeds.filter { old[$0.url] == nil }.count
            let removed = old.keys.filter { !new.contains($0) }.count
            config = fresh
            planner = DuePlanner(config: fresh)
            politeness.configure(maxTransfersPerHost: fresh.maxTransfersPerHost, hostGap: fresh.hostGap)
            job = FetchJob(config: fresh, store: store, queue: queue, politeness: politeness)
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
    /// been edited where it matters (editing the line is how an admin says "try again").
    static func active(_ record: FeedSchedule, _ feed: FeedConfig) -> Bool {
        record.disabled.map { !FeedState.keepsDisabled($0, line: feed.lineFingerprint, named: false) } ?? true
    }
}
