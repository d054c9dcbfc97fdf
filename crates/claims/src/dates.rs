//! Day expressions ("yesterday", "on Tuesday", "March 3", "3 de marzo de 2026") resolved
//! against the publication day: the temporal expressions of [`crate::timexes`] whose value is
//! a day, placed on the tokens of the analysed article so the other extractors can find the
//! day a sentence speaks of.

use crate::doc::Doc;
use jiff::civil::Date;
use model::{DateMention, Diagnostic, Span, Timex};

/// A day expression found in a sentence, resolved when the inputs allow it.
#[derive(Debug, Clone)]
pub(crate) struct DateExpr {
    /// Index of the sentence in [`Doc::sentences`].
    pub sentence: usize,
    /// Index of the first token of the expression.
    pub first: usize,
    /// Index after the last token of the expression.
    pub end: usize,
    pub span: Span,
    /// The day, or `None` when it cannot be resolved (a relative day without a publication
    /// day).
    pub date: Option<Date>,
    /// True when resolving the expression needs the publication day.
    pub relative: bool,
    /// The first or last day of a month named by its start or end ("the end of September"):
    /// a day for the figures that hold then, but not a day the article mentions.
    pub edge: bool,
}

/// Finds the day expressions of an article and resolves them against the publication time.
///
/// Returns the resolved mentions in text order. Expressions that cannot be resolved (a
/// relative day without a publication time, an impossible day) are left out; when relative
/// days are left out for lack of a publication time, an info diagnostic says how many.
pub fn dates(
    text: &str,
    published_at: Option<jiff::Timestamp>,
    language: Option<&str>,
) -> model::Outcome<Vec<DateMention>> {
    let lowered = crate::doc::lowered(text);
    let doc = Doc::new(text, &lowered, language);
    let published = crate::publication_day(published_at);
    let found = find(&doc, published);
    model::Outcome::with(
        mentions(&doc, &found, published),
        diagnostics(&found, published),
    )
}

/// The mentions of the resolved expressions.
pub(crate) fn mentions(
    doc: &Doc<'_>,
    found: &[DateExpr],
    published: Option<Date>,
) -> Vec<DateMention> {
    found
        .iter()
        .filter(|expr| !expr.edge)
        .filter_map(|expr| {
            let date = expr.date?;
            Some(DateMention {
                span: expr.span,
                sentence: doc.sentences.get(expr.sentence)?.span,
                text: doc.slice(expr.span).to_string(),
                date,
                future: published.is_some_and(|p| date > p),
            })
        })
        .collect()
}

/// An info diagnostic when relative days could not be resolved for lack of a publication time.
pub(crate) fn diagnostics(found: &[DateExpr], published: Option<Date>) -> Vec<Diagnostic> {
    let unresolved = found
        .iter()
        .filter(|e| e.relative && e.date.is_none())
        .count();
    if published.is_some() || unresolved == 0 {
        return Vec::new();
    }
    vec![Diagnostic::info(
        crate::DIAGNOSTIC_SOURCE,
        format!("{unresolved} relative date expression(s) left unresolved: no publication time"),
    )]
}

/// Finds every day expression of the article, in text order.
pub(crate) fn find(doc: &Doc<'_>, published: Option<Date>) -> Vec<DateExpr> {
    from_timexes(doc, &read(doc, published))
}

/// The temporal expressions of an analysed article.
pub(crate) fn read(doc: &Doc<'_>, published: Option<Date>) -> Vec<Timex> {
    let sentences = || {
        doc.sentences
            .iter()
            .map(|s| (s.span, Some(s.tokens.as_slice())))
    };
    let mut times = crate::timex::tag(
        doc.text,
        doc.lowered,
        sentences(),
        published,
        Some(doc.langs.code()),
    );
    if !doc.langs.known {
        // An article of unknown language is read with the Spanish words as well, as the
        // other extractors do; where the two readings overlap the longer one stays.
        times.extend(crate::timex::tag(
            doc.text,
            doc.lowered,
            sentences(),
            published,
            Some("es"),
        ));
        times.sort_by_key(|t| (t.span.start, std::cmp::Reverse(t.span.end)));
        let mut kept: Vec<Timex> = Vec::with_capacity(times.len());
        for t in times {
            if kept.last().is_none_or(|last| t.span.start >= last.span.end) {
                kept.push(t);
            }
        }
        times = kept;
    }
    times
}

