//! Streaming story assignment: each document joins the most similar live story or starts one.
//!
//! Similarity has two channels. Terms: TF-IDF over stemmed content words, with document
//! frequencies counted as the stream goes (so the score of a document depends only on what came
//! before it). Names: capitalised words seen mid-sentence and numbers, compared without
//! stemming, which is what lets an article in one language meet the story in another.

use crate::ClusterDoc;
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};
use text::Analyzer;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ClusterConfig {
    /// Minimum combined similarity for a full-length document to join a story.
    pub join_threshold: f64,
    /// Documents with fewer terms than this (a headline, a brief) need proportionally less
    /// similarity, down to `min_length_scale` of the threshold.
    pub full_length_terms: f64,
    pub min_length_scale: f64,
    /// Weight of the names channel when both documents share a language (the rest is terms).
    pub name_weight: f64,
    /// A story goes dormant once this many days have passed since its last article.
    pub window_days: i64,
    /// A dormant story can be revived for this many days after its last article, by a
    /// document that clears `revive_scale` times the join threshold; then it is forgotten.
    pub revive_days: i64,
    pub revive_scale: f64,
    /// At most this many stories stay live (for streams without dates); the least recently
    /// joined go dormant first.
    pub live_capacity: usize,
    /// How a document is compared with a story's members: 1 = cosine to their sum, 0 = mean
    /// cosine to each.
    pub centroid_weight: f64,
    /// When a document clears the bar of two live stories whose own similarity is at least
    /// this (lowered for a short document as the join threshold is), the two are one story
    /// and merge (the older keeps its number).
    pub merge_threshold: f64,
    /// Shingle containment above which a document is a copy of an earlier one.
    pub duplicate_threshold: f64,
    /// At most this many recent documents are held for copy detection.
    pub duplicate_capacity: usize,
    /// Every this many documents, stories past the window go dormant and old fingerprints
    /// are let go.
    pub housekeeping_every: u64,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            join_threshold: 0.3,
            full_length_terms: 60.0,
            min_length_scale: 0.25,
            name_weight: 0.4,
            window_days: 7,
            revive_days: 90,
            revive_scale: 1.5,
            live_capacity: 50_000,
            centroid_weight: 1.0,
            merge_threshold: 0.9,
            duplicate_threshold: 0.8,
            duplicate_capacity: 100_000,
            housekeeping_every: 512,
        }
    }
}

/// A sparse unit vector, sorted by term id (so every sum over it runs in the same order).
type Vector = Vec<(u32, f64)>;

#[derive(Default, Serialize, Deserialize)]
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
        let mut counts: HashMap<u32, u32> = HashMap::default();
        for term in terms {
            *counts.entry(self.id(term)).or_default() += 1;
        }
        self.weigh_counts(counts, counts_for_idf)
    }

    /// [`Vocabulary::weigh`] for terms already counted by id.
    fn weigh_counts(&mut self, counts: HashMap<u32, u32>, counts_for_idf: bool) -> Vector {
        let mut counts: Vec<(u32, u32)> = counts.into_iter().collect();
        counts.sort_unstable();
        if counts_for_idf || self.documents == 0 {
            self.documents = self.documents.saturating_add(1);
            for (id, _) in &counts {
                let df = &mut self.document_frequency[*id as usize];
                *df = df.saturating_add(1);
            }
        }
        let n = f64::from(self.documents);
        let mut vector: Vector = counts
            .into_iter()
            .map(|(id, tf)| {
                let df = f64::from(self.document_frequency[id as usize]).max(1.0);
                (
                    id,
                    (1.0 + f64::from(tf).ln()) * (((n + 1.0) / (df + 1.0)).ln() + 1.0),
                )
            })
            .collect();
        let norm = vector.iter().map(|(_, v)| v * v).sum::<f64>().sqrt();
        if norm > 0.0 {
            vector.iter_mut().for_each(|(_, v)| *v /= norm);
        }
        vector
    }
}

/// The scale of the fixed-point sums: products keep 2^-48 of precision.
const FIXED_POINT: f64 = (1u64 << 48) as f64;

/// A story's running sum of member vectors, with its squared norm kept up to date so a
/// comparison costs only the document's terms.
#[derive(Default, Clone, Serialize, Deserialize)]
struct SumVector {
    weights: HashMap<u32, f64>,
    norm_sq: f64,
    /// How many vectors were added.
    count: f64,
}

