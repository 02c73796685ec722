import GleanerModel

/// Which identity a feed's articles are keyed by. Every feed starts with `id` (the guid, falling back per
/// article to the link, then to the hash); a feed whose ids turn out blank or repeated for different articles
/// moves to `link`, and one whose links do the same moves to `hash` (title, date and first enclosure; and the
/// text when those are empty, or when two articles of one fetch share them: `ArticleKey`).
/// The mode only ever moves forward: going back would make every article look new again.
public enum KeyMode: String, Sendable, CaseIterable {
    case id, link, hash

    /// The next, more conservative mode; nil for `hash`, the last.
    public var next: KeyMode? {
        switch self {
        case .id: return .link
        case .link: return .hash
        case .hash: return nil
        }
    }

    /// The stored key (`id:…`, `link:…`, `hash:…`) of an article under this mode.
    public func key(_ a: Article) -> String {
        // Fast path: an id (or link) whose first and last bytes are printable ASCII is already trimmed and
        // non-empty, so ArticleKey would use it as it is; anything else takes the general path below.
        if self == .id, let id = a.id {
            if id.hasNoEdgeWhitespace { return "id:" + id }
        } else if self != .hash, let link = a.link, link.hasNoEdgeWhitespace {
            return "link:" + link
        }
        return key(id: a.id, link: a.link, title: a.title, date: a.published ?? a.updated,
                   enclosure: a.enclosures.first?.url, summary: a.summary, content: a.content)
    }

    /// The same from stored columns (used to rekey a feed's rows when its mode changes).
    func key(id: String?, link: String?, title: String?, date: Timestamp?, enclosure: String?, summary: String?,
             content: String?, includingContent: Bool? = nil) -> String {
        var a = Article(id: self == .id ? id : nil, title: title, link: self == .hash ? nil : link)
        a.published = date
        a.summary = summary
        a.content = content
        if let enclosure { a.enclosures = [Enclosure(url: enclosure)] }
        return ArticleKey(a, includingContent: includingContent).description
    }

    /// Both hash keys of an article that this mode keys by hash: without and with its text. Nil when it is
    /// keyed by id or link.
    func hashKeys(_ a: Article) -> (plain: String, withText: String)? {
        let date = a.published ?? a.updated, enclosure = a.enclosures.first?.url
        let plain = key(id: a.id, link: a.link, title: a.title, date: date, enclosure: enclosure, summary: a.summary,
                        content: a.content, includingContent: false)
        guard plain.hasPrefix(ArticleKey.Kind.hash.rawValue + ":") else { return nil }
        return (plain, key(id: a.id, link: a.link, title: a.title, date: date, enclosure: enclosure,
                           summary: a.summary, content: a.content, includingContent: true))
    }

    /// The share of a batch that may be blank or repeated before a feed's mode moves on: "more than a few
    /// percent". At least two articles must be affected, so one odd item in a short feed does not count.
    public static let tolerance = 0.05

    /// Why this batch shows the mode does not identify the feed's articles, or nil when it does.
    /// Blank values, and one value shared by articles that differ (by link, else title), both count.
    public func problem(in articles: [Article]) -> String? {
        guard self != .hash, articles.count >= 2 else { return nil }
        var blank = 0
        // Each value's first article (its index): what tells it apart is read only when the value repeats.
        var owners: [String: Int] = [:]
        owners.reserveCapacity(articles.count)
        var repeated = 0
        var example: String?
        // What tells two articles apart when this value does not: the next key's material.
        func other(_ a: Article) -> String { (self == .id ? a.link : nil) ?? a.title ?? "" }
        for i in articles.indices {
            let value = (self == .id ? articles[i].id : articles[i].link)?.trimmingXMLSpaceIfNeeded()
            guard let value, !value.isEmpty else {
                blank += 1
                continue
            }
            if let owner = owners.updateValue(i, forKey: value) {
                owners[value] = owner  // the first article stays the owner
                if other(articles[owner]) != other(articles[i]) {
                    repeated += 1
                    example = example ?? value
                }
            }
        }
        let bad = blank + repeated
        guard bad >= 2, Double(bad) > KeyMode.tolerance * Double(articles.count) else { return nil }
        let what = self == .id ? "ids" : "links"
        var parts: [String] = []
        if blank > 0 { parts.append("\(blank) blank") }
        if repeated > 0 { parts.append("\(repeated) repeated for different articles (e.g. \(example!))") }
        return "\(parts.joined(separator: ", ")) \(what) in a fetch of \(articles.count)"
    }
}

extension String {
    /// True when the first and last bytes are ASCII and not whitespace: then the string is non-empty and
    /// neither `trimmingWhitespace()` (Unicode) nor `trimmingXMLSpace()` changes it. A non-ASCII edge byte is
    /// part of a multi-byte scalar that may be whitespace, so it answers false.
    var hasNoEdgeWhitespace: Bool {
        let u = utf8
        guard let f = u.first, let l = u.last else { return false }
        let plain: (UInt8) -> Bool = { $0 > 0x20 && $0 < 0x7F }
        return plain(f) && plain(l)
    }

    /// `trimmingXMLSpace()` only when the first or last byte is XML white space: the common case costs two
    /// byte reads.
    func trimmingXMLSpaceIfNeeded() -> String {
        let u = utf8
        guard let f = u.first, let l = u.last else { return self }
        let space: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        return space(f) || space(l) ? trimmingXMLSpace() : self
    }
}
