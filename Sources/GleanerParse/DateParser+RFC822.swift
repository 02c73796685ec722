import GleanerModel

extension DateParser {
    /// RFC 822 §5 / RFC 1123 §5.2.14 dates and what feeds make of them: optional weekday, day and month in
    /// either order, `-` or space separated, 2- or 4-digit years, missing seconds, named, military or
    /// numeric zones (`+hhmm`, `+hh:mm`, `GMT+2`), zone missing (UTC), ctime order (`Thu Nov 06 09:14:27
    /// +0000 2025`).
    static func parseRFC822(_ s: [UInt8]) -> Timestamp? {
        var day: Int?
        var month: Int?
        var year: Int?
        var yearDigits = 4
        var hour = 0, minute = 0, second = 0
        var sawTime = false
        var offset: Int?
        var i = 0
        let n = s.count
        while i < n {
            let c = s[i]
            // A minus sign on a number (`Dec -2025`), not a separator between fields (`06-Nov-2025`): no
            // date has a negative field, and skipping the sign would read another year.
            if c == UInt8(ascii: "-"), !sawTime, i + 1 < n, isDigit(s[i + 1]),
               i == 0 || s[i - 1] == 0x20 || s[i - 1] == 0x09 || s[i - 1] == UInt8(ascii: ",") {
                return nil
            }
            if c == 0x20 || c == 0x09 || c == UInt8(ascii: ",") || c == 0x0A || c == 0x0D
                || (c == UInt8(ascii: "-") && !sawTime) || (c == UInt8(ascii: ".") && !sawTime) {
                i += 1
                continue
            }
            if (c == UInt8(ascii: "+") || c == UInt8(ascii: "-")) && sawTime {
                guard let z = numericZone(s, &i) else { return nil }
                offset = z
                continue
            }
            if isDigit(c) {
                var j = i
                while j < n, isDigit(s[j]) { j += 1 }
                if j < n, s[j] == UInt8(ascii: ":"), !sawTime {
                    guard let h = Int(ascii: s[i..<j]), h < 25 else { return nil }
                    hour = h
                    j += 1
                    var k = j
                    while k < n, isDigit(s[k]) { k += 1 }
                    guard k > j, let m = Int(ascii: s[j..<k]) else { return nil }
                    minute = m
                    if k < n, s[k] == UInt8(ascii: ":") {
                        var l = k + 1
                        while l < n, isDigit(s[l]) { l += 1 }
                        guard l > k + 1, let sec = Int(ascii: s[(k + 1)..<l]) else { return nil }
                        second = sec
                        k = l
                        // Fractional seconds are dropped (Timestamp has one-second precision).
                        if k < n, s[k] == UInt8(ascii: ".") {
                            k += 1
                            while k < n, isDigit(s[k]) { k += 1 }
                        }
                    }
                    sawTime = true
                    i = k
                    continue
                }
                guard let v = Int(ascii: s[i..<j]) else { return nil }
                let len = j - i
                if day == nil, len <= 2, year == nil || month != nil {
                    day = v
                } else if year == nil {
                    year = v
                    yearDigits = len
                } else {
                    return nil
                }
                i = j
                continue
            }
            if isAlpha(c) || c >= 0x80 {
                var j = i
                while j < n, isAlpha(s[j]) || s[j] >= 0x80 { j += 1 }
                let word = String(decoding: s[i..<j], as: UTF8.self).lowercased()
                if day == nil, month == nil, !sawTime, localWeekdays.contains(word) {
                    // A weekday in another language (`lun.`, `Mo`, `mar.`: before the date, never a month).
                } else if let m = localMonths[word] ?? (word.count >= 3 ? months[String(word.prefix(3))] : nil),
                          month == nil, !sawTime || year == nil {
                    month = m
                } else if word.count >= 3, weekdays.contains(String(word.prefix(3))), !sawTime {
                    // A weekday says nothing the date does not (and is often wrong): skipped.
                } else if word == "gmt" || word == "utc" || word == "ut", j < n, s[j] == UInt8(ascii: "+") || s[j] == UInt8(ascii: "-") {
                    i = j
                    guard let z = numericZone(s, &i) else { return nil }
                    offset = z
                    continue
                } else if let z = zones[word] {
                    offset = z
                } else if j - i == 1, let z = militaryZone(c) {
                    offset = z
                } else if word == "am" || word == "pm" {
                    if word == "pm", hour < 12 { hour += 12 } else if word == "am", hour == 12 { hour = 0 }
                } else {
                    return nil
                }
                i = j
                continue
            }
            if c == UInt8(ascii: "(") {
                // An RFC 822 comment, e.g. `(PST)`: skip it.
                while i < n, s[i] != UInt8(ascii: ")") { i += 1 }
                i += 1
                continue
            }
            return nil
        }
        guard let d = day, let m = month, var y = year else { return nil }
        if yearDigits <= 2 { y += y < 50 ? 2000 : 1900 } else if yearDigits == 3 { y += 1900 }
        return Timestamp(year: y, month: m, day: d, hour: hour, minute: minute, second: second,
                         offsetSeconds: (offset ?? 0) * 60)
    }

    /// `+hhmm`, `-hh:mm`, `+hh`, `+h` at `i` (on the sign); minutes east of UTC.
    static func numericZone(_ s: [UInt8], _ i: inout Int) -> Int? {
        let sign = s[i] == UInt8(ascii: "-") ? -1 : 1
        i += 1
        var j = i
        while j < s.count, isDigit(s[j]) { j += 1 }
        let len = j - i
        var h = 0, m = 0
        switch len {
        case 1, 2:
            h = Int(ascii: s[i..<j]) ?? 0
            if j < s.count, s[j] == UInt8(ascii: ":") {
                var k = j + 1
                guard let mm = digits(s, &k, 2) else { return nil }
                m = mm
                j = k
            }
        case 3: h = Int(s[i] - 48); m = Int(ascii: s[(i + 1)..<j]) ?? 0
        case 4: h = Int(ascii: s[i..<(i + 2)]) ?? 0; m = Int(ascii: s[(i + 2)..<j]) ?? 0
        default: return nil
        }
        guard h <= 14, m < 60 else { return nil }
        i = j
        return sign * (h * 60 + m)
    }
}

extension Int {
    /// Decimal digits only; nil on anything else or overflow.
    init?(ascii s: ArraySlice<UInt8>) {
        guard !s.isEmpty, s.count <= 18 else { return nil }
        var v = 0
        for c in s {
            guard c >= 48 && c <= 57 else { return nil }
            v = v * 10 + Int(c - 48)
        }
        self = v
    }
}
