import ArgumentParser
import GleanerConfig
import GleanerPipeline
import GleanerFetch
import GleanerModel
import GleanerStore

struct Fetch: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fetch every configured feed (or the named ones) once, and store the new articles.",
        discussion: """
            A feed named here is fetched even when disabled (after 410 Gone), which enables it again. A URL that \
            is not configured is fetched as given and kept in the store (not added to feeds.conf); when it is a \
            web page, the feed it announces (<link rel="alternate">) is fetched instead. A feed named here is \
            fetched now whatever its schedule, except from a host that asked to wait (Retry-After): the line says \
            until when, and --force fetches anyway.

            Exit status: 0 when every feed succeeded (304 Not Modified and feeds skipped by politeness included), \
            2 when some feeds failed (an error, 410 Gone, a rate limit), 1 when nothing could run (a bad config, \
            an unknown feed name, an unusable store).
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("Feeds to fetch, by URL or name (default: all).", valueName: "url"))
    var feeds: [String] = []

    @Flag(help: "Also fetch from hosts that asked to wait (Retry-After). Impolite: a host that rate-limits may block you.")
    var force = false

    func run() throws {
        let config = try global.loadConfig()
        let store = try global.openStore(config: config, creating: true)
        let reports = try fetchAll(config: config, store: store, only: feeds, force: force)
        if reports.contains(where: { !$0.succeeded }) { throw ExitCode(fetchFailedStatus) }
    }
}

/// `fetch`'s exit status when it ran but some feeds failed (1 is kept for "nothing could run"), so that a cron
/// job or a systemd timer can tell. gleaner-fetch.service is then marked failed, which is what shows the admin.
let fetchFailedStatus: Int32 = 2

/// Fetches and prints one line per feed and a total (on `reportTo`: standard error when standard output carries
/// JSON Lines); shared by `fetch` and `update`.
/// Throws only when nothing could run (an unknown feed name); feed failures are reported, not thrown.
func fetchAll(config: Config, store: Store, only: [String], reportTo fd: Int32 = 1,
              force: Bool = false) throws -> [FeedReport] {
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
            throw unknownFeed(ref, config: config)
        }
    }
    var out = Output(fd: fd)
    let columns = fd == 1 ? terminalColumns : nil
    let nameCap = columns.map { max(4, min(nameWidthCap, $0 / 3)) } ?? nameWidthCap
    let width = (selected ?? config.feeds).map { displayWidth(shown(label(url: $0.url, name: $0.name),
                                                                    maxWidth: nameCap)) }.max() ?? 0
    let summaryWidth = columns.map { max(1, $0 - width - 2) } ?? textWidthCap
    let job = FetchJob(config: config, store: store)
    // Naming a feed is asking for it: a disabled one is fetched (and enabled) again.
    job.enablesDisabled = selected != nil
    job.ignoresHostHolds = force
    job.fullTextFailed = { error in printError("full text failed: \(error)") }
    // Plans each feed's next fetch as the daemon would, so a daemon started later keeps the schedule.
    job.planner = try DuePlanner(config: config).batch(store: store, feeds: selected ?? config.feeds)
    let printReport = { (report: FeedReport) in
        let name = pad(shown(label(url: report.url, name: report.name), maxWidth: nameCap), to: width)
        out.line(name + "  " + shown(report.summary, maxWidth: summaryWidth))
        out.flush()
    }
    var reports = try job.run(selected, progress: inOrder(selected ?? config.feeds, printReport))

    // Autodiscovery: a web page given on the command line stands for the feed it announces.
    let pages = reports.filter { adHoc.contains($0.url) && !$0.discovered.isEmpty }
    if !pages.isEmpty {
        job.syncsFeeds = false
        let found = pages.map { FeedConfig(url: $0.discovered[0]) }
        for (page, feed) in zip(pages, found) {
            out.line("\(shown(page.url)): found the feed \(shown(feed.url))")
        }
        reports += try job.run(found, progress: inOrder(found, printReport))
    }

    let new = reports.reduce(0) { n, r in if case .stored(let o) = r.outcome { return n + o.new } else { return n } }
    let failed = reports.filter { !$0.succeeded }.count
    let skipped = reports.filter(\.skipped).count
    out.line("\(count(reports.count, "feed")): \(count(new, "new article")), \(failed) failed"
             + (skipped > 0 ? ", \(skipped) skipped" : ""))
    out.flush()
    afterFetch(config: config, store: store)  // on-new hooks, then retention (AfterFetch.swift)
    return reports
}

/// The configured name, else the URL (`shown` removes its user info).
func label(url: String, name: String?) -> String { name ?? url }

/// Reports arrive as feeds finish; the user reads them in the order of feeds.conf. Each report is held until
/// every feed listed before it has reported (a report for a feed not in the list passes at once).
func inOrder(_ feeds: [FeedConfig], _ print: @escaping (FeedReport) -> Void) -> (FeedReport) -> Void {
    var position: [String: Int] = [:]
    for (i, feed) in feeds.enumerated() where position[feed.url] == nil { position[feed.url] = i }
    var waiting: [Int: FeedReport] = [:]
    var next = 0
    return { report in
        guard let at = position[report.url], at >= next else { print(report); return }
        waiting[at] = report
        while next < feeds.count {
            if position[feeds[next].url] != next { next += 1; continue }  // a repeated URL reports once
            guard let ready = waiting.removeValue(forKey: next) else { break }
            print(ready)
            next += 1
        }
    }
}
