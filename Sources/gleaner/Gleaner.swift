import ArgumentParser
import GleanerFetch

@main
struct Gleaner: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gleaner",
        abstract: "An RSS/Atom feed aggregator: fetch feeds into a deduplicating SQLite store, list new headlines.",
        version: gleanerVersion,
        subcommands: [Run.self, Update.self, Fetch.self, Headlines.self, Feeds.self, Parse.self, Extract.self,
                      Consumers.self, Explain.self, Add.self, Remove.self, ImportOPML.self, ExportOPML.self, Vacuum.self]
    )
}
