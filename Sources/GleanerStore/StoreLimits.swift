/// Limits that are part of the store's contract, so every backend applies the same ones.
public enum StoreLimits {
    /// How many times one article's content may be rewritten. Feeds that embed a time stamp or a view
    /// counter change every item on every fetch; after this many rewrites an article is left as it is
    /// (still known, never new again), so such a feed costs lookups, not writes.
    public static let maxUpdatesPerArticle = 10

    /// Rows turned into tombstones per transaction by retention: small enough that a write lock is held for
    /// milliseconds, so a fetch or a `headlines --new` (which writes its cursor) never waits long.
    public static let pruneBatch = 500
}
