import Foundation
import GleanerTestSupport

/// Runs the built `gleaner` executable, as a user would, and captures what it prints.
struct GleanerCLI {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var lines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }
    }

    /// `swift test` builds the executable next to the test bundle.
    static let executable: URL = {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = bundle.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("gleaner")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return Fixtures.repoRoot.appendingPathComponent(".build/debug/gleaner")
    }()

    let config: String
    let store: String

    /// `environment` is added to this process's environment.
    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        var env: [String: String]? = nil
        if !environment.isEmpty { env = ProcessInfo.processInfo.environment.merging(environment) { _, new in new } }
        return try GleanerCLI.raw(["--config", config, "--store", store].withCommand(arguments), environment: env)
    }

    /// Runs with exactly these arguments (the subcommand first).
    static func raw(_ arguments: [String], environment: [String: String]? = nil, directory: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes while the process runs, so a large output never blocks it.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data(), errData = Data()
        DispatchQueue.global().async(group: group) { outData = out.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { errData = err.fileHandleForReading.readDataToEndOfFile() }
        process.waitUntilExit()
        group.wait()
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}

extension Array where Element == String {
    /// Puts the subcommand first, then the global options, then the rest.
    func withCommand(_ arguments: [String]) -> [String] {
        guard let command = arguments.first else { return self }
        return [command] + self + arguments.dropFirst()
    }
}

/// A loopback port with nothing listening on it: bind to port 0, read the port the kernel chose, close.
func unusedLoopbackPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    addr.sin_port = 0
    var len = socklen_t(MemoryLayout<sockaddr_in>.size)
    let ok = withUnsafeMutablePointer(to: &addr) { p in
        p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
            bind(fd, sa, len) == 0 && getsockname(fd, sa, &len) == 0
        }
    }
    guard ok else { throw POSIXError(.EADDRINUSE) }
    return Int(UInt16(bigEndian: addr.sin_port))
}
