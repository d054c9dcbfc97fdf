//! `eval numbers`: the claims numeral grammar against the Microsoft Recognizers-Text test
//! specifications, laid out as `Number/<Language>/<Model>.json`.
//!
//! Each file is a JSON array of cases `{Input, Results: [{Text, TypeName, Resolution:
//! {value}}], NotSupported?, NotSupportedByDesign?}`. A case is right when the set of (text,
//! value) pairs found equals the gold set: texts compared case-insensitively, values
//! numerically. Result-level precision and recall count the pairs.
//!
//! Cases marked `NotSupported` or `NotSupportedByDesign` for `dotNet` are skipped: the
//! reference implementation does not pass them either, and several hold gold values its own
//! authors disowned. Cases marked only for other platforms are kept.

use crate::EvalError;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The model files scored, with the kinds of number each one asks for.
pub const MODELS: [&str; 3] = ["NumberModel", "OrdinalModel", "PercentModel"];

/// Model files recognised but not scored: the grammar has no reading of ranges.
pub const UNSCORED_MODELS: [&str; 1] = ["NumberRangeModel"];

/// The spec folders' language names, with the ISO 639-1 code the grammar takes.
pub use crate::SPEC_LANGUAGES as LANGUAGES;

/// One expected number.
#[derive(Debug, Clone, PartialEq)]
pub struct Expected {
    /// The text, lower-cased.
    pub text: String,
    /// `None` when the gold value is not a number ("end+0", null).
    pub value: Option<f64>,
}

/// One test case.
#[derive(Debug, Clone)]
pub struct Case {
    pub input: String,
    pub expected: Vec<Expected>,
}

/// One spec file.
#[derive(Debug, Clone)]
pub struct SpecFile {
    pub path: PathBuf,
    /// The folder name ("English").
    pub language: String,
    /// The ISO 639-1 code, when the grammar knows the language.
    pub code: Option<&'static str>,
    /// The file stem ("NumberModel").
    pub model: String,
    pub cases: Vec<Case>,
    /// Cases skipped because they are marked unsupported on .NET.
    pub skipped: usize,
}

/// Every `Number/<Language>/<Model>.json` below `dir` whose model is one of [`MODELS`] or
/// [`UNSCORED_MODELS`], in path order.
pub fn find_files(dir: &Path) -> Result<Vec<SpecFile>, EvalError> {
    let paths: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .filter(|p| {
            let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or("");
            let in_number = p
                .parent()
                .and_then(Path::parent)
                .and_then(Path::file_name)
                .is_some_and(|n| n == "Number");
            in_number
                && p.extension().is_some_and(|e| e == "json")
                && (MODELS.contains(&stem) || UNSCORED_MODELS.contains(&stem))
        })
        .collect();
    if paths.is_empty() {
        return Err(EvalError::NoData(
            dir.display().to_string(),
            "Number/<Language>/NumberModel.json (Recognizers-Text specs)",
        ));
    }
    paths.iter().map(|p| load(p)).collect()
}

/// Reads one spec file (a UTF-8 BOM is allowed).
pub fn load(path: &Path) -> Result<SpecFile, EvalError> {
    let raw = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.display().to_string(),
        source,
    })?;
    let raw = raw.strip_prefix('\u{feff}').unwrap_or(&raw);
    let parse_error = |message: String| EvalError::Parse {
        path: path.display().to_string(),
        message,
    };
    let value: serde_json::Value =
        serde_json::from_str(raw).map_err(|e| parse_error(e.to_string()))?;
    let items = value
        .as_array()
        .ok_or_else(|| parse_error("expected a JSON array of cases".into()))?;
    let mut cases = Vec::new();
    let mut skipped = 0;
    for item in items {
        if unsupported_on_dotnet(item) {
            skipped += 1;
            continue;
        }
        let input = item
            .get("Input")
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string();
        let expected = item
            .get("Results")
            .and_then(|v| v.as_array())
            .map(|results| results.iter().map(expected_of).collect())
            .unwrap_or_default();
        cases.push(Case { input, expected });
    }
    let language = path
        .parent()
        .and_then(Path::file_name)
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let code = LANGUAGES
        .iter()
        .find(|(name, _)| *name == language)
        .map(|(_, code)| *code);
    let model = path
        .file_stem()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(SpecFile {
        path: path.to_path_buf(),
        language,
        code,
        model,
        cases,
        skipped,
    })
}

