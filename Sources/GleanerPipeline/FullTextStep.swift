import GleanerConfig
import GleanerExtract
import GleanerFetch
import GleanerModel
import GleanerStore

/// One outcome of the full-text step, for the daemon's log.
public struct FullTextReport: Sendable {
    public var seq: Int64
    public var feedURL: String
    public var link: String
    public var status: FullTextStatus
}

/// Full text (README, "Full text"): after a fetch's articles are stored, the pages of those that ask for it
/// are fetched and their article extracted, so a slow page never delays a headline.
///
/// First every article the fetch stored (or gave a new link) in a feed with `fulltext = auto|always` is judged
/// (`FullTextRule`) and marked `skipped` or `pending`; then the pending pages that are due, of any feed, are
/// fetched with the fetch job's own `Fetcher` (its per-host limit), each with its feed's request options
/// (user agent, timeouts, size cap; basic credentials only on the feed's own host), skipping hosts that asked
/// to wait. A failed fetch is retried after `retryDelays`, then given up; an article is fetched once, not
/// again on updates unless its link changes (Store.update clears the state).
struct FullTextStep {
    /// Delays before the second, third and fourth attempts; the fourth failure gives up.
    static let retryDelays: [Int64] = [15 * 60, 3600, 6 * 3600]
    static var maxAttempts: Int { retryDelays.count + 1 }
    /// Entries judged at most per fetch (the rest of a huge first fetch is never fetched: old articles).
    static let maxJudged = 5000

    let config: Config
    let store: Store
    let fetcher: Fetcher
    /// The hosts' holds and slots, shared with the feed fetches (the fetcher asks it before each transfer).
    let politeness: HostPoliteness
    /// The request for a page of this feed (its options, no validators), nil when it cannot be built.
    let request: (FeedConfig, String) -> FetchRequest?
    var now: () -> Timestamp
    var stopWhen: () -> Bool
    var ignoresHostHolds = false
    var progress: (FullTextReport) -> Void = { _ in }

    /// Pages fetched at most per run, so that a feed's first fetch with `fulltext = always` does not hold the
    /// next batch of feeds for long; the rest are due at once and taken by the next runs.
    var maxPages: Int { max(32, config.maxTransfers * 4) }

    func mode(_ feed: FeedConfig) -> FullTextMode { config.options(for: feed).fullText ?? .never }

    /// `feeds`: the feeds of the fetch that just ended; `since`: when it started.
    func run(feeds: [FeedConfig], since: Timestamp) throws {
        var byURL: [String: FeedConfig] = [:]
        for feed in config.feeds + feeds where byURL[feed.url] == nil { byURL[feed.url] = feed }
        let wanting = feeds.filter { mode($0) != .never }.map(\.url)
        let started = now()
        var judged: [(seq: Int64, status: FullTextStatus)] = []
        for c in try store.fullTextUnjudged(feedURLs: wanting, since: since, limit: Self.maxJudged) {
            guard let feed = byURL[c.feedURL] else { continue }
            let (fetch, reason) = FullTextRule.judge(mode: mode(feed), summary: c.summary, content: c.content)
            if fetch, c.link == nil {
                judged.append((c.seq, FullTextStatus(state: .skipped, reason: "no link to fetch")))
            } else {
                judged.append((c.seq, FullTextStatus(state: fetch ? .pending : .skipped, reason: reason,
                                                     next: fetch ? started : nil)))
            }
        }
        try store.recordFullText(judged)
        if stopWhen() { return }

        if !ignoresHostHolds { politeness.hold(try store.hostRetries(after: started), now: started) }
        var plans: [(candidate: FullTextCandidate, feed: FeedConfig, request: FetchRequest, sink: BodyCollector)] = []
        var updates: [(seq: Int64, status: FullTextStatus)] = []
        for c in try store.fullTextDue(now: started, limit: maxPages * 4) where plans.count < maxPages {
            guard var status = c.status, let link = c.link else { continue }
            guard let feed = byURL[c.feedURL], mode(feed) != .never else {
                // Its feed was removed or no longer asks for full text: leave the feed's text, stop waiting.
                status.state = .skipped
                status.reason = "fulltext turned off for its feed"
                status.next = nil
                updates.append((c.seq, status))
                continue
            }
            // Due again when its host's hold ends: left as it was, it would stay at the front of the queue and,
            // many of them, keep every other feed's pages waiting.
            if !ignoresHostHolds, let host = HostKey(url: link), let until = politeness.heldUntil(host, now: started) {
                status.next = until
                updates.append((c.seq, status))
                continue
            }
            guard let request = request(feed, link) else {
                status.state = .failed
                status.error = "no request could be built for the page (the feed's options: password-file?)"
                status.next = nil
                updates.append((c.seq, status))
                continue
            }
            plans.append((c, feed, request, BodyCollector()))
        }
        try store.recordFullText(updates)
        if plans.isEmpty { return }

        var failure: Error?
        fetcher.run(plans.map { ($0.request, $0.sink as BodySink) }, stopWhen: stopWhen) { i, result in
            let plan = plans[i]
            defer { plan.sink.release() }
            guard let status = outcome(plan.candidate, feed: plan.feed, result: result, sink: plan.sink) else { return }
            do {
                try store.recordFullText(seq: plan.candidate.seq, status.status, text: status.text, html: status.html)
                progress(FullTextReport(seq: plan.candidate.seq, feedURL: plan.candidate.feedURL,
                                        link: plan.request.url, status: status.status))
            } catch {
                failure = failure ?? error
            }
        }
        if let failure { throw failure }
    }

