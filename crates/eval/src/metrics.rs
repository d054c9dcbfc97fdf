//! The token-shingle metric of the public article-extraction benchmarks.

use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

static WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\w+").expect("static regex"));

/// The shingles of a text as a multiset: runs of 4 consecutive `\w+` tokens (case kept); a text
/// of 1 to 3 tokens gives one shingle of all of them, an empty text none.
pub fn shingles(text: &str) -> HashMap<Vec<&str>, usize> {
    let tokens: Vec<&str> = WORD.find_iter(text).map(|m| m.as_str()).collect();
    let mut counts = HashMap::new();
    if tokens.is_empty() {
        return counts;
    }
    if tokens.len() < 4 {
        counts.insert(tokens, 1);
        return counts;
    }
    for window in tokens.windows(4) {
        *counts.entry(window.to_vec()).or_insert(0) += 1;
    }
    counts
}

/// One page's comparison of predicted against true shingles.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageScore {
    /// `None` when the prediction has no shingle (it then only hurts recall).
    pub precision: Option<f64>,
    /// `None` when the truth has no shingle.
    pub recall: Option<f64>,
}

impl PageScore {
    pub fn f1(&self) -> f64 {
        let p = self.precision.unwrap_or(0.0);
        let r = self.recall.unwrap_or(0.0);
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

pub fn score_page(truth: &str, predicted: &str) -> PageScore {
    let true_shingles = shingles(truth);
    let predicted_shingles = shingles(predicted);
    let tp: usize = predicted_shingles
        .iter()
        .map(|(s, n)| (*n).min(true_shingles.get(s).copied().unwrap_or(0)))
        .sum();
    let predicted_total: usize = predicted_shingles.values().sum();
    let true_total: usize = true_shingles.values().sum();
    PageScore {
        precision: (predicted_total > 0).then(|| tp as f64 / predicted_total as f64),
        recall: (true_total > 0).then(|| tp as f64 / true_total as f64),
    }
}

/// Set-level figures: the mean page precision over pages with a prediction, the mean page
/// recall over pages with a truth, and F1 of those two means.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct SetScore {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

pub fn score_set(pages: &[PageScore]) -> SetScore {
    let mean = |values: Vec<f64>| {
        if values.is_empty() {
            0.0
        } else {
            values.iter().sum::<f64>() / values.len() as f64
        }
    };
    let precision = mean(pages.iter().filter_map(|p| p.precision).collect());
    let recall = mean(pages.iter().filter_map(|p| p.recall).collect());
    let f1 = f1(precision, recall);
    SetScore {
        precision,
        recall,
        f1,
    }
}

/// `part / whole`, or 0 when there is nothing to divide by.
pub fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// The harmonic mean of precision and recall; 0 when both are 0.
pub fn f1(precision: f64, recall: f64) -> f64 {
    if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shingles_follow_the_definition() {
        assert!(shingles("").is_empty());
        assert!(shingles(" ,. ").is_empty());
        assert_eq!(
            shingles("one two"),
            HashMap::from([(vec!["one", "two"], 1)])
        );
        let five = shingles("a b c d a b c d");
        assert_eq!(five.get(&vec!["a", "b", "c", "d"]), Some(&2));
        assert_eq!(five.values().sum::<usize>(), 5);
        // Case is kept and Unicode letters are word characters.
        assert_eq!(
            shingles("Día día"),
            HashMap::from([(vec!["Día", "día"], 1)])
        );
    }

    #[test]
    fn page_scores_count_multisets() {
        let exact = score_page("a b c d e", "a b c d e");
        assert_eq!((exact.precision, exact.recall), (Some(1.0), Some(1.0)));
        // Truth has 2 shingles; prediction has them plus 2 extra: P = 0.5, R = 1.
        let extra = score_page("a b c d e", "a b c d e f g");
        assert_eq!((extra.precision, extra.recall), (Some(0.5), Some(1.0)));
        let empty = score_page("a b c d e", "");
        assert_eq!((empty.precision, empty.recall), (None, Some(0.0)));
        assert_eq!(empty.f1(), 0.0);
    }

    #[test]
    fn set_scores_average_pages_then_combine() {
        let pages = [
            PageScore {
                precision: Some(1.0),
                recall: Some(0.5),
            },
            PageScore {
                precision: None,
                recall: Some(0.0),
            },
            PageScore {
                precision: Some(0.5),
                recall: Some(1.0),
            },
        ];
        let set = score_set(&pages);
        assert!((set.precision - 0.75).abs() < 1e-12);
        assert!((set.recall - 0.5).abs() < 1e-12);
        assert!((set.f1 - 0.6).abs() < 1e-12);
    }
}

/// Counts for precision, recall and F1 over matched items.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Prf {
    /// Matches between predicted and gold items.
    pub tp: usize,
    pub predicted: usize,
    pub gold: usize,
}

impl Prf {
    pub fn add(&mut self, tp: usize, predicted: usize, gold: usize) {
        self.tp += tp;
        self.predicted += predicted;
        self.gold += gold;
    }

    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.predicted)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.gold)
    }

    pub fn f1(&self) -> f64 {
        f1(self.precision(), self.recall())
    }
}
