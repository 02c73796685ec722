import GleanerFetch
import Testing

@Suite("FetchError and FetchRequest values")
struct FetchErrorTests {
    @Test("user info is removed from the URL and the message", arguments: [
        ("https://u:p4ss@example.org/feed", "https://example.org/feed"),
        ("https://u@example.org/feed", "https://example.org/feed"),
        ("https://example.org/a@b:c", "https://example.org/a@b:c"),
        ("http://a:b@h/x and http://c:d@h/y", "http://h/x and http://h/y"),
        ("not a url", "not a url"),
    ])
    func redaction(input: String, expected: String) {
        let error = FetchError(kind: .other, url: input, message: "failed: \(input)")
        #expect(error.url == expected)
        #expect(error.description == "failed: \(expected)")
    }

    @Test("request defaults match the documented policy")
    func requestDefaults() {
        let request = FetchRequest(url: "https://example.org/feed")
        #expect(request.userAgent == "Gleaner/0.1.0 (+https://github.com/gleaner-rss/gleaner)")
        #expect(request.connectTimeout == 15 && request.timeout == 60)
        #expect(request.lowSpeedLimit == 1 && request.lowSpeedTime == 30)
        #expect(request.maxBodyBytes == 16 << 20 && request.maxRedirects == 5)
        #expect(request.etag == nil && request.lastModified == nil)
    }
}