fn unsupported_on_dotnet(item: &serde_json::Value) -> bool {
    ["NotSupported", "NotSupportedByDesign"].iter().any(|key| {
        item.get(*key)
            .and_then(|v| v.as_str())
            .is_some_and(|platforms| platforms.to_ascii_lowercase().contains("dotnet"))
    })
}

fn expected_of(result: &serde_json::Value) -> Expected {
    let text = result
        .get("Text")
        .and_then(|v| v.as_str())
        .unwrap_or("")
        .to_lowercase();
    let value = result
        .get("Resolution")
        .and_then(|r| r.get("value"))
        .and_then(gold_value);
    Expected { text, value }
}

/// A gold value: "12", "0,5", "1E-12", "12%" (the decimal mark may be a comma).
pub fn gold_value(value: &serde_json::Value) -> Option<f64> {
    if let Some(number) = value.as_f64() {
        return Some(number);
    }
    let text = value.as_str()?.trim();
    let text = text.strip_suffix('%').unwrap_or(text).replace(',', ".");
    text.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// True when two values agree to nine significant digits (the specs print fifteen).
pub fn same_value(a: f64, b: f64) -> bool {
    let scale = a.abs().max(b.abs()).max(1e-300);
    (a - b).abs() <= 1e-9 * scale || a == b
}

/// The kinds of number a model asks for.
pub fn kinds_for(model: &str) -> &'static [claims::NumberKind] {
    use claims::NumberKind::{Decimal, Fraction, Integer, Ordinal, Percent};
    match model {
        "OrdinalModel" => &[Ordinal],
        "PercentModel" => &[Percent],
        _ => &[Integer, Decimal, Fraction],
    }
}

/// The numbers the grammar finds in one input, for one model: (lower-cased text, value).
pub fn predict(input: &str, code: &str, model: &str) -> Vec<(String, f64)> {
    let kinds = kinds_for(model);
    claims::numbers(input, Some(code))
        .into_iter()
        .filter(|m| kinds.contains(&m.kind))
        .map(|m| {
            let text = m.span.slice(input).unwrap_or("").to_lowercase();
            (text, m.value)
        })
        .collect()
}

/// How many predictions match a gold result, pairing each at most once.
pub fn matches(expected: &[Expected], predicted: &[(String, f64)]) -> usize {
    let mut used = vec![false; predicted.len()];
    let mut matched = 0;
    for gold in expected {
        let Some(value) = gold.value else { continue };
        let hit = predicted.iter().enumerate().position(|(k, (text, v))| {
            !used.get(k).copied().unwrap_or(true) && *text == gold.text && same_value(*v, value)
        });
        if let Some(k) = hit
            && let Some(slot) = used.get_mut(k)
        {
            *slot = true;
            matched += 1;
        }
    }
    matched
}

/// A case the grammar got wrong.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Failure {
    pub input: String,
    pub expected: Vec<(String, Option<f64>)>,
    pub predicted: Vec<(String, f64)>,
}

/// The figures of one spec file.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FileReport {
    pub language: String,
    pub model: String,
    pub cases: usize,
    pub skipped: usize,
    /// Cases with a gold value that is not a number ("end+0" for "last"), which no number
    /// can match.
    pub not_numeric: usize,
    pub correct: usize,
    pub accuracy: f64,
    pub gold_results: usize,
    pub predicted_results: usize,
    pub matched_results: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub seconds: f64,
    #[serde(skip)]
    pub failures: Vec<Failure>,
}

