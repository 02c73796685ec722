import ArgumentParser
import GleanerConfig
import GleanerModel
import GleanerStore

struct Add: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a feed (or a page announcing one) and add it to feeds.conf, keeping every comment.",
        discussion: """
            The check fetches the URL as the daemon would, with feeds.conf's global settings (user-agent, user \
            and password-file, insecure, timeouts, max-size); nothing is stored.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "The feed's name (default: none; listings show its own title).")
    var name: String?

    @Option(help: ArgumentHelp("Comma-separated tags.", valueName: "a,b"))
    var tags: String?

    @Option(help: ArgumentHelp("How often to fetch it (e.g. 15m, 1h).", valueName: "duration"),
            transform: DurationArgument.init(parsing:))
    var interval: DurationArgument?

    @Flag(help: "Add without fetching it first.")
    var noCheck = false

    @Argument(help: ArgumentHelp("The feed's URL, or a web page that announces its feed.", valueName: "url"))
    var url: String

    func run() throws {
        var editor: ConfigEditor
        let configPath = try global.editableConfigPath()
        do { editor = try ConfigEditor(path: configPath) } catch { throw CommandError.config(error) }
        let before = try parseConfig(editor)
        // The URL as feeds.conf will hold it, so the check fetches, and duplicates are judged on, what is written.
        func written(_ url: String) throws(CommandError) -> String {
            do { return try FeedLine.url(url) } catch { throw .notAFeedURL(error) }
        }
        func refuseDuplicate(_ url: String) throws(CommandError) {
            guard let same = FeedEditing.existing(url, in: before) else { return }
            throw .alreadyConfigured(url: url, line: same.line, configured: same.url)
        }
        var target = try written(url)
        try refuseDuplicate(target)
        if !noCheck {
            let checked = try FeedEditing.check(target, in: before)
            if let page = checked.announcedBy {
                printError("\(URLUserInfo.stripped(page)) announces the feed \(FeedLine.printable(checked.url))")
            }
            if checked.url != target {
                target = try written(checked.url)
                try refuseDuplicate(target)
            }
            printError("ok: \(checked.title.map { "\(shown($0)), " } ?? "")\(checked.articles) articles")
        }
        let tagList = (tags ?? "").split(separator: ",").map { String($0) }
        do { target = try editor.appendFeed(url: target, name: name, tags: tagList, interval: interval?.text) } catch {
            throw CommandError.cannotAdd(url: target, error)
        }
        do { try editor.save() } catch { throw CommandError.config(error) }
        print("added \(shown(target)) to \(configPath); \(FeedEditing.reloadHint)")
    }
}

func parseConfig(_ editor: ConfigEditor) throws(CommandError) -> Config {
    do { return try editor.parsed() } catch { throw .config(error) }
}
