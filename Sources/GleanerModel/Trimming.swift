/// Trimming the ends of a text, one function per contract: which characters count as white space depends
/// on where the text comes from, so each caller names the contract it needs.
///
/// All of them work on Unicode scalars, not Characters: a Character-level trim sees a blank followed by a
/// combining mark (" \u{301}") as one non-blank character, and feeds.conf, OPML and the store would then
/// disagree about where a value starts.
///
/// The feed parser trims bytes instead (`HTMLText.trimmed`, XML white space plus form feed, in its hot path,
/// with the C1 mapping it needs anyway); the page extractor collapses Unicode white space inside text
/// (`PageTree.collapse`).
extension StringProtocol {
    /// Without Unicode white space (`White_Space`: also no-break space, ideographic space, line separators)
    /// at either end: what an article's id and link are compared without.
    public func trimmingWhitespace() -> String {
        trimming { $0.properties.isWhitespace }
    }

    /// Without XML white space (space, tab, carriage return, line feed: XML 1.0's `S`) at either end:
    /// OPML values and libxml2's messages, article ids and links counted as blank.
    public func trimmingXMLSpace() -> String {
        trimming { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
    }

    /// Without blanks (space and tab) at either end: feeds.conf values, HTTP header values (RFC 9110's OWS).
    public func trimmingBlanks() -> String {
        trimming { $0 == " " || $0 == "\t" }
    }

    /// Without the scalars at either end for which `isTrimmed` is true.
    public func trimming(where isTrimmed: (Unicode.Scalar) -> Bool) -> String {
        let scalars = Substring(self).unicodeScalars
        guard let first = scalars.firstIndex(where: { !isTrimmed($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isTrimmed($0) })!
        return String(scalars[first...last])
    }
}
