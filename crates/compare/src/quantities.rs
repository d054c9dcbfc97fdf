//! Figures aligned by what they count, with a verdict per measure.

use crate::{StoryArticle, first_source, join_names, origin, outlets, short_date, source_ref};
use model::report::{Estimate, Fact, FactKind, FactStatus, FactValue};
use model::{ArticleId, Hedge, Quantity};
use std::collections::BTreeMap;

/// Measures that only grow with time: a later, lower figure contradicts an earlier one.
const MONOTONE_MEASURES: &[&str] = &["dead"];

/// What an event's coverage is compared on: a figure of these is a fact even from one source.
/// Other figures become facts when two independent sources state them, or when an article
/// gives them in its first paragraph.
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

/// Measures that are not facts about the event: a person's age describes them.
const NOT_EVENT_FACTS: &[&str] = &["age", "number"];

struct Mention<'a> {
    quantity: &'a Quantity,
    article: &'a StoryArticle<'a>,
    /// The article's place in the story's publication order.
    index: usize,
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

/// Figures aligned into facts. `relays[i]` is the earlier article of the story that article
/// `i` credits as its source, if any.
pub fn quantity_facts(articles: &[StoryArticle<'_>], relays: &[Option<usize>]) -> Vec<Fact> {
    // The first figure an article gives for a measure is its headline figure; later ones in the
    // same article are details or history ("down from 14") and are not compared. A figure with
    // a unit (rain in millimetres, a sum of money) is a fact of its day, not a running count:
    // its day is part of what it is aligned on.
    type Key = (String, Option<String>, Option<jiff::civil::Date>);
    let mut by_measure: BTreeMap<Key, Vec<Mention<'_>>> = BTreeMap::new();
    for (index, article) in articles.iter().enumerate() {
        let mut seen = Vec::new();
        // A correction notice ("An earlier version of this article said 40 were missing")
        // states what the article no longer says.
        let corrected: Vec<model::Span> = article
            .article
            .signals
            .corrections
            .iter()
            .filter_map(|c| c.evidence.span)
            .collect();
        for quantity in &article.claims.quantities {
            if corrected.iter().any(|span| span.contains(quantity.span)) {
                continue;
            }
            let day = quantity.unit.as_ref().and(quantity.as_of);
            let key = (quantity.measure.clone(), quantity.unit.clone(), day);
            let duration = quantity
                .unit
                .as_deref()
                .is_some_and(|u| DURATION_UNITS.contains(&u))
                || DURATION_UNITS.contains(&quantity.measure.as_str());
            // "One" of a thing that is not an event count is an idiom or an article more often
            // than a figure ("came down in one piece").
            let lone = quantity.value == 1.0
                && quantity.unit.is_none()
                && !EVENT_MEASURES.contains(&quantity.measure.as_str());
            if quantity.measure.is_empty()
                || lone
                || NOT_EVENT_FACTS.contains(&quantity.measure.as_str())
                || quantity.unit.as_deref() == Some("year of age")
                || quantity.hedge == Hedge::Vague
                || duration
            {
                continue;
            }
            if seen.contains(&key) {
                // A later figure that narrows the first ("has passed 100", then "at least 103
                // as of Sunday") is the article's figure made precise; any other later figure
                // is a detail or history and is not compared.
                if let Some(first) = by_measure
                    .get_mut(&key)
                    .and_then(|mentions| mentions.iter_mut().find(|m| m.index == index))
                    && narrows(quantity, first.quantity)
                {
                    first.quantity = quantity;
                }
                continue;
            }
            seen.push(key.clone());
            by_measure.entry(key).or_default().push(Mention {
                quantity,
                article,
                index,
            });
        }
    }
    let origins = Origins::new(articles, relays);
    let mut facts: Vec<Fact> = by_measure
        .into_iter()
        .filter(|((measure, _, _), mentions)| {
            let mut origins: Vec<&ArticleId> = mentions.iter().map(|m| origin(m.article)).collect();
            origins.sort();
            origins.dedup();
            // A figure in an article's first paragraph is what that article reports.
            let in_lead = mentions.iter().any(|m| {
                let lead_end = m.article.article.text.find("\n\n");
                m.quantity.unit.is_none()
                    && lead_end.is_none_or(|end| m.quantity.sentence.start < end)
            });
            EVENT_MEASURES.contains(&measure.as_str()) || origins.len() >= 2 || in_lead
        })
        .map(|((measure, unit, _), mentions)| fact_for(&measure, unit, &mentions, &origins))
        .collect();
    // Facts most sources speak of first; ties by name for a stable order.
    facts.sort_by(|a, b| {
        let count = |f: &Fact| f.values.iter().map(|v| v.sources.len()).sum::<usize>();
        count(b).cmp(&count(a)).then_with(|| a.id.cmp(&b.id))
    });
    facts
}

/// Whether `later` states `first` more precisely: its interval lies inside the first's and is
/// narrower or starts higher, on the same day or a later one.
fn narrows(later: &Quantity, first: &Quantity) -> bool {
    let (a, b) = (interval(later), interval(first));
    let inside = b.0 <= a.0 && a.1 <= b.1;
    let tighter = a.0 > b.0 || a.1 < b.1;
    inside && tighter && later.as_of >= first.as_of
}

/// Which article's word a figure rests on.
struct Origins<'s, 'a> {
    articles: &'s [StoryArticle<'a>],
    relays: &'s [Option<usize>],
    /// For each article, the article it copies, or itself.
    copy_of: Vec<usize>,
}

