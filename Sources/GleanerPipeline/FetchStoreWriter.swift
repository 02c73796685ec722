import Dispatch
import GleanerModel
import GleanerStore
import Synchronization

/// Stores fetch results on a thread of its own, so that SQLite's work on one feed overlaps the transfers and
/// parses of the next ones (the fetch thread keeps curl busy and feeds the push parsers).
///
/// At most `capacity` results wait at once: when the store falls behind, `submit` blocks the fetch thread,
/// which holds transfers back rather than letting parsed articles pile up in memory.
///
/// The writer has its own connection to the store, opened on its queue at first use and used there only, so
/// no `Store` ever crosses threads; SQLite's locking (WAL, busy timeout) orders its writes with the job's.
/// Finished reports are handed back through a mutex.
final class FetchStoreWriter: Sendable {
    private let opener: StoreOpener
    private let queue = DispatchQueue(label: "gleaner.fetch.store")
    private let slots: DispatchSemaphore
    private let group = DispatchGroup()
    private let done = Mutex<[(index: Int, report: FeedReport)]>([])
    /// Used on `queue` only: the mutex is never contended, and is how the compiler sees that the non-Sendable
    /// `Store` stays on one thread at a time.
    private let connection = Mutex<Store?>(nil)

    init(opener: StoreOpener, capacity: Int = 8) {
        self.opener = opener
        slots = DispatchSemaphore(value: capacity)
    }

    /// Stores one fetch's outcome on the writer's thread; its final report comes back from `drain`/`finish`.
    func submit(_ work: FetchStoreWork) {
        slots.wait()
        queue.async(group: group) {
            dispatchPrecondition(condition: .onQueue(self.queue))
            let report = self.connection.withLock { store -> FeedReport in
                if store == nil {
                    do {
                        store = try self.opener.open(false)
                    } catch {
                        var report = work.report
                        report.outcome = .failed("store: \(error)")
                        report.errorKind = .store
                        return report
                    }
                }
                return work.perform(on: store!)
            }
            self.done.withLock { $0.append((work.index, report)) }
            self.slots.signal()
        }
    }

    /// Reports stored so far and not yet collected.
    func drain() -> [(index: Int, report: FeedReport)] {
        done.withLock { d in
            let out = d
            d.removeAll()
            return out
        }
    }

    /// Waits for every submitted result to be stored; returns the reports not yet collected.
    func finish() -> [(index: Int, report: FeedReport)] {
        group.wait()
        return drain()
    }
}
/// One fetch's outcome, ready to store: everything in it is a value, so it can cross to the writer's thread.
struct FetchStoreWork: Sendable {
    enum Kind: Sendable {
        /// A failure: the attempt and the error are recorded, validators and articles left alone.
        case failed
        /// A 200 with the same body as the stored one: only the fetch is recorded.
        case unchanged
        /// A 304.
        case notModified
        /// A new document and its articles.
        case fetched
        /// Not fetched (its host asked to wait): only its next due time is set, for the daemon.
        case reschedule(Timestamp, String)
    }

    var index: Int
    var feedURL: String
    var kind: Kind
    var record: FetchRecord
    var articles: [Article]
    var report: FeedReport
    /// New articles this feed may add per day (`dailyFactor` × `max-items`); nil: no cap.
    var dailyLimit: Int? = nil

    /// A feed adds at most this many times its `max-items` new articles in any 24 hours: a hostile feed
    /// serving fresh ids on every fetch grows the store by that much a day, not by max-items per fetch.
    static let dailyFactor = 10

    func perform(on store: Store) -> FeedReport {
        var record = self.record
        var report = self.report
        do {
            switch kind {
            case .failed:
                record.error = report.message
                record.result = report.summary
                _ = try store.record(feedURL: feedURL, fetch: record, articles: [])
            case .unchanged:
                record.result = "unchanged (same body)"
                _ = try store.record(feedURL: feedURL, fetch: record, articles: [])
                report.outcome = .unchanged
            case .notModified:
                record.result = "not modified"
                _ = try store.record(feedURL: feedURL, fetch: record, articles: articles)
            case .reschedule(let due, let reason):
                try store.setSchedule(feedURL: feedURL, nextDue: due, reason: reason)
            case .fetched:
                // The store fills in the counts ("3 new").
                record.result = ""
                var articles = self.articles
                if let dailyLimit, articles.count > 0 {
                    let dayAgo = Timestamp(seconds: record.attemptedAt.seconds - 86_400)
                    let room = max(0, dailyLimit - (try store.articlesFirstSeen(feedURL: feedURL, since: dayAgo)))
                    if articles.count > room {
                        var newest = NewestArticles(limit: max(room, 1))
                        for a in articles { newest.add(a) }
                        articles = room > 0 ? newest.take() : []
                        report.limited = "kept \(room) of \(self.articles.count) items: the feed reached its "
                            + "limit of \(dailyLimit) new items a day"
                    }
                }
                report.outcome = .stored(try store.record(feedURL: feedURL, fetch: record, articles: articles))
            }
        } catch {
            report.outcome = .failed("store: \(error)")
            report.errorKind = .store
        }
        return report
    }
}
