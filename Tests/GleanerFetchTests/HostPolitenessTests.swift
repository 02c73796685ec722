import GleanerFetch
import GleanerModel
import Testing

/// Host politeness as a table: what happened to hosts (holds, picks, transfers), then one question and its
/// answer. The behaviour end to end (a daemon spacing requests, a 429 holding a host) is in GleanerDaemonTests.
@Suite struct HostPolitenessTests {
    static let now = Timestamp(seconds: 1_764_400_000)

    enum Op: Sendable {
        /// A Retry-After hold until `now` + seconds.
        case hold(String, Int64)
        case chosen(String, at: Double)
        case started(String)
        case ended(String, at: Double)
    }

    enum Ask: Sendable {
        case choose(String, at: Double)
        case start(String)
    }

    struct Row: Sendable, CustomStringConvertible {
        var description: String
        var perHost = 2
        var gap = 0.0
        var ops: [Op]
        var ask: Ask
        var expected: HostPoliteness.Verdict
    }

    static let a = "https://a.example/feed", a2 = "http://A.example:80/other", b = "https://b.example/feed"

    static let rows: [Row] = [
        Row(description: "nothing going on", ops: [], ask: .start(a), expected: .start),
        Row(description: "one of two slots in use", ops: [.started(a)], ask: .start(a), expected: .start),
        Row(description: "both slots in use", ops: [.started(a), .started(a)], ask: .start(a), expected: .busy),
        Row(description: "both slots, the same host by another URL", ops: [.started(a), .started(a2)], ask: .start(a),
            expected: .busy),
        Row(description: "a slot freed", ops: [.started(a), .started(a), .ended(a, at: 5)], ask: .start(a), expected: .start),
        Row(description: "another host's slots are its own", ops: [.started(b), .started(b)], ask: .start(a), expected: .start),
        Row(description: "one slot a host", perHost: 1, ops: [.started(a)], ask: .start(a), expected: .busy),
        Row(description: "held by Retry-After", ops: [.hold(a, 60)], ask: .start(a2), expected: .held(until: Timestamp(seconds: now.seconds + 60))),
        Row(description: "held, when choosing", ops: [.hold(a, 60)], ask: .choose(a, at: 0),
            expected: .held(until: Timestamp(seconds: now.seconds + 60))),
        Row(description: "a hold that is over", ops: [.hold(a, -1)], ask: .start(a), expected: .start),
        Row(description: "a hold ending now is over", ops: [.hold(a, 0)], ask: .start(a), expected: .start),
        Row(description: "the later hold wins", ops: [.hold(a, 60), .hold(a, 30)], ask: .start(a),
            expected: .held(until: Timestamp(seconds: now.seconds + 60))),
        Row(description: "a hold before a free slot", ops: [.hold(a, 60), .started(a), .started(a)], ask: .start(a),
            expected: .held(until: Timestamp(seconds: now.seconds + 60))),
        Row(description: "another host's hold", ops: [.hold(b, 60)], ask: .start(a), expected: .start),
        Row(description: "gap after a pick", gap: 2, ops: [.chosen(a, at: 100)], ask: .choose(a, at: 101),
            expected: .spaced(until: 102)),
        Row(description: "gap over", gap: 2, ops: [.chosen(a, at: 100)], ask: .choose(a, at: 102), expected: .start),
        Row(description: "gap counted from the end", gap: 2, ops: [.chosen(a, at: 100), .started(a), .ended(a, at: 105)],
            ask: .choose(a, at: 106), expected: .spaced(until: 107)),
        Row(description: "gap: another host", gap: 2, ops: [.chosen(b, at: 100)], ask: .choose(a, at: 100), expected: .start),
        Row(description: "no gap configured", ops: [.chosen(a, at: 100), .started(a), .ended(a, at: 100)],
            ask: .choose(a, at: 100), expected: .start),
        Row(description: "the gap was settled at the pick", gap: 2, ops: [.chosen(a, at: 100)], ask: .start(a),
            expected: .start),
        Row(description: "a hold before the gap", gap: 2, ops: [.chosen(a, at: 100), .hold(a2, 60)], ask: .choose(a, at: 101),
            expected: .held(until: Timestamp(seconds: now.seconds + 60))),
        Row(description: "no host: never held back", ops: [.hold(a, 60)], ask: .start("no scheme"), expected: .start),
    ]

