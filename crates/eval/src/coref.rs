//! Cross-document event and entity coreference on ECB+ (Cybulska and Vossen 2014): the reader,
//! the gold chains, the CoNLL metrics (MUC, B³, CEAF-e) and the same-head-lemma baseline.
//!
//! Layout: `<topic>/*.xml` anywhere below the folder given, in the ECB+ 1.0 format (tokens with
//! their sentence number, `<Markables>` whose `<token_anchor>`s name their tokens, and
//! `<Relations>`), plus `ECBplus_coreference_sentences.csv`, the sentences validated for
//! coreference, anywhere below the folder or beside the topic folders. As in the ECB+ papers,
//! only the mentions of those sentences are clustered and scored; a topic the list does not
//! name (or every topic, when there is no list) is scored on all its annotated mentions.
//!
//! Mentions: a markable with token anchors whose tag starts with `ACTION` or `NEG_ACTION` is an
//! event; one starting with `HUMAN`, `NON_HUMAN`, `LOC` or `TIME` is an entity; markables
//! without anchors are instance placeholders. Chains: the mentions of a `CROSS_DOC_COREF`
//! relation share its `note` (the instance id); those of an `INTRA_DOC_COREF` relation share an
//! id unique to their document; any other mention is a singleton.
//!
//! Scoring follows the reference CoNLL scorer (v8.01; Pradhan et al. 2014): MUC (Vilain et al.
//! 1995), B³ (Bagga and Baldwin 1998) and CEAF-e (Luo 2005, the entity-based φ4 with the optimal
//! one-to-one alignment) over all the mentions of the split at once, and the CoNLL F1, their
//! mean. Events and entities are scored apart; both the system and the baseline cluster within
//! gold topics, and singletons count. Figures without singletons drop the singleton chains
//! from the key and the singleton clusters from the response before scoring.

use crate::EvalError;
use crate::metrics::f1;
use compare::coref::{
    self, CandidatePair, CorefConfig, CorefDocument, FEATURE_COUNT, Mention, MentionKind,
    PairWeights,
};
use quick_xml::events::{BytesStart, Event};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Instant;
use text::Analyzer;

/// The development topics of the usual split (Cybulska and Vossen 2015); topics 1 to 35
/// otherwise train, and 36 to 45 are the test topics.
pub const DEV_TOPICS: [u32; 8] = [2, 5, 12, 18, 21, 23, 34, 35];

/// The name of the validated-sentence list ECB+ ships.
const SENTENCE_LIST_SUFFIX: &str = "coreference_sentences.csv";

/// Which topics to score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    /// Every topic found.
    All,
    Dev,
    /// Topics 1 to 35 outside the development topics.
    Train,
    /// Topics 36 to 45.
    Test,
}

impl Split {
    /// Whether the topic named `topic` (a folder name such as `12`) belongs to the split. A
    /// topic whose name is not a number is in `All` only.
    pub fn contains(self, topic: &str) -> bool {
        let number = topic.trim().parse::<u32>().ok();
        match (self, number) {
            (Split::All, _) => true,
            (_, None) => false,
            (Split::Dev, Some(n)) => DEV_TOPICS.contains(&n),
            (Split::Train, Some(n)) => (1..=35).contains(&n) && !DEV_TOPICS.contains(&n),
            (Split::Test, Some(n)) => (36..=45).contains(&n),
        }
    }
}

/// One annotated mention of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldMention {
    /// Index into the document's sentences.
    pub sentence: usize,
    /// The tokens of the sentence from its first anchor to its last.
    pub tokens: Range<usize>,
    pub kind: MentionKind,
    /// The markable's tag, such as `ACTION_OCCURRENCE` or `HUMAN_PART_PER`.
    pub tag: String,
    /// The gold chain: the cross-document instance id, or an id unique to the document for an
    /// intra-document chain or a singleton.
    pub chain: String,
}

/// One ECB+ document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The folder the file is in, such as `12`.
    pub topic: String,
    /// The file name without `.xml`, such as `12_3ecbplus`.
    pub name: String,
    /// Tokens by sentence, in order of sentence number.
    pub sentences: Vec<Vec<String>>,
    /// The `sentence` attribute of each sentence.
    pub sentence_numbers: Vec<u32>,
    pub mentions: Vec<GoldMention>,
}

/// The documents found below a folder.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    pub documents: Vec<Document>,
    /// Files that could not be read, each with the reason; the others were read.
    pub problems: Vec<String>,
    /// The validated sentences, by document name, when a sentence list was found.
    pub sentence_list: Option<SentenceList>,
}

/// The validated sentences of `ECBplus_coreference_sentences.csv`.
#[derive(Debug, Clone, Default)]
pub struct SentenceList {
    /// The files the list was read from.
    pub files: Vec<PathBuf>,
    /// Document name (`<topic>_<file>`) → validated sentence numbers.
    pub sentences: HashMap<String, HashSet<u32>>,
    /// The topics the list names.
    pub topics: HashSet<String>,
}

impl SentenceList {
    /// Reads `Topic,File,Sentence Number` rows (a header line and malformed rows are skipped).
    pub fn parse(text: &str, list: &mut SentenceList) {
        for line in text.lines() {
            let fields: Vec<&str> = line.split(',').map(str::trim).collect();
            let [topic, file, sentence] = fields.as_slice() else {
                continue;
            };
            let Ok(number) = sentence.parse::<u32>() else {
                continue;
            };
            list.sentences
                .entry(format!("{topic}_{file}"))
                .or_default()
                .insert(number);
            list.topics.insert(topic.to_string());
        }
    }
}

/// Reads every `*.xml` below `dir` and the sentence list. A file that does not parse is named
/// in `problems` and the others are read; no readable document at all is an error.
pub fn load(dir: &Path) -> Result<Corpus, EvalError> {
    let files = crate::files_below(dir, &[".xml"], "ECB+ <topic>/*.xml files")?;
    let mut corpus = Corpus::default();
    for file in &files {
        let (xml, name) = match crate::read_named(file) {
            Ok(read) => read,
            Err(error) => {
                corpus.problems.push(error.to_string());
                continue;
            }
        };
        let topic = file
            .parent()
            .and_then(Path::file_name)
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match parse_document(&topic, &name, &xml) {
            Ok(document) => corpus.documents.push(document),
            Err(message) => corpus
                .problems
                .push(format!("failed to parse {}: {message}", file.display())),
        }
    }
    if corpus.documents.is_empty() {
        return Err(EvalError::NoData(
            dir.display().to_string(),
            "readable ECB+ <topic>/*.xml files",
        ));
    }
    corpus.sentence_list = find_sentence_list(dir, &files, &mut corpus.problems);
    Ok(corpus)
}

