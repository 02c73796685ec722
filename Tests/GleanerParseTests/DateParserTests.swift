import GleanerModel
import Testing
@testable import GleanerParse

@Suite struct DateParserTests {
    @Test(arguments: [
        // RFC 822 / 1123 and real-world variants.
        ("Thu, 06 Nov 2025 09:14:27 +0000", "2025-11-06T09:14:27Z"),
        ("Thu, 06 Nov 2025 09:14:27 GMT", "2025-11-06T09:14:27Z"),
        ("Thu, 06 Nov 2025 09:14:27 UT", "2025-11-06T09:14:27Z"),
        ("Thu, 06 Nov 2025 09:14:27 Z", "2025-11-06T09:14:27Z"),
        ("Thu, 06 Nov 2025 04:14:27 EST", "2025-11-06T09:14:27Z"),
        ("Thu, 06 Nov 2025 05:14:27 EDT", "2025-11-06T09:14:27Z"),
        ("Thu, 06 Nov 2025 03:14:27 CST", "2025-11-06T09:14:27Z"),
        ("Thu, 06 Nov 2025 04:14:27 CDT", "2025-11-06T09:14:27Z"),
        ("Thu, 06 Nov 2025 02:14:27 MST", "2025-11-06T09:14:27Z"),
        ("Thu, 06 Nov 2025 03:14:27 MDT", "2025-11-06T09:14:27Z"),
        ("Thu, 06 Nov 2025 01:14:27 PST", "2025-11-06T09:14:27Z"),
        ("Thu, 06 Nov 2025 02:14:27 PDT", "2025-11-06T09:14:27Z"),
        ("Thu, 06 Nov 2025 10:14:27 +0100", "2025-11-06T09:14:27Z"),
        ("Thu, 06 Nov 2025 03:44:27 -0530", "2025-11-06T09:14:27Z"),
        ("Thu, 06 Nov 2025 11:14:27 +02:00", "2025-11-06T09:14:27Z"),
        ("Thu, 06 Nov 2025 08:14:27 A", "2025-11-06T09:14:27Z"),   // RFC 822 military, as feedparser reads it
        ("Thu, 06 Nov 2025 10:14:27 N", "2025-11-06T09:14:27Z"),
        ("Thu, 06 Nov 2025 09:14 +0000", "2025-11-06T09:14:00Z"),   // no seconds
        ("06 Nov 2025 09:14:27 +0000", "2025-11-06T09:14:27Z"),     // no weekday
        ("Thu, 6 Nov 2025 09:14:27 +0000", "2025-11-06T09:14:27Z"), // one-digit day
        ("Thu, 06 Nov 25 09:14:27 +0000", "2025-11-06T09:14:27Z"),  // two-digit year
        ("Sat, 01 Jan 99 00:00:00 GMT", "1999-01-01T00:00:00Z"),
        ("  Thu,  06   Nov  2025   09:14:27   +0000  ", "2025-11-06T09:14:27Z"), // extra spaces
        ("Thursday, 06 November 2025 09:14:27 GMT", "2025-11-06T09:14:27Z"),
        ("Thu, 06 Nov 2025 09:14:27", "2025-11-06T09:14:27Z"),      // no zone: UTC
        ("Thu, 06-Nov-2025 09:14:27 GMT", "2025-11-06T09:14:27Z"),
        ("Thu Nov 06 09:14:27 +0000 2025", "2025-11-06T09:14:27Z"), // ctime order
        ("Thu, 06 Nov 2025 11:14:27 GMT+2", "2025-11-06T09:14:27Z"),
        ("Thu, 06 Nov 2025", "2025-11-06T00:00:00Z"),
        // ISO 8601 / RFC 3339 / W3CDTF.
        ("2025-11-06T09:14:27Z", "2025-11-06T09:14:27Z"),
        ("2025-11-06T09:14:27+00:00", "2025-11-06T09:14:27Z"),
        ("2025-11-06T12:14:27+03:00", "2025-11-06T09:14:27Z"),
        ("2025-11-06T04:14:27-0500", "2025-11-06T09:14:27Z"),
        ("2025-11-06T10:14:27+01", "2025-11-06T09:14:27Z"),
        ("2025-11-06T09:14:27.123456Z", "2025-11-06T09:14:27Z"),
        ("2025-11-06T09:14Z", "2025-11-06T09:14:00Z"),
        ("2025-11-06T09:14:27", "2025-11-06T09:14:27Z"),            // no zone: UTC
        ("2025-11-06 09:14:27", "2025-11-06T09:14:27Z"),
        ("2025-11-06", "2025-11-06T00:00:00Z"),
        ("2025-11", "2025-11-01T00:00:00Z"),
        ("2025", "2025-01-01T00:00:00Z"),
        ("20251106T091427Z", "2025-11-06T09:14:27Z"),
        ("2024-02-29T00:00:00Z", "2024-02-29T00:00:00Z"),
        ("1969-12-31T23:59:59Z", "1969-12-31T23:59:59Z"),
    ])
    func parses(input: String, expected: String) {
        #expect(DateParser.parse(input)?.rfc3339 == expected)
    }

