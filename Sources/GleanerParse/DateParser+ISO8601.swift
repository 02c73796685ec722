import GleanerModel

extension DateParser {
    /// ISO 8601 as feeds use it: RFC 3339 and W3CDTF (`2025`, `2025-11`, `2025-11-06`,
    /// `2025-11-06T09:14Z`, `2025-11-06T09:14:27.123+01:00`), a space instead of `T`, zones as `Z`, `±hh`,
    /// `±hhmm`, `±hh:mm`, none (read as UTC), and the basic format `20251106T091427Z`.
    static func parseISO8601(_ s: [UInt8]) -> Timestamp? {
        let n = s.count
        var i = 0
        guard let year = digits(s, &i, 4) else { return nil }
        var month = 1, day = 1
        let basic = i < n && isDigit(s[i])
        // ISO 8601 week dates (`2025-W45-4`, `2025W454`, `2025-W45`) and ordinal dates (`2025-310`,
        // `2025310`): turned into a calendar date, then read on as usual.
        var dayOffset = 0
        if i < n, s[i] == UInt8(ascii: "-") || s[i] == UInt8(ascii: "W"), let (off, next) = weekOrOrdinal(s, i, year: year) {
            dayOffset = off
            i = next
        } else if basic, let (off, next) = weekOrOrdinal(s, i, year: year) {
            dayOffset = off
            i = next
        } else if basic {
            guard let m = digits(s, &i, 2), let d = digits(s, &i, 2) else { return nil }
            month = m; day = d
        } else if i < n, s[i] == UInt8(ascii: "-") || s[i] == UInt8(ascii: "/") {
            // Extended format, also with slashes (`2020/01/10`) and one-digit months and days
            // (`2020/1/10`, `2020-1-5`), as feedparser reads them; the same separator both times.
            let separator = s[i]
            i += 1
            guard let m = oneOrTwoDigits(s, &i) else { return nil }
            month = m
            if i < n, s[i] == separator {
                i += 1
                guard let d = oneOrTwoDigits(s, &i) else { return nil }
                day = d
            }
        }
        if dayOffset != 0 {
            let (y, m, d) = Timestamp.civilFromDays(Timestamp.daysFromCivil(year: year, month: 1, day: 1) + Int64(dayOffset))
            guard y == year || abs(y - year) == 1 else { return nil }
            return parseTime(s, i, basic: basic, year: y, month: m, day: d)
        }
        return parseTime(s, i, basic: basic, year: year, month: month, day: day)
    }

    /// Days after 1 January of `year` for a week date (`-Www-D`, `Www`) or an ordinal date (`-DDD`), and
    /// the index after it; nil when `s[i...]` is neither.
    static func weekOrOrdinal(_ s: [UInt8], _ i0: Int, year: Int) -> (Int, Int)? {
        var i = i0
        let n = s.count
        let dash = i < n && s[i] == UInt8(ascii: "-")
        if dash { i += 1 }
        if i < n, s[i] == UInt8(ascii: "W") {
            i += 1
            guard let week = digits(s, &i, 2), (1...53).contains(week) else { return nil }
            var weekday = 1
            if dash, i + 1 < n, s[i] == UInt8(ascii: "-"), isDigit(s[i + 1]) {
                i += 1
                weekday = Int(s[i] - 48); i += 1
            } else if !dash, i < n, isDigit(s[i]) {
                weekday = Int(s[i] - 48); i += 1
            }
            guard (1...7).contains(weekday) else { return nil }
            // Week 1 is the week with the year's first Thursday; days counted from its Monday.
            let jan4 = Timestamp.daysFromCivil(year: year, month: 1, day: 4)
            let jan4Weekday = Int(((jan4 % 7) + 7 + 3) % 7)   // 0 = Monday (1970-01-01 was a Thursday)
            let week1Monday = jan4 - Int64(jan4Weekday)
            let day = week1Monday + Int64((week - 1) * 7 + weekday - 1)
            return (Int(day - Timestamp.daysFromCivil(year: year, month: 1, day: 1)), i)
        }
        // Ordinal: exactly three digits.
        var j = i
        while j < n, isDigit(s[j]) { j += 1 }
        guard j - i == 3, let ordinal = Int(ascii: s[i..<j]), ordinal >= 1,
              ordinal <= (Timestamp.daysIn(month: 2, year: year) == 29 ? 366 : 365) else { return nil }
        return (ordinal - 1, j)
    }

    /// One or two digits at `i` (a third digit makes it no value).
    static func oneOrTwoDigits(_ s: [UInt8], _ i: inout Int) -> Int? {
        var j = i
        while j < s.count, j - i < 3, isDigit(s[j]) { j += 1 }
        guard j > i, j - i <= 2 else { return nil }
        var k = i
        return digits(s, &k, j - i).map { v in i = j; return v }
    }

    /// The time and zone after a date, from `i`.
    static func parseTime(_ s: [UInt8], _ i0: Int, basic: Bool, year: Int, month: Int, day: Int) -> Timestamp? {
        var i = i0
        let n = s.count
        var hour = 0, minute = 0, second = 0
        var offset = 0
        if i < n, s[i] == UInt8(ascii: "T") || s[i] == UInt8(ascii: "t") || s[i] == 0x20 {
            i += 1
            while i < n, s[i] == 0x20 { i += 1 }
            // One-digit hours (`T5:40:14`) only with a colon after them: the basic format has none.
            guard let h = basic ? digits(s, &i, 2) : oneOrTwoDigits(s, &i) else { return nil }
            hour = h
            if i < n, s[i] == UInt8(ascii: ":") { i += 1 }
            guard let m = digits(s, &i, 2) else { return nil }
            minute = m
            if i < n, s[i] == UInt8(ascii: ":") || (basic && isDigit(s[i])) {
                if s[i] == UInt8(ascii: ":") { i += 1 }
                guard let sec = digits(s, &i, 2) else { return nil }
                second = sec
                if i < n, s[i] == UInt8(ascii: ".") || s[i] == UInt8(ascii: ",") {
                    i += 1
                    while i < n, isDigit(s[i]) { i += 1 }
                }
            }
            while i < n, s[i] == 0x20 { i += 1 }
            if i < n {
                if s[i] == UInt8(ascii: "Z") || s[i] == UInt8(ascii: "z") {
                    i += 1
                } else if s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") {
                    guard let z = numericZone(s, &i) else { return nil }
                    offset = z
                } else {
                    var j = i
                    while j < n, isAlpha(s[j]) { j += 1 }
                    guard let z = zones[String(decoding: s[i..<j], as: UTF8.self).lowercased()] else { return nil }
                    offset = z
                    i = j
                }
            }
        }
        while i < n, HTMLText.isSpace(s[i]) { i += 1 }
        guard i == n else { return nil }
        return Timestamp(year: year, month: month, day: day, hour: hour, minute: minute, second: second,
                         offsetSeconds: offset * 60)
    }
}
