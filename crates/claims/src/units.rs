//! The unit and currency lexicon (`data/units.tsv`), read once, and its lookups on tokens.
//!
//! Each line of the data file names a unit, its kind, the language whose articles use its
//! forms, whether the forms stand before or after a number, and the forms themselves. Forms
//! are cut into tokens with the same tokenizer as article text, so "km/h" also matches
//! "km / h". A form with an upper-case letter, or written with a leading `=`, matches only
//! that spelling; the others match in any case.

use crate::doc::{Lang, Langs, Token, tokenize};
use model::Span;
use std::sync::LazyLock;

/// What kind of unit follows (or precedes) a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UnitKind {
    Percent,
    Currency,
    /// A currency's hundredth: cent, penny.
    Minor,
    Measure,
    Time,
    Age,
}

/// A unit with its normalised name, as stored in `Quantity::unit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Unit {
    pub kind: UnitKind,
    pub name: &'static str,
}

/// Where the forms of a unit stand relative to the number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    After,
    Before,
    Both,
}

/// One token of a form: lower-cased unless it must match exactly.
#[derive(Debug)]
struct FormToken {
    text: String,
    exact: bool,
}

/// One form of one unit.
#[derive(Debug)]
struct Entry {
    unit: Unit,
    /// `None` for forms of every language.
    lang: Option<Lang>,
    place: Place,
    tokens: Vec<FormToken>,
}

/// The lexicon, with the forms indexed by their first token (lower-cased).
struct Table {
    entries: Vec<Entry>,
    by_first: rustc_hash::FxHashMap<String, Vec<usize>>,
    /// The shapes of the first tokens, which turn most words away before hashing.
    shapes: crate::doc::Shapes,
}

pub(crate) const DATA: &str = include_str!("../data/units.tsv");

static TABLE: LazyLock<Table> = LazyLock::new(|| parse(DATA));

/// Reads the data file; malformed lines are skipped (a unit test checks there are none).
fn parse(data: &'static str) -> Table {
    let mut entries = Vec::new();
    for line in data.lines() {
        if let Some(mut line_entries) = parse_line(line) {
            entries.append(&mut line_entries);
        }
    }
    let mut by_first: rustc_hash::FxHashMap<String, Vec<usize>> = rustc_hash::FxHashMap::default();
    for (index, entry) in entries.iter().enumerate() {
        if let Some(first) = entry.tokens.first() {
            by_first
                .entry(first.text.to_lowercase())
                .or_default()
                .push(index);
        }
    }
    let mut shapes = crate::doc::Shapes::default();
    for first in by_first.keys() {
        shapes.insert(first);
    }
    Table {
        entries,
        by_first,
        shapes,
    }
}

/// The entries of one data line, or `None` for comments, blank and malformed lines.
fn parse_line(line: &'static str) -> Option<Vec<Entry>> {
    if line.trim().is_empty() || line.starts_with('#') {
        return None;
    }
    let mut fields = line.split('\t');
    let kind = match fields.next()? {
        "currency" => UnitKind::Currency,
        "minor" => UnitKind::Minor,
        "percent" => UnitKind::Percent,
        "time" => UnitKind::Time,
        "age" => UnitKind::Age,
        "measure" => UnitKind::Measure,
        _ => return None,
    };
    let name = fields.next()?;
    let lang = match fields.next()? {
        "*" => None,
        "en" => Some(Lang::En),
        "es" => Some(Lang::Es),
        "de" => Some(Lang::De),
        "fr" => Some(Lang::Fr),
        "pt" => Some(Lang::Pt),
        _ => return None,
    };
    let place = match fields.next()? {
        "after" => Place::After,
        "before" => Place::Before,
        "both" => Place::Both,
        _ => return None,
    };
    let forms = fields.next()?;
    if fields.next().is_some() || name.is_empty() {
        return None;
    }
    let unit = Unit { kind, name };
    let entries = forms
        .split('|')
        .filter_map(|form| {
            let (form, forced) = match form.strip_prefix('=') {
                Some(rest) => (rest, true),
                None => (form, false),
            };
            let tokens: Vec<FormToken> = tokenize(form, Span::new(0, form.len()))
                .into_iter()
                .map(|t| {
                    let exact = forced || t.text.chars().any(char::is_uppercase);
                    FormToken {
                        text: if exact {
                            t.text.to_string()
                        } else {
                            t.lower.into_owned()
                        },
                        exact,
                    }
                })
                .collect();
            (!tokens.is_empty()).then_some(Entry {
                unit,
                lang,
                place,
                tokens,
            })
        })
        .collect();
    Some(entries)
}

