//! Figures, dates, quotes and named entities from one article's clean text.
//!
//! The claims stage reads an article body (paragraphs separated by `"\n\n"`) and finds:
//!
//! - quantities: figures with their hedge ("at least 12", "unos 4.500", "dozens") turned into
//!   an interval, the thing they count normalised to a measure (`dead`, `missing`, `injured`,
//!   `evacuated`, `homes`, `rescued`, `arrested`, or the head noun), and the day they hold for;
//! - temporal expressions ([`timexes`]): dates, times, durations and recurrences with their
//!   TIMEX3 value relative to the publication day ("the third quarter" → `1989-Q3`, "hace dos
//!   años" → `2024`, "the past two months" → `P2M`), read with per-language word lists kept as
//!   data files;
//! - dates: the temporal expressions whose value is a day ("yesterday", "on Tuesday", "3 de
//!   marzo"), which give figures their "as of" day;
//! - quotes: direct quotations in any common quotation marks and reported speech ("Reyes said
//!   that ..."), with the speaker resolved within the article (a surname, a role such as "the
//!   governor" or a pronoun becomes the full name seen elsewhere, and stays `None` rather than
//!   being guessed).
//!
//! - named entities ([`entities`]): people, organisations, places and other names, tagged by
//!   an averaged perceptron trained with `corroborate train ner` and shipped as
//!   `models/ner-en.bin`; mentions of one entity within the article are linked ("Okafor" →
//!   "Amara Okafor", "UN" → "United Nations") and share a normalised name.
//!
//! [`numbers`] finds every number in a text on its own (digits and words, fractions,
//! ordinals, percentages) in English, Spanish, German, French and Portuguese.
//!
//! English cue lists always apply; Spanish ones apply when the language is Spanish or unknown;
//! German, French and Portuguese ones apply when the article is in that language.
//!
//! Invariants: the crate is sans-IO (it never opens files or sockets and never reads the
//! clock); it never panics on any input; its running time grows linearly with the text; and
//! every [`model::Span`] it returns indexes the given text on `char` boundaries.

pub mod attribution;
mod dates;
mod doc;
mod entities;
mod genders;
mod measures;
mod numerals;
mod quantities;
mod quotes;
mod senses;
mod timex;
mod units;

pub use dates::dates;
pub use entities::{
    CensusName, ClusterFileError, ClusterOptions, ClusterWord, Convention, CountryFileError,
    DEFAULT_CONVENTION, Decoder, EpochReport, GeoKind, GeoPlace, GivenClass, LabelledSentence,
    ModelError, NEWS_SHARE, NerModel, PROPER_ADJECTIVE, PROPER_ARTIFACT, PROPER_EVENT,
    PROPER_GROUP, PROPER_IDEA, PROPER_PERSON, PROPER_PLACE, PersonFileError, PersonName,
    PlaceClass, PlaceFileError, PlaceName, ProperFileError, SurnameClass, TokenEntity,
    TrainOptions, build_clusters, check_entities, country_list, entities, normalise_name,
    person_list, place_list, proper_list, read_census, read_clusters, read_countries, read_persons,
    read_places, read_propers, shipped_ner_model, train_ner, write_clusters, write_countries,
    write_persons, write_places, write_propers,
};
/// The shipped place list's text (`models/places-en.tsv`), which `country_list` reads the
/// cities of.
pub const SHIPPED_PLACE_LIST: &str = entities::SHIPPED_PLACES;
pub use genders::{GivenName, learn_given_names, read_given_names, write_given_names};
pub use numerals::{NumberKind, NumberMention, check_numbers, numbers};
pub use quantities::{check_quantities, figures, quantities};
pub use quotes::{PronounReading, check_quotes, quotes, resolve_pronouns, rule_quotes};
pub use senses::{WordNetFiles, senses_file, shipped_cluster_words};
pub use timex::timexes;

use doc::Doc;
use model::{ArticleClaims, Outcome};

/// The `source` of the diagnostics this crate emits; callers that know the article id may
/// replace it.
pub const DIAGNOSTIC_SOURCE: &str = "claims";

/// Raise when a change to the rules (code, not data) changes what `extract_claims` gives for
/// the same input. Stored claims written by another version are recomputed.
const RULES_VERSION: u32 = 32;

