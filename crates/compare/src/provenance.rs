//! Who reported first, who repeats whose sentences, and which reports articles credit.
//!
//! - Reuse: every sentence of five words or more is cut into hashed word 3-grams; an index of
//!   the earlier articles' 3-grams finds, for each sentence, the earlier sentence sharing the
//!   most of them. At least [`SAME_SENTENCE`] of the sentence's 3-grams makes it reused. An
//!   article reusing [`MIN_SHARED`] sentences or more of one earlier article is listed with
//!   it (a copy the clusterer marked always is).
//! - Credits: phrases that name a report's outlet ("according to a report by X", "X reported",
//!   "first reported by X", "citing documents obtained by X", "as X revealed", "X's
//!   investigation", "según X", "selon X", "laut X", "segundo X", a wire's name in brackets
//!   in a dateline), with the name read as the run of capitalised words beside the phrase.
//!   A name that matches the outlet of an earlier article of the story points at it.

use crate::{StoryArticle, article_link, source_ref};
use model::report::{ArticleLink, Credit, Provenance, Reuse, ReuseKind};
use model::{ArticleId, Span};
use rustc_hash::FxHashMap as HashMap;

/// Share of a sentence's word 3-grams found in one earlier sentence for it to count as reused.
const SAME_SENTENCE: f64 = 0.6;
/// Shared sentences from which an article is listed as reusing another.
const MIN_SHARED: usize = 2;
/// A 3-gram found in more sentences than this is common phrasing, not evidence.
const MAX_POSTINGS: usize = 64;
/// Reused sentences quoted as examples per article.
const EXAMPLES: usize = 3;

/// What the provenance analysis found, for the report and for the other comparisons.
pub struct Findings {
    pub provenance: Provenance,
    /// For each article (by index in the ordered story), the earlier article of the story it
    /// credits as its source, if any.
    pub relays: Vec<Option<usize>>,
    /// For each article, the sentences that are (nearly) word for word in an earlier article:
    /// (sentence span, article index and sentence span of the earliest such sentence).
    pub reused: Vec<Vec<(Span, usize, Span)>>,
}

struct Sentence {
    span: Span,
    grams: Vec<u64>,
}

