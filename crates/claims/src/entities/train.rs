//! Training the tagger: an averaged structured perceptron over the hashed features.
//!
//! A sentence from a set annotated by a known [`Convention`] is scored by the shared weights
//! plus that convention's own, and an update moves both; a sentence of no known convention
//! moves the shared weights alone. Each epoch visits the sentences in an order shuffled with a
//! fixed seed, tags each with the current weights, and where the tags differ from the gold ones
//! moves the weights of the gold tags up and of the predicted tags down (features and
//! transitions alike). The shipped
//! weights are the average over every step (Collins 2002), computed lazily, then quantised to
//! `i16` with one scale for the whole model.

use super::features::{FEATURES, NameLists, sentence_rows};
use super::tagger::{
    Convention, Decoder, MAX_BITS, MIN_BITS, ModelError, NerModel, TAGS, Table, TokenEntity,
    decode, lexicon, persons, places, propers, tags_of, transition_matrix,
};

/// A sentence with its gold entities, as training reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelledSentence {
    pub tokens: Vec<String>,
    pub entities: Vec<TokenEntity>,
    /// The guidelines its set was annotated by, when known.
    pub convention: Option<Convention>,
}

/// How to train.
#[derive(Debug, Clone, Copy)]
pub struct TrainOptions {
    /// Passes over the data.
    pub epochs: usize,
    /// The weight table holds `2^bits` rows.
    pub bits: u32,
    /// How sentences are tagged during training.
    pub decoder: Decoder,
    /// Seed of the shuffle.
    pub seed: u64,
    /// The model is the mean of this many perceptrons, each shown the sentences in its own
    /// order (from `seed`, `seed + 1`, …); at least one.
    pub orders: usize,
    /// The percentage of training sentences shown without the place list and the person list,
    /// so that the words around a name still learn to mark a place or a person the lists lack
    /// (a town of 5,000 people, a name from abroad). The proper names are shown in every
    /// sentence.
    pub place_dropout: u8,
    /// Each convention's own table holds `2^convention_bits` rows (at most `bits`).
    pub convention_bits: u32,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 10,
            bits: 18,
            decoder: Decoder::Viterbi,
            seed: 0x5eed,
            orders: 10,
            place_dropout: 15,
            convention_bits: 12,
        }
    }
}

/// What one epoch did: the share of sentences tagged wholly right before their update.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EpochReport {
    pub epoch: usize,
    pub sentences_right: f64,
}

/// A sentence ready for training: its feature rows, gold tags and convention.
struct Prepared {
    rows: Vec<u32>,
    gold: Vec<u8>,
    convention: Option<Convention>,
}

/// The averaged weights of one table, as training sums them.
struct Sums {
    transitions: Vec<f64>,
    weights: Vec<f64>,
}

impl Sums {
    fn zero(bits: u32) -> Sums {
        Sums {
            transitions: vec![0.0; (TAGS + 1) * TAGS],
            weights: vec![0.0; (1usize << bits) * TAGS],
        }
    }

    fn add(&mut self, other: &Sums) {
        for (sum, w) in self
            .weights
            .iter_mut()
            .zip(&other.weights)
            .chain(self.transitions.iter_mut().zip(&other.transitions))
        {
            *sum += w;
        }
    }
}

/// Weights with the running sums their average needs.
struct Averaged {
    current: Vec<i32>,
    /// Σ step × change, so that the average is `current - sum / steps`.
    weighted: Vec<i64>,
}

impl Averaged {
    fn new(len: usize) -> Self {
        Averaged {
            current: vec![0; len],
            weighted: vec![0; len],
        }
    }

    fn add(&mut self, at: usize, change: i32, step: i64) {
        if let (Some(w), Some(s)) = (self.current.get_mut(at), self.weighted.get_mut(at)) {
            *w += change;
            *s += step * i64::from(change);
        }
    }

    fn average(&self, steps: i64) -> Vec<f64> {
        let steps = steps.max(1) as f64;
        self.current
            .iter()
            .zip(&self.weighted)
            .map(|(w, s)| f64::from(*w) - *s as f64 / steps)
            .collect()
    }
}

