import Foundation
import GleanerFetch
import GleanerTestSupport
import Testing

@Suite("Limits: time and size")
struct LimitTests {
    @Test("a trickling server is cut by the low-speed limit")
    func lowSpeed() throws {
        let served = try ServedDirectory()
        let clock = ContinuousClock()
        var outcome: (result: FetchResult, sink: CollectingSink)?
        let elapsed = clock.measure {
            outcome = Fetcher().fetchOne(
                FetchRequest(url: served.url("/fault/slow?bytes_per_sec=2"), lowSpeedLimit: 100, lowSpeedTime: 1))
        }
        let error = try #require(outcome?.result.error)
        #expect(error.kind == .timeout)
        #expect(error.description == "transfer slower than 100 bytes/s for 1 s")
        #expect(elapsed < .seconds(3))
    }

    @Test("the total timeout cuts a transfer that is slow but above the low-speed limit")
    func totalTimeout() throws {
        let served = try ServedDirectory()
        let clock = ContinuousClock()
        var outcome: (result: FetchResult, sink: CollectingSink)?
        let elapsed = clock.measure {
            outcome = Fetcher().fetchOne(
                FetchRequest(url: served.url("/fault/slow?bytes_per_sec=50"), timeout: 1, lowSpeedLimit: 0))
        }
        let error = try #require(outcome?.result.error)
        #expect(error.kind == .timeout)
        #expect(error.description == "timed out after 1 s")
        #expect(elapsed < .seconds(3))
    }

    @Test("a gzip bomb is stopped at maxBodyBytes of decompressed data")
    func gzipBomb() throws {
        let served = try ServedDirectory()
        let cap = 1 << 20
        let (result, sink) = Fetcher().fetchOne(FetchRequest(url: served.url("/fault/gzipbomb"), maxBodyBytes: cap))
        let error = try #require(result.error)
        #expect(error.kind == .tooLarge)
        #expect(error.description == "body larger than 1 MiB")
        #expect(sink.bytes.count <= cap)
        #expect(sink.bytes.count > 0)
    }

    @Test("a body that never ends is stopped at maxBodyBytes")
    func endless() throws {
        let served = try ServedDirectory()
        let cap = 300 << 10
        let (result, sink) = Fetcher().fetchOne(FetchRequest(url: served.url("/fault/endless"), maxBodyBytes: cap))
        #expect(result.error?.kind == .tooLarge)
        #expect(result.error?.description == "body larger than 300 KiB")
        #expect(sink.bytes.count <= cap)
    }

    @Test("a declared Content-Length over the cap is refused before any byte reaches the sink")
    func declaredTooLarge() throws {
        // Random bytes do not compress, so even the gzip-encoded Content-Length exceeds the cap.
        var generator = SeededGenerator()
        let body = (0..<50_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let served = try ServedDirectory(["big.xml": body])
        let (result, sink) = Fetcher().fetchOne(FetchRequest(url: served.url("/files/big.xml"), maxBodyBytes: 10_000))
        #expect(result.error?.kind == .tooLarge)
        #expect(sink.bytes.isEmpty)
    }

    @Test("a body of exactly maxBodyBytes is accepted, one byte more is not", arguments: [(0, true), (1, false)])
    func capBoundary(extra: Int, accepted: Bool) throws {
        let cap = 64 << 10
        let body = Array(repeating: UInt8(ascii: "a"), count: cap + extra)
        let served = try ServedDirectory(["feed.xml": body])
        let (result, sink) = Fetcher().fetchOne(FetchRequest(url: served.url("/files/feed.xml"), maxBodyBytes: cap))
        #expect(result.isFetched == accepted)
        #expect(sink.bytes.count <= cap)
        if !accepted { #expect(result.error?.kind == .tooLarge) }
    }

    @Test("stopWhen aborts transfers in flight and those not started")
    func stopWhen() throws {
        let served = try ServedDirectory()
        let requests: [(FetchRequest, BodySink)] = (0..<4).map { _ in
            (FetchRequest(url: served.url("/fault/slow?bytes_per_sec=10")), CollectingSink())
        }
        let clock = ContinuousClock()
        let start = clock.now
        var results: [Int: FetchResult] = [:]
        Fetcher(maxTransfers: 2, maxTransfersPerHost: 2).run(
            requests, stopWhen: { clock.now - start > .milliseconds(300) }
        ) { results[$0] = $1 }

        #expect(results.count == 4)
        #expect(results.values.allSatisfy { $0.error?.kind == .aborted })
        #expect(clock.now - start < .seconds(2))
    }
}
