import Testing
import GleanerModel

@Suite struct URLUserInfoTests {
    @Test(arguments: [
        ("https://reader:s3cret@example.org/feed.xml", "https://example.org/feed.xml"),
        ("http://u@example.org:8080/a?b=c@d", "http://example.org:8080/a?b=c@d"),
        ("https://example.org/path/with@at", "https://example.org/path/with@at"),
        ("https://example.org", "https://example.org"),
        ("not a url", "not a url"),
        // Inside messages (curl quotes URLs), every URL loses its user info; the text around it stays.
        ("curl: could not reach \"http://a:b@h:1/x\" or <https://c:d@e@h/y>", "curl: could not reach \"http://h:1/x\" or <https://h/y>"),
        ("http://alice:s3cr3t@127.0.0.1:80", "http://127.0.0.1:80"),
        ("see http://u:p@h/ then ftp://x:y@z", "see http://h/ then ftp://z"),
        ("نص http://u:p@h/ عربي", "نص http://h/ عربي"),
    ])
    func strips(url: String, expected: String) {
        #expect(URLUserInfo.stripped(url) == expected)
    }
}
