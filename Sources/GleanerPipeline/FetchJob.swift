#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import GleanerConfig
import GleanerFetch
import GleanerModel
import GleanerParse
import GleanerStore

/// One pass over the configured feeds: fetch them concurrently (conditional GET with the stored validators),
/// stream each body into the parser, and store each feed's articles together with its new state.
///
/// This is the only place, with the daemon's scheduler, that wires the stages together. A failing feed is
/// recorded and reported; it never stops the others. Every fetch ends in one `FeedReport.Outcome` and one
/// store transaction holding everything it changed: validators, body hash, a move, 410's disabling, a host's
/// Retry-After, the next due time.
public final class FetchJob {
    /// Validators unchanged for this long are not sent once (RFC 9110 leaves a 304 forever legal, and some
    /// servers answer 304 to anything): a plain GET then refreshes them, and the body hash keeps it cheap.
    public static let validatorMaxAge: Int64 = 8 * 86_400

    let config: Config
    let store: Store

    /// Kept for the job's life so that connections and TLS sessions are reused from one run to the next.
    let fetcher: Fetcher
    /// Stores results beside the fetch, on its own connection (opened at first use, kept for the job's life).
    private let writer: FetchStoreWriter
    /// The serial queue the job is confined to, when it has one (the daemon's); `run` asserts it.
    private let queue: DispatchQueue?

    /// - Parameters:
    ///   - queue: the serial queue every call will come from (nil: the caller's thread, as the CLI).
    ///   - politeness: the hosts' state to share (the daemon's, which outlives a job); by default the job's
    ///     own, with `max-transfers-per-host` and no `host-gap` (the gap is the daemon's, applied as it picks).
    public init(config: Config, store: Store, queue: DispatchQueue? = nil, politeness: HostPoliteness? = nil) {
        self.config = config
        self.store = store
        self.queue = queue
        self.politeness = politeness ?? HostPoliteness(maxTransfersPerHost: config.maxTransfersPerHost)
        fetcher = Fetcher(maxTransfers: config.maxTransfers, politeness: self.politeness, queue: queue)
        writer = FetchStoreWriter(opener: store.opener)
    }

    /// Per-host slots and Retry-After holds, shared with the fetcher.
    public let politeness: HostPoliteness
    /// Decides each fetched feed's next due time (`DuePlanner`, with the batch's publishing rates); nil leaves
    /// it unset.
    public var planner: DuePlanner.Batch?
    /// Fetch only feeds still due by the store's schedule (`Store.claimDueFeeds`): the daemon's batches, which
    /// other daemons sharing the store may have fetched meanwhile. `gleaner fetch` fetches what it is told.
    public var claimsDueOnly = false
    /// Checked at least every 250 ms while transfers run: once true, they end as aborted (shutdown).
    public var stopWhen: () -> Bool = { false }
    /// Whether to make the store's feed list match the configuration first (the daemon does it once per load).
    public var syncsFeeds = true
    /// Fetch feeds that are disabled (410 Gone) too, re-enabling them: `gleaner fetch URL` names a feed on
    /// purpose. Otherwise a disabled feed is skipped until its feeds.conf line changes.
    public var enablesDisabled = false
    /// Fetch even from hosts that asked to wait (Retry-After): `gleaner fetch --force`, impolite on purpose.
    public var ignoresHostHolds = false
    /// The clock (tests move it).
    public var now: () -> Timestamp = { Timestamp.now() }
    /// Called as each article page fetched for its full text is recorded (FullTextStep).
    public var fullTextProgress: (FullTextReport) -> Void = { _ in }
    /// Called when the full-text step fails (a store error): the feeds' own reports stand, so `run` does not
    /// throw for it.
    public var fullTextFailed: (Error) -> Void = { _ in }

