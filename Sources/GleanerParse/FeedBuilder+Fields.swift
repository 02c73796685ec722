#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GleanerModel

extension FeedBuilder {
    /// How a text value is to be read.
    enum TextKind: Equatable {
        /// RSS: plain text or HTML, undeclared; titles are decoded as HTML when they contain `<` or `&`.
        case rss
        case text, html, xhtml

        var textType: TextType {
            switch self {
            case .rss, .html: return .html
            case .text: return .text
            case .xhtml: return .xhtml
            }
        }
    }

    /// `atomPublished`/`atomUpdated` are Atom 1.0's own elements, which take the place of a value an Atom 0.3
    /// alias (`issued`, `created`, `modified`) set earlier in the same entry.
    enum DateField { case published, updated, atomPublished, atomUpdated, feedLastBuild, feedUpdated, feedDC, feedPub }

    /// What to do with a captured element's text when it ends.
    enum Field: Equatable {
        case title(TextKind), rssLink, description(TextKind), content(TextKind), language, date(DateField)
        case guid, atomID, author, category, comments, generator, imageURL, logo, icon
        case ttl, updatePeriod, updateFrequency, skipHour, skipDay, personName, personEmail, personURI, contributor
        case keywords, duration, commentCount, commentsFeed
    }

    struct Pending {
        var field: Field
        var depth: Int
        var inEntry: Bool
        /// The base for relative links inside the value (HTML content).
        var base: String? = nil
    }

