//! The named-entity tagger: a linear model over hashed features with BIO tags, decoded with
//! Viterbi (or greedily), and the versioned file it is shipped in.
//!
//! The model holds one set of weights all annotation conventions share and, for each
//! [`Convention`], the weights that set it apart (Daumé's "frustratingly easy" domain
//! adaptation): tagging in a convention reads the shared weights plus its own, folded into one
//! table when the model is put to that convention, so tagging costs the same in any.
//!
//! File layout (little-endian): the magic `CORRNER\0`; the format version, the feature-set
//! version, the table size in bits and the tag count as `u32`; the scale the weights were
//! quantised with as `f32`; the checksums of the word-cluster file, of the place list, of the
//! person list and of the list of proper names the model was trained with as `u64`; the size
//! of each convention's table in bits and the number of conventions as `u32`; the shared transition scores (`(TAGS + 1) ×
//! TAGS` `i32`, the first row for the sentence start) and feature weights (`2^bits × TAGS`
//! `i16`); for each convention in [`Convention::ALL`]'s order, its transition scores and its
//! weights (`2^convention_bits × TAGS` `i16`, read at a row's low bits); and an FNV-1a checksum
//! of everything before it as `u64`.

use super::Lexicon;
use super::features::{FEATURE_VERSION, FEATURES, NameLists, fnv1a, sentence_rows};
use super::persons::Persons;
use super::places::Places;
use model::EntityKind;
use std::fmt;

/// O, then B and I for each of the four kinds.
pub(crate) const TAGS: usize = 1 + 2 * EntityKind::ALL.len();

const MAGIC: &[u8; 8] = b"CORRNER\0";
/// The version of the file layout.
pub(crate) const FORMAT_VERSION: u32 = 6;
const HEADER: usize = 8 + 4 * 4 + 4 + 8 + 8 + 8 + 8 + 4 + 4;
/// The smallest and largest weight tables a file may hold, in bits.
pub(crate) const MIN_BITS: u32 = 8;
pub(crate) const MAX_BITS: u32 = 24;

/// Why a model file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModelError {
    /// The file does not start with the magic bytes of a Corroborate NER model.
    NotAModel,
    /// The file is a model of another format version.
    Version(u32),
    /// The model was trained on another feature set than this code computes.
    FeatureSet(u32),
    /// The header holds a table size or tag count this code cannot use.
    Header(String),
    /// The file is shorter or longer than its header says.
    Length { expected: usize, found: usize },
    /// The checksum does not match the contents.
    Checksum,
    /// The shipped word clusters cannot be read, or are not those the model was trained with.
    Clusters(String),
    /// The shipped place list cannot be read, or is not the one the model was trained with.
    Places(String),
    /// The shipped person list cannot be read, or is not the one the model was trained with.
    Persons(String),
    /// The shipped list of proper names cannot be read, or is not the one the model was
    /// trained with.
    Propers(String),
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ModelError::NotAModel => f.write_str("not a named-entity model: bad magic bytes"),
            ModelError::Version(v) => write!(
                f,
                "named-entity model has format version {v}, this build reads {FORMAT_VERSION}"
            ),
            ModelError::FeatureSet(v) => write!(
                f,
                "named-entity model was trained on feature set {v}, this build computes {FEATURE_VERSION}; retrain it"
            ),
            ModelError::Header(message) => write!(f, "named-entity model header: {message}"),
            ModelError::Length { expected, found } => write!(
                f,
                "named-entity model is {found} bytes long, its header says {expected}"
            ),
            ModelError::Checksum => f.write_str("named-entity model checksum does not match"),
            ModelError::Clusters(message)
            | ModelError::Places(message)
            | ModelError::Persons(message)
            | ModelError::Propers(message) => {
                write!(f, "named-entity model: {message}")
            }
        }
    }
}

impl std::error::Error for ModelError {}

/// How a sentence's tags are chosen from the scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Decoder {
    /// The best-scoring tag sequence (first-order Viterbi).
    #[default]
    Viterbi,
    /// Left to right, each tag the best given the one before.
    Greedy,
}

/// A named entity found among a sentence's tokens: tokens `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TokenEntity {
    pub start: usize,
    pub end: usize,
    pub kind: EntityKind,
}

