extension FeedBuilder {
    /// HTML void elements: serialised as `<br />` with no end tag.
    static let voidElements: Set<[UInt8]> = Set(
        ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"]
            .map { Array($0.utf8) })

    /// An element inside a captured value: its markup becomes part of the value. For Atom xhtml content
    /// the wrapping `<div xmlns="http://www.w3.org/1999/xhtml">` is not part of it (RFC 4287 §4.1.3.3).
    func startMarkup(_ ns: XMLNamespace, _ name: LocalName, _ el: SAXElement) {
        // Atom 0.3 inline XML has no wrapper: its `div` is content (feedparser keeps it too).
        if markup, wrapperDepth == 0, depth == pending.depth + 1, ns == .xhtml, name == .div, format != "atom0.3" {
            wrapperDepth = depth
            return
        }
        let local = SAXElement.bytes(el.localname)
        guard text.count < Self.maxText else { return }
        text.append(UInt8(ascii: "<"))
        text += local
        el.forEachAttribute { qname, value in
            // Namespace-qualified attributes other than xml:* are dropped: they mean nothing in HTML.
            if qname.contains(UInt8(ascii: ":")), !qname.starts(with: Array("xml:".utf8)) { return }
            text.append(0x20)
            text += qname
            text += [UInt8(ascii: "="), UInt8(ascii: "\"")]
            HTMLSanitizer.Writer.escape(value, attribute: true, into: &text)
            text.append(UInt8(ascii: "\""))
        }
        if Self.voidElements.contains(local) { text += Array(" />".utf8) } else { text.append(UInt8(ascii: ">")) }
    }

    func endMarkup(_ localname: () -> [UInt8]) {
        if depth == wrapperDepth { wrapperDepth = -1; return }
        let local = localname()
        guard !Self.voidElements.contains(local), text.count < Self.maxText else { return }
        text += [UInt8(ascii: "<"), UInt8(ascii: "/")]
        text += local
        text.append(UInt8(ascii: ">"))
    }

    /// Text inside serialised markup: libxml2 has decoded `&lt;` and friends, so they are escaped again.
    func appendEscaped(_ buffer: UnsafeBufferPointer<UInt8>) {
        if text.count + buffer.count * 5 > Self.maxText {
            appendTruncated(buffer)
            return
        }
        HTMLSanitizer.Writer.escape(buffer, attribute: false, into: &text)
    }
}
