import GleanerModel
import GleanerStore
import GleanerTestSupport

/// A fresh store of one backend, plus builders that keep the tests to the point.
final class StoreFixture {
    let backend: StoreBackend
    let opener: StoreOpener
    let store: Store
    /// The temporary folder or scratch database behind the store.
    private let keepAlive: AnyObject

    static let feedA = "https://example.org/a.xml"
    static let feedB = "https://news.example.net:8443/b/feed"

    /// Opens a store with two configured feeds: "A" (named) and an unnamed one.
    init(_ backend: StoreBackend = .sqlite, label: String = "gleaner-store") throws {
        self.backend = backend
        (opener, keepAlive) = try backend.fresh(label)
        store = try opener.open(false)
        try store.syncFeeds([
            (url: StoreFixture.feedA, name: "A", tags: ["tech"]),
            (url: StoreFixture.feedB, name: nil, tags: []),
        ])
    }

    /// Where the store is, as its errors name it.
    var location: String { opener.location }

    /// For the SQLite-only tests: the store as its class (raw SQL, pragmas, its file's path).
    var sqlite: SQLiteStore {
        guard let s = store as? SQLiteStore else { preconditionFailure("a SQLite-only test ran on \(backend.name)") }
        return s
    }

    /// Another connection to the same store.
    func reopen(readOnly: Bool = false) throws -> Store { try opener.open(readOnly) }
}

func article(_ id: String?, title: String? = nil, link: String? = nil, published: Int64? = nil) -> Article {
    var a = Article(id: id, title: title ?? id.map { "Title \($0)" }, link: link)
    a.published = published.map { Timestamp(seconds: $0) }
    return a
}

func success(at seconds: Int64 = 1_700_000_000, status: Int = 200, result: String = "ok", etag: String? = nil,
             lastModified: String? = nil, title: String? = nil) -> FetchRecord {
    FetchRecord(attemptedAt: Timestamp(seconds: seconds), status: status, succeeded: true, result: result,
                etag: etag, lastModified: lastModified, feedTitle: title)
}

func failure(at seconds: Int64 = 1_700_000_000, status: Int? = 503, error: String = "HTTP 503 Service Unavailable")
    -> FetchRecord {
    FetchRecord(attemptedAt: Timestamp(seconds: seconds), status: status, succeeded: false, result: error,
                error: error)
}
