//! Groups articles into stories and finds the ones that repeat another.
//!
//! Invariants: `cluster` is a pure, deterministic function of its input sequence: the same
//! documents in the same order give the same stories, and a duplicate always lands in the
//! story of the article it repeats. It never does I/O.

mod duplicates;
mod stories;

pub use duplicates::{Fingerprint, containment};
pub use stories::ClusterConfig;

/// One document to cluster, given in arrival order (oldest first).
#[derive(Debug, Clone, Copy)]
pub struct ClusterDoc<'a> {
    pub title: &'a str,
    pub text: &'a str,
    pub published_at: Option<jiff::Timestamp>,
    pub language: Option<&'a str>,
}

/// Where each document went, by index into the input.
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
    let duplicate_of = duplicates::find_duplicates(docs, config.duplicate_threshold);
    let story_of = stories::assign_stories(docs, &duplicate_of, config);
    Clustering {
        story_of,
        duplicate_of,
    }
}
