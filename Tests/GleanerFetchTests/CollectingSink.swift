import GleanerFetch

/// A sink that keeps everything it is given, to compare with what the server sent.
final class CollectingSink: BodySink {
    private(set) var bytes: [UInt8] = []
    private(set) var beginCalls: [(status: Int, contentType: String?, effectiveURL: String)] = []
    private(set) var chunksBeforeBegin = 0

    func begin(status: Int, contentType: String?, effectiveURL: String) {
        beginCalls.append((status, contentType, effectiveURL))
    }

    func receive(_ chunk: UnsafeRawBufferPointer) {
        if beginCalls.isEmpty { chunksBeforeBegin += 1 }
        bytes.append(contentsOf: chunk)
    }
}
