import CLibXML2

/// What the SAX callbacks work on while libxml2 parses a chunk: the builder, and what the driver needs per
/// event.
///
/// A value, not a class: for the length of one `xmlParseChunk` libxml2's user data points at
/// `FeedParser.sax` (one access for the whole chunk), and the callbacks reach everything through that
/// pointer. Swift checks exclusive access to a value's parts when it compiles; a class's properties it
/// checks at run time, on every access (about 90 instructions each, several per event).
struct SAXState {
    var builder: FeedBuilder
    /// The push parser, once created (owned by `FeedParser`).
    var ctxt: xmlParserCtxtPtr?
    /// Set after libxml2 reports an error; see `resumeAfterError`.
    var errorPending = false
    /// Set when parsing stops for good (not a feed, or nothing more can be read).
    var stopped = false
    /// What a tag-name mismatch means for the structure, set while libxml2 reports it and read by the end
    /// event that follows (see `Resync`).
    var mismatchPending = false
    /// A request to re-read the rest of the document from a new context, made by an event; the driver acts
    /// on it once `xmlParseChunk` returns.
    var resync: Resync?
    /// Names by the address libxml2's dictionary gives them: made anew with each context (`newContext`),
    /// since another context's dictionary may put other names at the addresses of those freed with the last.
    private(set) var namespaces = InternedNameCache<XMLNamespace>(identify: XMLNamespace.identify)
    private(set) var localNames = InternedNameCache<LocalName>(identify: LocalName.identify)
    let entities: DocumentEntities
    private var reportedEntities: Set<String> = []
    /// Set when libxml2 could not give an attribute value whole (a bare `&`, a declared entity): the element's
    /// attributes are then read again from the document's bytes.
    var attributesNeedRereading = false
    /// How many more times a broken structure may be re-read from a new context.
    var resyncsLeft = Self.maxResyncs
    static let maxResyncs = 64
    /// Bytes the resyncs of this document have copied out of stopped contexts: about the document once, then
    /// a part (`FeedParser.partSize`) each. Past `maxResyncCopy` more (should libxml2 ever hold back far
    /// more than a part) recovery stops.
    private(set) var resyncCopiedBytes = 0
    private var resyncCopyBudget: Int?
    static let maxResyncCopy = 4 << 20
    /// How many of the new context's first elements, which stand for the feed element and those around it
    /// (`FeedBuilder.resyncRoot`), are still to come.
    var awaitingResyncRoot = 0

    let position: ParsePosition

    init(builder: FeedBuilder, entities: DocumentEntities, position: ParsePosition) {
        self.builder = builder
        self.entities = entities
        self.position = position
    }

    /// Starts reading through `ctxt`.
    mutating func newContext(_ ctxt: xmlParserCtxtPtr) {
        if self.ctxt != nil || resyncsLeft < Self.maxResyncs {
            namespaces = InternedNameCache<XMLNamespace>(identify: XMLNamespace.identify)
            localNames = InternedNameCache<LocalName>(identify: LocalName.identify)
        }
        self.ctxt = ctxt
    }

    // MARK: - Events