/// SplitMix64: the shuffle's random numbers.
fn next_random(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Trains a tagger on `sentences` with the shipped word clusters; `progress` hears after each
/// epoch. Fails only when the shipped clusters cannot be read.
pub fn train_ner(
    sentences: &[LabelledSentence],
    options: &TrainOptions,
    mut progress: impl FnMut(EpochReport),
) -> Result<NerModel, ModelError> {
    let lexicon = lexicon()?;
    let places = places()?;
    let persons = persons()?;
    let propers = propers()?;
    let bits = options.bits.clamp(MIN_BITS, MAX_BITS);
    let convention_bits = options.convention_bits.clamp(MIN_BITS, bits);
    // Features are computed once: each sentence keeps its rows and gold tags.
    let none = super::places::no_places();
    let dropout = u64::from(options.place_dropout.min(100));
    let prepared: Vec<Prepared> = sentences
        .iter()
        .filter(|s| !s.tokens.is_empty())
        .enumerate()
        .map(|(k, s)| {
            // Which sentences go without the list is fixed by their place in the data.
            let draw = next_random(&mut (k as u64)) % 100 < dropout;
            let (list, people) = if draw {
                (none, super::persons::no_persons())
            } else {
                (places, persons)
            };
            let mut rows = Vec::new();
            sentence_rows(
                &s.tokens,
                &lexicon.lookup,
                NameLists {
                    places: list,
                    persons: people,
                    propers,
                },
                bits,
                &mut rows,
                None,
            );
            Prepared {
                rows,
                gold: tags_of(&s.entities, s.tokens.len()),
                convention: s.convention,
            }
        })
        .collect();
    let mut shared = Sums::zero(bits);
    let mut own: Vec<Sums> = Convention::ALL
        .iter()
        .map(|_| Sums::zero(convention_bits))
        .collect();
    for k in 0..options.orders.max(1) {
        let seed = options.seed.wrapping_add(k as u64);
        let shape = (bits, convention_bits);
        let (s, o) = one_order(&prepared, shape, options, seed, &mut |report| {
            if k == 0 {
                progress(report);
            }
        });
        shared.add(&s);
        for (sum, table) in own.iter_mut().zip(&o) {
            sum.add(table);
        }
    }
    Ok(quantise(
        (
            lexicon,
            NameLists {
                places,
                persons,
                propers,
            },
        ),
        (bits, convention_bits),
        &shared,
        &own,
    ))
}

/// One table's weights and transitions with the running sums of their average.
struct Learner {
    weights: Averaged,
    transitions: Averaged,
    /// Rows are read at `row & mask`.
    mask: usize,
}

impl Learner {
    fn new(bits: u32) -> Learner {
        Learner {
            weights: Averaged::new((1usize << bits) * TAGS),
            transitions: Averaged::new((TAGS + 1) * TAGS),
            mask: (1usize << bits) - 1,
        }
    }

    /// Adds row `row`'s weights to `score`.
    fn score(&self, row: u32, score: &mut [i64; TAGS]) {
        let start = (row as usize & self.mask) * TAGS;
        if let Some(weights) = self.weights.current.get(start..start + TAGS) {
            for (s, w) in score.iter_mut().zip(weights) {
                *s += i64::from(*w);
            }
        }
    }

    fn update_row(&mut self, row: u32, tag: usize, change: i32, step: i64) {
        self.weights
            .add((row as usize & self.mask) * TAGS + tag, change, step);
    }

    fn averaged(&self, steps: i64) -> Sums {
        Sums {
            transitions: self.transitions.average(steps),
            weights: self.weights.average(steps),
        }
    }
}

/// The averaged shared table and each convention's own, of one perceptron shown `prepared` in
/// the order the shuffle from `seed` gives; `(bits, convention_bits)` are the tables' sizes.
fn one_order(
    prepared: &[Prepared],
    (bits, convention_bits): (u32, u32),
    options: &TrainOptions,
    seed: u64,
    progress: &mut dyn FnMut(EpochReport),
) -> (Sums, Vec<Sums>) {
    let mut shared = Learner::new(bits);
    let mut own: Vec<Learner> = Convention::ALL
        .iter()
        .map(|_| Learner::new(convention_bits))
        .collect();
    let mut order: Vec<usize> = (0..prepared.len()).collect();
    let mut random = seed;
    let mut step: i64 = 1;
    let mut scores: Vec<[i64; TAGS]> = Vec::new();
    let mut back = Vec::new();
    let mut predicted = Vec::new();
    for epoch in 0..options.epochs {
        for i in (1..order.len()).rev() {
            let j = (next_random(&mut random) % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        let mut right = 0usize;
        for &index in &order {
            let sentence = &prepared[index];
            let mut convention = sentence.convention.and_then(|c| own.get_mut(c.index()));
            scores.clear();
            for token_rows in sentence.rows.chunks_exact(FEATURES) {
                let mut score = [0i64; TAGS];
                for &row in token_rows {
                    shared.score(row, &mut score);
                    if let Some(own) = &convention {
                        own.score(row, &mut score);
                    }
                }
                scores.push(score);
            }
            let matrix = transition_matrix(|at| {
                i64::from(shared.transitions.current[at])
                    + convention
                        .as_ref()
                        .map_or(0, |c| i64::from(c.transitions.current[at]))
            });
            decode(&scores, &matrix, options.decoder, &mut back, &mut predicted);
            if predicted == sentence.gold {
                right += 1;
            } else {
                let rows = &sentence.rows;
                let mut previous = (0usize, 0usize);
                for (i, (g, p)) in sentence.gold.iter().zip(&predicted).enumerate() {
                    let (g, p) = (usize::from(*g), usize::from(*p));
                    if g != p {
                        for &row in &rows[i * FEATURES..(i + 1) * FEATURES] {
                            for learner in
                                std::iter::once(&mut shared).chain(convention.as_deref_mut())
                            {
                                learner.update_row(row, g, 1, step);
                                learner.update_row(row, p, -1, step);
                            }
                        }
                    }
                    let (gold_row, predicted_row) = if i == 0 {
                        (0, 0)
                    } else {
                        (previous.0 + 1, previous.1 + 1)
                    };
                    if (gold_row, g) != (predicted_row, p) {
                        for learner in std::iter::once(&mut shared).chain(convention.as_deref_mut())
                        {
                            learner.transitions.add(gold_row * TAGS + g, 1, step);
                            learner.transitions.add(predicted_row * TAGS + p, -1, step);
                        }
                    }
                    previous = (g, p);
                }
            }
            step += 1;
        }
        progress(EpochReport {
            epoch: epoch + 1,
            sentences_right: right as f64 / prepared.len().max(1) as f64,
        });
    }
    (
        shared.averaged(step),
        own.iter().map(|l| l.averaged(step)).collect(),
    )
}

/// The model with every table's weights scaled into `i16` and its transitions by the same
/// scale: the one that keeps the largest weight of any convention's folded table in range.
fn quantise(
    lists: super::tagger::Lists,
    (bits, convention_bits): (u32, u32),
    shared: &Sums,
    own: &[Sums],
) -> NerModel {
    let mask = (1usize << convention_bits) - 1;
    let mut largest = shared.weights.iter().fold(0f64, |m, w| m.max(w.abs()));
    for table in own {
        for (i, w) in shared.weights.iter().enumerate() {
            let mine = table
                .weights
                .get(((i / TAGS) & mask) * TAGS + i % TAGS)
                .copied()
                .unwrap_or(0.0);
            largest = largest.max((w + mine).abs()).max(mine.abs());
        }
    }
    let scale = if largest > 0.0 {
        f64::from(i16::MAX) / largest
    } else {
        1.0
    };
    let table = |sums: &Sums| Table {
        transitions: sums
            .transitions
            .iter()
            .map(|t| {
                (t * scale)
                    .round()
                    .clamp(f64::from(i32::MIN / 4), f64::from(i32::MAX / 4)) as i32
            })
            .collect(),
        weights: sums
            .weights
            .iter()
            .map(|w| {
                (w * scale)
                    .round()
                    .clamp(f64::from(i16::MIN), f64::from(i16::MAX)) as i16
            })
            .collect(),
    };
    NerModel::assemble(
        lists,
        bits,
        convention_bits,
        scale as f32,
        table(shared),
        own.iter().map(table).collect(),
    )
}