impl SumVector {
    fn add(&mut self, vector: &[(u32, f64)]) {
        self.count += 1.0;
        for (k, v) in vector {
            let entry = self.weights.entry(*k).or_default();
            self.norm_sq += (*entry + v) * (*entry + v) - *entry * *entry;
            *entry += v;
        }
    }

    /// The similarity of a unit vector to the members: with `centroid_weight` 1 the cosine to
    /// their sum, with 0 the mean of the cosines to each member (which a story of loosely
    /// related members does not inflate), in between a blend.
    fn cosine(&self, doc: &[(u32, f64)], centroid_weight: f64) -> f64 {
        if self.norm_sq <= 0.0 {
            return 0.0;
        }
        let dot: f64 = doc
            .iter()
            .map(|(k, v)| v * self.weights.get(k).copied().unwrap_or(0.0))
            .sum();
        let norm = self.norm_sq.sqrt();
        dot / (norm.powf(centroid_weight) * self.count.max(1.0).powf(1.0 - centroid_weight))
    }

    /// Its entries sorted by id (so sums over them run in one order).
    fn sorted(&self) -> Vec<(u32, f64)> {
        let mut entries: Vec<(u32, f64)> = self.weights.iter().map(|(k, v)| (*k, *v)).collect();
        entries.sort_unstable_by_key(|e| e.0);
        entries
    }

    /// The cosine between two sums.
    fn cosine_sum(&self, other: &SumVector) -> f64 {
        let (small, large) = if self.weights.len() <= other.weights.len() {
            (self, other)
        } else {
            (other, self)
        };
        if small.norm_sq <= 0.0 || large.norm_sq <= 0.0 {
            return 0.0;
        }
        // Summed in fixed point, which is exact and so the same in any order: the map can be
        // walked as it lies, without sorting, and the result is still deterministic.
        let dot: i128 = small
            .weights
            .iter()
            .map(|(k, v)| {
                let product = v * large.weights.get(k).copied().unwrap_or(0.0);
                (product * FIXED_POINT) as i128
            })
            .sum();
        dot as f64 / FIXED_POINT / (small.norm_sq.sqrt() * large.norm_sq.sqrt())
    }

    /// The `count` heaviest entries, by id.
    fn top(&self, count: usize) -> Vec<(u32, f64)> {
        let mut entries: Vec<(u32, f64)> = self.weights.iter().map(|(k, v)| (*k, *v)).collect();
        entries.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        entries.truncate(count);
        entries.sort_unstable_by_key(|e| e.0);
        entries
    }

    fn from_entries(entries: &[(u32, f64)], count: f64) -> Self {
        let mut sum = SumVector::default();
        sum.add(entries);
        sum.count = count;
        sum
    }
}

#[derive(Clone, Serialize, Deserialize)]
struct StoryState {
    terms: SumVector,
    names: SumVector,
    languages: Vec<String>,
    last_seen: Option<jiff::Timestamp>,
    /// The arrival number of its latest document.
    last_doc: u64,
}

/// What is kept of a story gone dormant: its heaviest terms and names, enough to recognise
/// a late article about it.
#[derive(Clone, Serialize, Deserialize)]
struct Dormant {
    /// How many documents it had.
    members: f64,
    terms: Vec<(u32, f64)>,
    names: Vec<(u32, f64)>,
    languages: Vec<String>,
    last_seen: Option<jiff::Timestamp>,
    last_doc: u64,
}

/// How many of a document's strongest terms (and names) look up candidate stories.
const CANDIDATE_KEYS: usize = 10;
/// A term or name found in more stories than this tells them apart no better than chance
/// and is not used to look candidates up (it still counts in the similarity).
const MAX_POSTING: usize = 256;
/// At most this many candidate stories are scored in full for one document.
const MAX_CANDIDATES: usize = 32;
/// What a dormant story keeps.
const DORMANT_TERMS: usize = 48;
const DORMANT_NAMES: usize = 24;

/// The ids of the strongest entries of a vector, strongest first (ties by id, so the choice
/// is deterministic).
fn strongest(vector: &[(u32, f64)], count: usize) -> Vec<u32> {
    let mut entries: Vec<(u32, f64)> = vector.to_vec();
    entries.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    entries.into_iter().take(count).map(|(k, _)| k).collect()
}

