/// The local names the parser reacts to, across all namespaces it knows; everything else is `other`.
///
/// Identified once per distinct name string (libxml2 interns names in its dictionary, so the SAX driver
/// caches the result by pointer) and then matched with a `switch`, which keeps the per-element cost low.
enum LocalName: UInt8, Sendable {
    case other
    // Roots and containers.
    case rss, RDF, channel, item, feed, entry, image, textInput, textinput, skipHours, skipDays, hour, day
    // RSS.
    case title, link, description, language, pubDate, lastBuildDate, managingEditor, generator, url, ttl
    case guid, author, category, enclosure, comments, source, categories
    // Modules.
    case encoded, creator, date, subject, updatePeriod, updateFrequency, modified, created, issued
    // Atom.
    case id, published, updated, contributor, name, email, uri, summary, content, logo, icon, subtitle, tagline
    // XHTML wrapper and bodies.
    case div, body, fullitem, homepage
    // Media RSS, iTunes, slash, wfw.
    case group, thumbnail, duration, keywords, commentRss
    // RDF attribute.
    case about

    static func identify(_ name: UnsafeBufferPointer<UInt8>) -> LocalName {
        table[String(decoding: name, as: UTF8.self)] ?? .other
    }

    private static let table: [String: LocalName] = {
        let all: [LocalName] = [
            .rss, .RDF, .channel, .item, .feed, .entry, .image, .textInput, .textinput, .skipHours, .skipDays,
            .hour, .day, .title, .link, .description, .language, .pubDate, .lastBuildDate, .managingEditor,
            .generator, .url, .ttl, .guid, .author, .category, .enclosure, .comments, .source, .categories, .encoded, .creator,
            .date, .subject, .updatePeriod, .updateFrequency, .modified, .created, .issued, .id, .published,
            .updated, .contributor, .name, .email, .uri, .summary, .content, .logo, .icon, .subtitle, .tagline,
            .div, .about, .body, .fullitem, .homepage, .group, .thumbnail, .duration, .keywords, .commentRss,
        ]
        var t: [String: LocalName] = [:]
        for n in all { t[String(describing: n)] = n }
        return t
    }()
}
