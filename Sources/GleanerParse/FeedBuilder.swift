import GleanerModel

/// The format logic: turns element events into a `FeedInfo` and `Article`s. Pure Swift; the libxml2
/// driver (`FeedParser`) identifies names and hands events here.
///
/// Text is only accumulated while inside an element whose value is needed (`capturing`), into one
/// reusable byte buffer, and decoded once when that element ends.
final class FeedBuilder {
    static let maxDepth = 256
    static let maxText = 4 << 20

    // Results.
    var format = "unknown"
    var feed = FeedInfo()
    var articles: [Article] = []
    /// When set, each article goes here as it completes instead of into `articles`.
    var onArticle: ((Article) -> Void)?
    /// Whether summary and content HTML goes through `HTMLSanitizer` (on by default).
    var sanitize = true
    var articleCount = 0
    var problems: [String] = []
    var wellformed = true

    let documentURL: String?
    /// `line:col` of the event being handled; supplied by the driver.
    var location: () -> String = { "0:0" }

    // Structure.
    enum Container: Equatable { case feed, entry, image, person(author: Bool), ignore, skipHours, skipDays }
    var containers: [(kind: Container, depth: Int)] = []
    var depth = 0
    var tooDeepReported = false
    /// Resolved `xml:base` and `xml:lang` values in scope, with the depth that set them.
    var bases: [(value: String, depth: Int)] = []
    var langs: [(value: String, depth: Int)] = []
    var netscapeDoctype = false
    /// The root element's name when it is not a feed's; nil until then, or when it is one.
    var wrapper: String?
    /// Whether the feed element has been found (at the root or inside a wrapper): one feed per document.
    var rootFound = false
    /// The namespace an Atom root was found in when it is not Atom's own (none, or an unknown URI).
    var atomAlias: XMLNamespace?

    // The entry being built.
    var article = Article()
    var entryXMLLang: String?
    var entryExplicitLang: String?
    /// `xml:lang` on the entry's content, summary or title when the entry itself has none.
    var entryLangFromContent: String?
    var idFromGuid = false
    /// Whether the entry's dates came from Atom 1.0's `published`/`updated` (see `DateField`).
    var publishedFromAtom = false
    var updatedFromAtom = false
    var guidIsPermaLink = true
    var rdfAbout: String?
    var person = Person()
    /// The entry's categories as a set, once it has many (see `addCategory`).
    var categorySet: Set<String> = []

    // Feed-level values chosen at the end.
    var feedExplicitLang: String?
    var feedXMLLang: String?
    /// Candidates for `feed.updated`, by rank (lower wins): lastBuildDate, Atom updated, dc:date, pubDate.
    var feedDates: [Timestamp?] = [nil, nil, nil, nil]
    var imageFromIcon = false

    // Capture.
    var capturing = false
    var text: [UInt8] = []
    var pending = Pending(field: .title(.text), depth: 0, inEntry: false)
    var markup = false
    var wrapperDepth = 0
    var truncated = false
    var base64 = false
    var nextBase64 = false
    /// The sanitizer fast path's buffers, reused from one summary or content to the next.
    let sanitizerScratch = HTMLSanitizer.FastScratch()
    /// Inside a captured RSS author (`<author><name>…</name><email>…</email></author>`): where the text of
    /// its `name` and `email` children lies in `text`, and the child open now.
    var personParts: (name: Range<Int>?, email: Range<Int>?) = (nil, nil)
    var personChild: (name: LocalName, start: Int)?
    /// The last base `resolve` parsed.
    var baseCache: URLResolver.ParsedBase?

    init(documentURL: String?) {
        self.documentURL = documentURL
        text.reserveCapacity(4096)
    }

    /// The most problems a document keeps: a hostile one can report one per element, millions of them.
    static let maxProblems = 200

    /// Every problem is kept through here, so the cap holds whoever reports it.
    func record(problem p: String) {
        if problems.count < Self.maxProblems {
            problems.append(p)
        } else if problems.count == Self.maxProblems {
            problems.append("further problems omitted")
        }
    }

    func problem(_ message: String) {
        guard problems.count <= Self.maxProblems else { return }
        record(problem: "\(location()): \(message)")
    }

    // MARK: - Events

