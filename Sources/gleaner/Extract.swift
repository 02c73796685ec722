import ArgumentParser
import Foundation
import GleanerExtract

struct Extract: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Extract the main article from a saved HTML page and print it.")

    @Flag(help: "Print one JSON object: title, byline, published, lang, text, html (see README).")
    var json = false

    @OptionGroup var input: DocumentInput

    /// Pages past this size are refused rather than read into memory.
    static let maxBytes = 64 << 20

    func run() throws {
        let bytes = try readAll()
        guard let article = Extractor.extract(bytes: bytes, url: input.url, contentType: input.contentType) else {
            throw CLIError("no article found in \(input.file)")
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
        var bytes: [UInt8] = []
        try input.read { chunk in
            bytes.append(contentsOf: chunk)
            if bytes.count > Self.maxBytes { throw CLIError("\(input.file) is larger than \(Self.maxBytes >> 20) MB") }
        }
        return bytes
    }
}

/// Page text for a person: each line through human output's one gate (`shown`), whole (a paragraph is not cut).
private func terminalSafe(_ s: String) -> String {
    s.split(separator: "\n", omittingEmptySubsequences: false).map { shown(String($0), maxWidth: .max) }
        .joined(separator: "\n")
}
