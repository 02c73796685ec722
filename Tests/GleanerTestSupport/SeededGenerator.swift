import Foundation

/// A reproducible random generator for tests (SplitMix64). Each test that draws random input makes one with its
/// own name; the seed is printed, so a failure can be replayed with `GLEANER_TEST_SEED=N swift test --filter …`.
/// Without that variable every run draws a new seed, so the tests keep exploring new inputs.
public struct SeededGenerator: RandomNumberGenerator {
    public let seed: UInt64
    private var state: UInt64

    public init(_ test: String = #function, seed: UInt64? = nil) {
        let chosen = seed
            ?? ProcessInfo.processInfo.environment["GLEANER_TEST_SEED"].flatMap { UInt64($0) }
            ?? UInt64.random(in: .min ... .max)
        self.seed = chosen
        state = chosen
        print("random seed for \(test): \(chosen) (replay: GLEANER_TEST_SEED=\(chosen))")
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
