import GleanerModel

/// Why a fetch failed, with enough context to log and to choose a back-off, and never a password.
public struct FetchError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case dns, connect, timeout, tls, http, tooLarge, redirect, protocolError, aborted, other
        /// Not started: its host asked to wait (Retry-After; `HostPoliteness`).
        case heldBack
    }

    public var kind: Kind
    /// The requested URL, without its user info (`URLUserInfo.stripped`).
    public var url: String
    /// The final HTTP status, when a response arrived.
    public var status: Int?
    /// A human sentence: "HTTP 404 Not Found", "connection refused (127.0.0.1:1)", "body larger than 16 MiB".
    public var message: String
    public var retryAfter: String?

    public init(kind: Kind, url: String, status: Int? = nil, message: String, retryAfter: String? = nil) {
        self.kind = kind
        self.url = URLUserInfo.stripped(url)
        self.status = status
        self.message = URLUserInfo.stripped(message)
        self.retryAfter = retryAfter
    }

    public var description: String { message }
}
