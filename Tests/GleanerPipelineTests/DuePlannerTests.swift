import GleanerConfig
import GleanerModel
@testable import GleanerPipeline
import GleanerStore
import GleanerTestSupport
import Testing

/// The one decision of when a feed is due, as a table: each row is what happened to a feed and what the
/// planner answers (seconds from now, and the reason `gleaner feeds` shows).
@Suite struct DuePlannerTests {
    static let now = Timestamp(year: 2025, month: 11, day: 6, hour: 9, minute: 0, second: 0)!  // a Thursday, 09:00
    static let planner = DuePlanner(interval: 1800, minInterval: 300, maxInterval: 86_400, adaptive: true)

    struct Row: Sendable, CustomStringConvertible {
        var description: String
        var event: DuePlanner.Event
        var delay: Int64
        var reason: String
    }

    static func fetched(status: Int? = 200, succeeded: Bool = true, failures: Int = 0, everSucceeded: Bool = true,
                        interval: Int? = nil, recent: Int? = nil, hints: FeedHints? = nil, storedHints: FeedHints? = nil,
                        retryAfter: String? = nil, cacheControl: String? = nil) -> DuePlanner.Event {
        var feed = FeedConfig(url: "https://a.example/feed")
        feed.options.interval = interval
        let o = FetchObservation(feed: feed, previousFailures: failures, storedHints: storedHints,
                                 everSucceeded: everSucceeded, attemptedAt: now, succeeded: succeeded, status: status,
                                 retryAfter: retryAfter, cacheControl: cacheControl, hints: hints)
        return .fetched(o, recentArticles: recent)
    }

    static let rows: [Row] = [
        Row(description: "new feed, first fetch 200", event: fetched(everSucceeded: false), delay: 1800, reason: "interval"),
        Row(description: "new feed, first fetch fails", event: fetched(status: nil, succeeded: false, everSucceeded: false),
            delay: 300, reason: "backoff: 1 failure"),
        Row(description: "304 Not Modified", event: fetched(status: 304), delay: 1800, reason: "interval"),
        Row(description: "200 from a feed with 168 new items a week", event: fetched(recent: 168), delay: 3600,
            reason: "adaptive: 168 articles a week"),
        Row(description: "200 from a feed with nothing new in a week", event: fetched(recent: 0), delay: 86_400,
            reason: "adaptive: nothing new in a week"),
        Row(description: "200, rate not known yet", event: fetched(recent: nil), delay: 1800, reason: "interval"),
        Row(description: "interval= wins over the rate", event: fetched(interval: 900, recent: 500), delay: 900,
            reason: "interval"),
        Row(description: "interval= below min-interval", event: fetched(interval: 60), delay: 300, reason: "interval"),
        Row(description: "interval= above max-interval", event: fetched(interval: 200_000), delay: 86_400,
            reason: "interval"),
        Row(description: "rate above the min-interval clamp", event: fetched(recent: 4000), delay: 300,
            reason: "adaptive: 4000 articles a week"),
        Row(description: "ttl lengthens", event: fetched(hints: FeedHints(ttl: 120)), delay: 7200, reason: "ttl"),
        Row(description: "stored ttl on a 304", event: fetched(status: 304, storedHints: FeedHints(ttl: 120)), delay: 7200,
            reason: "ttl"),
        Row(description: "ttl never shortens", event: fetched(hints: FeedHints(ttl: 5)), delay: 1800, reason: "interval"),
        Row(description: "sy:updatePeriod", event: fetched(hints: FeedHints(updatePeriod: "daily", updateFrequency: 4)),
            delay: 21_600, reason: "sy:updatePeriod"),
        Row(description: "skipHours 9-11", event: fetched(hints: FeedHints(skipHours: [9, 10, 11])), delay: 3 * 3600,
            reason: "interval, skipHours"),
        Row(description: "Cache-Control max-age", event: fetched(cacheControl: "max-age=7200"), delay: 7200,
            reason: "Cache-Control"),
        Row(description: "429 Retry-After seconds", event: fetched(status: 429, succeeded: false, retryAfter: "7200"),
            delay: 7200, reason: "Retry-After"),
        Row(description: "503 Retry-After date",
            event: fetched(status: 503, succeeded: false, retryAfter: "Thu, 06 Nov 2025 12:00:00 GMT"),
            delay: 3 * 3600, reason: "Retry-After"),
        Row(description: "429 Retry-After a week, capped", event: fetched(status: 429, succeeded: false, retryAfter: "604800"),
            delay: 86_400, reason: "Retry-After"),
        Row(description: "503 Retry-After in the past", event: fetched(status: 503, succeeded: false,
                                                                        retryAfter: "Thu, 06 Nov 2025 08:00:00 GMT"),
            delay: 300, reason: "backoff: 1 failure"),
        Row(description: "410 Gone", event: fetched(status: 410, succeeded: false), delay: 86_400, reason: "gone (410)"),
        Row(description: "500, first failure", event: fetched(status: 500, succeeded: false), delay: 300,
            reason: "backoff: 1 failure"),
        Row(description: "500, fourth failure", event: fetched(status: 500, succeeded: false, failures: 3), delay: 2400,
            reason: "backoff: 4 failures"),
        Row(description: "500, after many failures: a day", event: fetched(status: 500, succeeded: false, failures: 40),
            delay: 86_400, reason: "backoff: 41 failures"),
        Row(description: "cut short by a stop", event: .interrupted, delay: 0, reason: "interrupted by a stop"),
        Row(description: "its host asked to wait", event: .hostHeld(host: "a.example", until: Timestamp(seconds: now.seconds + 900)),
            delay: 900, reason: "Retry-After (host a.example)"),
        Row(description: "taken and not attempted", event: .notAttempted(reason: "interval"), delay: 60, reason: "interval"),
        Row(description: "taken and not attempted, no reason", event: .notAttempted(reason: nil), delay: 60, reason: "retry"),
    ]

