//! Groups articles into stories and finds the ones that repeat another, as a stream.
//!
//! [`Clusterer`] takes documents one at a time in arrival order and says where each went: the
//! story it joined (or started) and the earlier document it copies, if any. Its state can be
//! saved with [`Clusterer::snapshot`] and taken up again with [`Clusterer::restore`], so a
//! store can keep clustering across restarts without going back over old articles.
//!
//! Invariants:
//! - Deterministic: the same documents in the same order give the same assignments, and a
//!   restored snapshot continues exactly as the clusterer that wrote it would have.
//! - A copy always lands in the story of the article it repeats (while that story is held).
//! - Memory is bounded by the window, not the stream: stories go dormant after `window_days`
//!   (or beyond `live_capacity`) and keep only a summary, which is forgotten after
//!   `revive_days`; copy detection holds at most `duplicate_capacity` recent documents.
//! - No I/O.

mod duplicates;
mod places;
mod stories;

pub use duplicates::{Fingerprint, containment, jaccard};
pub use stories::ClusterConfig;

use serde::{Deserialize, Serialize};

/// One document to cluster, given in arrival order (oldest first).
#[derive(Debug, Clone, Copy)]
pub struct ClusterDoc<'a> {
    pub title: &'a str,
    pub text: &'a str,
    pub published_at: Option<jiff::Timestamp>,
    pub language: Option<&'a str>,
}

/// Where one document went. Documents are numbered 0, 1, 2, … in the order they were pushed
/// (over the clusterer's whole life, snapshots included); stories likewise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub doc: u64,
    pub story: u64,
    /// The earlier document this one repeats (the original, not a copy of it).
    pub duplicate_of: Option<u64>,
    /// Stories this document showed to be part of `story`, which took their documents in.
    pub merged: Vec<u64>,
}

/// How much the clusterer holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ClustererStats {
    pub documents: u64,
    pub live_stories: usize,
    pub dormant_stories: usize,
    pub held_fingerprints: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    #[error("the clustering snapshot has format {found}, this program reads format {known}")]
    Version { found: u8, known: u8 },
    #[error("the clustering snapshot is damaged: {0}")]
    Damaged(String),
}

/// The format of [`Clusterer::snapshot`]; bump when the state's layout changes, or what a
/// document gives it (4: a country named in several words is one name).
const SNAPSHOT_FORMAT: u8 = 4;

/// Streaming story clustering and copy detection.
#[derive(Serialize, Deserialize)]
pub struct Clusterer {
    #[serde(skip)]
    config: ClusterConfig,
    duplicates: duplicates::DuplicateIndex,
    stories: stories::StoryIndex,
    /// For each held document, its story (to place a copy with its original).
    held_story: rustc_hash::FxHashMap<u64, u64>,
    /// Each merged story and the story it went into.
    merged_into: rustc_hash::FxHashMap<u64, u64>,
    next_doc: u64,
}

impl Clusterer {
    pub fn new(config: ClusterConfig) -> Self {
        Clusterer {
            config,
            duplicates: Default::default(),
            stories: Default::default(),
            held_story: Default::default(),
            merged_into: Default::default(),
            next_doc: 0,
        }
    }

    /// Places the next document.
    pub fn push(&mut self, doc: &ClusterDoc<'_>) -> Assignment {
        let number = self.next_doc;
        self.next_doc += 1;
        // The body is split into words once, for its fingerprint, its terms and its names.
        let words: Vec<(model::Span, &str)> = text::words(doc.text).collect();
        let fingerprint = Fingerprint::of_words(words.iter().map(|(_, w)| *w));
        let original = self.duplicates.check_and_add(
            number,
            fingerprint,
            doc.published_at,
            self.config.duplicate_threshold,
        );
        let forced = original
            .and_then(|(_, matched)| self.held_story.get(&matched).copied())
            .map(|story| self.current(story));
        let (story, merged) = self.stories.push(doc, &words, number, forced, &self.config);
        for gone in &merged {
            self.merged_into.insert(*gone, story);
        }
        self.held_story.insert(number, story);
        if (number + 1).is_multiple_of(self.config.housekeeping_every.max(1)) {
            let cutoff = self
                .stories_clock()
                .map(|now| now - jiff::SignedDuration::from_hours(24 * self.config.window_days));
            self.duplicates
                .evict(cutoff, self.config.duplicate_capacity);
            let duplicates = &self.duplicates;
            self.held_story.retain(|doc, _| duplicates.holds(*doc));
        }
        Assignment {
            doc: number,
            story,
            duplicate_of: original.map(|(root, _)| root),
            merged,
        }
    }

    /// The story `story` is part of now (itself unless it was merged into another).
    pub fn current(&self, mut story: u64) -> u64 {
        while let Some(next) = self.merged_into.get(&story) {
            story = *next;
        }
        story
    }

    fn stories_clock(&self) -> Option<jiff::Timestamp> {
        self.stories.clock()
    }

    pub fn stats(&self) -> ClustererStats {
        ClustererStats {
            documents: self.next_doc,
            live_stories: self.stories.live_count(),
            dormant_stories: self.stories.dormant_count(),
            held_fingerprints: self.duplicates.len(),
        }
    }

    /// The clusterer's state as bytes (a format byte, then postcard).
    pub fn snapshot(&self) -> Vec<u8> {
        let bytes = vec![SNAPSHOT_FORMAT];
        // Serialising plain maps and vectors into memory cannot fail.
        match postcard::to_extend(self, bytes) {
            Ok(bytes) => bytes,
            Err(_) => vec![SNAPSHOT_FORMAT],
        }
    }

    /// A clusterer that continues from `snapshot`, with `config` from now on.
    pub fn restore(snapshot: &[u8], config: ClusterConfig) -> Result<Self, SnapshotError> {
        let Some((&format, rest)) = snapshot.split_first() else {
            return Err(SnapshotError::Damaged("empty".into()));
        };
        if format != SNAPSHOT_FORMAT {
            return Err(SnapshotError::Version {
                found: format,
                known: SNAPSHOT_FORMAT,
            });
        }
        let mut clusterer: Clusterer =
            postcard::from_bytes(rest).map_err(|e| SnapshotError::Damaged(e.to_string()))?;
        clusterer.config = config;
        Ok(clusterer)
    }
}

/// Where each document of a finished list went, by index into the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clustering {
    /// The story number of each document; stories are numbered in order of first appearance.
    pub story_of: Vec<usize>,
    /// The earlier document each one repeats, if any.
    pub duplicate_of: Vec<Option<usize>>,
}

impl Clustering {
    pub fn story_count(&self) -> usize {
        self.story_of.iter().max().map_or(0, |m| m + 1)
    }
}

/// Clusters `docs` (oldest first) into stories.
pub fn cluster(docs: &[ClusterDoc<'_>], config: &ClusterConfig) -> Clustering {
    let mut clusterer = Clusterer::new(config.clone());
    let mut raw = Vec::with_capacity(docs.len());
    let mut duplicate_of = Vec::with_capacity(docs.len());
    for doc in docs {
        let assignment = clusterer.push(doc);
        raw.push(assignment.story);
        duplicate_of.push(assignment.duplicate_of.map(|d| d as usize));
    }
    // Merges may have joined earlier stories: number the final ones by first appearance.
    let mut numbering: rustc_hash::FxHashMap<u64, usize> = Default::default();
    let story_of = raw
        .into_iter()
        .map(|story| {
            let next = numbering.len();
            *numbering.entry(clusterer.current(story)).or_insert(next)
        })
        .collect();
    Clustering {
        story_of,
        duplicate_of,
    }
}
