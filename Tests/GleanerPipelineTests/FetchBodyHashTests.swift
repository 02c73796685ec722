@testable import GleanerPipeline
import Testing

/// The body hash behind "unchanged (same body)" must not depend on how curl cut the body into chunks.
@Suite struct FetchBodyHashTests {
    @Test(arguments: [1, 3, 7, 8, 9, 64, 1000])
    func chunkingDoesNotChangeTheHash(chunk: Int) throws {
        let body = Array((0..<777).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        var whole = BodyHasher()
        body.withUnsafeBytes { whole.add($0) }
        var pieces = BodyHasher()
        var offset = 0
        while offset < body.count {
            let end = min(body.count, offset + chunk)
            body[offset..<end].withUnsafeBytes { pieces.add($0) }
            offset = end
        }
        #expect(pieces.hex == whole.hex)
        var other = BodyHasher()
        (body + [0]).withUnsafeBytes { other.add($0) }
        #expect(other.hex != whole.hex)
        var flipped = body
        flipped[400] ^= 1
        var changed = BodyHasher()
        flipped.withUnsafeBytes { changed.add($0) }
        #expect(changed.hex != whole.hex)
    }
}