    @inline(__always) mutating func startElement(_ localname: UnsafePointer<UInt8>, _ prefix: UnsafePointer<UInt8>?,
                                                 _ uri: UnsafePointer<UInt8>?, _ namespaceCount: Int,
                                                 _ namespaces: UnsafeMutablePointer<UnsafePointer<UInt8>?>?,
                                                 _ attributeCount: Int,
                                                 _ attributes: UnsafeMutablePointer<UnsafePointer<UInt8>?>?) {
        if errorPending { resumeAfterError() }
        if awaitingResyncRoot > 0 {
            awaitingResyncRoot -= 1
            return
        }
        let dict = ctxt?.pointee.dict
        let ns = uri.map { self.namespaces.lookup($0, dict: dict) } ?? .none
        let name = localNames.lookup(localname, dict: dict)
        let element = SAXElement(localname: localname, namespaceCount: namespaceCount,
                                 namespaces: namespaces, attributeCount: attributeCount, attributes: attributes)
        if builder.brokenEntry, name == .entry || name == .item, builder.inEntry, resyncsLeft > 0,
           requestResync(replaying: element, prefix: prefix) {
            // The entry before this one left elements open (`<p>` never closed): libxml2 nests this entry
            // inside it, in whatever namespace the open elements declared. Read from here in a new context.
            return
        }
        if attributesNeedRereading {
            attributesNeedRereading = false
            if let ctxt, let reread = SAXElement.reread(element, prefix: prefix, ctxt: ctxt, entities: entities) {
                let keep = reread
                keep.withElement { if !builder.start(ns, name, $0) { stop() } }
                return
            }
        }
        if !builder.start(ns, name, element) { stop() }
    }

    @inline(__always) mutating func endElement(_ localname: UnsafePointer<UInt8>) {
        if errorPending {
            resumeAfterError()
            if mismatchPending {
                mismatchPending = false
                // An end tag that names another element closes the one open all the same: when that is an
                // entry or the feed itself, libxml2's idea of the structure is off from here on, and the
                // feed's end would come early (after which libxml2 reads nothing more).
                if let closing = builder.containerClosing, resyncsLeft > 0 {
                    if closing == .entry { builder.end(localname) }
                    if requestResync(replaying: nil, prefix: nil) || closing == .entry { return }
                }
            }
        }
        builder.end(localname)
    }

    @inline(__always) mutating func characters(_ p: UnsafePointer<UInt8>, _ count: Int) {
        if errorPending { resumeAfterError() }
        builder.characters(p, count)
    }

    /// After any error libxml2 clears `wellFormed`, and from then on silently drops every entity
    /// reference, even `&amp;` (parser.c, xmlParseReference: `if (!ctxt->wellFormed) return;`). In
    /// recovery mode that would corrupt every later title, so the flag is set again; well-formedness is
    /// tracked by `FeedBuilder.wellformed` instead.
    mutating func resumeAfterError() {
        errorPending = false
        ctxt?.pointee.wellFormed = 1
    }

    /// Stops parsing a document that is not a feed (an HTML page): nothing more in it is of use.
    mutating func stop() {
        guard let ctxt, !stopped else { return }
        stopped = true
        xmlStopParser(ctxt)
    }

    mutating func doctype(publicID: UnsafePointer<UInt8>?, systemID: UnsafePointer<UInt8>?) {
        if systemID != nil || publicID != nil { entities.hasExternalSubset = true }
        builder.doctype(publicID: publicID.map { String(cString: $0) }, systemID: systemID.map { String(cString: $0) })
    }

    /// The record for `&name;`: an internal entity the document declares (expanded, see
    /// `DocumentEntities`), an undeclared HTML one (`HTMLEntityStore`), or nil, which drops the reference.
    mutating func entity(named name: UnsafePointer<UInt8>) -> UnsafeMutablePointer<xmlEntity>? {
        let s = String(cString: name)
        // xmlParseAttValueInternal sets the ATTRIBUTE_VALUE state while it reads a value.
        let inAttribute = ctxt?.pointee.instate == XML_PARSER_ATTRIBUTE_VALUE
        if entities.isInternal(s) {
            // References inside the DTD's own declarations are expanded when the entity is used, not here.
            if inAttribute || ctxt?.pointee.inSubset != 0 {
                attributesNeedRereading = true
                return entities.record(named: s, content: nil)
            }
            guard let e = entities.expansion(of: s) else {
                builder.problem("entity &\(s.prefix(64)); not expanded: recursive, or past the expansion limits")
                return nil
            }
            return entities.record(named: s, content: e)
        }
        if entities.isDeclared(s) { return nil }
        // With an external DTD (never loaded) an unknown name may be declared there: dropped, not kept.
        if entities.hasExternalSubset, HTMLEntities.scalar(named: s) == nil { return nil }
        guard let e = entities.html.entity(named: s, inAttribute: inAttribute) else { return nil }
        if reportedEntities.insert(s).inserted {
            builder.problem("undeclared entity &\(s); read as HTML")
        }
        builder.wellformed = false
        return e
    }

