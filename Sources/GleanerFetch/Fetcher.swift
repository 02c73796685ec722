import CCurl
import CShims
import Dispatch
import GleanerModel

/// Fetches many feeds at once on the calling thread with one curl multi handle, which keeps connections (and
/// TLS sessions) alive between transfers and between calls to `run`.
///
/// Not Sendable: the multi handle and every easy handle must stay on one thread. Confine a `Fetcher` to one
/// serial queue and pass only `FetchRequest`s and `FetchResult`s across.
public final class Fetcher {
    private let multi: UnsafeMutableRawPointer  // CURLM *
    private let maxTransfers: Int
    /// Per-host slots and Retry-After holds.
    public let politeness: HostPoliteness
    private var isRunning = false
    /// The serial queue the fetcher is confined to, when it has one; `run` asserts it.
    private let queue: DispatchQueue?

    /// - Parameters:
    ///   - maxTransfers: transfers (and connections) open at once.
    ///   - maxTransfersPerHost: transfers open at once to one host (`HostKey`), so a host with many feeds is
    ///     polled politely; its other feeds wait their turn in the fetcher, not inside curl, so waiting does not
    ///     count against their timeouts.
    ///   - queue: the serial queue every call will come from (nil: one thread, the caller's).
    public convenience init(maxTransfers: Int = 16, maxTransfersPerHost: Int = 2, queue: DispatchQueue? = nil) {
        self.init(maxTransfers: maxTransfers, politeness: HostPoliteness(maxTransfersPerHost: maxTransfersPerHost),
                  queue: queue)
    }

    /// - Parameter politeness: asked before each transfer starts (its host's Retry-After hold, a free slot on
    ///   its host) and told when one starts and ends; shared with whoever else decides about hosts (the daemon).
    public init(maxTransfers: Int, politeness: HostPoliteness, queue: DispatchQueue? = nil) {
        _ = CurlGlobal.isInitialized
        self.queue = queue
        guard let multi = curl_multi_init() else { fatalError("curl_multi_init failed: out of memory") }
        self.multi = multi
        self.maxTransfers = max(1, maxTransfers)
        self.politeness = politeness
        // Redirects can still land several transfers on one host; curl's own limits cover those.
        _ = gleaner_curl_multi_setopt_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, self.maxTransfers)
        _ = gleaner_curl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, politeness.maxTransfersPerHost)
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
    ///
    /// Before each transfer starts, `politeness` is asked about its host: a host that asked to wait (a
    /// Retry-After hold, also one set by an earlier transfer of this run) ends the request at once as
    /// `.failed(.heldBack)` without any I/O; a host whose slots are all in use keeps it waiting.
    public func run(
        _ requests: [(FetchRequest, BodySink)], stopWhen shouldStop: () -> Bool,
        completion: (Int, FetchResult) -> Void
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

        // Unparseable URLs have no key and no host limit; curl reports them as failures when they start.
        let hostKeys = requests.map { HostKey(url: $0.0.url) }
        var pending = Array(requests.indices)
        var active: [UnsafeMutableRawPointer: Transfer] = [:]
        let politeness = self.politeness

        func start(_ index: Int) {
            let (request, sink) = requests[index]
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
            if let host = transfer.hostKey { politeness.started(host) }
        }

        /// Starts waiting requests, oldest first, while there is room overall and on their host; ends those
        /// whose host asked to wait.
        func admit() {
            let now = Timestamp.now()
            var position = 0
            while position < pending.count, active.count < maxTransfers {
                let index = pending[position]
                switch politeness.mayStart(hostKeys[index], now: now) {
                case .busy, .spaced:
                    position += 1
                case .held(let until):
                    pending.remove(at: position)
                    let message = "host asked to wait until \(until.rfc3339)"
                    completion(index, .failed(FetchError(kind: .heldBack, url: requests[index].0.url, message: message)))
                case .start:
                    pending.remove(at: position)
                    start(index)
                }
            }
        }

        /// Detaches a transfer from the multi handle and reports it; the Transfer (and its handle) dies after.
        func finish(_ handle: UnsafeMutableRawPointer, _ result: (Transfer) -> FetchResult) {
            guard let transfer = active.removeValue(forKey: handle) else { return }
            _ = curl_multi_remove_handle(multi, handle)
            if let host = transfer.hostKey { politeness.ended(host, monotonic: MonotonicClock.seconds()) }
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
