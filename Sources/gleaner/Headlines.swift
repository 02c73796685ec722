import ArgumentParser
import GleanerConfig
import Foundation
import GleanerModel
import GleanerParse
import GleanerStore

struct Headlines: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List stored headlines, newest first (the contract: Tests/Contracts/OUTPUT.md).")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Only items this consumer has not been given; then advance its cursor (after the output is written).")
    var new = false

    @Option(help: ArgumentHelp("The consumer whose cursor --new uses (default: the default consumer).",
                               valueName: "name"))
    var consumer: String?

    @Flag(help: "With --new: show without advancing the cursor.")
    var peek = false

    @Flag(help: "Rewind the consumer's cursor (to the start, or with --since to that time) and print nothing.")
    var reset = false

    @Flag(help: "Keep running and print new items as they are stored (checks once a second).")
    var follow = false

    @Flag(help: "Print JSON Lines.")
    var json = false

    @Flag(name: .customLong("no-color"), help: "No colors (also when NO_COLOR is set or the output is not a terminal).")
    var noColor = false

    @Option(help: "At most this many items.")
    var limit: Int?

    @Option(help: ArgumentHelp("Only this feed, by its configured name or URL (one that matches nothing is an error).",
                               valueName: "url|name"))
    var feed: String?

    @Option(help: ArgumentHelp("Only feeds with this tag.", valueName: "tag"))
    var tag: String?

    @Option(help: ArgumentHelp("Only items dated since: a duration back from now (90m, 2h, 1d) or a time "
                               + "(2025-11-06, 2025-11-06T09:00:00Z).", valueName: "duration|time"),
            transform: SinceArgument.init(parsing:))
    var since: SinceArgument?

    @Option(help: ArgumentHelp("Only titles containing this text.", valueName: "text"))
    var search: String?

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        if (peek || consumer != nil) && !new && !reset { throw ValidationError("--peek and --consumer go with --new") }
    }

    func run() throws {
        let config = try global.loadConfigIfPresent()
        // Listing reads only: the store is opened writable just for a cursor to move.
        let store = try global.openStore(config: config, readOnly: !(new && !peek) && !reset)
        var options = HeadlineOptions(json: json, color: useColor(noColor: noColor))
        options.consumer = new ? (consumer ?? "") : nil
        options.peek = peek
        options.limit = limit
        var q = HeadlineQuery(feed: try feed.map { try resolveFeed($0, config: config, store: store) },
                              limit: limit, tag: tag, search: search)
        q.configuredNames = config.map(configuredNames)
        q.since = since?.timestamp()
        if reset {
            let name = consumer ?? ""
            let to = try q.since.map { try store.lastSeq(storedBefore: $0) } ?? 0
            try store.setCursor(consumer: name, to: to)
            printError("consumer \(name.isEmpty ? "(default)" : name) rewound to seq \(to)")
            return
        }
        if follow {
            options.nameWidth = feedColumnWidth(config)
            try followHeadlines(store: store, query: q, options: options)
        } else {
            _ = try printHeadlines(store: store, query: q, options: options)
        }
    }
}

struct HeadlineOptions {
    var json: Bool
    var color: Bool
    /// The consumer for `--new`; nil lists without a cursor.
    var consumer: String?
    var peek = false
    var limit: Int?
    /// A fixed feed column width (`--follow`); nil fits the column to the names listed.
    var nameWidth: Int?
    /// Oldest first (`--follow` streams in the order things happened).
    var oldestFirst = false
    init(json: Bool, color: Bool) {
        self.json = json
        self.color = color
    }
}

/// The feed URL `--feed` names: a configured feed by URL or name, else a feed the store holds by URL (one
/// fetched with `gleaner fetch URL`), or by stored name when there is no feeds.conf. Anything else cannot
/// match: an error naming the close configured names.
func resolveFeed(_ ref: String, config: Config?, store: Store) throws -> String {
    if let configured = config?.feed(matching: ref) { return configured.url }
    if let stored = try store.feeds(configuredOnly: false).first(where: {
        $0.url == ref || (config == nil && $0.name == ref)
    }) {
        return stored.url
    }
    throw unknownFeed(ref, config: config)
}

/// "no feed X", with the configured names and URLs close to it.
func unknownFeed(_ ref: String, config: Config?) -> CommandError {
    .unknownFeed(ref: ref, configPath: config?.path, suggestions: config?.feedSuggestions(for: ref) ?? [])
}

/// Each configured feed's name by URL, "" for one without `name=`: what reading commands show, whatever
/// name the store last recorded.
func configuredNames(_ config: Config) -> [String: String] {
    Dictionary(config.feeds.map { ($0.url, $0.name ?? "") }, uniquingKeysWith: { first, _ in first })
}

/// The feed column's width for `--follow`, fixed for the whole stream so that batches line up: the widest
/// configured name when every feed has one, else `nameWidthCap` (a feed's own title can be anything).
func feedColumnWidth(_ config: Config?) -> Int {
    guard let config, !config.feeds.isEmpty, config.feeds.allSatisfy({ $0.name != nil }) else { return nameWidthCap }
    return config.feeds.map { displayWidth(shown($0.name ?? "", maxWidth: nameWidthCap)) }.max() ?? nameWidthCap
}

/// Whether to color: only on a terminal, never with `--no-color` or `NO_COLOR` (https://no-color.org).
func useColor(noColor: Bool) -> Bool {
    if noColor { return false }
    if let v = ProcessInfo.processInfo.environment["NO_COLOR"], !v.isEmpty { return false }
    return isatty(1) != 0
}

