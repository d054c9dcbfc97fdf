//! The SQLite side of [`crate::WatchStore`].

use super::{SqliteStore, put_in};
use crate::watch::{
    ListedPage, NewSource, PageOutcome, PageRecord, PageResult, PollRecord, Revision, SourceId,
    SourceKind, SourceRecord, SourceState, WatchCounts, WatchStore,
};
use crate::{Put, Result, StoreError};
use model::ArticleId;
use rusqlite::{OptionalExtension, Row, params};

const SOURCE_COLUMNS: &str = "id, url, kind, title, site_url, category, added_at, state, etag, \
     last_modified, interval_secs, next_poll_at, failures, polls, last_polled_at, \
     last_success_at, last_error, last_error_at, items_found, item_times";

fn source_from_row(row: &Row<'_>) -> rusqlite::Result<(SourceRecord, String, String)> {
    Ok((
        SourceRecord {
            id: row.get(0)?,
            url: row.get(1)?,
            kind: SourceKind::Feed,
            title: row.get(3)?,
            site_url: row.get(4)?,
            category: row.get(5)?,
            added_at: row.get(6)?,
            state: SourceState::Active,
            etag: row.get(8)?,
            last_modified: row.get(9)?,
            interval_secs: row.get(10)?,
            next_poll_at: row.get(11)?,
            failures: row.get(12)?,
            polls: row.get(13)?,
            last_polled_at: row.get(14)?,
            last_success_at: row.get(15)?,
            last_error: row.get(16)?,
            last_error_at: row.get(17)?,
            items_found: row.get(18)?,
            item_times: Vec::new(),
        },
        format!(
            "{}\u{0}{}",
            row.get::<_, String>(2)?,
            row.get::<_, String>(7)?
        ),
        row.get(19)?,
    ))
}

fn finish_source(
    (mut source, kind_state, times): (SourceRecord, String, String),
) -> Result<SourceRecord> {
    let (kind, state) = kind_state.split_once('\u{0}').unwrap_or_default();
    source.kind = SourceKind::parse(kind)
        .ok_or_else(|| StoreError::Corrupt(format!("source {} has kind {kind:?}", source.id)))?;
    source.state = match state {
        "active" => SourceState::Active,
        "disabled" => SourceState::Disabled,
        other => {
            return Err(StoreError::Corrupt(format!(
                "source {} has state {other:?}",
                source.id
            )));
        }
    };
    source.item_times = serde_json::from_str(&times)
        .map_err(|e| StoreError::Corrupt(format!("item times of source {}: {e}", source.id)))?;
    Ok(source)
}

impl SqliteStore {
    fn query_sources(&self, tail: &str, args: impl rusqlite::Params) -> Result<Vec<SourceRecord>> {
        let sql = format!("SELECT {SOURCE_COLUMNS} FROM sources {tail}");
        let mut statement = self.connection.prepare_cached(&sql)?;
        let rows = statement.query_map(args, source_from_row)?;
        rows.map(|r| finish_source(r?)).collect()
    }
}

fn queue_page(
    transaction: &rusqlite::Transaction<'_>,
    source: SourceId,
    now: i64,
    page: &ListedPage,
) -> Result<usize> {
    let mut insert = transaction.prepare_cached(
        "INSERT INTO pages (url, source_id, found_at, listed_title, listed_published, listed_updated, state, next_attempt_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'pending', ?3)
         ON CONFLICT (url) DO UPDATE SET
             state = 'pending',
             next_attempt_at = excluded.found_at,
             listed_updated = excluded.listed_updated,
             attempts = 0
         WHERE pages.state = 'stored'
           AND excluded.listed_updated IS NOT NULL
           AND excluded.listed_updated > COALESCE(pages.fetched_at, 0)
           AND excluded.listed_updated > COALESCE(pages.listed_updated, 0)",
    )?;
    Ok(insert.execute(params![
        page.url,
        source,
        now,
        page.title,
        page.published,
        page.updated
    ])?)
}

