/// Feed URLs may carry `user:password@` (HTTP basic auth from feeds.conf); nothing Gleaner prints, logs or
/// exports may show it. This is the one redaction: every output boundary (log lines, human output, JSON,
/// hook input, error messages that quote URLs) passes URLs and URL-bearing text through `stripped`.
public enum URLUserInfo {
    /// The text with the user info of every `scheme://user:password@host` in it removed:
    /// `https://u:p@host/feed` becomes `https://host/feed`, also inside a longer message (curl's error texts
    /// quote URLs). The whole user info goes, not only the password: a user name is an account, and a password
    /// with an unencoded `:` would otherwise leave its tail behind.
    public static func stripped(_ text: String) -> String {
        // Nearly every value has no "@": no copy.
        guard text.utf8.contains(UInt8(ascii: "@")) else { return text }
        var bytes = Array(text.utf8)
        var searchFrom = 0
        while let schemeEnd = find(bytes, from: searchFrom) {
            let authorityStart = schemeEnd + 3
            var authorityEnd = authorityStart
            while authorityEnd < bytes.count, !isAuthorityTerminator(bytes[authorityEnd]) { authorityEnd += 1 }
            // The user info ends at the last "@" of the authority (a password may hold an unencoded "@").
            if let at = bytes[authorityStart..<authorityEnd].lastIndex(of: UInt8(ascii: "@")) {
                bytes.removeSubrange(authorityStart...at)
                authorityEnd -= at + 1 - authorityStart
            }
            searchFrom = authorityEnd
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// What ends an authority in a URL, and also in free text around a URL (quotes, brackets, white space).
    private static func isAuthorityTerminator(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#"), UInt8(ascii: " "), UInt8(ascii: "\""),
            UInt8(ascii: "'"), UInt8(ascii: ")"), UInt8(ascii: ">"), UInt8(ascii: "<"), UInt8(ascii: "\\"),
            0x00...0x1F, 0x7F:
            return true
        default:
            return false
        }
    }

    /// The index of the next "://" at or after `start`.
    private static func find(_ bytes: [UInt8], from start: Int) -> Int? {
        var i = start
        while i + 3 <= bytes.count {
            if bytes[i] == UInt8(ascii: ":"), bytes[i + 1] == UInt8(ascii: "/"), bytes[i + 2] == UInt8(ascii: "/") {
                return i
            }
            i += 1
        }
        return nil
    }
}
