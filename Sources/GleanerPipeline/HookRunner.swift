#if canImport(Glibc)
import Glibc
#endif
import CShims
import GleanerConfig
import GleanerModel
import GleanerStore

/// Runs the `on-new` programs of feeds.conf: each program gets the new articles of its feeds, in batches, as
/// JSON Lines (the `headlines --json` contract) on its standard input.
///
/// - No shell: the program is started with `posix_spawn`, by its absolute path, with no arguments, so no
///   article text ever reaches a command line. It inherits only standard input, output and error (every other
///   descriptor is closed in the child, whatever its close-on-exec flag), and runs in a process group of its
///   own, so that ending it also ends what it started.
/// - Each program is a consumer with its own cursor (`hook:/path`), advanced only after the program exited
///   with status 0 for that batch. A failing, crashing, missing or timed-out program gets the same articles
///   again later: nothing is lost, and nothing is given twice unless the program failed (at-least-once, like
///   `headlines --new`).
/// - A failed batch is logged once; the program is then left alone for a backoff that doubles from
///   `retryBase` to `retryCap`, so a broken hook never runs in a tight loop. A runner keeps that state for its
///   life (the daemon keeps one; each CLI pass starts afresh).
/// - A program starts on each of its feeds where it was attached to it (`attach`, when feeds.conf is loaded):
///   a program added to a feed with stored articles gets only those stored after that, oldest first, in batches.
/// - Its standard output and error go to Gleaner's standard error (the journal under systemd).
/// - Each invocation ends by `timeout` (`hook-timeout`), or by the daemon's stop deadline when that comes
///   first: SIGTERM to its process group, then SIGKILL `killGrace` seconds later.
public struct HookRunner: Sendable {
    /// What one program got.
    public struct Report: Sendable, Equatable {
        public var program: String
        /// Articles delivered and acknowledged (exit status 0).
        public var delivered: Int
        /// Why it stopped early, when it did.
        public var error: String?
    }

    /// Articles per invocation.
    public static let batchSize = 500
    /// Seconds before the first retry of a failed program, doubled after each further failure up to `retryCap`.
    public static let retryBase = 30.0
    public static let retryCap = 30.0 * 60
    /// Seconds between SIGTERM and SIGKILL for a program that has to end.
    public static let killGrace = 1.0

    /// The consumer name of a program: `hook:/path/to/program`.
    public static func consumerName(program: String) -> String { "hook:" + program }

    private struct Backoff {
        var failures: Int
        var notBefore: Double
        /// The first sequence number of the batch that failed (a retry of the same batch is not logged again).
        var batch: Int64
    }

    /// Seconds each invocation may take.
    public var timeout: Double
    /// The daemon's stop deadline (`MonotonicClock.seconds()`), once a stop was asked for: no program starts after it
    /// was set, and a running one is ended at it.
    public var stopDeadline: @Sendable () -> Double?
    private var backoff: [String: Backoff] = [:]

    public init(timeout: Double, stopDeadline: @escaping @Sendable () -> Double? = { nil }) {
        self.timeout = timeout
        self.stopDeadline = stopDeadline
    }

    /// When the first program in backoff may run again (`MonotonicClock.seconds()`); nil when none waits.
    public var nextRetry: Double? { backoff.values.map(\.notBefore).min() }

    /// Records where every configured program starts on each of its feeds (new pairs only): called wherever
    /// feeds.conf is loaded into the store, before anything is fetched with it.
    public static func attach(config: Config, store: Store) throws {
        var pairs: [(consumer: String, feedURL: String)] = []
        for feed in config.feeds {
            guard let program = config.options(for: feed).onNew else { continue }
            pairs.append((consumerName(program: program), feed.url))
        }
        try store.attachHooks(pairs)
    }

    /// One pass of every configured program, with a fresh runner (the CLI: one pass per command).
    @discardableResult
    public static func run(config: Config, store: Store, log: (_ isError: Bool, _ line: String) -> Void,
                           timeout: Double? = nil) -> [Report] {
        var runner = HookRunner(timeout: timeout ?? Double(config.hookTimeout))
        return runner.run(config: config, store: store, log: log)
    }

