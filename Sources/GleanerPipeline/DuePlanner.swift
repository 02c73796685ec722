import Foundation
import GleanerConfig
import GleanerFetch
import GleanerModel
import GleanerParse
import GleanerStore

/// When a feed is due, and why: the one place that decides it. A pure function of what happened to the feed
/// (`Event`: a fetch with its HTTP answer, a stop, a host's Retry-After hold, a batch that did not get to it),
/// its stored state and hints, the configuration and the clock, so it is tested as a table without a network.
///
/// After a fetch, in order: the base interval (the feed's own `interval=`, else the publishing rate when
/// adaptive, else the global interval, clamped to `min-interval`…`max-interval`); the feed's own hints (`<ttl>`,
/// `sy:updatePeriod`/`sy:updateFrequency`) may only lengthen it; a failure backs off exponentially instead;
/// `Retry-After`, `Cache-Control: max-age` and `Expires` (each capped at a day) may only push the time later;
/// finally a time inside the feed's `skipHours`/`skipDays` moves to the first hour outside them. Feeds due at
/// a start or a reload are spread out first (`spread`).
///
/// Every number here comes from a feed, a response header or the store, so none of it is trusted: arithmetic
/// saturates, and a value out of range is ignored or capped with a note in the reason, never a trap (a hint is
/// stored and reused on every 304, so a trap here would stop the daemon on every start).
public struct DuePlanner: Sendable {
    public var interval: Int
    public var minInterval: Int
    public var maxInterval: Int
    public var adaptive: Bool

    /// The longest any backoff, `Retry-After` or cache lifetime may delay a feed.
    public static let maxDelay = 24 * 3600
    public static let week = 7 * 86_400
    /// The longest interval planned (a year): larger settings are read as this, so due times stay
    /// far from `Int64`'s limits whatever the configuration says.
    static let longestInterval = 366 * 86_400
    /// A `<ttl>` above this many minutes (a year) is out of range.
    static let maxTTLMinutes = longestInterval / 60

    public init(interval: Int = 1800, minInterval: Int = 300, maxInterval: Int = 86_400, adaptive: Bool = true) {
        let bounded = 1...DuePlanner.longestInterval
        self.minInterval = minInterval.clamped(to: bounded)
        self.maxInterval = max(self.minInterval, maxInterval.clamped(to: bounded))
        self.interval = interval.clamped(to: bounded)
        self.adaptive = adaptive
    }

    public init(config: Config) {
        self.init(interval: config.interval, minInterval: config.minInterval, maxInterval: config.maxInterval,
                  adaptive: config.adaptive)
    }

    /// What happened to a feed, for `nextDue`.
    public enum Event: Sendable {
        /// A fetch ended, with its answer (status, headers, hints) and the feed's state before it. The rate is
        /// the feed's articles of the last week when adaptive and known (`Batch` reads it from the store).
        case fetched(FetchObservation, recentArticles: Int?)
        /// A fetch cut short by a stop (SIGTERM, a reload), not by the feed: no failure counted, no backoff,
        /// and due again at once (the next start spreads it with the others).
        case interrupted
        /// Not fetched: its host asked to wait (Retry-After) until `until`; the feed waits with its host.
        case hostHeld(host: String, until: Timestamp)
        /// Taken for a batch that did not attempt it (skipped), so still due: looked at again in a minute, or a
        /// due-queue loop would spin on it. Its reason is kept.
        case notAttempted(reason: String?)
    }

    /// When the feed is next due after `event`, at `now`, and why (the reason `gleaner feeds` shows).
    /// - Parameter random: a value in 0..<1 for a backoff's jitter (injected so tests are exact).
    public func nextDue(_ event: Event, now: Timestamp,
                        random: () -> Double = { Double.random(in: 0..<1) }) -> NextFetch {
        switch event {
        case .fetched(let o, let recent):
            return next(after: o, explicitInterval: o.feed.options.interval, recentArticles: recent, random: random)
        case .interrupted:
            return NextFetch(due: now, reason: "interrupted by a stop")
        case .hostHeld(let host, let until):
            return NextFetch(due: until, reason: "Retry-After (host \(host))")
        case .notAttempted(let reason):
            return NextFetch(due: DuePlanner.later(now, by: 60), reason: reason ?? "retry")
        }
    }

    /// Feeds due at a start or a reload (`due`, in configuration order) get due times spread over a window
    /// that grows with their number, about 50 feeds a second and never longer than half the global interval,
    /// so that 5,000 feeds do not all start in the same second. Fewer than two feeds, or a window under a
    /// second, are left as they are (nil).
    /// - Parameter random: a value in 0..<1 per feed, its place in the window.
    public func spread(_ due: [String], now: Timestamp, reason: String,
                       random: () -> Double = { Double.random(in: 0..<1) })
        -> (window: Double, due: [(url: String, next: NextFetch)])?
    {
        guard due.count > 1 else { return nil }
        let window = min(Double(due.count) / 50, Double(interval) / 2)
        guard window >= 1 else { return nil }
        let text = "\(reason) (spread over \(Int(window)) s)"
        return (window, due.map { url in
            let r = random()
            let offset = Int64((r.isFinite ? min(max(r, 0), 1) : 0) * window)
            return (url, NextFetch(due: Timestamp(seconds: now.seconds + min(offset, Int64(window))), reason: text))
        })
    }

