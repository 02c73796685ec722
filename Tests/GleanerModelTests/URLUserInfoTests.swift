import Testing
import GleanerModel

@Suite struct URLUserInfoTests {
    @Test(arguments: [
        ("https://reader:s3cret@example.org/feed.xml", "https://example.org/feed.xml"),
        ("http://u@example.org:8080/a?b=c@d", "http://example.org:8080/a?b=c@d"),
        ("https://example.org/path/with@at", "https://example.org/path/with@at"),
        ("https://example.org", "https://example.org"),
        ("not a url", "not a url"),
    ])
    func strips(url: String, expected: String) {
        #expect(URLUserInfo.stripped(url) == expected)
    }
}
