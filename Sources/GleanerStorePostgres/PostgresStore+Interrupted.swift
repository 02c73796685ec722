import GleanerModel
import GleanerStore

/// Claims and in-progress marks (`SQLiteStore+Interrupted.swift`): which feeds a process was fetching when it stopped.
extension PostgresStore {
    /// Claims, of `urls`, the feeds no other process holds, for `lease` seconds, and returns them in the order
    /// given. Several daemons claim from the same due list at once: `FOR UPDATE SKIP LOCKED` hands each row to
    /// one of them without waiting, and a claim whose lease ran out (its daemon died) is free again. The
    /// owner's own claims are renewed.
    @discardableResult
    public func claimFeeds(_ urls: [String], owner: FetchOwner, lease: Int64) throws -> [String] {
        try claim(urls, owner: owner, lease: lease, dueBy: nil)
    }

    /// `claimFeeds`, of the feeds whose stored due time has come by `now` (another daemon that fetched a feed
    /// moved it on): checked under the same row lock as the claim, so a feed is fetched once per due time.
    @discardableResult
    public func claimDueFeeds(_ urls: [String], owner: FetchOwner, lease: Int64, now: Timestamp) throws -> [String] {
        try claim(urls, owner: owner, lease: lease, dueBy: now)
    }

    private func claim(_ urls: [String], owner: FetchOwner, lease: Int64, dueBy: Timestamp?) throws -> [String] {
        guard !urls.isEmpty else { return [] }
        try requireWritable("mark feeds in progress")
        // Leases run on the database's clock, so daemons on machines whose clocks differ agree on when one ends.
        let result = try connection.transaction {
            try connection.query("""
                WITH free AS (
                    SELECT id FROM feeds
                    WHERE url = ANY($1::text[])
                      AND (claimed_until IS NULL OR claimed_until <= \(PostgresStore.serverNow)
                           OR processing_run = $3::bigint)
                      AND ($6::bigint IS NULL OR next_due IS NULL OR next_due <= $6::bigint)
                    FOR UPDATE SKIP LOCKED)
                UPDATE feeds f SET processing_pid = $2::bigint, processing_run = $3::bigint, claimed_by = $4::text,
                                   claimed_until = \(PostgresStore.serverNow) + $5::bigint
                FROM free WHERE f.id = free.id
                RETURNING f.url
                """, [PostgresStore.textArray(urls), owner.pid, owner.run, PostgresStore.hostName, max(lease, 1), dueBy])
        }
        let claimed = Set(result.rows.compactMap { $0.string(0) })
        return urls.filter { claimed.contains($0) }
    }

    /// Ends every claim `owner` still holds.
    public func releaseClaims(owner: FetchOwner) throws {
        try requireWritable("clear in-progress marks")
        try connection.query("""
            UPDATE feeds SET processing_pid = NULL, processing_run = NULL, claimed_by = NULL, claimed_until = NULL
            WHERE processing_run = $1::bigint
            """, [owner.run])
    }

    /// Settles the claims of owners that are gone. A claim is gone when its lease ran out, or, for a claim
    /// made on this machine, when its process no longer exists (`isAlive`); a pid of another machine means
    /// nothing here, so another machine's claim is left to its lease.
    public func settleInterruptedFetches(owner: FetchOwner, now: Timestamp,
                                         isAlive: (Int64) -> Bool) throws -> [InterruptedFetch] {
        try requireWritable("settle interrupted fetches")
        return try connection.transaction {
            let found = try connection.query("""
                SELECT id, url, name, stops, processing_pid, processing_run,
                       claimed_until IS NOT NULL AND claimed_until <= \(PostgresStore.serverNow)
                FROM feeds
                WHERE processing_run IS NOT NULL
                  AND (claimed_until IS NULL OR claimed_until <= \(PostgresStore.serverNow) OR claimed_by = $1::text)
                ORDER BY ordinal, id FOR UPDATE
                """, [PostgresStore.hostName])
            var byRun: [Int64: [(id: Int64, url: String, name: String?, stops: Int)]] = [:]
            var runs: [Int64] = []
            var alive: [Int64: Bool] = [:]
            for row in found.rows {
                let pid = row.int64(4), run = row.int64(5)
                if run == owner.run { continue }
                let gone: Bool
                if row.int64(6) != 0 {
                    gone = true
                } else if let known = alive[pid] { gone = !known } else {
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
        let clear = """
            UPDATE feeds SET processing_pid = NULL, processing_run = NULL, claimed_by = NULL, claimed_until = NULL
            """
        switch verdict {
        case .fetchAlone:
            try connection.query(clear + ", fetch_alone = true WHERE id = $1::bigint", [feedID])
        case .heldBack(let until):
            try connection.query(clear + """
                , stops = $2::bigint, held_until = $3::bigint, next_due = $3::bigint, next_due_reason = $4::text
                WHERE id = $1::bigint
                """, [feedID, state.stops, until, StopVerdict.heldReason])
        case .disabled:
            try connection.query(clear + """
                , stops = $2::bigint, held_until = NULL, \(PostgresStore.disabledColumns(from: 3)) WHERE id = $1::bigint
                """, [feedID, state.stops] + PostgresStore.disabledValues(state.disabled))
        }
    }

    public func feedsFetchedAlone() throws -> Set<String> {
        Set(try connection.query("SELECT url FROM feeds WHERE stops > 0 OR fetch_alone").rows.compactMap { $0.string(0) })
    }
}