    func clamp(_ seconds: Int) -> Int { min(max(seconds, minInterval), maxInterval) }

    /// The interval before hints: an explicit per-feed `interval=` wins (the admin chose it); otherwise, when
    /// adaptive and the recent article count is known, a week divided by the articles of the last week.
    public func baseInterval(explicit: Int?, recentArticles: Int?) -> (seconds: Int, reason: String) {
        if let explicit { return (clamp(explicit), "interval") }
        if adaptive, let recent = recentArticles {
            if recent <= 0 { return (maxInterval, "adaptive: nothing new in a week") }
            return (clamp(DuePlanner.week / recent), "adaptive: \(recent) articles a week")
        }
        return (clamp(interval), "interval")
    }

    /// After a fetch (`Event.fetched`).
    func next(after o: FetchObservation, explicitInterval: Int?, recentArticles: Int?,
              random: () -> Double = { Double.random(in: 0..<1) }) -> NextFetch {
        let now = o.attemptedAt
        var (seconds, reason) = baseInterval(explicit: explicitInterval, recentArticles: recentArticles)
        // Inputs out of range, said once at the end of the reason (`gleaner feeds` shows it).
        var notes: [String] = []

        let hints = o.hints ?? o.storedHints ?? FeedHints()
        if let ttl = hints.ttl, ttl != 0 {
            if ttl < 0 || ttl > DuePlanner.maxTTLMinutes {
                notes.append("ttl \(ttl) out of range, ignored")
            } else if ttl * 60 > seconds {
                seconds = min(ttl * 60, maxInterval)
                reason = "ttl"
            }
        }
        if let period = DuePlanner.updatePeriodSeconds(hints, notes: &notes), period > seconds {
            seconds = min(period, maxInterval)
            reason = "sy:updatePeriod"
        }

        var due = DuePlanner.later(now, by: seconds)
        if !o.succeeded {
            let failures = o.previousFailures.clamped(to: 0...Int.max - 1) + 1
            if o.status == 410 {
                due = DuePlanner.later(now, by: maxInterval)
                reason = "gone (410)"
            } else {
                // The first retry after min-interval (a network blip costs minutes, not a day), doubling up to
                // a day, with ±20% jitter so that feeds failing together (one host down) do not come back in
                // lockstep. A feed that never worked is retried at least as often as its interval: a typo'd
                // URL or a server down at the first start must not make a new feed wait a day.
                let doublings = min(failures - 1, 20)
                let (doubled, overflow) = minInterval.multipliedReportingOverflow(by: 1 << doublings)
                let backoff = overflow ? DuePlanner.maxDelay : min(doubled, DuePlanner.maxDelay)
                let jitter = random()
                let factor = 0.8 + 0.4 * (jitter.isFinite ? jitter.clamped(to: 0...1) : 0.5)
                var wait = Int((Double(backoff) * factor).rounded())
                if !o.everSucceeded { wait = min(wait, seconds) }
                due = DuePlanner.later(now, by: wait)
                reason = "backoff: \(failures) failure\(failures == 1 ? "" : "s")"
            }
        }

        // The same reading and cap as the fetcher's host-wide hold, so feed and host agree on when to return.
        if let wait = o.retryAfter.flatMap({ FetchURL.retryAfter($0, now: now) }), wait > due {
            due = wait
            reason = "Retry-After"
        }

        var cacheUntil: Timestamp? = nil
        if o.succeeded, let (until, source) = DuePlanner.cacheLifetime(o, now: now, notes: &notes) {
            cacheUntil = until
            if until > due {
                due = until
                reason = source
            }
        }

        if let (moved, why) = DuePlanner.outsideSkipped(due, hints: hints, notes: &notes) {
            due = moved
            reason += ", " + why
        }
        if !notes.isEmpty { reason += " (" + notes.joined(separator: "; ") + ")" }
        return NextFetch(due: due, reason: reason, cacheUntil: cacheUntil)
    }

    /// The planner for one batch of a fetch job (the daemon's batches and a one-shot `gleaner fetch` alike, so
    /// both leave the same schedule). Adaptive feeds are read their publishing rate from the store first; a
    /// feed whose oldest stored article was first seen less than a week ago has no rate yet and gets its
    /// interval (a new feed must not be polled once a day because the week's count is empty).
    public func batch(store: Store, feeds: [FeedConfig], now: Timestamp = .now()) throws -> Batch {
        let weekAgo = DuePlanner.later(now, by: -DuePlanner.week)
        var recent: [String: Int] = [:]
        if adaptive {
            for feed in feeds where feed.options.interval == nil {
                let history = try store.articleHistory(feedURL: feed.url, since: weekAgo)
                if let first = history.firstSeen, first <= weekAgo { recent[feed.url] = history.count }
            }
        }
        return Batch(planner: self, recentArticles: recent)
    }