    /// Runs every configured `on-new` program over the articles it has not acknowledged yet, except those
    /// still in backoff. Never throws: problems are logged and reported, and retried later.
    ///
    /// `log` gets one line per event, `key=value` style with stable keys (`hook ran program=/x articles=3`,
    /// `hook failed program=/x articles=3 error="exit status 1" retry=30s`); `isError` marks failures.
    @discardableResult
    public mutating func run(config: Config, store: Store, log: (_ isError: Bool, _ line: String) -> Void) -> [Report] {
        var programs: [String: [String]] = [:]
        var order: [String] = []
        for feed in config.feeds {
            guard let program = config.options(for: feed).onNew else { continue }
            if programs[program] == nil { order.append(program) }
            programs[program, default: []].append(feed.url)
        }
        // Programs no longer configured forget their backoff.
        backoff = backoff.filter { programs[$0.key] != nil }
        if order.isEmpty { return [] }
        // A program that exits without reading its input must not kill Gleaner with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        var reports: [Report] = []
        for program in order {
            if stopDeadline() != nil { break }
            if let b = backoff[program], b.notBefore > MonotonicClock.seconds() { continue }
            reports.append(run(program: program, feeds: programs[program]!, store: store, log: log))
        }
        return reports
    }

    private mutating func run(program: String, feeds: [String], store: Store, log: (Bool, String) -> Void) -> Report {
        let consumer = Self.consumerName(program: program)
        var report = Report(program: program, delivered: 0, error: nil)
        while true {
            let batch: [Headline]
            let page: Int
            do {
                var q = HeadlineQuery(onlyNewFor: consumer, limit: Self.batchSize)
                q.feedURLs = feeds
                q.includeDuplicates = true
                q.includeFullText = true
                let rows = try store.headlines(q).sorted { $0.seq < $1.seq }
                page = rows.count
                // Articles a feed had before the program was attached to it are passed over (cursor moves on).
                let starts = try store.hookStarts(consumer: consumer)
                batch = rows.filter { $0.seq > (starts[$0.feedURL] ?? 0) }
                if batch.isEmpty, let top = rows.last?.seq {
                    try store.markShown(consumer: consumer, upTo: top)
                    if page < Self.batchSize { return report }
                    continue
                }
            } catch {
                report.error = "store: \(error)"
                log(true, "hook failed program=\(Logger.quoted(program)) error=\(Logger.quoted(report.error!))")
                return report
            }
            guard let first = batch.first?.seq, let top = batch.last?.seq else { return report }
            var input: [UInt8] = []
            for h in batch {
                input.append(contentsOf: h.jsonLine.utf8)
                input.append(10)
            }
            if let problem = Self.spawn(program: program, input: input, timeout: timeout, stopDeadline: stopDeadline) {
                report.error = problem
                failed(program: program, batch: first, articles: batch.count, problem: problem, log: log)
                return report
            }
            do {
                try store.markShown(consumer: consumer, upTo: top)
            } catch {
                report.error = "store: \(error)"
                log(true, "hook cursor not saved program=\(Logger.quoted(program)) error=\(Logger.quoted(report.error!))")
                return report
            }
            if let b = backoff.removeValue(forKey: program) {
                log(false, "hook recovered program=\(Logger.quoted(program)) failures=\(b.failures)")
            }
            report.delivered += batch.count
            log(false, "hook ran program=\(Logger.quoted(program)) articles=\(batch.count)")
            if page < Self.batchSize { return report }
        }
    }

    /// Records a failure and its backoff; logs it unless it is a retry of a batch that already failed.
    private mutating func failed(program: String, batch: Int64, articles: Int, problem: String,
                                 log: (Bool, String) -> Void) {
        var b = backoff[program] ?? Backoff(failures: 0, notBefore: 0, batch: -1)
        let repeated = b.batch == batch
        b.failures += 1
        let delay = min(Self.retryCap, Self.retryBase * Double(1 << min(b.failures - 1, 20)))
        b.notBefore = MonotonicClock.seconds() + delay
        b.batch = batch
        backoff[program] = b
        // A stop cuts the program short through no fault of its own: the batch simply comes again next time.
        if stopDeadline() != nil {
            log(false, "hook stopped program=\(Logger.quoted(program)) articles=\(articles) error=\(Logger.quoted(problem))")
        } else if !repeated {
            log(true, "hook failed program=\(Logger.quoted(program)) articles=\(articles) error=\(Logger.quoted(problem))"
                + " retry=\(Int(delay))s")
        }
    }

