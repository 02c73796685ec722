import GleanerModel

/// In-progress marks: the defence against a feed whose bytes crash the process (an unknown parser bug, a
/// memory blow-up the kernel kills us for) making the service crash-loop under systemd.
extension SQLiteStore {
    /// Marks `urls` as being processed by `owner`, in one small transaction, before their transfers start.
    ///
    /// Every feed is claimed: one daemon works on a SQLite file at a time (`StoreOpener.daemonLockFile`), and a
    /// `gleaner fetch` beside it marks its own feeds the same way. The lease is not recorded: a claim here
    /// ends when its owner releases it, records the feed, or is found gone (`settleInterruptedFetches`).
    @discardableResult
    public func claimFeeds(_ urls: [String], owner: FetchOwner, lease: Int64) throws -> [String] {
        guard !urls.isEmpty else { return [] }
        try requireWritable("mark feeds in progress")
        try writeTransaction {
            let s = try cached("UPDATE feeds SET processing_pid = ?2, processing_run = ?3 WHERE url = ?1")
            defer { s.reset() }
            for url in urls {
                s.reset()
                try s.bind(1, url)
                try s.bind(2, owner.pid)
                try s.bind(3, owner.run)
                try s.step()
            }
        }
        return urls
    }

    /// Clears whatever marks `owner` left (each recorded fetch clears its own: this catches the feeds a run
    /// did not record, such as those held back for their host).
    public func releaseClaims(owner: FetchOwner) throws {
        try requireWritable("clear in-progress marks")
        let s = try cached("UPDATE feeds SET processing_pid = NULL, processing_run = NULL WHERE processing_run = ?1")
        defer { s.reset() }
        try s.bind(1, owner.run)
        try s.step()
    }

    /// Finds the feeds that a process which is gone left marked as being processed (it stopped without
    /// recording them: a crash, a kill), clears the marks and applies `StopVerdict.decide` to each. Marks of a
    /// fetch still running in another process are left alone.
    public func settleInterruptedFetches(owner: FetchOwner, now: Timestamp,
                                         isAlive: (Int64) -> Bool) throws -> [InterruptedFetch] {
        try requireWritable("settle interrupted fetches")
        return try writeTransaction {
            let find = try cached("""
                SELECT id, url, name, stops, processing_pid, processing_run FROM feeds
                WHERE processing_run IS NOT NULL ORDER BY ordinal, id
                """)
            defer { find.reset() }
            var byRun: [Int64: [(id: Int64, url: String, name: String?, stops: Int)]] = [:]
            var runs: [Int64] = []
            var alive: [Int64: Bool] = [:]
            while try find.step() {
                let pid = find.int64(4), run = find.int64(5)
                if run == owner.run { continue }
                let gone: Bool
                if let known = alive[pid] { gone = !known } else {
                    let living = pid != owner.pid && isAlive(pid)
                    alive[pid] = living
                    gone = !living
                }
                guard gone else { continue }
                if byRun[run] == nil { runs.append(run) }
                byRun[run, default: []].append((find.int64(0), find.string(1) ?? "", find.string(2),
                                                Int(clamping: find.int64(3))))
            }
            find.reset()
            var out: [InterruptedFetch] = []
            for run in runs {
                let feeds = byRun[run] ?? []
                for feed in feeds {
                    let (state, effects) = FeedState.transition(
                        FeedState(stops: feed.stops), .processStopped(othersInProgress: feeds.count - 1, now: now))
                    for case .verdict(let verdict) in effects {
                        try apply(verdict, state, feedID: feed.id)
                        out.append(InterruptedFetch(url: feed.url, name: feed.name, verdict: verdict,
                                                    stops: state.stops))
                    }
                }
            }
            return out
        }
    }

    /// Writes what the verdict changed of `state` (only those columns: the rest of the row was not read).
    private func apply(_ verdict: StopVerdict, _ state: FeedState, feedID: Int64) throws {
        let clear = "UPDATE feeds SET processing_pid = NULL, processing_run = NULL"
        switch verdict {
        case .fetchAlone:
            let s = try cached(clear + ", fetch_alone = 1 WHERE id = ?1")
            defer { s.reset() }
            try s.bind(1, feedID)
            try s.step()
        case .heldBack(let until):
            let s = try cached(clear + ", stops = ?2, held_until = ?3, next_due = ?3, next_due_reason = ?4 WHERE id = ?1")
            defer { s.reset() }
            try s.bind(1, feedID)
            try s.bind(2, state.stops)
            try s.bind(3, until)
            try s.bind(4, StopVerdict.heldReason)
            try s.step()
        case .disabled:
            let s = try cached(clear + """
                , stops = ?2, held_until = NULL,
                disabled_kind = ?3, disabled_reason = ?4, disabled_fingerprint = ?5, disabled_at = ?6 WHERE id = ?1
                """)
            defer { s.reset() }
            try s.bind(1, feedID)
            try s.bind(2, state.stops)
            try SQLiteStore.bind(state.disabled, to: s, from: 3)
            try s.step()
        }
    }
}

extension SQLiteStore {
    /// URLs of the feeds suspected of stopping the process (`stops`, `fetch_alone`): each is fetched alone.
    public func feedsFetchedAlone() throws -> Set<String> {
        let s = try cached("SELECT url FROM feeds WHERE stops > 0 OR fetch_alone <> 0")
        defer { s.reset() }
        var out = Set<String>()
        while try s.step() { if let url = s.string(0) { out.insert(url) } }
        return out
    }
}
