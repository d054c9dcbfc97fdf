//! A first-order structured perceptron over hashed features, with BIO constraints.
//!
//! Each token carries a fixed number of feature indices into a hashed table; a label's score
//! at a token is the sum of that label's weights over the token's features, plus the weight of
//! the transition from the previous label. Decoding is Viterbi over the labels, never letting
//! `I-X` follow anything but `B-X` or `I-X`. Training is Collins' averaged perceptron, and
//! the shipped emission weights are the averages rounded to `i8` (one byte a weight, so that
//! each pass's table fits in a core's second-level cache), the transition weights kept exact
//! on the same scale.

use serde::{Deserialize, Serialize};

/// The inside/outside labels of a tag set with `kinds` span kinds: 0 is outside, `1 + 2k` is
/// the beginning of kind `k` and `2 + 2k` its inside. Each kind whose bit is set in `last`
/// also has a label for the last token of a span longer than one token, numbered after all
/// the others in the order of the kinds; that kind's inside label may then only be followed
/// by its inside or its last label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Labels {
    pub kinds: usize,
    pub last: u8,
}

impl Labels {
    pub fn count(self) -> usize {
        1 + 2 * self.kinds + self.last.count_ones() as usize
    }

    pub fn begin(kind: usize) -> u8 {
        u8::try_from(1 + 2 * kind).unwrap_or(u8::MAX)
    }

    pub fn inside(kind: usize) -> u8 {
        u8::try_from(2 + 2 * kind).unwrap_or(u8::MAX)
    }

    fn has_last(self, kind: usize) -> bool {
        kind < 8 && self.last & (1 << kind) != 0
    }

    /// The label of the last token of a span of `kind`, when the kind has one.
    pub fn last_label(self, kind: usize) -> Option<u8> {
        self.has_last(kind).then(|| {
            let before = (self.last & ((1u8 << kind) - 1)).count_ones() as usize;
            u8::try_from(1 + 2 * self.kinds + before).unwrap_or(u8::MAX)
        })
    }

    /// The span kind of a label, `None` for outside.
    pub fn kind(self, label: u8) -> Option<usize> {
        let label = usize::from(label);
        if label == 0 {
            None
        } else if label <= 2 * self.kinds {
            Some((label - 1) / 2)
        } else {
            (0..self.kinds).find(|&k| self.last_label(k).map(usize::from) == Some(label))
        }
    }

    /// True for a label that starts a span.
    pub fn begins(self, label: u8) -> bool {
        usize::from(label) <= 2 * self.kinds && label % 2 == 1
    }

    /// True for a label that carries on the span of the label before it.
    fn continues(self, label: usize) -> bool {
        label > 0 && (label > 2 * self.kinds || label.is_multiple_of(2))
    }

    /// True when `label` may follow `previous` (`None` at the start of a sequence).
    fn allowed(self, previous: Option<usize>, label: usize) -> bool {
        let kind = |l: usize| self.kind(u8::try_from(l).unwrap_or(u8::MAX));
        if let Some(p) = previous {
            let inside = p > 0 && p <= 2 * self.kinds && p.is_multiple_of(2);
            if let (true, Some(k)) = (inside, kind(p))
                && let Some(last) = self.last_label(k)
                && label != p
                && label != usize::from(last)
            {
                return false;
            }
        }
        if !self.continues(label) {
            return true;
        }
        previous.is_some_and(|p| p > 0 && p <= 2 * self.kinds && kind(p) == kind(label))
    }
}

/// Shipped label scores are kept in rows of this many, whatever the tag set, so that a
/// token's score adds up in registers. The row holds every label but outside, whose score is
/// 0: subtracting outside's weights from every label's changes no label's rank at a token,
/// so a tag set of up to `STRIDE + 1` labels fits.
pub(crate) const STRIDE: usize = 8;
/// The most labels a tag set may have.
pub(crate) const MAX_LABELS: usize = STRIDE + 1;

/// The features of a sequence: `width` indices into the hashed table (already masked) per
/// token, token after token.
#[derive(Debug, Clone, Default)]
pub(crate) struct Features {
    pub width: usize,
    pub indices: Vec<u32>,
}

impl Features {
    pub fn tokens(&self) -> usize {
        self.indices.len().checked_div(self.width).unwrap_or(0)
    }

    fn row(&self, t: usize) -> &[u32] {
        self.indices
            .get(t * self.width..(t + 1) * self.width)
            .unwrap_or(&[])
    }
}

