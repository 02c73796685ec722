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

    /// How many of the document's first bytes the guess for an undeclared legacy charset looks at
    /// (`guessLegacy`, `Transcoder.Fallback.guess`).
    static let guessWindow = 16384

    /// The fallback for a document with no charset anywhere whose bytes are not UTF-8, guessed from its
    /// first `guessWindow` bytes; nil keeps windows-1252.
    static func guessedFallback(_ window: [UInt8]) -> Transcoder.Fallback? {
        guard let guess = guessLegacy(window), let l = label(guess.label), let src = l.source else { return nil }
        return Transcoder.Fallback(
            iconvName: src, reported: guess.reported, malformed: true,
            message: "no charset given and the bytes are not UTF-8: read as \(guess.reported) (guessed)")
    }

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
            // Guessed by the transcoder from the document's first bytes, if they turn out not to be UTF-8.
            var guess = windows1252
            guess.guess = true
            return Decision(reported: "utf-8", source: nil, fallback: guess, bom: 0, problems: problems)
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
        // The Mac OS code pages, by the names feeds and WHATWG give them (iconv knows them by others).
        case "maclatin2", "x-mac-ce", "x-mac-centraleurope", "x-mac-centeuro", "mac-centraleurope", "maccentraleurope":
            return Label(reported: name, source: "MAC-CENTRALEUROPE")
        case "maciceland", "x-mac-icelandic", "x-mac-iceland", "macicelandic", "mac-icelandic":
            return Label(reported: name, source: "MAC-IS")
        case "macintosh", "macroman", "mac", "x-mac-roman", "mac-roman", "x-mac", "csmacintosh":
            return Label(reported: name, source: "MACINTOSH")
        case "maccyrillic", "x-mac-cyrillic", "mac-cyrillic": return Label(reported: name, source: "MAC-CYRILLIC")
        case "x-mac-ukrainian", "macukrainian", "mac-ukrainian": return Label(reported: name, source: "MAC-UK")
        // glibc's iconv has no MacGreek: a built-in table then (`SingleByteTable`).
        case "x-mac-greek", "macgreek", "mac-greek", "x-macgreek", "macintosh-greek":
            return Label(reported: name, source: "MACGREEK")
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
              let k = Self.firstRange(of: Self.encodingKey, in: b[..<end])
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
        guard let k = Self.firstRange(of: Self.encodingKey, in: decl[...]) else { return nil }
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

    static let encodingKey: [UInt8] = Array("encoding".utf8)

    /// Where `needle` first occurs in `hay`: a plain byte search (the standard library's generic
    /// `firstRange(of:)` took a tenth of the time spent on a small feed).
    static func firstRange(of needle: [UInt8], in hay: ArraySlice<UInt8>) -> Range<Int>? {
        guard let first = needle.first, hay.count >= needle.count else { return nil }
        var i = hay.startIndex
        let last = hay.endIndex - needle.count
        while i <= last {
            if hay[i] == first, hay[i..<(i + needle.count)].elementsEqual(needle) { return i..<(i + needle.count) }
            i += 1
        }
        return nil
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

// MARK: - Guessing an undeclared legacy charset

extension EncodingSniffer {
    /// A guess at the charset of a document that declares none, is served without one and is not UTF-8,
    /// from the non-ASCII bytes of its first `guessWindow` bytes (16 KiB), however it was cut into chunks
    /// (the transcoder records them as they pass, see `Transcoder`); nil keeps the windows-1252 fallback.
    ///
    /// Deliberately narrow (no statistical model like chardet's): the CJK multi-byte charsets are
    /// recognised by their byte structure plus the most frequent characters of each language, and Thai
    /// (TIS-620) and Hebrew (windows-1255) by their letters standing in words of their own (Western
    /// European text has its accented letters inside words of ASCII letters), and Cyrillic (windows-1251,
    /// KOI8-R, ISO-8859-5, IBM866) by letter frequencies (`guessCyrillic`); anything unclear stays
    /// windows-1252, as before.
    static func guessLegacy(_ whole: [UInt8]) -> (label: String, reported: String)? {
        let head = whole.count > guessWindow ? Array(whole[..<guessWindow]) : whole
        var high = 0
        for b in head where b >= 0x80 { high += 1 }
        guard high >= 8 else { return nil }
        if isUTF8Prefix(head) { return nil }

        // Multi-byte: structure, then which language's frequent characters occur. Two-byte walk (EUC-JP's
        // rare three-byte form and Shift_JIS's half-width kana make their check fail: not guessed).
        var kana = 0, sjisKana = 0, gbHits = 0, big5Hits = 0, krHits = 0, lowTrail = 0, lowLead = 0, pairs = 0
        var eucOK = true, big5OK = true, sjisOK = true, gbOK = true
        var i = 0
        let n = head.count
        while i + 1 < n {
            let b = head[i]
            if b < 0x80 { i += 1; continue }
            let t = head[i + 1]
            pairs += 1
            let code = UInt16(b) << 8 | UInt16(t)
            let euc = (0xA1...0xFE).contains(t)
            // EUC-JP / EUC-KR / GB2312: both bytes A1…FE (EUC-JP also 8E then A1…DF).
            if !((0xA1...0xFE).contains(b) && euc) && !(b == 0x8E && (0xA1...0xDF).contains(t)) { eucOK = false }
            if b == 0xA4 || b == 0xA5 { kana += 1 }
            // Big5: A1…F9 then 40…7E or A1…FE.
            if !((0xA1...0xF9).contains(b) && ((0x40...0x7E).contains(t) || euc)) { big5OK = false }
            // GBK/GB18030 (two-byte form): 81…FE then 40…7E or 80…FE.
            if !((0x40...0x7E).contains(t) || (0x80...0xFE).contains(t)) || b == 0xFF { gbOK = false }
            // Shift_JIS: 81…9F or E0…FC then 40…7E or 80…FC; hiragana 82 9F…F1, katakana 83 40…96.
            if !(((0x81...0x9F).contains(b) || (0xE0...0xFC).contains(b)) && ((0x40...0x7E).contains(t) || (0x80...0xFC).contains(t))) {
                sjisOK = false
            } else if b == 0x82 || b == 0x83 {
                sjisKana += 1
            }
            if (0x40...0x7E).contains(t) { lowTrail += 1 }
            if b < 0xA1 { lowLead += 1 }
            if code >= frequentBase, code < frequentEnd {
                let f = frequent[Int(code - frequentBase)]
                gbHits += Int(f & 1)
                big5Hits += Int(f >> 1 & 1)
                krHits += Int(f >> 2 & 1)
            }
            i += 2
        }
        if pairs >= 4 {
            if eucOK, kana * 10 >= pairs * 3 { return ("euc-jp", "euc-jp") }
            if sjisOK, sjisKana * 10 >= pairs * 3 { return ("shift_jis", "shift_jis") }
            let hits = max(gbHits, big5Hits, krHits)
            if hits * 20 >= pairs {
                if big5OK, big5Hits == hits, lowLead == 0 { return ("big5", "big5") }
                if eucOK, krHits == hits { return ("euc-kr", "euc-kr") }
                if gbOK, gbHits == hits { return ("gb18030", "gb18030") }
            }
            if big5OK, lowTrail * 10 >= pairs, lowLead == 0, big5Hits > 0 { return ("big5", "big5") }
        }

        // Single-byte scripts: letters that stand in words of their own.
        var nextToLatin = 0, thaiConsonants = 0, thaiMarks = 0, thaiUnassigned = 0, hebrew = 0, notHebrew = 0
        for k in 0..<n where head[k] >= 0x80 {
            let b = head[k]
            let before = k > 0 ? head[k - 1] : 0x20
            let after = k + 1 < n ? head[k + 1] : 0x20
            if HTMLText.isAlnum(before) && !DateParser.isDigit(before) || HTMLText.isAlnum(after) && !DateParser.isDigit(after) {
                nextToLatin += 1
            }
            if (0xD1...0xDA).contains(b) || (0xE7...0xEC).contains(b) { thaiMarks += 1 }
            if (0xDB...0xDE).contains(b) || b >= 0xFC { thaiUnassigned += 1 }
            if (0xA1...0xC0).contains(b) { thaiConsonants += 1 }
            if (0xE0...0xFA).contains(b) { hebrew += 1 }
            // Cyrillic capitals and ы ь э ю я, Greek accented vowels: letters that Hebrew has not.
            if (0xC0...0xDF).contains(b) || b >= 0xFB { notHebrew += 1 }
        }
        guard nextToLatin * 5 < high else { return nil }
        // TIS-620: consonants ก…ภ (A1…C0; punctuation in the Arabic and Cyrillic code pages) and the
        // vowel and tone marks that follow them; DB…DE and FC…FF are unassigned.
        if thaiUnassigned == 0, thaiConsonants * 5 >= high, thaiMarks * 5 >= high, hebrew * 2 < high {
            return ("tis-620", "tis-620")
        }
        // windows-1255: the Hebrew letters are E0…FA, and nothing much else is used.
        if hebrew * 10 >= high * 9, notHebrew * 20 < high { return ("windows-1255", "windows-1255") }
        if let cyrillic = guessCyrillic(head, high: high) { return (cyrillic, cyrillic) }
        return nil
    }

    /// The Cyrillic code pages told apart: the same text is a different string of letters in each (`о` is
    /// EE in windows-1251, CF in KOI8-R, DE in ISO-8859-5, AE in IBM866), and only the right one gives
    /// Russian's letter frequencies with capitals rare. Each candidate scores the bytes ≥ 0x80 by the
    /// frequency of the letter they stand for there (a capital counts a fifth, a byte that is no letter
    /// nothing); the best wins if its letters read like Russian (on average at least `minScore` per mille,
    /// where Russian text scores about 55 and other scripts read through a Cyrillic table about 25 or less).
    static func guessCyrillic(_ head: [UInt8], high: Int) -> String? {
        var histogram = [Int](repeating: 0, count: 128)
        for b in head where b >= 0x80 { histogram[Int(b) - 0x80] += 1 }
        var best: (name: String, score: Int, letters: Int)?
        for (name, letter) in cyrillicCandidates {
            var score = 0, letters = 0
            for k in 0..<128 where histogram[k] > 0 {
                guard let (index, capital) = letter(UInt8(k + 0x80)) else { continue }
                letters += histogram[k]
                score += histogram[k] * Int(russianFrequency[index]) / (capital ? 5 : 1)
            }
            if score > best?.score ?? 0 { best = (name, score, letters) }
        }
        guard let best, best.letters * 10 >= high * 9, best.score >= best.letters * minScore else { return nil }
        return best.name
    }

    static let minScore = 40

    /// Russian letter frequencies per mille, in the order `а`…`я`, then `ё`.
    static let russianFrequency: [UInt8] = [
        80, 16, 45, 17, 30, 85, 9, 16, 74, 12, 35, 44, 32, 67, 110, 28, 47, 55, 63, 26, 3, 10, 5, 14, 7, 4, 1, 19,
        17, 3, 6, 20, 1,
    ]

    /// KOI8-R's lower-case letters C0…DF (the capitals E0…FF follow the same order), by index in `а`…`я`.
    static let koi8Order: [Int] = "юабцдефгхийклмнопярстужвьызшэщчъ".unicodeScalars.map { Int($0.value) - 0x430 }

    /// Per candidate: the letter a byte stands for (index in `а`…`я`, 32 for `ё`) and whether it is a capital.
    static let cyrillicCandidates: [(String, @Sendable (UInt8) -> (Int, Bool)?)] = [
        ("windows-1251", { b in
            switch b {
            case 0xC0...0xDF: return (Int(b - 0xC0), true)
            case 0xE0...0xFF: return (Int(b - 0xE0), false)
            case 0xA8: return (32, true)
            case 0xB8: return (32, false)
            default: return nil
            }
        }),
        ("koi8-r", { b in
            switch b {
            case 0xC0...0xDF: return (koi8Order[Int(b - 0xC0)], false)
            case 0xE0...0xFF: return (koi8Order[Int(b - 0xE0)], true)
            case 0xB3: return (32, true)
            case 0xA3: return (32, false)
            default: return nil
            }
        }),
        ("iso-8859-5", { b in
            switch b {
            case 0xB0...0xCF: return (Int(b - 0xB0), true)
            case 0xD0...0xEF: return (Int(b - 0xD0), false)
            case 0xA1: return (32, true)
            case 0xF1: return (32, false)
            default: return nil
            }
        }),
        ("ibm866", { b in
            switch b {
            case 0x80...0x9F: return (Int(b - 0x80), true)
            case 0xA0...0xAF: return (Int(b - 0xA0), false)
            case 0xE0...0xEF: return (Int(b - 0xE0) + 16, false)
            case 0xF0: return (32, true)
            case 0xF1: return (32, false)
            default: return nil
            }
        }),
    ]

    /// Whether the bytes are UTF-8, allowing a sequence cut off at the end.
    static func isUTF8Prefix(_ b: [UInt8]) -> Bool {
        var end = b.count
        var k = 0
        while end > 0, k < 3, b[end - 1] >= 0x80 { end -= 1; k += 1 }
        return b.withUnsafeBufferPointer { String(validating: UnsafeBufferPointer(rebasing: $0[..<end]), as: UTF8.self) != nil }
    }

    /// `gbFrequent` (bit 0), `big5Frequent` (bit 1) and `koreanFrequent` (bit 2) as one table indexed by
    /// `code - frequentBase`: a load per pair instead of three hashed set lookups.
    static let frequentBase: UInt16 = 0xA000
    static let frequentEnd: UInt16 = 0xD800
    static let frequent: [UInt8] = {
        var t = [UInt8](repeating: 0, count: Int(frequentEnd - frequentBase))
        for (bit, set) in [(UInt8(1), gbFrequent), (2, big5Frequent), (4, koreanFrequent)] {
            for code in set {
                precondition(code >= frequentBase && code < frequentEnd)
                t[Int(code - frequentBase)] |= bit
            }
        }
        return t
    }()

    /// The most frequent characters of Chinese (GB2312 and Big5 codes) and Korean (EUC-KR), made with
    /// Python's codecs from a list of the 100 most common hanzi and 50 most common Hangul syllables.
    static let gbFrequent: Set<UInt16> = [
        0xB1BE, 0xB2BB, 0xB2BF, 0xB3C9, 0xB3F6, 0xB4D3, 0xB4F3, 0xB5AB, 0xB5B1, 0xB5BD, 0xB5C0, 0xB5C3, 0xB5C4,
        0xB5D8, 0xB6A8, 0xB6AF, 0xB6BC, 0xB6D4, 0xB6E0, 0xB6F8, 0xB7A2, 0xB7A8, 0xB7BD, 0xB7D6, 0xB8F6, 0xB9FA,
        0xB9FD, 0xBAC3, 0xBACD, 0xBAF3, 0xBBB9, 0xBBE1, 0xBCD2, 0xBDF8, 0xBEAD, 0xBECD, 0xBFAA, 0xBFB4, 0xBFC9,
        0xC0B4, 0xC0ED, 0xC0EF, 0xC1CB, 0xC3B4, 0xC3BB, 0xC3C7, 0xC3E6, 0xC4C7, 0xC4DC, 0xC4E3, 0xC4EA, 0xC6E4,
        0xC6F0, 0xC7B0, 0xC8A5, 0xC8BB, 0xC8CB, 0xC8D5, 0xC8E7, 0xC9CF, 0xC9FA, 0xCAB1, 0xCAB5, 0xCAC2, 0xCAC7,
        0xCBB5, 0xCBF9, 0xCBFB, 0xCBFD, 0xCCEC, 0xCDAC, 0xCEAA, 0xCED2, 0xCFC2, 0xCFD6, 0xCFEB, 0xD0A1, 0xD0A9,
        0xD0C2, 0xD0C4, 0xD0D0, 0xD1A7, 0xD1F9, 0xD2AA, 0xD2B2, 0xD2BB, 0xD2D4, 0xD2F2, 0xD3C3, 0xD3D0, 0xD3DA,
        0xD4DA, 0xD5E2, 0xD6AE, 0xD6BB, 0xD6D0, 0xD6D6, 0xD6F7, 0xD7C5, 0xD7D3, 0xD7D4, 0xD7F7,
    ]
    static let big5Frequent: Set<UInt16> = [
        0xA440, 0xA446, 0xA448, 0xA455, 0xA457, 0xA45D, 0xA46A, 0xA46C, 0xA470, 0xA4A3, 0xA4A4, 0xA4A7, 0xA4C0,
        0xA4D1, 0xA4DF, 0xA4E8, 0xA4E9, 0xA544, 0xA548, 0xA54C, 0xA558, 0xA568, 0xA569, 0xA575, 0xA5BB, 0xA5CD,
        0xA5CE, 0xA650, 0xA65D, 0xA661, 0xA662, 0xA668, 0xA66E, 0xA66F, 0xA670, 0xA67E, 0xA6A8, 0xA6B3, 0xA6D3,
        0xA6DB, 0xA6E6, 0xA6FD, 0xA740, 0xA741, 0xA7DA, 0xA853, 0xA8BA, 0xA8C6, 0xA8C7, 0xA8D3, 0xA8E4, 0xA8EC,
        0xA94D, 0xA977, 0xA9D2, 0xA9F3, 0xAA6B, 0xAABA, 0xAB65, 0xABE1, 0xAC4F, 0xACB0, 0xACDD, 0xAD6E, 0xADB1,
        0xADCC, 0xADD3, 0xAE61, 0xAEC9, 0xAFE0, 0xB05F, 0xB0CA, 0xB0EA, 0xB16F, 0xB171, 0xB27A, 0xB27B, 0xB36F,
        0xB3A1, 0xB3A3, 0xB44E, 0xB54D, 0xB56F, 0xB5DB, 0xB669, 0xB67D, 0xB751, 0xB773, 0xB77C, 0xB7ED, 0xB867,
        0xB8CC, 0xB944, 0xB94C, 0xB9EA, 0xB9EF, 0xBAD8, 0xBBA1, 0xBBF2, 0xBCCB, 0xBEC7, 0xC1D9,
    ]
    static let koreanFrequent: Set<UInt16> = [
        0xB0A1, 0xB0CD, 0xB0D4, 0xB0ED, 0xB1D7, 0xB1E2, 0xB3AA, 0xB4C2, 0xB4D9, 0xB4EB, 0xB5B5, 0xB5C7, 0xB5E9,
        0xB6F3, 0xB7CE, 0xB8AE, 0xB8B8, 0xB8E9, 0xBAB8, 0xBACE, 0xBBE7, 0xBBF3, 0xBCAD, 0xBCF6, 0xBDC3, 0xBEC6,
        0xBEEE, 0xBFA1, 0xBFE4, 0xC0BB, 0xC0C7, 0xC0CC, 0xC0CE, 0xC0CF, 0xC0D6, 0xC0DA, 0xC0FC, 0xC1A4, 0xC1D6,
        0xC1F6, 0xC7CF, 0xC7D1, 0xC7D8,
    ]
}
