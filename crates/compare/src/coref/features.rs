//! What [`super::resolve`] computes once before it scores pairs: terms, TF-IDF vectors,
//! sub-topics, each mention's facts, the descriptor table, and pronoun antecedents.

use super::heads::{
    is_calendar_word, is_determiner, is_personal_pronoun, is_preposition, is_pronoun,
    is_relative_pronoun, is_reporting, is_speaker_pronoun, is_time_word, plain_word, synonym_class,
};
use super::{CorefConfig, CorefDocument, FEATURE_COUNT, Mention, MentionKind, PairWeights};
use super::{cluster, related_lemma};
use std::collections::{HashMap, HashSet};
use text::Analyzer;

/// A sparse vector: term ids in increasing order with their weights, of unit length.
type SparseVector = Vec<(u32, f64)>;

fn cosine(a: &SparseVector, b: &SparseVector) -> f64 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

/// TF-IDF of a bag of term ids, normalised to unit length.
fn tf_idf(terms: &[u32], idf: &[f64]) -> SparseVector {
    let mut sorted = terms.to_vec();
    sorted.sort_unstable();
    let mut vector: SparseVector = Vec::new();
    for term in sorted {
        let weight = idf.get(term as usize).copied().unwrap_or(0.0);
        match vector.last_mut() {
            Some((last, value)) if *last == term => *value += weight,
            _ => vector.push((term, weight)),
        }
    }
    let norm = vector.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
    if norm > 0.0 {
        for (_, weight) in &mut vector {
            *weight /= norm;
        }
    }
    vector
}

/// Share of the smaller set found in the other (both sorted); 0 when either is empty.
fn overlap(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let shared = a.iter().filter(|x| b.binary_search(x).is_ok()).count();
    shared as f64 / a.len().min(b.len()) as f64
}

fn starts_upper(token: &str) -> bool {
    token.chars().next().is_some_and(char::is_uppercase)
}

fn starts_lower(token: &str) -> bool {
    token.chars().next().is_some_and(char::is_lowercase)
}

/// A word of two to six capital letters, dots between them allowed ("IE", "U.N."), lower-cased
/// without its dots.
fn acronym(word: &str) -> Option<String> {
    let letters: String = word.chars().filter(|&c| c != '.').collect();
    let length = letters.chars().count();
    ((2..=6).contains(&length) && letters.chars().all(|c| c.is_uppercase()))
        .then(|| letters.to_lowercase())
}

/// Term ids for strings, in order of first appearance.
#[derive(Default)]
struct Vocabulary {
    ids: HashMap<String, u32>,
}

impl Vocabulary {
    fn id(&mut self, term: String) -> u32 {
        let next = self.ids.len() as u32;
        *self.ids.entry(term).or_insert(next)
    }

    /// The term of a content word: the related lemma of a token that has a letter or digit
    /// and is not a stop word.
    fn content(&mut self, analyzer: &Analyzer, token: &str) -> Option<u32> {
        let lower = token.to_lowercase();
        if !lower.chars().any(char::is_alphanumeric)
            || text::is_stopword(analyzer.language(), &lower)
        {
            return None;
        }
        Some(self.id(related_lemma(analyzer, &lower)))
    }

    /// The term of a name word (kept apart from content terms by a leading `#`).
    fn name(&mut self, token: &str) -> u32 {
        self.id(format!("#{}", plain_word(token)))
    }
}

/// Pronouns are resolved by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PronounKind {
    /// He, she and their forms: a person, the subject of the sentence or of the last one.
    Personal,
    /// Who, which, that: the mention right before.
    Relative,
    /// It, they, this, …: the subject of the sentence or of the last one.
    Other,
    /// I, we, you: left alone.
    Speaker,
}

