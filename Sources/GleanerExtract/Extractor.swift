import GleanerModel
import GleanerParse

/// Finds the main article of an HTML page (README, "gleaner extract").
///
/// The page is decoded as feeds are (`HTMLPageDecoder`: BOM, HTTP charset, `<meta charset>`, detection),
/// parsed by libxml2's HTML parser into a flat tree (`PageTree`), its furniture set aside and its
/// container chosen (`PageAnalysis`), then cut into blocks (`BlockWriter`), of which the ones that are
/// boilerplate placed inside the body (link lists, "read also" lines, ad labels) are dropped.
public enum Extractor {
    /// Fewer letters than this in the article: the page has none.
    public static let minimumLetters = 40

    public static func extract(bytes: [UInt8], url: String?, contentType: String?) -> ExtractedArticle? {
        let page = HTMLPageDecoder.utf8(bytes, contentType: contentType).bytes
        guard let tree = PageTree.parse(page, url: url) else { return nil }
        let meta = PageMetadata(tree, url: url)
        var analysis = PageAnalysis(tree)
        let structured = analysis.structuredCandidate(minimum: 140)
        analysis.removeBoilerplate(keep: structured)
        var roots: [Int] = []
        if let r = analysis.readabilityCandidates() {
            let siblings = analysis.withSiblings(r.best, score: r.score)
            let rText = siblings.reduce(0) { $0 + analysis.goodText($1) }
            if let s = structured, analysis.goodText(s) * 2 >= rText || tree.isInside(r.best, s) {
                roots = [s]
            } else {
                roots = siblings
            }
        } else if let s = structured {
            roots = [s]
        }
        var blocks: [ArticleBlock] = []
        if !roots.isEmpty {
            var writer = BlockWriter(tree: tree, removed: analysis.removed)
            writer.write(roots)
            blocks = keep(writer.blocks, title: meta.title)
        }
        var text = blocks.filter { !$0.text.isEmpty }.map(\.text).joined(separator: "\n\n")
        var html = render(blocks)
        let letters = text.unicodeScalars.count { !PageTree.isSpace($0) }
        if let body = meta.articleBody, body.unicodeScalars.count > max(2 * letters, minimumLetters) {
            // The page's structured data holds more of the article than its markup shows (an app shell).
            let paragraphs = body.split(whereSeparator: \.isNewline).map { PageTree.collapse(String($0)) }.filter { !$0.isEmpty }
            text = paragraphs.joined(separator: "\n\n")
            html = paragraphs.map { "<p>\(MarkupEscaping.escaped($0, .html(attribute: false)))</p>" }.joined()
        } else if letters < minimumLetters {
            return nil
        }
        return ExtractedArticle(title: meta.title, byline: meta.byline, published: meta.published, lang: meta.lang,
                                text: text, html: HTMLSanitizer.sanitize(html, base: meta.base))
    }

    /// Drops the blocks that are boilerplate inside the body.
    static func keep(_ blocks: [ArticleBlock], title: String?) -> [ArticleBlock] {
        let normalizedTitle = title.map { $0.lowercased() }
        return blocks.filter { b in
            if b.text.isEmpty { return b.images > 0 }
            let lower = b.text.lowercased()
            if b.linkDensity > 0.5 { return false }
            if Boilerplate.labels.contains(lower) { return false }
            if b.letters < 200 || b.linkDensity > 0.2,
               Boilerplate.linePrefixes.contains(where: { lower.hasPrefix($0) }) { return false }
            if b.isHeading, lower == normalizedTitle { return false }
            if b.kind == "h1" { return false }
            if b.letters < 60, lower.hasPrefix("by ") { return false }
            return true
        }
    }

    /// The kept blocks as HTML (list items grouped back into their lists).
    static func render(_ blocks: [ArticleBlock]) -> String {
        var out = ""
        var openList = -1, ordered = false
        for b in blocks {
            if b.kind == "li" && b.list != openList || b.kind != "li" && openList >= 0 {
                if openList >= 0 { out += ordered ? "</ol>" : "</ul>" }
                openList = -1
            }
            switch b.kind {
            case "li":
                if openList < 0 { openList = b.list; ordered = b.ordered; out += ordered ? "<ol>" : "<ul>" }
                out += "<li>\(b.html)</li>"
            case "blockquote": out += "<blockquote><p>\(b.html)</p></blockquote>"
            case "pre": out += "<pre>\(b.html)</pre>"
            case let h where b.isHeading: out += "<\(h)>\(b.html)</\(h)>"
            default: out += "<p>\(b.html)</p>"
            }
        }
        if openList >= 0 { out += ordered ? "</ol>" : "</ul>" }
        return out
    }
}
