//! News agencies and news outlets (`data/news-organisations.txt`): a mention whose whole text
//! is one of their names is an organisation, whatever kind the tagger gave it. The open
//! training sets hold few of them, and the tagger, taught on them, took "Reuters", "Xinhua"
//! and "Politico" for persons; yet who reported a story, and on whose word, is what a reader
//! of several outlets asks first.

use super::names::folded;
use rustc_hash::FxHashSet;
use std::sync::OnceLock;

/// The list: one name a line, `#` opening a comment line.
static LIST: &str = include_str!("../../data/news-organisations.txt");

/// The names of a list's text, folded (lower case, no accents).
fn read(list: &str) -> FxHashSet<String> {
    list.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(folded)
        .collect()
}

/// The shipped list's names, read on first use.
fn names() -> &'static FxHashSet<String> {
    static NAMES: OnceLock<FxHashSet<String>> = OnceLock::new();
    NAMES.get_or_init(|| read(LIST))
}

/// True when `written` (a mention's whole text) is the name of a news agency or outlet of the
/// list, compared folded: "Reuters", "The New York Times", "El País" (or "El Pais").
pub(crate) fn is_news_organisation(written: &str) -> bool {
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
            assert!(is_news_organisation(name), "{name}");
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
            assert!(!is_news_organisation(name), "{name}");
        }
        // Every line of the shipped list is read.
        assert!(super::names().len() > 200);
    }
}
