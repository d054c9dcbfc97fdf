//! Golden events: multi-outlet coverage we wrote, each with an answer key (`key.json`), run
//! through the real binary. The report must group the stories, mark the copies, give every
//! fact of the key its verdict with the values, days and first reporter, put no wrong
//! multi-source fact beside them, carry the shared quotes together, and name the original a
//! story's rewrites credit. Every mismatch is listed before the test fails.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

use crate::{corroborate, json_report, root};

fn golden(name: &str) {
    let dir = root().join("crates/corroborate/tests/golden").join(name);
    let key: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("key.json")).unwrap()).unwrap();
    let input = match key["input"].as_str() {
        Some(path) => root().join(path),
        None => dir.join("articles.jsonl"),
    };
    let data = tempfile::tempdir().unwrap();
    let output = corroborate(
        data.path(),
        &["analyze", input.to_str().unwrap(), "--format", "json"],
    );
    let report = json_report(&output);
    let mut errors = Vec::new();
    check_stories(&key, &report, &mut errors);
    for story in report["stories"].as_array().unwrap() {
        let members = article_ids(story);
        let Some(group) = key["stories"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| ids(g).is_subset(&members) && !ids(g).is_empty())
        else {
            continue;
        };
        let main = ids(group).len() > 1;
        if main {
            check_facts(&key, story, &mut errors);
            check_quotes(&key, story, &mut errors);
            check_provenance(&key, story, &mut errors);
        }
    }
    assert!(
        errors.is_empty(),
        "golden event {name}: {} mismatch(es):\n- {}",
        errors.len(),
        errors.join("\n- ")
    );
}

fn ids(group: &Value) -> BTreeSet<String> {
    group
        .as_array()
        .unwrap()
        .iter()
        .map(|id| id.as_str().unwrap().to_string())
        .collect()
}

fn article_ids(story: &Value) -> BTreeSet<String> {
    story["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect()
}

fn check_stories(key: &Value, report: &Value, errors: &mut Vec<String>) {
    let ours: Vec<BTreeSet<String>> = report["stories"]
        .as_array()
        .unwrap()
        .iter()
        .map(article_ids)
        .collect();
    for group in key["stories"].as_array().unwrap() {
        let want = ids(group);
        if !ours.contains(&want) {
            errors.push(format!("story {want:?} not found; stories are {ours:?}"));
        }
    }
    let copies: BTreeMap<String, String> = report["stories"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["articles"].as_array().unwrap().iter())
        .filter_map(|a| {
            Some((
                a["id"].as_str()?.to_string(),
                a["duplicate_of"].as_str()?.to_string(),
            ))
        })
        .collect();
    let want: BTreeMap<String, String> = key["copies"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
                .collect()
        })
        .unwrap_or_default();
    if copies != want {
        errors.push(format!("copies {copies:?}, expected {want:?}"));
    }
}

/// An article with the (low, high) a value gives and its day.
type Stated = (String, Option<f64>, Option<f64>, Option<String>);
/// The same, as the key writes it.
type Wanted<'k> = (&'k str, Option<f64>, Option<f64>, Option<&'k str>);

/// The articles and (low, high) pairs a fact's values state.
fn fact_values(fact: &Value) -> Vec<Stated> {
    let mut out = Vec::new();
    for value in fact["values"].as_array().unwrap() {
        for source in value["sources"].as_array().unwrap() {
            out.push((
                source["article"].as_str().unwrap().to_string(),
                value["low"].as_f64(),
                value["high"].as_f64(),
                value["as_of"].as_str().map(str::to_string),
            ));
        }
    }
    out
}

fn same_bound(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() < 1e-6 * a.abs().max(1.0),
        (None, None) => true,
        _ => false,
    }
}

