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

/// Page text for a person: each line through human output's one gate (`shown`), whole (a paragraph is not cut).
private func terminalSafe(_ s: String) -> String {
    s.split(separator: "\n", omittingEmptySubsequences: false).map { shown(String($0), maxWidth: .max) }
        .joined(separator: "\n")
}
