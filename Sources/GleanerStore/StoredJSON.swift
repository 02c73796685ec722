import GleanerModel

/// The JSON kept in text columns (tags, authors, categories, enclosures, links): written with the model's
/// `JSONWriter` so that it reads well in `sqlite3` and `json_each()`; absent values are omitted. Empty lists
/// are stored as NULL, which costs nothing to write on the hot path.
enum StoredJSON {
    static func strings(_ values: [String]) -> String {
        var w = JSONWriter()
        w.beginArray()
        for v in values { w.value(v) }
        w.endArray()
        return w.string
    }

    static func nonEmptyStrings(_ values: [String]) -> String? {
        values.isEmpty ? nil : strings(values)
    }

    static func people(_ people: [Person]) -> String? {
        people.isEmpty ? nil : array { Person.writeArray(people, to: &$0) }
    }

    static func enclosures(_ enclosures: [Enclosure]) -> String? {
        enclosures.isEmpty ? nil : array { Enclosure.writeArray(enclosures, to: &$0) }
    }

    static func links(_ links: [Link]) -> String? {
        links.isEmpty ? nil : array { Link.writeArray(links, to: &$0) }
    }

    private static func array(_ write: (inout JSONWriter) -> Void) -> String {
        var w = JSONWriter()
        write(&w)
        return w.string
    }

    /// Reads back a JSON array of strings (what `strings(_:)` writes, or any valid equivalent); nil when the
    /// text is not one.
    static func decodeStrings(_ text: String) -> [String]? {
        var p = Parser(bytes: Array(text.utf8))
        return p.stringArray()
    }

    /// Reads back what `people(_:)` writes; empty for NULL or anything else.
    static func decodePeople(_ text: String?) -> [Person] {
        objects(text).map { Person(name: $0["name"] ?? nil, email: $0["email"] ?? nil, uri: $0["uri"] ?? nil) }
    }

    /// Reads back what `enclosures(_:)` writes; empty for NULL or anything else.
    static func decodeEnclosures(_ text: String?) -> [Enclosure] {
        objects(text).compactMap { o in
            guard let url = o["url"] ?? nil else { return nil }
            return Enclosure(url: url, type: o["type"] ?? nil, length: (o["length"] ?? nil).flatMap { Int64($0) })
        }
    }

    /// An array of flat objects whose values are strings or numbers (numbers kept as their text).
    private static func objects(_ text: String?) -> [[String: String?]] {
        guard let text else { return [] }
        var p = Parser(bytes: Array(text.utf8))
        return p.objectArray() ?? []
    }

    private struct Parser {
        let bytes: [UInt8]
        var i = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func objectArray() -> [[String: String?]]? {
            skipSpace()
            guard take(UInt8(ascii: "[")) else { return nil }
            var out: [[String: String?]] = []
            skipSpace()
            if take(UInt8(ascii: "]")) { return out }
            while true {
                skipSpace()
                guard take(UInt8(ascii: "{")) else { return nil }
                var object: [String: String?] = [:]
                skipSpace()
                if !take(UInt8(ascii: "}")) {
                    while true {
                        skipSpace()
                        guard let key = string() else { return nil }
                        skipSpace()
                        guard take(UInt8(ascii: ":")) else { return nil }
                        skipSpace()
                        if i < bytes.count, bytes[i] == UInt8(ascii: "\"") {
                            guard let v = string() else { return nil }
                            object[key] = v
                        } else {
                            let start = i
                            while i < bytes.count, !",}] \t\r\n".utf8.contains(bytes[i]) { i += 1 }
                            object[key] = String(decoding: bytes[start..<i], as: UTF8.self)
                        }
                        skipSpace()
                        if take(UInt8(ascii: ",")) { continue }
                        if take(UInt8(ascii: "}")) { break }
                        return nil
                    }
                }
                out.append(object)
                skipSpace()
                if take(UInt8(ascii: ",")) { continue }
                if take(UInt8(ascii: "]")) { return out }
                return nil
            }
        }

        mutating func stringArray() -> [String]? {
            skipSpace()
            guard take(UInt8(ascii: "[")) else { return nil }
            var out: [String] = []
            skipSpace()
            if take(UInt8(ascii: "]")) { return finish(out) }
            while true {
                skipSpace()
                guard let s = string() else { return nil }
                out.append(s)
                skipSpace()
                if take(UInt8(ascii: ",")) { continue }
                if take(UInt8(ascii: "]")) { return finish(out) }
                return nil
            }
        }

        private mutating func finish(_ out: [String]) -> [String]? {
            skipSpace()
            return i == bytes.count ? out : nil
        }

        private mutating func string() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            var out: [UInt8] = []
            while i < bytes.count {
                let b = bytes[i]
                i += 1
                switch b {
                case UInt8(ascii: "\""):
                    return String(decoding: out, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard i < bytes.count else { return nil }
                    let e = bytes[i]
                    i += 1
                    switch e {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"):
                        guard let unit = hex4() else { return nil }
                        var scalarValue = UInt32(unit)
                        if (0xD800..<0xDC00).contains(unit) {
                            // A high surrogate must be followed by `\uDC00`–`\uDFFF`.
                            guard take(UInt8(ascii: "\\")), take(UInt8(ascii: "u")), let low = hex4(),
                                  (0xDC00..<0xE000).contains(low) else { return nil }
                            scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                        }
                        guard let scalar = Unicode.Scalar(scalarValue) else { return nil }
                        out.append(contentsOf: Array(String(Character(scalar)).utf8))
                    default: return nil
                    }
                default:
                    out.append(b)
                }
            }
            return nil
        }

        private mutating func hex4() -> UInt16? {
            guard i + 4 <= bytes.count else { return nil }
            var v: UInt16 = 0
            for _ in 0..<4 {
                let b = bytes[i]
                i += 1
                let d: UInt8
                switch b {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): d = b - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): d = b - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): d = b - UInt8(ascii: "A") + 10
                default: return nil
                }
                v = v << 4 | UInt16(d)
            }
            return v
        }

        private mutating func skipSpace() {
            while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
        }

        private mutating func take(_ b: UInt8) -> Bool {
            guard i < bytes.count, bytes[i] == b else { return false }
            i += 1
            return true
        }
    }
}
