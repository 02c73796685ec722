import Foundation
@testable import GleanerDaemon
import GleanerStore
import GleanerTestSupport
import Testing

/// The daemon's lock file never follows a link, belongs to the store's real file whatever path names it, and
/// the files Gleaner creates are private to its user.
@Suite(.serialized) struct StoreLockTests {
    let dir: TemporaryDirectory
    init() throws { dir = try TemporaryDirectory("gleaner-lock") }

    func mode(_ path: String) -> mode_t {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & 0o777 : 0xFFFF
    }

    @Test func aSymlinkAtTheLockPathIsRefusedAndItsTargetUntouched() throws {
        let store = dir.file("s.sqlite").path
        _ = try SQLiteStore(path: store)
        let precious = try dir.write("precious.txt", "do not truncate me\n")
        #expect(symlink(precious.path, store + ".lock") == 0)
        #expect {
            _ = try StoreLock(storePath: store)
        } throws: { error in
            "\(error)".contains("symbolic link") && "\(error)".contains(store + ".lock")
        }
        #expect(try String(contentsOf: precious, encoding: .utf8) == "do not truncate me\n")
        // A hard link to another file is refused the same way.
        try FileManager.default.removeItem(atPath: store + ".lock")
        #expect(link(precious.path, store + ".lock") == 0)
        #expect(throws: StoreLockError.self) { _ = try StoreLock(storePath: store) }
        #expect(try String(contentsOf: precious, encoding: .utf8) == "do not truncate me\n")
    }

    @Test func aSecondDaemonThroughASymlinkedPathIsRefused() throws {
        let real = dir.file("real/s.sqlite").path
        _ = try SQLiteStore(path: real)
        let first = try StoreLock(storePath: real)
        // A link to the file, and a link to its folder.
        #expect(symlink(real, dir.file("file-link.sqlite").path) == 0)
        #expect(symlink(dir.file("real").path, dir.file("dir-link").path) == 0)
        for other in [dir.file("file-link.sqlite").path, dir.file("dir-link/s.sqlite").path] {
            #expect(throws: StoreLock.Busy.self) { _ = try StoreLock(storePath: other) }
        }
        withExtendedLifetime(first) {}

        // The same with real processes: a daemon on the real path, another through the link.
        let www = try TemporaryDirectory("gleaner-lock-www")
        let server = try TestHTTPServer(root: www.path)
        try www.write("a.xml", StoreTestFeeds.simple("a", 1...1))
        let conf = try dir.write("feeds.conf", "\(server.url("/files/a.xml"))\n")
        let daemon = try DaemonProcess(config: conf.path, store: dir.file("real/d.sqlite").path, dir: dir)
        #expect(daemon.waitForLog("started"), "\(daemon.log)")
        #expect(symlink(dir.file("real/d.sqlite").path, dir.file("d-link.sqlite").path) == 0)
        // A DaemonProcess, so that a second daemon wrongly let in is killed instead of hanging the test.
        let second = try DaemonProcess(config: conf.path, store: dir.file("d-link.sqlite").path, dir: dir)
        let status = second.waitForExit(timeout: 10)
        #expect(status != nil && status != 0)
        #expect(second.log.contains("already running"), "\(second.log)")
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit(timeout: 5) == 0)
    }

    @Test func filesGleanerCreatesArePrivate() throws {
        let store = dir.file("new/folder/s.sqlite").path
        let s = try SQLiteStore(path: store)
        try s.syncFeeds([(url: "https://user@example.org/feed", name: nil, tags: [])])
        let lock = try StoreLock(storePath: store)
        for path in [store, store + "-wal", store + "-shm", lock.path] {
            #expect(FileManager.default.fileExists(atPath: path), "\(path) missing")
            #expect(mode(path) == 0o600, "\(path): \(String(mode(path), radix: 8))")
        }
        #expect(mode(dir.file("new").path) == 0o700)
        #expect(mode(dir.file("new/folder").path) == 0o700)
        withExtendedLifetime(s) {}
    }
}
