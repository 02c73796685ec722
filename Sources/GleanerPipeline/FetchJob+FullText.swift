import GleanerConfig
import GleanerFetch
import GleanerModel

extension FetchJob {
    /// The full-text step after a run's articles are stored (FullTextStep), with this job's fetcher, clock and
    /// stop check. A page request is the feed's own request (user agent, timeouts, size cap) without
    /// validators; the feed's basic credentials and its `insecure` apply only to the feed's own origin.
    func fetchFullText(_ feeds: [FeedConfig], since: Timestamp) throws {
        let config = self.config
        guard feeds.contains(where: { config.options(for: $0).fullText != .never })
            || config.feeds.contains(where: { config.options(for: $0).fullText != .never })
        else { return }
        var step = FullTextStep(config: config, store: store, fetcher: fetcher, politeness: politeness, request: { [self] feed, link in
            guard case .success(var (request, _)) = request(for: feed, state: nil, url: link, now: now()) else {
                return nil
            }
            if !HostKey.sameOrigin(link, feed.url) {
                request.username = nil
                request.password = nil
                request.insecure = false
            }
            return request
        }, now: now, stopWhen: stopWhen)
        step.ignoresHostHolds = ignoresHostHolds
        step.progress = fullTextProgress
        try step.run(feeds: feeds, since: since)
    }
}