/// The sentence lists below `dir`, or else beside the XML files' folders.
fn find_sentence_list(
    dir: &Path,
    xml_files: &[PathBuf],
    problems: &mut Vec<String>,
) -> Option<SentenceList> {
    let mut candidates: Vec<PathBuf> =
        crate::files_below(dir, &[SENTENCE_LIST_SUFFIX], "").unwrap_or_default();
    if candidates.is_empty() {
        let mut folders: Vec<&Path> = xml_files
            .iter()
            .filter_map(|f| f.parent())
            .flat_map(|p| [Some(p), p.parent()])
            .flatten()
            .collect();
        folders.sort();
        folders.dedup();
        for folder in folders {
            let Ok(entries) = std::fs::read_dir(folder) else {
                continue;
            };
            let mut found: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file() && p.to_string_lossy().ends_with(SENTENCE_LIST_SUFFIX))
                .collect();
            found.sort();
            candidates.extend(found);
        }
    }
    let mut list = SentenceList::default();
    for file in candidates {
        match std::fs::read_to_string(&file) {
            Ok(text) => {
                SentenceList::parse(&text, &mut list);
                list.files.push(file);
            }
            Err(error) => problems.push(format!("failed to read {}: {error}", file.display())),
        }
    }
    (!list.files.is_empty()).then_some(list)
}

/// The kind of a markable tag, or `None` for a tag that is neither (such as
/// `UNKNOWN_INSTANCE_TAG`).
pub fn tag_kind(tag: &str) -> Option<MentionKind> {
    if tag.starts_with("ACTION") || tag.starts_with("NEG_ACTION") {
        Some(MentionKind::Event)
    } else if ["HUMAN", "NON_HUMAN", "LOC", "TIME"]
        .iter()
        .any(|prefix| tag.starts_with(prefix))
    {
        Some(MentionKind::Entity)
    } else {
        None
    }
}

fn attribute(element: &BytesStart<'_>, name: &str) -> Result<Option<String>, String> {
    match element.try_get_attribute(name) {
        Ok(Some(value)) => value
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map(|v| Some(v.into_owned()))
            .map_err(|e| format!("bad attribute {name}: {e}")),
        Ok(None) => Ok(None),
        Err(e) => Err(format!("bad attributes: {e}")),
    }
}

fn required(element: &BytesStart<'_>, name: &str) -> Result<String, String> {
    let tag = String::from_utf8_lossy(element.name().as_ref()).into_owned();
    attribute(element, name)?.ok_or_else(|| format!("<{tag}> without {name}"))
}

/// One relation as read: its kind, note and mentions.
struct Relation {
    cross: bool,
    id: String,
    note: Option<String>,
    sources: Vec<String>,
    target: Option<String>,
}

/// A markable with anchors, as read.
struct Markable {
    id: String,
    tag: String,
    anchors: Vec<String>,
}

/// Where the reader is in the document.
enum Place {
    Outside,
    Token {
        id: String,
        sentence: u32,
        text: String,
    },
    Markable(Markable),
    Relation(Relation),
}

