//! Dated events across the story's articles.

use crate::{StoryArticle, source_ref};
use model::report::TimelineEntry;
use std::collections::BTreeMap;

/// Longest summary sentence, in characters, before it is cut.
const SUMMARY_CHARS: usize = 240;

/// One entry per day that any article names, in date order; the summary is the sentence of the
/// earliest article that names the day (original reports before copies), and every article
/// naming it is a source (its first sentence naming the day).
pub fn timeline(articles: &[StoryArticle<'_>]) -> Vec<TimelineEntry> {
    let mut days: BTreeMap<jiff::civil::Date, TimelineEntry> = BTreeMap::new();
    for article in articles {
        let mut seen = Vec::new();
        for mention in &article.claims.dates {
            if seen.contains(&mention.date) {
                continue;
            }
            seen.push(mention.date);
            let source = source_ref(article.article, mention.sentence);
            let entry = days.entry(mention.date).or_insert_with(|| TimelineEntry {
                date: mention.date,
                summary: summary_of(&source.sentence, mention.future),
                sources: Vec::new(),
            });
            entry.sources.push(source);
        }
    }
    // A sentence naming two days tells only one of them: a day whose summary another day
    // already uses takes the next source's sentence when there is one.
    let mut used: Vec<String> = Vec::new();
    let mut entries: Vec<TimelineEntry> = days.into_values().collect();
    for entry in &mut entries {
        let first_future = entry.summary.starts_with("(announced) ");
        if let Some(fresh) = entry
            .sources
            .iter()
            .find(|s| !used.contains(&s.sentence))
            .map(|s| s.sentence.clone())
        {
            if Some(&fresh) != entry.sources.first().map(|s| &s.sentence) {
                entry.summary = summary_of(&fresh, first_future);
            }
            used.push(fresh);
        }
    }
    entries
}

fn summary_of(sentence: &str, future: bool) -> String {
    let sentence = crate::strip_dateline(sentence);
    let mut summary: String = sentence.chars().take(SUMMARY_CHARS).collect();
    if summary.len() < sentence.len() {
        summary.push('…');
    }
    if future {
        format!("(announced) {summary}")
    } else {
        summary
    }
}
