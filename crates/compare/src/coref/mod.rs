//! Cross-document coreference: which event mentions ("arrested", "the quake") and which entity
//! mentions ("Tara Reid", "the actress", "Malibu") of a set of related documents refer to the
//! same thing.
//!
//! Input: the documents as sentences of tokens, and the mentions, each a token range of one
//! sentence with its head and kind (event or entity). Output: a cluster number per mention;
//! events and entities never share one.
//!
//! How:
//! 1. Sub-topics: the documents are grouped by the cosine of their TF-IDF vectors (stemmed
//!    content words, capitalised words and numbers counted again as names, document
//!    frequencies counted over the documents given), average link, merging while two groups
//!    are at least [`CorefConfig::subtopic_ratio`] times as alike as the mean pair. A set of
//!    related documents often tells of two events of one kind (two rehab stays of two
//!    actresses); being in one sub-topic is a feature of a pair, not a wall.
//! 2. Each pair of mentions of a kind gets a score, the logistic function of a weighted sum of
//!    [`FEATURES`], and average-link clustering merges while the mean score is at least the
//!    kind's threshold. Entity mentions are clustered first, then event mentions, whose
//!    arguments are the entity clusters of their sentence, then both again (entities now
//!    reading the event clusters of theirs). Pronouns are not clustered: each takes the cluster
//!    of its antecedent in its document.
//!
//! The weights are constants fitted on the training topics of ECB+ (`corroborate eval coref
//! --fit`); each is a number of log-odds a reader can weigh. Deterministic, no I/O.

mod cluster;
mod features;
mod heads;

pub use heads::{head_index, lemma, related_lemma};

use features::Prepared;
use std::collections::HashMap;
use std::ops::Range;

/// What a mention refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MentionKind {
    /// Something that happens or holds: "arrested", "the earthquake", "said".
    Event,
    /// A participant, place or time: "Tara Reid", "the actress", "Malibu", "Tuesday".
    Entity,
}

/// One document as coreference reads it: its sentences, each a list of tokens.
#[derive(Debug, Clone, Copy)]
pub struct CorefDocument<'a> {
    pub sentences: &'a [Vec<String>],
}

/// One mention: a token range of one sentence of one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Index into the documents given to [`resolve`].
    pub document: usize,
    /// Index into that document's sentences.
    pub sentence: usize,
    /// The mention's tokens in the sentence.
    pub tokens: Range<usize>,
    /// The head token (an index into the sentence, inside `tokens`); [`head_index`] finds one.
    pub head: usize,
    pub kind: MentionKind,
}

/// The names of the pair features, in the order of [`PairWeights`]:
/// - `bias`: always 1;
/// - `same_lemma`: the heads have the same lemma, derivations joined ("death", "died");
/// - `compound_head`: one head's lemma ends with the other's ("earthquake", "quake");
/// - `names`: the share of the capitalised words of the mention with fewer that the other has
///   ("Betty Ford", "the Betty Ford Center");
/// - `descriptor`: the head of a mention without capitalised words stands right before a
///   capitalised word of the other in the sub-topic's texts ("actress Lindsay Lohan"), or
///   inside a capitalised run before it when the texts also write it in lower case ("Actress
///   Lindsay Lohan", a headline's "Coach Mo Cheeks"), how often (up to 5, over 5);
/// - `descriptor_share`: that count over all the head's uses before capitalised words;
/// - `context`: the TF-IDF cosine of the two sentences;
/// - `same_lemma_context`: `same_lemma` times `context`;
/// - `arguments`: the share of the clusters of the other kind in the two sentences they have in
///   common (an event's participants, times and places; the events an entity takes part in);
/// - `same_document`, `same_sentence`;
/// - `same_subtopic`: the documents are in one sub-topic; `same_lemma_subtopic`: and the heads
///   have the same lemma;
/// - `document`: the TF-IDF cosine of the two documents;
/// - `synonym`: the heads differ in lemma but share a class of a small table of words news
///   uses for one happening ("killing", "murder"; "quake", "temblor");
/// - `reporting`: both heads are words of reporting ("said", "told");
/// - `acronym`: one head is an acronym of the other's capitalised words ("IE", "Internet
///   Explorer");
/// - `predicate`: the head of a mention without capitalised words is a noun that a sentence of
///   the sub-topic says a capitalised word of the other is, how often (up to 3, over 3): by
///   apposition ("DeGeneres , the star of"; "the man , Eric Kirkpatrick ,"), by "as" ("named
///   Hugh Jackman as the host") or by a copula ("Koop was the surgeon general"). Entities only.
pub const FEATURES: [&str; FEATURE_COUNT] = [
    "bias",
    "same_lemma",
    "compound_head",
    "names",
    "descriptor",
    "descriptor_share",
    "context",
    "same_lemma_context",
    "arguments",
    "same_document",
    "same_sentence",
    "same_subtopic",
    "same_lemma_subtopic",
    "document",
    "synonym",
    "reporting",
    "acronym",
    "predicate",
];

/// How many pair features there are.
pub const FEATURE_COUNT: usize = 18;

/// One weight per feature of [`FEATURES`].
pub type PairWeights = [f64; FEATURE_COUNT];

