/// What the final response of a fetch said, after any redirects.
public struct FetchResponse: Sendable {
    public var status: Int
    /// The final response's validators. A 304 may omit them: keep the ones sent when these are nil.
    public var etag: String?
    public var lastModified: String?
    public var contentType: String?
    /// The URL of the final response (after redirects).
    public var effectiveURL: String
    /// Decompressed bytes delivered to the sink.
    public var bodyBytes: Int
    /// At least one redirect was followed.
    public var redirected: Bool
    /// Every redirect followed was permanent (301 or 308), so the feed's stored URL may move to `effectiveURL`.
    /// A chain mixing temporary and permanent hops is not permanent: the first URL may point elsewhere tomorrow.
    public var permanentRedirect: Bool
    public var retryAfter: String?
    /// Caching headers of the final response, verbatim: the scheduler honours `max-age` and `Expires`.
    public var cacheControl: String?
    public var expires: String?
    /// Seconds from the transfer's start (once it got a connection slot) to its end.
    public var elapsed: Double

    public init(
        status: Int, etag: String? = nil, lastModified: String? = nil, contentType: String? = nil,
        effectiveURL: String, bodyBytes: Int = 0, redirected: Bool = false, permanentRedirect: Bool = false,
        retryAfter: String? = nil, cacheControl: String? = nil, expires: String? = nil, elapsed: Double = 0
    ) {
        self.status = status
        self.etag = etag
        self.lastModified = lastModified
        self.contentType = contentType
        self.effectiveURL = effectiveURL
        self.bodyBytes = bodyBytes
        self.redirected = redirected
        self.permanentRedirect = permanentRedirect
        self.retryAfter = retryAfter
        self.cacheControl = cacheControl
        self.expires = expires
        self.elapsed = elapsed
    }
}
