import CCurl

/// URL facts read with curl's own parser, so the fetcher agrees with curl on what a URL's host is.
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