    /// Fetches `feeds` (by default every configured feed) once; reports come back in the order given.
    /// `progress` is called as each feed finishes (skipped ones first), in completion order.
    ///
    /// A process that stopped in the middle of a fetch (a crash, a kill) left its feeds marked in progress:
    /// they are judged first (`StopVerdict`). Feeds suspected of stopping the process are then fetched one at a
    /// time after the others, so that a stop during their fetch is theirs alone.
    public func run(_ feeds: [FeedConfig]? = nil, progress: (FeedReport) -> Void = { _ in }) throws -> [FeedReport] {
        if let queue { dispatchPrecondition(condition: .onQueue(queue)) }
        if syncsFeeds {
            try store.syncFeeds(config.feeds.map { (url: $0.url, name: $0.name, tags: $0.tags) })
            try HookRunner.attach(config: config, store: store)
        }
        _ = try store.settleInterruptedFetches()
        let started = now()
        let all = feeds == nil
        let feeds = feeds ?? config.feeds
        let suspects = try store.feedsFetchedAlone()
        let alone = feeds.indices.filter { suspects.contains(feeds[$0].url) }
        var reports = [FeedReport?](repeating: nil, count: feeds.count)
        if alone.isEmpty {
            for (i, r) in try runTogether(feeds, all: all, progress: progress).enumerated() { reports[i] = r }
        } else {
            let together = feeds.indices.filter { !suspects.contains(feeds[$0].url) }
            for (i, r) in zip(together, try runTogether(together.map { feeds[$0] }, all: false, progress: progress)) {
                reports[i] = r
            }
            for i in alone { reports[i] = try runTogether([feeds[i]], all: false, progress: progress).first }
        }
        // Every headline is stored by now: pages come after them, once per run (one page budget).
        do { try fetchFullText(feeds, since: started) } catch { fullTextFailed(error) }
        return reports.map { $0! }
    }

