import CCurl
import CShims
#if canImport(Glibc)
import Glibc
#endif

/// One fetch in flight: the owner of a curl easy handle and of everything the handle points to (header list,
/// error buffer, sink), freed together in `deinit`. curl's callbacks find their `Transfer` through the unretained
/// pointer passed as WRITEDATA/HEADERDATA; `Fetcher` keeps the object alive while the handle is in its multi.
final class Transfer {
    /// Sent with every request: feeds first, then generic XML, then anything (some servers 406 a strict Accept).
    static let acceptHeader =
        "Accept: application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, "
        + "text/xml;q=0.9, */*;q=0.8"

    /// Bytes of a non-2xx body read and thrown away to keep the connection reusable; beyond this, hang up.
    static let discardLimit = 256 << 10

    let index: Int
    let request: FetchRequest
    let hostKey: HostKey?
    let handle: UnsafeMutableRawPointer  // CURL *
    private let sink: BodySink
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>

    // State of the response being received; curl reports every response of a redirect chain in turn.
    private var status = 0
    private var inHeaders = false
    private var began = false
    private(set) var deliveredBytes = 0
    private var discardedBytes = 0
    private var overBodyLimit = false
    private var overDiscardLimit = false
    /// The final (non-1xx) status of each response so far, redirects first.
    private var statuses: [Int] = []

    /// Nil when curl cannot allocate a handle.
    init?(index: Int, request: FetchRequest, sink: BodySink, hostKey: HostKey?) {
        guard let handle = curl_easy_init() else { return nil }
        self.handle = handle
        self.index = index
        self.request = request
        self.sink = sink
        self.hostKey = hostKey
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        // The handle goes first: it may still point at the header list and the error buffer.
        curl_easy_cleanup(handle)
        curl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    /// Applies the request's options; an error means the transfer cannot start (e.g. a libcurl without an option).
    func configure() -> FetchError? {
        var failure: (option: String, code: CURLcode)?
        func check(_ name: String, _ code: CURLcode) {
            if failure == nil, code != CURLE_OK { failure = (name, code) }
        }
        func set(_ name: String, _ option: CURLoption, _ value: Int) {
            check(name, gleaner_curl_easy_setopt_long(handle, option, value))
        }
        func set(_ name: String, _ option: CURLoption, _ value: String) {
            check(name, gleaner_curl_easy_setopt_string(handle, option, value))  // curl copies strings
        }

        check("ERRORBUFFER", gleaner_curl_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer))
        // curl opens its sockets without close-on-exec: an on-new hook started meanwhile would inherit the
        // connections (HookRunner also closes everything above 2 in the child; this covers any other exec).
        check("OPENSOCKETFUNCTION", gleaner_curl_easy_setopt_opensocket_callback(handle) { _, _, address in
            guard let a = address?.pointee else { return -1 /* CURL_SOCKET_BAD */ }
            return socket(a.family, a.socktype | Int32(SOCK_CLOEXEC.rawValue), a.protocol)
        })
        set("URL", CURLOPT_URL, request.url)
        // Signals would interrupt the daemon's other threads; the threaded resolver times out without them.
        set("NOSIGNAL", CURLOPT_NOSIGNAL, 1)
        set("FOLLOWLOCATION", CURLOPT_FOLLOWLOCATION, 1)
        set("MAXREDIRS", CURLOPT_MAXREDIRS, max(0, request.maxRedirects))
        // A feed URL (or a redirect) must not reach file://, gopher:// or dict:// through curl's other protocols.
        set("PROTOCOLS_STR", CURLOPT_PROTOCOLS_STR, "http,https")
        set("REDIR_PROTOCOLS_STR", CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        // "" offers every encoding this libcurl decodes (gzip, deflate, br, zstd here); bodies arrive decoded.
        set("ACCEPT_ENCODING", CURLOPT_ACCEPT_ENCODING, "")
        set("CONNECTTIMEOUT_MS", CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(request.connectTimeout))
        set("TIMEOUT_MS", CURLOPT_TIMEOUT_MS, Self.milliseconds(request.timeout))
        set("LOW_SPEED_LIMIT", CURLOPT_LOW_SPEED_LIMIT, max(0, request.lowSpeedLimit))
        set("LOW_SPEED_TIME", CURLOPT_LOW_SPEED_TIME, max(0, request.lowSpeedTime))
        set("USERAGENT", CURLOPT_USERAGENT, request.userAgent)
        // A proxy's "200 Connection established" must not look like the feed's own 200 to the header callback.
        set("SUPPRESS_CONNECT_HEADERS", CURLOPT_SUPPRESS_CONNECT_HEADERS, 1)
        // HTTP/2 over TLS when the server offers it (ALPN), multiplexed on a connection already open to the host
        // rather than opening another (PIPEWAIT). Plain http stays HTTP/1.1, and there PIPEWAIT would make
        // curl queue a host's transfers behind its first connection (measured: max-transfers-per-host = 4 ran
        // one at a time), so it is asked for https only.
        set("HTTP_VERSION", CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS))
        if request.url.utf8.prefix(8).map({ $0 | 0x20 }).elementsEqual("https://".utf8) {
            set("PIPEWAIT", CURLOPT_PIPEWAIT, 1)
        }
        if let username = request.username {
            set("HTTPAUTH", CURLOPT_HTTPAUTH, 1 /* CURLAUTH_BASIC, a macro Swift does not import */)
            set("USERNAME", CURLOPT_USERNAME, username)
            set("PASSWORD", CURLOPT_PASSWORD, request.password ?? "")
        }
        if request.insecure {
            set("SSL_VERIFYPEER", CURLOPT_SSL_VERIFYPEER, 0)
            set("SSL_VERIFYHOST", CURLOPT_SSL_VERIFYHOST, 0)
        }
        // Refuses a declared Content-Length over the cap before any byte; undeclared sizes are counted below.
        check("MAXFILESIZE_LARGE",
            gleaner_curl_easy_setopt_off_t(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(max(0, request.maxBodyBytes))))

        var lines = [Self.acceptHeader]
        if let etag = request.etag, Self.isSafeHeaderValue(etag) { lines.append("If-None-Match: \(etag)") }
        if let date = request.lastModified, Self.isSafeHeaderValue(date) { lines.append("If-Modified-Since: \(date)") }
        for line in lines {
            guard let extended = curl_slist_append(headerList, line) else {
                return FetchError(kind: .other, url: request.url, message: "out of memory building request headers")
            }
            headerList = extended
        }
        check("HTTPHEADER", gleaner_curl_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList))