/// Parses one ECB+ document (see the module documentation).
pub fn parse_document(topic: &str, name: &str, xml: &str) -> Result<Document, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    // Token id → (sentence number, text), in document order.
    let mut tokens: Vec<(String, u32, String)> = Vec::new();
    let mut markables: Vec<Markable> = Vec::new();
    let mut instances: HashMap<String, String> = HashMap::new();
    let mut relations: Vec<Relation> = Vec::new();
    let mut place = Place::Outside;
    let mut in_markables = false;
    let mut in_relations = false;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("at byte {}: {e}", reader.error_position()))?;
        match event {
            Event::Eof => break,
            Event::Start(element) if element.name().as_ref() == b"token" => {
                let (id, sentence) = token_attributes(&element)?;
                place = Place::Token {
                    id,
                    sentence,
                    text: String::new(),
                };
            }
            Event::Empty(element) if element.name().as_ref() == b"token" => {
                let (id, sentence) = token_attributes(&element)?;
                tokens.push((id, sentence, String::new()));
            }
            Event::Start(element) => {
                let tag = element.name().as_ref().to_vec();
                match tag.as_slice() {
                    b"Markables" => in_markables = true,
                    b"Relations" => in_relations = true,
                    b"token_anchor" => push_anchor(&mut place, &element)?,
                    _ if in_markables => {
                        if let Some(id) = attribute(&element, "m_id")? {
                            place = Place::Markable(Markable {
                                id,
                                tag: String::from_utf8_lossy(&tag).into_owned(),
                                anchors: Vec::new(),
                            });
                        }
                    }
                    b"CROSS_DOC_COREF" | b"INTRA_DOC_COREF" if in_relations => {
                        place = Place::Relation(Relation {
                            cross: tag.as_slice() == b"CROSS_DOC_COREF",
                            id: attribute(&element, "r_id")?.unwrap_or_default(),
                            note: attribute(&element, "note")?.filter(|n| !n.is_empty()),
                            sources: Vec::new(),
                            target: None,
                        });
                    }
                    b"source" | b"target" => push_member(&mut place, &tag, &element)?,
                    _ => {}
                }
            }
            Event::Empty(element) => {
                let tag = element.name().as_ref().to_vec();
                match tag.as_slice() {
                    b"token_anchor" => push_anchor(&mut place, &element)?,
                    b"source" | b"target" => push_member(&mut place, &tag, &element)?,
                    _ if in_markables => {
                        // An instance placeholder: no anchors, an instance id.
                        if let (Some(id), Some(instance)) = (
                            attribute(&element, "m_id")?,
                            attribute(&element, "instance_id")?,
                        ) {
                            instances.insert(id, instance);
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(text) => {
                if let Place::Token { text: token, .. } = &mut place {
                    token.push_str(&text.decode().map_err(|e| e.to_string())?);
                }
            }
            Event::GeneralRef(reference) => {
                if let Place::Token { text: token, .. } = &mut place {
                    match reference.resolve_char_ref() {
                        Ok(Some(c)) => token.push(c),
                        _ => {
                            let name = reference.decode().map_err(|e| e.to_string())?;
                            token.push_str(match name.as_ref() {
                                "amp" => "&",
                                "lt" => "<",
                                "gt" => ">",
                                "quot" => "\"",
                                "apos" => "'",
                                other => other,
                            });
                        }
                    }
                }
            }
            Event::End(element) => match element.name().as_ref() {
                b"token" => {
                    if let Place::Token { id, sentence, text } =
                        std::mem::replace(&mut place, Place::Outside)
                    {
                        tokens.push((id, sentence, text.trim().to_string()));
                    }
                }
                b"Markables" => in_markables = false,
                b"Relations" => in_relations = false,
                b"token_anchor" | b"source" | b"target" => {}
                _ => match std::mem::replace(&mut place, Place::Outside) {
                    Place::Markable(markable) => markables.push(markable),
                    Place::Relation(relation) => relations.push(relation),
                    other => place = other,
                },
            },
            _ => {}
        }
    }
    build_document(topic, name, tokens, markables, &instances, relations)
}

/// A token's id and sentence number.
fn token_attributes(element: &BytesStart<'_>) -> Result<(String, u32), String> {
    let sentence = required(element, "sentence")?;
    let number = sentence
        .trim()
        .parse()
        .map_err(|_| format!("sentence number {sentence:?} is not a number"))?;
    Ok((required(element, "t_id")?, number))
}

fn push_anchor(place: &mut Place, element: &BytesStart<'_>) -> Result<(), String> {
    if let Place::Markable(markable) = place {
        markable.anchors.push(required(element, "t_id")?);
    }
    Ok(())
}

fn push_member(place: &mut Place, tag: &[u8], element: &BytesStart<'_>) -> Result<(), String> {
    if let Place::Relation(relation) = place {
        let id = required(element, "m_id")?;
        if tag == b"source" {
            relation.sources.push(id);
        } else {
            relation.target = Some(id);
        }
    }
    Ok(())
}

fn build_document(
    topic: &str,
    name: &str,
    tokens: Vec<(String, u32, String)>,
    markables: Vec<Markable>,
    instances: &HashMap<String, String>,
    relations: Vec<Relation>,
) -> Result<Document, String> {
    // Sentences in order of number; tokens in document order within each.
    let numbers: Vec<u32> = {
        let mut numbers: Vec<u32> = tokens.iter().map(|(_, s, _)| *s).collect();
        numbers.sort_unstable();
        numbers.dedup();
        numbers
    };
    let mut sentences: Vec<Vec<String>> = vec![Vec::new(); numbers.len()];
    let mut positions: HashMap<String, (usize, usize)> = HashMap::new();
    for (id, number, text) in tokens {
        let sentence = numbers.binary_search(&number).unwrap_or_default();
        positions.insert(id, (sentence, sentences[sentence].len()));
        sentences[sentence].push(text);
    }
    // Chains: cross-document relations first, then intra-document ones.
    let mut chains: HashMap<String, String> = HashMap::new();
    for relation in relations.iter().filter(|r| r.cross) {
        let instance = relation
            .note
            .clone()
            .or_else(|| {
                relation
                    .target
                    .as_ref()
                    .and_then(|t| instances.get(t).cloned())
            })
            .unwrap_or_else(|| format!("{topic}/{name}#cross{}", relation.id));
        for source in &relation.sources {
            chains
                .entry(source.clone())
                .or_insert_with(|| instance.clone());
        }
    }
    for relation in relations.iter().filter(|r| !r.cross) {
        let target = relation
            .target
            .clone()
            .unwrap_or_else(|| relation.id.clone());
        for source in &relation.sources {
            chains
                .entry(source.clone())
                .or_insert_with(|| format!("{topic}/{name}#intra{target}"));
        }
    }
    let mut mentions = Vec::new();
    for markable in markables {
        let Some(kind) = tag_kind(&markable.tag) else {
            continue;
        };
        if markable.anchors.is_empty() {
            continue;
        }
        let mut places = Vec::with_capacity(markable.anchors.len());
        for anchor in &markable.anchors {
            let place = positions.get(anchor).ok_or_else(|| {
                format!(
                    "markable m_id={} anchors token t_id={anchor}, which does not exist",
                    markable.id
                )
            })?;
            places.push(*place);
        }
        // A mention lies in the sentence of its first anchor.
        let sentence = places[0].0;
        let in_sentence: Vec<usize> = places
            .iter()
            .filter(|(s, _)| *s == sentence)
            .map(|(_, t)| *t)
            .collect();
        let start = in_sentence.iter().copied().min().unwrap_or_default();
        let end = in_sentence.iter().copied().max().unwrap_or_default() + 1;
        let chain = chains
            .get(&markable.id)
            .cloned()
            .unwrap_or_else(|| format!("{topic}/{name}#single{}", markable.id));
        mentions.push(GoldMention {
            sentence,
            tokens: start..end,
            kind,
            tag: markable.tag,
            chain,
        });
    }
    mentions.sort_by_key(|m| (m.sentence, m.tokens.start, m.tokens.end));
    Ok(Document {
        topic: topic.to_string(),
        name: name.to_string(),
        sentences,
        sentence_numbers: numbers,
        mentions,
    })
}

// ---------------------------------------------------------------------------------------------
// Metrics.

/// Precision, recall and F1 of one metric.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct Figures {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Figures {
    fn new(precision: f64, recall: f64) -> Self {
        Figures {
            precision,
            recall,
            f1: f1(precision, recall),
        }
    }
}

/// A partition of mentions: each cluster a list of mention ids.
pub type Partition = [Vec<usize>];

/// The cluster of each mention of a partition.
fn cluster_of(partition: &Partition) -> HashMap<usize, usize> {
    partition
        .iter()
        .enumerate()
        .flat_map(|(index, cluster)| cluster.iter().map(move |&m| (m, index)))
        .collect()
}

/// One side of MUC: over the clusters of `key`, the links kept (`|k|` minus the parts
/// `response` cuts it into, a mention missing from `response` being a part of its own) over
/// the links there are (`|k| - 1`).
fn muc_side(key: &Partition, response: &Partition) -> f64 {
    let in_response = cluster_of(response);
    let (mut kept, mut links) = (0usize, 0usize);
    for cluster in key {
        let mut parts: HashSet<usize> = HashSet::new();
        let mut missing = 0;
        for mention in cluster {
            match in_response.get(mention) {
                Some(&part) => {
                    parts.insert(part);
                }
                None => missing += 1,
            }
        }
        kept += cluster.len() - (parts.len() + missing).min(cluster.len());
        links += cluster.len().saturating_sub(1);
    }
    crate::metrics::ratio(kept, links)
}

/// MUC (Vilain et al. 1995): recall over the key's links, precision over the response's.
pub fn muc(key: &Partition, response: &Partition) -> Figures {
    Figures::new(muc_side(response, key), muc_side(key, response))
}

/// One side of B³: per mention of `key`, the share of its cluster that shares its cluster of
/// `response`, averaged over the mentions of `key`.
fn b_cubed_side(key: &Partition, response: &Partition) -> f64 {
    let in_response = cluster_of(response);
    let (mut sum, mut total) = (0.0, 0usize);
    for cluster in key {
        let mut shared: HashMap<usize, usize> = HashMap::new();
        for mention in cluster {
            if let Some(&part) = in_response.get(mention) {
                *shared.entry(part).or_default() += 1;
            }
        }
        let squares: usize = shared.values().map(|n| n * n).sum();
        sum += squares as f64 / cluster.len().max(1) as f64;
        total += cluster.len();
    }
    if total == 0 { 0.0 } else { sum / total as f64 }
}

/// B³ (Bagga and Baldwin 1998), as the reference scorer computes it with twinless mentions.
pub fn b_cubed(key: &Partition, response: &Partition) -> Figures {
    Figures::new(b_cubed_side(response, key), b_cubed_side(key, response))
}

/// CEAF-e (Luo 2005): the one-to-one alignment of key and response clusters that maximises the
/// summed φ4 = 2|K∩R| / (|K| + |R|); recall is that sum over the number of key clusters,
/// precision over the number of response clusters.
pub fn ceaf_e(key: &Partition, response: &Partition) -> Figures {
    let in_response = cluster_of(response);
    // Clusters that share no mention score 0 together: align each connected group of key and
    // response clusters on its own.
    let mut links: Vec<(usize, usize, usize)> = Vec::new(); // (key, response, shared)
    for (k, cluster) in key.iter().enumerate() {
        let mut shared: BTreeMap<usize, usize> = BTreeMap::new();
        for mention in cluster {
            if let Some(&r) = in_response.get(mention) {
                *shared.entry(r).or_default() += 1;
            }
        }
        links.extend(shared.into_iter().map(|(r, n)| (k, r, n)));
    }
    let mut groups = UnionFind::new(key.len() + response.len());
    for &(k, r, _) in &links {
        groups.join(k, key.len() + r);
    }
    let mut by_group: BTreeMap<usize, Vec<(usize, usize, usize)>> = BTreeMap::new();
    for link in links {
        by_group.entry(groups.find(link.0)).or_default().push(link);
    }
    let mut total = 0.0;
    for group in by_group.values() {
        let mut rows: Vec<usize> = group.iter().map(|l| l.0).collect();
        let mut columns: Vec<usize> = group.iter().map(|l| l.1).collect();
        rows.sort_unstable();
        rows.dedup();
        columns.sort_unstable();
        columns.dedup();
        let mut weights = vec![vec![0.0; columns.len()]; rows.len()];
        for &(k, r, shared) in group {
            let (Ok(i), Ok(j)) = (rows.binary_search(&k), columns.binary_search(&r)) else {
                continue;
            };
            weights[i][j] = 2.0 * shared as f64 / (key[k].len() + response[r].len()) as f64;
        }
        total += best_assignment(&weights);
    }
    let per = |count: usize| {
        if count == 0 {
            0.0
        } else {
            total / count as f64
        }
    };
    Figures::new(per(response.len()), per(key.len()))
}

struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    fn new(count: usize) -> Self {
        UnionFind {
            parent: (0..count).collect(),
        }
    }

    fn find(&mut self, mut item: usize) -> usize {
        while self.parent[item] != item {
            self.parent[item] = self.parent[self.parent[item]];
            item = self.parent[item];
        }
        item
    }

    fn join(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.parent[a.max(b)] = a.min(b);
        }
    }
}

