import Foundation
import GleanerTestSupport

/// A temporary directory served by a fresh loopback test server; both go away with the value.
final class ServedDirectory {
    let directory: TemporaryDirectory
    let server: TestHTTPServer

    init(_ files: [String: [UInt8]] = [:]) throws {
        directory = try TemporaryDirectory("gleaner-fetch")
        for (name, bytes) in files { try directory.write(name, bytes: bytes) }
        server = try TestHTTPServer(root: directory.path)
    }

    func url(_ path: String) -> String { server.url(path) }

    /// Rewrites a served file, as a feed that changed between two polls.
    func write(_ name: String, _ bytes: [UInt8]) throws { try directory.write(name, bytes: bytes) }
}
