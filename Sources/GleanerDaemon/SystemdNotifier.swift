#if canImport(Glibc)
import Glibc
#endif

/// The systemd notify protocol (sd_notify(3)) without libsystemd: one datagram per message to the
/// Unix socket named by `$NOTIFY_SOCKET`. A leading `@` names a socket in the abstract namespace, whose
/// address starts with a NUL byte. Without `$NOTIFY_SOCKET` (not started by systemd) every call is a no-op.
public final class SystemdNotifier: Sendable {
    // Immutable after init (so Sendable as checked by the compiler); sendto on a datagram socket is safe
    // from any thread.
    private let fd: Int32
    private let address: sockaddr_un?
    private let addressLength: socklen_t

    public init(socketPath: String? = SystemdNotifier.environment("NOTIFY_SOCKET")) {
        guard let path = socketPath, !path.isEmpty, path.utf8.count < 108,
              path.hasPrefix("/") || path.hasPrefix("@")
        else {
            fd = -1; address = nil; addressLength = 0
            return
        }
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(path.utf8)
        if bytes[0] == UInt8(ascii: "@") { bytes[0] = 0 }
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            for (i, b) in bytes.enumerated() { raw[i] = b }
        }
        address = addr
        // The abstract namespace counts exactly the name's bytes; a path also counts its terminating NUL.
        let pathOffset = MemoryLayout<sockaddr_un>.offset(of: \sockaddr_un.sun_path)!
        addressLength = socklen_t(pathOffset + bytes.count + (bytes[0] == 0 ? 0 : 1))
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    }

    deinit { if fd >= 0 { close(fd) } }

    public var isActive: Bool { fd >= 0 }

    /// Sends `READY=1`, `STATUS=…`, `WATCHDOG=1`, `RELOADING=1`, `STOPPING=1` (several may be joined by newlines).
    @discardableResult
    public func notify(_ message: String) -> Bool {
        guard fd >= 0, var addr = address else { return false }
        let bytes = Array(message.utf8)
        let sent = withUnsafePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                sendto(fd, bytes, bytes.count, Int32(MSG_NOSIGNAL), sa, addressLength)
            }
        }
        return sent == bytes.count
    }

    public static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }
}
