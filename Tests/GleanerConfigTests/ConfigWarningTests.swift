import GleanerConfig
import Testing

/// Intervals that `min-interval`/`max-interval` clamp are warnings naming their line, not silent changes.
@Suite struct ConfigWarningTests {
    @Test func aFeedIntervalBelowMinIntervalIsAWarningOnItsLine() throws {
        let config = try Config.parse("""
            min-interval = 5m

            https://a.example/rss interval=15m
            https://b.example/rss interval=1m
            https://c.example/rss interval=2d
            """, path: "feeds.conf")
        #expect(config.warnings.map(\.description) == [
            "feeds.conf:4: interval 1m is below min-interval 5m; 5m is used",
            "feeds.conf:5: interval 2d is above max-interval 1d; 1d is used",
        ])
        #expect(config.feeds[1].options.interval == 60, "the file's value is kept; the scheduler clamps it")
    }

    @Test func globalValuesOutOfRangeAreWarnedAtTheirLine() throws {
        let config = try Config.parse("interval = 3h\nmax-interval = 1h30m\nmin-interval = 2h\n", path: "f.conf")
        #expect(config.warnings.map(\.description) == [
            "f.conf:2: max-interval 1h30m is below min-interval 2h; 2h is used",
            "f.conf:1: interval 3h is above max-interval 2h; 2h is used",
        ])
        let builtIn = try Config.parse("min-interval = 1h\n", path: "f.conf")
        #expect(builtIn.warnings.map(\.description) == ["f.conf:1: the built-in interval 30m is below min-interval 1h; 1h is used"])
    }

    @Test func valuesInsideTheRangeGiveNoWarning() throws {
        #expect(try Config.parse("interval = 5m\nhttps://a.example/rss interval=1d\n").warnings.isEmpty)
        #expect(try Config.parse("").warnings.isEmpty)
    }

    @Test func feedLineStillWritesAnIntervalThatWillBeClamped() throws {
        #expect(try FeedLine.make(url: "https://a.example/rss", interval: "1m") == "https://a.example/rss interval=1m")
    }
}