/// The version of what `extract_claims` gives: the rules' version and a checksum of every table
/// and model compiled in, so a retrained model or an edited table is a new version without
/// anyone remembering to say so.
pub fn output_version() -> &'static str {
    static VERSION: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    VERSION.get_or_init(|| {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        let mut feed = |bytes: &[u8]| {
            for byte in bytes {
                hash ^= u64::from(*byte);
                hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
            }
        };
        feed(attribution::SHIPPED_BYTES);
        feed(entities::SHIPPED);
        feed(entities::SHIPPED_CLUSTERS.as_bytes());
        feed(entities::SHIPPED_PLACES.as_bytes());
        feed(entities::SHIPPED_COUNTRIES.as_bytes());
        feed(entities::SHIPPED_PERSONS.as_bytes());
        feed(entities::SHIPPED_PROPERS.as_bytes());
        feed(entities::OUTLETS.as_bytes());
        feed(entities::COMPANIES.as_bytes());
        feed(genders::SHIPPED.as_bytes());
        for (_, text) in timex::lexicon::LANGUAGES {
            feed(text.as_bytes());
        }
        for (_, text) in numerals::lexicon::SOURCES {
            feed(text.as_bytes());
        }
        feed(units::DATA.as_bytes());
        feed(measures::DATA.as_bytes());
        format!("{RULES_VERSION}-{hash:016x}")
    })
}

/// Extracts figures, dates and quotes from one article's clean text.
///
/// `published_at` anchors relative days ("yesterday", "on Tuesday") and the day figures hold
/// for; without it only dates written with a year are resolved and `as_of` stays `None`.
/// `language` is an ISO 639-1 code; `None` is read as English with Spanish cues as well.
pub fn extract_claims(
    text: &str,
    published_at: Option<jiff::Timestamp>,
    language: Option<&str>,
) -> Outcome<ArticleClaims> {
    let lowered = doc::lowered(text);
    let doc = Doc::new(text, &lowered, language);
    let published = publication_day(published_at);
    // One pass of the temporal tagger serves the day mentions, the figures' "as of" days and
    // the quotes.
    let times = dates::read(&doc, published);
    let found_dates = dates::from_timexes(&doc, &times);
    let mut attributions = attribution::find(&doc);
    // The people the entity tagger finds are who surnames and pronouns may stand for.
    let sentences: Vec<model::Span> = doc.sentences.iter().map(|s| s.span).collect();
    let found_entities = entities::find(text, &sentences, language);
    let people = quotes::person_names(&found_entities.value, doc.langs, text);
    let things = quotes::thing_names(&found_entities.value);
    let mut claims = ArticleClaims {
        quantities: quantities::find(&doc, &found_dates, published, false),
        quotes: quotes::find(
            &doc,
            &found_dates,
            &mut attributions.value,
            &people,
            &things,
        ),
        dates: dates::mentions(&doc, &found_dates, published),
        times,
        attributions: attributions.value,
        entities: found_entities.value,
    };
    let mut diagnostics = dates::diagnostics(&found_dates, published);
    diagnostics.extend(attributions.diagnostics);
    diagnostics.extend(found_entities.diagnostics);
    link_sources(&mut claims);
    Outcome::with(claims, diagnostics)
}

/// Points each attribution at the named entity its source is: a mention inside the source
/// span (a person or an organisation first), else a mention whose entity is named like the
/// resolved speaker.
fn link_sources(claims: &mut ArticleClaims) {
    use model::EntityKind;
    let entities = &claims.entities;
    for attribution in &mut claims.attributions {
        let inside = attribution.source.and_then(|source| {
            entities
                .iter()
                .filter(|e| source.contains(e.span))
                .min_by_key(|e| !matches!(e.kind, EntityKind::Person | EntityKind::Organization))
        });
        let named = || {
            let speaker = attribution.speaker.as_deref()?;
            entities.iter().find(|e| e.text == speaker)
        };
        attribution.entity = inside.or_else(named).map(|e| e.entity);
    }
}

/// Temporal expressions and quantities together, sharing one analysis of the text: what
/// [`timexes`] and [`quantities`] give, for the price of one tokenizing and one tagging pass.
pub fn times_and_quantities(
    text: &str,
    published_at: Option<jiff::Timestamp>,
    language: Option<&str>,
) -> (Vec<model::Timex>, Vec<model::Quantity>) {
    let lowered = doc::lowered(text);
    let doc = Doc::new(text, &lowered, language);
    let published = publication_day(published_at);
    let times = dates::read(&doc, published);
    let found_dates = dates::from_timexes(&doc, &times);
    let figures = quantities::find(&doc, &found_dates, published, false);
    (times, figures)
}

/// The languages the fuzzing check functions run each input in: none, then each with cue lists.
pub(crate) const CHECK_LANGUAGES: [Option<&str>; 6] = [
    None,
    Some("en"),
    Some("es"),
    Some("de"),
    Some("fr"),
    Some("pt"),
];

/// The publication day: the civil date of the publication time in UTC.
pub(crate) fn publication_day(published_at: Option<jiff::Timestamp>) -> Option<jiff::civil::Date> {
    published_at.map(|at| at.to_zoned(jiff::tz::TimeZone::UTC).date())
}
