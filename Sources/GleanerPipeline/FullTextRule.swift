import GleanerConfig
import GleanerParse

/// The full-text rule (README, "Full text"): whether an entry's page is fetched, and whether the article found
/// there replaces the feed's text.
///
/// `fulltext = auto` fetches the page when the entry looks truncated: fewer than `shortLetters` letters, or a
/// text that ends with an ellipsis (`…`, `...`, `[…]`, `[...]`) or with a "read more"-style phrase (a link or
/// not). The page's article is kept when it has at least `keepFactor` times the feed's letters, or when it is
/// longer and contains the feed's text (the excerpt was its beginning). `always` fetches every new article's
/// page and keeps any article found; `never` fetches none.
enum FullTextRule {
    /// Fewer letters than this (content, else summary, as plain text): an excerpt.
    static let shortLetters = 500
    static let keepFactor = 1.5

    /// Endings of an excerpt, compared in lower case after trailing punctuation, arrows and brackets are set
    /// aside, on a word boundary ("more" does not match "Baltimore").
    static let readMorePhrases = [
        "read more", "read the full story", "read full story", "read the full article", "read full article",
        "read the rest", "continue reading", "keep reading", "more",
        "اقرأ المزيد", "إقرأ المزيد", "اقرأ أكثر", "تابع القراءة", "أكمل القراءة", "المزيد",
    ]

    /// The decision for an entry never judged: fetch (with the reason) or not (with the reason).
    static func judge(mode: FullTextMode, summary: String?, content: String?) -> (fetch: Bool, reason: String) {
        switch mode {
        case .never: return (false, "fulltext = never")
        case .always: return (true, "fulltext = always")
        case .auto: break
        }
        let text = feedText(summary: summary, content: content)
        let letters = letterCount(text)
        if letters < shortLetters { return (true, "short: \(letters) letters, under \(shortLetters)") }
        if let ending = truncationMark(text) { return (true, "ends with \(ending)") }
        return (false, "complete in the feed: \(letters) letters, no ellipsis or read-more ending")
    }

    /// Whether the page's article replaces the feed's text; when not, why.
    static func keeps(mode: FullTextMode, page: String, summary: String?, content: String?) -> String? {
        if mode == .always { return nil }
        let feed = feedText(summary: summary, content: content)
        let pageLetters = letters(page), feedLetters = letters(stripMark(feed))
        if Double(pageLetters.count) >= keepFactor * Double(feedLetters.count) { return nil }
        if pageLetters.count > feedLetters.count, !feedLetters.isEmpty,
           String(String.UnicodeScalarView(pageLetters)).contains(String(String.UnicodeScalarView(feedLetters))) {
            return nil
        }
        return "the page's article (\(pageLetters.count) letters) is not longer than the feed's text "
            + "(\(feedLetters.count) letters)"
    }

    /// The entry's text as plain text: its content, else its summary (whichever has more letters).
    static func feedText(summary: String?, content: String?) -> String {
        let texts = [content, summary].compactMap { $0 }.map { plainText(ofMarkup: $0) }
        return texts.max { letterCount($0) < letterCount($1) } ?? ""
    }

    static func letterCount(_ s: String) -> Int { s.unicodeScalars.count { $0.properties.isAlphabetic } }

    /// Letters and digits only, lower case: what "contains the feed's text" compares (markup, spacing and
    /// punctuation differ between a feed and a page).
    static func letters(_ s: String) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(s.unicodeScalars.count)
        for c in s.unicodeScalars where c.properties.isAlphabetic || c.properties.numericType != nil {
            if c.isASCII, c.value >= 0x41, c.value <= 0x5A { out.append(Unicode.Scalar(c.value + 0x20)!) } else { out.append(c) }
        }
        return out
    }

    /// What marks `text` as cut short, if anything: "an ellipsis" or "“read more”".
    static func truncationMark(_ text: String) -> String? {
        var scalars = Substring(text).unicodeScalars
        // Trailing spaces, brackets, arrows and guillemets around a marker: "[…]", "Read more »", "(more…)".
        let trailing: Set<Unicode.Scalar> = [" ", "\u{A0}", "]", ")", "»", "›", "→", ">", ":", "!", "-", "–", "—"]
        while let last = scalars.last, trailing.contains(last) || last.properties.isWhitespace { scalars.removeLast() }
        if scalars.last == "…" || String(scalars).hasSuffix("...") { return "an ellipsis" }
        while let last = scalars.last, last == "." || last == "…" { scalars.removeLast() }
        let tail = String(scalars).lowercased()
        for phrase in readMorePhrases where tail.hasSuffix(phrase) {
            let before = tail.unicodeScalars.dropLast(phrase.unicodeScalars.count).last
            if before.map({ !$0.properties.isAlphabetic }) ?? true { return "“\(phrase)”" }
        }
        return nil
    }

    /// `text` without a trailing truncation marker's words, so that they are not looked for in the page.
    static func stripMark(_ text: String) -> String {
        guard truncationMark(text) != nil else { return text }
        var s = text
        while let last = s.unicodeScalars.last, !last.properties.isAlphabetic || last == "…" { s.unicodeScalars.removeLast() }
        let lower = s.lowercased()
        if let phrase = readMorePhrases.first(where: { lower.hasSuffix($0) }) {
            s.unicodeScalars.removeLast(phrase.unicodeScalars.count)
        }
        // The last word before an ellipsis is often cut in the middle.
        while let last = s.unicodeScalars.last, last.properties.isAlphabetic { s.unicodeScalars.removeLast() }
        return s
    }
}
