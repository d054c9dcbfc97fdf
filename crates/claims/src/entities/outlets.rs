//! News agencies and news outlets (`data/news-organisations.txt`) and companies news names
//! often (`data/companies.txt`): a mention whose whole text is one of their names is an
//! organisation, whatever kind the tagger gave it. The open training sets hold few of them,
//! and the tagger, taught on them, took "Reuters", "Xinhua" and "Politico" for persons, and
//! "Google" and "Sony" in "Sony said its profit rose"; yet who reported a story, and on whose
//! word, is what a reader of several outlets asks first, and companies are half the subjects
//! of business news.

use super::names::folded;
use rustc_hash::FxHashSet;
use std::sync::OnceLock;

/// The lists: one name a line, `#` opening a comment line.
pub(crate) static OUTLETS: &str = include_str!("../../data/news-organisations.txt");
pub(crate) static COMPANIES: &str = include_str!("../../data/companies.txt");

/// The names of a list's text, folded (lower case, no accents).
fn read(list: &str) -> FxHashSet<String> {
    list.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(folded)
        .collect()
}

/// The shipped lists' names, read on first use.
fn names() -> &'static FxHashSet<String> {
    static NAMES: OnceLock<FxHashSet<String>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut names = read(OUTLETS);
        names.extend(read(COMPANIES));
        names
    })
}

/// True when `written` (a mention's whole text) is the name of a news agency, an outlet or a
/// company of the lists, compared folded: "Reuters", "The New York Times", "El País" (or "El
/// Pais"), "Google".
pub(crate) fn is_listed_organisation(written: &str) -> bool {
    names().contains(&folded(written))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn news_organisations_are_read_folded_and_whole() {
        let names = read("# a comment\nReuters\n\n  El País \nThe Hill\n");
        assert_eq!(names.len(), 3);
        assert!(names.contains("el pais") && names.contains("the hill"));
        for name in [
            "Reuters",
            "REUTERS",
            "El Pais",
            "The New York Times",
            "Xinhua",
        ] {
            assert!(is_listed_organisation(name), "{name}");
        }
        // A name listed with "The" only with it; names that are as often a person's.
        for name in [
            "Hill",
            "Guardian",
            "Bloomberg",
            "Dawn",
            "Reuters reporter",
            "",
        ] {
            assert!(!is_listed_organisation(name), "{name}");
        }
        // Every line of the shipped lists is read.
        assert!(super::names().len() >= read(OUTLETS).len() + 140);
    }

    #[test]
    fn companies_are_organisations_and_ambiguous_names_are_not_listed() {
        for name in [
            "Google",
            "Sony",
            "Pfizer",
            "Nestle",
            "Johnson & Johnson",
            "EBAY",
        ] {
            assert!(is_listed_organisation(name), "{name}");
        }
        // A person's, a place's or a common thing's name, and a longer mention.
        for name in [
            "Ford",
            "Amazon",
            "Shell",
            "Target",
            "Google Maps",
            "Sony Pictures",
        ] {
            assert!(!is_listed_organisation(name), "{name}");
        }
    }
}
