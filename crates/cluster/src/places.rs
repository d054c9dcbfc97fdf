//! Place names as other languages write them, each leading to the place's own name
//! ("moskau", "moscú" → "moscow", "alemania" → "germany"), so that the names channel matches a
//! story's articles across languages. Read from the GeoNames place list the named-entity tagger ships
//! (`crates/claims/models/places-en.tsv`, whose third column is a foreign name's own name);
//! only names of one word on both sides are kept there. A country's name of several words in
//! any language ("Estados Unidos", "États-Unis", "United States") leads to the country's own
//! name as one name (`country_at`), and so does a one-word name of a country whose own name
//! has several ("USA", "Yhdysvallat").

use model::Span;
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::OnceLock;

static PLACE_LIST: &str = include_str!("../../claims/models/places-en.tsv");
/// The names other languages give the countries (`name<TAB>own name`), which the named-entity
/// stage normalises places by too.
static COUNTRY_LIST: &str = include_str!("../../claims/models/countries.tsv");
/// What English news calls some countries besides their own names, which the list (of other
/// languages' names) leaves out.
const ENGLISH_SHORT_NAMES: &str = "U.S.\tUnited States\nU.K.\tUnited Kingdom\nUK\tUnited Kingdom\n\
                                   Britain\tUnited Kingdom\nGreat Britain\tUnited Kingdom\n\
                                   UAE\tUnited Arab Emirates\nU.A.E.\tUnited Arab Emirates\n";

/// The own name of each one-word foreign place name, both lower-cased; a country's name
/// before a city's ("méxico" is Mexico, not Mexico City).
fn own_names() -> &'static FxHashMap<String, String> {
    static MAP: OnceLock<FxHashMap<String, String>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut map = read_countries(COUNTRY_LIST);
        for (name, own) in read_countries(ENGLISH_SHORT_NAMES) {
            map.entry(name).or_insert(own);
        }
        for (name, own) in read(PLACE_LIST) {
            map.entry(name).or_insert(own);
        }
        map
    })
}

/// The one-word names of a country list's text (`name<TAB>own name`), lower-cased, each to its
/// country's own name ([`own_country`]).
fn read_countries(list: &str) -> FxHashMap<String, String> {
    let mut map = FxHashMap::default();
    for (name, own) in list.lines().filter_map(|line| line.split_once('\t')) {
        if let [word] = name_words(name).as_slice() {
            map.entry(word.clone()).or_insert_with(|| own_country(own));
        }
    }
    map
}

/// A country's own name as the names channel keeps it: its words lower-cased, joined by one
/// space, without a leading "the" ("The Netherlands" is "netherlands", as English writes it
/// after a lower-case "the").
fn own_country(own: &str) -> String {
    let words = name_words(own);
    let words = match words.split_first() {
        Some((first, rest)) if first == "the" && !rest.is_empty() => rest,
        _ => &words[..],
    };
    words.join(" ")
}

/// The words of a name as [`text::words`] cuts them, lower-cased.
fn name_words(name: &str) -> Vec<String> {
    text::words(name).map(|(_, w)| w.to_lowercase()).collect()
}

/// The most words of a country's name read as one name.
const MAX_COUNTRY_WORDS: usize = 4;

/// Countries' names of two to [`MAX_COUNTRY_WORDS`] words in every language of the list, and
/// the own names themselves (without a leading "the", so that the names channel need not look
/// at every "The"), as their words lower-cased and joined by one space, each to the own name
/// ([`own_country`]).
fn read_multi_word_countries(list: &str) -> FxHashMap<String, String> {
    let mut map = FxHashMap::default();
    for (name, own) in list.lines().filter_map(|line| line.split_once('\t')) {
        let own_name = own_country(own);
        let own_words: Vec<String> = own_name.split(' ').map(str::to_string).collect();
        for words in [name_words(name), own_words] {
            if (2..=MAX_COUNTRY_WORDS).contains(&words.len()) {
                map.entry(words.join(" "))
                    .or_insert_with(|| own_name.clone());
            }
        }
    }
    map
}

