import GleanerConfig
import GleanerDaemon
import GleanerStore

/// What follows every fetch pass of the CLI (`fetch`, `update`): the `on-new` hooks get their new
/// articles, then retention (`keep`, `keep-items`) prunes in small transactions. Problems are printed on
/// standard error and never fail the fetch: hooks retry on the next pass.
func afterFetch(config: Config, store: Store) {
    HookRunner.run(config: config, store: store, log: { _, line in printError(line) })
    do {
        try store.applyRetention(retentionPolicies(config))
    } catch {
        printError("retention: \(error)")
    }
}

/// Each configured feed's effective `keep` / `keep-items`.
func retentionPolicies(_ config: Config) -> [RetentionPolicy] {
    config.feeds.map { feed in
        let o = config.options(for: feed)
        return RetentionPolicy(feedURL: feed.url, keep: o.keep, keepItems: o.keepItems)
    }
}