/// The guidelines a set of names was annotated by. The open sets disagree on what a name is
/// and which kind it has: CoNLL-2003 and wikigold mark nationalities ("Syrian") as other names
/// and a city's football team as an organisation, GUM and re3d mark every mention of a thing
/// and count only its capitalised end as a name, WNUT17 marks products and creative works. A
/// model trained on all of them together learns an average of the four that none follows;
/// one that keeps each convention's own weights beside the shared ones can tag in any of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Convention {
    /// CoNLL-2003's guidelines (person, organisation, location, miscellaneous), which
    /// wikigold follows: the convention of news named-entity work, whose own weights `claims`
    /// tags articles with at [`NEWS_SHARE`].
    Conll,
    /// WNUT17's emerging entities in social media.
    Wnut17,
    /// re3d's defence and security documents.
    Re3d,
    /// GUM's entity layer (every mention; its named part counts).
    Gum,
}

impl Convention {
    /// Every convention, in the order a model file stores them.
    pub const ALL: [Convention; 4] = [
        Convention::Conll,
        Convention::Wnut17,
        Convention::Re3d,
        Convention::Gum,
    ];

    /// The convention's name on the command line and in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Convention::Conll => "conll",
            Convention::Wnut17 => "wnut17",
            Convention::Re3d => "re3d",
            Convention::Gum => "gum",
        }
    }

    /// Its place in [`Convention::ALL`].
    pub(crate) fn index(self) -> usize {
        match self {
            Convention::Conll => 0,
            Convention::Wnut17 => 1,
            Convention::Re3d => 2,
            Convention::Gum => 3,
        }
    }
}

/// The convention a model tags in when none is asked for: the news one.
pub const DEFAULT_CONVENTION: Convention = Convention::Conll;

/// How much of [`DEFAULT_CONVENTION`]'s own weights articles are tagged with. They are learned
/// from wikigold's 1,400 Wikipedia sentences alone, where an unknown name is often a band, an
/// album or a club; in news it is more often a person, so the articles get half of them.
pub const NEWS_SHARE: f32 = 0.5;

/// The tag number of "B-kind" (`inside` false) or "I-kind".
pub(crate) fn tag_of(kind: EntityKind, inside: bool) -> usize {
    let index = EntityKind::ALL
        .iter()
        .position(|k| *k == kind)
        .unwrap_or_default();
    1 + 2 * index + usize::from(inside)
}

/// The kind a tag marks and whether it continues an entity; `None` for O.
fn kind_of_tag(tag: usize) -> Option<(EntityKind, bool)> {
    let index = tag.checked_sub(1)?;
    EntityKind::ALL
        .get(index / 2)
        .map(|kind| (*kind, index % 2 == 1))
}

/// True when tag `next` may follow tag `previous` (`None` at the sentence start): an I tag
/// only continues its own kind.
pub(crate) fn allowed(previous: Option<usize>, next: usize) -> bool {
    match kind_of_tag(next) {
        Some((kind, true)) => previous
            .and_then(kind_of_tag)
            .is_some_and(|(before, _)| before == kind),
        _ => true,
    }
}

/// BIO tags for `count` tokens holding `entities` (overlaps keep the first).
pub(crate) fn tags_of(entities: &[TokenEntity], count: usize) -> Vec<u8> {
    let mut tags = vec![0u8; count];
    for entity in entities {
        let end = entity.end.min(count);
        if entity.start >= end || tags[entity.start..end].iter().any(|t| *t != 0) {
            continue;
        }
        for (i, tag) in tags[entity.start..end].iter_mut().enumerate() {
            *tag = tag_of(entity.kind, i > 0) as u8;
        }
    }
    tags
}

/// The entities a BIO tag sequence marks.
pub(crate) fn entities_of(tags: &[u8]) -> Vec<TokenEntity> {
    let mut entities: Vec<TokenEntity> = Vec::new();
    for (i, tag) in tags.iter().enumerate() {
        match kind_of_tag(usize::from(*tag)) {
            None => {}
            Some((kind, true))
                if entities
                    .last()
                    .is_some_and(|e| e.end == i && e.kind == kind) =>
            {
                if let Some(last) = entities.last_mut() {
                    last.end = i + 1;
                }
            }
            Some((kind, _)) => entities.push(TokenEntity {
                start: i,
                end: i + 1,
                kind,
            }),
        }
    }
    entities
}

