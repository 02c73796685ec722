import ArgumentParser
import Foundation
import GleanerModel
import GleanerParse

struct Parse: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Parse one feed document without network and print it.")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print the parse contract as JSON (see README).")
    var json = false

    @OptionGroup var input: DocumentInput

    func run() throws {
        let parser = FeedParser(documentURL: input.url, contentType: input.contentType)
        // Streamed in chunks, as the fetcher does: memory stays bounded by the articles, not the file.
        try input.read { parser.push($0) }
        let parsed = parser.finish()
        var out = Output()
        if json {
            out.line(parsed.json)
        } else {
            out.line("format: \(parsed.format)  encoding: \(parsed.encoding)  wellformed: \(parsed.wellformed)")
            if let title = parsed.feed.title { out.line("feed: \(shown(title))") }
            for problem in parsed.problems { out.line("problem: \(shown(problem))") }
            for a in parsed.articles {
                let date = (a.published ?? a.updated).map { String($0.rfc3339.prefix(16)).replacingOccurrences(of: "T", with: " ") }
                out.line("\(date ?? "                ")  \(shown(a.title ?? "(untitled)"))  \(shown(a.link ?? ""))")
            }
        }
        guard out.flush() else { throw ExitCode(1) }
    }
}
