import Foundation
import GleanerFetch
import GleanerTestSupport
import Testing

@Suite("Fetcher: bodies, headers, concurrency")
struct FetcherTests {
    @Test("a 200 streams the file's exact bytes into the sink, after one begin")
    func streamsBody() throws {
        let feed = try Fixtures.bytes("wordpress-ar.utf-8.xml")
        let served = try ServedDirectory(["feed.xml": feed])
        let (result, sink) = Fetcher().fetchOne(FetchRequest(url: served.url("/files/feed.xml")))

        let response = try #require(result.response)
        #expect(result.isFetched)
        #expect(response.status == 200)
        #expect(response.bodyBytes == feed.count)
        #expect(response.contentType == "application/rss+xml; charset=utf-8")
        #expect(response.effectiveURL == served.url("/files/feed.xml"))
        #expect(response.etag?.hasPrefix("\"") == true)
        #expect(response.lastModified?.hasSuffix("GMT") == true)
        #expect(!response.redirected && !response.permanentRedirect)
        #expect(sink.bytes == feed)
        #expect(sink.beginCalls.count == 1)
        #expect(sink.beginCalls.first?.status == 200)
        #expect(sink.beginCalls.first?.contentType == "application/rss+xml; charset=utf-8")
        #expect(sink.beginCalls.first?.effectiveURL == served.url("/files/feed.xml"))
        #expect(sink.chunksBeforeBegin == 0)
    }

    @Test("a gzip-encoded response reaches the sink decompressed")
    func gzipDecompressed() throws {
        // Large and repetitive, so the compressed body is much smaller and arrives in many pieces.
        let line = Array("<item><title>Same old title, again and again</title></item>\n".utf8)
        let feed = Array((0..<20_000).map { _ in line }.joined())
        let served = try ServedDirectory(["big.xml": feed])
        let (result, sink) = Fetcher().fetchOne(FetchRequest(url: served.url("/files/big.xml")))

        #expect(result.isFetched)
        #expect(result.response?.bodyBytes == feed.count)
        #expect(sink.bytes == feed)
        let logged = try served.server.requests()
        #expect(logged.count == 1)
        #expect(logged.first?.contentEncoding == "gzip")
        #expect(logged.first?.headers["accept-encoding"]?.contains("gzip") == true)
    }

    @Test("an identity-encoded 200 HTML page is fetched as is: deciding it is not a feed is the parser's job")
    func htmlChallengePage() throws {
        let served = try ServedDirectory()
        let (result, sink) = Fetcher().fetchOne(FetchRequest(url: served.url("/fault/html")))
        #expect(result.isFetched)
        #expect(result.response?.contentType == "text/html; charset=utf-8")
        #expect(String(decoding: sink.bytes, as: UTF8.self).contains("Just a moment"))
        #expect(try served.server.requests().first?.contentEncoding == nil)
    }

    @Test("the User-Agent and Accept headers are sent")
    func identifyingHeaders() throws {
        let served = try ServedDirectory(["a.xml": Array("<rss/>".utf8)])
        let fetcher = Fetcher()
        _ = fetcher.fetchOne(FetchRequest(url: served.url("/files/a.xml")))
        _ = fetcher.fetchOne(FetchRequest(url: served.url("/files/a.xml"), userAgent: "Custom/1.0"))

        let logged = try served.server.requests()
        #expect(FetchRequest.defaultUserAgent == "Gleaner/\(gleanerVersion) (+https://github.com/gleaner-rss/gleaner)")
        #expect(gleanerVersion == "0.1.0")
        #expect(logged.map { $0.headers["user-agent"] } == [FetchRequest.defaultUserAgent, "Custom/1.0"])
        #expect(logged.first?.headers["accept"]?.hasPrefix("application/rss+xml, application/atom+xml") == true)
        #expect(logged.allSatisfy { $0.headers["if-none-match"] == nil && $0.headers["if-modified-since"] == nil })
    }

    @Test("50 concurrent requests, some failing, all complete exactly once with their own bodies")
    func manyConcurrent() throws {
        var files: [String: [UInt8]] = [:]
        for i in 0..<45 { files["feed\(i).xml"] = Array("<rss><channel><title>feed \(i)</title></channel></rss>".utf8) }
        let served = try ServedDirectory(files)
        var requests: [(FetchRequest, BodySink)] = []
        var sinks: [CollectingSink] = []
        for i in 0..<50 {
            let path = i < 45 ? "/files/feed\(i).xml" : "/fault/status/404"
            let sink = CollectingSink()
            sinks.append(sink)
            requests.append((FetchRequest(url: served.url(path)), sink))
        }

        var completed: [Int] = []
        var results: [Int: FetchResult] = [:]
        Fetcher(maxTransfers: 16, maxTransfersPerHost: 16).run(requests) { index, result in
            completed.append(index)
            results[index] = result
        }

        #expect(completed.sorted() == Array(0..<50))
        for i in 0..<45 {
            #expect(results[i]?.isFetched == true)
            #expect(sinks[i].bytes == files["feed\(i).xml"])
        }
        for i in 45..<50 {
            #expect(results[i]?.error?.status == 404)
            #expect(sinks[i].bytes.isEmpty)
        }
        #expect(try served.server.requests().count == 50)
    }

    @Test("no more than maxTransfersPerHost transfers to one host are in flight at once")
    func perHostLimit() throws {
        let served = try ServedDirectory()
        let gauge = InFlightGauge()
        let requests: [(FetchRequest, BodySink)] = (0..<8).map { _ in
            (FetchRequest(url: served.url("/fault/slow?bytes_per_sec=40&bytes=4")), gauge.sink())
        }
        var done = 0
        Fetcher(maxTransfers: 16, maxTransfersPerHost: 2).run(requests) { _, result in
            #expect(result.isFetched)
            gauge.ended()
            done += 1
        }
        #expect(done == 8)
        // Eight slow transfers to one host overlap up to the limit, never beyond it.
        #expect(gauge.peak == 2)
    }

    @Test("an empty request list returns at once")
    func emptyRun() {
        var calls = 0
        Fetcher().run([]) { _, _ in calls += 1 }
        #expect(calls == 0)
    }
}