/// The largest total weight of a one-to-one assignment of rows to columns (the Hungarian
/// method of Kuhn and Munkres, with potentials; O(n²m) for n rows and m columns).
pub fn best_assignment(weights: &[Vec<f64>]) -> f64 {
    let rows = weights.len();
    let columns = weights.first().map_or(0, Vec::len);
    if rows == 0 || columns == 0 {
        return 0.0;
    }
    // The method assigns every row, so it needs rows ≤ columns: transpose when not.
    if rows > columns {
        let transposed: Vec<Vec<f64>> = (0..columns)
            .map(|j| (0..rows).map(|i| weights[i][j]).collect())
            .collect();
        return best_assignment(&transposed);
    }
    // Minimise the cost −weight. Index 0 of the column arrays is a sentinel.
    let cost = |i: usize, j: usize| -weights[i][j];
    let mut row_potential = vec![0.0; rows + 1];
    let mut column_potential = vec![0.0; columns + 1];
    let mut row_of = vec![0usize; columns + 1]; // 1-based row assigned to each column.
    let mut previous = vec![0usize; columns + 1];
    for row in 1..=rows {
        row_of[0] = row;
        let mut column = 0;
        let mut slack = vec![f64::INFINITY; columns + 1];
        let mut used = vec![false; columns + 1];
        loop {
            used[column] = true;
            let current_row = row_of[column];
            let mut delta = f64::INFINITY;
            let mut next = 0;
            for j in 1..=columns {
                if used[j] {
                    continue;
                }
                let reduced =
                    cost(current_row - 1, j - 1) - row_potential[current_row] - column_potential[j];
                if reduced < slack[j] {
                    slack[j] = reduced;
                    previous[j] = column;
                }
                if slack[j] < delta {
                    delta = slack[j];
                    next = j;
                }
            }
            for j in 0..=columns {
                if used[j] {
                    row_potential[row_of[j]] += delta;
                    column_potential[j] -= delta;
                } else {
                    slack[j] -= delta;
                }
            }
            column = next;
            if row_of[column] == 0 {
                break;
            }
        }
        loop {
            let before = previous[column];
            row_of[column] = row_of[before];
            column = before;
            if column == 0 {
                break;
            }
        }
    }
    (1..=columns)
        .filter(|&j| row_of[j] != 0)
        .map(|j| weights[row_of[j] - 1][j - 1])
        .sum()
}

/// MUC, B³, CEAF-e and their mean F1.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct CorefScores {
    pub muc: Figures,
    pub b_cubed: Figures,
    pub ceaf_e: Figures,
    /// The mean of the three F1s.
    pub conll_f1: f64,
}

/// Scores `response` against `key`.
pub fn score(key: &Partition, response: &Partition) -> CorefScores {
    let (m, b, c) = (
        muc(key, response),
        b_cubed(key, response),
        ceaf_e(key, response),
    );
    CorefScores {
        muc: m,
        b_cubed: b,
        ceaf_e: c,
        conll_f1: (m.f1 + b.f1 + c.f1) / 3.0,
    }
}