#[derive(Default, Serialize, Deserialize)]
struct Postings(HashMap<u32, Vec<u64>>);

impl Postings {
    fn add(&mut self, keys: impl Iterator<Item = u32>, story: u64) {
        for k in keys {
            let posting = self.0.entry(k).or_default();
            // Past the lookup limit a list is only a marker: it need not grow.
            if posting.len() <= MAX_POSTING && !posting.contains(&story) {
                posting.push(story);
            }
        }
    }

    /// Adds `story` to the postings of keys it was not in before.
    fn add_new(&mut self, keys: Vec<u32>, story: u64) {
        for k in keys {
            let posting = self.0.entry(k).or_default();
            if posting.len() <= MAX_POSTING {
                posting.push(story);
            }
        }
    }

    fn remove(&mut self, keys: impl Iterator<Item = u32>, story: u64) {
        for k in keys {
            if let Some(posting) = self.0.get_mut(&k) {
                posting.retain(|s| *s != story);
                if posting.is_empty() {
                    self.0.remove(&k);
                }
            }
        }
    }

    fn lookup(&self, keys: &[u32], into: &mut Vec<u64>) {
        for k in keys {
            if let Some(posting) = self.0.get(k).filter(|p| p.len() <= MAX_POSTING) {
                into.extend_from_slice(posting);
            }
        }
    }
}

/// The stories of a stream: the live ones, fully held and indexed, and the dormant ones, in
/// summary, until they are too old to revive.
#[derive(Default, Serialize, Deserialize)]
pub(crate) struct StoryIndex {
    term_vocabulary: Vocabulary,
    name_vocabulary: Vocabulary,
    live: HashMap<u64, StoryState>,
    dormant: HashMap<u64, Dormant>,
    live_terms: Postings,
    live_names: Postings,
    dormant_terms: Postings,
    dormant_names: Postings,
    next_story: u64,
    /// The latest publication time seen.
    clock: Option<jiff::Timestamp>,
    #[serde(skip)]
    analyzers: HashMap<String, Analyzer>,
}

/// What a document brings to the choice of its story.
struct Probe<'a> {
    terms: &'a [(u32, f64)],
    names: &'a [(u32, f64)],
    language: &'a str,
    published_at: Option<jiff::Timestamp>,
    /// The similarity it needs to join a story.
    threshold: f64,
}

impl StoryIndex {
    pub(crate) fn live_count(&self) -> usize {
        self.live.len()
    }

    pub(crate) fn clock(&self) -> Option<jiff::Timestamp> {
        self.clock
    }

    pub(crate) fn dormant_count(&self) -> usize {
        self.dormant.len()
    }

