import Foundation
import GleanerFetch
import GleanerTestSupport
import Testing

@Suite("Redirects")
struct RedirectTests {
    @Test("a redirect is followed; 301 and 308 are permanent, 302, 303 and 307 are not",
        arguments: [(301, true), (302, false), (303, false), (307, false), (308, true)])
    func followed(status: Int, permanent: Bool) throws {
        let served = try ServedDirectory(["feed.xml": Array("<rss/>".utf8)])
        let target = served.url("/files/feed.xml")
        let (result, sink) = Fetcher().fetchOne(FetchRequest(url: served.url("/fault/redirect/\(status)?to=\(target)")))

        let response = try #require(result.response)
        #expect(result.isFetched)
        #expect(response.effectiveURL == target)
        #expect(response.redirected)
        #expect(response.permanentRedirect == permanent)
        #expect(sink.bytes == Array("<rss/>".utf8))
        #expect(sink.beginCalls.map(\.effectiveURL) == [target])
        #expect(try served.server.requests().map(\.status) == [status, 200])
    }

    @Test("a chain mixing a permanent and a temporary hop is not permanent")
    func mixedChain() throws {
        let served = try ServedDirectory(["feed.xml": Array("<rss/>".utf8)])
        let target = served.url("/files/feed.xml")
        let hop = served.url("/fault/redirect/302?to=\(target)")
        let encoded = hop.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let (result, _) = Fetcher().fetchOne(FetchRequest(url: served.url("/fault/redirect/301?to=\(encoded)")))
        #expect(result.response?.effectiveURL == target)
        #expect(result.response?.redirected == true)
        #expect(result.response?.permanentRedirect == false)
    }

    @Test("a redirect to file:///etc/passwd is refused as .redirect and nothing is read")
    func fileSchemeRefused() throws {
        let served = try ServedDirectory()
        let (result, sink) = Fetcher().fetchOne(
            FetchRequest(url: served.url("/fault/redirect/302?to=file:///etc/passwd")))
        let error = try #require(result.error)
        #expect(error.kind == .redirect)
        #expect(error.description.contains("file:///etc/passwd"))
        #expect(sink.beginCalls.isEmpty && sink.bytes.isEmpty)
    }

    @Test("a redirect loop stops after maxRedirects as .redirect")
    func loop() throws {
        let served = try ServedDirectory()
        let (result, sink) = Fetcher().fetchOne(FetchRequest(url: served.url("/fault/loop"), maxRedirects: 3))
        let error = try #require(result.error)
        #expect(error.kind == .redirect)
        #expect(error.description == "too many redirects (more than 3)")
        #expect(sink.bytes.isEmpty)
        #expect(try served.server.requests().count == 4)
    }

    @Test("a redirect to a missing page reports the final 404")
    func redirectToError() throws {
        let served = try ServedDirectory()
        let (result, _) = Fetcher().fetchOne(
            FetchRequest(url: served.url("/fault/redirect/301?to=/fault/status/404")))
        let error = try #require(result.error)
        #expect(error.kind == .http)
        #expect(error.status == 404)
    }
}
