//! The newsroom's side of the store: built reports and their staleness, the story list's
//! filters and search, decisions, and editors' merges and splits living with clustering.

#![allow(clippy::unwrap_used)]

use model::report::StoryReport;
use model::review::ReviewAction;
use model::{Article, ArticleClaims, ArticleId, StoryId};
use store::newsroom::{BuiltReport, NewDecision, StoryQuery};
use store::{ClusteringStep, NewsroomStore, Placement, SqliteStore, Store};

fn article(id: &str, title: &str, published: &str) -> (Article, ArticleClaims) {
    (
        Article {
            id: ArticleId(id.into()),
            key: id.into(),
            url: None,
            outlet: Some(format!("Outlet {id}")),
            title: Some(title.into()),
            published_at: Some(published.parse().unwrap()),
            language: Some("en".into()),
            text: format!("{title}.\n\nMore words."),
            origin: "test".into(),
            signals: Default::default(),
        },
        ArticleClaims::default(),
    )
}

fn place(article: &str, doc: u64, story: u64, title: &str) -> Placement {
    let day = 2 + doc as i8;
    Placement {
        article: ArticleId(article.into()),
        doc,
        story,
        duplicate_of: None,
        merged: Vec::new(),
        title: title.into(),
        published_at: Some(
            jiff::civil::date(2026, 3, day)
                .at(7, 0, 0, 0)
                .to_zoned(jiff::tz::TimeZone::UTC)
                .unwrap()
                .timestamp(),
        ),
    }
}

/// Two stories: 0 (a1, a2) about a flood and 1 (b1) about a bridge; one editor, id 1.
fn store() -> (tempfile::TempDir, SqliteStore, StoryId, StoryId) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.sqlite3");
    let mut store = SqliteStore::open(&path).unwrap();
    store
        .put_articles(&[
            article("a1", "Flood in Veska", "2026-03-02T07:00:00Z"),
            article("a2", "Veska flood toll rises", "2026-03-03T07:00:00Z"),
            article("b1", "Bridge closes in Ostmark", "2026-03-04T07:00:00Z"),
        ])
        .unwrap();
    store
        .save_clustering(&ClusteringStep {
            placements: vec![
                place("a1", 0, 0, "Flood in Veska"),
                place("a2", 1, 0, ""),
                place("b1", 2, 1, "Bridge closes in Ostmark"),
            ],
            snapshot: vec![1],
            through: 3,
        })
        .unwrap();
    let rusqlite = rusqlite::Connection::open(&path).unwrap();
    rusqlite
        .execute(
            "INSERT INTO users (id, name, password_hash, created_at) VALUES (1, 'ed', 'x', 0)",
            [],
        )
        .unwrap();
    let flood = store.story_of(&ArticleId("a1".into())).unwrap().unwrap();
    let bridge = store.story_of(&ArticleId("b1".into())).unwrap().unwrap();
    (dir, store, flood, bridge)
}

fn built(store: &SqliteStore, id: &StoryId, entities: &[&str], search: &str) -> BuiltReport {
    let story = store.story(id).unwrap().unwrap();
    BuiltReport {
        report: StoryReport {
            id: id.clone(),
            title: story.title.clone(),
            first_published_at: story.first_published_at,
            articles: story
                .members
                .iter()
                .map(|m| {
                    let a = store.article(&m.article).unwrap().unwrap();
                    model::report::ArticleRef {
                        id: a.id.clone(),
                        url: None,
                        outlet: a.outlet_label(),
                        title: a.title.clone(),
                        published_at: a.published_at,
                        language: a.language.clone(),
                        duplicate_of: None,
                        signals: Default::default(),
                    }
                })
                .collect(),
            facts: Vec::new(),
            timeline: Vec::new(),
            brief: Vec::new(),
            provenance: Default::default(),
            reviews: Vec::new(),
        },
        members: story.members.len(),
        decisions: store.decisions(id).unwrap().len(),
        claims_version: "v1".into(),
        built_at: 0,
        disputed: 1,
        pending: 1,
        languages: vec!["en".into()],
        outlets: vec!["Outlet a1".into()],
        entities: entities.iter().map(|e| e.to_string()).collect(),
        search_text: search.into(),
    }
}

#[test]
fn reports_go_stale_when_their_story_changes() {
    let (_dir, mut store, flood, bridge) = store();
    assert_eq!(store.stale_reports("v1", 10).unwrap().len(), 2);
    let report = built(&store, &flood, &["veska"], "dam spillway");
    store.save_report(&report).unwrap();
    assert!(store.current_report(&flood, "v1").unwrap().is_some());
    assert!(store.current_report(&flood, "v2").unwrap().is_none());
    assert_eq!(store.stale_reports("v1", 10).unwrap(), vec![bridge.clone()]);
    // A decision makes it stale.
    store
        .add_decision(&NewDecision {
            story: flood.clone(),
            fact: None,
            action: ReviewAction::Note,
            value: None,
            article: None,
            span: None,
            note: Some("call the ministry".into()),
            user_id: 1,
            at: jiff::Timestamp::from_second(1_800_000_000).unwrap(),
        })
        .unwrap();
    assert!(store.current_report(&flood, "v1").unwrap().is_none());
    let decisions = store.decisions(&flood).unwrap();
    assert_eq!(decisions.len(), 1);
    assert_eq!(decisions[0].by, "ed");
    assert_eq!(decisions[0].note.as_deref(), Some("call the ministry"));
    let counts = store.newsroom_counts("v1").unwrap();
    assert_eq!(
        (counts.stories, counts.reports, counts.stale_reports),
        (2, 1, 2)
    );
    // A decision about a story that does not exist is refused.
    let error = store
        .add_decision(&NewDecision {
            story: StoryId("s-none".into()),
            fact: None,
            action: ReviewAction::Note,
            value: None,
            article: None,
            span: None,
            note: Some("x".into()),
            user_id: 1,
            at: jiff::Timestamp::UNIX_EPOCH,
        })
        .unwrap_err();
    assert!(matches!(error, store::StoreError::NoSuchStory(_)));
}

