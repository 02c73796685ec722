/// The identity of an article within its feed: what deduplication compares.
///
/// The feed's own id (guid) when it has one, else its link, else a hash of title, date and first enclosure, to
/// which the summary and content are added when those three are all empty (an item that is only a
/// `<description>`: its text is all that tells it apart). The kind is part of the key so that an id that
/// happens to equal another article's link never collides.
public struct ArticleKey: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable { case id, link, hash }
    public var kind: Kind
    public var value: String

    public init(kind: Kind, value: String) {
        self.kind = kind
        self.value = value
    }

    /// `includingContent` overrides the rule above for a hash key (the store uses it for items that share a
    /// title but differ in text, and to find an article stored under its other hash key).
    public init(_ a: Article, includingContent: Bool? = nil) {
        if let id = a.id?.trimmedNonEmpty {
            self.init(kind: .id, value: id)
        } else if let link = a.link?.trimmedNonEmpty {
            self.init(kind: .link, value: link)
        } else {
            // Title, date and enclosure hash exactly as they always have: stored keys stay valid.
            var h = FNV1a64()
            h.add(a.title ?? ""); h.add("\u{1F}")
            h.add((a.published ?? a.updated).map { String($0.seconds) } ?? ""); h.add("\u{1F}")
            h.add(a.enclosures.first?.url ?? "")
            if includingContent ?? ArticleKey.onlyTextTellsApart(a) {
                h.add("\u{1F}"); h.add(a.summary ?? "")
                h.add("\u{1F}"); h.add(a.content ?? "")
            }
            self.init(kind: .hash, value: h.hex)
        }
    }

    /// No title, date or enclosure, but a summary or content.
    public static func onlyTextTellsApart(_ a: Article) -> Bool {
        (a.title ?? "").isEmpty && a.published == nil && a.updated == nil && (a.enclosures.first?.url ?? "").isEmpty
            && !((a.summary ?? "").isEmpty && (a.content ?? "").isEmpty)
    }

    /// `id:…`, `link:…` or `hash:…`: the form stored in the database.
    public var description: String { kind.rawValue + ":" + value }
}

extension String {
    var trimmedNonEmpty: String? {
        let t = self.trimmingWhitespace()
        return t.isEmpty ? nil : t
    }
}
