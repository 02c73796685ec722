import GleanerModel
import Testing
@testable import GleanerParse

/// Dropped elements never take the rest of the fragment with them: a void one loses only its tag, and one
/// the fragment leaves open loses its tag but not what follows. Each case is checked on libxml2's path and,
/// where the fast path accepts the input, on that path too (they must agree).
@Suite struct SanitizerContentLossTests {
    static let base = "https://example.org/blog/post/"

    /// libxml2's path, and the fast path when it takes the input (then both must give the same).
    static func bothPaths(_ html: String) -> String {
        var bytes = Array(html.utf8)
        let slow = HTMLSanitizer.sanitizeWithLibxml2(&bytes, base: base)
        let fast = bytes.withUnsafeBufferPointer { HTMLSanitizer.fastSanitize($0.baseAddress!, $0.count, base: base) }
        if let fast { #expect(String(decoding: fast, as: UTF8.self) == slow, "\(html)") }
        #expect(HTMLSanitizer.sanitize(html, base: base) == slow, "\(html)")
        return slow
    }

    @Test(arguments: HTMLSanitizer.droppedVoid.sorted())
    func voidElementLosesOnlyItsTag(name: String) {
        #expect(Self.bothPaths("<p>a<\(name) src=\"x.swf\" name=\"n\">b</p><p>c <b>d</b></p>") == "<p>ab</p><p>c <b>d</b></p>")
        #expect(Self.bothPaths("a<\(name)>b <i>c</i>") == "ab <i>c</i>")
        #expect(Self.bothPaths("a<\(name)/>b") == "ab")
        #expect(Self.bothPaths("<ul><li>a<\(name)></li><li>b</li></ul>tail") == "<ul><li>a</li><li>b</li></ul>tail")
    }

    /// Elements dropped with their content, other than script and style (whose open form makes the rest
    /// their code) and void ones.
    static var droppedWithContent: [String] {
        HTMLSanitizer.dropWithContent.filter { HTMLSanitizer.dropsOnlyWhenClosed($0) }.sorted()
    }

    @Test(arguments: droppedWithContent)
    func openElementKeepsWhatFollows(name: String) {
        let out = Self.bothPaths("<p>a</p><\(name)>b <b>c</b><p>d</p>")
        #expect(out.contains("<b>c</b>") && out.contains("<p>d</p>") && out.hasPrefix("<p>a</p>"), "\(name): \(out)")
        #expect(!out.contains("<\(name)"), "\(name): \(out)")
    }

    /// Closed, the element still goes with its content (where libxml2 nests content inside it at all: it
    /// ignores a misplaced `<head>`, `<title>` or `<frameset>` in a body and keeps their text).
    @Test(arguments: droppedWithContent.filter { !["head", "title", "frameset", "noframes", "xml"].contains($0) })
    func closedElementIsDroppedWithItsContent(name: String) {
        #expect(Self.bothPaths("a<\(name)>secret</\(name)>b") == "ab", "\(name)")
        #expect(Self.bothPaths("a<\(name)>s1</\(name)>b<\(name)>rest <i>kept</i>") == "ab" + "rest <i>kept</i>", "\(name)")
        #expect(Self.bothPaths("a<\(name.uppercased())>secret</\(name)>b") == "ab", "\(name)")
    }

    @Test func scriptAndStyleStillTakeTheirCode() {
        #expect(Self.bothPaths("a<script>alert(1)") == "a")
        #expect(Self.bothPaths("a<style>p{}") == "a")
        #expect(Self.bothPaths("a<script>x</script>b<embed>c<script>y") == "abc")
    }

    @Test func nestedAndMixed() {
        #expect(Self.bothPaths("<div>a<embed><object>x</object>b</div>c") == "<div>ab</div>c")
        #expect(Self.bothPaths("a<textarea>x</textarea>b<template>c<embed>d") == "abcd")
        #expect(Self.bothPaths("a<form><textarea>t</textarea>f</form>b<textarea>open") == "abopen")
        // libxml2 nests the second `<p>` inside the first here (the open iframe is between them); the text stays.
        let iframe = Self.bothPaths("<p>a<iframe src=\"https://evil.example/\">b<p>c")
        #expect(iframe.hasPrefix("<p>ab") && iframe.contains("c</p>") && !iframe.contains("iframe"), "\(iframe)")
    }

    /// In a feed: everything after an unclosed `<embed>` in a description is kept.
    @Test func inAFeed() {
        let p = parse("""
            <rss version="2.0"><channel><item><title>t</title>
            <description><![CDATA[<p>Watch <embed src="x.swf" type="application/x-shockwave-flash"> the video.</p><p>More text.</p>]]></description>
            </item></channel></rss>
            """, documentURL: "http://example.com/feed.xml")
        #expect(p.articles.first?.summary == "<p>Watch  the video.</p><p>More text.</p>")
    }
}
