import ArgumentParser
import GleanerConfig
import GleanerDaemon
import GleanerStore

struct Fetch: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fetch every configured feed (or the named ones) once, and store the new articles.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("Feeds to fetch, by URL or name (default: all).", valueName: "url"))
    var feeds: [String] = []

    func run() throws {
        let config = try global.loadConfig()
        let store = try global.openStore(config: config)
        _ = try fetchAll(config: config, store: store, only: feeds)
    }
}

/// Fetches and prints one line per feed and a total; shared by `fetch` and `update`.
/// Throws only when nothing could run (an unknown feed name); feed failures are reported, not thrown.
func fetchAll(config: Config, store: Store, only: [String]) throws -> [FeedReport] {
    var selected: [FeedConfig]? = nil
    if !only.isEmpty {
        selected = try only.map { ref in
            if let f = config.feed(matching: ref) { return f }
            // A URL that is not configured is fetched as given (it is added to the store, not to feeds.conf).
            if ref.hasPrefix("http://") || ref.hasPrefix("https://") { return FeedConfig(url: ref) }
            throw CLIError("\(config.path): no feed named \"\(ref)\"")
        }
    }
    var out = Output()
    let width = (selected ?? config.feeds).map { displayWidth(label(url: $0.url, name: $0.name)) }.max() ?? 0
    let job = FetchJob(config: config, store: store)
    let reports = try job.run(selected) { report in
        out.line(pad(isolated(label(url: report.url, name: report.name)), to: width) + "  " + report.summary)
        out.flush()
    }
    let new = reports.reduce(0) { n, r in if case .stored(let o) = r.outcome { return n + o.new } else { return n } }
    let failed = reports.filter { !$0.succeeded }.count
    out.line("\(reports.count) feeds: \(new) new articles, \(failed) failed")
    out.flush()
    return reports
}

func label(url: String, name: String?) -> String { name ?? url }
