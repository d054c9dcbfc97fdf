//! Streaming story assignment: each document joins the most similar live story or starts one.
//!
//! Similarity has two channels. Terms: TF-IDF over stemmed content words, with document
//! frequencies counted as the stream goes (so the score of a document depends only on what came
//! before it). Names: capitalised words seen mid-sentence and numbers, compared without
//! stemming, which is what lets an article in one language meet the story in another.

use crate::ClusterDoc;
use model::Span;
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};
use text::{Analyzer, Term};

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
    /// A document naming fewer distinct names (and numbers) than this gives the names channel
    /// proportionally less weight: one shared name says little (0: always the full weight).
    pub full_name_count: f64,
    /// When a full-length document's heaviest name is nowhere in a story in its language and
    /// the story's heaviest name is nowhere in the document, the two are about different people
    /// or places (a similar event rather than the same one, such as two boxers' title defences
    /// against different challengers): its similarity to that story is cut by this share (0:
    /// never).
    pub name_conflict_penalty: f64,
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
    /// At most this many candidate stories (those sharing the most of the document's strongest
    /// terms and names) are scored in full for one document.
    pub max_candidates: usize,
    /// A candidate is scored only when it shares at least this share of the keys the
    /// best-sharing candidate shares (0: every candidate up to `max_candidates`).
    pub candidate_share: f64,
    /// A live story keeps the sums of at most this many terms (and names), the heaviest; the
    /// lightest are let go once it holds twice as many (0: no limit).
    pub story_terms: usize,
    pub story_names: usize,
    /// When more than `full_scores` live candidates remain, each is first scored roughly, with
    /// the document's `rough_terms` heaviest terms (and all its names), and only the
    /// `full_scores` best are scored with every term (`rough_terms` 0: all in full).
    pub rough_terms: usize,
    pub full_scores: usize,
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
            full_name_count: 3.0,
            name_conflict_penalty: 0.3,
            window_days: 7,
            revive_days: 90,
            revive_scale: 1.5,
            live_capacity: 50_000,
            centroid_weight: 1.0,
            merge_threshold: 0.9,
            max_candidates: 16,
            candidate_share: 0.35,
            rough_terms: 8,
            full_scores: 3,
            story_terms: 300,
            story_names: 200,
            duplicate_threshold: 0.8,
            duplicate_capacity: 100_000,
            housekeeping_every: 2048,
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

    /// Counts one document's terms, given as ids (one entry per occurrence, in any order:
    /// sorted here, as counting by sorting is cheaper than a map per document), then weighs
    /// them: (1 + ln tf) × smoothed idf, unit length. A copy of an earlier document
    /// (`counts_for_idf` false) is weighed but does not count towards document frequencies, so
    /// wire copy reprinted ten times does not make the story's own words look common.
    fn weigh_ids(&mut self, ids: &mut [u32], counts_for_idf: bool) -> Vector {
        ids.sort_unstable();
        let mut counts: Vec<(u32, u32)> = Vec::with_capacity(ids.len());
        for &id in ids.iter() {
            match counts.last_mut() {
                Some((last, count)) if *last == id => *count += 1,
                _ => counts.push((id, 1)),
            }
        }
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
                // ln 1 is exactly 0: most terms come once, and skip the logarithm.
                let damped = if tf == 1 {
                    1.0
                } else {
                    1.0 + f64::from(tf).ln()
                };
                (id, damped * (((n + 1.0) / (df + 1.0)).ln() + 1.0))
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
/// comparison costs only a walk along two sorted lists.
#[derive(Default, Clone, Serialize, Deserialize)]
struct SumVector {
    /// The term ids it holds, ascending, and the summed weight of each (`weights[i]` is that
    /// of `ids[i]`). Sorted lists rather than a map: a story is scored far more often than it
    /// grows, and a walk along a list of ids reads memory in order where a map lookup per
    /// term misses the cache.
    ids: Vec<u32>,
    weights: Vec<f64>,
    /// Ids let go by [`SumVector::prune`], ascending. The story stays in their postings (taking
    /// it out of a posting costs a walk along the list) until it leaves the live set, so the
    /// postings a story is in are those of `ids` and `dropped`.
    dropped: Vec<u32>,
    norm_sq: f64,
    /// How many vectors were added.
    count: f64,
}

/// How many ids the walk of [`sorted_dot`] compares at once.
const LANES: usize = 8;

/// The index of the first of `ids` (ascending) at or after `from` that is `>= key`.
fn seek(ids: &[u32], from: usize, key: u32) -> usize {
    let mut at = from;
    // Counted a block at a time: in a sorted list, the ids below the key in a block are the
    // ones before it, and a fixed-size block compiles to a few vector instructions.
    while let Some(block) = ids.get(at..at + LANES) {
        // One bit per lane, then one count: a compare, a mask and a popcount, where counting
        // lane by lane compiled to a shift and a move per lane.
        let mask = block.iter().enumerate().fold(0u32, |mask, (lane, &id)| {
            mask | (u32::from(id < key) << lane)
        });
        let below = mask.count_ones() as usize;
        at += below;
        if below < LANES {
            return at;
        }
    }
    at + ids[at.min(ids.len())..]
        .iter()
        .take_while(|&&id| id < key)
        .count()
}

/// How much longer than the document a list must be to be searched (see [`sorted_dot`]).
const GALLOP_RATIO: usize = 4;

/// [`seek`] by galloping: steps of 1, 2, 4, … from `from` until an id `>= key`, then a binary
/// search of the last step.
fn gallop(ids: &[u32], from: usize, key: u32) -> usize {
    let (mut low, mut step) = (from, 1);
    let probe = loop {
        let probe = low + step - 1;
        match ids.get(probe) {
            Some(&id) if id < key => {
                low = probe + 1;
                step *= 2;
            }
            _ => break probe,
        }
    };
    let high = probe.min(ids.len());
    low + ids[low..high].partition_point(|&id| id < key)
}

/// Σ a·b over the ids the document (sorted by id) and the sum share, summed in the
/// document's order (so the value is the one a lookup per document term would give).
fn sorted_dot(doc: &[(u32, f64)], ids: &[u32], weights: &[f64]) -> f64 {
    let mut dot = 0.0;
    let mut at = 0;
    // A list far longer than the document is searched rather than walked: galloping from
    // where the last id was found reads a few cache lines per document id where a walk reads
    // the whole list.
    let search = ids.len() > GALLOP_RATIO * doc.len();
    for (k, v) in doc {
        at = if search {
            gallop(ids, at, *k)
        } else {
            seek(ids, at, *k)
        };
        match ids.get(at) {
            Some(id) if id == k => {
                dot += v * weights[at];
                at += 1;
            }
            Some(_) => {}
            None => break,
        }
    }
    dot
}

/// [`sorted_dot`] against entries kept as (id, weight) pairs sorted by id.
fn sorted_dot_pairs(doc: &[(u32, f64)], entries: &[(u32, f64)]) -> f64 {
    let mut dot = 0.0;
    let mut rest = entries;
    for (k, v) in doc {
        let skip = rest.iter().position(|e| e.0 >= *k).unwrap_or(rest.len());
        rest = &rest[skip..];
        match rest.first() {
            Some(e) if e.0 == *k => {
                dot += v * e.1;
                rest = &rest[1..];
            }
            Some(_) => {}
            None => break,
        }
    }
    dot
}

impl SumVector {
    /// Adds a vector sorted by id (without repeated ids).
    fn add(&mut self, vector: &[(u32, f64)]) {
        debug_assert!(vector.windows(2).all(|w| w[0].0 < w[1].0));
        self.count += 1.0;
        // Merged in place, without a new list per document: a first pass in id order updates
        // the weights already held and the norm (in the order a map would have), and counts
        // the new ids; a second, from the end, moves the held entries up to make room for them.
        let mut fresh = 0;
        let mut at = 0;
        for &(k, v) in vector {
            at = seek(&self.ids, at, k);
            match self.ids.get(at) {
                Some(&id) if id == k => {
                    let before = self.weights[at];
                    self.norm_sq += (before + v) * (before + v) - before * before;
                    self.weights[at] = before + v;
                    at += 1;
                }
                _ => {
                    self.norm_sq += v * v;
                    fresh += 1;
                }
            }
        }
        if fresh == 0 {
            return;
        }
        let held = self.ids.len();
        self.ids.resize(held + fresh, 0);
        self.weights.resize(held + fresh, 0.0);
        // `read` entries of the old list are still to place; `write` is where the next goes.
        let (mut read, mut write) = (held, held + fresh);
        for &(k, v) in vector.iter().rev() {
            let start = self.ids[..read].partition_point(|&id| id <= k);
            let run = read - start;
            self.ids.copy_within(start..read, write - run);
            self.weights.copy_within(start..read, write - run);
            write -= run;
            read = start;
            if read > 0 && self.ids[read - 1] == k {
                // Held already, and updated above: it moves with the entries below.
                continue;
            }
            write -= 1;
            self.ids[write] = k;
            self.weights[write] = v;
            if write == read {
                break;
            }
        }
    }

    /// The ids of `vector` (sorted) whose postings do not hold the story yet: neither held
    /// nor dropped.
    fn missing(&self, vector: &[(u32, f64)]) -> Vec<u32> {
        let (mut at, mut at_dropped) = (0, 0);
        let mut missing = Vec::new();
        for (k, _) in vector {
            at = seek(&self.ids, at, *k);
            at_dropped = seek(&self.dropped, at_dropped, *k);
            if self.ids.get(at) != Some(k) && self.dropped.get(at_dropped) != Some(k) {
                missing.push(*k);
            }
        }
        missing
    }

    /// The ids whose postings hold the story: those it holds and those it dropped (an id may
    /// come twice).
    fn indexed(&self) -> impl Iterator<Item = u32> + '_ {
        self.ids.iter().chain(&self.dropped).copied()
    }

    /// The similarity of a unit vector to the members: with `centroid_weight` 1 the cosine to
    /// their sum, with 0 the mean of the cosines to each member (which a story of loosely
    /// related members does not inflate), in between a blend.
    fn cosine(&self, doc: &[(u32, f64)], centroid_weight: f64) -> f64 {
        if self.norm_sq <= 0.0 {
            return 0.0;
        }
        let dot = sorted_dot(doc, &self.ids, &self.weights);
        let norm = self.norm_sq.sqrt();
        dot / (norm.powf(centroid_weight) * self.count.max(1.0).powf(1.0 - centroid_weight))
    }

    /// The id of its heaviest entry (ties to the lower id).
    fn heaviest(&self) -> Option<u32> {
        heaviest(self.ids.iter().copied().zip(self.weights.iter().copied()))
    }

    /// Its entries as (id, weight), by id.
    fn entries(&self) -> Vec<(u32, f64)> {
        self.ids
            .iter()
            .copied()
            .zip(self.weights.iter().copied())
            .collect()
    }

    /// The cosine between two sums.
    fn cosine_sum(&self, other: &SumVector) -> f64 {
        if self.norm_sq <= 0.0 || other.norm_sq <= 0.0 {
            return 0.0;
        }
        // Summed in fixed point, which is exact and so the same in any order.
        let (mut dot, mut at) = (0i128, 0);
        for (k, v) in self.ids.iter().zip(&self.weights) {
            at = seek(&other.ids, at, *k);
            if other.ids.get(at) == Some(k) {
                dot += ((v * other.weights[at]) * FIXED_POINT) as i128;
            }
        }
        dot as f64 / FIXED_POINT / (self.norm_sq.sqrt() * other.norm_sq.sqrt())
    }

    /// The `count` heaviest entries, by id.
    fn top(&self, count: usize) -> Vec<(u32, f64)> {
        if count == 0 {
            return Vec::new();
        }
        keep_strongest(self.entries(), count)
    }

    /// Keeps the `keep` heaviest entries once it holds twice as many (0: keep all); the ids
    /// let go join `dropped`.
    fn prune(&mut self, keep: usize) {
        if keep == 0 || self.ids.len() <= 2 * keep {
            return;
        }
        // The entry ranked `keep`-th (heaviest first, ties to the lower id) marks the line.
        let heavier = |a: &(f64, u32), b: &(f64, u32)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
        let mut ranked: Vec<(f64, u32)> = self
            .weights
            .iter()
            .copied()
            .zip(self.ids.iter().copied())
            .collect();
        let line = *ranked.select_nth_unstable_by(keep - 1, heavier).1;
        let (mut ids, mut weights) = (Vec::with_capacity(keep), Vec::with_capacity(keep));
        let mut dropped = Vec::with_capacity(self.ids.len() - keep);
        for (&id, &weight) in self.ids.iter().zip(&self.weights) {
            if heavier(&(weight, id), &line).is_le() {
                ids.push(id);
                weights.push(weight);
            } else {
                dropped.push(id);
            }
        }
        self.ids = ids;
        self.weights = weights;
        self.norm_sq = self.weights.iter().fold(0.0, |sum, w| sum + w * w);
        // Both lists are ascending (`ids` is), so their union is one merge.
        self.dropped = merge_sorted(&dropped, &self.dropped);
    }

    fn from_entries(entries: &[(u32, f64)], count: f64) -> Self {
        let mut sum = SumVector::default();
        sum.add(entries);
        sum.count = count;
        sum
    }
}

