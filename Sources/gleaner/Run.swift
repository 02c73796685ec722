import ArgumentParser
import Dispatch
import GleanerDaemon
import GleanerPipeline

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the daemon in the foreground: fetch each feed when it is due (systemd: Type=notify).",
        discussion: """
            SIGHUP reloads feeds.conf (an invalid file is rejected and the old one keeps running); SIGTERM or \
            SIGINT lets fetches in flight finish (stop-timeout, default 10 s), then exits. Logs go to standard \
            error, one line per event.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("debug, info, warning or error.", valueName: "level"))
    var logLevel: String = "info"

    func validate() throws {
        if Logger.Level(name: logLevel) == nil {
            throw ValidationError("--log-level must be debug, info, warning or error")
        }
    }

    func run() throws {
        let log = Logger(minimum: Logger.Level(name: logLevel)!)
        let config = try global.loadConfig()
        let daemon: Daemon
        do {
            daemon = try Daemon(config: config, opener: global.storeOpener(config: config), log: log)
        } catch {
            throw CLIError("\(error)")
        }
        daemon.start()
        dispatchMain()
    }
}