    /// Places document number `doc`: in `forced` (the story of the original it copies), else
    /// in the best-matching live or dormant story, else in a new one. Returns the story.
    pub(crate) fn push(
        &mut self,
        doc: &ClusterDoc<'_>,
        doc_number: u64,
        forced: Option<u64>,
        config: &ClusterConfig,
    ) -> (u64, Vec<u64>) {
        let language = doc.language.unwrap_or("en").to_string();
        let analyzer = self
            .analyzers
            .entry(language.clone())
            .or_insert_with(|| Analyzer::new(&language));
        // The headline counts twice: it says what the story is about.
        let mut counts: HashMap<u32, u32> = HashMap::default();
        let mut term_count = 0usize;
        let vocabulary = &mut self.term_vocabulary;
        for (text, weight) in [(doc.title, 2), (doc.text, 1)] {
            analyzer.for_each_term(text, |term| {
                *counts.entry(vocabulary.id(term)).or_default() += weight;
                term_count += weight as usize;
            });
        }
        let term_vector = vocabulary.weigh_counts(counts, forced.is_none());
        let mut name_list = names(doc.title, &language);
        name_list.extend(names(doc.text, &language));
        let name_vector = self.name_vocabulary.weigh(&name_list, forced.is_none());
        if let Some(published) = doc.published_at {
            self.clock = Some(self.clock.map_or(published, |c| c.max(published)));
        }

        let mut merged = Vec::new();
        let chosen = match forced {
            Some(story) if self.live.contains_key(&story) || self.dormant.contains_key(&story) => {
                Some(story)
            }
            _ => {
                // A headline shares only a few words with its story: the bar falls with length.
                let scale = (term_count as f64 / config.full_length_terms)
                    .clamp(config.min_length_scale, 1.0);
                let probe = Probe {
                    terms: &term_vector,
                    names: &name_vector,
                    language: &language,
                    published_at: doc.published_at,
                    threshold: config.join_threshold * scale,
                };
                let (best, also) = self.best_live(&probe, config);
                if let Some(best) = best {
                    merged = self.merge_into(best, &also, scale, config);
                }
                best.or_else(|| self.best_dormant(&probe, config))
            }
        };
        let story = match chosen {
            Some(story) => story,
            None => {
                let story = self.next_story;
                self.next_story += 1;
                story
            }
        };
        if let Some(dormant) = self.dormant.remove(&story) {
            self.revive(story, dormant);
        }
        // The oldest of a merging group survives.
        let story = match merged.first() {
            Some(&oldest) if oldest < story => {
                merged.push(story);
                merged.sort_unstable();
                merged.remove(0);
                oldest
            }
            _ => story,
        };
        for &other in &merged {
            self.absorb(story, other);
        }
        let state = self.live.entry(story).or_insert_with(|| StoryState {
            terms: SumVector::default(),
            names: SumVector::default(),
            languages: Vec::new(),
            last_seen: None,
            last_doc: doc_number,
        });
        // A story is in the posting of exactly the keys it holds, so only keys new to it
        // need a posting entry (no search through the list).
        let new_terms: Vec<u32> = term_vector
            .iter()
            .map(|e| e.0)
            .filter(|k| !state.terms.weights.contains_key(k))
            .collect();
        let new_names: Vec<u32> = name_vector
            .iter()
            .map(|e| e.0)
            .filter(|k| !state.names.weights.contains_key(k))
            .collect();
        state.terms.add(&term_vector);
        state.names.add(&name_vector);
        if !state.languages.contains(&language) {
            state.languages.push(language);
        }
        state.last_seen = match (state.last_seen, doc.published_at) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        state.last_doc = doc_number;
        self.live_terms.add_new(new_terms, story);
        self.live_names.add_new(new_names, story);
        if (doc_number + 1).is_multiple_of(config.housekeeping_every.max(1)) {
            self.sweep(config);
        }
        (story, merged)
    }

    /// Moves live story `other` into live story `story`.
    fn absorb(&mut self, story: u64, other: u64) {
        let Some(gone) = self.live.remove(&other) else {
            return;
        };
        let (terms, names) = (gone.terms.sorted(), gone.names.sorted());
        self.live_terms.remove(terms.iter().map(|e| e.0), other);
        self.live_names.remove(names.iter().map(|e| e.0), other);
        self.live_terms.add(terms.iter().map(|e| e.0), story);
        self.live_names.add(names.iter().map(|e| e.0), story);
        if let Some(state) = self.live.get_mut(&story) {
            state.terms.add(&terms);
            state.names.add(&names);
            state.terms.count += gone.terms.count - 1.0;
            state.names.count += gone.names.count - 1.0;
            for language in gone.languages {
                if !state.languages.contains(&language) {
                    state.languages.push(language);
                }
            }
            state.last_seen = state.last_seen.max(gone.last_seen);
            state.last_doc = state.last_doc.max(gone.last_doc);
        }
    }

    /// Folds into `story` the `others` (stories the document also cleared the bar of) that
    /// are close enough to it to be the same story; returns the ones folded, ascending. The
    /// surviving number is the oldest of the group.
    fn merge_into(
        &mut self,
        story: u64,
        others: &[u64],
        scale: f64,
        config: &ClusterConfig,
    ) -> Vec<u64> {
        let Some(target) = self.live.get(&story) else {
            return Vec::new();
        };
        let mut folded: Vec<u64> = others
            .iter()
            .copied()
            .filter(|other| {
                self.live.get(other).is_some_and(|o| {
                    let names = target.names.cosine_sum(&o.names);
                    let same_language = o.languages.iter().any(|l| target.languages.contains(l));
                    let score = if same_language {
                        let terms = target.terms.cosine_sum(&o.terms);
                        (1.0 - config.name_weight) * terms + config.name_weight * names
                    } else {
                        names
                    };
                    score >= config.merge_threshold * scale
                })
            })
            .collect();
        folded.sort_unstable();
        folded
    }

