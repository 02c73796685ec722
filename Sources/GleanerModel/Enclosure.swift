/// A media file attached to an article (RSS `enclosure`, Atom `link rel="enclosure"`, Media RSS).
public struct Enclosure: Sendable, Hashable {
    public var url: String
    public var type: String?
    public var length: Int64?

    @inlinable public init(url: String, type: String? = nil, length: Int64? = nil) {
        self.url = url
        self.type = type
        self.length = length
    }
}
