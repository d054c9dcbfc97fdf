//! Word clusters learned from unlabelled text: words that occur in like contexts share a
//! bit-string path, and a prefix of the path is a coarser cluster (Brown clusters as features,
//! Ratinov & Roth 2009). The tagger reads the path prefixes of a token and its neighbours.
//!
//! We build the paths by divisive clustering of distributional vectors, which runs in seconds
//! where Brown's exchange algorithm takes hours:
//! 1. the text is cut into the tagger's tokens, folded as its features fold them (lower case,
//!    digits as `0`); the most frequent words (`vocabulary`) get a path;
//! 2. each word counts the words one and two places to its left and right, and (together) three
//!    to five places away, among the most frequent (`contexts`), sentence edges included; the
//!    counts become positive pointwise mutual information (with the context distribution
//!    raised to 0.75);
//! 3. a randomised truncated SVD turns each word's vector into `dimensions` numbers,
//!    normalised to unit length;
//! 4. the words are split in two along the main direction of their vectors (PDDP) and the split
//!    is refined with a few rounds of spherical 2-means; the left half appends `0` to the path,
//!    the right `1`; halves keep splitting up to `depth` bits or until fewer than `min_leaf`
//!    words remain.
//!
//! Everything is ordered by word and count, so the same texts give the same file.
//!
//! Each word also keeps how often it was written with a capital inside a sentence (not as its
//! first token): names are, other words are not.
//!
//! File layout (UTF-8 text): one line per word, `path<TAB>word<TAB>count<TAB>capitalised`, in
//! path order, `capitalised` being the percentage of the word's occurrences inside a sentence
//! that start with a capital (of all its occurrences when it never occurs inside one).

use super::features::fold;
use super::tokens::tokens;
use model::Span;
use rustc_hash::FxHashMap;
use std::fmt;

/// How to build clusters.
#[derive(Debug, Clone, Copy)]
pub struct ClusterOptions {
    /// How many of the most frequent words get a path.
    pub vocabulary: usize,
    /// Words seen fewer times get none.
    pub min_count: u32,
    /// How many of the most frequent words serve as contexts, on each side.
    pub contexts: usize,
    /// The length of the projected vectors.
    pub dimensions: usize,
    /// The longest path, in bits.
    pub depth: usize,
    /// A group of fewer words is not split.
    pub min_leaf: usize,
    /// Seed of the projection.
    pub seed: u64,
}

impl Default for ClusterOptions {
    fn default() -> Self {
        ClusterOptions {
            vocabulary: 60_000,
            min_count: 3,
            contexts: 3_000,
            dimensions: 128,
            depth: 16,
            min_leaf: 6,
            seed: 0xc1a5,
        }
    }
}

/// One word of a cluster lexicon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterWord {
    /// The bits of the path, `0` and `1`, at most 31.
    pub path: String,
    /// The folded word (lower case, digits as `0`).
    pub word: String,
    /// How often the word occurred in the text clustered.
    pub count: u32,
    /// The percentage of its occurrences inside a sentence written with a capital.
    pub capitalised: u8,
}

/// Why a cluster file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterFileError {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for ClusterFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "word cluster file, line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for ClusterFileError {}

/// The longest path a lexicon may hold.
pub(crate) const MAX_PATH: usize = 31;

/// The `N` tab-separated fields of a line of a model's text file, `None` for another number.
pub(crate) fn tab_fields<const N: usize>(line: &str) -> Option<[&str; N]> {
    let mut fields = line.split('\t');
    let mut out = [""; N];
    for slot in &mut out {
        *slot = fields.next()?;
    }
    fields.next().is_none().then_some(out)
}

/// Reads a cluster file (`path<TAB>word<TAB>count<TAB>capitalised` lines).
pub fn read_clusters(text: &str) -> Result<Vec<ClusterWord>, ClusterFileError> {
    let mut words = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.is_empty() {
            continue;
        }
        let error = |message: &str| ClusterFileError {
            line: index + 1,
            message: message.to_string(),
        };
        let Some([path, word, count, capitalised]) = tab_fields(line) else {
            return Err(error("expected four fields separated by tabs"));
        };
        if path.is_empty() || path.len() > MAX_PATH || !path.bytes().all(|b| b == b'0' || b == b'1')
        {
            return Err(error("the path must be 1 to 31 bits of 0 and 1"));
        }
        if word.is_empty() {
            return Err(error("empty word"));
        }
        let count = count
            .parse()
            .map_err(|_| error("the count is not a number"))?;
        let capitalised = capitalised
            .parse()
            .ok()
            .filter(|share| *share <= 100)
            .ok_or_else(|| error("the capitalised share is not a percentage"))?;
        words.push(ClusterWord {
            path: path.to_string(),
            word: word.to_string(),
            count,
            capitalised,
        });
    }
    Ok(words)
}