/// Settings of [`resolve`]; the defaults are fitted on ECB+'s training topics.
#[derive(Debug, Clone, PartialEq)]
pub struct CorefConfig {
    /// The language of the documents (ISO 639-1), for stems and stop words.
    pub language: String,
    /// Two groups of documents are one sub-topic (for events) while their mean cosine is at
    /// least this times the mean cosine of all pairs of documents given...
    pub subtopic_ratio: f64,
    /// ...or at least this, whatever the mean.
    pub subtopic_cap: f64,
    /// A group of fewer documents joins the closest larger group.
    pub subtopic_min_documents: usize,
    /// How many times a capitalised word or a number counts in a document's vector.
    pub name_weight: usize,
    /// Mean pair score from which two clusters of event mentions merge.
    pub event_threshold: f64,
    /// Mean pair score from which two clusters of entity mentions merge.
    pub entity_threshold: f64,
    pub event_weights: PairWeights,
    pub entity_weights: PairWeights,
}

impl Default for CorefConfig {
    fn default() -> Self {
        CorefConfig {
            language: "en".to_string(),
            subtopic_ratio: 0.95,
            subtopic_cap: 0.3,
            subtopic_min_documents: 2,
            name_weight: 2,
            event_threshold: 0.55,
            entity_threshold: 0.2,
            // Fitted with `corroborate eval coref --split train --fit`.
            event_weights: [
                -6.793, 3.169, 1.888, 3.829, -1.508, 1.149, -0.459, 1.708, 0.893, -0.228, -1.993,
                2.783, 1.109, 0.75, 4.448, -1.174, 3.966, 0.0,
            ],
            entity_weights: [
                -5.343, 3.561, 1.11, 3.166, 1.821, 4.521, -1.114, 1.988, 0.734, -0.534, -0.696,
                1.861, 0.068, 0.99, 2.966, -2.195, 6.775, 4.07,
            ],
        }
    }
}

impl CorefConfig {
    /// Sets one setting by name: `subtopic_ratio`, `subtopic_cap`, `name_weight`,
    /// `event_threshold`, `entity_threshold`, or `event.<feature>` / `entity.<feature>` for a
    /// weight (the names are [`FEATURES`]).
    pub fn set(&mut self, name: &str, value: f64) -> Result<(), String> {
        let weight = |weights: &mut PairWeights, feature: &str| {
            let index = FEATURES
                .iter()
                .position(|f| *f == feature)
                .ok_or_else(|| format!("`{feature}` is not a pair feature"))?;
            weights[index] = value;
            Ok(())
        };
        match name {
            "subtopic_ratio" => self.subtopic_ratio = value,
            "subtopic_cap" => self.subtopic_cap = value,
            "name_weight" | "subtopic_min_documents" => {
                if value < 0.0 || value.fract() != 0.0 {
                    return Err(format!("{name} is a whole number"));
                }
                if name == "name_weight" {
                    self.name_weight = value as usize;
                } else {
                    self.subtopic_min_documents = value as usize;
                }
            }
            "event_threshold" => self.event_threshold = value,
            "entity_threshold" => self.entity_threshold = value,
            _ => match name.split_once('.') {
                Some(("event", feature)) => return weight(&mut self.event_weights, feature),
                Some(("entity", feature)) => return weight(&mut self.entity_weights, feature),
                _ => return Err(format!("`{name}` is not a coreference setting")),
            },
        }
        Ok(())
    }
}

/// What [`resolve`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    /// The cluster of each mention, numbered from 0 in order of first mention.
    pub clusters: Vec<usize>,
    /// The sub-topic of each document, numbered from 0 in order of first document.
    pub subtopics: Vec<usize>,
}

/// One candidate pair of mentions of one kind, with its features.
#[derive(Debug, Clone, PartialEq)]
pub struct CandidatePair {
    pub first: usize,
    pub second: usize,
    pub features: PairWeights,
}