    mutating func error(line: Int, column: Int, message: String, isWarning: Bool) {
        if !isWarning {
            builder.wellformed = false
            errorPending = true
        }
        builder.record(problem: "\(line + position.lineOffset):\(column): \(message)")
    }

    /// A bare `&` in text (`?a=1&b=2&c`, `AT&T`): libxml2 reports a reference without `;` (or without a
    /// name) and drops the `&` and the name it read, which are still in its input just before the cursor.
    /// They are handed on as text, so that URLs keep every parameter. In attribute values the element's
    /// attributes are read again from the document's bytes instead (`SAXElement.reread`).
    mutating func keepBareAmpersand() {
        guard let ctxt else { return }
        if ctxt.pointee.instate == XML_PARSER_ATTRIBUTE_VALUE {
            attributesNeedRereading = true
            return
        }
        guard ctxt.pointee.instate == XML_PARSER_CONTENT, let input = ctxt.pointee.input,
              let base = input.pointee.base, let cur = input.pointee.cur, cur > base else { return }
        // The name libxml2 read is at most a few hundred bytes; a longer one is left dropped.
        var k = cur - 1
        let limit = max(base, cur - 256)
        while k > limit, k.pointee != UInt8(ascii: "&") { k -= 1 }
        // At the limit, an `&` may be an earlier one than the reference's own: then nothing is kept.
        guard k.pointee == UInt8(ascii: "&"), k > limit || limit == base else { return }
        builder.characters(k, cur - k)
    }

    /// Asks the driver to read the rest of the document from a new context (see `Resync`): what libxml2 has
    /// not read yet is copied before the context is stopped (stopping frees its input).
    mutating func requestResync(replaying element: SAXElement?, prefix: UnsafePointer<UInt8>?) -> Bool {
        guard let ctxt, let input = ctxt.pointee.input, let cur = input.pointee.cur, let end = input.pointee.end,
              end >= cur else { return false }
        // The first copy (the rest of the document at most) is always allowed; the budget is for the others.
        guard resyncCopyBudget.map({ resyncCopiedBytes + (end - cur) <= $0 }) ?? true else {
            resyncsLeft = 0
            builder.problem("too many bytes to re-read after broken structure: the rest is read as libxml2 nests it")
            return false
        }
        guard builder.closeForResync() else { return false }
        resyncsLeft -= 1
        builder.problem("elements left open or closed twice broke the document's structure: reading resumes at the next entry")
        let rest = Array(UnsafeBufferPointer(start: cur, count: end - cur))
        resyncCopiedBytes += rest.count
        if resyncCopyBudget == nil { resyncCopyBudget = rest.count + Self.maxResyncCopy }
        resync = Resync(replay: element.map { $0.startTag(prefix: prefix) }, rest: rest, line: position.line)
        xmlStopParser(ctxt)
        return true
    }
}

/// Reading on after markup broke libxml2's idea of the structure. libxml2 closes one element for every end
/// tag, whatever it names: an element left open (`<p>` in XHTML content) nests every later entry inside the
/// broken one, and one closed twice ends the feed element early, after which libxml2 reads nothing more.
/// Either way the rest is read by a new context that starts at an entry, inside a stand-in for the feed
/// element that declares the feed's namespaces (`FeedBuilder.resyncRoot`).
struct Resync {
    /// The start tag of the entry to read first (the one libxml2 nested), or nil: the bytes are searched for
    /// the next `<entry` or `<item`.
    var replay: [UInt8]?
    /// What libxml2 had not read yet.
    var rest: [UInt8]
    /// The document's line where `rest` starts.
    var line: Int
}
