#if canImport(Glibc)
import Glibc
#endif

/// An exclusive advisory lock next to the store (`gleaner.sqlite.lock`), held by `gleaner run` for its
/// whole life, so that a second daemon on the same store refuses to start. Read-only commands do not take
/// it: SQLite's WAL lets them read while the daemon writes. The kernel drops the lock when the process
/// dies, so a crash never leaves a stale lock behind.
public final class StoreLock {
    private let fd: Int32
    public let path: String

    public struct Busy: Error, CustomStringConvertible {
        public let path: String
        public let holder: String?
        public var description: String {
            "another gleaner is already running on this store (lock \(path)"
                + (holder.map { " held by pid \($0)" } ?? "") + ")"
        }
    }

    public init(storePath: String) throws {
        path = storePath + ".lock"
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw StoreLockError(message: "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let busy = errno == EWOULDBLOCK
            var buffer = [UInt8](repeating: 0, count: 32)
            let n = pread(fd, &buffer, 31, 0)
            let holder = n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self).trimmingTrailingNewline() : nil
            let reason = String(cString: strerror(errno))
            close(fd)
            if busy { throw Busy(path: path, holder: holder) }
            throw StoreLockError(message: "cannot lock \(path): \(reason)")
        }
        let pid = "\(getpid())\n"
        _ = ftruncate(fd, 0)
        _ = pwrite(fd, pid, pid.utf8.count, 0)
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}

public struct StoreLockError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

extension String {
    func trimmingTrailingNewline() -> String {
        var s = self
        while s.last == "\n" || s.last == "\r" { s.removeLast() }
        return s
    }
}
