//! `eval quantities`: figures with their units and bounds, scored the way the CQE evaluation
//! (Almasian et al. 2023, "CQE: A Comprehensive Quantity Extractor") scores them.
//!
//! A set is a JSON file holding an array of sentences, `{"text": ..., "quantities": [{"value":
//! "75000000", "normalized_unit": "dollar", "change": "="}, ...]}` (the NewsQuant layout, which
//! the CQE authors also use for their Recognizers-Text sets). A gold value written `"40-50"` is a
//! range; `change` is optional.
//!
//! Matching, per sentence: a prediction matches a gold quantity when both values are equal
//! within a relative tolerance of 1e-5 (a range only matches a range, end for end). Each gold
//! quantity and each prediction is used at most once. Three scores come out of the same
//! sentence:
//! - value: the value alone;
//! - value+unit: the value and the normalised unit (lower-cased, as CQE writes it: `dollar`,
//!   `kilometre`, `percentage`, `year of age`; a count takes its singular noun, `people`, and a
//!   bare number `-`);
//! - value+bound: the value and the bound (CQE's `change`). Only gold quantities that carry a
//!   `change` are checked for it; the others count on their value alone.
//!
//! Precision divides by every prediction, recall by every gold quantity.
//!
//! Our [`model::Hedge`] maps to CQE's bound vocabulary as follows (see [`bound_of`]):
//!
//! | hedge | example | bound |
//! |---|---|---|
//! | `Exact` | "57 dead" | `=` |
//! | `Range` | "40 to 50" | `=` (the value is the range) |
//! | `About` | "about 80", "nearly 80" | `~` |
//! | `AtLeast`, `MoreThan` | "at least 40", "more than 40" | `>` |
//! | `AtMost`, `LessThan` | "up to 40", "under 40" | `<` |
//! | `Vague` | "dozens" | `=` (the value is the order of magnitude, 12) |
//!
//! A figure that states a move ("rose 6%", "down 34 cents") has the bound `up` or `down` in
//! CQE; an exact figure gets it from the word before it (see [`direction_before`]), while a
//! hedged one keeps its hedge's bound ("up about 19 per cent" is `~`).

use crate::EvalError;
use model::{Hedge, Quantity};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// A value as CQE writes it: one number, or a range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    One(f64),
    Range(f64, f64),
}

impl Value {
    /// Reads a gold value: `"75000000"`, `"-5"`, `"1.5E7"`, or a range `"40-50"`.
    pub fn parse(text: &str) -> Option<Value> {
        let text = text.trim();
        let range = !text.contains(['E', 'e']) && !text.starts_with('-') && text.contains('-');
        if range {
            let (low, high) = text.split_once('-')?;
            Some(Value::Range(
                low.trim().parse().ok()?,
                high.trim().parse().ok()?,
            ))
        } else {
            text.parse().ok().map(Value::One)
        }
    }

    /// Equal within the tolerance CQE uses (numpy's `isclose`, rtol 1e-5, atol 1e-8).
    pub fn matches(self, other: Value) -> bool {
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-8 + 1e-5 * b.abs();
        match (self, other) {
            (Value::One(a), Value::One(b)) => close(a, b),
            (Value::Range(a, b), Value::Range(c, d)) => close(a, c) && close(b, d),
            _ => false,
        }
    }
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::One(v) => write!(f, "{v}"),
            Value::Range(a, b) => write!(f, "{a}-{b}"),
        }
    }
}

/// One quantity, gold or predicted, in CQE's terms.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub value: Value,
    /// The normalised unit, lower-case; `-` when there is none.
    pub unit: String,
    /// CQE's `change`: `=`, `~`, `>`, `<`, `up` or `down`; `None` when the gold has none.
    pub bound: Option<String>,
}

/// One sentence with its gold quantities.
#[derive(Debug, Clone)]
pub struct Sentence {
    pub text: String,
    pub gold: Vec<Figure>,
    /// Gold quantities whose value could not be read; they count as gold no prediction
    /// matches.
    pub unreadable: usize,
}

