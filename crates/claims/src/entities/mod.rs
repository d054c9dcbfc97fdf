//! Named entities: people, organisations, places and other names, tagged by a model we train
//! ourselves (`corroborate train ner`), with the mentions of one entity in an article linked
//! and given a name that other articles can match.
//!
//! The model (`models/ner-en.bin`) is data built by a command kept in the repository; it is
//! compiled in and read once, with the word clusters and the GeoNames place list it reads. A model that cannot be read gives no entities and a diagnostic,
//! never a panic.

mod clusters;
mod countries;
mod features;
mod names;
mod outlets;
mod persons;
mod places;
mod propers;
mod tagger;
mod tokens;
mod train;

#[cfg(test)]
mod tests;

pub(crate) use clusters::tab_fields;
pub use clusters::{
    ClusterFileError, ClusterOptions, ClusterWord, build_clusters, read_clusters, write_clusters,
};
pub(crate) use countries::SHIPPED_COUNTRIES;
pub use countries::{CountryFileError, country_list, read_countries, write_countries};
pub(crate) use features::{NAME_PARTICLES, OPENING_PARTICLES, fnv1a, lower_hash};
pub(crate) use names::folded;
pub use names::normalise_name;
pub(crate) use outlets::{COMPANIES, OUTLETS};
pub use persons::{
    CensusName, GivenClass, PersonFileError, PersonName, SurnameClass, person_list, read_census,
    read_persons, write_persons,
};
pub(crate) use persons::{SHIPPED_PERSONS, given_name_sex, is_census_name};
pub(crate) use places::SHIPPED_PLACES;
pub use places::{
    GeoKind, GeoPlace, PlaceClass, PlaceFileError, PlaceName, place_list, read_places, write_places,
};
pub(crate) use propers::SHIPPED_PROPERS;
pub use propers::{
    PROPER_ADJECTIVE, PROPER_ARTIFACT, PROPER_EVENT, PROPER_GROUP, PROPER_IDEA, PROPER_PERSON,
    PROPER_PLACE, ProperFileError, proper_list, read_propers, write_propers,
};
pub use tagger::{
    Convention, DEFAULT_CONVENTION, Decoder, ModelError, NEWS_SHARE, NerModel, TokenEntity,
};
pub use train::{EpochReport, LabelledSentence, TrainOptions, train_ner};

use model::{Diagnostic, Entity, EntityKind, Outcome, Span};
use std::sync::OnceLock;

/// The shipped English model.
pub(crate) static SHIPPED: &[u8] = include_bytes!("../../models/ner-en.bin");

/// The shipped word clusters (`corroborate train clusters`).
pub(crate) static SHIPPED_CLUSTERS: &str = include_str!("../../models/clusters-en.tsv");

/// A cluster file ready for lookups, with the checksum a model records.
pub(crate) struct Lexicon {
    pub lookup: features::ClusterLookup,
    /// FNV-1a of the file's bytes.
    pub checksum: u64,
}

impl Lexicon {
    /// The lexicon of the cluster file `text`.
    pub(crate) fn from_text(text: &str) -> Result<Lexicon, ClusterFileError> {
        let words = read_clusters(text)?;
        let mut lookup = features::ClusterLookup::default();
        lookup.reserve(words.len());
        for word in &words {
            // A leading 1 bit marks the path's length.
            let path = word
                .path
                .bytes()
                .fold(1u32, |bits, b| (bits << 1) | u32::from(b == b'1'));
            lookup.insert(
                features::folded_hash(&word.word),
                features::ClusterEntry {
                    path,
                    capitalised: word.capitalised,
                },
            );
        }
        Ok(Lexicon {
            lookup,
            checksum: features::fnv1a(text.as_bytes()),
        })
    }
}

/// The shipped word clusters, read on first use.
pub(crate) fn shipped_clusters() -> Result<&'static Lexicon, &'static ClusterFileError> {
    static LEXICON: OnceLock<Result<Lexicon, ClusterFileError>> = OnceLock::new();
    LEXICON
        .get_or_init(|| Lexicon::from_text(SHIPPED_CLUSTERS))
        .as_ref()
}

/// The shipped model, read on first use.
/// How often English news writes `word` with a capital inside a sentence, in percent ("london"
/// 100, "the" 3), from the shipped word clusters; `None` for a word they do not hold.
pub(crate) fn capitalised_share(word: &str) -> Option<u8> {
    let lexicon = shipped_clusters().ok()?;
    lexicon
        .lookup
        .get(&features::lower_hash(word))
        .map(|entry| entry.capitalised)
}

