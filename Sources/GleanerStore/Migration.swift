/// One step of the schema's history. Migrations are applied in order, each in its own transaction that also
/// sets `PRAGMA user_version`, so a crash leaves the file at a version boundary.
///
/// Never edit a released migration: append a new one. `SQLiteStore.schemaVersion` is the last one's version.
struct Migration: Sendable {
    var version: Int
    var sql: String

    static let all: [Migration] = [
        Migration(version: 1, sql: """
            CREATE TABLE feeds (
                id INTEGER PRIMARY KEY,
                url TEXT NOT NULL UNIQUE,
                name TEXT,                          -- from the configuration
                title TEXT,                         -- from the feed document
                tags TEXT NOT NULL DEFAULT '[]',    -- JSON array of strings
                ordinal INTEGER NOT NULL DEFAULT 0, -- position in the configuration
                configured INTEGER NOT NULL DEFAULT 1,
                etag TEXT,
                last_modified TEXT,
                validators_saved INTEGER,
                last_attempt INTEGER,
                last_success INTEGER,
                last_status INTEGER,
                last_result TEXT,
                last_error TEXT,
                consecutive_failures INTEGER NOT NULL DEFAULT 0,
                effective_url TEXT
            );

            -- AUTOINCREMENT: a seq is never reused, even after the newest rows are deleted, so consumer
            -- cursors stay meaningful.
            CREATE TABLE articles (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
                key TEXT NOT NULL,                  -- ArticleKey: id:…, link:… or hash:…
                guid TEXT,
                title TEXT,
                link TEXT,
                published INTEGER,
                updated INTEGER,
                fetched INTEGER NOT NULL,
                authors TEXT,                       -- JSON, NULL when empty
                categories TEXT,                    -- JSON, NULL when empty
                summary TEXT,
                summary_type TEXT,
                content TEXT,
                content_type TEXT,
                enclosures TEXT,                    -- JSON, NULL when empty
                links TEXT,                         -- JSON, NULL when empty
                language TEXT,
                comments TEXT,
                content_hash TEXT NOT NULL,
                update_count INTEGER NOT NULL DEFAULT 0,
                UNIQUE (feed_id, key)
            );

            -- The headlines order.
            CREATE INDEX articles_newest ON articles (COALESCE(published, fetched) DESC, seq DESC);

            CREATE TABLE consumers (
                name TEXT PRIMARY KEY,
                cursor INTEGER NOT NULL
            ) WITHOUT ROWID;
            """),
        // The scheduler's and the fetcher's per-feed state, and per-host rate limits.
        Migration(version: 2, sql: """
            ALTER TABLE feeds ADD COLUMN next_due INTEGER;            -- when the daemon fetches it next
            ALTER TABLE feeds ADD COLUMN next_due_reason TEXT;        -- why then: interval, ttl, backoff, …
            ALTER TABLE feeds ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;  -- e.g. after 410 Gone
            ALTER TABLE feeds ADD COLUMN disabled_reason TEXT;
            ALTER TABLE feeds ADD COLUMN moved_to TEXT;               -- a permanent redirect's target, unconfirmed
            ALTER TABLE feeds ADD COLUMN move_confirmations INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE feeds ADD COLUMN body_hash TEXT;              -- of the last body parsed
            ALTER TABLE feeds ADD COLUMN cache_until INTEGER;         -- from Cache-Control max-age / Expires
            ALTER TABLE feeds ADD COLUMN ttl INTEGER;                 -- the feed's own hints, from its last parse
            ALTER TABLE feeds ADD COLUMN update_period TEXT;
            ALTER TABLE feeds ADD COLUMN update_frequency INTEGER;
            ALTER TABLE feeds ADD COLUMN skip_hours TEXT;             -- JSON array of hours (UTC)
            ALTER TABLE feeds ADD COLUMN skip_days TEXT;              -- JSON array of day names
            ALTER TABLE feeds ADD COLUMN last_new INTEGER;            -- when it last brought a new article

            CREATE TABLE hosts (
                host TEXT PRIMARY KEY,                                -- host[:port], lower case
                retry_until INTEGER,                                  -- Retry-After from a 429/503
                last_request INTEGER
            ) WITHOUT ROWID;
            """),
        // Deduplication that survives odd feeds (key modes, tombstones, cross-feed duplicates), and consumers.
        Migration(version: 3, sql: """
            -- Which identity a feed's articles are keyed by: id (guid), link or hash. A feed whose ids are
            -- blank or repeated for different articles moves to the next one (SQLiteStore.keyModeFor…).
            ALTER TABLE feeds ADD COLUMN key_mode TEXT NOT NULL DEFAULT 'id';
            ALTER TABLE feeds ADD COLUMN key_mode_reason TEXT;
            ALTER TABLE feeds ADD COLUMN key_mode_changed INTEGER;

            -- The link normalised for cross-feed comparison (LinkNormalizer), NULL without a link.
            ALTER TABLE articles ADD COLUMN norm_link TEXT;
            -- When the content was last rewritten (update_count counts the rewrites).
            ALTER TABLE articles ADD COLUMN last_update INTEGER;
            -- The earlier article of another feed with the same normalised link, when stored.
            ALTER TABLE articles ADD COLUMN dup_of INTEGER;
            -- A tombstone: pruned by retention. The row keeps the identity (key, guid, link, title, dates) so
            -- that the article never comes back as new; the heavy columns are cleared.
            ALTER TABLE articles ADD COLUMN pruned INTEGER NOT NULL DEFAULT 0;

            CREATE INDEX articles_norm_link ON articles (norm_link) WHERE norm_link IS NOT NULL;
            -- Tombstones are few: counting them per feed stays cheap.
            CREATE INDEX articles_tombstones ON articles (feed_id) WHERE pruned <> 0;

            -- The headlines order (newest first) replaces articles_newest, whose entries land all over the
            -- index: a first fetch of a feed's back catalogue dirtied one index page per article, four times
            -- the pages of the rows themselves in every transaction. article_order holds the order of the
            -- articles up to article_order_state.through; the newer ones (the tail, at most
            -- SQLiteStore.articleOrderTail) are read from articles and sorted, and are added in one sorted batch
            -- when the tail is full (SQLiteStore.storeArticles). The triggers keep the stored order exact.
            DROP INDEX articles_newest;
            CREATE TABLE article_order (
                sort_at INTEGER NOT NULL,           -- COALESCE(published, fetched)
                seq INTEGER NOT NULL,
                PRIMARY KEY (sort_at, seq)
            ) WITHOUT ROWID;
            CREATE TABLE article_order_state (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                through INTEGER NOT NULL            -- the largest seq whose order is in article_order
            );
            INSERT INTO article_order (sort_at, seq) SELECT COALESCE(published, fetched), seq FROM articles;
            INSERT INTO article_order_state (id, through) VALUES (1, (SELECT COALESCE(MAX(seq), 0) FROM articles));
            CREATE TRIGGER article_order_delete AFTER DELETE ON articles
            BEGIN
                DELETE FROM article_order WHERE sort_at = COALESCE(OLD.published, OLD.fetched) AND seq = OLD.seq;
            END;
            CREATE TRIGGER article_order_update AFTER UPDATE OF published, fetched ON articles
            WHEN COALESCE(OLD.published, OLD.fetched) IS NOT COALESCE(NEW.published, NEW.fetched)
            BEGIN
                UPDATE article_order SET sort_at = COALESCE(NEW.published, NEW.fetched)
                WHERE sort_at = COALESCE(OLD.published, OLD.fetched) AND seq = OLD.seq;
            END;
            """),
        // Which feeds a fetch is processing, so that a process that stopped in the middle (a crash, an OOM kill)
        // can tell, on its next start, which feeds may have stopped it (SQLiteStore+Interrupted.swift).
        Migration(version: 4, sql: """
            -- Set in a small transaction before a feed's transfer and parse start, cleared with its recorded fetch.
            -- The owner is the process (pid) and its run (a random number drawn at start), so that a mark left
            -- by a process that is gone is told apart from one of a fetch still running.
            ALTER TABLE feeds ADD COLUMN processing_pid INTEGER;
            ALTER TABLE feeds ADD COLUMN processing_run INTEGER;
            -- Stops of the process while this feed was the only one being processed; reset by a successful fetch.
            -- One holds the feed back until held_until; two disable it until `gleaner fetch NAME` succeeds.
            ALTER TABLE feeds ADD COLUMN stops INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE feeds ADD COLUMN held_until INTEGER;
            -- In progress with other feeds when the process stopped: fetched alone until a fetch succeeds, so
            -- that a stop during its next fetch is its own.
            ALTER TABLE feeds ADD COLUMN fetch_alone INTEGER NOT NULL DEFAULT 0;
            CREATE INDEX feeds_processing ON feeds (processing_run) WHERE processing_run IS NOT NULL;
            CREATE INDEX feeds_suspects ON feeds (url) WHERE stops > 0 OR fetch_alone <> 0;
            """),
        // One date for listing, ordering and `--since` (Headline.date, which must say the same): published,
        // else updated, else first stored; a date more than a day after the article was first stored counts as
        // that time, so a far-future date does not keep an article at the top for ever.
        Migration(version: 5, sql: """
            ALTER TABLE articles ADD COLUMN sort_at INTEGER GENERATED ALWAYS AS (
                CASE WHEN COALESCE(published, updated) > fetched + 86400 THEN fetched
                     ELSE COALESCE(published, updated, fetched) END) VIRTUAL;
            DROP TRIGGER article_order_delete;
            DROP TRIGGER article_order_update;
            DELETE FROM article_order;
            INSERT INTO article_order (sort_at, seq)
                SELECT sort_at, seq FROM articles WHERE seq <= (SELECT through FROM article_order_state);
            CREATE TRIGGER article_order_delete AFTER DELETE ON articles
            BEGIN
                DELETE FROM article_order WHERE sort_at = OLD.sort_at AND seq = OLD.seq;
            END;
            CREATE TRIGGER article_order_update AFTER UPDATE OF published, updated, fetched ON articles
            WHEN OLD.sort_at IS NOT NEW.sort_at
            BEGIN
                UPDATE article_order SET sort_at = NEW.sort_at WHERE sort_at = OLD.sort_at AND seq = OLD.seq;
            END;
            """),
        // The web site a feed names as its own (RSS channel <link>, Atom link rel="alternate"), from its last
        // parse that gave one: `export-opml` writes it as the outline's htmlUrl.
        Migration(version: 6, sql: """
            ALTER TABLE feeds ADD COLUMN site_url TEXT;
            """),
        // Where each `on-new` program starts on each of its feeds: a program attached to a feed that already has
        // articles gets only what is stored after that moment (a notifier added to a feed with a thousand
        // articles must not send a thousand notifications). Programs that ran before this table existed keep
        // their cursor as the start of the feeds they have when they are next attached (hook_feeds_legacy), so
        // an upgrade drops nothing they had not acknowledged.
        Migration(version: 7, sql: """
            CREATE TABLE hook_feeds (
                consumer  TEXT NOT NULL,
                feed_url  TEXT NOT NULL,
                since_seq INTEGER NOT NULL,
                PRIMARY KEY (consumer, feed_url)
            ) WITHOUT ROWID;
            CREATE TABLE hook_feeds_legacy (consumer TEXT PRIMARY KEY) WITHOUT ROWID;
            INSERT INTO hook_feeds_legacy SELECT name FROM consumers WHERE name LIKE 'hook:%';
            """),
        // A disabled feed's state in columns of its own (FeedDisabled): before, the reason and the fingerprint of
        // the feeds.conf line were packed into disabled_reason with a U+001F separator, and the flag was a column
        // of its own. Packed values are split losslessly: the reason before the separator, the fingerprint after
        // it, marked as one of the old rule (FeedConfig.legacyFingerprint); the reason a feed that stopped the
        // process twice was given (StopVerdict.disabledReason) becomes kind 'quarantined', every other disabled
        // row 'gone'. When a row was disabled is not known for these. An enabled row keeps no reason (none was
        // ever written: enabling cleared it).
        Migration(version: 8, sql: """
            ALTER TABLE feeds ADD COLUMN disabled_kind TEXT CHECK (disabled_kind IN ('gone', 'quarantined'));
            ALTER TABLE feeds ADD COLUMN disabled_fingerprint TEXT;
            ALTER TABLE feeds ADD COLUMN disabled_at INTEGER;
            UPDATE feeds SET
                disabled_kind = CASE WHEN disabled_reason IS 'stopped the process twice while being fetched'
                                     THEN 'quarantined' ELSE 'gone' END,
                disabled_fingerprint = CASE WHEN instr(disabled_reason, char(31)) > 0
                    THEN 'legacy:' || substr(disabled_reason, instr(disabled_reason, char(31)) + 1) END,
                disabled_reason = CASE WHEN instr(disabled_reason, char(31)) > 0
                    THEN substr(disabled_reason, 1, instr(disabled_reason, char(31)) - 1) ELSE disabled_reason END
            WHERE disabled <> 0;
            UPDATE feeds SET disabled_reason = NULL WHERE disabled = 0;
            ALTER TABLE feeds DROP COLUMN disabled;
            """),
        // Full text (SQLiteStore+FullText.swift): whether the article's page was fetched for its text, why, and what
        // came of it.
        Migration(version: 9, sql: """
            -- NULL: never considered (stored before its feed asked for full text, or fulltext = never);
            -- skipped, pending, done, kept-feed, failed (FullTextStatus.State).
            ALTER TABLE articles ADD COLUMN fulltext_state TEXT;
            ALTER TABLE articles ADD COLUMN fulltext_reason TEXT;     -- why it was (or was not) fetched
            ALTER TABLE articles ADD COLUMN fulltext_text TEXT;       -- plain text, when state = done
            ALTER TABLE articles ADD COLUMN fulltext_html TEXT;       -- sanitized HTML, when state = done
            ALTER TABLE articles ADD COLUMN fulltext_at INTEGER;      -- the last attempt
            ALTER TABLE articles ADD COLUMN fulltext_error TEXT;      -- the last attempt's failure or verdict
            ALTER TABLE articles ADD COLUMN fulltext_attempts INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE articles ADD COLUMN fulltext_next INTEGER;    -- when a pending page is due
            CREATE INDEX articles_fulltext_due ON articles (fulltext_next) WHERE fulltext_state = 'pending';
            """),
    ]
}
