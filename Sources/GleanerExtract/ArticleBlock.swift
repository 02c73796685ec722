/// One paragraph-like piece of the article: its text, its HTML (inline markup only) and what it is.
struct ArticleBlock {
    /// "p", "h2"…"h6", "li", "pre", "blockquote", "h1".
    var kind: String
    /// For list items: the list element, so consecutive items share one `<ul>`/`<ol>`.
    var list: Int = -1
    var ordered = false
    var text = ""
    var html = ""
    var letters = 0
    var linkLetters = 0
    var images = 0

    var linkDensity: Double { letters == 0 ? 0 : Double(linkLetters) / Double(letters) }
    var isHeading: Bool { kind.count == 2 && kind.hasPrefix("h") }
}
