import GleanerModel

/// The parsed feeds.conf: global settings, then the feeds in file order.
public struct Config: Sendable, Hashable {
    /// The file it was read from (used in messages).
    public var path: String
    /// Where the SQLite store lives; nil means the default location.
    public var store: String?
    /// The global settings that feeds may override (only what the file sets; see `options(for:)`).
    public var defaults = FeedOptions()
    public var maxTransfers: Int = 16
    public var maxTransfersPerHost: Int = 2
    /// The scheduler's clamps on any feed's interval, and whether it adapts to the publishing rate.
    public var minInterval: Int = 5 * 60
    public var maxInterval: Int = 24 * 3600
    public var adaptive: Bool = true
    /// Least time between two requests to the same host (politeness), in seconds.
    public var hostGap: Double = 0
    /// How long `gleaner run` lets in-flight fetches finish on SIGTERM before cancelling them.
    public var stopTimeout: Int = 10
    /// Seconds one run of an `on-new` program may take before it is ended (SIGTERM, then SIGKILL).
    public var hookTimeout: Int = 60
    public var feeds: [FeedConfig] = []
    /// Values the scheduler will not use as written (clamped intervals), in line order; see `ConfigWarning`.
    public var warnings: [ConfigWarning] = []

    /// The global interval (the built-in 30 minutes unless set).
    public var interval: Int { defaults.interval ?? FeedOptions.builtIn.interval! }

    /// The effective options of a feed: its own, else the global settings, else the built-in defaults.
    public func options(for feed: FeedConfig) -> FeedOptions {
        feed.options.over(defaults).over(FeedOptions.builtIn)
    }

    public init(path: String) { self.path = path }

    /// Reads and validates a configuration file; the first problem stops it with `path:line: message`.
    /// `on-new` and `password-file` are refused unless the file belongs to the running user or root and is not
    /// writable by group or others (`ConfigFile.privilegedRefusal`).
    public static func load(path: String) throws(ConfigError) -> Config {
        let file = try ConfigFile.read(path)
        return try ConfigParser(path: path, privilegedRefusal: file.privilegedRefusal).parse(file.text)
    }

    /// Parses configuration text; `path` is only used in messages.
    public static func parse(_ text: String, path: String = "feeds.conf") throws(ConfigError) -> Config {
        try ConfigParser(path: path).parse(text)
    }

    /// Seconds in a duration written as in feeds.conf (`90s`, `15m`, `1h30m`, `2d`, `1w`); throws when malformed,
    /// with the reason in `message` (the command line reads its durations through this too).
    public static func duration(_ text: String) throws(ConfigError) -> Int {
        do { return try ConfigParser.duration(text) } catch { throw ConfigError(path: "", line: 0, message: error.message) }
    }

    /// The configured feed that is the same feed as `url`, if any: the one rule for duplicates, used by the
    /// parser (two such lines are an error), `add` and `import-opml`.
    public func feed(sameAs url: String) -> FeedConfig? {
        let key = Config.identity(ofFeedURL: url)
        return feeds.first { Config.identity(ofFeedURL: $0.url) == key }
    }

    /// What makes two feed URLs one feed: `LinkNormalizer`'s form (scheme and host case, default port, escapes,
    /// empty path, tracking parameters), and so without the `#fragment`, which is never sent to the server.
    static func identity(ofFeedURL url: String) -> String { LinkNormalizer.normalize(url) }
    static let sameFeedRule = "URLs are compared without #fragment, case of scheme and host, default port and tracking parameters"

    /// The feed whose URL or name is `ref`.
    public func feed(matching ref: String) -> FeedConfig? {
        feeds.first { $0.url == ref || $0.name == ref }
    }

    /// Configured names and URLs close to `ref` (a typo or a prefix), closest first, at most three: for an
    /// "unknown feed" message.
    public func feedSuggestions(for ref: String) -> [String] {
        let typed = String(ref.lowercased().prefix(300))
        let scored = feeds.flatMap { [$0.name, $0.url] }.compactMap { $0 }.compactMap { candidate -> (String, Int)? in
            let known = candidate.lowercased()
            if !typed.isEmpty, known.hasPrefix(typed) || typed.hasPrefix(known) { return (candidate, 0) }
            let d = ConfigParser.editDistance(typed, String(known.prefix(300)))
            return d <= max(2, typed.count / 3) ? (candidate, d) : nil
        }
        var seen = Set<String>()
        return scored.sorted { $0.1 < $1.1 }.map(\.0).filter { seen.insert($0).inserted }.prefix(3).map { $0 }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