    @Test(arguments: rows)
    func nextDue(_ row: Row) {
        // A jitter of 0.5 is the backoff's middle: exactly the doubled interval.
        let next = Self.planner.nextDue(row.event, now: Self.now, random: { 0.5 })
        #expect(next.due.seconds - Self.now.seconds == row.delay, "\(row)")
        #expect(next.reason == row.reason, "\(row)")
    }

    @Test(arguments: [
        // (feeds due, global interval, window in seconds: nil when they are left as they are)
        (1, 1800, nil), (49, 1800, nil), (50, 1800, 1.0), (100, 1800, 2.0), (10_000, 1800, 200.0), (10_000, 60, 30.0),
    ] as [(Int, Int, Double?)])
    func firstPollsAreSpread(count: Int, interval: Int, window: Double?) throws {
        let planner = DuePlanner(interval: interval, minInterval: 60, maxInterval: 86_400, adaptive: true)
        let urls = (0..<count).map { "https://h\($0).example/feed" }
        var rng = SeededGenerator()
        let spread = planner.spread(urls, now: Self.now, reason: "start", random: { Double.random(in: 0..<1, using: &rng) })
        #expect(spread?.window == window)
        guard let spread, let window else { return }
        #expect(spread.due.map(\.url) == urls)
        for (_, next) in spread.due {
            #expect(next.due >= Self.now && Double(next.due.seconds - Self.now.seconds) < window)
            #expect(next.reason == "start (spread over \(Int(window)) s)")
        }
        // Spread, not bunched: more than one distinct second once the window has more than one.
        if window >= 2 { #expect(Set(spread.due.map(\.next.due)).count > 1) }
    }
}

/// Each rule of a fetch's next due time in detail, hostile inputs included.
@Suite struct DuePlannerRuleTests {
    static let now = Timestamp(year: 2025, month: 11, day: 6, hour: 9, minute: 0, second: 0)!  // a Thursday
    let policy = DuePlanner(interval: 1800, minInterval: 300, maxInterval: 86_400, adaptive: true)

