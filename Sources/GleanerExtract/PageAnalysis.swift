/// Scores a page's elements and picks the article's container(s): structured markers first (schema.org
/// `articleBody`, WordPress-style body classes, `<article>`, `<main>`), checked against a Readability-
/// style score of text, commas and link density, after page furniture is set aside.
struct PageAnalysis {
    let tree: PageTree
    /// Set aside: hidden, furniture, boilerplate (and everything inside).
    private(set) var removed: [Bool]
    /// `class` and `id`, lower case, space separated.
    let classID: [String]
    /// Per element, over its kept subtree: letters (not white space), letters inside links, commas.
    private(set) var textLen: [Int]
    private(set) var linkLen: [Int]
    private(set) var commas: [Int]
    /// The nearest block element (itself, if it is one).
    let blockOwner: [Int]
    /// `classID` marks the article body / boilerplate / comments (computed once: pages have thousands).
    let contentClass: [Bool], boilerplateClass: [Bool], commentClass: [Bool]

    static let blockTags: Set<String> = [
        "#document", "html", "body", "address", "article", "aside", "blockquote", "center", "dd", "details", "dialog",
        "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
        "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody",
        "td", "tfoot", "th", "thead", "tr", "ul", "caption", "menu", "dir", "listing", "blockquote", "legend",
    ]
    static let metadataTags: Set<String> = ["head", "title", "meta", "base", "script", "link", "style"]

    init(_ tree: PageTree) {
        self.tree = tree
        let n = tree.count
        classID = (0..<n).map { i in
            let a = tree.attributes[i]
            guard a["class"] != nil || a["id"] != nil else { return "" }
            return ((a["class"] ?? "") + " " + (a["id"] ?? "")).lowercased()
        }
        // Judged once per distinct class/id string: a page repeats a few of them thousands of times.
        var judged: [String: (content: Bool, boilerplate: Bool, comments: Bool)] = ["": (false, false, false)]
        var content = [Bool](repeating: false, count: n), boilerplate = content, comments = content
        for i in 0..<n where !classID[i].isEmpty {
            let c = classID[i]
            let verdict: (content: Bool, boilerplate: Bool, comments: Bool)
            if let known = judged[c] {
                verdict = known
            } else {
                verdict = (Boilerplate.isContent(c), Boilerplate.isBoilerplate(c), Boilerplate.isComments(c))
                judged[c] = verdict
            }
            (content[i], boilerplate[i], comments[i]) = verdict
        }
        contentClass = content
        boilerplateClass = boilerplate
        commentClass = comments
        var owner = [Int](repeating: 0, count: n)
        for i in 0..<n {
            owner[i] = Self.blockTags.contains(tree.name[i]) || tree.parent[i] < 0 ? i : owner[tree.parent[i]]
        }
        blockOwner = owner
        removed = [Bool](repeating: false, count: n)
        textLen = []; linkLen = []; commas = []
        for i in 0..<n {
            let p = tree.parent[i]
            removed[i] = (p >= 0 && removed[p]) || Self.metadataTags.contains(tree.name[i])
                || Boilerplate.isHidden(tree.attributes[i])
        }
        total()
    }

    /// Recomputes the subtree totals over what is not removed (one backward loop: children follow parents).
    private mutating func total() {
        let n = tree.count
        var t = [Int](repeating: 0, count: n), l = t, c = t
        var inLink = [Bool](repeating: false, count: n)
        for i in 0..<n {
            let p = tree.parent[i]
            inLink[i] = tree.name[i] == "a" || (p >= 0 && inLink[p])
        }
        for i in stride(from: n - 1, through: 0, by: -1) where !removed[i] {
            if tree.isText(i) {
                var letters = 0, comma = 0
                for s in tree.text[i].unicodeScalars where !PageTree.isSpace(s) {
                    letters += 1
                    if s == "," || s == "،" || s == "，" || s == "、" { comma += 1 }
                }
                t[i] = letters; c[i] = comma
                if inLink[i] { l[i] = letters }
            }
            let p = tree.parent[i]
            if p >= 0 { t[p] += t[i]; l[p] += l[i]; c[p] += c[i] }
        }
        textLen = t; linkLen = l; commas = c
    }

    func linkDensity(_ i: Int) -> Double { textLen[i] == 0 ? 0 : Double(linkLen[i]) / Double(textLen[i]) }
    func goodText(_ i: Int) -> Int { textLen[i] - linkLen[i] }

    /// The first element of each structured kind, the one with the most text outside links.
    func structuredCandidate(minimum: Int) -> Int? {
        let n = tree.count
        let kinds: [(Int) -> Bool] = [
            { tree.attributes[$0]["itemprop"]?.lowercased() == "articlebody" },
            { contentClass[$0] },
            { tree.name[$0] == "article" || tree.attributes[$0]["role"]?.lowercased() == "article" },
            { tree.name[$0] == "main" || tree.attributes[$0]["role"]?.lowercased() == "main" },
        ]
        for kind in kinds {
            var best: Int?
            for i in 0..<n where !tree.isText(i) && !removed[i] && kind(i) {
                if best == nil || goodText(i) > goodText(best!) { best = i }
            }
            if let best, goodText(best) >= minimum { return best }
        }
        return nil
    }