/// The partition that labels give (one label per mention id), clusters in order of first
/// mention.
pub fn partition<L: std::hash::Hash + Eq>(labels: &[L]) -> Vec<Vec<usize>> {
    let mut index: HashMap<&L, usize> = HashMap::new();
    let mut clusters: Vec<Vec<usize>> = Vec::new();
    for (mention, label) in labels.iter().enumerate() {
        let slot = *index.entry(label).or_insert_with(|| {
            clusters.push(Vec::new());
            clusters.len() - 1
        });
        clusters[slot].push(mention);
    }
    clusters
}

/// A partition without its clusters of one mention.
pub fn without_singletons(partition: &Partition) -> Vec<Vec<usize>> {
    partition.iter().filter(|c| c.len() > 1).cloned().collect()
}

// ---------------------------------------------------------------------------------------------
// The evaluation.

/// One scored mention with what the system and the baseline made of it (`--dump` writes
/// these for error analysis).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MentionRecord {
    pub topic: String,
    pub document: String,
    /// The sentence number, as the file gives it.
    pub sentence: u32,
    pub kind: MentionKind,
    pub chain: String,
    /// The system's cluster, unique across topics.
    pub system: String,
    /// The baseline's cluster, unique across topics.
    pub baseline: String,
    /// The sub-topic the system put the document in, within the topic.
    pub subtopic: usize,
    pub text: String,
    pub head: String,
}

impl MentionRecord {
    /// The record as one line of tab-separated values (without the line end).
    pub fn tsv(&self) -> String {
        format!(
            "{}\t{}\t{}\t{:?}\t{}\t{}\t{}\t{}\t{}\t{}",
            self.topic,
            self.document,
            self.sentence,
            self.kind,
            self.chain,
            self.system,
            self.baseline,
            self.subtopic,
            self.text,
            self.head
        )
    }

    /// The column names of [`MentionRecord::tsv`].
    pub const TSV_HEADER: &'static str =
        "topic\tdocument\tsentence\tkind\tchain\tsystem\tbaseline\tsubtopic\ttext\thead";
}

/// The figures of one kind of mention.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct KindReport {
    pub mentions: usize,
    pub gold_chains: usize,
    pub system_clusters: usize,
    pub baseline_clusters: usize,
    pub system: CorefScores,
    pub baseline: CorefScores,
    pub system_without_singletons: CorefScores,
    pub baseline_without_singletons: CorefScores,
}

/// What [`evaluate`] measured.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct CorefReport {
    pub documents: usize,
    pub topics: usize,
    /// Topics scored on all their mentions because the sentence list does not name them.
    pub topics_without_list: Vec<String>,
    pub events: KindReport,
    pub entities: KindReport,
    /// Seconds the system took, summed over topics.
    pub seconds: f64,
    /// Documents put in a sub-topic whose majority gold sub-topic (`ecb` or `ecbplus` in the
    /// file name) is another; for information only, the system never reads file names.
    pub subtopic_errors: usize,
    pub subtopics: usize,
}

impl CorefReport {
    pub fn mentions_per_s(&self) -> f64 {
        (self.events.mentions + self.entities.mentions) as f64 / self.seconds.max(1e-9)
    }
}

/// The documents of one topic, each with the indices of the mentions to score.
type TopicEntries<'a> = Vec<(&'a Document, Vec<usize>)>;

/// The documents of a split grouped by topic (topic order, then name order), and the topics
/// the sentence list does not name.
fn topics(corpus: &Corpus, split: Split) -> (BTreeMap<&str, TopicEntries<'_>>, Vec<String>) {
    let mut by_topic: BTreeMap<&str, Vec<&Document>> = BTreeMap::new();
    for document in &corpus.documents {
        if split.contains(&document.topic) {
            by_topic.entry(&document.topic).or_default().push(document);
        }
    }
    let mut unlisted = Vec::new();
    let mut result = BTreeMap::new();
    for (topic, mut documents) in by_topic {
        documents.sort_by_key(|d| natural_key(&d.name));
        let list = corpus
            .sentence_list
            .as_ref()
            .filter(|list| list.topics.contains(topic));
        if list.is_none() {
            unlisted.push(topic.to_string());
        }
        let entries = documents
            .into_iter()
            .map(|document| {
                let validated = list.map(|l| l.sentences.get(&document.name));
                let chosen = document
                    .mentions
                    .iter()
                    .enumerate()
                    .filter(|(_, m)| match validated {
                        None => true,
                        Some(None) => false,
                        Some(Some(numbers)) => document
                            .sentence_numbers
                            .get(m.sentence)
                            .is_some_and(|n| numbers.contains(n)),
                    })
                    .map(|(i, _)| i)
                    .collect();
                (document, chosen)
            })
            .collect();
        result.insert(topic, entries);
    }
    if corpus.sentence_list.is_none() {
        unlisted.clear();
    }
    (result, unlisted)
}

/// A name's digit runs compared as numbers: `1_2ecb` before `1_10ecb`.
fn natural_key(name: &str) -> Vec<(u64, String)> {
    let mut key = Vec::new();
    let mut digits = String::new();
    let mut letters = String::new();
    for c in name.chars() {
        if c.is_ascii_digit() {
            if !letters.is_empty() {
                key.push((u64::MAX, std::mem::take(&mut letters)));
            }
            digits.push(c);
        } else {
            if !digits.is_empty() {
                key.push((digits.parse().unwrap_or(u64::MAX), String::new()));
                digits.clear();
            }
            letters.push(c);
        }
    }
    if !digits.is_empty() {
        key.push((digits.parse().unwrap_or(u64::MAX), String::new()));
    }
    if !letters.is_empty() {
        key.push((u64::MAX, letters));
    }
    key
}

/// The system's input for one topic: its documents and the mentions to score.
fn system_input<'a>(
    entries: &'a [(&'a Document, Vec<usize>)],
) -> (Vec<CorefDocument<'a>>, Vec<Mention>, Vec<&'a GoldMention>) {
    let documents: Vec<CorefDocument<'a>> = entries
        .iter()
        .map(|(d, _)| CorefDocument {
            sentences: &d.sentences,
        })
        .collect();
    let mut mentions = Vec::new();
    let mut gold = Vec::new();
    for (index, (document, chosen)) in entries.iter().enumerate() {
        for &m in chosen {
            let mention = &document.mentions[m];
            let tokens = document
                .sentences
                .get(mention.sentence)
                .map_or(&[][..], Vec::as_slice);
            mentions.push(Mention {
                document: index,
                sentence: mention.sentence,
                tokens: mention.tokens.clone(),
                head: coref::head_index(tokens, mention.tokens.clone(), mention.kind),
                kind: mention.kind,
            });
            gold.push(mention);
        }
    }
    (documents, mentions, gold)
}

