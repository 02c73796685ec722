#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CCurl
import GleanerModel

/// URL facts the fetch job needs outside a transfer: the time a `Retry-After` names (a host's politeness key
/// is `HostKey`).
public enum FetchURL {
    /// The longest a `Retry-After` holds a host back (24 hours, as the README promises): one response must
    /// not silence every feed of a host for a week, whatever it asks.
    public static let maxRetryAfter: Int64 = 24 * 3600

    /// When a `Retry-After` value (RFC 9110 §10.2.3: delay-seconds or an HTTP-date) ends, between `now` and
    /// `cap` seconds from it (a date in the past is now, a typo'd year the cap). Nil when unparseable, negative
    /// included.
    public static func retryAfter(_ value: String, now: Timestamp, cap: Int64 = maxRetryAfter) -> Timestamp? {
        let text = value.trimmingBlanks()
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