    func seen(succeeded: Bool = true, status: Int? = 200, failures: Int = 0, hints: FeedHints? = nil,
              retryAfter: String? = nil, cacheControl: String? = nil, expires: String? = nil) -> FetchObservation {
        FetchObservation(feed: FeedConfig(url: "https://a.example/feed"), previousFailures: failures, storedHints: nil,
                                attemptedAt: Self.now, succeeded: succeeded, status: status, retryAfter: retryAfter,
                                cacheControl: cacheControl, expires: expires, hints: hints)
    }

    func delay(_ n: NextFetch) -> Int64 { n.due.seconds - Self.now.seconds }

    @Test(arguments: [
        // (explicit interval, articles last week, expected seconds, reason)
        (nil, nil, 1800, "interval"),                    // adaptive, but the rate is not known yet
        (900, 500, 900, "interval"),                     // the feed's own interval= wins over adaptation
        (60, nil, 300, "interval"),                      // clamped to min-interval
        (nil, 168, 3600, "adaptive: 168 articles a week"), // hourly publisher: hourly polls
        (nil, 4000, 300, "adaptive: 4000 articles a week"),
        (nil, 1, 86_400, "adaptive: 1 articles a week"),   // clamped to max-interval
        (nil, 0, 86_400, "adaptive: nothing new in a week"),
    ] as [(Int?, Int?, Int64, String)])
    func baseInterval(explicit: Int?, recent: Int?, expected: Int64, reason: String) {
        let n = policy.next(after: seen(), explicitInterval: explicit, recentArticles: recent)
        #expect(delay(n) == expected)
        #expect(n.reason == reason)
    }

    @Test func aFeedThatPostsHourlyIsPolledMoreOftenThanOneThatPostsMonthly() {
        let hourly = policy.next(after: seen(), explicitInterval: nil, recentArticles: 7 * 24)
        let monthly = policy.next(after: seen(), explicitInterval: nil, recentArticles: 0)
        #expect(delay(hourly) < delay(monthly))
    }

    @Test func feedHintsOnlyLengthenTheInterval() {
        let ttl = policy.next(after: seen(hints: FeedHints(ttl: 120)), explicitInterval: nil, recentArticles: nil)
        #expect(delay(ttl) == 7200 && ttl.reason == "ttl")
        let shortTTL = policy.next(after: seen(hints: FeedHints(ttl: 5)), explicitInterval: nil, recentArticles: nil)
        #expect(delay(shortTTL) == 1800 && shortTTL.reason == "interval")
        let sy = policy.next(after: seen(hints: FeedHints(updatePeriod: "daily", updateFrequency: 4)),
                             explicitInterval: nil, recentArticles: nil)
        #expect(delay(sy) == 21_600 && sy.reason == "sy:updatePeriod")
        let hugeTTL = policy.next(after: seen(hints: FeedHints(ttl: 100_000)), explicitInterval: nil, recentArticles: nil)
        #expect(delay(hugeTTL) == 86_400)
    }

    @Test(arguments: [(1, 300), (2, 600), (3, 1200), (5, 4800), (9, 76_800), (10, 86_400), (40, 86_400)])
    func failuresBackOffExponentiallyWithJitter(failuresBefore: Int, expected: Int) {
        // The failure being planned is failuresBefore + 1: the first retry comes after min-interval, then
        // doubles up to a day.
        let low = policy.next(after: seen(succeeded: false, status: 500, failures: failuresBefore - 1),
                              explicitInterval: nil, recentArticles: nil, random: { 0 })
        let high = policy.next(after: seen(succeeded: false, status: 500, failures: failuresBefore - 1),
                               explicitInterval: nil, recentArticles: nil, random: { 0.999_999 })
        #expect(delay(low) == Int64((Double(expected) * 0.8).rounded()))
        #expect(delay(high) == Int64((Double(expected) * 1.2).rounded()))
        #expect(low.reason.hasPrefix("backoff: \(failuresBefore) failure"))
    }

