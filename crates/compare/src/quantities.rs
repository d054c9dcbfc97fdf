//! Figures aligned by what they count, with a verdict per measure.

use crate::{StoryArticle, join_names, origin, outlets, short_date, source_ref};
use model::report::{Fact, FactKind, FactStatus, FactValue};
use model::{ArticleId, Hedge, Quantity};
use std::collections::BTreeMap;

/// Measures that only grow with time: a later, lower figure contradicts an earlier one.
const MONOTONE_MEASURES: &[&str] = &["dead"];

/// What an event's coverage is compared on: a figure of these is a fact even from one source.
/// Other figures become facts only when two independent sources state them.
const EVENT_MEASURES: &[&str] = &[
    "dead",
    "missing",
    "injured",
    "evacuated",
    "homes",
    "homes destroyed",
    "homes damaged",
    "rescued",
    "arrested",
    "displaced",
    "affected",
];

/// Units of time: "three days", "six hours" describe the telling, not a count to compare.
const DURATION_UNITS: &[&str] = &[
    "second",
    "millisecond",
    "minute",
    "hour",
    "day",
    "week",
    "month",
    "year",
    "decade",
    "century",
];

/// "More than 2,000" at the start of a sentence reads "more than 2,000" in a list of values.
fn value_text(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && second.is_lowercase() => {
            first.to_lowercase().chain(text.chars().skip(1)).collect()
        }
        _ => text.to_string(),
    }
}

struct Mention<'a> {
    quantity: &'a Quantity,
    article: &'a StoryArticle<'a>,
}

fn interval(q: &Quantity) -> (f64, f64) {
    let low = q.low.unwrap_or(f64::NEG_INFINITY);
    let high = q.high.unwrap_or(f64::INFINITY);
    // "more than 40" excludes 40 itself; nudge the bound so that "more than 40" and "40"
    // do not overlap.
    match q.hedge {
        Hedge::MoreThan => (low + 1e-6, high),
        Hedge::LessThan => (low, high - 1e-6),
        _ => (low, high),
    }
}

fn overlaps(a: (f64, f64), b: (f64, f64)) -> bool {
    a.0 <= b.1 && b.0 <= a.1
}

/// The figure a value stands for when comparing over time: the bound that was stated.
fn estimate(q: &Quantity) -> f64 {
    q.value
}