    fn candidates(&self, probe: &Probe<'_>, terms: &Postings, names: &Postings) -> Vec<u64> {
        let mut candidates = Vec::new();
        terms.lookup(&strongest(probe.terms, CANDIDATE_KEYS), &mut candidates);
        names.lookup(&strongest(probe.names, CANDIDATE_KEYS), &mut candidates);
        candidates.sort_unstable();
        // Rank by how many of the document's keys each story shares; only the best-sharing
        // ones are scored in full.
        let mut counted: Vec<(usize, u64)> = Vec::new();
        for story in candidates {
            match counted.last_mut() {
                Some((count, last)) if *last == story => *count += 1,
                _ => counted.push((1, story)),
            }
        }
        if counted.len() > MAX_CANDIDATES {
            counted.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            counted.truncate(MAX_CANDIDATES);
        }
        let mut chosen: Vec<u64> = counted.into_iter().map(|(_, story)| story).collect();
        chosen.sort_unstable();
        chosen
    }

    /// The live story scoring highest above the threshold (ties go to the older story), and
    /// the other live stories above the threshold.
    fn best_live(&self, probe: &Probe<'_>, config: &ClusterConfig) -> (Option<u64>, Vec<u64>) {
        let window = jiff::SignedDuration::from_hours(24 * config.window_days);
        let mut best: Option<(u64, f64)> = None;
        let mut above = Vec::new();
        for index in self.candidates(probe, &self.live_terms, &self.live_names) {
            let Some(story) = self.live.get(&index) else {
                continue;
            };
            if let (Some(now), Some(last)) = (probe.published_at, story.last_seen)
                && now.duration_since(last) > window
            {
                continue;
            }
            let score = similarity(&story.terms, &story.names, &story.languages, probe, config);
            if score >= probe.threshold {
                above.push(index);
                if best.is_none_or(|(_, s)| score > s) {
                    best = Some((index, score));
                }
            }
        }
        let best = best.map(|(index, _)| index);
        above.retain(|s| Some(*s) != best);
        (best, above)
    }

    /// The dormant story a document revives, if one clears the higher revival bar.
    fn best_dormant(&self, probe: &Probe<'_>, config: &ClusterConfig) -> Option<u64> {
        if self.dormant.is_empty() {
            return None;
        }
        let mut best: Option<(u64, f64)> = None;
        for index in self.candidates(probe, &self.dormant_terms, &self.dormant_names) {
            let Some(story) = self.dormant.get(&index) else {
                continue;
            };
            let (terms, names) = (
                SumVector::from_entries(&story.terms, story.members),
                SumVector::from_entries(&story.names, story.members),
            );
            let score = similarity(&terms, &names, &story.languages, probe, config);
            if score >= probe.threshold * config.revive_scale && best.is_none_or(|(_, s)| score > s)
            {
                best = Some((index, score));
            }
        }
        best.map(|(index, _)| index)
    }

    fn revive(&mut self, story: u64, dormant: Dormant) {
        self.dormant_terms
            .remove(dormant.terms.iter().map(|e| e.0), story);
        self.dormant_names
            .remove(dormant.names.iter().map(|e| e.0), story);
        self.live_terms
            .add(dormant.terms.iter().map(|e| e.0), story);
        self.live_names
            .add(dormant.names.iter().map(|e| e.0), story);
        self.live.insert(
            story,
            StoryState {
                terms: SumVector::from_entries(&dormant.terms, dormant.members),
                names: SumVector::from_entries(&dormant.names, dormant.members),
                languages: dormant.languages,
                last_seen: dormant.last_seen,
                last_doc: dormant.last_doc,
            },
        );
    }