        let me = Unmanaged.passUnretained(self).toOpaque()
        check("WRITEDATA", gleaner_curl_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, me))
        check("HEADERDATA", gleaner_curl_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, me))
        check("WRITEFUNCTION", gleaner_curl_easy_setopt_write_callback(handle) { data, size, count, user in
            let length = size * count
            guard let user else { return 0 }
            let transfer = Unmanaged<Transfer>.fromOpaque(user).takeUnretainedValue()
            // Returning anything but `length` makes curl stop with CURLE_WRITE_ERROR.
            return transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
        })
        check("HEADERFUNCTION", gleaner_curl_easy_setopt_header_callback(handle) { data, size, count, user in
            let length = size * count
            guard let user else { return 0 }
            let transfer = Unmanaged<Transfer>.fromOpaque(user).takeUnretainedValue()
            transfer.receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: length))
            return length
        })

        guard let failure else { return nil }
        return FetchError(
            kind: .other, url: request.url,
            message: "libcurl rejected option \(failure.option): \(String(cString: curl_easy_strerror(failure.code)))")
    }

    // MARK: - Callbacks (on the thread running curl_multi_perform)

    private func receiveHeaderLine(_ line: UnsafeRawBufferPointer) {
        if let code = HTTPStatus.code(inStatusLine: line) {
            status = code
            inHeaders = true
            discardedBytes = 0
            return
        }
        // Outside a header block these are chunked trailers, which must not start a second response.
        guard inHeaders, line.allSatisfy({ $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\n") }) else { return }
        inHeaders = false
        guard status >= 200 else { return }  // 1xx responses are interim; the real one follows
        statuses.append(status)
        if (200..<300).contains(status) { beginBody() }
    }

    private func receiveBody(_ chunk: UnsafeRawBufferPointer) -> Bool {
        guard (200..<300).contains(status) else {
            // An error page or a redirect's body: read it to keep the connection, but never hand it on.
            discardedBytes += chunk.count
            if discardedBytes > Self.discardLimit {
                overDiscardLimit = true
                return false
            }
            return true
        }
        beginBody()
        if chunk.count > request.maxBodyBytes - deliveredBytes {
            overBodyLimit = true
            return false
        }
        deliveredBytes += chunk.count
        sink.receive(chunk)
        return true
    }

    private func beginBody() {
        guard !began else { return }
        began = true
        sink.begin(status: status, contentType: header("Content-Type"), effectiveURL: effectiveURL)
    }

    // MARK: - Reading the outcome

    /// The value of a header in the latest request's response, or in request `request` (0 is the first) of a
    /// redirect chain. curl ≥ 7.83 keeps every response's headers, so we need not parse them ourselves.
    func header(_ name: String, request: Int = -1) -> String? {
        var found: UnsafeMutablePointer<curl_header>?
        guard curl_easy_header(handle, name, 0, UInt32(CURLH_HEADER), Int32(request), &found) == CURLHE_OK,
            let value = found?.pointee.value
        else { return nil }
        return String(cString: value)
    }

    var effectiveURL: String {
        var url: UnsafeMutablePointer<CChar>?
        guard gleaner_curl_easy_getinfo_string(handle, CURLINFO_EFFECTIVE_URL, &url) == CURLE_OK, let url else {
            return request.url
        }
        return String(cString: url)
    }

    func info(_ what: CURLINFO) -> Int {
        var value = 0
        return gleaner_curl_easy_getinfo_long(handle, what, &value) == CURLE_OK ? value : 0
    }

    func info(offset what: CURLINFO) -> Int64 {
        var value: curl_off_t = 0
        return gleaner_curl_easy_getinfo_off_t(handle, what, &value) == CURLE_OK ? Int64(value) : 0
    }

    /// What curl wrote into the error buffer, or its generic text for the code.
    func curlMessage(_ code: CURLcode) -> String {
        let detail = String(cString: errorBuffer)
        return detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
    }

    var didExceedBodyLimit: Bool { overBodyLimit }
    var didExceedDiscardLimit: Bool { overDiscardLimit }
    var responseStatuses: [Int] { statuses }

    // MARK: - Helpers

    private static func milliseconds(_ seconds: Double) -> Int {
        guard seconds > 0, seconds.isFinite else { return 0 }  // 0: curl's own default / no limit
        return Int(min(seconds * 1000, Double(Int32.max)).rounded(.up))
    }

    /// Stored validators come from other servers' headers; a CR or LF would let one inject request headers.
    private static func isSafeHeaderValue(_ value: String) -> Bool {
        !value.isEmpty && !value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 })
    }
}
