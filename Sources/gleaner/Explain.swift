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
        guard let e = try store.explain(article) else { throw CLIError("no stored article \(article)") }
        var out = Output()
        for line in describe(e) { out.line(line) }
        guard out.flush() else { throw ExitCode(1) }
    }
}

func describe(_ e: ArticleExplanation) -> [String] {
    let h = e.headline
    var lines = ["article \(h.seq): \(shown(h.title ?? "(untitled)"))"]
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
            lines.append("frozen: after \(Store.maxUpdatesPerArticle) rewrites further changes are ignored")
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
