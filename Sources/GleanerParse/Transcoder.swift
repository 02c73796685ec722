#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CTextScan
import Synchronization

/// Turns the document's bytes into UTF-8 before libxml2 sees them, chunk by chunk.
///
/// Why Gleaner decodes instead of libxml2: libxml2 stops at the first invalid UTF-8 sequence ("Input is
/// not proper UTF-8") and loses the rest of the document; it rejects declared names such as `437`; it has
/// no UTF-32 without iconv quirks; and it cannot change its mind when a document served as UTF-8 turns out
/// to be windows-1256. Here:
///
/// - UTF-8 input is validated in place (ASCII and two-byte text a word at a time, and, once valid
///   non-ASCII UTF-8 has been seen, 32-byte blocks with AVX2 in C: `gleaner_utf8_valid_prefix`)
///   and passed through without a copy when valid; each invalid sequence becomes U+FFFD (WHATWG "maximal
///   subpart" rule) and is reported.
/// - When the decision allows a `fallback` (the charset was a guess, or the HTTP header and the
///   declaration disagree) and the first invalid sequence comes before any valid non-ASCII character, the
///   rest of the document is read in the fallback charset instead: what was read so far was ASCII, which
///   both charsets agree on.
/// - When that fallback is to be guessed (no charset given anywhere, `Fallback.guess`), the guess is
///   made on the document's first `EncodingSniffer.guessWindow` bytes, recorded as they pass: if the
///   first invalid sequence comes before they are all in, the rest is held back (`held`) until they are
///   or the document ends. So the guess does not depend on how the document was cut into chunks, and
///   ASCII is not delayed.
/// - Any other charset goes through iconv; an unconvertible byte becomes U+FFFD and is reported. A
///   single-byte charset is decoded from a table instead (`SingleByteTable`): made from iconv once per
///   process when iconv has it (`ConverterPins.singleByteTable`), built in for the one feeds use that glibc
///   lacks (MacGreek).
///
/// A multi-byte sequence cut by a chunk boundary is carried to the next chunk.
final class Transcoder {
    /// The charset the document is being read in, as reported (lower case).
    private(set) var reported: String
    private var cd: iconv_t?
    /// Set instead of `cd` for a charset decoded from a built-in table.
    private var table: SingleByteTable?
    private var fallback: Fallback?
    /// The document's first bytes, recorded while the fallback is still to be guessed (see `Fallback.guess`).
    private var window: [UInt8]?
    /// The bytes from the first invalid sequence on, while the guess waits for the rest of `window`.
    private var held: [UInt8]?
    /// Set when the document was served in a legacy charset but is read as UTF-8 first: the name to
    /// report once a valid non-ASCII UTF-8 character confirms it.
    var confirmedUTF8Message: String?
    private var sawNonASCII = false
    private var carry: [UInt8] = []
    private var out: [UInt8] = []
    private(set) var invalidSequences = 0
    /// Called once when the fallback is taken, and for the first invalid sequence.
    var report: (_ message: String, _ malformed: Bool) -> Void = { _, _ in }

    /// The charset to read the rest in when UTF-8 fails before any non-ASCII character.
    struct Fallback {
        var iconvName: String
        var reported: String
        /// Whether taking it makes the document malformed (no charset given anywhere: a guess).
        var malformed: Bool
        /// Reported when taken (nil: taking it is the expected outcome, e.g. the declared charset).
        var message: String?
        /// The charset is to be guessed from the document's first bytes (`EncodingSniffer.guessedFallback`);
        /// this fallback is the one taken when the guess gives nothing.
        var guess = false
    }

    /// - Parameters:
    ///   - source: an iconv name, or nil for UTF-8.
    ///   - fallback: the charset to switch to if the UTF-8 reading fails before any non-ASCII character.
    init?(source: String?, reported: String, fallback: Fallback? = nil) {
        self.reported = reported
        self.fallback = fallback
        if fallback?.guess == true { window = [] }
        if let source, !useDecoder(source) { return nil }
    }

    deinit { if let cd { iconv_close(cd) } }

    static func open(_ name: String) -> iconv_t? {
        let c = iconv_open("UTF-8", name)
        if c == nil || Int(bitPattern: c) == -1 { return nil }
        ConverterPins.shared.pin(name)
        return c
    }

