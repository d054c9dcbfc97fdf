#![allow(clippy::unwrap_used)]

use model::signals::{
    ArticleKind, Correction, CorrectionKind, SignalEvidence, SignalSource, Signals,
};
use model::{Article, ArticleClaims, ArticleId, Span};
use store::{ClusteringStep, Placement, Put, SqliteStore, Store};

fn article(id: &str, key: &str, published: Option<&str>) -> Article {
    Article {
        id: ArticleId(id.into()),
        key: key.into(),
        url: Some(format!("https://x.example/{id}")),
        outlet: Some("X".into()),
        title: Some(format!("Title {id}")),
        published_at: published.map(|p| p.parse().unwrap()),
        language: Some("en".into()),
        text: format!("Body of {id}."),
        origin: "test".into(),
        signals: Default::default(),
    }
}

fn batch(articles: Vec<Article>) -> Vec<(Article, ArticleClaims)> {
    articles
        .into_iter()
        .map(|a| (a, ArticleClaims::default()))
        .collect()
}

#[test]
fn putting_the_same_key_twice_stores_it_once() {
    let mut store = SqliteStore::in_memory().unwrap();
    let first = store
        .put_articles(&batch(vec![
            article("a", "k1", None),
            article("b", "k2", None),
        ]))
        .unwrap();
    assert_eq!(
        first,
        [
            Put::Inserted(ArticleId("a".into())),
            Put::Inserted(ArticleId("b".into()))
        ]
    );
    let second = store
        .put_articles(&batch(vec![article("c", "k1", None)]))
        .unwrap();
    assert_eq!(second, [Put::AlreadyStored(ArticleId("a".into()))]);
    assert_eq!(
        store.article_id_for_key("k2").unwrap(),
        Some(ArticleId("b".into()))
    );
    assert_eq!(store.article_id_for_key("k9").unwrap(), None);
    assert_eq!(store.article_count().unwrap(), 2);
}

#[test]
fn a_taken_id_is_rejected_without_losing_the_batch() {
    let mut store = SqliteStore::in_memory().unwrap();
    store
        .put_articles(&batch(vec![article("a", "k1", None)]))
        .unwrap();
    let results = store
        .put_articles(&batch(vec![
            article("a", "other", None),
            article("d", "k4", None),
        ]))
        .unwrap();
    assert!(
        matches!(&results[0], Put::Rejected(message) if message.contains("already names another article"))
    );
    assert_eq!(results[1], Put::Inserted(ArticleId("d".into())));
}

#[test]
fn articles_come_back_in_time_order_and_survive_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.sqlite3");
    {
        let mut store = SqliteStore::open(&path).unwrap();
        store
            .put_articles(&batch(vec![
                article("late", "k1", Some("2026-03-05T00:00:00Z")),
                article("undated", "k2", None),
                article("early", "k3", Some("2026-03-01T00:00:00Z")),
            ]))
            .unwrap();
    }
    let store = SqliteStore::open(&path).unwrap();
    let ids: Vec<String> = store
        .articles()
        .unwrap()
        .into_iter()
        .map(|a| a.id.0)
        .collect();
    assert_eq!(ids, ["early", "late", "undated"]);
    let early = store.article(&ArticleId("early".into())).unwrap().unwrap();
    assert_eq!(
        early.published_at.unwrap().to_string(),
        "2026-03-01T00:00:00Z"
    );
    assert_eq!(
        store.claims(&ArticleId("early".into())).unwrap(),
        Some(ArticleClaims::default())
    );
    assert_eq!(store.article(&ArticleId("missing".into())).unwrap(), None);
}