    /// Returns false when the document turns out not to be a feed (the driver stops parsing).
    func start(_ ns0: XMLNamespace, _ name: LocalName, _ el: SAXElement) -> Bool {
        depth += 1
        // An Atom document in no namespace or in a namespace of its own (`<feed version="0.3"
        // xmlns="http://example.com/newformat#">`): its elements are read as Atom.
        let ns = ns0 == atomAlias && depth > 1 ? (format == "atom0.3" ? .atom03 : .atom10) : ns0
        if depth > Self.maxDepth {
            if !tooDeepReported {
                tooDeepReported = true
                problem("elements nested deeper than \(Self.maxDepth) ignored")
            }
            return true
        }
        if capturing {
            startMarkup(ns, name, el)
            if depth == pending.depth + 1, name == .name || name == .email {
                switch pending.field {
                case .author, .contributor: personChild = (name, text.count)
                default: break
                }
            }
            return true
        }
        if el.attributeCount > 0 { enterScope(el) }
        if depth == 1 {
            if root(ns, name, el) { return true }
            // Another document (`<html><body>…`) may hold the feed: it is looked for inside.
            wrapper = String(decoding: SAXElement.buffer(el.localname).prefix(64), as: UTF8.self)
            return true
        }
        guard let top = containers.last?.kind else {
            // Inside a wrapper: the first feed element found, at any depth, is read as the document's root.
            if let wrapper, !rootFound, nestedRoot(ns, name, el) {
                problem("feed element <\(String(decoding: SAXElement.buffer(el.localname).prefix(64), as: UTF8.self))> found inside <\(wrapper)>: read as the feed")
            }
            return true
        }
        switch top {
        case .feed, .entry:
            let inEntry = top == .entry
            if ns.isAtom, name == .author || name == .contributor {
                containers.append((.person(author: name == .author), depth))
                person = Person()
            } else if ns.isRSS, name == .item || name == .entry, !inEntry {
                startEntry(el)
            } else if ns.isAtom, name == .entry || name == .item, !inEntry {
                startEntry(el)
            } else if ns.isRSS, name == .channel, !inEntry {
                containers.append((.feed, depth))
            } else if ns.isAtom, name == .source {
                containers.append((.ignore, depth))
            } else if ns.isRSS, name == .image {
                containers.append((inEntry ? .ignore : .image, depth))
            } else if ns.isRSS, name == .textInput || name == .textinput {
                containers.append((.ignore, depth))
            } else if ns.isRSS, name == .skipHours, !inEntry {
                containers.append((.skipHours, depth))
            } else if ns.isRSS, name == .skipDays, !inEntry {
                containers.append((.skipDays, depth))
            } else if name == .categories, !ns.isAtom || inEntry {
                // A non-standard wrapper (`<categories><category>…`): transparent, so that the categories
                // inside it are read as the entry's own.
            } else if let field = field(ns, name, el, inEntry: inEntry) {
                beginCapture(field, inEntry: inEntry)
            } else if !ns.isKnownLeafless(name) {
                // Anything else is opaque: an `<image><id>` inside an entry must not set the entry's id.
                containers.append((.ignore, depth))
            }
        case .person:
            if ns.isAtom {
                switch name {
                case .name: beginCapture(.personName, inEntry: false)
                case .email: beginCapture(.personEmail, inEntry: false)
                case .uri, .url, .homepage: beginCapture(.personURI, inEntry: false)
                default: break
                }
            }
        case .image:
            if ns.isRSS, name == .url { beginCapture(.imageURL, inEntry: false) }
        case .skipHours:
            if name == .hour { beginCapture(.skipHour, inEntry: false) }
        case .skipDays:
            if name == .day { beginCapture(.skipDay, inEntry: false) }
        case .ignore:
            break
        }
        return true
    }

    func end(_ localname: UnsafePointer<UInt8>) {
        defer { depth -= 1 }
        if depth > Self.maxDepth { return }
        if capturing {
            if depth > pending.depth {
                if let child = personChild, depth == pending.depth + 1 {
                    if child.name == .name { personParts.name = child.start..<text.count } else { personParts.email = child.start..<text.count }
                    personChild = nil
                }
                endMarkup(localname)
                return
            }
            capturing = false
            apply(pending)
        }
        if let top = containers.last, top.depth == depth {
            containers.removeLast()
            switch top.kind {
            case .entry: finishEntry()
            case .person(let isAuthor): finishPerson(isAuthor: isAuthor)
            default: break
            }
        }
        if bases.last?.depth == depth { bases.removeLast() }
        if langs.last?.depth == depth { langs.removeLast() }
    }