/// Weights of a linear tagger: one row of `TAGS` scores per hashed feature, and the scores of
/// each tag after each other tag.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Table {
    /// `(TAGS + 1) × TAGS`: row 0 is the sentence start, row `t + 1` follows tag `t`.
    pub transitions: Vec<i32>,
    /// `2^bits × TAGS`.
    pub weights: Vec<i16>,
}

/// A named-entity tagger: the shared weights, each convention's own, and the two folded
/// together for the convention it tags in.
#[derive(Clone)]
pub struct NerModel {
    /// The word clusters the features read.
    pub(crate) lexicon: &'static Lexicon,
    /// The place list, the person list and the proper names the features read.
    pub(crate) lists: NameLists<'static>,
    pub(crate) bits: u32,
    /// The size of each convention's table, in bits (at most `bits`).
    pub(crate) convention_bits: u32,
    pub(crate) scale: f32,
    /// The weights every convention shares.
    pub(crate) shared: std::sync::Arc<Table>,
    /// Each convention's own weights, in [`Convention::ALL`]'s order.
    pub(crate) own: std::sync::Arc<Vec<Table>>,
    /// The convention tagging follows (`None`: the shared weights alone).
    pub(crate) convention: Option<Convention>,
    /// How much of the convention's own weights tagging adds to the shared ones (1: all).
    pub(crate) share: f32,
    /// The shared weights plus the convention's own, in one byte a weight: what tagging
    /// reads.
    pub(crate) folded: std::sync::Arc<Folded>,
    /// The transitions as decoding reads them, built on first use.
    pub(crate) matrix: std::sync::OnceLock<Transitions>,
}

/// The weights tagging reads: a [`Table`] rescaled so that its largest weight is 127 and
/// rounded to `i8`, with its transitions on the same scale. A table of one byte a weight is
/// half the size (2.4 MB at 2^18 rows), so more of it stays in a core's cache, and the
/// memory reads that summing a token's rows waits on are what tagging spends most on.
#[derive(Clone, Default)]
pub(crate) struct Folded {
    /// `(TAGS + 1) × TAGS`, as in [`Table`].
    pub transitions: Vec<i32>,
    /// `2^bits × TAGS`.
    pub weights: Vec<i8>,
}

impl Folded {
    pub(crate) fn of(table: &Table) -> Folded {
        let largest = table
            .weights
            .iter()
            .map(|w| w.unsigned_abs())
            .max()
            .unwrap_or(0);
        let step = if largest == 0 {
            1.0
        } else {
            f32::from(largest) / f32::from(i8::MAX)
        };
        Folded {
            transitions: table
                .transitions
                .iter()
                .map(|t| (f64::from(*t) / f64::from(step)).round() as i32)
                .collect(),
            weights: table
                .weights
                .iter()
                .map(|w| (f32::from(*w) / step).round().clamp(-127.0, 127.0) as i8)
                .collect(),
        }
    }
}

/// `shared` plus `share` times `own` (a table of `2^own_bits` rows read at the low bits of a
/// row), rounded into a [`Folded`] table.
pub(crate) fn fold(shared: &Table, own: Option<&Table>, own_bits: u32, share: f32) -> Folded {
    Folded::of(&fold_exact(shared, own, own_bits, share))
}

/// `shared` plus `share` times `own`, at the model's own scale.
fn fold_exact(shared: &Table, own: Option<&Table>, own_bits: u32, share: f32) -> Table {
    let Some(own) = own else {
        return shared.clone();
    };
    let mask = (1usize << own_bits) - 1;
    let part = |b: f32| (b * share).round();
    let add = |a: i16, b: i16| (f32::from(a) + part(f32::from(b))).clamp(-32767.0, 32767.0) as i16;
    Table {
        transitions: shared
            .transitions
            .iter()
            .zip(&own.transitions)
            .map(|(a, b)| a.saturating_add((f64::from(*b) * f64::from(share)).round() as i32))
            .collect(),
        weights: shared
            .weights
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let at = ((i / TAGS) & mask) * TAGS + i % TAGS;
                add(*w, own.weights.get(at).copied().unwrap_or(0))
            })
            .collect(),
    }
}

