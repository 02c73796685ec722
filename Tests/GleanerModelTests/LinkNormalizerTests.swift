import GleanerModel
import Testing

@Suite struct LinkNormalizerTests {
    @Test(arguments: [
        ("HTTPS://Example.ORG/a", "https://example.org/a"),
        ("http://example.org:80/a", "http://example.org/a"),
        ("https://example.org:443/a", "https://example.org/a"),
        ("https://example.org:8443/a", "https://example.org:8443/a"),
        ("https://example.org", "https://example.org/"),
        ("https://example.org/a#comments", "https://example.org/a"),
        ("https://example.org/a?utm_source=x&utm_medium=rss&p=1", "https://example.org/a?p=1"),
        ("https://example.org/a?fbclid=1&gclid=2", "https://example.org/a"),
        ("https://example.org/أخبار", "https://example.org/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1"),
        ("https://example.org/%d8%a3%d8%ae%d8%a8%d8%a7%d8%b1", "https://example.org/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1"),
        ("https://example.org/%7Euser/%41", "https://example.org/~user/A"),
        ("https://example.org/a%2Fb", "https://example.org/a%2Fb"),
        ("  https://example.org/a  ", "https://example.org/a"),
    ])
    func normalizes(_ input: String, _ expected: String) {
        #expect(LinkNormalizer.normalize(input) == expected)
    }

    @Test func httpAndHttpsStayDistinct() {
        #expect(LinkNormalizer.normalize("http://example.org/a") != LinkNormalizer.normalize("https://example.org/a"))
    }
}