    /// Starts `program` with `input` on its standard input; nil when it exited with status 0 in time. It is
    /// ended (SIGTERM, then SIGKILL) after `timeout` seconds, or at `stopDeadline()` when that is earlier.
    static func spawn(program: String, input: [UInt8], timeout: Double,
                      stopDeadline: () -> Double? = { nil }) -> String? {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return "pipe: \(String(cString: strerror(errno)))" }
        let (readEnd, writeEnd) = (fds[0], fds[1])
        // Close-on-exec, so that other programs started meanwhile do not hold the pipe open (pipe2 is a GNU
        // extension Swift does not see; hooks are started from one thread, so the gap is harmless).
        _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)
        _ = fcntl(writeEnd, F_SETFD, FD_CLOEXEC)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // dup2 clears close-on-exec on the child's 0 and 1.
        posix_spawn_file_actions_adddup2(&actions, readEnd, 0)
        posix_spawn_file_actions_adddup2(&actions, 2, 1)
        // Only 0, 1, 2 reach the program: a descriptor another thread opened without close-on-exec (curl keeps
        // internal socket pairs) must not leak into it.
        // glibc before 2.34 has no closefrom action (ENOSYS): every descriptor Gleaner opens itself is
        // close-on-exec, so the program still starts; only curl's internal pairs may then reach it.
        let closeRC = gleaner_spawn_file_actions_addclosefrom(&actions, 3)
        guard closeRC == 0 || closeRC == ENOSYS else {
            close(readEnd)
            close(writeEnd)
            return "cannot start: closing inherited descriptors: \(String(cString: strerror(closeRC)))"
        }
        // The child starts with no blocked signals and default SIGPIPE handling: the ignored SIGPIPE above
        // and whatever mask the calling thread has would otherwise be inherited across exec. Its own process
        // group lets a timeout end the shell script and the `sleep` it runs alike.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup(program), nil]
        defer { for p in argv { free(p) } }
        let rc = posix_spawn(&pid, program, &actions, &attributes, argv, environ)
        close(readEnd)
        guard rc == 0 else {
            close(writeEnd)
            return "cannot start: \(String(cString: strerror(rc)))"
        }
        let ownDeadline = MonotonicClock.seconds() + timeout
        /// The deadline now (a stop request can bring it forward) and what reaching it means.
        func limit() -> (at: Double, reason: String) {
            if let stop = stopDeadline(), stop < ownDeadline { return (stop, "stopped: gleaner is shutting down") }
            return (ownDeadline, "timed out after \(Int(timeout))s")
        }
        // Non-blocking writes, so a program that never reads cannot hold us past the deadline.
        _ = fcntl(writeEnd, F_SETFL, fcntl(writeEnd, F_GETFL) | O_NONBLOCK)
        var offset = 0
        var writeProblem: String?
        while offset < input.count {
            let n = input[offset...].withUnsafeBytes { write(writeEnd, $0.baseAddress, $0.count) }
            if n > 0 { offset += n; continue }
            if n < 0 && errno == EINTR { continue }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                let (at, reason) = limit()
                if MonotonicClock.seconds() > at { writeProblem = reason; break }
                var p = pollfd(fd: writeEnd, events: Int16(POLLOUT), revents: 0)
                _ = poll(&p, 1, 100)
                continue
            }
            // EPIPE: it exited without reading everything; its exit status decides.
            break
        }
        close(writeEnd)
        var status: Int32 = 0
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { break }
            if r < 0 && errno != EINTR { return "waitpid: \(String(cString: strerror(errno)))" }
            let (at, reason) = limit()
            if MonotonicClock.seconds() > at || writeProblem != nil {
                terminate(pid)
                return (writeProblem ?? reason) + " (killed)"
            }
            usleep(10_000)
        }
        // WIFEXITED / WEXITSTATUS / WTERMSIG are macros Swift does not import.
        let signalNumber = status & 0x7f
        if signalNumber != 0 { return "killed by signal \(signalNumber)" }
        let code = (status >> 8) & 0xff
        return code == 0 ? nil : "exit status \(code)"
    }

    /// SIGTERM to the program's process group, SIGKILL `killGrace` seconds later if it is still there; reaps it.
    private static func terminate(_ pid: pid_t) {
        var status: Int32 = 0
        kill(-pid, SIGTERM)
        let until = MonotonicClock.seconds() + killGrace
        while MonotonicClock.seconds() < until {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid || (r < 0 && errno != EINTR) {
                kill(-pid, SIGKILL)  // whatever it left behind in its group
                return
            }
            usleep(10_000)
        }
        kill(-pid, SIGKILL)
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }
}