/// Transition scores ready for decoding: row 0 is the sentence start, row `t + 1` follows tag
/// `t`; a transition BIO forbids scores [`BLOCKED`].
pub(crate) type Transitions = [[i64; TAGS]; TAGS + 1];

/// The score of a path that may not be taken.
pub(crate) const BLOCKED: i64 = i64::MIN / 4;

/// `scores` (`(TAGS + 1) × TAGS`, as a model stores them) with the forbidden moves blocked.
pub(crate) fn transition_matrix(scores: impl Fn(usize) -> i64) -> Transitions {
    let mut matrix = [[BLOCKED; TAGS]; TAGS + 1];
    for (row, targets) in matrix.iter_mut().enumerate() {
        let previous = row.checked_sub(1);
        for (next, slot) in targets.iter_mut().enumerate() {
            if allowed(previous, next) {
                *slot = scores(row * TAGS + next);
            }
        }
    }
    matrix
}

impl PartialEq for NerModel {
    fn eq(&self, other: &Self) -> bool {
        (
            self.lexicon.checksum,
            self.lists.places.checksum,
            self.lists.persons.checksum,
            self.lists.propers.checksum,
            self.bits,
            self.convention_bits,
            self.scale.to_bits(),
            &self.shared,
            &self.own,
            self.convention,
            self.share.to_bits(),
        ) == (
            other.lexicon.checksum,
            other.lists.places.checksum,
            other.lists.persons.checksum,
            other.lists.propers.checksum,
            other.bits,
            other.convention_bits,
            other.scale.to_bits(),
            &other.shared,
            &other.own,
            other.convention,
            other.share.to_bits(),
        )
    }
}

impl fmt::Debug for NerModel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NerModel")
            .field("bits", &self.bits)
            .field("convention_bits", &self.convention_bits)
            .field("convention", &self.convention)
            .field("share", &self.share)
            .field("clusters", &self.lexicon.checksum)
            .field("places", &self.lists.places.checksum)
            .field("persons", &self.lists.persons.checksum)
            .field("propers", &self.lists.propers.checksum)
            .field("scale", &self.scale)
            .finish_non_exhaustive()
    }
}

/// The shipped word clusters, or why a model cannot use them.
pub(crate) fn lexicon() -> Result<&'static Lexicon, ModelError> {
    super::shipped_clusters().map_err(|e| ModelError::Clusters(e.to_string()))
}

/// The shipped place list, or why a model cannot use it.
pub(crate) fn places() -> Result<&'static Places, ModelError> {
    super::places::shipped_places().map_err(|e| ModelError::Places(e.to_string()))
}

/// The shipped person list, or why a model cannot use it.
pub(crate) fn persons() -> Result<&'static Persons, ModelError> {
    super::persons::shipped_persons().map_err(|e| ModelError::Persons(e.to_string()))
}

/// The shipped list of proper names, or why a model cannot use it.
pub(crate) fn propers() -> Result<&'static Places, ModelError> {
    super::propers::shipped_propers().map_err(|e| ModelError::Propers(e.to_string()))
}

/// Reads a little-endian `u64` at `at`.
fn read_u64(bytes: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?))
}

/// The word clusters and the lists a model's features read.
pub(crate) type Lists = (&'static Lexicon, NameLists<'static>);

