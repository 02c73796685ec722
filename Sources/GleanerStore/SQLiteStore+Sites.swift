import GleanerModel

extension SQLiteStore {
    /// Keeps the web site a feed names as its own (`feeds.site_url`), when the fetch gave one that is an
    /// http(s) URL: anything else is not a page a reader could open. Called inside `record`'s transaction.
    func saveSiteURL(feedID: Int64, _ site: String?) throws {
        guard let site, SQLiteStore.isWebURL(site) else { return }
        let s = try cached("UPDATE feeds SET site_url = ?2 WHERE id = ?1 AND site_url IS NOT ?2")
        defer { s.reset() }
        try s.bind(1, feedID)
        try s.bind(2, site)
        try s.step()
    }

    /// The web site of each feed that named one, by feed URL (for OPML's `htmlUrl`).
    public func siteURLs() throws -> [String: String] {
        let s = try cached("SELECT url, site_url FROM feeds WHERE site_url IS NOT NULL")
        defer { s.reset() }
        var out: [String: String] = [:]
        while try s.step() {
            if let url = s.string(0), let site = s.string(1) { out[url] = site }
        }
        return out
    }

    static func isWebURL(_ s: String) -> Bool {
        let lower = s.prefix(8).lowercased()
        return lower.hasPrefix("http://") || lower.hasPrefix("https://")
    }
}
