import ArgumentParser
import Foundation
import GleanerConfig
import GleanerModel
import GleanerStore
import GleanerStorePostgres

/// `--config` and `--store`, on every command.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The feeds file (default: $GLEANER_CONFIG, else $XDG_CONFIG_HOME/gleaner/feeds.conf "
            + "(~/.config/gleaner/feeds.conf), else /etc/gleaner/feeds.conf, else ./feeds.conf: the first that exists).",
        valueName: "path"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp(
        "The SQLite store (default: the config's 'store', else $STATE_DIRECTORY/gleaner.sqlite, "
            + "else ~/.local/state/gleaner/gleaner.sqlite).",
        valueName: "path"))
    var store: String?

    private static var environment: [String: String] { ProcessInfo.processInfo.environment }

    private static var home: String {
        if let home = environment["HOME"], !home.isEmpty { return home }
        return NSHomeDirectory()
    }

    /// The per-user feeds file, as the XDG base directory specification places it.
    static var userConfigPath: String {
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? home + "/.config"
        return base + "/gleaner/feeds.conf"
    }

    /// Where a feeds file is looked for when neither `--config` nor `$GLEANER_CONFIG` names one, in order:
    /// the user's own file first (as with other per-user tools), then the system-wide one the systemd unit
    /// uses, then the working directory (the source tree's example).
    static var searchedConfigPaths: [String] { [userConfigPath, "/etc/gleaner/feeds.conf", "feeds.conf"] }

    /// The feeds file: `--config`, else `$GLEANER_CONFIG`, else the first of `searchedConfigPaths` that exists;
    /// nil when none does.
    var configPath: String? {
        if let config { return config }
        if let path = Self.environment["GLEANER_CONFIG"], !path.isEmpty { return path }
        return Self.searchedConfigPaths.first { FileManager.default.fileExists(atPath: $0) }
    }

    /// The feeds file, or an error that says where it was looked for and how to start one.
    func requiredConfigPath() throws -> String {
        if let configPath { return configPath }
        throw CommandError.noFeedsFile(searched: Self.searchedConfigPaths)
    }

    /// The feeds file an edit goes to: the one in use, else a new per-user file (so that the first `gleaner add`
    /// on a fresh account just works).
    func editableConfigPath() throws -> String {
        if let configPath { return configPath }
        let path = Self.userConfigPath
        let directory = (path as NSString).deletingLastPathComponent
        let header = "# Gleaner's feeds: one URL per line, options after it (see `man gleaner`).\n"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw CommandError.cannotCreate(path: directory, reason: error.localizedDescription)
        }
        guard FileManager.default.createFile(atPath: path, contents: Data(header.utf8)) else {
            throw CommandError.cannotCreate(path: path, reason: nil)
        }
        return path
    }

    /// Loads the configuration; a broken file stops the command with `path:line: message`, and each value used
    /// otherwise than written (a clamped interval) is a warning on standard error.
    func loadConfig() throws -> Config {
        let path = try requiredConfigPath()
        let config: Config
        do {
            config = try Config.load(path: path)
        } catch {
            throw CommandError.config(error)
        }
        for warning in config.warnings { printError("warning: \(warning)") }
        return config
    }

    /// The configuration if it can be read; read-only commands work without one.
    func loadConfigIfPresent() throws -> Config? {
        guard let path = configPath, FileManager.default.fileExists(atPath: path) else { return nil }
        return try loadConfig()
    }

    func storePath(config: Config?) -> String {
        if let store { return Self.expandingHome(store) }
        if let configured = config?.store {
            // `~/…` is the user's home; a relative path is relative to the feeds file's folder, not to wherever
            // the command happens to run (a daemon and a cron job would otherwise use different stores).
            let expanded = Self.expandingHome(configured)
            if expanded.hasPrefix("/") { return expanded }
            let folder = (((configPath ?? "feeds.conf") as NSString).deletingLastPathComponent as NSString)
            let base = folder.length == 0 ? FileManager.default.currentDirectoryPath : folder as String
            return ((base as NSString).appendingPathComponent(expanded) as NSString).standardizingPath
        }
        // systemd's StateDirectory= may list several directories, separated by colons: the first is ours.
        if let state = Self.environment["STATE_DIRECTORY"]?.split(separator: ":").first, !state.isEmpty {
            return String(state) + "/gleaner.sqlite"
        }
        return Self.home + "/.local/state/gleaner/gleaner.sqlite"
    }

    private static func expandingHome(_ path: String) -> String {
        if path == "~" { return home }
        if path.hasPrefix("~/") { return home + path.dropFirst(1) }
        return path
    }

    /// How to open the store `--store` or `store =` names: the one place a backend is chosen; everything
    /// downstream (the daemon, the pipeline) opens its connections through it. A `postgresql://` URI selects
    /// PostgreSQL (its password from `store-password-file`, else libpq's `PGPASSFILE` or `~/.pgpass`); anything
    /// else is a SQLite file.
    func storeOpener(config: Config?) throws -> StoreOpener {
        let configured = store ?? config?.store
        guard let uri = configured, PostgresTarget.isPostgres(uri) else {
            return SQLiteStore.opener(path: storePath(config: config))
        }
        var password: String?
        if let file = config?.storePasswordFile {
            guard let secret = SecretFile.firstLine(file) else {
                throw CommandError.cannotRead(file: file, reason: String(cString: strerror(errno)))
            }
            password = secret
        }
        do {
            return PostgresStore.opener(target: try PostgresTarget(uri, password: password))
        } catch {
            throw CommandError.cannotOpenStore(path: URLUserInfo.stripped(uri), reason: "\(error)")
        }
    }

    /// Opens the store. Commands that fetch (`creating: true`) make it on first use; every other command
    /// needs one that exists, so a mistyped `--store` or `store =` is an error rather than a new empty database.
    func openStore(config: Config?, readOnly: Bool = false, creating: Bool = false) throws -> Store {
        let opener = try storeOpener(config: config)
        if !creating, !opener.exists() {
            throw CommandError.noStore(path: opener.location)
        }
        do {
            return try opener.open(readOnly)
        } catch {
            throw CommandError.cannotOpenStore(path: opener.location, reason: "\(error)")
        }
    }
}
