#![allow(clippy::unwrap_used)]

use cluster::{ClusterConfig, ClusterDoc, cluster};

struct Owned {
    title: String,
    text: String,
    published_at: Option<jiff::Timestamp>,
    language: String,
}

fn sample() -> Vec<Owned> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/jsonl/coverage.jsonl");
    let mut docs: Vec<Owned> = std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            Owned {
                title: v["title"].as_str().unwrap().into(),
                text: v["text"].as_str().unwrap().into(),
                published_at: v["published_at"].as_str().map(|p| p.parse().unwrap()),
                language: v["lang"].as_str().unwrap().into(),
            }
        })
        .collect();
    docs.sort_by_key(|d| d.published_at);
    docs
}

fn as_docs(owned: &[Owned]) -> Vec<ClusterDoc<'_>> {
    owned
        .iter()
        .map(|d| ClusterDoc {
            title: &d.title,
            text: &d.text,
            published_at: d.published_at,
            language: Some(&d.language),
        })
        .collect()
}

#[test]
fn sample_coverage_is_one_story_plus_the_unrelated_one() {
    let owned = sample();
    let docs = as_docs(&owned);
    let result = cluster(&docs, &ClusterConfig::default());
    let tram = owned
        .iter()
        .position(|d| d.title.to_lowercase().contains("tram"))
        .unwrap();
    for (i, story) in result.story_of.iter().enumerate() {
        if i == tram {
            assert_ne!(
                *story, result.story_of[0],
                "the tram article joined the flood story"
            );
        } else {
            assert_eq!(
                *story, result.story_of[0],
                "{} left the flood story",
                owned[i].title
            );
        }
    }
    assert_eq!(result.story_count(), 2);
    assert_eq!(result.duplicate_of[..3], [None, Some(0), Some(0)]);
    assert!(
        result.duplicate_of[3..].iter().all(Option::is_none),
        "{:?}",
        result.duplicate_of
    );
}

#[test]
fn same_input_same_partition() {
    let owned = sample();
    let docs = as_docs(&owned);
    let config = ClusterConfig::default();
    assert_eq!(cluster(&docs, &config), cluster(&docs, &config));
}
