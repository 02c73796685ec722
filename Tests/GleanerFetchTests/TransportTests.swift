import Foundation
import GleanerFetch
import GleanerModel
import GleanerTestSupport
import Testing

@Suite("TLS, authentication, encodings")
struct TransportTests {
    @Test("a self-signed certificate fails as .tls; insecure skips verification")
    func selfSignedCertificate() throws {
        let dir = try TemporaryDirectory("gleaner-tls")
        try dir.write("feed.xml", "<rss version=\"2.0\"><channel><title>t</title></channel></rss>")
        let server = try TestHTTPServer(root: dir.path, tls: true)
        #expect(server.url("/files/feed.xml").hasPrefix("https://127.0.0.1:"))
        let fetcher = Fetcher()

        let verified = fetcher.fetchOne(FetchRequest(url: server.url("/files/feed.xml")))
        #expect(verified.result.error?.kind == .tls, "\(String(describing: verified.result.error))")
        #expect(verified.sink.bytes.isEmpty)

        var request = FetchRequest(url: server.url("/files/feed.xml"))
        request.insecure = true
        let insecure = fetcher.fetchOne(request)
        #expect(insecure.result.isFetched, "\(String(describing: insecure.result.error))")
        #expect(insecure.sink.bytes.count > 0)
    }

    @Test("basic auth: credentials from the request or the URL's user info; wrong ones are a 401")
    func basicAuth() throws {
        let served = try ServedDirectory()
        let path = "/fault/auth?user=bob&password=s3cr%C3%A9t"
        let fetcher = Fetcher()

        var request = FetchRequest(url: served.url(path))
        request.username = "bob"
        request.password = "s3crét"
        #expect(fetcher.fetchOne(request).result.isFetched)

        let inURL = served.url(path).replacingOccurrences(of: "://", with: "://bob:s3cr%C3%A9t@")
        #expect(fetcher.fetchOne(FetchRequest(url: inURL)).result.isFetched)

        request.password = "wrong"
        let refused = fetcher.fetchOne(request).result
        #expect(refused.error?.status == 401)
        let text = refused.error?.description ?? ""
        #expect(!text.contains("wrong"))

        let anonymous = fetcher.fetchOne(FetchRequest(url: served.url(path))).result
        #expect(anonymous.error?.status == 401)
    }

    @Test("Accept-Encoding offers every coding this libcurl decodes")
    func acceptEncoding() throws {
        let served = try ServedDirectory(["feed.xml": Array("<rss/>".utf8)])
        _ = Fetcher().fetchOne(FetchRequest(url: served.url("/files/feed.xml")))
        let sent = try #require(try served.server.requests().first?.headers["accept-encoding"])
        let offered = Set(sent.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        #expect(Set(Fetcher.supportedEncodings) == offered, "sent \(sent)")
        #expect(offered.contains("gzip") && offered.contains("deflate"))
        // Debian's libcurl 7.88 is built with brotli and zstd.
        #expect(offered.contains("br") && offered.contains("zstd"))
    }

    static let now: Int64 = 1_764_400_000
    static let retryCases: [(String, Int64?)] = [
        ("120", now + 120),
        (" 0 ", now),
        ("Sun, 06 Nov 1994 08:49:37 GMT", now),  // in the past: now
        ("Sunday, 06-Nov-94 08:49:37 GMT", now),  // RFC 850, in the past
        ("soon", nil),
        ("604800", now + 86_400),  // a week asked, capped at a day
        ("99999999999", now + 86_400),
        ("9223372036854775808999", now + 86_400),  // beyond Int64: the cap, not a trap
        ("-5", nil),
        ("Sun, 29 Nov 2026 07:06:40 GMT", now + 86_400),  // a year ahead
        ("Fri, 01 Jan 2100 00:00:00 GMT", now + 86_400),
    ]

    @Test("Retry-After as seconds or as an HTTP date, capped, and garbage refused", arguments: retryCases)
    func retryAfter(value: String, expected: Int64?) {
        #expect(FetchURL.retryAfter(value, now: Timestamp(seconds: Self.now))?.seconds == expected)
    }

    @Test("an HTTP-date Retry-After in the future is honoured to the second")
    func retryAfterDate() {
        let now = Timestamp(seconds: 1_764_400_000)  // 2025-11-29T07:06:40Z
        #expect(FetchURL.retryAfter("Sat, 29 Nov 2025 08:00:00 GMT", now: now)?.rfc3339 == "2025-11-29T08:00:00Z")
    }

    @Test("host keys are lower case host[:port], the default port omitted; printed URLs lose their user info",
          arguments: [
            ("https://User:pw@Example.ORG/feed", "example.org", "https://Example.ORG/feed"),
            ("http://example.org:80/x", "example.org", "http://example.org:80/x"),
            ("http://127.0.0.1:8080/x?a=b@c", "127.0.0.1:8080", "http://127.0.0.1:8080/x?a=b@c"),
            ("https://example.org:8443/", "example.org:8443", "https://example.org:8443/"),
          ])
    func urlFacts(url: String, host: String, display: String) {
        #expect(HostKey(url: url)?.rawValue == host)
        #expect(URLUserInfo.stripped(url) == display)
    }
}
