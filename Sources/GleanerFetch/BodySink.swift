/// Receives one transfer's body as it arrives, so a feed is parsed while it downloads and never held whole.
///
/// One sink per transfer. The fetcher calls it only on the thread running `Fetcher.run`. Bodies of non-2xx
/// responses (error pages, redirect bodies) never reach the sink. When the result is `.failed`, the sink may
/// already hold a partial body (a cut connection, a body over the cap): discard what it built.
public protocol BodySink: AnyObject {
    /// Called once when headers are complete and the status is 2xx, before any body bytes (contentType may be nil).
    func begin(status: Int, contentType: String?, effectiveURL: String)
    /// Decompressed body bytes; the buffer is valid only during the call.
    func receive(_ chunk: UnsafeRawBufferPointer)
}