impl WatchStore for SqliteStore {
    fn add_source(&mut self, source: &NewSource, now: i64) -> Result<(SourceId, bool)> {
        let inserted = self.connection.execute(
            "INSERT INTO sources (url, kind, title, site_url, category, added_at, interval_secs, next_poll_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?6)
             ON CONFLICT (url) DO NOTHING",
            params![
                source.url,
                source.kind.as_str(),
                source.title,
                source.site_url,
                source.category,
                now,
                source.interval_secs
            ],
        )?;
        let id: SourceId = self.connection.query_row(
            "SELECT id FROM sources WHERE url = ?1",
            [&source.url],
            |r| r.get(0),
        )?;
        Ok((id, inserted == 1))
    }

    fn sources(&self) -> Result<Vec<SourceRecord>> {
        self.query_sources("ORDER BY id", [])
    }

    fn source(&self, id: SourceId) -> Result<Option<SourceRecord>> {
        Ok(self
            .query_sources("WHERE id = ?1", [id])?
            .into_iter()
            .next())
    }

    fn remove_source(&mut self, id: SourceId) -> Result<bool> {
        let transaction = self.write()?;
        // Pages not fetched yet go with their source; fetched ones stay with their articles.
        transaction.execute(
            "DELETE FROM pages WHERE source_id = ?1 AND article_id IS NULL",
            [id],
        )?;
        let removed = transaction.execute("DELETE FROM sources WHERE id = ?1", [id])?;
        transaction.commit()?;
        Ok(removed == 1)
    }

    fn set_source_state(&mut self, id: SourceId, state: SourceState, now: i64) -> Result<bool> {
        let changed = match state {
            SourceState::Active => self.connection.execute(
                "UPDATE sources SET state = 'active', failures = 0, next_poll_at = ?2 WHERE id = ?1",
                params![id, now],
            )?,
            SourceState::Disabled => self.connection.execute(
                "UPDATE sources SET state = 'disabled' WHERE id = ?1",
                [id],
            )?,
        };
        Ok(changed == 1)
    }

    fn due_sources(&self, now: i64, limit: usize) -> Result<Vec<SourceRecord>> {
        self.query_sources(
            "WHERE state = 'active' AND next_poll_at <= ?1 ORDER BY next_poll_at, id LIMIT ?2",
            params![now, limit as i64],
        )
    }

    fn record_poll(&mut self, poll: &PollRecord) -> Result<usize> {
        let times = serde_json::to_string(&poll.item_times)
            .map_err(|e| StoreError::Corrupt(format!("item times do not serialize: {e}")))?;
        let transaction = self.write()?;
        let mut queued = 0;
        for page in &poll.pages {
            queued += queue_page(&transaction, poll.source, poll.polled_at, page)?;
        }
        match &poll.error {
            None => transaction.execute(
                "UPDATE sources SET polls = polls + 1, last_polled_at = ?2, last_success_at = ?2,
                     failures = 0, state = ?3, interval_secs = ?4, next_poll_at = ?5,
                     etag = ?6, last_modified = ?7, title = COALESCE(title, ?8),
                     item_times = ?9, items_found = items_found + ?10
                 WHERE id = ?1",
                params![
                    poll.source,
                    poll.polled_at,
                    poll.state.as_str(),
                    poll.interval_secs,
                    poll.next_poll_at,
                    poll.etag,
                    poll.last_modified,
                    poll.title,
                    times,
                    queued as i64
                ],
            )?,
            Some(error) => transaction.execute(
                "UPDATE sources SET polls = polls + 1, last_polled_at = ?2, last_error = ?3,
                     last_error_at = ?2, failures = ?4, state = ?5, interval_secs = ?6,
                     next_poll_at = ?7, items_found = items_found + ?8
                 WHERE id = ?1",
                params![
                    poll.source,
                    poll.polled_at,
                    error,
                    poll.failures,
                    poll.state.as_str(),
                    poll.interval_secs,
                    poll.next_poll_at,
                    queued as i64
                ],
            )?,
        };
        transaction.commit()?;
        Ok(queued)
    }

