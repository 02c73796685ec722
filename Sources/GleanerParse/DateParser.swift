import GleanerModel

/// Feed dates to `Timestamp`, by hand over bytes (no DateFormatter: it is slow and locale-bound).
///
/// Two families cover nearly every feed: RFC 822/1123 (`Thu, 06 Nov 2025 09:14:27 +0000`, RSS) and
/// ISO 8601/RFC 3339/W3CDTF (`2025-11-06T09:14:27Z`, Atom and Dublin Core), each with real-world variants.
public enum DateParser {
    public static func parse(_ text: String) -> Timestamp? {
        var s = Array(text.utf8)
        URLResolver.trim(&s)
        guard !s.isEmpty else { return nil }
        if s.count >= 4, s[0..<4].allSatisfy(isDigit) {
            return parseISO8601(s) ?? parseRFC822(s)
        }
        return parseRFC822(s) ?? parseISO8601(s)
    }

    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
    @inline(__always) static func isAlpha(_ c: UInt8) -> Bool { (c | 0x20) >= 97 && (c | 0x20) <= 122 }

    /// Reads `count` digits (exactly) at `i`.
    static func digits(_ s: [UInt8], _ i: inout Int, _ count: Int) -> Int? {
        guard i + count <= s.count else { return nil }
        var v = 0
        for k in i..<(i + count) {
            guard isDigit(s[k]) else { return nil }
            v = v * 10 + Int(s[k] - 48)
        }
        i += count
        return v
    }

    static let months: [String: Int] = [
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
        "nov": 11, "dec": 12,
    ]
    static let weekdays: Set<String> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    /// Month names and abbreviations in the languages feeds are commonly written in (French, German,
    /// Spanish, Italian, Portuguese, Dutch, Polish, Swedish/Danish/Norwegian, Russian), lower case; checked
    /// before the English three-letter prefixes.
    static let localMonths: [String: Int] = {
        let lists: [[String]] = [
            // fr
            ["janvier janv", "février fevrier févr fevr fév", "mars", "avril avr", "mai", "juin", "juillet juil",
             "août aout", "septembre sept", "octobre", "novembre", "décembre decembre déc"],
            // de
            ["januar jänner jän", "februar", "märz maerz mär mrz", "april", "mai", "juni", "juli", "august",
             "september", "oktober okt", "november", "dezember dez"],
            // es
            ["enero ene", "febrero", "marzo", "abril abr", "mayo", "junio", "julio", "agosto ago",
             "septiembre setiembre set", "octubre", "noviembre", "diciembre dic"],
            // it
            ["gennaio gen", "febbraio", "marzo", "aprile", "maggio mag", "giugno giu", "luglio lug", "agosto",
             "settembre", "ottobre ott", "novembre", "dicembre"],
            // pt
            ["janeiro", "fevereiro fev", "março marco", "abril", "maio", "junho", "julho", "agosto",
             "setembro", "outubro out", "novembro", "dezembro"],
            // nl
            ["januari", "februari", "maart mrt", "april", "mei", "juni", "juli", "augustus", "september",
             "oktober", "november", "december"],
            // pl (genitive forms as dates use them)
            ["stycznia styczeń sty", "lutego luty lut", "marca marzec", "kwietnia kwiecień kwi", "maja maj",
             "czerwca czerwiec cze", "lipca lipiec lip", "sierpnia sierpień sie", "września wrzesień wrz",
             "października październik paź", "listopada listopad lis", "grudnia grudzień gru"],
            // sv, da, no
            ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
             "oktober", "november", "december"],
            // ru (nominative and genitive)
            ["январь января янв", "февраль февраля фев", "март марта мар", "апрель апреля апр", "май мая",
             "июнь июня июн", "июль июля июл", "август августа авг", "сентябрь сентября сен",
             "октябрь октября окт", "ноябрь ноября ноя", "декабрь декабря дек"],
        ]
        var t: [String: Int] = [:]
        for list in lists {
            for (k, names) in list.enumerated() {
                for name in names.split(separator: " ") where t[String(name)] == nil { t[String(name)] = k + 1 }
            }
        }
        return t
    }()

    /// Weekday names and abbreviations in the same languages (only skipped, before the date).
    static let localWeekdays: Set<String> = [
        "lun", "mar", "mer", "jeu", "ven", "sam", "dim", "lundi", "mardi", "mercredi", "jeudi", "vendredi",
        "samedi", "dimanche", "mo", "di", "mi", "do", "fr", "sa", "so", "montag", "dienstag", "mittwoch",
        "donnerstag", "freitag", "samstag", "sonntag", "lu", "ma", "ju", "vi", "sá", "lunes", "martes",
        "miércoles", "jueves", "viernes", "sábado", "domingo", "mié", "jue", "vie", "sáb", "dom", "gio", "lunedì",
        "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "seg", "ter", "qua", "qui", "sex", "sáb",
        "segunda", "terça", "quarta", "quinta", "sexta", "zo", "wo", "za", "maandag", "dinsdag", "woensdag",
        "donderdag", "vrijdag", "zaterdag", "zondag", "пн", "вт", "ср", "чт", "пт", "сб", "вс",
    ]

    /// Zone names in hours (or minutes where noted) east of UTC. The military letters follow RFC 822 §5.1
    /// as written (A = -1 … M = -12, N = +1 … Y = +12), as feedparser does, although RFC 1123 §5.2.14
    /// notes the signs were meant the other way round.
    static let zones: [String: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0, "wet": 0,
        "edt": -4 * 60, "est": -5 * 60, "cdt": -5 * 60, "cst": -6 * 60, "mdt": -6 * 60, "mst": -7 * 60,
        "pdt": -7 * 60, "pst": -8 * 60, "adt": -3 * 60, "ast": -4 * 60, "akst": -9 * 60, "akdt": -8 * 60,
        "hst": -10 * 60, "et": -5 * 60, "ct": -6 * 60, "mt": -7 * 60, "pt": -8 * 60,
        "bst": 60, "cet": 60, "met": 60, "cest": 120, "mest": 120, "eet": 120, "eest": 180, "west": 60,
        "msk": 180, "jst": 540, "kst": 540, "hkt": 480, "sgt": 480, "awst": 480, "acst": 570, "aest": 600,
        "aedt": 660, "nzst": 720, "nzdt": 780,
    ]

    static func militaryZone(_ c: UInt8) -> Int? {
        let l = c | 0x20
        switch l {
        case UInt8(ascii: "a")...UInt8(ascii: "i"): return -Int(l - UInt8(ascii: "a") + 1) * 60
        case UInt8(ascii: "k")...UInt8(ascii: "m"): return -Int(l - UInt8(ascii: "k") + 10) * 60
        case UInt8(ascii: "n")...UInt8(ascii: "y"): return Int(l - UInt8(ascii: "n") + 1) * 60
        case UInt8(ascii: "z"): return 0
        default: return nil
        }
    }
}
