/// Decides how a document's bytes are to be decoded, from its first bytes and the HTTP charset.
///
/// Precedence is BOM > XML declaration > HTTP `charset` > UTF-8 (Newsboat's order; XML 1.0 Appendix F
/// and RFC 7303 §3 agree that in-document information wins for XML media types in practice). libxml2
/// itself handles the BOM and the declaration; only the HTTP charset of a document that declares no
/// encoding has to be handed to it.
struct EncodingSniffer {
    /// What to tell libxml2, and what to report.
    struct Decision: Equatable {
        /// The charset the document is read in, lower case, as reported in `ParsedFeed.encoding`.
        var reported: String
        /// A charset libxml2 must be switched to before parsing (only from the HTTP header).
        var forceCharset: String?
        /// Bytes to drop from the front (white space or junk before `<?xml`).
        var skip: Int
        /// A problem to record about the prefix.
        var problem: String?
    }

    /// How many bytes are held back at most before deciding.
    static let limit = 1024

    /// Whether `head` is enough to decide: the XML declaration (if any) is complete, or `limit` reached.
    static func isEnough(_ head: [UInt8]) -> Bool {
        if head.count >= limit { return true }
        guard head.count >= 4 else { return false }
        if head[0] == 0xFE || head[0] == 0xFF || head[0] == 0 || head[1] == 0 { return true }
        // Past any BOM and leading white space, the first `>` closes the declaration or the first tag.
        return head.contains(UInt8(ascii: ">"))
    }

    static func decide(_ head: [UInt8], contentType: String?) -> Decision {
        let b = head
        // Byte order marks (XML 1.0 Appendix F.1): libxml2 detects them itself.
        if b.count >= 2, b[0] == 0xFF, b[1] == 0xFE { return Decision(reported: "utf-16le", skip: 0) }
        if b.count >= 2, b[0] == 0xFE, b[1] == 0xFF { return Decision(reported: "utf-16be", skip: 0) }
        if b.count >= 4, b[0] == 0x3C, b[1] == 0, b[2] == 0x3F, b[3] == 0 { return Decision(reported: "utf-16le", skip: 0) }
        if b.count >= 4, b[0] == 0, b[1] == 0x3C, b[2] == 0, b[3] == 0x3F { return Decision(reported: "utf-16be", skip: 0) }
        var start = 0
        var bom = false
        if b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { start = 3; bom = true }

        // Anything before the first `<` cannot be parsed: white space before `<?xml` is a fatal error in
        // libxml2 ("XML declaration allowed only at the start"), and some servers emit a stray newline.
        var skip = 0
        var problem: String?
        if let lt = b[start...].firstIndex(of: UInt8(ascii: "<")), lt > start {
            let junk = b[start..<lt]
            let isDecl = b[lt...].starts(with: Array("<?xml".utf8))
            if isDecl || !junk.allSatisfy(HTMLText.isSpace) {
                skip = lt - start
                problem = junk.allSatisfy(HTMLText.isSpace)
                    ? "1:1: white space before the XML declaration ignored"
                    : "1:1: \(junk.count) bytes of junk before the first tag ignored"
            }
        }
        let declStart = start + skip
        if bom {
            // The BOM decides UTF-8 whatever the declaration says (XML 1.0 Appendix F.1); libxml2 agrees.
            return Decision(reported: "utf-8", skip: skip, problem: problem)
        }
        if let declared = declaredEncoding(b, from: declStart) {
            let name = declared.lowercased()
            // libxml2 honours the declaration itself; the header's charset is ignored (declaration wins).
            return Decision(reported: name == "utf8" ? "utf-8" : name, skip: skip, problem: problem)
        }
        if let charset = charset(of: contentType), !isUTF8(charset) {
            return Decision(reported: charset, forceCharset: charset, skip: skip, problem: problem)
        }
        return Decision(reported: "utf-8", skip: skip, problem: problem)
    }

    static func isUTF8(_ charset: String) -> Bool {
        charset == "utf-8" || charset == "utf8" || charset == "us-ascii" || charset == "ascii"
    }

    /// The `encoding` pseudo-attribute of an XML declaration starting at `i`, if present.
    static func declaredEncoding(_ b: [UInt8], from i: Int) -> String? {
        guard b[i...].starts(with: Array("<?xml".utf8)) else { return nil }
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
            if v.hasPrefix("\""), v.hasSuffix("\""), v.count >= 2 { v = String(v.dropFirst().dropLast()) }
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
