/// Feed URLs may carry `user:password@` (HTTP basic auth from feeds.conf); nothing Gleaner prints may show it.
public enum URLUserInfo {
    /// The URL without its user info: `https://u:p@host/feed` becomes `https://host/feed`.
    public static func stripped(_ url: String) -> String {
        guard let schemeEnd = url.utf8.firstIndex(of: UInt8(ascii: ":")),
              url.utf8[schemeEnd...].starts(with: "://".utf8)
        else { return url }
        let authorityStart = url.utf8.index(schemeEnd, offsetBy: 3)
        let rest = url.utf8[authorityStart...]
        let authorityEnd = rest.firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }
            ?? url.utf8.endIndex
        guard let at = url.utf8[authorityStart..<authorityEnd].lastIndex(of: UInt8(ascii: "@")) else { return url }
        return String(url[..<authorityStart]) + String(url[url.utf8.index(after: at)...])
    }
}
