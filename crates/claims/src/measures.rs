//! The nouns news figures count, in every language the quantities read, each mapped to one
//! English measure ("estibadores", "Hafenarbeiter" and "dockworkers" all count `dockworkers`),
//! so that figures of articles in different languages meet.
//!
//! The words are data, `data/measures.tsv`, compiled in and read once. A noun of no entry keeps
//! its own spelling; in English it is put in the plural, so that "one ship" and "40 ships"
//! count the same thing.

use crate::doc::{Lang, Langs, Token, phrase_at};
use std::sync::LazyLock;

pub(crate) const DATA: &str = include_str!("../data/measures.tsv");

/// What a counted noun names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Noun {
    /// The canonical measure: an English plural ("ships", "patients").
    pub measure: &'static str,
    /// People in some role, whose predicate may decide the measure ("two patients died").
    pub person: bool,
}

/// One form of the table.
#[derive(Debug, Clone, Copy)]
struct Entry {
    form: &'static str,
    noun: Noun,
    lang: Lang,
}

struct Lexicon {
    /// Entries by the first word of their form.
    by_first: rustc_hash::FxHashMap<&'static str, Vec<Entry>>,
    /// German one-word forms, for the last part of a compound ("Containerschiffe").
    german: rustc_hash::FxHashMap<&'static str, Noun>,
    /// The measures that count people.
    people: rustc_hash::FxHashSet<&'static str>,
}

static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| parse(DATA));

/// Reads the data file; malformed lines are skipped (a unit test checks there are none).
fn parse(data: &'static str) -> Lexicon {
    let mut lexicon = Lexicon {
        by_first: rustc_hash::FxHashMap::default(),
        german: rustc_hash::FxHashMap::default(),
        people: rustc_hash::FxHashSet::default(),
    };
    for entry in data.lines().filter_map(parse_line).flatten() {
        let first = entry.form.split(' ').next().unwrap_or(entry.form);
        if entry.lang == Lang::De && !entry.form.contains(' ') {
            lexicon.german.entry(entry.form).or_insert(entry.noun);
        }
        if entry.noun.person {
            lexicon.people.insert(entry.noun.measure);
        }
        lexicon.by_first.entry(first).or_default().push(entry);
    }
    lexicon
}

/// The entries of one line, or `None` for a comment, a blank or a malformed line.
fn parse_line(line: &'static str) -> Option<Vec<Entry>> {
    if line.trim().is_empty() || line.starts_with('#') {
        return None;
    }
    let mut fields = line.split('\t');
    let measure = fields.next().filter(|m| !m.is_empty())?;
    let person = match fields.next()? {
        "person" => true,
        "thing" => false,
        _ => return None,
    };
    let lang = match fields.next()? {
        "en" => Lang::En,
        "es" => Lang::Es,
        "de" => Lang::De,
        "fr" => Lang::Fr,
        "pt" => Lang::Pt,
        _ => return None,
    };
    let forms = fields.next()?;
    if fields.next().is_some() {
        return None;
    }
    let noun = Noun { measure, person };
    let entries: Vec<Entry> = forms
        .split('|')
        .map(|form| Entry { form, noun, lang })
        .collect();
    let clean = entries
        .iter()
        .all(|e| !e.form.is_empty() && e.form.trim() == e.form && e.form.to_lowercase() == e.form);
    clean.then_some(entries)
}

/// The counted noun at token `at` (the longest form of an applicable language, the article's
/// own language first) and the index after it.
pub(crate) fn noun_at(tokens: &[Token<'_>], at: usize, langs: Langs) -> Option<(Noun, usize)> {
    let word = tokens.get(at)?.lower.as_ref();
    let lexicon = &*LEXICON;
    if let Some(entries) = lexicon.by_first.get(word) {
        let mut best: Option<(Noun, usize, bool)> = None;
        for entry in entries {
            if !langs.uses(entry.lang) {
                continue;
            }
            let own = entry.lang == langs.primary;
            if let Some(end) = phrase_at(tokens, at, entry.form) {
                let better = best
                    .is_none_or(|(_, b_end, b_own)| end > b_end || (end == b_end && own && !b_own));
                if better {
                    best = Some((entry.noun, end, own));
                }
            }
        }
        if let Some((noun, end, _)) = best {
            return Some((noun, end));
        }
    }
    // "Containerschiffe", "Bauarbeiter": a German compound counts what its last part names.
    if langs.primary == Lang::De {
        return german_compound(word).map(|noun| (noun, at + 1));
    }
    None
}

/// True when `measure` counts people in some role ("patients", "dockworkers").
pub(crate) fn is_person(measure: &str) -> bool {
    LEXICON.people.contains(measure)
}

/// The noun the last part of a German compound names (a part of at least four letters).
fn german_compound(word: &str) -> Option<Noun> {
    let german = &LEXICON.german;
    word.char_indices()
        .skip(1)
        .map(|(at, _)| &word[at..])
        .take_while(|rest| rest.chars().count() >= 4)
        .find_map(|rest| german.get(rest).copied())
}

/// The measure of a head noun no entry names: the noun itself, lower-cased, and in English
/// put in the plural ("ship" → "ships", "ferry" → "ferries", "box" → "boxes").
pub(crate) fn unknown_noun(word: &str, langs: Langs) -> String {
    if langs.primary != Lang::En || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return word.to_string();
    }
    english_plural(word)
}

