import GleanerFetch
import GleanerModel
import GleanerParse

/// Streams one transfer's body into a libxml2 push parser as curl delivers it: the document is never held
/// whole in memory. The parser is created when the headers are in, so that it knows the served
/// Content-Type (a charset hint) and the final address (the base for relative links).
///
/// The body is hashed on the way through (`bodyHash`), so that a body identical to the last one can be
/// recognised without keeping either. An HTML page's first bytes are kept for feed autodiscovery
/// (`announcedFeeds`).
///
/// Articles stream out of the parser into `NewestArticles`, which keeps the newest `max-items` of them: a
/// body of 290,000 small items never holds more than twice that many articles in memory.
final class ParserSink: BodySink {
    /// What an HTML page keeps for autodiscovery: the `<head>` with its `<link rel="alternate">` comes first.
    static let htmlHeadLimit = 256 << 10

    private(set) var parser: FeedParser?
    private(set) var contentType: String?
    private var htmlHead: [UInt8]?
    private var hasher = BodyHasher()
    private var newest: NewestArticles

    init(maxItems: Int) {
        newest = NewestArticles(limit: maxItems)
    }

    func begin(status: Int, contentType: String?, effectiveURL: String) {
        self.contentType = contentType
        // Unowned: the parser lives inside this sink and dies with it.
        parser = FeedParser(documentURL: effectiveURL, contentType: contentType,
                            onArticle: { [unowned self] article in newest.add(article) })
        if let type = contentType?.lowercased(), type.contains("html") { htmlHead = [] }
    }

    func receive(_ chunk: UnsafeRawBufferPointer) {
        hasher.add(chunk)
        if htmlHead != nil, htmlHead!.count < Self.htmlHeadLimit {
            htmlHead!.append(contentsOf: chunk.prefix(Self.htmlHeadLimit - htmlHead!.count))
        }
        parser?.push(chunk)
    }

    /// The document, with its newest `maxItems` articles in document order. Streaming gave each article the
    /// feed's language as known when it ended; one declared later is filled in here, as the parser would.
    func finish(documentURL: String) -> ParsedFeed {
        guard let parser else { return FeedParser.parse([], documentURL: documentURL) }
        var parsed = parser.finish()
        var articles = newest.take()
        if let language = parsed.feed.language {
            for k in articles.indices where articles[k].language == nil { articles[k].language = language }
        }
        parsed.articles = articles
        return parsed
    }

    /// The feeds an HTML page announces (`HTMLLinks.alternateFeeds`: `<base href>` honoured, http and https
    /// only), read from its first `htmlHeadLimit` bytes; empty when the body was not HTML. The one
    /// autodiscovery of every fetch and of `FeedCheck`.
    func announcedFeeds(baseURL: String) -> [String] {
        guard let htmlHead else { return [] }
        return HTMLLinks.alternateFeeds(html: htmlHead, baseURL: baseURL)
    }

    /// Why articles were left out, when some were.
    var cutNotice: String? {
        newest.dropped > 0 ? "kept the newest \(newest.limit) of \(newest.seen) items (max-items)" : nil
    }

    /// The body's hash so far (all of it once the transfer ended).
    var bodyHash: String { hasher.hex }

    /// Frees the parser (its libxml2 context and everything it built) once the result has been stored: a job
    /// keeps its sinks until every feed is done, and 5,000 finished parsers were most of its peak memory.
    func release() {
        parser = nil
        htmlHead = nil
        newest = NewestArticles(limit: newest.limit)
    }
}

/// The newest `limit` articles of a document, chosen as they arrive. Newest means the latest `published`
/// (else `updated`) date; undated articles count as older than dated ones, and ties keep the document's
/// order (feeds list newest first). The selection is trimmed back to `limit` whenever it reaches twice that.
struct NewestArticles {
    let limit: Int
    private(set) var seen = 0
    private var kept: [(order: Int, article: Article)] = []

    init(limit: Int) { self.limit = max(1, limit) }

    var dropped: Int { max(0, seen - limit) }

    mutating func add(_ article: Article) {
        kept.append((seen, article))
        seen += 1
        if kept.count >= 2 * limit { trim() }
    }

    /// The kept articles, in document order.
    mutating func take() -> [Article] {
        trim()
        return kept.sorted { $0.order < $1.order }.map(\.article)
    }

    private mutating func trim() {
        guard kept.count > limit else { return }
        kept.sort(by: Self.newerFirst)
        kept.removeSubrange(limit...)
    }

    private static func newerFirst(_ x: (order: Int, article: Article), _ y: (order: Int, article: Article)) -> Bool {
        switch (x.article.published ?? x.article.updated, y.article.published ?? y.article.updated) {
        case let (a?, b?) where a != b: return a > b
        case (.some, nil): return true
        case (nil, .some): return false
        default: return x.order < y.order
        }
    }
}

/// A 64-bit hash of the body plus its length, as hex: enough to tell "the same bytes as last time" for one feed
/// (it is only compared with the same feed's previous body, never used as an identity). It mixes 8 bytes per
/// step (FNV-1a's byte loop was 3% of a first run's CPU); chunk boundaries do not change the result.
struct BodyHasher {
    private var value: UInt64 = 0xcbf2_9ce4_8422_2325
    private var count: UInt64 = 0
    /// Bytes carried over to the next chunk until 8 are there.
    private var pending: UInt64 = 0
    private var pendingCount = 0

    private static func mix(_ h: UInt64, _ word: UInt64) -> UInt64 {
        var x = (h ^ word) &* 0x9E37_79B9_7F4A_7C15
        x ^= x >> 29
        return x
    }

    mutating func add(_ chunk: UnsafeRawBufferPointer) {
        count &+= UInt64(chunk.count)
        var i = 0
        while pendingCount > 0, pendingCount < 8, i < chunk.count {
            pending |= UInt64(chunk[i]) << (8 * UInt64(pendingCount))
            pendingCount += 1
            i += 1
        }
        if pendingCount == 8 {
            value = Self.mix(value, pending)
            pending = 0
            pendingCount = 0
        }
        var v = value
        while i + 8 <= chunk.count {
            v = Self.mix(v, chunk.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            i += 8
        }
        value = v
        while i < chunk.count {
            pending |= UInt64(chunk[i]) << (8 * UInt64(pendingCount))
            pendingCount += 1
            i += 1
        }
    }

    var hex: String {
        func hex(_ x: UInt64) -> String {
            let s = String(x, radix: 16)
            return String(repeating: "0", count: 16 - s.count) + s
        }
        let final = pendingCount > 0 ? Self.mix(value, pending | (UInt64(pendingCount) << 60)) : value
        return "h64:" + hex(final) + ":" + String(count)
    }
}
