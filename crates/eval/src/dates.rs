//! Temporal expressions on the Microsoft Recognizers-Text DateTime specs: for each language and
//! spec file, the share of test cases whose every expected expression we find (any overlap)
//! with the right value.
//!
//! A spec file is a JSON array of cases `{"Input", "Context": {"ReferenceDateTime"}, "Results"}`.
//! Parser files give each result a `Value` with a `Timex` and, for dates, the past and future
//! readings; model files give `Resolution.values`, each with a `timex` and often a `value`.
//! Our value is right when it equals the expected timex or one of the expected readings
//! (a weekday without a date is `XXXX-WXX-1` in the spec and a resolved day in our output), with
//! clock times compared on the hour and minute. Cases the reference implementation itself skips
//! (`NotSupported` naming `dotnet`) are left out and counted; cases without a reference time are
//! run without a publication day (clock times need none).

use crate::EvalError;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The languages we score, by the folder name the specs use.
pub use crate::SPEC_LANGUAGES as LANGUAGES;

/// The spec files below `path` that hold DateTime parser or model cases for a language we score.
pub fn find_files(path: &Path) -> Result<Vec<(String, PathBuf)>, EvalError> {
    let files = crate::files_below(
        path,
        &[".json"],
        "Recognizers-Text DateTime/<Language>/*.json specs",
    )?;
    let picked: Vec<(String, PathBuf)> = files
        .into_iter()
        .filter_map(|file| {
            let name = file.file_name()?.to_string_lossy().into_owned();
            let language = file.parent()?.file_name()?.to_string_lossy().into_owned();
            let in_datetime = file
                .parent()?
                .parent()?
                .file_name()
                .is_some_and(|n| n == "DateTime");
            let scored = name.ends_with("Parser.json") || name == "DateTimeModel.json";
            let code = LANGUAGES.iter().find(|(l, _)| *l == language)?.1;
            (in_datetime && scored).then(|| (code.to_string(), file))
        })
        .collect();
    if picked.is_empty() {
        return Err(EvalError::NoData(
            path.display().to_string(),
            "DateTime/<Language>/*Parser.json or DateTimeModel.json specs",
        ));
    }
    Ok(picked)
}

/// One expected expression: where it is and the values that count as right.
#[derive(Debug, Clone, PartialEq)]
pub struct Expected {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub values: Vec<String>,
}

/// One test case.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    pub input: String,
    pub reference: Option<jiff::civil::Date>,
    pub expected: Vec<Expected>,
    /// Skipped by the reference implementation.
    pub unsupported: bool,
}

/// Reads the cases of one spec file (a UTF-8 BOM is allowed).
pub fn parse(source: &str) -> Result<Vec<Case>, String> {
    let source = source.trim_start_matches('\u{feff}');
    let cases: Vec<Value> = serde_json::from_str(source).map_err(|e| e.to_string())?;
    Ok(cases.iter().filter_map(case).collect())
}

fn case(raw: &Value) -> Option<Case> {
    let input = raw.get("Input")?.as_str()?.to_string();
    let reference = raw
        .pointer("/Context/ReferenceDateTime")
        .and_then(Value::as_str)
        .and_then(|s| s.get(..10))
        .and_then(|s| s.parse().ok());
    let unsupported = ["NotSupported", "NotSupportedByDesign"].iter().any(|key| {
        raw.get(*key)
            .and_then(Value::as_str)
            .is_some_and(|s| s.to_ascii_lowercase().contains("dotnet"))
    });
    let results = raw.get("Results")?.as_array()?;
    let expected = results.iter().filter_map(|r| expected(&input, r)).collect();
    Some(Case {
        input,
        reference,
        expected,
        unsupported,
    })
}

fn expected(input: &str, raw: &Value) -> Option<Expected> {
    let text = raw.get("Text")?.as_str()?.to_string();
    // Offsets count chars in the spec files; turn them into byte offsets.
    let char_start = raw.get("Start").and_then(Value::as_u64).map(|s| s as usize);
    let (start, end) = match char_start {
        Some(s) => {
            let start = input.char_indices().nth(s).map_or(input.len(), |(b, _)| b);
            let len = text.chars().count();
            let end = input
                .char_indices()
                .nth(s + len)
                .map_or(input.len(), |(b, _)| b);
            (start, end)
        }
        None => {
            let lower = input.to_lowercase();
            let at = lower.find(&text.to_lowercase())?;
            (at, at + text.len())
        }
    };
    let mut values = Vec::new();
    let mut push = |v: Option<&Value>| {
        if let Some(s) = v.and_then(Value::as_str) {
            values.push(s.to_string());
        }
    };
    if let Some(value) = raw.get("Value") {
        push(value.get("Timex"));
        push(value.pointer("/FutureResolution/date"));
        push(value.pointer("/PastResolution/date"));
    }
    if let Some(list) = raw.pointer("/Resolution/values").and_then(Value::as_array) {
        for v in list {
            push(v.get("timex"));
            if v.get("type").and_then(Value::as_str) == Some("date") {
                push(v.get("value"));
            }
        }
    }
    Some(Expected {
        start,
        end,
        text,
        values,
    })
}

