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

/// `FNV1a64` over the fields, each tagged absent/present and terminated. The stored hashes must stay stable
/// across builds: never change the field encoding without a migration that rehashes.
struct ContentHasher {
    private var fnv = FNV1a64()

    var value: UInt64 { fnv.value }

    mutating func add(byte b: UInt8) {
        fnv.add(byte: b)
    }

    /// Absent: 0x00; present: 0x01 and the UTF-8 bytes; then 0x1F as the separator.
    mutating func add(_ s: String?) {
        guard let s else { return absent() }
        add(byte: 1)
        fnv.add(s)
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
            fnv.add(bytes: buffer[i...])
        }
        add(byte: 0x1F)
    }

    private mutating func absent() {
        add(byte: 0)
        add(byte: 0x1F)
    }

    var hex: String { fnv.hex }
}