#[test]
fn the_list_filters_searches_and_pages() {
    let (_dir, mut store, flood, bridge) = store();
    let report = built(&store, &flood, &["veska", "amara okafor"], "dam spillway");
    store.save_report(&report).unwrap();
    let all = store
        .story_page(&StoryQuery {
            limit: 10,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(all.total, 2);
    // The most recently active first: the bridge (4 March) before the flood (3 March).
    assert_eq!(all.stories[0].id, bridge);
    assert!(!all.stories[0].built);
    assert!(all.stories[1].built);
    let query = |q: StoryQuery| store.story_page(&StoryQuery { limit: 10, ..q }).unwrap();
    for text in [
        "spillway",
        "Veska toll",
        "VESKA",
        "dam \"spillway",
        "-veska OR",
    ] {
        let found = query(StoryQuery {
            text: Some(text.into()),
            ..Default::default()
        });
        assert_eq!(
            found.stories.iter().map(|s| &s.id).collect::<Vec<_>>(),
            if text.starts_with('-') {
                vec![]
            } else {
                vec![&flood]
            },
            "{text}"
        );
    }
    let by_entity = query(StoryQuery {
        entity: Some("Amara Okafor".into()),
        ..Default::default()
    });
    assert_eq!(by_entity.total, 1);
    let pending = query(StoryQuery {
        pending_only: true,
        ..Default::default()
    });
    assert_eq!(pending.total, 1);
    let late = query(StoryQuery {
        since: Some("2026-03-04T00:00:00Z".parse().unwrap()),
        ..Default::default()
    });
    assert_eq!(late.stories[0].id, bridge);
    assert_eq!(late.total, 1);
    let second = query(StoryQuery {
        offset: 1,
        limit: 1,
        ..Default::default()
    });
    assert_eq!(second.stories.len(), 1);
    assert_eq!(second.total, 2);
}

#[test]
fn merges_and_splits_hold_when_clustering_goes_on() {
    let (_dir, mut store, flood, bridge) = store();
    let at = jiff::Timestamp::from_second(1_800_000_000).unwrap();
    store
        .merge_stories(&bridge, &flood, 1, Some("same storm"), at)
        .unwrap();
    assert!(store.story(&bridge).unwrap().is_none());
    assert_eq!(store.story(&flood).unwrap().unwrap().members.len(), 3);
    // The clusterer still thinks story 1 exists: its next article lands in the merged story.
    store
        .put_articles(&[article("b2", "Bridge reopens", "2026-03-05T07:00:00Z")])
        .unwrap();
    store
        .save_clustering(&ClusteringStep {
            placements: vec![place("b2", 3, 1, "Bridge reopens")],
            snapshot: vec![2],
            through: 4,
        })
        .unwrap();
    assert_eq!(
        store.story_of(&ArticleId("b2".into())).unwrap(),
        Some(flood.clone())
    );
    // A clusterer merge of numbers that already point at one story changes nothing.
    store
        .put_articles(&[article("a3", "Veska", "2026-03-06T07:00:00Z")])
        .unwrap();
    let mut merging = place("a3", 4, 0, "");
    merging.merged = vec![1];
    store
        .save_clustering(&ClusteringStep {
            placements: vec![merging],
            snapshot: vec![3],
            through: 5,
        })
        .unwrap();
    assert_eq!(store.story(&flood).unwrap().unwrap().members.len(), 5);

    // Split the bridge articles out again.
    let (new, decision) = store
        .split_story(
            &flood,
            &[ArticleId("b1".into()), ArticleId("b2".into())],
            1,
            None,
            at,
        )
        .unwrap();
    assert_eq!(decision.action, ReviewAction::Split);
    let moved = store.story(&new).unwrap().unwrap();
    assert_eq!(moved.members.len(), 2);
    assert_eq!(moved.title, "Bridge closes in Ostmark");
    assert_eq!(
        moved.first_published_at,
        Some("2026-03-04T07:00:00Z".parse().unwrap())
    );
    // Clustering goes on and moves nothing back.
    store
        .put_articles(&[article("a4", "Veska", "2026-03-07T07:00:00Z")])
        .unwrap();
    store
        .save_clustering(&ClusteringStep {
            placements: vec![place("a4", 5, 0, "")],
            snapshot: vec![4],
            through: 6,
        })
        .unwrap();
    assert_eq!(store.story(&new).unwrap().unwrap().members.len(), 2);
    assert_eq!(store.story(&flood).unwrap().unwrap().members.len(), 4);
    let log = store.decisions(&flood).unwrap();
    assert_eq!(
        log.iter().map(|d| d.action).collect::<Vec<_>>(),
        vec![ReviewAction::Merge, ReviewAction::Split]
    );
    assert_eq!(
        store.decisions(&new).unwrap()[0].value.as_deref(),
        Some(flood.0.as_str())
    );
    // Refused: merging into itself, splitting every article out, moving a stranger.
    assert!(store.merge_stories(&flood, &flood, 1, None, at).is_err());
    assert!(
        store
            .split_story(
                &new,
                &[ArticleId("b1".into()), ArticleId("b2".into())],
                1,
                None,
                at
            )
            .is_err()
    );
    assert!(
        store
            .split_story(&new, &[ArticleId("a1".into())], 1, None, at)
            .is_err()
    );
    // The merge, and the split recorded on both of its stories.
    assert_eq!(store.recent_decisions(10).unwrap().len(), 3);
}
