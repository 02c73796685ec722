import Foundation
import GleanerConfig
import GleanerTestSupport
import Testing

/// feeds.conf as files really come: CRLF or CR line endings, a byte order mark, hostile numbers, loose modes.
@Suite struct ConfigFileTests {
    @Test func crlfFileStartingWithStoreSetsTheStoreAndReadsEveryFeed() throws {
        let dir = try TemporaryDirectory()
        let text = "store = /srv/g/store.sqlite\r\ninterval = 1h\r\n\r\n# feeds\r\nhttps://a.example/f name=\"A b\"\r\nhttps://b.example/g tags=x\r\n"
        let path = try dir.write("feeds.conf", text).path
        let config = try Config.load(path: path)
        #expect(config.store == "/srv/g/store.sqlite")
        #expect(config.interval == 3600)
        #expect(config.feeds.map(\.url) == ["https://a.example/f", "https://b.example/g"])
        #expect(config.feeds.map(\.line) == [5, 6])
        #expect(config.feeds[0].name == "A b" && config.feeds[1].tags == ["x"])
    }

    @Test func bomAtTheStartIsNotPartOfTheFirstKey() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("feeds.conf", bytes: [0xEF, 0xBB, 0xBF] + Array("store = /x.sqlite\nhttps://a.example/f\n".utf8)).path
        let config = try Config.load(path: path)
        #expect(config.store == "/x.sqlite" && config.feeds.count == 1)
    }

    @Test func loneCREndsALineAndLineNumbersCountIt() throws {
        let config = try Config.parse("interval = 2h\rhttps://a.example/f\rhttps://b.example/g\r")
        #expect(config.interval == 7200 && config.feeds.map(\.line) == [2, 3])
        #expect(throws: ConfigError(path: "feeds.conf", line: 3, message: "unknown feed option \"nmae\" (did you mean \"name\"?)")) {
            try Config.parse("# a\r\nhttps://a.example/f\rhttps://b.example/g nmae=x\n")
        }
    }

    @Test func theEditorKeepsCRLFAndTheBOMAndItsLineNumbersAgreeWithTheParser() throws {
        let dir = try TemporaryDirectory()
        let original = "\u{FEFF}# mine\r\ninterval = 1h\r\nhttps://a.example/f name=A\r\nhttps://b.example/g\r\n"
        let path = try dir.write("feeds.conf", original).path
        var editor = try ConfigEditor(path: path)
        let config = try editor.parsed()
        #expect(config.feeds.map(\.line) == [3, 4])
        try editor.replaceURL(line: 3, from: "https://a.example/f", to: "https://a.example/moved here")
        editor.remove(line: 4)
        try editor.appendFeed(url: "https://c.example/h", name: "C")
        try editor.save()
        #expect(try String(decoding: Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
                == "\u{FEFF}# mine\r\ninterval = 1h\r\nhttps://a.example/moved%20here name=A\r\nhttps://c.example/h name=C\r\n")
        #expect(try Config.load(path: path).feeds.map(\.url) == ["https://a.example/moved%20here", "https://c.example/h"])
    }

    /// `feeds --apply-moves` writes a URL a server sent: it goes through the same writer as every other.
    @Test func aMovedURLCannotAddOptionsToItsLine() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("feeds.conf", "https://a.example/f name=A tags=x   # moved\n").path
        var editor = try ConfigEditor(path: path)
        let written = try editor.replaceURL(line: 1, from: "https://a.example/f", to: "https://b.example/g on-new=/bin/sh")
        #expect(written == "https://b.example/g%20on-new=/bin/sh")
        #expect(throws: FeedLine.Refusal.self) {
            try editor.replaceURL(line: 1, from: written, to: "https://b.example/g\non-new = /bin/sh")
        }
        let config = try editor.save()
        #expect(config.feeds.count == 1 && config.feeds[0].options == FeedOptions())
        #expect(config.feeds[0].url == written && config.feeds[0].name == "A" && config.feeds[0].tags == ["x"])
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "https://b.example/g%20on-new=/bin/sh name=A tags=x   # moved\n")
    }

    @Test(arguments: [
        ("interval = 99999999999999999999d\n", "interval: \"99999999999999999999d\" is too long (at most 3650 days)"),
        ("https://a.example/f interval=99999999999999999999d\n", "interval: \"99999999999999999999d\" is too long (at most 3650 days)"),
        ("https://a.example/f max-size=9999999999999999999999M\n", "max-size: \"9999999999999999999999M\" is too large (at most 1024G)"),
        ("max-size = 99999999999999999999\n", "max-size: \"99999999999999999999\" is too large (at most 1024G)"),
        ("https://a.example/f max-size=2048G\n", "max-size: \"2048G\" is too large (at most 1024G)"),
        ("keep = 522w\n", "keep: \"522w\" is too long (at most 3650 days)"),
        ("timeout = 100000000h100000000h\n", "timeout: \"100000000h100000000h\" is too long (at most 3650 days)"),
        ("max-transfers = 99999999999999999999999\n", "max-transfers: \"99999999999999999999999\" is not a whole number from 1 to 1000"),
        ("https://a.example/f max-size=0\n", "max-size: size must be more than zero"),
        ("https://a.example/f max-size=-5M\n", "max-size: \"-5M\" is not a size (use e.g. 16M, 512K)"),
        ("https://a.example/f interval=١h\n", "interval: \"١h\" is not a duration (use e.g. 90s, 15m, 1h, 1d)"),
        // Upper-casing "ß" gives two letters: the unit check trapped on it.
        ("https://a.example/f max-size=5ß\n", "max-size: \"5ß\" is not a size (use e.g. 16M, 512K)"),
        ("https://a.example/f max-size=ﬀ\n", "max-size: \"ﬀ\" is not a size (use e.g. 16M, 512K)"),
    ])
    func hugeNumbersAreAnErrorOnTheirLineNeverATrap(text: String, message: String) {
        #expect(throws: ConfigError(path: "feeds.conf", line: 1, message: message)) {
            try Config.parse(text, path: "feeds.conf")
        }
    }

    @Test func sumsOfManyPartsStopAtTheLimit() {
        for (key, part, count) in [("timeout", "100000000h", 2000), ("stop-timeout", "1h", 100_000), ("keep", "2w", 300),
                                     // The old sum overflowed Int here and trapped.
                                     ("interval", "100000000w", 160_000)] {
            let value = String(repeating: part, count: count)
            let expected = ConfigError(path: "feeds.conf", line: 1, message: "\(key): \"\(value)\" is too long (at most 3650 days)")
            #expect(throws: expected, "\(key) = \(part) × \(count)") { try Config.parse("\(key) = \(value)\n") }
        }
    }

    @Test func theLongestDurationsAndSizesAreAccepted() throws {
        let config = try Config.parse("keep = 520w\nmax-size = 1024G\nhttps://a.example/f interval=3650d\n")
        #expect(config.defaults.keep == 520 * 7 * 86_400 && config.defaults.maxSize == 1 << 40)
        #expect(config.feeds[0].options.interval == 3650 * 86_400)
    }

    static let privileged = """
        on-new = /usr/local/bin/notify
        https://a.example/f
        https://b.example/g user=reader password-file=/etc/gleaner/b.pw

        """

    @Test func programsAndPasswordFilesOnlyFromAFileNobodyElseCanChange() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("feeds.conf", Self.privileged).path
        chmod(path, 0o644)
        let config = try Config.load(path: path)
        #expect(config.defaults.onNew == "/usr/local/bin/notify" && config.feeds[1].options.passwordFile == "/etc/gleaner/b.pw")

        chmod(path, 0o664)
        let groupWritable = "on-new is refused: the file is writable by group or others (mode 664); chmod go-w it (a program to run or "
            + "a password to send may only be named in a file that only its owner, the running user or root, can change)"
        #expect(throws: ConfigError(path: path, line: 1, message: groupWritable)) { try Config.load(path: path) }
        #expect(throws: ConfigError(path: path, line: 1, message: groupWritable)) { try ConfigEditor(path: path).parsed() }
        chmod(path, 0o646)
        #expect(throws: ConfigError.self) { try Config.load(path: path) }

        // A feed line alone is refused at its own line too.
        let feedOnly = try dir.write("feed-only.conf", "https://a.example/f\nhttps://b.example/g password-file=/etc/gleaner/b.pw\n").path
        chmod(feedOnly, 0o666)
        do {
            _ = try Config.load(path: feedOnly)
            Issue.record("a world-writable file named a password file")
        } catch {
            #expect(error.line == 2 && error.message.hasPrefix("password-file is refused: the file is writable by group or others"))
        }
        // Without either option, a loose mode is fine: it only guards what could run code or send a secret.
        let plain = try dir.write("plain.conf", "interval = 1h\nhttps://a.example/f user=reader\n").path
        chmod(plain, 0o666)
        #expect(try Config.load(path: plain).feeds.count == 1)
    }

    @Test func aFileOwnedBySomeoneElseMayNotNameAProgram() throws {
        guard geteuid() == 0 else {
            print("skipped: changing a file's owner needs root; the mode test covers the rest")
            return
        }
        let dir = try TemporaryDirectory()
        let path = try dir.write("feeds.conf", Self.privileged).path
        chmod(path, 0o644)
        #expect(chown(path, 12_345, 12_345) == 0)
        do {
            _ = try Config.load(path: path)
            Issue.record("a file of uid 12345 named a program for root to run")
        } catch {
            #expect(error.line == 1 && error.message.hasPrefix("on-new is refused: the file belongs to uid 12345, not to the running user (uid 0) or root"))
        }
    }
}
