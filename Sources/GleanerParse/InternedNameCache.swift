import CLibXML2

/// Maps strings that libxml2 interned in its dictionary (element local names, namespace URIs) to what they
/// identify, by pointer, so a name is classified once per document instead of once per element.
///
/// A direct-mapped table of 512 slots; a name whose slot holds another is identified again (a string
/// lookup) and takes the slot over. No dictionary behind it: a document uses a few dozen names, and growing a
/// per-document dictionary (hashing every name, resizing) cost more than the rare second identification.
/// Only pointers the parser's dictionary owns are cached: other strings may be freed and their address
/// reused. The cache owns its two slot buffers and frees them in `deinit`.
final class InternedNameCache<Value: RawRepresentable> where Value.RawValue == UInt8 {
    private static var slots: Int { 512 }
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

    @inline(__always) private static func slot(_ p: UnsafeRawPointer) -> Int {
        let v = UInt(bitPattern: p)
        return Int((v >> 3 ^ v >> 11) & UInt(slots - 1))
    }

    /// What `name` (NUL-terminated) identifies; `dict` is the parser's dictionary, if any.
    @inline(__always) func lookup(_ name: UnsafePointer<UInt8>, dict: xmlDictPtr?) -> Value {
        let key = UnsafeRawPointer(name)
        let h = Self.slot(key)
        if slotKeys[h] == key, let v = Value(rawValue: slotValues[h]) { return v }
        let v = identify(SAXElement.buffer(name))
        if let dict, xmlDictOwns(dict, name) == 1 {
            slotKeys[h] = key
            slotValues[h] = v.rawValue
        }
        return v
    }
}