    /// The field an element of a feed or entry fills, or nil; elements described by attributes alone
    /// (links, enclosures, Atom categories) are handled here and return nil.
    mutating func field(_ ns: XMLNamespace, _ name: LocalName, _ el: SAXElement, inEntry: Bool) -> Field? {
        switch ns {
        case .none, .rss090, .rss10, .rss20:
            switch name {
            case .title: return .title(.rss)
            case .link: return .rssLink
            case .description: return .description(.rss)
            // A non-standard RSS `<summary>` is read as a description (see `apply`).
            case .summary: return inEntry ? .description(.rss) : nil
            case .language: return .language
            case .pubDate: return .date(inEntry ? .published : .feedPub)
            case .lastBuildDate: return inEntry ? nil : .date(.feedLastBuild)
            case .managingEditor: return inEntry ? nil : .author
            case .author: return .author
            case .generator: return inEntry ? nil : .generator
            case .ttl: return inEntry ? nil : .ttl
            case .category: return .category
            case .comments: return inEntry ? .comments : nil
            case .fullitem: return inEntry ? .content(.html) : nil
            // `<body>` without a namespace: the item's full XHTML content, as with the XHTML namespace.
            case .body: return inEntry ? .content(.xhtml) : nil
            case .guid:
                guard inEntry else { return nil }
                // RSS 2.0: "isPermaLink is optional, its default value is true".
                guidIsPermaLink = el.withTrimmedAttribute("isPermaLink") { !SAXElement.equalsIgnoringASCIICase($0, "false") } ?? true
                return .guid
            case .enclosure:
                if inEntry, let raw = el.trimmedAttribute("url"), let url = resolve(raw) {
                    addEnclosure(Enclosure(url: url, type: el.trimmedAttribute("type"),
                                           length: el.lengthAttribute("length")))
                }
                return nil
            default: return nil
            }
        case .atom10, .atom03:
            switch name {
            case .title: return .title(atomKind(el))
            case .subtitle, .tagline: return inEntry ? nil : .description(atomKind(el))
            case .summary: return inEntry ? .description(atomKind(el)) : nil
            case .content:
                // Out-of-line content (`src`) has nothing to read here (RFC 4287 §4.1.3.2).
                return inEntry && el.attribute("src") == nil ? .content(atomKind(el)) : nil
            case .id: return inEntry ? .atomID : nil
            case .published: return .date(inEntry ? .atomPublished : .feedPub)
            case .issued, .created: return .date(inEntry ? .published : .feedPub)
            case .updated: return .date(inEntry ? .atomUpdated : .feedUpdated)
            case .modified: return .date(inEntry ? .updated : .feedUpdated)
            case .logo: return inEntry ? nil : .logo
            case .icon: return inEntry ? nil : .icon
            case .generator: return inEntry ? nil : .generator
            case .link:
                atomLink(el, inEntry: inEntry)
                return nil
            case .category:
                if let term = (el.attribute("term") ?? el.attribute("label"))?.trimmedNonEmpty {
                    addCategory(term, inEntry: inEntry)
                }
                return nil
            default: return nil
            }
        case .content:
            return name == .encoded && inEntry ? .content(.html) : nil
        case .dc:
            switch name {
            case .creator, .author: return .author
            case .contributor: return .contributor
            case .title: return .title(.rss)
            case .description: return .description(.rss)
            case .date: return .date(inEntry ? .updated : .feedDC)
            case .subject: return .category
            case .language: return .language
            default: return nil
            }
        case .dcterms:
            switch name {
            case .modified: return .date(inEntry ? .updated : .feedDC)
            case .created, .issued: return .date(inEntry ? .published : .feedPub)
            default: return nil
            }
        case .sy:
            guard !inEntry else { return nil }
            if name == .updatePeriod { return .updatePeriod }
            if name == .updateFrequency { return .updateFrequency }
            return nil
        case .media:
            // Media RSS: `media:content` (also inside `media:group`) is an enclosure when it is audio,
            // video or a document, and the article's image when it is a picture (`medium="image"`, an
            // image type, or an image file name without a type): news feeds attach their illustrations
            // this way, and they are not downloads. `media:thumbnail` is the article's image.
            if inEntry, name == .content, let raw = el.trimmedAttribute("url"), let url = resolve(raw) {
                let type = el.trimmedAttribute("type")
                let medium = el.withTrimmedAttribute("medium") { SAXElement.equalsIgnoringASCIICase($0, "image") }
                if Self.isImage(url: raw, type: type, mediumIsImage: medium) {
                    if article.image == nil { article.image = url }
                } else {
                    addEnclosure(Enclosure(url: url, type: type,
                                           length: el.lengthAttribute("fileSize")))
                }
            } else if name == .thumbnail, let raw = el.trimmedAttribute("url"), let url = resolve(raw) {
                if inEntry { if article.image == nil { article.image = url } } else if feed.image == nil {
                    feed.image = url
                }
            }
            return nil
        case .itunes:
            switch name {
            case .author: return .author
            case .keywords: return inEntry ? .keywords : nil
            case .duration: return inEntry ? .duration : nil
            case .image:
                // `href`, or `url` when there is no `href` at all (a blank `href` gives no image).
                if let raw = el.hasAttribute("href") ? el.trimmedAttribute("href") : el.trimmedAttribute("url"),
                   let href = resolve(raw) {
                    if inEntry { if article.image == nil { article.image = href } } else if feed.image == nil || imageFromIcon {
                        feed.image = href
                        imageFromIcon = false
                    }
                }
                return nil
            case .category:
                if inEntry, let t = el.trimmedAttribute("text") { addCategory(t, inEntry: true) }
                return nil
            default: return nil
            }
        case .slash:
            return name == .comments && inEntry ? .commentCount : nil
        case .wfw:
            return name == .commentRss && inEntry ? .commentsFeed : nil
        case .xhtml:
            // XHTML 1.0 `<body>` as an item's full content (a Radio UserLand convention).
            return name == .body && inEntry ? .content(.xhtml) : nil
        case .rdf, .other:
            return nil
        }
    }

    /// Atom 1.0 `type` (`text`, `html`, `xhtml` or a MIME type, RFC 4287 §3.1.1) and Atom 0.3 `type` (a
    /// MIME type, default text/plain) with `mode` (`xml`, `escaped`, `base64`).
    ///
    /// Base64 is recorded in `nextBase64`: Atom 0.3 `mode="base64"`, and Atom 1.0 content whose `type` is
    /// a MIME type that is neither text nor XML (RFC 4287 §4.1.3.3, rule 6).
    mutating func atomKind(_ el: SAXElement) -> TextKind {
        let type = el.trimmedLowercasedAttribute("type") ?? "text"
        var kind: TextKind
        let mode = el.trimmedLowercasedAttribute("mode")
        nextBase64 = mode == "base64"
        switch type {
        case "html", "text/html": kind = .html
        case "xhtml", "application/xhtml+xml": kind = .xhtml
        case "text", "text/plain": kind = .text
        default:
            kind = .text
            if type.contains("/"), !type.hasPrefix("text/"), !type.hasSuffix("+xml"), !type.hasSuffix("/xml") {
                nextBase64 = true
            }
        }
        if nextBase64 { return kind == .xhtml ? .html : kind }
        // Atom 0.3 §3.1.2: mode="xml" is inline markup, which is what xhtml capture serialises.
        if kind == .html, mode == "xml" { kind = .xhtml }
        return kind
    }

