import GleanerModel

/// JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1) into the same model as RSS and Atom.
///
/// 1.1 renamed `author` to `authors` (an array) and added `language`; both spellings are read. Relative
/// URLs are resolved against the document's address, else `feed_url`, else `home_page_url`. `content_html`
/// is the content (HTML); `content_text` stands in when there is no HTML; `summary` is plain text.
enum JSONFeedReader {
    /// Bytes past this are not read (a JSON Feed is parsed whole, not streamed).
    static let maxBytes = 32 << 20

    static func read(_ bytes: [UInt8], documentURL: String?, into b: inout FeedBuilder) {
        guard let root = JSONValue.parse(bytes), case .object = root else {
            b.format = "unknown"
            b.wellformed = false
            b.record(problem: "1:1: not valid JSON")
            return
        }
        let version = root["version"]?.string ?? ""
        // Some producers write the bare number (`"version": "1.1"`, seen by gofeed).
        let bare = ["1", "1.0", "1.1"].contains(version)
        guard bare || version.hasPrefix("https://jsonfeed.org/version/") || version.hasPrefix("http://jsonfeed.org/version/") else {
            b.format = "unknown"
            b.record(problem: "1:1: JSON document without a JSON Feed version")
            return
        }
        b.format = version.hasSuffix("/1") || version == "1" || version == "1.0" ? "json1.0" : "json1.1"
        // A base with another scheme (`javascript:`) is passed over, so relative URLs do not take its scheme.
        let base = [documentURL, root["feed_url"]?.string, root["home_page_url"]?.string]
            .lazy.compactMap { $0 }.first { URLResolver.isAllowed($0, .web) }
        var cache: URLResolver.ParsedBase?
        func url(_ v: JSONValue?, allowing allowed: URLResolver.Allowed = .web) -> String? {
            guard let s = v?.string?.trimmedNonEmpty else { return nil }
            if let u = URLResolver.outgoing(s, against: base, allowing: allowed, cache: &cache) { return u }
            b.record(problem: "0:0: link with scheme \"\(URLResolver.schemeName(s))\" dropped: only http and https links are kept")
            return nil
        }
        func plain(_ v: JSONValue?) -> String? {
            v?.string.map { HTMLText.collapse(Array($0.utf8)) }?.nonEmpty
        }
        func people(_ obj: JSONValue) -> [Person] {
            var out: [Person] = []
            for p in obj["authors"]?.array ?? (obj["author"].map { [$0] } ?? []) {
                let person = Person(name: plain(p["name"]), uri: url(p["url"], allowing: .mailto))
                if !person.isEmpty { out.append(person) }
            }
            return out
        }

        var feed = FeedInfo()
        feed.title = plain(root["title"])
        feed.link = url(root["home_page_url"])
        if let l = feed.link { feed.links.append(Link(href: l, rel: "alternate")) }
        feed.selfLink = url(root["feed_url"])
        if let s = feed.selfLink { feed.links.append(Link(href: s, rel: "self", type: "application/feed+json")) }
        feed.description = root["description"]?.string?.trimmedNonEmpty
        feed.image = url(root["icon"]) ?? url(root["favicon"])
        feed.language = root["language"]?.string?.trimmedNonEmpty
        feed.authors = people(root)
        b.feed = feed
        b.feedExplicitLang = feed.language

        for item in root["items"]?.array ?? [] {
            guard case .object = item else { continue }
            var a = Article()
            a.id = item["id"]?.text?.trimmedNonEmpty
            a.link = url(item["url"])
            if let l = a.link { a.links.append(Link(href: l, rel: "alternate")) }
            if let ext = url(item["external_url"]) { a.links.append(Link(href: ext, rel: "related")) }
            a.title = plain(item["title"])
            if let html = item["content_html"]?.string?.trimmedNonEmpty {
                a.content = b.sanitize ? HTMLSanitizer.sanitize(html, base: base) : html
                a.contentType = .html
            } else if let text = item["content_text"]?.string?.trimmedNonEmpty {
                a.content = text
                a.contentType = .text
            }
            if let s = item["summary"]?.string?.trimmedNonEmpty {
                a.summary = s
                a.summaryType = .text
            }
            a.image = url(item["image"]) ?? url(item["banner_image"])
            for (key, keyPath) in [("date_published", \Article.published), ("date_modified", \Article.updated)] {
                guard let raw = item[key]?.string?.trimmedNonEmpty else { continue }
                if let t = DateParser.parse(raw) { a[keyPath: keyPath] = t } else {
                    b.record(problem: "0:0: unparseable date \"\(raw.prefix(100))\"")
                }
            }
            a.authors = people(item)
            if a.authors.isEmpty { a.authors = feed.authors }
            for t in item["tags"]?.array ?? [] {
                if let s = t.text?.trimmedNonEmpty, !a.categories.contains(s) { a.categories.append(s) }
            }
            for att in item["attachments"]?.array ?? [] {
                guard let u = url(att["url"]) else { continue }
                let size = att["size_in_bytes"]?.number.flatMap { $0 >= 0 && $0 < 9e18 ? Int64($0) : nil }
                let e = Enclosure(url: u, type: att["mime_type"]?.string?.trimmedNonEmpty, length: size)
                if !a.enclosures.contains(where: { $0.url == e.url }) { a.enclosures.append(e) }
            }
            a.language = item["language"]?.string?.trimmedNonEmpty
            b.emit(a)
        }
    }
}
