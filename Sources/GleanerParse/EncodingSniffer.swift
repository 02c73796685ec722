/// Decides how a document's bytes are to be decoded, from its first bytes and the HTTP charset.
///
/// Precedence (documented in Tests/CONFORMANCE.md, "Encodings"):
///
/// 1. A byte order mark, or the UTF-16/UTF-32/EBCDIC byte pattern of `<?` (XML 1.0 Appendix F.1).
/// 2. The HTTP `charset` (RFC 7303 §3: the header is authoritative for XML media types), with two
///    exceptions that real servers make necessary: a document that declares UTF-8 is read as UTF-8 first,
///    and so is one that declares nothing (a server's default `charset=iso-8859-1` on a UTF-8 feed is the
///    common case); the header's charset is then the fallback if the bytes turn out not to be UTF-8.
/// 3. The XML declaration's `encoding`.
/// 4. UTF-8, with windows-1252 as the fallback when the bytes are not UTF-8 (reported as a problem).
///
/// "Fallback" means: the document is read as UTF-8 until the first invalid sequence; if no valid non-ASCII
/// character came before it, the rest is read in the fallback charset (the part already read was ASCII,
/// identical in both). See `Transcoder`.
///
/// Labels are mapped as browsers do (WHATWG Encoding): GB2312 and GBK are read as GB18030, ISO-8859-1 and
/// US-ASCII as windows-1252 where bytes need it, Shift_JIS as windows-31J, EUC-KR as windows-949.
struct EncodingSniffer {
    /// What to decode with, and what to report.
    struct Decision {
        /// The charset the document is read in, lower case, as reported in `ParsedFeed.encoding`.
        var reported: String
        /// The iconv name to decode with; nil for UTF-8.
        var source: String?
        var fallback: Transcoder.Fallback?
        /// Set when a legacy HTTP charset is tried as UTF-8 first (see `Transcoder.confirmedUTF8Message`).
        var confirmedUTF8Message: String?
        /// Bytes of byte order mark to drop.
        var bom: Int
        var problems: [String] = []
        /// The document is not well-formed whatever follows (an encoding it declares cannot be read).
        var malformed = false
    }

    /// How many bytes are held back at most before deciding.
    static let limit = 1024

    /// Whether `head` is enough to decide: the XML declaration (if any) is complete, or `limit` reached.
    static func isEnough(_ head: [UInt8]) -> Bool {
        if head.count >= limit { return true }
        guard head.count >= 4 else { return false }
        // Past any BOM and leading white space, the first `>` closes the declaration or the first tag
        // (in UTF-16/32 as well: the byte 0x3E is there). EBCDIC's `>` is 0x6E.
        return head.contains(UInt8(ascii: ">")) || (head[0] == 0x4C && head.contains(0x6E))
    }

    enum Family { case ascii, utf8BOM, utf16le, utf16be, utf32le, utf32be, ebcdic }

    /// XML 1.0 Appendix F.1: the byte order mark, else the encoding of `<?` in the first four bytes.
    static func family(_ b: [UInt8]) -> (Family, bom: Int) {
        func at(_ i: Int) -> Int { i < b.count ? Int(b[i]) : -1 }
        switch (at(0), at(1), at(2), at(3)) {
        case (0xEF, 0xBB, 0xBF, _): return (.utf8BOM, 3)
        case (0x00, 0x00, 0xFE, 0xFF): return (.utf32be, 4)
        case (0xFF, 0xFE, 0x00, 0x00): return (.utf32le, 4)
        case (0xFE, 0xFF, _, _): return (.utf16be, 2)
        case (0xFF, 0xFE, _, _): return (.utf16le, 2)
        case (0x00, 0x00, 0x00, 0x3C): return (.utf32be, 0)
        case (0x3C, 0x00, 0x00, 0x00): return (.utf32le, 0)
        case (0x00, 0x3C, 0x00, 0x3F): return (.utf16be, 0)
        case (0x3C, 0x00, 0x3F, 0x00): return (.utf16le, 0)
        case (0x4C, 0x6F, 0xA7, 0x94): return (.ebcdic, 0)
        default: return (.ascii, 0)
        }
    }