/// The lexicon as a cluster file [`read_clusters`] reads back.
pub fn write_clusters(words: &[ClusterWord]) -> String {
    let mut out = String::with_capacity(words.len() * 24);
    for w in words {
        out.push_str(&w.path);
        out.push('\t');
        out.push_str(&w.word);
        out.push('\t');
        out.push_str(&w.count.to_string());
        out.push('\t');
        out.push_str(&w.capitalised.to_string());
        out.push('\n');
    }
    out
}

/// SplitMix64 of `x`: the projection's signs.
fn scramble(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Words that the text holds, by frequency, and each sentence as word numbers.
struct Corpus {
    /// Folded words with their counts and capitalised shares, most frequent first (ties by
    /// word).
    words: Vec<(String, u32, u8)>,
    /// Each sentence's words as indices into `words`.
    sentences: Vec<Vec<u32>>,
}

fn read_corpus<S: AsRef<str>>(texts: &[S]) -> Corpus {
    let mut ids: FxHashMap<String, u32> = FxHashMap::default();
    let mut counts: Vec<u32> = Vec::new();
    // Per word: occurrences inside a sentence, and those written with a capital, then the
    // same for all occurrences.
    let mut capitals: Vec<[u32; 4]> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let mut sentences = Vec::new();
    let mut spans: Vec<Span> = Vec::new();
    for text in texts {
        let text = text.as_ref();
        for sentence in text::sentences(text) {
            tokens(text, sentence, &mut spans);
            let mut ids_of_sentence = Vec::with_capacity(spans.len());
            for (at, span) in spans.iter().enumerate() {
                let Some(token) = span.slice(text) else {
                    continue;
                };
                let folded = fold(token);
                let id = match ids.get(&folded) {
                    Some(id) => *id,
                    None => {
                        let id = names.len() as u32;
                        ids.insert(folded.clone(), id);
                        names.push(folded);
                        counts.push(0);
                        capitals.push([0; 4]);
                        id
                    }
                };
                counts[id as usize] += 1;
                let capital = token.chars().next().is_some_and(char::is_uppercase);
                let seen = &mut capitals[id as usize];
                if at > 0 {
                    seen[0] += 1;
                    seen[1] += u32::from(capital);
                }
                seen[2] += 1;
                seen[3] += u32::from(capital);
                ids_of_sentence.push(id);
            }
            if !ids_of_sentence.is_empty() {
                sentences.push(ids_of_sentence);
            }
        }
    }
    // Renumber by frequency, ties by word, so that numbering does not depend on text order.
    let mut order: Vec<u32> = (0..names.len() as u32).collect();
    order.sort_by(|a, b| {
        counts[*b as usize]
            .cmp(&counts[*a as usize])
            .then_with(|| names[*a as usize].cmp(&names[*b as usize]))
    });
    let mut rank = vec![0u32; names.len()];
    for (r, old) in order.iter().enumerate() {
        rank[*old as usize] = r as u32;
    }
    for sentence in &mut sentences {
        for id in sentence.iter_mut() {
            *id = rank[*id as usize];
        }
    }
    let words = order
        .iter()
        .map(|old| {
            let [inside, inside_capital, all, all_capital] = capitals[*old as usize];
            let (capital, of) = if inside > 0 {
                (inside_capital, inside)
            } else {
                (all_capital, all)
            };
            let share = (u64::from(capital) * 100 + u64::from(of) / 2) / u64::from(of.max(1));
            (
                std::mem::take(&mut names[*old as usize]),
                counts[*old as usize],
                share.min(100) as u8,
            )
        })
        .collect();
    Corpus { words, sentences }
}

/// Unit-length distributional vectors of the first `vocabulary` words, `dimensions` each.
fn word_vectors(corpus: &Corpus, vocabulary: usize, options: &ClusterOptions) -> Vec<f32> {
    let contexts = options.contexts.min(corpus.words.len()) as u64;
    // Context numbers: five positions (-2, -1, +1, +2, and 3 to 5 places either side) × (the
    // frequent words + the edge).
    let per_position = contexts + 1;
    let context_of = |position: u64, word: Option<u32>| -> Option<u64> {
        let index = match word {
            None => contexts,
            Some(w) if u64::from(w) < contexts => u64::from(w),
            Some(_) => return None,
        };
        Some(position * per_position + index)
    };
    let width = 5 * per_position;
    let mut pairs: Vec<u64> = Vec::new();
    for sentence in &corpus.sentences {
        for (i, &word) in sentence.iter().enumerate() {
            if word as usize >= vocabulary {
                continue;
            }
            let at = |offset: isize| -> Option<u32> {
                let j = i as isize + offset;
                if j < 0 {
                    None
                } else {
                    sentence.get(j as usize).copied()
                }
            };
            for (position, offset) in [
                (0u64, -2isize),
                (1, -1),
                (2, 1),
                (3, 2),
                (4, -5),
                (4, -4),
                (4, -3),
                (4, 3),
                (4, 4),
                (4, 5),
            ] {
                if position == 4 && at(offset).is_none() {
                    continue;
                }
                if let Some(context) = context_of(position, at(offset)) {
                    pairs.push(u64::from(word) * width + context);
                }
            }
        }
    }
    pairs.sort_unstable();
    // Runs of equal pairs are counts.
    let mut cells: Vec<(u32, u32, f32)> = Vec::new();
    let mut i = 0;
    while i < pairs.len() {
        let key = pairs[i];
        let mut j = i;
        while j < pairs.len() && pairs[j] == key {
            j += 1;
        }
        cells.push(((key / width) as u32, (key % width) as u32, (j - i) as f32));
        i = j;
    }
    let mut word_totals = vec![0f64; vocabulary];
    let mut context_totals = vec![0f64; width as usize];
    for &(w, c, n) in &cells {
        word_totals[w as usize] += f64::from(n);
        context_totals[c as usize] += f64::from(n);
    }
    let total: f64 = word_totals.iter().sum();
    let smoothed: Vec<f64> = context_totals.iter().map(|n| n.powf(0.75)).collect();
    let smoothed_total: f64 = smoothed.iter().sum();
    let ppmi: Vec<(u32, u32, f64)> = cells
        .iter()
        .filter_map(|&(w, c, n)| {
            let p_joint = f64::from(n) / total;
            let p_word = word_totals[w as usize] / total;
            let p_context = smoothed[c as usize] / smoothed_total;
            let pmi = (p_joint / (p_word * p_context)).ln();
            (pmi > 0.0).then_some((w, c, pmi))
        })
        .collect();
    let mut vectors = reduce(&ppmi, vocabulary, width as usize, options);
    for row in vectors.chunks_exact_mut(options.dimensions) {
        normalise(row);
    }
    vectors
}

/// Orthonormalises the `columns` columns of `matrix` (column after column, each `rows` long)
/// by modified Gram-Schmidt; a column that depends on those before becomes zero.
fn orthonormalise(matrix: &mut [f64], rows: usize) {
    let columns = matrix.len() / rows.max(1);
    for j in 0..columns {
        let (done, rest) = matrix.split_at_mut(j * rows);
        let column = &mut rest[..rows];
        for i in 0..j {
            let q = &done[i * rows..(i + 1) * rows];
            let along: f64 = q.iter().zip(column.iter()).map(|(a, b)| a * b).sum();
            for (c, a) in column.iter_mut().zip(q) {
                *c -= along * a;
            }
        }
        let norm = column.iter().map(|v| v * v).sum::<f64>().sqrt();
        for c in column.iter_mut() {
            *c = if norm > 1e-12 { *c / norm } else { 0.0 };
        }
    }
}

/// The eigenvalues and eigenvectors (as columns, `n` × `n` row-major) of the symmetric `n` ×
/// `n` matrix `a`, by cyclic Jacobi rotations.
fn symmetric_eigen(mut a: Vec<f64>, n: usize) -> (Vec<f64>, Vec<f64>) {
    let mut v = vec![0f64; n * n];
    for i in 0..n {
        v[i * n + i] = 1.0;
    }
    for _ in 0..30 {
        let off: f64 = (0..n)
            .flat_map(|i| (0..n).filter(move |j| *j != i).map(move |j| (i, j)))
            .map(|(i, j)| a[i * n + j] * a[i * n + j])
            .sum();
        let diagonal: f64 = (0..n).map(|i| a[i * n + i] * a[i * n + i]).sum();
        if off <= 1e-22 * diagonal.max(1e-300) {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                let apq = a[p * n + q];
                if apq.abs() < 1e-300 {
                    continue;
                }
                let theta = (a[q * n + q] - a[p * n + p]) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for k in 0..n {
                    let (akp, akq) = (a[k * n + p], a[k * n + q]);
                    a[k * n + p] = c * akp - s * akq;
                    a[k * n + q] = s * akp + c * akq;
                }
                for k in 0..n {
                    let (apk, aqk) = (a[p * n + k], a[q * n + k]);
                    a[p * n + k] = c * apk - s * aqk;
                    a[q * n + k] = s * apk + c * aqk;
                }
                for k in 0..n {
                    let (vkp, vkq) = (v[k * n + p], v[k * n + q]);
                    v[k * n + p] = c * vkp - s * vkq;
                    v[k * n + q] = s * vkp + c * vkq;
                }
            }
        }
    }
    ((0..n).map(|i| a[i * n + i]).collect(), v)
}