/// The token index after `entry` when the tokens from `at` spell it.
fn matches_at(tokens: &[Token<'_>], at: usize, entry: &Entry) -> Option<usize> {
    for (offset, form) in entry.tokens.iter().enumerate() {
        let token = tokens.get(at + offset)?;
        let same = if form.exact {
            token.text == form.text
        } else {
            token.lower == form.text
        };
        if !same {
            return None;
        }
    }
    Some(at + entry.tokens.len())
}

/// The units whose forms start at token `at` and may stand in `place` (before or after the
/// number), each with the index after its form, longest first; an exact-case form comes before
/// an any-case one of the same length, and otherwise the data file's order holds.
fn units_at(tokens: &[Token<'_>], at: usize, langs: Langs, before: bool) -> Vec<(Unit, usize)> {
    let Some(first) = tokens.get(at) else {
        return Vec::new();
    };
    let first = first.lower.as_ref();
    if !TABLE.shapes.may_contain(first) {
        return Vec::new();
    }
    let Some(candidates) = TABLE.by_first.get(first) else {
        return Vec::new();
    };
    let mut found: Vec<(Unit, usize, bool)> = candidates
        .iter()
        .filter_map(|&index| TABLE.entries.get(index))
        .filter(|entry| entry.lang.is_none_or(|lang| langs.uses(lang)))
        .filter(|entry| match entry.place {
            Place::Both => true,
            Place::Before => before,
            Place::After => !before,
        })
        .filter_map(|entry| {
            let end = matches_at(tokens, at, entry)?;
            Some((entry.unit, end, entry.tokens.iter().any(|t| t.exact)))
        })
        .collect();
    // Stable: equal forms keep the file's order.
    found.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)));
    found
        .into_iter()
        .map(|(unit, end, _)| (unit, end))
        .collect()
}

/// The most tokens a form written before a number takes ("U.S. $" takes five).
pub(crate) fn longest_before() -> usize {
    TABLE
        .entries
        .iter()
        .filter(|entry| entry.place != Place::After)
        .map(|entry| entry.tokens.len())
        .max()
        .unwrap_or(0)
}

/// False when no unit's form starts with the lower-case `word`.
pub(crate) fn may_start(word: &str) -> bool {
    TABLE.shapes.may_contain(word) && TABLE.by_first.contains_key(word)
}

/// The units written at token `at` after a number, best first.
pub(crate) fn after(tokens: &[Token<'_>], at: usize, langs: Langs) -> Vec<(Unit, usize)> {
    units_at(tokens, at, langs, false)
}

/// The units written at token `at` before a number, best first.
pub(crate) fn before(tokens: &[Token<'_>], at: usize, langs: Langs) -> Vec<(Unit, usize)> {
    units_at(tokens, at, langs, true)
}

/// The currency of an upper-case ISO code ("USD"), or `None`.
fn code(code: &str) -> Option<Unit> {
    if code.len() != 3 || !code.chars().all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    TABLE.by_first.get(&code.to_lowercase()).and_then(|list| {
        list.iter()
            .filter_map(|&index| TABLE.entries.get(index))
            .find(|e| {
                e.unit.kind == UnitKind::Currency
                    && e.tokens.len() == 1
                    && e.tokens.first().is_some_and(|t| t.exact && t.text == code)
            })
            .map(|e| e.unit)
    })
}

/// A currency code written against its amount as one word ("USD115"): the currency and the
/// digits.
pub(crate) fn code_number<'t>(token: &Token<'t>) -> Option<(Unit, &'t str)> {
    let at = token.text.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = token.text.split_at(at);
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((code(letters)?, digits))
}

/// The currency of an ISO code with a leading "M" for millions ("MUSD", "MEUR"), as finance
/// writes it.
pub(crate) fn million_code(token: &Token<'_>) -> Option<Unit> {
    code(token.text.strip_prefix('M')?)
}

/// The name of a time unit written at token `at` ("hour", "year"), for "per hour", "a year".
pub(crate) fn time_at(tokens: &[Token<'_>], at: usize, langs: Langs) -> Option<(Unit, usize)> {
    after(tokens, at, langs)
        .into_iter()
        .find(|(unit, _)| unit.kind == UnitKind::Time)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<Token<'_>> {
        tokenize(text, Span::new(0, text.len()))
    }

    #[test]
    fn every_data_line_parses() {
        for line in DATA.lines() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let entries = parse_line(line);
            assert!(
                entries.as_ref().is_some_and(|e| !e.is_empty()),
                "bad line: {line:?}"
            );
        }
        assert!(TABLE.entries.len() > 500);
    }

    #[test]
    fn forms_match_by_case_and_length() {
        let en = Langs::new(Some("en"));
        let first = |text: &str| {
            after(&tokens(text), 0, en)
                .first()
                .map(|(u, e)| (u.name, *e))
        };
        assert_eq!(first("MB file"), Some(("megabyte", 1)));
        assert_eq!(first("mb file"), Some(("megabit", 1)));
        assert_eq!(first("km/h"), Some(("kilometre per hour", 3)));
        assert_eq!(first("km / h"), Some(("kilometre per hour", 3)));
        assert_eq!(first("degrees Fahrenheit"), Some(("fahrenheit", 2)));
        assert_eq!(first("square meters"), Some(("square metre", 2)));
        assert_eq!(first("M"), None);
        let before_en = |text: &str| {
            before(&tokens(text), 0, en)
                .first()
                .map(|(u, e)| (u.name, *e))
        };
        assert_eq!(before_en("C$ 5"), Some(("canadian dollar", 2)));
        assert_eq!(before_en("c $ 5"), Some(("canadian dollar", 2)));
        assert_eq!(before_en("US$5"), Some(("dollar", 2)));
        assert_eq!(before_en("km 5"), None);
        let es = Langs::new(Some("es"));
        assert_eq!(
            after(&tokens("kilómetros cuadrados"), 0, es)
                .first()
                .map(|(u, _)| u.name),
            Some("square kilometre")
        );
        // Spanish forms do not apply to a German article.
        let de = Langs::new(Some("de"));
        assert!(after(&tokens("kilómetros"), 0, de).is_empty());
        assert_eq!(
            million_code(&tokens("MUSD")[0]).map(|u| u.name),
            Some("dollar")
        );
        assert_eq!(million_code(&tokens("MXYZ")[0]), None);
    }
}
