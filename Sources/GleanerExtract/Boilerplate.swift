/// What marks an element as not article text by its markup: tag, ARIA role, class and id tokens, hiding.
enum Boilerplate {
    /// Elements that hold page furniture, never the article, unless they hold most of its text.
    static let furnitureTags: Set<String> = [
        "header", "form", "fieldset", "button", "select", "textarea", "option", "dialog", "label",
    ]
    /// Furniture whatever its size (a mega-menu can hold more text than the article).
    static let alwaysFurniture: Set<String> = ["nav", "aside", "footer", "menu"]

    /// Comment sections: long paragraphs with few links, so only their markup gives them away.
    static func isComments(_ classID: String) -> Bool {
        let b = Array(classID.utf8)
        return commentBytes.contains { contains(b, $0) }
    }

    static let furnitureRoles: Set<String> = [
        "navigation", "complementary", "banner", "contentinfo", "search", "menu", "menubar", "toolbar", "dialog",
        "alertdialog", "tablist", "button",
    ]

    /// Class/id tokens (split on anything not a letter or digit) that mark boilerplate by themselves.
    static let tokens: Set<String> = [
        "ad", "ads", "adv", "advert", "advertisement", "advertising", "banner", "breadcrumb", "breadcrumbs",
        "byline", "comment", "comments", "cookie", "cookies", "consent", "disqus", "footer", "masthead", "menu",
        "meta", "nav", "navbar", "navigation", "newsletter", "outbrain", "pagination", "pager", "popular",
        "popup", "promo", "recommended", "related", "relatedposts", "respond", "share", "sharing", "sharedaddy",
        "sidebar", "skip", "social", "sponsored", "subscribe", "subscription", "taboola", "tags", "tagcloud",
        "toolbar", "trending", "signup", "modal", "overlay", "print", "author", "bio",
        "dateline", "timestamp", "caption", "credit", "credits", "toc", "readmore", "readalso",
        "more", "mostread", "newsletters", "paywall", "login", "stream", "rating", "reactions", "follow",
        "topbar", "ticker", "breaking", "sronly", "tooltip", "copyright", "disclaimer",
        "keywords", "postmeta", "entrymeta", "prevnext", "pagenav", "postnav",
    ]

    /// Roots found inside a longer class word (`jp-relatedposts`, `socialshare`, `commentlist`).
    static let roots: [String] = [
        "comment", "related", "share", "social", "sidebar", "newsletter", "breadcrumb", "cookie",
        "advert", "sponsor", "subscribe", "promo", "disqus", "outbrain", "taboola", "popup", "footer",
        "navbar", "signup", "recommend", "trending", "screen-reader", "visually-hidden", "sr-only",
    ]

    /// Class words that mark the article body itself; they win over a boilerplate token.
    static let contentMarkers: [String] = [
        "articlebody", "article-body", "article_body", "article__body", "entry-content", "entry_content",
        "post-content", "post_content", "postcontent", "post-body", "postbody", "story-body", "storybody",
        "article-content", "article__content", "articlecontent", "article-text", "story-content",
        "content-body", "entry-body", "post-entry", "single-content", "the-content", "article__text",
        "body-text", "rich-text", "article-main", "post-text", "main-content", "page-content",
    ]

    static let contentMarkerBytes = contentMarkers.map { Array($0.utf8) }
    static let rootBytes = roots.map { Array($0.utf8) }
    static let commentBytes = ["comment", "respond", "disqus", "replies"].map { Array($0.utf8) }

    /// Whether class/id contain a body marker (lower case input).
    static func isContent(_ classID: String) -> Bool {
        let b = Array(classID.utf8)
        return contentMarkerBytes.contains { contains(b, $0) }
    }

    /// A plain byte search (class strings are short; `String.contains` builds a searcher per call).
    static func contains(_ hay: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, hay.count >= needle.count else { return false }
        var i = 0
        let last = hay.count - needle.count
        while i <= last {
            if hay[i] == first {
                var k = 1
                while k < needle.count, hay[i + k] == needle[k] { k += 1 }
                if k == needle.count { return true }
            }
            i += 1
        }
        return false
    }

    /// Whether class/id mark boilerplate (lower case input).
    static func isBoilerplate(_ classID: String) -> Bool {
        if classID.isEmpty { return false }
        let b = Array(classID.utf8)
        // Tokens: runs of ASCII letters and digits.
        var start = -1
        for i in 0...b.count {
            let alnum = i < b.count && (b[i] >= 0x61 && b[i] <= 0x7A || b[i] >= 0x30 && b[i] <= 0x39)
            if alnum { if start < 0 { start = i }; continue }
            if start >= 0, tokens.contains(String(decoding: b[start..<i], as: UTF8.self)) { return true }
            start = -1
        }
        if rootBytes.contains(where: { contains(b, $0) }) { return true }
        // WordPress names sidebar boxes `widget`, `widget_text`, `widget-area`; page builders use
        // `elementor-widget` for every piece of the article, so only a class that starts with it counts.
        var at = 0
        while at + widget.count <= b.count {
            if (at == 0 || b[at - 1] == 0x20), b[at..<at + widget.count].elementsEqual(widget) { return true }
            at += 1
        }
        return false
    }
    static let widget = Array("widget".utf8)

    /// Hidden by its markup: `hidden`, `aria-hidden="true"`, inline `display:none`/`visibility:hidden`.
    static func isHidden(_ attrs: [String: String]) -> Bool {
        if attrs["hidden"] != nil { return true }
        if attrs["aria-hidden"]?.lowercased() == "true" { return true }
        // Most styles say neither word: only those are lowercased and searched.
        if let raw = attrs["style"], raw.utf8.contains(where: { $0 | 0x20 == UInt8(ascii: "n") }),
           case let style = raw.lowercased().filter({ !$0.isWhitespace }),
           style.contains("display:none") || style.contains("visibility:hidden") { return true }
        return false
    }

    /// Lines placed inside article bodies that are not the article: "read also" links, ad labels,
    /// share prompts (compared lower case, white space collapsed; Arabic with and without tanwin).
    static let linePrefixes: [String] = [
        "read also", "read more", "see also", "related:", "related article", "related story", "related stories",
        "related coverage", "related content", "also read", "more:", "recommended:", "read next", "watch:",
        "click here", "sign up", "subscribe to", "follow us", "share this", "advertisement", "sponsored",
        "اقرأ أيضا", "اقرأ أيضاً", "إقرأ أيضا", "إقرأ أيضاً", "اقرأ ايضا", "شاهد أيضا", "شاهد أيضاً", "اقرأ المزيد",
        "مواضيع ذات صلة", "أخبار ذات صلة", "ذات صلة:",
    ]
    /// Bytes of the longest label (a longer block is never one), and characters of the longest prefix.
    static let longestShortLine = labels.map(\.utf8.count).max()!
    static let longestPrefix = linePrefixes.map(\.count).max()!
    static let labels: Set<String> = [
        "advertisement", "advertisements", "ad", "ads", "sponsored", "sponsored content", "story continues below",
        "story continues below advertisement", "article continues below advertisement", "continue reading",
        "continue reading below", "skip advertisement", "share", "tweet", "print", "email", "share this article",
        "مساحة إعلانية", "إعلان", "اعلان", "إعلانات", "المزيد", "شارك", "مشاركة", "طباعة",
    ]
}
