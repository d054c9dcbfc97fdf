//! Measuring each stage on data no one here wrote.
//!
//! Every evaluation reads a development set in its published layout (found anywhere below the
//! folder it is given), runs the stage, and returns figures; the binary prints them, ending with
//! one line of JSON. Metrics are implemented here exactly as the sets define them.

pub mod clustering;
pub mod coref;
pub mod corpus;
pub mod dates;
pub mod extraction;
pub mod metrics;
pub mod ner;
pub mod numbers;
pub mod quantities;
pub mod quotes;
pub mod temporal;

use std::path::{Path, PathBuf};

/// The languages the Recognizers-Text specs are scored in: the spec folder's name and the
/// ISO 639-1 code the extractors take.
pub const SPEC_LANGUAGES: [(&str, &str); 5] = [
    ("English", "en"),
    ("Spanish", "es"),
    ("German", "de"),
    ("French", "fr"),
    ("Portuguese", "pt"),
];

#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("no development set found below {0}: expected a folder holding {1}")]
    NoData(String, &'static str),
    #[error("failed to read {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("failed to parse {path}: {message}")]
    Parse { path: String, message: String },
}

/// The files below `path` (or `path` itself when it is a file) whose names end with one of
/// `suffixes`, in name order; `NoData` naming `what` when there are none.
pub fn files_below(
    path: &Path,
    suffixes: &[&str],
    what: &'static str,
) -> Result<Vec<PathBuf>, EvalError> {
    let files: Vec<PathBuf> = if path.is_file() {
        vec![path.to_path_buf()]
    } else {
        walkdir::WalkDir::new(path)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.into_path())
            .filter(|p| {
                let name = p.to_string_lossy();
                suffixes.iter().any(|s| name.ends_with(s))
            })
            .collect()
    };
    if files.is_empty() {
        return Err(EvalError::NoData(path.display().to_string(), what));
    }
    Ok(files)
}

/// A file's text and its stem (the name without the extension), as an eval reads them.
pub fn read_named(path: &Path) -> Result<(String, String), EvalError> {
    let text = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.display().to_string(),
        source,
    })?;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok((text, stem))
}
