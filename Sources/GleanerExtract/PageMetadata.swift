import GleanerModel
import GleanerParse

/// Title, byline, date, language and the base URL of a page, from its `<head>`, JSON-LD and markup.
struct PageMetadata {
    var title: String?
    var byline: String?
    var published: Timestamp?
    var lang: String?
    /// `<base href>` resolved against the page URL, else the page URL: what relative links resolve against.
    var base: String?
    /// JSON-LD `articleBody`, when the page gives one.
    var articleBody: String?
    var siteName: String?

    static let articleTypes: Set<String> = [
        "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
        "techarticle", "scholarlyarticle", "report", "posting", "socialmediaposting", "liveblogposting",
        "backgroundnewsarticle", "reviewnewsarticle", "webpage", "review",
    ]

    init(_ t: PageTree, url: String?) {
        var meta: [String: String] = [:]
        var docTitle: String?
        var baseHref: String?
        var h1s: [String] = []
        var times: [String] = []
        var ld: [JSONValue] = []
        for i in 0..<t.count where !t.isText(i) {
            let a = t.attributes[i]
            switch t.name[i] {
            case "meta":
                if let key = (a["property"] ?? a["name"] ?? a["itemprop"] ?? a["http-equiv"])?.lowercased(),
                   let v = a["content"], meta[key] == nil {
                    meta[key] = v
                }
            case "title": if docTitle == nil { docTitle = t.textContent(i) }
            case "base": if baseHref == nil { baseHref = a["href"] }
            case "html": if lang == nil, let l = a["lang"], !l.isEmpty { lang = l }
            case "h1": if h1s.count < 8 { h1s.append(t.textContent(i)) }
            case "time": if times.count < 8, let d = a["datetime"] { times.append(d) }
            case "script":
                if ld.count < 16, let v = JSONValue.parse(Array(t.textContent(i, limit: 4 << 20).utf8)) { ld.append(v) }
            default: break
            }
            if let prop = a["itemprop"]?.lowercased() {
                if prop == "author", byline == nil { byline = t.textContent(i).nonEmpty ?? a["content"] }
                if prop == "datepublished", meta["itemprop:datepublished"] == nil {
                    meta["itemprop:datepublished"] = a["datetime"] ?? a["content"] ?? t.textContent(i)
                }
            }
            if byline == nil, a["rel"]?.lowercased() == "author" { byline = t.textContent(i).nonEmpty }
        }
        if let url, url.hasPrefix("http://") || url.hasPrefix("https://") { base = url }
        if let href = baseHref?.trimmed.nonEmpty {
            let resolved = URLResolver.resolve(href, against: base)
            if resolved.hasPrefix("http://") || resolved.hasPrefix("https://") { base = resolved }
        }

        // JSON-LD: the first object of an article type, in @graph or at the top level.
        var objects: [JSONValue] = []
        for v in ld { Self.collect(v, into: &objects, depth: 0) }
        let article = objects.first { o in Self.types(o).contains { Self.articleTypes.contains($0) && $0 != "webpage" } }
            ?? objects.first { Self.types($0).contains("webpage") }
        siteName = meta["og:site_name"]?.trimmed.nonEmpty
        var headline: String?
        if let article {
            headline = article["headline"]?.string.map { PageTree.collapse($0) }?.nonEmpty
            articleBody = article["articleBody"]?.string?.nonEmpty
            if byline == nil || byline?.isEmpty == true { byline = Self.names(article["author"]) }
            if let d = article["datePublished"]?.string { published = DateParser.parse(d) }
            if lang == nil { lang = article["inLanguage"]?.string?.nonEmpty }
        }
        if byline == nil { byline = (meta["author"] ?? meta["article:author"] ?? meta["dc.creator"])?.trimmed.nonEmpty }
        if let b = byline, b.hasPrefix("http://") || b.hasPrefix("https://") { byline = nil }
        byline = byline.map { PageTree.collapse($0) }?.nonEmpty
        if published == nil {
            for key in ["article:published_time", "itemprop:datepublished", "datepublished", "pubdate",
                        "publishdate", "date", "dc.date", "dc.date.issued", "sailthru.date", "parsely-pub-date",
                        "og:published_time"] {
                if let v = meta[key], let d = DateParser.parse(v) { published = d; break }
            }
        }
        if published == nil { published = times.lazy.compactMap { DateParser.parse($0) }.first }
        if lang == nil { lang = (meta["content-language"] ?? meta["og:locale"])?.trimmed.nonEmpty }
        if let l = lang { lang = String(l.prefix(35)).replacing("_", with: "-") }

        // Title: the h1 when the document's title contains it (the site's suffix is then gone), else the
        // title with a " – Site" suffix (or "Site | " prefix) removed.
        let full = docTitle?.nonEmpty ?? meta["og:title"].map { PageTree.collapse($0) }?.nonEmpty ?? headline
        let heads = [meta["og:title"].map { PageTree.collapse($0) }, headline, docTitle].compactMap { $0?.nonEmpty }
        if let h1 = h1s.first(where: { h in !h.isEmpty && heads.contains { $0.contains(h) || h.contains($0) } }) {
            title = h1
        } else if let full {
            title = Self.withoutSiteName(full, site: siteName)
        } else {
            title = h1s.first { !$0.isEmpty }
        }
    }

    static let separators = [" | ", " – ", " — ", " - ", " :: ", " « ", " » ", " · ", " / ", " ~ "]

    static func withoutSiteName(_ title: String, site: String?) -> String {
        for sep in separators where title.contains(sep) {
            let parts = title.split(separator: sep, omittingEmptySubsequences: false).map(String.init)
            if let site, let i = parts.firstIndex(where: { $0.trimmed.lowercased() == site.lowercased() }) {
                var rest = parts
                rest.remove(at: i)
                return rest.joined(separator: sep).trimmed
            }
            // No site name known: the longest side wins when the other is short.
            if let last = parts.last, parts.count >= 2, last.count * 2 < title.count {
                return parts.dropLast().joined(separator: sep).trimmed
            }
            if let first = parts.first, parts.count >= 2, first.count * 3 < title.count {
                return parts.dropFirst().joined(separator: sep).trimmed
            }
        }
        return title
    }

    static func collect(_ v: JSONValue, into out: inout [JSONValue], depth: Int) {
        guard depth < 8, out.count < 64 else { return }
        if let arr = v.array { for x in arr { collect(x, into: &out, depth: depth + 1) }; return }
        guard case .object = v else { return }
        out.append(v)
        if let g = v["@graph"] { collect(g, into: &out, depth: depth + 1) }
        if let m = v["mainEntity"] { collect(m, into: &out, depth: depth + 1) }
    }

    static func types(_ o: JSONValue) -> [String] {
        let t = o["@type"]
        return ((t?.array?.compactMap(\.string)) ?? [t?.string].compactMap { $0 }).map { $0.lowercased() }
    }

    static func names(_ v: JSONValue?) -> String? {
        guard let v else { return nil }
        if let s = v.string { return s.trimmed.nonEmpty }
        if let arr = v.array {
            let all = arr.prefix(8).compactMap { names($0) }
            return all.isEmpty ? nil : all.joined(separator: ", ")
        }
        return v["name"]?.string?.trimmed.nonEmpty
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
    var trimmed: String { PageTree.collapse(self) }
}
