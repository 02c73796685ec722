import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A real HTTP/1.1 server on 127.0.0.1 (Tests/Servers/testserver.py) with validators, gzip and fault routes,
/// so fetch tests exercise sockets, keep-alive and curl's parsing instead of a mock. One process per instance;
/// it is killed (SIGKILL) by `stop()` or when the value is released.
public final class TestHTTPServer: @unchecked Sendable {
    /// One request as the server logged it.
    public struct LoggedRequest: Sendable {
        public var path: String
        public var method: String
        /// Header names in lower case; repeated headers joined with ", ".
        public var headers: [String: String]
        /// The status sent (0 when the connection was reset before any response).
        public var status: Int
        /// The response's Content-Encoding, e.g. "gzip", when the body was compressed.
        public var contentEncoding: String?
        /// When the request line arrived, by the server's wall clock (seconds since 1970, sub-second precision):
        /// comparable with the daemon's own realtime clock and second-resolution due times.
        public var received: Double
        /// When the request line arrived, by the server's monotonic clock (seconds, sub-second precision): for
        /// the time between two requests, which no wall-clock step or log rounding can distort.
        public var receivedMonotonic: Double
    }

    public let port: Int
    /// Whether it serves HTTPS, with a self-signed certificate made for this instance (`openssl req -x509`).
    public let tls: Bool
    public var baseURL: String { (tls ? "https" : "http") + "://127.0.0.1:\(port)" }

    private let process: Process
    private let logURL: URL
    private let lock = NSLock()
    private var stopped = false

    /// The script, found from the repository root so tests run the same from any working directory.
    public static let script = Fixtures.repoRoot.appendingPathComponent("Tests/Servers/testserver.py")

    /// Starts a server serving `root` under /files/, and waits (up to 10 s) for it to report its port.
    /// With `tls`, it serves HTTPS with a fresh self-signed certificate for 127.0.0.1 (which no client trusts).
    public init(root: String, tls: Bool = false) throws {
        self.tls = tls
        logURL = FileManager.default.temporaryDirectory
            .appendingPathComponent("gleaner-testserver-\(UUID().uuidString).jsonl")
        var arguments = ["python3", Self.script.path, "--port", "0", "--root", root, "--log", logURL.path]
        if tls {
            let cert = logURL.path + ".cert.pem", key = logURL.path + ".key.pem"
            let openssl = Process()
            openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            openssl.arguments = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                                 "-subj", "/CN=127.0.0.1", "-keyout", key, "-out", cert]
            openssl.standardOutput = FileHandle.nullDevice
            openssl.standardError = FileHandle.nullDevice
            try openssl.run()
            openssl.waitUntilExit()
            guard openssl.terminationStatus == 0 else { throw ServerError("openssl req -x509 failed") }
            arguments += ["--tls", cert, key]
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardInput = FileHandle.nullDevice
        try process.run()
        self.process = process
        do {
            port = try Self.readPort(from: stdout.fileHandleForReading.fileDescriptor, timeout: 10)
        } catch {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            try? FileManager.default.removeItem(at: logURL)
            throw error
        }
    }

    deinit { stop() }

    /// An absolute URL for a path on this server, e.g. `url("/files/feed.xml")`.
    public func url(_ path: String) -> String { baseURL + (path.hasPrefix("/") ? path : "/" + path) }

    /// Every request the server has logged so far, in arrival order of their responses.
    public func requests() throws -> [LoggedRequest] {
        let text = try String(contentsOf: logURL, encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw ServerError("log line is not an object: \(line)")
            }
            return LoggedRequest(
                path: object["path"] as? String ?? "",
                method: object["method"] as? String ?? "",
                headers: object["headers"] as? [String: String] ?? [:],
                status: object["status"] as? Int ?? 0,
                contentEncoding: object["encoding"] as? String,
                received: object["received"] as? Double ?? 0,
                receivedMonotonic: object["received_monotonic"] as? Double ?? 0)
        }
    }

    /// Kills the server; safe to call more than once.
    public func stop() {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { return }
        stopped = true
        // SIGKILL, not terminate()'s SIGTERM: a child spawned from a test thread inherits that thread's signal
        // mask, and Dispatch's worker threads block SIGTERM, so the server would never see it (measured here).
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: logURL)
        try? FileManager.default.removeItem(atPath: logURL.path + ".cert.pem")
        try? FileManager.default.removeItem(atPath: logURL.path + ".key.pem")
    }

    /// Reads the "PORT <n>" line with poll(2), so a server that never starts fails the test instead of hanging it.
    private static func readPort(from fd: Int32, timeout: Double) throws -> Int {
        let deadline = Date().addingTimeInterval(timeout)
        var line: [UInt8] = []
        while !line.contains(UInt8(ascii: "\n")) {
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { throw ServerError("test server did not report its port within \(timeout) s") }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(remaining * 1000))
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 64)
            let count = read(fd, &buffer, buffer.count)
            guard count > 0 else { throw ServerError("test server exited before reporting its port") }
            line += buffer[..<count]
        }
        let text = String(decoding: line.prefix(while: { $0 != UInt8(ascii: "\n") }), as: UTF8.self)
        guard text.hasPrefix("PORT "), let port = Int(text.dropFirst(5)) else {
            throw ServerError("unexpected first line from test server: \(text)")
        }
        return port
    }

    struct ServerError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}

/// The logged-request type under its short name, for tests that spell it out.
public typealias LoggedRequest = TestHTTPServer.LoggedRequest
