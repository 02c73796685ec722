import Foundation
import GleanerConfig
import GleanerDaemon
import GleanerPipeline
import GleanerTestSupport
import Testing

/// The shipped units pass `systemd-analyze verify` without a warning, and the daemon's unit keeps a low
/// exposure score. (An unknown key is only a warning with exit status 0, so the output must be empty.)
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze"),
                "systemd-analyze is not installed"))
struct SystemdUnitTests {
    static let units = ["gleaner.service", "gleaner-fetch.service", "gleaner-fetch.timer"]

    /// The units with ExecStart pointing at the freshly built binary (verify checks that it is executable).
    func installedCopy() throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory("gleaner-units")
        for unit in Self.units {
            let text = try String(contentsOf: Fixtures.repoRoot.appendingPathComponent("systemd/\(unit)"), encoding: .utf8)
            try dir.write(unit, text.replacingOccurrences(of: "/usr/local/bin/gleaner", with: GleanerCLI.executable.path))
        }
        return dir
    }

    func analyze(_ arguments: [String], in dir: String) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/systemd-analyze")
        p.arguments = arguments
        p.currentDirectoryURL = URL(fileURLWithPath: dir)
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func unitsVerifyWithoutWarnings() throws {
        let dir = try installedCopy()
        // The man page named by Documentation= is installed by scripts/install.sh, not on the machine running
        // the tests; verify checks everything else.
        let (status, output) = try analyze(["verify", "--man=no"] + Self.units.map { dir.file($0).path }, in: dir.path)
        #expect(status == 0, "\(output)")
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(output)")
    }

    @Test(arguments: ["gleaner.service", "gleaner-fetch.service"])
    func exposureScoreIsAtMostTwo(unit: String) throws {
        let dir = try installedCopy()
        let (_, output) = try analyze(["security", "--offline=yes", dir.file(unit).path], in: dir.path)
        let line = try #require(output.split(separator: "\n").first { $0.contains("Overall exposure level") })
        let score = try #require(line.split(separator: " ").compactMap { Double($0) }.first)
        #expect(score <= 2.0, "\(line)")
    }

    /// The one-shot unit runs the same code on the same input as the daemon: it gets every hardening directive
    /// of the daemon's unit, with the same value. Only what makes a resident, notifying service differ.
    @Test func theOneShotUnitIsHardenedLikeTheDaemon() throws {
        func directives(_ unit: String) throws -> [String: [String]] {
            let text = try String(contentsOf: Fixtures.repoRoot.appendingPathComponent("systemd/\(unit)"), encoding: .utf8)
            var out: [String: [String]] = [:]
            for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("[") {
                guard let eq = line.firstIndex(of: "=") else { continue }
                out[String(line[..<eq]), default: []].append(String(line[line.index(after: eq)...]))
            }
            return out
        }
        let daemonOnly: Set = ["Description", "Documentation", "Wants", "After", "Type", "ExecStart", "ExecReload",
                               "NotifyAccess", "WatchdogSec", "Restart", "RestartSec", "TimeoutStopSec",
                               "TimeoutStartSec", "WantedBy"]
        let daemon = try directives("gleaner.service"), oneShot = try directives("gleaner-fetch.service")
        for (key, values) in daemon where !daemonOnly.contains(key) {
            #expect(oneShot[key] == values, "gleaner-fetch.service: \(key)=\(values)")
        }
    }

    /// systemd's deadlines leave the daemon's own ones room: a stop ends within stop-timeout plus the hook's
    /// SIGTERM-to-SIGKILL grace, and the watchdog period has nothing to do with hook-timeout any more.
    @Test func stopAndWatchdogDeadlinesFitTheDaemons() throws {
        let text = try String(contentsOf: Fixtures.repoRoot.appendingPathComponent("systemd/gleaner.service"), encoding: .utf8)
        func seconds(_ key: String) throws -> Double {
            let line = try #require(text.split(separator: "\n").first { $0.hasPrefix(key + "=") })
            let value = line.dropFirst(key.count + 1)
            return try #require(Double(value.hasSuffix("s") ? String(value.dropLast()) : String(value)))
        }
        let defaults = Config(path: "feeds.conf")
        #expect(try seconds("TimeoutStopSec") >= Double(defaults.stopTimeout) + HookRunner.killGrace + 5)
        // Pinged at half the period; the scheduler's longest silence is a 5 s SQLite busy wait.
        #expect(try seconds("WatchdogSec") / 2 > 5 * 2)
    }
}
