/// How to open one store, whatever its backend: the composition root (the CLI) builds it once from the
/// `store =` setting (or `--store`) and passes it down, so the daemon and the pipeline open further
/// connections (a writer thread, the after-fetch worker) without knowing which backend they talk to.
///
/// Each call to `open` gives a new, independent connection, to be used from one thread or serial queue.
public struct StoreOpener: Sendable {
    /// Where the store is, for logs and messages: a file path, or a connection URI without its password.
    public let location: String
    /// A file beside which `gleaner run` takes an exclusive lock (`StoreLock`), for a backend that one daemon
    /// at a time may use (SQLite); nil where several daemons share the store and claims keep them apart.
    public let daemonLockFile: String?
    /// Whether the store has been created (a SQLite file exists). Commands that only read or edit a store
    /// refuse one that does not exist rather than create an empty one by a typo.
    public let exists: @Sendable () -> Bool
    /// Opens a connection; unless `readOnly`, creates and migrates the store first when needed. A read-only
    /// connection refuses every write with `StoreError.readOnly`.
    public let open: @Sendable (_ readOnly: Bool) throws -> any Store

    public init(location: String, daemonLockFile: String?, exists: @escaping @Sendable () -> Bool,
                open: @escaping @Sendable (_ readOnly: Bool) throws -> any Store) {
        self.location = location
        self.daemonLockFile = daemonLockFile
        self.exists = exists
        self.open = open
    }
}
