import GleanerModel
import GleanerStore
import Testing

/// Items without id or link are told apart by their text when nothing else tells them apart: distinct items of
/// one document never collapse into one, the same item keeps its key from fetch to fetch, and articles stored
/// by a version that left the text out of the key are not announced again.
@Suite struct TextIdentityTests {
    static func described(_ text: String, title: String? = nil) -> Article {
        var a = Article(id: nil, title: title, link: nil)
        a.summary = text
        return a
    }

    /// The key every description-only item had before the text was part of it: title, date and enclosure empty.
    static let legacyEmptyKey: String = {
        var h = FNV1a64()
        h.add("\u{1F}\u{1F}")
        return "hash:" + h.hex
    }()

    @Test(arguments: StoreBackend.all)
    func threeItemsWithOnlyADescriptionAreThreeArticles(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        let items = ["First note.", "Second note.", "Third note."].map { Self.described($0) }
        #expect(try f.store.record(feedURL: StoreFixture.feedA, fetch: success(), articles: items)
                == StoreOutcome(new: 3, updated: 0, unchanged: 0))
        let keys = try f.store.headlines(HeadlineQuery()).map(\.key)
        #expect(Set(keys).count == 3 && keys.allSatisfy { $0.hasPrefix("hash:") })
        // The same document again: nothing new, nothing rewritten.
        #expect(try f.store.record(feedURL: StoreFixture.feedA, fetch: success(at: 1_700_000_100), articles: items)
                == StoreOutcome(new: 0, updated: 0, unchanged: 3))
        // A fourth item arrives at the top: only it is new.
        let more = [Self.described("Fourth note.")] + items
        #expect(try f.store.record(feedURL: StoreFixture.feedA, fetch: success(at: 1_700_000_200), articles: more)
                == StoreOutcome(new: 1, updated: 0, unchanged: 3))
    }

    @Test func keysOfItemsWithATitleDateOrEnclosureAreUnchanged() {
        // Stored keys stay valid: the text joins the hash only when title, date and enclosure are all empty.
        var a = Article(id: nil, title: "A title", link: nil)
        a.published = Timestamp(seconds: 1_700_000_000)
        a.summary = "Some text"
        var h = FNV1a64()
        h.add("A title\u{1F}1700000000\u{1F}")
        #expect(ArticleKey(a).description == "hash:" + h.hex)
        #expect(ArticleKey(Article(id: nil, title: nil, link: nil)).description == Self.legacyEmptyKey,
                "an item with nothing at all keeps its old key")
        #expect(ArticleKey(Self.described("x")).description != Self.legacyEmptyKey)
    }

    /// SQLite only: rows an older version stored, written with raw SQL.
    @Test func descriptionOnlyArticlesStoredBeforeTheUpgradeAreNotNewAgain() throws {
        let f = try StoreFixture(.sqlite)
        let items = ["First note.", "Second note.", "Third note."].map { Self.described($0) }
        // What an older version stored: the three collapsed into the first, under the empty-triple key.
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(), articles: [items[0]])
        try f.sqlite.execute("UPDATE articles SET key = '\(Self.legacyEmptyKey)'")
        let firstSeq = try #require(try f.store.headlines(HeadlineQuery()).first?.seq)

        #expect(try f.store.record(feedURL: StoreFixture.feedA, fetch: success(at: 1_700_000_100), articles: items)
                == StoreOutcome(new: 2, updated: 0, unchanged: 1))
        let stored = try f.store.headlines(HeadlineQuery())
        #expect(stored.count == 3)
        #expect(!stored.map(\.key).contains(Self.legacyEmptyKey), "the old row moved to its new key")
        #expect(stored.first { $0.summary == "First note." }?.seq == firstSeq, "and kept its sequence number")
        #expect(try f.store.record(feedURL: StoreFixture.feedA, fetch: success(at: 1_700_000_200), articles: items)
                == StoreOutcome(new: 0, updated: 0, unchanged: 3))
    }

    @Test(arguments: StoreBackend.all)
    func itemsSharingATitleButNotTheirTextAreDistinctAndStable(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        let a = Self.described("Road closed.", title: "Update")
        let b = Self.described("Road open again.", title: "Update")
        // First only A: keyed by its title, as always.
        #expect(try f.store.record(feedURL: StoreFixture.feedA, fetch: success(), articles: [a]).new == 1)
        // Then B above it: both stay, A is not new again.
        #expect(try f.store.record(feedURL: StoreFixture.feedA, fetch: success(at: 1_700_000_100), articles: [b, a])
                == StoreOutcome(new: 1, updated: 0, unchanged: 1))
        #expect(try f.store.headlines(HeadlineQuery()).count == 2)
        // B alone (A dropped off the feed), then both again: nothing new, nothing rewritten.
        #expect(try f.store.record(feedURL: StoreFixture.feedA, fetch: success(at: 1_700_000_200), articles: [b])
                == StoreOutcome(new: 0, updated: 0, unchanged: 1))
        #expect(try f.store.record(feedURL: StoreFixture.feedA, fetch: success(at: 1_700_000_300), articles: [b, a])
                == StoreOutcome(new: 0, updated: 0, unchanged: 2))
        #expect(try f.store.headlines(HeadlineQuery()).count == 2)
    }
}