#[test]
fn clustering_steps_add_members_merge_stories_and_save_state() {
    let mut store = SqliteStore::in_memory().unwrap();
    store
        .put_articles(&batch(vec![
            article("a", "k1", Some("2026-03-02T00:00:00Z")),
            article("b", "k2", Some("2026-03-01T00:00:00Z")),
            article("c", "k3", Some("2026-03-03T00:00:00Z")),
        ]))
        .unwrap();
    assert_eq!(store.clustering_state().unwrap(), None);
    let arrived = store.articles_after(0, 10).unwrap();
    let ids: Vec<&str> = arrived.iter().map(|(_, a)| a.id.0.as_str()).collect();
    assert_eq!(ids, ["a", "b", "c"]);
    assert_eq!(store.articles_after(arrived[1].0, 10).unwrap().len(), 1);
    let place =
        |article: &str, doc: u64, story: u64, duplicate_of: Option<u64>, merged: Vec<u64>| {
            Placement {
                article: ArticleId(article.into()),
                doc,
                story,
                duplicate_of,
                merged,
                title: format!("About {article}"),
                published_at: Some(format!("2026-03-0{}T00:00:00Z", doc + 1).parse().unwrap()),
            }
        };
    // a and b start two stories.
    store
        .save_clustering(&ClusteringStep {
            placements: vec![
                place("a", 0, 0, None, vec![]),
                place("b", 1, 1, None, vec![]),
            ],
            snapshot: vec![1, 2],
            through: arrived[1].0,
        })
        .unwrap();
    assert_eq!(store.stories().unwrap().len(), 2);
    assert_eq!(
        store.clustering_state().unwrap(),
        Some((vec![1, 2], arrived[1].0))
    );
    // c repeats a and shows story 1 to be part of story 0.
    store
        .save_clustering(&ClusteringStep {
            placements: vec![place("c", 2, 0, Some(0), vec![1])],
            snapshot: vec![3],
            through: arrived[2].0,
        })
        .unwrap();
    let summaries = store.stories().unwrap();
    assert_eq!(summaries.len(), 1);
    assert_eq!(summaries[0].article_count, 3);
    assert_eq!(summaries[0].title, "About a");
    assert_eq!(
        summaries[0].first_published_at,
        Some("2026-03-01T00:00:00Z".parse().unwrap())
    );
    let story = store.story(&summaries[0].id).unwrap().unwrap();
    let members: Vec<(&str, Option<&str>)> = story
        .members
        .iter()
        .map(|m| {
            (
                m.article.0.as_str(),
                m.duplicate_of.as_ref().map(|d| d.0.as_str()),
            )
        })
        .collect();
    // The merged story's members come first, then the article that joined them.
    assert_eq!(members, [("a", None), ("b", None), ("c", Some("a"))]);
    assert_eq!(
        store.story_of(&ArticleId("b".into())).unwrap(),
        Some(summaries[0].id.clone())
    );
    assert_eq!(
        store.clustering_state().unwrap(),
        Some((vec![3], arrived[2].0))
    );
    // Saving the same step twice adds nothing.
    store
        .save_clustering(&ClusteringStep {
            placements: vec![place("c", 2, 0, Some(0), vec![])],
            snapshot: vec![3],
            through: arrived[2].0,
        })
        .unwrap();
    assert_eq!(store.stories().unwrap()[0].article_count, 3);
    store.reset_clustering().unwrap();
    assert!(store.stories().unwrap().is_empty());
    assert_eq!(store.clustering_state().unwrap(), None);
}

fn signals_of_an_opinion_with_a_correction() -> Signals {
    Signals {
        kind: ArticleKind::Opinion,
        kind_evidence: vec![SignalEvidence {
            source: SignalSource::JsonLd,
            field: Some("@type".into()),
            text: "OpinionNewsArticle".into(),
            span: None,
        }],
        corrections: vec![Correction {
            kind: CorrectionKind::Correction,
            evidence: SignalEvidence {
                source: SignalSource::Body,
                field: None,
                text: "Body".into(),
                span: Some(Span::new(0, 4)),
            },
        }],
        ..Signals::default()
    }
}

#[test]
fn signals_round_trip() {
    let mut store = SqliteStore::in_memory().unwrap();
    let mut opinion = article("a", "k1", Some("2026-03-02T00:00:00Z"));
    opinion.signals = signals_of_an_opinion_with_a_correction();
    store
        .put_articles(&batch(vec![opinion.clone(), article("b", "k2", None)]))
        .unwrap();
    assert_eq!(store.article(&opinion.id).unwrap(), Some(opinion.clone()));
    let plain = store.article(&ArticleId("b".into())).unwrap().unwrap();
    assert!(plain.signals.is_empty());
    let listed: Vec<Signals> = store
        .articles_after(0, 10)
        .unwrap()
        .into_iter()
        .map(|(_, a)| a.signals)
        .collect();
    assert_eq!(listed, [opinion.signals, Signals::default()]);
}

