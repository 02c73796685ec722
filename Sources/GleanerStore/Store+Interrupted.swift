#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GleanerModel

/// The process whose fetch marked a feed as being processed: its pid and a number drawn once per process, so
/// that a restarted daemon that got its predecessor's pid (pid 1 in a container) still sees the old marks as
/// its predecessor's.
public struct FetchOwner: Sendable, Hashable {
    public var pid: Int64
    public var run: Int64

    public init(pid: Int64, run: Int64) {
        self.pid = pid
        self.run = run
    }

    /// This process.
    public static let current = FetchOwner(pid: Int64(getpid()), run: Int64.random(in: 1...Int64.max))

    /// Whether a process with this pid exists (EPERM: it does, owned by someone else).
    public static func isAlive(pid: Int64) -> Bool {
        // 0 and negative pids address process groups: never a fetch's owner.
        guard pid > 0, let p = pid_t(exactly: pid) else { return false }
        return kill(p, 0) == 0 || errno == EPERM
    }
}

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

/// A feed found in progress by a process that is gone, and what was done about it.
public struct InterruptedFetch: Sendable, Hashable {
    public var url: String
    public var name: String?
    public var verdict: StopVerdict
    public var stops: Int

    public init(url: String, name: String?, verdict: StopVerdict, stops: Int) {
        self.url = url
        self.name = name
        self.verdict = verdict
        self.stops = stops
    }

    /// One line for the log.
    public var summary: String {
        switch verdict {
        case .fetchAlone(let others):
            "it was being fetched with \(others) other feed\(others == 1 ? "" : "s") when the process stopped; fetched alone next time"
        case .heldBack(let until):
            "it was the only feed being fetched when the process stopped; held back until \(until.rfc3339)"
        case .disabled:
            "disabled: \(StopVerdict.disabledReason); `gleaner fetch NAME` enables it again"
        }
    }
}

/// In-progress marks: the defence against a feed whose bytes crash the process (an unknown parser bug, a
/// memory blow-up the kernel kills us for) making the service crash-loop under systemd.
extension Store {
    /// Marks `urls` as being processed by `owner`, in one small transaction, before their transfers start.
    public func markProcessing(_ urls: [String], owner: FetchOwner = .current) throws {
        guard !urls.isEmpty else { return }
        try requireWritable("mark feeds in progress")
        try writeTransaction {
            let s = try cached("UPDATE feeds SET processing_pid = ?2, processing_run = ?3 WHERE url = ?1")
            defer { s.reset() }
            for url in urls {
                s.reset()
                try s.bind(1, url)
                try s.bind(2, owner.pid)
                try s.bind(3, owner.run)
                try s.step()
            }
        }
    }

    /// Clears whatever marks `owner` left (each recorded fetch clears its own: this catches the feeds a run
    /// did not record, such as those held back for their host).
    public func clearProcessing(owner: FetchOwner = .current) throws {
        try requireWritable("clear in-progress marks")
        let s = try cached("UPDATE feeds SET processing_pid = NULL, processing_run = NULL WHERE processing_run = ?1")
        defer { s.reset() }
        try s.bind(1, owner.run)
        try s.step()
    }

    /// Finds the feeds that a process which is gone left marked as being processed (it stopped without
    /// recording them: a crash, a kill), clears the marks and applies `StopVerdict.decide` to each. Marks of a
    /// fetch still running in another process are left alone.
    public func settleInterruptedFetches(owner: FetchOwner = .current, now: Timestamp = .now(),
                                         isAlive: (Int64) -> Bool = FetchOwner.isAlive) throws -> [InterruptedFetch] {
        try requireWritable("settle interrupted fetches")
        return try writeTransaction {
            let find = try cached("""
                SELECT id, url, name, stops, processing_pid, processing_run FROM feeds
                WHERE processing_run IS NOT NULL ORDER BY ordinal, id
                """)
            defer { find.reset() }
            var byRun: [Int64: [(id: Int64, url: String, name: String?, stops: Int)]] = [:]
            var runs: [Int64] = []
            var alive: [Int64: Bool] = [:]
            while try find.step() {
                let pid = find.int64(4), run = find.int64(5)
                if run == owner.run { continue }
                let gone: Bool
                if let known = alive[pid] { gone = !known } else {
                    let living = pid != owner.pid && isAlive(pid)
                    alive[pid] = living
                    gone = !living
                }
                guard gone else { continue }
                if byRun[run] == nil { runs.append(run) }
                byRun[run, default: []].append((find.int64(0), find.string(1) ?? "", find.string(2),
                                                Int(clamping: find.int64(3))))
            }
            find.reset()
            var out: [InterruptedFetch] = []
            for run in runs {
                let feeds = byRun[run] ?? []
                for feed in feeds {
                    let (verdict, stops) = StopVerdict.decide(stopsBefore: feed.stops, othersInProgress: feeds.count - 1,
                                                              now: now)
                    try apply(verdict, stops: stops, feedID: feed.id)
                    out.append(InterruptedFetch(url: feed.url, name: feed.name, verdict: verdict, stops: stops))
                }
            }
            return out
        }
    }

    private func apply(_ verdict: StopVerdict, stops: Int, feedID: Int64) throws {
        let clear = "UPDATE feeds SET processing_pid = NULL, processing_run = NULL"
        switch verdict {
        case .fetchAlone:
            let s = try cached(clear + ", fetch_alone = 1 WHERE id = ?1")
            defer { s.reset() }
            try s.bind(1, feedID)
            try s.step()
        case .heldBack(let until):
            let s = try cached(clear + ", stops = ?2, held_until = ?3, next_due = ?3, next_due_reason = ?4 WHERE id = ?1")
            defer { s.reset() }
            try s.bind(1, feedID)
            try s.bind(2, stops)
            try s.bind(3, until)
            try s.bind(4, StopVerdict.heldReason)
            try s.step()
        case .disabled:
            let s = try cached(clear + ", stops = ?2, held_until = NULL, disabled = 1, disabled_reason = ?3 WHERE id = ?1")
            defer { s.reset() }
            try s.bind(1, feedID)
            try s.bind(2, stops)
            try s.bind(3, StopVerdict.disabledReason)
            try s.step()
        }
    }
}

extension Store {
    /// URLs of the feeds suspected of stopping the process (`stops`, `fetch_alone`): each is fetched alone.
    public func feedsFetchedAlone() throws -> Set<String> {
        let s = try cached("SELECT url FROM feeds WHERE stops > 0 OR fetch_alone <> 0")
        defer { s.reset() }
        var out = Set<String>()
        while try s.step() { if let url = s.string(0) { out.insert(url) } }
        return out
    }
}
