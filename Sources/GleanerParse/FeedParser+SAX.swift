import CLibXML2

/// The C edge: libxml2 SAX2 callbacks, which recover the `FeedParser` from the user data pointer and
/// forward to it.
extension FeedParser {
    /// A zero-initialised handler with only the callbacks Gleaner needs. `xmlSAXVersion` must not be used:
    /// it installs libxml2's default tree-building callbacks, which take the user data for a parser
    /// context and crash on ours.
    static func makeHandler() -> xmlSAXHandler {
        var h = xmlSAXHandler()
        h.initialized = UInt32(XML_SAX2_MAGIC)
        h.startElementNs = { ctx, localname, _, uri, nbNamespaces, namespaces, nbAttributes, _, attributes in
            guard let ctx, let localname else { return }
            withFeedParser(ctx) {
                $0.startElement(localname, uri, Int(nbNamespaces), namespaces, Int(nbAttributes), attributes)
            }
        }
        h.endElementNs = { ctx, localname, _, _ in
            guard let ctx, let localname else { return }
            withFeedParser(ctx) { $0.endElement(localname) }
        }
        h.characters = { ctx, ch, len in
            guard let ctx, let ch else { return }
            withFeedParser(ctx) { $0.characters(ch, Int(len)) }
        }
        h.cdataBlock = { ctx, ch, len in
            guard let ctx, let ch else { return }
            withFeedParser(ctx) { $0.characters(ch, Int(len)) }
        }
        // Undeclared HTML entities (see HTMLEntityStore). Returning NULL for anything else leaves declared
        // and external entities unresolved: no expansion, no file access.
        h.getEntity = { ctx, name in
            guard let ctx, let name else { return nil }
            return feedParser(ctx).entity(named: name)
        }
        // Entities the document declares are only noted, never stored or expanded: a reference to one is
        // dropped (see `entity(named:)`), which makes entity bombs and external entities inert.
        h.entityDecl = { ctx, name, _, _, _, _ in
            guard let ctx, let name else { return }
            feedParser(ctx).declaredEntity(name)
        }
        // Only to tell Netscape's RSS 0.91 (which has a DOCTYPE) from UserLand's; loads nothing.
        h.internalSubset = { ctx, _, externalID, systemID in
            guard let ctx else { return }
            feedParser(ctx).doctype(publicID: externalID, systemID: systemID)
        }
        h.serror = { ctx, error in
            guard let ctx, let error else { return }
            let e = error.pointee
            var message = e.message.map { String(cString: $0) } ?? "error \(e.code)"
            message = HTMLText.collapse(Array(message.utf8))
            if e.code == Int32(XML_ERR_ENTITYREF_SEMICOL_MISSING.rawValue) || e.code == Int32(XML_ERR_NAME_REQUIRED.rawValue) {
                feedParser(ctx).keepBareAmpersand()
            }
            feedParser(ctx).error(line: Int(e.line), column: Int(e.int2), message: message,
                              isWarning: e.level == XML_ERR_WARNING)
        }
        return h
    }

}

/// The user data pointer is `Unmanaged.passUnretained(parser)`; the parser outlives its context.
@inline(__always) private func feedParser(_ ctx: UnsafeMutableRawPointer) -> FeedParser {
    Unmanaged<FeedParser>.fromOpaque(ctx).takeUnretainedValue()
}

/// Calls `body` with the parser without retaining and releasing it around the call (the parser is alive
/// for as long as its libxml2 context is): for the callbacks that come once per element or text run.
@inline(__always) private func withFeedParser(_ ctx: UnsafeMutableRawPointer, _ body: (FeedParser) -> Void) {
    Unmanaged<FeedParser>.fromOpaque(ctx)._withUnsafeGuaranteedRef(body)
}