    /// Whether `name` can be read: by iconv, or from a built-in table.
    static func supports(_ name: String) -> Bool {
        if SingleByteTable.named(name) != nil { return true }
        guard let c = open(name) else { return false }
        iconv_close(c)
        return true
    }

    /// Reads the rest with `name`: iconv's decoder, else a built-in table. False when neither exists.
    private func useDecoder(_ name: String) -> Bool {
        // A single-byte charset that iconv has is read from its table (made from iconv once per process).
        if let t = ConverterPins.shared.singleByteTable(name) {
            table = t
            return true
        }
        if let c = Self.open(name) {
            cd = c
            return true
        }
        guard let t = SingleByteTable.named(name) else { return false }
        table = t
        return true
    }

    /// Converts `input` (and any carried bytes) and hands UTF-8 pieces to `emit`, in order. Characters XML
    /// does not allow become U+FFFD on the way out (`emitXMLChars`), whatever the charset.
    func convert(_ input: UnsafeRawBufferPointer, final: Bool, _ emit: (UnsafeRawBufferPointer) -> Void) {
        withoutActuallyEscaping(emit) { emit in
            let out: (UnsafeRawBufferPointer) -> Void = { self.emitXMLChars($0, emit) }
            if window != nil { record(input) }
            if held != nil {
                hold(input, final: final, out)
            } else if cd == nil, table == nil {
                convertUTF8(input, final: final, out)
            } else {
                convertLegacy(input, final: final, out)
            }
        }
    }

    /// Characters XML does not allow (a C0 control other than tab, LF and CR; U+FFFE, U+FFFF) replaced so far.
    private(set) var disallowedCharacters = 0

    /// Hands `piece` (whole UTF-8 characters) to `emit`, each character XML 1.0 does not allow replaced
    /// with U+FFFD, and the first reported: libxml2 treats one as a fatal error and drops the rest of the
    /// document (a NUL in a CDATA section kept 1 of 11 items). The check is 32 bytes a block with AVX2
    /// (`gleaner_xml_char_stop`, CTextScan), over bytes just written or validated, so still in cache.
    private func emitXMLChars(_ piece: UnsafeRawBufferPointer, _ emit: (UnsafeRawBufferPointer) -> Void) {
        guard let p = piece.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        let n = piece.count
        var stop = gleaner_xml_char_stop(p, 0, n)
        if stop == n {
            emit(piece)
            return
        }
        var start = 0
        while stop < n {
            if stop > start { emit(UnsafeRawBufferPointer(start: p + start, count: stop - start)) }
            let c = p[stop]
            disallowedCharacters += 1
            if disallowedCharacters == 1 {
                let code = c < 0x20 ? UInt32(c) : 0xFFFE + UInt32(p[stop + 2] & 1)
                let hex = String(code, radix: 16, uppercase: true)
                report("character not allowed in XML (U+\(String(repeating: "0", count: max(0, 4 - hex.count)) + hex)) replaced with U+FFFD", true)
            }
            Self.replacement.withUnsafeBytes { emit($0) }
            start = stop + (c < 0x20 ? 1 : 3)
            stop = gleaner_xml_char_stop(p, start, n)
        }
        if n > start { emit(UnsafeRawBufferPointer(start: p + start, count: n - start)) }
    }

    /// Whether bytes are held back for the guess (nothing of them has been emitted yet).
    var isHolding: Bool { held != nil }

    // MARK: - Guessing the fallback

    /// Adds the start of `input` to `window`; once it is complete, and nothing waits for it, the guess is
    /// made there and then, and the window dropped.
    private func record(_ input: UnsafeRawBufferPointer) {
        guard var w = window else { return }
        window = nil
        let room = EncodingSniffer.guessWindow - w.count
        w.append(contentsOf: input.prefix(room))
        window = w
        if w.count >= EncodingSniffer.guessWindow, held == nil { fallback = guessed() }
    }

    /// The fallback to take: the guess from `window` (dropped then), else the default.
    private func guessed() -> Fallback? {
        guard let fb = fallback, fb.guess else { return fallback }
        let w = window ?? []
        window = nil
        if let g = EncodingSniffer.guessedFallback(w) { return g }
        var plain = fb
        plain.guess = false
        return plain
    }

