//! Quotes aligned by speaker and wording.

use crate::quantities::slug;
use crate::{StoryArticle, join_names, origin, outlets, source_ref};
use model::report::{Fact, FactKind, FactStatus, FactValue};
use model::{ArticleId, Quote};
use std::collections::HashSet;

/// Word overlap (over the shorter quote) from which two wordings are the same quote.
const SAME_QUOTE: f64 = 0.5;

struct Group<'a> {
    speaker: String,
    direct: bool,
    /// Lower-cased words of the first wording, to match the next ones against.
    words: HashSet<String>,
    language: Option<String>,
    mentions: Vec<(&'a Quote, &'a StoryArticle<'a>)>,
}

/// The content words of a wording, cut to their first four letters: a crude stem that lets
/// "rise" meet "risen" and "fast" meet "faster" in any language.
fn word_set(text: &str, language: Option<&str>) -> HashSet<String> {
    let language = language.unwrap_or("en");
    text::words(text)
        .map(|(_, w)| w.to_lowercase())
        .filter(|w| !text::is_stopword(language, w))
        .map(|w| w.chars().take(4).collect())
        .collect()
}

fn overlap(a: &HashSet<String>, b: &HashSet<String>) -> f64 {
    let smaller = a.len().min(b.len());
    if smaller == 0 {
        return 0.0;
    }
    a.intersection(b).count() as f64 / smaller as f64
}

pub fn quote_facts(articles: &[StoryArticle<'_>]) -> Vec<Fact> {
    let mut groups: Vec<Group<'_>> = Vec::new();
    for article in articles {
        for quote in &article.claims.quotes {
            let Some(speaker) = &quote.speaker else {
                continue;
            };
            let words = word_set(&quote.content, article.article.language.as_deref());
            if words.len() < 2 {
                continue;
            }
            let language = article.article.language.clone();
            // Same speaker and enough shared words; reported speech may join a direct quote
            // as its paraphrase, but never starts a group that a direct quote then joins
            // unless the words match.
            let found = groups
                .iter_mut()
                .find(|g| g.speaker == *speaker && (overlap(&g.words, &words) >= SAME_QUOTE));
            match found {
                Some(group) => {
                    group.mentions.push((quote, article));
                    if quote.direct && !group.direct {
                        group.direct = true;
                        group.words = words;
                    }
                }
                None => groups.push(Group {
                    speaker: speaker.clone(),
                    direct: quote.direct,
                    words,
                    language,
                    mentions: vec![(quote, article)],
                }),
            }
        }
    }
    attach_translations(&mut groups);
    let mut facts: Vec<Fact> = groups
        .into_iter()
        .enumerate()
        .map(|(index, group)| fact_for(index, group))
        .collect();
    // Quotes several outlets carry come first, then the rest in reading order.
    facts.sort_by_key(|f| {
        (
            f.status == FactStatus::SingleSource,
            std::cmp::Reverse(f.values.iter().map(|v| v.sources.len()).sum::<usize>()),
        )
    });
    facts
}

/// A direct quote in another language from a speaker who has exactly one direct quote group in
/// the story's main language is taken as its translation. Anything less certain stays apart.
fn attach_translations(groups: &mut Vec<Group<'_>>) {
    let mut index = 0;
    while index < groups.len() {
        let (speaker, language, direct) = (
            groups[index].speaker.clone(),
            groups[index].language.clone(),
            groups[index].direct,
        );
        let candidates: Vec<usize> = groups
            .iter()
            .enumerate()
            .filter(|(j, g)| {
                *j != index
                    && g.speaker == speaker
                    && g.direct
                    && g.language != language
                    && g.mentions.len() > 1
            })
            .map(|(j, _)| j)
            .collect();
        let lone_group_in_language = groups
            .iter()
            .filter(|g| g.speaker == speaker && g.language == language)
            .count()
            == 1;
        if direct
            && lone_group_in_language
            && groups[index].mentions.len() == 1
            && candidates.len() == 1
        {
            let target = candidates[0];
            let moved = groups.remove(index);
            let target = if target > index { target - 1 } else { target };
            groups[target].mentions.extend(moved.mentions);
            continue;
        }
        index += 1;
    }
}

fn fact_for(index: usize, group: Group<'_>) -> Fact {
    let mut values: Vec<FactValue> = Vec::new();
    for (quote, article) in &group.mentions {
        let source = source_ref(article.article, quote.sentence);
        let wording = if quote.direct {
            format!("“{}”", quote.content.trim_end_matches([',', ' ']))
        } else {
            format!("(reported) {}", quote.content)
        };
        match values.iter_mut().find(|v| v.value == wording) {
            Some(value) => value.sources.push(source),
            None => values.push(FactValue {
                value: wording,
                low: None,
                high: None,
                as_of: None,
                sources: vec![source],
            }),
        }
    }
    let independent: HashSet<&ArticleId> = group.mentions.iter().map(|(_, a)| origin(a)).collect();
    let all_sources: Vec<_> = values
        .iter()
        .flat_map(|v| v.sources.iter().cloned())
        .collect();
    let carried_by = join_names(&outlets(&all_sources));
    let first_outlet = all_sources
        .first()
        .map(|s| s.outlet.clone())
        .unwrap_or_default();
    let (status, reason) = if independent.len() < 2 {
        (
            FactStatus::SingleSource,
            format!("only {first_outlet} carries this quote (with any copies of its article)"),
        )
    } else if values.len() == 1 {
        (
            FactStatus::Agreed,
            format!(
                "{} independent sources carry the same wording: {carried_by}",
                independent.len()
            ),
        )
    } else {
        (
            FactStatus::Agreed,
            format!(
                "{} independent sources carry it in {} wordings (paraphrase or translation): {carried_by}; first carried by {first_outlet}",
                independent.len(),
                values.len()
            ),
        )
    };
    let kind = if group.direct {
        FactKind::Quote
    } else {
        FactKind::Statement
    };
    let lead = values.first().map(|v| v.value.clone()).unwrap_or_default();
    Fact {
        id: format!(
            "{}-{}-{}",
            if group.direct { "quote" } else { "statement" },
            slug(&group.speaker),
            index + 1
        ),
        kind,
        summary: format!("{} said {lead} — carried by {carried_by}", group.speaker),
        status,
        reason,
        measure: None,
        speaker: Some(group.speaker),
        values,
    }
}