    fn due_pages(&self, now: i64, limit: usize) -> Result<Vec<PageRecord>> {
        let mut statement = self.connection.prepare_cached(
            "SELECT url, source_id, attempts, article_id, etag, last_modified, content_hash
             FROM pages WHERE state = 'pending' AND next_attempt_at <= ?1
             ORDER BY next_attempt_at, found_at LIMIT ?2",
        )?;
        let rows = statement.query_map(params![now, limit as i64], |r| {
            Ok(PageRecord {
                url: r.get(0)?,
                source: r.get(1)?,
                attempts: r.get(2)?,
                article: r.get::<_, Option<String>>(3)?.map(ArticleId),
                etag: r.get(4)?,
                last_modified: r.get(5)?,
                content_hash: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    fn record_page(&mut self, url: &str, result: &PageResult, now: i64) -> Result<PageOutcome> {
        let transaction = self.write()?;
        let stored: Option<(Option<String>, Option<String>)> = transaction
            .query_row(
                "SELECT article_id, content_hash FROM pages WHERE url = ?1",
                [url],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((stored_article, stored_hash)) = stored else {
            // The page's source was removed meanwhile: nothing to record.
            return Ok(PageOutcome::Failed);
        };
        let outcome = match result {
            PageResult::Article {
                article,
                claims,
                content_hash,
                etag,
                last_modified,
            } => {
                let outcome = match stored_article {
                    Some(id) if stored_hash.as_deref() == Some(content_hash.as_str()) => {
                        PageOutcome::Known(ArticleId(id))
                    }
                    Some(id) => {
                        let revision = revise(&transaction, &id, article, claims, now)?;
                        PageOutcome::Revised(ArticleId(id), revision)
                    }
                    None => {
                        match put_in(&transaction, &[((**article).clone(), (**claims).clone())])?
                            .pop()
                        {
                            Some(Put::Inserted(id)) => PageOutcome::Inserted(id),
                            Some(Put::AlreadyStored(id)) => PageOutcome::Known(id),
                            Some(Put::Rejected(message)) => PageOutcome::Rejected(message),
                            None => PageOutcome::Failed,
                        }
                    }
                };
                match &outcome {
                    PageOutcome::Inserted(id)
                    | PageOutcome::Known(id)
                    | PageOutcome::Revised(id, _) => {
                        transaction.execute(
                            "UPDATE pages SET state = 'stored', article_id = ?2, etag = ?3,
                                 last_modified = ?4, content_hash = ?5, fetched_at = ?6,
                                 attempts = 0, last_error = NULL
                             WHERE url = ?1",
                            params![url, id.0, etag, last_modified, content_hash, now],
                        )?;
                    }
                    PageOutcome::Rejected(message) => {
                        transaction.execute(
                            "UPDATE pages SET state = 'failed', last_error = ?2, fetched_at = ?3
                             WHERE url = ?1",
                            params![url, message, now],
                        )?;
                    }
                    _ => {}
                }
                outcome
            }
            PageResult::Unchanged {
                etag,
                last_modified,
            } => {
                transaction.execute(
                    "UPDATE pages SET state = CASE WHEN article_id IS NULL THEN 'failed' ELSE 'stored' END,
                         etag = COALESCE(?2, etag), last_modified = COALESCE(?3, last_modified),
                         fetched_at = ?4, attempts = 0, last_error = NULL
                     WHERE url = ?1",
                    params![url, etag, last_modified, now],
                )?;
                PageOutcome::Unchanged
            }
            PageResult::Failed { error, retry_at } => {
                transaction.execute(
                    "UPDATE pages SET attempts = attempts + 1, last_error = ?2,
                         state = CASE WHEN ?3 IS NOT NULL THEN 'pending'
                                      WHEN article_id IS NOT NULL THEN 'stored'
                                      ELSE 'failed' END,
                         next_attempt_at = COALESCE(?3, next_attempt_at)
                     WHERE url = ?1",
                    params![url, error, retry_at],
                )?;
                PageOutcome::Failed
            }
        };
        transaction.commit()?;
        Ok(outcome)
    }

    fn next_due(&self) -> Result<Option<i64>> {
        Ok(self.connection.query_row(
            "SELECT min(t) FROM (
                 SELECT min(next_poll_at) AS t FROM sources WHERE state = 'active'
                 UNION ALL
                 SELECT min(next_attempt_at) FROM pages WHERE state = 'pending')",
            [],
            |r| r.get(0),
        )?)
    }

    fn stored_since(&self, since: i64) -> Result<Vec<(SourceId, i64)>> {
        let mut statement = self.connection.prepare_cached(
            "SELECT source_id, count(*) FROM pages
             WHERE state = 'stored' AND found_at >= ?1 AND source_id IS NOT NULL
             GROUP BY source_id",
        )?;
        let rows = statement.query_map([since], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    fn watch_counts(&self) -> Result<WatchCounts> {
        let mut counts = WatchCounts::default();
        self.connection.query_row(
            "SELECT count(*),
                    count(*) FILTER (WHERE state = 'active'),
                    count(*) FILTER (WHERE state = 'active' AND failures > 0),
                    count(*) FILTER (WHERE state = 'disabled')
             FROM sources",
            [],
            |r| {
                counts.sources = r.get::<_, i64>(0)? as usize;
                counts.active = r.get::<_, i64>(1)? as usize;
                counts.failing = r.get::<_, i64>(2)? as usize;
                counts.disabled = r.get::<_, i64>(3)? as usize;
                Ok(())
            },
        )?;
        self.connection.query_row(
            "SELECT count(*) FILTER (WHERE state = 'pending'),
                    count(*) FILTER (WHERE state = 'stored'),
                    count(*) FILTER (WHERE state = 'failed')
             FROM pages",
            [],
            |r| {
                counts.pages_pending = r.get::<_, i64>(0)? as usize;
                counts.pages_stored = r.get::<_, i64>(1)? as usize;
                counts.pages_failed = r.get::<_, i64>(2)? as usize;
                Ok(())
            },
        )?;
        Ok(counts)
    }

    fn revisions(&self, article: &ArticleId) -> Result<Vec<Revision>> {
        let mut statement = self.connection.prepare_cached(
            "SELECT revision, replaced_at, title, text FROM article_revisions
             WHERE article_id = ?1 ORDER BY revision",
        )?;
        let rows = statement.query_map([&article.0], |r| {
            Ok(Revision {
                revision: r.get(0)?,
                replaced_at: r.get(1)?,
                title: r.get(2)?,
                text: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}

/// Keeps the stored version of an article as a revision and stores the new one in its place
/// (same id and key, so its story and citations stay). Returns the revision number.
fn revise(
    transaction: &rusqlite::Transaction<'_>,
    id: &str,
    article: &model::Article,
    claims: &model::ArticleClaims,
    now: i64,
) -> Result<i64> {
    let revision: i64 = transaction.query_row(
        "SELECT COALESCE(max(revision), 0) + 1 FROM article_revisions WHERE article_id = ?1",
        [id],
        |r| r.get(0),
    )?;
    transaction.execute(
        "INSERT INTO article_revisions (article_id, revision, replaced_at, title, published_at, text, claims, signals)
         SELECT id, ?2, ?3, title, published_at, text, claims, signals FROM articles WHERE id = ?1",
        params![id, revision, now],
    )?;
    let claims_json = serde_json::to_string(claims)
        .map_err(|e| StoreError::Corrupt(format!("claims do not serialize: {e}")))?;
    let signals_json = serde_json::to_string(&article.signals)
        .map_err(|e| StoreError::Corrupt(format!("signals do not serialize: {e}")))?;
    transaction.execute(
        "UPDATE articles SET title = ?2, text = ?3, claims = ?4, signals = ?5,
             published_at = COALESCE(?6, published_at), language = COALESCE(?7, language)
         WHERE id = ?1",
        params![
            id,
            article.title,
            article.text,
            claims_json,
            signals_json,
            article.published_at.map(|t| t.to_string()),
            article.language
        ],
    )?;
    Ok(revision)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;
    use model::{Article, ArticleClaims};

    fn feed(url: &str) -> NewSource {
        NewSource {
            url: url.into(),
            kind: SourceKind::Feed,
            title: None,
            site_url: None,
            category: Some("news".into()),
            interval_secs: 300,
        }
    }

    fn page(url: &str, updated: Option<i64>) -> ListedPage {
        ListedPage {
            url: url.into(),
            title: Some("t".into()),
            published: Some(100),
            updated,
        }
    }

    fn poll(source: SourceId, at: i64, pages: Vec<ListedPage>) -> PollRecord {
        PollRecord {
            source,
            polled_at: at,
            error: None,
            failures: 0,
            state: SourceState::Active,
            interval_secs: 300,
            next_poll_at: at + 300,
            etag: Some("\"v1\"".into()),
            last_modified: None,
            title: Some("Feed".into()),
            item_times: vec![90, 100],
            pages,
        }
    }

    fn article(url: &str, text: &str) -> PageResult {
        PageResult::Article {
            article: Box::new(Article {
                id: ArticleId(format!("a-{}", url.len())),
                key: format!("url:{url}"),
                url: Some(url.into()),
                outlet: None,
                title: Some("Title".into()),
                published_at: None,
                language: Some("en".into()),
                text: text.into(),
                origin: url.into(),
                signals: Default::default(),
            }),
            claims: Box::new(ArticleClaims::default()),
            content_hash: blake3::hash(text.as_bytes()).to_hex().to_string(),
            etag: None,
            last_modified: None,
        }
    }

    #[test]
    fn a_poll_queues_each_page_once_and_a_fetch_stores_it_once() {
        let mut store = SqliteStore::in_memory().unwrap();
        let (id, new) = store
            .add_source(&feed("https://a.example/feed"), 10)
            .unwrap();
        assert!(new);
        assert_eq!(
            store
                .add_source(&feed("https://a.example/feed"), 11)
                .unwrap(),
            (id, false)
        );
        assert_eq!(store.due_sources(9, 10).unwrap().len(), 0);
        assert_eq!(store.due_sources(10, 10).unwrap().len(), 1);
        let pages = vec![
            page("https://a.example/1", None),
            page("https://a.example/22", None),
        ];
        assert_eq!(store.record_poll(&poll(id, 20, pages.clone())).unwrap(), 2);
        // Listed again: nothing new.
        assert_eq!(store.record_poll(&poll(id, 320, pages)).unwrap(), 0);
        let source = store.source(id).unwrap().unwrap();
        assert_eq!(source.polls, 2);
        assert_eq!(source.items_found, 2);
        assert_eq!(source.title.as_deref(), Some("Feed"));
        assert_eq!(source.next_poll_at, 620);
        assert_eq!(store.due_sources(400, 10).unwrap().len(), 0);

        let due = store.due_pages(400, 10).unwrap();
        assert_eq!(due.len(), 2);
        let outcome = store
            .record_page(
                "https://a.example/1",
                &article("https://a.example/1", "One."),
                401,
            )
            .unwrap();
        assert!(matches!(outcome, PageOutcome::Inserted(_)));
        assert_eq!(store.article_count().unwrap(), 1);
        assert_eq!(store.due_pages(400, 10).unwrap().len(), 1);
        // A failure with a retry time stays pending; without, it is given up.
        let failed = PageResult::Failed {
            error: "HTTP 503".into(),
            retry_at: Some(1000),
        };
        store
            .record_page("https://a.example/22", &failed, 402)
            .unwrap();
        assert_eq!(store.due_pages(999, 10).unwrap().len(), 0);
        assert_eq!(store.due_pages(1000, 10).unwrap()[0].attempts, 1);
        let counts = store.watch_counts().unwrap();
        assert_eq!((counts.pages_pending, counts.pages_stored), (1, 1));
        assert_eq!(store.next_due().unwrap(), Some(620));
        assert_eq!(store.stored_since(0).unwrap(), vec![(id, 1)]);
    }

    #[test]
    fn an_updated_page_is_fetched_again_and_kept_as_a_revision() {
        let mut store = SqliteStore::in_memory().unwrap();
        let (id, _) = store
            .add_source(&feed("https://a.example/feed"), 0)
            .unwrap();
        let url = "https://a.example/1";
        store
            .record_poll(&poll(id, 10, vec![page(url, Some(5))]))
            .unwrap();
        store
            .record_page(url, &article(url, "At least 40 dead."), 20)
            .unwrap();
        // Listed with the same update time: not queued again.
        assert_eq!(
            store
                .record_poll(&poll(id, 30, vec![page(url, Some(5))]))
                .unwrap(),
            0
        );
        // Listed as updated after the fetch: queued again.
        assert_eq!(
            store
                .record_poll(&poll(id, 40, vec![page(url, Some(35))]))
                .unwrap(),
            1
        );
        let due = store.due_pages(40, 10).unwrap();
        assert!(due[0].article.is_some());
        let outcome = store
            .record_page(url, &article(url, "57 dead as of Monday."), 50)
            .unwrap();
        let PageOutcome::Revised(article_id, 1) = outcome else {
            panic!("{outcome:?}")
        };
        assert_eq!(
            store.article(&article_id).unwrap().unwrap().text,
            "57 dead as of Monday."
        );
        let revisions = store.revisions(&article_id).unwrap();
        assert_eq!(revisions.len(), 1);
        assert_eq!(revisions[0].text, "At least 40 dead.");
        assert_eq!(store.article_count().unwrap(), 1);
        // Fetching the same text again is no revision.
        store
            .record_poll(&poll(id, 60, vec![page(url, Some(55))]))
            .unwrap();
        let outcome = store
            .record_page(url, &article(url, "57 dead as of Monday."), 70)
            .unwrap();
        assert!(matches!(outcome, PageOutcome::Known(_)));
        assert_eq!(store.revisions(&article_id).unwrap().len(), 1);
    }

    #[test]
    fn failing_sources_keep_their_validators_and_can_be_disabled_and_enabled() {
        let mut store = SqliteStore::in_memory().unwrap();
        let (id, _) = store
            .add_source(&feed("https://a.example/feed"), 0)
            .unwrap();
        store.record_poll(&poll(id, 10, vec![])).unwrap();
        let mut failed = poll(id, 400, vec![]);
        failed.error = Some("HTTP 500".into());
        failed.failures = 1;
        failed.etag = None;
        store.record_poll(&failed).unwrap();
        let source = store.source(id).unwrap().unwrap();
        assert_eq!(source.etag.as_deref(), Some("\"v1\""));
        assert_eq!(source.failures, 1);
        assert_eq!(source.last_error.as_deref(), Some("HTTP 500"));
        assert!(
            store
                .set_source_state(id, SourceState::Disabled, 500)
                .unwrap()
        );
        assert!(store.due_sources(i64::MAX, 10).unwrap().is_empty());
        assert!(
            store
                .set_source_state(id, SourceState::Active, 600)
                .unwrap()
        );
        let source = store.source(id).unwrap().unwrap();
        assert_eq!((source.failures, source.next_poll_at), (0, 600));
        assert!(store.remove_source(id).unwrap());
        assert!(store.sources().unwrap().is_empty());
    }
}
