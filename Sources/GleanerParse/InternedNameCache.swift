import CLibXML2

/// Maps strings that libxml2 interned in its dictionary (element local names, namespace URIs) to what they
/// identify, by pointer, so a name is classified once per document instead of once per element.
///
/// An open-addressed table of 512 slots, probed linearly up to 8 slots from the name's hash; a name that
/// finds no free slot there is identified again each time (a string lookup). No eviction: with a direct-mapped
/// table, two names of every item that happened to share a slot (about one pair in a document's few dozen
/// names) pushed each other out, and each was identified again for every item. No dictionary behind it: a
/// document uses a few dozen names, and growing a per-document dictionary (hashing every name, resizing) cost
/// more than the rare second identification. Only pointers the parser's dictionary owns are cached: other
/// strings may be freed and their address reused. The cache owns its two slot buffers and frees them in
/// `deinit`.
final class InternedNameCache<Value: RawRepresentable> where Value.RawValue == UInt8 {
    private static var slots: Int { 512 }
    private static var probes: Int { 8 }
    private let slotKeys: UnsafeMutablePointer<UnsafeRawPointer?>
    private let slotValues: UnsafeMutablePointer<UInt8>
    private let identify: (UnsafeBufferPointer<UInt8>) -> Value

    init(identify: @escaping (UnsafeBufferPointer<UInt8>) -> Value) {
        self.identify = identify
        slotKeys = .allocate(capacity: Self.slots)
        slotKeys.initialize(repeating: nil, count: Self.slots)
        slotValues = .allocate(capacity: Self.slots)
        slotValues.initialize(repeating: 0, count: Self.slots)
    }

    deinit {
        slotKeys.deallocate()
        slotValues.deallocate()
    }

    /// Fibonacci hashing of the address: libxml2 packs a document's names next to one another, so the low
    /// bits alone would put them in one run of neighbouring slots, where linear probing degrades.
    @inline(__always) private static func slot(_ p: UnsafeRawPointer) -> Int {
        let v = UInt64(UInt(bitPattern: p)) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: v >> UInt64(64 - slots.trailingZeroBitCount))
    }

    /// What `name` (NUL-terminated) identifies; `dict` is the parser's dictionary, if any.
    @inline(__always) func lookup(_ name: UnsafePointer<UInt8>, dict: xmlDictPtr?) -> Value {
        let key = UnsafeRawPointer(name)
        let h = Self.slot(key)
        if slotKeys[h] == key, let v = Value(rawValue: slotValues[h]) { return v }
        return lookupSlow(name, key, from: h, dict: dict)
    }

    /// The rest of the probe sequence, then the string lookup (which takes the first free slot seen).
    private func lookupSlow(_ name: UnsafePointer<UInt8>, _ key: UnsafeRawPointer, from start: Int,
                            dict: xmlDictPtr?) -> Value {
        var h = start
        var free = slotKeys[h] == nil ? h : -1
        for _ in 1..<Self.probes {
            guard free < 0 else { break }
            h = (h + 1) & (Self.slots - 1)
            if slotKeys[h] == key, let v = Value(rawValue: slotValues[h]) { return v }
            if slotKeys[h] == nil { free = h }
        }
        let v = identify(SAXElement.buffer(name))
        if free >= 0, let dict, xmlDictOwns(dict, name) == 1 {
            slotKeys[free] = key
            slotValues[free] = v.rawValue
        }
        return v
    }
}