    static func decide(_ head: [UInt8], contentType: String?) -> Decision {
        let (fam, bom) = family(head)
        switch fam {
        case .utf8BOM:
            // The BOM decides UTF-8 whatever the declaration or the header say (XML 1.0 Appendix F.1).
            return Decision(reported: "utf-8", source: nil, bom: 3)
        case .utf16le: return Decision(reported: "utf-16le", source: "UTF-16LE", bom: bom)
        case .utf16be: return Decision(reported: "utf-16be", source: "UTF-16BE", bom: bom)
        case .utf32le: return Decision(reported: "utf-32le", source: "UTF-32LE", bom: bom)
        case .utf32be: return Decision(reported: "utf-32be", source: "UTF-32BE", bom: bom)
        case .ebcdic:
            // The declaration is readable in any EBCDIC variant; it names the exact one.
            var decl = [UInt8]()
            if let t = Transcoder(source: "CP037", reported: "cp037") {
                head.withUnsafeBytes { t.convert($0, final: false) { decl += $0 } }
            }
            if let name = declaredEncoding(decl, from: 0), let l = label(name), let src = l.source {
                return Decision(reported: l.reported, source: src, bom: 0)
            }
            return Decision(reported: "cp037", source: "CP037", bom: 0)
        case .ascii:
            break
        }

        var problems: [String] = []
        var unsupportedDeclaration = false
        var declared: Label?
        if let lt = head.firstIndex(of: UInt8(ascii: "<")), let name = declaredEncoding(head, from: lt) {
            if let l = label(name) {
                // A document in an ASCII-compatible form cannot be UTF-16 or UTF-32, whatever it says.
                if !l.reported.hasPrefix("utf-16"), !l.reported.hasPrefix("utf-32") { declared = l }
            } else {
                problems.append("1:1: unsupported encoding \"\(name)\" declared: read as UTF-8")
                unsupportedDeclaration = true
            }
        }
        var http: Label?
        if let name = charset(of: contentType) {
            if let l = label(name), !l.reported.hasPrefix("utf-16"), !l.reported.hasPrefix("utf-32") {
                http = l
            } else {
                problems.append("1:1: unsupported charset \"\(name)\" in Content-Type ignored")
            }
        }
        let windows1252 = Transcoder.Fallback(
            iconvName: "CP1252", reported: "windows-1252", malformed: true,
            message: "no charset given and the bytes are not UTF-8: read as windows-1252")

        func choose() -> Decision {
            if let http {
                if http.source == nil {
                    // UTF-8 or US-ASCII served: if the bytes are not UTF-8, the declaration (or windows-1252) is next.
                    var fb = windows1252
                    if let declared, let src = declared.source {
                        fb = Transcoder.Fallback(
                            iconvName: src, reported: declared.reported, malformed: false,
                            message: "served as \(http.reported) but not UTF-8: read as declared, \(declared.reported)")
                    } else if http.reported == "utf-8" {
                        fb.message = "served as utf-8 but the bytes are not UTF-8: read as windows-1252"
                    }
                    return Decision(reported: http.reported, source: nil, fallback: fb, bom: 0, problems: problems)
                }
                if declared == nil || declared?.source == nil {
                    // A legacy charset in the header of a document that declares UTF-8 or nothing: UTF-8 first.
                    let fb = Transcoder.Fallback(iconvName: http.source!, reported: http.reported, malformed: false, message: nil)
                    var d = Decision(reported: http.reported, source: nil, fallback: fb, bom: 0, problems: problems)
                    d.confirmedUTF8Message = "served as \(http.reported) but the bytes are UTF-8: read as UTF-8"
                    return d
                }
                return Decision(reported: http.reported, source: http.source, bom: 0, problems: problems)
            }
            if let declared {
                if declared.source == nil {
                    var fb = windows1252
                    fb.message = "declared \(declared.reported) but the bytes are not UTF-8: read as windows-1252"
                    return Decision(reported: declared.reported, source: nil, fallback: fb, bom: 0, problems: problems)
                }
                return Decision(reported: declared.reported, source: declared.source, bom: 0, problems: problems)
            }
            return Decision(reported: "utf-8", source: nil, fallback: windows1252, bom: 0, problems: problems)
        }
        var d = choose()
        d.malformed = unsupportedDeclaration
        return d
    }

    /// A charset label: what to report and the iconv name to decode with (nil: UTF-8 itself).
    struct Label {
        var reported: String
        var source: String?
    }

    /// Maps a label (from a declaration or a header) to a decoder, or nil when none is available.
    static func label(_ raw: String) -> Label? {
        let name = HTMLText.trimmed(Array(raw.utf8)).lowercased()
            .split(separator: "_", omittingEmptySubsequences: false).joined(separator: "-")
        switch name {
        case "utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8": return Label(reported: "utf-8", source: nil)
        case "us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us", "us":
            return Label(reported: "us-ascii", source: nil)
        case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "iso_8859-1", "cp819", "ibm819":
            return Label(reported: "iso-8859-1", source: "CP1252")
        case "gb2312", "gbk", "x-gbk", "gb_2312-80", "chinese", "csgb2312", "gb18030", "cp936":
            return Label(reported: "gb18030", source: "GB18030")
        case "shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "windows-31j", "cp932":
            return Label(reported: name == "cp932" || name == "windows-31j" ? name : "shift_jis", source: "CP932")
        case "euc-kr", "ks_c_5601-1987", "cp949", "windows-949":
            return Label(reported: "euc-kr", source: "CP949")
        case "cp-is": return Label(reported: name, source: "CP861")
        case "maclatin2": return Label(reported: name, source: "MAC-CENTRALEUROPE")
        case "maciceland": return Label(reported: name, source: "MAC-IS")
        case "macintosh", "macroman", "mac", "x-mac-roman": return Label(reported: name, source: "MACINTOSH")
        case "maccyrillic", "x-mac-cyrillic": return Label(reported: name, source: "MAC-CYRILLIC")
        case "utf-16", "utf-16le", "utf-16be", "utf-32", "utf-32le", "utf-32be":
            return Label(reported: name, source: name.uppercased())
        default:
            break
        }
        guard !name.isEmpty, name.utf8.allSatisfy({ HTMLText.isAlnum($0) || $0 == 0x2D || $0 == 0x5F || $0 == 0x2E || $0 == 0x3A }) else {
            return nil
        }
        // IBM code pages are often written as bare numbers (`437`, `850`).
        var iconvName = name.utf8.allSatisfy(DateParser.isDigit) ? "CP" + name : name.uppercased()
        // IANA's `csIBM861` style aliases: iconv knows them as IBM861.
        if iconvName.hasPrefix("CSIBM"), !Transcoder.supports(iconvName) { iconvName = String(iconvName.dropFirst(2)) }
        return Transcoder.supports(iconvName) ? Label(reported: name, source: iconvName) : nil
    }