/// The day expressions among temporal expressions already found in the article: those whose
/// value is a day (`2026-03-03`, also with a time of day), and, without a publication day,
/// the weekdays and month-days it would take to resolve them (`XXXX-WXX-2`, `XXXX-03-03`).
pub(crate) fn from_timexes(doc: &Doc<'_>, times: &[Timex]) -> Vec<DateExpr> {
    times
        .iter()
        .filter_map(|t| {
            let edge = month_edge(t);
            let (date, relative) = match edge {
                Some(day) => (Some(day), false),
                None => day_of(&t.value)?,
            };
            let sentence = doc.sentence_index(t.span.start)?;
            let tokens = doc.sentences.get(sentence)?;
            let first = tokens.token_from(t.span.start);
            let end = tokens.token_from(t.span.end);
            (first < end).then_some(DateExpr {
                sentence,
                first,
                end,
                span: t.span,
                date,
                relative,
                edge: edge.is_some(),
            })
        })
        .collect()
}

/// The last day of a month named by its end ("the end of September", `2026-09` with `mod`
/// `END`) or the first of one named by its start.
fn month_edge(time: &Timex) -> Option<Date> {
    let value = time.value.as_str();
    if value.len() != 7 {
        return None;
    }
    let first = format!("{value}-01").parse::<Date>().ok()?;
    match time.modifier.as_deref()? {
        "END" => Some(first.last_of_month()),
        "START" => Some(first),
        _ => None,
    }
}

