//! What the story page and the HTML report both draw: the series of a figure that moved over
//! time, and the quotes grouped by speaker.

use model::report::{Fact, FactStatus};

/// One value of the series: `x` is its day and `y` its value, both scaled to 0..=1 (the
/// value axis starts at zero, or lower for negative figures).
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
    /// The value as written, with its day.
    pub label: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub points: Vec<Point>,
    pub first: jiff::civil::Date,
    pub last: jiff::civil::Date,
}

/// The dated values of an `updated` fact in day order; `None` for other facts or fewer than
/// two dated values.
pub fn series(fact: &Fact) -> Option<Series> {
    let mut dated: Vec<(jiff::civil::Date, f64, String)> = fact
        .values
        .iter()
        .filter_map(|v| Some((v.as_of?, v.low.or(v.high)?, v.value.clone())))
        .collect();
    if fact.status != FactStatus::Updated || dated.len() < 2 {
        return None;
    }
    dated.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let first = dated.first()?.0;
    let last = dated.last()?.0;
    let days = (last - first).get_days().max(1) as f64;
    let top = dated.iter().map(|p| p.1).fold(f64::MIN, f64::max);
    let bottom = dated.iter().map(|p| p.1).fold(f64::MAX, f64::min).min(0.0);
    let range = (top - bottom).max(1.0);
    Some(Series {
        points: dated
            .iter()
            .map(|(day, value, label)| Point {
                x: (*day - first).get_days() as f64 / days,
                y: (value - bottom) / range,
                label: format!("{label} ({day})"),
            })
            .collect(),
        first,
        last,
    })
}

/// The quotes and reported statements of a story grouped by speaker, speakers in the order
/// the facts first name them; a fact without a speaker goes under `unknown`.
pub fn by_speaker<'a>(
    facts: &'a [model::report::Fact],
    unknown: &str,
) -> Vec<(String, Vec<&'a model::report::Fact>)> {
    let mut groups: Vec<(String, Vec<&Fact>)> = Vec::new();
    for fact in facts.iter().filter(|f| {
        matches!(
            f.kind,
            model::report::FactKind::Quote | model::report::FactKind::Statement
        )
    }) {
        let name = fact.speaker.clone().unwrap_or_else(|| unknown.to_string());
        match groups.iter_mut().find(|(n, _)| *n == name) {
            Some((_, facts)) => facts.push(fact),
            None => groups.push((name, vec![fact])),
        }
    }
    groups
}
