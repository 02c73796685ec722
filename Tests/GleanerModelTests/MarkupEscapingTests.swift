import Testing
import GleanerModel

@Suite struct MarkupEscapingTests {
    @Test(arguments: [
        // (input, HTML text, HTML attribute, XML)
        ("plain", "plain", "plain", "plain"),
        ("", "", "", ""),
        ("a & b < c > d", "a &amp; b &lt; c &gt; d", "a &amp; b &lt; c &gt; d", "a &amp; b &lt; c &gt; d"),
        ("say \"hi\"", "say \"hi\"", "say &quot;hi&quot;", "say &quot;hi&quot;"),
        ("it's", "it's", "it's", "it's"),
        ("a\tb\nc\r\nd", "a\tb\nc\r\nd", "a\tb\nc\r\nd", "a&#9;b&#10;c&#13;&#10;d"),
        ("bell\u{07}nul\u{0}esc\u{1B}", "bell\u{07}nul\u{0}esc\u{1B}", "bell\u{07}nul\u{0}esc\u{1B}", "bellnulesc"),
        ("DEL\u{7F} C1\u{85}", "DEL\u{7F} C1\u{85}", "DEL\u{7F} C1\u{85}", "DEL\u{7F} C1\u{85}"),
        ("عربي <b>é</b> 😀", "عربي &lt;b&gt;é&lt;/b&gt; 😀", "عربي &lt;b&gt;é&lt;/b&gt; 😀", "عربي &lt;b&gt;é&lt;/b&gt; 😀"),
        ("&amp;", "&amp;amp;", "&amp;amp;", "&amp;amp;"),
    ])
    func escapes(_ input: String, _ text: String, _ attribute: String, _ xml: String) {
        #expect(MarkupEscaping.escaped(input, .html(attribute: false)) == text)
        #expect(MarkupEscaping.escaped(input, .html(attribute: true)) == attribute)
        #expect(MarkupEscaping.escaped(input, .xml) == xml)
    }

    /// The byte entry points append to what is there and agree with the String one, also on a
    /// non-contiguous collection.
    @Test func bytesAppend() {
        var out = Array("<p>".utf8)
        MarkupEscaping.escape(Array("x<\"y\"".utf8), .html(attribute: true), into: &out)
        #expect(String(decoding: out, as: UTF8.self) == "<p>x&lt;&quot;y&quot;")
        var fromSequence: [UInt8] = []
        MarkupEscaping.escape("a&b".utf8.reversed(), .html(attribute: false), into: &fromSequence)
        #expect(String(decoding: fromSequence, as: UTF8.self) == "b&amp;a")
    }
}