/// What a mention brings to its pairs.
pub(super) struct MentionFacts {
    pub kind: MentionKind,
    pub document: usize,
    /// Index into `Prepared::sentence_vectors`; `None` when the sentence does not exist.
    pub sentence: Option<usize>,
    /// (sentence in the document, first token): the mention's place in its document.
    position: (usize, usize),
    lemma: u32,
    lemma_text: String,
    synonyms: Option<usize>,
    reporting: bool,
    /// The head as an acronym ("IE", "U.N."), lower-cased without dots.
    acronym: Option<String>,
    /// The lower-cased initials of the mention's capitalised words, when it has two or more.
    initials: Option<String>,
    /// The sorted name words of the mention: capitalised words that are not function words
    /// or time words.
    names: Vec<u32>,
    pub pronoun: bool,
    /// What kind of pronoun it is, when it is one.
    pronoun_kind: PronounKind,
    /// The mention starts with a preposition or names a time: never a pronoun's antecedent.
    circumstance: bool,
}

/// Everything scoring needs, computed once.
pub(super) struct Prepared {
    pub facts: Vec<MentionFacts>,
    sentence_vectors: Vec<SparseVector>,
    /// The sub-topic of each document, for events.
    pub subtopics: Vec<usize>,
    /// The cosines of the documents' TF-IDF vectors.
    document_similarities: DocumentSimilarities,
    /// The mentions of each sentence (by index into `sentence_vectors`).
    sentence_mentions: Vec<Vec<usize>>,
    /// (sub-topic, lemma of a word, name word) → how often the word stands right before a run
    /// of capitalised words holding the name word ("actress Lindsay Lohan"), or inside such a
    /// run before the name word when the texts also write the word in lower case ("Actress
    /// Lindsay Lohan").
    descriptors: HashMap<(usize, u32, u32), u32>,
    /// (sub-topic, lemma of a noun, name word) → how often a sentence says a name holding the
    /// word is the noun ("DeGeneres , the star"; "Hugh Jackman as the host").
    predicates: HashMap<(usize, u32, u32), u32>,
    /// (sub-topic, lemma of a word) → how often it stands right before any capitalised run.
    descriptor_totals: HashMap<(usize, u32), u32>,
}

