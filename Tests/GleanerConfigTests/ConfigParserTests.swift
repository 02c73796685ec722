import GleanerConfig
import GleanerTestSupport
import Foundation
import Testing

@Suite struct ConfigParserTests {
    @Test func parsesGlobalsAndFeedsWithQuotedNamesAndTags() throws {
        let text = """
            # Gleaner example
            store = /var/lib/gleaner/store.sqlite
            interval = 15m
            user-agent = "Gleaner test (+mailto:admin@example.org)"
            timeout = 90s
            max-size = 8M

            https://example.org/feed.xml name="Example News" tags=news,world interval=1h
            http://arabic.example/rss   # a comment after a blank
            https://example.org/page#top name=Fragment
            """
        let config = try Config.parse(text, path: "test.conf")
        #expect(config.store == "/var/lib/gleaner/store.sqlite")
        #expect(config.interval == 900)
        #expect(config.defaults.userAgent == "Gleaner test (+mailto:admin@example.org)")
        #expect(config.defaults.timeout == 90)
        #expect(config.defaults.maxSize == 8 << 20)
        #expect(config.feeds.map(\.url) == [
            "https://example.org/feed.xml", "http://arabic.example/rss", "https://example.org/page#top",
        ])
        #expect(config.feeds[0].name == "Example News")
        #expect(config.feeds[0].tags == ["news", "world"])
        #expect(config.feeds[0].options.interval == 3600)
        #expect(config.feeds[0].line == 8)
        #expect(config.feeds[1].name == nil)
        #expect(config.feeds[1].options.interval == nil)
        #expect(config.feeds[2].name == "Fragment")
    }

    @Test func defaultsWhenNothingIsSet() throws {
        let config = try Config.parse("https://a.example/feed\n")
        #expect(config.interval == 1800)
        #expect(config.options(for: config.feeds[0]).timeout == 60)
        #expect(config.options(for: config.feeds[0]).maxSize == 16 << 20)
        #expect(config.maxTransfers == 16)
        #expect(config.maxTransfersPerHost == 2)
        #expect(config.store == nil)
    }

    @Test(arguments: [
        ("intervl = 5m\n", 1, "unknown setting \"intervl\" (did you mean \"interval\"?)"),
        ("interval = 5\n", 1, "interval: \"5\" needs a unit: s, m, h or d (e.g. 5m)"),
        ("interval = 5x\n", 1, "interval: \"5x\" is not a duration (use e.g. 90s, 15m, 1h, 1d)"),
        ("https://a.example/f\ninterval = 5m\n", 2, "global setting \"interval\" must come before the first feed (line 1)"),
        ("# c\n\nhtps://a.example/feed\n", 3, "unsupported URL scheme \"htps\" in htps://a.example/feed: only http and https are fetched (did you mean \"https\"?)"),
        ("ftp://a.example/feed\n", 1, "unsupported URL scheme \"ftp\" in ftp://a.example/feed: only http and https are fetched"),
        ("example.org/feed\n", 1, "\"example.org/feed\" is not a URL (expected http:// or https://)"),
        ("https:///feed\n", 1, "URL https:///feed has no host"),
        ("https://a.example:99999/feed\n", 1, "URL https://a.example:99999/feed has an invalid port \"99999\""),
        ("https://a.example/f nmae=x\n", 1, "unknown feed option \"nmae\" (did you mean \"name\"?)"),
        ("https://a.example/f name=\"x\n", 1, "unterminated quote"),
        ("https://a.example/f interval=0m\n", 1, "interval: duration must be more than zero"),
        ("https://a.example/f stray\n", 1, "expected key=value after the URL, found \"stray\""),
        ("https://a.example/f\nhttps://a.example/f\n", 2, "feed https://a.example/f is already listed on line 1"),
        ("max-transfers = 0\n", 1, "max-transfers: \"0\" is not a whole number from 1 to 1000"),
        ("timeout = 1m\ntimeout = 2m\n", 2, "\"timeout\" is already set on line 1"),
    ])
    func reportsFileAndLine(text: String, line: Int, message: String) {
        #expect(throws: ConfigError(path: "feeds.conf", line: line, message: message)) {
            try Config.parse(text, path: "feeds.conf")
        }
    }

    @Test func errorDescriptionIsPathColonLine() {
        do {
            _ = try Config.parse("a = b\n", path: "/etc/gleaner/feeds.conf")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("/etc/gleaner/feeds.conf:1: unknown setting \"a\""))
        }
    }

    @Test(arguments: [("90s", 90), ("15m", 900), ("1h", 3600), ("2d", 172_800), ("1h30m", 5400)])
    func durations(text: String, seconds: Int) throws {
        let config = try Config.parse("interval = \(text)\n")
        #expect(config.interval == seconds)
    }

    @Test func loadReportsMissingFile() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("absent.conf").path
        #expect(throws: ConfigError(path: path, line: 0, message: "cannot read: No such file or directory")) {
            try Config.load(path: path)
        }
    }

    @Test func loadsTheShippedExample() throws {
        let config = try Config.load(path: Fixtures.repoRoot.appendingPathComponent("feeds.conf").path)
        #expect(!config.feeds.isEmpty)
        #expect(config.feeds.allSatisfy { $0.url.hasPrefix("https://") || $0.url.hasPrefix("http://") })
    }
}

