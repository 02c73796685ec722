#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CCurl

/// Turns curl's end-of-transfer code and the response seen into a `FetchResult` with a sentence a person can act on.
extension Transfer {
    func result(_ code: CURLcode) -> FetchResult {
        let status = info(CURLINFO_RESPONSE_CODE)
        let redirects = info(CURLINFO_REDIRECT_COUNT)
        let hops = responseStatuses.prefix(redirects)
        let response = FetchResponse(
            status: status,
            etag: header("ETag"),
            lastModified: header("Last-Modified"),
            contentType: header("Content-Type"),
            effectiveURL: effectiveURL,
            bodyBytes: deliveredBytes,
            redirected: redirects > 0,
            permanentRedirect: redirects > 0 && hops.count == redirects && hops.allSatisfy { $0 == 301 || $0 == 308 },
            retryAfter: header("Retry-After"),
            cacheControl: header("Cache-Control"),
            expires: header("Expires"),
            elapsed: Double(info(offset: CURLINFO_TOTAL_TIME_T)) / 1_000_000)

        if code == CURLE_OK {
            switch status {
            case 200..<300:
                return .fetched(response)
            case 304:
                return .notModified(response)
            case 300..<400:
                // curl follows 301/302/303/307/308 with a Location; anything else in 3xx stops here.
                let message = "\(HTTPStatus.text(status)) without a redirect to follow"
                return .failed(error(.redirect, status: status, message))
            default:
                return .failed(httpError(status, retryAfter: response.retryAfter))
            }
        }
        return .failed(failure(code, status: status, retryAfter: response.retryAfter))
    }

    private func failure(_ code: CURLcode, status: Int, retryAfter: String?) -> FetchError {
        let isErrorStatus = status >= 400
        switch code {
        case CURLE_WRITE_ERROR where didExceedDiscardLimit:
            return httpError(status, retryAfter: retryAfter)
        case _ where didExceedBodyLimit:
            return error(.tooLarge, status: status, "body larger than \(Self.bytes(request.maxBodyBytes))")
        case CURLE_FILESIZE_EXCEEDED:
            if isErrorStatus { return httpError(status, retryAfter: retryAfter) }
            return error(.tooLarge, status: status, "body larger than \(Self.bytes(request.maxBodyBytes)) (declared)")
        case CURLE_TOO_MANY_REDIRECTS:
            return error(.redirect, status: status, "too many redirects (more than \(request.maxRedirects))")
        case CURLE_UNSUPPORTED_PROTOCOL where (300..<400).contains(status):
            let target = redirectTarget.map { " to \($0)" } ?? ""
            return error(.redirect, status: status, "refused redirect\(target): only http and https are followed")
        case CURLE_UNSUPPORTED_PROTOCOL:
            return error(.other, "unsupported URL scheme: only http and https are fetched")
        case CURLE_URL_MALFORMAT:
            return error(.other, "malformed URL: \(curlMessage(code))")
        case CURLE_COULDNT_RESOLVE_HOST:
            return error(.dns, "could not resolve host \(CurlURL.host(effectiveURL) ?? effectiveURL)")
        case CURLE_COULDNT_RESOLVE_PROXY:
            return error(.dns, "could not resolve the proxy: \(curlMessage(code))")
        case CURLE_COULDNT_CONNECT:
            return error(.connect, status: nil, connectMessage())
        case CURLE_OPERATION_TIMEDOUT:
            return error(.timeout, status: status == 0 ? nil : status, timeoutMessage(code))
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
            CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_ENGINE_NOTFOUND,
            CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_CRL_BADFILE, CURLE_USE_SSL_FAILED,
            CURLE_SSL_CLIENTCERT:
            return error(.tls, "TLS error: \(curlMessage(code))")
        case CURLE_ABORTED_BY_CALLBACK:
            return error(.aborted, status: status == 0 ? nil : status, "transfer aborted")
        case CURLE_PARTIAL_FILE, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING, CURLE_WEIRD_SERVER_REPLY,
            CURLE_HTTP2, CURLE_HTTP2_STREAM, CURLE_HTTP3, CURLE_BAD_CONTENT_ENCODING, CURLE_RANGE_ERROR,
            CURLE_HTTP_RETURNED_ERROR:
            if isErrorStatus { return httpError(status, retryAfter: retryAfter) }
            return error(.protocolError, status: status == 0 ? nil : status, curlMessage(code))
        default:
            if isErrorStatus { return httpError(status, retryAfter: retryAfter) }
            let message = "curl error \(code.rawValue): \(curlMessage(code))"
            return error(.other, status: status == 0 ? nil : status, message)
        }
    }

    private func error(_ kind: FetchError.Kind, status: Int? = nil, _ message: String) -> FetchError {
        FetchError(kind: kind, url: request.url, status: status, message: message)
    }

    private func httpError(_ status: Int, retryAfter: String?) -> FetchError {
        var message = HTTPStatus.text(status)
        if let retryAfter { message += " (retry after \(retryAfter))" }
        return FetchError(kind: .http, url: request.url, status: status, message: message, retryAfter: retryAfter)
    }

    /// Where the refused redirect pointed. curl has already counted the refused hop as a new request (with no
    /// headers), so the Location is read from the last response actually received.
    private var redirectTarget: String? {
        header("Location", request: max(0, responseStatuses.count - 1))
    }

    /// "connection refused (127.0.0.1:1)": the errno says why, the host and port say where.
    private func connectMessage() -> String {
        let where_ = CurlURL.hostAndPort(effectiveURL) ?? effectiveURL
        let errno = info(CURLINFO_OS_ERRNO)
        guard errno != 0, let text = strerror(Int32(errno)) else {
            return "could not connect (\(where_)): \(curlMessage(CURLE_COULDNT_CONNECT))"
        }
        var reason = String(cString: text)
        if let first = reason.first { reason = first.lowercased() + reason.dropFirst() }
        return "\(reason) (\(where_))"
    }

    private func timeoutMessage(_ code: CURLcode) -> String {
        // curl's texts are the only way to tell its three timeouts apart; the phase timings back them up.
        let detail = curlMessage(code)
        if detail.hasPrefix("Resolving") {
            return "resolving \(CurlURL.host(effectiveURL) ?? effectiveURL) timed out"
        }
        if info(offset: CURLINFO_CONNECT_TIME_T) == 0 && !detail.hasPrefix("Operation") {
            let limit = [request.connectTimeout, request.timeout].filter { $0 > 0 }.min() ?? 0
            let target = CurlURL.hostAndPort(effectiveURL) ?? effectiveURL
            return "connection to \(target) timed out after \(Self.seconds(limit))"
        }
        if detail.hasPrefix("Operation too slow") {
            let unit = request.lowSpeedLimit == 1 ? "byte" : "bytes"
            return "transfer slower than \(request.lowSpeedLimit) \(unit)/s for \(request.lowSpeedTime) s"
        }
        return "timed out after \(Self.seconds(request.timeout))"
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? "\(Int(value)) s" : "\(value) s"
    }

    static func bytes(_ count: Int) -> String {
        if count >= 1 << 20, count % (1 << 20) == 0 { return "\(count >> 20) MiB" }
        if count >= 1 << 10, count % (1 << 10) == 0 { return "\(count >> 10) KiB" }
        return "\(count) bytes"
    }
}
