import GleanerConfig
import GleanerFetch
import GleanerModel
import GleanerParse

/// Whether a URL is a feed, found out as every fetch finds it out, with nothing stored: `gleaner add` and
/// `gleaner import-opml --check`.
///
/// The request is built from the feed's options as for every fetch (`FetchJob.request(url:options:)`:
/// user-agent, basic authentication, `insecure`, timeouts, the size cap), the body streams into the same parser
/// (`ParserSink`), and an HTML page's feeds come from the same autodiscovery (`ParserSink.announcedFeeds`:
/// `<base href>` honoured, http and https only). A page that announces exactly one feed stands for it, and that
/// feed is then checked the same way; several are left for the user to choose from.
public enum FeedCheck {
    /// A URL that answered with a feed.
    public struct Found: Sendable, Equatable {
        /// The feed's URL: the one given, or the feed the page given announces.
        public var url: String
        public var title: String?
        /// Articles read from it (at most the feed's `max-items`).
        public var articles: Int
        /// The page given, when it was a page announcing `url`.
        public var announcedBy: String?
    }

    /// Why a URL was not taken as a feed; each case is one message.
    public enum Failure: Error, Sendable, CustomStringConvertible {
        /// The request could not be made (an unreadable `password-file`).
        case request(url: String, message: String)
        /// The transfer failed: an HTTP error, a timeout, a certificate, a size cap.
        case fetch(url: String, FetchError)
        /// 304 to a request without validators: nothing to read.
        case notModified(url: String)
        /// Not a feed, and no feed announced in it.
        case notAFeed(url: String)
        /// A page announcing several feeds: which one is for the user to say.
        case severalFeeds(page: String, feeds: [String])
        /// The one feed a page announces is not a feed.
        case announcedNotAFeed(feed: String, page: String)

        public var description: String {
            switch self {
            case .request(let url, let message): return "cannot add \(url): \(message)"
            case .fetch(let url, let error): return "cannot add \(url): \(error)"
            case .notModified(let url): return "\(url): unexpected 304 Not Modified"
            case .notAFeed(let url): return "\(url) is not a feed, and the page announces none"
            case .severalFeeds(let page, let feeds):
                return "\(page) is a page announcing \(feeds.count) feeds; add one of them:\n  "
                    + feeds.joined(separator: "\n  ")
            case .announcedNotAFeed(let feed, let page): return "\(feed) (announced by \(page)) is not a feed"
            }
        }
    }

    /// Fetches and parses `url` with `options` (the feed's effective options, `Config.options(for:)`); for a web
    /// page, the feed it announces. Nothing is stored.
    public static func check(_ url: String, options: FeedOptions) throws(Failure) -> Found {
        let first = try fetch(url, options: options)
        if first.parsed.isFeed {
            return Found(url: url, title: first.parsed.feed.title, articles: first.parsed.articles.count)
        }
        guard let announced = first.announced.first else { throw .notAFeed(url: url) }
        guard first.announced.count == 1 else { throw .severalFeeds(page: url, feeds: first.announced) }
        let feed = try fetch(announced, options: options)
        guard feed.parsed.isFeed else { throw .announcedNotAFeed(feed: announced, page: url) }
        return Found(url: announced, title: feed.parsed.feed.title, articles: feed.parsed.articles.count,
                     announcedBy: url)
    }

    private static func fetch(_ url: String, options: FeedOptions) throws(Failure)
        -> (parsed: ParsedFeed, announced: [String])
    {
        let request: FetchRequest
        do { request = try FetchJob.request(url: url, options: options) } catch {
            throw .request(url: url, message: error.message)
        }
        let sink = ParserSink(maxItems: options.maxItems ?? FeedOptions.builtIn.maxItems!)
        defer { sink.release() }
        var result: FetchResult?
        Fetcher(maxTransfers: 1, maxTransfersPerHost: 1).run([(request, sink)]) { _, r in result = r }
        switch result {
        case .fetched(let response)?:
            let parsed = sink.finish(documentURL: response.effectiveURL)
            return (parsed, parsed.isFeed ? [] : sink.announcedFeeds(baseURL: response.effectiveURL))
        case .notModified?:
            throw .notModified(url: url)
        case .failed(let error)?:
            throw .fetch(url: url, error)
        case nil:
            throw .fetch(url: url, FetchError(kind: .other, url: url, message: "no response"))
        }
    }
}
