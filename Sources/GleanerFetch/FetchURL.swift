#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CCurl
import GleanerModel

/// URL facts the fetch job needs outside a transfer: the user info, and the time a `Retry-After` names
/// (a host's politeness key is `HostKey`).
public enum FetchURL {
    /// The user name and password in a URL's user info (percent-decoded), if any.
    public static func userInfo(_ url: String) -> (user: String, password: String?)? {
        guard let handle = curl_url() else { return nil }
        defer { curl_url_cleanup(handle) }
        guard curl_url_set(handle, CURLUPART_URL, url, 0) == CURLUE_OK else { return nil }
        func part(_ which: CURLUPart) -> String? {
            var value: UnsafeMutablePointer<CChar>?
            guard curl_url_get(handle, which, &value, UInt32(CURLU_URLDECODE)) == CURLUE_OK, let value else { return nil }
            defer { curl_free(value) }
            return String(cString: value)
        }
        guard let user = part(CURLUPART_USER) else { return nil }
        return (user, part(CURLUPART_PASSWORD))
    }

    /// The longest a `Retry-After` holds a host back (24 hours, as the README promises): one response must
    /// not silence every feed of a host for a week, whatever it asks.
    public static let maxRetryAfter: Int64 = 24 * 3600

    /// When a `Retry-After` value (RFC 9110 §10.2.3: delay-seconds or an HTTP-date) ends, between `now` and
    /// `cap` seconds from it (a date in the past is now, a typo'd year the cap). Nil when unparseable, negative
    /// included.
    public static func retryAfter(_ value: String, now: Timestamp, cap: Int64 = maxRetryAfter) -> Timestamp? {
        let text = String(value.trimmingCharacters(in: " \t"))
        let cap = max(0, cap)
        let delay: Int64
        if !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            // More than twelve digits is far beyond any cap (and could overflow `Int64`).
            guard text.utf8.count <= 12, let seconds = Int64(text) else { return Timestamp(seconds: now.seconds + cap) }
            delay = seconds
        } else {
            // curl_getdate parses the three HTTP date formats (IMF-fixdate, RFC 850, asctime).
            let t = curl_getdate(text, nil)
            guard t >= 0 else { return nil }
            delay = Int64(t).subtractingReportingOverflow(now.seconds).overflow ? cap : Int64(t) - now.seconds
        }
        return Timestamp(seconds: now.seconds + min(max(delay, 0), cap))
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> Substring {
        let s = self[...]
        let start = s.firstIndex(where: { !set.contains($0) }) ?? s.endIndex
        let end = s.lastIndex(where: { !set.contains($0) }).map { s.index(after: $0) } ?? start
        return start < end ? s[start..<end] : s[start..<start]
    }
}