    @Test func aFeedThatNeverSucceededWaitsNoLongerThanItsInterval() {
        for failures in [0, 3, 8, 40] {
            let o = FetchObservation(feed: FeedConfig(url: "https://a.example/feed"), previousFailures: failures,
                                     storedHints: nil, everSucceeded: false, attemptedAt: Self.now,
                                     succeeded: false, status: nil)
            let n = policy.next(after: o, explicitInterval: nil, recentArticles: nil, random: { 0.999 })
            #expect(delay(n) <= 1800, "\(failures) failures before: \(n)")
            #expect(delay(n) >= min(300 << failures, 1800) * 8 / 10)
        }
    }

    @Test func retryAfterAsSecondsOrHTTPDatePushesLaterAndIsCapped() {
        let seconds = policy.next(after: seen(succeeded: false, status: 429, retryAfter: "7200"),
                                  explicitInterval: nil, recentArticles: nil, random: { 0.5 })
        #expect(delay(seconds) == 7200 && seconds.reason == "Retry-After")
        let date = policy.next(after: seen(succeeded: false, status: 503, retryAfter: "Thu, 06 Nov 2025 12:00:00 GMT"),
                               explicitInterval: nil, recentArticles: nil, random: { 0.5 })
        #expect(delay(date) == 3 * 3600 && date.reason == "Retry-After")
        let forever = policy.next(after: seen(succeeded: false, status: 429, retryAfter: "99999999"),
                                  explicitInterval: nil, recentArticles: nil, random: { 0.5 })
        #expect(delay(forever) == 86_400, "capped at a day, like the fetcher's host hold")
        let past = policy.next(after: seen(succeeded: false, status: 503, retryAfter: "Thu, 06 Nov 2025 08:00:00 GMT"),
                               explicitInterval: nil, recentArticles: nil, random: { 0.5 })
        #expect(past.reason.hasPrefix("backoff"))
    }

    @Test func cachingHeadersPushLaterCappedAtADay() {
        let maxAge = policy.next(after: seen(cacheControl: "public, max-age=7200"), explicitInterval: nil, recentArticles: nil)
        #expect(delay(maxAge) == 7200 && maxAge.reason == "Cache-Control")
        #expect(maxAge.cacheUntil == Timestamp(seconds: Self.now.seconds + 7200))
        let short = policy.next(after: seen(cacheControl: "max-age=60"), explicitInterval: nil, recentArticles: nil)
        #expect(delay(short) == 1800 && short.reason == "interval")
        let noCache = policy.next(after: seen(cacheControl: "no-cache, max-age=99999"), explicitInterval: nil,
                                  recentArticles: nil)
        #expect(delay(noCache) == 1800 && noCache.cacheUntil == nil)
        let expires = policy.next(after: seen(expires: "Fri, 07 Nov 2025 09:00:00 GMT"), explicitInterval: nil,
                                  recentArticles: nil)
        #expect(delay(expires) == 86_400 && expires.reason == "Expires")
        let year = policy.next(after: seen(cacheControl: "max-age=31536000"), explicitInterval: nil, recentArticles: nil)
        #expect(delay(year) == 86_400)
    }

    @Test func skipHoursAndSkipDaysMoveTheFetchOutOfTheWindow() {
        // Due 09:30 Thursday; hours 9-11 skipped: first allowed is 12:00.
        let hours = policy.next(after: seen(hints: FeedHints(skipHours: [9, 10, 11])), explicitInterval: nil,
                                recentArticles: nil)
        #expect(hours.due == Timestamp(year: 2025, month: 11, day: 6, hour: 12)!)
        #expect(hours.reason == "interval, skipHours")
        // Thursday skipped: Friday 00:00; Friday's first hours skipped too: 02:00.
        let days = policy.next(after: seen(hints: FeedHints(skipHours: [0, 1], skipDays: ["Thursday"])),
                               explicitInterval: nil, recentArticles: nil)
        #expect(days.due == Timestamp(year: 2025, month: 11, day: 7, hour: 2)!)
        // Outside the window: untouched.
        let outside = policy.next(after: seen(hints: FeedHints(skipHours: [3])), explicitInterval: nil, recentArticles: nil)
        #expect(delay(outside) == 1800)
        // A feed that skips every hour is not obeyed (it would never be fetched).
        let all = policy.next(after: seen(hints: FeedHints(skipHours: Array(0...23))), explicitInterval: nil,
                              recentArticles: nil)
        #expect(delay(all) == 1800)
    }

