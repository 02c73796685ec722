import GleanerModel
import GleanerStore

/// In-progress marks (`Store+Interrupted.swift`): which feeds a process was fetching when it stopped.
extension PostgresStore {
    public func markProcessing(_ urls: [String], owner: FetchOwner = .current) throws {
        guard !urls.isEmpty else { return }
        try requireWritable("mark feeds in progress")
        try connection.query("""
            UPDATE feeds SET processing_pid = $2::bigint, processing_run = $3::bigint WHERE url = ANY($1::text[])
            """, [PostgresStore.textArray(urls), owner.pid, owner.run])
    }

    public func clearProcessing(owner: FetchOwner = .current) throws {
        try requireWritable("clear in-progress marks")
        try connection.query("UPDATE feeds SET processing_pid = NULL, processing_run = NULL WHERE processing_run = $1::bigint",
                             [owner.run])
    }

    /// `Store.settleInterruptedFetches`. With several daemons, `isAlive` is asked only about marks whose claim
    /// is not held by a live lease: a mark of a daemon on another machine is that daemon's business until its
    /// lease runs out.
    public func settleInterruptedFetches(owner: FetchOwner = .current, now: Timestamp = .now(),
                                         isAlive: (Int64) -> Bool = FetchOwner.isAlive) throws -> [InterruptedFetch] {
        try requireWritable("settle interrupted fetches")
        return try connection.transaction {
            let found = try connection.query("""
                SELECT id, url, name, stops, processing_pid, processing_run FROM feeds
                WHERE processing_run IS NOT NULL AND (claimed_until IS NULL OR claimed_until <= $1::bigint)
                ORDER BY ordinal, id FOR UPDATE
                """, [now])
            var byRun: [Int64: [(id: Int64, url: String, name: String?, stops: Int)]] = [:]
            var runs: [Int64] = []
            var alive: [Int64: Bool] = [:]
            for row in found.rows {
                let pid = row.int64(4), run = row.int64(5)
                if run == owner.run { continue }
                let gone: Bool
                if let known = alive[pid] { gone = !known } else {
                    let living = pid != owner.pid && isAlive(pid)
                    alive[pid] = living
                    gone = !living
                }
                guard gone else { continue }
                if byRun[run] == nil { runs.append(run) }
                byRun[run, default: []].append((row.int64(0), row.string(1) ?? "", row.string(2),
                                                Int(clamping: row.int64(3))))
            }
            var out: [InterruptedFetch] = []
            for run in runs {
                let feeds = byRun[run] ?? []
                for feed in feeds {
                    let (verdict, stops) = StopVerdict.decide(stopsBefore: feed.stops, othersInProgress: feeds.count - 1,
                                                              now: now)
                    try apply(verdict, stops: stops, feedID: feed.id)
                    out.append(InterruptedFetch(url: feed.url, name: feed.name, verdict: verdict, stops: stops))
                }
            }
            return out
        }
    }

    private func apply(_ verdict: StopVerdict, stops: Int, feedID: Int64) throws {
        let clear = "UPDATE feeds SET processing_pid = NULL, processing_run = NULL"
        switch verdict {
        case .fetchAlone:
            try connection.query(clear + ", fetch_alone = true WHERE id = $1::bigint", [feedID])
        case .heldBack(let until):
            try connection.query(clear + """
                , stops = $2::bigint, held_until = $3::bigint, next_due = $3::bigint, next_due_reason = $4::text
                WHERE id = $1::bigint
                """, [feedID, stops, until, StopVerdict.heldReason])
        case .disabled:
            try connection.query(clear + """
                , stops = $2::bigint, held_until = NULL, disabled = true, disabled_reason = $3::text WHERE id = $1::bigint
                """, [feedID, stops, StopVerdict.disabledReason])
        }
    }

    public func feedsFetchedAlone() throws -> Set<String> {
        Set(try connection.query("SELECT url FROM feeds WHERE stops > 0 OR fetch_alone").rows.compactMap { $0.string(0) })
    }
}
