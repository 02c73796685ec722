/// Text from outside (feed titles, names, error messages, HTTP header values) made safe to write to a
/// terminal or a log. Every value that reaches human output or a log line passes through `safe`.
///
/// - Tab, line feed, carriage return, vertical tab, form feed, NEL, U+2028 and U+2029 become a space: a value
///   is one line.
/// - Every other C0 control (NUL, BS, ESC, BEL…), DEL and the C1 controls U+0080–U+009F become U+FFFD, visibly:
///   an escape sequence (`ESC ]0;…BEL` sets the window title, `ESC ]52;…` writes the clipboard, `ESC [2J`
///   clears the screen, U+009B is a one-character CSI) can never reach the terminal.
/// - The bidi embeddings, overrides and isolates U+202A–U+202E and U+2066–U+2069 are dropped, so a value cannot
///   reorder the rest of its line; the isolates the listing adds itself around a right-to-left value are added
///   after this. The marks LRM, RLM and ALM stay (they open no level, and Arabic and Hebrew text uses them).
public enum TerminalText {
    public static func safe(_ text: String) -> String {
        // The common case, printable ASCII (and any text with no control or bidi character), is not copied.
        guard text.unicodeScalars.contains(where: needsChange) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            guard needsChange(scalar) else { out.append(scalar); continue }
            switch scalar.value {
            case 0x09...0x0D, 0x85, 0x2028, 0x2029: out.append(" ")
            case 0x202A...0x202E, 0x2066...0x2069: continue
            default: out.append("\u{FFFD}")
            }
        }
        return String(out)
    }

    /// Whether `safe` changes this scalar.
    public static func needsChange(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}
