//! Quotes aligned by speaker and wording.

use crate::quantities::slug;
use crate::{StoryArticle, first_source, join_names, origin, outlets, source_ref};
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

/// Word overlap from which a direct quote with no speaker is taken to be another's quote.
const SAME_WORDING: f64 = 0.8;
/// Fewest content words for a quote with no speaker to be matched by its wording.
const MIN_WORDING: usize = 5;

/// Whether a quote gives the speaker's own words: a direct quote, or reported speech that is
/// all one quotation ("said that “the door remains open”").
fn verbatim(quote: &Quote) -> bool {
    let content = quote.content.trim();
    quote.direct
        || (content.starts_with(['“', '"', '«', '„'])
            && content
                .trim_end_matches(['.', ',', ' '])
                .ends_with(['”', '"', '»', '“'])
            && content
                .chars()
                .filter(|c| matches!(c, '“' | '”' | '"' | '«' | '»' | '„'))
                .count()
                == 2)
}

pub fn quote_facts(articles: &[StoryArticle<'_>]) -> Vec<Fact> {
    let mut groups: Vec<Group<'_>> = Vec::new();
    let mut unattributed: Vec<(&Quote, &StoryArticle<'_>, HashSet<String>)> = Vec::new();
    for article in articles {
        for quote in &article.claims.quotes {
            let words = word_set(&quote.content, article.article.language.as_deref());
            let Some(speaker) = &quote.speaker else {
                if verbatim(quote) && words.len() >= MIN_WORDING {
                    unattributed.push((quote, article, words));
                }
                continue;
            };
            if words.len() < 2 {
                continue;
            }
            let language = article.article.language.clone();
            // Same speaker and enough shared words; reported speech may join a direct quote
            // as its paraphrase, but never starts a group that a direct quote then joins
            // unless the words match. Of several such groups, the one sharing the most (the
            // first on a tie): "emergency funding from the national government" shares half
            // its words with a statement about a state of emergency, and all of them with one
            // about asking the national authorities for emergency funding.
            let mut found: Option<(f64, &mut Group<'_>)> = None;
            for group in groups.iter_mut().filter(|g| g.speaker == *speaker) {
                let share = overlap(&group.words, &words);
                if share >= SAME_QUOTE && found.as_ref().is_none_or(|(best, _)| share > *best) {
                    found = Some((share, group));
                }
            }
            let found = found.map(|(_, group)| group);
            match found {
                Some(group) => {
                    group.mentions.push((quote, article));
                    if verbatim(quote) && !group.direct {
                        group.direct = true;
                        group.words = words;
                    }
                }
                None => groups.push(Group {
                    speaker: speaker.clone(),
                    direct: verbatim(quote),
                    words,
                    language,
                    mentions: vec![(quote, article)],
                }),
            }
        }
    }
    // A quote another article attributes, carried word for word without naming the speaker.
    for (quote, article, words) in unattributed {
        if let Some(group) = groups
            .iter_mut()
            .filter(|g| g.direct && g.words.len() >= MIN_WORDING)
            .find(|g| overlap(&g.words, &words) >= SAME_WORDING)
        {
            group.mentions.push((quote, article));
        }
    }
    attach_translations(&mut groups);
    merge_translations(&mut groups);
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

/// Direct quotes of one speaker in two languages are one quote and its translation when they
/// are of similar length, name the same numbers and names (if any), and no other quote of the
/// speaker in the first language fits as well: either it is the only one that fits, or it
/// shares strictly more word beginnings with the other ("contrato" and "contract").
fn merge_translations(groups: &mut Vec<Group<'_>>) {
    let fits = |a: &Group<'_>, b: &Group<'_>| {
        let lengths = (a.words.len().max(1) as f64) / (b.words.len().max(1) as f64);
        a.direct
            && b.direct
            && a.speaker == b.speaker
            && a.language != b.language
            && (0.5..=2.0).contains(&lengths)
            && anchors(a) == anchors(b)
    };
    let mut j = 0;
    while j < groups.len() {
        let candidates: Vec<(usize, usize)> = (0..j)
            .filter(|&i| fits(&groups[i], &groups[j]))
            .map(|i| (i, groups[i].words.intersection(&groups[j].words).count()))
            .collect();
        let best = candidates.iter().map(|(_, shared)| *shared).max();
        let top: Vec<usize> = candidates
            .iter()
            .filter(|(_, shared)| Some(*shared) == best)
            .map(|(i, _)| *i)
            .collect();
        let chosen = match (candidates.len(), top.as_slice()) {
            (1, [only]) => Some(*only),
            (_, [only]) if best > Some(0) => Some(*only),
            _ => None,
        };
        if let Some(i) = chosen {
            let moved = groups.remove(j);
            groups[i].mentions.extend(moved.mentions);
            continue;
        }
        j += 1;
    }
}

/// The numbers and mid-sentence capitalised words of a group's first wording: what a
/// translation keeps.
fn anchors(group: &Group<'_>) -> Vec<String> {
    let Some((quote, _)) = group.mentions.first() else {
        return Vec::new();
    };
    let mut out: Vec<String> = text::words(&quote.content)
        .skip(1)
        .map(|(_, w)| w)
        .filter(|w| {
            w.chars().any(|c| c.is_ascii_digit())
                || w.chars().next().is_some_and(char::is_uppercase)
        })
        .map(str::to_string)
        .collect();
    out.sort();
    out.dedup();
    out
}

fn fact_for(index: usize, group: Group<'_>) -> Fact {
    let mut values: Vec<FactValue> = Vec::new();
    for (quote, article) in &group.mentions {
        let source = source_ref(article.article, quote.sentence);
        let wording = if quote.direct {
            format!("“{}”", quote.content.trim_end_matches([',', ' ']))
        } else if verbatim(quote) {
            quote.content.trim().to_string()
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
    let first_reported_by = first_source(&all_sources.iter().collect::<Vec<_>>());
    // The id names the speaker and the first report's sentence, so it stays the same as
    // later articles join the story (editors' decisions refer to it); the group's place among
    // the speaker's quotes breaks a tie.
    let anchor = all_sources
        .iter()
        .find(|s| Some(&s.article) == first_reported_by.as_ref())
        .map(|s| format!("{}@{}", s.article, s.span.start))
        .unwrap_or_else(|| format!("#{index}"));
    Fact {
        id: format!(
            "{}-{}-{:06x}",
            if group.direct { "quote" } else { "statement" },
            slug(&group.speaker),
            crate::provenance::fnv(anchor.as_bytes(), 0xcbf2_9ce4_8422_2325) & 0xff_ffff
        ),
        kind,
        summary: format!("{} said {lead} — carried by {carried_by}", group.speaker),
        status,
        reason,
        measure: None,
        speaker: Some(group.speaker),
        first_reported_by,
        rests_on: None,
        independent_sources: independent.len(),
        estimate: None,
        review: None,
        values,
    }
}
