use crate::{ClusteringStep, Put, Result, Store, StoreError};
use model::{Article, ArticleClaims, ArticleId, Story, StoryId, StoryMember, StorySummary};
use rusqlite::{Connection, OptionalExtension, Row, params};
use std::path::Path;

mod accounts;
mod newsroom;
mod watch;

/// The schema, one migration per version; `PRAGMA user_version` records how many ran.
const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE articles (
    id            TEXT PRIMARY KEY,
    key           TEXT NOT NULL UNIQUE,
    url           TEXT,
    outlet        TEXT,
    title         TEXT,
    published_at  TEXT,
    language      TEXT,
    text          TEXT NOT NULL,
    origin        TEXT NOT NULL,
    claims        TEXT NOT NULL,
    ingested_at   TEXT NOT NULL
);
CREATE INDEX articles_published ON articles (published_at);
CREATE TABLE stories (
    id                  TEXT PRIMARY KEY,
    title               TEXT NOT NULL,
    first_published_at  TEXT
);
CREATE TABLE story_articles (
    story_id      TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    article_id    TEXT NOT NULL UNIQUE REFERENCES articles (id),
    duplicate_of  TEXT REFERENCES articles (id),
    position      INTEGER NOT NULL,
    PRIMARY KEY (story_id, article_id)
);
"#,
    r#"
-- Streaming clustering: stories are numbered by the clusterer, members by their place in its
-- stream, and its state is saved with the arrival number (articles.rowid) it has reached.
-- Stories from the earlier whole re-clustering are dropped; the next run rebuilds them.
DELETE FROM story_articles;
DELETE FROM stories;
ALTER TABLE stories ADD COLUMN number INTEGER;
CREATE UNIQUE INDEX stories_number ON stories (number);
ALTER TABLE story_articles ADD COLUMN doc INTEGER;
CREATE UNIQUE INDEX story_articles_doc ON story_articles (doc);
CREATE INDEX story_articles_story ON story_articles (story_id, position);
CREATE TABLE cluster_state (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    snapshot  BLOB NOT NULL,
    through   INTEGER NOT NULL
);
"#,
    r#"
-- Editorial signals (opinion or news, paywall, machine-made content, corrections) as JSON;
-- articles stored before have none until ingested again.
ALTER TABLE articles ADD COLUMN signals TEXT NOT NULL DEFAULT '{}';
"#,
    r#"
