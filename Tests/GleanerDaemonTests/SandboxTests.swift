import Foundation
import GleanerTestSupport
import Testing

/// The daemon under the unit's seccomp restrictions (MemoryDenyWriteExecute, the @system-service allowlist
/// minus @privileged and @resources), installed by Tests/Sandbox/systemd-seccomp.py without systemd.
/// Whether the sandbox can run here: systemd-analyze (for the syscall groups) and python3-seccomp.
let seccompSandboxAvailable: Bool = {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze") else { return false }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
    p.arguments = ["-c", "import seccomp"]
    p.standardError = FileHandle.nullDevice
    guard (try? p.run()) != nil else { return false }
    p.waitUntilExit()
    return p.terminationStatus == 0
}()

@Suite(.serialized, .enabled(if: seccompSandboxAvailable, "needs /usr/bin/python3 with python3-seccomp"))
struct SandboxTests {
    static let script = Fixtures.repoRoot.appendingPathComponent("Tests/Sandbox/systemd-seccomp.py").path

    func sandboxed(_ command: [String]) throws -> GleanerCLI.Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        p.arguments = [Self.script, "--"] + command
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return .init(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                     stderr: String(decoding: e, as: UTF8.self))
    }

    @Test func theFilterReallyBlocksWritableExecutableMemoryAndResourceCalls() throws {
        // Controls: if these succeeded, the test below would prove nothing.
        let wx = try sandboxed(["/usr/bin/python3", "-c",
                                "import mmap; mmap.mmap(-1, 4096, prot=mmap.PROT_READ|mmap.PROT_WRITE|mmap.PROT_EXEC)"])
        #expect(wx.status != 0 && wx.stderr.contains("PermissionError"), "\(wx.stderr)")
        // chroot is in @privileged, sched_setaffinity in @resources; as root both work outside the filter.
        let chroot = try sandboxed(["/usr/bin/python3", "-c", "import os; os.chroot('/')"])
        #expect(chroot.status != 0 && chroot.stderr.contains("PermissionError"), "\(chroot.stderr)")
        let affinity = try sandboxed(["/usr/bin/python3", "-c", "import os; os.sched_setaffinity(0, {0})"])
        #expect(affinity.status != 0 && affinity.stderr.contains("PermissionError"), "\(affinity.stderr)")
        let plain = try sandboxed(["/usr/bin/python3", "-c", "print('ok')"])
        #expect(plain.status == 0 && plain.stdout == "ok\n", "\(plain.stderr)")
    }

    @Test func theDaemonFetchesStoresAndStopsCleanlyUnderTheFilter() throws {
        let dir = try TemporaryDirectory("gleaner-sandbox")
        let www = try TemporaryDirectory("gleaner-sandbox-www")
        let server = try TestHTTPServer(root: www.path)
        try www.write("s.xml", rssDocument(items: [("s1", "Sandboxed")]))
        let config = try dir.write("feeds.conf", "\(server.url("/files/s.xml")) name=S interval=1h\n").path
        let store = dir.file("store.sqlite").path

        let fetch = try sandboxed([GleanerCLI.executable.path, "fetch", "--config", config, "--store", store])
        #expect(fetch.status == 0 && fetch.stdout.contains("1 new"), "\(fetch.stdout)\(fetch.stderr)")

        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        p.arguments = [Self.script, "--", GleanerCLI.executable.path, "run", "--config", config, "--store", store]
        let log = dir.file("run.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        p.standardError = try FileHandle(forWritingTo: log)
        try p.run()
        defer { if p.isRunning { kill(p.processIdentifier, SIGKILL) } }
        #expect(waitUntil(timeout: 10) { ((try? String(contentsOf: log, encoding: .utf8)) ?? "").contains("info started") })
        kill(p.processIdentifier, SIGHUP)
        #expect(waitUntil(timeout: 10) { ((try? String(contentsOf: log, encoding: .utf8)) ?? "").contains("reloaded") })
        kill(p.processIdentifier, SIGTERM)
        #expect(waitUntil(timeout: 10) { !p.isRunning })
        #expect(p.terminationStatus == 0, "\((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
        let listed = try GleanerCLI.raw(["headlines", "--config", config, "--store", store])
        #expect(listed.stdout.contains("Sandboxed"))
    }
}