    /// Puts to sleep the live stories past the window (or beyond the live capacity, least
    /// recently joined first) and forgets dormant ones past the revival period.
    fn sweep(&mut self, config: &ClusterConfig) {
        let window = jiff::SignedDuration::from_hours(24 * config.window_days);
        let revive = jiff::SignedDuration::from_hours(24 * config.revive_days);
        let mut by_age: Vec<(u64, u64)> =
            self.live.iter().map(|(id, s)| (s.last_doc, *id)).collect();
        by_age.sort_unstable();
        let over = by_age.len().saturating_sub(config.live_capacity);
        let mut sleeping: Vec<u64> = Vec::new();
        for (rank, (_, id)) in by_age.iter().enumerate() {
            let stale = match (self.clock, self.live.get(id).and_then(|s| s.last_seen)) {
                (Some(now), Some(last)) => now.duration_since(last) > window,
                _ => false,
            };
            if rank < over || stale {
                sleeping.push(*id);
            }
        }
        for id in sleeping {
            let Some(state) = self.live.remove(&id) else {
                continue;
            };
            self.live_terms
                .remove(state.terms.weights.keys().copied(), id);
            self.live_names
                .remove(state.names.weights.keys().copied(), id);
            let dormant = Dormant {
                members: state.terms.count,
                terms: state.terms.top(DORMANT_TERMS),
                names: state.names.top(DORMANT_NAMES),
                languages: state.languages,
                last_seen: state.last_seen,
                last_doc: state.last_doc,
            };
            self.dormant_terms
                .add(dormant.terms.iter().map(|e| e.0), id);
            self.dormant_names
                .add(dormant.names.iter().map(|e| e.0), id);
            self.dormant.insert(id, dormant);
        }
        let mut forgotten: Vec<u64> = self
            .dormant
            .iter()
            .filter(|(_, d)| match (self.clock, d.last_seen) {
                (Some(now), Some(last)) => now.duration_since(last) > revive,
                _ => false,
            })
            .map(|(id, _)| *id)
            .collect();
        forgotten.sort_unstable();
        for id in forgotten {
            if let Some(d) = self.dormant.remove(&id) {
                self.dormant_terms.remove(d.terms.iter().map(|e| e.0), id);
                self.dormant_names.remove(d.names.iter().map(|e| e.0), id);
            }
        }
    }
}

/// The similarity of a document to a story: terms and names blended when they share a
/// language; across languages only names and numbers can be compared without translation.
fn similarity(
    terms: &SumVector,
    names: &SumVector,
    languages: &[String],
    probe: &Probe<'_>,
    config: &ClusterConfig,
) -> f64 {
    let name_score = names.cosine(probe.names, config.centroid_weight);
    if languages.iter().any(|l| l == probe.language) {
        let term_score = terms.cosine(probe.terms, config.centroid_weight);
        (1.0 - config.name_weight) * term_score + config.name_weight * name_score
    } else {
        name_score
    }
}

/// The names of a text: words capitalised in mid-sentence (anywhere, once seen so), and
/// numbers of two digits or more, lower-cased.
fn names(text: &str, language: &str) -> Vec<String> {
    enum Token {
        Number(String),
        /// A capitalised word, lower-cased, and whether it opens its sentence.
        Word(String, bool),
    }
    let mut capitalised_mid_sentence: HashMap<String, ()> = HashMap::default();
    let mut tokens: Vec<Token> = Vec::new();
    let mut previous_end = 0;
    for (span, word) in text::words(text) {
        // A word opens a sentence when it is the first, or when what lies between it and the
        // previous word ends a sentence ("." "!" "?" and maybe a closing quote) or a line.
        let gap = &text[previous_end..span.start];
        let start = previous_end == 0
            || gap.contains('\n')
            || gap
                .trim_end()
                .trim_end_matches(['"', '\'', '\u{201d}', '\u{2019}', ')', '\u{bb}'])
                .ends_with(['.', '!', '?', '\u{3002}']);
        previous_end = span.end;
        // Only numbers and capitalised words can be names: the rest is passed over without
        // a copy.
        if word
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
        {
            let digits: String = word.chars().filter(char::is_ascii_digit).collect();
            if digits.len() >= 2 {
                tokens.push(Token::Number(format!("#{digits}")));
            }
        } else if text::is_capitalized(word) {
            let lower = word.to_lowercase();
            if !start {
                capitalised_mid_sentence.insert(lower.clone(), ());
            }
            tokens.push(Token::Word(lower, start));
        }
    }
    tokens
        .into_iter()
        .filter_map(|token| match token {
            Token::Number(number) => Some(number),
            Token::Word(lower, start) => {
                let keep = lower.chars().count() >= 3
                    && !text::is_stopword(language, &lower)
                    && !text::is_stopword("en", &lower)
                    && (!start || capitalised_mid_sentence.contains_key(&lower));
                keep.then_some(lower)
            }
        })
        .collect()
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