/// Reads a little-endian `u32` at `at`.
fn read_u32(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

impl NerModel {
    /// Reads a model file, checking its version, size and checksum.
    pub fn from_bytes(bytes: &[u8]) -> Result<NerModel, ModelError> {
        if bytes.get(..MAGIC.len()) != Some(MAGIC.as_slice()) {
            return Err(ModelError::NotAModel);
        }
        let field = |i: usize| {
            read_u32(bytes, 8 + 4 * i).ok_or(ModelError::Length {
                expected: HEADER,
                found: bytes.len(),
            })
        };
        let version = field(0)?;
        if version != FORMAT_VERSION {
            return Err(ModelError::Version(version));
        }
        let features = field(1)?;
        if features != FEATURE_VERSION {
            return Err(ModelError::FeatureSet(features));
        }
        let bits = field(2)?;
        if !(MIN_BITS..=MAX_BITS).contains(&bits) {
            return Err(ModelError::Header(format!(
                "table of {bits} bits, expected {MIN_BITS} to {MAX_BITS}"
            )));
        }
        let tags = field(3)? as usize;
        if tags != TAGS {
            return Err(ModelError::Header(format!("{tags} tags, expected {TAGS}")));
        }
        let scale = f32::from_bits(field(4)?);
        let short = ModelError::Length {
            expected: HEADER,
            found: bytes.len(),
        };
        let clusters = read_u64(bytes, HEADER - 40).ok_or(short.clone())?;
        let place_list = read_u64(bytes, HEADER - 32).ok_or(short.clone())?;
        let person_list = read_u64(bytes, HEADER - 24).ok_or(short.clone())?;
        let proper_list = read_u64(bytes, HEADER - 16).ok_or(short)?;
        let lexicon = lexicon()?;
        if clusters != lexicon.checksum {
            return Err(ModelError::Clusters(format!(
                "trained with word clusters {clusters:016x}, this build ships {:016x}; retrain it",
                lexicon.checksum
            )));
        }
        let places = places()?;
        if place_list != places.checksum {
            return Err(ModelError::Places(format!(
                "trained with place list {place_list:016x}, this build ships {:016x}; retrain it",
                places.checksum
            )));
        }
        let persons = persons()?;
        if person_list != persons.checksum {
            return Err(ModelError::Persons(format!(
                "trained with person list {person_list:016x}, this build ships {:016x}; retrain it",
                persons.checksum
            )));
        }
        let propers = propers()?;
        if proper_list != propers.checksum {
            return Err(ModelError::Propers(format!(
                "trained with proper names {proper_list:016x}, this build ships {:016x}; retrain it",
                propers.checksum
            )));
        }
        let convention_bits = read_u32(bytes, HEADER - 8).ok_or(ModelError::Length {
            expected: HEADER,
            found: bytes.len(),
        })?;
        if !(MIN_BITS..=bits).contains(&convention_bits) {
            return Err(ModelError::Header(format!(
                "convention tables of {convention_bits} bits, expected {MIN_BITS} to {bits}"
            )));
        }
        let conventions = read_u32(bytes, HEADER - 4).unwrap_or_default() as usize;
        if conventions != Convention::ALL.len() {
            return Err(ModelError::Header(format!(
                "{conventions} conventions, expected {}",
                Convention::ALL.len()
            )));
        }
        let transition_count = (TAGS + 1) * TAGS;
        let table_bytes = |bits: u32| 4 * transition_count + 2 * (1usize << bits) * TAGS;
        let expected = HEADER + table_bytes(bits) + conventions * table_bytes(convention_bits) + 8;
        if bytes.len() != expected {
            return Err(ModelError::Length {
                expected,
                found: bytes.len(),
            });
        }
        let body = &bytes[..expected - 8];
        let stored = u64::from_le_bytes(
            bytes[expected - 8..]
                .try_into()
                .map_err(|_| ModelError::Checksum)?,
        );
        if fnv1a(body) != stored {
            return Err(ModelError::Checksum);
        }
        let read_table = |at: usize, bits: u32| {
            let transitions_end = at + 4 * transition_count;
            let end = at + table_bytes(bits);
            Table {
                transitions: bytes[at..transitions_end]
                    .chunks_exact(4)
                    .map(|c| i32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                    .collect(),
                weights: bytes[transitions_end..end]
                    .chunks_exact(2)
                    .map(|c| i16::from_le_bytes([c[0], c[1]]))
                    .collect(),
            }
        };
        let shared = read_table(HEADER, bits);
        let own = (0..conventions)
            .map(|k| {
                read_table(
                    HEADER + table_bytes(bits) + k * table_bytes(convention_bits),
                    convention_bits,
                )
            })
            .collect();
        Ok(NerModel::assemble(
            (
                lexicon,
                NameLists {
                    places,
                    persons,
                    propers,
                },
            ),
            bits,
            convention_bits,
            scale,
            shared,
            own,
        ))
    }

    /// A model of these tables, tagging in [`DEFAULT_CONVENTION`].
    pub(crate) fn assemble(
        (lexicon, lists): Lists,
        bits: u32,
        convention_bits: u32,
        scale: f32,
        shared: Table,
        own: Vec<Table>,
    ) -> NerModel {
        let model = NerModel {
            lexicon,
            lists,
            bits,
            convention_bits,
            scale,
            folded: std::sync::Arc::new(Folded::default()),
            shared: std::sync::Arc::new(shared),
            own: std::sync::Arc::new(own),
            convention: None,
            share: 0.0,
            matrix: std::sync::OnceLock::new(),
        };
        model.blended(Some(DEFAULT_CONVENTION), NEWS_SHARE)
    }

    /// The same model tagging in `convention` (`None`: with the shared weights alone, the
    /// average of the conventions it was trained on).
    pub fn with_convention(&self, convention: Option<Convention>) -> NerModel {
        self.blended(convention, 1.0)
    }

    /// The same model tagging with the shared weights plus `share` (0 to 1) of `convention`'s
    /// own.
    pub fn blended(&self, convention: Option<Convention>, share: f32) -> NerModel {
        let share = if convention.is_some() {
            share.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let own = convention.and_then(|c| self.own.get(c.index()));
        NerModel {
            convention,
            share,
            folded: std::sync::Arc::new(fold(&self.shared, own, self.convention_bits, share)),
            matrix: std::sync::OnceLock::new(),
            ..self.clone()
        }
    }

    /// The convention the model tags in, and how much of its own weights it adds.
    pub fn convention(&self) -> (Option<Convention>, f32) {
        (self.convention, self.share)
    }

    /// The model as a file [`NerModel::from_bytes`] reads back.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::new();
        bytes.extend_from_slice(MAGIC);
        for value in [FORMAT_VERSION, FEATURE_VERSION, self.bits, TAGS as u32] {
            bytes.extend_from_slice(&value.to_le_bytes());
        }
        bytes.extend_from_slice(&self.scale.to_bits().to_le_bytes());
        bytes.extend_from_slice(&self.lexicon.checksum.to_le_bytes());
        for list in [
            self.lists.places.checksum,
            self.lists.persons.checksum,
            self.lists.propers.checksum,
        ] {
            bytes.extend_from_slice(&list.to_le_bytes());
        }
        bytes.extend_from_slice(&self.convention_bits.to_le_bytes());
        bytes.extend_from_slice(&(self.own.len() as u32).to_le_bytes());
        for table in std::iter::once(&*self.shared).chain(self.own.iter()) {
            for value in &table.transitions {
                bytes.extend_from_slice(&value.to_le_bytes());
            }
            for value in &table.weights {
                bytes.extend_from_slice(&value.to_le_bytes());
            }
        }
        let checksum = fnv1a(&bytes);
        bytes.extend_from_slice(&checksum.to_le_bytes());
        bytes
    }

    /// The same model tagging as if the place list held no name: how it reads the places the
    /// list lacks (`eval ner --without-places`).
    pub fn without_places(&self) -> NerModel {
        NerModel {
            lists: NameLists {
                places: super::places::no_places(),
                ..self.lists
            },
            matrix: std::sync::OnceLock::new(),
            ..self.clone()
        }
    }

    /// The size of the weight table in bits.
    pub fn bits(&self) -> u32 {
        self.bits
    }

    /// The named entities among one sentence's tokens.
    pub fn entities<S: AsRef<str>>(&self, tokens: &[S], decoder: Decoder) -> Vec<TokenEntity> {
        let mut scratch = Scratch::default();
        self.tag(tokens, decoder, &mut scratch);
        entities_of(&scratch.tags)
    }

    /// Tags one sentence into `scratch.tags`.
    pub(crate) fn tag<S: AsRef<str>>(&self, tokens: &[S], decoder: Decoder, scratch: &mut Scratch) {
        // The shipped clusters are also in the table of word facts the attribution tagger
        // reads; a model on them reads that table, so one table of words stays in the cache.
        let shipped = super::shipped_clusters().is_ok_and(|l| std::ptr::eq(l, self.lexicon));
        let (rows, kept) = (&mut scratch.rows, Some(&mut scratch.kept));
        if shipped {
            let facts = crate::senses::shipped_word_facts();
            sentence_rows(tokens, facts, self.lists, self.bits, rows, kept);
        } else {
            let lookup = &self.lexicon.lookup;
            sentence_rows(tokens, lookup, self.lists, self.bits, rows, kept);
        }
        scratch.scores.clear();
        // The rows of the scored token `AHEAD` on are asked for while this one's add up: each
        // is a random read from a table larger than the cache.
        const AHEAD: usize = 2;
        let chunk = |at: usize| scratch.rows.get(at * FEATURES..(at + 1) * FEATURES);
        for at in 0..AHEAD {
            for &row in chunk(at).unwrap_or(&[]) {
                prefetch_index::prefetch_index(&self.folded.weights, row as usize * TAGS);
            }
        }
        let mut next = 0;
        for &kept in &scratch.kept {
            // A token with no capital near it is outside every name.
            let Some(rows) = kept.then(|| chunk(next)).flatten() else {
                let mut score = [0i32; TAGS];
                score[0] = OUTSIDE;
                scratch.scores.push(score);
                continue;
            };
            for &row in chunk(next + AHEAD).unwrap_or(&[]) {
                prefetch_index::prefetch_index(&self.folded.weights, row as usize * TAGS);
            }
            next += 1;
            let mut score = [0i32; TAGS];
            for &row in rows {
                let start = row as usize * TAGS;
                if let Some(weights) = self.folded.weights.get(start..start + TAGS) {
                    for (s, w) in score.iter_mut().zip(weights) {
                        *s += i32::from(*w);
                    }
                }
            }
            scratch.scores.push(score);
        }
        let transitions = self.matrix.get_or_init(|| {
            transition_matrix(|at| i64::from(self.folded.transitions.get(at).copied().unwrap_or(0)))
        });
        decode(
            &scratch.scores,
            transitions,
            decoder,
            &mut scratch.back,
            &mut scratch.tags,
        );
    }
}

/// The score that makes a token with no capital near it O.
const OUTSIDE: i32 = 1 << 28;

/// Buffers reused from one sentence to the next.
#[derive(Default)]
pub(crate) struct Scratch {
    rows: Vec<u32>,
    kept: Vec<bool>,
    scores: Vec<[i32; TAGS]>,
    back: Vec<[u8; TAGS]>,
    pub tags: Vec<u8>,
}

/// The tags of a sentence with emission `scores`, given the `transitions`.
pub(crate) fn decode<S: Copy + Into<i64>>(
    scores: &[[S; TAGS]],
    transitions: &Transitions,
    decoder: Decoder,
    back: &mut Vec<[u8; TAGS]>,
    tags: &mut Vec<u8>,
) {
    tags.clear();
    let Some((first, rest)) = scores.split_first() else {
        return;
    };
    match decoder {
        Decoder::Greedy => {
            let mut row = &transitions[0];
            for score in scores {
                let mut best = (i64::MIN, 0usize);
                for (tag, (s, t)) in score.iter().zip(row).enumerate() {
                    let total = (*s).into() + t;
                    if total > best.0 {
                        best = (total, tag);
                    }
                }
                tags.push(best.1 as u8);
                row = &transitions[best.1 + 1];
            }
        }
        Decoder::Viterbi => {
            back.clear();
            let mut path = [0i64; TAGS];
            for (tag, total) in path.iter_mut().enumerate() {
                *total = first[tag].into() + transitions[0][tag];
            }
            back.push([0; TAGS]);
            for score in rest {
                let mut next = [i64::MIN; TAGS];
                let mut from = [0u8; TAGS];
                for (previous, &before) in path.iter().enumerate() {
                    let row = &transitions[previous + 1];
                    for tag in 0..TAGS {
                        let total = before + row[tag];
                        if total > next[tag] {
                            next[tag] = total;
                            from[tag] = previous as u8;
                        }
                    }
                }
                for (total, s) in next.iter_mut().zip(score) {
                    *total = total.saturating_add((*s).into()).max(BLOCKED);
                }
                path = next;
                back.push(from);
            }
            let mut best = 0usize;
            for tag in 1..TAGS {
                if path[tag] > path[best] {
                    best = tag;
                }
            }
            tags.resize(scores.len(), 0);
            for i in (0..scores.len()).rev() {
                tags[i] = best as u8;
                best = usize::from(back[i][best]);
            }
        }
    }
}