    /// Whether a `media:content` is a picture. `mediumIsImage`: nil when `medium` is absent or blank, else
    /// whether it is `image` (in any letter case), which then decides. Then the type (`image/…`), then the
    /// file name's extension. Compared on bytes: lower-cased copies of the type and the URL were about a
    /// thousand instructions per podcast episode.
    static func isImage(url: String, type: String?, mediumIsImage: Bool?) -> Bool {
        if let mediumIsImage { return mediumIsImage }
        if let type { return SAXElement.hasPrefixIgnoringASCIICase(type.utf8, "image/") }
        // The path (before any `?`) ends with an image extension, in any letter case.
        let u = url.utf8
        let end = u.firstIndex(of: UInt8(ascii: "?")) ?? u.endIndex
        let path = u[..<end]
        return imageExtensions.contains { ext in
            path.count >= ext.utf8CodeUnitCount && SAXElement.equalsIgnoringASCIICase(path.suffix(ext.utf8CodeUnitCount), ext)
        }
    }

    static let imageExtensions: [StaticString] = [".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif"]

    /// `itunes:duration`: seconds, `MM:SS` or `HH:MM:SS` (a fraction after a part's `.` is ignored).
    static func duration(_ s: String) -> Int? {
        var s = s
        return s.withUTF8 { duration(bytes: $0) }
    }

    /// `duration` of bytes, with surrounding XML white space ignored; one pass, nothing allocated (the
    /// split into arrays cost about 2,000 instructions per podcast episode).
    static func duration(bytes b: UnsafeBufferPointer<UInt8>) -> Int? {
        let r = HTMLText.spaceTrimmed(b)
        let hi = r.upperBound
        var total = 0, parts = 0
        var i = r.lowerBound
        while true {
            // One part: digits, then optionally `.` and anything up to the next `:`.
            var v = 0, digits = 0
            while i < hi, b[i] >= 48, b[i] <= 57 {
                digits += 1
                if digits > 18 { return nil }
                v = v * 10 + Int(b[i] - 48)
                i += 1
            }
            guard digits > 0, v < 1_000_000_000 else { return nil }
            if i < hi, b[i] == UInt8(ascii: ".") {
                while i < hi, b[i] != UInt8(ascii: ":") { i += 1 }
            }
            parts += 1
            guard parts <= 3 else { return nil }
            total = total * 60 + v
            if i == hi { return total }
            guard b[i] == UInt8(ascii: ":") else { return nil }
            i += 1
        }
    }

    mutating func atomLink(_ el: SAXElement, inEntry: Bool) {
        guard let raw = el.attribute("href"), let href = resolve(raw) else { return }
        // RFC 4287 §4.2.7.2: "If the rel attribute is not present, the link element MUST be interpreted
        // as if the link relation type is alternate."
        let rel = el.trimmedAttribute("rel") ?? "alternate"
        let link = Link(href: href, rel: rel, type: el.trimmedAttribute("type"),
                        title: el.attribute("title").map { HTMLText.plain(Array($0.utf8), html: false) },
                        hreflang: el.trimmedAttribute("hreflang"),
                        length: el.lengthAttribute("length"))
        if inEntry {
            article.links.append(link)
            if rel == "alternate", article.link == nil { article.link = href }
            if rel == "enclosure" { addEnclosure(Enclosure(url: href, type: link.type, length: link.length)) }
        } else {
            feed.links.append(link)
            if rel == "alternate", feed.link == nil { feed.link = href }
            if rel == "self", feed.selfLink == nil { feed.selfLink = href }
        }
    }

    mutating func addEnclosure(_ e: Enclosure) {
        if !article.enclosures.contains(where: { $0.url == e.url }) { article.enclosures.append(e) }
    }

    mutating func addCategory(_ c: String, inEntry: Bool) {
        guard inEntry else { return }
        // Linear for the usual handful; a set once an entry has many (iTunes keyword lists), where the
        // linear check made adding n categories cost n² String comparisons.
        if article.categories.count < 16 {
            if !article.categories.contains(c) {
                // Room for the usual handful at once, instead of regrowing the array at 1, 2, 4 and 8.
                if article.categories.capacity == 0 { article.categories.reserveCapacity(8) }
                article.categories.append(c)
            }
            return
        }
        if categorySet.count != article.categories.count { categorySet = Set(article.categories) }
        if categorySet.insert(c).inserted { article.categories.append(c) }
    }

