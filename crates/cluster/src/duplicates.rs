//! Near-duplicates by overlap of word shingles.

use crate::ClusterDoc;
use std::collections::{HashMap, HashSet};

const SHINGLE_WORDS: usize = 5;
/// Shingles whose hash falls in this residue class index a document for candidate lookup
/// (one in eight), so a lookup touches few lists while near-copies still share many keys.
const SAMPLE_MODULUS: u64 = 8;
/// Index entries longer than this belong to boilerplate shingles and are not looked up.
const MAX_POSTING: usize = 64;

/// The set of hashed word 5-grams of a text, lower-cased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    shingles: HashSet<u64>,
}

impl Fingerprint {
    pub fn of(text: &str) -> Self {
        let words: Vec<String> = text::words(text).map(|(_, w)| w.to_lowercase()).collect();
        let mut shingles = HashSet::new();
        if words.len() < SHINGLE_WORDS {
            if !words.is_empty() {
                shingles.insert(fnv1a(words.iter().map(String::as_str)));
            }
        } else {
            for window in words.windows(SHINGLE_WORDS) {
                shingles.insert(fnv1a(window.iter().map(String::as_str)));
            }
        }
        Fingerprint { shingles }
    }

    pub fn len(&self) -> usize {
        self.shingles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.shingles.is_empty()
    }
}

/// Shared shingles over the smaller set's size: 1.0 when one text lies wholly inside the
/// other (a trimmed copy), near 0 for unrelated texts.
pub fn containment(a: &Fingerprint, b: &Fingerprint) -> f64 {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if small.is_empty() {
        return 0.0;
    }
    let shared = small
        .shingles
        .iter()
        .filter(|s| large.shingles.contains(s))
        .count();
    shared as f64 / small.len() as f64
}

/// 64-bit FNV-1a over words joined by a space: stable across platforms and releases.
fn fnv1a<'a>(words: impl Iterator<Item = &'a str>) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, word) in words.enumerate() {
        if i > 0 {
            hash ^= u64::from(b' ');
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        for byte in word.bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// For each document, the earliest earlier document it repeats: containment at least
/// `threshold`, and the shorter text at least half the longer (quoting a short brief inside a
/// long article is reuse, not a copy). A copy of a copy points at the original.
pub fn find_duplicates(docs: &[ClusterDoc<'_>], threshold: f64) -> Vec<Option<usize>> {
    let fingerprints: Vec<Fingerprint> = docs.iter().map(|d| Fingerprint::of(d.text)).collect();
    let mut index: HashMap<u64, Vec<usize>> = HashMap::new();
    let mut duplicate_of: Vec<Option<usize>> = Vec::with_capacity(docs.len());
    for (i, fingerprint) in fingerprints.iter().enumerate() {
        let mut keys: Vec<u64> = fingerprint
            .shingles
            .iter()
            .copied()
            .filter(|h| h % SAMPLE_MODULUS == 0)
            .collect();
        if keys.is_empty() {
            keys = fingerprint.shingles.iter().copied().collect();
        }
        // Count the sampled shingles each earlier document shares; only one sharing a fair
        // part of them can reach the containment threshold. Shingles found in very many
        // documents (a template line, "officials said on Tuesday") say nothing and are passed
        // over, which keeps the lookup near-linear.
        let mut shared: HashMap<usize, usize> = HashMap::new();
        for key in &keys {
            if let Some(posting) = index.get(key).filter(|p| p.len() <= MAX_POSTING) {
                for &j in posting {
                    *shared.entry(j).or_default() += 1;
                }
            }
        }
        let needed = ((keys.len() as f64) * threshold * 0.5).ceil().max(1.0) as usize;
        let mut candidates: Vec<usize> = shared
            .into_iter()
            .filter(|(_, n)| *n >= needed)
            .map(|(j, _)| j)
            .collect();
        candidates.sort_unstable();
        let found = candidates.into_iter().find(|&j| {
            let (a, b) = (&fingerprints[j], fingerprint);
            let ratio = a.len().min(b.len()) as f64 / a.len().max(b.len()).max(1) as f64;
            ratio >= 0.5 && containment(a, b) >= threshold
        });
        duplicate_of.push(found.map(|j| duplicate_of[j].unwrap_or(j)));
        for key in keys {
            index.entry(key).or_default().push(i);
        }
    }
    duplicate_of
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> ClusterDoc<'_> {
        ClusterDoc {
            title: "",
            text,
            published_at: None,
            language: None,
        }
    }

    #[test]
    fn verbatim_and_trimmed_copies_point_at_the_original() {
        let original = "The river burst its banks on Sunday night. At least twelve people have died and more than two thousand were evacuated from their homes. Rescue teams are searching the villages of the valley. The governor visited the shelters on Monday morning and asked for help.";
        let trimmed = "The river burst its banks on Sunday night. At least twelve people have died and more than two thousand were evacuated from their homes. Rescue teams are searching the villages of the valley.";
        let other = "The city council approved a new tram line on Thursday after a long debate about its cost and route through the old harbour district of the town.";
        let docs = [doc(original), doc(other), doc(original), doc(trimmed)];
        assert_eq!(find_duplicates(&docs, 0.8), [None, None, Some(0), Some(0)]);
    }

    #[test]
    fn short_texts_and_empty_texts_do_not_crash() {
        let docs = [doc(""), doc("one two"), doc("one two"), doc("")];
        assert_eq!(find_duplicates(&docs, 0.8), [None, None, Some(1), None]);
    }
}