/// The score of each label over `features`, from a table of `STRIDE`-wide rows of all labels
/// but outside.
fn sum_rows(table: &[i8], features: &[u32]) -> [f32; MAX_LABELS] {
    let mut sums = [0i32; STRIDE];
    for &f in features {
        let base = f as usize * STRIDE;
        if let Some(row) = table.get(base..base + STRIDE) {
            for (s, w) in sums.iter_mut().zip(row) {
                *s += i32::from(*w);
            }
        }
    }
    scores_of(&sums)
}

/// [`sum_rows`] over training weights, in rows of `MAX_LABELS` (every label, outside too).
fn sum_rows_f32(table: &[f32], features: &[u32]) -> [f32; MAX_LABELS] {
    let mut sums = [0f32; MAX_LABELS];
    for &f in features {
        let base = f as usize * MAX_LABELS;
        if let Some(row) = table.get(base..base + MAX_LABELS) {
            for (s, w) in sums.iter_mut().zip(row) {
                *s += *w;
            }
        }
    }
    sums
}

/// Weights as they are shipped: rounded averages.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Weights {
    pub bucket_bits: u8,
    pub labels: u8,
    /// The kinds with a label of their own for a span's last token, as bits (see [`Labels`]).
    pub last: u8,
    /// `labels × labels` transition weights (previous-major), then `labels` start weights, on
    /// the emissions' scale.
    pub transitions: Vec<f32>,
    /// `2^bucket_bits × STRIDE` emission weights (bucket-major) of labels 1 and up, less
    /// outside's (labels past `labels` are 0).
    pub emissions: Vec<i8>,
}

impl Weights {
    /// Checks the table sizes agree with the header, so that decoding never indexes outside.
    pub fn validate(&self) -> Result<(), String> {
        let labels = usize::from(self.labels);
        if labels == 0
            || labels > MAX_LABELS
            || self.bucket_bits > 26
            || self.set().kinds >= 8
            || self.set().count() != labels
        {
            return Err(format!(
                "bad header: {} labels, {} bucket bits",
                self.labels, self.bucket_bits
            ));
        }
        if self.transitions.len() != labels * labels + labels {
            return Err(format!(
                "{} transition weights for {labels} labels",
                self.transitions.len()
            ));
        }
        if self.transitions.iter().any(|w| !w.is_finite()) {
            return Err("a transition weight is not a number".into());
        }
        if self.emissions.len() != (1usize << self.bucket_bits) * STRIDE {
            return Err(format!(
                "{} emission weights for {} buckets of {STRIDE}",
                self.emissions.len(),
                1usize << self.bucket_bits
            ));
        }
        Ok(())
    }

    /// The tag set the weights were trained for.
    pub fn set(&self) -> Labels {
        let lasts = self.last.count_ones() as usize;
        Labels {
            kinds: usize::from(self.labels).saturating_sub(1 + lasts) / 2,
            last: self.last,
        }
    }

    pub fn mask(&self) -> u32 {
        (1u32 << self.bucket_bits) - 1
    }

    /// The best label sequence for the tokens' features.
    pub fn decode(&self, features: &Features) -> Vec<u8> {
        let table = Scores::new(self.set(), &self.transitions, |w| w);
        viterbi(features, &table, |_, row| sum_rows(&self.emissions, row))
    }
}

/// Two passes' weights over one hashed table, where the second pass reads every feature of
/// the first and some of its own: row `f` holds the first pass's `STRIDE` weights and then
/// the second's, so that the memory read that fetches one also fetches the other. The first
/// pass sums both halves over its features, and the second pass starts from the second half's
/// sums and adds only its own features. Summing rows waits on memory more than anything else
/// in tagging, and this reads a token's shared rows once instead of twice; as the sums are of
/// integers, the labels are those of decoding each pass on its own ([`Weights::decode`]).
#[derive(Clone)]
pub(crate) struct Paired {
    /// `2^bits × 2·STRIDE` weights, bucket-major.
    emissions: Vec<i8>,
    first: Scores,
    second: Scores,
}

impl std::fmt::Debug for Paired {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Paired({} weights)", self.emissions.len())
    }
}