#[test]
fn a_store_from_before_signals_opens_and_upgrades() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.sqlite3");
    {
        let mut store = SqliteStore::open(&path).unwrap();
        store
            .put_articles(&batch(vec![article("old", "k1", None)]))
            .unwrap();
    }
    // Take the store back to the schema of the version before signals, as it left it.
    {
        let connection = rusqlite::Connection::open(&path).unwrap();
        connection
            .execute_batch(
                "DROP INDEX stories_latest; ALTER TABLE stories DROP COLUMN last_published_at; DROP TABLE story_search; DROP TABLE story_facets; DROP TABLE story_reports; DROP TABLE story_numbers; DROP TABLE decisions; DROP TABLE api_tokens; DROP TABLE sessions; DROP TABLE users; DROP TABLE article_revisions; DROP TABLE pages; DROP TABLE sources; DROP TABLE meta; ALTER TABLE articles DROP COLUMN signals; PRAGMA user_version = 2;",
            )
            .unwrap();
    }
    let mut store = SqliteStore::open(&path).unwrap();
    let old = store.article(&ArticleId("old".into())).unwrap().unwrap();
    assert!(old.signals.is_empty());
    let mut new = article("new", "k2", None);
    new.signals = signals_of_an_opinion_with_a_correction();
    store.put_articles(&batch(vec![new.clone()])).unwrap();
    assert_eq!(store.article(&new.id).unwrap(), Some(new));
    drop(store);
    let connection = rusqlite::Connection::open(&path).unwrap();
    let version: i64 = connection
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, 6);
}

#[test]
fn meta_values_and_replaced_claims_persist() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.sqlite3");
    {
        let mut store = SqliteStore::open(&path).unwrap();
        assert_eq!(store.meta("claims_version").unwrap(), None);
        store.set_meta("claims_version", "1-a").unwrap();
        store.set_meta("claims_version", "1-b").unwrap();
        store
            .put_articles(&batch(vec![article("a1", "k1", None)]))
            .unwrap();
        let mut claims = ArticleClaims::default();
        claims.quotes.push(model::Quote {
            span: model::Span::new(0, 4),
            sentence: model::Span::new(0, 4),
            content: "text".into(),
            speaker: None,
            speaker_span: None,
            cue: None,
            cue_span: None,
            direct: true,
        });
        store
            .replace_claims(&[
                (ArticleId("a1".into()), claims),
                (ArticleId("unknown".into()), ArticleClaims::default()),
            ])
            .unwrap();
    }
    let store = SqliteStore::open(&path).unwrap();
    assert_eq!(
        store.meta("claims_version").unwrap().as_deref(),
        Some("1-b")
    );
    let claims = store.claims(&ArticleId("a1".into())).unwrap().unwrap();
    assert_eq!(claims.quotes.len(), 1);
}

#[test]
fn a_second_process_reading_and_opening_never_makes_writes_fail() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.sqlite3");
    drop(SqliteStore::open(&path).unwrap());
    let reader_path = path.clone();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let reader_stop = stop.clone();
    // Another `corroborate` polls the store the whole time (as `stories` or a test does).
    let reader = std::thread::spawn(move || {
        let mut opened = 0;
        while !reader_stop.load(std::sync::atomic::Ordering::Relaxed) {
            let store = SqliteStore::open(&reader_path).unwrap();
            store.article_count().unwrap();
            store.articles_after(0, 5).unwrap();
            opened += 1;
        }
        opened
    });
    let mut store = SqliteStore::open(&path).unwrap();
    for i in 0..150 {
        let a = article(&format!("a{i}"), &format!("k{i}"), None);
        // A transaction that reads before it writes.
        store.put_articles(&batch(vec![a])).unwrap();
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    assert!(reader.join().unwrap() > 0);
    assert_eq!(store.article_count().unwrap(), 150);
}

/// A writer held up longer than SQLite's busy timeout (10 s) by another's transaction asks
/// for the lock again instead of failing.
#[test]
fn a_writer_outlasts_a_transaction_longer_than_the_busy_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.sqlite3");
    let mut store = SqliteStore::open(&path).unwrap();
    let (locked, lock_taken) = std::sync::mpsc::channel();
    let holder = {
        let path = path.clone();
        std::thread::spawn(move || {
            let connection = rusqlite::Connection::open(&path).unwrap();
            connection.execute_batch("BEGIN IMMEDIATE").unwrap();
            locked.send(()).unwrap();
            std::thread::sleep(std::time::Duration::from_secs(12));
            connection.execute_batch("COMMIT").unwrap();
        })
    };
    lock_taken.recv().unwrap();
    let started = std::time::Instant::now();
    let put = store.put_articles(&batch(vec![article("late", "k-late", None)]));
    assert!(put.is_ok(), "{put:?}");
    assert!(started.elapsed() >= std::time::Duration::from_secs(10));
    holder.join().unwrap();
    assert_eq!(store.article_count().unwrap(), 1);
}
