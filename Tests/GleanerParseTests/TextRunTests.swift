import CTextScan
import Testing

/// `gleaner_text_run` (CTextScan, the sanitizer's text copy: AVX2 where the CPU has it) and its portable
/// version against a byte-by-byte reference: the index returned, the bytes copied before it, and no store
/// beyond the `n - i` bytes of room the contract allows.
@Suite struct TextRunTests {
    static func isStop(_ c: UInt8) -> Bool { c == 0x3C || c == 0x26 || c == 0x3E || c < 0x20 || c == 0xEF }

    static func check(_ input: [UInt8], from: Int, _ run: (UnsafePointer<UInt8>, Int, Int, UnsafeMutablePointer<UInt8>) -> Int,
                      _ label: String) {
        let n = input.count
        var expected = from
        while expected < n, !isStop(input[expected]) { expected += 1 }
        let room = n - from
        // The room, then sixteen guard bytes that must stay untouched.
        var out = [UInt8](repeating: 0xA5, count: room + 16)
        let got = input.withUnsafeBufferPointer { p in
            out.withUnsafeMutableBufferPointer { o in run(p.baseAddress!, from, n, o.baseAddress!) }
        }
        #expect(got == expected, "\(label): n=\(n) from=\(from)")
        #expect(Array(out[0..<(got - from)]) == Array(input[from..<got]), "\(label): copied bytes, n=\(n) from=\(from)")
        #expect(out[room...].allSatisfy { $0 == 0xA5 }, "\(label): stored past the room, n=\(n) from=\(from)")
    }

    static func checkBoth(_ input: [UInt8], from: Int) {
        check(input, from: from, { gleaner_text_run($0, $1, $2, $3) }, "dispatched")
        check(input, from: from, { gleaner_text_run_portable($0, $1, $2, $3) }, "portable")
    }

    /// Each byte that stops the copy, and some that do not, at every position of runs of 0...80 bytes of
    /// Arabic and ASCII text, started at offsets 0...3.
    @Test func stopsAtTheFirstByteThatMatters() {
        let stops: [UInt8] = [0x3C, 0x26, 0x3E, 0x00, 0x09, 0x0A, 0x0D, 0x1F, 0xEF]
        let passes: [UInt8] = [0x20, 0x3D, 0x3F, 0x7F, 0x80, 0xBF, 0xEE, 0xF0, 0xFF, 0x1C + 0x80]
        let filler = Array("نص عربي and text ".utf8)
        var checked = 0
        for length in 0...80 {
            let base = (0..<length).map { filler[$0 % filler.count] }
            for from in 0...min(3, length) {
                Self.checkBoth(base, from: from)
                for k in stride(from: from, to: length, by: 1) {
                    for b in stops + passes where k % 7 == 0 || b == 0x3C || b == 0xEF || b == 0x7F {
                        var x = base
                        x[k] = b
                        Self.checkBoth(x, from: from)
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 10_000)
    }

    /// Long runs (several blocks) with the stop in the last block, past it, or absent.
    @Test func longRuns() {
        let text = Array(String(repeating: "الثقافة والرياضة ", count: 40).utf8)
        for cut in [0, 31, 32, 33, 63, 64, 65, text.count - 1] {
            var x = text
            x[cut] = UInt8(ascii: "<")
            Self.checkBoth(x, from: 0)
            Self.checkBoth(x, from: 5)
        }
        Self.checkBoth(text, from: 0)
        Self.checkBoth([], from: 0)
    }
}
