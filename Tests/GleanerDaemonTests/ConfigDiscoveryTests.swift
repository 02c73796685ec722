import Foundation
import GleanerTestSupport
import Testing

/// Where the CLI finds feeds.conf and the store when nothing names them, run as a user would: the real binary,
/// an environment of its own (HOME, XDG_CONFIG_HOME, GLEANER_CONFIG) and a working directory of its own.
@Suite struct ConfigDiscoveryTests {
    /// A home with nothing in it, and an environment that points only there.
    final class Sandbox {
        let root: TemporaryDirectory
        var environment: [String: String]
        var home: URL { root.file("home") }
        var work: URL { root.file("work") }

        init() throws {
            root = try TemporaryDirectory("gleaner-discovery")
            try FileManager.default.createDirectory(at: root.file("home"), withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: root.file("work"), withIntermediateDirectories: true)
            environment = ["HOME": root.file("home").path, "PATH": "/usr/bin:/bin"]
        }

        func run(_ arguments: [String]) throws -> GleanerCLI.Result {
            try GleanerCLI.raw(arguments, environment: environment, directory: work)
        }
    }

    /// The system-wide file would win over ./feeds.conf on a machine that has one: those cases cannot be
    /// checked there.
    static let noSystemConfig = !FileManager.default.fileExists(atPath: "/etc/gleaner/feeds.conf")

    @Test(.enabled(if: noSystemConfig, "/etc/gleaner/feeds.conf exists on this machine"))
    func withoutAnyFeedsFileTheErrorSaysWhereItLookedAndHowToStart() throws {
        let box = try Sandbox()
        let r = try box.run(["fetch"])
        #expect(r.status != 0)
        #expect(r.stderr.contains(box.home.path + "/.config/gleaner/feeds.conf"), "\(r.stderr)")
        #expect(r.stderr.contains("/etc/gleaner/feeds.conf") && r.stderr.contains("feeds.conf"))
        #expect(r.stderr.contains("gleaner add URL"))
    }

    @Test(.enabled(if: noSystemConfig, "/etc/gleaner/feeds.conf exists on this machine"))
    func theOrderIsFlagEnvironmentUserFileSystemFileThenWorkingDirectory() throws {
        let box = try Sandbox()
        // Each file names a different store, none of which exists: the error names the store of the file read.
        func conf(_ url: URL, _ tag: String) throws {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("store = \(box.root.path)/\(tag).sqlite\n".utf8).write(to: url)
        }
        func chosenStore() throws -> String { try box.run(["headlines"]).stderr }
        try conf(box.work.appendingPathComponent("feeds.conf"), "cwd")
        #expect(try chosenStore().contains("cwd.sqlite"))

        let xdg = box.root.file("xdg")
        box.environment["XDG_CONFIG_HOME"] = xdg.path
        try conf(xdg.appendingPathComponent("gleaner/feeds.conf"), "user")
        #expect(try chosenStore().contains("user.sqlite"))

        let named = box.root.file("named.conf")
        try conf(named, "env")
        box.environment["GLEANER_CONFIG"] = named.path
        #expect(try chosenStore().contains("env.sqlite"))

        let flag = box.root.file("flag.conf")
        try conf(flag, "flag")
        let r = try box.run(["headlines", "--config", flag.path])
        #expect(r.stderr.contains("flag.sqlite"), "\(r.stderr)")
    }

    @Test func theFirstAddCreatesThePerUserFile() throws {
        let box = try Sandbox()
        let www = try TemporaryDirectory("gleaner-discovery-www")
        try www.write("feed.xml", StoreTestFeeds.simple("d", 1...2))
        let server = try TestHTTPServer(root: www.path)
        let xdg = box.root.file("xdg")
        box.environment["XDG_CONFIG_HOME"] = xdg.path
        box.environment["GLEANER_CONFIG"] = nil
        // A feeds.conf in the working directory would be used by `add`: the sandbox has none.
        let feed = server.url("/files/feed.xml")
        let r = try box.run(["add", feed])
        #expect(r.status == 0, "\(r.stderr)")
        let created = xdg.appendingPathComponent("gleaner/feeds.conf")
        let text = try String(contentsOf: created, encoding: .utf8)
        #expect(text.hasPrefix("#"))
        #expect(text.contains(feed + "\n"))
        #expect(r.stdout.contains(created.path))
    }

    @Test func readingCommandsRefuseAStoreThatDoesNotExist() throws {
        let box = try Sandbox()
        let conf = box.root.file("feeds.conf")
        try Data("http://127.0.0.1:1/feed.xml\n".utf8).write(to: conf)
        let missing = box.root.file("nowhere/typo.sqlite")
        for command in [["headlines"], ["headlines", "--new"], ["feeds"], ["explain", "1"], ["consumers"]] {
            let r = try box.run(command + ["--config", conf.path, "--store", missing.path])
            #expect(r.status != 0, "\(command)")
            #expect(r.stderr.contains("no store at \(missing.path)"), "\(command): \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: missing.path), "\(command) created the store")
            #expect(!FileManager.default.fileExists(atPath: missing.deletingLastPathComponent().path))
        }
    }

    @Test func aConfiguredStoreExpandsTildeAndIsRelativeToTheFeedsFile() throws {
        let box = try Sandbox()
        let folder = box.root.file("etc")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let conf = folder.appendingPathComponent("feeds.conf")

        try Data("store = ~/state/g.sqlite\n".utf8).write(to: conf)
        var r = try box.run(["headlines", "--config", conf.path])
        #expect(r.stderr.contains("no store at \(box.home.path)/state/g.sqlite"), "\(r.stderr)")

        try Data("store = data/g.sqlite\n".utf8).write(to: conf)
        r = try box.run(["headlines", "--config", conf.path])
        #expect(r.stderr.contains("no store at \(folder.path)/data/g.sqlite"), "\(r.stderr)")

        // `fetch` creates it there, whatever the working directory.
        r = try box.run(["fetch", "--config", conf.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("data/g.sqlite").path))
        #expect(!FileManager.default.fileExists(atPath: box.work.appendingPathComponent("data").path))
    }
}