impl Paired {
    /// `None` when the two passes hash features into tables of different sizes.
    pub fn new(first: &Weights, second: &Weights) -> Option<Paired> {
        if first.bucket_bits != second.bucket_bits
            || first.emissions.len() != second.emissions.len()
        {
            return None;
        }
        let mut emissions = Vec::with_capacity(2 * first.emissions.len());
        for (a, b) in first
            .emissions
            .chunks_exact(STRIDE)
            .zip(second.emissions.chunks_exact(STRIDE))
        {
            emissions.extend_from_slice(a);
            emissions.extend_from_slice(b);
        }
        Some(Paired {
            emissions,
            first: Scores::new(first.set(), &first.transitions, |w| w),
            second: Scores::new(second.set(), &second.transitions, |w| w),
        })
    }

    /// The first pass's labels, and for each token the second pass's sums over the same
    /// features (`carried`, overwritten).
    pub fn first_pass(&self, features: &Features, carried: &mut Vec<[i32; STRIDE]>) -> Vec<u8> {
        carried.clear();
        carried.resize(features.tokens(), [0; STRIDE]);
        viterbi(features, &self.first, |t, row| {
            // The rows of the token `AHEAD` on are asked for while this one's add up: each is
            // a random read from a table larger than the cache.
            for &f in features.row(t + AHEAD) {
                prefetch_index::prefetch_index(&self.emissions, f as usize * 2 * STRIDE);
            }
            let mut sums = [0i32; 2 * STRIDE];
            for &f in row {
                let base = f as usize * 2 * STRIDE;
                if let Some(weights) = self.emissions.get(base..base + 2 * STRIDE) {
                    for (s, w) in sums.iter_mut().zip(weights) {
                        *s += i32::from(*w);
                    }
                }
            }
            let (own, next) = sums.split_at(STRIDE);
            if let Some(slot) = carried.get_mut(t) {
                slot.copy_from_slice(next);
            }
            scores_of(own)
        })
    }

    /// The second pass's labels from the sums `carried` over from the first pass and the
    /// second pass's own features (`extra`, as many tokens).
    pub fn second_pass(&self, extra: &Features, carried: &[[i32; STRIDE]]) -> Vec<u8> {
        viterbi(extra, &self.second, |t, row| {
            for &f in extra.row(t + AHEAD) {
                prefetch_index::prefetch_index(&self.emissions, f as usize * 2 * STRIDE + STRIDE);
            }
            let mut sums = carried.get(t).copied().unwrap_or([0; STRIDE]);
            for &f in row {
                let base = f as usize * 2 * STRIDE + STRIDE;
                if let Some(weights) = self.emissions.get(base..base + STRIDE) {
                    for (s, w) in sums.iter_mut().zip(weights) {
                        *s += i32::from(*w);
                    }
                }
            }
            scores_of(&sums)
        })
    }
}

/// How many tokens ahead tagging asks for a token's weight rows: a token's 55 to 70 reads
/// take longer to arrive than one token takes to add up. Timed on the extraction sets' texts,
/// quotes took 16% less time asking two ahead than one, and about 5% less again asking four
/// ahead than two (three was between).
const AHEAD: usize = 4;

/// A row of label sums (every label but outside) as label scores, outside's 0.
fn scores_of(sums: &[i32]) -> [f32; MAX_LABELS] {
    // Sums of at most a few hundred i8 values are exact in f32.
    let mut out = [0f32; MAX_LABELS];
    for (o, s) in out[1..].iter_mut().zip(sums) {
        *o = *s as f32;
    }
    out
}

/// Transition and start scores, with the transitions BIO forbids (and labels past the tag
/// set) at minus infinity.
#[derive(Clone)]
struct Scores {
    transitions: [[f32; MAX_LABELS]; MAX_LABELS],
    start: [f32; MAX_LABELS],
}

impl Scores {
    /// From `labels × labels` transition weights followed by `labels` start weights.
    fn new<W: Copy>(set: Labels, weights: &[W], value: impl Fn(W) -> f32) -> Self {
        let labels = set.count().min(MAX_LABELS);
        let mut transitions = [[f32::NEG_INFINITY; MAX_LABELS]; MAX_LABELS];
        let mut start = [f32::NEG_INFINITY; MAX_LABELS];
        for label in 0..labels {
            if set.allowed(None, label) {
                start[label] = weights
                    .get(labels * labels + label)
                    .map_or(0.0, |w| value(*w));
            }
            for (previous, row) in transitions.iter_mut().enumerate().take(labels) {
                if set.allowed(Some(previous), label) {
                    row[label] = weights
                        .get(previous * labels + label)
                        .map_or(0.0, |w| value(*w));
                }
            }
        }
        Scores { transitions, start }
    }
}