    @inline(__always) func characters(_ p: UnsafePointer<UInt8>, _ count: Int) {
        guard capturing, depth <= Self.maxDepth else { return }
        let buffer = UnsafeBufferPointer(start: p, count: count)
        if markup {
            appendEscaped(buffer)
        } else if count == 1, text.count < Self.maxText {
            // libxml2 hands each reference over on its own (`&lt;` is a call with "<"): escaped HTML is mostly
            // such calls, and one element is appended far more cheaply than a buffer.
            text.append(p[0])
        } else if text.count + count <= Self.maxText {
            text.append(contentsOf: buffer)
        } else {
            appendTruncated(buffer)
        }
    }

    /// Appends what fits of `buffer` (whole characters: libxml2 hands text over in whole characters) below
    /// `maxText`, cut on a character boundary (`UTF8Cut`) so that the text stays valid UTF-8 for
    /// `String(validatedUTF8:)`; escaped when capturing markup.
    func appendTruncated(_ buffer: UnsafeBufferPointer<UInt8>) {
        let room = max(0, Self.maxText - text.count)
        if markup {
            // Escaping grows a byte to at most five (`&quot;` is not used in text).
            MarkupEscaping.escape(UnsafeBufferPointer(rebasing: buffer[..<UTF8Cut.prefix(buffer, atMost: room / 5)]),
                                  .html(attribute: false), into: &text)
        } else {
            text.append(contentsOf: buffer[..<UTF8Cut.prefix(buffer, atMost: room)])
        }
        if !truncated {
            truncated = true
            problem("text longer than \(Self.maxText) bytes truncated")
        }
    }

    func doctype(publicID: String?, systemID: String?) {
        let ids = ((publicID ?? "") + " " + (systemID ?? "")).lowercased()
        if ids.contains("netscape") { netscapeDoctype = true }
    }

    // MARK: - Structure

    func root(_ ns: XMLNamespace, _ name: LocalName, _ el: SAXElement) -> Bool {
        switch name {
        case .rss where ns.isRSS:
            let version = HTMLText.trimmed(Array((el.attribute("version") ?? "").utf8))
            switch version {
            case "0.91": format = netscapeDoctype ? "rss0.91n" : "rss0.91u"
            case "0.92": format = "rss0.92"
            case "0.93": format = "rss0.93"
            case "0.94": format = "rss0.94"
            case "0.90": format = "rss0.90"
            case _ where version.hasPrefix("2."): format = "rss2.0"
            default: format = "rss"
            }
        case .RDF where ns == .rdf:
            format = el.declares(.rss090) && !el.declares(.rss10) ? "rss0.90" : "rss1.0"
        case .feed where ns == .atom10:
            format = "atom1.0"
        case .feed where ns == .atom03 || el.attribute("version") == "0.3":
            format = "atom0.3"
            if ns != .atom03 { atomAlias = ns }
        case .feed:
            format = "atom"
            atomAlias = ns
        default:
            return false
        }
        containers.append((.feed, depth))
        feedXMLLang = langs.last?.value
        rootFound = true
        return true
    }

    /// A feed element inside a wrapper: what `root` accepts, in its own namespace only (an HTML page's
    /// elements are in none or XHTML's), or an RSS `<channel>` without its `<rss>`.
    func nestedRoot(_ ns: XMLNamespace, _ name: LocalName, _ el: SAXElement) -> Bool {
        switch name {
        case .rss where ns.isRSS, .RDF where ns == .rdf, .feed where ns.isAtom:
            return root(ns, name, el)
        case .channel where ns.isRSS:
            format = "rss"
            containers.append((.feed, depth))
            feedXMLLang = langs.last?.value
            rootFound = true
            return true
        default:
            return false
        }
    }

