import ArgumentParser
import GleanerPipeline
import GleanerStore

struct Vacuum: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply retention (keep, keep-items), then compact the store file.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let config = try global.loadConfig()
        let store = try global.openStore(config: config)
        let before = try store.storageSize()
        let pruned = try store.applyRetention(AfterFetch.retentionPolicies(config))
        try store.vacuum()
        let after = try store.storageSize()
        print("\(pruned) articles pruned (identities kept); \(before / 1024) KiB → \(after / 1024) KiB")
    }
}