fn check_facts(key: &Value, story: &Value, errors: &mut Vec<String>) {
    let facts: Vec<&Value> = story["facts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "quantity")
        .collect();
    let mut matched: BTreeSet<String> = BTreeSet::new();
    for want in key["facts"].as_array().unwrap() {
        let measure = want["measure"].as_str().unwrap();
        let wanted: Vec<Wanted<'_>> = want["values"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| {
                (
                    v["article"].as_str().unwrap(),
                    v["low"].as_f64(),
                    v["high"].as_f64(),
                    v["as_of"].as_str(),
                )
            })
            .collect();
        // Our fact for it: the one holding most of the key's (article, value) pairs.
        let best = facts
            .iter()
            .map(|fact| {
                let ours = fact_values(fact);
                let hits = wanted
                    .iter()
                    .filter(|(article, low, high, _)| {
                        ours.iter().any(|(a, l, h, _)| {
                            a == article && same_bound(*l, *low) && same_bound(*h, *high)
                        })
                    })
                    .count();
                (hits, *fact)
            })
            .filter(|(hits, _)| *hits > 0)
            .max_by_key(|(hits, _)| *hits);
        let Some((_, fact)) = best else {
            errors.push(format!("no fact for `{measure}` ({wanted:?})"));
            continue;
        };
        let id = fact["id"].as_str().unwrap().to_string();
        matched.insert(id.clone());
        let ours = fact_values(fact);
        for (article, low, high, as_of) in &wanted {
            match ours.iter().find(|(a, _, _, _)| a == article) {
                None => errors.push(format!("`{measure}`: {id} has no value from {article}")),
                Some((_, l, h, day)) => {
                    if !same_bound(*l, *low) || !same_bound(*h, *high) {
                        errors.push(format!(
                            "`{measure}`: {article} gives [{l:?}, {h:?}] in {id}, expected [{low:?}, {high:?}]"
                        ));
                    }
                    if day.as_deref() != *as_of {
                        errors.push(format!(
                            "`{measure}`: {article} holds for {day:?} in {id}, expected {as_of:?}"
                        ));
                    }
                }
            }
        }
        if fact["status"] != want["status"] {
            errors.push(format!(
                "`{measure}`: {id} is {}, expected {} ({}); our reason: {}",
                fact["status"], want["status"], want["why"], fact["reason"]
            ));
        }
        if let Some(first) = want["first_reported_by"].as_str()
            && fact["first_reported_by"].as_str() != Some(first)
        {
            errors.push(format!(
                "`{measure}`: first reported by {}, expected {first}",
                fact["first_reported_by"]
            ));
        }
        if fact["rests_on"].as_str() != want["rests_on"].as_str() {
            errors.push(format!(
                "`{measure}`: rests on {}, expected {}",
                fact["rests_on"], want["rests_on"]
            ));
        }
    }
    // No other fact may claim agreement, an update or a dispute between sources.
    for fact in &facts {
        let id = fact["id"].as_str().unwrap();
        if !matched.contains(id) && fact["status"] != "single_source" {
            errors.push(format!(
                "unexpected {} fact {id}: {}",
                fact["status"], fact["summary"]
            ));
        }
    }
}

/// The words of a speaker's name, lower-cased.
fn name_words(name: &str) -> BTreeSet<String> {
    name.split_whitespace()
        .map(|w| w.to_lowercase())
        .filter(|w| w.chars().next().is_some_and(char::is_alphabetic))
        .collect()
}

fn check_quotes(key: &Value, story: &Value, errors: &mut Vec<String>) {
    let facts: Vec<&Value> = story["facts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "quote" || f["kind"] == "statement")
        .collect();
    for want in key["quotes"].as_array().unwrap() {
        let speaker = want["speaker"].as_str().unwrap();
        let articles = ids(&want["articles"]);
        // Named speakers whose words several articles carry.
        if articles.len() < 2 || speaker.contains('(') || speaker.starts_with(char::is_lowercase) {
            continue;
        }
        let words = name_words(speaker);
        let found = facts.iter().any(|fact| {
            let ours = name_words(fact["speaker"].as_str().unwrap_or_default());
            let carried: BTreeSet<String> =
                fact_values(fact).into_iter().map(|(a, ..)| a).collect();
            !ours.is_disjoint(&words) && articles.is_subset(&carried)
        });
        if !found {
            errors.push(format!(
                "the quote of {speaker} “{}” is not carried together by {articles:?}",
                want["text"].as_str().unwrap_or_default()
            ));
        }
    }
}

fn check_provenance(key: &Value, story: &Value, errors: &mut Vec<String>) {
    let provenance = &story["provenance"];
    if let Some(first) = key["first_reporter"].as_str()
        && provenance["first_report"]["article"].as_str() != Some(first)
    {
        errors.push(format!(
            "first report {}, expected {first}",
            provenance["first_report"]
        ));
    }
    let credited = &key["credited_original"];
    if credited.is_null() {
        return;
    }
    let outlet = credited["outlet"].as_str().unwrap();
    let relayed = ids(&credited["relayed_by"]);
    let ours = provenance["credited"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c["article"].as_str() == credited["article"].as_str());
    match ours {
        None => errors.push(format!(
            "no credited original {outlet}; provenance: {provenance}"
        )),
        Some(ours) => {
            let by: BTreeSet<String> = ours["credited_by"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["article"].as_str().unwrap().to_string())
                .collect();
            if by != relayed {
                errors.push(format!(
                    "{outlet} is credited by {by:?}, expected {relayed:?}"
                ));
            }
        }
    }
}

#[test]
fn golden_sample_flood() {
    golden("aldmere-flood");
}

#[test]
fn golden_contradiction() {
    golden("contradiction");
}

#[test]
fn golden_rising_figure() {
    golden("rising-figure");
}

#[test]
fn golden_rewrites() {
    golden("rewrites");
}

#[test]
fn golden_two_languages() {
    golden("two-languages");
}
