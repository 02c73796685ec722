import ArgumentParser
import GleanerConfig
import GleanerDaemon
import GleanerFetch
import GleanerStore

struct Fetch: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fetch every configured feed (or the named ones) once, and store the new articles.",
        discussion: """
            A feed named here is fetched even when disabled (after 410 Gone), which enables it again. A URL that \
            is not configured is fetched as given and kept in the store (not added to feeds.conf); when it is a \
            web page, the feed it announces (<link rel="alternate">) is fetched instead.
            """)

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
    var adHoc = Set<String>()
    if !only.isEmpty {
        selected = try only.map { ref in
            if let f = config.feed(matching: ref) { return f }
            // A URL that is not configured is fetched as given (it is added to the store, not to feeds.conf).
            if ref.hasPrefix("http://") || ref.hasPrefix("https://") {
                adHoc.insert(ref)
                return FeedConfig(url: ref)
            }
            throw CLIError("\(config.path): no feed named \"\(ref)\"")
        }
    }
    var out = Output()
    let width = (selected ?? config.feeds).map { displayWidth(label(url: $0.url, name: $0.name)) }.max() ?? 0
    let job = FetchJob(config: config, store: store)
    // Naming a feed is asking for it: a disabled one is fetched (and enabled) again.
    job.enablesDisabled = selected != nil
    // Plans each feed's next fetch as the daemon would, so a daemon started later keeps the schedule.
    job.planner = try SchedulePolicy(config: config).planner(store: store, feeds: selected ?? config.feeds)
    let printReport = { (report: FeedReport) in
        out.line(pad(isolated(label(url: report.url, name: report.name)), to: width) + "  " + report.summary)
        out.flush()
    }
    var reports = try job.run(selected, progress: printReport)

    // Autodiscovery: a web page given on the command line stands for the feed it announces.
    let pages = reports.filter { adHoc.contains($0.url) && !$0.discovered.isEmpty }
    if !pages.isEmpty {
        job.syncsFeeds = false
        let found = pages.map { FeedConfig(url: $0.discovered[0]) }
        for (page, feed) in zip(pages, found) {
            out.line("\(FetchURL.display(page.url)): found the feed \(FetchURL.display(feed.url))")
        }
        reports += try job.run(found, progress: printReport)
    }

    let new = reports.reduce(0) { n, r in if case .stored(let o) = r.outcome { return n + o.new } else { return n } }
    let failed = reports.filter { !$0.succeeded }.count
    let skipped = reports.filter(\.skipped).count
    out.line("\(reports.count) feeds: \(new) new articles, \(failed) failed" + (skipped > 0 ? ", \(skipped) skipped" : ""))
    out.flush()
    afterFetch(config: config, store: store)  // on-new hooks, then retention (AfterFetch.swift)
    return reports
}

/// The configured name, else the URL without its user info (a password is never printed).
func label(url: String, name: String?) -> String { name ?? FetchURL.display(url) }
