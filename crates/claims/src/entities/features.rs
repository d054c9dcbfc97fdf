//! Hashed features of a token in its sentence: what the tagger weighs.
//!
//! Each token is read once into a few 64-bit hashes (its lower-case form with digits as `0`,
//! its shape, prefixes and suffixes); each feature of a position is then a mix of a template
//! number with one or more of those hashes, reduced to a row of the weight table. No string is
//! built on the way.

/// The version of the feature set; a model file records the one it was trained with.
pub(crate) const FEATURE_VERSION: u32 = 8;

/// Features per token.
pub(crate) const FEATURES: usize = 49;

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// A 64-bit FNV-1a hash being built a byte at a time.
#[derive(Clone, Copy)]
struct Hasher(u64);

impl Hasher {
    fn new() -> Self {
        Hasher(FNV_OFFSET)
    }

    fn byte(&mut self, byte: u8) {
        self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(FNV_PRIME);
    }

    fn char(&mut self, c: char) {
        let mut buffer = [0u8; 4];
        for byte in c.encode_utf8(&mut buffer).bytes() {
            self.byte(byte);
        }
    }
}

/// FNV-1a over `bytes`: the checksum of model files.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hasher = Hasher::new();
    for &byte in bytes {
        hasher.byte(byte);
    }
    hasher.0
}