impl Prepared {
    pub fn new(
        documents: &[CorefDocument<'_>],
        mentions: &[Mention],
        config: &CorefConfig,
    ) -> Self {
        let analyzer = Analyzer::new(&config.language);
        let mut vocabulary = Vocabulary::default();
        // Content terms of every sentence; the document bag adds name words, weighted.
        let mut sentence_terms: Vec<Vec<u32>> = Vec::new();
        let mut sentence_offsets = Vec::with_capacity(documents.len());
        let mut document_terms: Vec<Vec<u32>> = Vec::with_capacity(documents.len());
        for document in documents {
            sentence_offsets.push(sentence_terms.len());
            let mut bag = Vec::new();
            for sentence in document.sentences {
                let mut terms = Vec::new();
                for (index, token) in sentence.iter().enumerate() {
                    let Some(term) = vocabulary.content(&analyzer, token) else {
                        continue;
                    };
                    terms.push(term);
                    let digit = token.chars().next().is_some_and(|c| c.is_ascii_digit());
                    if (index > 0 && starts_upper(token)) || digit {
                        let name = vocabulary.name(token);
                        bag.extend(std::iter::repeat_n(name, config.name_weight));
                    }
                }
                bag.extend_from_slice(&terms);
                sentence_terms.push(terms);
            }
            document_terms.push(bag);
        }
        let idf = inverse_document_frequencies(&document_terms);
        let document_vectors: Vec<SparseVector> =
            document_terms.iter().map(|t| tf_idf(t, &idf)).collect();
        let sentence_vectors: Vec<SparseVector> =
            sentence_terms.iter().map(|t| tf_idf(t, &idf)).collect();
        let similarities = DocumentSimilarities::new(&document_vectors);
        let subtopics = similarities.partition(config.subtopic_ratio, config);

        // Words the texts also write in lower case.
        let common: HashSet<String> = documents
            .iter()
            .flat_map(|d| d.sentences.iter().flatten())
            .filter(|t| starts_lower(t))
            .map(|t| plain_word(t))
            .collect();
        let mut descriptors: HashMap<(usize, u32, u32), u32> = HashMap::new();
        let mut predicates: HashMap<(usize, u32, u32), u32> = HashMap::new();
        let mut descriptor_totals: HashMap<(usize, u32), u32> = HashMap::new();
        for (document, subtopic) in documents.iter().zip(&subtopics) {
            for sentence in document.sentences {
                let mut index = 1;
                while index < sentence.len() {
                    let before = &sentence[index - 1];
                    if !starts_upper(&sentence[index]) || !starts_lower(before) {
                        index += 1;
                        continue;
                    }
                    let end = (index..sentence.len())
                        .find(|&i| !starts_upper(&sentence[i]))
                        .unwrap_or(sentence.len());
                    if let Some(word) = vocabulary.content(&analyzer, before) {
                        for token in &sentence[index..end] {
                            let name = vocabulary.name(token);
                            *descriptors.entry((*subtopic, word, name)).or_default() += 1;
                            *descriptor_totals.entry((*subtopic, word)).or_default() += 1;
                        }
                    }
                    index = end;
                }
                for (word, names) in descriptors_in_runs(sentence, &common) {
                    if let Some(word) = vocabulary.content(&analyzer, &sentence[word]) {
                        for token in &sentence[names] {
                            let name = vocabulary.name(token);
                            *descriptors.entry((*subtopic, word, name)).or_default() += 1;
                            *descriptor_totals.entry((*subtopic, word)).or_default() += 1;
                        }
                    }
                }
                for (word, names) in predicative_descriptors(sentence) {
                    if let Some(word) = vocabulary.content(&analyzer, &sentence[word]) {
                        for token in &sentence[names] {
                            let name = vocabulary.name(token);
                            *predicates.entry((*subtopic, word, name)).or_default() += 1;
                        }
                    }
                }
            }
        }

        let mut sentence_mentions = vec![Vec::new(); sentence_vectors.len()];
        let mut facts = Vec::with_capacity(mentions.len());
        for (index, mention) in mentions.iter().enumerate() {
            let tokens = documents
                .get(mention.document)
                .and_then(|d| d.sentences.get(mention.sentence));
            let sentence = tokens.and(
                sentence_offsets
                    .get(mention.document)
                    .map(|offset| offset + mention.sentence),
            );
            if let Some(sentence) = sentence {
                sentence_mentions[sentence].push(index);
            }
            let tokens: &[String] = tokens.map_or(&[], Vec::as_slice);
            let end = mention.tokens.end.min(tokens.len());
            let start = mention.tokens.start.min(end);
            let words = &tokens[start..end];
            let head = tokens.get(mention.head).map_or("", String::as_str);
            let name_words: Vec<&String> = words
                .iter()
                .filter(|t| {
                    starts_upper(t)
                        && !is_determiner(t)
                        && !is_preposition(t)
                        && !is_pronoun(t)
                        && !is_time_word(t)
                })
                .collect();
            let initials = (name_words.len() >= 2).then(|| {
                name_words
                    .iter()
                    .filter_map(|w| w.chars().next())
                    .flat_map(char::to_lowercase)
                    .collect::<String>()
            });
            let mut names: Vec<u32> = name_words.iter().map(|t| vocabulary.name(t)).collect();
            names.sort_unstable();
            names.dedup();
            // A time expression is about its day or month ("Thursday morning", "on 6th June").
            let head = match mention.kind {
                MentionKind::Entity => words
                    .iter()
                    .find(|t| is_calendar_word(t))
                    .map_or(head, String::as_str),
                MentionKind::Event => head,
            };
            let lemma_text = related_lemma(&analyzer, head);
            facts.push(MentionFacts {
                kind: mention.kind,
                document: mention.document,
                sentence,
                position: (mention.sentence, mention.tokens.start),
                lemma: vocabulary.id(lemma_text.clone()),
                synonyms: synonym_class(&lemma_text),
                reporting: is_reporting(&lemma_text),
                acronym: acronym(head),
                initials,
                lemma_text,
                names,
                pronoun: mention.kind == MentionKind::Entity && is_pronoun(head),
                pronoun_kind: if is_personal_pronoun(head) {
                    PronounKind::Personal
                } else if is_relative_pronoun(head) {
                    PronounKind::Relative
                } else if is_speaker_pronoun(head) {
                    PronounKind::Speaker
                } else {
                    PronounKind::Other
                },
                circumstance: words.first().is_some_and(|t| is_preposition(t))
                    || words.iter().any(|t| is_time_word(t)),
            });
        }
        Prepared {
            facts,
            sentence_vectors,
            subtopics,
            document_similarities: similarities,
            sentence_mentions,
            descriptors,
            predicates,
            descriptor_totals,
        }
    }

    /// The mentions of `kind` to cluster (pronouns aside), in index order.
    pub fn clustered(&self, kind: MentionKind) -> Vec<usize> {
        (0..self.facts.len())
            .filter(|&i| {
                let facts = &self.facts[i];
                facts.kind == kind && facts.sentence.is_some() && !facts.pronoun
            })
            .collect()
    }

    /// The antecedent of each pronoun, among the entity mentions before it in its document
    /// that are neither pronouns nor circumstances (phrases starting with a preposition, and
    /// times): for a relative pronoun, the nearest; for any other, the first (the subject, as a
    /// rule) of its own sentence, else of the last sentence before it that has one. A personal
    /// pronoun ("she") looks only at mentions with capitalised words when there are any. First-
    /// and second-person pronouns ("we", "you") stay alone.
    pub fn antecedents(&self) -> Vec<(usize, Option<usize>)> {
        let mut by_document: HashMap<usize, Vec<usize>> = HashMap::new();
        for (index, facts) in self.facts.iter().enumerate() {
            if facts.kind == MentionKind::Entity
                && facts.sentence.is_some()
                && !facts.pronoun
                && !facts.circumstance
            {
                by_document.entry(facts.document).or_default().push(index);
            }
        }
        for candidates in by_document.values_mut() {
            candidates.sort_by_key(|&c| (self.facts[c].position, c));
        }
        let mut result = Vec::new();
        for (index, facts) in self.facts.iter().enumerate() {
            if !facts.pronoun || facts.sentence.is_none() {
                continue;
            }
            let before: Vec<usize> = by_document
                .get(&facts.document)
                .into_iter()
                .flatten()
                .copied()
                .filter(|&c| self.facts[c].position < facts.position)
                .collect();
            let antecedent = match facts.pronoun_kind {
                PronounKind::Speaker => None,
                PronounKind::Relative => before.last().copied(),
                kind => {
                    let named: Vec<usize> = before
                        .iter()
                        .copied()
                        .filter(|&c| !self.facts[c].names.is_empty())
                        .collect();
                    let pool = if kind == PronounKind::Personal && !named.is_empty() {
                        named
                    } else {
                        before
                    };
                    // The latest sentence with a candidate, its first candidate.
                    pool.last().and_then(|&last| {
                        let sentence = self.facts[last].position.0;
                        pool.iter()
                            .copied()
                            .find(|&c| self.facts[c].position.0 == sentence)
                    })
                }
            };
            result.push((index, antecedent));
        }
        result
    }

    /// What pairs read from the clusters found so far (`labels`): for each mention, the sorted,
    /// distinct clusters of the mentions of the other kind in its sentence (an event's
    /// participants, times and places; the events an entity takes part in).
    pub fn arguments(&self, labels: &[Option<usize>]) -> Arguments {
        let clusters = (0..self.facts.len())
            .map(|mention| {
                let Some(sentence) = self.facts[mention].sentence else {
                    return Vec::new();
                };
                let mut clusters: Vec<u32> = self.sentence_mentions[sentence]
                    .iter()
                    .filter(|&&other| self.facts[other].kind != self.facts[mention].kind)
                    .filter_map(|&other| labels[other])
                    .map(|label| label as u32)
                    .collect();
                clusters.sort_unstable();
                clusters.dedup();
                clusters
            })
            .collect();
        Arguments { clusters }
    }

    /// How often the head of `nominal` stands right before a name word of `named` in their
    /// sub-topic, and that count's share of all the head's uses before names.
    fn descriptor(&self, nominal: usize, named: usize) -> (u32, f64) {
        let (x, y) = (&self.facts[nominal], &self.facts[named]);
        if !x.names.is_empty() || x.pronoun || y.names.is_empty() {
            return (0, 0.0);
        }
        let subtopic = self.subtopics[x.document];
        let count = y
            .names
            .iter()
            .filter_map(|name| self.descriptors.get(&(subtopic, x.lemma, *name)))
            .copied()
            .max()
            .unwrap_or(0);
        let total = self
            .descriptor_totals
            .get(&(subtopic, x.lemma))
            .copied()
            .unwrap_or(0);
        let share = if total == 0 {
            0.0
        } else {
            f64::from(count) / f64::from(total)
        };
        (count, share)
    }

    /// How often a sentence of their sub-topic says a name word of `named` is the head of
    /// `nominal` (see [`predicative_descriptors`]).
    fn predicate(&self, nominal: usize, named: usize) -> u32 {
        let (x, y) = (&self.facts[nominal], &self.facts[named]);
        if x.kind != MentionKind::Entity
            || y.kind != MentionKind::Entity
            || !x.names.is_empty()
            || x.pronoun
            || y.names.is_empty()
        {
            return 0;
        }
        let subtopic = self.subtopics[x.document];
        y.names
            .iter()
            .filter_map(|name| self.predicates.get(&(subtopic, x.lemma, *name)))
            .copied()
            .max()
            .unwrap_or(0)
    }

    /// The features of a pair, in the order of [`super::FEATURES`]; `arguments` from the
    /// clusters found so far (`None`: not yet, the `arguments` feature is 0).
    pub fn features(&self, a: usize, b: usize, arguments: Option<&Arguments>) -> PairWeights {
        let (x, y) = (&self.facts[a], &self.facts[b]);
        let flag = |value: bool| if value { 1.0 } else { 0.0 };
        let context = match (x.sentence, y.sentence) {
            (Some(s), Some(t)) => cosine(&self.sentence_vectors[s], &self.sentence_vectors[t]),
            _ => 0.0,
        };
        let arguments =
            arguments.map_or(0.0, |found| overlap(&found.clusters[a], &found.clusters[b]));
        let same_lemma = x.lemma == y.lemma;
        let compound = !same_lemma && {
            let (p, q) = (&x.lemma_text, &y.lemma_text);
            p.chars().count() >= 4
                && q.chars().count() >= 4
                && (p.ends_with(q.as_str()) || q.ends_with(p.as_str()))
        };
        let (count, share) = {
            let forward = self.descriptor(a, b);
            if forward.0 > 0 {
                forward
            } else {
                self.descriptor(b, a)
            }
        };
        let mut features = [0.0; FEATURE_COUNT];
        features.copy_from_slice(&[
            1.0,
            flag(same_lemma),
            flag(compound),
            overlap(&x.names, &y.names),
            f64::from(count.min(5)) / 5.0,
            share,
            context,
            flag(same_lemma) * context,
            arguments,
            flag(x.document == y.document),
            flag(x.sentence == y.sentence),
            flag(self.subtopics[x.document] == self.subtopics[y.document]),
            flag(same_lemma && self.subtopics[x.document] == self.subtopics[y.document]),
            self.document_similarities.get(x.document, y.document),
            flag(!same_lemma && x.synonyms.is_some() && x.synonyms == y.synonyms),
            flag(x.reporting && y.reporting),
            flag(
                (x.acronym.is_some() && x.acronym == y.initials)
                    || (y.acronym.is_some() && y.acronym == x.initials),
            ),
            f64::from(self.predicate(a, b).max(self.predicate(b, a)).min(3)) / 3.0,
        ]);
        features
    }
}

/// Words that join a subject to a predicate noun ("Reid is the actress").
const COPULAS: &[&str] = &[
    "is", "was", "are", "were", "be", "been", "became", "becomes", "remains", "remained",
];

/// Descriptors inside runs of capitalised words ("Actress Lindsay Lohan", a headline's "Coach
/// Mo Cheeks"): each word of a run but its last that `common` (words the texts also write in
/// lower case) holds, with the range of the words after it in the run.
fn descriptors_in_runs(
    sentence: &[String],
    common: &HashSet<String>,
) -> Vec<(usize, std::ops::Range<usize>)> {
    let mut found = Vec::new();
    let mut start = 0;
    while start < sentence.len() {
        if !starts_upper(&sentence[start]) {
            start += 1;
            continue;
        }
        let end = (start..sentence.len())
            .find(|&i| !starts_upper(&sentence[i]))
            .unwrap_or(sentence.len());
        let last = end.saturating_sub(1).max(start);
        for (position, word) in sentence.iter().enumerate().take(last).skip(start) {
            if common.contains(&plain_word(word)) {
                found.push((position, position + 1..end));
            }
        }
        start = end;
    }
    found
}

/// The head of the noun phrase starting at `start` ("the new coach of" → "coach"): after
/// determiners, the last of its first four words that come before a preposition, punctuation or
/// a pronoun; `None` when there is no such word or the phrase starts like a verb ("killing").
fn noun_phrase_head(sentence: &[String], start: usize) -> Option<usize> {
    let mut index = start;
    while index < sentence.len() && is_determiner(&sentence[index]) {
        index += 1;
    }
    let first = sentence.get(index)?;
    let lower = first.to_lowercase();
    if lower.ends_with("ing") || lower.ends_with("ed") {
        return None;
    }
    let mut head = None;
    for (offset, token) in sentence[index..].iter().enumerate().take(4) {
        if !token.chars().next().is_some_and(char::is_alphabetic)
            || is_preposition(token)
            || is_relative_pronoun(token)
            || is_pronoun(token)
        {
            break;
        }
        head = Some(index + offset);
    }
    head
}

/// The capitalised run of words that ends right before `end` (none when `end - 1` is not
/// capitalised).
fn name_run_before(sentence: &[String], end: usize) -> Option<std::ops::Range<usize>> {
    let start = (0..end)
        .rev()
        .take_while(|&i| starts_upper(&sentence[i]))
        .last()?;
    Some(start..end)
}

/// Nouns a sentence says a name is, besides "actress Lindsay Lohan": by apposition ("DeGeneres ,
/// the star of"), by "as" ("named Hugh Jackman as the host") and by a copula ("Reid is an
/// actress"). Each is the index of the noun and the range of the capitalised words of the name.
fn predicative_descriptors(sentence: &[String]) -> Vec<(usize, std::ops::Range<usize>)> {
    let mut found = Vec::new();
    for (index, token) in sentence.iter().enumerate().skip(1) {
        let lower = token.to_lowercase();
        let names = if token == "," || COPULAS.contains(&lower.as_str()) {
            name_run_before(sentence, index)
        } else if lower == "as" {
            // The last capitalised run before "as", with no punctuation in between.
            (0..index)
                .rev()
                .take_while(|&i| sentence[i].chars().any(char::is_alphanumeric))
                .find(|&i| starts_upper(&sentence[i]))
                .and_then(|last| name_run_before(sentence, last + 1))
        } else {
            None
        };
        // "the man , Eric Kirkpatrick ,": a noun, a comma, a name and a comma or the end.
        if token == "," && starts_upper(sentence.get(index + 1).map_or("", String::as_str)) {
            let end = (index + 1..sentence.len())
                .find(|&i| !starts_upper(&sentence[i]))
                .unwrap_or(sentence.len());
            let closed = sentence.get(end).is_none_or(|t| t == "," || t == ".");
            let noun = &sentence[index - 1];
            if closed
                && starts_lower(noun)
                && noun.chars().all(char::is_alphabetic)
                && !is_preposition(noun)
                && !is_pronoun(noun)
            {
                found.push((index - 1, index + 1..end));
            }
        }
        let Some(names) = names else { continue };
        if let Some(head) = noun_phrase_head(sentence, index + 1)
            && starts_lower(&sentence[head])
        {
            found.push((head, names));
        }
    }
    found
}

/// Each mention's arguments (see [`Prepared::arguments`]).
pub(super) struct Arguments {
    clusters: Vec<Vec<u32>>,
}

/// Smoothed inverse document frequencies, indexed by term id.
fn inverse_document_frequencies(document_terms: &[Vec<u32>]) -> Vec<f64> {
    let mut frequency: Vec<usize> = Vec::new();
    for terms in document_terms {
        let mut distinct = terms.clone();
        distinct.sort_unstable();
        distinct.dedup();
        for term in distinct {
            let slot = term as usize;
            if frequency.len() <= slot {
                frequency.resize(slot + 1, 0);
            }
            frequency[slot] += 1;
        }
    }
    let total = document_terms.len() as f64;
    frequency
        .iter()
        .map(|&df| ((1.0 + total) / (1.0 + df as f64)).ln() + 1.0)
        .collect()
}

/// The cosines of every pair of documents, and their mean.
struct DocumentSimilarities {
    count: usize,
    values: Vec<f64>,
    mean: f64,
}

impl DocumentSimilarities {
    fn get(&self, a: usize, b: usize) -> f64 {
        if a == b {
            1.0
        } else {
            self.values[a * self.count + b]
        }
    }

