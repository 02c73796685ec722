import ArgumentParser

struct Update: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The main job, once: fetch every configured feed, then print the new headlines.")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print the new headlines as JSON Lines (the fetch report goes to standard error).")
    var json = false

    func run() throws {
        let config = try global.loadConfig()
        let store = try global.openStore(config: config, creating: true)
        // With --json, standard output is JSON Lines only (`gleaner update --json | jq`): the report goes to stderr.
        _ = try fetchAll(config: config, store: store, only: [], reportTo: json ? 2 : 1)
        if !json {
            var out = Output()
            out.line("")
            out.flush()
        }
        try printHeadlines(store: store, new: true, json: json, limit: nil, feed: nil)
    }
}
