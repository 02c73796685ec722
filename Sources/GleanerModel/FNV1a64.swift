/// FNV-1a, 64 bit: a stable (across runs and builds) hash for identity and change detection: article hash
/// keys, the store's content hashes. Not cryptographic; collisions only matter within one feed's articles.
/// Stored values depend on it: never change the function.
///
/// Inlinable, with a loop over contiguous bytes, so that a caller in another module hashes without a call
/// per byte (hashing every article's text on every fetch is the store's biggest CPU cost on unchanged feeds).
public struct FNV1a64: Sendable {
    @usableFromInline var state: UInt64

    public var value: UInt64 { state }

    @inlinable public init() { state = 0xcbf2_9ce4_8422_2325 }

    @inlinable public mutating func add(byte b: UInt8) {
        state = (state ^ UInt64(b)) &* 0x0000_0100_0000_01B3
    }

    @inlinable public mutating func add(_ bytes: UnsafeBufferPointer<UInt8>) {
        var v = state
        for b in bytes { v = (v ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        state = v
    }

    /// The UTF-8 bytes of `s`.
    @inlinable public mutating func add(_ s: String) {
        let done: Void? = s.utf8.withContiguousStorageIfAvailable { add($0) }
        if done == nil { add(bytes: s.utf8) }
    }

    @inlinable public mutating func add(bytes: some Sequence<UInt8>) {
        for b in bytes { add(byte: b) }
    }

    /// Sixteen lower-case hex digits, zero-padded.
    public var hex: String {
        let v = state
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
