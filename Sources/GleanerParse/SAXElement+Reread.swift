import CLibXML2
import GleanerModel

extension SAXElement {
    /// The element's start tag written out again (`<prefix:name xmlns… attr="value">`), for a new context to
    /// read (`Resync`). Values are written as libxml2 passed them: any `&` in them already begins a reference.
    func startTag(prefix: UnsafePointer<UInt8>?) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "<")]
        if let prefix { out += Self.buffer(prefix); out.append(UInt8(ascii: ":")) }
        out += Self.buffer(localname)
        if let n = namespaces {
            for k in 0..<namespaceCount {
                guard let uri = n[k * 2 + 1] else { continue }
                out += " xmlns".utf8
                if let p = n[k * 2] { out.append(UInt8(ascii: ":")); out += Self.buffer(p) }
                out += "=\"".utf8
                // A namespace name comes decoded: every `&` in it is a character.
                MarkupEscaping.escape(Self.buffer(uri), .xml, into: &out)
                out.append(UInt8(ascii: "\""))
            }
        }
        forEachAttributeBytes { prefix, name, value in
            out.append(0x20)
            if let prefix { out += Self.buffer(prefix); out.append(UInt8(ascii: ":")) }
            out += Self.buffer(name)
            out += "=\"".utf8
            Self.appendQuoted(value, to: &out)
            out.append(UInt8(ascii: "\""))
        }
        out.append(UInt8(ascii: ">"))
        return out
    }

    /// Appends an attribute value as libxml2 passed it, for a double-quoted attribute: `<` and `"` escaped,
    /// `&` kept, since in such a value it always begins a reference (`&#38;`, a passed-through entity).
    static func appendQuoted(_ value: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        for c in value {
            switch c {
            case UInt8(ascii: "<"): out += "&lt;".utf8
            case UInt8(ascii: "\""): out += "&quot;".utf8
            default: out.append(c)
            }
        }
    }

    /// The element with its attribute values read again from the start tag's bytes, still in libxml2's input
    /// just before its cursor: for values libxml2 could not give whole. A bare `&` (`?a=1&b=2&c`) is kept with
    /// the name after it, which libxml2 drops, and references to the document's internal entities are
    /// expanded (`DocumentEntities`). Nil when the tag cannot be found as written.
    static func reread(_ el: SAXElement, prefix: UnsafePointer<UInt8>?, ctxt: xmlParserCtxtPtr,
                       entities: DocumentEntities) -> RereadElement? {
        guard let input = ctxt.pointee.input, let base = input.pointee.base, let cur = input.pointee.cur,
              cur > base, el.attributeCount > 0, let attributes = el.attributes else { return nil }
        // libxml2 calls startElementNs before it reads the tag's `>` or `/>`. `<` cannot occur in a value
        // (libxml2 rejects it), so the last one before the cursor opens this tag.
        var k = cur - 1
        let limit = max(base, cur - 65536)
        while k > limit, k.pointee != UInt8(ascii: "<") { k -= 1 }
        guard k.pointee == UInt8(ascii: "<") else { return nil }
        let tag = UnsafeBufferPointer(start: k + 1, count: cur - k - 1)
        var qname: [UInt8] = []
        if let prefix { qname += buffer(prefix); qname.append(UInt8(ascii: ":")) }
        qname += buffer(el.localname)
        guard tag.count >= qname.count, tag.prefix(qname.count).elementsEqual(qname) else { return nil }
        // The raw attributes: name, then the value between its quotes.
        var raw: [(name: ArraySlice<UInt8>, value: ArraySlice<UInt8>)] = []
        let bytes = Array(tag)
        var i = qname.count
        let n = bytes.count
        while true {
            while i < n, HTMLText.isSpace(bytes[i]) { i += 1 }
            guard i < n, bytes[i] != UInt8(ascii: ">"), bytes[i] != UInt8(ascii: "/") else { break }
            let nameStart = i
            while i < n, !HTMLText.isSpace(bytes[i]), bytes[i] != UInt8(ascii: "=") { i += 1 }
            let name = bytes[nameStart..<i]
            while i < n, HTMLText.isSpace(bytes[i]) { i += 1 }
            guard i < n, bytes[i] == UInt8(ascii: "=") else { return nil }
            i += 1
            while i < n, HTMLText.isSpace(bytes[i]) { i += 1 }
            guard i < n, bytes[i] == UInt8(ascii: "\"") || bytes[i] == UInt8(ascii: "'") else { return nil }
            let quote = bytes[i]
            i += 1
            let valueStart = i
            while i < n, bytes[i] != quote { i += 1 }
            guard i < n else { return nil }
            raw.append((name, bytes[valueStart..<i]))
            i += 1
        }
        var storage: [UInt8] = []
        var ranges: [Range<Int>?] = []
        for a in 0..<el.attributeCount {
            let base = a * 5
            guard let local = attributes[base] else { ranges.append(nil); continue }
            var name: [UInt8] = []
            if let p = attributes[base + 1] { name += buffer(p); name.append(UInt8(ascii: ":")) }
            name += buffer(local)
            guard let r = raw.first(where: { $0.name.elementsEqual(name) }) else { ranges.append(nil); continue }
            let start = storage.count
            appendValue(r.value, entities: entities, to: &storage)
            ranges.append(start..<storage.count)
        }
        return RereadElement(element: el, storage: storage, ranges: ranges)
    }

    /// A raw attribute value as libxml2 would pass it had it kept everything: references decoded, internal
    /// entities expanded, XML white space as spaces (XML 1.0 §3.3.3), and every `&` that is left written as
    /// `&#38;` (as libxml2 writes one), which `decodeValue` reads back.
    static func appendValue(_ v: ArraySlice<UInt8>, entities: DocumentEntities, to out: inout [UInt8]) {
        var decoded: [UInt8] = []
        let s = Array(v)
        var i = 0
        while i < s.count {
            let c = s[i]
            if c == UInt8(ascii: "&") {
                if let (name, end) = DocumentEntities.referenceName(in: s, at: i), entities.isInternal(name),
                   let e = entities.expansion(of: name) {
                    decoded += e
                    i = end
                    continue
                }
                if let (scalar, end) = HTMLText.reference(in: s, at: i) {
                    HTMLText.appendUTF8(scalar, to: &decoded)
                    i = end
                    continue
                }
                decoded.append(c)
                i += 1
                continue
            }
            if c == 0x0D, i + 1 < s.count, s[i + 1] == 0x0A { i += 1; continue }
            decoded.append(c == 0x09 || c == 0x0A || c == 0x0D ? 0x20 : c)
            i += 1
        }
        for c in decoded {
            if c == UInt8(ascii: "&") { out += "&#38;".utf8 } else { out.append(c) }
        }
    }
}

