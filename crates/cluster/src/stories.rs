//! Streaming story assignment: each document joins the most similar live story or starts one.
//!
//! Similarity has two channels. Terms: TF-IDF over stemmed content words, with document
//! frequencies counted as the stream goes (so the score of a document depends only on what came
//! before it). Names: capitalised words seen mid-sentence and numbers, compared without
//! stemming, which is what lets an article in one language meet the story in another.

use crate::ClusterDoc;
use std::collections::HashMap;
use text::Analyzer;

#[derive(Debug, Clone)]
pub struct ClusterConfig {
    /// Minimum combined similarity for a full-length document to join a story.
    pub join_threshold: f64,
    /// Documents with fewer terms than this (a headline, a brief) need proportionally less
    /// similarity, down to `min_length_scale` of the threshold.
    pub full_length_terms: f64,
    pub min_length_scale: f64,
    /// Weight of the names channel when both documents share a language (the rest is terms).
    pub name_weight: f64,
    /// A story takes no new articles once this many days have passed since its last one.
    pub window_days: i64,
    /// Shingle containment above which a document is a copy of an earlier one.
    pub duplicate_threshold: f64,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            join_threshold: 0.25,
            full_length_terms: 60.0,
            min_length_scale: 1.0 / 3.0,
            name_weight: 0.4,
            window_days: 7,
            duplicate_threshold: 0.8,
        }
    }
}

type Vector = HashMap<u32, f64>;

#[derive(Default)]
struct Vocabulary {
    ids: HashMap<String, u32>,
    document_frequency: Vec<u32>,
    documents: u32,
}

impl Vocabulary {
    fn id(&mut self, term: &str) -> u32 {
        if let Some(id) = self.ids.get(term) {
            return *id;
        }
        let id = self.document_frequency.len() as u32;
        self.ids.insert(term.to_string(), id);
        self.document_frequency.push(0);
        id
    }

    /// Counts one document's terms, then weighs them: (1 + ln tf) × smoothed idf, unit
    /// length. A copy of an earlier document (`counts_for_idf` false) is weighed but does not
    /// count towards document frequencies, so wire copy reprinted ten times does not make the
    /// story's own words look common.
    fn weigh(&mut self, terms: &[String], counts_for_idf: bool) -> Vector {
        let mut counts: HashMap<u32, u32> = HashMap::new();
        for term in terms {
            *counts.entry(self.id(term)).or_default() += 1;
        }
        if counts_for_idf || self.documents == 0 {
            self.documents += 1;
            for id in counts.keys() {
                self.document_frequency[*id as usize] += 1;
            }
        }
        let n = f64::from(self.documents);
        let mut vector: Vector = counts
            .into_iter()
            .map(|(id, tf)| {
                let df = f64::from(self.document_frequency[id as usize]);
                let df = df.max(1.0);
                (
                    id,
                    (1.0 + f64::from(tf).ln()) * (((n + 1.0) / (df + 1.0)).ln() + 1.0),
                )
            })
            .collect();
        normalize(&mut vector);
        vector
    }
}

fn normalize(vector: &mut Vector) {
    let norm = vector.values().map(|v| v * v).sum::<f64>().sqrt();
    if norm > 0.0 {
        vector.values_mut().for_each(|v| *v /= norm);
    }
}

/// A story's running sum of member vectors, with its squared norm kept up to date so a
/// comparison costs only the document's terms.
#[derive(Default)]
struct SumVector {
    weights: Vector,
    norm_sq: f64,
}

impl SumVector {
    fn add(&mut self, vector: &Vector) {
        for (k, v) in vector {
            let entry = self.weights.entry(*k).or_default();
            self.norm_sq += (*entry + v) * (*entry + v) - *entry * *entry;
            *entry += v;
        }
    }

    fn cosine(&self, doc: &Vector) -> f64 {
        if self.norm_sq <= 0.0 {
            return 0.0;
        }
        doc.iter()
            .map(|(k, v)| v * self.weights.get(k).copied().unwrap_or(0.0))
            .sum::<f64>()
            / self.norm_sq.sqrt()
    }
}

struct StoryState {
    terms: SumVector,
    names: SumVector,
    languages: Vec<String>,
    last_seen: Option<jiff::Timestamp>,
}

/// How many of a document's strongest terms (and names) look up candidate stories.
const CANDIDATE_KEYS: usize = 10;
/// A term or name found in more stories than this tells them apart no better than chance
/// and is not used to look candidates up (it still counts in the similarity).
const MAX_POSTING: usize = 256;

/// The ids of the strongest entries of a vector, strongest first (ties by id, so the choice
/// is deterministic).
fn strongest(vector: &Vector, count: usize) -> Vec<u32> {
    let mut entries: Vec<(u32, f64)> = vector.iter().map(|(k, v)| (*k, *v)).collect();
    entries.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    entries.into_iter().take(count).map(|(k, _)| k).collect()
}

/// The names of a text: words capitalised in mid-sentence (anywhere, once seen so), and
/// numbers of two digits or more, lower-cased.
fn names(text: &str, language: &str) -> Vec<String> {
    let mut capitalised_mid_sentence = std::collections::HashSet::new();
    let mut tokens: Vec<(String, bool, bool)> = Vec::new(); // (lower, capitalised, sentence start)
    for sentence in text::sentences(text) {
        for (index, (_, word)) in text::words(&text[sentence.start..sentence.end]).enumerate() {
            let lower = word.to_lowercase();
            let capitalised = text::is_capitalized(word);
            if capitalised && index > 0 {
                capitalised_mid_sentence.insert(lower.clone());
            }
            tokens.push((lower, capitalised, index == 0));
        }
    }
    tokens
        .into_iter()
        .filter_map(|(lower, capitalised, start)| {
            let numeric = lower
                .chars()
                .all(|c| c.is_ascii_digit() || c == ',' || c == '.');
            if numeric {
                let digits: String = lower.chars().filter(char::is_ascii_digit).collect();
                return (digits.len() >= 2).then_some(format!("#{digits}"));
            }
            let keep = capitalised
                && lower.chars().count() >= 3
                && !text::is_stopword(language, &lower)
                && !text::is_stopword("en", &lower)
                && (!start || capitalised_mid_sentence.contains(&lower));
            keep.then_some(lower)
        })
        .collect()
}

