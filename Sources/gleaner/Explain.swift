import ArgumentParser
import GleanerStore

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Say why an article was new, updated or a duplicate: its key, and the earlier article.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The article's sequence number (from headlines --json) or its link.", valueName: "seq|link"))
    var article: String

    func run() throws {
        let config = try global.loadConfigIfPresent()
        let store = try global.openStore(config: config, readOnly: true)
        guard var e = try store.explain(article) else { throw CommandError.noArticle(ref: article) }
        // The names feeds.conf gives now, not those stored at the last fetch.
        if let config {
            let named = Dictionary(config.feeds.compactMap { f in f.name.map { (f.url, $0) } },
                                   uniquingKeysWith: { first, _ in first })
            e.headline.feedName = named[e.headline.feedURL] ?? e.headline.feedName
            if var d = e.duplicateOf { d.feedName = named[d.feedURL] ?? d.feedName; e.duplicateOf = d }
            e.copies = e.copies.map { var c = $0; c.feedName = named[c.feedURL] ?? c.feedName; return c }
        }
        var out = Output()
        for line in describe(e) { out.line(line) }
        guard out.flush() else { throw ExitCode(1) }
    }
}

func describe(_ e: ArticleExplanation) -> [String] {
    let h = e.headline
    var lines = ["article \(h.seq): \(shown(titlePieces(h), maxWidth: textWidthCap))"]
    lines.append("feed: \(shown(h.feedName)) <\(shown(h.feedURL))>")
    if let link = h.link { lines.append("link: \(shown(link))") }
    let kindWords = ["id": "the feed's id (guid)", "link": "its link", "hash": "a hash of title, date and first enclosure"]
    lines.append("identity: \(shown(e.key)) — keyed by \(kindWords[e.keyKind] ?? e.keyKind)")
    if e.feedKeyMode != .id {
        lines.append("the feed is keyed by \(e.feedKeyMode.rawValue) since \(shown(e.feedKeyModeReason ?? "a fetch showed its ids unusable"))")
    }
    lines.append("new: first stored \(h.fetched.rfc3339) under that key, which no earlier article of this feed had")
    if e.updateCount > 0 {
        lines.append("updated: its content changed \(e.updateCount) time\(e.updateCount == 1 ? "" : "s")"
                     + (e.lastUpdate.map { ", last at \($0.rfc3339)" } ?? "")
                     + "; rewritten in place (same seq), never shown as new again")
        if e.frozen {
            lines.append("frozen: after \(StoreLimits.maxUpdatesPerArticle) rewrites further changes are ignored")
        }
    }
    if e.pruned { lines.append("pruned by retention: only its identity is kept, so it never comes back as new") }
    if let d = e.duplicateOf {
        lines.append("duplicate: the same story (link \(shown(e.normalizedLink ?? ""))) was stored earlier as article \(d.seq) "
                     + "from \(shown(d.feedName)); headlines lists it once, with also_in")
    } else if !e.copies.isEmpty {
        lines.append("also in: " + e.copies.map { "article \($0.seq) from \(shown($0.feedName))" }.joined(separator: ", ")
                     + " (same link after normalisation)")
    }
    if !e.seenBy.isEmpty {
        lines.append("given to: " + e.seenBy.map { shown(consumerLabel($0)) }.joined(separator: ", "))
    }
    return lines
}
