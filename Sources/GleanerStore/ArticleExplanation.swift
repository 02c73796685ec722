import GleanerModel

/// Why an article is in the store the way it is: `gleaner explain`.
public struct ArticleExplanation: Sendable, Hashable {
    public var headline: Headline
    /// The identity key it was matched by, and the kind (`id`, `link`, `hash`).
    public var key: String
    public var keyKind: String { String(key.prefix { $0 != ":" }) }
    /// The feed's current key mode, and why it left `id`, if it did.
    public var feedKeyMode: KeyMode
    public var feedKeyModeReason: String?
    /// How often its content was rewritten in place, and when last.
    public var updateCount: Int
    public var lastUpdate: Timestamp?
    /// Whether further content changes are ignored (`StoreLimits.maxUpdatesPerArticle`).
    public var frozen: Bool { updateCount >= StoreLimits.maxUpdatesPerArticle }
    /// Pruned by retention: only its identity is kept.
    public var pruned: Bool
    /// The link as compared across feeds.
    public var normalizedLink: String?
    /// The earlier article of another feed it duplicates (when it was stored), if any.
    public var duplicateOf: Headline.Duplicate?
    /// Other feeds' copies.
    public var copies: [Headline.Duplicate]
    /// Consumers that have been given it (cursor at or past its seq).
    public var seenBy: [String]

    public init(headline: Headline, key: String, feedKeyMode: KeyMode, feedKeyModeReason: String?, updateCount: Int,
                lastUpdate: Timestamp?, pruned: Bool, normalizedLink: String?, duplicateOf: Headline.Duplicate?,
                copies: [Headline.Duplicate], seenBy: [String]) {
        self.headline = headline
        self.key = key
        self.feedKeyMode = feedKeyMode
        self.feedKeyModeReason = feedKeyModeReason
        self.updateCount = updateCount
        self.lastUpdate = lastUpdate
        self.pruned = pruned
        self.normalizedLink = normalizedLink
        self.duplicateOf = duplicateOf
        self.copies = copies
        self.seenBy = seenBy
    }
}

extension SQLiteStore {
    /// Finds an article by sequence number, else by link (as written or normalised); the oldest match wins.
    public func explain(_ ref: String) throws -> ArticleExplanation? {
        let s = try cached("""
            SELECT a.seq, f.url, f.name, f.title, a.guid, a.key, a.title, a.link, a.published, a.updated, a.fetched,
                   a.update_count, a.last_update, a.pruned, a.norm_link, a.dup_of, f.key_mode, f.key_mode_reason,
                   a.feed_id
            FROM articles a JOIN feeds f ON f.id = a.feed_id
            WHERE a.seq = ?1 OR (?1 IS NULL AND (a.link = ?2 OR a.norm_link = ?3))
            ORDER BY a.seq LIMIT 1
            """)
        defer { s.reset() }
        try s.bind(1, Int64(ref))
        try s.bind(2, ref)
        try s.bind(3, LinkNormalizer.normalize(ref))
        guard try s.step() else { return nil }
        let url = s.string(1) ?? ""
        let h = Headline(seq: s.int64(0), feedURL: url,
                         feedName: FeedRecord.displayName(name: s.string(2), title: s.string(3), url: url),
                         id: s.string(4), key: s.string(5) ?? "", title: s.string(6), link: s.string(7),
                         published: s.timestamp(8), updated: s.timestamp(9), fetched: s.timestamp(10) ?? .init(seconds: 0))
        let norm = s.string(14)
        let dupSeq = s.optionalInt64(15)
        let feedID = s.int64(18)
        var e = ArticleExplanation(
            headline: h, key: h.key, feedKeyMode: s.string(16).flatMap(KeyMode.init(rawValue:)) ?? .id,
            feedKeyModeReason: s.string(17), updateCount: Int(s.int64(11)), lastUpdate: s.timestamp(12),
            pruned: s.int64(13) != 0, normalizedLink: norm, duplicateOf: nil, copies: [], seenBy: [])
        s.reset()
        if let norm {
            e.copies = try duplicates(normLink: norm, excludingFeed: feedID)
            if let dupSeq { e.duplicateOf = e.copies.first { $0.seq == dupSeq } }
        }
        let c = try cached("SELECT name FROM consumers WHERE cursor >= ?1 ORDER BY name")
        defer { c.reset() }
        try c.bind(1, h.seq)
        while try c.step() { e.seenBy.append(c.string(0) ?? "") }
        return e
    }
}
