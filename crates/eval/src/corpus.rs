//! Unlabelled text for `corroborate train clusters`: the article texts of the sets below a
//! folder, whatever their layout, and never their labels.
//!
//! Read below each folder given: JSON Lines records (`*.jsonl`, `*.jsonl.gz`: `title` and
//! `text`), extraction ground truths (`ground-truth.json`: each `articleBody`), CSV files with
//! an `articleBody` column (FNC-1's bodies), and plain `*.txt` files (PolNeAR's texts; README and
//! licence files are skipped). Folders named `ner` are refused: the NER sets' text, test and dev
//! portions included, must not shape the features they are scored with.

use crate::{EvalError, files_below, read_named};
use std::io::{BufRead, BufReader, Read};
use std::path::{Component, Path};

/// Texts read from one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceTexts {
    pub file: String,
    pub texts: Vec<String>,
}

const SUFFIXES: [&str; 5] = [".jsonl.gz", ".jsonl", "ground-truth.json", ".csv", ".txt"];

/// The texts of every file below each of `paths`, file by file in name order.
pub fn unlabelled_texts(paths: &[impl AsRef<Path>]) -> Result<Vec<SourceTexts>, EvalError> {
    let mut out = Vec::new();
    for path in paths {
        let path = path.as_ref();
        for file in files_below(path, &SUFFIXES, "article texts (jsonl, json, csv or txt)")? {
            let canonical = file.canonicalize().unwrap_or_else(|_| file.clone());
            if canonical
                .components()
                .any(|c| c == Component::Normal("ner".as_ref()))
            {
                return Err(EvalError::Parse {
                    path: file.display().to_string(),
                    message: "the NER sets are not unlabelled text for clustering".to_string(),
                });
            }
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let upper = name.to_ascii_uppercase();
            if upper.starts_with("README")
                || upper.starts_with("UPSTREAM")
                || upper.contains("LICENSE")
            {
                continue;
            }
            let texts = if name.ends_with(".jsonl.gz") || name.ends_with(".jsonl") {
                json_lines(&file)?
            } else if name == "ground-truth.json" {
                ground_truth(&file)?
            } else if name.ends_with(".csv") {
                let (text, _) = read_named(&file)?;
                csv_column(&text, "articleBody")
            } else {
                vec![read_named(&file)?.0]
            };
            out.push(SourceTexts {
                file: file.display().to_string(),
                texts,
            });
        }
    }
    Ok(out)
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> EvalError + '_ {
    move |source| EvalError::Io {
        path: path.display().to_string(),
        source,
    }
}

fn parse_error(path: &Path, message: impl ToString) -> EvalError {
    EvalError::Parse {
        path: path.display().to_string(),
        message: message.to_string(),
    }
}

/// `title` and `text` of each record, as one text.
fn json_lines(path: &Path) -> Result<Vec<String>, EvalError> {
    let file = std::fs::File::open(path).map_err(io_error(path))?;
    let reader: Box<dyn Read> = if path.to_string_lossy().ends_with(".gz") {
        Box::new(flate2::read::GzDecoder::new(file))
    } else {
        Box::new(file)
    };
    let mut texts = Vec::new();
    for line in BufReader::new(reader).lines() {
        let line = line.map_err(io_error(path))?;
        if line.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value =
            serde_json::from_str(&line).map_err(|e| parse_error(path, e))?;
        let field = |key: &str| value.get(key).and_then(|v| v.as_str()).unwrap_or("");
        let text = [field("title"), field("text")]
            .iter()
            .filter(|t| !t.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join("\n\n");
        if !text.is_empty() {
            texts.push(text);
        }
    }
    Ok(texts)
}

/// Each `articleBody` of an extraction set's ground truth.
/// The `articleBody` of each page of an extraction set's `ground-truth.json`, in id order.
pub fn ground_truth(path: &Path) -> Result<Vec<String>, EvalError> {
    let (raw, _) = read_named(path)?;
    let truth: std::collections::BTreeMap<String, serde_json::Value> =
        serde_json::from_str(&raw).map_err(|e| parse_error(path, e))?;
    Ok(truth
        .values()
        .filter_map(|entry| entry.get("articleBody").and_then(|v| v.as_str()))
        .filter(|body| !body.is_empty())
        .map(str::to_string)
        .collect())
}

/// The records of a CSV text (RFC 4180: quoted fields, `""` for a quote, line breaks inside
/// quotes).
fn csv_records(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    field.push('"');
                    chars.next();
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' => quoted = true,
            ',' => record.push(std::mem::take(&mut field)),
            '\r' => {}
            '\n' => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            _ => field.push(c),
        }
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    records
}

/// The non-empty values of the column named `column` (none when the header lacks it).
fn csv_column(text: &str, column: &str) -> Vec<String> {
    let mut records = csv_records(text).into_iter();
    let Some(index) = records
        .next()
        .and_then(|header| header.iter().position(|h| h.trim() == column))
    else {
        return Vec::new();
    };
    records
        .filter_map(|mut record| (index < record.len()).then(|| record.swap_remove(index)))
        .filter(|value| !value.trim().is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_columns_keep_quotes_and_line_breaks() {
        let text = "Body ID,articleBody\r\n0,\"He said \"\"no\"\",\nthen left.\"\n1,plain\n2,\n";
        assert_eq!(
            csv_column(text, "articleBody"),
            ["He said \"no\",\nthen left.", "plain"]
        );
        assert!(csv_column(text, "missing").is_empty());
        assert!(csv_column("", "articleBody").is_empty());
        assert_eq!(
            csv_column("a,articleBody\n1,\"open", "articleBody"),
            ["open"]
        );
    }

    #[test]
    fn reads_each_layout_and_refuses_the_ner_sets() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(
            root.join("docs.jsonl"),
            "{\"title\":\"Rain\",\"text\":\"It rained.\",\"cluster\":\"7\"}\n\n{\"text\":\"\"}\n",
        )
        .unwrap();
        std::fs::write(
            root.join("ground-truth.json"),
            "{\"a\":{\"articleBody\":\"Body A.\",\"url\":\"u\"},\"b\":{}}",
        )
        .unwrap();
        std::fs::write(root.join("bodies.csv"), "Body ID,articleBody\n1,Body C.\n").unwrap();
        std::fs::write(root.join("story.txt"), "Plain text.").unwrap();
        std::fs::write(root.join("README.txt"), "Not an article.").unwrap();
        let texts: Vec<String> = unlabelled_texts(&[root])
            .unwrap()
            .into_iter()
            .flat_map(|s| s.texts)
            .collect();
        assert_eq!(
            texts,
            ["Body C.", "Rain\n\nIt rained.", "Body A.", "Plain text."]
        );
        let ner = root.join("ner");
        std::fs::create_dir(&ner).unwrap();
        std::fs::write(ner.join("train.txt"), "Okafor B-PER").unwrap();
        assert!(unlabelled_texts(&[&ner]).is_err());
        std::fs::write(root.join("broken.jsonl"), "{not json\n").unwrap();
        assert!(unlabelled_texts(&[root]).is_err());
    }
}
