import ArgumentParser
import GleanerModel
import GleanerStore

struct Headlines: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List stored headlines, newest first.")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Only items not shown by an earlier --new; then mark them shown.")
    var new = false

    @Flag(help: "Print JSON Lines (see README).")
    var json = false

    @Option(help: "At most this many items.")
    var limit: Int?

    @Option(help: ArgumentHelp("Only this feed, by URL or name.", valueName: "url|name"))
    var feed: String?

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        let config = try global.loadConfigIfPresent()
        let store = try global.openStore(config: config, readOnly: false)
        try printHeadlines(store: store, new: new, json: json, limit: limit, feed: feed)
    }
}

/// Prints headlines; with `new`, advances the default consumer's cursor only after the output is flushed,
/// so an interrupted listing shows the same items again (at-least-once).
func printHeadlines(store: Store, new: Bool, json: Bool, limit: Int?, feed: String?) throws {
    var items: [Headline]
    if new {
        // The cursor is a sequence number: everything at or below it counts as shown. With a limit, take the
        // oldest unshown items (lowest seq) so that nothing is skipped, and show them newest first.
        items = try store.headlines(HeadlineQuery(onlyNewFor: "", feed: feed, limit: nil))
        if let limit, items.count > limit {
            let cut = items.map(\.seq).sorted()[limit - 1]
            items = items.filter { $0.seq <= cut }
        }
    } else {
        items = try store.headlines(HeadlineQuery(onlyNewFor: nil, feed: feed, limit: limit))
    }
    var out = Output()
    if json {
        for h in items { out.line(h.jsonLine) }
    } else {
        let width = items.map { displayWidth($0.feedName) }.max() ?? 0
        for h in items {
            let time = h.published ?? h.fetched
            let when = String(time.rfc3339.prefix(16)).replacingOccurrences(of: "T", with: " ")
            out.line("\(when)  \(pad(isolated(h.feedName), to: width))  \(isolated(h.title ?? "(untitled)"))")
        }
    }
    guard out.flush() else { throw ExitCode(1) }
    if new, let top = items.map(\.seq).max() {
        try store.markShown(consumer: "", upTo: top)
    }
}

extension Headline {
    /// One line of `headlines --json`: the contract documented in README.md.
    var jsonLine: String {
        var w = JSONWriter()
        w.beginObject()
        w.key("seq"); w.value(seq)
        w.field("feed", feedName)
        w.field("feed_url", feedURL)
        w.field("id", id)
        w.field("title", title)
        w.field("link", link)
        w.field("published", published)
        w.field("fetched", fetched)
        w.endObject()
        return w.string
    }
}
