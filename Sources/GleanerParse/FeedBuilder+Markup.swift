#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GleanerModel

extension FeedBuilder {
    /// HTML void elements (`br`, `img`, …): serialised as `<br />` with no end tag. Compared on the name's
    /// bytes as libxml2 hands them over, without making an array or hashing.
    static func isVoidElement(_ n: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let p = n.baseAddress else { return false }
        func eq(_ s: StaticString) -> Bool { memcmp(p, s.utf8Start, n.count) == 0 }
        switch n.count {
        case 2: return eq("br") || eq("hr")
        case 3: return eq("col") || eq("img") || eq("wbr")
        case 4: return eq("area") || eq("base") || eq("link") || eq("meta")
        case 5: return eq("embed") || eq("input") || eq("param") || eq("track")
        case 6: return eq("source")
        default: return false
        }
    }

    /// An element inside a captured value: its markup becomes part of the value. For Atom xhtml content
    /// the wrapping `<div xmlns="http://www.w3.org/1999/xhtml">` is not part of it (RFC 4287 §4.1.3.3).
    /// Written straight from libxml2's name and attribute pointers: no array per name or attribute.
    func startMarkup(_ ns: XMLNamespace, _ name: LocalName, _ el: SAXElement) {
        // Atom 0.3 inline XML has no wrapper: its `div` is content (feedparser keeps it too).
        if markup, wrapperDepth == 0, depth == pending.depth + 1, ns == .xhtml, name == .div, format != "atom0.3" {
            wrapperDepth = depth
            return
        }
        guard text.count < Self.maxText else { return }
        let local = SAXElement.buffer(el.localname)
        text.append(UInt8(ascii: "<"))
        text.append(contentsOf: local)
        el.forEachAttributeBytes { prefix, localName, value in
            // Namespace-qualified attributes other than xml:* are dropped: they mean nothing in HTML.
            if let prefix, !SAXElement.equal(prefix, "xml") { return }
            let name = SAXElement.buffer(localName)
            if prefix == nil, memchr(localName, Int32(UInt8(ascii: ":")), name.count) != nil { return }
            text.append(0x20)
            if prefix != nil { text.append(contentsOf: "xml:".utf8) }
            text.append(contentsOf: name)
            text.append(UInt8(ascii: "="))
            text.append(UInt8(ascii: "\""))
            // libxml2 leaves `&#38;` and undeclared HTML entities in values (see `SAXElement.decodeValue`).
            if let b = value.baseAddress, memchr(b, Int32(UInt8(ascii: "&")), value.count) != nil {
                HTMLText.decodeEntities(Array(value)).withUnsafeBufferPointer {
                    MarkupEscaping.escape($0, .html(attribute: true), into: &text)
                }
            } else {
                MarkupEscaping.escape(value, .html(attribute: true), into: &text)
            }
            text.append(UInt8(ascii: "\""))
        }
        if Self.isVoidElement(local) { text.append(contentsOf: " />".utf8) } else { text.append(UInt8(ascii: ">")) }
    }

    func endMarkup(_ localname: UnsafePointer<UInt8>) {
        if depth == wrapperDepth { wrapperDepth = -1; return }
        let local = SAXElement.buffer(localname)
        guard !Self.isVoidElement(local), text.count < Self.maxText else { return }
        text.append(UInt8(ascii: "<"))
        text.append(UInt8(ascii: "/"))
        text.append(contentsOf: local)
        text.append(UInt8(ascii: ">"))
    }

    /// Text inside serialised markup: libxml2 has decoded `&lt;` and friends, so they are escaped again.
    func appendEscaped(_ buffer: UnsafeBufferPointer<UInt8>) {
        if text.count + buffer.count * 5 > Self.maxText {
            appendTruncated(buffer)
            return
        }
        MarkupEscaping.escape(buffer, .html(attribute: false), into: &text)
    }
}
