import CCurl
import CShims
import Dispatch

/// Fetches many feeds at once on the calling thread with one curl multi handle, which keeps connections (and
/// TLS sessions) alive between transfers and between calls to `run`.
///
/// Not Sendable: the multi handle and every easy handle must stay on one thread. Confine a `Fetcher` to one
/// serial queue and pass only `FetchRequest`s and `FetchResult`s across.
public final class Fetcher {
    private let multi: UnsafeMutableRawPointer  // CURLM *
    private let maxTransfers: Int
    private let maxTransfersPerHost: Int
    private var isRunning = false
    /// The serial queue the fetcher is confined to, when it has one; `run` asserts it.
    private let queue: DispatchQueue?

    /// - Parameters:
    ///   - maxTransfers: transfers (and connections) open at once.
    ///   - maxTransfersPerHost: transfers open at once to one host and port, so a host with many feeds is
    ///     polled politely; its other feeds wait their turn in the fetcher, not inside curl, so waiting does not
    ///     count against their timeouts.
    ///   - queue: the serial queue every call will come from (nil: one thread, the caller's).
    public init(maxTransfers: Int = 16, maxTransfersPerHost: Int = 2, queue: DispatchQueue? = nil) {
        _ = CurlGlobal.isInitialized
        self.queue = queue
        guard let multi = curl_multi_init() else { fatalError("curl_multi_init failed: out of memory") }
        self.multi = multi
        self.maxTransfers = max(1, maxTransfers)
        self.maxTransfersPerHost = max(1, maxTransfersPerHost)
        // Redirects can still land several transfers on one host; curl's own limits cover those.
        _ = gleaner_curl_multi_setopt_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, self.maxTransfers)
        _ = gleaner_curl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, self.maxTransfersPerHost)
        // Several transfers to one HTTP/2 host share a connection (curl's default since 7.62; said explicitly).
        _ = gleaner_curl_multi_setopt_long(multi, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
    }

    /// The content codings this libcurl decodes, in the order curl offers them in `Accept-Encoding`
    /// (Transfer sets CURLOPT_ACCEPT_ENCODING to "", which means all of these).
    public static var supportedEncodings: [String] {
        guard let info = curl_version_info(CURLVERSION_FOURTH) else { return [] }
        let features = Int32(info.pointee.features)
        var out: [String] = []
        if features & CURL_VERSION_LIBZ != 0 { out += ["deflate", "gzip"] }
        if features & CURL_VERSION_BROTLI != 0 { out.append("br") }
        if features & CURL_VERSION_ZSTD != 0 { out.append("zstd") }
        return out
    }

    deinit {
        // `run` removes every easy handle before returning, so only cached connections are left to close.
        curl_multi_cleanup(multi)
    }

    /// Runs all requests concurrently on the calling thread (curl_multi_perform + curl_multi_poll loop) until
    /// every one finished; calls completion on the calling thread as each one ends, in completion order.
    public func run(_ requests: [(FetchRequest, BodySink)], completion: (Int, FetchResult) -> Void) {
        run(requests, stopWhen: { false }, completion: completion)
    }

    /// `run`, checking `shouldStop` between rounds (at least every 250 ms): once it returns true, transfers in
    /// flight end as `.failed(.aborted)` and those not started too. This is the shutdown path's deadline.
    public func run(
        _ requests: [(FetchRequest, BodySink)], stopWhen shouldStop: () -> Bool,
        completion: (Int, FetchResult) -> Void
    ) {
        run(requests, stopWhen: shouldStop, holdBack: { _ in nil }, completion: completion)
    }

    /// `run`, asking `holdBack` about each request just before it starts: a non-nil answer (the reason) ends it
    /// at once as `.failed(.aborted)` with that message, without any I/O. The fetch job uses it to stop
    /// requesting from a host that answered 429/503 with a Retry-After earlier in the same run.
    public func run(
        _ requests: [(FetchRequest, BodySink)], stopWhen shouldStop: () -> Bool,
        holdBack: (Int) -> String?, completion: (Int, FetchResult) -> Void
    ) {
        if let queue { dispatchPrecondition(condition: .onQueue(queue)) }
        precondition(!isRunning, "Fetcher.run is not reentrant (called from a completion or a sink?)")
        isRunning = true
        defer { isRunning = false }

        guard CurlGlobal.isInitialized else {
            for (index, (request, _)) in requests.enumerated() {
                let error = FetchError(kind: .other, url: request.url, message: "libcurl failed to initialise")
                completion(index, .failed(error))
            }
            return
        }

        // Unparseable URLs get a key of their own; curl reports them as failures when they start.
        let hostKeys = requests.indices.map { CurlURL.hostKey(requests[$0].0.url) ?? "\u{0}\($0)" }
        var pending = Array(requests.indices)
        var active: [UnsafeMutableRawPointer: Transfer] = [:]
        var perHost: [String: Int] = [:]

        func start(_ index: Int) {
            let (request, sink) = requests[index]
            if let reason = holdBack(index) {
                completion(index, .failed(FetchError(kind: .aborted, url: request.url, message: reason)))
                return
            }
            guard let transfer = Transfer(index: index, request: request, sink: sink, hostKey: hostKeys[index]) else {
                completion(index, .failed(FetchError(kind: .other, url: request.url, message: "out of memory")))
                return
            }
            if let error = transfer.configure() {
                completion(index, .failed(error))
                return
            }
            let code = curl_multi_add_handle(multi, transfer.handle)
            guard code == CURLM_OK else {
                let text = String(cString: curl_multi_strerror(code))
                completion(index, .failed(FetchError(kind: .other, url: request.url, message: "curl multi: \(text)")))
                return
            }
            active[transfer.handle] = transfer
            perHost[transfer.hostKey, default: 0] += 1
        }

        /// Starts waiting requests, oldest first, while there is room overall and on their host.
        func admit() {
            var position = 0
            while position < pending.count, active.count < maxTransfers {
                let index = pending[position]
                if perHost[hostKeys[index], default: 0] >= maxTransfersPerHost {
                    position += 1
                } else {
                    pending.remove(at: position)
                    start(index)
                }
            }
        }

        /// Detaches a transfer from the multi handle and reports it; the Transfer (and its handle) dies after.
        func finish(_ handle: UnsafeMutableRawPointer, _ result: (Transfer) -> FetchResult) {
            guard let transfer = active.removeValue(forKey: handle) else { return }
            _ = curl_multi_remove_handle(multi, handle)
            perHost[transfer.hostKey, default: 1] -= 1
            completion(transfer.index, result(transfer))
        }

        func stopAll(_ kind: FetchError.Kind, _ message: String) {
            for handle in active.keys.sorted(by: { active[$0]!.index < active[$1]!.index }) {
                finish(handle) { transfer in
                    .failed(FetchError(kind: kind, url: transfer.request.url, message: message))
                }
            }
        }

        while true {
            if shouldStop() {
                stopAll(.aborted, "fetch stopped before it finished")
                for index in pending {
                    let message = "fetch stopped before it started"
                    completion(index, .failed(FetchError(kind: .aborted, url: requests[index].0.url, message: message)))
                }
                pending.removeAll()
                break
            }
            admit()
            if active.isEmpty {
                if pending.isEmpty { break }
                continue  // every admitted transfer failed to start; admit the next ones
            }

            var running: Int32 = 0
            let performed = curl_multi_perform(multi, &running)
            if performed != CURLM_OK {
                // Only a broken multi handle or no memory gets here; end what is in flight rather than spin.
                stopAll(.other, "curl multi: \(String(cString: curl_multi_strerror(performed)))")
                continue
            }

            var finished = 0
            var queued: Int32 = 0
            while let message = curl_multi_info_read(multi, &queued) {
                // Copied out first: the message dies with curl_multi_remove_handle.
                guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle else { continue }
                let code = message.pointee.data.result
                finish(handle) { $0.result(code) }
                finished += 1
            }
            // Waits for socket activity or curl's next timer (curl caps the wait at that timer).
            if finished == 0 {
                _ = curl_multi_poll(multi, nil, 0, 250, nil)
            }
        }
    }
}

/// Spelled out so nobody adds `@unchecked Sendable`: curl handles must not cross threads.
@available(*, unavailable)
extension Fetcher: Sendable {}
