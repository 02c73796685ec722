import GleanerModel
import Testing
@testable import GleanerParse

/// Dates whose numbers are out of every range: each is an invalid date (a problem, the field left out),
/// never a trap, in every reader of dates (RFC 822, ISO 8601, the common forms, JSON Feed, HTTP `Expires`).
@Suite struct HostileDateTests {
    static let hostile: [String] = [
        "Thu, 06 Nov 999999999999999999 09:14:27 +0000",   // year that overflowed the day count
        "Thu, 06 Nov 9999999999999999999999999 09:14:27 +0000",
        "Mon, 01 Dec 99999",                                // became 9999-12-01
        "Mon, 01 Dec 99999 00:00:00 GMT",
        "Mon, 01 Dec -2025",                                // became 2025
        "Mon, 01 Dec -2025 10:00:00 GMT",
        "01 Dec -2025",
        "-2025-12-01T00:00:00Z",
        "-2025",
        "Thu, 06 Nov 0000 09:14:27 +0000",                  // year 0 is outside 1…9999
        "0000-11-06T09:14:27Z",
        "0000-11-06",
        "Thu, 06 Nov 2025 09:14:27 +99999",                 // zone offsets
        "2025-11-06T09:14:27+99999",
        "2025-11-06T09:14:27+99:99",
        "Thu, 06 Nov 2025 09:14:27 GMT+999999999999",
        "Thu, 06 Nov 2025 99999999999999999999:14:27 GMT",  // hours, minutes, seconds
        "Thu, 06 Nov 2025 09:999999999999999999:27 GMT",
        "Thu, 06 Nov 2025 09:14:999999999999999999 GMT",
        "Thu, 999999999999999999 Nov 2025 09:14:27 GMT",    // days
        "Nov 999999999999999999, 2025",
    ]

    @Test(arguments: hostile)
    func isInvalid(input: String) {
        #expect(DateParser.parse(input) == nil, "\(input)")
        let common = Array(input.utf8).withUnsafeBufferPointer { DateParser.parseCommon($0) }
        #expect(common == nil, "\(input)")
    }

    /// In a feed: the date is left out with a problem, and every other item is kept.
    @Test(arguments: hostile)
    func isAProblemInAFeed(input: String) {
        let p = parse("""
            <rss version="2.0"><channel><item><title>a</title><pubDate>\(input)</pubDate></item>
            <item><title>b</title><pubDate>Thu, 06 Nov 2025 09:14:27 +0000</pubDate></item></channel></rss>
            """)
        #expect(p.articles.count == 2)
        #expect(p.articles.first?.published == nil)
        #expect(p.articles.last?.published?.rfc3339 == "2025-11-06T09:14:27Z")
        #expect(p.problems.contains { $0.contains("unparseable date") }, "\(p.problems)")
    }

    @Test(arguments: hostile)
    func isAProblemInAJSONFeed(input: String) {
        let p = parse(#"{"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": [{"id": "1", "date_published": "\#(input)"}]}"#)
        #expect(p.articles.count == 1)
        #expect(p.articles.first?.published == nil)
        #expect(!p.problems.isEmpty)
    }

    /// A fraction of a thousand digits is read and dropped (one-second precision), not turned into a number.
    @Test func longFractionIsRead() {
        let digits = String(repeating: "9", count: 1000)
        #expect(DateParser.parse("2025-11-06T09:14:27.\(digits)Z")?.rfc3339 == "2025-11-06T09:14:27Z")
        #expect(DateParser.parse("Thu, 06 Nov 2025 09:14:27.\(digits) GMT")?.rfc3339 == "2025-11-06T09:14:27Z")
        let common = Array("2025-11-06T09:14:27.\(digits)Z".utf8).withUnsafeBufferPointer { DateParser.parseCommon($0) }
        #expect(common?.rfc3339 == "2025-11-06T09:14:27Z")
    }

    /// The range's edges are kept; one past them is not.
    @Test func yearRangeEdges() {
        #expect(DateParser.parse("0001-01-01T00:00:00Z")?.rfc3339 == "0001-01-01T00:00:00Z")
        #expect(DateParser.parse("9999-12-31T23:59:59Z")?.rfc3339 == "9999-12-31T23:59:59Z")
        #expect(DateParser.parse("Fri, 31 Dec 9999 23:59:59 GMT")?.rfc3339 == "9999-12-31T23:59:59Z")
        #expect(DateParser.parse("Fri, 31 Dec 10000 23:59:59 GMT") == nil)
        #expect(Timestamp(year: 10_000, month: 1, day: 1) == nil)
        #expect(Timestamp(year: 0, month: 1, day: 1) == nil)
        #expect(Timestamp(year: Int.max, month: 1, day: 1) == nil)
        #expect(Timestamp(year: Int.min, month: 1, day: 1) == nil)
        #expect(Timestamp(year: 2025, month: 1, day: 1, offsetSeconds: Int.max) == nil)
        #expect(Timestamp(year: 2025, month: 1, day: 1, offsetSeconds: Int.min) == nil)
        // Separators between fields are not signs.
        #expect(DateParser.parse("Thu, 06-Nov-2025 09:14:27 GMT")?.rfc3339 == "2025-11-06T09:14:27Z")
        #expect(DateParser.parse("Thu, 06 Nov 2025 09:14:27 -0500")?.rfc3339 == "2025-11-06T14:14:27Z")
    }

    /// Seconds from elsewhere (a store, a header) print within RFC 3339's four-digit years, without a trap.
    @Test func extremeSecondsPrint() {
        #expect(Timestamp(seconds: .max).rfc3339 == "9999-12-31T23:59:59Z")
        #expect(Timestamp(seconds: .min).rfc3339 == "0001-01-01T00:00:00Z")
        #expect(Timestamp(seconds: 0).rfc3339 == "1970-01-01T00:00:00Z")
    }
}