    @Test func goneFeedsWaitTheLongestInterval() {
        let gone = policy.next(after: seen(succeeded: false, status: 410), explicitInterval: nil, recentArticles: nil)
        #expect(delay(gone) == 86_400 && gone.reason == "gone (410)")
    }

    /// One hostile input each, from a feed, a response header or a damaged store: the decision stays in
    /// range (at most a day past the normal interval's reach), never traps, and says what it ignored.
    struct Hostile: Sendable, CustomStringConvertible {
        var description: String
        var hints: FeedHints? = nil
        var succeeded = true
        var status: Int? = 200
        var failures = 0
        var retryAfter: String? = nil
        var cacheControl: String? = nil
        var expires: String? = nil
        var delay: Int64
        var reason: String
    }

    static let hostile: [Hostile] = [
        Hostile(description: "ttl Int.max", hints: FeedHints(ttl: Int.max), delay: 1800,
                reason: "interval (ttl 9223372036854775807 out of range, ignored)"),
        Hostile(description: "ttl Int.max / 60 + 1", hints: FeedHints(ttl: Int.max / 60 + 1), delay: 1800,
                reason: "interval (ttl 153722867280912931 out of range, ignored)"),
        Hostile(description: "ttl negative", hints: FeedHints(ttl: -5), delay: 1800,
                reason: "interval (ttl -5 out of range, ignored)"),
        Hostile(description: "ttl Int.min", hints: FeedHints(ttl: Int.min), delay: 1800,
                reason: "interval (ttl -9223372036854775808 out of range, ignored)"),
        Hostile(description: "ttl a year", hints: FeedHints(ttl: 525_600), delay: 86_400, reason: "ttl"),
        Hostile(description: "updateFrequency 0", hints: FeedHints(updatePeriod: "daily", updateFrequency: 0),
                delay: 86_400, reason: "sy:updatePeriod (sy:updateFrequency 0 out of range, 1 used)"),
        Hostile(description: "updateFrequency Int.min", hints: FeedHints(updatePeriod: "hourly", updateFrequency: .min),
                delay: 3600, reason: "sy:updatePeriod (sy:updateFrequency -9223372036854775808 out of range, 1 used)"),
        Hostile(description: "updateFrequency Int.max", hints: FeedHints(updatePeriod: "yearly", updateFrequency: .max),
                delay: 1800, reason: "interval"),
        Hostile(description: "skipHours out of range", hints: FeedHints(skipHours: [99, -1, Int.max]), delay: 1800,
                reason: "interval (skipHours 99, -1, 9223372036854775807 out of range, ignored)"),
        Hostile(description: "every hour skipped", hints: FeedHints(skipHours: Array(0...23)), delay: 1800,
                reason: "interval (skipHours covers all the time, ignored)"),
        Hostile(description: "every day skipped",
                hints: FeedHints(skipDays: ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "saturday"]),
                delay: 1800, reason: "interval (skipDays covers all the time, ignored)"),
        // Only Wednesday 05:00 is allowed: from Thursday 09:00 that is five days and 20 hours later.
        Hostile(description: "one hour a week allowed",
                hints: FeedHints(skipHours: Array(0...23).filter { $0 != 5 },
                                 skipDays: ["Sunday", "Monday", "Tuesday", "Thursday", "Friday", "Saturday"]),
                delay: 5 * 86_400 + 20 * 3600, reason: "interval, skipHours"),
        Hostile(description: "failures Int.max", succeeded: false, status: 500, failures: .max, delay: 86_400,
                reason: "backoff: 9223372036854775807 failures"),
        Hostile(description: "failures negative", succeeded: false, status: 500, failures: -7, delay: 300,
                reason: "backoff: 1 failure"),
        Hostile(description: "Retry-After a week", succeeded: false, status: 429, retryAfter: "604800",
                delay: 86_400, reason: "Retry-After"),
        Hostile(description: "Retry-After beyond Int64", succeeded: false, status: 503,
                retryAfter: "99999999999999999999999999", delay: 86_400, reason: "Retry-After"),
        Hostile(description: "Retry-After negative", succeeded: false, status: 503, retryAfter: "-3600",
                delay: 300, reason: "backoff: 1 failure"),
        Hostile(description: "Retry-After year 9999", succeeded: false, status: 503,
                retryAfter: "Fri, 31 Dec 9999 23:59:59 GMT", delay: 86_400, reason: "Retry-After"),
        Hostile(description: "Retry-After 1970", succeeded: false, status: 503,
                retryAfter: "Thu, 01 Jan 1970 00:00:00 GMT", delay: 300, reason: "backoff: 1 failure"),
        Hostile(description: "max-age beyond Int64", cacheControl: "max-age=99999999999999999999999", delay: 86_400,
                reason: "Cache-Control"),
        Hostile(description: "max-age Int64.max", cacheControl: "max-age=9223372036854775807", delay: 86_400,
                reason: "Cache-Control"),
        Hostile(description: "max-age negative", cacheControl: "max-age=-1", delay: 1800,
                reason: "interval (malformed Cache-Control max-age ignored)"),
        Hostile(description: "max-age garbage", cacheControl: "max-age=1e9", delay: 1800,
                reason: "interval (malformed Cache-Control max-age ignored)"),
        Hostile(description: "max-age twice, disagreeing", cacheControl: "max-age=60, max-age=99999", delay: 1800,
                reason: "interval (conflicting Cache-Control max-age ignored)"),
        Hostile(description: "max-age twice, agreeing", cacheControl: "max-age=7200, max-age=7200", delay: 7200,
                reason: "Cache-Control"),
        Hostile(description: "Expires year 9999", expires: "Fri, 31 Dec 9999 23:59:59 GMT", delay: 86_400,
                reason: "Expires"),
        Hostile(description: "Expires in the past", expires: "Thu, 01 Jan 1970 00:00:00 GMT", delay: 1800,
                reason: "interval"),
        Hostile(description: "Expires garbage", expires: "-1", delay: 1800, reason: "interval"),
    ]

