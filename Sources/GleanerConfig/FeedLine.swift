import GleanerModel

/// The one writer of feeds.conf feed lines (`add`, `import-opml`, `feeds --apply-moves`). Its values come from
/// outside (an OPML file, a redirect's Location, the command line), and a feed line can name a program to run,
/// so what it writes must read back as exactly the feed meant and nothing else:
///
/// - the URL has its white space, quotes and invisible format characters (bidi marks, zero-width spaces)
///   percent-encoded in the path, query and fragment; a control character anywhere, or anything to encode in
///   the scheme or host, is refused;
/// - a name is quoted when needed, with `"` and `\` escaped; control characters become spaces;
/// - a tag keeps its blanks (the value is quoted), so an OPML folder "Tech & Science" is that tag and folder
///   again on export; commas (the separator) and control characters inside it become `-`;
/// - the line is parsed back and must give exactly that URL, name, tags and interval, and no other option.
public enum FeedLine {
    /// A value that cannot be written as asked; the message names it.
    public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// A feed line for `url` with the given name, tags and interval (validated as a duration).
    public static func make(url: String, name: String? = nil, tags: [String] = [], interval: String? = nil)
        throws(Refusal) -> String
    {
        let written = try self.url(url)
        var expected = FeedConfig(url: written, name: name.flatMap(self.name), tags: tags.compactMap(tag), line: 1)
        var parts = [written]
        if let name = expected.name { parts.append("name=" + value(name)) }
        if !expected.tags.isEmpty { parts.append("tags=" + value(expected.tags.joined(separator: ","))) }
        if let interval {
            do { expected.options.interval = try ConfigParser.duration(interval) } catch {
                throw Refusal(description: "interval \(printable(interval)) is not a duration from 1s to 10 years (e.g. 15m, 1h)")
            }
            parts.append("interval=" + value(interval))
        }
        let line = parts.joined(separator: " ")
        var config = Config(path: "feeds.conf")
        config.feeds = [expected]
        try check(line, readsAs: config, what: url)
        return line
    }

    /// The URL as written in feeds.conf (see the type's comment), or a refusal saying why it cannot be.
    public static func url(_ raw: String) throws(Refusal) -> String {
        let scalars = raw.unicodeScalars
        if let bad = scalars.first(where: isControl) {
            throw Refusal(description: "\(printable(raw)) holds a control character (\(codePoint(bad))); not a URL")
        }
        // Scheme and authority end at the first "/", "?" or "#" after "://"; nothing there is encoded.
        var authorityEnd = scalars.endIndex
        if let sep = raw.firstRange(of: "://") {
            let rest = raw.unicodeScalars[sep.upperBound...]
            authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? scalars.endIndex
        }
        if scalars[..<authorityEnd].contains(where: needsEncoding) {
            throw Refusal(description: "\(printable(raw)) has white space or a quote in its scheme or host; not a URL")
        }
        var out = String.UnicodeScalarView(scalars[..<authorityEnd])
        for s in scalars[authorityEnd...] {
            guard needsEncoding(s) else { out.append(s); continue }
            for byte in String(s).utf8 {
                out.append(contentsOf: "%".unicodeScalars)
                out.append(contentsOf: hex(byte).unicodeScalars)
            }
        }
        let written = String(out)
        if let problem = ConfigParser.urlProblem(written) { throw Refusal(description: problem) }
        return written
    }

    /// A name as it will read back: control characters become spaces, blanks at either end are dropped;
    /// nil when nothing is left.
    public static func name(_ raw: String) -> String? {
        var out = String.UnicodeScalarView()
        for s in raw.unicodeScalars { out.append(isControl(s) ? " " : s) }
        let trimmed = String(out).trimmingBlanks()
        return trimmed.isEmpty ? nil : trimmed
    }

    /// A tag as it will read back: blanks, commas and control characters at either end are dropped; inside,
    /// commas (the separator) and control characters become `-` and blanks are kept ("Tech & Science" stays
    /// that); nil when nothing is left.
    public static func tag(_ raw: String) -> String? {
        func separates(_ s: Unicode.Scalar) -> Bool { isControl(s) || s.properties.isWhitespace || s == "," }
        let s = raw.unicodeScalars
        guard let first = s.firstIndex(where: { !separates($0) }), let last = s.lastIndex(where: { !separates($0) })
        else { return nil }
        var out = String.UnicodeScalarView()
        for c in s[first...last] { out.append(isControl(c) || c == "," ? "-" : c) }
        return String(out)
    }

    /// Replaces the URL that starts a feed line, keeping the rest of the line; the result must read back as
    /// the same feed with only its URL changed.
    static func replacingURL(in line: String, old: FeedConfig, with newURL: String) throws(Refusal) -> (line: String, url: String) {
        let written = try url(newURL)
        let indent = line.unicodeScalars.prefix { $0 == " " || $0 == "\t" }
        let rest = line.unicodeScalars[indent.endIndex...]
        guard rest.starts(with: old.url.unicodeScalars) else {
            throw Refusal(description: "line \(old.line) no longer starts with \(old.url)")
        }
        let edited = String(indent) + written + String(rest.dropFirst(old.url.unicodeScalars.count))
        var expected = Config(path: "feeds.conf")
        var feed = old
        feed.url = written
        feed.line = 1
        expected.feeds = [feed]
        try check(edited, readsAs: expected, what: newURL)
        return (edited, written)
    }

    /// Parses `line` alone and insists it gives exactly `expected`: no global setting, one feed, the same values.
    private static func check(_ line: String, readsAs expected: Config, what: String) throws(Refusal) {
        var parsed: Config
        do { parsed = try Config.parse(line + "\n") } catch {
            throw Refusal(description: "\(printable(what)) cannot be written to feeds.conf: \(error.message)")
        }
        // A clamped interval is still the interval asked for; the warning is shown when the file is loaded.
        parsed.warnings = expected.warnings
        guard parsed == expected else {
            throw Refusal(description: "\(printable(what)) cannot be written to feeds.conf: it would not read back as written")
        }
    }

    /// A value for `key=value`: bare when it holds nothing the tokenizer treats specially, else quoted.
    static func value(_ s: String) -> String {
        let plain = !s.isEmpty && s.unicodeScalars.allSatisfy { !needsEncoding($0) && $0 != "\\" && $0 != "#" && !isControl($0) }
        if plain { return s }
        var out = "\""
        for ch in s.unicodeScalars {
            if ch == "\"" || ch == "\\" { out.unicodeScalars.append("\\") }
            out.unicodeScalars.append(ch)
        }
        return out + "\""
    }

    /// C0 controls (tab, CR and LF included), DEL and C1 controls: they end or split lines, or drive terminals.
    static func isControl(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x20 || (0x7F...0x9F).contains(s.value)
    }

    /// White space of any kind, the double quote, and invisible format characters (bidi marks and overrides,
    /// zero-width characters, the BOM), which would make a URL look other than it is.
    private static func needsEncoding(_ s: Unicode.Scalar) -> Bool {
        s == "\"" || s.properties.isWhitespace || s.properties.generalCategory == .format
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF".unicodeScalars)
        return String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
    }

    private static func codePoint(_ s: Unicode.Scalar) -> String {
        let h = String(s.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - h.count)) + h
    }

    /// A value quoted for a message, its control and format characters (bidi overrides) shown as code points.
    public static func printable(_ s: String) -> String {
        var out = "\""
        for ch in s.unicodeScalars {
            if isControl(ch) || ch.properties.generalCategory == .format { out += "<\(codePoint(ch))>" } else { out.unicodeScalars.append(ch) }
        }
        return out + "\""
    }
}