/// The JSON files below `path` (or `path` itself).
pub fn find_files(path: &Path) -> Result<Vec<PathBuf>, EvalError> {
    let files = crate::files_below(
        path,
        &[".json"],
        "*.json files of [{text, quantities: [{value, normalized_unit}]}]",
    )?;
    Ok(files)
}

/// Reads one set. `Ok(None)` when the file is JSON in another layout (no array of sentences
/// with `text` and `quantities`), so the caller can skip it.
pub fn load(path: &Path) -> Result<Option<Vec<Sentence>>, EvalError> {
    let raw = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.display().to_string(),
        source,
    })?;
    let json: serde_json::Value = serde_json::from_str(&raw).map_err(|e| EvalError::Parse {
        path: path.display().to_string(),
        message: e.to_string(),
    })?;
    Ok(parse_set(&json))
}

/// The sentences of a set in the NewsQuant layout, or `None` for any other layout. A gold
/// value that cannot be read ("2,75") leaves its quantity out of the matching; it still counts
/// as gold.
pub fn parse_set(json: &serde_json::Value) -> Option<Vec<Sentence>> {
    let items = json.as_array()?;
    if items.is_empty() {
        return None;
    }
    let mut sentences = Vec::with_capacity(items.len());
    for item in items {
        let text = item.get("text")?.as_str()?;
        let mut gold = Vec::new();
        let mut unreadable = 0;
        for q in item.get("quantities")?.as_array()? {
            let value = q.get("value").and_then(|v| match v {
                serde_json::Value::String(s) => Value::parse(s),
                serde_json::Value::Number(n) => n.as_f64().map(Value::One),
                _ => None,
            });
            let Some(value) = value else {
                unreadable += 1;
                continue;
            };
            let unit = q
                .get("normalized_unit")
                .and_then(|u| u.as_str())
                .unwrap_or("-")
                .trim()
                .to_lowercase();
            let bound = q
                .get("change")
                .and_then(|c| c.as_str())
                .map(|c| c.trim().to_lowercase());
            gold.push(Figure { value, unit, bound });
        }
        sentences.push(Sentence {
            text: text.to_string(),
            gold,
            unreadable,
        });
    }
    Some(sentences)
}

/// CQE's bound for a hedge (the table in the module documentation).
pub fn bound_of(hedge: Hedge) -> &'static str {
    match hedge {
        Hedge::Exact | Hedge::Range | Hedge::Vague => "=",
        Hedge::About => "~",
        Hedge::AtLeast | Hedge::MoreThan => ">",
        Hedge::AtMost | Hedge::LessThan => "<",
    }
}

/// `up` or `down` when the word right before the figure (or its hedge) states a move: "up 19
/// cents", "rose 6.2%", "fell by 5%", "down 0.6%".
pub fn direction_before(sentence: &str, start: usize) -> Option<&'static str> {
    let before = sentence.get(..start)?;
    let mut words = before
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty());
    let mut last = words.next_back()?.to_lowercase();
    if last == "by" {
        last = words.next_back()?.to_lowercase();
    }
    const UP: &[&str] = &[
        "up",
        "rose",
        "rise",
        "rises",
        "risen",
        "gained",
        "gains",
        "climbed",
        "jumped",
        "grew",
        "increased",
        "added",
        "advanced",
        "surged",
        "soared",
        "lifted",
    ];
    const DOWN: &[&str] = &[
        "down",
        "fell",
        "fall",
        "falls",
        "fallen",
        "dropped",
        "drops",
        "lost",
        "declined",
        "decreased",
        "slid",
        "sank",
        "tumbled",
        "slipped",
        "shed",
        "plunged",
        "eased",
    ];
    if UP.contains(&last.as_str()) {
        Some("up")
    } else if DOWN.contains(&last.as_str()) {
        Some("down")
    } else {
        None
    }
}