    @Test(arguments: [
        "", "   ", "yesterday", "not a date at all", "2025-13-01T00:00:00Z", "2025-02-30", "2023-02-29T00:00:00Z",
        "Thu, 32 Nov 2025 09:14:27 GMT", "Thu, 06 Foo 2025 09:14:27 GMT", "Thu, 06 Nov 2025 25:14:27 GMT",
        "2025-11-06T09:14:27 bogus", "12345",
    ])
    func rejects(input: String) {
        #expect(DateParser.parse(input) == nil)
    }

    @Test func unparseableDateIsAProblemAndOmitted() {
        let p = parse("""
            <rss version="2.0"><channel><item><title>x</title>
            <pubDate>sometime soon</pubDate></item></channel></rss>
            """)
        #expect(p.articles.first?.published == nil)
        #expect(p.problems.count == 1)
        #expect(p.problems.first?.hasSuffix(#"unparseable date "sometime soon""#) == true)
        #expect(p.problems.first?.hasPrefix("2:") == true)
    }
}

@Suite struct DateParserCoverageTests {
    @Test(arguments: [
        // ISO 8601 week and ordinal dates.
        ("2025-W45-4", "2025-11-06T00:00:00Z"),
        ("2025W454", "2025-11-06T00:00:00Z"),
        ("2025-W45-4T09:14:27Z", "2025-11-06T09:14:27Z"),
        ("2026-W01-1", "2025-12-29T00:00:00Z"),
        ("2025-310", "2025-11-06T00:00:00Z"),
        ("2025310T091427Z", "2025-11-06T09:14:27Z"),
        ("2024-366", "2024-12-31T00:00:00Z"),
        // Month and weekday names in other languages.
        ("jeu., 06 nov. 2025 09:14:27 +0000", "2025-11-06T09:14:27Z"),
        ("6 décembre 2025 10:00:00 +0100", "2025-12-06T09:00:00Z"),
        ("Do, 06 Okt 2025 09:14:27 +0200", "2025-10-06T07:14:27Z"),
        ("06 März 2025 09:14:27 GMT", "2025-03-06T09:14:27Z"),
        ("jueves, 06 dic 2025 09:14:27 +0000", "2025-12-06T09:14:27Z"),
        ("06 mag 2025 09:14:27 +0000", "2025-05-06T09:14:27Z"),
        ("6 октября 2025 09:14:27 +0300", "2025-10-06T06:14:27Z"),
        ("mar., 06 mai 2025 09:14:27 +0000", "2025-05-06T09:14:27Z"),
    ])
    func parses(raw: String, expected: String) {
        #expect(DateParser.parse(raw)?.rfc3339 == expected)
    }

    @Test(arguments: ["2025-W54-1", "2025-W45-8", "2025-367", "2025-000"])
    func rejects(raw: String) {
        #expect(DateParser.parse(raw) == nil)
    }
}

/// `DateParser.parseCommon`, the allocation-free reader of the two usual forms, against the full parser.
@Suite struct CommonDateFormTests {
    static func common(_ s: String) -> Timestamp? {
        Array(s.utf8).withUnsafeBufferPointer { DateParser.parseCommon($0) }
    }

