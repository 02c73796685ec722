import GleanerFetch

/// Counts transfers between their sink's `begin` and their completion, keeping the peak, to observe how many
/// transfers really overlapped.
final class InFlightGauge {
    private(set) var inFlight = 0
    private(set) var peak = 0

    func sink() -> BodySink { Sink(gauge: self) }

    func ended() { inFlight -= 1 }

    private final class Sink: BodySink {
        let gauge: InFlightGauge
        init(gauge: InFlightGauge) { self.gauge = gauge }

        func begin(status: Int, contentType: String?, effectiveURL: String) {
            gauge.inFlight += 1
            gauge.peak = max(gauge.peak, gauge.inFlight)
        }

        func receive(_ chunk: UnsafeRawBufferPointer) {}
    }
}
