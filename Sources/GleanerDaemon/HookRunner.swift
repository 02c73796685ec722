#if canImport(Glibc)
import Glibc
#endif
import GleanerConfig
import GleanerModel
import GleanerStore

/// Runs the `on-new` programs of feeds.conf: each program gets the new articles of its feeds, in batches, as
/// JSON Lines (the `headlines --json` contract) on its standard input.
///
/// - No shell: the program is started with `posix_spawn`, by its absolute path, with no arguments, so no
///   article text ever reaches a command line.
/// - Each program is a consumer with its own cursor (`hook:/path`), advanced only after the program exited
///   with status 0 for that batch. A failing, crashing or timed-out program is logged and gets the same
///   articles again on the next run: nothing is lost, and nothing is given twice unless the program failed
///   (at-least-once, like `headlines --new`).
/// - A program's first run gets every stored article of its feeds, oldest first, in batches.
/// - Its standard output and error go to Gleaner's standard error (the journal under systemd).
public enum HookRunner {
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

    /// The consumer name of a program: `hook:/path/to/program`.
    public static func consumerName(program: String) -> String { "hook:" + program }

    /// Runs every configured `on-new` program over the articles it has not acknowledged yet; call it after
    /// each fetch (the CLI's `fetch`/`update`, the daemon after each pass). Never throws: problems are logged
    /// and reported, and retried on the next call. `timeout` bounds each invocation (seconds).
    ///
    /// `log` gets one line per event, `key=value` style with stable keys (`hook ran program=/x articles=3`,
    /// `hook failed program=/x articles=3 error="exit status 1"`); `isError` marks failures.
    @discardableResult
    public static func run(config: Config, store: Store, log: (_ isError: Bool, _ line: String) -> Void,
                           timeout: Double = 60) -> [Report] {
        var programs: [String: [String]] = [:]
        var order: [String] = []
        for feed in config.feeds {
            guard let program = config.options(for: feed).onNew else { continue }
            if programs[program] == nil { order.append(program) }
            programs[program, default: []].append(feed.url)
        }
        if order.isEmpty { return [] }
        // A program that exits without reading its input must not kill Gleaner with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        return order.map { program in
            run(program: program, feeds: programs[program]!, store: store, log: log, timeout: timeout)
        }
    }

    static func run(program: String, feeds: [String], store: Store, log: (Bool, String) -> Void,
                    timeout: Double) -> Report {
        let consumer = consumerName(program: program)
        var report = Report(program: program, delivered: 0, error: nil)
        while true {
            let batch: [Headline]
            do {
                var q = HeadlineQuery(onlyNewFor: consumer, limit: batchSize)
                q.feedURLs = feeds
                q.includeDuplicates = true
                batch = try store.headlines(q).sorted { $0.seq < $1.seq }
            } catch {
                report.error = "store: \(error)"
                log(true, "hook failed program=\(quoted(program)) error=\(quoted(report.error!))")
                return report
            }
            guard let top = batch.last?.seq else { return report }
            var input: [UInt8] = []
            for h in batch {
                input.append(contentsOf: h.jsonLine.utf8)
                input.append(10)
            }
            if let problem = spawn(program: program, input: input, timeout: timeout) {
                report.error = problem
                log(true, "hook failed program=\(quoted(program)) articles=\(batch.count) error=\(quoted(problem))")
                return report
            }
            do {
                try store.markShown(consumer: consumer, upTo: top)
            } catch {
                report.error = "store: \(error)"
                log(true, "hook cursor not saved program=\(quoted(program)) error=\(quoted(report.error!))")
                return report
            }
            report.delivered += batch.count
            log(false, "hook ran program=\(quoted(program)) articles=\(batch.count)")
            if batch.count < batchSize { return report }
        }
    }

    /// Starts `program` with `input` on its standard input; nil when it exited with status 0 in time.
    static func spawn(program: String, input: [UInt8], timeout: Double) -> String? {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return "pipe: \(String(cString: strerror(errno)))" }
        let (readEnd, writeEnd) = (fds[0], fds[1])
        // Close-on-exec, so that other programs started meanwhile do not hold the pipe open (dup2 onto the
        // child's fd 0 clears the flag there).
        _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)
        _ = fcntl(writeEnd, F_SETFD, FD_CLOEXEC)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, readEnd, 0)
        posix_spawn_file_actions_adddup2(&actions, 2, 1)
        // The child starts with no blocked signals and default SIGPIPE handling: the ignored SIGPIPE above
        // and whatever mask the calling thread has would otherwise be inherited across exec.
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
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup(program), nil]
        defer { for p in argv { free(p) } }
        let rc = posix_spawn(&pid, program, &actions, &attributes, argv, environ)
        close(readEnd)
        guard rc == 0 else {
            close(writeEnd)
            return "cannot start: \(String(cString: strerror(rc)))"
        }
        let deadline = monotonicSeconds() + timeout
        // Non-blocking writes, so a program that never reads cannot hold us past the deadline.
        _ = fcntl(writeEnd, F_SETFL, fcntl(writeEnd, F_GETFL) | O_NONBLOCK)
        var offset = 0
        var writeProblem: String?
        while offset < input.count {
            let n = input[offset...].withUnsafeBytes { write(writeEnd, $0.baseAddress, $0.count) }
            if n > 0 { offset += n; continue }
            if n < 0 && errno == EINTR { continue }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                if monotonicSeconds() > deadline { writeProblem = "timed out after \(Int(timeout))s"; break }
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
            if monotonicSeconds() > deadline || writeProblem != nil {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                return writeProblem ?? "timed out after \(Int(timeout))s (killed)"
            }
            usleep(10_000)
        }
        // WIFEXITED / WEXITSTATUS / WTERMSIG are macros Swift does not import.
        let signalNumber = status & 0x7f
        if signalNumber != 0 { return "killed by signal \(signalNumber)" }
        let code = (status >> 8) & 0xff
        return code == 0 ? nil : "exit status \(code)"
    }

    static func quoted(_ s: String) -> String {
        s.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" }) || s.isEmpty
            ? "\"" + s.replacingAll("\\", "\\\\").replacingAll("\"", "\\\"") + "\"" : s
    }

    static func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}

extension String {
    fileprivate func replacingAll(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
