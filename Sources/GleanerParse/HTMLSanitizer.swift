import CLibXML2
import GleanerModel

/// Makes the HTML of a summary or content safe to show, and its links absolute: libxml2's HTML parser
/// (the forgiving tag-soup reader) reads it, and only allowlisted elements and attributes are written back.
///
/// ## The allowlist (the contract: Tests/Contracts/OUTPUT.md, "Sanitized HTML")
///
/// - Elements kept: `elements` below (text structure, lists, tables, quotes, code, images, audio/video,
///   figure, ruby, details). Unknown elements lose their tags but keep their text.
/// - SVG and MathML: kept inside an `svg` or `math` root through allowlists of their own
///   (`HTMLSanitizer+Foreign`).
/// - Elements dropped with everything inside: `script`, `style`, `template`, `noscript`, `object`,
///   `applet`, `frameset`, `form` controls, `head` matter, and `iframe` unless its `src` is https on an
///   allowlisted video host (`iframeHosts`). Their content goes only when the source closes them: one left
///   open (`<textarea>`, `<template>`) loses its tag, and what follows is kept. Void ones (`embed`,
///   `input`, `frame`, `meta`, …) lose only the tag.
/// - Attributes kept: `attributes` below, per element; everything else goes, so every event handler
///   (`on…`), `style`, `class` and `id`.
/// - URL attributes (`href`, `src`, `cite`, `poster`): resolved against the base (xml:base in scope,
///   document URL, feed link); kept only with the schemes http, https, mailto (href), and for `img src`
///   `data:image/{png,gif,jpeg,webp}` up to `URLResolver.maxDataImage` bytes. `javascript:`, `vbscript:`,
///   other `data:` and anything unrecognised is dropped (scheme compared after removing white space and
///   controls, case-insensitive). `srcset` keeps its http(s) candidates, resolved.
/// - Added and removed for safe rendering (`HTMLSanitizer+Rules`): `rel="noopener noreferrer"` on links,
///   `sandbox` and `referrerpolicy` on iframes, tracking pixels removed, lazy-loading `data-src` and
///   `data-srcset` read as `src` and `srcset`.
/// - Text and attribute values are re-escaped; void elements are written `<br />`.
///
/// Bounded: output stops growing at `maxOutput` bytes and elements nested deeper than `maxDepth` are
/// flattened.
public enum HTMLSanitizer {
    static let maxDepth = 128
    static let maxOutput = 4 << 20

    static let elements: Set<String> = [
        "a", "abbr", "acronym", "address", "article", "aside", "audio", "b", "bdi", "bdo", "big", "blockquote",
        "br", "caption", "center", "cite", "code", "col", "colgroup", "dd", "del", "details", "dfn", "div", "dl",
        "dt", "em", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "i",
        "iframe", "img", "ins", "kbd", "li", "mark", "ol", "p", "picture", "pre", "q", "rp", "rt", "ruby", "s",
        "samp", "section", "small", "source", "span", "strike", "strong", "sub", "summary", "sup", "table",
        "tbody", "td", "tfoot", "th", "thead", "time", "tr", "track", "tt", "u", "ul", "var", "video", "wbr",
    ]
    static let dropWithContent: Set<String> = [
        "script", "style", "template", "noscript", "object", "embed", "applet", "frame", "frameset", "noframes",
        "form", "input", "button", "select", "textarea", "option", "head", "title", "meta", "link", "base",
        "canvas", "xml", "iframe",
    ]
    static let void: Set<String> = ["br", "hr", "img", "wbr", "source", "track", "col"]
    /// Dropped elements that are void in HTML (they have no content): only the tag goes. libxml2 2.9 leaves
    /// `<embed>` open when no end tag follows, so everything after it would otherwise be taken for its content.
    static let droppedVoid: Set<String> = ["embed", "input", "meta", "link", "base", "keygen", "param", "frame"]
    /// Dropped elements whose text libxml2 reads as text: script and style (raw text in libxml2 too, the rest
    /// of the fragment is their code when unclosed) are not among them.
    static func dropsOnlyWhenClosed(_ name: String) -> Bool {
        (dropWithContent.contains(name) || foreignDropped.contains(name)) && !droppedVoid.contains(name)
            && name != "script" && name != "style"
    }
    static let global: Set<String> = ["title", "lang", "dir"]
    static let attributes: [String: Set<String>] = [
        "a": ["href", "hreflang"], "img": ["src", "srcset", "alt", "width", "height"], "blockquote": ["cite"], "q": ["cite"],
        "del": ["cite", "datetime"], "ins": ["cite", "datetime"], "td": ["colspan", "rowspan", "headers", "scope"],
        "th": ["colspan", "rowspan", "headers", "scope"], "ol": ["start", "reversed", "type"], "li": ["value"],
        "time": ["datetime"], "col": ["span"], "colgroup": ["span"],
        "video": ["src", "poster", "controls", "width", "height"], "audio": ["src", "controls"],
        "source": ["src", "srcset", "type", "media", "sizes"], "track": ["src", "kind", "srclang", "label"],
        "iframe": ["src", "width", "height", "allowfullscreen"],
    ]
    static let urlAttributes: Set<String> = ["href", "src", "cite", "poster"]

