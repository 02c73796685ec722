import GleanerModel
import GleanerStore
import GleanerTestSupport

/// A store in a fresh temporary directory, plus builders that keep the tests to the point.
final class StoreFixture {
    let directory: TemporaryDirectory
    let path: String
    let store: SQLiteStore

    static let feedA = "https://example.org/a.xml"
    static let feedB = "https://news.example.net:8443/b/feed"

    /// Opens a store with two configured feeds: "A" (named) and an unnamed one.
    init(label: String = "gleaner-store") throws {
        directory = try TemporaryDirectory(label)
        path = directory.file("state/gleaner.db").path
        store = try SQLiteStore(path: path)
        try store.syncFeeds([
            (url: StoreFixture.feedA, name: "A", tags: ["tech"]),
            (url: StoreFixture.feedB, name: nil, tags: []),
        ])
    }

    func reopen(readOnly: Bool = false) throws -> SQLiteStore { try SQLiteStore(path: path, readOnly: readOnly) }
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
