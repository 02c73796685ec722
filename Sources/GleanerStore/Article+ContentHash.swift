import GleanerModel

extension Article {
    /// What change detection compares: title, link, summary, content, both dates and the enclosures, each
    /// field tagged absent/present and separated, so that moving text from one field to the next, or an
    /// empty value replacing a missing one, still counts as a change.
    ///
    /// Categories, authors and links are stored but deliberately not compared: they are what some feeds
    /// reshuffle on every fetch, and rewriting an article for them alone is noise.
    var contentHash: String {
        var h = ContentHasher()
        h.add(title)
        h.add(link)
        h.add(summary)
        h.add(content)
        h.add(published?.seconds)
        h.add(updated?.seconds)
        for e in enclosures {
            h.add(byte: 0x1E)
            h.add(e.url)
            h.add(e.type)
            h.add(e.length)
        }
        return h.hex
    }
}

/// FNV-1a 64, the same function as `GleanerModel.FNV1a64`, with a loop over contiguous UTF-8 that the
/// compiler can optimise: the model's `add(byte:)` is a cross-module call per byte, and hashing every
/// article's summary and content on every fetch made it the store's biggest CPU cost on unchanged feeds.
/// The stored hashes must stay stable across builds: never change the function or the field encoding
/// without a migration that rehashes.
struct ContentHasher {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(byte b: UInt8) {
        value = (value ^ UInt64(b)) &* 0x0000_0100_0000_01B3
    }

    /// Absent: 0x00; present: 0x01 and the UTF-8 bytes; then 0x1F as the separator.
    mutating func add(_ s: String?) {
        guard let s else { return absent() }
        add(byte: 1)
        var v = value
        let done: Void? = s.utf8.withContiguousStorageIfAvailable { buffer in
            for b in buffer { v = (v ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        }
        if done == nil {
            for b in s.utf8 { v = (v ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        }
        value = v
        add(byte: 0x1F)
    }

    /// Present: the same bytes as `add(String(n))` (decimal, `-` for negatives), without building a String.
    mutating func add(_ n: Int64?) {
        guard let n else { return absent() }
        add(byte: 1)
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: 20 digits of UInt64.max and a sign
        withUnsafeMutableBytes(of: &digits) { buffer in
            var m = n.magnitude
            var i = buffer.count
            repeat {
                i -= 1
                buffer[i] = UInt8(ascii: "0") + UInt8(m % 10)
                m /= 10
            } while m != 0
            if n < 0 {
                i -= 1
                buffer[i] = UInt8(ascii: "-")
            }
            var v = value
            for b in buffer[i...] { v = (v ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
            value = v
        }
        add(byte: 0x1F)
    }

    private mutating func absent() {
        add(byte: 0)
        add(byte: 0x1F)
    }

    var hex: String {
        let v = value
        return String(unsafeUninitializedCapacity: 16) { out in
            var x = v
            for i in stride(from: 15, through: 0, by: -1) {
                let d = UInt8(truncatingIfNeeded: x & 15)
                out[i] = d < 10 ? UInt8(ascii: "0") + d : UInt8(ascii: "a") + d - 10
                x >>= 4
            }
            return 16
        }
    }
}
