import GleanerParse

/// Feed autodiscovery: the feeds a web page announces in its head (`<link rel="alternate"
/// type="application/rss+xml" href="…">`), for `gleaner fetch URL` and `gleaner add` given a page's address.
public enum Autodiscovery {
    /// Absolute feed URLs announced by the page, in document order (RSS, Atom and JSON Feed types).
    public static func feeds(inHTML html: [UInt8], baseURL: String) -> [String] {
        HTMLLinks.alternateFeeds(html: html, baseURL: baseURL)
    }
}