/// The day a TIMEX3 value names, and whether the value still needs a publication day.
fn day_of(value: &str) -> Option<(Option<Date>, bool)> {
    let day = value.get(..10).unwrap_or(value);
    if let Ok(date) = day.parse::<Date>() {
        return Some((Some(date), false));
    }
    let unresolved_day =
        day.starts_with("XXXX-WXX-") || (day.starts_with("XXXX-") && day.len() == 10);
    unresolved_day.then_some((None, true))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Monday, 2 March 2026, 07:30 UTC.
    const MONDAY: &str = "2026-03-02T07:30:00Z";

    /// Checks the resolved mentions of `input` as `(text, date)` pairs.
    fn check(
        input: &str,
        published: Option<&str>,
        language: Option<&str>,
        expected: &[(&str, &str)],
    ) {
        let published = published.map(|p| p.parse::<jiff::Timestamp>().unwrap());
        let outcome = dates(input, published, language);
        let found: Vec<(String, String)> = outcome
            .value
            .iter()
            .map(|m| (m.text.clone(), m.date.to_string()))
            .collect();
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(t, d)| (t.to_string(), d.to_string()))
            .collect();
        assert_eq!(found, expected, "input: {input}");
        for mention in &outcome.value {
            assert_eq!(mention.span.slice(input), Some(mention.text.as_str()));
            assert!(mention.sentence.contains(mention.span));
        }
    }

    #[test]
    fn past_and_neutral_weekdays_look_back() {
        check(
            "At least 12 people died after the river burst its banks on Sunday night.",
            Some(MONDAY),
            None,
            &[("Sunday night", "2026-03-01")],
        );
        check(
            "Officials said on Monday that the dam held.",
            Some(MONDAY),
            Some("en"),
            &[("Monday", "2026-03-02")],
        );
        check(
            "The dam was inspected last Monday.",
            Some(MONDAY),
            Some("en"),
            &[("last Monday", "2026-02-23")],
        );
        check(
            "Rescuers have searched since Saturday.",
            Some(MONDAY),
            Some("en"),
            &[("Saturday", "2026-02-28")],
        );
    }

    #[test]
    fn future_weekdays_look_ahead() {
        check(
            "Governor Helena Varga will visit Ostmark on Tuesday.",
            Some(MONDAY),
            None,
            &[("Tuesday", "2026-03-03")],
        );
        check(
            "The council will meet next Monday.",
            Some(MONDAY),
            None,
            &[("next Monday", "2026-03-09")],
        );
        // On the Monday itself, "on Monday" in a future clause is that day.
        check(
            "A day of mourning is expected to be held on Monday.",
            Some(MONDAY),
            None,
            &[("Monday", "2026-03-02")],
        );
        check(
            "A day of mourning is expected to be held on Thursday.",
            Some(MONDAY),
            None,
            &[("Thursday", "2026-03-05")],
        );
        check(
            "Engineers said they would inspect the dam later on Monday.",
            Some(MONDAY),
            None,
            &[("Monday", "2026-03-02")],
        );
    }

    #[test]
    fn each_clause_keeps_its_own_tense() {
        check(
            "The government announced on Friday that a day of mourning will be held on Monday.",
            Some("2026-03-06T18:00:00Z"),
            Some("en"),
            &[("Friday", "2026-03-06"), ("Monday", "2026-03-09")],
        );
    }

    #[test]
    fn relative_days() {
        check(
            "Varga toured Ostmark yesterday and will return tomorrow; the river rose last night.",
            Some(MONDAY),
            None,
            &[
                ("yesterday", "2026-03-01"),
                ("tomorrow", "2026-03-03"),
                ("last night", "2026-03-01"),
            ],
        );
        check(
            "Reyes spoke today.",
            Some("2026-03-02T23:59:59Z"),
            None,
            &[("today", "2026-03-02")],
        );
    }

    #[test]
    fn month_day_dates() {
        check(
            "The river began rising on March 1 and the report is due on March 3, 2026.",
            Some(MONDAY),
            None,
            &[("March 1", "2026-03-01"), ("March 3, 2026", "2026-03-03")],
        );
        check(
            "The storm struck on 28 December.",
            Some(MONDAY),
            None,
            &[("28 December", "2025-12-28")],
        );
        check(
            "The plan was published on 2026-02-14.",
            Some(MONDAY),
            None,
            &[("2026-02-14", "2026-02-14")],
        );
        check(
            "Works will start on the 3rd of March.",
            Some(MONDAY),
            None,
            &[("3rd of March", "2026-03-03")],
        );
    }

    #[test]
    fn spanish_expressions() {
        check(
            "El río se desbordó el domingo por la noche y ayer llegó el ejército.",
            Some(MONDAY),
            Some("es"),
            &[
                ("domingo por la noche", "2026-03-01"),
                ("ayer", "2026-03-01"),
            ],
        );
        check(
            "La gobernadora visitará Ostmark el miércoles y el funeral se celebrará el domingo.",
            Some(MONDAY),
            Some("es"),
            &[("miércoles", "2026-03-04"), ("domingo", "2026-03-08")],
        );
        check(
            "El informe se publicó el 3 de marzo de 2026, y el próximo lunes habrá otro.",
            Some(MONDAY),
            None,
            &[
                ("3 de marzo de 2026", "2026-03-03"),
                ("próximo lunes", "2026-03-09"),
            ],
        );
        check(
            "Plácido Domingo cantó por la mañana.",
            Some(MONDAY),
            Some("es"),
            &[],
        );
    }

    #[test]
    fn future_flag_and_this_weekday() {
        let published = MONDAY.parse::<jiff::Timestamp>().ok();
        let outcome = dates(
            "Según el balance difundido este lunes, el acto será el jueves.",
            published,
            Some("es"),
        );
        let flags: Vec<(&str, bool)> = outcome
            .value
            .iter()
            .map(|m| (m.text.as_str(), m.future))
            .collect();
        assert_eq!(flags, [("este lunes", false), ("jueves", true)]);
    }

    #[test]
    fn impossible_or_unresolvable_dates_are_left_out() {
        check(
            "The vote on February 30 was cancelled.",
            Some(MONDAY),
            None,
            &[],
        );
        check(
            "The vote on February 30, 2026 was cancelled.",
            Some(MONDAY),
            None,
            &[],
        );
        check(
            "It rained on Tuesday and on 3 March 2026.",
            None,
            None,
            &[("3 March 2026", "2026-03-03")],
        );
        let outcome = dates("It rained on Tuesday.", None, None);
        assert_eq!(outcome.diagnostics.len(), 1);
        let monday = MONDAY.parse::<jiff::Timestamp>().ok();
        assert_eq!(
            dates("It rained in the year 99999 on March 3.", monday, None)
                .value
                .len(),
            1
        );
        // At the ends of the calendar, days that fall outside it are dropped without a panic.
        let first = Some(jiff::Timestamp::MIN);
        assert!(
            dates("It rained the day before yesterday.", first, None)
                .value
                .is_empty()
        );
        let _ = dates("It rained last Monday and on 1 January.", first, None);
        let last = Some(jiff::Timestamp::MAX);
        assert!(
            dates("It will rain the day after tomorrow.", last, None)
                .value
                .is_empty()
        );
        let _ = dates("It will rain next Monday and on 31 December.", last, None);
    }
}
