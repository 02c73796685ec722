import GleanerModel

/// A statement parameter in libpq's text format; nil is SQL NULL.
protocol PGValue {
    var pgText: String? { get }
}

extension String: PGValue {
    /// PostgreSQL text cannot hold U+0000 (and libpq's text parameters end at the first NUL byte): it is
    /// stored as U+FFFD, which is what a reader would see of it anyway.
    var pgText: String? { utf8.contains(0) ? replacingNUL() : self }

    private func replacingNUL() -> String {
        var out = ""
        out.unicodeScalars.append(contentsOf: unicodeScalars.map { $0 == "\0" ? "\u{FFFD}" : $0 })
        return out
    }
}

extension Int64: PGValue { var pgText: String? { String(self) } }
extension Int: PGValue { var pgText: String? { String(self) } }
extension Bool: PGValue { var pgText: String? { self ? "t" : "f" } }
extension Timestamp: PGValue { var pgText: String? { String(seconds) } }

extension Optional: PGValue where Wrapped: PGValue {
    var pgText: String? { self?.pgText }
}
