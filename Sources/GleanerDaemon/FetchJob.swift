import GleanerConfig
import GleanerFetch
import GleanerModel
import GleanerParse
import GleanerStore

/// One pass over the configured feeds: fetch them concurrently (conditional GET with the stored validators),
/// stream each body into the parser, and store each feed's articles together with its new state.
///
/// This is the only place, with the daemon's scheduler, that wires the stages together. A failing feed is
/// recorded and reported; it never stops the others.
public final class FetchJob {
    private let config: Config
    private let store: Store

    /// Kept for the job's life so that connections and TLS sessions are reused from one run to the next.
    private let fetcher: Fetcher

    public init(config: Config, store: Store) {
        self.config = config
        self.store = store
        fetcher = Fetcher(maxTransfers: config.maxTransfers, maxTransfersPerHost: config.maxTransfersPerHost)
    }

    /// Decides each fetched feed's next due time (the daemon's policy); nil leaves it unset.
    public var planner: (@Sendable (FetchObservation) -> NextFetch)?
    /// Checked at least every 250 ms while transfers run: once true, they end as aborted (shutdown).
    public var stopWhen: () -> Bool = { false }
    /// Whether to make the store's feed list match the configuration first (the daemon does it once per load).
    public var syncsFeeds = true

    /// Fetches `feeds` (by default every configured feed) once; reports come back in the order given.
    /// `progress` is called as each feed finishes, in completion order.
    public func run(_ feeds: [FeedConfig]? = nil, progress: (FeedReport) -> Void = { _ in }) throws -> [FeedReport] {
        if syncsFeeds {
            try store.syncFeeds(config.feeds.map { (url: $0.url, name: $0.name, tags: $0.tags) })
        }
        let feeds = feeds ?? config.feeds
        var states: [FeedRecord?] = []
        var requests: [(FetchRequest, BodySink)] = []
        var sinks: [ParserSink] = []
        for feed in feeds {
            let state = try store.feed(url: feed.url)
            states.append(state)
            let sink = ParserSink()
            sinks.append(sink)
            requests.append((request(for: feed, state: state), sink))
        }
        var reports = [FeedReport?](repeating: nil, count: feeds.count)
        fetcher.run(requests, stopWhen: stopWhen) { index, result in
            let feed = feeds[index]
            let report = self.finish(feed: feed, previous: states[index], request: requests[index].0,
                                     sink: sinks[index], result: result)
            reports[index] = report
            progress(report)
        }
        return reports.map { $0! }
    }

    func request(for feed: FeedConfig, state: FeedRecord?) -> FetchRequest {
        let o = config.options(for: feed)
        var r = FetchRequest(url: feed.url)
        r.etag = state?.etag
        r.lastModified = state?.lastModified
        r.userAgent = o.userAgent ?? FetchRequest.defaultUserAgent
        r.connectTimeout = Double(o.connectTimeout!)
        r.timeout = Double(o.timeout!)
        r.lowSpeedLimit = o.lowSpeedLimit!
        r.lowSpeedTime = o.lowSpeedTime!
        r.maxBodyBytes = o.maxSize!
        return r
    }

    private func finish(feed: FeedConfig, previous: FeedRecord?, request: FetchRequest, sink: ParserSink,
                        result: FetchResult) -> FeedReport {
        let now = Timestamp.now()
        var report = FeedReport(url: feed.url, name: feed.name, outcome: .notModified, problems: [])
        var record = FetchRecord(attemptedAt: now, succeeded: true, result: "")
        var articles: [Article] = []
        switch result {
        case .notModified(let response):
            record.status = response.status
            // A 304 may carry fresh validators (RFC 9110 §15.4.5); otherwise keep the ones we sent.
            record.etag = response.etag ?? request.etag
            record.lastModified = response.lastModified ?? request.lastModified
            record.effectiveURL = response.effectiveURL
        case .fetched(let response):
            record.status = response.status
            record.effectiveURL = response.effectiveURL
            let parsed = sink.parser?.finish() ?? FeedParser.parse([], documentURL: response.effectiveURL)
            if !parsed.isFeed {
                // A login wall or a bot challenge answered 200: an error, never an empty feed.
                let type = (response.contentType ?? "unknown type").split(separator: ";")[0]
                report.outcome = .failed("not a feed: \(type) page")
                record.succeeded = false
                record.etag = request.etag
                record.lastModified = request.lastModified
            } else {
                record.etag = response.etag
                record.lastModified = response.lastModified
                record.feedTitle = parsed.feed.title
                record.hints = FeedHints(parsed.feed)
                articles = parsed.articles
                if !parsed.wellformed { report.problems = parsed.problems }
            }
        case .failed(let error):
            record.status = error.status
            record.succeeded = false
            record.etag = request.etag
            record.lastModified = request.lastModified
            report.outcome = .failed(error.description)
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
            let next = planner(seen)
            record.nextDue = next.due
            record.nextDueReason = next.reason
            record.cacheUntil = next.cacheUntil
        }
        do {
            if case .failed(let message) = report.outcome {
                record.error = message
                record.result = report.summary
                _ = try store.record(feedURL: feed.url, fetch: record, articles: [])
            } else {
                // For a fetched document the store fills in the counts ("3 new"); a 304 says so itself.
                if case .notModified = result { record.result = "not modified" } else { record.result = "" }
                let outcome = try store.record(feedURL: feed.url, fetch: record, articles: articles)
                if case .fetched = result { report.outcome = .stored(outcome) }
            }
        } catch {
            report.outcome = .failed("store: \(error)")
        }
        return report
    }
}
