import Foundation
import GleanerConfig
import GleanerFetch
import GleanerModel
import GleanerParse
import GleanerStore

/// When to fetch a feed next, and why: a pure function of what the last fetch showed, so it is tested as a
/// table without a clock or a network.
///
/// In order: the base interval (the feed's own `interval=`, else the publishing rate when adaptive, else the
/// global interval, clamped to `min-interval`…`max-interval`); the feed's own hints (`<ttl>`,
/// `sy:updatePeriod`/`sy:updateFrequency`) may only lengthen it; a failure backs off exponentially instead;
/// `Retry-After` (capped at a week, as the fetcher's host hold), `Cache-Control: max-age` and `Expires` (capped
/// at a day) may only push the time later;
/// finally a time inside the feed's `skipHours`/`skipDays` moves to the first hour outside them.
public struct SchedulePolicy: Sendable {
    public var interval: Int
    public var minInterval: Int
    public var maxInterval: Int
    public var adaptive: Bool

    /// The longest any backoff, `Retry-After` or cache lifetime may delay a feed.
    public static let maxDelay = 24 * 3600
    public static let week = 7 * 86_400

    public init(interval: Int = 1800, minInterval: Int = 300, maxInterval: Int = 86_400, adaptive: Bool = true) {
        self.interval = interval
        self.minInterval = minInterval
        self.maxInterval = max(minInterval, maxInterval)
        self.adaptive = adaptive
    }

    public init(config: Config) {
        self.init(interval: config.interval, minInterval: config.minInterval, maxInterval: config.maxInterval,
                  adaptive: config.adaptive)
    }

    func clamp(_ seconds: Int) -> Int { min(max(seconds, minInterval), maxInterval) }

    /// The interval before hints: an explicit per-feed `interval=` wins (the admin chose it); otherwise, when
    /// adaptive and the recent article count is known, a week divided by the articles of the last week.
    public func baseInterval(explicit: Int?, recentArticles: Int?) -> (seconds: Int, reason: String) {
        if let explicit { return (clamp(explicit), "interval") }
        if adaptive, let recent = recentArticles {
            if recent == 0 { return (maxInterval, "adaptive: nothing new in a week") }
            return (clamp(SchedulePolicy.week / recent), "adaptive: \(recent) articles a week")
        }
        return (clamp(interval), "interval")
    }

    /// - Parameter random: a value in 0..<1 for the backoff's jitter (injected so tests are exact).
    public func next(after o: FetchObservation, explicitInterval: Int?, recentArticles: Int?,
                     random: () -> Double = { Double.random(in: 0..<1) }) -> NextFetch {
        let now = o.attemptedAt
        var (seconds, reason) = baseInterval(explicit: explicitInterval, recentArticles: recentArticles)

        let hints = o.hints ?? o.storedHints ?? FeedHints()
        if let ttl = hints.ttl, ttl > 0, ttl * 60 > seconds {
            seconds = min(ttl * 60, maxInterval)
            reason = "ttl"
        }
        if let period = SchedulePolicy.updatePeriodSeconds(hints) , period > seconds {
            seconds = min(period, maxInterval)
            reason = "sy:updatePeriod"
        }

        var due = Timestamp(seconds: now.seconds + Int64(seconds))
        if !o.succeeded {
            let failures = o.previousFailures + 1
            if o.status == 410 {
                due = Timestamp(seconds: now.seconds + Int64(maxInterval))
                reason = "gone (410)"
            } else {
                // Doubling from the interval, capped at a day, with ±20% jitter so that feeds failing together
                // (one host down) do not come back in lockstep.
                let doublings = min(failures - 1, 20)
                let backoff = min(seconds << doublings, SchedulePolicy.maxDelay)
                let jittered = Double(backoff) * (0.8 + 0.4 * random())
                due = Timestamp(seconds: now.seconds + Int64(jittered.rounded()))
                reason = "backoff: \(failures) failure\(failures == 1 ? "" : "s")"
            }
        }

        // The same reading and cap as the fetcher's host-wide hold, so feed and host agree on when to return.
        if let wait = o.retryAfter.flatMap({ FetchURL.retryAfter($0, now: now) }), wait > due {
            due = wait
            reason = "Retry-After"
        }

        var cacheUntil: Timestamp? = nil
        if o.succeeded, let (until, source) = SchedulePolicy.cacheLifetime(o, now: now) {
            cacheUntil = until
            if until > due {
                due = until
                reason = source
            }
        }

        if let (moved, why) = SchedulePolicy.outsideSkipped(due, hints: hints) {
            due = moved
            reason += ", " + why
        }
        return NextFetch(due: due, reason: reason, cacheUntil: cacheUntil)
    }

