import GleanerModel
import Testing

@Suite struct FNV1a64Tests {
    /// Published FNV-1a 64 test vectors: stored keys and content hashes depend on the function never changing.
    @Test(arguments: [
        ("", "cbf29ce484222325"),
        ("a", "af63dc4c8601ec8c"),
        ("foobar", "85944171f73967e8"),
    ])
    func knownVectors(_ input: String, _ hex: String) {
        var h = FNV1a64()
        h.add(input)
        #expect(h.hex == hex)
        #expect(String(h.value, radix: 16).leftPadded(to: 16) == hex)
    }

    /// Every way of adding bytes gives the same hash, however the input is cut.
    @Test func entryPointsAgree() {
        let text = "نص عربي & ascii \u{1F}\u{0} 😀"
        var whole = FNV1a64()
        whole.add(text)
        var bytes = FNV1a64()
        bytes.add(bytes: text.utf8.reversed().reversed())
        var oneByOne = FNV1a64()
        for b in text.utf8 { oneByOne.add(byte: b) }
        var pieces = FNV1a64()
        Array(text.utf8).withUnsafeBufferPointer { buffer in
            pieces.add(UnsafeBufferPointer(rebasing: buffer[..<7]))
            pieces.add(UnsafeBufferPointer(rebasing: buffer[7...]))
        }
        #expect(bytes.value == whole.value && oneByOne.value == whole.value && pieces.value == whole.value)
    }
}

extension String {
    fileprivate func leftPadded(to n: Int) -> String { String(repeating: "0", count: max(0, n - count)) + self }
}