    /// A planner with the publishing rates of one batch's feeds.
    public struct Batch: Sendable {
        public var planner: DuePlanner
        /// Articles of the last week by feed URL, for adaptive feeds with a week of history.
        public var recentArticles: [String: Int]

        public init(planner: DuePlanner, recentArticles: [String: Int] = [:]) {
            self.planner = planner
            self.recentArticles = recentArticles
        }

        public func nextDue(_ event: Event, now: Timestamp) -> NextFetch {
            planner.nextDue(event, now: now)
        }

        /// After a fetch of `o.feed`, with its rate.
        public func next(after o: FetchObservation) -> NextFetch {
            planner.nextDue(.fetched(o, recentArticles: recentArticles[o.feed.url]), now: o.attemptedAt)
        }
    }

    /// `t` plus `seconds`, saturating at the ends of `Int64` instead of trapping.
    static func later(_ t: Timestamp, by seconds: Int) -> Timestamp {
        let (sum, overflow) = t.seconds.addingReportingOverflow(Int64(seconds))
        return Timestamp(seconds: overflow ? (seconds < 0 ? .min : .max) : sum)
    }

    /// `sy:updatePeriod` / `sy:updateFrequency`: the period divided by the number of updates in it.
    static func updatePeriodSeconds(_ hints: FeedHints, notes: inout [String]) -> Int? {
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
        var frequency = hints.updateFrequency ?? 1
        if frequency < 1 {
            notes.append("sy:updateFrequency \(frequency) out of range, 1 used")
            frequency = 1
        }
        return seconds / frequency
    }

    /// `Cache-Control: max-age` (unless `no-cache`/`no-store`), else `Expires`, capped at a day. A `max-age`
    /// too large to represent counts as the cap; a malformed or negative one, or two that disagree, leave the
    /// response stale (RFC 9111 §4.2.1 allows either reading of duplicates; stale is the one that never
    /// delays a fetch).
    static func cacheLifetime(_ o: FetchObservation, now: Timestamp, notes: inout [String]) -> (Timestamp, String)? {
        if let cc = o.cacheControl?.lowercased() {
            let directives = cc.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            if directives.contains(where: { $0 == "no-cache" || $0 == "no-store" }) { return nil }
            let ages = directives.filter { $0.hasPrefix("max-age=") }
                .map { $0.dropFirst(8).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
            if let first = ages.first {
                guard ages.allSatisfy({ $0 == first }) else {
                    notes.append("conflicting Cache-Control max-age ignored")
                    return nil
                }
                guard !first.isEmpty, first.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
                else {
                    notes.append("malformed Cache-Control max-age ignored")
                    return nil
                }
                // All digits: a value too long for Int64 is simply more than the cap.
                let age = Int64(first).map { min($0, Int64(maxDelay)) } ?? Int64(maxDelay)
                guard age > 0 else { return nil }
                return (later(now, by: Int(age)), "Cache-Control")
            }
        }
        if let expires = o.expires.flatMap(DateParser.parse), expires > now {
            return (min(expires, later(now, by: maxDelay)), "Expires")
        }
        return nil
    }

    static let dayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]

    /// The first whole hour at or after `due` outside the feed's `skipHours` and `skipDays` (both in UTC,
    /// RSS 2.0 §skipHours), or nil when `due` is not inside them. Hours outside 0…23 and unknown day names are
    /// ignored; a feed that skips every hour or every day is not obeyed (it would never be fetched), so an
    /// allowed hour always comes within eight days and the search is bounded.
    static func outsideSkipped(_ due: Timestamp, hints: FeedHints, notes: inout [String]) -> (Timestamp, String)? {
        let outOfRange = hints.skipHours.filter { !(0...23).contains($0) }
        if !outOfRange.isEmpty {
            notes.append("skipHours \(outOfRange.prefix(3).map(String.init).joined(separator: ", ")) out of range, ignored")
        }
        let hours = Set(hints.skipHours.filter { (0...23).contains($0) })
        let days = Set(hints.skipDays.compactMap { name in
            dayNames.firstIndex(of: name.trimmingCharacters(in: .whitespacesAndNewlines).lowercased())
        })
        guard !hours.isEmpty || !days.isEmpty else { return nil }
        if hours.count == 24 || days.count == 7 {
            notes.append("\(hours.count == 24 ? "skipHours" : "skipDays") covers all the time, ignored")
            return nil
        }
        // Far from the ends of Int64 (due times are at most a year or so ahead); anything else is not moved.
        guard abs(due.seconds) < Int64(1) << 60 else { return nil }
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

extension Comparable {
    fileprivate func clamped(to range: ClosedRange<Self>) -> Self {
        min(max(self, range.lowerBound), range.upperBound)
    }
}