    static var variants: [String] {
        var out: [String] = []
        let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "THU", "thu", "Thx", "Mar", "Mai"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "NOV",
                      "nov", "Mai", "Dez", "Okt", "Foo", "Sept"]
        let zones = ["+0000", "-0000", "+0100", "-0530", "+1400", "+1500", "+0160", "GMT", "gmt", "UTC", "UT", "Z", "z",
                     "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "pdt", "AKST", "CET", "A", "+02:00", "GMT+2", "+01", ""]
        for w in weekdays { out.append("\(w), 06 Nov 2025 09:14:27 +0000") }
        for m in months { out.append("Thu, 06 \(m) 2025 09:14:27 GMT") }
        for z in zones { out.append("Thu, 06 Nov 2025 09:14:27 \(z)") }
        for d in ["0", "1", "6", "00", "01", "29", "30", "31", "32", "99", "006"] {
            out.append("Sat, \(d) Feb 2024 23:59:59 +0000")
            out.append("Sun, \(d) Feb 2023 00:00:00 GMT")
        }
        for t in ["00:00:00", "23:59:59", "24:00:00", "25:00:00", "09:60:00", "09:14:60", "09:14:61", "9:14:27",
                  "09:14", "09:14:27.5"] {
            out.append("Thu, 06 Nov 2025 \(t) GMT")
            out.append("2025-11-06T\(t)Z")
        }
        for y in ["2025", "1999", "0001", "9999", "25", "202"] { out.append("Thu, 06 Nov \(y) 09:14:27 +0000") }
        for iso in ["2025-11-06T09:14:27Z", "2025-11-06t09:14:27z", "2025-11-06T09:14:27.123456789Z",
                    "2025-11-06T09:14:27.Z", "2025-11-06T12:14:27+03:00", "2025-11-06T04:14:27-05:00",
                    "2025-11-06T04:14:27-0500", "2025-11-06T04:14:27+15:00", "2025-11-06T04:14:27+01:60",
                    "2025-11-06T09:14:27", "2025-11-06 09:14:27Z", "2025-02-29T00:00:00Z", "2024-02-29T00:00:00Z",
                    "2025-13-06T09:14:27Z", "2025-00-06T09:14:27Z", "2025-11-00T09:14:27Z", "2025-11-31T09:14:27Z",
                    "2025-11-06T09:14:27Z ", "\n  2025-11-06T09:14:27+00:00\t", "2025-11-06T09:14:27ZZ",
                    "2025-11-06T09:14:27+00:00:00", "20251106T091427Z", "2025-W45-4T09:14:27Z"] {
            out.append(iso)
        }
        // Without the weekday (RFC 822 makes it optional; podcast feeds leave it out).
        for z in ["EST", "GMT", "+0000", "-0530", "Z", "AKST", ""] {
            out.append("06 Nov 2025 09:14:27 \(z)")
            out.append("6 Nov 2025 09:14:27 \(z)")
        }
        out += ["07 Nov 15 12:00:00 EST", "07 Nov 2015 12:00 EST", "07  Nov 2015 12:00:00 EST", "07 Nov 2015 12:00:00 EST ",
                "0 Nov 2015 12:00:00 GMT", "32 Nov 2015 12:00:00 GMT", "07 Foo 2015 12:00:00 GMT", "1 2 3 4 5 6 7 8 9 0 1"]
        out += ["  Thu, 06 Nov 2025 09:14:27 +0000\n", "Thu,  06 Nov 2025 09:14:27 +0000", "Thu, 06 Nov 2025  09:14:27 +0000",
                "Thu 06 Nov 2025 09:14:27 +0000", "Thu, 06-Nov-2025 09:14:27 GMT", "Thu, 06 Nov 2025 09:14:27 +0000 (UTC)"]
        return out
    }

    /// Whatever the common reader accepts, it reads as the full parser does; it accepts the usual forms.
    @Test func agreesWithTheFullParser() {
        var accepted = 0
        for s in Self.variants {
            guard let fast = Self.common(s) else { continue }
            accepted += 1
            #expect(fast == DateParser.parse(s), "\(s.debugDescription)")
        }
        #expect(accepted > Self.variants.count / 3, "accepted \(accepted) of \(Self.variants.count)")
        for s in ["Thu, 06 Nov 2025 09:14:27 +0000", "Thu, 6 Nov 2025 09:14:27 GMT", "Tue, 10 Jun 2025 09:14:27 PST", "2025-11-06T09:14:27Z",
                  "07 Nov 2015 12:00:00 EST", "7 Nov 2015 12:00:00 +0100",
                  "2025-11-06T09:14:27.5+01:00"] {
            #expect(Self.common(s) != nil, "\(s)")
        }
    }
}
