import ArgumentParser
import GleanerConfig
import GleanerPipeline
import GleanerFetch
import GleanerModel
import GleanerStore

struct Feeds: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the configured feeds with their last fetch result.",
        discussion: """
            Each feed's first line: name, last attempt, articles, last result, URL. Indented lines follow with \
            the last success, HTTP status and next due time, and with warnings (marked "!"): failures in a row \
            and the last error, a disabled feed (410 Gone), a permanent redirect (a move, applied to feeds.conf \
            only by --apply-moves, after 3 confirming fetches), TLS verification turned off (insecure=yes).
            """)

    @OptionGroup var global: GlobalOptions

    @Flag(name: .customLong("apply-moves"),
          help: "Rewrite feeds.conf in place for every confirmed move (comments kept), keeping each feed's articles.")
    var applyMoves = false

    func run() throws {
        let config = try global.loadConfig()
        // Listing only reads: feeds.conf as it is now gives the list, its order and the names; the store
        // gives what each feed's fetches did (a feed not fetched yet has no row).
        let store = try global.openStore(config: config, readOnly: !applyMoves)
        if applyMoves {
            try store.syncFeeds(config.feeds.map { (url: $0.url, name: $0.name, tags: $0.tags) })
            try apply(config: config, store: store)
            return
        }
        let stored = Dictionary(try store.feeds(configuredOnly: false).map { ($0.url, $0) },
                                uniquingKeysWith: { a, _ in a })
        var seen = Set<String>()
        let rows = config.feeds.filter { seen.insert($0.url).inserted }.map { feed in
            (feed: feed, record: stored[feed.url].map { record -> FeedRecord in
                var renamed = record
                renamed.name = feed.name
                return renamed
            })
        }
        var out = Output()
        for line in listing(rows, warnings: { feed, f in
            self.warnings(f, feed: feed, options: config.options(for: feed))
        }) {
            out.line(line)
        }
        guard out.flush() else { throw ExitCode(1) }
    }

    /// The human listing: every column aligned (names cut at `nameWidthCap`), each line cut to the terminal's
    /// width when there is one. A failing feed's error is printed once, on its warning line.
    func listing(_ rows: [(feed: FeedConfig, record: FeedRecord?)], warnings: (FeedConfig, FeedRecord?) -> [String],
                 columns: Int? = terminalColumns) -> [String] {
        let nameCap = columns.map { max(4, min(nameWidthCap, $0 / 3)) } ?? nameWidthCap
        let labels = rows.map { shown($0.feed.name ?? $0.record?.title ?? $0.feed.url, maxWidth: nameCap) }
        let counts = rows.map { count($0.record?.articleCount ?? 0, "article") }
        let results = rows.map { shown($0.record.map(result) ?? "-", maxWidth: 60) }
        let widths = (labels.map(displayWidth).max() ?? 0, counts.map(displayWidth).max() ?? 0,
                      results.map(displayWidth).max() ?? 0)
        let rest = columns.map { max(1, $0 - widths.0 - 2) } ?? textWidthCap
        let indented = columns.map { max(1, $0 - 6) } ?? textWidthCap
        var lines: [String] = []
        for (i, (feed, record)) in rows.enumerated() {
            let last = record?.lastAttempt.map(minute) ?? "never fetched"
            var pieces: [Piece] = [.text(pad(last, to: 16) + "  " + pad(counts[i], to: widths.1) + "  "
                                         + pad(results[i], to: widths.2))]
            if let moved = record?.effectiveURL, moved != feed.url { pieces += [.text("  now at "), .value(moved)] }
            pieces += [.text("  "), .value(feed.url)]
            lines.append(pad(labels[i], to: widths.0) + "  " + shown(pieces, maxWidth: rest))
            guard let f = record else {
                for warning in warnings(feed, nil) { lines.append("    ! " + shown(warning, maxWidth: indented)) }
                continue
            }

            var details: [String] = []
            if let success = f.lastSuccess { details.append("last success \(minute(success))") }
            if let status = f.lastStatus { details.append("HTTP \(status)") }
            if let due = f.nextDue {
                details.append("next \(minute(due))" + (f.nextDueReason.map { " (\($0))" } ?? ""))
            }
            if f.tombstones > 0 { details.append("\(f.tombstones) pruned (identities kept)") }
            if !details.isEmpty { lines.append("    " + shown(details.joined(separator: ", "), maxWidth: indented + 2)) }
            for warning in warnings(feed, f) { lines.append("    ! " + shown(warning, maxWidth: indented)) }
        }
        return lines
    }

    /// The last result for the first line; a failure's message is left to its warning line.
    private func result(_ f: FeedRecord) -> String {
        let text = f.lastResult ?? "-"
        if f.consecutiveFailures > 0, let error = f.lastError, !error.isEmpty, text.hasSuffix(": " + error) {
            return String(text.dropLast(error.count + 2))
        }
        return text.isEmpty ? "-" : text
    }

    func warnings(_ record: FeedRecord?, feed: FeedConfig?, options: FeedOptions?) -> [String] {
        var out: [String] = []
        if options?.insecure == true {
            out.append("insecure=yes: TLS certificates are not verified for this feed")
        }
        guard let f = record else { return out }
        if let disabled = f.disabled, disabled.kind != .quarantined {  // that one: stopSuspicion below
            out.append("disabled: \(disabled.reason); "
                       + "not fetched until its line in feeds.conf changes or `gleaner fetch URL`")
        }
        if let suspicion = f.stopSuspicion { out.append(suspicion) }
        if f.consecutiveFailures > 0 {
            out.append(count(f.consecutiveFailures, "failure") + " in a row"
                       + (f.lastError.map { "; last error: \($0)" } ?? ""))
        }
        if let moved = f.movedTo {
            let target = URLUserInfo.stripped(moved)
            if f.moveConfirmations >= FeedState.moveConfirmationsNeeded {
                out.append("moved permanently to \(target) (confirmed; fetched there; "
                    + "`gleaner feeds --apply-moves` rewrites feeds.conf)")
            } else {
                out.append("permanent redirect to \(target) "
                    + "(\(f.moveConfirmations) of \(FeedState.moveConfirmationsNeeded) confirmations)")
            }
        }
        if f.keyMode != .id {
            // Its ids were blank or repeated for different articles: deduplication moved to a safer key.
            out.append("articles identified by \(f.keyMode.rawValue), not by id"
                       + (f.keyModeReason.map { " (\($0))" } ?? ""))
        }
        return out
    }

    /// Rewrites each confirmed move's line in feeds.conf and renames the feed in the store, so its articles
    /// and state follow it. The store is renamed first and renamed back if the file cannot be written.
    func apply(config: Config, store: Store) throws {
        var editor: ConfigEditor
        do { editor = try ConfigEditor(path: config.path) } catch { throw CommandError.config(error) }
        var renamed: [(from: String, to: String)] = []
        var out = Output()
        for feed in config.feeds {
            guard let record = try store.feed(url: feed.url), let location = record.movedTo,
                record.moveConfirmations >= FeedState.moveConfirmationsNeeded
            else { continue }
            // The new URL came from a server's Location header: it is written as FeedLine writes every URL.
            guard let target = try? FeedLine.url(location) else {
                out.line("\(shown(feed.url)): not moved, \(shown(FeedLine.printable(location))) cannot be a feed URL")
                continue
            }
            guard config.feeds.allSatisfy({ $0.url != target }) else {
                out.line("\(shown(feed.url)): not moved, \(shown(target)) is already listed")
                continue
            }
            guard try store.renameFeed(from: feed.url, to: target) else {
                out.line("\(shown(feed.url)): not moved, the store already has \(shown(target))")
                continue
            }
            renamed.append((feed.url, target))
            do { try editor.replaceURL(line: feed.line, from: feed.url, to: target) } catch {
                for move in renamed.reversed() { _ = try? store.renameFeed(from: move.to, to: move.from) }
                throw CommandError.cannotMove(error)
            }
        }
        if !renamed.isEmpty {
            do {
                try editor.save()
            } catch {
                for move in renamed.reversed() { _ = try? store.renameFeed(from: move.to, to: move.from) }
                throw CommandError.config(error)
            }
            try store.syncFeeds(try GleanerConfig.Config.load(path: config.path).feeds.map {
                (url: $0.url, name: $0.name, tags: $0.tags)
            })
        }
        for move in renamed {
            out.line("moved \(shown(move.from)) -> \(shown(move.to)) (\(config.path) line updated)")
        }
        out.line("\(count(renamed.count, "move")) applied")
        guard out.flush() else { throw ExitCode(1) }
    }

    private func minute(_ t: Timestamp) -> String {
        String(t.rfc3339.prefix(16)).replacingOccurrences(of: "T", with: " ")
    }
}
