#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A point in time with one-second precision, as Unix seconds (UTC).
///
/// Feeds carry dates at second precision at best, the contracts print RFC 3339 in UTC, and the store
/// keeps integers; a plain integer avoids Foundation's date formatters on the parser's hot path.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var seconds: Int64

    @inlinable public init(seconds: Int64) { self.seconds = seconds }

    /// The years a timestamp may be built from (what RFC 3339 and the store's four-digit dates can hold).
    public static let years: ClosedRange<Int> = 1...9999
    /// Zone offsets accepted, in seconds: real ones stay within ±14 h; the bound keeps the sum below exact.
    public static let offsets: ClosedRange<Int> = -86_400...86_400

    /// Builds a timestamp from civil UTC fields; `nil` when a field is out of range (a year outside
    /// `years`, a zone offset outside `offsets`), so no arithmetic below can overflow on parsed numbers.
    public init?(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0,
                 offsetSeconds: Int = 0) {
        guard Timestamp.years.contains(year), Timestamp.offsets.contains(offsetSeconds), (1...12).contains(month), (1...31).contains(day), (0...24).contains(hour), (0...59).contains(minute),
              (0...60).contains(second), day <= Timestamp.daysIn(month: month, year: year)
        else { return nil }
        let days = Timestamp.daysFromCivil(year: year, month: month, day: day)
        // A leap second (:60) is folded into the next second; 24:00:00 is the next day's midnight.
        seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetSeconds)
    }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.seconds < b.seconds }

    /// `2025-11-06T09:14:27Z`
    /// Seconds outside years 1…9999 (read from a store or a header, not built by `init?`) are clamped to
    /// that range: RFC 3339 has four-digit years, and the arithmetic below then cannot overflow.
    public var rfc3339: String {
        let seconds = min(max(self.seconds, Timestamp.minSeconds), Timestamp.maxSeconds)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secs = Int(seconds - days * 86_400)
        let (y, m, d) = Timestamp.civilFromDays(days)
        var out = [UInt8]()
        out.reserveCapacity(20)
        func put(_ v: Int, _ width: Int) {
            var digits = [UInt8](repeating: 48, count: width)
            var v = v
            for i in stride(from: width - 1, through: 0, by: -1) {
                digits[i] = UInt8(48 + v % 10)
                v /= 10
            }
            out.append(contentsOf: digits)
        }
        put(y, 4); out.append(45); put(m, 2); out.append(45); put(d, 2); out.append(84)
        put(secs / 3600, 2); out.append(58); put(secs / 60 % 60, 2); out.append(58); put(secs % 60, 2); out.append(90)
        return String(decoding: out, as: UTF8.self)
    }

    public var description: String { rfc3339 }

    /// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z.
    static let minSeconds: Int64 = -62_135_596_800
    static let maxSeconds: Int64 = 253_402_300_799

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The inverse of `daysFromCivil`.
    public static func civilFromDays(_ z0: Int64) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(m <= 2 ? y + 1 : y), Int(m), Int(d))
    }

    public static func now() -> Timestamp {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Timestamp(seconds: Int64(ts.tv_sec))
    }
}