/// The cluster path of `word` in the shipped word clusters, with the leading 1 bit that marks
/// its length; 0 for a word they do not hold (or when they cannot be read).
pub(crate) fn cluster_path(lexicon: Option<&Lexicon>, word: &str) -> (u32, u8) {
    lexicon
        .and_then(|l| l.lookup.get(&features::lower_hash(word)))
        .map_or((0, 6), |entry| (entry.path, entry.capitalised.div_ceil(20)))
}

/// The first `bits` bits of a cluster path as [`cluster_path`] gives it.
pub(crate) fn path_prefix(path: u32, bits: u32) -> u64 {
    features::path_prefix(path, bits)
}

pub fn shipped_ner_model() -> Result<&'static NerModel, &'static ModelError> {
    static MODEL: OnceLock<Result<NerModel, ModelError>> = OnceLock::new();
    MODEL.get_or_init(|| NerModel::from_bytes(SHIPPED)).as_ref()
}

/// The named entities of one article's text, with coreference within the article.
///
/// `language` is an ISO 639-1 code; the model is trained on English and also runs on other
/// languages written with capitals for names only. German, whose nouns all take a capital,
/// gives no entities.
pub fn entities(text: &str, language: Option<&str>) -> Outcome<Vec<Entity>> {
    find(text, &text::sentences(text), language)
}

/// True when names stand out by their capitals in `language`.
fn capitals_mark_names(language: Option<&str>) -> bool {
    !language.is_some_and(|code| {
        code.get(..2)
            .is_some_and(|prefix| prefix.eq_ignore_ascii_case("de"))
    })
}

/// The entities of `text` cut into `sentences`.
pub(crate) fn find(text: &str, sentences: &[Span], language: Option<&str>) -> Outcome<Vec<Entity>> {
    if !capitals_mark_names(language) {
        return Outcome::new(Vec::new());
    }
    let model = match shipped_ner_model() {
        Ok(model) => model,
        Err(error) => {
            return Outcome::with(
                Vec::new(),
                vec![Diagnostic::warning(
                    crate::DIAGNOSTIC_SOURCE,
                    error.to_string(),
                )],
            );
        }
    };
    Outcome::new(find_with(model, text, sentences, language))
}

