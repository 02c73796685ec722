import ArgumentParser
import GleanerConfig
import GleanerStore

struct Remove: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Remove a feed's line from feeds.conf (its stored articles stay unless --purge).")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Also delete the feed's stored articles and state.")
    var purge = false

    @Argument(help: ArgumentHelp("The feed, by URL or name.", valueName: "url|name"))
    var feed: String

    func run() throws {
        var editor: ConfigEditor
        let configPath = try global.requiredConfigPath()
        do { editor = try ConfigEditor(path: configPath) } catch { throw CommandError.config(error) }
        let config = try parseConfig(editor)
        guard let target = config.feed(matching: feed) ?? FeedEditing.existing(feed, in: config) else {
            throw unknownFeed(feed, config: config)
        }
        _ = try? editor.removeFeed(matching: target.url)
        let saved: Config
        do { saved = try editor.save() } catch { throw CommandError.config(error) }
        var note = "articles kept"
        if purge {
            let store = try global.openStore(config: saved)
            note = try store.purgeFeed(url: target.url) ? "articles deleted" : "nothing stored"
        }
        print("removed \(shown(target.url)) from \(configPath) (\(note)); \(FeedEditing.reloadHint)")
    }
}
