/// A link of a feed or an article, as Atom describes it (RSS links are `rel` alternate).
public struct Link: Sendable, Hashable {
    public var href: String
    public var rel: String?
    public var type: String?
    public var title: String?
    public var hreflang: String?
    public var length: Int64?

    @inlinable public init(href: String, rel: String? = nil, type: String? = nil, title: String? = nil,
                hreflang: String? = nil, length: Int64? = nil) {
        self.href = href
        self.rel = rel
        self.type = type
        self.title = title
        self.hreflang = hreflang
        self.length = length
    }
}
