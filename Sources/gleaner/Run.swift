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

    @Option(help: ArgumentHelp("The least important events logged.", valueName: "level"))
    var logLevel: LogLevel = .info

    func run() throws {
        let log = Logger(minimum: logLevel.level)
        let config = try global.loadConfig()
        let daemon: Daemon
        do {
            daemon = try Daemon(config: config, opener: try global.storeOpener(config: config), log: log)
        } catch {
            throw CommandError.cannotStartDaemon(reason: "\(error)")
        }
        daemon.start()
        dispatchMain()
    }
}
