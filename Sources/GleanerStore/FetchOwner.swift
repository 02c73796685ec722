#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GleanerModel

/// The process whose fetch claimed a feed (`Store.claimFeeds`): its pid and a number drawn once per process, so
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
