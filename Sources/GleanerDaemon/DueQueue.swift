import GleanerModel

/// The daemon's feeds ordered by due time: a binary min-heap, so that taking the next due feed and rescheduling
/// one are O(log n) and a tick never scans every feed (with thousands of feeds, a scan per batch made the
/// first pass quadratic).
///
/// Rescheduling pushes a new entry and leaves the old one in the heap; an entry whose time is no longer its
/// feed's current one is dropped when it reaches the top. The heap is rebuilt when stale entries outnumber
/// live ones, so its size stays within twice the number of feeds.
struct DueQueue {
    private struct Entry {
        var due: Timestamp
        /// Breaks ties in configuration order, so equal due times go in the order feeds.conf lists them.
        var order: Int
        var url: String

        func precedes(_ other: Entry) -> Bool {
            due != other.due ? due < other.due : order < other.order
        }
    }

    private var heap: [Entry] = []
    /// Each scheduled feed's current due time and order; entries that disagree with it are stale.
    private var current: [String: (due: Timestamp, order: Int)] = [:]

    /// Schedules `url` at `due`, replacing any earlier time.
    mutating func set(_ url: String, due: Timestamp, order: Int) {
        if let now = current[url], now.due == due, now.order == order { return }
        current[url] = (due, order)
        push(Entry(due: due, order: order, url: url))
        if heap.count > 2 * current.count + 64 { rebuild() }
    }

    mutating func remove(_ url: String) {
        current[url] = nil
    }

    /// The earliest scheduled feed, without taking it.
    mutating func peek() -> (url: String, due: Timestamp)? {
        dropStale()
        return heap.first.map { ($0.url, $0.due) }
    }

    /// Takes the earliest feed if it is due at `now` (it leaves the queue until it is set again).
    mutating func popDue(_ now: Timestamp) -> (url: String, due: Timestamp)? {
        guard let top = peek(), top.due <= now else { return nil }
        popTop()
        current[top.url] = nil
        return top
    }

    private func isLive(_ e: Entry) -> Bool {
        guard let c = current[e.url] else { return false }
        return c.due == e.due && c.order == e.order
    }

    private mutating func dropStale() {
        while let top = heap.first, !isLive(top) { popTop() }
    }

    private mutating func rebuild() {
        heap = current.map { Entry(due: $0.value.due, order: $0.value.order, url: $0.key) }
        guard heap.count > 1 else { return }
        for i in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(i) }
    }

    private mutating func push(_ e: Entry) {
        heap.append(e)
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard heap[i].precedes(heap[parent]) else { break }
            heap.swapAt(i, parent)
            i = parent
        }
    }

    private mutating func popTop() {
        let last = heap.removeLast()
        guard !heap.isEmpty else { return }
        heap[0] = last
        siftDown(0)
    }

    private mutating func siftDown(_ start: Int) {
        var i = start
        while true {
            let l = 2 * i + 1, r = l + 1
            var best = i
            if l < heap.count, heap[l].precedes(heap[best]) { best = l }
            if r < heap.count, heap[r].precedes(heap[best]) { best = r }
            if best == i { return }
            heap.swapAt(i, best)
            i = best
        }
    }
}