/// Runs the system (with `config`) and the same-head-lemma baseline on the topics of `split`,
/// each topic on its own, and scores both.
pub fn evaluate(
    corpus: &Corpus,
    split: Split,
    config: &CorefConfig,
) -> (CorefReport, Vec<MentionRecord>) {
    let (by_topic, unlisted) = topics(corpus, split);
    let analyzer = Analyzer::new("en");
    let mut records: Vec<MentionRecord> = Vec::new();
    let mut report = CorefReport {
        topics: by_topic.len(),
        topics_without_list: unlisted,
        ..CorefReport::default()
    };
    for (topic, entries) in &by_topic {
        report.documents += entries.len();
        let (documents, mentions, gold) = system_input(entries);
        let started = Instant::now();
        let resolution = coref::resolve(&documents, &mentions, config);
        report.seconds += started.elapsed().as_secs_f64();
        report.subtopics += resolution.subtopics.iter().max().map_or(0, |m| m + 1);
        report.subtopic_errors += subtopic_errors(entries, &resolution.subtopics);
        for ((mention, gold), cluster) in mentions.iter().zip(&gold).zip(&resolution.clusters) {
            let document = entries[mention.document].0;
            let tokens = document
                .sentences
                .get(mention.sentence)
                .map_or(&[][..], Vec::as_slice);
            let head = tokens.get(mention.head).map_or("", String::as_str);
            let text = tokens
                .get(mention.tokens.clone())
                .map(|t| t.join(" "))
                .unwrap_or_default();
            records.push(MentionRecord {
                topic: topic.to_string(),
                document: document.name.clone(),
                sentence: document
                    .sentence_numbers
                    .get(mention.sentence)
                    .copied()
                    .unwrap_or_default(),
                kind: mention.kind,
                chain: gold.chain.clone(),
                system: format!("{topic}:{cluster}"),
                baseline: format!(
                    "{topic}:{:?}:{}",
                    mention.kind,
                    coref::lemma(&analyzer, head)
                ),
                subtopic: resolution
                    .subtopics
                    .get(mention.document)
                    .copied()
                    .unwrap_or_default(),
                text,
                head: head.to_string(),
            });
        }
    }
    for kind in [MentionKind::Event, MentionKind::Entity] {
        let chosen: Vec<&MentionRecord> = records.iter().filter(|r| r.kind == kind).collect();
        let key = partition(
            &chosen
                .iter()
                .map(|r| (&r.topic, &r.chain))
                .collect::<Vec<_>>(),
        );
        let system = partition(&chosen.iter().map(|r| &r.system).collect::<Vec<_>>());
        let baseline = partition(&chosen.iter().map(|r| &r.baseline).collect::<Vec<_>>());
        let kind_report = KindReport {
            mentions: chosen.len(),
            gold_chains: key.len(),
            system_clusters: system.len(),
            baseline_clusters: baseline.len(),
            system: score(&key, &system),
            baseline: score(&key, &baseline),
            system_without_singletons: score(
                &without_singletons(&key),
                &without_singletons(&system),
            ),
            baseline_without_singletons: score(
                &without_singletons(&key),
                &without_singletons(&baseline),
            ),
        };
        match kind {
            MentionKind::Event => report.events = kind_report,
            MentionKind::Entity => report.entities = kind_report,
        }
    }
    (report, records)
}

/// How many documents sit in a sub-topic whose majority file-name sub-topic (`ecbplus` or
/// `ecb`) is not theirs.
fn subtopic_errors(entries: &[(&Document, Vec<usize>)], subtopics: &[usize]) -> usize {
    let mut counts: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
    for ((document, _), subtopic) in entries.iter().zip(subtopics) {
        let plus = document.name.ends_with("plus");
        let entry = counts.entry(*subtopic).or_default();
        if plus {
            entry.1 += 1;
        } else {
            entry.0 += 1;
        }
    }
    counts.values().map(|(a, b)| (*a).min(*b)).sum()
}

// ---------------------------------------------------------------------------------------------
// Fitting the pair weights.

/// Weights fitted for one kind, and the threshold that scored best with them.
#[derive(Debug, Clone, PartialEq)]
pub struct Fitted {
    pub weights: PairWeights,
    pub threshold: f64,
    pub conll_f1: f64,
    pub pairs: usize,
    pub positive: usize,
}

/// Fits the pair weights of `kind` on the topics of `split` by logistic regression (Newton's
/// method, a small L2 penalty), then picks the merge threshold with the best CoNLL F1 on the
/// same topics. Event pairs read the entity clusters the current `config` finds.
pub fn fit(corpus: &Corpus, split: Split, config: &CorefConfig, kind: MentionKind) -> Fitted {
    let (by_topic, _) = topics(corpus, split);
    let mut examples: Vec<(PairWeights, bool)> = Vec::new();
    for entries in by_topic.values() {
        let (documents, mentions, gold) = system_input(entries);
        let pairs: Vec<CandidatePair> = coref::candidate_pairs(&documents, &mentions, config, kind);
        examples.extend(
            pairs
                .into_iter()
                .map(|p| (p.features, gold[p.first].chain == gold[p.second].chain)),
        );
    }
    let weights = logistic_regression(&examples, 1.0, 25);
    let mut best = (f64::NEG_INFINITY, 0.5);
    for step in 1..20 {
        let threshold = step as f64 * 0.05;
        let mut trial = config.clone();
        match kind {
            MentionKind::Event => {
                trial.event_weights = weights;
                trial.event_threshold = threshold;
            }
            MentionKind::Entity => {
                trial.entity_weights = weights;
                trial.entity_threshold = threshold;
            }
        }
        let (report, _) = evaluate(corpus, split, &trial);
        let f1 = match kind {
            MentionKind::Event => report.events.system.conll_f1,
            MentionKind::Entity => report.entities.system.conll_f1,
        };
        if f1 > best.0 {
            best = (f1, threshold);
        }
    }
    Fitted {
        weights,
        threshold: best.1,
        conll_f1: best.0,
        pairs: examples.len(),
        positive: examples.iter().filter(|(_, y)| *y).count(),
    }
}

