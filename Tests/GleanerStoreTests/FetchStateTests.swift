import GleanerModel
import GleanerTestSupport
import GleanerStore
import Testing

@Suite struct FetchStateTests {
    @Test(arguments: StoreBackend.all)
    func successStoresValidatorsAndOutcome(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        let fetch = FetchRecord(attemptedAt: Timestamp(seconds: 1000), status: 200, succeeded: true, result: "2 new",
                                etag: "\"abc\"", lastModified: "Wed, 21 Oct 2015 07:28:00 GMT",
                                effectiveURL: "https://example.org/moved.xml", feedTitle: "Feed A")
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: fetch, articles: [article("1"), article("2")])
        let feed = try #require(try f.store.feed(url: StoreFixture.feedA))
        #expect(feed.etag == "\"abc\"")
        #expect(feed.lastModified == "Wed, 21 Oct 2015 07:28:00 GMT")
        #expect(feed.validatorsSaved == Timestamp(seconds: 1000))
        #expect(feed.lastAttempt == Timestamp(seconds: 1000))
        #expect(feed.lastSuccess == Timestamp(seconds: 1000))
        #expect(feed.lastStatus == 200)
        #expect(feed.lastResult == "2 new")
        #expect(feed.lastError == nil)
        #expect(feed.consecutiveFailures == 0)
        #expect(feed.effectiveURL == "https://example.org/moved.xml")
        #expect(feed.title == "Feed A")
        #expect(feed.articleCount == 2)
    }

    @Test(arguments: StoreBackend.all)
    func failureCountsUpAndKeepsValidatorsTitleAndArticles(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        _ = try f.store.record(feedURL: StoreFixture.feedA,
                               fetch: success(at: 1000, etag: "\"v1\"", lastModified: "LM", title: "Feed A"),
                               articles: [article("1")])
        for (i, t) in [2000, 3000].enumerated() {
            // A failed fetch's articles (if any) are ignored.
            let outcome = try f.store.record(feedURL: StoreFixture.feedA, fetch: failure(at: Int64(t)),
                                             articles: [article("should-not-be-stored")])
            #expect(outcome == StoreOutcome())
            let feed = try #require(try f.store.feed(url: StoreFixture.feedA))
            #expect(feed.consecutiveFailures == i + 1)
            #expect(feed.lastError == "HTTP 503 Service Unavailable")
            #expect(feed.lastResult == "HTTP 503 Service Unavailable")
            #expect(feed.lastStatus == 503)
            #expect(feed.lastAttempt == Timestamp(seconds: Int64(t)))
            #expect(feed.lastSuccess == Timestamp(seconds: 1000))
            #expect(feed.etag == "\"v1\"")
            #expect(feed.lastModified == "LM")
            #expect(feed.validatorsSaved == Timestamp(seconds: 1000))
            #expect(feed.title == "Feed A")
            #expect(feed.articleCount == 1)
        }

        _ = try f.store.record(feedURL: StoreFixture.feedA,
                               fetch: success(at: 4000, status: 304, result: "not modified", etag: "\"v1\"",
                                              lastModified: "LM"),
                               articles: [])
        let feed = try #require(try f.store.feed(url: StoreFixture.feedA))
        #expect(feed.consecutiveFailures == 0)
        #expect(feed.lastError == nil)
        #expect(feed.lastSuccess == Timestamp(seconds: 4000))
        #expect(feed.lastResult == "not modified")
        // Same validators: their save time is unchanged; the title survives a body-less 304.
        #expect(feed.validatorsSaved == Timestamp(seconds: 1000))
        #expect(feed.title == "Feed A")
    }

    @Test(arguments: StoreBackend.all)
    func successWithoutValidatorsClearsThem(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(at: 1000, etag: "\"v1\""), articles: [])
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(at: 2000, etag: "\"v2\""), articles: [])
        #expect(try f.store.feed(url: StoreFixture.feedA)?.validatorsSaved == Timestamp(seconds: 2000))
        _ = try f.store.record(feedURL: StoreFixture.feedA, fetch: success(at: 3000), articles: [])
        let feed = try #require(try f.store.feed(url: StoreFixture.feedA))
        #expect(feed.etag == nil)
        #expect(feed.lastModified == nil)
        #expect(feed.validatorsSaved == nil)
    }

    @Test(arguments: StoreBackend.all)
    func aFailureOnANeverFetchedFeedStartsTheCount(_ backend: StoreBackend) throws {
        let f = try StoreFixture(backend)
        _ = try f.store.record(feedURL: StoreFixture.feedB, fetch: failure(status: nil, error: "DNS: no such host"),
                               articles: [])
        let feed = try #require(try f.store.feed(url: StoreFixture.feedB))
        #expect(feed.consecutiveFailures == 1)
        #expect(feed.lastStatus == nil)
        #expect(feed.lastSuccess == nil)
        #expect(feed.lastError == "DNS: no such host")
    }
}

@Suite struct ScheduleStateTests {
    @Test(arguments: StoreBackend.all)
    func scheduleHintsAndHostRetriesPersist(_ backend: StoreBackend) throws {
        let (opener, keepAlive) = try backend.fresh("gleaner-store")
        defer { withExtendedLifetime(keepAlive) {} }
        do {
            let store = try opener.open(false)
            try store.syncFeeds([(url: "https://a.example/feed", name: nil, tags: [])])
            var fetch = FetchRecord(attemptedAt: Timestamp(seconds: 1_000), status: 200)
            fetch.hints = FeedHints(ttl: 60, updatePeriod: "hourly", updateFrequency: 2, skipHours: [0, 23],
                                    skipDays: ["Sunday"])
            fetch.nextDue = Timestamp(seconds: 4_600)
            fetch.nextDueReason = "ttl"
            _ = try store.record(feedURL: "https://a.example/feed", fetch: fetch, articles: [Article(id: "1")])
            // A 304 carries no document: the hints stay.
            var notModified = FetchRecord(attemptedAt: Timestamp(seconds: 5_000), status: 304, result: "not modified")
            notModified.nextDue = Timestamp(seconds: 8_600)
            notModified.nextDueReason = "interval"
            _ = try store.record(feedURL: "https://a.example/feed", fetch: notModified, articles: [])
            try store.setHostRetry(host: "a.example", until: Timestamp(seconds: 9_000))
            try store.setDisabled(feedURL: "https://a.example/feed",
                                  .gone("410 Gone", fingerprint: "ff", at: Timestamp(seconds: 9_500)))
        }
        let store = try opener.open(true)
        let f = try #require(try store.feed(url: "https://a.example/feed"))
        #expect(f.hints == FeedHints(ttl: 60, updatePeriod: "hourly", updateFrequency: 2, skipHours: [0, 23],
                                     skipDays: ["Sunday"]))
        #expect(f.nextDue == Timestamp(seconds: 8_600) && f.nextDueReason == "interval")
        #expect(f.lastNew == Timestamp(seconds: 1_000))
        #expect(f.disabled == .gone("410 Gone", fingerprint: "ff", at: Timestamp(seconds: 9_500)))
        #expect(try store.hostRetries(after: Timestamp(seconds: 8_999)) == ["a.example": Timestamp(seconds: 9_000)])
        #expect(try store.hostRetries(after: Timestamp(seconds: 9_000)).isEmpty)
    }
}
