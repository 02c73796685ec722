import GleanerModel

extension Punycode {
    /// `url` with its host (`scheme://user@host:port/…`) in IDNA form (`asciiHost(name:)`); everything else as
    /// it was.
    static func asciiHost(_ url: [UInt8]) -> [UInt8] {
        // The authority: after `//` (after a scheme, or at the start), up to `/`, `?` or `#`.
        var start = 0
        if let colon = URLResolver.schemeEnd(url) { start = colon + 1 }
        guard start + 1 < url.count, url[start] == UInt8(ascii: "/"), url[start + 1] == UInt8(ascii: "/") else { return url }
        start += 2
        var end = start
        while end < url.count, url[end] != UInt8(ascii: "/"), url[end] != UInt8(ascii: "?"), url[end] != UInt8(ascii: "#") { end += 1 }
        var hostStart = start
        if let at = url[start..<end].lastIndex(of: UInt8(ascii: "@")) { hostStart = at + 1 }
        var hostEnd = end
        if let colon = url[hostStart..<end].lastIndex(of: UInt8(ascii: ":")),
           url[(colon + 1)..<end].allSatisfy({ $0 >= 48 && $0 <= 57 }) { hostEnd = colon }
        let host = url[hostStart..<hostEnd]
        guard host.contains(where: { $0 >= 0x80 }) else { return url }
        let ascii = Punycode.asciiHost(name: String(decoding: host, as: UTF8.self))
        return Array(url[..<hostStart]) + Array(ascii.utf8) + Array(url[hostEnd...])
    }
}
