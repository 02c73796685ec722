/// The namespaces whose elements the parser understands, identified once per distinct URI.
enum XMLNamespace: UInt8, Sendable {
    case none
    /// RSS 0.90, RSS 1.0 and UserLand's RSS 2.0 namespace: elements read like plain RSS.
    case rss090, rss10, rss20
    case atom10, atom03
    case rdf
    case content, dc, dcterms, sy, media, xhtml, itunes, slash, wfw
    case other

    static func identify(_ uri: UnsafeBufferPointer<UInt8>) -> XMLNamespace {
        let s = String(decoding: uri, as: UTF8.self)
        // Feeds write some URIs with other capitals (`http://www.itunes.com/DTDs/Podcast-1.0.dtd`) or
        // without their final slash (`http://purl.org/dc/elements/1.1`).
        if let ns = table[s] { return ns }
        let lower = s.lowercased()
        return table[lower] ?? (lower.hasSuffix("/") ? nil : table[lower + "/"]) ?? .other
    }

    private static let table: [String: XMLNamespace] = [
        "http://my.netscape.com/rdf/simple/0.9/": .rss090,
        "http://purl.org/rss/1.0/": .rss10,
        "http://backend.userland.com/rss2": .rss20,
        "http://blogs.law.harvard.edu/tech/rss": .rss20,
        "http://www.w3.org/2005/Atom": .atom10,
        "http://purl.org/atom/ns#": .atom03,
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#": .rdf,
        "http://purl.org/rss/1.0/modules/content/": .content,
        "http://purl.org/dc/elements/1.1/": .dc,
        "http://purl.org/dc/terms/": .dcterms,
        "http://purl.org/rss/1.0/modules/syndication/": .sy,
        "http://search.yahoo.com/mrss/": .media,
        "http://search.yahoo.com/mrss": .media,
        "http://www.w3.org/1999/xhtml": .xhtml,
        "http://www.itunes.com/dtds/podcast-1.0.dtd": .itunes,
        "http://purl.org/rss/1.0/modules/slash/": .slash,
        "http://wellformedweb.org/commentapi/": .wfw,
    ]

    /// Plain RSS elements: no namespace, or one of the RSS namespaces that some feeds declare as default.
    var isRSS: Bool {
        switch self {
        case .none, .rss090, .rss10, .rss20: return true
        default: return false
        }
    }

    var isAtom: Bool { self == .atom10 || self == .atom03 }

    /// Elements of a feed or entry that are known to have no children worth ignoring wholesale: for
    /// these no `.ignore` container is pushed (a small saving on the commonest elements).
    @inline(__always) func isKnownLeafless(_ name: LocalName) -> Bool {
        switch name {
        case .enclosure, .link, .category: return true
        // Media RSS groups alternative renditions of one item, and `media:content` may hold its own
        // `media:thumbnail`: what they contain is read in the entry.
        case .group: return self == .media
        case .content: return self == .media
        default: return false
        }
    }
}