/// A figure we found, in CQE's terms. A vague figure ("dozens") has the interval from twice
/// its order of magnitude up; CQE writes the order of magnitude itself (12), so that is what
/// is scored. A count without a unit takes its counted noun in the singular, as CQE does.
pub fn figure_of(q: &Quantity, text: &str) -> Figure {
    let value = match (q.hedge, q.low, q.high) {
        (Hedge::Range, Some(low), Some(high)) => Value::Range(low, high),
        (Hedge::Vague, _, _) => Value::One(q.value / 2.0),
        _ => Value::One(q.value),
    };
    let unit = match &q.unit {
        Some(unit) => unit.to_lowercase(),
        None => count_noun(&q.counted),
    };
    // A hedge says more than a move: "up about 19 per cent" is `~`.
    let start = q.span.start.saturating_sub(q.sentence.start);
    let moved = q
        .sentence
        .slice(text)
        .and_then(|sentence| direction_before(sentence, start));
    let bound = match (q.hedge, moved) {
        (Hedge::Exact, Some(direction)) => direction,
        (hedge, _) => bound_of(hedge),
    };
    Figure {
        value,
        unit,
        bound: Some(bound.to_string()),
    }
}

/// The counted words of a count as a CQE unit: lower-case, the last word in the singular
/// ("expensive restaurants" → "expensive restaurant"); `-` when there are none.
fn count_noun(counted: &str) -> String {
    // The counted words may run on into their verb ("people were evacuated"); the noun group
    // ends before it.
    const VERBS: &[&str] = &[
        "is", "are", "was", "were", "be", "been", "have", "has", "had", "remain", "remained",
        "remains", "still", "who", "that", "which", "and", "or",
    ];
    let words: Vec<String> = counted
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .take_while(|w| !(VERBS.contains(&w.as_str()) || (w.len() > 4 && w.ends_with("ed"))))
        .collect();
    let Some((last, rest)) = words.split_last() else {
        return "-".to_string();
    };
    let mut out: Vec<String> = rest.to_vec();
    out.push(singular(last));
    out.join(" ")
}

/// An English plural noun in the singular, by the regular rules.
fn singular(word: &str) -> String {
    const SAME: &[&str] = &["people", "news", "series", "species", "police", "staff"];
    if SAME.contains(&word) || word.len() <= 3 || word.ends_with("ss") || word.ends_with("us") {
        return word.to_string();
    }
    if let Some(stem) = word.strip_suffix("ies") {
        return format!("{stem}y");
    }
    for suffix in ["ches", "shes", "xes", "sses", "zes"] {
        if word.ends_with(suffix) {
            return word[..word.len() - 2].to_string();
        }
    }
    if let Some(stem) = word.strip_suffix("men") {
        return format!("{stem}man");
    }
    word.strip_suffix('s').unwrap_or(word).to_string()
}

/// True and false positives of one sentence or set, on each score.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct Counts {
    pub gold: usize,
    pub predicted: usize,
    /// Gold quantities that carry a bound.
    pub gold_with_bound: usize,
    /// Gold quantities whose value could not be read (counted in `gold`).
    pub unreadable: usize,
    pub value: usize,
    pub value_unit: usize,
    pub value_bound: usize,
}

impl Counts {
    fn add(&mut self, other: Counts) {
        self.gold += other.gold;
        self.predicted += other.predicted;
        self.gold_with_bound += other.gold_with_bound;
        self.unreadable += other.unreadable;
        self.value += other.value;
        self.value_unit += other.value_unit;
        self.value_bound += other.value_bound;
    }
}

/// Precision, recall and F1 of one score.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    /// Precision over `predicted`, recall over `gold`; an empty side scores 1 when the other is
    /// empty too and 0 otherwise.
    pub fn new(correct: usize, gold: usize, predicted: usize) -> Prf {
        let ratio = |n: usize, d: usize| {
            if d == 0 {
                if gold == predicted { 1.0 } else { 0.0 }
            } else {
                n as f64 / d as f64
            }
        };
        let precision = ratio(correct, predicted);
        let recall = ratio(correct, gold);
        Prf {
            precision,
            recall,
            f1: crate::metrics::f1(precision, recall),
        }
    }
}

/// How many gold quantities `predicted` matches under `same`, each used once. Gold and
/// predictions are few per sentence, so this tries, for each gold in turn, the predictions
/// not yet used, in order.
fn matched(
    gold: &[Figure],
    predicted: &[Figure],
    same: impl Fn(&Figure, &Figure) -> bool,
) -> usize {
    let mut used = vec![false; predicted.len()];
    let mut count = 0;
    for g in gold {
        if let Some(k) = (0..predicted.len()).find(|&k| !used[k] && same(g, &predicted[k])) {
            used[k] = true;
            count += 1;
        }
    }
    count
}

