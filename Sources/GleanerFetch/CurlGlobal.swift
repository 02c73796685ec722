import CCurl

/// libcurl's process-wide initialisation. `curl_global_init` must run once before any other curl call and is
/// not safe to race with them on every build, so it sits behind a `static let` (run once, thread-safely) that
/// every `Fetcher` touches before creating handles.
enum CurlGlobal {
    static let isInitialized: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK
}
