import GleanerModel

/// What one fetch's articles do to a feed's stored rows, decided apart from any database so that both
/// backends store a batch the same way (`Store.storeArticles` documents the rules):
/// 1. `init` keys the batch under the feed's key mode and lists the keys to look up (`lookupKeys`);
/// 2. `resolve` takes the stored rows found under those keys and sorts the articles into rekeys, in-place
///    updates, new articles and unchanged ones.
package struct ArticleBatchPlan {
    /// A stored row as the plan needs it.
    package struct Stored {
        package var seq: Int64
        package var hash: String?
        package var updateCount: Int64
        package var pruned: Bool

        package init(seq: Int64, hash: String?, updateCount: Int64, pruned: Bool) {
            self.seq = seq
            self.hash = hash
            self.updateCount = updateCount
            self.pruned = pruned
        }
    }

    /// Each article's key, by index.
    package private(set) var keys: [String]
    /// For every hash-keyed article, its other hash key (with or without its text), under which an earlier
    /// fetch may have stored it.
    private let alternates: [Int: String]
    /// Rows that move to an article's current key (stored under its other hash key, same content).
    package private(set) var rekeys: [(seq: Int64, key: String)] = []
    /// Rows whose content is rewritten in place.
    package private(set) var updates: [(seq: Int64, index: Int, hash: String)] = []
    /// New articles in document order (inserted in reverse, so the feed's first item gets the largest seq).
    package private(set) var fresh: [(index: Int, hash: String)] = []
    package private(set) var unchanged = 0

    package init(_ articles: [Article], mode: KeyMode) {
        var keys: [String] = []
        keys.reserveCapacity(articles.count)
        for i in articles.indices { keys.append(mode.key(articles[i])) }
        alternates = ArticleBatchPlan.distinguishHashKeys(articles, mode: mode, keys: &keys)
        self.keys = keys
    }

    /// Every key a stored row of this batch may have.
    package var lookupKeys: [String] { keys + alternates.values }

    package var outcome: StoreOutcome { StoreOutcome(new: fresh.count, updated: updates.count, unchanged: unchanged) }

    /// Sorts the batch given the feed's stored rows among `lookupKeys`, by key.
    package mutating func resolve(_ articles: [Article], known: [String: Stored]) {
        var seen = Set<String>(minimumCapacity: articles.count)
        var claimed = Set<String>()
        let primaries = alternates.isEmpty ? [] : Set(keys)
        fresh.reserveCapacity(articles.count)
        for i in articles.indices {
            let key = keys[i]
            guard seen.insert(key).inserted else {
                unchanged += 1
                continue
            }
            let hash = articles[i].contentHash
            if known[key] == nil, let other = alternates[i], let stored = known[other], stored.hash == hash,
               !primaries.contains(other), claimed.insert(other).inserted {
                // The same article, stored under its other hash key (by a version that left the text out of
                // the key, or while no other article shared its title): it moves to this key, and is not new.
                rekeys.append((stored.seq, key))
                unchanged += 1
            } else if let stored = known[key] {
                let frozen = stored.updateCount >= Int64(StoreLimits.maxUpdatesPerArticle) || stored.pruned
                if stored.hash == hash || frozen {
                    unchanged += 1
                } else {
                    updates.append((stored.seq, i, hash))
                }
            } else {
                fresh.append((i, hash))
            }
        }
    }

    /// Articles of one fetch keyed by the same hash but different in content are different articles (items
    /// with one title and no date, say): each of them takes the hash key that includes its text, so two items
    /// of one document never share a key. Returns, for every hash-keyed article, its other hash key.
    private static func distinguishHashKeys(_ articles: [Article], mode: KeyMode, keys: inout [String]) -> [Int: String] {
        let prefix = ArticleKey.Kind.hash.rawValue + ":"
        var alternates: [Int: String] = [:]
        var first: [String: Int] = [:]
        var shared = Set<String>()
        var both: [Int: (plain: String, withText: String)] = [:]
        for i in articles.indices where keys[i].hasPrefix(prefix) {
            guard let pair = mode.hashKeys(articles[i]) else { continue }
            both[i] = pair
            if let f = first[keys[i]] {
                if articles[f].contentHash != articles[i].contentHash { shared.insert(keys[i]) }
            } else {
                first[keys[i]] = i
            }
        }
        for (i, pair) in both {
            if shared.contains(keys[i]) { keys[i] = pair.withText }
            alternates[i] = keys[i] == pair.plain ? pair.withText : pair.plain
        }
        return alternates
    }
}
