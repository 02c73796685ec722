import CCurl

/// URL facts read with curl's own parser, so the fetcher agrees with curl on what a URL's host is.
///
/// Gleaner keeps one URL parser per purpose, and Foundation's `URL` decides nothing:
/// - what is fetched (a host and its port): curl's URL API, here, so that politeness and
///   Retry-After follow exactly what curl will connect to;
/// - links found in documents (feed and entry links, `xml:base`, a page's `<base href>` and announced feeds):
///   `URLResolver` in GleanerParse, which resolves them (RFC 3986) and decides which may leave Gleaner;
/// - what feeds.conf accepts as a feed's URL: `FeedLine.url` in GleanerConfig, which writes every URL into it.
enum CurlURL {
    /// "host:port" in lower case (the default port filled in), or nil when curl cannot parse the URL: where a
    /// connection went, for messages. (Politeness keys hosts by `HostKey`.)
    static func hostAndPort(_ url: String) -> String? {
        guard let handle = curl_url() else { return nil }
        defer { curl_url_cleanup(handle) }
        guard curl_url_set(handle, CURLUPART_URL, url, 0) == CURLUE_OK else { return nil }
        guard let host = part(handle, CURLUPART_HOST, flags: 0) else { return nil }
        let port = part(handle, CURLUPART_PORT, flags: UInt32(CURLU_DEFAULT_PORT)) ?? ""
        return host.lowercased() + ":" + port
    }

    /// The host alone, as curl parsed it (IPv6 literals keep their brackets).
    static func host(_ url: String) -> String? {
        guard let handle = curl_url() else { return nil }
        defer { curl_url_cleanup(handle) }
        guard curl_url_set(handle, CURLUPART_URL, url, 0) == CURLUE_OK else { return nil }
        return part(handle, CURLUPART_HOST, flags: 0)
    }

    static func part(_ handle: OpaquePointer, _ which: CURLUPart, flags: UInt32) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard curl_url_get(handle, which, &value, flags) == CURLUE_OK, let value else { return nil }
        defer { curl_free(value) }
        return String(cString: value)
    }
}