/// The multi-word country names of the shipped list, and the first words they open with.
fn multi_word_countries() -> &'static (FxHashMap<String, String>, FxHashSet<String>) {
    static MAP: OnceLock<(FxHashMap<String, String>, FxHashSet<String>)> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut map = read_multi_word_countries(COUNTRY_LIST);
        for (name, own) in read_multi_word_countries(ENGLISH_SHORT_NAMES) {
            map.entry(name).or_insert(own);
        }
        // A name opening with an English stop word ("An Ríocht Aontaithe", Irish for the
        // United Kingdom) would send every capitalised "An" and "I" to a lookup.
        map.retain(|key, _| {
            key.split(' ')
                .next()
                .is_some_and(|first| !text::is_stopword("en", first))
        });
        let firsts = map
            .keys()
            .filter_map(|key| key.split(' ').next())
            .map(str::to_string)
            .collect();
        (map, firsts)
    })
}

/// True when `lower` (a lower-cased word) is the first word of a country's name of several
/// words: only then is [`country_at`] worth asking.
pub(crate) fn opens_country(lower: &str) -> bool {
    multi_word_countries().1.contains(lower)
}

/// The own name of the country named by the words starting at `words[at]`, when they are one
/// of its names of several words written with only a space or a hyphen between them, and how
/// many words that name has. The longest name wins.
pub(crate) fn country_at(
    text: &str,
    words: &[(Span, &str)],
    at: usize,
) -> Option<(&'static str, usize)> {
    let map = &multi_word_countries().0;
    let mut joined = words.get(at)?.1.to_lowercase();
    let mut found = None;
    for next in at + 1..(at + MAX_COUNTRY_WORDS).min(words.len()) {
        let gap = text.get(words[next - 1].0.end..words[next].0.start)?;
        if gap != " " && gap != "-" {
            break;
        }
        joined.push(' ');
        joined.push_str(&words[next].1.to_lowercase());
        if let Some(own) = map.get(&joined) {
            found = Some((own.as_str(), next - at + 1));
        }
    }
    found
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
        let countries = read_countries(
            "Alemania\tGermany\nEstados Unidos\tUnited States\nUSA\tUnited States\nbroken\n",
        );
        assert_eq!(countries.len(), 2);
        assert_eq!(own_name("usa"), Some("united states"));
        assert_eq!(own_name("yhdysvallat"), Some("united states"));
        assert_eq!(own_name("london"), None);
        assert_eq!(own_name("said"), None);
    }

    #[test]
    fn country_names_of_several_words_are_one_name() {
        let text = "Talks in Estados Unidos, the United States and États-Unis; the Netherlands, \
                    Países Bajos; Corea del Sur. United Nations. United\nStates.";
        let words: Vec<(Span, &str)> = text::words(text).collect();
        let found: Vec<(&str, &str)> = (0..words.len())
            .filter(|at| text::is_capitalized(words[*at].1))
            .filter_map(|at| {
                let (own, count) = country_at(text, &words, at)?;
                let span = Span::new(words[at].0.start, words[at + count - 1].0.end);
                Some((&text[span.start..span.end], own))
            })
            .collect();
        assert_eq!(
            found,
            [
                ("Estados Unidos", "united states"),
                ("United States", "united states"),
                ("États-Unis", "united states"),
                ("Países Bajos", "netherlands"),
                ("Corea del Sur", "south korea"),
            ]
        );
        assert!(opens_country("estados") && opens_country("united"));
        assert_eq!(own_name("u.s"), Some("united states"));
        assert_eq!(own_name("britain"), Some("united kingdom"));
        assert!(!opens_country("unidos") && !opens_country("the"));
        assert!(!opens_country("an") && !opens_country("i"));
    }
}
