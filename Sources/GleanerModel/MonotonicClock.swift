#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Time since a fixed point (boot) that is never set back, for deadlines, back-off and elapsed time; the
/// wall clock (`Timestamp.now()`) can jump when it is set. The one place Gleaner reads `CLOCK_MONOTONIC`.
public enum MonotonicClock {
    public static func nanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }

    /// Whole microseconds (systemd's `MONOTONIC_USEC`).
    public static func microseconds() -> UInt64 { nanoseconds() / 1000 }

    public static func seconds() -> Double { Double(nanoseconds()) / 1e9 }
}
