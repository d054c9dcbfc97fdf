//! `eval clustering`: story clustering against sets of JSON Lines records with a gold
//! `cluster` per document (`*.jsonl.gz` or `*.jsonl`).

use crate::EvalError;
use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// One document of a clustering set.
#[derive(Debug, Clone)]
pub struct Doc {
    pub id: String,
    pub title: String,
    pub text: String,
    pub date: Option<jiff::Timestamp>,
    pub language: Option<String>,
    /// The gold story, when the set has one.
    pub gold: Option<String>,
}

/// The files below `path` (or `path` itself) that hold clustering records.
pub fn find_files(path: &Path) -> Result<Vec<PathBuf>, EvalError> {
    let files = crate::files_below(path, |p| {
        let name = p.to_string_lossy();
        name.ends_with(".jsonl.gz") || name.ends_with(".jsonl")
    });
    if files.is_empty() {
        return Err(EvalError::NoData(
            path.display().to_string(),
            "*.jsonl.gz files of {id, title, text, cluster}",
        ));
    }
    Ok(files)
}

/// Reads one set of JSON Lines records `{id, title, text, date?, lang?, cluster?}` (gzip when
/// the name ends in `.gz`). A record without `lang` gets the language detected from its text.
pub fn load(path: &Path) -> Result<Vec<Doc>, EvalError> {
    let file = std::fs::File::open(path).map_err(|source| EvalError::Io {
        path: path.display().to_string(),
        source,
    })?;
    let reader: Box<dyn BufRead> = if path.to_string_lossy().ends_with(".gz") {
        Box::new(BufReader::new(flate2::read::GzDecoder::new(file)))
    } else {
        Box::new(BufReader::new(file))
    };
    let mut docs = Vec::new();
    for (index, line) in reader.lines().enumerate() {
        let line = line.map_err(|source| EvalError::Io {
            path: path.display().to_string(),
            source,
        })?;
        if line.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value =
            serde_json::from_str(&line).map_err(|e| EvalError::Parse {
                path: format!("{}:{}", path.display(), index + 1),
                message: e.to_string(),
            })?;
        let text = |key: &str| {
            value
                .get(key)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string()
        };
        let label = |key: &str| match value.get(key) {
            Some(serde_json::Value::String(s)) => Some(s.clone()),
            Some(serde_json::Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        let (title, body) = (text("title"), text("text"));
        let language = value
            .get("lang")
            .and_then(|v| v.as_str())
            .and_then(text::normalize_language_tag)
            .or_else(|| {
                let sample: String = title.chars().chain(body.chars()).take(2000).collect();
                text::detect_language(&sample)
            });
        docs.push(Doc {
            id: label("id").unwrap_or_else(|| (index + 1).to_string()),
            title,
            text: body,
            date: value
                .get("date")
                .and_then(|v| v.as_str())
                .and_then(extract::parse_timestamp),
            language,
            gold: label("cluster"),
        });
    }
    Ok(docs)
}

/// Pairwise and BCubed figures of a predicted partition against the gold one.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct ClusterScore {
    pub pairwise_precision: f64,
    pub pairwise_recall: f64,
    pub pairwise_f1: f64,
    pub bcubed_precision: f64,
    pub bcubed_recall: f64,
    pub bcubed_f1: f64,
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

fn pairs(n: usize) -> f64 {
    (n * n.saturating_sub(1) / 2) as f64
}

/// Scores `predicted` against `gold` (one label each, same order). Pairwise (Miranda et al.
/// 2018): precision is the share of document pairs put together that belong together; recall
/// the share of pairs that belong together that were put together. BCubed: per document, the
/// share of its predicted cluster in its gold cluster (precision) and of its gold cluster in its
/// predicted cluster (recall), averaged over documents. A set with no pair scores 1.
pub fn score<G: std::hash::Hash + Eq, P: std::hash::Hash + Eq>(
    gold: &[G],
    predicted: &[P],
) -> ClusterScore {
    let mut cells: HashMap<(&G, &P), usize> = HashMap::new();
    let mut gold_sizes: HashMap<&G, usize> = HashMap::new();
    let mut predicted_sizes: HashMap<&P, usize> = HashMap::new();
    for (g, p) in gold.iter().zip(predicted) {
        *cells.entry((g, p)).or_default() += 1;
        *gold_sizes.entry(g).or_default() += 1;
        *predicted_sizes.entry(p).or_default() += 1;
    }
    let together: f64 = cells.values().map(|n| pairs(*n)).sum();
    let predicted_pairs: f64 = predicted_sizes.values().map(|n| pairs(*n)).sum();
    let gold_pairs: f64 = gold_sizes.values().map(|n| pairs(*n)).sum();
    let pairwise_precision = if predicted_pairs == 0.0 {
        1.0
    } else {
        together / predicted_pairs
    };
    let pairwise_recall = if gold_pairs == 0.0 {
        1.0
    } else {
        together / gold_pairs
    };
    let n = gold.len().max(1) as f64;
    // Each document of a cell sees the cell's size over its clusters' sizes.
    let (mut bp, mut br) = (0.0, 0.0);
    for ((g, p), count) in &cells {
        let count = *count as f64;
        bp += count * count / predicted_sizes[p] as f64;
        br += count * count / gold_sizes[g] as f64;
    }
    let (bcubed_precision, bcubed_recall) = (bp / n, br / n);
    ClusterScore {
        pairwise_precision,
        pairwise_recall,
        pairwise_f1: f1(pairwise_precision, pairwise_recall),
        bcubed_precision,
        bcubed_recall,
        bcubed_f1: f1(bcubed_precision, bcubed_recall),
    }
}

/// The figures of one set.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SetReport {
    pub name: String,
    pub docs: usize,
    pub gold_clusters: usize,
    pub predicted_clusters: usize,
    #[serde(flatten)]
    pub score: ClusterScore,
    pub seconds: f64,
    pub docs_per_s: f64,
}

/// The order documents are clustered in: by publication time, undated ones after the dated,
/// in input order among equals.
pub fn time_order(docs: &[Doc]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by_key(|&i| (docs[i].date.is_none(), docs[i].date, i));
    order
}

/// Clusters `docs` in time order; the result is indexed like `docs`.
pub fn run(docs: &[Doc], config: &cluster::ClusterConfig) -> cluster::Clustering {
    let order = time_order(docs);
    let inputs: Vec<cluster::ClusterDoc<'_>> = order
        .iter()
        .map(|&i| cluster::ClusterDoc {
            title: &docs[i].title,
            text: &docs[i].text,
            published_at: docs[i].date,
            language: docs[i].language.as_deref(),
        })
        .collect();
    let clustering = cluster::cluster(&inputs, config);
    let mut story_of = vec![0; docs.len()];
    let mut duplicate_of = vec![None; docs.len()];
    for (position, &i) in order.iter().enumerate() {
        story_of[i] = clustering.story_of[position];
        duplicate_of[i] = clustering.duplicate_of[position].map(|d| order[d]);
    }
    cluster::Clustering {
        story_of,
        duplicate_of,
    }
}

/// Clusters one set with `config` and scores the documents that have a gold story.
pub fn evaluate(name: &str, docs: &[Doc], config: &cluster::ClusterConfig) -> SetReport {
    let start = Instant::now();
    let clustering = run(docs, config);
    let seconds = start.elapsed().as_secs_f64().max(1e-9);
    let (gold, predicted): (Vec<&str>, Vec<usize>) = docs
        .iter()
        .zip(&clustering.story_of)
        .filter_map(|(d, s)| Some((d.gold.as_deref()?, *s)))
        .unzip();
    let mut gold_set: Vec<&str> = gold.clone();
    gold_set.sort_unstable();
    gold_set.dedup();
    let mut predicted_set = predicted.clone();
    predicted_set.sort_unstable();
    predicted_set.dedup();
    SetReport {
        name: name.to_string(),
        docs: gold.len(),
        gold_clusters: gold_set.len(),
        predicted_clusters: predicted_set.len(),
        score: score(&gold, &predicted),
        seconds,
        docs_per_s: docs.len() as f64 / seconds,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn perfect_and_lumped_partitions() {
        let gold = ["a", "a", "b", "b"];
        let perfect = score(&gold, &[1, 1, 2, 2]);
        assert!(close(perfect.pairwise_f1, 1.0) && close(perfect.bcubed_f1, 1.0));
        // Everything in one cluster: 2 of 6 pairs are right; every pair that belongs together is found.
        let lumped = score(&gold, &[0, 0, 0, 0]);
        assert!(close(lumped.pairwise_precision, 2.0 / 6.0));
        assert!(close(lumped.pairwise_recall, 1.0));
        assert!(close(lumped.bcubed_precision, 0.5));
        assert!(close(lumped.bcubed_recall, 1.0));
    }

    #[test]
    fn split_partition_and_singletons() {
        let gold = ["a", "a", "a", "b"];
        // {0,1} {2} {3}: 1 of 3 gold pairs found, no wrong pair.
        let split = score(&gold, &[0, 0, 1, 2]);
        assert!(close(split.pairwise_precision, 1.0));
        assert!(close(split.pairwise_recall, 1.0 / 3.0));
        // BCubed recall: docs 0 and 1 see 2/3, doc 2 sees 1/3, doc 3 sees 1.
        assert!(close(
            split.bcubed_recall,
            (2.0 / 3.0 + 2.0 / 3.0 + 1.0 / 3.0 + 1.0) / 4.0
        ));
        let singletons = score(&["a", "b"], &[0, 1]);
        assert!(close(singletons.pairwise_f1, 1.0));
    }
}
