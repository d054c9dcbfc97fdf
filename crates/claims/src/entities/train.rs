//! Training the tagger: an averaged structured perceptron over the hashed features.
//!
//! Each epoch visits the sentences in an order shuffled with a fixed seed, tags each with the
//! current weights, and where the tags differ from the gold ones moves the weights of the
//! gold tags up and of the predicted tags down (features and transitions alike). The shipped
//! weights are the average over every step (Collins 2002), computed lazily, then quantised to
//! `i16` with one scale for the whole model.

use super::Lexicon;
use super::features::{FEATURES, sentence_rows};
use super::persons::Persons;
use super::places::Places;
use super::tagger::{
    Decoder, MAX_BITS, MIN_BITS, ModelError, NerModel, TAGS, TokenEntity, decode, lexicon, persons,
    places, tags_of, transition_matrix,
};

/// A sentence with its gold entities, as training reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelledSentence {
    pub tokens: Vec<String>,
    pub entities: Vec<TokenEntity>,
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
    /// (a town of 5,000 people, a name from abroad).
    pub place_dropout: u8,
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
        }
    }
}

/// What one epoch did: the share of sentences tagged wholly right before their update.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EpochReport {
    pub epoch: usize,
    pub sentences_right: f64,
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
    let bits = options.bits.clamp(MIN_BITS, MAX_BITS);
    // Features are computed once: each sentence keeps its rows and gold tags.
    let none = super::places::no_places();
    let dropout = u64::from(options.place_dropout.min(100));
    let prepared: Vec<(Vec<u32>, Vec<u8>)> = sentences
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
                list,
                people,
                bits,
                &mut rows,
                None,
            );
            (rows, tags_of(&s.entities, s.tokens.len()))
        })
        .collect();
    let mut weights = vec![0f64; (1usize << bits) * TAGS];
    let mut transitions = vec![0f64; (TAGS + 1) * TAGS];
    for k in 0..options.orders.max(1) {
        let seed = options.seed.wrapping_add(k as u64);
        let (w, t) = one_order(&prepared, bits, options, seed, &mut |report| {
            if k == 0 {
                progress(report);
            }
        });
        for (sum, w) in weights
            .iter_mut()
            .zip(w)
            .chain(transitions.iter_mut().zip(t))
        {
            *sum += w;
        }
    }
    Ok(quantise(
        lexicon,
        places,
        persons,
        bits,
        &weights,
        &transitions,
    ))
}

/// The averaged weights and transitions of one perceptron shown `prepared` in the order the
/// shuffle from `seed` gives.
fn one_order(
    prepared: &[(Vec<u32>, Vec<u8>)],
    bits: u32,
    options: &TrainOptions,
    seed: u64,
    progress: &mut dyn FnMut(EpochReport),
) -> (Vec<f64>, Vec<f64>) {
    let mut weights = Averaged::new((1usize << bits) * TAGS);
    let mut transitions = Averaged::new((TAGS + 1) * TAGS);
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
            let (rows, gold) = &prepared[index];
            scores.clear();
            for token_rows in rows.chunks_exact(FEATURES) {
                let mut score = [0i64; TAGS];
                for &row in token_rows {
                    let start = row as usize * TAGS;
                    for (s, w) in score.iter_mut().zip(&weights.current[start..start + TAGS]) {
                        *s += i64::from(*w);
                    }
                }
                scores.push(score);
            }
            let matrix = transition_matrix(|at| i64::from(transitions.current[at]));
            decode(&scores, &matrix, options.decoder, &mut back, &mut predicted);
            if predicted == *gold {
                right += 1;
            } else {
                let mut previous = (0usize, 0usize);
                for (i, (g, p)) in gold.iter().zip(&predicted).enumerate() {
                    let (g, p) = (usize::from(*g), usize::from(*p));
                    if g != p {
                        for &row in &rows[i * FEATURES..(i + 1) * FEATURES] {
                            weights.add(row as usize * TAGS + g, 1, step);
                            weights.add(row as usize * TAGS + p, -1, step);
                        }
                    }
                    let (gold_row, predicted_row) = if i == 0 {
                        (0, 0)
                    } else {
                        (previous.0 + 1, previous.1 + 1)
                    };
                    if (gold_row, g) != (predicted_row, p) {
                        transitions.add(gold_row * TAGS + g, 1, step);
                        transitions.add(predicted_row * TAGS + p, -1, step);
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
    (weights.average(step), transitions.average(step))
}

/// The model with `weights` scaled into `i16` and `transitions` by the same scale.
fn quantise(
    lexicon: &'static Lexicon,
    places: &'static Places,
    persons: &'static Persons,
    bits: u32,
    weights: &[f64],
    transitions: &[f64],
) -> NerModel {
    let largest = weights.iter().fold(0f64, |m, w| m.max(w.abs()));
    let scale = if largest > 0.0 {
        f64::from(i16::MAX) / largest
    } else {
        1.0
    };
    NerModel {
        lexicon,
        places,
        persons,
        bits,
        scale: scale as f32,
        transitions: transitions
            .iter()
            .map(|t| {
                (t * scale)
                    .round()
                    .clamp(f64::from(i32::MIN), f64::from(i32::MAX)) as i32
            })
            .collect(),
        weights: weights
            .iter()
            .map(|w| {
                (w * scale)
                    .round()
                    .clamp(f64::from(i16::MIN), f64::from(i16::MAX)) as i16
            })
            .collect(),
        matrix: std::sync::OnceLock::new(),
    }
}
