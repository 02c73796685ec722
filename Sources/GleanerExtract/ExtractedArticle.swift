import GleanerModel

/// The main article of a page: what `gleaner extract --json` prints and what full-text storage keeps.
public struct ExtractedArticle: Sendable, Equatable {
    /// The headline, without a " – Site name" suffix.
    public var title: String?
    public var byline: String?
    public var published: Timestamp?
    /// The page's language tag as written (`<html lang>`, else metadata).
    public var lang: String?
    /// Plain text: paragraphs, headings and list items separated by one blank line.
    public var text: String
    /// The article body as sanitized HTML, links absolute.
    public var html: String

    public init(title: String?, byline: String?, published: Timestamp?, lang: String?, text: String, html: String) {
        self.title = title
        self.byline = byline
        self.published = published
        self.lang = lang
        self.text = text
        self.html = html
    }

    /// One JSON object, absent fields omitted (README, "gleaner extract").
    public var json: String {
        var w = JSONWriter()
        w.beginObject()
        w.key("title")
        w.value(title ?? "")
        w.field("byline", byline)
        w.field("published", published)
        w.field("lang", lang)
        w.key("text")
        w.value(text)
        w.key("html")
        w.value(html)
        w.endObject()
        return w.string
    }
}