/// Clusters `mentions` (see the module documentation). A mention pointing at a document or
/// sentence that does not exist is left alone in its own cluster.
pub fn resolve(
    documents: &[CorefDocument<'_>],
    mentions: &[Mention],
    config: &CorefConfig,
) -> Resolution {
    let prepared = Prepared::new(documents, mentions, config);
    let mut labels: Vec<Option<usize>> = vec![None; mentions.len()];
    let mut next = 0;
    // Entities, then events (whose arguments are the entity clusters), then both again, the
    // entities now reading the event clusters of their sentences.
    for round in 0..2 {
        cluster_kind(
            &prepared,
            MentionKind::Entity,
            round > 0,
            &mut labels,
            &mut next,
            config,
        );
        // A pronoun joins its antecedent's cluster.
        for (pronoun, antecedent) in prepared.antecedents() {
            labels[pronoun] = antecedent.and_then(|a| labels[a]);
        }
        cluster_kind(
            &prepared,
            MentionKind::Event,
            true,
            &mut labels,
            &mut next,
            config,
        );
    }
    // Number clusters in order of first mention; a mention no group took is alone.
    let mut renumber: HashMap<usize, usize> = HashMap::new();
    let clusters = labels
        .iter()
        .map(|label| {
            let label = label.unwrap_or_else(|| {
                next += 1;
                next - 1
            });
            let fresh = renumber.len();
            *renumber.entry(label).or_insert(fresh)
        })
        .collect();
    Resolution {
        clusters,
        subtopics: prepared.subtopics.clone(),
    }
}

/// Clusters the mentions of `kind` (pronouns aside) and numbers the clusters from `next`. With
/// `arguments`, pairs read the clusters of the other kind in `labels`.
fn cluster_kind(
    prepared: &Prepared,
    kind: MentionKind,
    arguments: bool,
    labels: &mut [Option<usize>],
    next: &mut usize,
    config: &CorefConfig,
) {
    let (weights, threshold) = match kind {
        MentionKind::Event => (&config.event_weights, config.event_threshold),
        MentionKind::Entity => (&config.entity_weights, config.entity_threshold),
    };
    let group = prepared.clustered(kind);
    let clusters = {
        let found = arguments.then(|| prepared.arguments(labels));
        cluster::average_link(
            group.len(),
            |a, b| {
                score(
                    &prepared.features(group[a], group[b], found.as_ref()),
                    weights,
                )
            },
            threshold,
        )
    };
    for cluster in clusters {
        for member in cluster {
            labels[group[member]] = Some(*next);
        }
        *next += 1;
    }
}

/// Every pair of mentions of `kind` that [`resolve`] would score, with its features, arguments
/// read from the clusters `resolve` finds. For fitting the weights.
pub fn candidate_pairs(
    documents: &[CorefDocument<'_>],
    mentions: &[Mention],
    config: &CorefConfig,
    kind: MentionKind,
) -> Vec<CandidatePair> {
    let labels: Vec<Option<usize>> = resolve(documents, mentions, config)
        .clusters
        .into_iter()
        .map(Some)
        .collect();
    let prepared = Prepared::new(documents, mentions, config);
    let found = prepared.arguments(&labels);
    let mut pairs = Vec::new();
    let group = prepared.clustered(kind);
    for (position, &first) in group.iter().enumerate() {
        for &second in &group[position + 1..] {
            pairs.push(CandidatePair {
                first,
                second,
                features: prepared.features(first, second, Some(&found)),
            });
        }
    }
    pairs
}

/// The logistic function of the weighted feature sum.
pub fn score(features: &PairWeights, weights: &PairWeights) -> f64 {
    let sum: f64 = features.iter().zip(weights).map(|(f, w)| f * w).sum();
    1.0 / (1.0 + (-sum).exp())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<Vec<String>> {
        text.split(" | ")
            .map(|s| s.split(' ').map(str::to_string).collect())
            .collect()
    }

    #[test]
    fn the_same_lemma_in_one_subtopic_corefers() {
        let first = sentences("Police arrested Tara Reid in Malibu on Tuesday .");
        let second = sentences("Tara Reid was arrested by police in Malibu . | She denied it .");
        let third = sentences("The stock market fell sharply as investors sold shares .");
        let fourth = sentences("Shares fell on the stock market as investors sold .");
        let documents = [
            CorefDocument { sentences: &first },
            CorefDocument { sentences: &second },
            CorefDocument { sentences: &third },
            CorefDocument { sentences: &fourth },
        ];
        let mention = |document: usize, sentence: usize, tokens: Range<usize>, kind| Mention {
            document,
            sentence,
            head: tokens.start,
            tokens,
            kind,
        };
        let mentions = [
            mention(0, 0, 1..2, MentionKind::Event),
            mention(0, 0, 2..4, MentionKind::Entity),
            mention(1, 0, 3..4, MentionKind::Event),
            mention(1, 0, 0..2, MentionKind::Entity),
            mention(2, 0, 3..4, MentionKind::Event),
            mention(7, 0, 0..1, MentionKind::Event),
            mention(1, 1, 0..1, MentionKind::Entity),
            mention(3, 0, 1..2, MentionKind::Event),
        ];
        let resolution = resolve(&documents, &mentions, &CorefConfig::default());
        assert_eq!(resolution.subtopics, vec![0, 0, 1, 1]);
        let c = &resolution.clusters;
        assert_eq!(c[0], c[2], "arrested / arrested");
        assert_eq!(c[1], c[3], "Tara Reid / Tara Reid");
        assert_eq!(c[6], c[3], "She / Tara Reid");
        assert_eq!(c[4], c[7], "fell / fell");
        assert_ne!(c[0], c[1]);
        assert_ne!(c[4], c[0]);
        assert_ne!(c[5], c[4]);
        // Numbered in order of first mention.
        assert_eq!(c[0], 0);
    }

    #[test]
    fn settings_are_reachable_by_name() {
        let mut config = CorefConfig::default();
        config.set("event_threshold", 0.7).unwrap();
        config.set("entity.context", 1.5).unwrap();
        assert_eq!(config.event_threshold, 0.7);
        assert_eq!(config.entity_weights[6], 1.5);
        assert!(config.set("entity.nothing", 1.0).is_err());
        assert!(config.set("nothing", 1.0).is_err());
    }
}