/// Viterbi decoding under the scores' constraints.
fn viterbi(
    features: &Features,
    scores: &Scores,
    mut emissions: impl FnMut(usize, &[u32]) -> [f32; MAX_LABELS],
) -> Vec<u8> {
    let tokens = features.tokens();
    if tokens == 0 {
        return Vec::new();
    }
    let mut best = [f32::NEG_INFINITY; MAX_LABELS];
    let mut back: Vec<[u8; MAX_LABELS]> = Vec::with_capacity(tokens);
    for t in 0..tokens {
        let own = emissions(t, features.row(t));
        let mut next = [f32::NEG_INFINITY; MAX_LABELS];
        let mut from = [0u8; MAX_LABELS];
        if t == 0 {
            for label in 0..MAX_LABELS {
                next[label] = scores.start[label] + own[label];
            }
        } else {
            for label in 0..MAX_LABELS {
                let mut top = f32::NEG_INFINITY;
                let mut arg = 0u8;
                for (previous, score) in best.iter().enumerate() {
                    let total = score + scores.transitions[previous][label];
                    if total > top {
                        top = total;
                        arg = previous as u8;
                    }
                }
                next[label] = top + own[label];
                from[label] = arg;
            }
        }
        back.push(from);
        best = next;
    }
    let mut label = 0usize;
    for (l, score) in best.iter().enumerate() {
        if *score > best[label] {
            label = l;
        }
    }
    let mut out = vec![0u8; tokens];
    for t in (0..tokens).rev() {
        out[t] = label as u8;
        label = usize::from(back[t][label]);
    }
    out
}

/// One training sequence: the features of each token and the gold labels.
pub(crate) struct Example {
    pub features: Features,
    pub gold: Vec<u8>,
}

/// Averaged-perceptron training state.
pub(crate) struct Trainer {
    set: Labels,
    labels: usize,
    bucket_bits: u8,
    weights: Vec<f32>,
    /// Sum of `step × update`, for the average.
    totals: Vec<f32>,
    transitions: Vec<f32>,
    transition_totals: Vec<f32>,
    step: f32,
}

impl Trainer {
    pub fn new(labels: Labels, bucket_bits: u8) -> Self {
        let n = labels.count();
        Trainer {
            set: labels,
            labels: n,
            bucket_bits,
            weights: vec![0.0; (1usize << bucket_bits) * MAX_LABELS],
            totals: vec![0.0; (1usize << bucket_bits) * MAX_LABELS],
            transitions: vec![0.0; n * n + n],
            transition_totals: vec![0.0; n * n + n],
            step: 1.0,
        }
    }

    fn decode(&self, features: &Features) -> Vec<u8> {
        let table = Scores::new(self.set, &self.transitions, |w| w);
        viterbi(features, &table, |_, row| sum_rows_f32(&self.weights, row))
    }

    fn bump(&mut self, features: &[u32], label: u8, by: f32) {
        for &f in features {
            let at = f as usize * MAX_LABELS + usize::from(label);
            if let Some(w) = self.weights.get_mut(at) {
                *w += by;
                self.totals[at] += self.step * by;
            }
        }
    }

    fn bump_transition(&mut self, previous: Option<u8>, label: u8, by: f32) {
        let at = match previous {
            Some(p) => usize::from(p) * self.labels + usize::from(label),
            None => self.labels * self.labels + usize::from(label),
        };
        self.transitions[at] += by;
        self.transition_totals[at] += self.step * by;
    }

    /// Learns from one example; returns true when the prediction was already right.
    pub fn learn(&mut self, example: &Example) -> bool {
        if example.features.tokens() != example.gold.len() {
            return true;
        }
        let predicted = self.decode(&example.features);
        let right = predicted == example.gold;
        if !right {
            for t in 0..example.features.tokens() {
                let features = example.features.row(t);
                let (g, p) = (example.gold[t], predicted[t]);
                let previous = |labels: &[u8]| t.checked_sub(1).map(|i| labels[i]);
                let (gp, pp) = (previous(&example.gold), previous(&predicted));
                if g != p {
                    self.bump(features, g, 1.0);
                    self.bump(features, p, -1.0);
                }
                if g != p || gp != pp {
                    self.bump_transition(gp, g, 1.0);
                    self.bump_transition(pp, p, -1.0);
                }
            }
        }
        self.step += 1.0;
        right
    }

    /// The averaged weights, emissions scaled into `i8`.
    pub fn finish(&self) -> Weights {
        Trainer::finish_all(std::slice::from_ref(self))
    }

