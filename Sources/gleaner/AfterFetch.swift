import GleanerConfig
import GleanerPipeline
import GleanerStore

/// Hooks and retention after the CLI's fetch pass; messages go to standard error.
func afterFetch(config: Config, store: Store) {
    AfterFetch.run(config: config, store: store, log: { _, line in printError(line) })
}
