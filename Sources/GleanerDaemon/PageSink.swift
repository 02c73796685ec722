import GleanerFetch

/// Collects an article page's body (the fetcher caps it at the request's `maxBodyBytes`) for the extractor,
/// which needs the whole page.
final class PageSink: BodySink {
    private(set) var bytes: [UInt8] = []
    private(set) var contentType: String?

    func begin(status: Int, contentType: String?, effectiveURL: String) {
        self.contentType = contentType
        bytes.removeAll(keepingCapacity: true)
    }

    func receive(_ chunk: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: chunk)
    }
}
