/// An author or contributor of a feed or an article.
public struct Person: Sendable, Hashable {
    public var name: String?
    public var email: String?
    public var uri: String?

    @inlinable public init(name: String? = nil, email: String? = nil, uri: String? = nil) {
        self.name = name
        self.email = email
        self.uri = uri
    }

    @inlinable public var isEmpty: Bool { name == nil && email == nil && uri == nil }
}
