import GleanerModel
import GleanerStore
import Testing

@Suite struct RecordTests {
    @Test(arguments: StoreBackend.all)
    func recordingTheSameArticlesTwiceAddsNothing(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        let batch = [article("3"), article("2"), article("1")]
        #expect(try f.store.record(feedURL: StoreFixture.feedA, fetch: success(), articles: batch)
                == StoreOutcome(new: 3, updated: 0, unchanged: 0))
        let before = try f.store.headlines(HeadlineQuery())
        #expect(try f.store.record(feedURL: StoreFixture.feedA, fetch: success(at: 1_700_000_600), articles: batch)
                == StoreOutcome(new: 0, updated: 0, unchanged: 3))
        #expect(try f.store.headlines(HeadlineQuery()) == before)
        #expect(try f.store.feed(url: StoreFixture.feedA)?.articleCount == 3)
    }

    @Test(arguments: StoreBackend.all)
    func theFeedsFirstItemGetsTheLargestSeq(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        // No dates: headlines fall back to fetched (equal) then seq, i.e. document order.
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(),
                               articles: [article("newest"), article("middle"), article("oldest")])
        let h = try f.store.headlines(HeadlineQuery())
        #expect(h.map(\.id) == ["newest", "middle", "oldest"])
        #expect(h[0].seq > h[1].seq && h[1].seq > h[2].seq)
    }

    @Test(arguments: StoreBackend.all)
    func aChangedArticleIsUpdatedInPlaceKeepingItsSeqAndFetchedTime(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(at: 1000),
                               articles: [article("2"), article("1")])
        let before = try #require(try f.store.headlines(HeadlineQuery()).first { $0.id == "1" })

        var edited = article("1")
        edited.title = "Title 1 (corrected)"
        let outcome = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(at: 2000),
                                         articles: [article("2"), edited])
        #expect(outcome == StoreOutcome(new: 0, updated: 1, unchanged: 1))

        let after = try #require(try f.store.headlines(HeadlineQuery()).first { $0.id == "1" })
        #expect(after.seq == before.seq)
        #expect(after.title == "Title 1 (corrected)")
        #expect(after.fetched == before.fetched)
        #expect(try f.store.feed(url: StoreFixture.feedA)?.articleCount == 2)

        // Storing the edited version again is "unchanged": no rewrite loop.
        #expect(try f.store.record(feedURL: StoreFixture.feedA, fetch: success(at: 3000),
                                   articles: [article("2"), edited]).unchanged == 2)
    }

    @Test(arguments: StoreBackend.all, [
        "summary", "content", "link", "published", "updated", "enclosure",
    ])
    func eachComparedFieldCountsAsAChange(_ backend: StoreBackend, field: String) throws {
        let f = try StoreFixture(backend)
        var a = article("x", link: "https://example.org/x", published: 100)
        a.summary = "s"
        a.content = "c"
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(), articles: [a])
        switch field {
        case "summary": a.summary = "s2"
        case "content": a.content = nil
        case "link": a.link = "https://example.org/y"
        case "published": a.published = Timestamp(seconds: 101)
        case "updated": a.updated = Timestamp(seconds: 5)
        default: a.enclosures = [Enclosure(url: "https://example.org/x.mp3", type: "audio/mpeg", length: 1)]
        }
        #expect(try f.store.record(feedURL: StoreFixture.feedA, fetch: success(), articles: [a]).updated == 1)
    }

    @Test(arguments: StoreBackend.all)
    func categoriesAloneDoNotRewriteAnArticle(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        var a = article("x")
        a.categories = ["one"]
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(), articles: [a])
        a.categories = ["two", "one"]
        #expect(try f.store.record(feedURL: StoreFixture.feedA, fetch: success(), articles: [a]).unchanged == 1)
    }

    @Test(arguments: StoreBackend.all)
    func aNewArticleGetsASeqAboveAllPrevious(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(), articles: [article("1"), article("2")])
        _ = try f.store.record(feedURL: StoreFixture.feedB, fetch: success(), articles: [article("b1")])
        let maxBefore = try #require(try f.store.headlines(HeadlineQuery()).map(\.seq).max())

        let outcome = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(),
                                         articles: [article("3"), article("1"), article("2")])
        #expect(outcome == StoreOutcome(new: 1, updated: 0, unchanged: 2))
        let new = try #require(try f.store.headlines(HeadlineQuery()).first { $0.id == "3" })
        #expect(new.seq > maxBefore)
    }

    @Test(arguments: StoreBackend.all)
    func aKeyRepeatedWithinOneBatchKeepsTheFirstOccurrence(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        let outcome = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(), articles: [
            article("dup", title: "first"), article("other"), article("dup", title: "second"),
        ])
        #expect(outcome == StoreOutcome(new: 2, updated: 0, unchanged: 1))
        let h = try f.store.headlines(HeadlineQuery(feed: StoreFixture.feedA))
        #expect(h.count == 2)
        #expect(h.first { $0.id == "dup" }?.title == "first")
    }

    @Test(arguments: StoreBackend.all)
    func anEmptyBatchOnlyUpdatesTheFeed(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        #expect(try f.store.record(feedURL: StoreFixture.feedA,
                                   fetch: success(status: 304, result: "not modified"), articles: [])
                == StoreOutcome())
        let feed = try #require(try f.store.feed(url: StoreFixture.feedA))
        #expect(feed.lastResult == "not modified")
        #expect(feed.lastStatus == 304)
        #expect(feed.articleCount == 0)
    }

    @Test(arguments: StoreBackend.all)
    func recordingForAnUnknownFeedFails(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        let url = "https://unknown.example/feed"
        #expect(throws: StoreError.unknownFeed(path: f.location, url: url)) {
            try f.store.record(feedURL: url, fetch: success(), articles: [article("1")])
        }
    }

    @Test(arguments: StoreBackend.all)
    func arabicTextRoundTripsByteForByte(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        let title = "مرحبًا بالعالم — «تجربة» ١٢٣ \u{200F}"
        let link = "https://example.org/مقال?ق=١"
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(title: "مدونة"),
                               articles: [article("ع-1", title: title, link: link)])
        let h = try #require(try f.store.headlines(HeadlineQuery()).first)
        #expect(Array(try #require(h.title).utf8) == Array(title.utf8))
        #expect(Array(try #require(h.link).utf8) == Array(link.utf8))
        #expect(h.id == "ع-1")
        #expect(h.key == "id:ع-1")
        #expect(try f.store.feed(url: StoreFixture.feedA)?.title == "مدونة")
        // And survives reopening the file.
        #expect(try f.reopen(readOnly: true).headlines(HeadlineQuery()).first?.title == title)
    }

    @Test(arguments: StoreBackend.all)
    func emptyAndNULContainingStringsAreKeptExactly(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(),
                               articles: [article("1", title: ""), article("2", title: "a\u{0}b")])
        let h = try f.store.headlines(HeadlineQuery())
        #expect(h.first { $0.id == "1" }?.title == "")
        #expect(h.first { $0.id == "2" }?.title == "a\u{0}b")
    }
}
