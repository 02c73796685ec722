import GleanerConfig

/// The config parser and the OPML reader under the fuzzer, picked with `GLEANER_FUZZ_TARGET=config` or
/// `=opml` (FuzzEntry.swift). Besides crashes, a finding
/// is a feed line written by `FeedLine` that does not read back as the feed it was made for, and an OPML
/// export that does not read back as the same feeds (grouped by folder, so in another order).
enum ConfigFuzz {
    /// Runs the `config` or `opml` target on the input.
    static func run(_ target: String, _ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
        let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
        if target == "opml" { opml(text) } else { config(text) }
        return 0
    }

    static func config(_ text: String) {
        if let config = try? Config.parse(text) {
            for feed in config.feeds { rewrite(url: feed.url, name: feed.name, tags: feed.tags) }
        }
        // The same text as one hostile value of each kind.
        rewrite(url: "http://fuzz.example/" + text, name: text, tags: text.split(separator: ",").map(String.init))
        _ = try? FeedLine.url(text)
    }

    static func opml(_ text: String) {
        guard let entries = try? OPML.parse(text) else { return }
        for e in entries { rewrite(url: e.url, name: e.title, tags: e.tags) }
        let again = (try? OPML.parse(OPML.write(entries))) ?? []
        let keepsURLs = entries.allSatisfy { !$0.url.unicodeScalars.contains { $0.value < 0x20 && $0 != "\t" && $0 != "\n" && $0 != "\r" } }
        if again.count != entries.count || (keepsURLs && again.map(\.url).sorted() != entries.map(\.url).sorted()) {
            fatalError("OPML export does not read back: \(entries.map(\.url)) -> \(again.map(\.url))")
        }
    }

    /// Whatever `FeedLine` accepts must parse back to exactly the cleaned name and tags and the written URL.
    static func rewrite(url: String, name: String?, tags: [String]) {
        guard let line = try? FeedLine.make(url: url, name: name, tags: tags) else { return }
        guard let feed = (try? Config.parse(line + "\n"))?.feeds.first, (try? Config.parse(line + "\n"))?.feeds.count == 1,
              feed.url == (try? FeedLine.url(url)), feed.name == name.flatMap(FeedLine.name),
              feed.tags == tags.compactMap(FeedLine.tag), feed.options == FeedOptions()
        else { fatalError("feed line does not read back: \(line.debugDescription)") }
    }
}