/// An element whose attribute values were read again (`SAXElement.reread`): libxml2's names, the new values.
struct RereadElement {
    let element: SAXElement
    let storage: [UInt8]
    /// Per attribute, where its new value is in `storage`; nil keeps libxml2's.
    let ranges: [Range<Int>?]

    /// Calls `body` with a `SAXElement` whose attribute array points at the new values.
    func withElement<R>(_ body: (SAXElement) -> R) -> R {
        storage.withUnsafeBufferPointer { buf in
            let count = element.attributeCount
            var table = [UnsafePointer<UInt8>?](repeating: nil, count: count * 5)
            for a in 0..<count {
                for f in 0..<5 { table[a * 5 + f] = element.attributes?[a * 5 + f] }
                if let r = ranges[a], let b = buf.baseAddress {
                    table[a * 5 + 3] = b + r.lowerBound
                    table[a * 5 + 4] = b + r.upperBound
                } else if ranges[a] != nil {
                    // An empty value: any valid pointer with begin == end.
                    table[a * 5 + 4] = table[a * 5 + 3]
                }
            }
            return table.withUnsafeMutableBufferPointer { t in
                body(SAXElement(localname: element.localname, namespaceCount: element.namespaceCount,
                                namespaces: element.namespaces, attributeCount: count, attributes: t.baseAddress))
            }
        }
    }
}
