import GleanerModel

extension DateParser {
    /// The two forms nearly every feed writes, read straight from the element's bytes with no allocation:
    /// RFC 1123 `Thu, 06 Nov 2025 09:14:27 +0000` (or `GMT`, `UTC`, `UT`, `Z`; the weekday may be left out) and RFC 3339
    /// `2025-11-06T09:14:27Z` (fraction and `±hh:mm` allowed). Nil for anything else, which `parse` then
    /// reads; for what it accepts it gives exactly what `parse` gives (checked by a test over both).
    static func parseCommon(_ b: UnsafeBufferPointer<UInt8>) -> Timestamp? {
        let r = HTMLText.spaceTrimmed(b)
        guard r.count >= 20 else { return nil }
        let s = UnsafeBufferPointer(rebasing: b[r])
        // A leading digit is RFC 3339 (`2025-`), or RFC 1123 without its optional weekday (`07 Nov 2015 …`).
        if isDigit(s[0]), s[1] != 0x20, s[2] != 0x20 { return commonRFC3339(s) }
        return commonRFC1123(s)
    }

    /// `parseCommon`, for the fuzz target (Tests/Fuzz), which compares it with `parse`.
    @_spi(Fuzzing) public static func parseCommonForFuzzing(_ b: UnsafeBufferPointer<UInt8>) -> Timestamp? {
        parseCommon(b)
    }

    /// Two digits at `i`, or nil.
    @inline(__always) private static func two(_ s: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
        guard i + 1 < s.count, isDigit(s[i]), isDigit(s[i + 1]) else { return nil }
        return Int(s[i] - 48) * 10 + Int(s[i + 1] - 48)
    }

    /// Three ASCII letters at `i`, lower-cased and packed little-endian (`"nov"` is 0x766F6E); 0 if not letters.
    @inline(__always) private static func word3(_ s: UnsafeBufferPointer<UInt8>, _ i: Int) -> UInt32 {
        guard i + 2 < s.count, isAlpha(s[i]), isAlpha(s[i + 1]), isAlpha(s[i + 2]) else { return 0 }
        return UInt32(s[i] | 0x20) | UInt32(s[i + 1] | 0x20) << 8 | UInt32(s[i + 2] | 0x20) << 16
    }

    private static let weekdayWords: [UInt32] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map(pack)
    private static let monthWords: [UInt32] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                               "nov", "dec"].map(pack)

    private static let namedZoneWords: [UInt32] = ["est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt"].map(pack)
    private static let namedZoneMinutes: [Int] = [-300, -240, -360, -300, -420, -360, -480, -420]

    private static func pack(_ w: String) -> UInt32 {
        let u = Array(w.utf8)
        return UInt32(u[0]) | UInt32(u[1]) << 8 | UInt32(u[2]) << 16
    }

    private static func commonRFC1123(_ s: UnsafeBufferPointer<UInt8>) -> Timestamp? {
        let n = s.count
        var i = 0
        if !isDigit(s[0]) {
            guard weekdayWords.contains(word3(s, 0)), s[3] == UInt8(ascii: ","), s[4] == 0x20 else { return nil }
            i = 5
        }
        var day = 0
        if isDigit(s[i]), s[i + 1] == 0x20 {
            day = Int(s[i] - 48); i += 2
        } else {
            guard let d = two(s, i), s[i + 2] == 0x20 else { return nil }
            day = d; i += 3
        }
        guard let m = monthWords.firstIndex(of: word3(s, i)), i + 3 < n, s[i + 3] == 0x20 else { return nil }
        i += 4
        guard let y1 = two(s, i), let y2 = two(s, i + 2), i + 4 < n, s[i + 4] == 0x20 else { return nil }
        i += 5
        guard let hour = two(s, i), hour < 25, i + 2 < n, s[i + 2] == UInt8(ascii: ":"), let minute = two(s, i + 3),
              i + 5 < n, s[i + 5] == UInt8(ascii: ":"), let second = two(s, i + 6), i + 8 < n, s[i + 8] == 0x20
        else { return nil }
        i += 9
        var offset = 0
        let rest = n - i
        if rest == 5, s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") {
            guard let h = two(s, i + 1), let mm = two(s, i + 3), h <= 14, mm < 60 else { return nil }
            offset = (s[i] == UInt8(ascii: "-") ? -1 : 1) * (h * 60 + mm)
        } else {
            // GMT, UTC, UT, Z and the North American zones (as in `zones`), in any case.
            var w: UInt32 = 0
            for k in 0..<rest {
                guard rest <= 3, isAlpha(s[i + k]) else { return nil }
                w |= UInt32(s[i + k] | 0x20) << (8 * UInt32(k))
            }
            if w == pack("gmt") || w == pack("utc") || w == 0x7475 || w == 0x7A {
                offset = 0
            } else if let k = namedZoneWords.firstIndex(of: w) {
                offset = namedZoneMinutes[k]
            } else {
                return nil
            }
        }
        return Timestamp(year: y1 * 100 + y2, month: m + 1, day: day, hour: hour, minute: minute, second: second,
                         offsetSeconds: offset * 60)
    }

    private static func commonRFC3339(_ s: UnsafeBufferPointer<UInt8>) -> Timestamp? {
        let n = s.count
        guard let y1 = two(s, 0), let y2 = two(s, 2), s[4] == UInt8(ascii: "-"), let month = two(s, 5),
              s[7] == UInt8(ascii: "-"), let day = two(s, 8), s[10] == UInt8(ascii: "T") || s[10] == UInt8(ascii: "t"),
              let hour = two(s, 11), s[13] == UInt8(ascii: ":"), let minute = two(s, 14), s[16] == UInt8(ascii: ":"),
              let second = two(s, 17)
        else { return nil }
        var i = 19
        if i < n, s[i] == UInt8(ascii: ".") {
            i += 1
            let digits = i
            while i < n, isDigit(s[i]) { i += 1 }
            guard i > digits else { return nil }
        }
        var offset = 0
        if i + 1 == n, s[i] == UInt8(ascii: "Z") || s[i] == UInt8(ascii: "z") {
            // UTC
        } else if i + 6 == n, s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-"), let h = two(s, i + 1),
                  s[i + 3] == UInt8(ascii: ":"), let mm = two(s, i + 4), h <= 14, mm < 60 {
            offset = (s[i] == UInt8(ascii: "-") ? -1 : 1) * (h * 60 + mm)
        } else {
            return nil
        }
        return Timestamp(year: y1 * 100 + y2, month: month, day: day, hour: hour, minute: minute, second: second,
                         offsetSeconds: offset * 60)
    }
}