    /// `all`: `feeds` is every configured feed, whose states are then read in one query.
    private func runTogether(_ feeds: [FeedConfig], all: Bool, progress: (FeedReport) -> Void) throws -> [FeedReport] {
        if feeds.isEmpty { return [] }
        let started = now()
        // Every feed: one query for all their states. A daemon batch: only its own feeds' rows.
        var states = try all ? store.fetchStates() : store.fetchStates(urls: feeds.map(\.url))
        if !ignoresHostHolds { politeness.hold(try store.hostRetries(after: started), now: started) }

        var reports = [FeedReport?](repeating: nil, count: feeds.count)
        var plans: [Plan] = []
        var unstartable: [(Plan, FetchError)] = []
        for (index, feed) in feeds.enumerated() {
            var state = states[feed.url]
            if state == nil {
                // A URL given on the command line and not configured: stored, not added to feeds.conf.
                try store.ensureFeed(url: feed.url)
                state = try store.fetchStates(urls: [feed.url])[feed.url]
                states[feed.url] = state
            }
            // Disabled, held back, or enabled again (its line edited, or named on purpose): the lifecycle says.
            let due = FeedEvent.due(line: feed.lineFingerprint, named: enablesDisabled, now: started)
            let (_, effects) = FeedState.transition(state.map(FeedState.init) ?? FeedState(), due)
            if effects.contains(.enable) { try store.setDisabled(feedURL: feed.url, nil) }
            if let skip = effects.lazy.compactMap({ if case .skip(let why) = $0 { why } else { nil } }).first {
                let report = FeedReport(url: feed.url, name: feed.name, outcome: .skipped(skip))
                reports[index] = report
                progress(report)
                continue
            }
            let target = Self.fetchURL(feed: feed, state: state)
            if !ignoresHostHolds, let host = HostKey(url: target), let until = politeness.heldUntil(host, now: started) {
                let report = FeedReport(url: feed.url, name: feed.name,
                                        outcome: .skipped("host asked to wait until \(until.rfc3339)"))
                if let planner {
                    let next = planner.nextDue(.hostHeld(host: host.rawValue, until: until), now: started)
                    try store.setSchedule(feedURL: feed.url, nextDue: next.due, reason: next.reason)
                }
                reports[index] = report
                progress(report)
                continue
            }
            let maxItems = config.options(for: feed).maxItems ?? FeedOptions.builtIn.maxItems!
            var plan = Plan(index: index, feed: feed, state: state, sink: ParserSink(maxItems: maxItems),
                            request: FetchRequest(url: target))
            switch request(for: feed, state: state, url: target, now: started) {
            case .success(let (request, refreshed)):
                plan.request = request
                plan.validatorsRefreshed = refreshed
                plans.append(plan)
            case .failure(let problem):
                unstartable.append((plan, FetchError(kind: .other, url: target, message: problem.message)))
            }
        }

        // Claimed before any byte is parsed; each recorded fetch ends its own claim, the rest end below. A daemon
        // claims only feeds still due: on a store shared by several daemons, a feed another one holds (or fetched
        // since this one read its schedule) is theirs, left alone here and not recorded.
        let urls = plans.map(\.feed.url), lease = claimLease(plans.map(\.feed))
        let claimed = Set(claimsDueOnly ? try store.claimDueFeeds(urls, owner: .current, lease: lease, now: started)
                                         : try store.claimFeeds(urls, lease: lease))
        if claimed.count < plans.count {
            for plan in plans where !claimed.contains(plan.feed.url) {
                let report = FeedReport(url: plan.feed.url, name: plan.feed.name,
                                        outcome: .skipped(FeedReport.claimedElsewhere))
                reports[plan.index] = report
                progress(report)
            }
            plans = plans.filter { claimed.contains($0.feed.url) }
        }
        // From here until `writer.finish()` results are stored on the writer's thread and connection.
        let writer = self.writer
        func collect(_ finished: [(index: Int, report: FeedReport)]) {
            for (index, report) in finished {
                reports[index] = report
                progress(report)
            }
        }
        for (plan, error) in unstartable {
            writer.submit(work(plan, result: .failed(error)))
        }
        // A 429/503 with Retry-After holds its host back for the rest of this run too (the fetcher asks
        // `politeness` before each transfer).
        let politeness = self.politeness
        // The stop check runs at least every 250 ms: it also hands out what the writer has stored meanwhile, so
        // a feed's report (and the daemon's log line) does not wait for the next transfer to end.
        let shouldStop = stopWhen
        let check = { () -> Bool in
            collect(writer.drain())
            return shouldStop()
        }
        fetcher.run(plans.map { ($0.request, $0.sink as BodySink) }, stopWhen: check) { position, result in
            let plan = plans[position]
            if case .failed(let error) = result, error.kind == .heldBack {
                plan.sink.release()
                let report = FeedReport(url: plan.feed.url, name: plan.feed.name, outcome: .skipped(error.message))
                if let planner = self.planner, let host = HostKey(url: plan.request.url),
                   let until = politeness.heldUntil(host, now: self.now())
                {
                    let next = planner.nextDue(.hostHeld(host: host.rawValue, until: until), now: self.now())
                    writer.submit(FetchStoreWork(
                        index: plan.index, feedURL: plan.feed.url, kind: .reschedule(next.due, next.reason),
                        record: FetchRecord(), articles: [], report: report))
                } else {
                    reports[plan.index] = report
                    progress(report)
                }
                return
            }
            let work = self.work(plan, result: result)
            if let host = work.record.retryHost, let until = work.record.retryUntil {
                politeness.hold(HostKey(rawValue: host), until: until)
            }
            writer.submit(work)
            collect(writer.drain())
        }
        collect(writer.finish())
        try store.releaseClaims()
        return reports.map { $0! }
    }

    /// Seconds a batch fetching `feeds` may take: each transfer within the longest of their timeouts, in rounds
    /// of `max-transfers`, plus a minute for parsing and storing. A claim held longer than this is taken to
    /// belong to a process that died (a backend that enforces leases then lets another daemon fetch the feed).
    private func claimLease(_ feeds: [FeedConfig]) -> Int64 {
        let longest = feeds.map { config.options(for: $0).timeout ?? FeedOptions.builtIn.timeout ?? 60 }.max() ?? 0
        let slots = max(config.maxTransfers, 1)
        let rounds = (feeds.count + slots - 1) / slots
        // In Double and clamped: both factors come from feeds.conf.
        return Int64(min(Double(longest) * Double(rounds) + 60, 1e12))
    }

    /// The address actually requested: the confirmed target of a permanent redirect, else the configured URL.
    static func fetchURL(feed: FeedConfig, state: FeedRecord?) -> String {
        if let state, let moved = state.movedTo,
           FeedState.Move(target: moved, confirmations: state.moveConfirmations).confirmed {
            return moved
        }
        return feed.url
    }

    private struct Plan {
        var index: Int
        var feed: FeedConfig
        var state: FeedRecord?
        var sink: ParserSink
        var request: FetchRequest
        var validatorsRefreshed = false
    }