/// The languages a story was written in, as numbers the index gives each language in the
/// order it first meets them: the first 64 as bits of one word, held in the story itself (the
/// test runs for every candidate of every document, and a list of strings is a pointer to
/// follow and a comparison of bytes), any further ones in a list.
#[derive(Clone, Default, Serialize, Deserialize)]
struct Languages {
    bits: u64,
    more: Vec<u32>,
}

impl Languages {
    fn contains(&self, language: u32) -> bool {
        if language < 64 {
            self.bits & (1 << language) != 0
        } else {
            self.more.contains(&language)
        }
    }

    fn insert(&mut self, language: u32) {
        if language < 64 {
            self.bits |= 1 << language;
        } else if !self.more.contains(&language) {
            self.more.push(language);
        }
    }

    fn extend(&mut self, other: &Languages) {
        self.bits |= other.bits;
        for &language in &other.more {
            self.insert(language);
        }
    }

    fn shares_any(&self, other: &Languages) -> bool {
        self.bits & other.bits != 0 || self.more.iter().any(|l| other.more.contains(l))
    }
}

#[derive(Clone, Serialize, Deserialize)]
struct StoryState {
    terms: SumVector,
    names: SumVector,
    languages: Languages,
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
    languages: Languages,
    last_seen: Option<jiff::Timestamp>,
    last_doc: u64,
}

impl Dormant {
    /// What a live story keeps when it goes to sleep.
    fn of(story: &StoryState) -> Self {
        Dormant {
            members: story.terms.count,
            terms: story.terms.top(DORMANT_TERMS),
            names: story.names.top(DORMANT_NAMES),
            languages: story.languages.clone(),
            last_seen: story.last_seen,
            last_doc: story.last_doc,
        }
    }
}

/// How many of a document's strongest terms (and names) look up candidate stories.
const CANDIDATE_KEYS: usize = 10;
/// A term or name found in more stories than this tells them apart no better than chance
/// and is not used to look candidates up (it still counts in the similarity).
const MAX_POSTING: usize = 256;
/// What a dormant story keeps.
const DORMANT_TERMS: usize = 48;
const DORMANT_NAMES: usize = 24;

/// The union of two ascending lists of ids, ascending, each id once.
fn merge_sorted(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let next = a[i].min(b[j]);
        if a[i] == next {
            i += 1;
        }
        if b[j] == next {
            j += 1;
        }
        if out.last() != Some(&next) {
            out.push(next);
        }
    }
    for &id in a[i..].iter().chain(&b[j..]) {
        if out.last() != Some(&id) {
            out.push(id);
        }
    }
    out
}

/// The `count` heaviest entries of a vector sorted by id (ties to the lower id, so the choice
/// is deterministic), still sorted by id; all of them when `count` is 0 or not below the
/// vector's length.
fn strongest_entries(vector: &[(u32, f64)], count: usize) -> Vec<(u32, f64)> {
    keep_strongest(vector.to_vec(), count)
}

