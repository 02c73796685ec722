/// One conditional GET of a feed, with the limits that keep a hostile or broken server from costing more than
/// a bounded amount of time and memory.
public struct FetchRequest: Sendable {
    /// The identity Gleaner announces: a contact URL lets publishers reach us instead of blocking us.
    public static let defaultUserAgent = "Gleaner/\(gleanerVersion) (+https://github.com/gleaner-rss/gleaner)"

    public var url: String
    /// Sent verbatim as `If-None-Match`. A value holding CR or LF is not sent (it would inject a header).
    public var etag: String?
    /// Sent verbatim as `If-Modified-Since`, independently of `etag` (servers differ in which one they honour).
    public var lastModified: String?
    public var userAgent: String
    /// Seconds allowed for DNS, TCP and TLS together. Zero or less: curl's default (300 s).
    public var connectTimeout: Double
    /// Seconds allowed for the whole transfer, redirects included. Zero or less: no limit.
    public var timeout: Double
    /// A transfer slower than `lowSpeedLimit` bytes/s for `lowSpeedTime` seconds is cut (a trickling server
    /// would otherwise hold a connection slot until `timeout`). Zero for either disables the check.
    public var lowSpeedLimit: Int
    public var lowSpeedTime: Int
    /// Cap on the *decompressed* bytes delivered to the sink: a gzip bomb is small on the wire.
    public var maxBodyBytes: Int
    public var maxRedirects: Int
    /// HTTP basic authentication (a `user=`/`password-file=` feed). Credentials in the URL's user info work
    /// too (curl reads them). curl sends them only to the original host, never to a redirect's other host.
    public var username: String?
    public var password: String?
    /// TLS certificate and host name verification off: only for a feed whose line says `insecure=yes`.
    public var insecure: Bool = false

    public init(
        url: String,
        etag: String? = nil,
        lastModified: String? = nil,
        userAgent: String = FetchRequest.defaultUserAgent,
        connectTimeout: Double = 15,
        timeout: Double = 60,
        lowSpeedLimit: Int = 1,
        lowSpeedTime: Int = 30,
        maxBodyBytes: Int = 16 << 20,
        maxRedirects: Int = 5
    ) {
        self.url = url
        self.etag = etag
        self.lastModified = lastModified
        self.userAgent = userAgent
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.lowSpeedLimit = lowSpeedLimit
        self.lowSpeedTime = lowSpeedTime
        self.maxBodyBytes = maxBodyBytes
        self.maxRedirects = maxRedirects
        self.username = nil
        self.password = nil
    }
}
