#![allow(clippy::unwrap_used)]

use model::{Article, ArticleClaims, ArticleId, Story, StoryId, StoryMember};
use store::{Put, SqliteStore, Store};

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
fn stories_are_replaced_whole() {
    let mut store = SqliteStore::in_memory().unwrap();
    store
        .put_articles(&batch(vec![
            article("a", "k1", Some("2026-03-01T00:00:00Z")),
            article("b", "k2", Some("2026-03-02T00:00:00Z")),
        ]))
        .unwrap();
    let story = |id: &str, members: &[(&str, Option<&str>)]| Story {
        id: StoryId(id.into()),
        title: format!("Story {id}"),
        first_published_at: Some("2026-03-01T00:00:00Z".parse().unwrap()),
        members: members
            .iter()
            .map(|(a, d)| StoryMember {
                article: ArticleId((*a).into()),
                duplicate_of: d.map(|d| ArticleId(d.into())),
            })
            .collect(),
    };
    store
        .replace_stories(&[story("s1", &[("a", None)]), story("s2", &[("b", None)])])
        .unwrap();
    assert_eq!(store.stories().unwrap().len(), 2);
    store
        .replace_stories(&[story("s3", &[("a", None), ("b", Some("a"))])])
        .unwrap();
    let summaries = store.stories().unwrap();
    assert_eq!(summaries.len(), 1);
    assert_eq!(summaries[0].article_count, 2);
    assert_eq!(summaries[0].outlet_count, 1);
    let s3 = store.story(&StoryId("s3".into())).unwrap().unwrap();
    assert_eq!(s3.members[1].duplicate_of, Some(ArticleId("a".into())));
    assert_eq!(
        store.story_of(&ArticleId("b".into())).unwrap(),
        Some(StoryId("s3".into()))
    );
    assert_eq!(store.story(&StoryId("s1".into())).unwrap(), None);
}
