import GleanerConfig
import GleanerStore

/// What follows every fetch pass, for the CLI (`fetch`, `update`) and the daemon alike: the `on-new` hooks
/// get their new articles, then retention (`keep`, `keep-items`) prunes in small transactions. Problems are
/// reported through `log` and never fail the fetch: hooks retry on the next pass.
public enum AfterFetch {
    public static func run(config: Config, store: Store, log: (_ isError: Bool, _ line: String) -> Void) {
        HookRunner.run(config: config, store: store, log: log)
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
