#if canImport(Glibc)
import Glibc
#endif

/// An exclusive advisory lock next to the store (`gleaner.sqlite.lock`), held by `gleaner run` for its
/// whole life, so that a second daemon on the same store refuses to start. Read-only commands do not take
/// it: SQLite's WAL lets them read while the daemon writes. The kernel drops the lock when the process
/// dies, so a crash never leaves a stale lock behind.
///
/// The lock belongs to the store's real file, not to the path it was named by: the path is resolved
/// (`realpath`, every symbolic link followed) before `.lock` is added, so a second daemon reaching the store
/// through a symlinked file or folder finds the same lock. (The database file itself is not locked: closing
/// any other descriptor on it would drop the POSIX locks SQLite holds in this process.) The lock file itself
/// is never followed: a symbolic link, a hard link or anything but a plain file at its path is refused, so
/// that writing the PID can never truncate another file.
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
        path = (Self.realPath(storePath) ?? storePath) + ".lock"
        fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            if errno == ELOOP {
                throw StoreLockError(message: "cannot use lock file \(path): it is a symbolic link (remove it; "
                                     + "gleaner creates the lock file itself)")
            }
            throw StoreLockError(message: "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_nlink == 1 else {
            close(fd)
            throw StoreLockError(message: "cannot use lock file \(path): not a plain file of its own "
                                 + "(a hard link or a special file; remove it)")
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

    /// The path with every symbolic link resolved; nil when it does not exist (yet).
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
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
