import Foundation
import GleanerExtract

/// `gleaner-bench extract FILE…`: pages per second of `Extractor.extract` in one warm process (each page read
/// into memory first; the reference, trafilatura's `extract()` in one warm Python process, is timed by
/// bench/extract.sh over the same files), and the median time per page.
enum ExtractBench {
    static func run(files: [String]) throws {
        let pages = try files.map { [UInt8](try Data(contentsOf: URL(fileURLWithPath: $0))) }
        let clock = ContinuousClock()
        var times: [Duration] = []
        var found = 0
        let start = clock.now
        for page in pages {
            let t = clock.now
            if Extractor.extract(bytes: page, url: nil, contentType: "text/html; charset=utf-8") != nil { found += 1 }
            times.append(clock.now - t)
        }
        let total = clock.now - start
        let seconds = Double(total.components.seconds) + Double(total.components.attoseconds) / 1e18
        times.sort()
        print(String(format: "%.1f pages/s (%d pages, %d with an article), median %@ per page",
                     Double(pages.count) / seconds, pages.count, found, "\(times[times.count / 2])"))
    }
}
