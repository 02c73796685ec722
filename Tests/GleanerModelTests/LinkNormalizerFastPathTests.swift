@testable import GleanerModel
import Testing

/// `LinkNormalizer.normalize` returns a link unchanged without parsing it when `isAlreadyNormal` says so:
/// that must only ever happen when the full normalisation would also leave it unchanged.
@Suite struct LinkNormalizerFastPathTests {
    static let links = [
        "https://feed1.example.org/posts/1", "http://example.com/", "https://example.com/a/b.html",
        "https://user@example.com/x", "https://example.com:443/x", "http://example.com:80/x", "https://example.com:8443/x",
        "HTTPS://example.com/x", "https://Example.com/x", "https://example.com/X", "https://example.com",
        "https://example.com/a?b=1", "https://example.com/a#frag", "https://example.com/%7Euser", "https://example.com/a b",
        " https://example.com/a", "https://example.com/a\t", "example.com/a", "/relative/path", "mailto:someone@example.com",
        "://example.com/a", "a://b/c", "https://[::1]/x", "https://example.com/\u{623}", "https://example.com/\"q\"",
        "https://example.com/<x>", "h+t-t.p://example.com/x", "https:/example.com/x", "https:example.com/x", "",
        "https://", "https:///x", "urn:isbn:123",
    ]

    @Test func theFastPathAgreesWithTheFullNormalisation() {
        for link in Self.links where LinkNormalizer.isAlreadyNormal(link) {
            #expect(LinkNormalizer.normalizeBytes(link) == link, "\(link)")
        }
        for link in Self.links {
            #expect(LinkNormalizer.normalize(link) == LinkNormalizer.normalizeBytes(link), "\(link)")
        }
        #expect(LinkNormalizer.isAlreadyNormal("https://feed1.example.org/posts/1"))
        #expect(!LinkNormalizer.isAlreadyNormal("https://Example.com/x"))
    }
}
