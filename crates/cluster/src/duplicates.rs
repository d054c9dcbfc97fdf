//! Near-duplicates by overlap of word shingles, found as the stream goes.

use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};
use smallvec::SmallVec;
use std::collections::BTreeMap;

const SHINGLE_WORDS: usize = 5;
/// Shingles whose hash falls in this residue class index a document for candidate lookup
/// (one in eight), so a lookup touches few lists while near-copies still share many keys.
const SAMPLE_MODULUS: u64 = 8;
/// Index entries longer than this belong to boilerplate shingles and are not looked up.
const MAX_POSTING: usize = 64;

/// The set of hashed word 5-grams of a text, lower-cased, sorted and without repeats.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fingerprint {
    shingles: Vec<u64>,
}

impl Fingerprint {
    pub fn of(text: &str) -> Self {
        Self::of_words(text::words(text).map(|(_, w)| w))
    }

    /// The fingerprint of a text given as its words ([`text::words`]).
    pub fn of_words<'a>(words: impl IntoIterator<Item = &'a str>) -> Self {
        // Each word is hashed once (lower-cased on the fly), and a shingle's hash mixes the
        // hashes of its words, so no word is copied or hashed five times.
        let words: Vec<u64> = words.into_iter().map(word_hash).collect();
        let mut shingles = Vec::with_capacity(words.len());
        if words.len() < SHINGLE_WORDS {
            if !words.is_empty() {
                shingles.push(mix(&words));
            }
        } else {
            for window in words.windows(SHINGLE_WORDS) {
                shingles.push(mix(window));
            }
        }
        shingles.sort_unstable();
        shingles.dedup();
        Fingerprint { shingles }
    }

    pub fn len(&self) -> usize {
        self.shingles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.shingles.is_empty()
    }

    /// How many shingles the two fingerprints share (a merge of two sorted lists).
    fn shared(&self, other: &Fingerprint) -> usize {
        let (mut i, mut j, mut shared) = (0, 0, 0);
        let (a, b) = (&self.shingles, &other.shingles);
        while i < a.len() && j < b.len() {
            match a[i].cmp(&b[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    shared += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        shared
    }

    /// The sampled shingles that index this document.
    fn keys(&self) -> Vec<u64> {
        let sampled: Vec<u64> = self
            .shingles
            .iter()
            .copied()
            .filter(|h| h % SAMPLE_MODULUS == 0)
            .collect();
        if sampled.is_empty() {
            self.shingles.clone()
        } else {
            sampled
        }
    }
}

/// Shared shingles over the smaller set's size: 1.0 when one text lies wholly inside the
/// other (a trimmed copy), near 0 for unrelated texts.
pub fn containment(a: &Fingerprint, b: &Fingerprint) -> f64 {
    let small = a.len().min(b.len());
    if small == 0 {
        return 0.0;
    }
    a.shared(b) as f64 / small as f64
}

/// Shared shingles over all distinct shingles of the two.
pub fn jaccard(a: &Fingerprint, b: &Fingerprint) -> f64 {
    let shared = a.shared(b);
    let union = a.len() + b.len() - shared;
    if union == 0 {
        return 0.0;
    }
    shared as f64 / union as f64
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// 64-bit FNV-1a over the UTF-8 of the lower-cased word: stable across platforms and releases.
fn word_hash(word: &str) -> u64 {
    let mut hash = FNV_OFFSET;
    let mut feed = |byte: u8| {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(FNV_PRIME);
    };
    if word.is_ascii() {
        word.bytes().for_each(|b| feed(b.to_ascii_lowercase()));
    } else {
        let mut buffer = [0u8; 4];
        for c in word.chars().flat_map(char::to_lowercase) {
            c.encode_utf8(&mut buffer).bytes().for_each(&mut feed);
        }
    }
    hash
}

/// One hash for a run of word hashes, order-sensitive.
fn mix(words: &[u64]) -> u64 {
    words.iter().fold(FNV_OFFSET, |hash, word| {
        (hash ^ word).wrapping_mul(FNV_PRIME).rotate_left(29)
    })
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    fingerprint: Fingerprint,
    /// The original this document repeats, or itself.
    root: u64,
    published_at: Option<jiff::Timestamp>,
}

/// The recent documents' fingerprints and a sampled-shingle index over them. A document is
/// compared only with the documents still held: those of the last `window` (by publication
/// time) and, for undated streams, the last `capacity` documents.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct DuplicateIndex {
    entries: BTreeMap<u64, Entry>,
    /// The documents holding each sampled shingle. Nearly every shingle is held by one
    /// document (the rest by its copies), so the first two are kept in the entry itself,
    /// without an allocation of their own.
    index: HashMap<u64, SmallVec<[u64; 2]>>,
}

impl DuplicateIndex {
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    pub(crate) fn holds(&self, doc: u64) -> bool {
        self.entries.contains_key(&doc)
    }

    /// The earliest held document that `fingerprint` repeats (containment at least
    /// `threshold`, and the shorter text at least half the longer: quoting a short brief inside
    /// a long article is reuse, not a copy): its original and the held document that matched
    /// (the same unless the original was let go). Then holds the document as `seq`.
    pub(crate) fn check_and_add(
        &mut self,
        seq: u64,
        fingerprint: Fingerprint,
        published_at: Option<jiff::Timestamp>,
        threshold: f64,
    ) -> Option<(u64, u64)> {
        let keys = fingerprint.keys();
        // Count the sampled shingles each held document shares; only one sharing a fair part
        // of them can reach the containment threshold. Shingles found in very many documents
        // (a template line, "officials said on Tuesday") say nothing and are passed over,
        // which keeps the lookup near-linear.
        let mut shared: HashMap<u64, usize> = HashMap::default();
        for key in &keys {
            if let Some(posting) = self.index.get(key).filter(|p| p.len() <= MAX_POSTING) {
                for &j in posting {
                    *shared.entry(j).or_default() += 1;
                }
            }
        }
        let needed = ((keys.len() as f64) * threshold * 0.5).ceil().max(1.0) as usize;
        let mut candidates: Vec<u64> = shared
            .into_iter()
            .filter(|(_, n)| *n >= needed)
            .map(|(j, _)| j)
            .collect();
        candidates.sort_unstable();
        let found = candidates.into_iter().find_map(|j| {
            let entry = self.entries.get(&j)?;
            let a = &entry.fingerprint;
            let ratio = a.len().min(fingerprint.len()) as f64
                / a.len().max(fingerprint.len()).max(1) as f64;
            (ratio >= 0.5 && containment(a, &fingerprint) >= threshold).then_some((entry.root, j))
        });
        for key in keys {
            // A list that grew past the lookup limit is boilerplate; it only needs to stay
            // marked as such.
            let posting = self.index.entry(key).or_default();
            if posting.len() <= MAX_POSTING {
                posting.push(seq);
            }
        }
        self.entries.insert(
            seq,
            Entry {
                fingerprint,
                root: found.map_or(seq, |f| f.0),
                published_at,
            },
        );
        found
    }

    /// Lets go of the documents published before `cutoff` and of the oldest ones beyond
    /// `capacity`.
    pub(crate) fn evict(&mut self, cutoff: Option<jiff::Timestamp>, capacity: usize) {
        let mut gone: std::collections::BTreeSet<u64> = match cutoff {
            Some(cutoff) => self
                .entries
                .iter()
                .filter(|(_, e)| e.published_at.is_some_and(|p| p < cutoff))
                .map(|(seq, _)| *seq)
                .collect(),
            None => std::collections::BTreeSet::new(),
        };
        let over = self.entries.len().saturating_sub(gone.len() + capacity);
        if over > 0 {
            let oldest: Vec<u64> = self
                .entries
                .keys()
                .copied()
                .filter(|s| !gone.contains(s))
                .take(over)
                .collect();
            gone.extend(oldest);
        }
        for seq in gone {
            if let Some(entry) = self.entries.remove(&seq) {
                for key in entry.fingerprint.keys() {
                    if let Some(posting) = self.index.get_mut(&key) {
                        posting.retain(|s| *s != seq);
                        if posting.is_empty() {
                            self.index.remove(&key);
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(texts: &[&str]) -> Vec<Option<u64>> {
        let mut index = DuplicateIndex::default();
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                index
                    .check_and_add(i as u64, Fingerprint::of(t), None, 0.8)
                    .map(|f| f.0)
            })
            .collect()
    }

    #[test]
    fn verbatim_and_trimmed_copies_point_at_the_original() {
        let original = "The river burst its banks on Sunday night. At least twelve people have died and more than two thousand were evacuated from their homes. Rescue teams are searching the villages of the valley. The governor visited the shelters on Monday morning and asked for help.";
        let trimmed = "The river burst its banks on Sunday night. At least twelve people have died and more than two thousand were evacuated from their homes. Rescue teams are searching the villages of the valley.";
        let other = "The city council approved a new tram line on Thursday after a long debate about its cost and route through the old harbour district of the town.";
        assert_eq!(
            run(&[original, other, original, trimmed]),
            [None, None, Some(0), Some(0)]
        );
    }

    #[test]
    fn short_texts_and_empty_texts_do_not_crash() {
        assert_eq!(
            run(&["", "one two", "one two", ""]),
            [None, None, Some(1), None]
        );
    }

    #[test]
    fn evicted_documents_are_no_longer_found() {
        let text =
            "The river burst its banks on Sunday night and twelve people died in the valley.";
        let mut index = DuplicateIndex::default();
        let day =
            |d: i64| Some(jiff::Timestamp::from_second(1_700_000_000 + d * 86_400).expect("valid"));
        assert_eq!(
            index.check_and_add(0, Fingerprint::of(text), day(0), 0.8),
            None
        );
        index.evict(day(3), 100);
        assert_eq!(index.len(), 0);
        assert_eq!(
            index.check_and_add(1, Fingerprint::of(text), day(10), 0.8),
            None
        );
        index.evict(None, 0);
        assert_eq!(index.len(), 0);
    }

    #[test]
    fn jaccard_and_containment_differ_for_a_trimmed_copy() {
        let long = Fingerprint::of("a b c d e f g h i j k l");
        let short = Fingerprint::of("a b c d e f g h");
        assert!((containment(&long, &short) - 1.0).abs() < 1e-9);
        assert!((jaccard(&long, &short) - 4.0 / 8.0).abs() < 1e-9);
    }
}
