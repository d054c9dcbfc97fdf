//! Span edges chosen among neighbours: after the tagger, each span's start and end are moved
//! to the best-scoring token within `REACH` of where the tagger put them.
//!
//! The tagger decides token by token; this step compares whole alternatives for one edge
//! ("said" or "said of", "that the bridge…" or "the bridge…"), with features of the tokens on
//! both sides of the edge, the tagger's labels there and how far the edge moved. It is a
//! ranking perceptron, trained on what the tagger gets wrong on articles it did not see.

use super::{Context, LABELS, cluster_prefix, mix};
use serde::{Deserialize, Serialize};

/// How far an edge may move, in tokens.
pub(crate) const REACH: usize = 5;

/// A span as token indices: its kind and its first and last token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TokenSpan {
    pub kind: usize,
    pub first: usize,
    pub last: usize,
}

/// The spans of a label sequence.
pub(crate) fn token_spans(labels: &[u8]) -> Vec<TokenSpan> {
    let mut out: Vec<TokenSpan> = Vec::new();
    for (t, &label) in labels.iter().enumerate() {
        let Some(kind) = LABELS.kind(label) else {
            continue;
        };
        let begins = LABELS.begins(label);
        match out.last_mut() {
            Some(span) if !begins && span.kind == kind && span.last + 1 == t => span.last = t,
            _ => out.push(TokenSpan {
                kind,
                first: t,
                last: t,
            }),
        }
    }
    out
}

/// Edge weights: one hashed table for starts and ends alike (the side is a feature).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Edges {
    pub bits: u8,
    pub weights: Vec<i16>,
}

/// Which edge of a span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    Start,
    End,
}

/// The features of putting `side` of a `kind` span at token `at`, the tagger having put it
/// at `tagged`; `labels` are the tagger's labels.
fn features(
    context: &Context,
    labels: &[u8],
    kind: usize,
    side: Side,
    at: usize,
    tagged: usize,
    out: &mut Vec<u64>,
) {
    out.clear();
    let infos = &context.infos;
    let (inner, outer, inner2, outer2) = match side {
        Side::Start => (Some(at), at.checked_sub(1), Some(at + 1), at.checked_sub(2)),
        Side::End => (Some(at), Some(at + 1), at.checked_sub(1), Some(at + 2)),
    };
    let info = |i: Option<usize>| i.and_then(|i| infos.get(i));
    let word = |i: Option<usize>| info(i).map_or(1, |x| x.word);
    let shape = |i: Option<usize>| info(i).map_or(1, |x| x.shape);
    let cue = |i: Option<usize>| info(i).map_or(9, |x| u64::from(x.cue));
    let mark =
        |i: Option<usize>| info(i).map_or(9, |x| u64::from(x.mark) | u64::from(x.quoted) << 4);
    let label = |i: Option<usize>| i.and_then(|i| labels.get(i)).map_or(99, |l| u64::from(*l));
    let path = |i: Option<usize>, bits: u32| info(i).map_or(1, |x| cluster_prefix(x, bits));
    let edge = info(inner).map_or(0, |x| match side {
        Side::Start => u64::from(x.first_in_sentence),
        Side::End => u64::from(x.last_in_sentence),
    });
    let moved = (at as i64 - tagged as i64 + REACH as i64) as u64;
    let base = mix(kind as u64 + 1, side as u64 + 7);
    for (template, value) in [
        (1, moved),
        (2, word(inner)),
        (3, word(outer)),
        (4, mix(word(outer), word(inner))),
        (5, shape(inner)),
        (6, shape(outer)),
        (7, mix(shape(outer), shape(inner))),
        (8, mix(label(outer), label(inner))),
        (9, edge),
        (10, mix(mark(outer), mark(inner))),
        (11, mix(cue(outer), cue(inner))),
        (12, mix(moved, word(inner))),
        (13, mix(moved, shape(outer))),
        (14, mix(edge, shape(outer))),
        (15, word(inner2)),
        (16, word(outer2)),
        (17, mix(label(outer2), label(outer))),
        (18, mix(mix(shape(outer2), shape(outer)), shape(inner))),
        (19, mix(moved, label(outer))),
        (20, path(inner, 6)),
        (21, path(outer, 6)),
        (22, mix(path(outer, 4), path(inner, 4))),
    ] {
        out.push(mix(base, mix(template, value)));
    }
}

impl Edges {
    fn score(&self, features: &[u64]) -> i32 {
        let mask = (1u64 << self.bits) - 1;
        features
            .iter()
            .map(|f| {
                self.weights
                    .get((f & mask) as usize)
                    .map_or(0, |w| i32::from(*w))
            })
            .sum()
    }

    /// Asks for the weights of `features` without waiting for them.
    fn prefetch(&self, features: &[u64]) {
        let mask = (1u64 << self.bits) - 1;
        for f in features {
            prefetch_index::prefetch_index(&self.weights, (f & mask) as usize);
        }
    }