impl<'s, 'a> Origins<'s, 'a> {
    fn new(articles: &'s [StoryArticle<'a>], relays: &'s [Option<usize>]) -> Self {
        let position: std::collections::HashMap<&ArticleId, usize> = articles
            .iter()
            .enumerate()
            .map(|(i, a)| (&a.article.id, i))
            .collect();
        let copy_of = articles
            .iter()
            .enumerate()
            .map(|(i, a)| {
                a.duplicate_of
                    .and_then(|id| position.get(id).copied())
                    .unwrap_or(i)
            })
            .collect();
        Origins {
            articles,
            relays,
            copy_of,
        }
    }

    /// The article `index` copies, or itself.
    fn copied(&self, index: usize) -> usize {
        self.copy_of[index]
    }

    /// The original report a mention rests on: the article it copies, or the earlier article
    /// it credits when that article states a compatible figure for the same measure, or itself.
    /// The second value says whether a credit (not a copy) was followed.
    fn original(&self, mention: &Mention<'_>, mentions: &[Mention<'_>]) -> (usize, bool) {
        let own = self.copied(mention.index);
        let credited = self.relays[mention.index].or(self.relays[own]);
        if let Some(target) = credited.map(|t| self.copied(t))
            && target != own
            && mentions.iter().any(|m| {
                self.copied(m.index) == target
                    && overlaps(interval(m.quantity), interval(mention.quantity))
            })
        {
            return (target, true);
        }
        (own, false)
    }
}

fn fact_for(
    measure: &str,
    unit: Option<String>,
    mentions: &[Mention<'_>],
    origins: &Origins<'_, '_>,
) -> Fact {
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
    let first_reported_by = first_source(
        &values
            .iter()
            .flat_map(|(v, _, _)| v.sources.iter())
            .collect::<Vec<_>>(),
    );
    let first_outlet = values
        .iter()
        .flat_map(|(v, _, _)| v.sources.iter())
        .find(|s| Some(&s.article) == first_reported_by.as_ref())
        .map_or_else(|| first.sources[0].outlet.clone(), |s| s.outlet.clone());
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
    } else if moved(&values) {
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
    let mut rested: Vec<(usize, bool)> = mentions
        .iter()
        .map(|m| origins.original(m, mentions))
        .collect();
    let relayed = rested.iter().any(|(_, credit)| *credit);
    rested.sort_unstable();
    rested.dedup_by_key(|(o, _)| *o);
    let rests_on = (rested.len() == 1 && relayed && independent.len() >= 2)
        .then(|| origins.articles[rested[0].0].article.id.clone());
    let reason = match &rests_on {
        Some(_) => {
            let original = origins.articles[rested[0].0].article.outlet_label();
            format!(
                "{reason}; but all {} articles relay one {original} report (they copy or credit it), so the figure rests on that report alone",
                independent.len()
            )
        }
        None => reason,
    };
    let estimate = headline(&values);
    Fact {
        id: format!("quantity-{}", slug(&label)),
        kind: FactKind::Quantity,
        summary,
        status,
        reason,
        measure: Some(measure.to_string()),
        speaker: None,
        values: values.into_iter().map(|(v, _, _)| v).collect(),
        first_reported_by,
        rests_on,
        independent_sources: rested.len(),
        estimate,
        review: None,
    }
}

/// Whether the figure moved from one day to a later one: a later value whose interval leaves
/// out an earlier value's figure ("at least 12" then "at least 19"; but "317" then "more than
/// 300" is the same figure rounded).
///
/// A round bound rounds: a later exact figure up to a tenth above an earlier "more than 300"
/// or "at least 40" is that figure made exact, not a move; "at least 12" then "13" moved.
fn moved(values: &[(FactValue, (f64, f64), f64)]) -> bool {
    values.iter().enumerate().any(|(i, (earlier, _, figure))| {
        let round_bound = earlier.high.is_none()
            && earlier.low.is_some()
            && *figure >= 20.0
            && figure % 10.0 == 0.0;
        values[i + 1..].iter().any(|(later, range, later_figure)| {
            let rounded = round_bound
                && later.high.is_some()
                && *later_figure >= *figure
                && *later_figure <= figure * 1.1;
            later.as_of > earlier.as_of && !(range.0 <= *figure && *figure <= range.1) && !rounded
        })
    })
}

/// Low, best and high on the latest day with figures: the widest range the sources give and,
/// as conflict-event datasets headline, the most conservative figure among those most sources
/// state.
fn headline(values: &[(FactValue, (f64, f64), f64)]) -> Option<Estimate> {
    let day = values.iter().map(|(v, _, _)| v.as_of).max()?;
    let latest: Vec<&(FactValue, (f64, f64), f64)> =
        values.iter().filter(|(v, _, _)| v.as_of == day).collect();
    let low = latest
        .iter()
        .map(|(v, _, figure)| v.low.unwrap_or(*figure))
        .fold(f64::INFINITY, f64::min);
    let high = latest
        .iter()
        .map(|(v, _, _)| v.high)
        .try_fold(f64::NEG_INFINITY, |acc, h| h.map(|h| acc.max(h)));
    let best = latest
        .iter()
        .max_by(|a, b| {
            a.0.sources
                .len()
                .cmp(&b.0.sources.len())
                .then(b.2.total_cmp(&a.2))
        })
        .map(|(_, _, figure)| *figure)?;
    Some(Estimate {
        low: low.min(best),
        best,
        high: high.map(|h| h.max(best)),
        as_of: day,
    })
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
