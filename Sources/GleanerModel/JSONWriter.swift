/// A small ordered JSON writer for the output contracts.
///
/// The contracts promise a field order and "absent values are omitted, never null"; writing by hand keeps
/// both true without a `Codable` detour, and keeps non-ASCII text (Arabic titles) as raw UTF-8.
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    private var needsComma: [Bool] = []

    public init() { bytes.reserveCapacity(1024) }

    public var string: String { String(decoding: bytes, as: UTF8.self) }

    public mutating func beginObject() { valuePrefix(); bytes.append(UInt8(ascii: "{")); needsComma.append(false) }
    public mutating func endObject() { needsComma.removeLast(); bytes.append(UInt8(ascii: "}")) }
    public mutating func beginArray() { valuePrefix(); bytes.append(UInt8(ascii: "[")); needsComma.append(false) }
    public mutating func endArray() { needsComma.removeLast(); bytes.append(UInt8(ascii: "]")) }

    public mutating func key(_ k: String) {
        if needsComma.last == true { bytes.append(UInt8(ascii: ",")) }
        if !needsComma.isEmpty { needsComma[needsComma.count - 1] = true }
        appendQuoted(k)
        bytes.append(UInt8(ascii: ":"))
        pendingKey = true
    }

    private var pendingKey = false

    private mutating func valuePrefix() {
        if pendingKey { pendingKey = false; return }
        if needsComma.last == true { bytes.append(UInt8(ascii: ",")) }
        if !needsComma.isEmpty { needsComma[needsComma.count - 1] = true }
    }

    public mutating func value(_ s: String) { valuePrefix(); appendQuoted(s) }
    public mutating func value(_ n: Int64) { valuePrefix(); bytes.append(contentsOf: Array(String(n).utf8)) }
    public mutating func value(_ n: Int) { value(Int64(n)) }
    public mutating func value(_ b: Bool) { valuePrefix(); bytes.append(contentsOf: Array((b ? "true" : "false").utf8)) }

    // Convenience: a key and its value, skipped when the value is absent (or, for strings, empty).
    public mutating func field(_ k: String, _ v: String?) { if let v, !v.isEmpty { key(k); value(v) } }
    public mutating func field(_ k: String, _ v: Int64?) { if let v { key(k); value(v) } }
    public mutating func field(_ k: String, _ v: Int?) { if let v { key(k); value(v) } }
    public mutating func field(_ k: String, _ v: Bool) { key(k); value(v) }
    public mutating func field(_ k: String, _ v: Timestamp?) { if let v { key(k); value(v.rfc3339) } }
    public mutating func field(_ k: String, strings: [String]) {
        guard !strings.isEmpty else { return }
        key(k); beginArray(); for s in strings { value(s) }; endArray()
    }

    /// RFC 8259 escaping, plus `\u` escapes for DEL, the C1 controls, U+2028/U+2029 and the bidi controls
    /// U+202A–U+202E and U+2066–U+2069: valid JSON either way and the same text once decoded, but escaped, a
    /// line shown by `cat` or read by a JavaScript parser can carry no raw control to a terminal and cannot
    /// reorder itself. Everything else, Arabic and LRM/RLM included, stays raw UTF-8.
    private mutating func appendQuoted(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        var utf8 = Array(s.utf8)[...]
        while let b = utf8.popFirst() {
            switch b {
            case UInt8(ascii: "\""): bytes.append(92); bytes.append(b)
            case UInt8(ascii: "\\"): bytes.append(92); bytes.append(b)
            case 0x0A: bytes.append(92); bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(92); bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(92); bytes.append(UInt8(ascii: "t"))
            case 0..<0x20, 0x7F: appendEscape(UInt16(b))
            case 0xC2 where (0x80...0x9F).contains(utf8.first ?? 0):
                appendEscape(UInt16(utf8.popFirst()!))
            case 0xE2 where utf8.count >= 2 && JSONWriter.escapedAfterE2(utf8[utf8.startIndex], utf8[utf8.startIndex + 1]):
                let second = UInt16(utf8.removeFirst() & 0x3F), third = UInt16(utf8.removeFirst() & 0x3F)
                appendEscape(0x2000 | second << 6 | third)
            default: bytes.append(b)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// U+2028, U+2029 (E2 80 A8/A9), the bidi embeddings and overrides U+202A–U+202E (E2 80 AA–AE) and the
    /// isolates U+2066–U+2069 (E2 81 A6–A9).
    private static func escapedAfterE2(_ second: UInt8, _ third: UInt8) -> Bool {
        (second == 0x80 && (0xA8...0xAE).contains(third)) || (second == 0x81 && (0xA6...0xA9).contains(third))
    }

    private mutating func appendEscape(_ unit: UInt16) {
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        bytes.append(contentsOf: [92, UInt8(ascii: "u"), hex[Int(unit >> 12)], hex[Int((unit >> 8) & 15)],
                                  hex[Int((unit >> 4) & 15)], hex[Int(unit & 15)]])
    }
}
