import Foundation
import GleanerModel
import GleanerTestSupport

/// `gleaner run` as a child process: its standard error goes to a file the test reads, signals are real.
final class DaemonProcess: @unchecked Sendable {
    let process = Process()
    let logFile: URL

    init(config: String, store: String, dir: TemporaryDirectory, environment extra: [String: String] = [:],
         logLevel: String = "debug") throws {
        logFile = dir.file("daemon-\(UUID().uuidString.prefix(8)).log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        process.executableURL = GleanerCLI.executable
        process.arguments = ["run", "--config", config, "--store", store, "--log-level", logLevel]
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "NOTIFY_SOCKET")
        env.removeValue(forKey: "WATCHDOG_USEC")
        env.removeValue(forKey: "JOURNAL_STREAM")
        for (k, v) in extra { env[k] = v }
        process.environment = env
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: logFile)
        try process.run()
    }

    var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }
    var pid: Int32 { process.processIdentifier }

    func signal(_ sig: Int32) { kill(process.processIdentifier, sig) }

    /// Waits for the log to contain `text` (counted `times`), polling every 50 ms.
    @discardableResult
    func waitForLog(_ text: String, times: Int = 1, timeout: Double = 10) -> Bool {
        waitUntil(timeout: timeout) { self.log.components(separatedBy: text).count - 1 >= times }
    }

    /// Waits for the process to exit; returns its status, or nil on timeout.
    func waitForExit(timeout: Double) -> Int32? {
        waitUntil(timeout: timeout) { !self.process.isRunning } ? process.terminationStatus : nil
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}

/// Polls `condition` every 50 ms until it holds or `timeout` seconds pass.
func waitUntil(timeout: Double, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if condition() { return true }
        usleep(50_000)
    }
    return condition()
}

/// A datagram socket standing in for systemd's `$NOTIFY_SOCKET`.
final class NotifySocket: @unchecked Sendable {
    let path: String
    private let fd: Int32

    init(dir: TemporaryDirectory) throws {
        path = dir.file("notify.sock").path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in for (i, b) in bytes.enumerated() { raw[i] = b } }
        let ok = withUnsafePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0
            }
        }
        guard ok else { throw POSIXError(.EADDRINUSE) }
    }

    deinit { close(fd); unlink(path) }

    /// Every message received within `timeout` seconds with the monotonic time it arrived, until `until`
    /// (asked after each message and every 50 ms) says to stop.
    func receiveTimed(timeout: Double, until: () -> Bool) -> [(at: Double, message: String)] {
        var messages: [(Double, String)] = []
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while Date() < deadline, !until() {
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&p, 1, 50) > 0 else { continue }
            let n = recv(fd, &buffer, buffer.count, 0)
            guard n > 0 else { continue }
            messages.append((MonotonicClock.seconds(), String(decoding: buffer[0..<n], as: UTF8.self)))
        }
        return messages
    }

    /// Every message received within `timeout` seconds, until `until` matches one.
    func receive(timeout: Double, until: (String) -> Bool) -> [String] {
        var messages: [String] = []
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while Date() < deadline {
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ms = Int32(max(1, deadline.timeIntervalSinceNow * 1000))
            guard poll(&p, 1, ms) > 0 else { continue }
            let n = recv(fd, &buffer, buffer.count, 0)
            guard n > 0 else { continue }
            let message = String(decoding: buffer[0..<n], as: UTF8.self)
            messages.append(message)
            if until(message) { break }
        }
        return messages
    }
}
