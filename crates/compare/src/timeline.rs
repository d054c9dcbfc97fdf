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
    days.into_values().collect()
}

fn summary_of(sentence: &str, future: bool) -> String {
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
