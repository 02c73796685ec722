/// Text written into HTML or XML: the one place that decides which characters become references.
///
/// Every replaced or dropped character is ASCII, so working on UTF-8 bytes gives the same result as working
/// on scalars, and valid UTF-8 stays valid.
public enum MarkupEscaping {
    /// What the text is written as.
    public enum Context: Sendable {
        /// HTML text or a double-quoted HTML attribute value: `&`, `<`, `>` always, `"` only in an attribute.
        case html(attribute: Bool)
        /// XML text or a double-quoted XML attribute value that must read back exactly: `&`, `<`, `>`, `"`,
        /// and tab, line feed and carriage return as character references (an XML parser turns them into
        /// spaces in attribute values, XML 1.0 §3.3.3); the other C0 controls, which XML 1.0 forbids even as
        /// references, are dropped.
        case xml
    }

    /// Appends `s` escaped for `context` to `out`. Runs without a byte to escape are copied whole.
    /// Inlinable: the feed parser and the sanitizer call it on every text node and attribute value.
    @inlinable
    public static func escape(_ s: UnsafeBufferPointer<UInt8>, _ context: Context, into out: inout [UInt8]) {
        guard let p = s.baseAddress else { return }
        let quote: Bool, xml: Bool
        switch context {
        case .html(let attribute): (quote, xml) = (attribute, false)
        case .xml: (quote, xml) = (true, true)
        }
        var run = 0
        for k in 0..<s.count {
            let c = p[k]
            let replacement: StaticString
            switch c {
            case UInt8(ascii: "&"): replacement = "&amp;"
            case UInt8(ascii: "<"): replacement = "&lt;"
            case UInt8(ascii: ">"): replacement = "&gt;"
            case UInt8(ascii: "\"") where quote: replacement = "&quot;"
            case UInt8(ascii: "\t") where xml: replacement = "&#9;"
            case UInt8(ascii: "\n") where xml: replacement = "&#10;"
            case UInt8(ascii: "\r") where xml: replacement = "&#13;"
            case 0..<0x20 where xml: replacement = ""
            default: continue
            }
            if k > run { out.append(contentsOf: UnsafeBufferPointer(start: p + run, count: k - run)) }
            out.append(contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
            run = k + 1
        }
        if s.count > run { out.append(contentsOf: UnsafeBufferPointer(start: p + run, count: s.count - run)) }
    }

    /// The same for any byte collection (copied first when it is not contiguous).
    @inlinable
    public static func escape<C: Collection>(_ s: C, _ context: Context, into out: inout [UInt8]) where C.Element == UInt8 {
        let done: Void? = s.withContiguousStorageIfAvailable { escape($0, context, into: &out) }
        if done != nil { return }
        Array(s).withUnsafeBufferPointer { escape($0, context, into: &out) }
    }

    /// `s` escaped for `context`.
    public static func escaped(_ s: String, _ context: Context) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        var s = s
        s.withUTF8 { escape($0, context, into: &out) }
        return String(decoding: out, as: UTF8.self)
    }
}