    func enterScope(_ el: SAXElement) {
        // Most attributes are in no namespace: then there is no xml:base or xml:lang to look for.
        guard el.hasNamespacedAttribute else { return }
        // A base with another scheme (`javascript:`) is ignored, so relative links inside resolve against
        // the base around it instead of becoming links of that scheme.
        if let base = el.attribute("base", uri: SAXElement.xmlNamespace), let resolved = resolve(base) {
            bases.append((resolved, depth))
        }
        if let lang = el.attribute("lang", uri: SAXElement.xmlNamespace) {
            // xml:lang="" undoes an inherited language (XML 1.0 §2.12).
            langs.append((HTMLText.trimmed(Array(lang.utf8)), depth))
        }
    }

    /// The base for relative references: `xml:base` in scope, else the document's address, else the
    /// feed's own link (RFC 3986 §5.1: base from the enclosing content, then the retrieval URI).
    var currentBase: String? { bases.last?.value ?? documentURL ?? feed.link }

    /// `s` resolved against the base in scope, or nil (with a problem) when its scheme may not leave Gleaner
    /// (`URLResolver.outgoing`: http, https, relative references, and `allowed`).
    func resolve(_ s: String, allowing allowed: URLResolver.Allowed = .web) -> String? {
        if let url = URLResolver.outgoing(s, against: currentBase, allowing: allowed, cache: &baseCache) { return url }
        problem("link with scheme \"\(URLResolver.schemeName(s))\" dropped: only http and https links are kept")
        return nil
    }

    func startEntry(_ el: SAXElement) {
        containers.append((.entry, depth))
        article = Article()
        categorySet.removeAll(keepingCapacity: true)
        entryXMLLang = langs.last?.value
        entryExplicitLang = nil
        entryLangFromContent = nil
        idFromGuid = false
        publishedFromAtom = false
        updatedFromAtom = false
        guidIsPermaLink = true
        rdfAbout = el.attribute("about", uri: SAXElement.rdfNamespace)
    }

    func finishEntry() {
        if article.id == nil, let about = rdfAbout?.trimmedNonEmpty { article.id = about }
        // RSS 2.0: a guid is a permalink unless isPermaLink="false"; it stands in for a missing link.
        if article.link == nil, idFromGuid, guidIsPermaLink, let id = article.id,
           id.hasPrefix("http://") || id.hasPrefix("https://") {
            article.link = resolve(id) ?? article.link
        }
        article.language = entryXMLLang ?? entryExplicitLang ?? entryLangFromContent
        // Moved out, not copied: a copy would retain every field only to release them at the reset.
        var done = Article()
        swap(&done, &article)
        emit(done)
    }

    /// A finished article: to `onArticle` when streaming, else kept.
    func emit(_ article: consuming Article) {
        if let onArticle {
            // Streaming: the feed's language as known so far (RSS puts `<language>` before the items).
            if article.language == nil { article.language = (feedExplicitLang ?? feedXMLLang)?.nonEmpty }
            if article.language?.isEmpty == true { article.language = nil }
            onArticle(article)
            articleCount += 1
        } else {
            articles.append(article)
        }
    }

    func finishPerson(isAuthor: Bool) {
        guard !person.isEmpty else { return }
        let inEntry = containers.last?.kind == .entry
        switch (inEntry, isAuthor) {
        case (true, true): article.authors.append(person)
        case (true, false): article.contributors.append(person)
        case (false, true): feed.authors.append(person)
        case (false, false): feed.contributors.append(person)
        }
    }

    // MARK: - Result

    func result(encoding: String) -> ParsedFeed {
        var feed = self.feed
        feed.updated = feedDates.lazy.compactMap { $0 }.first
        feed.language = (feedExplicitLang ?? feedXMLLang)?.nonEmpty
        // Moved out, so that the loops below do not copy the whole array.
        var articles = self.articles
        self.articles = []
        if let lang = feed.language {
            for k in articles.indices where articles[k].language == nil { articles[k].language = lang }
        }
        for k in articles.indices where articles[k].language?.isEmpty == true { articles[k].language = nil }
        return ParsedFeed(format: format, encoding: encoding, wellformed: wellformed, problems: problems,
                          feed: feed, articles: articles)
    }
}

extension String {
    var trimmedNonEmpty: String? {
        let t = HTMLText.trimmed(Array(utf8))
        return t.isEmpty ? nil : t
    }
}
