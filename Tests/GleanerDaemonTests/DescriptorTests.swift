import Foundation
@testable import GleanerPipeline
import GleanerFetch
import GleanerTestSupport
import Synchronization
import Testing

/// Nothing Gleaner holds open reaches an `on-new` program: curl's sockets are close-on-exec, and the program
/// gets only standard input, output and error whatever else the process has open.
@Suite(.serialized) struct DescriptorTests {
    /// Counts body bytes; says when the transfer is under way.
    final class Watch: BodySink, Sendable {
        let receiving = Atomic<Bool>(false)
        /// Close-on-exec of every socket connected to `port`, looked at from inside the transfer.
        let sockets = Mutex<[(fd: Int32, cloexec: Bool)]>([])
        let port: Int
        init(port: Int) { self.port = port }
        func begin(status: Int, contentType: String?, effectiveURL: String) {}
        func receive(_ chunk: UnsafeRawBufferPointer) {
            let port = self.port
            sockets.withLock { s in if s.isEmpty { s = DescriptorTests.socketsConnected(toPort: port) } }
            receiving.store(true, ordering: .releasing)
        }
    }

    /// Open descriptors of this process that are TCP sockets connected to 127.0.0.1:`port`.
    static func socketsConnected(toPort port: Int) -> [(fd: Int32, cloexec: Bool)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return names.compactMap(Int32.init).compactMap { fd in
            var addr = sockaddr_in()
            var len = socklen_t(MemoryLayout<sockaddr_in>.size)
            let ok = withUnsafeMutablePointer(to: &addr) { p in
                p.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(fd, $0, &len) == 0 }
            }
            guard ok, addr.sin_family == sa_family_t(AF_INET), Int(UInt16(bigEndian: addr.sin_port)) == port
            else { return nil }
            return (fd, fcntl(fd, F_GETFD) & FD_CLOEXEC != 0)
        }
    }

    @Test func aHookStartedDuringATransferSeesOnlyItsStandardDescriptors() throws {
        let dir = try TemporaryDirectory("gleaner-fds")
        let www = try TemporaryDirectory("gleaner-fds-www")
        let server = try TestHTTPServer(root: www.path)
        let listing = dir.file("fds").path
        let hook = try dir.write("list.sh", "#!/bin/sh\nls /proc/self/fd > '\(listing)'\n")
        chmod(hook.path, 0o755)
        // A descriptor this process opens without close-on-exec, as a library might: it must not leak either.
        let stray = open("/dev/null", O_RDONLY)
        defer { close(stray) }

        let watch = Watch(port: server.port)
        let done = Atomic<Bool>(false)
        let url = server.url("/fault/slow?bytes_per_sec=2000&bytes=40000")
        let fetching = Thread {
            let fetcher = Fetcher(maxTransfers: 2)
            fetcher.run([(FetchRequest(url: url), watch)], stopWhen: { done.load(ordering: .acquiring) }) { _, _ in }
        }
        fetching.start()
        defer { done.store(true, ordering: .releasing) }
        #expect(waitUntil(timeout: 10) { watch.receiving.load(ordering: .acquiring) })

        let problem = HookRunner.spawn(program: hook.path, input: [], timeout: 10)
        done.store(true, ordering: .releasing)
        #expect(problem == nil, "\(problem ?? "")")
        let text = try String(contentsOfFile: listing, encoding: .utf8)
        let fds = text.split(separator: "\n").map(String.init)
        // 0, 1 (the listing), 2, and the directory `ls` opened to read /proc/self/fd.
        #expect(fds == ["0", "1", "2", "3"], "\(fds)")
        let sockets = watch.sockets.withLock { $0 }
        #expect(!sockets.isEmpty, "no connection to the server seen during the transfer")
        #expect(sockets.allSatisfy { $0.cloexec }, "\(sockets)")
    }
}
