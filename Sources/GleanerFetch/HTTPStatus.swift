/// Status-line parsing and reason phrases. Phrases come from RFC 9110 rather than the server: HTTP/2 sends none,
/// and a server's phrase is untrusted text headed for logs.
enum HTTPStatus {
    /// The code in a status line ("HTTP/1.1 404 Not Found", "HTTP/2 200"), or nil for any other header line.
    static func code(inStatusLine line: UnsafeRawBufferPointer) -> Int? {
        guard line.count >= 12, line.starts(with: "HTTP/".utf8) else { return nil }
        guard let space = line.firstIndex(of: UInt8(ascii: " ")), space + 3 < line.count else { return nil }
        var code = 0
        for byte in line[(space + 1)...(space + 3)] {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            code = code * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return code
    }

    static func reasonPhrase(_ code: Int) -> String? {
        switch code {
        case 200: "OK"
        case 203: "Non-Authoritative Information"
        case 204: "No Content"
        case 300: "Multiple Choices"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 304: "Not Modified"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 402: "Payment Required"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 406: "Not Acceptable"
        case 407: "Proxy Authentication Required"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 410: "Gone"
        case 411: "Length Required"
        case 412: "Precondition Failed"
        case 413: "Content Too Large"
        case 414: "URI Too Long"
        case 415: "Unsupported Media Type"
        case 416: "Range Not Satisfiable"
        case 418: "I'm a teapot"
        case 421: "Misdirected Request"
        case 422: "Unprocessable Content"
        case 425: "Too Early"
        case 426: "Upgrade Required"
        case 429: "Too Many Requests"
        case 451: "Unavailable For Legal Reasons"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        case 505: "HTTP Version Not Supported"
        default: nil
        }
    }

    /// "HTTP 404 Not Found", or "HTTP 599" for a code without a standard phrase.
    static func text(_ code: Int) -> String {
        reasonPhrase(code).map { "HTTP \(code) \($0)" } ?? "HTTP \(code)"
    }
}