    fn new(vectors: &[SparseVector]) -> Self {
        let count = vectors.len();
        let mut values = vec![0.0; count * count];
        let mut sum = 0.0;
        for a in 0..count {
            for b in a + 1..count {
                let value = cosine(&vectors[a], &vectors[b]);
                values[a * count + b] = value;
                values[b * count + a] = value;
                sum += value;
            }
        }
        let pairs = (count * count.saturating_sub(1) / 2).max(1) as f64;
        DocumentSimilarities {
            count,
            values,
            mean: sum / pairs,
        }
    }

    /// Groups of documents by average link, merging while the mean cosine between two groups
    /// is at least `ratio` times the mean over all pairs (or at least `subtopic_cap`, so that
    /// documents that are all alike stay together). A group of fewer than
    /// `subtopic_min_documents` then joins the larger group it is closest to on average.
    /// Numbered in order of first document.
    fn partition(&self, ratio: f64, config: &CorefConfig) -> Vec<usize> {
        let count = self.count;
        let threshold = (ratio * self.mean).min(config.subtopic_cap);
        let mut groups = cluster::average_link(count, |a, b| self.values[a * count + b], threshold);
        let small = |group: &Vec<usize>| group.len() < config.subtopic_min_documents;
        if groups.iter().any(|g| !small(g)) {
            let (small_groups, mut large): (Vec<_>, Vec<_>) =
                groups.into_iter().partition(|g| small(g));
            for group in small_groups {
                let closeness = |target: &Vec<usize>| {
                    let sum: f64 = group
                        .iter()
                        .flat_map(|&a| target.iter().map(move |&b| (a, b)))
                        .map(|(a, b)| self.values[a * count + b])
                        .sum();
                    sum / (group.len() * target.len()) as f64
                };
                let best = (0..large.len()).max_by(|&i, &j| {
                    closeness(&large[i])
                        .total_cmp(&closeness(&large[j]))
                        .then(j.cmp(&i))
                });
                if let Some(best) = best {
                    large[best].extend(group);
                }
            }
            groups = large;
        }
        let mut numbers = vec![usize::MAX; count];
        let mut order: Vec<&Vec<usize>> = groups.iter().collect();
        order.sort_by_key(|g| g.iter().min().copied());
        for (number, group) in order.into_iter().enumerate() {
            for &document in group {
                numbers[document] = number;
            }
        }
        numbers
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<String> {
        text.split(' ').map(str::to_string).collect()
    }

    /// The (noun, name) pairs of a sentence as text.
    fn predicates(text: &str) -> Vec<(String, String)> {
        let sentence = tokens(text);
        predicative_descriptors(&sentence)
            .into_iter()
            .map(|(noun, names)| (sentence[noun].clone(), sentence[names].join(" ")))
            .collect()
    }

    fn pair(noun: &str, name: &str) -> (String, String) {
        (noun.to_string(), name.to_string())
    }

    #[test]
    fn a_word_also_written_in_lower_case_describes_the_rest_of_its_run() {
        let sentence = tokens("Shawn Holley Actress Lindsay Lohan checked in , said the actress .");
        let common: HashSet<String> = ["actress", "checked", "said", "the"]
            .into_iter()
            .map(str::to_string)
            .collect();
        assert_eq!(descriptors_in_runs(&sentence, &common), vec![(2, 3..5)]);
        // The last word of a run describes nothing.
        let sentence = tokens("said Lindsay Actress");
        assert!(descriptors_in_runs(&sentence, &common).is_empty());
    }

    #[test]
    fn a_noun_phrase_head_is_its_last_word_before_a_preposition() {
        let sentence = tokens("as the new head coach of the team");
        assert_eq!(noun_phrase_head(&sentence, 1), Some(4));
        let sentence = tokens(", killing one man");
        assert_eq!(noun_phrase_head(&sentence, 1), None);
        let sentence = tokens(", 59 , of Queens");
        assert_eq!(noun_phrase_head(&sentence, 1), None);
        assert_eq!(noun_phrase_head(&sentence, 9), None);
    }

    #[test]
    fn sentences_say_what_a_name_is() {
        assert_eq!(
            predicates("Later , Ellen DeGeneres , the star of her own show , hosted it ."),
            vec![pair("star", "Ellen DeGeneres")]
        );
        assert_eq!(
            predicates("The academy named Australian actor Hugh Jackman as the host of the show ."),
            vec![pair("host", "Hugh Jackman")]
        );
        assert_eq!(
            predicates("Police said the fired man , Eric Kirkpatrick , opened fire ."),
            vec![pair("man", "Eric Kirkpatrick")]
        );
        assert_eq!(
            predicates("In 1982 Koop was the surgeon general ."),
            vec![pair("general", "Koop")]
        );
        // A possessive is no copula, a verb no apposition, a place no noun.
        assert!(predicates("It was Sarah Palin 's church .").is_empty());
        assert!(predicates("He fired at the party in Vancouver , killing one man .").is_empty());
        assert!(predicates("The woman , of Queens , died .").is_empty());
    }

    #[test]
    fn the_predicate_feature_joins_a_noun_to_the_name_it_was_said_to_be() {
        let first = vec![tokens(
            "Ellen DeGeneres , the star of a talk show , will host .",
        )];
        let second = vec![tokens("The star returns to host the show .")];
        let documents = [
            CorefDocument { sentences: &first },
            CorefDocument { sentences: &second },
        ];
        let entity = |document: usize, tokens: std::ops::Range<usize>, head: usize| Mention {
            document,
            sentence: 0,
            tokens,
            head,
            kind: MentionKind::Entity,
        };
        let mentions = [entity(0, 0..2, 1), entity(1, 0..2, 1), entity(0, 8..10, 9)];
        let prepared = Prepared::new(&documents, &mentions, &CorefConfig::default());
        let last = FEATURE_COUNT - 1;
        assert_eq!(prepared.features(0, 1, None)[last], 1.0 / 3.0);
        assert_eq!(prepared.features(1, 0, None)[last], 1.0 / 3.0);
        // "show" is never said to be DeGeneres.
        assert_eq!(prepared.features(0, 2, None)[last], 0.0);
    }
}
