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

    @Option(help: ArgumentHelp("The document's address: the base for relative links.", valueName: "url"))
    var url: String?

    @Option(help: ArgumentHelp("The HTTP Content-Type it was served with (a charset hint).",
                               valueName: "type; charset=x"))
    var contentType: String?

    @Argument(help: ArgumentHelp("The document, or - for standard input.", valueName: "file"))
    var file: String

    func run() throws {
        let parser = FeedParser(documentURL: url, contentType: contentType)
        let fd: Int32 = file == "-" ? 0 : open(file, O_RDONLY)
        guard fd >= 0 else { throw CLIError("cannot read \(file): \(String(cString: strerror(errno)))") }
        defer { if fd != 0 { close(fd) } }
        // Streamed in chunks, as the fetcher does: memory stays bounded by the articles, not the file.
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 1)
        defer { chunk.deallocate() }
        while true {
            let n = read(fd, chunk.baseAddress, chunk.count)
            if n < 0 {
                if errno == EINTR { continue }
                throw CLIError("cannot read \(file): \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            parser.push(UnsafeRawBufferPointer(rebasing: chunk[0..<n]))
        }
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