/// The form `update` uses.
func printHeadlines(store: Store, new: Bool, json: Bool, limit: Int?, feed: String?) throws {
    var options = HeadlineOptions(json: json, color: useColor(noColor: false))
    options.consumer = new ? "" : nil
    options.limit = limit
    _ = try printHeadlines(store: store, query: HeadlineQuery(feed: feed, limit: limit), options: options)
}

/// Prints headlines; with a consumer, advances its cursor only after the output was written and flushed, so
/// an interrupted listing shows the same items again (at-least-once). Returns the largest seq printed.
@discardableResult
func printHeadlines(store: Store, query: HeadlineQuery, options: HeadlineOptions) throws -> Int64? {
    var q = query
    q.onlyNewFor = options.consumer
    let items = try store.headlines(q)
    var out = Output()
    for line in formatHeadlines(items, options: options) { out.line(line) }
    guard out.flush() else { throw ExitCode(1) }
    let top = items.map(\.seq).max()
    if let consumer = options.consumer, !options.peek, let top {
        try store.markShown(consumer: consumer, upTo: top)
    }
    return top
}

/// `--follow`: what is there now (with `--new`: past the cursor; else nothing old), then each new batch as
/// the daemon commits it. `PRAGMA data_version` is read once a second; the query runs only when it changed.
func followHeadlines(store: Store, query: HeadlineQuery, options: HeadlineOptions) throws {
    // A long-running command must stop on Ctrl-C and SIGTERM even when started with them blocked (a parent's
    // mask is inherited across exec).
    var stop = sigset_t()
    sigemptyset(&stop)
    sigaddset(&stop, SIGINT)
    sigaddset(&stop, SIGTERM)
    sigaddset(&stop, SIGHUP)
    sigprocmask(SIG_UNBLOCK, &stop, nil)
    var options = options
    options.oldestFirst = true
    var q = query
    q.limit = nil
    var last: Int64
    if let consumer = options.consumer {
        var o = options
        o.limit = nil
        let top = try printHeadlines(store: store, query: q, options: o)
        last = max(top ?? 0, try store.cursor(consumer: consumer))
    } else {
        last = try store.maxSeq()
    }
    var version = try store.dataVersion()
    while true {
        sleep(1)
        let now = try store.dataVersion()
        if now == version { continue }
        version = now
        var fresh = q
        fresh.afterSeq = options.consumer == nil || options.peek ? last : nil
        let shown = try printHeadlines(store: store, query: fresh, options: options)
        if let shown { last = max(last, shown) }
    }
}

/// The human format (Tests/Contracts/OUTPUT.md): `YYYY-MM-DD HH:MM  FEED  TITLE`, the feed column padded to
/// the widest feed name by display width (at most `nameWidthCap`), right-to-left text isolated,
/// `(also in: …)` for duplicates. On a terminal each line is cut to its width; piped, titles are cut at
/// `textWidthCap`. Every value goes through `shown`.
func formatHeadlines(_ items: [Headline], options: HeadlineOptions, columns: Int? = terminalColumns) -> [String] {
    if options.json { return items.map(\.jsonLine) }
    // A narrow terminal gives the feed column at most a third of the line.
    let nameCap = min(columns.map { max(4, min(nameWidthCap, $0 / 3)) } ?? nameWidthCap, options.nameWidth ?? .max)
    let items = options.oldestFirst ? items.reversed() : items
    // Every line of a feed repeats its name: each distinct name is cleaned once (a hostile one can be megabytes).
    var cleaned: [String: String] = [:]
    let names = items.map { h in
        if let done = cleaned[h.feedName] { return done }
        let name = shown(h.feedName, maxWidth: nameCap)
        cleaned[h.feedName] = name
        return name
    }
    let width = options.nameWidth.map { min($0, nameCap) } ?? names.map(displayWidth).max() ?? 0
    let titleWidth = columns.map { max(1, $0 - 16 - 2 - width - 2) } ?? textWidthCap
    return zip(items, names).map { h, name in
        let time = h.date
        let when = String(time.rfc3339.prefix(16)).replacingOccurrences(of: "T", with: " ")
        let feed = pad(name, to: width)
        var pieces = titlePieces(h)
        for (i, copy) in h.alsoIn.enumerated() {
            pieces.append(.text(i == 0 ? "  (also in: " : ", "))
            pieces.append(.value(copy.feedName))
        }
        if !h.alsoIn.isEmpty { pieces.append(.text(")")) }
        let title = shown(pieces, maxWidth: titleWidth)
        return options.color
            ? "\u{1B}[2m\(when)\u{1B}[0m  \u{1B}[1m\(feed)\u{1B}[0m  \(title)"
            : "\(when)  \(feed)  \(title)"
    }
}

/// The widest an untitled item's snippet is, in columns: about one line of text, enough to recognise it.
let snippetWidth = 80

/// An item's title; for one without a title, a snippet of its text in double quotes (the quotes mark it as
/// not a title, Tests/Contracts/OUTPUT.md), else "(untitled)".
func titlePieces(_ h: Headline) -> [Piece] {
    if let title = h.title, !title.isEmpty { return [.value(title)] }
    guard let markup = h.summary ?? h.untitledContent else { return [.text("(untitled)")] }
    let text = plainText(ofMarkup: markup)
    if text.isEmpty { return [.text("(untitled)")] }
    let (start, whole) = cut(text, width: snippetWidth - 1)
    return [.text("\""), .value(whole ? start : start + "…"), .text("\"")]
}