    /// Drops what may not come before the first tag (a stray newline or junk before `<?xml`: libxml2 calls
    /// white space before the declaration fatal) and removes the declaration's `encoding`, since libxml2
    /// is always given UTF-8. Works on the UTF-8 head.
    static func prepare(_ b: inout [UInt8]) -> String? {
        var problem: String?
        if let lt = b.firstIndex(of: UInt8(ascii: "<")), lt > 0 {
            let junk = b[..<lt]
            let isDecl = b[lt...].starts(with: Array("<?xml".utf8))
            let spaces = junk.allSatisfy(HTMLText.isSpace)
            if isDecl || !spaces {
                problem = spaces
                    ? "1:1: white space before the XML declaration ignored"
                    : "1:1: \(junk.count) bytes of junk before the first tag ignored"
                b.removeFirst(lt)
            }
        }
        guard b.starts(with: Array("<?xml".utf8)), let end = b.firstIndex(of: UInt8(ascii: ">")),
              let k = b[..<end].firstRange(of: Array("encoding".utf8))
        else { return problem }
        // From the white space before `encoding` to the closing quote of its value.
        var j = k.upperBound
        while j < end, HTMLText.isSpace(b[j]) { j += 1 }
        guard j < end, b[j] == UInt8(ascii: "=") else { return problem }
        j += 1
        while j < end, HTMLText.isSpace(b[j]) { j += 1 }
        guard j < end, b[j] == UInt8(ascii: "\"") || b[j] == UInt8(ascii: "'") else { return problem }
        let q = b[j]
        guard let close = b[(j + 1)..<end].firstIndex(of: q) else { return problem }
        var from = k.lowerBound
        while from > 0, HTMLText.isSpace(b[from - 1]) { from -= 1 }
        b.removeSubrange(from...close)
        return problem
    }

    /// The `encoding` pseudo-attribute of an XML declaration starting at `i`, if present.
    static func declaredEncoding(_ b: [UInt8], from i: Int) -> String? {
        guard i < b.count, b[i...].starts(with: Array("<?xml".utf8)) else { return nil }
        guard let end = b[i...].firstIndex(of: UInt8(ascii: ">")) else { return nil }
        let decl = Array(b[i..<end])
        let key = Array("encoding".utf8)
        guard let k = decl.firstRange(of: key) else { return nil }
        var j = k.upperBound
        while j < decl.count, HTMLText.isSpace(decl[j]) { j += 1 }
        guard j < decl.count, decl[j] == UInt8(ascii: "=") else { return nil }
        j += 1
        while j < decl.count, HTMLText.isSpace(decl[j]) { j += 1 }
        guard j < decl.count, decl[j] == UInt8(ascii: "\"") || decl[j] == UInt8(ascii: "'") else { return nil }
        let q = decl[j]
        guard let close = decl[(j + 1)...].firstIndex(of: q) else { return nil }
        let name = String(decoding: decl[(j + 1)..<close], as: UTF8.self)
        return name.isEmpty ? nil : name
    }

    /// The `charset` parameter of a Content-Type value, lower case, quotes removed.
    static func charset(of contentType: String?) -> String? {
        guard let contentType else { return nil }
        for param in contentType.split(separator: ";").dropFirst() {
            let kv = param.split(separator: "=", maxSplits: 1)
            guard kv.count == 2, kv[0].trimmingCharacters() == "charset" else { continue }
            var v = kv[1].trimmingCharacters()
            if v.count >= 2, (v.hasPrefix("\"") && v.hasSuffix("\"")) || (v.hasPrefix("'") && v.hasSuffix("'")) {
                v = String(v.dropFirst().dropLast())
            }
            return v.isEmpty ? nil : v
        }
        return nil
    }
}

extension Substring {
    /// Lower-cased, white space trimmed (no Foundation).
    func trimmingCharacters() -> String {
        HTMLText.trimmed(Array(self.utf8)).lowercased()
    }
}
