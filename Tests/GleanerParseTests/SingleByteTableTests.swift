#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import GleanerParse

/// Single-byte charsets are read from a table made from iconv (`SingleByteTable.derived(from:)`) instead of
/// through iconv for every document: the table must give exactly what iconv gives, byte for byte, and must
/// not be made for charsets where a byte is not a character on its own.
@Suite struct SingleByteTableTests {
    /// iconv's own reading of `bytes`, each invalid byte as U+FFFD (as `Transcoder.convertIconv` does).
    static func iconvReading(_ bytes: [UInt8], _ name: String) -> [UInt8]? {
        guard let cd = iconv_open("UTF-8", name), Int(bitPattern: cd) != -1 else { return nil }
        defer { iconv_close(cd) }
        var result = [UInt8]()
        var input = bytes
        var output = [UInt8](repeating: 0, count: bytes.count * 4 + 16)
        input.withUnsafeMutableBytes { inRaw in
            output.withUnsafeMutableBytes { outRaw in
                var inPtr: UnsafeMutablePointer<CChar>? = inRaw.baseAddress!.assumingMemoryBound(to: CChar.self)
                var inLeft = inRaw.count
                while inLeft > 0 {
                    var outPtr: UnsafeMutablePointer<CChar>? = outRaw.baseAddress!.assumingMemoryBound(to: CChar.self)
                    var outLeft = outRaw.count
                    let r = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                    result += outRaw[..<(outRaw.count - outLeft)]
                    if r != -1 { break }
                    result += [0xEF, 0xBF, 0xBD]
                    inPtr = inPtr! + 1
                    inLeft -= 1
                }
            }
        }
        return result
    }

    /// What the transcoder makes of `bytes` read in `name`, pushed in chunks of `chunk` bytes.
    static func transcoded(_ bytes: [UInt8], _ name: String, chunk: Int) -> (out: [UInt8], invalid: Int)? {
        guard let t = Transcoder(source: name, reported: name.lowercased()) else { return nil }
        var out = [UInt8]()
        var i = 0
        while i < bytes.count {
            let end = min(bytes.count, i + chunk)
            bytes[i..<end].withUnsafeBytes { t.convert($0, final: end == bytes.count) { out += $0 } }
            i = end
        }
        return (out, t.invalidSequences)
    }

    static let singleByte = [
        "CP1250", "CP1251", "CP1252", "CP1253", "CP1254", "CP1256", "CP1257",
        "ISO-8859-1", "ISO-8859-2", "ISO-8859-5", "ISO-8859-6", "ISO-8859-7", "ISO-8859-8", "ISO-8859-9",
        "ISO-8859-15", "KOI8-R", "KOI8-U", "IBM437", "IBM850", "IBM866", "MACINTOSH", "TIS-620",
    ]

    @Test(arguments: singleByte)
    func tableReadsAsIconvDoes(name: String) throws {
        let table = try #require(SingleByteTable.derived(from: name), "\(name) should be single-byte")
        // Every byte, in text with ASCII around it, then the same in a different order.
        var bytes = [UInt8]()
        for b in 0..<256 { bytes += [UInt8(ascii: "<"), UInt8(b), UInt8(ascii: "a")] }
        bytes += (0..<256).reversed().map { UInt8($0) }
        let expected = xmlAllowed(try #require(Self.iconvReading(bytes, name)))
        let unassigned = table.high.filter { $0 == SingleByteTable.unassigned }.count
        for chunk in [1, 7, 4096] {
            let got = try #require(Self.transcoded(bytes, name, chunk: chunk))
            #expect(got.out == expected, "\(name), chunks of \(chunk)")
            #expect(got.invalid == 2 * unassigned, "\(name): each unassigned byte counted")
        }
    }

    /// Charsets where a byte is not a character by itself (multi-byte, stateful, not ASCII below 0x80, or,
    /// as glibc reads windows-1255 and windows-1258, a letter held back for a combining mark that may follow)
    /// get no table: iconv reads them.
    @Test(arguments: ["SHIFT_JIS", "EUC-JP", "GB18030", "BIG5", "EUC-KR", "UTF-16", "UTF-7", "ISO-2022-JP", "IBM037",
                      "UTF-8", "CP1255", "CP1258"])
    func noTableForOtherCharsets(name: String) {
        #expect(SingleByteTable.derived(from: name) == nil, "\(name)")
    }

    /// windows-1252 leaves 0x81, 0x8D, 0x8F, 0x90 and 0x9D unassigned: U+FFFD each, counted.
    @Test func unassignedBytesBecomeReplacementCharacters() throws {
        let bytes: [UInt8] = Array("caf".utf8) + [0xE9, 0x81, 0x20, 0x93, 0x9D, 0x94]
        let got = try #require(Self.transcoded(bytes, "CP1252", chunk: 4096))
        #expect(String(decoding: got.out, as: UTF8.self) == "café\u{FFFD} “\u{FFFD}”")
        #expect(got.invalid == 2)
    }
}
