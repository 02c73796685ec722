import GleanerConfig
import GleanerPipeline

/// Shared by `add`, `remove`, `import-opml`: checking a URL, refusing duplicates, telling about SIGHUP.
enum FeedEditing {
    static let reloadHint = "a running daemon picks this up on SIGHUP (systemctl reload gleaner)"

    /// The configured feed that is the same as `url` (`Config.feed(sameAs:)`), if any.
    static func existing(_ url: String, in config: Config) -> FeedConfig? { config.feed(sameAs: url) }

    /// Fetches `url` as every fetch does (`FeedCheck`), under the options a new line for it would have in
    /// `config` (its global settings: user-agent, credentials, `insecure`, timeouts); a web page stands for the
    /// one feed it announces. Nothing is stored.
    static func check(_ url: String, in config: Config) throws(CommandError) -> FeedCheck.Found {
        do { return try FeedCheck.check(url, options: config.options(for: FeedConfig(url: url))) } catch {
            throw .check(error)
        }
    }
}
