import GleanerFetch
import GleanerParse

/// Streams one transfer's body into a libxml2 push parser as curl delivers it: the document is never held
/// whole in memory. The parser is created when the headers are in, so that it knows the served
/// Content-Type (a charset hint) and the final address (the base for relative links).
final class ParserSink: BodySink {
    private(set) var parser: FeedParser?
    private(set) var contentType: String?

    func begin(status: Int, contentType: String?, effectiveURL: String) {
        self.contentType = contentType
        parser = FeedParser(documentURL: effectiveURL, contentType: contentType)
    }

    func receive(_ chunk: UnsafeRawBufferPointer) {
        parser?.push(chunk)
    }
}