    /// Holds `input` back until the window is complete or the document ends, then decodes all that was held.
    private func hold(_ input: UnsafeRawBufferPointer, final: Bool, _ emit: (UnsafeRawBufferPointer) -> Void) {
        held?.append(contentsOf: input)
        guard final || (window?.count ?? Int.max) >= EncodingSniffer.guessWindow, let bytes = held else { return }
        held = nil
        let fb = guessed()
        fallback = nil
        if let fb, useDecoder(fb.iconvName) {
            reported = fb.reported
            if let m = fb.message { report(m, fb.malformed) }
            bytes.withUnsafeBytes { convertLegacy($0, final: final, emit) }
        } else {
            bytes.withUnsafeBytes { convertUTF8($0, final: final, emit) }
        }
    }

    // MARK: - UTF-8

    private static let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]

    private func convertUTF8(_ input: UnsafeRawBufferPointer, final: Bool, _ emit: (UnsafeRawBufferPointer) -> Void) {
        var input = input
        // Complete a sequence cut at the end of the previous chunk with as few bytes as it needs; what
        // is left of it (a new incomplete sequence) goes round again.
        while !carry.isEmpty {
            var joined = carry
            carry = []
            let need = Self.sequenceLength(joined[0])
            let take = min(max(need - joined.count, 0), input.count)
            joined.append(contentsOf: input.prefix(take))
            input = UnsafeRawBufferPointer(rebasing: input[take...])
            let last = input.isEmpty && final
            if joined.count < need, input.isEmpty, !final {
                carry = joined
                return
            }
            let switched = joined.withUnsafeBytes { j -> Bool in
                processUTF8(j, final: last, emit)
            }
            if switched {
                if held != nil {
                    hold(input, final: final, emit)
                } else {
                    convertLegacy(input, final: final, emit)
                }
                return
            }
            if input.isEmpty && carry.isEmpty { return }
        }
        if processUTF8(input, final: final, emit) { return }
    }

    /// Returns true when it switched to the fallback charset (and converted the rest of `input` with it).
    @discardableResult
    private func processUTF8(_ input: UnsafeRawBufferPointer, final: Bool,
                             _ emit: (UnsafeRawBufferPointer) -> Void) -> Bool {
        guard let base = input.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return false }
        let n = input.count
        var start = 0
        var i = 0
        while i < n {
            let known = sawNonASCII
            // Once a valid non-ASCII character has been seen (before, the first one must reach the careful
            // check below, which drops the fallback), the valid prefix of what is left in one call, 32
            // bytes a block with AVX2 (`gleaner_utf8_valid_prefix`, CTextScan). It ends on a character
            // boundary and looks at no byte before `i`, so it also holds right after a replaced lone lead.
            // It stops at the block holding an error or before the last partial block: the code below
            // takes it from there, a word at a time, as it does everything on the way to the first
            // non-ASCII character. (A sixteen-byte Swift loop for two-byte text sat here before; with the C
            // check in front it only ever saw those leftovers.)
            if known, n - i >= 64 {
                i += gleaner_utf8_valid_prefix(base + i, n - i)
                if i >= n { break }
            }
            // Eight bytes at a time while they are ASCII or two-byte sequences (Arabic, Cyrillic, Greek,
            // Hebrew, accented Latin): SWAR, without a branch per character (see `swar2`).
            var pendingLead = false
            // Runs of plain ASCII (markup, English text) 32 bytes at a time: what `swar2` would accept.
            while i + 32 <= n {
                let r = UnsafeRawPointer(base + i)
                let any = r.loadUnaligned(as: UInt64.self) | r.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                    | r.loadUnaligned(fromByteOffset: 16, as: UInt64.self) | r.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
                if any & 0x8080_8080_8080_8080 != 0 { break }
                i += 32
            }
            while i + 8 <= n {
                let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                guard let lead = Self.swar2(w, carry: pendingLead, allowNonASCII: known) else { break }
                pendingLead = lead
                i += 8
            }
            // A lead byte at the end of the last word is checked again below, with what follows it.
            if pendingLead { i -= 1 }
            // The rest a few characters at a time, then back to words.
            let stop = min(n, i + 16)
            while i < stop {
                let c = base[i]
                if c < 0x80 {
                    i += 1
                } else if c >= 0xC2, c <= 0xDF, i + 1 < n, base[i + 1] & 0xC0 == 0x80, known {
                    i += 2
                } else if c >= 0xE1, c <= 0xEF, c != 0xED, i + 2 < n, base[i + 1] & 0xC0 == 0x80,
                          base[i + 2] & 0xC0 == 0x80, known {
                    i += 3
                } else {
                    break
                }
            }
            // Stopped early at something unusual: the careful check below decides about it.
            if i >= stop || i >= n { continue }
            if i >= n { break }
            let (len, valid) = Self.check(base + i, n - i)
            if valid {
                if !sawNonASCII {
                    sawNonASCII = true
                    fallback = nil
                    window = nil
                    if let m = confirmedUTF8Message {
                        reported = "utf-8"
                        report(m, false)
                    }
                }
                i += len
                continue
            }
            if len == 0 {
                // An incomplete sequence at the end of the chunk.
                if i > start { emit(UnsafeRawBufferPointer(start: base + start, count: i - start)) }
                if final {
                    invalid(emit)
                } else {
                    carry = Array(UnsafeBufferPointer(start: base + i, count: n - i))
                }
                return false
            }
            if !sawNonASCII, let fb = fallback, fb.guess {
                // The guess needs the rest of the window: hold everything from here until it is in.
                if i > start { emit(UnsafeRawBufferPointer(start: base + start, count: i - start)) }
                held = []
                hold(UnsafeRawBufferPointer(start: base + i, count: n - i), final: final, emit)
                return true
            }
            if !sawNonASCII, let fb = fallback, useDecoder(fb.iconvName) {
                if i > start { emit(UnsafeRawBufferPointer(start: base + start, count: i - start)) }
                reported = fb.reported
                fallback = nil
                if let m = fb.message { report(m, fb.malformed) }
                convertLegacy(UnsafeRawBufferPointer(start: base + i, count: n - i), final: final, emit)
                return true
            }
            fallback = nil
            if i > start { emit(UnsafeRawBufferPointer(start: base + start, count: i - start)) }
            invalid(emit)
            i += len
            start = i
        }
        if n > start { emit(UnsafeRawBufferPointer(start: base + start, count: n - start)) }
        return false
    }

    private func invalid(_ emit: (UnsafeRawBufferPointer) -> Void) {
        invalidSequences += 1
        if invalidSequences == 1 { report("invalid byte sequence replaced with U+FFFD", true) }
        Self.replacement.withUnsafeBytes { emit($0) }
    }

    /// Validates eight bytes (little-endian word) that hold only ASCII and two-byte sequences.
    /// `carry`: the previous word ended with a lead byte, so this one must start with a continuation.
    /// Returns whether this word ends with a lead byte, or nil when the word needs the careful path
    /// (three- or four-byte sequences, C0/C1 leads, a broken sequence, or any non-ASCII when not allowed).
    @inline(__always)
    static func swar2(_ w: UInt64, carry: Bool, allowNonASCII: Bool) -> Bool? {
        let h: UInt64 = 0x8080_8080_8080_8080
        let high = w & h
        if high == 0 { return carry ? nil : false }
        guard allowNonASCII else { return nil }
        let bit6 = (w << 1) & h
        let bit5 = (w << 2) & h
        if high & bit6 & bit5 != 0 { return nil }            // 111xxxxx: three- or four-byte lead
        let lead = high & bit6                                 // 110xxxxx
        let cont = high & ~bit6                                // 10xxxxxx
        // C0 and C1 are overlong leads: bits 4…1 all zero.
        let t = w & 0x1E1E_1E1E_1E1E_1E1E
        let zero = ~(((t & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | t | 0x7F7F_7F7F_7F7F_7F7F)
        if zero & lead != 0 { return nil }
        // Every continuation directly follows a lead, and every lead is followed by one.
        if cont != ((lead << 8) | (carry ? 0x80 : 0)) { return nil }
        return lead >> 56 != 0
    }

    static func sequenceLength(_ lead: UInt8) -> Int {
        switch lead {
        case 0xC2...0xDF: return 2
        case 0xE0...0xEF: return 3
        case 0xF0...0xF4: return 4
        default: return 1
        }
    }

    /// The sequence at `p` (first byte ≥ 0x80): (length, true) when valid; (0, false) when valid so far
    /// but cut by the end of the buffer; (k, false) for an invalid maximal subpart of k bytes.
    @inline(__always)
    static func check(_ p: UnsafePointer<UInt8>, _ avail: Int) -> (Int, Bool) {
        let b0 = p[0]
        let need = sequenceLength(b0)
        if need == 1 { return (1, false) }
        var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
        switch b0 {
        case 0xE0: lo = 0xA0
        case 0xED: hi = 0x9F
        case 0xF0: lo = 0x90
        case 0xF4: hi = 0x8F
        default: break
        }
        for k in 1..<need {
            if k >= avail { return (0, false) }
            let b = p[k]
            if k == 1 {
                if b < lo || b > hi { return (1, false) }
            } else if b & 0xC0 != 0x80 {
                return (k, false)
            }
        }
        return (need, true)
    }

    // MARK: - Legacy charsets

    /// Converts with the decoder chosen (iconv or a built-in table).
    private func convertLegacy(_ input: UnsafeRawBufferPointer, final: Bool, _ emit: (UnsafeRawBufferPointer) -> Void) {
        if let table {
            convertTable(table, input, emit)
        } else {
            convertIconv(input, final: final, emit)
        }
    }

    /// A single-byte charset: ASCII as is (eight bytes at a time), each byte from 0x80 up through the table;
    /// a byte the charset leaves unassigned becomes U+FFFD and is counted, as iconv's EILSEQ is. No state is
    /// carried.
    private func convertTable(_ table: SingleByteTable, _ input: UnsafeRawBufferPointer,
                              _ emit: (UnsafeRawBufferPointer) -> Void) {
        guard let src = input.baseAddress?.assumingMemoryBound(to: UInt8.self), !input.isEmpty else { return }
        let n = input.count
        // At most three UTF-8 bytes per input byte (the table's code points are below U+10000).
        let capacity = n * 3 + 8
        if out.count < capacity { out = [UInt8](repeating: 0, count: capacity) }
        out.withUnsafeMutableBufferPointer { buffer in
            let o = buffer.baseAddress!
            var k = 0
            var i = 0
            while i < n {
                if i + 8 <= n {
                    let w = UnsafeRawPointer(src + i).loadUnaligned(as: UInt64.self)
                    if w & 0x8080_8080_8080_8080 == 0 {
                        UnsafeMutableRawPointer(o + k).storeBytes(of: w, as: UInt64.self)
                        i += 8
                        k += 8
                        continue
                    }
                }
                let b = src[i]
                i += 1
                if b < 0x80 {
                    o[k] = b
                    k += 1
                    continue
                }
                let u = UInt32(table.high[Int(b) - 0x80])
                if u < 0x800 {
                    o[k] = UInt8(0xC0 | u >> 6)
                    o[k + 1] = UInt8(0x80 | u & 0x3F)
                    k += 2
                } else if u != UInt32(SingleByteTable.unassigned) {
                    o[k] = UInt8(0xE0 | u >> 12)
                    o[k + 1] = UInt8(0x80 | (u >> 6) & 0x3F)
                    o[k + 2] = UInt8(0x80 | u & 0x3F)
                    k += 3
                } else {
                    if k > 0 { emit(UnsafeRawBufferPointer(start: o, count: k)) }
                    k = 0
                    invalid(emit)
                }
            }
            if k > 0 { emit(UnsafeRawBufferPointer(start: o, count: k)) }
        }
    }

    // MARK: - iconv

    private func convertIconv(_ input: UnsafeRawBufferPointer, final: Bool, _ emit: (UnsafeRawBufferPointer) -> Void) {
        guard let cd else { return }
        var bytes: [UInt8]
        if carry.isEmpty {
            bytes = Array(input)
        } else {
            bytes = carry + Array(input)
            carry = []
        }
        if bytes.isEmpty {
            return
        }
        let capacity = bytes.count * 4 + 16
        if out.count < capacity { out = [UInt8](repeating: 0, count: capacity) }
        bytes.withUnsafeMutableBytes { inRaw in
            out.withUnsafeMutableBytes { outRaw in
                var inPtr: UnsafeMutablePointer<CChar>? = inRaw.baseAddress!.assumingMemoryBound(to: CChar.self)
                var inLeft = inRaw.count
                let outBase = outRaw.baseAddress!.assumingMemoryBound(to: CChar.self)
                while inLeft > 0 {
                    var outPtr: UnsafeMutablePointer<CChar>? = outBase
                    var outLeft = outRaw.count
                    let r = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                    let produced = outRaw.count - outLeft
                    if produced > 0 { emit(UnsafeRawBufferPointer(start: outBase, count: produced)) }
                    if r != -1 { break }
                    let e = errno
                    if e == E2BIG { continue }
                    if e == EINVAL, !final {
                        // Incomplete multi-byte sequence at the end: keep it for the next chunk.
                        carry = Array(UnsafeRawBufferPointer(start: inPtr, count: inLeft))
                        return
                    }
                    // EILSEQ (or an incomplete sequence at the very end): one byte becomes U+FFFD.
                    invalid(emit)
                    inPtr = inPtr! + 1
                    inLeft -= 1
                }
            }
        }
    }
}

/// One converter per charset name kept open for the life of the process (up to 64 names), so that glibc
/// keeps the charset's gconv module loaded: otherwise every document in a legacy charset paid a `dlopen`
/// and a `dlclose` of it, a quarter of the time spent on a small windows-1255 or EUC-JP feed (perf).
private final class ConverterPins: Sendable {
    static let shared = ConverterPins()

    private struct Pins {
        /// The open converters, kept here (not dropped) so that they stay reachable: LeakSanitizer would
        /// otherwise report each as a leak.
        var pinned: [String: iconv_t] = [:]
        /// Tables made so far (nil: the charset is not single-byte), up to 64 names.
        var tables: [String: SingleByteTable?] = [:]
    }
    private let pins = Mutex(Pins())

    private init() {}

    func pin(_ name: String) {
        pins.withLock { p in
            guard p.pinned.count < 64, p.pinned[name] == nil else { return }
            guard let c = iconv_open("UTF-8", name), Int(bitPattern: c) != -1 else { return }
            p.pinned[name] = c
        }
    }

    /// `name` as a table of its bytes when it is a single-byte charset that keeps ASCII as it is
    /// (windows-125x, ISO-8859-x, KOI8-R, …): made once per process from iconv itself, byte by byte
    /// (`SingleByteTable.derived`), then a lookup per byte for every document, where iconv went through
    /// its internal UCS-4 step for every character (about 30 instructions a byte; perf showed it as most of
    /// the time on a small undeclared Latin-1 feed).
    func singleByteTable(_ name: String) -> SingleByteTable? {
        pins.withLock { p in
            if let known = p.tables[name] { return known }
            guard p.tables.count < 64 else { return nil }
            let t = SingleByteTable.derived(from: name)
            p.tables.updateValue(t, forKey: name)
            return t
        }
    }
}

/// A single-byte charset decoded from a table: made from iconv for the charsets it has (`derived(from:)`),
/// or built in for the few that feeds use and glibc's iconv lacks.
struct SingleByteTable: Sendable {
    /// The code points of bytes 0x80…0xFF (all below U+10000; `unassigned` for a byte the charset does not
    /// define); 0x00…0x7F are ASCII.
    let high: [UInt16]

    /// Marks an unassigned byte: U+FFFF is a noncharacter, never the target of a charset's mapping.
    static let unassigned: UInt16 = 0xFFFF

    /// The table iconv's converter from `name` amounts to, or nil when it is not one: every byte is converted
    /// on its own from a reset state, and the charset qualifies only if bytes below 0x80 come out as the same
    /// ASCII and every other byte as one character below U+FFFF at once (not held back, as a lead byte or a
    /// base letter waiting for a combining mark would be) or as an invalid sequence (EILSEQ).
    static func derived(from name: String) -> SingleByteTable? {
        guard let cd = iconv_open("UTF-8", name), Int(bitPattern: cd) != -1 else { return nil }
        defer { iconv_close(cd) }
        var high = [UInt16](repeating: 0, count: 128)
        var output = [UInt8](repeating: 0, count: 16)
        for b in 0..<256 {
            _ = iconv(cd, nil, nil, nil, nil)
            var byte = [UInt8(b)]
            let (result, error, produced) = byte.withUnsafeMutableBytes { inRaw in
                output.withUnsafeMutableBytes { outRaw -> (Int, Int32, Int) in
                    var inPtr: UnsafeMutablePointer<CChar>? = inRaw.baseAddress!.assumingMemoryBound(to: CChar.self)
                    var inLeft = 1
                    var outPtr: UnsafeMutablePointer<CChar>? = outRaw.baseAddress!.assumingMemoryBound(to: CChar.self)
                    var outLeft = outRaw.count
                    let r = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                    return (r, r == -1 ? errno : 0, outRaw.count - outLeft)
                }
            }
            if result == -1 {
                guard error == EILSEQ, b >= 0x80 else { return nil }
                high[b - 0x80] = unassigned
                continue
            }
            var scalars = String(decoding: output[..<produced], as: UTF8.self).unicodeScalars.makeIterator()
            guard let scalar = scalars.next(), scalars.next() == nil, scalar.value < 0xFFFF,
                  scalar != "\u{FFFD}" else { return nil }
            if b < 0x80 {
                guard scalar.value == UInt32(b) else { return nil }
            } else {
                high[b - 0x80] = UInt16(scalar.value)
            }
        }
        return SingleByteTable(high: high)
    }

    /// The table for an iconv-style name (any case, `-` or `_` or nothing between the words), or nil.
    static func named(_ name: String) -> SingleByteTable? {
        var key = name.uppercased()
        key.removeAll { $0 == "-" || $0 == "_" }
        switch key {
        case "MACGREEK", "XMACGREEK", "MACINTOSHGREEK", "CSMACGREEK": return macGreek
        default: return nil
        }
    }

    /// Mac OS Greek (`x-mac-greek`), from the Unicode consortium's MAPPINGS/VENDORS/APPLE/GREEK.TXT
    /// (the Mac OS 9.2 version, with the euro sign at 0x9C and the soft hyphen at 0xFF; Python's
    /// `mac_greek` codec is generated from the same file and gives the same table).
    static let macGreek = SingleByteTable(high: [
        0x00C4, 0x00B9, 0x00B2, 0x00C9, 0x00B3, 0x00D6, 0x00DC, 0x0385,  // 80
        0x00E0, 0x00E2, 0x00E4, 0x0384, 0x00A8, 0x00E7, 0x00E9, 0x00E8,  // 88
        0x00EA, 0x00EB, 0x00A3, 0x2122, 0x00EE, 0x00EF, 0x2022, 0x00BD,  // 90
        0x2030, 0x00F4, 0x00F6, 0x00A6, 0x20AC, 0x00F9, 0x00FB, 0x00FC,  // 98
        0x2020, 0x0393, 0x0394, 0x0398, 0x039B, 0x039E, 0x03A0, 0x00DF,  // A0
        0x00AE, 0x00A9, 0x03A3, 0x03AA, 0x00A7, 0x2260, 0x00B0, 0x00B7,  // A8
        0x0391, 0x00B1, 0x2264, 0x2265, 0x00A5, 0x0392, 0x0395, 0x0396,  // B0
        0x0397, 0x0399, 0x039A, 0x039C, 0x03A6, 0x03AB, 0x03A8, 0x03A9,  // B8
        0x03AC, 0x039D, 0x00AC, 0x039F, 0x03A1, 0x2248, 0x03A4, 0x00AB,  // C0
        0x00BB, 0x2026, 0x00A0, 0x03A5, 0x03A7, 0x0386, 0x0388, 0x0153,  // C8
        0x2013, 0x2015, 0x201C, 0x201D, 0x2018, 0x2019, 0x00F7, 0x0389,  // D0
        0x038A, 0x038C, 0x038E, 0x03AD, 0x03AE, 0x03AF, 0x03CC, 0x038F,  // D8
        0x03CD, 0x03B1, 0x03B2, 0x03C8, 0x03B4, 0x03B5, 0x03C6, 0x03B3,  // E0
        0x03B7, 0x03B9, 0x03BE, 0x03BA, 0x03BB, 0x03BC, 0x03BD, 0x03BF,  // E8
        0x03C0, 0x03CE, 0x03C1, 0x03C3, 0x03C4, 0x03B8, 0x03C9, 0x03C2,  // F0
        0x03C7, 0x03C5, 0x03B6, 0x03CA, 0x03CB, 0x0390, 0x03B0, 0x00AD,  // F8
    ])
}
