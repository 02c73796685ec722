import ArgumentParser
import GleanerModel
import GleanerStore

struct Feeds: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the configured feeds with their last fetch result.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let config = try global.loadConfig()
        let store = try global.openStore(config: config)
        try store.syncFeeds(config.feeds.map { (url: $0.url, name: $0.name, tags: $0.tags) })
        let records = try store.feeds(configuredOnly: true)
        var out = Output()
        let width = records.map { displayWidth($0.name ?? $0.title ?? $0.url) }.max() ?? 0
        for f in records {
            let label = pad(isolated(f.name ?? f.title ?? f.url), to: width)
            let last = f.lastAttempt.map { String($0.rfc3339.prefix(16)).replacingOccurrences(of: "T", with: " ") }
                ?? "never fetched   "
            var line = "\(label)  \(last)  \(f.articleCount) articles  \(f.lastResult ?? "-")"
            if f.consecutiveFailures > 0 { line += "  (\(f.consecutiveFailures) failures in a row)" }
            if let moved = f.effectiveURL, moved != f.url { line += "  now at \(moved)" }
            out.line(line + "  " + f.url)
        }
        guard out.flush() else { throw ExitCode(1) }
    }
}
