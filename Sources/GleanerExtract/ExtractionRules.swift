import GleanerModel

/// A site's own rules for pages the heuristics get wrong (feed options `fulltext-selector`, `fulltext-remove`).
public struct ExtractionRules: Sendable, Hashable {
    /// The article's container; when it matches nothing, the heuristics choose.
    public var container: CSSSelector?
    /// Elements dropped from the page before the article is written.
    public var remove: CSSSelector?

    public init(container: CSSSelector? = nil, remove: CSSSelector? = nil) {
        self.container = container
        self.remove = remove
    }
}
