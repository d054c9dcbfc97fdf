//! The names other languages give the countries ("Alemania", "Deutschland", "Allemagne" →
//! "Germany"; "México" → "Mexico"), which a place's normalised name and story clustering read,
//! so that articles in several languages name one country alike.
//!
//! The file (`models/countries.tsv`, built by `corroborate train countries` from the ISO
//! 3166-1 translations of the Debian iso-codes project) has one name a line and the country's
//! own name (as the place list writes it) after a tab. It is apart from the place list, which
//! the named-entity tagger's features read: the tagger need not be retrained when it changes.

use super::names::folded;
use super::places::{PlaceClass, latin_name, read_places};
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::OnceLock;

/// The shipped list (`corroborate train countries`).
pub(crate) static SHIPPED_COUNTRIES: &str = include_str!("../../models/countries.tsv");

/// The names of the list from the translations of each country's name: `countries` holds
/// each country's own name with the names other languages give it. A name is kept when it is
/// written in the Latin alphabet, is not an English word other than a place's name
/// ("Island", Iceland in German; "Swiss", Switzerland in Malay), is not the own name of a
/// city of `places` (the place list's text; "Brasilia" is Brazil in Finnish, and "Salvador"
/// El Salvador in Portuguese) unless it is the country's own name written otherwise
/// ("México"), and is not given to two countries. Sorted by name.
pub fn country_list(countries: &[(String, Vec<String>)], places: &str) -> Vec<(String, String)> {
    let cities: FxHashSet<String> = read_places(places)
        .unwrap_or_default()
        .into_iter()
        .filter(|p| {
            !p.foreign
                && matches!(
                    p.class,
                    PlaceClass::BigCity | PlaceClass::City | PlaceClass::Town
                )
        })
        .map(|p| folded(&p.name))
        .collect();
    // Name → the country it names, or `None` once two countries claim it.
    let mut claims: std::collections::BTreeMap<&str, Option<&str>> = Default::default();
    for (own, names) in countries {
        for name in names {
            let name = name.trim();
            let key = folded(name);
            let a_city = cities.contains(&key) && key != folded(own);
            if name == own || !latin_name(name) || english_word(name) || a_city {
                continue;
            }
            claims
                .entry(name)
                .and_modify(|claim| {
                    if *claim != Some(own.as_str()) {
                        *claim = None;
                    }
                })
                .or_insert(Some(own.as_str()));
        }
    }
    claims
        .into_iter()
        .filter_map(|(name, own)| Some((name.to_string(), own?.to_string())))
        .collect()
}

/// Whether `name` (as written or folded: "Ísland" is "island") is an English word other than
/// a place's name: a noun WordNet files as other than a location ("Island", "Swiss"), or a
/// word English news mostly writes in lower case. "Italia" and "USA", which WordNet files as
/// locations, are not.
fn english_word(name: &str) -> bool {
    // WordNet's noun.location (lexicographer file 15), as the classes number noun files
    // from 1.
    const NOUN_LOCATION: u16 = 15 - crate::senses::NOUN_FILES.0 + 1;
    if name.contains(' ') {
        return false;
    }
    let facts = crate::senses::shipped_word_facts();
    [name.to_string(), folded(name)].iter().any(|form| {
        let noun = facts
            .get(super::lower_hash(form))
            .map_or(0, |f| f.sense & 0x1f);
        (noun != 0 && noun != NOUN_LOCATION)
            || (noun == 0 && super::capitalised_share(form).is_some_and(|share| share < 50))
    })
}

/// Why a country list could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountryFileError {
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for CountryFileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "country list, line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for CountryFileError {}

/// Reads a country list: `name<TAB>own name` lines.
pub fn read_countries(text: &str) -> Result<Vec<(String, String)>, CountryFileError> {
    let mut out = Vec::new();
    for (at, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let error = |message: &str| CountryFileError {
            line: at + 1,
            message: message.to_string(),
        };
        let mut columns = line.split('\t');
        let (Some(name), Some(own), None) = (columns.next(), columns.next(), columns.next()) else {
            return Err(error(
                "expected a name and a country's own name separated by a tab",
            ));
        };
        if name.trim().is_empty() || own.trim().is_empty() {
            return Err(error("empty name"));
        }
        out.push((name.to_string(), own.to_string()));
    }
    Ok(out)
}

/// Writes a country list [`read_countries`] reads back.
pub fn write_countries(names: &[(String, String)]) -> String {
    let mut out = String::new();
    for (name, own) in names {
        out.push_str(name);
        out.push('\t');
        out.push_str(own);
        out.push('\n');
    }
    out
}

/// The shipped list by folded name (lower case, no diacritics); empty if it cannot be read
/// (a test checks that it can).
fn shipped() -> &'static FxHashMap<String, String> {
    static MAP: OnceLock<FxHashMap<String, String>> = OnceLock::new();
    MAP.get_or_init(|| {
        read_countries(SHIPPED_COUNTRIES)
            .unwrap_or_default()
            .into_iter()
            .map(|(name, own)| (folded(&name), own))
            .collect()
    })
}

/// The country's own name when `text` is a name another language gives it ("Alemania" →
/// "Germany"), case and diacritics aside.
pub(crate) fn own_country(text: &str) -> Option<&'static str> {
    shipped().get(&folded(text.trim())).map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_country_keeps_the_names_of_other_languages_that_are_no_english_word_or_city() {
        let places = "1\tIceland\n1\tBrazil\n1\tMexico\n1\tEl Salvador\n4\tBrasília\n4\tSalvador\n4\tMexico City\n12\tMéxico\tMexico City\n";
        let countries = [
            ("Iceland", vec!["Islandia", "Island", "Iceland"]),
            ("Brazil", vec!["Brasil", "Brasilia"]),
            ("Mexico", vec!["México", "Messico"]),
            ("El Salvador", vec!["Salvador"]),
            ("Italy", vec!["Italia", "Italie"]),
            ("Chad", vec!["Italie"]),
        ]
        .map(|(own, names)| {
            (
                own.to_string(),
                names.iter().map(|n| n.to_string()).collect(),
            )
        });
        let list = country_list(&countries, places);
        let own = |name: &str| {
            list.iter()
                .find(|(n, _)| n == name)
                .map(|(_, own)| own.as_str())
        };
        assert_eq!(own("Islandia"), Some("Iceland"));
        assert_eq!(own("Brasil"), Some("Brazil"));
        assert_eq!(own("México"), Some("Mexico"));
        assert_eq!(own("Italia"), Some("Italy"));
        // An English word, a city's own name, a country's own name, and a name two countries
        // are given, are not in it.
        for left_out in ["Island", "Brasilia", "Salvador", "Iceland", "Italie"] {
            assert_eq!(own(left_out), None, "{left_out}");
        }
        let text = write_countries(&list);
        assert_eq!(read_countries(&text).unwrap(), list);
        assert_eq!(read_countries("Alemania\n").unwrap_err().line, 1);
        assert_eq!(
            read_countries("Alemania\tGermany\n\tSpain\n")
                .unwrap_err()
                .line,
            2
        );
    }

    #[test]
    fn the_shipped_list_names_the_countries_of_other_languages() {
        assert!(read_countries(SHIPPED_COUNTRIES).is_ok());
        assert_eq!(own_country("Alemania"), Some("Germany"));
        assert_eq!(own_country("DEUTSCHLAND"), Some("Germany"));
        assert_eq!(own_country("México"), Some("Mexico"));
        assert_eq!(own_country("Island"), None);
        assert_eq!(own_country("Germany"), None);
    }
}
