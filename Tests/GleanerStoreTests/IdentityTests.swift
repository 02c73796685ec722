import GleanerModel
import GleanerStore
import Testing

@Suite struct IdentityTests {
    @Test(arguments: StoreBackend.all)
    func withoutAnIdTheLinkIsTheKey(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        let a = article(nil, title: "t", link: "https://example.org/post")
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(), articles: [a])
        #expect(try f.store.headlines(HeadlineQuery()).first?.key == "link:https://example.org/post")
        var retitled = a
        retitled.title = "t2"
        #expect(try f.store.record(feedURL: StoreFixture.feedA, fetch: success(), articles: [retitled])
                == StoreOutcome(new: 0, updated: 1, unchanged: 0))
    }

    @Test(arguments: StoreBackend.all)
    func withNeitherIdNorLinkTheHashIsTheKey(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        let a = article(nil, title: "Only a title", published: 1_700_000_000)
        let b = article("   ", title: "Blank guid", published: 1_700_000_000)
        #expect(try f.store.record(feedURL: StoreFixture.feedA, fetch: success(), articles: [a, b]).new == 2)
        let keys = try f.store.headlines(HeadlineQuery()).map(\.key)
        #expect(keys.allSatisfy { $0.hasPrefix("hash:") })
        #expect(Set(keys).count == 2)
        #expect(Set(keys) == [ArticleKey(a).description, ArticleKey(b).description])
        #expect(try f.store.record(feedURL: StoreFixture.feedA, fetch: success(), articles: [a, b]).unchanged == 2)
    }

    @Test(arguments: StoreBackend.all)
    func theSameGuidInTwoFeedsIsTwoArticles(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        #expect(try f.store.record(feedURL: StoreFixture.feedA, fetch: success(), articles: [article("g")]).new == 1)
        #expect(try f.store.record(feedURL: StoreFixture.feedB, fetch: success(), articles: [article("g")]).new == 1)
        let h = try f.store.headlines(HeadlineQuery())
        #expect(h.count == 2)
        #expect(Set(h.map(\.feedURL)) == [StoreFixture.feedA, StoreFixture.feedB])
    }

    @Test(arguments: StoreBackend.all)
    func anIdThatEqualsAnotherArticlesLinkDoesNotCollide(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        let byID = article("https://example.org/1", title: "by id")
        let byLink = article(nil, title: "by link", link: "https://example.org/1")
        #expect(try f.store.record(feedURL: StoreFixture.feedA, fetch: success(), articles: [byID, byLink]).new == 2)
    }
}
