import CCurl
import GleanerModel

/// The one key for "the same host", wherever politeness is decided: per-host transfer slots, `host-gap`, and
/// the Retry-After holds the store keeps across processes (its `hosts` table).
///
/// `host` or `host:port`: the host as curl parses it (the parser curl connects with), a non-ASCII name in its
/// IDNA form (`xn--…`, `Punycode.asciiHost(name:)`, as the feed parser writes the hosts of links), lower-cased,
/// an IPv6 literal in brackets, and the port only when it is not the scheme's default. So `https://Example.org:443/a`,
/// `http://example.org/b` and `https://EXAMPLE.org/c` are one host: one server, whatever the scheme.
public struct HostKey: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    /// A key as stored (the store's `hosts` table holds `rawValue`s).
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Nil when curl cannot parse the URL or it names no host.
    public init?(url: String) {
        guard let handle = curl_url() else { return nil }
        defer { curl_url_cleanup(handle) }
        guard curl_url_set(handle, CURLUPART_URL, url, 0) == CURLUE_OK else { return nil }
        guard let host = CurlURL.part(handle, CURLUPART_HOST, flags: 0), !host.isEmpty else { return nil }
        // CURLU_NO_DEFAULT_PORT: no port when it is the scheme's default (80 for http, 443 for https).
        let port = CurlURL.part(handle, CURLUPART_PORT, flags: UInt32(CURLU_NO_DEFAULT_PORT))
        rawValue = Punycode.asciiHost(name: host).lowercased() + (port.map { ":" + $0 } ?? "")
    }

    public var description: String { rawValue }

    /// Whether two URLs have one origin (RFC 6454: scheme, host and port): what a feed's credentials and its
    /// `insecure` may be used for. One host key is not enough: `http://h/` and `https://h/` share a host's
    /// politeness, but a password meant for TLS must not go out in clear text.
    public static func sameOrigin(_ a: String, _ b: String) -> Bool {
        guard let key = HostKey(url: a), key == HostKey(url: b) else { return false }
        return scheme(a) != nil && scheme(a) == scheme(b)
    }

    static func scheme(_ url: String) -> String? {
        guard let handle = curl_url() else { return nil }
        defer { curl_url_cleanup(handle) }
        guard curl_url_set(handle, CURLUPART_URL, url, 0) == CURLUE_OK else { return nil }
        return CurlURL.part(handle, CURLUPART_SCHEME, flags: 0)?.lowercased()
    }
}
