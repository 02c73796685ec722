import Foundation
import GleanerFetch
import GleanerTestSupport
import Testing

@Suite("Failures: HTTP statuses, network and protocol errors")
struct HTTPErrorTests {
    @Test("an error status fails as .http with its status, and its body never reaches the sink",
        arguments: [(400, "HTTP 400 Bad Request"), (404, "HTTP 404 Not Found"), (410, "HTTP 410 Gone"),
            (500, "HTTP 500 Internal Server Error"), (599, "HTTP 599")])
    func errorStatus(status: Int, description: String) throws {
        let served = try ServedDirectory()
        let (result, sink) = Fetcher().fetchOne(FetchRequest(url: served.url("/fault/status/\(status)")))
        let error = try #require(result.error)
        #expect(error.kind == .http)
        #expect(error.status == status)
        #expect(error.description == description)
        #expect(error.url == served.url("/fault/status/\(status)"))
        #expect(sink.beginCalls.isEmpty && sink.bytes.isEmpty)
    }

    @Test("Retry-After of a 429 or 503 is reported verbatim", arguments: [
        (429, "120"), (503, "Wed, 21 Oct 2026 07:28:00 GMT"),
    ])
    func retryAfter(status: Int, value: String) throws {
        let served = try ServedDirectory()
        let query = value.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let (result, _) = Fetcher().fetchOne(
            FetchRequest(url: served.url("/fault/status/\(status)?retry_after=\(query)")))
        let error = try #require(result.error)
        #expect(error.kind == .http)
        #expect(error.retryAfter == value)
        #expect(error.description.hasSuffix("(retry after \(value))"))
    }

    // Under the cap the page is drained until the discard limit; over it, the declared length stops it at once.
    @Test("a large error page is discarded, not delivered, and still reported as .http",
        arguments: [16 << 20, 1 << 20])
    func largeErrorPage(maxBodyBytes: Int) throws {
        let served = try ServedDirectory()
        let (result, sink) = Fetcher().fetchOne(
            FetchRequest(url: served.url("/fault/status/500?body_bytes=2000000"), maxBodyBytes: maxBodyBytes))
        let error = try #require(result.error)
        #expect(error.kind == .http)
        #expect(error.status == 500)
        #expect(sink.beginCalls.isEmpty && sink.bytes.isEmpty)
    }

    @Test("a host that does not resolve fails as .dns (RFC 6761: .invalid never resolves)")
    func unresolvable() throws {
        let (result, _) = Fetcher().fetchOne(
            FetchRequest(url: "http://feed.gleaner-test.invalid/rss", connectTimeout: 5))
        let error = try #require(result.error)
        #expect(error.kind == .dns)
        #expect(error.description == "could not resolve host feed.gleaner-test.invalid")
    }

    @Test("a closed port fails as .connect, saying where")
    func connectionRefused() throws {
        let (result, sink) = Fetcher().fetchOne(FetchRequest(url: "http://127.0.0.1:1/feed.xml"))
        let error = try #require(result.error)
        #expect(error.kind == .connect)
        #expect(error.status == nil)
        #expect(error.description == "connection refused (127.0.0.1:1)")
        #expect(sink.beginCalls.isEmpty)
    }

    @Test("a password in the URL appears in neither the error's URL nor its description")
    func passwordRedacted() throws {
        let (result, _) = Fetcher().fetchOne(FetchRequest(url: "http://reader:s3cret@127.0.0.1:1/private.xml"))
        let error = try #require(result.error)
        #expect(error.kind == .connect)
        #expect(error.url == "http://127.0.0.1:1/private.xml")
        #expect(!error.description.contains("s3cret"))
        #expect(!String(describing: error).contains("s3cret"))
    }

    @Test("a body cut short of its Content-Length fails as .protocolError")
    func truncated() throws {
        let served = try ServedDirectory()
        let (result, _) = Fetcher().fetchOne(FetchRequest(url: served.url("/fault/truncated")))
        let error = try #require(result.error)
        #expect(error.kind == .protocolError)
        #expect(error.status == 200)
    }

    @Test("a connection reset before any response fails as .protocolError")
    func reset() throws {
        let served = try ServedDirectory()
        let (result, sink) = Fetcher().fetchOne(FetchRequest(url: served.url("/fault/reset")))
        let error = try #require(result.error)
        #expect(error.kind == .protocolError)
        #expect(error.status == nil)
        #expect(sink.beginCalls.isEmpty)
    }

    @Test("schemes other than http and https are refused before any I/O",
        arguments: ["file:///etc/passwd", "ftp://127.0.0.1/feed.xml", "gopher://127.0.0.1/1"])
    func otherSchemesRefused(url: String) throws {
        let (result, sink) = Fetcher().fetchOne(FetchRequest(url: url))
        let error = try #require(result.error)
        #expect(error.kind == .other)
        #expect(sink.bytes.isEmpty)
    }

    @Test("a malformed URL fails as .other without disturbing the other transfers")
    func malformedURL() throws {
        let served = try ServedDirectory(["a.xml": Array("<rss/>".utf8)])
        let requests: [(FetchRequest, BodySink)] = [
            (FetchRequest(url: "http://[::1"), CollectingSink()),
            (FetchRequest(url: served.url("/files/a.xml")), CollectingSink()),
        ]
        var results: [Int: FetchResult] = [:]
        Fetcher().run(requests) { results[$0] = $1 }
        #expect(results[0]?.error?.kind == .other)
        #expect(results[1]?.isFetched == true)
    }
}