pub fn assign_stories(
    docs: &[ClusterDoc<'_>],
    duplicate_of: &[Option<usize>],
    config: &ClusterConfig,
) -> Vec<usize> {
    let mut analyzers: HashMap<String, Analyzer> = HashMap::new();
    let mut term_vocabulary = Vocabulary::default();
    let mut name_vocabulary = Vocabulary::default();
    let mut stories: Vec<StoryState> = Vec::new();
    let mut story_of: Vec<usize> = Vec::with_capacity(docs.len());
    // Inverted indexes: term id (and name id) to the stories whose members contain it.
    let mut term_postings: HashMap<u32, Vec<usize>> = HashMap::new();
    let mut name_postings: HashMap<u32, Vec<usize>> = HashMap::new();

    for (index, doc) in docs.iter().enumerate() {
        let language = doc.language.unwrap_or("en").to_string();
        let analyzer = analyzers
            .entry(language.clone())
            .or_insert_with(|| Analyzer::new(&language));
        // The headline counts twice: it says what the story is about.
        let mut terms = analyzer.terms(doc.title);
        terms.extend(analyzer.terms(doc.title));
        terms.extend(analyzer.terms(doc.text));
        let original = duplicate_of.get(index).copied().flatten();
        let term_vector = term_vocabulary.weigh(&terms, original.is_none());
        let mut name_list = names(doc.title, &language);
        name_list.extend(names(doc.text, &language));
        let name_vector = name_vocabulary.weigh(&name_list, original.is_none());

        let chosen = match original {
            Some(original) => story_of.get(original).copied(),
            None => {
                let mut candidates: Vec<usize> = strongest(&term_vector, CANDIDATE_KEYS)
                    .iter()
                    .filter_map(|k| term_postings.get(k))
                    .chain(
                        strongest(&name_vector, CANDIDATE_KEYS)
                            .iter()
                            .filter_map(|k| name_postings.get(k)),
                    )
                    .filter(|posting| posting.len() <= MAX_POSTING)
                    .flatten()
                    .copied()
                    .collect();
                candidates.sort_unstable();
                candidates.dedup();
                // A headline shares only a few words with its story: the bar falls with length.
                let scale = (terms.len() as f64 / config.full_length_terms)
                    .clamp(config.min_length_scale, 1.0);
                let probe = Probe {
                    terms: &term_vector,
                    names: &name_vector,
                    language: &language,
                    published_at: doc.published_at,
                    threshold: config.join_threshold * scale,
                };
                best_story(&stories, &candidates, &probe, config)
            }
        };
        let story = match chosen {
            Some(story) => story,
            None => {
                stories.push(StoryState {
                    terms: SumVector::default(),
                    names: SumVector::default(),
                    languages: Vec::new(),
                    last_seen: None,
                });
                stories.len() - 1
            }
        };
        for k in term_vector.keys() {
            let posting = term_postings.entry(*k).or_default();
            if posting.last() != Some(&story) {
                posting.push(story);
            }
        }
        for k in name_vector.keys() {
            let posting = name_postings.entry(*k).or_default();
            if posting.last() != Some(&story) {
                posting.push(story);
            }
        }
        let state = &mut stories[story];
        state.terms.add(&term_vector);
        state.names.add(&name_vector);
        if !state.languages.contains(&language) {
            state.languages.push(language);
        }
        state.last_seen = match (state.last_seen, doc.published_at) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        story_of.push(story);
    }
    story_of
}

/// The best of the `candidates` (story indexes, ascending) for a document, if any scores
/// above the join threshold; ties go to the older story.
/// What a document brings to the choice of its story.
struct Probe<'a> {
    terms: &'a Vector,
    names: &'a Vector,
    language: &'a str,
    published_at: Option<jiff::Timestamp>,
    /// The similarity it needs to join a story.
    threshold: f64,
}

fn best_story(
    stories: &[StoryState],
    candidates: &[usize],
    probe: &Probe<'_>,
    config: &ClusterConfig,
) -> Option<usize> {
    let window = jiff::SignedDuration::from_hours(24 * config.window_days);
    let mut best: Option<(usize, f64)> = None;
    for &index in candidates {
        let story = &stories[index];
        if let (Some(now), Some(last)) = (probe.published_at, story.last_seen)
            && now.duration_since(last) > window
        {
            continue;
        }
        let name_score = story.names.cosine(probe.names);
        let score = if story.languages.iter().any(|l| l == probe.language) {
            let term_score = story.terms.cosine(probe.terms);
            (1.0 - config.name_weight) * term_score + config.name_weight * name_score
        } else {
            // Across languages only names and numbers can be compared without translation.
            name_score
        };
        if score >= probe.threshold && best.is_none_or(|(_, s)| score > s) {
            best = Some((index, score));
        }
    }
    best.map(|(index, _)| index)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_mid_sentence_capitals_and_numbers() {
        let found = names(
            "Heavy rain hit Veska. Varga said 2,000 fled Veska and The town.",
            "en",
        );
        assert_eq!(found, ["veska", "#2000", "veska"]);
    }
}