    /// Sets aside furniture and boilerplate, except `keep` and its ancestors, and elements holding most of
    /// the text of `keep` (or of the page).
    mutating func removeBoilerplate(keep: Int?) {
        let n = tree.count
        var protected = [Bool](repeating: false, count: n)
        var k = keep ?? -1
        while k >= 0 { protected[k] = true; k = tree.parent[k] }
        let scope = max(1, goodText(keep ?? 0))
        for i in 0..<n where !removed[i] && !tree.isText(i) {
            let p = tree.parent[i]
            if p >= 0 && removed[p] { removed[i] = true; continue }
            if protected[i] { continue }
            let tag = tree.name[i]
            if ["html", "body", "#document"].contains(tag) { continue }
            let share = Double(goodText(i)) / Double(scope)
            let role = tree.attributes[i]["role"]?.lowercased()
            if Boilerplate.alwaysFurniture.contains(tag) || role.map(Boilerplate.furnitureRoles.contains) == true {
                removed[i] = true
            } else if Boilerplate.furnitureTags.contains(tag) {
                // Some sites wrap the whole page in a `<form>` or `<header>`; libxml2 lets an unclosed
                // `<button>` swallow the rest of the page.
                if share < 0.6 { removed[i] = true }
            } else if tag != "article", tag != "main", !classID[i].isEmpty, !contentClass[i] {
                // A layout class (`sidebar-first-only` on the main column, `content-nav-section` around
                // the text) must not take the article with it: a class-marked element holding much of the
                // text, little of it in links, stays; comments only when they are nearly all of it.
                if commentClass[i] {
                    if share < 0.6 { removed[i] = true }
                } else if boilerplateClass[i] {
                    let prose = goodText(i) >= 1000 && linkDensity(i) < 0.15
                    if !prose && (share < 0.3 || linkDensity(i) >= 0.3) { removed[i] = true }
                }
            }
        }
        // Propagate to the subtrees of elements removed above.
        for i in 0..<n { let p = tree.parent[i]; if p >= 0 && removed[p] { removed[i] = true } }
        total()
    }

    /// Sets aside the elements a per-site rule names (`fulltext-remove`), with everything inside them.
    mutating func remove(_ elements: [Int]) {
        if elements.isEmpty { return }
        for i in elements { removed[i] = true }
        for i in 0..<tree.count { let p = tree.parent[i]; if p >= 0 && removed[p] { removed[i] = true } }
        total()
    }

    /// Readability's scoring: each paragraph (a block with 25+ letters of its own) gives 1 + commas +
    /// one per 100 letters (at most 3) to its parent, half to its grandparent, a sixth to the next; each
    /// candidate starts from its class and tag, and is weighted by the text outside links.
    func readabilityCandidates() -> (best: Int, score: [Double])? {
        let n = tree.count
        var own = [Int](repeating: 0, count: n), ownCommas = own
        for i in 0..<n where tree.isText(i) && !removed[i] {
            own[blockOwner[i]] += textLen[i]
            ownCommas[blockOwner[i]] += commas[i]
        }
        var score = [Double](repeating: 0, count: n)
        var scored = [Bool](repeating: false, count: n)
        for b in 0..<n where own[b] >= 25 && !removed[b] && !tree.isText(b) {
            let s = 1 + Double(ownCommas[b]) + Double(min(own[b] / 100, 3))
            var a = tree.parent[b], level = 0
            while a > 0, level < 3 {
                if !scored[a] { scored[a] = true; score[a] = initialScore(a) }
                score[a] += s / (level == 0 ? 1 : level == 1 ? 2 : Double(level) * 3)
                a = tree.parent[a]; level += 1
            }
        }
        var best = -1
        for i in 0..<n where scored[i] {
            score[i] *= 1 - linkDensity(i)
            if best < 0 || score[i] > score[best] { best = i }
        }
        guard best >= 0 else { return nil }
        // Readability.js: when three or more other candidates score nearly as well, the article is split
        // into sections (page builders wrap every few paragraphs); their common ancestor is the article.
        let close = (0..<n).filter { scored[$0] && $0 != best && score[$0] >= score[best] * 0.75 }
        if close.count >= 3 {
            var a = tree.parent[best]
            while a > 0, !["body", "html"].contains(tree.name[a]) {
                if close.filter({ tree.isInside($0, a) }).count >= 3 {
                    if !scored[a] { score[a] = initialScore(a) * (1 - linkDensity(a)) }
                    return (a, score)
                }
                a = tree.parent[a]
            }
        }
        return (best, score)
    }

    func initialScore(_ i: Int) -> Double {
        var s: Double = 0
        switch tree.name[i] {
        case "div", "article", "main": s = 5
        case "pre", "td", "blockquote", "section": s = 3
        case "address", "ol", "ul", "dl", "dd", "dt", "li", "form": s = -3
        case "h1", "h2", "h3", "h4", "h5", "h6", "th": s = -5
        default: break
        }
        if !classID[i].isEmpty {
            if contentClass[i] || classID[i].contains("article") || classID[i].contains("content") { s += 25 }
            if boilerplateClass[i] { s -= 25 }
        }
        return s
    }

    /// The best candidate and its siblings that look like part of the same article.
    func withSiblings(_ best: Int, score: [Double]) -> [Int] {
        let p = tree.parent[best]
        guard p >= 0 else { return [best] }
        let threshold = max(10, score[best] * 0.2)
        var out: [Int] = []
        for s in tree.children[p] where !removed[s] && !tree.isText(s) {
            if s == best { out.append(s); continue }
            if score[s] >= threshold { out.append(s); continue }
            if tree.name[s] == "p" {
                let len = textLen[s], ld = linkDensity(s)
                if len > 80 && ld < 0.25 { out.append(s) }
            }
        }
        return out
    }
}