/// The entities of `text` as `model` tags them. In English text (the default for no
/// `language`) a surname's particles written before it are taken in (see
/// [`with_opening_particles`]); in another, a preposition or conjunction of its own written
/// with a capital before a capitalised word is read in lower case
/// ([`capitalised_joining_word`]).
pub(crate) fn find_with(
    model: &NerModel,
    text: &str,
    sentences: &[Span],
    language: Option<&str>,
) -> Vec<Entity> {
    // Particles before a surname are English news's way; elsewhere "de" is "of".
    let english = language.is_none_or(|code| {
        code.get(..2)
            .is_some_and(|prefix| prefix.eq_ignore_ascii_case("en"))
    });
    let mut spans = Vec::new();
    let mut words: Vec<&str> = Vec::new();
    let mut scratch = tagger::Scratch::default();
    let mut mentions: Vec<Entity> = Vec::new();
    // Mentions to start earlier, at the particles before them, and those to start there only
    // if a full name ends with them: (mention, the particles' byte, the name's own start).
    let mut extended: Vec<(usize, usize, usize)> = Vec::new();
    let mut particled: Vec<(usize, usize, usize)> = Vec::new();
    for sentence in sentences {
        tokens::tokens(text, *sentence, &mut spans);
        // A sentence without a capital letter holds no name the model was taught.
        let has_capital = sentence
            .slice(text)
            .is_some_and(|s| s.chars().any(char::is_uppercase));
        if spans.is_empty() || !has_capital {
            continue;
        }
        words.clear();
        words.extend(spans.iter().map(|s| s.slice(text).unwrap_or("")));
        // "En Brasil", "Según Reuters", "Para Alemania": a word of another language's own
        // written with a capital (opening a sentence, a line or a heading), which the tagger,
        // taught on English, reads as a given name, is shown to it in lower case.
        let lowered: Vec<(usize, String)> = match language {
            Some(code) if !english => (0..words.len())
                .filter(|&at| capitalised_joining_word(code, &words, at))
                .map(|at| (at, words[at].to_lowercase()))
                .collect(),
            _ => Vec::new(),
        };
        if lowered.is_empty() {
            model.tag(&words, Decoder::Viterbi, &mut scratch);
        } else {
            let mut shown = words.clone();
            for (at, word) in &lowered {
                shown[*at] = word;
            }
            model.tag(&shown, Decoder::Viterbi, &mut scratch);
        }
        let mut previous_end = 0;
        for found in tagger::entities_of(&scratch.tags) {
            let floor = previous_end;
            previous_end = found.end;
            if english && found.kind == EntityKind::Person {
                let from = with_opening_particles(&words, found.start, floor);
                // Sure at a sentence's start or after punctuation ("“…,” von der Leyen
                // said"); after a word ("empanadas de Borrego", "told de Blasio"), only when
                // the article names a person in full with these particles (below).
                let after_word = from
                    .checked_sub(1)
                    .and_then(|k| words.get(k))
                    .is_some_and(|w| w.chars().any(char::is_alphanumeric));
                if let (true, Some(first), Some(name)) =
                    (from < found.start, spans.get(from), spans.get(found.start))
                {
                    if after_word {
                        particled.push((mentions.len(), first.start, name.start));
                    } else {
                        extended.push((mentions.len(), first.start, name.start));
                    }
                }
            }
            // "16. Edward Burtynsky Edward Burtynsky (b. 1955)": a heading run into the text
            // that repeats it is two mentions of one name, not a name of four words.
            let half = repeated_half(words.get(found.start..found.end).unwrap_or(&[]));
            let pieces = match half {
                Some(half) => [
                    (found.start, found.start + half),
                    (found.start + half, found.end),
                ],
                None => [(found.start, found.end), (found.end, found.end)],
            };
            for (start, end) in pieces {
                if end <= start {
                    continue;
                }
                let (Some(first), Some(last)) = (spans.get(start), spans.get(end - 1)) else {
                    continue;
                };
                let span = Span::new(first.start, last.end);
                let Some(written) = span.slice(text) else {
                    continue;
                };
                if !written.chars().any(char::is_alphanumeric) {
                    continue;
                }
                mentions.push(Entity {
                    span,
                    sentence: *sentence,
                    text: written.to_string(),
                    // A news agency, an outlet or a company of the lists is an organisation
                    // ("according to Reuters", "Sony said"). In another language, a country as it names it
                    // ("Alemania", "Estados Unidos") is a place, whatever the tagger, taught
                    // on English, took it for (in English, "Siri" and "Maurice" are no Syria
                    // or Mauritius).
                    kind: if outlets::is_listed_organisation(written) {
                        EntityKind::Organization
                    } else if !english && countries::own_country(written).is_some() {
                        EntityKind::Place
                    } else {
                        found.kind
                    },
                    name: String::new(),
                    entity: 0,
                });
            }
        }
    }
    if !particled.is_empty() {
        // What the people's names end with after their first word ("von der leyen" and
        // "der leyen" for "Ursula von der Leyen"), folded.
        let mut endings: rustc_hash::FxHashSet<String> = Default::default();
        for mention in mentions.iter().filter(|m| m.kind == EntityKind::Person) {
            let full = names::folded(&mention.text);
            let words: Vec<&str> = full.split_whitespace().collect();
            for from in 1..words.len() {
                endings.insert(words[from..].join(" "));
            }
        }
        for (at, start, name_start) in particled {
            let Some(written) = mentions.get(at).and_then(|m| text.get(start..m.span.end)) else {
                continue;
            };
            let surname = names::folded(written);
            let surname: Vec<&str> = surname.split_whitespace().collect();
            if endings.contains(&surname.join(" ")) {
                extended.push((at, start, name_start));
            }
        }
    }
    for (at, start, name_start) in extended {
        if let Some(mention) = mentions.get_mut(at)
            && mention.span.start == name_start
            && let Some(written) = text.get(start..mention.span.end)
        {
            mention.span = Span::new(start, mention.span.end);
            mention.text = written.to_string();
        }
    }
    names::link(&mut mentions);
    mentions
}

/// Whether token `at` is a word of `language`'s own that names no one, capitalised before a
/// capitalised word: one of its prepositions and conjunctions ("En", "Según", "Para", "Con",
/// "Dans"). Not its whole list of stop words, which holds nouns that open names ("Estados
/// Unidos", "Estado Islámico"), nor its articles ("El Salvador", "Le Monde") or a surname's
/// particles ("De la Cruz", "Da Silva").
fn capitalised_joining_word(language: &str, words: &[&str], at: usize) -> bool {
    let (Some(first), Some(next)) = (words.get(at), words.get(at + 1)) else {
        return false;
    };
    first.chars().next().is_some_and(char::is_uppercase)
        && next.chars().next().is_some_and(char::is_uppercase)
        && joining_words(language).contains(&first.to_lowercase().as_str())
}