/// A simple English plural for nouns of no entry.
fn english_plural(word: &str) -> String {
    let bytes = word.as_bytes();
    let Some(&last) = bytes.last() else {
        return String::new();
    };
    let before = bytes.len().checked_sub(2).map(|at| bytes[at]);
    let vowel = |b: u8| matches!(b, b'a' | b'e' | b'i' | b'o' | b'u');
    if word.len() < 3 || (last == b's' && before != Some(b's')) {
        return word.to_string();
    }
    if word.ends_with("ss")
        || word.ends_with("sh")
        || word.ends_with("ch")
        || last == b'x'
        || last == b'z'
    {
        return format!("{word}es");
    }
    if last == b'y' && before.is_some_and(|b| !vowel(b)) {
        return format!("{}ies", &word[..word.len() - 1]);
    }
    format!("{word}s")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_of_the_table_parses_and_no_form_names_two_measures() {
        let mut seen: rustc_hash::FxHashMap<(&str, String), &str> = Default::default();
        let mut measures = 0;
        for line in DATA.lines() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let entries = parse_line(line).unwrap_or_else(|| panic!("malformed line: {line:?}"));
            measures += 1;
            for entry in entries {
                let key = (entry.form, format!("{:?}", entry.lang));
                if let Some(other) = seen.insert(key, entry.noun.measure) {
                    assert_eq!(
                        other, entry.noun.measure,
                        "{:?} names two measures in {:?}",
                        entry.form, entry.lang
                    );
                }
            }
        }
        assert!(measures > 300, "{measures} lines");
        assert!(seen.len() > 1000, "{} forms", seen.len());
    }

    fn measure_of(text: &str, language: &str) -> Option<&'static str> {
        let tokens = crate::doc::tokenize(text, model::Span::new(0, text.len()));
        let langs = Langs::new(Some(language));
        noun_at(&tokens, 0, langs).map(|(noun, _)| noun.measure)
    }

    #[test]
    fn words_of_five_languages_meet_in_one_measure() {
        let cases = [
            ("freighters", "en", "ships"),
            ("Schiffe", "de", "ships"),
            ("navios", "pt", "ships"),
            ("navires", "fr", "ships"),
            ("barcos", "es", "ships"),
            ("police officers", "en", "police officers"),
            ("policiers", "fr", "police officers"),
            ("Krankenschwestern", "de", "nurses"),
            ("Containerschiffe", "de", "ships"),
            ("Bauarbeiter", "de", "workers"),
            ("caminhões", "pt", "trucks"),
            ("votantes", "es", "voters"),
            ("élèves", "fr", "students"),
        ];
        for (text, language, measure) in cases {
            assert_eq!(measure_of(text, language), Some(measure), "{text}");
        }
        assert_eq!(measure_of("Übermut", "de"), None);
        assert_eq!(measure_of("gizmos", "en"), None);
    }

    #[test]
    fn unknown_english_nouns_take_a_plural() {
        let en = Langs::new(Some("en"));
        let es = Langs::new(Some("es"));
        for (word, plural) in [
            ("ferry", "ferries"),
            ("gizmo", "gizmos"),
            ("torch", "torches"),
            ("kiosks", "kiosks"),
            ("day", "days"),
            ("grass", "grasses"),
        ] {
            assert_eq!(unknown_noun(word, en), plural);
        }
        assert_eq!(unknown_noun("grúas", es), "grúas");
        assert_eq!(unknown_noun("Übermut", en), "Übermut");
    }
}