    func request(for feed: FeedConfig, state: FeedRecord?) -> FetchRequest {
        (try? request(for: feed, state: state, url: Self.fetchURL(feed: feed, state: state), now: now()).get().0)
            ?? FetchRequest(url: feed.url)
    }

    func request(for feed: FeedConfig, state: FeedRecord?, url: String, now: Timestamp)
        -> Swift.Result<(FetchRequest, Bool), RequestFailure>
    {
        var r: FetchRequest
        do { r = try Self.request(url: url, options: config.options(for: feed)) } catch { return .failure(error) }
        var refreshed = false
        if let saved = state?.validatorsSaved, now.seconds - saved.seconds > Self.validatorMaxAge {
            refreshed = true  // sent without validators, once
        } else {
            r.etag = state?.etag
            r.lastModified = state?.lastModified
        }
        return .success((r, refreshed))
    }

    /// The request for `url` under a feed's effective options (`Config.options(for:)`), without validators:
    /// user-agent, timeouts, low-speed cut, size cap, `insecure`, basic authentication. The one place a feed's
    /// options become a request, for every fetch and for `FeedCheck` (`gleaner add`'s check).
    static func request(url: String, options o: FeedOptions) throws(RequestFailure) -> FetchRequest {
        var r = FetchRequest(url: url)
        r.userAgent = o.userAgent ?? FetchRequest.defaultUserAgent
        r.connectTimeout = Double(o.connectTimeout!)
        r.timeout = Double(o.timeout!)
        r.lowSpeedLimit = o.lowSpeedLimit!
        r.lowSpeedTime = o.lowSpeedTime!
        r.maxBodyBytes = o.maxSize!
        r.insecure = o.insecure ?? false
        if let user = o.user {
            r.username = user
            if let file = o.passwordFile {
                guard let password = SecretFile.firstLine(file) else {
                    throw RequestFailure("cannot read password-file \(file): \(String(cString: strerror(errno)))")
                }
                r.password = password
            }
        }
        return r
    }