/// The prepositions and conjunctions of the languages of news written with capitals for names
/// only, that no name opens with.
fn joining_words(language: &str) -> &'static [&'static str] {
    match language.get(..2).unwrap_or("") {
        "es" => &[
            "en", "según", "para", "con", "desde", "durante", "entre", "sobre", "tras", "hacia",
            "contra", "hasta", "por", "sin", "ante", "y", "pero", "aunque", "cuando", "mientras",
            "porque",
        ],
        "fr" => &[
            "en", "à", "dans", "pour", "avec", "selon", "depuis", "pendant", "entre", "sur",
            "sous", "chez", "vers", "contre", "par", "sans", "et", "mais", "quand", "lorsque",
            "après", "avant",
        ],
        "pt" => &[
            "em", "para", "com", "desde", "durante", "entre", "sobre", "após", "contra", "até",
            "por", "pelo", "pela", "sem", "mas", "quando", "porque",
        ],
        "it" => &[
            "in", "nel", "nella", "per", "con", "durante", "tra", "fra", "sul", "sulla", "contro",
            "fino", "senza", "ma", "quando", "secondo",
        ],
        "nl" => &[
            "in", "voor", "met", "volgens", "tijdens", "tussen", "op", "naar", "tegen", "door",
            "zonder", "maar",
        ],
        _ => &[],
    }
}

/// Where a person's name starting at token `start` starts once the particles written before it are
/// taken in: "von der Leyen said", "de Blasio told", "De Blasio said" at a sentence's start,
/// which the tagger reads as "Leyen" and "Blasio" (it takes a lower-case particle into a name
/// only after a capitalised word). At most three particles, none before `floor` (the end of
/// the name before), the first of them one that opens a surname used alone
/// ([`OPENING_PARTICLES`]) and not after a capitalised word (what the tagger left out there,
/// "Tour de France", it left out on purpose); the first may be capitalised only when it opens
/// the sentence.
fn with_opening_particles(words: &[&str], start: usize, floor: usize) -> usize {
    let mut first = start;
    while first > floor
        && start - first < 3
        && words.get(first - 1).is_some_and(|w| {
            NAME_PARTICLES.contains(w) || (first == 1 && is_capitalised_particle(w))
        })
    {
        first -= 1;
    }
    // Give back particles from the left until one that opens a surname leads.
    while first < start {
        let lead = words.get(first).copied().unwrap_or("");
        let opens =
            OPENING_PARTICLES.contains(&lead) || (first == 0 && is_capitalised_particle(lead));
        let after_capital = first > 0
            && words
                .get(first - 1)
                .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase));
        if opens && !after_capital {
            return first;
        }
        first += 1;
    }
    start
}

/// "De", "Van", "Von", … : an opening particle written with a capital (as a sentence's first
/// word is).
fn is_capitalised_particle(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase)
        && chars.as_str().chars().all(char::is_lowercase)
        && OPENING_PARTICLES.contains(&word.to_lowercase().as_str())
}

/// The length of the first half of `words` when the name is written twice in a row, each
/// time in two words or more ("Edward Burtynsky Edward Burtynsky"); one word said twice is a
/// name of its own ("Bora Bora", "Sirhan Sirhan").
fn repeated_half(words: &[&str]) -> Option<usize> {
    let half = words.len() / 2;
    (half >= 2 && words.len().is_multiple_of(2) && words[..half] == words[half..]).then_some(half)
}

/// Panics unless the entities of `bytes` (read as UTF-8, lossily) keep their invariants:
/// each span indexes the text, lies in its sentence and follows the one before, each name is
/// non-empty and mentions of one entity share it. The fuzz target calls this.
pub fn check_entities(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    for language in crate::CHECK_LANGUAGES {
        let found = entities(&text, language).value;
        let mut end = 0;
        for entity in &found {
            assert_eq!(entity.span.slice(&text), Some(entity.text.as_str()));
            assert!(entity.sentence.contains(entity.span));
            assert!(entity.span.start >= end, "overlapping {entity:?}");
            end = entity.span.end;
            assert!(entity.entity < found.len());
            assert!(!entity.name.is_empty());
            let first = found.iter().find(|e| e.entity == entity.entity);
            assert_eq!(first.map(|e| &e.name), Some(&entity.name));
        }
    }
}
