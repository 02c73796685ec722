import GleanerConfig
import GleanerModel
import Testing

/// The fingerprint of a feeds.conf line that a 410'd feed is disabled under: it changes when the line changes
/// what is asked of the server, and only then.
@Suite struct FeedFingerprintTests {
    static func feed(_ line: String) throws -> FeedConfig {
        try #require(try Config.parse(line + "\n", path: "test.conf").feeds.first)
    }

    /// The rule spelled out: FNV-1a 64 over `key=value` + U+0000 for the set fields, sorted by key. The literals
    /// below were computed from the rule outside Swift (Python, over the bytes
    /// `url=https://example.org/feed.xml\0`), so they hold however `FeedOptions` grows: a new option, unset
    /// on a line, adds no field.
    static func ruleByHand(_ pairs: [(String, String)]) -> String {
        var h = FNV1a64()
        for (k, v) in pairs.sorted(by: { $0.0 < $1.0 }) { h.add(k + "=" + v); h.add(byte: 0) }
        return h.hex
    }

    @Test func aPlainLineIsItsURLAlone() throws {
        let f = try Self.feed("https://example.org/feed.xml")
        #expect(f.fingerprintFields.map { "\($0.key)=\($0.value)" } == ["url=https://example.org/feed.xml"])
        #expect(f.fingerprint == Self.ruleByHand([("url", "https://example.org/feed.xml")]))
        #expect(f.fingerprint == "779d09b49996f61a")
    }

    @Test func whatIsAskedOfTheServerIsSortedByKey() throws {
        let f = try Self.feed("https://example.org/feed.xml user-agent=probe/1 user=bob "
                              + "password-file=/etc/gleaner/pw insecure=yes")
        #expect(f.fingerprintFields.map(\.key) == ["insecure", "password-file", "url", "user", "user-agent"])
        #expect(f.fingerprint == Self.ruleByHand([
            ("url", "https://example.org/feed.xml"), ("user", "bob"), ("password-file", "/etc/gleaner/pw"),
            ("insecure", "yes"), ("user-agent", "probe/1"),
        ]))
        #expect(f.fingerprint == "4003075840a4b26a")
    }

    @Test func theRestOfTheLineDoesNotChangeIt() throws {
        let plain = try Self.feed("https://example.org/feed.xml").fingerprint
        let dressed = try Self.feed("https://example.org/feed.xml name=\"News\" tags=a,b interval=1h keep=30d "
                                    + "keep-items=50 max-items=20 max-size=1M timeout=10s connect-timeout=5s "
                                    + "low-speed-limit=10 low-speed-time=5s")
        #expect(dressed.fingerprint == plain)
        // An option added in a later version is unset on existing lines: the default FeedOptions adds nothing.
        var f = try Self.feed("https://example.org/feed.xml")
        f.options = FeedOptions()
        #expect(f.fingerprint == plain)
    }

    @Test(arguments: [
        "https://example.org/other.xml",
        "https://example.org/feed.xml user=bob",
        "https://example.org/feed.xml user=alice",
        "https://example.org/feed.xml user=bob password-file=/etc/gleaner/pw",
        "https://example.org/feed.xml insecure=yes",
        "https://example.org/feed.xml insecure=no",
        "https://example.org/feed.xml user-agent=probe/1",
    ])
    func whatDecidesTheAnswerChangesIt(_ line: String) throws {
        #expect(try Self.feed(line).fingerprint != Self.feed("https://example.org/feed.xml").fingerprint)
    }

    @Test func credentialsDifferFromEachOther() throws {
        let a = try Self.feed("https://example.org/feed.xml user=bob password-file=/etc/a").fingerprint
        let b = try Self.feed("https://example.org/feed.xml user=bob password-file=/etc/b").fingerprint
        #expect(a != b)
    }

    /// The schema-7 rule, written out field by field, gives what the old code gave: the literals were computed
    /// by it (FNV-1a over `"\(feed.options)"`, Swift's description of the fourteen options of then), so feeds
    /// disabled before the upgrade stay disabled, whatever options are added later.
    @Test(arguments: [
        ("https://example.org/feed.xml", "cf10765eeedffcfe"),
        ("https://example.org/feed.xml name=\"Gone \\\"x\\\"\" tags=a,b interval=1h user=bob "
            + "password-file=/etc/pw insecure=yes user-agent=\"UA é\" max-size=1M", "ddf6eef9360e2cca"),
    ])
    func legacyFingerprintIsTheOldOne(_ line: String, _ expected: String) throws {
        #expect(try Self.feed(line).legacyFingerprint == expected)
    }
}
