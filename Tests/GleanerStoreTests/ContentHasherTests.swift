import GleanerModel
@testable import GleanerStore
import Testing

/// Stored content hashes must not change across builds: the hasher's number and hex encodings are checked
/// against the String-based forms they replaced.
@Suite struct ContentHasherTests {
    @Test func numbersHashAsTheirDecimalText() {
        for n: Int64 in [0, 1, 9, 10, -1, -10, 1_700_000_000, -1_700_000_000, .max, .min, .max - 1, .min + 1] {
            var a = ContentHasher(), b = ContentHasher()
            a.add(n)
            b.add(String(n))
            #expect(a.value == b.value, "\(n)")
        }
    }

    @Test func hexIsSixteenLowerCaseDigits() {
        for s in ["", "a", "Story", "0123456789"] {
            var h = ContentHasher()
            h.add(s)
            let reference = String(h.value, radix: 16)
            #expect(h.hex == String(repeating: "0", count: 16 - reference.count) + reference)
        }
        #expect(ContentHasher().hex == "cbf29ce484222325")
    }
}