/// Mixes two hashes into one (the finaliser of SplitMix64 over their combination).
fn mix(a: u64, b: u64) -> u64 {
    let mut h = a.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ b;
    h ^= h >> 31;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// The key of a run of no tokens, which [`phrase_key`] extends a token at a time.
pub(crate) fn phrase_start() -> u64 {
    0x9a1a_5e7e_11a3_e5ed
}

/// The key of a run of tokens (as the place list keys its names) extended by a token with
/// folded hash `lower`.
pub(crate) fn phrase_key(key: u64, lower: u64) -> u64 {
    mix(key, lower)
}

/// The key of a word in a [`ClusterLookup`]: the hash of its folded form, the `lower` hash its
/// features compute.
pub(crate) fn lower_hash(word: &str) -> u64 {
    let mut hasher = Hasher::new();
    for c in word.chars() {
        feed_lower(&mut hasher, c);
    }
    hasher.0
}

/// The letters of a character's lower-case form, fed to `hasher`; digits become `0` and curly
/// apostrophes straight ones.
fn feed_lower(hasher: &mut Hasher, c: char) {
    if c.is_ascii() {
        let byte = c as u8;
        hasher.byte(if byte.is_ascii_digit() {
            b'0'
        } else {
            byte.to_ascii_lowercase()
        });
    } else if c == '’' {
        hasher.byte(b'\'');
    } else {
        for lower in c.to_lowercase() {
            hasher.char(lower);
        }
    }
}

/// A token folded as its features fold it: lower case, digits as `0`, curly apostrophes
/// straight. The hash of the folded form's bytes is the token's `lower` hash.
pub(crate) fn fold(token: &str) -> String {
    let mut out = String::with_capacity(token.len());
    for c in token.chars() {
        if c.is_ascii_digit() {
            out.push('0');
        } else if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if c == '’' {
            out.push('\'');
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// The FNV-1a hash of a folded word, equal to the `lower` hash of the tokens that fold to it.
pub(crate) fn folded_hash(folded: &str) -> u64 {
    fnv1a(folded.as_bytes())
}

/// What the cluster lexicon knows of a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ClusterEntry {
    /// The word's path, with a leading 1 bit that marks its length.
    pub path: u32,
    /// The percentage of its occurrences inside a sentence written with a capital.
    pub capitalised: u8,
}

/// The lexicon entries by the hash of the folded word (the tokens' `lower` hash).
pub(crate) type ClusterLookup = rustc_hash::FxHashMap<u64, ClusterEntry>;

/// Where a token's word cluster and capitalised share are looked up by its `lower` hash.
pub(crate) trait WordLookup {
    /// The word's cluster path (0 when unknown) and how often it is capitalised inside a
    /// sentence in six steps (0 to 5; 6 when unknown).
    fn word(&self, lower: u64) -> (u32, u8);

    /// Asks for what [`WordLookup::word`] will read of the word, without waiting for it.
    fn prefetch(&self, _lower: u64) {}
}

impl WordLookup for ClusterLookup {
    fn word(&self, lower: u64) -> (u32, u8) {
        self.get(&lower)
            .map_or((0, 6), |e| (e.path, e.capitalised.div_ceil(20)))
    }
}

/// The shipped clusters as the table of word facts holds them (`crate::senses`), which the
/// attribution tagger reads for every token too: tagging entities from it keeps one table
/// of words in the cache instead of two.
impl WordLookup for crate::senses::FactTable {
    fn word(&self, lower: u64) -> (u32, u8) {
        self.get(lower).map_or((0, 6), |f| (f.path, f.capital))
    }

    fn prefetch(&self, lower: u64) {
        crate::senses::FactTable::prefetch(self, lower);
    }
}

/// The first `bits` bits of `path` (as [`ClusterLookup`] holds it), the whole of a shorter
/// path.
pub(crate) fn path_prefix(path: u32, bits: u32) -> u64 {
    let length = 31u32.saturating_sub(path.leading_zeros());
    u64::from(if length > bits {
        path >> (length - bits)
    } else {
        path
    })
}

/// The class a character stands for in a word shape.
fn shape_class(c: char) -> char {
    if c.is_uppercase() {
        'X'
    } else if c.is_alphabetic() {
        'x'
    } else if c.is_numeric() {
        'd'
    } else {
        c
    }
}

/// How many leading and trailing characters the affix features take.
const AFFIXES: usize = 4;

/// What the features of one token are made of.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct TokenHashes {
    lower: u64,
    shape: u64,
    prefixes: [u64; 3],
    suffixes: [u64; AFFIXES],
    capitalized: bool,
    /// Any upper-case letter ("iPhone" too).
    upper: bool,
    /// A word that may join two capitalised words into one name ("of", "de", "&").
    connector: bool,
    length: u8,
    /// The word's cluster path with its length bit, 0 for a word without one.
    cluster: u32,
    /// How often the word is capitalised inside a sentence, in six steps (0 to 5); 6 for a
    /// word the lexicon does not hold.
    capitalised: u8,
}

/// Words that may stand between the capitalised words of one name.
const CONNECTORS: [&str; 14] = [
    "of", "the", "and", "de", "del", "la", "le", "du", "von", "van", "for", "on", "&", "to",
];

impl TokenHashes {
    /// Only what is read of a token no name can reach (see [`sentence_rows`]): its
    /// lower-case hash, its length and its capitals; the rest as for a word the lexicon lacks.
    fn plain(token: &str) -> Self {
        let mut lower = Hasher::new();
        let mut chars = 0usize;
        let mut capitalized = false;
        let mut upper = false;
        for c in token.chars() {
            let is_upper = c.is_uppercase();
            if chars == 0 {
                capitalized = is_upper;
            }
            upper |= is_upper;
            feed_lower(&mut lower, c);
            chars += 1;
        }
        TokenHashes {
            lower: lower.0,
            capitalized,
            upper,
            connector: token.len() <= 3 && CONNECTORS.contains(&token),
            length: chars.min(12) as u8,
            capitalised: 6,
            ..TokenHashes::default()
        }
    }

    /// All the hashes of a token, from its [`TokenHashes::plain`] ones and the word clusters.
    fn full(token: &str, plain: TokenHashes, clusters: &impl WordLookup) -> Self {
        let mut shape = Hasher::new();
        let mut last_class = None;
        for c in token.chars() {
            let class = shape_class(c);
            if last_class != Some(class) {
                shape.char(class);
                last_class = Some(class);
            }
        }
        // A prefix longer than the word is the word itself.
        let mut prefixes = [plain.lower; 3];
        let mut hasher = Hasher::new();
        for (prefix, c) in prefixes.iter_mut().zip(token.chars()) {
            feed_lower(&mut hasher, c);
            *prefix = hasher.0;
        }
        let mut suffixes = [0u64; AFFIXES];
        let mut tail = token.char_indices().rev();
        for suffix in &mut suffixes {
            let start = tail.next().map_or(0, |(at, _)| at);
            let mut hasher = Hasher::new();
            for c in token.get(start..).unwrap_or("").chars() {
                feed_lower(&mut hasher, c);
            }
            *suffix = hasher.0;
        }
        let (cluster, capitalised) = clusters.word(plain.lower);
        TokenHashes {
            cluster,
            capitalised,
            shape: shape.0,
            prefixes,
            suffixes,
            ..plain
        }
    }
}

/// Lower-case particles inside personal and place names ("Ursula von der Leyen", "Rio de
/// Janeiro", "Osama bin Laden", "Leonardo da Vinci").
pub(crate) const NAME_PARTICLES: [&str; 21] = [
    "al", "bin", "da", "das", "de", "dei", "del", "della", "den", "der", "di", "dos", "du", "el",
    "ibn", "la", "le", "ter", "van", "von", "zu",
];

/// The particles that English news writes in lower case at the head of a surname used alone
/// ("bin Laden", "van Gaal", "von der Leyen", "de Blasio", "da Silva", "del Potro", "dos
/// Santos", "du Plessis", "di Maio", "ter Stegen"). Not "la", "le", "el" or "al", which English
/// text also writes in other words ("a la carte", "et al.").
pub(crate) const OPENING_PARTICLES: [&str; 13] = [
    "bin", "ibn", "van", "von", "abu", "de", "da", "di", "del", "della", "dos", "du", "ter",
];

/// The token as a name's own word when it is one of the lower-case particles between two
/// capitalised words (at most three of them: "von der", "van den"), or an Arabic article
/// joined to a capitalised word after one ("Adel al-Jubeir"): written with a capital, so that
/// the tagger reads the name as one run. `None` for every other token.
pub(super) fn particle_as_capital<S: AsRef<str>>(tokens: &[S], i: usize) -> Option<String> {
    let word = tokens.get(i)?.as_ref();
    let capital = |t: &S| t.as_ref().chars().next().is_some_and(char::is_uppercase);
    let particle = |t: &S| NAME_PARTICLES.contains(&t.as_ref());
    let after_name = i > 0 && tokens.get(i - 1).is_some_and(|p| capital(p) || particle(p));
    if !after_name {
        return None;
    }
    let joined = word.split_once('-').is_some_and(|(head, tail)| {
        matches!(head, "al" | "el") && tail.chars().next().is_some_and(char::is_uppercase)
    });
    let chain_ends_in_name = || {
        // The particles run back to a capitalised word and on to one.
        let back = (0..i).rev().take_while(|&k| particle(&tokens[k])).count();
        let ahead = tokens[i..].iter().take_while(|t| particle(t)).count();
        back + ahead <= 3
            && i > back
            && capital(&tokens[i - back - 1])
            && tokens.get(i + ahead).is_some_and(capital)
    };
    if !(joined || particle(&tokens[i]) && chain_ends_in_name()) {
        return None;
    }
    let mut chars = word.chars();
    let first = chars.next()?;
    Some(first.to_uppercase().chain(chars).collect())
}

/// Tokens of padding at each end of a sentence.
const PAD: usize = 2;

/// Stands for the words before the sentence's first and after its last token.
fn padding(side: u64) -> TokenHashes {
    TokenHashes {
        lower: side,
        shape: side,
        prefixes: [side; 3],
        suffixes: [side; AFFIXES],
        ..TokenHashes::default()
    }
}

/// True when `word` holds an upper-case letter anywhere ("iPhone" too).
fn has_upper(word: &str) -> bool {
    if word.is_ascii() {
        word.bytes().any(|b| b.is_ascii_uppercase())
    } else {
        word.chars().any(char::is_uppercase)
    }
}

/// Runs of capitalised words that may make one name ("Bank of England"), as `(start, end)`
/// over `hashes` (padding included); a connector joins two capitalised words.
fn capitalised_runs(hashes: &[TokenHashes]) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < hashes.len() {
        if !hashes[i].capitalized {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        loop {
            if hashes.get(i).is_some_and(|h| h.capitalized) {
                i += 1;
            } else if hashes.get(i).is_some_and(|h| h.connector)
                && hashes.get(i + 1).is_some_and(|h| h.capitalized)
            {
                i += 2;
            } else {
                break;
            }
        }
        runs.push((start, i));
    }
    runs
}

/// For each token (padding included) in the longest name of `list` that starts at a
/// capitalised token: the name's code (masked by `mask`), 1 for its first token and 2 for the
/// others, and whether the name is the whole of its capitalised run; zeros elsewhere.
fn names_of(
    list: &super::places::Places,
    hashes: &[TokenHashes],
    run_of: &[Option<(usize, usize, usize)>],
    mask: u8,
) -> Vec<(u8, u64, u64)> {
    let mut out = vec![(0u8, 0u64, 0u64); hashes.len()];
    let mut i = PAD;
    while i < hashes.len() - PAD {
        if !hashes[i].capitalized {
            i += 1;
            continue;
        }
        let Some((taken, code)) =
            list.longest_at(hashes[i..hashes.len() - PAD].iter().map(|h| h.lower))
        else {
            i += 1;
            continue;
        };
        let whole = run_of[i].is_some_and(|(start, end, _)| start == i && end == i + taken);
        for (at, slot) in out.iter_mut().enumerate().skip(i).take(taken) {
            *slot = (code & mask, 1 + u64::from(at > i), u64::from(whole));
        }
        i += taken;
    }
    out
}

/// The lists the features look names up in.
#[derive(Clone, Copy)]
pub(crate) struct NameLists<'a> {
    /// GeoNames' places.
    pub places: &'a super::places::Places,
    /// The Census' given names and surnames.
    pub persons: &'a super::persons::Persons,
    /// WordNet's proper names.
    pub propers: &'a super::places::Places,
}

/// Writes the feature rows of the tokens of `tokens` into `rows`, `FEATURES` per token, each
/// reduced to `bits` bits.
///
/// With `kept`, only tokens with an upper-case letter in themselves or a neighbour get rows
/// (a name needs a capital nearby), and `kept` says which; without it every token does.
pub(crate) fn sentence_rows<S: AsRef<str>>(
    tokens: &[S],
    clusters: &impl WordLookup,
    lists: NameLists<'_>,
    bits: u32,
    rows: &mut Vec<u32>,
    mut kept: Option<&mut Vec<bool>>,
) {
    let NameLists {
        places,
        persons,
        propers,
    } = lists;
    rows.clear();
    if let Some(kept) = kept.as_deref_mut() {
        kept.clear();
    }
    let written: Vec<std::borrow::Cow<'_, str>> = tokens
        .iter()
        .enumerate()
        .map(|(i, t)| match particle_as_capital(tokens, i) {
            Some(written) => std::borrow::Cow::Owned(written),
            None => std::borrow::Cow::Borrowed(t.as_ref()),
        })
        .collect();
    // A kept token reads the shapes, affixes and clusters of itself and its neighbours, so
    // only tokens within two of a capital need them (in news, a third of all tokens); the
    // others need their lower-case hash alone (the words two places from a kept token, the
    // place names read on from a capital).
    let full: Vec<bool> = if kept.is_some() {
        let upper: Vec<bool> = written.iter().map(|w| has_upper(w)).collect();
        (0..upper.len())
            .map(|i| upper[i.saturating_sub(2)..(i + 3).min(upper.len())].contains(&true))
            .collect()
    } else {
        vec![true; written.len()]
    };
    let mut hashes = Vec::with_capacity(tokens.len() + 2 * PAD);
    hashes.extend([padding(1), padding(2)]);
    let plain: Vec<TokenHashes> = written.iter().map(|w| TokenHashes::plain(w)).collect();
    // The words' clusters are asked for all at once, so that the table's slots come in
    // together rather than one wait after another.
    for (token, _) in plain.iter().zip(&full).filter(|(_, full)| **full) {
        clusters.prefetch(token.lower);
    }
    hashes.extend(
        written
            .iter()
            .zip(&full)
            .zip(plain)
            .map(|((w, full), plain)| {
                if *full {
                    TokenHashes::full(w, plain, clusters)
                } else {
                    plain
                }
            }),
    );
    hashes.extend([padding(3), padding(4)]);
    rows.reserve(tokens.len() * FEATURES);
    let shift = 64 - bits;
    // For each token in a capitalised run: its first and last words, the words around it, and
    // where the token lies in it.
    let mut run_of = vec![None; hashes.len()];
    for (start, end) in capitalised_runs(&hashes) {
        for (i, slot) in run_of.iter_mut().enumerate().take(end).skip(start) {
            *slot = Some((start, end, i));
        }
    }
    // For each token in a name of the place list: the name's class, whether the token begins
    // it, and whether the name is the whole of a capitalised run ("Los Angeles", not "Los
    // Angeles Lakers"). A foreign name counts as the place's own ("Moscú" as "Moscow"): the
    // English the tagger learns from seldom writes one.
    let place_of = names_of(places, &hashes, &run_of, 7);
    // The same for a proper name WordNet holds, with all its classes ("Hamas", "French
    // Revolution"; `propers.rs`).
    let proper_of = names_of(propers, &hashes, &run_of, u8::MAX);
    // For each capitalised token, its class in the person list (given name of men, women or
    // both, surname, by how common): read for the token and with the class of each neighbour,
    // as a given name then a surname is the shape of most people's names.
    // Looked up once per token, as each is read by itself and by both neighbours.
    let person: Vec<u64> = hashes
        .iter()
        .map(|h| {
            if h.capitalized {
                u64::from(persons.code(h.lower))
            } else {
                0
            }
        })
        .collect();
    for i in PAD..hashes.len() - PAD {
        if let Some(kept) = kept.as_deref_mut() {
            let near_capital = hashes[i - 1].upper || hashes[i].upper || hashes[i + 1].upper;
            kept.push(near_capital);
            if !near_capital {
                continue;
            }
        }
        let run = run_of[i].map_or([0x51; 6], |(start, end, at)| {
            let place = u64::from(at == start) + 2 * u64::from(at + 1 == end);
            [
                hashes[start].lower,
                hashes[end - 1].lower,
                hashes[start - 1].lower,
                hashes.get(end).map_or(0, |h| h.lower),
                mix(place, (end - start).min(5) as u64),
                u64::from(hashes[end - 1].cluster),
            ]
        });
        let [p2, p1, w, n1, n2] = [
            &hashes[i - 2],
            &hashes[i - 1],
            &hashes[i],
            &hashes[i + 1],
            &hashes[i + 2],
        ];
        let first = i == PAD;
        let features: [u64; FEATURES] = [
            mix(1, 0),
            mix(2, w.lower),
            mix(3, p1.lower),
            mix(4, n1.lower),
            mix(5, p2.lower),
            mix(6, n2.lower),
            mix(7, w.shape),
            mix(8, p1.shape),
            mix(9, n1.shape),
            mix(10, w.prefixes[0]),
            mix(11, w.prefixes[1]),
            mix(12, w.prefixes[2]),
            mix(13, w.suffixes[0]),
            mix(14, w.suffixes[1]),
            mix(15, w.suffixes[2]),
            mix(16, w.suffixes[3]),
            mix(17, mix(p1.lower, w.lower)),
            mix(18, mix(w.lower, n1.lower)),
            mix(19, mix(mix(p1.shape, w.shape), n1.shape)),
            mix(20, mix(u64::from(first), w.shape)),
            mix(21, mix(p1.lower, w.shape)),
            mix(22, mix(w.shape, n1.lower)),
            mix(
                23,
                mix(
                    u64::from(w.length),
                    u64::from(w.capitalized) + 2 * u64::from(first),
                ),
            ),
            mix(24, mix(p2.lower, p1.lower)),
            mix(25, run[0]),
            mix(26, run[1]),
            mix(27, run[2]),
            mix(28, run[3]),
            mix(29, run[4]),
            mix(30, path_prefix(w.cluster, 4)),
            mix(31, path_prefix(w.cluster, 6)),
            mix(32, path_prefix(w.cluster, 10)),
            mix(33, u64::from(w.cluster)),
            mix(34, path_prefix(p1.cluster, 6)),
            mix(35, u64::from(p1.cluster)),
            mix(36, path_prefix(n1.cluster, 6)),
            mix(37, u64::from(n1.cluster)),
            mix(38, path_prefix(run[5] as u32, 6)),
            mix(39, run[5]),
            mix(40, u64::from(w.capitalised)),
            mix(
                41,
                mix(
                    u64::from(w.capitalised),
                    u64::from(w.capitalized) + 2 * u64::from(first),
                ),
            ),
            mix(42, mix(u64::from(place_of[i].0), place_of[i].1)),
            mix(43, mix(u64::from(place_of[i].0), place_of[i].2)),
            // Outside the list's names this is one constant feature, not the word before:
            // otherwise "in" before a name the list lacks would learn to doubt the place.
            mix(
                44,
                if place_of[i].0 == 0 {
                    0
                } else {
                    mix(u64::from(place_of[i].0), p1.lower)
                },
            ),
            mix(45, person[i]),
            mix(46, mix(person[i - 1], person[i])),
            mix(47, mix(person[i], person[i + 1])),
            mix(48, mix(u64::from(proper_of[i].0), proper_of[i].1)),
            mix(49, mix(u64::from(proper_of[i].0), proper_of[i].2)),
        ];
        rows.extend(features.iter().map(|h| (h >> shift) as u32));
    }
}