    mutating func beginCapture(_ field: Field, inEntry: Bool) {
        capturing = true
        pending = Pending(field: field, depth: depth, inEntry: inEntry)
        switch field {
        case .description, .content: pending.base = currentBase
        default: break
        }
        text.removeAll(keepingCapacity: true)
        personParts = (nil, nil)
        personChild = nil
        truncated = false
        wrapperDepth = 0
        base64 = nextBase64
        nextBase64 = false
        if let lang = langs.last, lang.depth == depth, inEntry, entryXMLLang == nil, entryLangFromContent == nil {
            switch field {
            case .title, .description, .content: entryLangFromContent = lang.value
            default: break
            }
        }
        switch field {
        case .content(.xhtml), .description(.xhtml), .title(.xhtml): markup = true
        default: markup = false
        }
    }

    // MARK: - Applying captured text

    mutating func apply(_ p: Pending) {
        // Text from the XML parser is valid UTF-8 (the document went through `Transcoder`); decoded
        // base64 can be anything, and its invalid sequences become U+FFFD here, as they would in the
        // document, so that everything downstream may rely on valid UTF-8 (`String(validatedUTF8:)`).
        if base64 {
            base64 = false
            if let decoded = Base64.decode(text) {
                if String(validating: decoded, as: UTF8.self) != nil {
                    text = decoded
                } else {
                    text = Array(String(decoding: decoded, as: UTF8.self).utf8)
                    problem("base64 content is not valid UTF-8: invalid sequences replaced with U+FFFD")
                }
            }
        }
        switch p.field {
        // The first value of a kind wins; a later one is not decoded or sanitized only to be dropped.
        case .title(let kind):
            guard p.inEntry ? article.title == nil : feed.title == nil else { return }
            let title = Self.repairDoubleEncoded(HTMLText.plain(text, html: kind != .text))
            guard !title.isEmpty else { return }
            if p.inEntry { article.title = title } else { feed.title = title }
        case .description(let kind):
            // An entry's second summary (`<description>` and `<summary>` both) is its content when it has
            // none yet, as feedparser reads it.
            if p.inEntry, article.summary != nil, article.content == nil, let value = html(kind, p) {
                article.content = value
                article.contentType = kind.textType
                return
            }
            guard p.inEntry ? article.summary == nil : feed.description == nil else { return }
            guard let value = html(kind, p) else { return }
            if p.inEntry {
                article.summary = value
                article.summaryType = kind.textType
            } else {
                feed.description = value
            }
        case .content(let kind):
            guard p.inEntry, article.content == nil, let value = html(kind, p) else { return }
            article.content = value
            article.contentType = kind.textType
        case .rssLink:
            guard let raw = HTMLText.trimmed(text).nonEmpty, let href = resolve(raw) else { return }
            if p.inEntry {
                article.links.append(Link(href: href, rel: "alternate"))
                if article.link == nil { article.link = href }
            } else {
                feed.links.append(Link(href: href, rel: "alternate"))
                if feed.link == nil { feed.link = href }
            }
        case .language:
            guard let lang = HTMLText.trimmed(text).nonEmpty else { return }
            if p.inEntry { if entryExplicitLang == nil { entryExplicitLang = lang } } else if feedExplicitLang == nil {
                feedExplicitLang = lang
            }
        case .date(let which):
            var date = text.withUnsafeBufferPointer { DateParser.parseCommon($0) }
            if date == nil {
                let raw = HTMLText.collapse(text)
                guard !raw.isEmpty else { return }
                date = DateParser.parse(raw)
                if date == nil {
                    problem("unparseable date \"\(raw)\"")
                    return
                }
            }
            guard let t = date else { return }
            // A repeated element (`<updated>` twice) counts by its last value, as in feedparser; an Atom 0.3
            // alias never replaces what Atom 1.0's own element set.
            switch which {
            case .published: if !publishedFromAtom { article.published = t }
            case .updated: if !updatedFromAtom { article.updated = t }
            case .atomPublished: article.published = t; publishedFromAtom = true
            case .atomUpdated: article.updated = t; updatedFromAtom = true
            case .feedLastBuild: feedDates[0] = t
            case .feedUpdated: feedDates[1] = t
            case .feedDC: feedDates[2] = t
            case .feedPub: feedDates[3] = t
            }
        case .guid:
            guard let id = HTMLText.trimmed(text).nonEmpty else { return }
            if article.id == nil || !idFromGuid { article.id = id; idFromGuid = true }
        case .atomID:
            guard let id = HTMLText.trimmed(text).nonEmpty else { return }
            if article.id == nil { article.id = id }
        case .keywords:
            // iTunes keywords: comma-separated. Without a C1 byte (which `collapse` maps) each piece is read
            // from the captured bytes in place, collapsed on its own: the same pieces as collapsing the whole
            // list and then splitting it, since collapsing only touches white space, which no comma's
            // neighbour check depends on; no String of the whole list is made.
            let done = text.withUnsafeBufferPointer { b -> Bool in
                guard let p = b.baseAddress, memchr(p, 0xC2, b.count) == nil, Self.commasSplitOnBytes(b) else { return false }
                var commas = 0
                var from = 0
                while let k = Self.nextComma(p, from: from, count: b.count) { commas += 1; from = k + 1 }
                // Room for every piece at once, instead of growing the array at 8 and 16; capped, so that a list
                // of commas alone (up to the 4 MiB capture cap) does not reserve room for millions of nothing.
                article.categories.reserveCapacity(article.categories.count + min(commas + 1, 64))
                var start = 0
                while start <= b.count {
                    let end = Self.nextComma(p, from: start, count: b.count) ?? b.count
                    if let t = HTMLText.collapse(UnsafeBufferPointer(rebasing: b[start..<end])).nonEmpty {
                        addCategory(t, inEntry: true)
                    }
                    start = end + 1
                }
                return true
            }
            if done { return }
            let plain = HTMLText.plain(text, html: false)
            // Split in place on the String's own bytes: no copy, no array of ranges.
            let split = plain.utf8.withContiguousStorageIfAvailable { b -> Bool in
                guard let p = b.baseAddress, Self.commasSplitOnBytes(b) else { return false }
                var start = 0
                while start <= b.count {
                    let end = Self.nextComma(p, from: start, count: b.count) ?? b.count
                    if let t = HTMLText.trimmed(UnsafeBufferPointer(rebasing: b[start..<end])).nonEmpty { addCategory(t, inEntry: true) }
                    start = end + 1
                }
                return true
            }
            if split != true {
                for k in plain.split(separator: ",") {
                    if let t = k.trimmedNonEmpty { addCategory(t, inEntry: true) }
                }
            }
        case .duration:
            if let d = text.withUnsafeBufferPointer({ Self.duration(bytes: $0) }) { article.duration = d }
        case .commentCount:
            if let v = Int(HTMLText.trimmed(text)), v >= 0 { article.commentCount = v }
        case .commentsFeed:
            if let raw = HTMLText.trimmed(text).nonEmpty, let url = resolve(raw) { article.commentsFeed = url }
        case .contributor:
            let p2 = structuredPerson() ?? Self.person(Self.repairDoubleEncoded(personText()))
            guard !p2.isEmpty else { return }
            if p.inEntry { article.contributors.append(p2) } else { feed.contributors.append(p2) }
        case .author:
            let p2 = structuredPerson() ?? Self.person(Self.repairDoubleEncoded(personText()))
            guard !p2.isEmpty else { return }
            if p.inEntry {
                if !article.authors.contains(p2) { article.authors.append(p2) }
            } else if !feed.authors.contains(p2) {
                feed.authors.append(p2)
            }
        case .category:
            guard let c = Self.repairDoubleEncoded(HTMLText.plain(text, html: false)).nonEmpty else { return }
            addCategory(c, inEntry: p.inEntry)
        case .comments:
            guard article.comments == nil, let raw = HTMLText.trimmed(text).nonEmpty, let url = resolve(raw) else { return }
            article.comments = url
        case .generator:
            if let g = HTMLText.plain(text, html: false).nonEmpty, feed.generator == nil { feed.generator = g }
        case .imageURL:
            if feed.image == nil || imageFromIcon, let raw = HTMLText.trimmed(text).nonEmpty, let url = resolve(raw) {
                feed.image = url
                imageFromIcon = false
            }
        case .logo:
            if feed.image == nil || imageFromIcon, let raw = HTMLText.trimmed(text).nonEmpty, let url = resolve(raw) {
                feed.image = url
                imageFromIcon = false
            }
        case .icon:
            if feed.image == nil, let raw = HTMLText.trimmed(text).nonEmpty, let url = resolve(raw) {
                feed.image = url
                imageFromIcon = true
            }
        case .ttl:
            if let v = Int(HTMLText.trimmed(text)), v >= 0 { feed.ttl = v }
        case .updatePeriod:
            if let v = HTMLText.trimmed(text).nonEmpty { feed.updatePeriod = v }
        case .updateFrequency:
            if let v = Int(HTMLText.trimmed(text)), v > 0 { feed.updateFrequency = v }
        case .skipHour:
            if let v = Int(HTMLText.trimmed(text)), (0...24).contains(v) { feed.skipHours.append(v % 24) }
        case .skipDay:
            if let v = HTMLText.trimmed(text).nonEmpty { feed.skipDays.append(v) }
        case .personName:
            person.name = Self.repairDoubleEncoded(HTMLText.plain(text, html: false)).nonEmpty
        case .personEmail:
            person.email = HTMLText.trimmed(text).nonEmpty
        case .personURI:
            person.uri = HTMLText.trimmed(text).nonEmpty.flatMap { resolve($0, allowing: .mailto) }
        }
    }

