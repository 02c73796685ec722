import ArgumentParser
import GleanerConfig
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
        do { editor = try ConfigEditor(path: global.configPath) } catch { throw CLIError(error.description) }
        let before = try parseConfig(editor)
        if let same = FeedEditing.existing(url, in: before) {
            throw CLIError("\(url) is already configured (line \(same.line): \(same.url))")
        }
        var target = url
        if !noCheck {
            let checked = try FeedEditing.check(url)
            target = checked.url
            if let page = checked.discoveredFrom { printError("\(page) announces the feed \(checked.url)") }
            if target != url, let same = FeedEditing.existing(target, in: before) {
                throw CLIError("\(target) is already configured (line \(same.line))")
            }
            printError("ok: \(checked.title.map { "\"\($0)\", " } ?? "")\(checked.articles) articles")
        }
        let tagList = (tags ?? "").split(separator: ",").map { String($0) }
        editor.append(line: ConfigEditor.feedLine(url: target, name: name, tags: tagList, interval: interval))
        do { try editor.save() } catch { throw CLIError(error.description) }
        print("added \(shown(target)) to \(global.configPath); \(FeedEditing.reloadHint)")
    }
}

func parseConfig(_ editor: ConfigEditor) throws -> Config {
    do { return try Config.parse(editor.text, path: editor.path) } catch { throw CLIError(error.description) }
}