    /// The sanitized form of `html`, links resolved against `base`.
    public static func sanitize(_ html: String, base: String?) -> String {
        var bytes = Array(html.utf8)
        return sanitize(&bytes, base: base, validUTF8: true)
    }

    /// - Parameter validUTF8: `html` is known to be valid UTF-8 (it came from a `String`, or from the XML
    ///   parser's text); the fast path then skips its own UTF-8 validation.
    static func sanitize(_ html: inout [UInt8], base: String?, validUTF8: Bool = false) -> String {
        if html.isEmpty { return "" }
        let scratch = FastScratch()
        let fast = html.withUnsafeBufferPointer {
            fastSanitize($0.baseAddress!, $0.count, base: base, validUTF8: validUTF8, scratch: scratch)
        }
        if fast { return scratch.string() }
        return sanitizeWithLibxml2(&html, base: base)
    }

    /// The full path: libxml2's HTML parser and the allowlist writer (`sanitize` tries the fast path first).
    static func sanitizeWithLibxml2(_ html: inout [UInt8], base: String?) -> String {
        if html.isEmpty { return "" }
        mapC1References(&html)
        let writer = Writer(base: base, source: html)
        var sax = xmlSAXHandler()
        sax.startElement = { ctx, name, atts in
            guard let ctx, let name else { return }
            Unmanaged<Writer>.fromOpaque(ctx)._withUnsafeGuaranteedRef { $0.start(name, atts) }
        }
        sax.endElement = { ctx, name in
            guard let ctx, let name else { return }
            Unmanaged<Writer>.fromOpaque(ctx)._withUnsafeGuaranteedRef { $0.end(name) }
        }
        sax.characters = { ctx, ch, len in
            guard let ctx, let ch else { return }
            Unmanaged<Writer>.fromOpaque(ctx)._withUnsafeGuaranteedRef { $0.text(ch, Int(len)) }
        }
        sax.ignorableWhitespace = sax.characters
        sax.cdataBlock = { ctx, ch, len in
            guard let ctx, let ch else { return }
            Unmanaged<Writer>.fromOpaque(ctx)._withUnsafeGuaranteedRef { $0.text(ch, Int(len)) }
        }
        let me = Unmanaged.passUnretained(writer).toOpaque()
        // The fragment goes inside a `<div>` (dropped again by the writer): text at the top level would
        // otherwise be wrapped in an implied `<p>` by libxml2 (HTMLparser.c, htmlCheckParagraph).
        let wrapper: [CChar] = Array("<div>".utf8).map { CChar(bitPattern: $0) }
        let close: [CChar] = Array("</div>".utf8).map { CChar(bitPattern: $0) }
        guard let ctxt = htmlCreatePushParserCtxt(&sax, me, nil, 0, nil, XML_CHAR_ENCODING_UTF8) else { return "" }
        writer.dict = ctxt.pointee.dict
        defer {
            if let doc = ctxt.pointee.myDoc { xmlFreeDoc(doc) }
            htmlFreeParserCtxt(ctxt)
        }
        _ = htmlCtxtUseOptions(ctxt, Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue
            | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOIMPLIED.rawValue))
        _ = htmlParseChunk(ctxt, wrapper, Int32(wrapper.count), 0)
        html.withUnsafeBytes { raw in
            let p = raw.baseAddress!.assumingMemoryBound(to: CChar.self)
            _ = htmlParseChunk(ctxt, p, Int32(min(raw.count, Int(Int32.max / 2))), 0)
        }
        _ = htmlParseChunk(ctxt, close, Int32(close.count), 1)
        writer.closeAll()
        return String(decoding: writer.out, as: UTF8.self)
    }

    /// Rewrites the references `&#128;`…`&#159;` (and `&#x80;`…`&#x9F;`, with or without their `;`) to the
    /// windows-1252 characters they stand for (`&#146;` → `&#8217;`, `’`), as browsers read them (HTML
    /// §13.2.5.80). libxml2 would decode them to C1 controls, which its SAX text no longer tells apart from a
    /// raw control byte; the fast path maps them in `fastReference`. Cheap: nothing is copied unless a
    /// `&#` is followed by such a number.
    static func mapC1References(_ html: inout [UInt8]) {
        var i = 0
        var out: [UInt8]?
        var copied = 0
        let n = html.count
        while i + 3 < n {
            guard html[i] == UInt8(ascii: "&"), html[i + 1] == UInt8(ascii: "#") else { i += 1; continue }
            var j = i + 2
            let hex = html[j] | 0x20 == UInt8(ascii: "x")
            if hex { j += 1 }
            var v: UInt32 = 0
            let start = j
            while j < n, j - start < 10 {
                let c = html[j]
                let digit: UInt32
                if c >= 0x30, c <= 0x39 { digit = UInt32(c - 0x30) }
                else if hex, (c | 0x20) >= 0x61, (c | 0x20) <= 0x66 { digit = UInt32((c | 0x20) - 0x61 + 10) }
                else { break }
                // Past 0x9F the value is out of range whatever follows: it stops growing, so no digit run traps.
                if v <= 0x9F { v = v * (hex ? 16 : 10) + digit }
                j += 1
            }
            guard j > start, j - start < 10, v >= 0x80, v <= 0x9F else { i = max(j, i + 1); continue }
            if out == nil { out = []; out!.reserveCapacity(n + 16) }
            out!.append(contentsOf: html[copied..<(i + 2)])
            out!.append(contentsOf: String(HTMLEntities.windows1252C1[Int(v - 0x80)]).utf8)
            copied = j
            i = j
        }
        guard var done = out else { return }
        done.append(contentsOf: html[copied...])
        html = done
    }

    /// The value a URL attribute keeps (resolved against `base`), nil when it is dropped. Checked as written
    /// too (browsers drop tabs and newlines inside a scheme), then as resolved.
    static func keptURL(_ value: String, element: String, attribute: String, base: String?) -> String? {
        var cache: URLResolver.ParsedBase?
        return keptURL(value, element: element, attribute: attribute, base: base, cache: &cache)
    }

    static func keptURL(_ value: String, element: String, attribute: String, base: String?,
                        cache: inout URLResolver.ParsedBase?) -> String? {
        URLResolver.outgoing(value, against: base, allowing: allowed(element: element, attribute: attribute), cache: &cache)
    }

    /// Whether a URL (already resolved) may stay in `attribute` of `element`.
    static func allowedURL(_ url: String, element: String, attribute: String) -> Bool {
        URLResolver.isAllowed(url, allowed(element: element, attribute: attribute))
    }

    /// Schemes besides http and https: `mailto:` in `href`, image `data:` in `img src`.
    static func allowed(element: String, attribute: String) -> URLResolver.Allowed {
        if attribute == "href" { return .mailto }
        if element == "img", attribute == "src" { return .dataImage }
        return .web
    }

    final class Writer {
        let base: String?
        /// The fragment as written, to tell which dropped elements the source closes (`closedInSource`).
        let source: [UInt8]
        /// Per element name: whether each of its start tags, in order, is closed in the source; and how many
        /// of its start tags libxml2 has reported so far.
        var closed: [String: (flags: [Bool], next: Int)] = [:]
        var out: [UInt8] = []
        /// Open allowed elements, to close what the input leaves open and to ignore stray end tags.
        var open: [String] = []
        /// The `svg`/`math` roots among `open`, innermost last: inside one, its own allowlist applies.
        var foreign: [String] = []
        /// Depth inside an element dropped with its content (0: not inside one).
        var dropDepth = 0
        var depth = 0

        /// Kept free for the end tags of what is open (depth × longest name).
        static let reserve = HTMLSanitizer.maxDepth * 16

        init(base: String?, source: [UInt8] = []) {
            self.base = base
            self.source = source
            out.reserveCapacity(1024)
        }

        func start(_ rawName: UnsafePointer<UInt8>, _ atts: UnsafeMutablePointer<UnsafePointer<UInt8>?>?) {
            depth += 1
            if depth == 1 { return }   // the wrapper
            let name = lowerName(rawName)
            // Counted inside dropped content too, so the k-th start tag libxml2 reports is the source's k-th.
            let closedHere = HTMLSanitizer.dropsOnlyWhenClosed(name) ? closedInSource(name) : true
            if dropDepth > 0 { dropDepth += 1; return }
            // A dropped void element, or a dropped one the source never closes (`<textarea>`, `<template>`
            // left open): the tag goes, what follows stays (libxml2 would nest the rest of the fragment inside
            // it). Its end, when libxml2 reports it, matches nothing open and is ignored.
            if HTMLSanitizer.droppedVoid.contains(name) { return }
            if let root = foreign.last ?? (HTMLSanitizer.foreignRoots.contains(name) ? name : nil) {
                startForeign(name, atts, root: root, closedHere: closedHere)
                return
            }
            var kept: [(String, String)] = []
            var lazy: [(String, String)] = []
            if let atts {
                var k = 0
                while let n = atts[k], k < 2 * 256 {
                    let attr = String(cString: n).lowercased()
                    let value = atts[k + 1].map { String(cString: $0) } ?? ""
                    k += 2
                    if name == "img" || name == "source", let real = HTMLSanitizer.lazySource[attr] {
                        lazy.append((real, value))
                        continue
                    }
                    guard HTMLSanitizer.global.contains(attr) || HTMLSanitizer.attributes[name]?.contains(attr) == true
                    else { continue }
                    if HTMLSanitizer.urlAttributes.contains(attr) {
                        guard let resolved = HTMLSanitizer.keptURL(value, element: name, attribute: attr, base: base)
                        else { continue }
                        kept.append((attr, resolved))
                    } else {
                        kept.append((attr, value))
                    }
                }
            }
            if name == "iframe" {
                let src = kept.first { $0.0 == "src" }?.1 ?? ""
                let hostOK = src.hasPrefix("https://") && HTMLSanitizer.iframeHosts.contains(Self.host(src))
                if !hostOK { dropDepth = closedHere ? 1 : 0; return }
                kept += [("sandbox", HTMLSanitizer.iframeSandbox), ("referrerpolicy", HTMLSanitizer.iframeReferrerPolicy)]
            } else if HTMLSanitizer.dropWithContent.contains(name) {
                dropDepth = closedHere ? 1 : 0
                return
            } else if name == "img" || name == "source" || name == "a" {
                // A tracking pixel goes (an `img` is void: nothing inside it to keep).
                guard let ruled = HTMLSanitizer.applyRules(element: name, kept, lazy: lazy, base: base) else { return }
                kept = ruled
            }
            write(name, kept)
        }

        /// Writes the start tag of a kept element (`name` as written) and opens it.
        func write(_ name: String, _ kept: [(String, String)], key: String? = nil) {
            let key = key ?? name
            guard HTMLSanitizer.elements.contains(key) || !foreign.isEmpty || HTMLSanitizer.foreignRoots.contains(key),
                  depth <= HTMLSanitizer.maxDepth, out.count < HTMLSanitizer.maxOutput - Self.reserve else { return }
            out.append(UInt8(ascii: "<"))
            out += Array(name.utf8)
            for (a, v) in kept {
                out.append(0x20)
                out += Array(a.utf8)
                out += [UInt8(ascii: "="), UInt8(ascii: "\"")]
                MarkupEscaping.escape(Array(v.utf8), .html(attribute: true), into: &out)
                out.append(UInt8(ascii: "\""))
            }
            if foreign.isEmpty, !HTMLSanitizer.foreignRoots.contains(key), HTMLSanitizer.void.contains(key) {
                out += Array(" />".utf8)
            } else {
                out.append(UInt8(ascii: ">"))
                open.append(key)
                if HTMLSanitizer.foreignRoots.contains(key) { foreign.append(key) }
            }
        }

        /// A start tag inside an `svg` or `math` root (or the root itself): its own allowlists
        /// (`HTMLSanitizer+Foreign`).
        func startForeign(_ name: String, _ atts: UnsafeMutablePointer<UnsafePointer<UInt8>?>?, root: String,
                          closedHere: Bool) {
            if HTMLSanitizer.dropWithContent.contains(name) || HTMLSanitizer.foreignDropped.contains(name) {
                // `title` is SVG's own (its tooltip), not the document's.
                if !(root == "svg" && name == "title") {
                    dropDepth = closedHere ? 1 : 0
                    return
                }
            }
            guard HTMLSanitizer.foreignElementKept(name, root: root) else { return }
            var kept: [(String, String)] = []
            var seen: Set<String> = []
            if let atts {
                var k = 0
                while let n = atts[k], k < 2 * 256 {
                    let attr = String(cString: n).lowercased()
                    let value = atts[k + 1].map { String(cString: $0) } ?? ""
                    k += 2
                    guard let v = HTMLSanitizer.foreignAttribute(attr, value, root: root), seen.insert(attr).inserted
                    else { continue }
                    kept.append((HTMLSanitizer.foreignName(attr), v))
                }
            }
            write(HTMLSanitizer.foreignName(name), kept, key: name)
        }

        /// Whether the next start tag of `name` is closed in the source: start and end tags of `name` are
        /// paired as a stack (an end tag closes the latest open one) over the whole fragment, once per name.
        func closedInSource(_ name: String) -> Bool {
            if closed[name] == nil { closed[name] = (Self.closedFlags(source, Array(name.utf8)), 0) }
            let k = closed[name]!.next
            closed[name]!.next = k + 1
            let flags = closed[name]!.flags
            // More start tags than the source shows (libxml2 implied one): dropped, as before.
            return k < flags.count ? flags[k] : true
        }

        /// For each start tag of `name` (lower case ASCII) in `s`, in order, whether an end tag closes it.
        static func closedFlags(_ s: [UInt8], _ name: [UInt8]) -> [Bool] {
            var flags: [Bool] = []
            var openStarts: [Int] = []
            var i = 0
            let n = s.count
            while i < n {
                guard s[i] == UInt8(ascii: "<") else { i += 1; continue }
                var j = i + 1
                let isEnd = j < n && s[j] == UInt8(ascii: "/")
                if isEnd { j += 1 }
                var k = 0
                while k < name.count, j + k < n, s[j + k] | 0x20 == name[k] { k += 1 }
                let after = j + k
                let nameEnds = after >= n || !(HTMLText.isAlnum(s[after]) || s[after] == UInt8(ascii: "-") || s[after] == UInt8(ascii: ":"))
                if k == name.count, nameEnds {
                    if isEnd {
                        if let last = openStarts.popLast() { flags[last] = true }
                    } else {
                        openStarts.append(flags.count)
                        flags.append(false)
                    }
                }
                i += 1
            }
            return flags
        }

        func end(_ rawName: UnsafePointer<UInt8>) {
            defer { depth -= 1 }
            if depth == 1 { return }
            if dropDepth > 0 { dropDepth -= 1; return }
            let name = lowerName(rawName)
            guard let k = open.lastIndex(of: name) else { return }
            // Close anything left open inside it first, so the output stays balanced.
            while open.count > k { closeLast() }
        }

        func closeLast() {
            let name = open.removeLast()
            let inForeign = !foreign.isEmpty
            if HTMLSanitizer.foreignRoots.contains(name), foreign.last == name { foreign.removeLast() }
            out += [UInt8(ascii: "<"), UInt8(ascii: "/")]
            out += Array((inForeign ? HTMLSanitizer.foreignName(name) : name).utf8)
            out.append(UInt8(ascii: ">"))
        }

        func closeAll() { while !open.isEmpty { closeLast() } }

        func text(_ p: UnsafePointer<UInt8>, _ n: Int) {
            guard dropDepth == 0 else { return }
            let room = HTMLSanitizer.maxOutput - Self.reserve - out.count
            guard room > 0 else { return }
            // Escaping grows a byte to at most 5; not in the middle of a UTF-8 sequence.
            let take = UTF8Cut.prefix(UnsafeBufferPointer(start: p, count: n), atMost: room / 5)
            MarkupEscaping.escape(UnsafeBufferPointer(start: p, count: take), .html(attribute: false), into: &out)
        }

        /// Element names by libxml2's interned pointer (HTML names come from the parser's dictionary).
        var names: [UnsafeRawPointer: String] = [:]
        var dict: OpaquePointer?

        func lowerName(_ p: UnsafePointer<UInt8>) -> String {
            let key = UnsafeRawPointer(p)
            if let n = names[key] { return n }
            let n = String(cString: p).lowercased()
            if let dict, xmlDictOwns(dict, p) == 1, names.count < 4096 { names[key] = n }
            return n
        }

        /// The host of an absolute URL, lower case ("" when there is none).
        static func host(_ url: String) -> String {
            let b = Array(url.utf8)
            guard let colon = b.firstIndex(of: UInt8(ascii: ":")), colon + 2 < b.count,
                  b[colon + 1] == UInt8(ascii: "/"), b[colon + 2] == UInt8(ascii: "/") else { return "" }
            var start = colon + 3
            var end = start
            while end < b.count, b[end] != UInt8(ascii: "/"), b[end] != UInt8(ascii: "?"), b[end] != UInt8(ascii: "#") {
                if b[end] == UInt8(ascii: "@") { start = end + 1 }
                end += 1
            }
            var hostEnd = start
            while hostEnd < end, b[hostEnd] != UInt8(ascii: ":") { hostEnd += 1 }
            return String(decoding: b[start..<hostEnd], as: UTF8.self).lowercased()
        }
    }
}