    /// A summary or content value: HTML (and XHTML) sanitized, with links made absolute (HTMLSanitizer);
    /// text as it is. Nil when empty.
    mutating func html(_ kind: TextKind, _ p: Pending) -> String? {
        guard kind != .text, sanitize else { return Self.repairDoubleEncoded(HTMLText.trimmed(text)).nonEmpty }
        var lo = 0
        var hi = text.count
        while lo < hi, HTMLText.isSpace(text[lo]) { lo += 1 }
        while hi > lo, HTMLText.isSpace(text[hi - 1]) { hi -= 1 }
        guard lo < hi else { return nil }
        // C1 controls (C2 80–9F) are read as windows-1252 first; otherwise the fast path reads the trimmed
        // range in place: no copy of the text unless it falls back.
        let hasC2 = text.withUnsafeBufferPointer { memchr($0.baseAddress! + lo, 0xC2, hi - lo) != nil }
        let mapped = hasC2 ? HTMLText.mapC1(text[lo..<hi]) : nil
        let fast = (mapped ?? text).withUnsafeBufferPointer {
            let (start, count) = mapped == nil ? (lo, hi - lo) : (0, $0.count)
            return HTMLSanitizer.fastSanitize($0.baseAddress! + start, count, base: p.base, validUTF8: true,
                                              scratch: sanitizerScratch)
        }
        if fast { return Self.repairDoubleEncoded(sanitizerScratch.string()).nonEmpty }
        var bytes = mapped ?? (lo == 0 && hi == text.count ? text : Array(text[lo..<hi]))
        return Self.repairDoubleEncoded(HTMLSanitizer.sanitizeWithLibxml2(&bytes, base: p.base)).nonEmpty
    }