    @Test(arguments: hostile)
    func hostileHintsAndHeadersStayInRange(_ c: Hostile) {
        let o = FetchObservation(feed: FeedConfig(url: "https://a.example/feed"), previousFailures: c.failures,
                                 storedHints: c.hints, attemptedAt: Self.now, succeeded: c.succeeded, status: c.status,
                                 retryAfter: c.retryAfter, cacheControl: c.cacheControl, expires: c.expires, hints: nil)
        let n = policy.next(after: o, explicitInterval: nil, recentArticles: nil, random: { 0.5 })
        #expect(delay(n) == c.delay, "\(c)")
        #expect(n.reason == c.reason, "\(c)")
    }

    @Test func aHostileConfigurationCannotOverflowTheSchedule() {
        let extreme = DuePlanner(interval: .max, minInterval: .min, maxInterval: .max, adaptive: true)
        let failed = FetchObservation(feed: FeedConfig(url: "https://a.example/feed"), previousFailures: 30,
                                      storedHints: FeedHints(ttl: Int.max, skipHours: [1, 2]), attemptedAt: Self.now,
                                      succeeded: false, status: 500)
        for recent in [nil, 0, 1, Int.max, Int.min] as [Int?] {
            let n = extreme.next(after: failed, explicitInterval: nil, recentArticles: recent, random: { 1 })
            #expect(n.due > Self.now && delay(n) <= 366 * 86_400, "\(n)")
            let ok = extreme.next(after: seen(hints: FeedHints(ttl: Int.max)), explicitInterval: .max,
                                  recentArticles: recent)
            #expect(ok.due > Self.now && delay(ok) <= 366 * 86_400 + 86_400, "\(ok)")
        }
    }
}
