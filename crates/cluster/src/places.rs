//! Place names as other languages write them, each leading to the place's own name
//! ("moskau", "moscú" → "moscow", "alemania" → "germany"), so that the names channel matches a
//! story's articles across languages. Read from the GeoNames place list the named-entity tagger ships
//! (`crates/claims/models/places-en.tsv`, whose third column is a foreign name's own name);
//! only names of one word on both sides are kept, as the names channel reads single words.

use rustc_hash::FxHashMap;
use std::sync::OnceLock;

static PLACE_LIST: &str = include_str!("../../claims/models/places-en.tsv");
/// The names other languages give the countries (`name<TAB>own name`), which the named-entity
/// stage normalises places by too.
static COUNTRY_LIST: &str = include_str!("../../claims/models/countries.tsv");

/// The own name of each one-word foreign place name, both lower-cased; a country's name
/// before a city's ("méxico" is Mexico, not Mexico City).
fn own_names() -> &'static FxHashMap<String, String> {
    static MAP: OnceLock<FxHashMap<String, String>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut map = read_countries(COUNTRY_LIST);
        for (name, own) in read(PLACE_LIST) {
            map.entry(name).or_insert(own);
        }
        map
    })
}

/// The one-word names of a country list's text (`name<TAB>own name`), lower-cased, each to its
/// country's own name when that is one word too.
fn read_countries(list: &str) -> FxHashMap<String, String> {
    one_word_pairs(list.lines().filter_map(|line| line.split_once('\t')))
}

/// The mapping of a place list's text (`code<TAB>name<TAB>own name` for a foreign name);
/// lines it cannot use are passed over (the list is checked where it is built and where the
/// tagger reads it).
fn read(list: &str) -> FxHashMap<String, String> {
    one_word_pairs(list.lines().filter_map(|line| {
        let mut columns = line.split('\t').skip(1);
        Some((columns.next()?, columns.next()?))
    }))
}

/// The (name, own name) pairs of one word each, lower-cased, the first of a name kept.
fn one_word_pairs<'a>(
    pairs: impl Iterator<Item = (&'a str, &'a str)>,
) -> FxHashMap<String, String> {
    let mut map = FxHashMap::default();
    for (name, own) in pairs {
        if name.contains([' ', '-', '.', '\'']) || own.contains([' ', '-', '.', '\'']) {
            continue;
        }
        map.entry(name.to_lowercase())
            .or_insert_with(|| own.to_lowercase());
    }
    map
}

/// The own name of the place `lower` (a lower-cased word) names in another language, if it is
/// one.
pub(crate) fn own_name(lower: &str) -> Option<&'static str> {
    own_names().get(lower).map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_word_foreign_names_lead_to_the_own_name() {
        let map = read(
            "4\tMoscow\n12\tMoskau\tMoscow\n12\tNueva York\tNew York City\n12\tKöln\n13\tCiudad\tMexico City\nbroken line\n",
        );
        assert_eq!(map.get("moskau").map(String::as_str), Some("moscow"));
        assert_eq!(map.len(), 1);
        assert_eq!(own_name("moscú"), Some("moscow"));
        assert_eq!(own_name("londres"), Some("london"));
        assert_eq!(own_name("alemania"), Some("germany"));
        assert_eq!(own_name("deutschland"), Some("germany"));
        assert_eq!(own_name("méxico"), Some("mexico"));
        let countries =
            read_countries("Alemania\tGermany\nEstados Unidos\tUnited States\nbroken\n");
        assert_eq!(countries.len(), 1);
        assert_eq!(own_name("london"), None);
        assert_eq!(own_name("said"), None);
    }
}
