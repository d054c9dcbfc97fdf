//! Golden tests on small pages written for these tests, and the bundled sample pages.
#![allow(clippy::unwrap_used)]

use extract::{BlockKind, extract};
use std::path::Path;

fn page(body: &str) -> String {
    format!(
        r#"<!doctype html><html lang="en"><head><title>Dam holds as river falls | Test Post</title>
        <meta property="og:site_name" content="Test Post"></head><body>
        <div class="cookie-banner"><p>We use cookies to improve your experience. Accept all cookies?</p></div>
        <nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
        {body}
        <footer><p>© 2026 Test Post. All rights reserved.</p></footer></body></html>"#
    )
}

fn body_texts(html: &str) -> Vec<String> {
    extract(html.as_bytes(), None, None, "test")
        .value
        .blocks
        .into_iter()
        .map(|b| b.text)
        .collect()
}

#[test]
fn keeps_article_paragraphs_and_drops_furniture() {
    let html = page(
        r#"<div class="story"><h1>Dam holds as river falls</h1><p class="byline">By Ann Lee</p>
        <p>The Harlow dam held overnight, engineers said on Tuesday, as the river fell by a metre.</p>
        <div class="ad-slot"><p>Advertisement</p></div>
        <p>Crews will inspect the spillway again on Wednesday, according to the agency, which said the repairs would take weeks.</p>
        <h2>Roads reopen</h2>
        <p>Three roads into Ostmark reopened, but the bridge at Lindqvist stays closed.</p>
        <div class="related"><h3>Related stories</h3><ul><li><a href="/a">River rises</a></li></ul></div>
        </div>
        <aside><p>Most read: a long list of other stories that are popular today on the site.</p></aside>
        <div class="comments"><p>Reader: this is a disgrace, the dam should have been fixed years ago!</p></div>"#,
    );
    assert_eq!(
        body_texts(&html),
        [
            "The Harlow dam held overnight, engineers said on Tuesday, as the river fell by a metre.",
            "Crews will inspect the spillway again on Wednesday, according to the agency, which said the repairs would take weeks.",
            "Roads reopen",
            "Three roads into Ostmark reopened, but the bridge at Lindqvist stays closed.",
        ]
    );
}

#[test]
fn headings_and_list_items_keep_their_kind() {
    let html = page(
        r#"<article><p>The province published its list of shelters on Monday, with addresses and opening hours for each.</p>
        <h2>Where to go</h2><ul><li>Lindqvist sports hall, open all night</li><li>Ostmark primary school, open until 10pm</li></ul>
        <p>Residents were asked to bring identity papers, medicine and warm clothing for several days.</p></article>"#,
    );
    let blocks = extract(html.as_bytes(), None, None, "test").value.blocks;
    let kinds: Vec<BlockKind> = blocks.iter().map(|b| b.kind).collect();
    assert_eq!(
        kinds,
        [
            BlockKind::Paragraph,
            BlockKind::Heading,
            BlockKind::ListItem,
            BlockKind::ListItem,
            BlockKind::Paragraph
        ]
    );
}

#[test]
fn bad_pages_give_empty_results_with_a_diagnostic() {
    for (bytes, expected) in [
        (b"%PDF-1.7 binary".to_vec(), "PDF"),
        (b"\x89PNG\r\n\x1a\n\0\0".to_vec(), "PNG"),
        (
            b"<html><body><script>var x = 1;</script></body></html>".to_vec(),
            "no article text",
        ),
        (b"".to_vec(), "no article text"),
        (
            b"<html><body><ul><li><a href=/a>One</a></li><li><a href=/b>Two</a></li></ul></body>"
                .to_vec(),
            "no article text",
        ),
        (b"<p>Truncated page with one short line".to_vec(), ""),
    ] {
        let outcome = extract(&bytes, None, None, "bad.html");
        if expected.is_empty() {
            assert!(
                outcome.value.confidence < extract::LOW_CONFIDENCE,
                "{:?}",
                outcome.value
            );
        } else {
            assert!(
                outcome.value.blocks.is_empty(),
                "{expected}: {:?}",
                outcome.value.blocks
            );
            assert!(
                outcome
                    .diagnostics
                    .iter()
                    .any(|d| d.message.contains(expected)),
                "{expected}: {:?}",
                outcome.diagnostics
            );
        }
    }
}

#[test]
fn deep_nesting_and_many_elements_finish() {
    let deep = format!(
        "<html><body>{}<p>deep text here</p>{}</body></html>",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    let outcome = extract(deep.as_bytes(), None, None, "deep.html");
    assert!(
        outcome
            .diagnostics
            .iter()
            .any(|d| d.message.contains("deeper")),
        "{:?}",
        outcome.diagnostics
    );
    let wide = format!(
        "<html><body>{}</body></html>",
        "<span>x</span>".repeat(200_000)
    );
    let outcome = extract(wide.as_bytes(), None, None, "wide.html");
    assert!(outcome.value.confidence < extract::LOW_CONFIDENCE);
}

#[test]
fn sample_pages_match_their_clean_text() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let jsonl = std::fs::read_to_string(root.join("jsonl/coverage.jsonl")).unwrap();
    let mut expected = std::collections::HashMap::new();
    for line in jsonl.lines() {
        let value: serde_json::Value = serde_json::from_str(line).unwrap();
        expected.insert(value["url"].as_str().unwrap().to_string(), value);
    }
    let mut pages: Vec<_> = std::fs::read_dir(root.join("html"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    pages.sort();
    assert_eq!(pages.len(), 9);
    for path in pages {
        let bytes = std::fs::read(&path).unwrap();
        let extracted = extract(&bytes, None, None, &path.display().to_string()).value;
        let url = extracted.metadata.canonical_url.clone().unwrap();
        let gold = &expected[&url];
        assert_eq!(
            extracted.text(),
            gold["text"].as_str().unwrap(),
            "{}",
            path.display()
        );
        assert_eq!(
            extracted.metadata.title.as_deref(),
            gold["title"].as_str(),
            "{}",
            path.display()
        );
        assert_eq!(
            extracted.metadata.site_name.as_deref(),
            gold["outlet"].as_str(),
            "{}",
            path.display()
        );
        assert_eq!(
            extracted.metadata.language.as_deref(),
            gold["lang"].as_str(),
            "{}",
            path.display()
        );
        let published = extracted.metadata.published_at.map(|t| t.to_string());
        assert_eq!(
            published.as_deref(),
            gold["published_at"].as_str(),
            "{}",
            path.display()
        );
        assert!(
            extracted.confidence > 0.6,
            "{}: {}",
            path.display(),
            extracted.confidence
        );
    }
}

/// Every input a fuzzer ever crashed on stays fixed: it is replayed here.
#[test]
fn fuzz_failures_stay_fixed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/fuzz-failures");
    let mut replayed = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        extract::check_extract(&bytes);
        extract::check_decode(&bytes);
        replayed += 1;
    }
    assert!(replayed > 0, "no seed files in {}", dir.display());
}