/// L2-penalised logistic regression by Newton's method (the bias, feature 0, is not
/// penalised).
pub fn logistic_regression(
    examples: &[(PairWeights, bool)],
    penalty: f64,
    iterations: usize,
) -> PairWeights {
    let n = FEATURE_COUNT;
    let mut weights = [0.0; FEATURE_COUNT];
    for _ in 0..iterations {
        let mut gradient = [0.0; FEATURE_COUNT];
        let mut hessian = vec![vec![0.0; n]; n];
        for (features, label) in examples {
            let p = coref::score(features, &weights);
            let error = p - if *label { 1.0 } else { 0.0 };
            let curvature = (p * (1.0 - p)).max(1e-9);
            for i in 0..n {
                gradient[i] += error * features[i];
                for j in 0..n {
                    hessian[i][j] += curvature * features[i] * features[j];
                }
            }
        }
        for i in 1..n {
            gradient[i] += penalty * weights[i];
            hessian[i][i] += penalty;
        }
        // A feature that never fires leaves a zero row: keep the system solvable.
        for (i, row) in hessian.iter_mut().enumerate() {
            row[i] += 1e-6;
        }
        let step = solve(hessian, gradient.to_vec());
        for i in 0..n {
            weights[i] -= step[i];
        }
    }
    weights
}

