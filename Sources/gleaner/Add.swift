import ArgumentParser
import GleanerConfig
import GleanerModel
import GleanerStore

struct Add: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a feed (or a page announcing one) and add it to feeds.conf, keeping every comment.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "The feed's name (default: none; listings show its own title).")
    var name: String?

    @Option(help: ArgumentHelp("Comma-separated tags.", valueName: "a,b"))
    var tags: String?

    @Option(help: ArgumentHelp("How often to fetch it (e.g. 15m, 1h).", valueName: "duration"))
    var interval: String?

    @Flag(help: "Add without fetching it first.")
    var noCheck = false

    @Argument(help: ArgumentHelp("The feed's URL, or a web page that announces its feed.", valueName: "url"))
    var url: String

    func validate() throws {
        if let interval, (try? Config.duration(interval)) == nil {
            throw ValidationError("--interval: \"\(interval)\" is not a duration (use e.g. 15m, 1h)")
        }
    }

    func run() throws {
        var editor: ConfigEditor
        let configPath = try global.editableConfigPath()
        do { editor = try ConfigEditor(path: configPath) } catch { throw CLIError(error.description) }
        let before = try parseConfig(editor)
        // The URL as feeds.conf will hold it, so the check fetches, and duplicates are judged on, what is written.
        func written(_ url: String) throws -> String {
            do { return try FeedLine.url(url) } catch { throw CLIError("cannot add: \(error)") }
        }
        var target = try written(url)
        if let same = FeedEditing.existing(target, in: before) {
            throw CLIError("\(URLUserInfo.stripped(target)) is already configured (line \(same.line): \(URLUserInfo.stripped(same.url)))")
        }
        if !noCheck {
            let checked = try FeedEditing.check(target)
            if let page = checked.discoveredFrom {
                printError("\(URLUserInfo.stripped(page)) announces the feed \(FeedLine.printable(checked.url))")
            }
            if checked.url != target {
                target = try written(checked.url)
                if let same = FeedEditing.existing(target, in: before) {
                    throw CLIError("\(target) is already configured (line \(same.line))")
                }
            }
            printError("ok: \(checked.title.map { "\(shown($0)), " } ?? "")\(checked.articles) articles")
        }
        let tagList = (tags ?? "").split(separator: ",").map { String($0) }
        do { target = try editor.appendFeed(url: target, name: name, tags: tagList, interval: interval) } catch {
            throw CLIError("cannot add \(FeedLine.printable(URLUserInfo.stripped(target))): \(error)")
        }
        do { try editor.save() } catch { throw CLIError(error.description) }
        print("added \(shown(target)) to \(configPath); \(FeedEditing.reloadHint)")
    }
}

func parseConfig(_ editor: ConfigEditor) throws -> Config {
    do { return try editor.parsed() } catch { throw CLIError(error.description) }
}