    /// The sum of the averaged weights of trainers of one shape (each shown the examples in
    /// another order), emissions scaled into `i8`: their mean, as only the ranking of scores
    /// counts.
    pub fn finish_all(trainers: &[Trainer]) -> Weights {
        let Some(first) = trainers.first() else {
            return Trainer::new(Labels { kinds: 0, last: 0 }, 0).finish();
        };
        let add = |w: &[f32], totals: &[f32], step: f32, into: &mut Vec<f32>| {
            if into.is_empty() {
                into.resize(w.len(), 0.0);
            }
            for ((sum, w), t) in into.iter_mut().zip(w).zip(totals) {
                *sum += w - t / step;
            }
        };
        let mut emissions = Vec::new();
        let mut transitions = Vec::new();
        for t in trainers {
            add(&t.weights, &t.totals, t.step, &mut emissions);
            add(
                &t.transitions,
                &t.transition_totals,
                t.step,
                &mut transitions,
            );
        }
        // Each label's weights less outside's, in rows of `STRIDE` (see there).
        let mut folded = vec![0f32; (1usize << first.bucket_bits) * STRIDE];
        for (row, out) in emissions
            .chunks_exact(MAX_LABELS)
            .zip(folded.chunks_exact_mut(STRIDE))
        {
            for (o, w) in out.iter_mut().zip(&row[1..]) {
                *o = w - row[0];
            }
        }
        let emissions = folded;
        let largest = emissions.iter().fold(0.0f32, |m, w| m.max(w.abs()));
        let scale = if largest > 0.0 {
            f32::from(i8::MAX) / largest
        } else {
            1.0
        };
        // Rounding to the nearest of 255 steps keeps the ranking of all but near-ties: on
        // PolNeAR dev it moved each role's F1 by less than 0.004 against 65,535 steps.
        #[allow(clippy::cast_possible_truncation)]
        let emissions = emissions
            .iter()
            .map(|w| (w * scale).round().clamp(-127.0, 127.0) as i8)
            .collect();
        Weights {
            bucket_bits: first.bucket_bits,
            labels: u8::try_from(first.labels).unwrap_or(u8::MAX),
            last: first.set.last,
            transitions: transitions.iter().map(|w| w * scale).collect(),
            emissions,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Both passes over the paired table tag as each pass's own table does, whatever the
        /// weights and features.
        #[test]
        fn the_paired_table_tags_as_the_two_passes_alone(
            first_rows in proptest::collection::vec(any::<i8>(), 16 * STRIDE),
            second_rows in proptest::collection::vec(any::<i8>(), 16 * STRIDE),
            moves in proptest::collection::vec(-40i8..40, 2 * 90),
            shared in proptest::collection::vec(0u32..16, 3..60),
            added in proptest::collection::vec(0u32..16, 40),
        ) {
            let set = Labels { kinds: 3, last: 0b101 };
            let weights = |emissions: Vec<i8>, moves: &[i8]| Weights {
                bucket_bits: 4,
                labels: 9,
                last: set.last,
                transitions: moves.iter().map(|m| f32::from(*m)).collect(),
                emissions,
            };
            let first = weights(first_rows, &moves[..90]);
            let second = weights(second_rows, &moves[90..]);
            prop_assert!(first.validate().is_ok() && second.validate().is_ok());
            // Three features a token in the first pass, two more in the second.
            let tokens = (shared.len() / 3).min(added.len() / 2);
            let own = Features { width: 3, indices: shared[..tokens * 3].to_vec() };
            let extra = Features { width: 2, indices: added[..tokens * 2].to_vec() };
            let both = Features {
                width: 5,
                indices: own
                    .indices
                    .chunks_exact(3)
                    .zip(extra.indices.chunks_exact(2))
                    .flat_map(|(a, b)| a.iter().chain(b).copied())
                    .collect(),
            };
            let paired = Paired::new(&first, &second).expect("same table size");
            let mut carried = Vec::new();
            prop_assert_eq!(paired.first_pass(&own, &mut carried), first.decode(&own));
            prop_assert_eq!(paired.second_pass(&extra, &carried), second.decode(&both));
        }
    }

    #[test]
    fn learns_a_span_pattern() {
        // Kind 0 spans start at feature 7 and run until feature 9 ends them.
        let labels = Labels { kinds: 1, last: 0 };
        let rows = |fs: &[u32]| Features {
            width: 2,
            indices: fs.iter().flat_map(|f| [*f, 100]).collect(),
        };
        let example = |fs: &[u32], gold: &[u8]| Example {
            features: rows(fs),
            gold: gold.to_vec(),
        };
        let data = [
            example(&[1, 7, 2, 2, 9, 1], &[0, 1, 2, 2, 0, 0]),
            example(&[7, 2, 9], &[1, 2, 0]),
            example(&[1, 1, 7, 9], &[0, 0, 1, 0]),
        ];
        let mut trainer = Trainer::new(labels, 8);
        for _ in 0..10 {
            for e in &data {
                trainer.learn(e);
            }
        }
        let weights = trainer.finish();
        assert!(weights.validate().is_ok());
        let tagged = weights.decode(&rows(&[1, 1, 7, 2, 2, 2, 9]));
        assert_eq!(tagged, vec![0, 0, 1, 2, 2, 2, 0]);
    }

    #[test]
    fn last_labels_come_after_the_others_in_the_order_of_their_kinds() {
        let set = Labels {
            kinds: 3,
            last: 0b101,
        };
        assert_eq!(set.count(), 9);
        assert_eq!((set.last_label(0), set.last_label(1)), (Some(7), None));
        assert_eq!(set.last_label(2), Some(8));
        assert_eq!(
            (set.kind(7), set.kind(8), set.kind(4)),
            (Some(0), Some(2), Some(1))
        );
        // A source's inside must end on its last label; a cue's need not.
        assert!(!set.allowed(Some(2), 0) && set.allowed(Some(2), 7) && set.allowed(Some(4), 0));
        assert!(!set.allowed(Some(2), 8) && !set.allowed(Some(4), 7));
    }

    #[test]
    fn an_inside_run_of_the_last_kind_ends_on_its_last_label() {
        let set = Labels {
            kinds: 3,
            last: 0b100,
        };
        assert_eq!(set.count(), 8);
        assert_eq!(set.last_label(2), Some(7));
        assert_eq!(set.last_label(0), None);
        assert_eq!(set.kind(7), Some(2));
        assert!(!set.begins(7) && set.begins(5) && set.begins(1));
        // Content inside goes on or ends on the last label; the last label follows only the
        // begin or the inside of a content; other kinds end as in plain BIO.
        assert!(set.allowed(Some(6), 6) && set.allowed(Some(6), 7));
        assert!(!set.allowed(Some(6), 0) && !set.allowed(Some(6), 5));
        assert!(set.allowed(Some(5), 7) && set.allowed(Some(5), 0));
        assert!(!set.allowed(Some(2), 7) && !set.allowed(None, 7) && !set.allowed(Some(7), 7));
        assert!(set.allowed(Some(2), 0) && set.allowed(Some(7), 0));
        // Decoding obeys it: feature 0 wants "inside" twice, then feature 1 "outside" (row
        // column `l - 1` holds label `l`; outside scores 0).
        let mut emissions = vec![0i8; 4 * STRIDE];
        emissions[5] = 100; // feature 0, content inside
        emissions[4] = 50; // feature 0, content begin
        emissions[STRIDE..2 * STRIDE].fill(-100); // feature 1: anything but outside
        let weights = Weights {
            bucket_bits: 2,
            labels: 8,
            last: 0b100,
            transitions: vec![0.0; 72],
            emissions,
        };
        assert_eq!(weights.set(), set);
        assert!(weights.validate().is_ok());
        let rows = Features {
            width: 1,
            indices: vec![0, 0, 0, 1],
        };
        let tagged = weights.decode(&rows);
        assert!(
            tagged
                .windows(2)
                .all(|w| w[0] != 6 || w[1] == 6 || w[1] == 7),
            "{tagged:?}"
        );
    }

    #[test]
    fn never_starts_inside() {
        let weights = Weights {
            bucket_bits: 1,
            labels: 3,
            last: 0,
            transitions: vec![0.0; 12],
            // Feature 0 pushes hard for "inside", and a little against "begin".
            emissions: [[-50, 100, 0, 0, 0, 0, 0, 0], [0; STRIDE]].concat(),
        };
        let twice = Features {
            width: 1,
            indices: vec![0, 0],
        };
        assert_eq!(weights.decode(&twice), vec![1, 2]);
        assert!(weights.validate().is_ok());
        let not_a_number = Weights {
            transitions: vec![f32::NAN; 12],
            ..weights.clone()
        };
        assert!(not_a_number.validate().is_err());
        let bad = Weights {
            emissions: vec![0; 5],
            ..weights
        };
        assert!(bad.validate().is_err());
    }
}
