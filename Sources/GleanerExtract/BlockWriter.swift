import GleanerModel

/// Walks the chosen container(s) and cuts them into `ArticleBlock`s at block elements, writing each
/// block's plain text and inline HTML (links, emphasis, code, images with lazy-loading attributes made real).
struct BlockWriter {
    let tree: PageTree
    let removed: [Bool]
    private(set) var blocks: [ArticleBlock] = []
    private var current = ArticleBlock(kind: "p")
    private var rawText = ""
    private var preDepth = 0
    private var linkDepth = 0

    static let inlineHTML: Set<String> = [
        "a", "b", "strong", "i", "em", "u", "s", "del", "ins", "code", "kbd", "samp", "var", "sub", "sup", "mark",
        "small", "q", "cite", "abbr", "dfn", "time", "bdi", "bdo", "tt", "big",
    ]
    static let headings: Set<String> = ["h1", "h2", "h3", "h4", "h5", "h6"]

    init(tree: PageTree, removed: [Bool]) {
        self.tree = tree
        self.removed = removed
    }

    mutating func write(_ roots: [Int]) {
        for root in roots { walk(root) }
        flush()
    }

    private mutating func walk(_ root: Int) {
        var stack: [(Int, Bool)] = [(root, false)]
        var kinds: [(String, Int, Bool)] = []  // open block kinds: (kind, list, ordered)
        while let (i, leaving) = stack.popLast() {
            if tree.isText(i) {
                if !removed[i] { appendText(tree.text[i]) }
                continue
            }
            let tag = tree.name[i]
            let block = PageAnalysis.blockTags.contains(tag)
            if leaving {
                if block {
                    flush()
                    kinds.removeLast()
                    current.kind = kinds.last?.0 ?? "p"
                    current.list = kinds.last?.1 ?? -1
                    current.ordered = kinds.last?.2 ?? false
                } else if Self.inlineHTML.contains(tag) {
                    current.html += "</\(tag)>"
                    if tag == "a" { linkDepth -= 1 }
                }
                if tag == "pre" { preDepth -= 1 }
                continue
            }
            if removed[i] { continue }
            switch tag {
            case "br":
                rawText += "\n"; current.html += "<br />"; continue
            case "img":
                image(i); continue
            case "hr":
                flush(); continue
            default: break
            }
            if block {
                flush()
                var kind = kinds.last?.0 ?? "p", list = kinds.last?.1 ?? -1, ordered = kinds.last?.2 ?? false
                if Self.headings.contains(tag) { kind = tag }
                else if tag == "li" {
                    kind = "li"; list = tree.parent[i]; ordered = tree.name[list] == "ol"
                } else if tag == "pre" || tag == "blockquote" { kind = tag }
                else if tag == "dt" || tag == "dd" || tag == "td" || tag == "th" || tag == "figcaption" { kind = "p" }
                kinds.append((kind, list, ordered))
                current.kind = kind; current.list = list; current.ordered = ordered
            } else if Self.inlineHTML.contains(tag) {
                if tag == "a" {
                    linkDepth += 1
                    let href = tree.attribute(i, "href").map { " href=\"\(MarkupEscaping.escaped($0, .html(attribute: true)))\"" } ?? ""
                    current.html += "<a\(href)>"
                } else {
                    current.html += "<\(tag)>"
                }
            }
            if tag == "pre" { preDepth += 1 }
            stack.append((i, true))
            for c in tree.children[i].reversed() { stack.append((c, false)) }
        }
    }

    private mutating func appendText(_ s: String) {
        rawText += s
        var letters = 0
        for u in s.unicodeScalars where !PageTree.isSpace(u) { letters += 1 }
        current.letters += letters
        if linkDepth > 0 { current.linkLetters += letters }
        current.html += MarkupEscaping.escaped(s, .html(attribute: false))
    }

    /// An image, with the lazy-loading attributes (`data-src`, `data-lazy-src`, `data-original`,
    /// `data-srcset`) preferred over a placeholder `src`.
    private mutating func image(_ i: Int) {
        let a = tree.attributes[i]
        var src = a["data-src"] ?? a["data-lazy-src"] ?? a["data-original"]
            ?? a.first(where: { $0.key.hasPrefix("data-") && $0.key.hasSuffix("src") && !$0.value.isEmpty })?.value
        if src == nil, let set = a["data-srcset"] ?? a["srcset"] { src = Self.firstCandidate(set) }
        if src == nil { src = a["src"] }
        guard let url = src?.trimmed, !url.isEmpty else { return }
        let alt = a["alt"].map { " alt=\"\(MarkupEscaping.escaped($0, .html(attribute: true)))\"" } ?? ""
        current.html += "<img src=\"\(MarkupEscaping.escaped(url, .html(attribute: true)))\"\(alt) />"
        current.images += 1
    }

    /// The first URL of a `srcset` value.
    static func firstCandidate(_ set: String) -> String? {
        set.split(separator: ",").first.flatMap { $0.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).first }
            .map(String.init)
    }

    private mutating func flush() {
        if preDepth > 0 || current.kind == "pre" {
            // Preformatted text keeps its lines; only the ends are trimmed.
            current.text = String(rawText.drop(while: { $0 == "\n" }).reversed().drop(while: { $0.isWhitespace }).reversed())
        } else {
            current.text = rawText.split(separator: "\n", omittingEmptySubsequences: true)
                .map { PageTree.collapse(String($0)) }.filter { !$0.isEmpty }.joined(separator: "\n")
        }
        if !current.text.isEmpty || current.images > 0 { blocks.append(current) }
        let (kind, list, ordered) = (current.kind, current.list, current.ordered)
        current = ArticleBlock(kind: kind, list: list, ordered: ordered)
        rawText = ""
    }

}
