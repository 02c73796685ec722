import ArgumentParser
import Foundation
import GleanerConfig
import GleanerStore

/// `--config` and `--store`, on every command.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The feeds file (default: $GLEANER_CONFIG, else /etc/gleaner/feeds.conf if it exists, else ./feeds.conf).",
        valueName: "path"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp(
        "The SQLite store (default: the config's 'store', else $STATE_DIRECTORY/gleaner.sqlite, "
            + "else ~/.local/state/gleaner/gleaner.sqlite).",
        valueName: "path"))
    var store: String?

    var configPath: String {
        if let config { return config }
        let env = ProcessInfo.processInfo.environment
        if let path = env["GLEANER_CONFIG"], !path.isEmpty { return path }
        if FileManager.default.fileExists(atPath: "/etc/gleaner/feeds.conf") { return "/etc/gleaner/feeds.conf" }
        return "feeds.conf"
    }

    /// Loads the configuration; a broken file stops the command with `path:line: message`.
    func loadConfig() throws -> Config {
        do {
            return try Config.load(path: configPath)
        } catch {
            throw CLIError(error.description)
        }
    }

    /// The configuration if it can be read; read-only commands work without one.
    func loadConfigIfPresent() throws -> Config? {
        guard FileManager.default.fileExists(atPath: configPath) else { return nil }
        return try loadConfig()
    }

    func storePath(config: Config?) -> String {
        if let store { return store }
        if let configured = config?.store { return configured }
        let env = ProcessInfo.processInfo.environment
        // systemd's StateDirectory= may list several directories, separated by colons: the first is ours.
        if let state = env["STATE_DIRECTORY"]?.split(separator: ":").first, !state.isEmpty {
            return String(state) + "/gleaner.sqlite"
        }
        let home = env["HOME"] ?? NSHomeDirectory()
        return home + "/.local/state/gleaner/gleaner.sqlite"
    }

    func openStore(config: Config?, readOnly: Bool = false) throws -> Store {
        let path = storePath(config: config)
        do {
            return try Store(path: path, readOnly: readOnly)
        } catch {
            throw CLIError("cannot open the store \(path): \(error)")
        }
    }
}

/// A message for the user and a non-zero exit, without a stack of wrapping.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = terminalSafeLines(description) }
}
