import CLibXML2
import Foundation
import GleanerModel
import GleanerParse

/// `gleaner-bench parse FILE…`: Gleaner's full parser against a bare libxml2 SAX2 push pass that only counts
/// elements, over the same bytes, in the same run, both fed 64 KiB chunks from memory.
enum ParseBench {
    static let chunk = 64 * 1024

    static func run(files: [String], seconds: Double) throws {
        // `GLEANER_BENCH_STREAM=1 gleaner-bench parse FILE…`: no timing; each file is read from disk in
        // 64 KiB chunks into a FeedParser with `onArticle`, and the peak RSS is printed (memory bound).
        if ProcessInfo.processInfo.environment["GLEANER_BENCH_STREAM"] == "1" {
            try stream(files: files)
            return
        }
        var docs: [(String, [UInt8])] = []
        for f in files { docs.append((f, [UInt8](try Data(contentsOf: URL(fileURLWithPath: f))))) }
        let total = docs.reduce(0) { $0 + $1.1.count }
        print("parse: \(docs.count) documents, \(String(format: "%.1f", Double(total) / 1_048_576)) MiB per pass")

        // `GLEANER_BENCH_PROFILE=1`: only Gleaner's parser, round after round, for a profiler (perf record);
        // `GLEANER_BENCH_PROFILE=bare`: only the bare libxml2 pass, to compare instruction counts.
        if let mode = ProcessInfo.processInfo.environment["GLEANER_BENCH_PROFILE"], mode == "1" || mode == "bare" {
            let end = Date().addingTimeInterval(seconds)
            var n = 0
            for (_, d) in docs { n += mode == "bare" ? bare(d) : gleaner(d) }
            repeat { for (_, d) in docs { n += mode == "bare" ? bare(d) : gleaner(d) } } while Date() < end
            print("profile: \(n) \(mode == "bare" ? "elements" : "articles")")
            return
        }
        // Warm up both (page cache, allocator, lazily loaded iconv tables).
        for (_, d) in docs { _ = bare(d); _ = gleaner(d) }
        var bareBest = Double.infinity, fullBest = Double.infinity
        var elements = 0, articles = 0
        let deadline = Date().addingTimeInterval(seconds)
        var rounds = 0
        // Alternate the two so that machine noise hits both alike; keep the best pass of each.
        repeat {
            var t = MonotonicClock.seconds()
            elements = 0
            for (_, d) in docs { elements += bare(d) }
            bareBest = min(bareBest, MonotonicClock.seconds() - t)
            t = MonotonicClock.seconds()
            articles = 0
            for (_, d) in docs { articles += gleaner(d) }
            fullBest = min(fullBest, MonotonicClock.seconds() - t)
            rounds += 1
        } while Date() < deadline || rounds < 3
        let mb = Double(total) / 1_000_000
        print(String(format: "  bare libxml2 SAX2 pass: %8.1f MB/s  (%d elements)", mb / bareBest, elements))
        print(String(format: "  gleaner FeedParser:     %8.1f MB/s  (%d articles)", mb / fullBest, articles))
        print(String(format: "  ratio gleaner/bare:     %8.2f   (best of %d rounds each)", bareBest / fullBest, rounds))
    }

    /// GLEANER_BENCH_SANITIZE=0: without the HTML sanitizer (content kept as the feed wrote it). Read once:
    /// the environment is not cheap to read, and the bench must not time it.
    static let sanitize = ProcessInfo.processInfo.environment["GLEANER_BENCH_SANITIZE"] != "0"

    static func gleaner(_ d: [UInt8]) -> Int {
        let p = FeedParser(sanitizeHTML: sanitize)
        d.withUnsafeBytes { raw in
            var o = 0
            while o < raw.count {
                let n = min(chunk, raw.count - o)
                p.push(UnsafeRawBufferPointer(rebasing: raw[o..<(o + n)]))
                o += n
            }
        }
        return p.finish().articles.count
    }

    final class Counter { var n = 0 }

    static func stream(files: [String]) throws {
        for f in files {
            let count = Counter()
            let p = FeedParser(onArticle: { a in count.n += 1 + (a.title?.isEmpty == true ? 1 : 0) })
            guard let h = FileHandle(forReadingAtPath: f) else { throw CocoaError(.fileReadNoSuchFile) }
            while true {
                let data = h.readData(ofLength: chunk)
                if data.isEmpty { break }
                data.withUnsafeBytes { p.push($0) }
            }
            let result = p.finish()
            var usage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &usage)
            print("stream \(f): \(count.n) articles via onArticle, \(result.articles.count) kept, "
                + "peak RSS \(usage.ru_maxrss / 1024) MiB")
        }
    }

    /// The reference: the same libxml2 push parser and options, with a handler that counts start tags and
    /// touches nothing else.
    static func bare(_ d: [UInt8]) -> Int {
        let counter = Counter()
        var sax = xmlSAXHandler()
        sax.initialized = XML_SAX2_MAGIC
        sax.startElementNs = { ctx, _, _, _, _, _, _, _, _ in
            Unmanaged<Counter>.fromOpaque(ctx!).takeUnretainedValue().n += 1
        }
        sax.characters = { _, _, _ in }
        let user = Unmanaged.passUnretained(counter).toOpaque()
        let ctxt = xmlCreatePushParserCtxt(&sax, user, nil, 0, nil)!
        xmlCtxtUseOptions(ctxt, Int32(XML_PARSE_RECOVER.rawValue | XML_PARSE_NONET.rawValue))
        d.withUnsafeBytes { raw in
            let base = raw.baseAddress!.assumingMemoryBound(to: CChar.self)
            var o = 0
            while o < raw.count {
                let n = min(chunk, raw.count - o)
                xmlParseChunk(ctxt, base + o, Int32(n), 0)
                o += n
            }
        }
        xmlParseChunk(ctxt, nil, 0, 1)
        if let doc = ctxt.pointee.myDoc { xmlFreeDoc(doc) }
        xmlFreeParserCtxt(ctxt)
        return counter.n
    }
}
