import ArgumentParser
import Foundation
import GleanerExtract

struct Extract: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Extract the main article from a saved HTML page and print it.")

    @Flag(help: "Print one JSON object: title, byline, published, lang, text, html (see README).")
    var json = false

    @Option(help: ArgumentHelp("The page's address: the base for relative links.", valueName: "url"))
    var url: String?

    @Option(help: ArgumentHelp("The HTTP Content-Type it was served with (a charset hint).",
                               valueName: "type; charset=x"))
    var contentType: String?

    @Argument(help: ArgumentHelp("The page, or - for standard input.", valueName: "file"))
    var file: String

    /// Pages past this size are refused rather than read into memory.
    static let maxBytes = 64 << 20

    func run() throws {
        let bytes = try readAll()
        guard let article = Extractor.extract(bytes: bytes, url: url, contentType: contentType) else {
            throw CLIError("no article found in \(file)")
        }
        var out = Output()
        if json {
            out.line(article.json)
        } else {
            if let title = article.title { out.line(terminalSafe(title)) }
            let about = [article.byline, article.published?.rfc3339].compactMap { $0 }.joined(separator: " · ")
            if !about.isEmpty { out.line(terminalSafe(about)) }
            out.line("")
            out.line(terminalSafe(article.text))
        }
        guard out.flush() else { throw ExitCode(1) }
    }

    private func readAll() throws -> [UInt8] {
        let fd: Int32 = file == "-" ? 0 : open(file, O_RDONLY)
        guard fd >= 0 else { throw CLIError("cannot read \(file): \(String(cString: strerror(errno)))") }
        defer { if fd != 0 { close(fd) } }
        var bytes: [UInt8] = []
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 1)
        defer { chunk.deallocate() }
        while true {
            let n = read(fd, chunk.baseAddress, chunk.count)
            if n < 0 {
                if errno == EINTR { continue }
                throw CLIError("cannot read \(file): \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
            if bytes.count > Self.maxBytes { throw CLIError("\(file) is larger than \(Self.maxBytes >> 20) MB") }
        }
        return bytes
    }
}

/// Page text made safe for a terminal: C0 controls (but newline and tab), DEL, C1 controls and the
/// bidirectional embedding/override/isolate controls become U+FFFD, so a page cannot move the cursor or
/// reorder the line. Right-to-left lines are isolated (`isolated`).
func terminalSafe(_ s: String) -> String {
    var out = String.UnicodeScalarView()
    for u in s.unicodeScalars {
        let v = u.value
        let bad = (v < 0x20 && v != 0x0A && v != 0x09) || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v)
            || (0x2066...0x2069).contains(v)
        out.append(bad ? "\u{FFFD}" : u)
    }
    return String(out).split(separator: "\n", omittingEmptySubsequences: false).map { isolated(String($0)) }
        .joined(separator: "\n")
}