-- Facts about the store itself, such as the version of the claims stage that wrote the
-- stored claims.
CREATE TABLE meta (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
"#,
    r#"
-- Monitoring: the sources watched, their schedule and health, and the frontier of article
-- pages they listed. Times are Unix seconds, so comparisons are numeric.
CREATE TABLE sources (
    id               INTEGER PRIMARY KEY,
    url              TEXT NOT NULL UNIQUE,
    kind             TEXT NOT NULL,
    title            TEXT,
    site_url         TEXT,
    category         TEXT,
    added_at         INTEGER NOT NULL,
    state            TEXT NOT NULL DEFAULT 'active',
    etag             TEXT,
    last_modified    TEXT,
    interval_secs    INTEGER NOT NULL,
    next_poll_at     INTEGER NOT NULL,
    failures         INTEGER NOT NULL DEFAULT 0,
    polls            INTEGER NOT NULL DEFAULT 0,
    last_polled_at   INTEGER,
    last_success_at  INTEGER,
    last_error       TEXT,
    last_error_at    INTEGER,
    items_found      INTEGER NOT NULL DEFAULT 0,
    item_times       TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX sources_due ON sources (state, next_poll_at);
CREATE TABLE pages (
    url              TEXT PRIMARY KEY,
    source_id        INTEGER REFERENCES sources (id) ON DELETE SET NULL,
    found_at         INTEGER NOT NULL,
    listed_title     TEXT,
    listed_published INTEGER,
    listed_updated   INTEGER,
    state            TEXT NOT NULL DEFAULT 'pending',
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,
    last_error       TEXT,
    article_id       TEXT REFERENCES articles (id),
    etag             TEXT,
    last_modified    TEXT,
    content_hash     TEXT,
    fetched_at       INTEGER
);
CREATE INDEX pages_due ON pages (state, next_attempt_at);
CREATE INDEX pages_source ON pages (source_id, found_at);
-- Earlier versions of articles whose page changed after it was stored.
CREATE TABLE article_revisions (
    article_id   TEXT NOT NULL REFERENCES articles (id),
    revision     INTEGER NOT NULL,
    replaced_at  INTEGER NOT NULL,
    title        TEXT,
    published_at TEXT,
    text         TEXT NOT NULL,
    claims       TEXT NOT NULL,
    signals      TEXT NOT NULL,
    PRIMARY KEY (article_id, revision)
);
"#,
    r#"
-- The newsroom: editors with their sessions and API tokens, review decisions (an append-only
-- audit log), story numbers an editor's merge folded into another story, the built report of
-- each story, and the facets and full text the story list filters and searches; each story's
-- latest publication time, indexed, orders the list. Times are Unix seconds.
ALTER TABLE stories ADD COLUMN last_published_at TEXT;
UPDATE stories SET last_published_at =
    (SELECT max(a.published_at) FROM story_articles sa JOIN articles a ON a.id = sa.article_id
     WHERE sa.story_id = stories.id);
CREATE INDEX stories_latest ON stories (last_published_at);
CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE,
    password_hash  TEXT NOT NULL,
    role           TEXT NOT NULL DEFAULT 'editor',
    created_at     INTEGER NOT NULL,
    disabled       INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expires_at);
CREATE TABLE api_tokens (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    label         TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    created_at    INTEGER NOT NULL,
    last_used_at  INTEGER,
    revoked_at    INTEGER
);
CREATE TABLE decisions (
    id          INTEGER PRIMARY KEY,
    story_id    TEXT NOT NULL,
    fact_id     TEXT,
    action      TEXT NOT NULL,
    value       TEXT,
    article_id  TEXT,
    span_start  INTEGER,
    span_end    INTEGER,
    note        TEXT,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    created_at  INTEGER NOT NULL
);
CREATE INDEX decisions_story ON decisions (story_id, id);
CREATE TABLE story_numbers (
    number    INTEGER PRIMARY KEY,
    story_id  TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE
);
CREATE TABLE story_reports (
    story_id       TEXT PRIMARY KEY REFERENCES stories (id) ON DELETE CASCADE,
    members        INTEGER NOT NULL,
    outlets        INTEGER NOT NULL,
    languages      TEXT NOT NULL,
    decisions      INTEGER NOT NULL,
    claims_version TEXT NOT NULL,
    built_at       INTEGER NOT NULL,
    last_published TEXT,
    disputed       INTEGER NOT NULL,
    pending        INTEGER NOT NULL,
    report         TEXT NOT NULL
);
CREATE TABLE story_facets (
    story_id  TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    facet     TEXT NOT NULL,
    value     TEXT NOT NULL,
    PRIMARY KEY (facet, value, story_id)
) WITHOUT ROWID;
CREATE INDEX story_facets_story ON story_facets (story_id);
CREATE VIRTUAL TABLE story_search USING fts5 (story_id UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 2');
"#,
];

/// How many times a writer asks for the write lock, each time waiting up to the busy timeout.
const WRITE_ATTEMPTS: u32 = 6;

/// The embedded store: one SQLite file in write-ahead-log mode.
pub struct SqliteStore {
    connection: Connection,
}

impl SqliteStore {
    /// Opens (creating if needed) the store file at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Self> {
        let connection = Connection::open(path).map_err(|source| StoreError::Open {
            path: path.display().to_string(),
            source,
        })?;
        Self::init(connection, &path.display().to_string())
    }

    /// A store that lives in memory only, for tests and one-off runs.
    pub fn in_memory() -> Result<Self> {
        let connection = Connection::open_in_memory().map_err(|source| StoreError::Open {
            path: ":memory:".into(),
            source,
        })?;
        Self::init(connection, ":memory:")
    }

    fn init(connection: Connection, path: &str) -> Result<Self> {
        connection.busy_timeout(std::time::Duration::from_secs(10))?;
        connection.pragma_update(None, "journal_mode", "WAL")?;
        connection.pragma_update(None, "synchronous", "NORMAL")?;
        connection.pragma_update(None, "foreign_keys", "ON")?;
        let mut store = SqliteStore { connection };
        store.migrate(path)?;
        Ok(store)
    }

    /// A write transaction that takes the write lock when it begins. A deferred one that reads
    /// first could not upgrade to writing once another process (a second `corroborate` on the
    /// same store) had written meanwhile, and SQLite would refuse at once instead of waiting.
    ///
    /// Waiting for the lock: each attempt waits up to the busy timeout (10 s); the lock is
    /// asked for again up to [`WRITE_ATTEMPTS`] times, so a writer (a `watch`, a `serve`, an
    /// `ingest`) outlasts another's long transaction instead of failing.
    pub(crate) fn write(&mut self) -> rusqlite::Result<rusqlite::Transaction<'_>> {
        let mut attempt = 1;
        loop {
            // `&mut self` makes this the only transaction of the connection.
            match rusqlite::Transaction::new_unchecked(
                &self.connection,
                rusqlite::TransactionBehavior::Immediate,
            ) {
                Err(error)
                    if attempt < WRITE_ATTEMPTS
                        && matches!(
                            error.sqlite_error_code(),
                            Some(
                                rusqlite::ErrorCode::DatabaseBusy
                                    | rusqlite::ErrorCode::DatabaseLocked
                            )
                        ) =>
                {
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    fn migrate(&mut self, path: &str) -> Result<()> {
        let version: i64 = self
            .connection
            .pragma_query_value(None, "user_version", |r| r.get(0))?;
        let known = MIGRATIONS.len() as i64;
        if version > known {
            return Err(StoreError::TooNew {
                path: path.to_string(),
                found: version,
                known,
            });
        }
        if version == known {
            // Up to date: opening writes nothing.
            return Ok(());
        }
        let transaction = self.write()?;
        // Another process may have migrated while this one waited for the lock.
        let version: i64 = transaction.pragma_query_value(None, "user_version", |r| r.get(0))?;
        for migration in MIGRATIONS.iter().skip(version.clamp(0, known) as usize) {
            transaction.execute_batch(migration)?;
        }
        transaction.pragma_update(None, "user_version", known)?;
        transaction.commit()?;
        Ok(())
    }
}

pub(crate) fn timestamp_text(ts: Option<jiff::Timestamp>) -> Option<String> {
    ts.map(|t| t.to_string())
}

pub(crate) fn parse_timestamp(value: Option<String>) -> Result<Option<jiff::Timestamp>> {
    value
        .map(|v| {
            v.parse::<jiff::Timestamp>()
                .map_err(|e| StoreError::Corrupt(format!("timestamp {v:?}: {e}")))
        })
        .transpose()
}

const ARTICLE_COLUMNS: &str =
    "id, key, url, outlet, title, published_at, language, text, origin, signals";

/// An article row with the columns that still need parsing: its publication time and its
/// signals (JSON).
type ArticleRow = (Article, Option<String>, String);

fn article_from_row(row: &Row<'_>) -> rusqlite::Result<ArticleRow> {
    let published: Option<String> = row.get(5)?;
    Ok((
        Article {
            id: ArticleId(row.get(0)?),
            key: row.get(1)?,
            url: row.get(2)?,
            outlet: row.get(3)?,
            title: row.get(4)?,
            published_at: None,
            language: row.get(6)?,
            text: row.get(7)?,
            origin: row.get(8)?,
            signals: Default::default(),
        },
        published,
        row.get(9)?,
    ))
}

fn finish_article((mut article, published, signals): ArticleRow) -> Result<Article> {
    article.published_at = parse_timestamp(published)?;
    article.signals = serde_json::from_str(&signals)
        .map_err(|e| StoreError::Corrupt(format!("signals of {}: {e}", article.id)))?;
    Ok(article)
}

/// Stores a batch of articles inside a transaction the caller commits.
pub(crate) fn put_in(
    transaction: &rusqlite::Transaction<'_>,
    batch: &[(Article, ArticleClaims)],
) -> Result<Vec<Put>> {
    let now = jiff::Timestamp::now().to_string();
    let mut results = Vec::with_capacity(batch.len());
    let mut by_key = transaction.prepare_cached("SELECT id FROM articles WHERE key = ?1")?;
    let mut by_id = transaction.prepare_cached("SELECT key FROM articles WHERE id = ?1")?;
    let mut insert = transaction.prepare_cached(
        "INSERT INTO articles (id, key, url, outlet, title, published_at, language, text, origin, claims, ingested_at, signals)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?;
    for (article, claims) in batch {
        if let Some(id) = by_key
            .query_row([&article.key], |r| r.get::<_, String>(0))
            .optional()?
        {
            results.push(Put::AlreadyStored(ArticleId(id)));
            continue;
        }
        if let Some(stored_key) = by_id
            .query_row([&article.id.0], |r| r.get::<_, String>(0))
            .optional()?
        {
            let error = StoreError::IdTaken {
                id: article.id.0.clone(),
                stored_key,
                new_key: article.key.clone(),
            };
            results.push(Put::Rejected(error.to_string()));
            continue;
        }
        let claims_json = serde_json::to_string(claims)
            .map_err(|e| StoreError::Corrupt(format!("claims do not serialize: {e}")))?;
        let signals_json = serde_json::to_string(&article.signals)
            .map_err(|e| StoreError::Corrupt(format!("signals do not serialize: {e}")))?;
        insert.execute(params![
            article.id.0,
            article.key,
            article.url,
            article.outlet,
            article.title,
            timestamp_text(article.published_at),
            article.language,
            article.text,
            article.origin,
            claims_json,
            now,
            signals_json,
        ])?;
        results.push(Put::Inserted(article.id.clone()));
    }
    Ok(results)
}

impl Store for SqliteStore {
    fn put_articles(&mut self, batch: &[(Article, ArticleClaims)]) -> Result<Vec<Put>> {
        let transaction = self.write()?;
        let results = put_in(&transaction, batch)?;
        transaction.commit()?;
        Ok(results)
    }

    fn article(&self, id: &ArticleId) -> Result<Option<Article>> {
        let sql = format!("SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ?1");
        let row = self
            .connection
            .query_row(&sql, [&id.0], article_from_row)
            .optional()?;
        row.map(finish_article).transpose()
    }

    fn article_id_for_key(&self, key: &str) -> Result<Option<ArticleId>> {
        let id: Option<String> = self
            .connection
            .query_row("SELECT id FROM articles WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(id.map(ArticleId))
    }

    fn articles(&self) -> Result<Vec<Article>> {
        let sql = format!(
            "SELECT {ARTICLE_COLUMNS} FROM articles ORDER BY published_at IS NULL, published_at, id"
        );
        let mut statement = self.connection.prepare(&sql)?;
        let rows = statement.query_map([], article_from_row)?;
        rows.map(|row| finish_article(row?)).collect()
    }

    fn claims(&self, id: &ArticleId) -> Result<Option<ArticleClaims>> {
        let json: Option<String> = self
            .connection
            .query_row("SELECT claims FROM articles WHERE id = ?1", [&id.0], |r| {
                r.get(0)
            })
            .optional()?;
        json.map(|j| {
            serde_json::from_str(&j)
                .map_err(|e| StoreError::Corrupt(format!("claims of {id}: {e}")))
        })
        .transpose()
    }

    fn article_count(&self) -> Result<usize> {
        let count: i64 = self
            .connection
            .query_row("SELECT count(*) FROM articles", [], |r| r.get(0))?;
        Ok(count as usize)
    }

    fn clustering_state(&self) -> Result<Option<(Vec<u8>, i64)>> {
        Ok(self
            .connection
            .query_row(
                "SELECT snapshot, through FROM cluster_state WHERE id = 1",
                [],
                |r| Ok((r.get::<_, Vec<u8>>(0)?, r.get::<_, i64>(1)?)),
            )
            .optional()?)
    }

    fn articles_after(&self, after: i64, limit: usize) -> Result<Vec<(i64, Article)>> {
        let mut statement = self.connection.prepare(&format!(
            "SELECT {ARTICLE_COLUMNS}, rowid FROM articles WHERE rowid > ?1 ORDER BY rowid LIMIT ?2"
        ))?;
        let rows = statement.query_map(params![after, limit as i64], |row| {
            let seq: i64 = row.get(10)?;
            Ok((seq, article_from_row(row)?))
        })?;
        rows.map(|row| {
            let (seq, article) = row?;
            Ok((seq, finish_article(article)?))
        })
        .collect()
    }

    fn meta(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .connection
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    fn set_meta(&mut self, key: &str, value: &str) -> Result<()> {
        self.connection.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    fn replace_claims(&mut self, batch: &[(ArticleId, ArticleClaims)]) -> Result<()> {
        let transaction = self.write()?;
        {
            let mut update =
                transaction.prepare_cached("UPDATE articles SET claims = ?2 WHERE id = ?1")?;
            for (id, claims) in batch {
                let json = serde_json::to_string(claims)
                    .map_err(|e| StoreError::Corrupt(format!("claims do not serialize: {e}")))?;
                update.execute(params![id.0, json])?;
            }
        }
        transaction.commit()?;
        Ok(())
    }

    fn save_clustering(&mut self, step: &ClusteringStep) -> Result<()> {
        let transaction = self.write()?;
        {
            // An editor's merge leaves the merged story's number pointing at the story it joined.
            let mut story_id = transaction.prepare(
                "SELECT id FROM stories WHERE number = ?1
                 UNION ALL SELECT story_id FROM story_numbers WHERE number = ?1 LIMIT 1",
            )?;
            let mut insert_story = transaction.prepare(
                "INSERT INTO stories (id, title, first_published_at, number) VALUES (?1, ?2, ?3, ?4)",
            )?;
            let mut insert_member = transaction.prepare(
                "INSERT OR IGNORE INTO story_articles (story_id, article_id, duplicate_of, position, doc)
                 VALUES (?1, ?2,
                         (SELECT article_id FROM story_articles WHERE doc = ?3),
                         (SELECT coalesce(max(position) + 1, 0) FROM story_articles WHERE story_id = ?1),
                         ?4)",
            )?;
            // Timestamps are stored in one RFC 3339 form, so text order is time order.
            let mut widen = transaction.prepare(
                "UPDATE stories SET
                     first_published_at = CASE WHEN first_published_at IS NULL OR first_published_at > ?2
                                               THEN ?2 ELSE first_published_at END,
                     last_published_at = CASE WHEN last_published_at IS NULL OR last_published_at < ?2
                                              THEN ?2 ELSE last_published_at END
                 WHERE id = ?1 AND ?2 IS NOT NULL",
            )?;
            let mut move_members = transaction.prepare(
                "UPDATE story_articles
                 SET story_id = ?2,
                     position = position + (SELECT coalesce(max(position) + 1, 0)
                                            FROM story_articles WHERE story_id = ?2)
                 WHERE story_id = ?1",
            )?;
            let mut times_of = transaction.prepare(
                "SELECT first_published_at, last_published_at FROM stories WHERE id = ?1",
            )?;
            let mut delete_story = transaction.prepare("DELETE FROM stories WHERE id = ?1")?;
            for placement in &step.placements {
                let number = placement.story as i64;
                let mut target: Option<String> =
                    story_id.query_row([number], |r| r.get(0)).optional()?;
                if target.is_none() {
                    let id = format!(
                        "s-{}",
                        &blake3::hash(placement.article.0.as_bytes()).to_hex()[..12]
                    );
                    insert_story.execute(params![
                        id,
                        placement.title,
                        timestamp_text(placement.published_at),
                        number
                    ])?;
                    target = Some(id);
                }
                let Some(target) = target else { continue };
                for merged in &placement.merged {
                    let Some(gone) = story_id
                        .query_row([*merged as i64], |r| r.get::<_, String>(0))
                        .optional()?
                    else {
                        continue;
                    };
                    if gone == target {
                        continue;
                    }
                    let (first, last): (Option<String>, Option<String>) = times_of
                        .query_row([&gone], |r| Ok((r.get(0)?, r.get(1)?)))
                        .optional()?
                        .unwrap_or_default();
                    move_members.execute(params![gone, target])?;
                    widen.execute(params![target, first])?;
                    widen.execute(params![target, last])?;
                    delete_story.execute([&gone])?;
                }
                insert_member.execute(params![
                    target,
                    placement.article.0,
                    placement.duplicate_of.map(|d| d as i64),
                    placement.doc as i64
                ])?;
                widen.execute(params![target, timestamp_text(placement.published_at)])?;
            }
            transaction.execute(
                "INSERT INTO cluster_state (id, snapshot, through) VALUES (1, ?1, ?2)
                 ON CONFLICT (id) DO UPDATE SET snapshot = excluded.snapshot, through = excluded.through",
                params![step.snapshot, step.through],
            )?;
        }
        transaction.commit()?;
        Ok(())
    }

    fn reset_clustering(&mut self) -> Result<()> {
        let transaction = self.write()?;
        transaction.execute("DELETE FROM story_articles", [])?;
        transaction.execute("DELETE FROM stories", [])?;
        transaction.execute("DELETE FROM cluster_state", [])?;
        transaction.execute("DELETE FROM story_search", [])?;
        transaction.commit()?;
        Ok(())
    }

    fn stories(&self) -> Result<Vec<StorySummary>> {
        let mut statement = self.connection.prepare(
            "SELECT s.id, s.title, s.first_published_at, count(sa.article_id),
                    count(DISTINCT coalesce(a.outlet, a.url, a.id))
             FROM stories s
             JOIN story_articles sa ON sa.story_id = s.id
             JOIN articles a ON a.id = sa.article_id
             GROUP BY s.id
             ORDER BY s.first_published_at IS NULL, s.first_published_at DESC, s.id",
        )?;
        let rows = statement.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })?;
        rows.map(|row| {
            let (id, title, first, articles, outlets) = row?;
            Ok(StorySummary {
                id: StoryId(id),
                title,
                first_published_at: parse_timestamp(first)?,
                article_count: articles as usize,
                outlet_count: outlets as usize,
            })
        })
        .collect()
    }

    fn story(&self, id: &StoryId) -> Result<Option<Story>> {
        let head = self
            .connection
            .query_row(
                "SELECT title, first_published_at FROM stories WHERE id = ?1",
                [&id.0],
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?)),
            )
            .optional()?;
        let Some((title, first)) = head else {
            return Ok(None);
        };
        let mut statement = self.connection.prepare(
            "SELECT article_id, duplicate_of FROM story_articles WHERE story_id = ?1 ORDER BY position",
        )?;
        let members = statement
            .query_map([&id.0], |r| {
                Ok(StoryMember {
                    article: ArticleId(r.get(0)?),
                    duplicate_of: r.get::<_, Option<String>>(1)?.map(ArticleId),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Some(Story {
            id: id.clone(),
            title,
            first_published_at: parse_timestamp(first)?,
            members,
        }))
    }

    fn story_of(&self, article: &ArticleId) -> Result<Option<StoryId>> {
        let id: Option<String> = self
            .connection
            .query_row(
                "SELECT story_id FROM story_articles WHERE article_id = ?1",
                [&article.0],
                |r| r.get(0),
            )
            .optional()?;
        Ok(id.map(StoryId))
    }
}
