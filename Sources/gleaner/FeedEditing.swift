import Foundation
import GleanerConfig
import GleanerFetch
import GleanerModel
import GleanerParse
import GleanerStore

/// Shared by `add`, `remove`, `import-opml`: checking a URL, refusing duplicates, telling about SIGHUP.
enum FeedEditing {
    static let reloadHint = "a running daemon picks this up on SIGHUP (systemctl reload gleaner)"

    /// The configured feed that is the same as `url` (`Config.feed(sameAs:)`), if any.
    static func existing(_ url: String, in config: Config) -> FeedConfig? { config.feed(sameAs: url) }

    /// What checking a URL found: the feed URL to add (the page's announced feed for a web page), its title.
    struct Checked {
        var url: String
        var title: String?
        var articles: Int
        var discoveredFrom: String?
    }

    /// Fetches `url` and parses it; a web page is searched for the feeds it announces, and exactly one is
    /// taken without asking (several: the user is told to choose). Nothing is stored.
    static func check(_ url: String, timeout: Double = 30) throws -> Checked {
        let first = try fetch(url, timeout: timeout)
        if first.parsed.isFeed {
            return Checked(url: url, title: first.parsed.feed.title, articles: first.parsed.articles.count)
        }
        let found = discoverFeeds(html: first.body, baseURL: first.effectiveURL)
        guard !found.isEmpty else { throw CLIError("\(url) is not a feed, and the page announces none") }
        guard found.count == 1 else {
            throw CLIError("\(url) is a page announcing \(found.count) feeds; add one of them:\n  "
                           + found.joined(separator: "\n  "))
        }
        let feed = try fetch(found[0], timeout: timeout)
        guard feed.parsed.isFeed else { throw CLIError("\(found[0]) (announced by \(url)) is not a feed") }
        return Checked(url: found[0], title: feed.parsed.feed.title, articles: feed.parsed.articles.count,
                       discoveredFrom: url)
    }

    private final class Collector: BodySink {
        var body: [UInt8] = []
        var effectiveURL = ""
        func begin(status: Int, contentType: String?, effectiveURL: String) { self.effectiveURL = effectiveURL }
        func receive(_ chunk: UnsafeRawBufferPointer) {
            if body.count < 16 << 20 { body.append(contentsOf: chunk) }
        }
    }

    private static func fetch(_ url: String, timeout: Double) throws -> (parsed: ParsedFeed, body: [UInt8], effectiveURL: String) {
        if let problem = urlProblem(url) { throw CLIError(problem) }
        let fetcher = Fetcher(maxTransfers: 1, maxTransfersPerHost: 1)
        var request = FetchRequest(url: url)
        request.timeout = timeout
        let sink = Collector()
        var result: FetchResult?
        fetcher.run([(request, sink)]) { _, r in result = r }
        switch result {
        case .fetched(let response)?:
            let parsed = FeedParser.parse(sink.body, documentURL: response.effectiveURL, contentType: response.contentType)
            return (parsed, sink.body, response.effectiveURL)
        case .notModified?:
            throw CLIError("\(url): unexpected 304 Not Modified")
        case .failed(let error)?:
            throw CLIError("cannot add \(url): \(error)")
        case nil:
            throw CLIError("cannot add \(url): no response")
        }
    }

    /// Why `url` cannot be a feed's URL in feeds.conf, or nil (the rules of `FeedLine.url`).
    static func urlProblem(_ url: String) -> String? {
        do { _ = try FeedLine.url(url); return nil } catch { return error.description }
    }

    /// `<link rel="alternate" type="application/rss+xml|atom+xml|feed+json" href="…">` in a page, resolved
    /// against the page's address (a minimal scan: the page's own markup, attribute order free).
    static func discoverFeeds(html: [UInt8], baseURL: String) -> [String] {
        let text = String(decoding: html.prefix(1 << 20), as: UTF8.self)
        var out: [String] = []
        var rest = Substring(text)
        while let start = rest.range(of: "<link", options: .caseInsensitive) {
            guard let end = rest[start.upperBound...].firstIndex(of: ">") else { break }
            let tag = rest[start.upperBound..<end]
            rest = rest[end...]
            let attrs = attributes(tag)
            let rel = (attrs["rel"] ?? "").lowercased().split(separator: " ")
            let type = (attrs["type"] ?? "").lowercased()
            guard rel.contains("alternate"), let href = attrs["href"], !href.isEmpty,
                  ["application/rss+xml", "application/atom+xml", "application/feed+json", "application/rdf+xml",
                   "application/json"].contains(type) else { continue }
            let absolute = URL(string: href, relativeTo: URL(string: baseURL))?.absoluteString ?? href
            if !out.contains(absolute) { out.append(absolute) }
        }
        return out
    }

    private static func attributes(_ tag: Substring) -> [String: String] {
        var out: [String: String] = [:]
        let pattern = try! NSRegularExpression(pattern: #"([A-Za-z_:-]+)\s*=\s*("([^"]*)"|'([^']*)'|([^\s"'>]+))"#)
        let s = String(tag)
        for m in pattern.matches(in: s, range: NSRange(s.startIndex..., in: s)) {
            guard let k = Range(m.range(at: 1), in: s) else { continue }
            let v = [3, 4, 5].compactMap { Range(m.range(at: $0), in: s) }.first.map { String(s[$0]) } ?? ""
            out[s[k].lowercased()] = v.replacingOccurrences(of: "&amp;", with: "&")
        }
        return out
    }
}