    /// What one page's fetch leaves in the store; nil leaves the article as it was (a stop, a host hold).
    private func outcome(_ c: FullTextCandidate, feed: FeedConfig, result: FetchResult, sink: BodyCollector)
        -> (status: FullTextStatus, text: String?, html: String?)?
    {
        guard var status = c.status else { return nil }
        // A stored count is outside input too: clamped, so the increment and the delay lookup cannot trap.
        status.attempts = min(max(status.attempts, 0), Self.maxAttempts)
        let now = self.now()
        status.at = now
        status.next = nil
        switch result {
        case .fetched(let response):
            status.attempts += 1
            if let type = response.contentType, !Self.isHTML(type) {
                status.state = .keptFeed
                status.error = "not an HTML page (\(type.prefix { $0 != ";" }))"
                return (status, nil, nil)
            }
            let o = config.options(for: feed)
            let rules = ExtractionRules(container: o.fullTextSelector, remove: o.fullTextRemove)
            guard let article = Extractor.extract(bytes: sink.bytes, url: response.effectiveURL,
                                                  contentType: response.contentType, rules: rules) else {
                status.state = .keptFeed
                status.error = "no article found on the page"
                return (status, nil, nil)
            }
            if let why = FullTextRule.keeps(mode: mode(feed), page: article.text, summary: c.summary, content: c.content) {
                status.state = .keptFeed
                status.error = why
                return (status, nil, nil)
            }
            status.state = .done
            status.error = nil
            return (status, article.text, article.html)
        case .notModified(let response):
            return failed(&status, message: "unexpected HTTP \(response.status)", retryAt: nil, now: now)
        case .failed(let error):
            if error.kind == .aborted || error.kind == .heldBack { return nil }
            var retryAt: Timestamp?
            if let until = HostPoliteness.holdUntil(status: error.status, retryAfter: error.retryAfter, now: now),
               let host = HostKey(url: error.url)
            {
                politeness.hold(host, until: until)
                try? store.setHostRetry(host: host.rawValue, until: until)
                retryAt = until
            }
            return failed(&status, message: error.description, retryAt: retryAt, now: now)
        }
    }

    private func failed(_ status: inout FullTextStatus, message: String, retryAt: Timestamp?, now: Timestamp)
        -> (status: FullTextStatus, text: String?, html: String?)
    {
        status.attempts += 1
        status.error = message
        if status.attempts >= Self.maxAttempts {
            status.state = .failed
        } else {
            status.state = .pending
            let backoff = Timestamp(seconds: now.seconds + Self.retryDelays[status.attempts - 1])
            status.next = max(backoff, retryAt ?? backoff)
        }
        return (status, nil, nil)
    }

    /// HTML or XHTML by its media type; a page served without one is tried.
    static func isHTML(_ contentType: String) -> Bool {
        let type = String(contentType.prefix { $0 != ";" }.filter { $0 != " " && $0 != "\t" }).lowercased()
        return type == "text/html" || type == "application/xhtml+xml" || type.isEmpty
    }
}