    @Test(arguments: rows)
    func verdict(_ row: Row) throws {
        let p = HostPoliteness(maxTransfersPerHost: row.perHost, hostGap: row.gap)
        func key(_ url: String) throws -> HostKey { try #require(HostKey(url: url)) }
        for op in row.ops {
            switch op {
            case .hold(let url, let seconds): p.hold(try key(url), until: Timestamp(seconds: Self.now.seconds + seconds))
            case .chosen(let url, let at): p.chosen(try key(url), monotonic: at)
            case .started(let url): p.started(try key(url))
            case .ended(let url, let at): p.ended(try key(url), monotonic: at)
            }
        }
        switch row.ask {
        case .choose(let url, let at): #expect(p.mayChoose(HostKey(url: url), now: Self.now, monotonic: at) == row.expected)
        case .start(let url): #expect(p.mayStart(HostKey(url: url), now: Self.now) == row.expected)
        }
    }

    @Test("stored holds are read by the same key, and those over are forgotten")
    func storedHolds() {
        let p = HostPoliteness()
        p.hold(["a.example": Timestamp(seconds: Self.now.seconds + 60), "b.example:8443": Timestamp(seconds: Self.now.seconds - 1)],
               now: Self.now)
        #expect(p.heldUntil(HostKey(url: "https://A.EXAMPLE:443/x"), now: Self.now) == Timestamp(seconds: Self.now.seconds + 60))
        #expect(p.heldUntil(HostKey(url: "https://b.example:8443/x"), now: Self.now) == nil)
    }

    @Test("a 429 or 503 with a future Retry-After holds its host; anything else does not", arguments: [
        (429, "120", 120), (503, "120", 120), (503, "Thu, 27 Nov 2025 08:00:00 GMT", nil), (500, "120", nil),
        (429, "0", nil), (429, "soon", nil), (429, "604800", 86_400),
    ] as [(Int, String, Int64?)])
    func holdFromAResponse(status: Int, retryAfter: String, seconds: Int64?) {
        let until = HostPoliteness.holdUntil(status: status, retryAfter: retryAfter, now: Self.now)
        #expect(until.map { $0.seconds - Self.now.seconds } == seconds)
    }

    @Test("one host key: lower case, default port dropped, IDNA, IPv6 in brackets", arguments: [
        ("https://User:pw@Example.ORG/feed", "example.org"),
        ("https://example.org:443/", "example.org"),
        ("http://example.org:80/x", "example.org"),
        ("http://example.org/x", "example.org"),
        ("http://example.org:443/", "example.org:443"),
        ("https://example.org:80/", "example.org:80"),
        ("https://example.org:8443/", "example.org:8443"),
        ("http://127.0.0.1:8080/x?a=b@c", "127.0.0.1:8080"),
        ("http://[::1]:8080/feed", "[::1]:8080"),
        ("https://[2001:DB8::1]/feed", "[2001:db8::1]"),
        ("https://bücher.example/feed", "xn--bcher-kva.example"),
        ("https://xn--bcher-kva.example/feed", "xn--bcher-kva.example"),
        ("https://BÜCHER.Example/feed", "xn--bcher-kva.example"),
    ])
    func hostKeys(url: String, key: String) {
        #expect(HostKey(url: url)?.rawValue == key)
    }

    /// Credentials and `insecure` given for a feed go only to its origin: one host is not enough (a password
    /// meant for TLS must not go out over plain http).
    @Test("same origin: scheme, host and port", arguments: [
        ("https://example.org/feed", "https://EXAMPLE.org:443/article", true),
        ("https://example.org/feed", "http://example.org/article", false),
        ("http://example.org/feed", "http://example.org:8080/article", false),
        ("https://example.org/feed", "https://www.example.org/article", false),
        ("https://bücher.example/feed", "https://xn--bcher-kva.example/a", true),
        ("https://example.org/feed", "not a url", false),
    ])
    func sameOrigin(a: String, b: String, same: Bool) {
        #expect(HostKey.sameOrigin(a, b) == same)
    }

    @Test func urlsWithoutAHostHaveNoKey() {
        #expect(HostKey(url: "not a url") == nil)
        #expect(HostKey(url: "") == nil)
    }
}
