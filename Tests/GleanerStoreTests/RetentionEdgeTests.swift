import GleanerModel
import GleanerStore
import Testing

/// `keep` and `keep-items` at their edges, counted on the date `headlines` shows and sorts by.
@Suite struct RetentionEdgeTests {
    static let now: Int64 = 1_800_000_000
    static let day: Int64 = 86_400

    func dated(_ id: String, published: Int64? = nil, updated: Int64? = nil) -> Article {
        var a = article(id, published: published)
        a.updated = updated.map { Timestamp(seconds: $0) }
        return a
    }

    func live(_ f: StoreFixture) throws -> [String] {
        try f.store.headlines(HeadlineQuery(feed: StoreFixture.feedA)).compactMap(\.id)
    }

    @Test(arguments: StoreBackend.all)
    func anArticleExactlyAtTheKeepBoundaryIsKeptOneSecondOlderIsPruned(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        let keep = 30 * Self.day
        let cutoff = Self.now - keep
        // First stored a second before the cutoff: only the date decides.
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(at: cutoff - 1), articles: [
            dated("at", published: cutoff), dated("older", published: cutoff - 1), dated("newer", published: cutoff + 1),
        ])
        let pruned = try f.store.applyRetention([RetentionPolicy(feedURL: StoreFixture.feedA, keep: Int(keep), keepItems: nil)],
                                                now: Timestamp(seconds: Self.now))
        #expect(pruned == 1)
        #expect(Set(try live(f)) == ["at", "newer"])
    }

    @Test(arguments: StoreBackend.all)
    func keepCountsFromTheShownDateUpdatedWhenUndatedAndFirstStoredAtTheLatest(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        let keep = 10 * Self.day
        let cutoff = Self.now - keep
        // All first stored an hour before the cutoff: "upd" is dated by its updated time (after the cutoff),
        // "none" by its first storing, "future" claims a date far ahead but counts as first stored (a date more
        // than a day after first storing is not believed).
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(at: cutoff - 3600), articles: [
            dated("upd", updated: cutoff + 3600), dated("none"), dated("future", published: Self.now + 365 * Self.day),
        ])
        _ = try f.store.applyRetention([RetentionPolicy(feedURL: StoreFixture.feedA, keep: Int(keep), keepItems: nil)],
                                       now: Timestamp(seconds: Self.now))
        #expect(try live(f) == ["upd"])
    }

    @Test(arguments: StoreBackend.all)
    func aNewFeedKeepsItsOldArticlesForTheKeepPeriod(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(at: Self.now - 60), articles: [
            dated("archive", published: Self.now - 400 * Self.day),
        ])
        #expect(try f.store.applyRetention([RetentionPolicy(feedURL: StoreFixture.feedA, keep: Int(Self.day), keepItems: nil)],
                                           now: Timestamp(seconds: Self.now)) == 0)
        #expect(try f.store.applyRetention([RetentionPolicy(feedURL: StoreFixture.feedA, keep: Int(Self.day), keepItems: nil)],
                                           now: Timestamp(seconds: Self.now + Self.day)) == 1)
    }

    @Test(arguments: StoreBackend.all)
    func keepItemsWithOneMoreArticlePrunesTheOldestByShownDate(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        let n = 5
        // Stored newest first, as a feed lists them; "u" has only an updated date, older than the rest.
        var batch = (1...n).map { dated("p\($0)", published: Self.now - Int64($0) * 3600) }
        batch.append(dated("u", updated: Self.now - 100 * 3600))
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(at: Self.now), articles: batch)
        #expect(try f.store.applyRetention([RetentionPolicy(feedURL: StoreFixture.feedA, keep: nil, keepItems: n)]) == 1)
        #expect(try live(f) == (1...n).map { "p\($0)" })
        // Applying it again changes nothing: exactly N are live.
        #expect(try f.store.applyRetention([RetentionPolicy(feedURL: StoreFixture.feedA, keep: nil, keepItems: n)]) == 0)
    }

    @Test(arguments: StoreBackend.all)
    func keepItemsBreaksTiesInDateByKeepingTheLaterStored(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        let same = Self.now - 3600
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(at: Self.now), articles: [dated("first", published: same)])
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(at: Self.now + 60), articles: [
            dated("second", published: same), dated("first", published: same),
        ])
        let listed = try live(f)
        #expect(listed == ["second", "first"], "headlines lists the later stored first")
        _ = try f.store.applyRetention([RetentionPolicy(feedURL: StoreFixture.feedA, keep: nil, keepItems: 1)])
        #expect(try live(f) == [listed[0]])
    }
}
