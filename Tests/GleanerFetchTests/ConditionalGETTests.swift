import Foundation
import GleanerFetch
import GleanerTestSupport
import Testing

@Suite("Conditional GET")
struct ConditionalGETTests {
    @Test("the second fetch sends ETag and Last-Modified verbatim and gets 304 with nothing delivered")
    func secondFetchNotModified() throws {
        let served = try ServedDirectory(["feed.xml": Array("<rss><channel/></rss>".utf8)])
        let fetcher = Fetcher()
        let first = fetcher.fetchOne(FetchRequest(url: served.url("/files/feed.xml")))
        let etag = try #require(first.result.response?.etag)
        let lastModified = try #require(first.result.response?.lastModified)

        let second = fetcher.fetchOne(
            FetchRequest(url: served.url("/files/feed.xml"), etag: etag, lastModified: lastModified))

        #expect(second.result.isNotModified)
        #expect(second.result.response?.status == 304)
        #expect(second.result.response?.bodyBytes == 0)
        #expect(second.sink.beginCalls.isEmpty && second.sink.bytes.isEmpty)
        let logged = try served.server.requests()
        #expect(logged.count == 2)
        #expect(logged.last?.headers["if-none-match"] == etag)
        #expect(logged.last?.headers["if-modified-since"] == lastModified)
        #expect(logged.map(\.status) == [200, 304])
    }

    @Test("a feed rewritten between polls is fetched again with new validators")
    func changedFeedRefetched() throws {
        let served = try ServedDirectory(["feed.xml": Array("<rss>one</rss>".utf8)])
        let fetcher = Fetcher()
        let first = try #require(fetcher.fetchOne(FetchRequest(url: served.url("/files/feed.xml"))).result.response)
        try served.write("feed.xml", Array("<rss>two, longer</rss>".utf8))

        let second = fetcher.fetchOne(
            FetchRequest(url: served.url("/files/feed.xml"), etag: first.etag, lastModified: first.lastModified))

        #expect(second.result.isFetched)
        #expect(second.sink.bytes == Array("<rss>two, longer</rss>".utf8))
        #expect(second.result.response?.etag != first.etag)
    }

    @Test("Last-Modified alone is sent without an If-None-Match")
    func lastModifiedOnly() throws {
        let served = try ServedDirectory(["feed.xml": Array("<rss/>".utf8)])
        let fetcher = Fetcher()
        let first = try #require(fetcher.fetchOne(FetchRequest(url: served.url("/files/feed.xml"))).result.response)

        let second = fetcher.fetchOne(
            FetchRequest(url: served.url("/files/feed.xml"), lastModified: first.lastModified))

        #expect(second.result.isNotModified)
        let last = try #require(try served.server.requests().last)
        #expect(last.headers["if-modified-since"] == first.lastModified)
        #expect(last.headers["if-none-match"] == nil)
    }

    @Test("a 304 carrying a new ETag reports it")
    func newETagOn304() throws {
        let served = try ServedDirectory()
        let fetcher = Fetcher()
        let first = fetcher.fetchOne(FetchRequest(url: served.url("/fault/etag-on-304")))
        #expect(first.result.response?.etag == "\"v1\"")

        let second = fetcher.fetchOne(FetchRequest(url: served.url("/fault/etag-on-304"), etag: "\"v1\""))
        #expect(second.result.isNotModified)
        #expect(second.result.response?.etag == "\"v2\"")
    }

    @Test("a server that ignores validators answers 200, and that is what we report")
    func validatorsIgnored() throws {
        let served = try ServedDirectory()
        let (result, sink) = Fetcher().fetchOne(
            FetchRequest(url: served.url("/fault/ignore-validators"), etag: "\"fixed\"",
                lastModified: "Mon, 01 Jan 2024 00:00:00 GMT"))
        #expect(result.isFetched)
        #expect(result.response?.etag == "\"fixed\"")
        #expect(!sink.bytes.isEmpty)
    }

    @Test("a stored validator holding a line break is not sent (it would inject a header)")
    func headerInjectionRefused() throws {
        let served = try ServedDirectory(["feed.xml": Array("<rss/>".utf8)])
        let (result, _) = Fetcher().fetchOne(
            FetchRequest(url: served.url("/files/feed.xml"), etag: "\"x\"\r\nX-Injected: 1",
                lastModified: "Mon, 01 Jan 2024 00:00:00 GMT\nX-Injected: 2"))
        #expect(result.isFetched)
        let logged = try #require(try served.server.requests().first)
        #expect(logged.headers["x-injected"] == nil)
        #expect(logged.headers["if-none-match"] == nil)
        #expect(logged.headers["if-modified-since"] == nil)
    }
}