/// The rows of the sparse `vocabulary` × `width` matrix `cells` reduced to
/// `options.dimensions` numbers by a randomised truncated SVD (Halko et al. 2011: a random
/// sketch, one power iteration), each left singular vector weighted by the square root of its
/// singular value.
fn reduce(
    cells: &[(u32, u32, f64)],
    vocabulary: usize,
    width: usize,
    options: &ClusterOptions,
) -> Vec<f32> {
    let dimensions = options.dimensions;
    let sketch = dimensions + 16;
    // Y = M Ω, Ω of random signs; Y is kept column-major (`sketch` columns of `vocabulary`).
    let mut y = vec![0f64; sketch * vocabulary];
    let sign = |c: u32, d: usize| {
        let bits = scramble(options.seed ^ ((u64::from(c) << 16) | (d as u64 / 64)));
        if (bits >> (d % 64)) & 1 == 1 {
            1.0
        } else {
            -1.0
        }
    };
    for &(w, c, value) in cells {
        for d in 0..sketch {
            y[d * vocabulary + w as usize] += value * sign(c, d);
        }
    }
    orthonormalise(&mut y, vocabulary);
    // One power iteration: Z = Mᵀ Q, orthonormalised, then Y = M Z.
    let mut z = vec![0f64; sketch * width];
    for &(w, c, value) in cells {
        for d in 0..sketch {
            z[d * width + c as usize] += value * y[d * vocabulary + w as usize];
        }
    }
    orthonormalise(&mut z, width);
    y.iter_mut().for_each(|v| *v = 0.0);
    for &(w, c, value) in cells {
        for d in 0..sketch {
            y[d * vocabulary + w as usize] += value * z[d * width + c as usize];
        }
    }
    orthonormalise(&mut y, vocabulary);
    // B = Qᵀ M (`sketch` × `width`, kept column by column), then B Bᵀ and its eigenvectors.
    let mut b = vec![0f64; width * sketch];
    for &(w, c, value) in cells {
        for d in 0..sketch {
            b[c as usize * sketch + d] += value * y[d * vocabulary + w as usize];
        }
    }
    let mut gram = vec![0f64; sketch * sketch];
    for column in b.chunks_exact(sketch) {
        for i in 0..sketch {
            for j in 0..sketch {
                gram[i * sketch + j] += column[i] * column[j];
            }
        }
    }
    let (values, vectors) = symmetric_eigen(gram, sketch);
    let mut order: Vec<usize> = (0..sketch).collect();
    order.sort_by(|a, b| values[*b].total_cmp(&values[*a]).then(a.cmp(b)));
    // Word vectors: Q U_k Σ_k^½, with Σ = λ^½.
    let mut out = vec![0f32; vocabulary * dimensions];
    for (k, &e) in order.iter().take(dimensions).enumerate() {
        let weight = values[e].max(0.0).powf(0.25);
        for w in 0..vocabulary {
            let mut sum = 0f64;
            for d in 0..sketch {
                sum += y[d * vocabulary + w] * vectors[d * sketch + e];
            }
            out[w * dimensions + k] = (sum * weight) as f32;
        }
    }
    out
}

