/// What `Store.record` did with a batch of articles.
public struct StoreOutcome: Sendable, Equatable {
    /// Articles never seen before in this feed: they got new sequence numbers.
    public var new: Int
    /// Known articles whose content changed: rewritten in place, same sequence number.
    public var updated: Int
    /// Known articles with identical content (and repeats of a key within the batch): not touched.
    public var unchanged: Int

    public init(new: Int = 0, updated: Int = 0, unchanged: Int = 0) {
        self.new = new
        self.updated = updated
        self.unchanged = unchanged
    }

    /// `3 new`, `3 new, 1 updated`.
    public var summary: String {
        updated > 0 ? "\(new) new, \(updated) updated" : "\(new) new"
    }
}
