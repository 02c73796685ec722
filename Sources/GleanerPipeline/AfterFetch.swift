import GleanerConfig
import GleanerStore

/// What follows every fetch pass, for the CLI (`fetch`, `update`) and the daemon alike: the `on-new` hooks
/// get their new articles, then retention (`keep`, `keep-items`) prunes in small transactions. Problems are
/// reported through `log` and never fail the fetch: hooks retry later.
public enum AfterFetch {
    public static func run(config: Config, store: Store, log: (_ isError: Bool, _ line: String) -> Void) {
        var hooks = HookRunner(timeout: Double(config.hookTimeout))
        run(config: config, store: store, hooks: &hooks, log: log)
    }

    /// With the caller's runner, which keeps the hooks' backoff from one pass to the next (the daemon's).
    public static func run(config: Config, store: Store, hooks: inout HookRunner, log: (_ isError: Bool, _ line: String) -> Void) {
        hooks.run(config: config, store: store, log: log)
        // A stop asked for meanwhile leaves retention to the next pass: it is not urgent, the stop is.
        if hooks.stopDeadline() != nil { return }
        do {
            try store.applyRetention(retentionPolicies(config))
        } catch {
            log(true, "retention failed error=\"\(error)\"")
        }
    }

    /// Each configured feed's effective `keep` / `keep-items`.
    public static func retentionPolicies(_ config: Config) -> [RetentionPolicy] {
        config.feeds.map { feed in
            let o = config.options(for: feed)
            return RetentionPolicy(feedURL: feed.url, keep: o.keep, keepItems: o.keepItems)
        }
    }
}
