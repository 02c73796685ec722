/// Keeps a whole body, for readers that need all of it (an article page for the extractor). Its size is bounded
/// by the request's `maxBodyBytes`, which the fetcher enforces: a larger body fails the fetch.
public final class BodyCollector: BodySink {
    public private(set) var bytes: [UInt8] = []
    public private(set) var contentType: String?

    public init() {}

    public func begin(status: Int, contentType: String?, effectiveURL: String) {
        self.contentType = contentType
        bytes.removeAll(keepingCapacity: true)
    }

    public func receive(_ chunk: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: chunk)
    }

    /// Drops the body once it has been used, so a batch of pages does not keep every body until it ends.
    public func release() {
        bytes = []
    }
}