    struct RequestFailure: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }

    /// Turns one transfer's result into what to store (on the fetch thread: the parse finishes here).
    private func work(_ plan: Plan, result: FetchResult) -> FetchStoreWork {
        defer { plan.sink.release() }
        TestCrashTrigger.check(feedURL: plan.feed.url)
        let feed = plan.feed, previous = plan.state, request = plan.request, sink = plan.sink
        let now = self.now()
        var report = FeedReport(url: feed.url, name: feed.name, outcome: .notModified, problems: [])
        var record = FetchRecord(attemptedAt: now, succeeded: true, result: "")
        var articles: [Article] = []
        var bodyUnchanged = false
        let atConfiguredURL = request.url == feed.url
        let event: FeedEvent
        switch result {
        case .notModified(let response):
            record.status = response.status
            // A 304 may carry fresh validators (RFC 9110 §15.4.5); otherwise keep the ones we sent.
            record.etag = response.etag ?? request.etag ?? previous?.etag
            record.lastModified = response.lastModified ?? request.lastModified ?? previous?.lastModified
            record.effectiveURL = response.effectiveURL
            event = .fetched(atConfiguredURL: atConfiguredURL,
                             permanentRedirect: Self.permanentRedirect(request, response))
        case .fetched(let response):
            record.status = response.status
            record.effectiveURL = response.effectiveURL
            let parsed = sink.finish(documentURL: response.effectiveURL)
            if !parsed.isFeed {
                // A login wall or a bot challenge answered 200: an error, never an empty feed.
                let type = (response.contentType ?? "unknown type").split(separator: ";").first.map(String.init)
                    ?? "unknown type"
                var message = "not a feed: \(type) page"
                report.discovered = sink.announcedFeeds(baseURL: response.effectiveURL)
                if let first = report.discovered.first {
                    message += " (it announces the feed \(URLUserInfo.stripped(first)))"
                }
                report.outcome = .failed(message)
                report.errorKind = .notAFeed
                record.succeeded = false
                event = .failed(atConfiguredURL: atConfiguredURL)
            } else {
                record.etag = response.etag
                record.lastModified = response.lastModified
                record.validatorsRefreshed = plan.validatorsRefreshed
                let hash = sink.bodyHash
                if let stored = previous?.bodyHash, stored == hash {
                    // The same bytes as last time (a server ignoring validators, or our own 8-day refresh):
                    // the parse is thrown away and nothing about the articles is written.
                    bodyUnchanged = true
                } else {
                    record.bodyHash = hash
                    record.feedTitle = parsed.feed.title
                    record.feedSite = parsed.feed.link
                    record.hints = FeedHints(parsed.feed)
                    articles = parsed.articles
                    if !parsed.wellformed { report.problems = parsed.problems }
                    report.limited = sink.cutNotice
                }
                event = .fetched(atConfiguredURL: atConfiguredURL,
                                 permanentRedirect: Self.permanentRedirect(request, response))
            }
        case .failed(let error):
            record.status = error.status
            record.succeeded = false
            report.outcome = .failed(error.description)
            report.errorKind = .fetch(error.kind)
            if error.kind == .aborted {
                event = .interrupted
            } else if error.status == 410 {
                event = .gone(reason: HTTPStatusText.gone, line: feed.lineFingerprint, atConfiguredURL: atConfiguredURL,
                              at: now)
                report.outcome = .gone(HTTPStatusText.gone)
            } else {
                event = .failed(atConfiguredURL: atConfiguredURL)
            }
            if let until = HostPoliteness.holdUntil(status: error.status, retryAfter: error.retryAfter, now: now),
                let host = HostKey(url: request.url)
            {
                record.retryHost = host.rawValue
                record.retryUntil = until
                report.outcome = .rateLimited(until: until, error.description)
            }
        }
        // Failures, a move's confirmations, disabling: the lifecycle decides; the record carries what changed.
        let before = previous.map(FeedState.init) ?? FeedState()
        let (after, effects) = FeedState.transition(before, event)
        if after.move != before.move {
            record.movedTo = after.move?.target
            record.moveConfirmations = after.move?.confirmations ?? 0
        }
        for case .disable(let disabled) in effects { record.disabled = disabled }
        if case .fetched(_, let redirect) = event {
            report.movedTo = redirect ?? (after.move?.confirmed == true ? after.move?.target : nil)
        }
        if let planner {
            var seen = FetchObservation(feed: feed, previous: previous, attemptedAt: now, succeeded: record.succeeded,
                                        status: record.status, hints: record.hints)
            switch result {
            case .fetched(let r), .notModified(let r):
                seen.retryAfter = r.retryAfter
                seen.cacheControl = r.cacheControl
                seen.expires = r.expires
            case .failed(let e):
                seen.retryAfter = e.retryAfter
            }
            let next = planner.next(after: seen)
            record.nextDue = next.due
            record.nextDueReason = next.reason
            record.cacheUntil = next.cacheUntil
        }
        let kind: FetchStoreWork.Kind
        if case .failed(let error) = result, error.kind == .aborted {
            // Cut short by a stop, not by the feed (`DuePlanner.Event.interrupted`).
            let next = (planner?.planner ?? DuePlanner(config: config)).nextDue(.interrupted, now: now)
            kind = .reschedule(next.due, next.reason)
        } else if !record.succeeded {
            kind = .failed
        } else if bodyUnchanged {
            kind = .unchanged
        } else if case .notModified = result {
            kind = .notModified
        } else {
            kind = .fetched
        }
        let maxItems = config.options(for: feed).maxItems ?? FeedOptions.builtIn.maxItems!
        return FetchStoreWork(index: plan.index, feedURL: feed.url, kind: kind, record: record, articles: articles,
                              report: report, dailyLimit: FetchStoreWork.dailyFactor * maxItems)
    }

    /// Where a 301/308 led, when elsewhere than the URL requested.
    private static func permanentRedirect(_ request: FetchRequest, _ response: FetchResponse) -> String? {
        response.permanentRedirect && response.effectiveURL != request.url ? response.effectiveURL : nil
    }
}

enum HTTPStatusText {
    static let gone = "HTTP 410 Gone"
}

extension FeedConfig {
    /// The line's fingerprints, by the current rule and by the one stores of schema 7 kept: a feed disabled under
    /// this line stays disabled until they differ (FeedDisabled.lineChanged).
    public var lineFingerprint: LineFingerprint { LineFingerprint(current: fingerprint, legacy: legacyFingerprint) }
}
