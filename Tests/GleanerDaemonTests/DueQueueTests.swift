@testable import GleanerDaemon
import GleanerModel
import GleanerTestSupport
import Testing

/// The daemon's due-time heap against a plain dictionary, under random schedules, reschedules and removals.
@Suite struct DueQueueTests {
    @Test func takesFeedsInDueThenConfigurationOrderWhateverWasRescheduled() {
        var rng = SeededGenerator()
        let seed = rng.seed
        var queue = DueQueue()
        var model: [String: (due: Int64, order: Int)] = [:]
        for step in 0..<5_000 {
            let host = rng.next() % 20, feed = rng.next() % 300
            let url = "https://h\(host)/f\(feed)"
            let order = Int(host * 300 + feed)
            switch rng.next() % 10 {
            case 0..<6:
                let due = Int64(rng.next() % 1_000)
                queue.set(url, due: Timestamp(seconds: due), order: order)
                model[url] = (due, order)
            case 6:
                queue.remove(url)
                model[url] = nil
            default:
                let now = Int64(rng.next() % 1_000)
                let expected = model.filter { $0.value.due <= now }
                    .min { ($0.value.due, $0.value.order) < ($1.value.due, $1.value.order) }
                let got = queue.popDue(Timestamp(seconds: now))
                #expect(got?.url == expected?.key && got?.due.seconds == expected?.value.due,
                        "seed \(seed), step \(step)")
                if let got { model[got.url] = nil }
            }
        }
    }
}
