import ArgumentParser
import Foundation
import GleanerExtract
import GleanerFetch
import GleanerModel

struct Extract: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Extract the main article from an HTML page (a file, or an http(s) URL to fetch) and print it.")

    @Flag(help: "Print one JSON object: title, byline, published, lang, text, html (see README).")
    var json = false

    @OptionGroup var input: DocumentInput

    /// Pages past this size are refused rather than read into memory.
    static let maxBytes = 64 << 20

    func run() throws {
        var page = (bytes: [UInt8](), url: input.url, contentType: input.contentType)
        if Self.isWebAddress(input.file) {
            let fetched = try Self.fetch(input.file)
            page = (fetched.bytes, input.url ?? fetched.url, input.contentType ?? fetched.contentType)
        } else {
            page.bytes = try readAll()
        }
        guard let article = Extractor.extract(bytes: page.bytes, url: page.url, contentType: page.contentType) else {
            throw CommandError.noArticleOnPage(page: input.file)
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

    static func isWebAddress(_ argument: String) -> Bool {
        let scheme = argument.prefix { $0 != ":" }.lowercased()
        return (scheme == "http" || scheme == "https") && argument.dropFirst(scheme.count).hasPrefix("://")
    }

    /// The page at `address`, fetched as feeds are (FetchRequest's user agent, timeouts and size cap; redirects
    /// to http and https only). The address as given is the base for its links unless a redirect moved it.
    static func fetch(_ address: String) throws -> (bytes: [UInt8], url: String, contentType: String?) {
        let fetcher = Fetcher(maxTransfers: 1, maxTransfersPerHost: 1)
        let sink = BodyCollector()
        var result: FetchResult?
        fetcher.run([(FetchRequest(url: address), sink)]) { _, r in result = r }
        switch result {
        case .fetched(let response)?:
            return (sink.bytes, response.effectiveURL, response.contentType)
        case .notModified(let response)?:
            throw CommandError.cannotFetchPage(url: address, reason: "unexpected HTTP \(response.status)")
        case .failed(let error)?:
            throw CommandError.cannotFetchPage(url: error.url, reason: "\(error)")
        case nil:
            throw CommandError.cannotFetchPage(url: address, reason: "no response")
        }
    }

    private func readAll() throws -> [UInt8] {
        var bytes: [UInt8] = []
        try input.read { chunk in
            bytes.append(contentsOf: chunk)
            if bytes.count > Self.maxBytes { throw CommandError.pageTooLarge(file: input.file, megabytes: Self.maxBytes >> 20) }
        }
        return bytes
    }
}

/// Page text for a person: each line through human output's one gate (`shown`), whole (a paragraph is not cut).
private func terminalSafe(_ s: String) -> String {
    s.split(separator: "\n", omittingEmptySubsequences: false).map { shown(String($0), maxWidth: .max) }
        .joined(separator: "\n")
}
