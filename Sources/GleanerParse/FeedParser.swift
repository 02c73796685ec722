import CLibXML2
import GleanerModel

/// Parses one RSS, RDF or Atom document from bytes pushed as they arrive, with libxml2's SAX2 push parser.
///
/// Memory does not grow with the document beyond the articles themselves: no document tree is built and
/// text is only kept for elements whose value is needed. Hostile input is harmless by construction:
/// entities are never substituted (no `XML_PARSE_NOENT`), no DTD is loaded, no network is used.
///
/// Not `Sendable`: one document, used from one thread.
public final class FeedParser {
    /// `xmlInitParser` must run once before parsers are used from several threads.
    private static let libraryReady: Bool = {
        xmlInitParser()
        return true
    }()

    private static let options: Int32 = Int32(XML_PARSE_RECOVER.rawValue | XML_PARSE_NONET.rawValue | XML_PARSE_IGNORE_ENC.rawValue)
    let builder: FeedBuilder
    private let contentType: String?
    private(set) var ctxt: xmlParserCtxtPtr?
    private var head: [UInt8] = []
    private var encoding = "utf-8"
    private var transcoder: Transcoder?
    /// `&#X` → `&#x` between the transcoder and libxml2.
    private var hexFixer = HexReferenceFixer()
    /// The decoded head, while the transcoder holds back the rest of it for its charset guess: what
    /// `EncodingSniffer.prepare` needs (the first tag, the XML declaration) may still be to come.
    private var unprepared: [UInt8]?
    /// The whole document when it is a JSON Feed (read at `finish`), else nil.
    private var json: [UInt8]?
    private let documentURL: String?

    private func pushJSON(_ chunk: UnsafeRawBufferPointer) {
        guard var j = json else { return }
        json = nil
        if j.count + chunk.count > JSONFeedReader.maxBytes {
            builder.record(problem: "JSON Feed longer than \(JSONFeedReader.maxBytes) bytes truncated")
            builder.wellformed = false
            let bytes = chunk.assumingMemoryBound(to: UInt8.self)
            j.append(contentsOf: bytes[..<UTF8Cut.prefix(bytes, atMost: JSONFeedReader.maxBytes - j.count)])
            stopped = true
        } else {
            j.append(contentsOf: chunk)
        }
        json = j
    }
    private var finished: ParsedFeed?
    private var stopped = false
    let entities = HTMLEntityStore()
    private var reportedEntities: Set<String> = []
    /// Set after libxml2 reports an error; see `resumeAfterError`.
    var errorPending = false
    private let namespaces = InternedNameCache<XMLNamespace>(identify: XMLNamespace.identify)
    private let localNames = InternedNameCache<LocalName>(identify: LocalName.identify)

    /// - Parameters:
    ///   - documentURL: the address the document came from (base for relative links).
    ///   - contentType: the HTTP Content-Type header value, whose `charset` is used when the document
    ///     declares no encoding, e.g. `application/rss+xml; charset=windows-1256`.
    ///   - onArticle: when given, each article is handed over as soon as its element ends, and the
    ///     `ParsedFeed` that `finish()` returns has no articles: memory then stays bounded by the largest
    ///     article, whatever the document's size. Called on the thread that calls `push`/`finish`.
    ///   - sanitizeHTML: whether summary and content HTML is sanitized and its links made absolute
    ///     (`HTMLSanitizer`); on by default. Off gives the HTML as the feed wrote it.
    public init(documentURL: String? = nil, contentType: String? = nil, sanitizeHTML: Bool = true,
                onArticle: ((Article) -> Void)? = nil) {
        _ = Self.libraryReady
        builder = FeedBuilder(documentURL: documentURL)
        builder.sanitize = sanitizeHTML
        builder.onArticle = onArticle
        self.documentURL = documentURL
        self.contentType = contentType
        builder.location = { [unowned self] in self.location }
    }

    deinit {
        if let ctxt {
            if let doc = ctxt.pointee.myDoc { xmlFreeDoc(doc) }
            xmlFreeParserCtxt(ctxt)
        }
    }

    /// Feeds the next bytes of the body; any chunk size works, including one byte.
    public func push(_ chunk: UnsafeRawBufferPointer) {
        guard finished == nil, !stopped, chunk.count > 0 else { return }
        if json != nil {
            pushJSON(chunk)
            return
        }
        if ctxt == nil {
            // Hold back the first bytes until the encoding can be decided (EncodingSniffer).
            head.append(contentsOf: chunk)
            guard EncodingSniffer.isEnough(head) else { return }
            start()
            return
        }
        feed(chunk, final: false)
    }

    public func push(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { push($0) }
    }

    /// Ends the document and returns what it held. Calling it again returns the same value.
    public func finish() -> ParsedFeed {
        if let finished { return finished }
        if ctxt == nil, json == nil {
            if head.isEmpty {
                builder.record(problem: "1:1: empty document")
                builder.wellformed = false
            } else {
                start()
            }
        }
        if ctxt != nil, !stopped {
            feed(UnsafeRawBufferPointer(start: nil, count: 0), final: true)
            if !stopped { parse(UnsafeRawBufferPointer(start: nil, count: 0), terminate: true) }
        }
        if let json {
            JSONFeedReader.read(json, documentURL: documentURL, into: builder)
            encoding = "utf-8"
        }
        if let t = transcoder {
            encoding = t.reported
            if t.invalidSequences > 1 { addProblem("\(t.invalidSequences) invalid byte sequences replaced with U+FFFD") }
        }
        let result = builder.result(encoding: encoding)
        finished = result
        return result
    }