/// Runs the grammar over every case of `file` in the language `code`.
pub fn evaluate(file: &SpecFile, code: &str) -> FileReport {
    let mut correct = 0;
    let (mut gold_results, mut predicted_results, mut matched_results) = (0, 0, 0);
    let mut failures = Vec::new();
    let start = Instant::now();
    for case in &file.cases {
        let predicted = predict(&case.input, code, &file.model);
        let matched = matches(&case.expected, &predicted);
        gold_results += case.expected.len();
        predicted_results += predicted.len();
        matched_results += matched;
        if matched == case.expected.len() && matched == predicted.len() {
            correct += 1;
        } else {
            failures.push(Failure {
                input: case.input.clone(),
                expected: case
                    .expected
                    .iter()
                    .map(|e| (e.text.clone(), e.value))
                    .collect(),
                predicted,
            });
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    let score = Score {
        correct,
        cases: file.cases.len(),
        gold: gold_results,
        predicted: predicted_results,
        matched: matched_results,
    };
    FileReport {
        language: file.language.clone(),
        model: file.model.clone(),
        cases: file.cases.len(),
        skipped: file.skipped,
        not_numeric: file
            .cases
            .iter()
            .filter(|c| c.expected.iter().any(|e| e.value.is_none()))
            .count(),
        correct,
        accuracy: score.accuracy(),
        gold_results,
        predicted_results,
        matched_results,
        precision: score.precision(),
        recall: score.recall(),
        f1: score.f1(),
        seconds,
        failures,
    }
}

/// Counts that add up across files.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Score {
    pub correct: usize,
    pub cases: usize,
    pub gold: usize,
    pub predicted: usize,
    pub matched: usize,
}

impl Score {
    pub fn of(report: &FileReport) -> Self {
        Score {
            correct: report.correct,
            cases: report.cases,
            gold: report.gold_results,
            predicted: report.predicted_results,
            matched: report.matched_results,
        }
    }

    pub fn add(&mut self, other: Score) {
        self.correct += other.correct;
        self.cases += other.cases;
        self.gold += other.gold;
        self.predicted += other.predicted;
        self.matched += other.matched;
    }

    fn ratio(part: usize, whole: usize) -> f64 {
        if whole == 0 {
            1.0
        } else {
            part as f64 / whole as f64
        }
    }

    pub fn accuracy(&self) -> f64 {
        Self::ratio(self.correct, self.cases)
    }

    pub fn precision(&self) -> f64 {
        Self::ratio(self.matched, self.predicted)
    }

    pub fn recall(&self) -> f64 {
        Self::ratio(self.matched, self.gold)
    }

    pub fn f1(&self) -> f64 {
        crate::metrics::f1(self.precision(), self.recall())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gold_values_take_either_decimal_mark() {
        let v = |s: &str| gold_value(&serde_json::Value::String(s.into()));
        assert_eq!(v("0,5"), Some(0.5));
        assert_eq!(v("1E-12"), Some(1e-12));
        assert_eq!(v("12%"), Some(12.0));
        assert_eq!(v("-1,2732E+15"), Some(-1.2732e15));
        assert_eq!(v("end+0"), None);
        assert_eq!(gold_value(&serde_json::json!(3)), Some(3.0));
    }

    #[test]
    fn values_match_to_nine_digits() {
        assert!(same_value(0.666666666666667, 2.0 / 3.0));
        assert!(!same_value(0.6667, 2.0 / 3.0));
        assert!(same_value(0.0, 0.0));
    }

    #[test]
    fn a_case_is_scored_by_its_pairs() {
        let expected = vec![
            Expected {
                text: "two".into(),
                value: Some(2.0),
            },
            Expected {
                text: "end".into(),
                value: None,
            },
        ];
        let predicted = vec![("two".to_string(), 2.0), ("two".to_string(), 3.0)];
        assert_eq!(matches(&expected, &predicted), 1);
    }

    #[test]
    fn spec_files_are_read_with_a_bom_and_unsupported_cases_skipped() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let folder = dir.path().join("Number").join("English");
        std::fs::create_dir_all(&folder).unwrap_or_else(|e| panic!("{e}"));
        let cases = r#"[
            {"Input": "twenty one", "Results": [{"Text": "twenty one", "TypeName": "number", "Resolution": {"value": "21"}}]},
            {"Input": "x", "NotSupported": "dotNet, python", "Results": []},
            {"Input": "no number", "Results": []}
        ]"#;
        std::fs::write(folder.join("NumberModel.json"), format!("\u{feff}{cases}"))
            .unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(folder.join("Other.json"), "[]").unwrap_or_else(|e| panic!("{e}"));
        let files = find_files(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(files.len(), 1);
        let file = &files[0];
        assert_eq!((file.cases.len(), file.skipped), (2, 1));
        assert_eq!(file.code, Some("en"));
        let report = evaluate(file, "en");
        assert_eq!((report.correct, report.cases), (2, 2));
        assert_eq!(report.f1, 1.0);
    }
}