    /// `sy:updatePeriod` / `sy:updateFrequency`: the period divided by the number of updates in it.
    static func updatePeriodSeconds(_ hints: FeedHints) -> Int? {
        guard let period = hints.updatePeriod?.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() else { return nil }
        let seconds: Int
        switch period {
        case "hourly": seconds = 3600
        case "daily": seconds = 86_400
        case "weekly": seconds = 7 * 86_400
        case "monthly": seconds = 30 * 86_400
        case "yearly": seconds = 365 * 86_400
        default: return nil
        }
        return seconds / max(1, hints.updateFrequency ?? 1)
    }

    /// `Cache-Control: max-age` (unless `no-cache`/`no-store`), else `Expires`, capped at a day.
    static func cacheLifetime(_ o: FetchObservation, now: Timestamp) -> (Timestamp, String)? {
        if let cc = o.cacheControl?.lowercased() {
            let directives = cc.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            if directives.contains(where: { $0 == "no-cache" || $0 == "no-store" }) { return nil }
            for d in directives where d.hasPrefix("max-age=") {
                guard let age = Int64(d.dropFirst(8).trimmingCharacters(in: CharacterSet(charactersIn: "\""))), age > 0 else { return nil }
                return (Timestamp(seconds: now.seconds + min(age, Int64(maxDelay))), "Cache-Control")
            }
        }
        if let expires = o.expires.flatMap(DateParser.parse), expires > now {
            return (Timestamp(seconds: min(expires.seconds, now.seconds + Int64(maxDelay))), "Expires")
        }
        return nil
    }

    static let dayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]

    /// The first whole hour at or after `due` outside the feed's `skipHours` and `skipDays` (both in UTC,
    /// RSS 2.0 §skipHours), or nil when `due` is not inside them. A feed that skips everything is not moved.
    static func outsideSkipped(_ due: Timestamp, hints: FeedHints) -> (Timestamp, String)? {
        let hours = Set(hints.skipHours.filter { (0...23).contains($0) })
        let days = Set(hints.skipDays.compactMap { name in
            dayNames.firstIndex(of: name.trimmingCharacters(in: .whitespacesAndNewlines).lowercased())
        })
        guard !hours.isEmpty || !days.isEmpty, hours.count < 24, days.count < 7 else { return nil }
        func skipped(_ t: Timestamp) -> String? {
            let dayNumber = t.seconds >= 0 ? t.seconds / 86_400 : (t.seconds - 86_399) / 86_400
            let weekday = Int((dayNumber % 7 + 7 + 4) % 7)  // 1970-01-01 was a Thursday
            if days.contains(weekday) { return "skipDays" }
            if hours.contains(Int((t.seconds - dayNumber * 86_400) / 3600)) { return "skipHours" }
            return nil
        }
        guard var why = skipped(due) else { return nil }
        var t = Timestamp(seconds: (due.seconds / 3600 + 1) * 3600)
        for _ in 0..<(24 * 8) {
            guard let again = skipped(t) else { return (t, why) }
            why = again
            t = Timestamp(seconds: t.seconds + 3600)
        }
        return nil
    }
}
