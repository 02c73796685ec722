/// The host part of a URL, without Foundation: `https://user@Example.org:8080/x` → `example.org`.
/// Good enough for a display fallback; returns the whole string when it has no `scheme://`.
enum URLHost {
    static func host(of url: String) -> String {
        guard let schemeEnd = url.firstRange(of: "://") else { return url }
        var rest = url[schemeEnd.upperBound...]
        if let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { rest = rest[..<end] }
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        if rest.hasPrefix("[") {
            // IPv6 literal: keep the brackets, drop the port.
            if let close = rest.firstIndex(of: "]") { rest = rest[...close] }
        } else if let colon = rest.firstIndex(of: ":") {
            rest = rest[..<colon]
        }
        return rest.isEmpty ? url : rest.lowercased()
    }
}