/// True when our value means the same as an expected one.
pub fn same_value(ours: &str, theirs: &str) -> bool {
    if ours == theirs {
        return true;
    }
    // Clock times: "2016-11-07T14:00" against "T14", "T14:00" or "2016-11-07T14".
    if let Some((our_day, our_time)) = ours.split_once('T') {
        let (their_day, their_time) = match theirs.split_once('T') {
            Some(parts) => parts,
            None => return false,
        };
        let trim = |t: &str| t.trim_end_matches(":00").to_string();
        return (their_day.is_empty() || their_day == our_day)
            && trim(our_time) == trim(their_time);
    }
    false
}

/// The figures of one spec file or one language.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    pub cases: usize,
    pub right: usize,
    pub expected: usize,
    pub found: usize,
    pub skipped: usize,
}

impl Tally {
    pub fn accuracy(&self) -> f64 {
        if self.cases == 0 {
            0.0
        } else {
            self.right as f64 / self.cases as f64
        }
    }

    pub fn add(&mut self, other: &Tally) {
        self.cases += other.cases;
        self.right += other.right;
        self.expected += other.expected;
        self.found += other.found;
        self.skipped += other.skipped;
    }
}

/// Scores one case: every expected expression found (overlapping) with a right value.
pub fn score_case(case: &Case, language: &str, tally: &mut Tally) -> bool {
    if case.unsupported {
        tally.skipped += 1;
        return false;
    }
    let ours = claims::timexes(&case.input, case.reference, Some(language));
    tally.cases += 1;
    let mut all = true;
    for want in &case.expected {
        tally.expected += 1;
        let hit = ours.iter().any(|t| {
            t.span.start < want.end
                && want.start < t.span.end
                && want.values.iter().any(|v| same_value(&t.value, v))
        });
        tally.found += usize::from(hit);
        all &= hit;
    }
    tally.right += usize::from(all);
    all
}

/// Tallies per (language, file) and per language.
pub type Tallies = BTreeMap<(String, String), Tally>;

/// A case we got wrong: language, spec file, and the input with what was wanted and found.
pub type Wrong = (String, String, String);

/// Reads and scores every spec below `path`; returns the per-file tallies and the cases we got
/// wrong (language, file, input) for inspection.
pub fn evaluate(path: &Path) -> Result<(Tallies, Vec<Wrong>), EvalError> {
    let mut tallies = Tallies::new();
    let mut wrong = Vec::new();
    for (language, file) in find_files(path)? {
        let (source, name) = crate::read_named(&file)?;
        let cases = parse(&source).map_err(|message| EvalError::Parse {
            path: file.display().to_string(),
            message,
        })?;
        let tally = tallies.entry((language.clone(), name.clone())).or_default();
        for case in &cases {
            let before = tally.skipped;
            if !score_case(case, &language, tally) && tally.skipped == before {
                let ours: Vec<String> =
                    claims::timexes(&case.input, case.reference, Some(&language))
                        .into_iter()
                        .map(|t| format!("{:?}={}", t.text, t.value))
                        .collect();
                let want: Vec<String> = case
                    .expected
                    .iter()
                    .map(|e| format!("{:?}={}", e.text, e.values.join("|")))
                    .collect();
                wrong.push((
                    language.clone(),
                    name.clone(),
                    format!(
                        "{}  want [{}] got [{}]",
                        case.input,
                        want.join(", "),
                        ours.join(", ")
                    ),
                ));
            }
        }
    }
    Ok((tallies, wrong))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = "\u{feff}[
      {\"Input\": \"I'll go back Oct. 2\", \"Context\": {\"ReferenceDateTime\": \"2016-11-07T00:00:00\"},
       \"Results\": [{\"Text\": \"Oct. 2\", \"Type\": \"date\", \"Value\": {\"Timex\": \"XXXX-10-02\",
       \"FutureResolution\": {\"date\": \"2017-10-02\"}, \"PastResolution\": {\"date\": \"2016-10-02\"}},
       \"Start\": 13, \"Length\": 6}]},
      {\"Input\": \"no reference Friday\", \"Results\": []},
      {\"Input\": \"Lo haré el martes\", \"Context\": {\"ReferenceDateTime\": \"2016-11-07T00:00:00\"},
       \"NotSupported\": \"dotnet\", \"Results\": []}
    ]";

    #[test]
    fn reads_cases_with_offsets_and_values() {
        let cases = parse(SPEC).unwrap();
        assert_eq!(cases.len(), 3);
        let first = &cases[0].expected[0];
        assert_eq!(&cases[0].input[first.start..first.end], "Oct. 2");
        assert_eq!(first.values, ["XXXX-10-02", "2017-10-02", "2016-10-02"]);
        assert!(cases[1].reference.is_none());
        assert!(cases[2].unsupported);
    }

    #[test]
    fn scores_cases_and_skips_what_cannot_be_scored() {
        let cases = parse(SPEC).unwrap();
        let mut tally = Tally::default();
        for case in &cases {
            score_case(case, "en", &mut tally);
        }
        assert_eq!((tally.cases, tally.right, tally.skipped), (2, 2, 1));
    }

    #[test]
    fn compares_clock_times_loosely() {
        assert!(same_value("2016-11-07T14:00", "T14"));
        assert!(same_value("2016-11-07T14:30", "2016-11-07T14:30"));
        assert!(!same_value("2016-11-07T14:00", "T15"));
        assert!(!same_value("2016-11-07", "T14"));
    }
}
