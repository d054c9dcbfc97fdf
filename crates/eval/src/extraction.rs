//! `eval extraction`: main-text extraction against sets laid out as
//! `<set>/ground-truth.json` + `<set>/html/<id>.html.gz`.

use crate::EvalError;
use crate::metrics::{PageScore, SetScore, score_page, score_set};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// One page of a set, loaded and decompressed.
pub struct Page {
    pub id: String,
    pub url: Option<String>,
    pub truth: String,
    pub html: Vec<u8>,
}

/// One development set.
pub struct DataSet {
    pub name: String,
    pub root: PathBuf,
    pub pages: Vec<Page>,
}

/// Every set below `dir` (a folder holding `ground-truth.json` and `html/`), in name order.
pub fn find_sets(dir: &Path) -> Result<Vec<DataSet>, EvalError> {
    let mut roots: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "ground-truth.json")
        .filter_map(|e| e.path().parent().map(Path::to_path_buf))
        .filter(|root| root.join("html").is_dir())
        .collect();
    roots.dedup();
    if roots.is_empty() {
        return Err(EvalError::NoData(
            dir.display().to_string(),
            "ground-truth.json and html/",
        ));
    }
    roots.into_iter().map(|root| load_set(&root)).collect()
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> EvalError + '_ {
    move |source| EvalError::Io {
        path: path.display().to_string(),
        source,
    }
}

fn load_set(root: &Path) -> Result<DataSet, EvalError> {
    let truth_path = root.join("ground-truth.json");
    let raw = std::fs::read_to_string(&truth_path).map_err(io_error(&truth_path))?;
    let truth: BTreeMap<String, serde_json::Value> =
        serde_json::from_str(&raw).map_err(|e| EvalError::Parse {
            path: truth_path.display().to_string(),
            message: e.to_string(),
        })?;
    let mut pages = Vec::with_capacity(truth.len());
    for (id, entry) in truth {
        let body = entry
            .get("articleBody")
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string();
        let url = entry
            .get("url")
            .and_then(|v| v.as_str())
            .map(str::to_string);
        let gz = root.join("html").join(format!("{id}.html.gz"));
        let plain = root.join("html").join(format!("{id}.html"));
        let html = if gz.is_file() {
            let file = std::fs::File::open(&gz).map_err(io_error(&gz))?;
            let mut bytes = Vec::new();
            flate2::read::GzDecoder::new(file)
                .read_to_end(&mut bytes)
                .map_err(io_error(&gz))?;
            bytes
        } else if plain.is_file() {
            std::fs::read(&plain).map_err(io_error(&plain))?
        } else {
            continue;
        };
        pages.push(Page {
            id,
            url,
            truth: body,
            html,
        });
    }
    let name = root
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| root.display().to_string());
    Ok(DataSet {
        name,
        root: root.to_path_buf(),
        pages,
    })
}

/// The result of one page.
pub struct PageResult {
    pub id: String,
    pub score: PageScore,
    pub predicted: String,
}

/// The figures of one set.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SetReport {
    pub name: String,
    pub pages: usize,
    #[serde(flatten)]
    pub score: SetScore,
    /// Pages whose truth has text but whose prediction is empty.
    pub empty_predictions: usize,
    pub seconds: f64,
    pub pages_per_s: f64,
    pub mb_per_s: f64,
    pub megabytes: f64,
}

/// Extracts every page of `set` on this thread, timing only the extraction.
pub fn evaluate_set(set: &DataSet) -> (SetReport, Vec<PageResult>) {
    let mut elapsed = Duration::ZERO;
    let mut results = Vec::with_capacity(set.pages.len());
    let mut bytes = 0usize;
    for page in &set.pages {
        let start = Instant::now();
        let extracted = extract::extract(&page.html, page.url.as_deref(), None, &page.id);
        let predicted = extracted.value.text();
        elapsed += start.elapsed();
        bytes += page.html.len();
        results.push(PageResult {
            id: page.id.clone(),
            score: score_page(&page.truth, &predicted),
            predicted,
        });
    }
    let scores: Vec<PageScore> = results.iter().map(|r| r.score).collect();
    let seconds = elapsed.as_secs_f64().max(1e-9);
    let empty_predictions = results
        .iter()
        .filter(|r| r.score.precision.is_none() && r.score.recall.is_some())
        .count();
    let report = SetReport {
        name: set.name.clone(),
        pages: set.pages.len(),
        score: score_set(&scores),
        empty_predictions,
        seconds,
        pages_per_s: set.pages.len() as f64 / seconds,
        mb_per_s: bytes as f64 / 1e6 / seconds,
        megabytes: bytes as f64 / 1e6,
    };
    (report, results)
}
