#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CLibXML2

/// The C edge: libxml2 SAX2 callbacks, which reach the parser's `SAXState` through the user data pointer
/// (set only while `xmlParseChunk` runs, see `FeedParser.parseChunk`) and forward to it.
extension FeedParser {
    /// A zero-initialised handler with only the callbacks Gleaner needs. `xmlSAXVersion` must not be used:
    /// it installs libxml2's default tree-building callbacks, which take the user data for a parser
    /// context and crash on ours.
    static func makeHandler() -> xmlSAXHandler {
        var h = xmlSAXHandler()
        h.initialized = UInt32(XML_SAX2_MAGIC)
        h.startElementNs = { ctx, localname, prefix, uri, nbNamespaces, namespaces, nbAttributes, _, attributes in
            guard let ctx, let localname else { return }
            state(ctx).pointee.startElement(localname, prefix, uri, Int(nbNamespaces), namespaces, Int(nbAttributes), attributes)
        }
        h.endElementNs = { ctx, localname, _, _ in
            guard let ctx, let localname else { return }
            state(ctx).pointee.endElement(localname)
        }
        h.characters = { ctx, ch, len in
            guard let ctx, let ch else { return }
            state(ctx).pointee.characters(ch, Int(len))
        }
        h.cdataBlock = { ctx, ch, len in
            guard let ctx, let ch else { return }
            state(ctx).pointee.characters(ch, Int(len))
        }
        // Internal entities the document declares, and undeclared HTML ones (see DocumentEntities).
        // Returning NULL for anything else leaves a reference unresolved: no expansion, no file access.
        h.getEntity = { ctx, name in
            guard let ctx, let name else { return nil }
            return state(ctx).pointee.entity(named: name)
        }
        // Declarations are kept by `DocumentEntities`, never by libxml2, which expands nothing itself.
        h.entityDecl = { ctx, name, type, _, _, content in
            guard let ctx, let name else { return }
            state(ctx).pointee.entities.declare(name: String(cString: name), type: type, content: content)
        }
        // Only to tell Netscape's RSS 0.91 (which has a DOCTYPE) from UserLand's; loads nothing.
        h.internalSubset = { ctx, _, externalID, systemID in
            guard let ctx else { return }
            state(ctx).pointee.doctype(publicID: externalID, systemID: systemID)
        }
        h.serror = { ctx, error in
            guard let ctx, let error else { return }
            let e = error.pointee
            var message = e.message.map { String(cString: $0) } ?? "error \(e.code)"
            message = HTMLText.collapse(Array(message.utf8))
            let s = state(ctx)
            if e.code == Int32(XML_ERR_ENTITYREF_SEMICOL_MISSING.rawValue) || e.code == Int32(XML_ERR_NAME_REQUIRED.rawValue) {
                s.pointee.keepBareAmpersand()
            }
            if e.code == Int32(XML_ERR_TAG_NAME_MISMATCH.rawValue) {
                // The feed's own end tags close the stand-ins a new context started with: as they should.
                if let open = e.str1, strcmp(open, FeedBuilder.resyncName) == 0 {
                    s.pointee.errorPending = true
                    return
                }
                s.pointee.mismatchPending = true
                if s.pointee.builder.inEntry { s.pointee.builder.brokenEntry = true }
            }
            s.pointee.error(line: Int(e.line), column: Int(e.int2), message: message, isWarning: e.level == XML_ERR_WARNING)
        }
        return h
    }
}

/// The user data: a pointer to `FeedParser.sax`, valid while libxml2 calls back from `xmlParseChunk`.
@inline(__always) private func state(_ ctx: UnsafeMutableRawPointer) -> UnsafeMutablePointer<SAXState> {
    ctx.assumingMemoryBound(to: SAXState.self)
}