/// Solves `a x = b` by Gaussian elimination with partial pivoting.
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Vec<f64> {
    let n = b.len();
    for column in 0..n {
        let pivot = (column..n)
            .max_by(|&i, &j| a[i][column].abs().total_cmp(&a[j][column].abs()))
            .unwrap_or(column);
        a.swap(column, pivot);
        b.swap(column, pivot);
        let diagonal = a[column][column];
        if diagonal.abs() < 1e-12 {
            continue;
        }
        let pivot_row = a[column].clone();
        for row in column + 1..n {
            let factor = a[row][column] / diagonal;
            for (cell, pivot_cell) in a[row].iter_mut().zip(&pivot_row).skip(column) {
                *cell -= factor * pivot_cell;
            }
            b[row] -= factor * b[column];
        }
    }
    let mut x = vec![0.0; n];
    for row in (0..n).rev() {
        let rest: f64 = (row + 1..n).map(|k| a[row][k] * x[k]).sum();
        x[row] = if a[row][row].abs() < 1e-12 {
            0.0
        } else {
            (b[row] - rest) / a[row][row]
        };
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(actual: f64, expected: f64) {
        assert!(
            (actual - expected).abs() < 1e-9,
            "{actual} is not {expected}"
        );
    }

    fn parts(clusters: &[&[usize]]) -> Vec<Vec<usize>> {
        clusters.iter().map(|c| c.to_vec()).collect()
    }

    /// Pradhan et al. (2014), the worked example: key {a,b,c} {d,e,f,g}; response {a,b}
    /// {c,d} {f,g,h,i} (h and i are not in the key, e is not in the response).
    #[test]
    fn the_scorer_papers_example() {
        let (a, b, c, d, e, f, g, h, i) = (0, 1, 2, 3, 4, 5, 6, 7, 8);
        let key = parts(&[&[a, b, c], &[d, e, f, g]]);
        let response = parts(&[&[a, b], &[c, d], &[f, g, h, i]]);
        let scores = score(&key, &response);
        // MUC: recall (1 + 1) / (2 + 3), precision (1 + 0 + 1) / (1 + 1 + 3).
        close(scores.muc.recall, 0.4);
        close(scores.muc.precision, 0.4);
        close(scores.muc.f1, 0.4);
        // B³: recall (4/3 + 1/3 + 1/4 + 4/4) / 7 = 5/12, precision (4/2 + 2/2 + 4/4) / 8.
        close(scores.b_cubed.recall, 5.0 / 12.0);
        close(scores.b_cubed.precision, 0.5);
        close(scores.b_cubed.f1, 5.0 / 11.0);
        // CEAF-e: {a,b,c}–{a,b} φ4 = 4/5 and {d,e,f,g}–{f,g,h,i} φ4 = 4/8: 1.3 in all.
        close(scores.ceaf_e.recall, 1.3 / 2.0);
        close(scores.ceaf_e.precision, 1.3 / 3.0);
        close(scores.ceaf_e.f1, 0.52);
        close(scores.conll_f1, (0.4 + 5.0 / 11.0 + 0.52) / 3.0);
    }

    /// Vilain et al. (1995): one key chain of four split in two halves.
    #[test]
    fn muc_counts_links() {
        let key = parts(&[&[0, 1, 2, 3]]);
        let response = parts(&[&[0, 1], &[2, 3]]);
        let m = muc(&key, &response);
        close(m.recall, 2.0 / 3.0);
        close(m.precision, 1.0);
        // Singletons have no links: all singletons on both sides give 0, not a division by 0.
        let singletons = parts(&[&[0], &[1]]);
        assert_eq!(muc(&singletons, &singletons), Figures::default());
    }

    /// Bagga and Baldwin (1998): key {1..5} {6,7} {8..12}; the response merges the last two.
    #[test]
    fn b_cubed_and_muc_on_a_merge() {
        let key = parts(&[&[1, 2, 3, 4, 5], &[6, 7], &[8, 9, 10, 11, 12]]);
        let response = parts(&[&[1, 2, 3, 4, 5], &[6, 7, 8, 9, 10, 11, 12]]);
        let b = b_cubed(&key, &response);
        close(b.recall, 1.0);
        // 5 × 1 + 2 × 2/7 + 5 × 5/7 over 12 mentions.
        close(b.precision, (5.0 + 4.0 / 7.0 + 25.0 / 7.0) / 12.0);
        let m = muc(&key, &response);
        close(m.recall, 1.0);
        close(m.precision, 9.0 / 10.0);
        // CEAF-e: {1..5} aligns with itself (1) and {8..12} with the merged cluster (10/12).
        let c = ceaf_e(&key, &response);
        close(c.recall, (1.0 + 10.0 / 12.0) / 3.0);
        close(c.precision, (1.0 + 10.0 / 12.0) / 2.0);
    }

    #[test]
    fn identical_partitions_score_one() {
        let key = parts(&[&[0, 1, 2], &[3], &[4, 5]]);
        let scores = score(&key, &key);
        for figures in [scores.muc, scores.b_cubed, scores.ceaf_e] {
            close(figures.f1, 1.0);
        }
        close(scores.conll_f1, 1.0);
        // All singletons against all singletons: B³ and CEAF-e are perfect, MUC is 0.
        let singletons = parts(&[&[0], &[1], &[2]]);
        let scores = score(&singletons, &singletons);
        close(scores.b_cubed.f1, 1.0);
        close(scores.ceaf_e.f1, 1.0);
        close(scores.muc.f1, 0.0);
    }

    #[test]
    fn the_assignment_is_optimal() {
        // Greedy would take 0.9 and then 0.1; the best is 0.8 + 0.7.
        let weights = vec![vec![0.9, 0.8], vec![0.7, 0.1]];
        close(best_assignment(&weights), 1.5);
        // More rows than columns.
        let tall = vec![vec![0.2], vec![0.6], vec![0.4]];
        close(best_assignment(&tall), 0.6);
        // Three by three, where the diagonal is not the answer.
        let square = vec![
            vec![4.0, 1.0, 3.0],
            vec![2.0, 0.0, 5.0],
            vec![3.0, 2.0, 2.0],
        ];
        close(best_assignment(&square), 4.0 + 5.0 + 2.0);
        close(best_assignment(&[]), 0.0);
    }

    const DOCUMENT: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<Document doc_name="3_1ecb.xml" doc_id="X">
<token t_id="1" sentence="0" number="0">Police</token>
<token t_id="2" sentence="0" number="1">arrested</token>
<token t_id="3" sentence="0" number="2">Smith</token>
<token t_id="4" sentence="0" number="3">&amp;</token>
<token t_id="5" sentence="0" number="4">Co</token>
<token t_id="6" sentence="1" number="0">He</token>
<token t_id="7" sentence="1" number="1">was</token>
<token t_id="8" sentence="1" number="2">held</token>
<Markables>
<ACTION_OCCURRENCE m_id="10"  >
  <token_anchor t_id="2"/>
</ACTION_OCCURRENCE>
<HUMAN_PART_PER m_id="11"  >
  <token_anchor t_id="3"/>
  <token_anchor t_id="4"/>
  <token_anchor t_id="5"/>
</HUMAN_PART_PER>
<HUMAN_PART_PER m_id="12"  >
  <token_anchor t_id="6"/>
</HUMAN_PART_PER>
<ACTION_OCCURRENCE m_id="13"  >
  <token_anchor t_id="8"/>
</ACTION_OCCURRENCE>
<HUMAN_PART_ORG m_id="14"  >
  <token_anchor t_id="1"/>
</HUMAN_PART_ORG>
<ACTION_OCCURRENCE m_id="20" RELATED_TO="" TAG_DESCRIPTOR="t3_arrest" instance_id="ACT123" />
</Markables>
<Relations>
<CROSS_DOC_COREF r_id="1" note="ACT123" >
  <source m_id="10" />
  <target m_id="20" />
</CROSS_DOC_COREF>
<CROSS_DOC_COREF r_id="2" >
  <source m_id="13" />
  <target m_id="20" />
</CROSS_DOC_COREF>
<INTRA_DOC_COREF r_id="3" >
<source m_id="11" />
<source m_id="12" />
<target m_id="99" />
</INTRA_DOC_COREF>
</Relations>
</Document>
"#;

    #[test]
    fn reads_tokens_mentions_and_chains() {
        let document = parse_document("3", "3_1ecb", DOCUMENT).unwrap();
        assert_eq!(document.sentences.len(), 2);
        assert_eq!(document.sentences[0][3], "&");
        assert_eq!(document.sentence_numbers, vec![0, 1]);
        let mentions = &document.mentions;
        assert_eq!(mentions.len(), 5);
        let arrested = &mentions[1];
        assert_eq!((arrested.sentence, arrested.tokens.clone()), (0, 1..2));
        assert_eq!(arrested.kind, MentionKind::Event);
        assert_eq!(arrested.chain, "ACT123");
        // A cross-document relation without a note takes its target's instance id.
        let held = &mentions[4];
        assert_eq!(held.chain, "ACT123");
        let smith = &mentions[2];
        assert_eq!(smith.tokens, 2..5);
        assert_eq!(smith.chain, mentions[3].chain);
        assert!(smith.chain.contains("3/3_1ecb"));
        // Police is in no relation: a singleton.
        assert_eq!(mentions[0].tag, "HUMAN_PART_ORG");
        assert!(mentions[0].chain.contains("single14"));
    }

    #[test]
    fn malformed_documents_give_a_reason() {
        let broken = DOCUMENT.replace("</ACTION_OCCURRENCE>\n<HUMAN_PART_PER m_id=\"11\"", "<");
        assert!(parse_document("3", "3_1ecb", &broken).is_err());
        let dangling =
            DOCUMENT.replace("<token_anchor t_id=\"8\"/>", "<token_anchor t_id=\"80\"/>");
        let error = parse_document("3", "3_1ecb", &dangling).unwrap_err();
        assert!(error.contains("t_id=80"), "{error}");
    }

    #[test]
    fn a_folder_is_read_scored_and_its_broken_files_named() {
        let dir = tempfile::tempdir().unwrap();
        let topic = dir.path().join("3");
        std::fs::create_dir(&topic).unwrap();
        std::fs::write(topic.join("3_1ecb.xml"), DOCUMENT).unwrap();
        std::fs::write(topic.join("3_2ecb.xml"), DOCUMENT).unwrap();
        std::fs::write(topic.join("3_3ecb.xml"), "<Document><token").unwrap();
        // Only sentence 0 of 3_1ecb is validated.
        std::fs::write(
            dir.path().join("ECBplus_coreference_sentences.csv"),
            "Topic,File,Sentence Number\n3,1ecb,0\n",
        )
        .unwrap();
        let corpus = load(dir.path()).unwrap();
        assert_eq!(corpus.documents.len(), 2, "{:?}", corpus.problems);
        assert_eq!(corpus.problems.len(), 1);
        assert!(corpus.problems[0].contains("3_3ecb.xml"));
        let (report, records) = evaluate(&corpus, Split::All, &CorefConfig::default());
        assert_eq!(records.len(), 3);
        assert_eq!(records[0].document, "3_1ecb");
        assert_eq!(report.events.mentions, 1);
        assert_eq!(report.entities.mentions, 2);
        assert!(report.topics_without_list.is_empty());
        // Without the list, every mention counts.
        let mut unlisted = corpus.clone();
        unlisted.sentence_list = None;
        let (report, _) = evaluate(&unlisted, Split::All, &CorefConfig::default());
        assert_eq!(report.events.mentions, 4);
        assert!(!Split::Dev.contains("3"));
        assert!(Split::Train.contains("3"));
        assert!(Split::Test.contains("40"));
    }

    #[test]
    fn logistic_regression_separates_a_clear_feature() {
        let mut examples = Vec::new();
        for i in 0..40 {
            let mut features = [0.0; FEATURE_COUNT];
            features[0] = 1.0;
            features[1] = if i % 2 == 0 { 1.0 } else { 0.0 };
            examples.push((features, i % 2 == 0 && i % 8 != 0));
        }
        let weights = logistic_regression(&examples, 0.01, 30);
        assert!(weights[1] > 2.0, "{weights:?}");
        assert!(weights[0] < -2.0, "{weights:?}");
    }
}
