import ArgumentParser

struct Update: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The main job, once: fetch every configured feed, then print the new headlines.")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print the new headlines as JSON Lines.")
    var json = false

    func run() throws {
        let config = try global.loadConfig()
        let store = try global.openStore(config: config, creating: true)
        _ = try fetchAll(config: config, store: store, only: [])
        var out = Output()
        out.line("")
        out.flush()
        try printHeadlines(store: store, new: true, json: json, limit: nil, feed: nil)
    }
}