    /// An author element with `name` or `email` children (`<author><name>Ann</name><title>Editor</title>
    /// </author>`): the name and address from those children, not the text of all of them run together.
    mutating func structuredPerson() -> Person? {
        guard personParts.name != nil || personParts.email != nil else { return nil }
        func part(_ r: Range<Int>?) -> String? {
            r.flatMap { Self.repairDoubleEncoded(HTMLText.plain(Array(text[$0]), html: true)).nonEmpty }
        }
        var person = Person(name: part(personParts.name), email: part(personParts.email))
        // `<name>Ann (ann@example.com)</name>`: the usual forms inside the name too.
        if person.email == nil, let name = person.name { person = Self.person(name) }
        return person.isEmpty ? nil : person
    }

    /// The text of an author element: HTML is stripped, except `Name <me@example.com>`, whose angle
    /// brackets hold the address.
    mutating func personText() -> String {
        // The checks are made on the bytes (String's `contains` of a String is a generic search).
        var hasLT = false, hasAt = false, hasEndTag = false
        var previous: UInt8 = 0, lastVisible: UInt8 = 0
        for c in text {
            if c == UInt8(ascii: "<") { hasLT = true } else if c == UInt8(ascii: "@") { hasAt = true }
            if previous == UInt8(ascii: "<"), c == UInt8(ascii: "/") { hasEndTag = true }
            previous = c
            if !HTMLText.isSpace(c) { lastVisible = c }
        }
        if hasLT, hasAt, lastVisible == UInt8(ascii: ">"), !hasEndTag { return HTMLText.collapse(text) }
        return HTMLText.plain(text, html: true)
    }