/// Scores one sentence's predictions against its gold quantities.
pub fn score_sentence(gold: &[Figure], predicted: &[Figure]) -> Counts {
    Counts {
        gold: gold.len(),
        predicted: predicted.len(),
        gold_with_bound: gold.iter().filter(|g| g.bound.is_some()).count(),
        unreadable: 0,
        value: matched(gold, predicted, |g, p| g.value.matches(p.value)),
        value_unit: matched(gold, predicted, |g, p| {
            g.value.matches(p.value) && g.unit == p.unit
        }),
        value_bound: matched(gold, predicted, |g, p| {
            g.value.matches(p.value) && (g.bound.is_none() || g.bound == p.bound)
        }),
    }
}

/// The figures of one set.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SetReport {
    pub name: String,
    pub sentences: usize,
    pub counts: Counts,
    pub value: Prf,
    pub value_unit: Prf,
    pub value_bound: Prf,
    pub seconds: f64,
    pub sentences_per_s: f64,
}

impl SetReport {
    /// The report for `counts` over `sentences` sentences taking `seconds`.
    pub fn new(name: &str, sentences: usize, counts: Counts, seconds: f64) -> SetReport {
        SetReport {
            name: name.to_string(),
            sentences,
            counts,
            value: Prf::new(counts.value, counts.gold, counts.predicted),
            value_unit: Prf::new(counts.value_unit, counts.gold, counts.predicted),
            value_bound: Prf::new(counts.value_bound, counts.gold, counts.predicted),
            seconds,
            sentences_per_s: sentences as f64 / seconds.max(1e-9),
        }
    }

    /// The report of several sets together.
    pub fn total(name: &str, reports: &[SetReport]) -> SetReport {
        let mut counts = Counts::default();
        for r in reports {
            counts.add(r.counts);
        }
        SetReport::new(
            name,
            reports.iter().map(|r| r.sentences).sum(),
            counts,
            reports.iter().map(|r| r.seconds).sum(),
        )
    }
}

/// One sentence's outcome, for listing the misses.
#[derive(Debug, Clone)]
pub struct SentenceResult {
    pub text: String,
    pub gold: Vec<Figure>,
    pub predicted: Vec<Figure>,
    pub counts: Counts,
}

