/// Turns an HTML page's bytes into UTF-8 for libxml2's HTML parser, with the feed parser's sniffer and
/// transcoder (`EncodingSniffer`, `Transcoder`) and the HTML rules for where the charset is said:
///
/// 1. A byte order mark (UTF-8, UTF-16, UTF-32).
/// 2. The HTTP `charset`.
/// 3. The page's `<meta charset>` or `<meta http-equiv="Content-Type" content="…; charset=…">` in its
///    first `prescanLimit` bytes (the WHATWG prescan looks at 1024; real pages put a long `<head>` first).
/// 4. Detection: UTF-8, else the legacy charset guessed from the bytes (`EncodingSniffer.guessLegacy`),
///    else windows-1252.
///
/// As for feeds, a page labelled with a legacy charset whose bytes are UTF-8 is read as UTF-8 (a server's
/// default `charset=iso-8859-1` in front of a UTF-8 page is the common case), and a page labelled UTF-8
/// whose bytes are not falls back to the next label.
package enum HTMLPageDecoder {
    package static let prescanLimit = 4096

    /// The page as UTF-8, and the charset it was read in (lower case).
    package static func utf8(_ bytes: [UInt8], contentType: String?) -> (bytes: [UInt8], charset: String) {
        let (family, bom) = EncodingSniffer.family(bytes)
        var source: String?
        var reported = "utf-8"
        var fallback: Transcoder.Fallback?
        switch family {
        case .utf8BOM: break
        case .utf16le: (source, reported) = ("UTF-16LE", "utf-16le")
        case .utf16be: (source, reported) = ("UTF-16BE", "utf-16be")
        case .utf32le: (source, reported) = ("UTF-32LE", "utf-32le")
        case .utf32be: (source, reported) = ("UTF-32BE", "utf-32be")
        case .ascii, .ebcdic:
            let labels = [EncodingSniffer.charset(of: contentType), metaCharset(bytes)].compactMap { name in
                name.flatMap(EncodingSniffer.label).flatMap { l in
                    l.reported.hasPrefix("utf-16") || l.reported.hasPrefix("utf-32") ? nil : l
                }
            }
            var cp1252 = Transcoder.Fallback(iconvName: "CP1252", reported: "windows-1252", malformed: true)
            if let first = labels.first {
                reported = first.reported
                // UTF-8 first; the first legacy label if the bytes turn out not to be UTF-8.
                if let legacy = labels.first(where: { $0.source != nil }), let src = legacy.source {
                    fallback = Transcoder.Fallback(iconvName: src, reported: legacy.reported, malformed: false)
                } else {
                    fallback = cp1252
                }
            } else {
                cp1252.guess = true
                fallback = cp1252
            }
        }
        guard let t = Transcoder(source: source, reported: reported, fallback: fallback) else {
            return (Array(bytes.dropFirst(bom)), "utf-8")
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        bytes.withUnsafeBytes { raw in
            t.convert(UnsafeRawBufferPointer(rebasing: raw[bom...]), final: true) { out.append(contentsOf: $0) }
        }
        return (out, t.reported)
    }

    /// The charset a `<meta>` element names in the page's first `prescanLimit` bytes, if any.
    static func metaCharset(_ b: [UInt8]) -> String? {
        let end = min(b.count, prescanLimit)
        var i = 0
        while i + 5 < end {
            guard b[i] == UInt8(ascii: "<"), lower(b[i + 1]) == UInt8(ascii: "m"),
                  Array(b[(i + 1)..<(i + 5)].map(lower)) == Array("meta".utf8)
            else { i += 1; continue }
            var close = i + 5
            while close < end, b[close] != UInt8(ascii: ">") { close += 1 }
            let tag = b[(i + 5)..<close].map(lower)
            i = close
            guard let k = EncodingSniffer.firstRange(of: Array("charset".utf8), in: tag[...]) else { continue }
            var j = k.upperBound
            while j < tag.count, HTMLText.isSpace(tag[j]) { j += 1 }
            guard j < tag.count, tag[j] == UInt8(ascii: "=") else { continue }
            j += 1
            while j < tag.count, HTMLText.isSpace(tag[j]) || tag[j] == 0x22 || tag[j] == 0x27 { j += 1 }
            var e = j
            while e < tag.count, !HTMLText.isSpace(tag[e]), tag[e] != 0x22, tag[e] != 0x27, tag[e] != 0x3B,
                  tag[e] != UInt8(ascii: "/") { e += 1 }
            if e > j { return String(decoding: tag[j..<e], as: UTF8.self) }
        }
        return nil
    }

    private static func lower(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c | 0x20 : c }
}