pub fn quantity_facts(articles: &[StoryArticle<'_>]) -> Vec<Fact> {
    // The first figure an article gives for a measure is its headline figure; later ones in the
    // same article are details or history ("down from 14") and are not compared.
    let mut by_measure: BTreeMap<(String, Option<String>), Vec<Mention<'_>>> = BTreeMap::new();
    for article in articles {
        let mut seen = Vec::new();
        for quantity in &article.claims.quantities {
            let key = (quantity.measure.clone(), quantity.unit.clone());
            let duration = quantity
                .unit
                .as_deref()
                .is_some_and(|u| DURATION_UNITS.contains(&u))
                || DURATION_UNITS.contains(&quantity.measure.as_str());
            if quantity.measure.is_empty()
                || quantity.hedge == Hedge::Vague
                || duration
                || seen.contains(&key)
            {
                continue;
            }
            seen.push(key.clone());
            by_measure
                .entry(key)
                .or_default()
                .push(Mention { quantity, article });
        }
    }
    let mut facts: Vec<Fact> = by_measure
        .into_iter()
        .filter(|((measure, _), mentions)| {
            let mut origins: Vec<&ArticleId> = mentions.iter().map(|m| origin(m.article)).collect();
            origins.sort();
            origins.dedup();
            EVENT_MEASURES.contains(&measure.as_str()) || origins.len() >= 2
        })
        .map(|((measure, unit), mentions)| fact_for(&measure, unit, &mentions))
        .collect();
    // Facts most sources speak of first; ties by name for a stable order.
    facts.sort_by(|a, b| {
        let count = |f: &Fact| f.values.iter().map(|v| v.sources.len()).sum::<usize>();
        count(b).cmp(&count(a)).then_with(|| a.id.cmp(&b.id))
    });
    facts
}

fn fact_for(measure: &str, unit: Option<String>, mentions: &[Mention<'_>]) -> Fact {
    // Values: one per distinct interval and day, with every source that states it.
    let mut values: Vec<(FactValue, (f64, f64), f64)> = Vec::new();
    for mention in mentions {
        let q = mention.quantity;
        let range = interval(q);
        let source = source_ref(mention.article.article, q.sentence);
        match values
            .iter_mut()
            .find(|(v, r, _)| *r == range && v.as_of == q.as_of)
        {
            Some((value, _, _)) => value.sources.push(source),
            None => values.push((
                FactValue {
                    value: value_text(&q.text),
                    low: q.low,
                    high: q.high,
                    as_of: q.as_of,
                    sources: vec![source],
                },
                range,
                estimate(q),
            )),
        }
    }
    values.sort_by(|a, b| a.0.as_of.cmp(&b.0.as_of).then(a.2.total_cmp(&b.2)));

    let independent: Vec<&ArticleId> = {
        let mut ids: Vec<&ArticleId> = mentions.iter().map(|m| origin(m.article)).collect();
        ids.sort();
        ids.dedup();
        ids
    };
    let label = match &unit {
        Some(unit) => format!("{measure} ({unit})"),
        None => measure.to_string(),
    };
    let first = &values[0].0;
    let first_outlet = first.sources[0].outlet.clone();
    let describe = |v: &FactValue| -> String {
        let when = v.as_of.map(short_date).unwrap_or_else(|| "undated".into());
        format!("{} ({}, {when})", v.value, join_names(&outlets(&v.sources)))
    };

    let (status, summary, reason) = if independent.len() < 2 {
        let copies = mentions.len() - 1;
        let reason = if copies > 0 {
            format!(
                "only {first_outlet} reports this figure; {copies} other article(s) repeat its copy"
            )
        } else {
            format!("only {first_outlet} reports this figure")
        };
        (
            FactStatus::SingleSource,
            format!("{label}: {}", describe(first)),
            reason,
        )
    } else if let Some((day, a, b)) = same_day_conflict(&values) {
        (
            FactStatus::Disputed,
            format!(
                "{label}: sources disagree on {}: {} vs {}",
                short_date(day),
                describe(a),
                describe(b)
            ),
            format!(
                "{} and {} are incompatible for the same day ({})",
                a.value,
                b.value,
                short_date(day)
            ),
        )
    } else if let Some((earlier, later)) = decrease(measure, &values) {
        (
            FactStatus::Disputed,
            format!(
                "{label}: {} contradicts the earlier {}",
                describe(later),
                describe(earlier)
            ),
            format!(
                "a count of {label} cannot fall, but {} is below the earlier {}",
                later.value, earlier.value
            ),
        )
    } else if values
        .windows(2)
        .any(|w| w[0].2 != w[1].2 && w[0].0.as_of != w[1].0.as_of)
    {
        let series: Vec<String> = series(&values).iter().map(|v| describe(v)).collect();
        let latest = &values[values.len() - 1].0;
        (
            FactStatus::Updated,
            format!("{label}: {}", series.join(" → ")),
            format!(
                "the figure moved with time, from {} to {}; no two sources conflict on the same day; first reported by {first_outlet}",
                first.value, latest.value
            ),
        )
    } else {
        let outlets_all: Vec<String> = {
            let mut all = Vec::new();
            for (v, _, _) in &values {
                for o in outlets(&v.sources) {
                    if !all.contains(&o) {
                        all.push(o);
                    }
                }
            }
            all
        };
        (
            FactStatus::Agreed,
            format!(
                "{label}: {}",
                values
                    .iter()
                    .map(|(v, _, _)| describe(v))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            format!(
                "{} independent sources give compatible figures ({}); first reported by {first_outlet}",
                independent.len(),
                join_names(&outlets_all)
            ),
        )
    };
    Fact {
        id: format!("quantity-{}", slug(&label)),
        kind: FactKind::Quantity,
        summary,
        status,
        reason,
        measure: Some(measure.to_string()),
        speaker: None,
        values: values.into_iter().map(|(v, _, _)| v).collect(),
    }
}

/// One value per day (the lowest of the day, as values are sorted), for the series.
fn series(values: &[(FactValue, (f64, f64), f64)]) -> Vec<&FactValue> {
    let mut out: Vec<&FactValue> = Vec::new();
    for (value, _, _) in values {
        if out.last().is_none_or(|last| last.as_of != value.as_of) {
            out.push(value);
        }
    }
    out
}

fn same_day_conflict(
    values: &[(FactValue, (f64, f64), f64)],
) -> Option<(jiff::civil::Date, &FactValue, &FactValue)> {
    for (i, (a, range_a, _)) in values.iter().enumerate() {
        for (b, range_b, _) in &values[i + 1..] {
            if let (Some(day), Some(other)) = (a.as_of, b.as_of)
                && day == other
                && !overlaps(*range_a, *range_b)
            {
                return Some((day, a, b));
            }
        }
    }
    None
}

fn decrease<'v>(
    measure: &str,
    values: &'v [(FactValue, (f64, f64), f64)],
) -> Option<(&'v FactValue, &'v FactValue)> {
    if !MONOTONE_MEASURES.contains(&measure) {
        return None;
    }
    for (i, (earlier, range_earlier, _)) in values.iter().enumerate() {
        for (later, range_later, _) in &values[i + 1..] {
            if later.as_of > earlier.as_of && range_later.1 < range_earlier.0 {
                return Some((earlier, later));
            }
        }
    }
    None
}

pub(crate) fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}