    /// Moves each span's edges to their best place, never past a neighbouring span.
    pub fn adjust(&self, context: &Context, labels: &[u8], spans: &mut [TokenSpan]) {
        let mut scratch = Vec::with_capacity(32);
        let mut ahead = Vec::with_capacity(32);
        for k in 0..spans.len() {
            let low = k.checked_sub(1).map_or(0, |p| spans[p].last + 1);
            let high = spans
                .get(k + 1)
                .map_or(labels.len().saturating_sub(1), |n| {
                    n.first.saturating_sub(1)
                });
            let span = spans[k];
            let mut best = |side: Side, tagged: usize, from: usize, to: usize| {
                let mut choice = (i32::MIN, tagged);
                features(context, labels, span.kind, side, from, tagged, &mut scratch);
                for at in from..=to {
                    // The next candidate's weights are asked for before this one's are read:
                    // each is a random read from a table larger than the cache.
                    if at < to {
                        features(context, labels, span.kind, side, at + 1, tagged, &mut ahead);
                        self.prefetch(&ahead);
                    }
                    let score = self.score(&scratch);
                    std::mem::swap(&mut scratch, &mut ahead);
                    if score > choice.0 {
                        choice = (score, at);
                    }
                }
                choice.1
            };
            let first = best(
                Side::Start,
                span.first,
                span.first.saturating_sub(REACH).max(low),
                (span.first + REACH).min(span.last),
            );
            let last = best(
                Side::End,
                span.last,
                span.last.saturating_sub(REACH).max(first),
                (span.last + REACH).min(high),
            );
            spans[k] = TokenSpan {
                kind: span.kind,
                first,
                last,
            };
        }
    }
}

/// One edge to learn: the candidates' features and which candidate is right.
pub(crate) struct Choice {
    pub candidates: Vec<Vec<u64>>,
    pub right: usize,
}

/// The edge choices a tagged sequence teaches: for each tagged span that overlaps a gold span
/// of its kind with both edges within reach, its start and its end.
pub(crate) fn choices(context: &Context, labels: &[u8], gold: &[u8], out: &mut Vec<Choice>) {
    let gold_spans = token_spans(gold);
    for span in token_spans(labels) {
        let Some(truth) = gold_spans
            .iter()
            .find(|g| g.kind == span.kind && g.first <= span.last && span.first <= g.last)
        else {
            continue;
        };
        if truth.first.abs_diff(span.first) > REACH || truth.last.abs_diff(span.last) > REACH {
            continue;
        }
        for (side, tagged, right) in [
            (Side::Start, span.first, truth.first),
            (Side::End, span.last, truth.last),
        ] {
            let from = tagged.saturating_sub(REACH);
            let to = (tagged + REACH).min(labels.len().saturating_sub(1));
            let mut candidates = Vec::new();
            for at in from..=to {
                let mut f = Vec::new();
                features(context, labels, span.kind, side, at, tagged, &mut f);
                candidates.push(f);
            }
            out.push(Choice {
                candidates,
                right: right - from,
            });
        }
    }
}

/// Trains edge weights on `choices` with an averaged ranking perceptron.
pub(crate) fn train(choices: &[Choice], epochs: usize, bits: u8) -> Edges {
    let size = 1usize << bits;
    let mask = (size - 1) as u64;
    let mut weights = vec![0f32; size];
    let mut totals = vec![0f32; size];
    let mut step = 1f32;
    let score = |weights: &[f32], f: &[u64]| -> f32 {
        f.iter().map(|x| weights[(x & mask) as usize]).sum()
    };
    for _ in 0..epochs {
        for choice in choices {
            let mut best = (f32::MIN, 0usize);
            for (k, f) in choice.candidates.iter().enumerate() {
                let s = score(&weights, f);
                if s > best.0 {
                    best = (s, k);
                }
            }
            if best.1 != choice.right
                && let (Some(good), Some(bad)) = (
                    choice.candidates.get(choice.right),
                    choice.candidates.get(best.1),
                )
            {
                for (f, by) in good
                    .iter()
                    .map(|f| (f, 1.0))
                    .chain(bad.iter().map(|f| (f, -1.0)))
                {
                    let at = (f & mask) as usize;
                    weights[at] += by;
                    totals[at] += step * by;
                }
            }
            step += 1.0;
        }
    }
    let averaged: Vec<f32> = weights
        .iter()
        .zip(&totals)
        .map(|(w, t)| w - t / step)
        .collect();
    let largest = averaged.iter().fold(0f32, |m, w| m.max(w.abs()));
    let scale = if largest > 0.0 {
        f32::from(i16::MAX) / largest
    } else {
        1.0
    };
    #[allow(clippy::cast_possible_truncation)]
    let weights = averaged
        .iter()
        .map(|w| (w * scale).round().clamp(-32767.0, 32767.0) as i16)
        .collect();
    Edges { bits, weights }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_spans_follow_the_labels() {
        // O B-src I-src B-cue B-con I-con I-con O I-con(stray, starts a span)
        let spans = token_spans(&[0, 1, 2, 3, 5, 6, 6, 0, 6]);
        let summary: Vec<(usize, usize, usize)> =
            spans.iter().map(|s| (s.kind, s.first, s.last)).collect();
        assert_eq!(summary, vec![(0, 1, 2), (1, 3, 3), (2, 4, 6), (2, 8, 8)]);
    }

    #[test]
    fn learns_to_prefer_the_right_candidate() {
        // Candidate 2 always carries feature 42; the others carry noise.
        let choice = |noise: u64| Choice {
            candidates: (0..5)
                .map(|k| {
                    if k == 2 {
                        vec![42, noise]
                    } else {
                        vec![noise + k]
                    }
                })
                .collect(),
            right: 2,
        };
        let choices: Vec<Choice> = (0..20).map(|n| choice(100 + n * 10)).collect();
        let edges = train(&choices, 5, 10);
        let good = edges.score(&[42, 7]);
        let bad = edges.score(&[7]);
        assert!(good > bad, "{good} <= {bad}");
        assert_eq!(edges.weights.len(), 1 << 10);
    }
}
