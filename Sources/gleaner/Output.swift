import Foundation
import GleanerModel

/// Buffered writing to standard output (or another descriptor). Flushes are explicit because `headlines --new`
/// must only advance its cursor once the output really left the process.
struct Output {
    private var buffer: [UInt8] = []
    private let fd: Int32

    init(fd: Int32 = 1) { self.fd = fd }

    mutating func line(_ s: String) {
        buffer.append(contentsOf: s.utf8)
        buffer.append(10)
        if buffer.count >= 64 * 1024 { flush() }
    }

    /// Writes everything buffered to its descriptor; returns false when the write failed (closed pipe, full disk).
    @discardableResult
    mutating func flush() -> Bool {
        var ok = true
        buffer.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    ok = false
                    return
                }
                offset += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
        return ok
    }
}

/// A message on standard error. Messages quote outside values (URLs, titles, paths, curl's texts), so each of
/// their lines goes through `terminalSafeLines`.
func printError(_ s: String) {
    FileHandle.standardError.write(Data((terminalSafeLines(s) + "\n").utf8))
}

/// Gleaner's own line breaks kept, everything else in each line made safe (`TerminalText.safe`), URLs without
/// their user info.
func terminalSafeLines(_ s: String) -> String {
    s.split(separator: "\n", omittingEmptySubsequences: false)
        .map { TerminalText.safe(URLUserInfo.stripped(String($0))) }.joined(separator: "\n")
}

// MARK: - Values in human output

/// The widest a feed (or consumer) name is shown, in terminal columns: a longer name is cut with "…". One
/// hostile 2 MiB title must not set the column width of every line.
let nameWidthCap = 40
/// The widest a title, message or URL is shown when the output is not a terminal (piped lines are full lines,
/// but bounded).
let textWidthCap = 1000

/// Human output's one gate for a value from outside (a title, a feed name, a URL, an error message, an HTTP
/// header value): user info removed from URLs, controls and bidi controls neutralised (`TerminalText.safe`),
/// cut to `maxWidth` terminal columns with "…", and wrapped in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE
/// when it holds right-to-left text, so that an Arabic title does not reorder the columns around it (UAX #9,
/// §2.7). The isolates are added after the value was cleaned: those from the feed never survive.
func shown(_ value: String, maxWidth: Int = textWidthCap) -> String {
    shown([.value(value)], maxWidth: maxWidth)
}

/// A piece of a line's cell: Gleaner's own words, printed as they are, or a value from outside.
enum Piece {
    case text(String)
    case value(String)
}

/// Pieces joined into one cell of at most `maxWidth` columns; the piece that does not fit is cut with "…" and
/// the rest is dropped, so a value's isolates always stay paired.
func shown(_ pieces: [Piece], maxWidth: Int) -> String {
    var out = ""
    var left = max(1, maxWidth)
    for (index, piece) in pieces.enumerated() {
        let text: String, value: Bool
        switch piece {
        case .text(let t): text = t; value = false
        case .value(let v): text = TerminalText.safe(URLUserInfo.stripped(v)); value = true
        }
        // Short of the last piece, one column stays free for the "…" that marks the pieces cut off.
        let isLast = index == pieces.count - 1
        var (cut, width, whole) = prefix(text, width: isLast ? left : left - 1)
        if !whole && isLast { (cut, width, whole) = prefix(text, width: left - 1) }
        let body = whole ? cut : cut + "…"
        out += value && containsRightToLeft(body) ? "\u{2068}" + body + "\u{2069}" : body
        if !whole { break }
        left -= width
    }
    return out
}

/// The longest prefix of `s` that fits `width` columns, and whether it is all of `s`.
func cut(_ s: String, width: Int) -> (String, Bool) {
    let (start, _, whole) = prefix(s, width: width)
    return (start, whole)
}

/// The longest prefix of `s` that fits `width` columns (at most 4 scalars a column, so a run of combining
/// marks is bounded too); its width, and whether it is all of `s`.
private func prefix(_ s: String, width: Int) -> (String, Int, Bool) {
    var used = 0, scalars = 0
    let scalarCap = width > Int.max / 4 ? Int.max : 4 * max(width, 1)
    var end = s.unicodeScalars.startIndex
    for index in s.unicodeScalars.indices {
        let w = scalarWidth(s.unicodeScalars[index])
        scalars += 1
        if used + w > width || scalars > scalarCap { return (String(s.unicodeScalars[..<end]), used, false) }
        used += w
        end = s.unicodeScalars.index(after: index)
    }
    return (s, used, true)
}

/// The terminal's width in columns when standard output is one, else nil (piped output is not cut to a width).
/// `GLEANER_COLUMNS` sets it whatever standard output is, for scripts and tests that want terminal layout.
let terminalColumns: Int? = {
    let env = ProcessInfo.processInfo.environment
    if let forced = env["GLEANER_COLUMNS"].flatMap({ Int($0) }), forced > 0 { return min(forced, 100_000) }
    guard isatty(1) != 0 else { return nil }
    var size = winsize()
    if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
    if let columns = env["COLUMNS"].flatMap({ Int($0) }), columns > 0 { return min(columns, 100_000) }
    return 80
}()

/// `1 article`, `2 articles`.
func count(_ n: Int, _ noun: String, plural: String? = nil) -> String {
    "\(n) " + (n == 1 ? noun : plural ?? noun + "s")
}

/// Whether a string holds right-to-left letters (Arabic, Hebrew, Syriac, Thaana, N'Ko and their
/// presentation forms) or the RIGHT-TO-LEFT MARK, so that a human listing can isolate it.
func containsRightToLeft(_ s: String) -> Bool {
    s.unicodeScalars.contains { scalar in
        switch scalar.value {
        case 0x0590...0x08FF, 0x200F, 0xFB1D...0xFDFF, 0xFE70...0xFEFF, 0x10800...0x10FFF, 0x1E800...0x1EFFF:
            return true
        default: return false
        }
    }
}

/// Terminal columns a string occupies: combining marks take none, East Asian wide characters two.
func displayWidth(_ s: String) -> Int {
    s.unicodeScalars.reduce(0) { $0 + scalarWidth($1) }
}

private func scalarWidth(_ scalar: Unicode.Scalar) -> Int {
    let v = scalar.value
    switch scalar.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .format, .control: return 0
    default: break
    }
    if (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
        || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
        || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v) || (0x20000...0x3FFFD).contains(v) {
        return 2
    }
    return 1
}

func pad(_ s: String, to width: Int) -> String {
    let w = displayWidth(s)
    return w >= width ? s : s + String(repeating: " ", count: width - w)
}