/// [`strongest_entries`] of a list already owned, chosen in place.
fn keep_strongest(mut entries: Vec<(u32, f64)>, count: usize) -> Vec<(u32, f64)> {
    if count == 0 || entries.len() <= count {
        return entries;
    }
    let order = |a: &(u32, f64), b: &(u32, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    entries.select_nth_unstable_by(count - 1, order);
    entries.truncate(count);
    entries.sort_unstable_by_key(|e| e.0);
    entries
}

/// The id of the heaviest entry (ties to the lower id), if any.
fn heaviest(entries: impl Iterator<Item = (u32, f64)>) -> Option<u32> {
    entries
        .min_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)))
        .map(|(id, _)| id)
}

/// Whether a document and a story are about different people or places: the document's
/// heaviest name is not among the story's (`story_holds`) and the story's heaviest is not
/// among the document's. Only asked of documents with a lead name (see [`Probe`]), and only
/// of a story in the document's language: across languages one name is spelled several ways
/// ("Moskau", "Moscow"), so a missing one says little.
fn names_conflict(
    probe: &Probe<'_>,
    story_languages: &Languages,
    story_heaviest: impl FnOnce() -> Option<u32>,
    story_holds: impl Fn(u32) -> bool,
) -> bool {
    let Some(lead) = probe.lead_name else {
        return false;
    };
    if !story_languages.contains(probe.language) {
        return false;
    }
    if story_holds(lead) {
        return false;
    }
    story_heaviest().is_some_and(|top| probe.names.binary_search_by_key(&top, |e| e.0).is_err())
}

/// The ids of the `count` heaviest entries (see [`strongest_entries`]).
fn strongest(vector: &[(u32, f64)], count: usize) -> Vec<u32> {
    strongest_entries(vector, count)
        .into_iter()
        .map(|(k, _)| k)
        .collect()
}

/// Each distinct story of the lists `stories` with how many times it comes, as (count, story),
/// in no particular order. Counted in `tally` (all zeros before and after, grown as needed)
/// indexed from the lowest story, rather than by sorting: a document's keys bring thousands of
/// entries, read where they lie in the posting lists rather than copied out first.
fn count_stories(stories: &[&[u32]], tally: &mut Vec<u32>) -> Vec<(usize, u64)> {
    let all = || {
        stories
            .iter()
            .flat_map(|list| list.iter().map(|&s| u64::from(s)))
    };
    let (Some(low), Some(high)) = (all().min(), all().max()) else {
        return Vec::new();
    };
    let span = usize::try_from(high - low).unwrap_or(usize::MAX);
    if span >= 1 << 24 {
        // Stories too far apart for a table: sort and count runs.
        let mut sorted: Vec<u64> = all().collect();
        sorted.sort_unstable();
        let mut counted: Vec<(usize, u64)> = Vec::new();
        for story in sorted {
            match counted.last_mut() {
                Some((count, last)) if *last == story => *count += 1,
                _ => counted.push((1, story)),
            }
        }
        return counted;
    }
    if tally.len() <= span {
        tally.resize(span + 1, 0);
    }
    let mut distinct = Vec::new();
    for list in stories {
        for story in list.iter().map(|&s| u64::from(s)) {
            let slot = &mut tally[(story - low) as usize];
            if *slot == 0 {
                distinct.push(story);
            }
            *slot += 1;
        }
    }
    distinct
        .into_iter()
        .map(|story| {
            let slot = &mut tally[(story - low) as usize];
            let count = *slot as usize;
            *slot = 0;
            (count, story)
        })
        .collect()
}

/// A set of story numbers as a bitmap over the range they span: the membership test of a
/// sweep, made once for every entry of every posting list it touches.
struct StorySet {
    first: u64,
    bits: Vec<u64>,
}

impl StorySet {
    fn new(stories: &[u64]) -> Self {
        let first = stories.iter().copied().min().unwrap_or(0);
        let span = stories.iter().map(|s| s - first).max().map_or(0, |m| m + 1);
        let mut bits = vec![0u64; span.div_ceil(64) as usize];
        for s in stories {
            let at = s - first;
            bits[(at / 64) as usize] |= 1 << (at % 64);
        }
        StorySet { first, bits }
    }

    fn contains(&self, story: u64) -> bool {
        story >= self.first && {
            let at = story - self.first;
            self.bits
                .get((at / 64) as usize)
                .is_some_and(|word| word & (1 << (at % 64)) != 0)
        }
    }
}

/// For each key (a term or name id, which the vocabulary gives densely from 0), the stories
/// indexed under it. A table indexed by id rather than a map: a document's keys are looked up,
/// and a sweep walks thousands of lists, without hashing. Stories are held as `u32`, half the
/// memory to read when candidates are counted and a sweep walks the lists; a story numbered
/// past `u32::MAX` (after four billion stories) is not indexed, so it is never a candidate.
#[derive(Default, Serialize, Deserialize)]
struct Postings(Vec<Vec<u32>>);

/// A story's number as a posting holds it (see [`Postings`]).
fn posted(story: u64) -> Option<u32> {
    u32::try_from(story).ok()
}

impl Postings {
    /// The list of `key`, grown into the table when new.
    fn list_mut(&mut self, key: u32) -> &mut Vec<u32> {
        let at = key as usize;
        if at >= self.0.len() {
            self.0.resize_with(at + 1, Vec::new);
        }
        &mut self.0[at]
    }

    fn add(&mut self, keys: impl Iterator<Item = u32>, story: u64) {
        let Some(story) = posted(story) else { return };
        for k in keys {
            let posting = self.list_mut(k);
            // Past the lookup limit a list is only a marker: it need not grow.
            if posting.len() <= MAX_POSTING && !posting.contains(&story) {
                posting.push(story);
            }
        }
    }

    /// Adds `story` to the postings of keys it was not in before.
    fn add_new(&mut self, keys: Vec<u32>, story: u64) {
        let Some(story) = posted(story) else { return };
        for k in keys {
            let posting = self.list_mut(k);
            if posting.len() <= MAX_POSTING {
                posting.push(story);
            }
        }
    }

    /// Takes `story` out of the postings of `keys`. A story is in a list once, and the order
    /// of a list never reaches a result (candidates are sorted when gathered), so the last
    /// entry takes its place.
    fn remove(&mut self, keys: impl Iterator<Item = u32>, story: u64) {
        let Some(story) = posted(story) else { return };
        for k in keys {
            if let Some(posting) = self.0.get_mut(k as usize)
                && let Some(at) = posting.iter().position(|s| *s == story)
            {
                posting.swap_remove(at);
                if posting.is_empty() {
                    *posting = Vec::new();
                }
            }
        }
    }

    /// Takes every story of `stories` out of the postings of `keys` (which may repeat), each
    /// list walked once: a sweep puts many stories to sleep at once, and they share most of
    /// their keys.
    fn remove_all(&mut self, mut keys: Vec<u32>, stories: &StorySet) {
        keys.sort_unstable();
        keys.dedup();
        for k in keys {
            if let Some(posting) = self.0.get_mut(k as usize) {
                posting.retain(|s| !stories.contains(u64::from(*s)));
                if posting.is_empty() {
                    // An emptied list gives its memory back.
                    *posting = Vec::new();
                }
            }
        }
    }

