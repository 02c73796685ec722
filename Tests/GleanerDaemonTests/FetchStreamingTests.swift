import Foundation
import GleanerTestSupport
import Testing

/// The body goes from curl's write callback into the push parser chunk by chunk: `gleaner fetch`'s peak
/// memory does not follow the document's size.
@Suite(.serialized) struct FetchStreamingTests {
    /// A feed of two articles padded with `padding` bytes of an element nobody reads.
    func paddedFeed(padding: Int) -> String {
        let line = String(repeating: "p", count: 1023) + "\n"
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:x="urn:example:padding"><channel><title>Padded</title>
            <item><guid>1</guid><title>One</title></item>
            <x:pad>\(String(repeating: line, count: padding / 1024))</x:pad>
            <item><guid>2</guid><title>Two</title></item>
            </channel></rss>
            """
    }

    /// Peak resident set (KiB) of one `gleaner fetch`, measured by GNU time.
    func peakKiB(feedSize: Int) throws -> Int {
        let dir = try TemporaryDirectory("gleaner-stream")
        try dir.write("feed.xml", paddedFeed(padding: feedSize))
        let server = try TestHTTPServer(root: dir.path)
        let conf = try dir.write("feeds.conf", "max-size = 64M\n\(server.url("/files/feed.xml"))\n").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/time")
        process.arguments = ["-f", "%M", "-o", dir.file("time").path, GleanerCLI.executable.path, "fetch",
                             "--config", conf, "--store", dir.file("s.sqlite").path]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let printed = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(printed.contains("2 new"), "\(printed)")
        let text = try String(contentsOf: dir.file("time"), encoding: .utf8)
        return Int(text.split(separator: "\n").last { Int($0) != nil } ?? "") ?? -1
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/time")))
    func peakMemoryDoesNotGrowWithTheDocument() throws {
        let small = try peakKiB(feedSize: 1 << 20)
        let large = try peakKiB(feedSize: 48 << 20)
        #expect(small > 0 && large > 0)
        // 47 MiB more document; allow 8 MiB of noise (allocator, curl buffers), far below the document's size.
        #expect(large - small < 8 << 10, "peak \(small) KiB for 1 MiB, \(large) KiB for 48 MiB")
    }
}
