/// Hides passwords in URLs (`https://user:secret@host/` → `https://user:***@host/`) wherever a URL can reach a
/// log line: feed URLs may carry credentials, and curl's messages may quote URLs.
enum CredentialRedaction {
    static func redact(_ text: String) -> String {
        var bytes = Array(text.utf8)
        var searchFrom = 0
        while let schemeEnd = find(Array("://".utf8), in: bytes, from: searchFrom) {
            let authorityStart = schemeEnd + 3
            var authorityEnd = authorityStart
            while authorityEnd < bytes.count, !isAuthorityTerminator(bytes[authorityEnd]) { authorityEnd += 1 }
            // The userinfo ends at the last "@" of the authority; its password starts after the first ":".
            if let at = bytes[authorityStart..<authorityEnd].lastIndex(of: UInt8(ascii: "@")),
                let colon = bytes[authorityStart..<at].firstIndex(of: UInt8(ascii: ":")),
                colon + 1 < at
            {
                bytes.replaceSubrange((colon + 1)..<at, with: Array("***".utf8))
                authorityEnd = colon + 1 + 3 + (authorityEnd - at)
            }
            searchFrom = max(authorityEnd, authorityStart)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func isAuthorityTerminator(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#"), UInt8(ascii: " "), UInt8(ascii: "\""),
            UInt8(ascii: "'"), UInt8(ascii: ")"), UInt8(ascii: ">"), UInt8(ascii: "\n"), UInt8(ascii: "\r"),
            UInt8(ascii: "\t"):
            return true
        default:
            return false
        }
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var i = start
        while i + needle.count <= haystack.count {
            if haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}