    /// The lists of `keys` short enough to look candidates up with.
    fn lookup<'a>(&'a self, keys: &[u32], into: &mut Vec<&'a [u32]>) {
        for k in keys {
            if let Some(posting) = self.0.get(*k as usize).filter(|p| p.len() <= MAX_POSTING) {
                into.push(posting);
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
    /// Each language met, numbered in order (see [`Languages`]).
    languages: Vec<String>,
    next_story: u64,
    /// The latest publication time seen.
    clock: Option<jiff::Timestamp>,
    #[serde(skip)]
    analyzers: HashMap<String, LanguageTerms>,
    /// Scratch space for counting candidates (see [`StoryIndex::candidates`]); all zeros
    /// between documents.
    #[serde(skip)]
    tally: std::cell::RefCell<Vec<u32>>,
}

/// The term id a word with no term (a stop word) is remembered with.
const NO_TERM: u32 = u32::MAX;
/// How many distinct words a language remembers the term id of; the memory is emptied when
/// it is full (it only saves work: every word gives the same term either way).
const WORD_MEMORY: usize = 500_000;

/// A language's analyzer, and the term id of each plain word it has met: news repeats its
/// words, and one lookup of the word as written replaces lower-casing, the stop-word test,
/// stemming and the lookup of the stem.
struct LanguageTerms {
    /// The language's number (see [`Languages`]).
    number: u32,
    analyzer: Analyzer,
    /// Words of up to 16 bytes, keyed by their bytes packed into one integer (a word holds no
    /// NUL, so the zero padding cannot be confused with a letter): no pointer to follow.
    short_ids: WordTable,
    long_ids: HashMap<Box<str>, u32>,
    names: NameMemory,
}

/// What a written word is to the names channel, as [`NameMemory`] remembers it.
const NOT_A_NAME: u32 = u32::MAX;
/// Marks a remembered number (the rest of the value is its form).
const NUMBER: u32 = 1 << 31;
/// Marks a remembered word that opens a country's name of several words
/// (`places::opens_country`).
const OPENS_COUNTRY: u32 = 1 << 30;

/// The names channel's memory of the words a language has met as written (the names
/// [`names`] gives, without lower-casing, copying and testing each word again): for each word,
/// whether it can be a name, and the lower-cased form it stands for. A form knows whether it
/// may be kept (long enough, not a stop word) and, once kept, its id in the names' vocabulary.
/// Like the word memory it only saves work, and is emptied when full.
#[derive(Default)]
struct NameMemory {
    short: WordTable,
    long: HashMap<Box<str>, u32>,
    forms: HashMap<Box<str>, u32>,
    form_text: Vec<Box<str>>,
    form_keepable: Vec<bool>,
    /// The vocabulary id of each form, or [`NO_TERM`] until it is first kept (ids are given in
    /// the order names are kept, as the ids of [`names`] taken in order would be).
    form_id: Vec<u32>,
    /// The pass in which each form was last seen capitalised mid-sentence.
    form_mid_sentence: Vec<u32>,
    pass: u32,
}

impl NameMemory {
    /// What `word` is: [`NOT_A_NAME`], a form, or a form with [`NUMBER`] set.
    fn kind(&mut self, word: &str, language: &str) -> u32 {
        if let Some(key) = packed(word) {
            if let Some(kind) = self.short.get(key) {
                return kind;
            }
            let kind = self.classify(word, language);
            self.short.insert(key, kind);
            kind
        } else {
            if let Some(kind) = self.long.get(word) {
                return *kind;
            }
            let kind = self.classify(word, language);
            self.long.insert(word.into(), kind);
            kind
        }
    }

    fn classify(&mut self, word: &str, language: &str) -> u32 {
        if word
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
        {
            let digits: String = word.chars().filter(char::is_ascii_digit).collect();
            if digits.len() < 2 {
                return NOT_A_NAME;
            }
            return self.form(format!("#{digits}"), |_| true) | NUMBER;
        }
        if !text::is_capitalized(word) {
            return NOT_A_NAME;
        }
        let lower = word.to_lowercase();
        let opens_country = if crate::places::opens_country(&lower) {
            OPENS_COUNTRY
        } else {
            0
        };
        // A place as another language writes it counts as its own name.
        let lower = match crate::places::own_name(&lower) {
            Some(own) => own.to_string(),
            None => lower,
        };
        self.form(lower, |lower| keepable(language, lower)) | opens_country
    }

    fn form(&mut self, text: String, keepable: impl FnOnce(&str) -> bool) -> u32 {
        if let Some(form) = self.forms.get(text.as_str()) {
            return *form;
        }
        let form = self.form_text.len() as u32;
        self.form_keepable.push(keepable(&text));
        self.form_id.push(NO_TERM);
        self.form_mid_sentence.push(0);
        let text: Box<str> = text.into();
        self.forms.insert(text.clone(), form);
        self.form_text.push(text);
        form
    }

    /// Appends the vocabulary id of each name of `text` (split into `words`) to `out`, in
    /// order: the names [`names`] gives, in its order.
    fn ids(
        &mut self,
        text: &str,
        words: &[(Span, &str)],
        language: &str,
        vocabulary: &mut Vocabulary,
        out: &mut Vec<u32>,
    ) {
        if self.short.len() + self.long.len() >= WORD_MEMORY {
            *self = NameMemory::default();
        }
        self.pass = self.pass.wrapping_add(1);
        if self.pass == 0 {
            self.form_mid_sentence.iter_mut().for_each(|p| *p = 0);
            self.pass = 1;
        }
        // The slots of the words that may be names or numbers are asked for ahead (see
        // `LanguageTerms::for_each_id`).
        for (_, word) in words {
            let first = word.as_bytes().first().copied().unwrap_or(0);
            if (first.is_ascii_uppercase() || first.is_ascii_digit())
                && let Some(key) = packed(word)
            {
                self.short.prefetch(key);
            }
        }
        // (form, number, opens a sentence)
        let mut tokens: Vec<(u32, bool, bool)> = Vec::new();
        let mut previous_end = 0;
        // Words up to here belong to a country's name already read.
        let mut read_to = 0;
        for (at, &(span, word)) in words.iter().enumerate() {
            let gap_start = previous_end;
            previous_end = span.end;
            if at < read_to {
                continue;
            }
            // Most words are neither: they are passed over without a lookup.
            let first = word.as_bytes().first().copied().unwrap_or(0);
            let may_be_number = first.is_ascii_digit() || first == b',' || first == b'.';
            if !may_be_number && (first.is_ascii_lowercase() || !text::is_capitalized(word)) {
                continue;
            }
            let kind = self.kind(word, language);
            if kind == NOT_A_NAME {
                continue;
            }
            if kind & NUMBER != 0 {
                tokens.push((kind & !NUMBER, true, false));
                continue;
            }
            if kind & OPENS_COUNTRY != 0
                && let Some((own, count)) = crate::places::country_at(text, words, at)
            {
                // A known name: kept wherever it stands, and so are its other mentions in the
                // text ("USA" opening a sentence).
                let form = self.form(own.to_string(), |own| keepable(language, own));
                self.form_mid_sentence[form as usize] = self.pass;
                tokens.push((form, false, false));
                read_to = at + count;
                continue;
            }
            let kind = kind & !OPENS_COUNTRY;
            let start = opens_sentence(text, gap_start, span.start);
            if !start {
                self.form_mid_sentence[kind as usize] = self.pass;
            }
            tokens.push((kind, false, start));
        }
        for (form, number, start) in tokens {
            let f = form as usize;
            let keep = number
                || (self.form_keepable[f] && (!start || self.form_mid_sentence[f] == self.pass));
            if keep {
                if self.form_id[f] == NO_TERM {
                    self.form_id[f] = vocabulary.id(&self.form_text[f]);
                }
                out.push(self.form_id[f]);
            }
        }
    }
}

/// Whether a name's lower-cased form may be kept: three letters or more, and no stop word of
/// its language or of English.
fn keepable(language: &str, lower: &str) -> bool {
    lower.chars().count() >= 3
        && !text::is_stopword(language, lower)
        && !text::is_stopword("en", lower)
}

/// Asks for every cache line of `items`, without waiting for them.
fn prefetch_lines<T>(items: &[T]) {
    let step = (64 / std::mem::size_of::<T>().max(1)).max(1);
    for at in (0..items.len()).step_by(step) {
        prefetch_index::prefetch_index(items, at);
    }
}

/// Words of up to 16 bytes, packed into one integer by [`packed`] (never 0: a word holds no
/// NUL and is not empty), each with a value: a table whose slot for a word can be fetched into
/// the cache ahead of the lookup ([`text::KeyTable::prefetch`]).
type WordTable = text::KeyTable<u128, u32>;

/// A word of up to 16 bytes as one integer.
fn packed(word: &str) -> Option<u128> {
    let bytes = word.as_bytes();
    (bytes.len() <= 16).then(|| {
        let mut buffer = [0u8; 16];
        buffer[..bytes.len()].copy_from_slice(bytes);
        u128::from_le_bytes(buffer)
    })
}

impl LanguageTerms {
    /// The terms of `language`, numbered by its place in `languages` (added when new).
    fn new(language: &str, languages: &mut Vec<String>) -> Self {
        let number = match languages.iter().position(|l| l == language) {
            Some(at) => at,
            None => {
                languages.push(language.to_string());
                languages.len() - 1
            }
        };
        LanguageTerms {
            number: u32::try_from(number).unwrap_or(u32::MAX),
            analyzer: Analyzer::new(language),
            short_ids: WordTable::default(),
            long_ids: HashMap::default(),
            names: NameMemory::default(),
        }
    }

    /// Calls `f` with the term id of each term of `text` (split into `words`), in order.
    fn for_each_id(
        &mut self,
        text: &str,
        words: &[(Span, &str)],
        vocabulary: &mut Vocabulary,
        mut f: impl FnMut(u32),
    ) {
        let LanguageTerms {
            analyzer,
            short_ids,
            long_ids,
            ..
        } = self;
        if short_ids.len() + long_ids.len() >= WORD_MEMORY {
            *short_ids = WordTable::default();
            long_ids.clear();
        }
        // Most of a document's words are remembered, and most of the time of looking one up
        // is waiting for its slot to come from memory: all the slots are asked for first, so
        // the waits overlap.
        for (_, word) in words {
            if let Some(key) = packed(word) {
                short_ids.prefetch(key);
            }
        }
        let id_of = |word: &str, vocabulary: &mut Vocabulary| {
            let mut id = NO_TERM;
            analyzer.word_term(word, |term| id = vocabulary.id(term));
            id
        };
        analyzer.for_each_term_in(text, words.iter().copied(), |term| match term {
            Term::Word(word) => {
                let id = match packed(word) {
                    Some(key) => match short_ids.get(key) {
                        Some(id) => id,
                        None => {
                            let id = id_of(word, vocabulary);
                            short_ids.insert(key, id);
                            id
                        }
                    },
                    None => match long_ids.get(word) {
                        Some(id) => *id,
                        None => {
                            let id = id_of(word, vocabulary);
                            long_ids.insert(word.into(), id);
                            id
                        }
                    },
                };
                if id != NO_TERM {
                    f(id);
                }
            }
            Term::Other(term) => f(vocabulary.id(term)),
        });
    }
}

/// What a document brings to the choice of its story.
struct Probe<'a> {
    terms: &'a [(u32, f64)],
    /// Its `rough_terms` heaviest terms, by id, for the first look at many candidates.
    strong_terms: &'a [(u32, f64)],
    names: &'a [(u32, f64)],
    /// Its strongest terms and names, which look candidate stories up.
    term_keys: &'a [u32],
    name_keys: &'a [u32],
    /// Its language's number (see [`Languages`]).
    language: u32,
    published_at: Option<jiff::Timestamp>,
    /// The weight of its names channel when the story shares its language.
    name_weight: f64,
    /// The similarity it needs to join a story.
    threshold: f64,
    /// Its heaviest name, when it is long enough for a missing name to mean something (a
    /// headline names too few).
    lead_name: Option<u32>,
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
        words: &[(Span, &str)],
        doc_number: u64,
        forced: Option<u64>,
        config: &ClusterConfig,
    ) -> (u64, Vec<u64>) {
        let language = doc.language.unwrap_or("en").to_string();
        let languages = &mut self.languages;
        let terms = self
            .analyzers
            .entry(language.clone())
            .or_insert_with(|| LanguageTerms::new(&language, languages));
        let language_number = terms.number;
        let title_words: Vec<(Span, &str)> = text::words(doc.title).collect();
        // The headline counts twice: it says what the story is about.
        let mut ids: Vec<u32> = Vec::with_capacity(words.len() + 2 * title_words.len());
        let vocabulary = &mut self.term_vocabulary;
        for (text, words, weight) in [(doc.title, &title_words[..], 2), (doc.text, words, 1)] {
            terms.for_each_id(text, words, vocabulary, |id| {
                for _ in 0..weight {
                    ids.push(id);
                }
            });
        }
        let term_count = ids.len();
        let term_vector = vocabulary.weigh_ids(&mut ids, forced.is_none());
        let mut name_ids = Vec::new();
        for (text, words) in [(doc.title, &title_words[..]), (doc.text, words)] {
            let vocabulary = &mut self.name_vocabulary;
            terms
                .names
                .ids(text, words, &language, vocabulary, &mut name_ids);
        }
        let name_vector = self
            .name_vocabulary
            .weigh_ids(&mut name_ids, forced.is_none());
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
                let strong = strongest_entries(&term_vector, config.rough_terms);
                // The heaviest few of the heaviest are the heaviest few of all.
                let term_keys = if config.rough_terms == 0 || config.rough_terms >= CANDIDATE_KEYS {
                    strongest(&strong, CANDIDATE_KEYS)
                } else {
                    strongest(&term_vector, CANDIDATE_KEYS)
                };
                let name_keys = strongest(&name_vector, CANDIDATE_KEYS);
                let probe = Probe {
                    terms: &term_vector,
                    strong_terms: &strong,
                    names: &name_vector,
                    term_keys: &term_keys,
                    name_keys: &name_keys,
                    language: language_number,
                    published_at: doc.published_at,
                    name_weight: if config.full_name_count > 0.0 {
                        config.name_weight
                            * (name_vector.len() as f64 / config.full_name_count).min(1.0)
                    } else {
                        config.name_weight
                    },
                    threshold: config.join_threshold * scale,
                    lead_name: if scale >= 1.0 {
                        heaviest(name_vector.iter().copied())
                    } else {
                        None
                    },
                };
                let (best, also, stale) = self.best_live(&probe, config);
                if let Some(best) = best {
                    merged = self.merge_into(best, &also, scale, config);
                }
                best.or_else(|| self.best_dormant(&probe, &stale, config))
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
            languages: Languages::default(),
            last_seen: None,
            last_doc: doc_number,
        });
        // A story is in the posting of exactly the keys it holds, so only keys new to it
        // need a posting entry (no search through the list).
        let new_terms = state.terms.missing(&term_vector);
        let new_names = state.names.missing(&name_vector);
        state.terms.add(&term_vector);
        state.names.add(&name_vector);
        state.languages.insert(language_number);
        state.last_seen = match (state.last_seen, doc.published_at) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        state.last_doc = doc_number;
        state.terms.prune(config.story_terms);
        state.names.prune(config.story_names);
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
        let (terms, names) = (gone.terms.entries(), gone.names.entries());
        self.live_terms.remove(gone.terms.indexed(), other);
        self.live_names.remove(gone.names.indexed(), other);
        self.live_terms.add(terms.iter().map(|e| e.0), story);
        self.live_names.add(names.iter().map(|e| e.0), story);
        if let Some(state) = self.live.get_mut(&story) {
            state.terms.add(&terms);
            state.names.add(&names);
            state.terms.count += gone.terms.count - 1.0;
            state.names.count += gone.names.count - 1.0;
            state.languages.extend(&gone.languages);
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
                    let same_language = o.languages.shares_any(&target.languages);
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

    fn candidates(
        &self,
        probe: &Probe<'_>,
        terms: &Postings,
        names: &Postings,
        config: &ClusterConfig,
    ) -> Vec<u64> {
        let mut lists = Vec::with_capacity(probe.term_keys.len() + probe.name_keys.len());
        terms.lookup(probe.term_keys, &mut lists);
        names.lookup(probe.name_keys, &mut lists);
        // Rank by how many of the document's keys each story shares; only the best-sharing
        // ones are scored in full.
        let mut counted = count_stories(&lists, &mut self.tally.borrow_mut());
        let top = counted.iter().map(|c| c.0).max().unwrap_or(0);
        let floor = (top as f64 * config.candidate_share).ceil() as usize;
        counted.retain(|c| c.0 >= floor);
        if counted.len() > config.max_candidates {
            // The best `max_candidates` by count, ties to the older story (a total order, so
            // the set is the one a full sort would give).
            let order = |a: &(usize, u64), b: &(usize, u64)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
            if config.max_candidates == 0 {
                counted.clear();
            } else {
                counted.select_nth_unstable_by(config.max_candidates - 1, order);
                counted.truncate(config.max_candidates);
            }
        }
        let mut chosen: Vec<u64> = counted.into_iter().map(|(_, story)| story).collect();
        chosen.sort_unstable();
        chosen
    }

    /// The live story scoring highest above the threshold (ties go to the older story), the
    /// other live stories above the threshold, and the candidates past the window, which only
    /// a revival can bring back (see [`StoryIndex::best_dormant`]).
    fn best_live(
        &self,
        probe: &Probe<'_>,
        config: &ClusterConfig,
    ) -> (Option<u64>, Vec<u64>, Vec<u64>) {
        let window = jiff::SignedDuration::from_hours(24 * config.window_days);
        let mut best: Option<(u64, f64)> = None;
        let mut above = Vec::new();
        let mut stale = Vec::new();
        let mut live: Vec<(u64, &StoryState)> = Vec::new();
        for index in self.candidates(probe, &self.live_terms, &self.live_names, config) {
            let Some(story) = self.live.get(&index) else {
                continue;
            };
            match (probe.published_at, story.last_seen) {
                (Some(now), Some(last)) if now.duration_since(last) > window => stale.push(index),
                _ => live.push((index, story)),
            }
        }
        if config.rough_terms > 0 && live.len() > config.full_scores {
            // A first look with the document's heaviest terms keeps the most promising.
            let mut rough: Vec<(f64, u64, &StoryState)> = live
                .iter()
                .map(|&(index, story)| {
                    let score = blend(
                        &story.languages,
                        probe,
                        || story.names.cosine(probe.names, config.centroid_weight),
                        || {
                            story
                                .terms
                                .cosine(probe.strong_terms, config.centroid_weight)
                        },
                    );
                    (score, index, story)
                })
                .collect();
            rough.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            rough.truncate(config.full_scores);
            live = rough
                .into_iter()
                .map(|(_, index, story)| (index, story))
                .collect();
            live.sort_unstable_by_key(|e| e.0);
        }
        for (index, story) in live {
            let mut score = similarity(&story.terms, &story.names, &story.languages, probe, config);
            if score >= probe.threshold
                && names_conflict(
                    probe,
                    &story.languages,
                    || story.names.heaviest(),
                    |name| story.names.ids.binary_search(&name).is_ok(),
                )
            {
                score *= 1.0 - config.name_conflict_penalty;
            }
            if score >= probe.threshold {
                above.push(index);
                if best.is_none_or(|(_, s)| score > s) {
                    best = Some((index, score));
                }
            }
        }
        let best = best.map(|(index, _)| index);
        above.retain(|s| Some(*s) != best);
        (best, above, stale)
    }

    /// The dormant story a document revives, if one clears the higher revival bar. `stale`
    /// are live candidates past the window that no sweep has put to sleep yet: they are scored
    /// as the sweep would leave them, so a story can be revived from the moment it passes the
    /// window, however long until the next sweep.
    fn best_dormant(
        &self,
        probe: &Probe<'_>,
        stale: &[u64],
        config: &ClusterConfig,
    ) -> Option<u64> {
        let summaries: Vec<(u64, Dormant)> = stale
            .iter()
            .filter_map(|&index| {
                let story = self.live.get(&index)?;
                Some((index, Dormant::of(story)))
            })
            .collect();
        if self.dormant.is_empty() && summaries.is_empty() {
            return None;
        }
        let mut found: Vec<(u64, &Dormant)> = if self.dormant.is_empty() {
            Vec::new()
        } else {
            self.candidates(probe, &self.dormant_terms, &self.dormant_names, config)
                .into_iter()
                .filter_map(|index| self.dormant.get(&index).map(|story| (index, story)))
                .collect()
        };
        // A dormant story was last read long ago: its lists are asked for all at once.
        for (_, story) in &found {
            prefetch_lines(&story.terms);
            prefetch_lines(&story.names);
        }
        found.extend(summaries.iter().map(|(index, story)| (*index, story)));
        // Ties go to the older story, whichever list it came from.
        found.sort_unstable_by_key(|e| e.0);
        let mut best: Option<(u64, f64)> = None;
        for (index, story) in found {
            let mut score = blend(
                &story.languages,
                probe,
                || sorted_cosine(&story.names, story.members, probe.names, config),
                || sorted_cosine(&story.terms, story.members, probe.terms, config),
            );
            let bar = probe.threshold * config.revive_scale;
            if score >= bar
                && names_conflict(
                    probe,
                    &story.languages,
                    || heaviest(story.names.iter().copied()),
                    |name| story.names.binary_search_by_key(&name, |e| e.0).is_ok(),
                )
            {
                score *= 1.0 - config.name_conflict_penalty;
            }
            if score >= bar && best.is_none_or(|(_, s)| score > s) {
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
        // A dormant story is in no live posting.
        self.live_terms
            .add_new(dormant.terms.iter().map(|e| e.0).collect(), story);
        self.live_names
            .add_new(dormant.names.iter().map(|e| e.0).collect(), story);
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
        let mut states = Vec::with_capacity(sleeping.len());
        let (mut term_keys, mut name_keys) = (Vec::new(), Vec::new());
        for id in sleeping {
            if let Some(state) = self.live.remove(&id) {
                term_keys.extend(state.terms.indexed());
                name_keys.extend(state.names.indexed());
                states.push((id, state));
            }
        }
        let asleep = StorySet::new(&states.iter().map(|(id, _)| *id).collect::<Vec<_>>());
        self.live_terms.remove_all(term_keys, &asleep);
        self.live_names.remove_all(name_keys, &asleep);
        for (id, state) in states {
            let dormant = Dormant::of(&state);
            // A story leaving the live set is in no dormant posting.
            self.dormant_terms
                .add_new(dormant.terms.iter().map(|e| e.0).collect(), id);
            self.dormant_names
                .add_new(dormant.names.iter().map(|e| e.0).collect(), id);
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
        let (mut term_keys, mut name_keys) = (Vec::new(), Vec::new());
        for id in &forgotten {
            if let Some(d) = self.dormant.remove(id) {
                term_keys.extend(d.terms.iter().map(|e| e.0));
                name_keys.extend(d.names.iter().map(|e| e.0));
            }
        }
        let gone = StorySet::new(&forgotten);
        self.dormant_terms.remove_all(term_keys, &gone);
        self.dormant_names.remove_all(name_keys, &gone);
    }
}

/// The similarity of a document to a story: terms and names blended when they share a
/// language; across languages only names and numbers can be compared without translation.
fn similarity(
    terms: &SumVector,
    names: &SumVector,
    languages: &Languages,
    probe: &Probe<'_>,
    config: &ClusterConfig,
) -> f64 {
    blend(
        languages,
        probe,
        || names.cosine(probe.names, config.centroid_weight),
        || terms.cosine(probe.terms, config.centroid_weight),
    )
}

/// The names score, blended with the terms score when the story has the document's language.
fn blend(
    languages: &Languages,
    probe: &Probe<'_>,
    names: impl FnOnce() -> f64,
    terms: impl FnOnce() -> f64,
) -> f64 {
    let name_score = names();
    if languages.contains(probe.language) {
        let term_score = terms();
        (1.0 - probe.name_weight) * term_score + probe.name_weight * name_score
    } else {
        name_score
    }
}

/// [`SumVector::cosine`] for a summary kept as entries sorted by id (a dormant story's), with
/// `members` documents: the same value as the sum vector built from them would give, without
/// building it. Both lists are sorted by id, so the dot product is a merge.
fn sorted_cosine(
    entries: &[(u32, f64)],
    members: f64,
    doc: &[(u32, f64)],
    config: &ClusterConfig,
) -> f64 {
    let norm_sq = entries.iter().fold(0.0, |sum, (_, v)| sum + v * v);
    if norm_sq <= 0.0 {
        return 0.0;
    }
    let dot = sorted_dot_pairs(doc, entries);
    let norm = norm_sq.sqrt();
    dot / (norm.powf(config.centroid_weight) * members.max(1.0).powf(1.0 - config.centroid_weight))
}

/// Whether the word starting at `start`, after a gap from `gap_start`, opens a sentence: it
/// is the first, or what lies between it and the previous word ends a sentence ("." "!" "?"
/// and maybe a closing quote) or a line.
fn opens_sentence(text: &str, gap_start: usize, start: usize) -> bool {
    let gap = &text[gap_start..start];
    gap_start == 0
        || gap.contains('\n')
        || gap
            .trim_end()
            .trim_end_matches(['"', '\'', '\u{201d}', '\u{2019}', ')', '\u{bb}'])
            .ends_with(['.', '!', '?', '\u{3002}'])
}

/// The names of a text: words capitalised in mid-sentence (anywhere, once seen so), and
/// numbers of two digits or more, lower-cased.
#[cfg(test)]
fn names(text: &str, words: &[(Span, &str)], language: &str) -> Vec<String> {
    enum Token {
        Number(String),
        /// A capitalised word, lower-cased, and whether it opens its sentence.
        Word(String, bool),
    }
    let mut capitalised_mid_sentence: HashMap<String, ()> = HashMap::default();
    let mut tokens: Vec<Token> = Vec::new();
    let mut previous_end = 0;
    let mut read_to = 0;
    for (at, &(span, word)) in words.iter().enumerate() {
        let gap_start = previous_end;
        previous_end = span.end;
        if at < read_to {
            continue;
        }
        if text::is_capitalized(word)
            && let Some((own, count)) = crate::places::country_at(text, words, at)
        {
            tokens.push(Token::Word(own.to_string(), false));
            capitalised_mid_sentence.insert(own.to_string(), ());
            read_to = at + count;
            continue;
        }
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
            let lower = crate::places::own_name(&lower).map_or(lower, str::to_string);
            let start = opens_sentence(text, gap_start, span.start);
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
                let keep = keepable(language, &lower)
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
        let text = "Heavy rain hit Veska. Varga said 2,000 fled Veska and The town.";
        let words: Vec<(Span, &str)> = text::words(text).collect();
        let found = names(text, &words, "en");
        assert_eq!(found, ["veska", "#2000", "veska"]);
        // A country's name of several words is one name, in any language.
        let text = "United States envoys met. Ties between Estados Unidos and South Korea.";
        let words: Vec<(Span, &str)> = text::words(text).collect();
        let found = names(text, &words, "en");
        assert_eq!(found, ["united states", "united states", "south korea"]);
    }

    /// A sparse vector sorted by id: every `step`-th id from `from`, with weights that vary.
    fn vector(from: u32, step: u32, count: u32) -> Vec<(u32, f64)> {
        (0..count)
            .map(|i| (from + i * step, 0.1 + f64::from((i * 7919) % 97) / 13.0))
            .collect()
    }

    /// The sum as a map would hold it, the way the sums were kept before they became lists.
    fn reference(vectors: &[Vec<(u32, f64)>]) -> (HashMap<u32, f64>, f64) {
        let (mut map, mut norm_sq) = (HashMap::<u32, f64>::default(), 0.0);
        for vector in vectors {
            for (k, v) in vector {
                let entry = map.entry(*k).or_default();
                norm_sq += (*entry + v) * (*entry + v) - *entry * *entry;
                *entry += v;
            }
        }
        (map, norm_sq)
    }

    #[test]
    fn sums_and_dot_products_match_a_map_bit_for_bit() {
        let vectors = [vector(0, 3, 200), vector(1, 2, 150), vector(5, 5, 120)];
        let mut sum = SumVector::default();
        for v in &vectors {
            sum.add(v);
        }
        let (map, norm_sq) = reference(&vectors);
        assert_eq!(sum.norm_sq.to_bits(), norm_sq.to_bits());
        assert_eq!(sum.ids.len(), map.len());
        assert!(sum.ids.windows(2).all(|w| w[0] < w[1]));
        for (id, weight) in sum.ids.iter().zip(&sum.weights) {
            assert_eq!(weight.to_bits(), map[id].to_bits());
        }
        // Documents shorter than the sum (walked) and far shorter (searched), and ids past
        // its end.
        for doc in [vector(2, 4, 90), vector(9, 31, 12), vector(590, 7, 40)] {
            let by_lookup: f64 = doc
                .iter()
                .map(|(k, v)| v * map.get(k).copied().unwrap_or(0.0))
                .sum();
            let walked = sorted_dot(&doc, &sum.ids, &sum.weights);
            assert_eq!(walked.to_bits(), by_lookup.to_bits(), "{doc:?}");
            assert_eq!(
                sorted_dot_pairs(&doc, &sum.entries()).to_bits(),
                by_lookup.to_bits()
            );
        }
    }

    proptest::proptest! {
        /// Sums merged in place match a map entry for entry and bit for bit, whatever the
        /// overlap of the ids (none, some, all) and the order they come in.
        #[test]
        fn sums_merged_in_place_match_a_map(
            raw in proptest::collection::vec(
                proptest::collection::btree_map(0u32..400, 0.01f64..5.0, 0..60),
                1..8,
            )
        ) {
            let vectors: Vec<Vec<(u32, f64)>> =
                raw.into_iter().map(|m| m.into_iter().collect()).collect();
            let mut sum = SumVector::default();
            for v in &vectors {
                sum.add(v);
            }
            let (map, norm_sq) = reference(&vectors);
            proptest::prop_assert_eq!(sum.norm_sq.to_bits(), norm_sq.to_bits());
            proptest::prop_assert_eq!(sum.ids.len(), map.len());
            proptest::prop_assert_eq!(sum.weights.len(), map.len());
            proptest::prop_assert!(sum.ids.windows(2).all(|w| w[0] < w[1]));
            for (id, weight) in sum.ids.iter().zip(&sum.weights) {
                proptest::prop_assert_eq!(weight.to_bits(), map[id].to_bits());
            }
        }
    }

    #[test]
    fn remembered_names_are_the_names_of_the_text() {
        let texts = [
            "Heavy rain hit Veska. Varga said 2,000 fled Veska and The town. VESKA waits.",
            "Varga returned. The Varga family said 2.000 and 7 left; Über alles, über Veska.",
            "A 45-page report by Okafor-Nwosu. Internationalisation Conferences met in Veska.",
            "United States officials met. Envoys of the United States, the USA and États-Unis; Estados Unidos y Corea del Sur. United we stand.",
        ];
        let mut vocabulary = Vocabulary::default();
        let mut reference = Vocabulary::default();
        let mut memory = NameMemory::default();
        // Twice over: the second time every word is read from memory.
        for text in texts.iter().chain(&texts) {
            let words: Vec<(Span, &str)> = text::words(text).collect();
            let mut ids = Vec::new();
            memory.ids(text, &words, "en", &mut vocabulary, &mut ids);
            let expected: Vec<u32> = names(text, &words, "en")
                .iter()
                .map(|name| reference.id(name))
                .collect();
            assert_eq!(ids, expected, "{text}");
        }
        assert_eq!(vocabulary.ids, reference.ids);
    }

    /// What the property test below builds texts of: words that open a country's name or end
    /// one, in several languages, and words and marks around them.
    const NAME_PIECES: [&str; 22] = [
        "United", "States", "Estados", "Unidos", "Corea", "del", "Sur", "South", "Korea", "États",
        "Unis", "USA", "U.S.", "I", "An", "The", "Varga", "2,000", "said", "-", ".", "\n",
    ];

    proptest::proptest! {
        /// Whatever the words, the names the memory gives (country names of several words
        /// included) are those of the reference reading, in order.
        #[test]
        fn remembered_names_match_the_reference_on_any_words(
            texts in proptest::collection::vec(
                proptest::collection::vec(
                    (proptest::sample::select(NAME_PIECES.to_vec()), proptest::bool::ANY),
                    0..24,
                ),
                1..4,
            ),
        ) {
            let mut vocabulary = Vocabulary::default();
            let mut reference = Vocabulary::default();
            let mut memory = NameMemory::default();
            for pieces in &texts {
                // Each piece joined to the next by a space, or by nothing.
                let text: String = pieces
                    .iter()
                    .map(|(piece, spaced)| if *spaced { format!("{piece} ") } else { piece.to_string() })
                    .collect();
                let words: Vec<(Span, &str)> = text::words(&text).collect();
                let mut ids = Vec::new();
                memory.ids(&text, &words, "en", &mut vocabulary, &mut ids);
                let expected: Vec<u32> = names(&text, &words, "en")
                    .iter()
                    .map(|name| reference.id(name))
                    .collect();
                proptest::prop_assert_eq!(ids, expected, "{}", text);
            }
            proptest::prop_assert_eq!(&vocabulary.ids, &reference.ids);
        }
    }

    proptest::proptest! {
        /// Counting in the table (or, for stories far apart, by sorting) gives each story's
        /// count, as an ordered map does, and leaves the table all zeros.
        #[test]
        fn stories_are_counted_as_a_map_counts_them(
            stories in proptest::collection::vec(1_000u32..1_300, 0..400),
            far in proptest::bool::ANY,
        ) {
            let mut stories = stories;
            if far && !stories.is_empty() {
                stories.push(u32::MAX);
            }
            let mut tally = Vec::new();
            // Split in lists as postings give them.
            let lists: Vec<&[u32]> = stories.chunks(7).collect();
            let mut counted = count_stories(&lists, &mut tally);
            counted.sort_unstable_by_key(|c| c.1);
            // Counted another way: an ordered map from story to count.
            let mut by_story = std::collections::BTreeMap::<u64, usize>::new();
            for &story in &stories {
                *by_story.entry(u64::from(story)).or_default() += 1;
            }
            let expected: Vec<(usize, u64)> =
                by_story.into_iter().map(|(story, count)| (count, story)).collect();
            proptest::prop_assert_eq!(counted, expected);
            proptest::prop_assert!(tally.iter().all(|&c| c == 0));
        }
    }

    #[test]
    fn merging_sorted_lists_gives_their_sorted_union() {
        assert_eq!(
            merge_sorted(&[1, 3, 3, 7, 9], &[2, 3, 8, 9, 12]),
            vec![1, 2, 3, 7, 8, 9, 12]
        );
        assert_eq!(merge_sorted(&[], &[4, 5]), vec![4, 5]);
        assert_eq!(merge_sorted(&[4, 5], &[]), vec![4, 5]);
    }

    #[test]
    fn a_story_set_holds_exactly_its_numbers() {
        let set = StorySet::new(&[700, 64, 65, 1000, 127]);
        for n in 0..1200 {
            assert_eq!(
                set.contains(n),
                [64, 65, 127, 700, 1000].contains(&n),
                "{n}"
            );
        }
        assert!(!StorySet::new(&[]).contains(0));
    }

    #[test]
    fn postings_lose_every_story_of_a_sweep_and_only_those() {
        let mut postings = Postings::default();
        for story in 0..10 {
            postings.add_new(vec![1, 2 + story as u32 % 3], story);
        }
        postings.remove_all(
            vec![1, 2, 3, 4, 1],
            &StorySet::new(&[2, 3, 4, 5, 6, 7, 8, 9]),
        );
        let mut lists = Vec::new();
        postings.lookup(&[1, 2, 3, 4], &mut lists);
        let mut found: Vec<u32> = lists.concat();
        found.sort_unstable();
        assert_eq!(found, vec![0, 0, 1, 1]);
        assert_eq!(postings.0[4].capacity(), 0);
    }

    #[test]
    fn seek_finds_the_first_id_not_below_the_key() {
        let ids: Vec<u32> = (0..50).map(|i| i * 2).collect();
        for key in 0..105 {
            for from in [0, 3, 17, 49, 50] {
                let expected = from + ids[from..].iter().filter(|&&id| id < key).count();
                assert_eq!(seek(&ids, from, key), expected, "key {key} from {from}");
                assert_eq!(gallop(&ids, from, key), expected, "key {key} from {from}");
            }
        }
    }

    #[test]
    fn a_pruned_sum_keeps_its_heaviest_entries_and_remembers_the_rest() {
        let mut sum = SumVector::default();
        sum.add(&vector(0, 1, 30));
        let before = sum.entries();
        sum.prune(20);
        assert_eq!(sum.ids.len(), 30, "no pruning below twice the limit");
        sum.prune(10);
        assert_eq!(sum.ids.len(), 10);
        let mut heaviest = before.clone();
        heaviest.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut expected: Vec<u32> = heaviest[..10].iter().map(|e| e.0).collect();
        expected.sort_unstable();
        assert_eq!(sum.ids, expected);
        let norm_sq: f64 = sum.weights.iter().fold(0.0, |s, w| s + w * w);
        assert_eq!(sum.norm_sq.to_bits(), norm_sq.to_bits());
        // Every id it ever held is either held or remembered as dropped, once.
        let mut indexed: Vec<u32> = sum.indexed().collect();
        indexed.sort_unstable();
        assert_eq!(indexed, (0..30).collect::<Vec<u32>>());
        // Only an id in neither list needs a new posting.
        let probe = [(3, 1.0), (expected[0], 1.0), (31, 1.0)];
        assert_eq!(sum.missing(&probe), [31]);
    }

    #[test]
    fn the_word_table_finds_every_word_it_was_given_as_it_grows() {
        let mut table = WordTable::default();
        assert_eq!(table.get(packed("river").unwrap_or_default()), None);
        table.prefetch(1);
        let words: Vec<String> = (0..5_000).map(|i| format!("w{i}")).collect();
        for (i, word) in words.iter().enumerate() {
            let key = packed(word).unwrap_or_default();
            assert_eq!(table.get(key), None, "{word}");
            table.insert(key, i as u32);
        }
        assert_eq!(table.len(), words.len());
        assert!(table.capacity() >= 2 * words.len());
        for (i, word) in words.iter().enumerate() {
            assert_eq!(table.get(packed(word).unwrap_or_default()), Some(i as u32));
        }
        // The empty key (which marks a free slot) is held apart.
        table.insert(0, 7);
        assert_eq!(table.get(0), Some(7));
        assert_eq!(table.len(), words.len() + 1);
    }

    #[test]
    fn language_sets_hold_numbers_past_the_first_word() {
        let (mut a, mut b) = (Languages::default(), Languages::default());
        for language in [0, 63, 64, 300] {
            assert!(!a.contains(language));
            a.insert(language);
            a.insert(language);
            assert!(a.contains(language));
        }
        assert_eq!(a.more, [64, 300]);
        b.insert(5);
        assert!(!a.shares_any(&b));
        b.insert(300);
        assert!(a.shares_any(&b) && b.shares_any(&a));
        b.extend(&a);
        assert!([0, 5, 63, 64, 300].iter().all(|l| b.contains(*l)));
        assert_eq!(b.more, [300, 64]);
    }

    #[test]
    fn remembered_word_ids_are_the_analyzers_terms() {
        let text = "The ministers met. The Minister said the ministers' plan, costing 2 000 000, \
                    would reach Zaragoza's outskirts; l'armée arrived.";
        let words: Vec<(Span, &str)> = text::words(text).collect();
        let mut vocabulary = Vocabulary::default();
        let mut terms = LanguageTerms::new("en", &mut Vec::new());
        let mut first = Vec::new();
        terms.for_each_id(text, &words, &mut vocabulary, |id| first.push(id));
        // The second pass reads every word from memory.
        let mut second = Vec::new();
        terms.for_each_id(text, &words, &mut vocabulary, |id| second.push(id));
        assert_eq!(first, second);
        let mut expected = Vec::new();
        Analyzer::new("en").for_each_term(text, |term| expected.push(vocabulary.id(term)));
        assert_eq!(first, expected);
        assert!(
            terms
                .short_ids
                .get(packed("Minister").unwrap_or_default())
                .is_some()
        );
        // A word longer than 16 bytes has its own map.
        let long = "internationalisation internationalisation";
        let words: Vec<(Span, &str)> = text::words(long).collect();
        let mut ids = Vec::new();
        terms.for_each_id(long, &words, &mut vocabulary, |id| ids.push(id));
        assert_eq!(ids.len(), 2);
        assert_eq!(ids[0], ids[1]);
        assert_eq!(terms.long_ids.len(), 1);
    }
}