fn normalise(row: &mut [f32]) {
    let norm = row.iter().map(|v| v * v).sum::<f32>().sqrt();
    if norm > 0.0 {
        for v in row {
            *v /= norm;
        }
    }
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Splits `members` (word numbers) in two; `None` when they cannot be split.
fn split(members: &[u32], vectors: &[f32], dimensions: usize) -> Option<(Vec<u32>, Vec<u32>)> {
    let row = |w: u32| &vectors[w as usize * dimensions..(w as usize + 1) * dimensions];
    let mut mean = vec![0f32; dimensions];
    for &w in members {
        for (m, v) in mean.iter_mut().zip(row(w)) {
            *m += v;
        }
    }
    let count = members.len() as f32;
    for m in &mut mean {
        *m /= count;
    }
    // The main direction of the centred vectors, by power iteration from a fixed start.
    let mut direction: Vec<f32> = (0..dimensions)
        .map(|d| {
            if scramble(d as u64) & 1 == 0 {
                1.0
            } else {
                -1.0
            }
        })
        .collect();
    normalise(&mut direction);
    let mut next = vec![0f32; dimensions];
    for _ in 0..12 {
        next.iter_mut().for_each(|v| *v = 0.0);
        let along_mean = dot(&mean, &direction);
        for &w in members {
            let projection = dot(row(w), &direction) - along_mean;
            for (n, v) in next.iter_mut().zip(row(w)) {
                *n += projection * v;
            }
        }
        // Σ (x − mean)·p = Σ x·p, as the centred projections p sum to zero.
        normalise(&mut next);
        std::mem::swap(&mut direction, &mut next);
    }
    let along_mean = dot(&mean, &direction);
    let mut side: Vec<bool> = members
        .iter()
        .map(|&w| dot(row(w), &direction) > along_mean)
        .collect();
    // A few rounds of spherical 2-means from that split.
    for _ in 0..6 {
        let mut centres = [vec![0f32; dimensions], vec![0f32; dimensions]];
        for (&w, &right) in members.iter().zip(&side) {
            for (c, v) in centres[usize::from(right)].iter_mut().zip(row(w)) {
                *c += v;
            }
        }
        for centre in &mut centres {
            normalise(centre);
        }
        let mut changed = false;
        for (&w, right) in members.iter().zip(side.iter_mut()) {
            let to_right = dot(row(w), &centres[1]) > dot(row(w), &centres[0]);
            changed |= to_right != *right;
            *right = to_right;
        }
        if !changed {
            break;
        }
    }
    let mut left = Vec::new();
    let mut right = Vec::new();
    for (&w, &to_right) in members.iter().zip(&side) {
        if to_right {
            right.push(w);
        } else {
            left.push(w);
        }
    }
    if left.is_empty() || right.is_empty() {
        return None;
    }
    Some((left, right))
}

/// Clusters the words of `texts`; the result is in path order.
pub fn build_clusters<S: AsRef<str>>(texts: &[S], options: &ClusterOptions) -> Vec<ClusterWord> {
    let corpus = read_corpus(texts);
    let vocabulary = corpus
        .words
        .iter()
        .take(options.vocabulary)
        .take_while(|(_, count, _)| *count >= options.min_count.max(1))
        .count();
    if vocabulary == 0 {
        return Vec::new();
    }
    let dimensions = options.dimensions.max(1);
    let options = ClusterOptions {
        dimensions,
        ..*options
    };
    let vectors = word_vectors(&corpus, vocabulary, &options);
    let depth = options.depth.clamp(1, MAX_PATH);
    let mut paths = vec![String::new(); vocabulary];
    // Depth-first, so the work list stays small.
    let mut pending: Vec<(Vec<u32>, String)> =
        vec![((0..vocabulary as u32).collect(), String::new())];
    while let Some((members, path)) = pending.pop() {
        let halves = if path.len() < depth && members.len() >= options.min_leaf.max(2) {
            split(&members, &vectors, dimensions)
        } else {
            None
        };
        match halves {
            Some((left, right)) => {
                pending.push((right, format!("{path}1")));
                pending.push((left, format!("{path}0")));
            }
            None => {
                // The root alone is one cluster; it needs a path of one bit.
                let path = if path.is_empty() {
                    "0".to_string()
                } else {
                    path
                };
                for w in members {
                    paths[w as usize] = path.clone();
                }
            }
        }
    }
    let mut words: Vec<ClusterWord> = corpus
        .words
        .into_iter()
        .take(vocabulary)
        .zip(paths)
        .map(|((word, count, capitalised), path)| ClusterWord {
            path,
            word,
            count,
            capitalised,
        })
        .collect();
    words.sort_by(|a, b| {
        a.path
            .cmp(&b.path)
            .then_with(|| b.count.cmp(&a.count))
            .then_with(|| a.word.cmp(&b.word))
    });
    words
}