/// Runs the figure extractor on every sentence of a set (in `language`, ISO 639-1) and scores
/// it; the time counts extraction only, after one warm-up call that loads the unit lexicon.
pub fn evaluate(
    name: &str,
    sentences: &[Sentence],
    language: Option<&str>,
) -> (SetReport, Vec<SentenceResult>) {
    let _ = claims::figures("5 km", language);
    let started = Instant::now();
    let found: Vec<Vec<Quantity>> = sentences
        .iter()
        .map(|s| claims::figures(&s.text, language).value)
        .collect();
    let seconds = started.elapsed().as_secs_f64();
    let mut counts = Counts::default();
    let mut results = Vec::with_capacity(sentences.len());
    for (sentence, quantities) in sentences.iter().zip(found) {
        let predicted: Vec<Figure> = quantities
            .iter()
            .map(|q| figure_of(q, &sentence.text))
            .collect();
        let mut here = score_sentence(&sentence.gold, &predicted);
        here.gold += sentence.unreadable;
        here.unreadable = sentence.unreadable;
        counts.add(here);
        results.push(SentenceResult {
            text: sentence.text.clone(),
            gold: sentence.gold.clone(),
            predicted,
            counts: here,
        });
    }
    (
        SetReport::new(name, sentences.len(), counts, seconds),
        results,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fig(value: Value, unit: &str, bound: Option<&str>) -> Figure {
        Figure {
            value,
            unit: unit.to_string(),
            bound: bound.map(str::to_string),
        }
    }

    #[test]
    fn values_parse_like_cqe() {
        assert_eq!(Value::parse("75000000"), Some(Value::One(75e6)));
        assert_eq!(Value::parse("-5"), Some(Value::One(-5.0)));
        assert_eq!(Value::parse("40-50"), Some(Value::Range(40.0, 50.0)));
        assert_eq!(Value::parse("1.5E-3"), Some(Value::One(0.0015)));
        assert_eq!(Value::parse("abc"), None);
        assert!(Value::One(0.33).matches(Value::One(0.330001)));
        assert!(!Value::One(0.33).matches(Value::One(1.0 / 3.0)));
        assert!(!Value::One(40.0).matches(Value::Range(40.0, 50.0)));
    }

    #[test]
    fn other_layouts_are_not_sets() {
        let units = serde_json::json!([{"text": "25 c", "unit": "celsius", "surface_form": "c"}]);
        assert!(parse_set(&units).is_none());
        let set = serde_json::json!([{"text": "5 km", "quantities": [
            {"value": "5", "normalized_unit": "Kilometre", "change": "~"}]}]);
        let sentences = parse_set(&set).unwrap_or_default();
        assert_eq!(
            sentences[0].gold,
            [fig(Value::One(5.0), "kilometre", Some("~"))]
        );
    }

    #[test]
    fn each_gold_and_prediction_is_used_once() {
        let gold = [
            fig(Value::One(50.0), "dollar", None),
            fig(Value::One(50.0), "dollar", Some(">")),
        ];
        let predicted = [
            fig(Value::One(50.0), "dollar", Some(">")),
            fig(Value::One(7.0), "-", Some("=")),
        ];
        let counts = score_sentence(&gold, &predicted);
        assert_eq!(
            (counts.value, counts.value_unit, counts.value_bound),
            (1, 1, 1)
        );
        let report = SetReport::new("t", 1, counts, 1.0);
        assert_eq!(report.value.precision, 0.5);
        assert_eq!(report.value.recall, 0.5);
        // A gold quantity without a bound counts on its value alone; one with a bound needs it.
        let counts = score_sentence(&gold[1..], &[fig(Value::One(50.0), "dollar", Some("<"))]);
        assert_eq!((counts.value, counts.value_bound), (1, 0));
    }

    #[test]
    fn hedges_map_to_bounds() {
        assert_eq!(bound_of(Hedge::Exact), "=");
        assert_eq!(bound_of(Hedge::About), "~");
        assert_eq!(bound_of(Hedge::AtLeast), ">");
        assert_eq!(bound_of(Hedge::MoreThan), ">");
        assert_eq!(bound_of(Hedge::AtMost), "<");
        assert_eq!(bound_of(Hedge::LessThan), "<");
        assert_eq!(direction_before("sales rose 6.2 %", 11), Some("up"));
        assert_eq!(direction_before("it fell by 5%", 11), Some("down"));
        assert_eq!(direction_before("it cost 5%", 8), None);
    }

    #[test]
    fn figures_of_our_extractor_read_as_cqe() {
        let text = "Sales rose 6.2% to $1.45 billion, about 20 expensive restaurants and 8 to 10 feet; \
             up about 3% and dozens of homes.";
        let found = claims::figures(text, Some("en")).value;
        let figures: Vec<Figure> = found.iter().map(|q| figure_of(q, text)).collect();
        assert_eq!(
            figures,
            [
                fig(Value::One(6.2), "percentage", Some("up")),
                fig(Value::One(1.45e9), "dollar", Some("=")),
                fig(Value::One(20.0), "expensive restaurant", Some("~")),
                fig(Value::Range(8.0, 10.0), "foot", Some("=")),
                fig(Value::One(3.0), "percentage", Some("~")),
                fig(Value::One(12.0), "home", Some("=")),
            ]
        );
    }

    #[test]
    fn plurals_become_singular() {
        assert_eq!(count_noun("expensive restaurants"), "expensive restaurant");
        assert_eq!(count_noun("people"), "people");
        assert_eq!(count_noun("cities"), "city");
        assert_eq!(count_noun("boxes"), "box");
        assert_eq!(count_noun("cabinet ministers"), "cabinet minister");
        assert_eq!(count_noun("people were evacuated"), "people");
        assert_eq!(count_noun("homes destroyed"), "home");
        assert_eq!(count_noun(""), "-");
    }
}
