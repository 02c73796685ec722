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
        if basic {
            guard let m = digits(s, &i, 2), let d = digits(s, &i, 2) else { return nil }
            month = m; day = d
        } else if i < n, s[i] == UInt8(ascii: "-") {
            i += 1
            guard let m = digits(s, &i, 2) else { return nil }
            month = m
            if i < n, s[i] == UInt8(ascii: "-") {
                i += 1
                guard let d = digits(s, &i, 2) else { return nil }
                day = d
            }
        }
        var hour = 0, minute = 0, second = 0
        var offset = 0
        if i < n, s[i] == UInt8(ascii: "T") || s[i] == UInt8(ascii: "t") || s[i] == 0x20 {
            i += 1
            while i < n, s[i] == 0x20 { i += 1 }
            guard let h = digits(s, &i, 2) else { return nil }
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
