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

    private mutating func appendQuoted(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): bytes.append(92); bytes.append(b)
            case UInt8(ascii: "\\"): bytes.append(92); bytes.append(b)
            case 0x0A: bytes.append(92); bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(92); bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(92); bytes.append(UInt8(ascii: "t"))
            case 0..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [92, UInt8(ascii: "u"), 48, 48, hex[Int(b >> 4)], hex[Int(b & 15)]])
            default: bytes.append(b)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