    /// The index of the first comma in `p[from..<count]` (memchr), if any.
    @inline(__always) static func nextComma(_ p: UnsafePointer<UInt8>, from: Int, count: Int) -> Int? {
        guard from < count, let c = memchr(p + from, Int32(UInt8(ascii: ",")), count - from) else { return nil }
        return UnsafeRawPointer(c) - UnsafeRawPointer(p)
    }

    /// Whether `b` can be split on its commas byte by byte: no comma has a non-ASCII neighbour. Only then
    /// can a comma be part of a larger grapheme cluster (a combining mark after it, a prepended character
    /// before it), where `String.split` on characters would not split.
    static func commasSplitOnBytes(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let p = b.baseAddress else { return true }
        var from = 0
        while let k = nextComma(p, from: from, count: b.count) {
            if k > 0, b[k - 1] >= 0x80 { return false }
            if k + 1 < b.count, b[k + 1] >= 0x80 { return false }
            from = k + 1
        }
        return true
    }

    /// RSS `author`/`managingEditor` are "the email address of the author" and are usually written
    /// `email (Name)`; `Name <email>` and a bare name (dc:creator) occur too.
    static func person(_ s: String) -> Person {
        guard !s.isEmpty else { return Person() }
        // Without an `@` every form below needs, the text is the name (`dc:creator` mostly is); checked on
        // the bytes, since the Character-level checks below cost thousands of instructions per author.
        if !s.containsUTF8Byte(UInt8(ascii: "@")) { return Person(name: s) }
        // An e-mail address anywhere in the text; what is left, without its brackets, is the name
        // (`me@example.com (Name)`, `Name (me@example.com)`, `Name <me@example.com>`), as feedparser reads it.
        let b = Array(s.utf8)
        if let at = b.firstIndex(of: UInt8(ascii: "@")) {
            func isEmailByte(_ c: UInt8) -> Bool {
                HTMLText.isAlnum(c) || c == UInt8(ascii: ".") || c == UInt8(ascii: "_") || c == UInt8(ascii: "%")
                    || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") || c >= 0x80
            }
            var lo = at
            while lo > 0, isEmailByte(b[lo - 1]) { lo -= 1 }
            var hi = at + 1
            while hi < b.count, isEmailByte(b[hi]) { hi += 1 }
            if lo < at, hi > at + 1 {
                var email = String(decoding: b[lo..<hi], as: UTF8.self)
                if email.hasPrefix("mailto:") { email.removeFirst(7) }
                var rest = Array(b[..<lo]) + Array(b[hi...])
                // Each pair `()`, `<>`, `[]` removed wherever it occurs (byte search; these are ASCII).
                for (open, close) in [(UInt8(ascii: "("), UInt8(ascii: ")")), (UInt8(ascii: "<"), UInt8(ascii: ">")),
                                      (UInt8(ascii: "["), UInt8(ascii: "]"))] {
                    var k = 0
                    while k + 1 < rest.count {
                        if rest[k] == open, rest[k + 1] == close {
                            rest.removeSubrange(k..<(k + 2))
                            k = max(0, k - 1)
                        } else {
                            k += 1
                        }
                    }
                }
                var name = HTMLText.trimmed(rest)
                if name.hasPrefix("(") { name.removeFirst() }
                if name.hasSuffix(")") { name.removeLast() }
                if name.hasPrefix("mailto:") { name = "" }
                return Person(name: name.trimmedNonEmpty, email: email)
            }
        }
        if s.hasSuffix(")"), let open = s.firstIndex(of: "(") {
            let email = s[..<open].trimmedNonEmpty
            let name = s[s.index(after: open)..<s.index(before: s.endIndex)].trimmedNonEmpty
            if let email, email.contains("@") { return Person(name: name, email: email) }
        }
        if s.hasSuffix(">"), let open = s.lastIndex(of: "<") {
            let name = s[..<open].trimmedNonEmpty
            let email = s[s.index(after: open)..<s.index(before: s.endIndex)].trimmedNonEmpty
            if let email, email.contains("@") { return Person(name: name, email: email) }
        }
        if !s.contains(" "), s.contains("@") { return Person(email: s) }
        return Person(name: s)
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}

extension Substring {
    var trimmedNonEmpty: String? { String(self).trimmedNonEmpty }
}