    public static func parse(_ bytes: [UInt8], documentURL: String? = nil, contentType: String? = nil) -> ParsedFeed {
        let parser = FeedParser(documentURL: documentURL, contentType: contentType)
        parser.push(bytes)
        return parser.finish()
    }

    // MARK: - libxml2

    /// Creates the push context once the encoding is decided, and feeds it the held-back bytes.
    ///
    /// libxml2 is always given UTF-8 (see `Transcoder`): the declaration's `encoding` is removed from the
    /// head and `XML_PARSE_IGNORE_ENC` set, so that nothing switches it to another decoder.
    private func start() {
        let decision = EncodingSniffer.decide(head, contentType: contentType)
        // JSON Feed, detected by content: the first character that is not white space is `{`.
        let firstByte = head[decision.bom...].first { !HTMLText.isSpace($0) }
        if firstByte == UInt8(ascii: "{"), decision.source == nil {
            json = []
            let bytes = head
            head = []
            bytes.withUnsafeBytes { raw in pushJSON(UnsafeRawBufferPointer(rebasing: raw[decision.bom...])) }
            return
        }
        for p in decision.problems { builder.record(problem: p) }
        if decision.malformed { builder.wellformed = false }
        guard let t = Transcoder(source: decision.source, reported: decision.reported, fallback: decision.fallback)
        else {
            builder.record(problem: "1:1: cannot decode \(decision.reported)")
            builder.wellformed = false
            stopped = true
            return
        }
        t.confirmedUTF8Message = decision.confirmedUTF8Message
        t.report = { [unowned self] message, malformed in
            if malformed { self.builder.wellformed = false }
            self.addProblem("\(self.location): \(message)")
        }
        transcoder = t
        var handler = Self.makeHandler()
        let me = Unmanaged.passUnretained(self).toOpaque()
        guard let ctxt = xmlCreatePushParserCtxt(&handler, me, nil, 0, nil) else {
            builder.record(problem: "1:1: libxml2 could not create a parser")
            builder.wellformed = false
            stopped = true
            return
        }
        self.ctxt = ctxt
        xmlCtxtUseOptions(ctxt, Self.options)
        xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8)
        let bytes = head
        head = []
        var utf8 = [UInt8]()
        bytes.withUnsafeBytes { raw in
            t.convert(UnsafeRawBufferPointer(rebasing: raw[decision.bom...]), final: false) { utf8 += $0 }
        }
        if t.isHolding {
            unprepared = utf8
        } else {
            prepareAndParse(&utf8)
        }
    }

    /// Parses the decoded head, junk before the first tag and the declaration's `encoding` removed (in
    /// place: `inout`, so that the removal does not copy the head).
    private func prepareAndParse(_ utf8: inout [UInt8]) {
        if let problem = EncodingSniffer.prepare(&utf8) { builder.record(problem: problem) }
        utf8.withUnsafeBytes { parseFixed($0) }
    }

    /// Decodes and parses the next chunk.
    private func feed(_ chunk: UnsafeRawBufferPointer, final: Bool) {
        guard let transcoder else { return }
        transcoder.convert(chunk, final: final) { piece in
            if stopped { return }
            if unprepared == nil {
                parseFixed(piece)
                return
            }
            unprepared! += piece
            if var u = unprepared, EncodingSniffer.isEnough(u) {
                unprepared = nil
                prepareAndParse(&u)
            }
        }
        if final, !stopped, var u = unprepared {
            unprepared = nil
            prepareAndParse(&u)
        }
    }

    /// Parses UTF-8 text after rewriting `&#X` to `&#x` (`HexReferenceFixer`): not well-formed XML, read
    /// as feedparser and HTML read it, and reported.
    private func parseFixed(_ piece: UnsafeRawBufferPointer) {
        hexFixer.pass(piece, firstFix: {
            builder.wellformed = false
            addProblem("\(location): character reference written &#X… read as &#x… (XML allows only a lower-case x)")
        }, { parse($0, terminate: false) })
    }

    private func parse(_ chunk: UnsafeRawBufferPointer, terminate: Bool) {
        guard let ctxt else { return }
        var rest = chunk
        // xmlParseChunk takes an int size.
        while rest.count > Int(Int32.max / 2) {
            let part = UnsafeRawBufferPointer(rebasing: rest[..<Int(Int32.max / 2)])
            xmlParseChunk(ctxt, part.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(part.count), 0)
            rest = UnsafeRawBufferPointer(rebasing: rest[Int(Int32.max / 2)...])
            if stopped { return }
        }
        xmlParseChunk(ctxt, rest.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(rest.count), terminate ? 1 : 0)
    }

    /// Stops parsing a document that is not a feed (an HTML page): nothing more in it is of use.
    func stop() {
        guard let ctxt, !stopped else { return }
        stopped = true
        xmlStopParser(ctxt)
    }

    var location: String {
        guard let input = ctxt?.pointee.input else { return "0:0" }
        return "\(input.pointee.line):\(input.pointee.col)"
    }

    // MARK: - Events from the SAX callbacks

    @inline(__always) func startElement(_ localname: UnsafePointer<UInt8>,
                                        _ uri: UnsafePointer<UInt8>?, _ namespaceCount: Int,
                                        _ namespaces: UnsafeMutablePointer<UnsafePointer<UInt8>?>?,
                                        _ attributeCount: Int,
                                        _ attributes: UnsafeMutablePointer<UnsafePointer<UInt8>?>?) {
        if errorPending { resumeAfterError() }
        let ns = uri.map(namespace) ?? .none
        let name = localName(localname)
        let element = SAXElement(localname: localname, namespaceCount: namespaceCount,
                                 namespaces: namespaces, attributeCount: attributeCount, attributes: attributes)
        if !builder.start(ns, name, element) { stop() }
    }

    @inline(__always) func endElement(_ localname: UnsafePointer<UInt8>) {
        if errorPending { resumeAfterError() }
        builder.end(localname)
    }

    @inline(__always) func characters(_ p: UnsafePointer<UInt8>, _ count: Int) {
        if errorPending { resumeAfterError() }
        builder.characters(p, count)
    }

    /// After any error libxml2 clears `wellFormed`, and from then on silently drops every entity
    /// reference, even `&amp;` (parser.c, xmlParseReference: `if (!ctxt->wellFormed) return;`). In
    /// recovery mode that would corrupt every later title, so the flag is set again; well-formedness is
    /// tracked by `FeedBuilder.wellformed` instead.
    func resumeAfterError() {
        errorPending = false
        ctxt?.pointee.wellFormed = 1
    }

    @inline(__always) func namespace(_ uri: UnsafePointer<UInt8>) -> XMLNamespace {
        namespaces.lookup(uri, dict: ctxt?.pointee.dict)
    }

    @inline(__always) func localName(_ name: UnsafePointer<UInt8>) -> LocalName {
        localNames.lookup(name, dict: ctxt?.pointee.dict)
    }

    /// Names of entities the DTD declares (capped): references to them are dropped, not kept as text.
    private var declaredEntities: Set<String> = []

    func declaredEntity(_ name: UnsafePointer<UInt8>) {
        if declaredEntities.count < 1024 { declaredEntities.insert(String(cString: name)) }
    }

    func entity(named name: UnsafePointer<UInt8>) -> UnsafeMutablePointer<xmlEntity>? {
        let s = String(cString: name)
        if declaredEntities.contains(s) || declaredEntities.count >= 1024 { return nil }
        // With an external DTD (never loaded) an unknown name may be declared there: dropped, not kept.
        if hasExternalSubset, HTMLEntities.scalar(named: s) == nil { return nil }
        // xmlParseAttValueInternal sets the ATTRIBUTE_VALUE state while it reads a value.
        let inAttribute = ctxt?.pointee.instate == XML_PARSER_ATTRIBUTE_VALUE
        guard let e = entities.entity(named: s, inAttribute: inAttribute) else { return nil }
        if reportedEntities.insert(s).inserted {
            addProblem("\(location): undeclared entity &\(s); read as HTML")
        }
        builder.wellformed = false
        return e
    }

    private var hasExternalSubset = false

    func doctype(publicID: UnsafePointer<UInt8>?, systemID: UnsafePointer<UInt8>?) {
        if systemID != nil || publicID != nil { hasExternalSubset = true }
        builder.doctype(publicID: publicID.map { String(cString: $0) }, systemID: systemID.map { String(cString: $0) })
    }

    /// A bare `&` in text (`?a=1&b=2&c`, `AT&T`): libxml2 reports a reference without `;` (or without a
    /// name) and drops the `&` and the name it read, which are still in its input just before the cursor.
    /// They are handed on as text, so that URLs keep every parameter. In attribute values libxml2 has no
    /// such recovery to hook, and the bytes are not text there.
    func keepBareAmpersand() {
        guard let ctxt, ctxt.pointee.instate == XML_PARSER_CONTENT, let input = ctxt.pointee.input,
              let base = input.pointee.base, let cur = input.pointee.cur, cur > base else { return }
        // The name libxml2 read is at most a few hundred bytes; a longer one is left dropped.
        var k = cur - 1
        let limit = max(base, cur - 256)
        while k > limit, k.pointee != UInt8(ascii: "&") { k -= 1 }
        // At the limit, an `&` may be an earlier one than the reference's own: then nothing is kept.
        guard k.pointee == UInt8(ascii: "&"), k > limit || limit == base else { return }
        builder.characters(k, cur - k)
    }

    func error(line: Int, column: Int, message: String, isWarning: Bool) {
        if !isWarning {
            builder.wellformed = false
            errorPending = true
        }
        addProblem("\(line):\(column): \(message)")
    }

    func addProblem(_ p: String) {
        builder.record(problem: p)
    }
}