@Suite struct FeedOptionsTests {
    @Test func feedOptionsOverrideGlobalsWhichOverrideBuiltIns() throws {
        let config = try Config.parse("""
            timeout = 2m
            user-agent = Global/1
            min-interval = 1m
            adaptive = no
            host-gap = 2s
            https://a.example/feed timeout=30s insecure=yes user=reader password-file=/etc/gleaner/a.pw
            https://b.example/feed keep=90d keep-items=500 on-new=/usr/local/bin/notify
            """)
        let a = config.options(for: config.feeds[0])
        let b = config.options(for: config.feeds[1])
        #expect(a.timeout == 30)
        #expect(b.timeout == 120)
        #expect(a.userAgent == "Global/1" && b.userAgent == "Global/1")
        #expect(a.interval == 1800 && b.interval == 1800)
        #expect(a.insecure == true && b.insecure == false)
        #expect(a.user == "reader" && a.passwordFile == "/etc/gleaner/a.pw")
        #expect(b.keep == 90 * 86_400 && b.keepItems == 500 && b.onNew == "/usr/local/bin/notify")
        #expect(config.minInterval == 60 && !config.adaptive && config.hostGap == 2)
        #expect(config.maxInterval == 86_400 && config.stopTimeout == 10)
    }

    @Test(arguments: [
        ("https://a.example/f insecure=maybe\n", "insecure: \"maybe\" is not yes or no"),
        ("on-new = notify.sh\n", "on-new: \"notify.sh\" is not an absolute path"),
        ("https://a.example/f password-file=pw\n", "password-file: \"pw\" is not an absolute path"),
    ])
    func rejectsBadValues(text: String, message: String) {
        #expect(throws: ConfigError(path: "feeds.conf", line: 1, message: message)) {
            try Config.parse(text, path: "feeds.conf")
        }
    }
}

@Suite struct ConfigEditorTests {
    static let original = """
        # my feeds
        interval = 30m

        https://a.example/feed name="A"   # first
        # between
        https://b.example/rss tags=x
        """

    @Test func editsKeepCommentsOrderAndOptions() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("feeds.conf", Self.original + "\n").path
        var editor = try ConfigEditor(path: path)
        try editor.replaceURL(line: 4, from: "https://a.example/feed", to: "https://a.example/new-feed")
        editor.remove(line: 6)
        try editor.appendFeed(url: "https://c.example/atom", name: "C c")
        let config = try editor.save()
        #expect(config.feeds.map(\.url) == ["https://a.example/new-feed", "https://c.example/atom"])
        #expect(try String(contentsOfFile: path, encoding: .utf8) == """
            # my feeds
            interval = 30m

            https://a.example/new-feed name="A"   # first
            # between
            https://c.example/atom name="C c"

            """)
    }

    @Test func anEditThatBreaksTheFileIsRefusedAndTheFileIsUnchanged() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("feeds.conf", Self.original + "\n").path
        var editor = try ConfigEditor(path: path)
        try editor.appendFeed(url: "https://a.example/feed")
        #expect(throws: ConfigError.self) { try editor.save() }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == Self.original + "\n")
    }
}

/// `fulltext`, `fulltext-selector` and `fulltext-remove` (README, "Full text").
@Suite struct FullTextOptionTests {
    @Test func theModeAndTheRulesAreReadAndInherited() throws {
        let config = try Config.parse("""
            fulltext = auto
            https://a.example/feed fulltext-selector="div.post > .entry" fulltext-remove=".share, #comments"
            https://b.example/feed fulltext=never
            """)
        let a = config.options(for: config.feeds[0]), b = config.options(for: config.feeds[1])
        #expect(a.fullText == .auto)
        #expect(a.fullTextSelector?.text == "div.post > .entry")
        #expect(a.fullTextRemove?.xpath.contains("@id='comments'") == true)
        #expect(b.fullText == .never)
        #expect(try Config.parse("https://c.example/feed\n").options(for: Config.parse("https://c.example/feed\n").feeds[0]).fullText == .never)
    }

    @Test func aBadModeOrSelectorIsAnErrorOnItsLine() {
        #expect(throws: ConfigError(path: "feeds.conf", line: 2, message: "fulltext: \"sometimes\" is not one of auto, always, never")) {
            try Config.parse("# feeds\nhttps://a.example/feed fulltext=sometimes\n")
        }
        do {
            _ = try Config.parse("\n\nhttps://a.example/feed fulltext-selector=\"a:hover\"\n")
            Issue.record("a pseudo-class was accepted")
        } catch {
            #expect(error.description.hasPrefix("feeds.conf:3: fulltext-selector: \"a:hover\" is not a supported selector"),
                    "\(error.description)")
        }
    }
}
