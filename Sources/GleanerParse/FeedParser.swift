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
    /// The builder and the SAX callbacks' state (see `SAXState` for why it is a value).
    var sax: SAXState
    private let position = ParsePosition()
    private let contentType: String?
    private(set) var ctxt: xmlParserCtxtPtr?
    /// After broken structure, the bytes searched for the next entry start (`Resync`), and the document's
    /// line where they begin; nil otherwise.
    private var seeking: (bytes: [UInt8], line: Int)?
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
            sax.builder.record(problem: "JSON Feed longer than \(JSONFeedReader.maxBytes) bytes truncated")
            sax.builder.wellformed = false
            let bytes = chunk.assumingMemoryBound(to: UInt8.self)
            j.append(contentsOf: bytes[..<UTF8Cut.prefix(bytes, atMost: JSONFeedReader.maxBytes - j.count)])
            sax.stopped = true
        } else {
            j.append(contentsOf: chunk)
        }
        json = j
    }
    private var finished: ParsedFeed?

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
        var builder = FeedBuilder(documentURL: documentURL)
        builder.sanitize = sanitizeHTML
        builder.onArticle = onArticle
        builder.location = { [position] in position.text }
        sax = SAXState(builder: builder, entities: DocumentEntities(), position: position)
        self.documentURL = documentURL
        self.contentType = contentType
    }

    deinit {
        freeContext()
    }

    private func freeContext() {
        guard let ctxt else { return }
        if let doc = ctxt.pointee.myDoc { xmlFreeDoc(doc) }
        xmlFreeParserCtxt(ctxt)
        self.ctxt = nil
        sax.ctxt = nil
        position.ctxt = nil
    }

    /// Feeds the next bytes of the body; any chunk size works, including one byte.
    public func push(_ chunk: UnsafeRawBufferPointer) {
        guard finished == nil, !sax.stopped, chunk.count > 0 else { return }
        if json != nil {
            pushJSON(chunk)
            return
        }
        if ctxt == nil, seeking == nil {
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
        if ctxt == nil, json == nil, transcoder == nil {
            if head.isEmpty {
                sax.builder.record(problem: "1:1: empty document")
                sax.builder.wellformed = false
            } else {
                start()
            }
        }
        if ctxt != nil || seeking != nil, !sax.stopped {
            feed(UnsafeRawBufferPointer(start: nil, count: 0), final: true)
            if !sax.stopped { parse(UnsafeRawBufferPointer(start: nil, count: 0), terminate: true) }
        }
        // An entry that broken markup left open at the end (nothing after it to read on at) is kept.
        if sax.builder.brokenEntry, sax.builder.inEntry { _ = sax.builder.closeForResync() }
        if let json {
            JSONFeedReader.read(json, documentURL: documentURL, into: &sax.builder)
            encoding = "utf-8"
        }
        if let t = transcoder {
            encoding = t.reported
            if t.invalidSequences > 1 { addProblem("\(t.invalidSequences) invalid byte sequences replaced with U+FFFD") }
        }
        let result = sax.builder.result(encoding: encoding)
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
        for p in decision.problems { sax.builder.record(problem: p) }
        if decision.malformed { sax.builder.wellformed = false }
        guard let t = Transcoder(source: decision.source, reported: decision.reported, fallback: decision.fallback)
        else {
            sax.builder.record(problem: "1:1: cannot decode \(decision.reported)")
            sax.builder.wellformed = false
            sax.stopped = true
            return
        }
        t.confirmedUTF8Message = decision.confirmedUTF8Message
        t.report = { [unowned self] message, malformed in
            if malformed { self.sax.builder.wellformed = false }
            self.addProblem("\(self.position.text): \(message)")
        }
        transcoder = t
        guard startContext() else { return }
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

    /// Creates a push context (the document's first, or one that reads on after broken structure). Its
    /// user data is set only while it parses (`parseChunk`).
    private func startContext() -> Bool {
        var handler = Self.makeHandler()
        guard let ctxt = xmlCreatePushParserCtxt(&handler, nil, nil, 0, nil) else {
            sax.builder.record(problem: "1:1: libxml2 could not create a parser")
            sax.builder.wellformed = false
            sax.stopped = true
            return false
        }
        // Without user data libxml2 passes the context itself to callbacks: nothing may reach them now.
        ctxt.pointee.userData = nil
        self.ctxt = ctxt
        sax.newContext(ctxt)
        position.ctxt = ctxt
        xmlCtxtUseOptions(ctxt, Self.options)
        xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8)
        return true
    }

    /// Parses the decoded head, junk before the first tag and the declaration's `encoding` removed (in
    /// place: `inout`, so that the removal does not copy the head).
    private func prepareAndParse(_ utf8: inout [UInt8]) {
        if let problem = EncodingSniffer.prepare(&utf8) { sax.builder.record(problem: problem) }
        utf8.withUnsafeBytes { parseFixed($0) }
    }

    /// Decodes and parses the next chunk.
    private func feed(_ chunk: UnsafeRawBufferPointer, final: Bool) {
        guard let transcoder else { return }
        transcoder.convert(chunk, final: final) { piece in
            if sax.stopped { return }
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
        if final, !sax.stopped, var u = unprepared {
            unprepared = nil
            prepareAndParse(&u)
        }
    }

    /// Parses UTF-8 text after rewriting `&#X` to `&#x` (`HexReferenceFixer`): not well-formed XML, read
    /// as feedparser and HTML read it, and reported.
    private func parseFixed(_ piece: UnsafeRawBufferPointer) {
        hexFixer.pass(piece, firstFix: {
            sax.builder.wellformed = false
            addProblem("\(position.text): character reference written &#X… read as &#x… (XML allows only a lower-case x)")
        }, { parse($0, terminate: false) })
    }

    /// How many bytes one `xmlParseChunk` is given at most once the document's structure has broken. A
    /// resync copies what libxml2 has not read yet (`SAXState.requestResync`): the first may copy the rest
    /// of a document pushed as one chunk, every later one about one part, so recovery copies about one
    /// document plus `maxResyncs` parts, never `maxResyncs` documents. Before that, chunks are given whole:
    /// how libxml2 hands text over (and so where caps cut it) stays as it was.
    static let partSize = 16 * 1024
    private var partLimit: Int { sax.resyncsLeft < SAXState.maxResyncs ? Self.partSize : Int(Int32.max / 2) }

    /// Bytes copied out of a stopped context (or the seeker) for the next one, read from `from` on.
    private typealias Carried = (bytes: [UInt8], from: Int)

    /// Reads `chunk` in parts (`partLimit`; xmlParseChunk takes an int size). After broken structure (`Resync`) the bytes the
    /// stopped context had not read are read first by a new one, in this same loop: each copy is dropped
    /// once read, so only the newest is alive, however many entries are broken.
    private func parse(_ chunk: UnsafeRawBufferPointer, terminate: Bool) {
        var carried: [Carried] = []
        var rest = chunk
        // After a resync in the last part, the new context must be ended too, even with nothing to read.
        var ended = false
        repeat {
            var next: [Carried]
            if carried.isEmpty {
                let part = UnsafeRawBufferPointer(rebasing: rest.prefix(partLimit))
                rest = UnsafeRawBufferPointer(rebasing: rest.dropFirst(part.count))
                let final = terminate && rest.isEmpty
                next = read(part, terminate: final)
                ended = final && next.isEmpty
            } else {
                let from = carried[0].from
                let n = min(partLimit, carried[0].bytes.count - from)
                carried[0].from += n
                let final = terminate && rest.isEmpty && carried.count == 1 && carried[0].from == carried[0].bytes.count
                next = carried[0].bytes.withUnsafeBytes { read(UnsafeRawBufferPointer(rebasing: $0[from..<(from + n)]), terminate: final) }
                ended = final && next.isEmpty
                if carried[0].from == carried[0].bytes.count { carried.removeFirst() }
            }
            if !next.isEmpty {
                next += carried
                carried = next
                next = []
            }
        } while !sax.stopped && (!carried.isEmpty || !rest.isEmpty || (terminate && !ended))
    }

    /// Gives one part to the context, or to the seeker after broken structure; returns what must be read
    /// before the rest when the structure broke (`Resync`) or the seeker found an entry.
    private func read(_ part: UnsafeRawBufferPointer, terminate: Bool) -> [Carried] {
        if seeking != nil { return seek(part, terminate: terminate) }
        guard let ctxt else { return [] }
        parseChunk(ctxt, part, terminate: terminate)
        guard sax.resync != nil else { return [] }
        // Moved out, so that the copy has one owner and is freed once read.
        let r = sax.resync!
        sax.resync = nil
        freeContext()
        guard let replay = r.replay else {
            seeking = ([], r.line)
            return [(r.rest, 0)]
        }
        guard let head = readOn(atLine: r.line, first: replay) else { return [] }
        return [(head, 0), (r.rest, 0)]
    }

    /// One `xmlParseChunk`, with libxml2's user data pointing at `sax` for its length: the one access to
    /// `sax` for all the events the chunk holds.
    private func parseChunk(_ ctxt: xmlParserCtxtPtr, _ part: UnsafeRawBufferPointer, terminate: Bool) {
        withUnsafeMutablePointer(to: &sax) { state in
            ctxt.pointee.userData = UnsafeMutableRawPointer(state)
            xmlParseChunk(ctxt, part.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(part.count), terminate ? 1 : 0)
            ctxt.pointee.userData = nil
        }
    }

    /// Starts a context whose first elements stand for the feed element and those around it; returns what
    /// it reads first (those, then `first`), or nil when no context could be made.
    private func readOn(atLine line: Int, first: [UInt8]) -> [UInt8]? {
        guard startContext() else { return nil }
        position.lineOffset = line - 1
        sax.awaitingResyncRoot = max(1, min(sax.builder.depth, FeedBuilder.maxDepth))
        return sax.builder.resyncRoot + first
    }

    /// Looks for the next entry start (`<entry`, `<item`, with any prefix) and reads on from it; until then
    /// keeps only the last bytes, where a start tag may begin.
    private func seek(_ chunk: UnsafeRawBufferPointer, terminate: Bool) -> [Carried] {
        guard var s = seeking else { return [] }
        s.bytes.append(contentsOf: chunk)
        if let k = Self.entryStart(in: s.bytes) {
            seeking = nil
            let line = s.line + s.bytes[..<k].count { $0 == 0x0A }
            guard let head = readOn(atLine: line, first: []) else { return [] }
            return [(head, 0), (s.bytes, k)]
        }
        if terminate {
            seeking = nil
            return []
        }
        let keep = 64
        if s.bytes.count > keep {
            s.line += s.bytes[..<(s.bytes.count - keep)].count { $0 == 0x0A }
            s.bytes.removeFirst(s.bytes.count - keep)
        }
        seeking = s
        return []
    }

    /// The offset of the first `<entry` or `<item` start tag (with or without a prefix) in `b`.
    static func entryStart(in b: [UInt8]) -> Int? {
        var i = 0
        let n = b.count
        while let k = b[i...].firstIndex(of: UInt8(ascii: "<")) {
            var j = k + 1
            var nameStart = j
            while j < n, j - k < 64, HTMLText.isAlnum(b[j]) || b[j] == UInt8(ascii: "-") || b[j] == UInt8(ascii: "_")
                    || b[j] == UInt8(ascii: ".") || b[j] == UInt8(ascii: ":") || b[j] >= 0x80 {
                if b[j] == UInt8(ascii: ":") { nameStart = j + 1 }
                j += 1
            }
            if j < n, HTMLText.isSpace(b[j]) || b[j] == UInt8(ascii: ">") || b[j] == UInt8(ascii: "/") {
                let name = b[nameStart..<j]
                if name.elementsEqual("entry".utf8) || name.elementsEqual("item".utf8) { return k }
            }
            i = k + 1
        }
        return nil
    }

    func addProblem(_ p: String) {
        sax.builder.record(problem: p)
    }
}
