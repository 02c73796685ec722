import Foundation
import GleanerModel
import Testing

@Suite struct TerminalTextTests {
    @Test("controls become U+FFFD, line breaks a space, bidi controls go; text and marks stay", arguments: [
        ("\u{1B}]0;title\u{07}", "\u{FFFD}]0;title\u{FFFD}"),
        ("\u{1B}]52;c;ZXZpbA==\u{07}", "\u{FFFD}]52;c;ZXZpbA==\u{FFFD}"),
        ("\u{1B}[2Jclear", "\u{FFFD}[2Jclear"),
        ("a\u{0}b\u{8}c\u{7F}d\u{9B}31me\u{80}f", "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\u{FFFD}31me\u{FFFD}f"),
        ("two\nlines\r\tand\u{85}more\u{2028}x\u{2029}y", "two lines  and more x y"),
        ("evil\u{202E}txt.exe", "eviltxt.exe"),
        ("\u{202A}\u{202B}\u{202C}\u{202D}\u{2066}\u{2067}\u{2068}\u{2069}kept", "kept"),
        ("عنوان\u{200F} (1)", "عنوان\u{200F} (1)"),
        ("plain ASCII", "plain ASCII"),
        ("\u{FFFD} already safe", "\u{FFFD} already safe"),
    ])
    func safe(input: String, expected: String) {
        #expect(TerminalText.safe(input) == expected)
        #expect(TerminalText.safe(expected) == expected, "idempotent")
    }
}

@Suite struct JSONWriterTests {
    func quoted(_ s: String) -> String {
        var w = JSONWriter()
        w.value(s)
        return w.string
    }

    @Test("every control, DEL, C1, U+2028/9 and bidi control is escaped; the text decodes back exactly")
    func escapes() throws {
        // Every scalar up to U+00A0, the line separators, the bidi controls and their neighbours.
        let scalars = (0...0xA0).map { Unicode.Scalar(UInt32($0))! }
            + (0x2027...0x202F).map { Unicode.Scalar(UInt32($0))! } + (0x2065...0x206A).map { Unicode.Scalar(UInt32($0))! }
        var input = String.UnicodeScalarView()
        input.append(contentsOf: scalars)
        let text = String(input) + " عربي \u{200F}"
        let json = quoted(text)
        let raw = json.unicodeScalars.filter {
            $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || (0x2028...0x202E).contains($0.value)
                || (0x2066...0x2069).contains($0.value)
        }
        #expect(raw.isEmpty, "\(raw.map { String($0.value, radix: 16) })")
        #expect(json.contains("\\u001b") && json.contains("\\u007f") && json.contains("\\u009b")
                && json.contains("\\u2028") && json.contains("\\u202e") && json.contains("\\u2069"), "\(json)")
        #expect(json.contains("\u{2027}") && json.contains("\u{202F}") && json.contains("\u{2065}")
                && json.contains("\u{206A}") && json.contains(" عربي \u{200F}"), "neighbours stay raw: \(json)")
        let decoded = try JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed) as? String
        #expect(decoded == text)
    }
}
