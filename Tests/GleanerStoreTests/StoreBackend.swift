import GleanerStore
import GleanerTestSupport
import Testing

/// A store backend the store tests run over: every test written against the `Store` protocol takes one
/// (`@Test(arguments: StoreBackend.all)`), so a second backend passes the same tests as SQLite.
/// Tests that check SQLite itself (file modes, WAL, pragmas, migrations of its files, raw SQL) use
/// `StoreFixture(.sqlite)` only and say so.
struct StoreBackend: Sendable, CustomTestStringConvertible {
    let name: String
    /// A new, empty store: how to open it, and what must stay alive while it is used (its temporary folder
    /// or scratch database, removed when released).
    let fresh: @Sendable (_ label: String) throws -> (opener: StoreOpener, keepAlive: AnyObject)

    var testDescription: String { name }

    /// A SQLite file in a fresh temporary folder, in a subfolder not yet made (the store creates it).
    static let sqlite = StoreBackend(name: "sqlite") { label in
        let directory = try TemporaryDirectory(label)
        return (SQLiteStore.opener(path: directory.file("state/gleaner.db").path), directory)
    }

    /// Every backend reachable here: SQLite always. (A PostgreSQL backend joins when `GLEANER_TEST_POSTGRES`
    /// names a server to make scratch databases on.)
    static let all: [StoreBackend] = [.sqlite]
}