pub(crate) fn fnv(bytes: &[u8], mut hash: u64) -> u64 {
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// Lower-cased words of a sentence, hashed, then their 3-grams, sorted and deduplicated.
fn grams(sentence: &str) -> Vec<u64> {
    let words: Vec<u64> = text::words(sentence)
        .map(|(_, word)| {
            let mut hash = 0xcbf2_9ce4_8422_2325;
            for c in word.chars().flat_map(char::to_lowercase) {
                let mut buf = [0u8; 4];
                hash = fnv(c.encode_utf8(&mut buf).as_bytes(), hash);
            }
            hash
        })
        .collect();
    let mut out: Vec<u64> = words
        .windows(3)
        .map(|w| {
            w[0].rotate_left(1)
                .wrapping_mul(31)
                .wrapping_add(w[1].rotate_left(7))
                .wrapping_mul(31)
                .wrapping_add(w[2])
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

fn sentences_of(article: &StoryArticle<'_>) -> Vec<Sentence> {
    let text = &article.article.text;
    text::sentences(text)
        .into_iter()
        .filter_map(|span| {
            let grams = grams(span.slice(text)?);
            (grams.len() >= 3).then_some(Sentence { span, grams })
        })
        .collect()
}

/// Analyses the provenance of a story whose articles are in publication order.
pub fn provenance(articles: &[StoryArticle<'_>]) -> Findings {
    let sentences: Vec<Vec<Sentence>> = articles.iter().map(sentences_of).collect();
    let reused = reuse_index(&sentences);
    let mut reuse = Vec::new();
    let credits = credits(articles);
    let mut relays: Vec<Option<usize>> = vec![None; articles.len()];
    for credit in &credits {
        if let Some(target) = credit.target {
            for &(by, _) in &credit.by {
                if by != target && relays[by].is_none() {
                    relays[by] = Some(target);
                }
            }
        }
    }
    for (index, article) in articles.iter().enumerate() {
        let copy_of = article
            .duplicate_of
            .and_then(|id| articles.iter().position(|a| &a.article.id == id));
        let mut per_original: Vec<(usize, usize)> = Vec::new();
        for (_, original, _) in &reused[index] {
            match per_original.iter_mut().find(|(o, _)| o == original) {
                Some((_, count)) => *count += 1,
                None => per_original.push((*original, 1)),
            }
        }
        let best = per_original
            .iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
            .copied();
        let (original, shared, kind) = match (copy_of, best) {
            (Some(original), _) => {
                let shared = per_original
                    .iter()
                    .find(|(o, _)| *o == original)
                    .map_or(0, |(_, n)| *n);
                (original, shared, ReuseKind::Copy)
            }
            (None, Some((original, shared))) if shared >= MIN_SHARED => {
                (original, shared, ReuseKind::Partial)
            }
            _ => continue,
        };
        let examples = reused[index]
            .iter()
            .filter(|(_, o, _)| *o == original)
            .take(EXAMPLES)
            .map(|(span, _, _)| source_ref(article.article, *span))
            .collect();
        let credited = credits
            .iter()
            .any(|c| c.target == Some(original) && c.by.iter().any(|(by, _)| *by == index));
        reuse.push(Reuse {
            article: article_link(article.article),
            original: article_link(articles[original].article),
            kind,
            shared_sentences: shared,
            sentences: sentences[index].len(),
            credited,
            examples,
        });
    }
    let credited: Vec<Credit> = credits
        .iter()
        .map(|c| Credit {
            name: c.name.clone(),
            article: c.target.map(|t| articles[t].article.id.clone()),
            credited_by: c
                .by
                .iter()
                .map(|(by, span)| source_ref(articles[*by].article, *span))
                .collect(),
        })
        .collect();
    let first_report = articles.first().map(|a| article_link(a.article));
    let summary = summary(articles, first_report.as_ref(), &reuse, &credited);
    Findings {
        provenance: Provenance {
            first_report,
            reuse,
            credited,
            summary,
        },
        relays,
        reused,
    }
}

/// For each article, its sentences found in an earlier article.
fn reuse_index(sentences: &[Vec<Sentence>]) -> Vec<Vec<(Span, usize, Span)>> {
    let mut index: HashMap<u64, Vec<(u32, u32)>> = HashMap::default();
    let mut out = Vec::with_capacity(sentences.len());
    let mut hits: HashMap<(u32, u32), u32> = HashMap::default();
    for (article, own) in sentences.iter().enumerate() {
        let mut found = Vec::new();
        for sentence in own {
            hits.clear();
            for gram in &sentence.grams {
                if let Some(postings) = index.get(gram)
                    && postings.len() <= MAX_POSTINGS
                {
                    for posting in postings {
                        *hits.entry(*posting).or_insert(0) += 1;
                    }
                }
            }
            // The best match; among equals, the earliest article.
            let best = hits
                .iter()
                .map(|(&(a, s), &n)| {
                    let other = &sentences[a as usize][s as usize];
                    let share =
                        f64::from(n) / sentence.grams.len().min(other.grams.len()).max(1) as f64;
                    (share, a, s)
                })
                .filter(|(share, _, _)| *share >= SAME_SENTENCE)
                .max_by(|x, y| x.0.total_cmp(&y.0).then(y.1.cmp(&x.1)).then(y.2.cmp(&x.2)));
            if let Some((_, a, s)) = best {
                found.push((
                    sentence.span,
                    a as usize,
                    sentences[a as usize][s as usize].span,
                ));
            }
        }
        for (number, sentence) in own.iter().enumerate() {
            for gram in &sentence.grams {
                let postings = index.entry(*gram).or_default();
                if postings.len() <= MAX_POSTINGS {
                    postings.push((article as u32, number as u32));
                }
            }
        }
        out.push(found);
    }
    out
}

/// A credited name with the articles naming it and the earlier article it points at.
struct Found {
    name: String,
    key: Vec<String>,
    target: Option<usize>,
    by: Vec<(usize, Span)>,
}

/// Phrases after which the credited name follows.
const BEFORE_NAME: &[&str] = &[
    "according to a report by",
    "according to a report in",
    "according to a report from",
    "according to reports by",
    "according to reports in",
    "according to an investigation by",
    "according to documents obtained by",
    "according to",
    "first reported by",
    "a report by",
    "a report in",
    "an investigation by",
    "documents obtained by",
    "reporting by",
    "as reported by",
    "reported by",
    "revealed by",
    "citing documents obtained by",
    "citing a report by",
    "citing a report in",
    "citing reports by",
    "citing",
    "told",
    "según informó",
    "según publicó",
    "según un informe de",
    "según",
    "de acuerdo con",
    "citado por",
    "informó",
    "publicó",
    "selon",
    "d'après",
    "rapporte",
    "a révélé",
    "laut",
    "berichtete",
    "berichtet",
    "segundo",
    "de acordo com",
    "informou",
    "noticiou",
];

/// Words after the credited name that make it a credit: "X reported", "X revealed".
const AFTER_NAME: &[&str] = &[
    "reported",
    "reports",
    "revealed",
    "reveals",
    "first reported",
    "has reported",
    "had reported",
    "investigation",
    "report",
    "reporting",
    "analysis",
    "berichtete",
    "informó",
    "publicó",
    "reveló",
];

/// Words that make a name an outlet's.
const MEDIA_WORDS: &[&str] = &[
    "news",
    "times",
    "post",
    "press",
    "wire",
    "radio",
    "tv",
    "television",
    "gazette",
    "herald",
    "journal",
    "sentinel",
    "tribune",
    "courier",
    "ledger",
    "daily",
    "newspaper",
    "magazine",
    "reuters",
    "bloomberg",
    "afp",
    "ap",
    "bbc",
    "cnn",
    "diario",
    "periódico",
    "zeitung",
    "journal",
    "presse",
    "jornal",
    "folha",
];

/// Words that may sit inside a name between capitalised words.
const NAME_JOINERS: &[&str] = &[
    "of", "de", "del", "la", "el", "des", "du", "der", "die", "das", "do", "da", "and", "&",
];

/// Leading words of a name that are not part of it.
const NAME_ARTICLES: &[&str] = &[
    "the", "el", "la", "le", "les", "der", "die", "das", "o", "a",
];

fn capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// The lower-cased words of a name that identify it: articles dropped.
fn name_key(name: &str) -> Vec<String> {
    text::words(name)
        .map(|(_, w)| w.to_lowercase())
        .filter(|w| !NAME_ARTICLES.contains(&w.as_str()) && w != "s")
        .collect()
}

/// Whether a credited name and an outlet name are the same outlet: one's identifying words
/// all among the other's.
fn same_outlet(name: &[String], outlet: &[String]) -> bool {
    !name.is_empty()
        && !outlet.is_empty()
        && (name.iter().all(|w| outlet.contains(w)) || outlet.iter().all(|w| name.contains(w)))
}

/// Words of a sentence with their byte offsets in the article text.
fn sentence_words(text: &str, span: Span) -> Vec<(usize, &str)> {
    span.slice(text)
        .map(|s| {
            text::words(s)
                .map(|(at, w)| (span.start + at.start, w))
                .collect()
        })
        .unwrap_or_default()
}

/// Whether only white space separates word `k - 1` from word `k`: a name never runs across
/// punctuation ("Sentinel: “We").
fn joined(words: &[(usize, &str)], k: usize, text: &str) -> bool {
    let (before, word) = words[k - 1];
    text.get(before + word.len()..words[k].0)
        .is_some_and(|gap| gap.chars().all(char::is_whitespace))
}

/// The name of capitalised words starting at word `at` (a leading "the" allowed), as the
/// index after it and its text.
fn name_after(words: &[(usize, &str)], mut at: usize, text: &str) -> Option<(usize, String)> {
    if words
        .get(at)
        .is_some_and(|(_, w)| NAME_ARTICLES.contains(&w.to_lowercase().as_str()))
    {
        at += 1;
    }
    let start = at;
    let mut end = at;
    while let Some((_, word)) = words.get(end) {
        if end > start && !joined(words, end, text) {
            break;
        }
        let joiner = NAME_JOINERS.contains(word)
            && end > start
            && words.get(end + 1).is_some_and(|(_, w)| capitalised(w));
        if !capitalised(word) && !joiner {
            break;
        }
        end += 1;
    }
    (end > start).then(|| {
        let from = words[start].0;
        let last = words[end - 1];
        (end, text[from..last.0 + last.1.len()].to_string())
    })
}

/// The name of capitalised words ending just before word `at`.
fn name_before(words: &[(usize, &str)], at: usize, text: &str) -> Option<String> {
    let mut start = at;
    while start > 0 {
        let word = words[start - 1].1;
        if start < at && !joined(words, start, text) {
            break;
        }
        let joiner = NAME_JOINERS.contains(&word) && start < at && start >= 2;
        let part = capitalised(word) && word != "As";
        if !(part || joiner) {
            break;
        }
        start -= 1;
    }
    while start < at && NAME_JOINERS.contains(&words[start].1) {
        start += 1;
    }
    (start < at).then(|| {
        let from = words[start].0;
        let last = words[at - 1];
        text[from..last.0 + last.1.len()].to_string()
    })
}

/// The index after `phrase` when the lower-cased words from `at` on spell it.
fn matches_phrase(lower: &[String], at: usize, phrase: &str) -> Option<usize> {
    let mut k = at;
    for part in phrase.split(' ') {
        if lower.get(k)? != part {
            return None;
        }
        k += 1;
    }
    Some(k)
}

/// Every credit in the story's articles, grouped by the outlet credited.
fn credits(articles: &[StoryArticle<'_>]) -> Vec<Found> {
    let outlets: Vec<Vec<String>> = articles
        .iter()
        .map(|a| name_key(&a.article.outlet_label()))
        .collect();
    let mut found: Vec<Found> = Vec::new();
    for (index, article) in articles.iter().enumerate() {
        let text = &article.article.text;
        let mut seen: Vec<usize> = Vec::new();
        for span in text::sentences(text) {
            let words = sentence_words(text, span);
            let lower: Vec<String> = words.iter().map(|(_, w)| w.to_lowercase()).collect();
            let mut names: Vec<String> = Vec::new();
            for at in 0..words.len() {
                if let Some(end) = BEFORE_NAME
                    .iter()
                    .find_map(|p| matches_phrase(&lower, at, p))
                    && let Some((_, name)) = name_after(&words, end, text)
                {
                    names.push(name);
                }
                if AFTER_NAME
                    .iter()
                    .any(|p| matches_phrase(&lower, at, p).is_some())
                    && let Some(name) = name_before(&words, at, text)
                {
                    names.push(name);
                }
            }
            // A wire's name in brackets: "LINDQVIST (Meridian) —", "(Meridian Wire Service)".
            if let Some(sentence) = span.slice(text) {
                let mut rest = sentence;
                while let Some(open) = rest.find('(') {
                    let after = &rest[open + 1..];
                    let Some(close) = after.find(')') else { break };
                    let inside = after[..close].trim();
                    if !inside.is_empty()
                        && inside.split_whitespace().count() <= 5
                        && inside.split_whitespace().all(capitalised)
                    {
                        names.push(inside.to_string());
                    }
                    rest = &after[close..];
                }
            }
            for name in names {
                let key = name_key(&name);
                if key.is_empty() || same_outlet(&key, &outlets[index]) {
                    continue;
                }
                // The earliest earlier article of the named outlet.
                let target =
                    (0..index).find(|&t| same_outlet(&key, &outlets[t]) && !outlets[t].is_empty());
                let media = key.iter().any(|w| MEDIA_WORDS.contains(&w.as_str()));
                // A name outside the story is kept only when it is plainly an outlet's
                // ("according to Reuters"), not an official's ("according to the ministry").
                if target.is_none() && !media {
                    continue;
                }
                let group = match found.iter().position(|f| match (f.target, target) {
                    (Some(a), Some(b)) => a == b,
                    _ => same_outlet(&f.key, &key),
                }) {
                    Some(group) => group,
                    None => {
                        found.push(Found {
                            name: name.clone(),
                            key,
                            target,
                            by: Vec::new(),
                        });
                        found.len() - 1
                    }
                };
                if !seen.contains(&group) {
                    seen.push(group);
                    found[group].by.push((index, span));
                }
            }
        }
    }
    found
}

/// The provenance in sentences a reader can follow.
fn summary(
    articles: &[StoryArticle<'_>],
    first: Option<&ArticleLink>,
    reuse: &[Reuse],
    credited: &[Credit],
) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(first) = first {
        let when = first
            .published_at
            .map(|t| format!(" at {}", t.strftime("%Y-%m-%d %H:%M UTC")))
            .unwrap_or_default();
        lines.push(format!("First reported by {}{when}.", first.outlet));
    }
    let outlet_of = |id: &ArticleId| {
        articles
            .iter()
            .find(|a| &a.article.id == id)
            .map(|a| a.article.outlet_label())
            .unwrap_or_else(|| id.0.clone())
    };
    for credit in credited {
        let by: Vec<String> = {
            let mut names = Vec::new();
            for source in &credit.credited_by {
                if !names.contains(&source.outlet) {
                    names.push(source.outlet.clone());
                }
            }
            names
        };
        let what = match &credit.article {
            Some(id) => format!("the report by {}", outlet_of(id)),
            None => credit.name.clone(),
        };
        lines.push(format!(
            "{} credit{} {what}.",
            crate::join_names(&by),
            if by.len() == 1 { "s" } else { "" }
        ));
    }
    for item in reuse {
        let how = match item.kind {
            ReuseKind::Copy => "copies".to_string(),
            ReuseKind::Partial => format!(
                "repeats {} of its {} sentences from",
                item.shared_sentences, item.sentences
            ),
        };
        lines.push(format!(
            "{} {how} {}{}.",
            item.article.outlet,
            item.original.outlet,
            if item.credited { " and credits it" } else { "" }
        ));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_read_beside_credit_phrases() {
        let text = "Forty bridges are overdue, according to a report by The Westbrook Sentinel on Tuesday.";
        let words = sentence_words(text, Span::new(0, text.len()));
        let lower: Vec<String> = words.iter().map(|(_, w)| w.to_lowercase()).collect();
        let at = words.iter().position(|(_, w)| *w == "according").unwrap();
        let end = matches_phrase(&lower, at, "according to a report by").unwrap();
        assert_eq!(
            name_after(&words, end, text).map(|(_, n)| n),
            Some("Westbrook Sentinel".to_string())
        );
        let text = "As El Diario del Valle revealed this week, the dam held.";
        let words = sentence_words(text, Span::new(0, text.len()));
        let at = words.iter().position(|(_, w)| *w == "revealed").unwrap();
        assert_eq!(
            name_before(&words, at, text),
            Some("El Diario del Valle".to_string())
        );
    }

    #[test]
    fn outlets_match_by_their_identifying_words() {
        let sentinel = name_key("The Westbrook Sentinel");
        assert!(same_outlet(&name_key("the Sentinel"), &sentinel));
        assert!(same_outlet(&name_key("Westbrook Sentinel"), &sentinel));
        assert!(!same_outlet(&name_key("Westbrook Police"), &sentinel));
        assert!(same_outlet(
            &name_key("Meridian"),
            &name_key("Meridian Wire Service")
        ));
    }

    #[test]
    fn reworded_sentences_are_not_reuse_but_near_copies_are() {
        let a = grams("The agency has not inspected 46 of its bridges for more than four years.");
        let b = grams("The agency has not inspected 46 of its bridges in more than four years.");
        let c = grams("Forty-six bridges have gone without an inspection since 2021.");
        let shared = |x: &[u64], y: &[u64]| x.iter().filter(|g| y.contains(g)).count();
        assert!(shared(&a, &b) as f64 / a.len() as f64 >= SAME_SENTENCE);
        assert_eq!(shared(&a, &c), 0);
    }
}
