//! The per-language word lists of the temporal tagger, read from the data files in
//! `crates/claims/data/timex/` (compiled into the binary).
//!
//! A data file is a list of sections. A line `[class]` opens a section; every other line that
//! is not blank and does not start with `#` reads `phrase | phrase | ... = value`, where the
//! value is optional. A phrase is cut into tokens by the tagger's own tokenizer, so "a.m." is
//! the four tokens `a . m .` and "new year's" is `new year ' s`; a hyphen between letters
//! counts as a space. Unknown section names are an error, found by the unit tests.

use super::tokens::{Tok, tokenize};
use rustc_hash::FxHashMap;
use std::sync::OnceLock;

/// The kinds of word the grammar knows; one per data-file section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Class {
    Month,
    MonthShort,
    Weekday,
    Season,
    PartOfDay,
    Clock,
    AmPm,
    Unit,
    Number,
    Ordinal,
    ShiftBefore,
    ShiftAfter,
    ShiftAnchor,
    AgoBefore,
    AgoAfter,
    Ref,
    ModBefore,
    SetWord,
    Every,
    Det,
    Joiner,
    Holiday,
    DecadeWord,
    Future,
    Past,
    PastSuffix,
    FutureSuffix,
    SuffixException,
    Fiscal,
    DurationLead,
    PeriodNoun,
    WeekdayLead,
    Within,
    RelativeTo,
    PeriodEnd,
    /// "o'clock", "Uhr": after an hour.
    OClock,
    /// "past" (`+`) or "to" (`-`) between minutes and an hour.
    HourOffset,
    /// "in the", "at" before a part of the day that follows a clock time.
    ClockDayPart,
    /// "at", "by", "until": before a bare hour that a part of the day makes a time ("at 8 in
    /// the morning", where "killed 8 in the morning raid" is no time).
    ClockLead,
    /// "EDT", "GMT", "local time": a time zone after a clock time.
    TimeZone,
    /// "that", "that same": before a unit, the date last named ("that year").
    Anaphor,
    /// "later", "earlier": before an [`Class::Anaphor`] ("later that year").
    AnaphorLead,
    /// "had", "had been": a past perfect, which makes a future cue right after it past
    /// ("had been due to expire Friday").
    Perfect,
    /// "more", "additional": between a count and its unit ("two more weeks").
    Extra,
}

impl Class {
    /// The bit of this class in a [`Heads::mask`].
    pub fn bit(self) -> u64 {
        1 << (self as u32)
    }

    /// True when a phrase of this class can be the first word of an expression.
    fn starts(self) -> bool {
        !matches!(
            self,
            Class::Future
                | Class::Past
                | Class::PastSuffix
                | Class::FutureSuffix
                | Class::SuffixException
                | Class::DurationLead
                | Class::Joiner
                | Class::AmPm
                | Class::PeriodNoun
                | Class::WeekdayLead
                | Class::Within
                | Class::RelativeTo
                | Class::PeriodEnd
                | Class::ShiftAfter
                | Class::AgoAfter
                | Class::OClock
                | Class::HourOffset
                | Class::ClockDayPart
                | Class::ClockLead
                | Class::TimeZone
                | Class::Extra
                | Class::Perfect
        )
    }

    /// True when a word of a phrase of this class anchors an expression: every expression
    /// holds a digit or such a word, so a stretch of text without one holds none.
    fn anchors(self) -> bool {
        matches!(
            self,
            Class::Month
                | Class::MonthShort
                | Class::Weekday
                | Class::Season
                | Class::PartOfDay
                | Class::Clock
                | Class::AmPm
                | Class::Unit
                | Class::Ref
                | Class::SetWord
                | Class::Holiday
                | Class::DecadeWord
                | Class::Fiscal
                | Class::OClock
        )
    }

    fn from_name(name: &str) -> Option<Class> {
        Some(match name {
            "month" => Class::Month,
            "month_short" => Class::MonthShort,
            "weekday" => Class::Weekday,
            "season" => Class::Season,
            "part_of_day" => Class::PartOfDay,
            "clock" => Class::Clock,
            "ampm" => Class::AmPm,
            "unit" => Class::Unit,
            "number" => Class::Number,
            "ordinal" => Class::Ordinal,
            "shift_before" => Class::ShiftBefore,
            "shift_after" => Class::ShiftAfter,
            "shift_anchor" => Class::ShiftAnchor,
            "ago_before" => Class::AgoBefore,
            "ago_after" => Class::AgoAfter,
            "ref" => Class::Ref,
            "mod_before" => Class::ModBefore,
            "set_word" => Class::SetWord,
            "every" => Class::Every,
            "det" => Class::Det,
            "joiner" => Class::Joiner,
            "holiday" => Class::Holiday,
            "decade_word" => Class::DecadeWord,
            "future" => Class::Future,
            "past" => Class::Past,
            "past_suffix" => Class::PastSuffix,
            "future_suffix" => Class::FutureSuffix,
            "suffix_exception" => Class::SuffixException,
            "fiscal" => Class::Fiscal,
            "duration_lead" => Class::DurationLead,
            "period_noun" => Class::PeriodNoun,
            "weekday_lead" => Class::WeekdayLead,

            "within" => Class::Within,
            "relative_to" => Class::RelativeTo,
            "period_end" => Class::PeriodEnd,
            "oclock" => Class::OClock,
            "hour_offset" => Class::HourOffset,
            "clock_day_part" => Class::ClockDayPart,
            "clock_lead" => Class::ClockLead,
            "time_zone" => Class::TimeZone,
            "anaphor" => Class::Anaphor,
            "anaphor_lead" => Class::AnaphorLead,
            "extra" => Class::Extra,
            "perfect" => Class::Perfect,
            _ => return None,
        })
    }
}

/// The word of a phrase that anchors it: its last word of two letters or more ("now" in
/// "right now", "day" in "the day before yesterday"), else its last word ("m" in "a . m .").
fn anchor_word(tokens: &[String]) -> Option<&str> {
    let words = || {
        tokens
            .iter()
            .rev()
            .filter(|t| t.chars().all(char::is_alphabetic))
    };
    words()
        .find(|t| t.chars().count() >= 2)
        .or_else(|| words().next())
        .map(String::as_str)
}

/// One phrase of a section.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    tokens: Vec<String>,
    value: String,
}

/// The word lists of one language.
#[derive(Debug, Default)]
pub(crate) struct Lexicon {
    /// Phrases by first token.
    phrases: FxHashMap<String, Heads>,
    /// The shapes of the first tokens, which turn most words away before hashing.
    shapes: crate::doc::Shapes,
    /// The shapes of the anchor words (see [`Heads::anchor`]).
    anchor_shapes: crate::doc::Shapes,
    /// Word endings that mark a past-tense verb ("-ed").
    pub past_suffixes: Vec<String>,
    /// Word endings that mark a future-tense verb ("-rá").
    pub future_suffixes: Vec<String>,
    /// Word endings that look like a tense ending but are not ("succeed").
    pub suffix_exceptions: Vec<String>,
    /// Whether month names alone need a capital letter (English "May", "March").
    pub capital_months: bool,
    /// Whether a comma marks decimals.
    pub decimal_comma: bool,
    /// Whether numeric dates read day first ("07/08/1998" is 7 August).
    pub day_first: bool,
    /// Whether weekday names are written in lower case, so a capitalised one is a name.
    pub lowercase_weekdays: bool,
}

/// A problem in a data file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LexiconError {
    pub line: usize,
    pub message: String,
}

impl Lexicon {
    /// Reads a data file.
    pub fn parse(source: &str) -> Result<Lexicon, LexiconError> {
        let mut lexicon = Lexicon::default();
        let mut class = None;
        // The words that anchor an expression.
        let mut anchors: Vec<String> = vec!["thousand".to_string()];
        for (number, raw) in source.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let error = |message: &str| LexiconError {
                line: number + 1,
                message: message.to_string(),
            };
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                if let Some(flag) = name.strip_prefix("option ") {
                    match flag.trim() {
                        "capital_months" => lexicon.capital_months = true,
                        "decimal_comma" => lexicon.decimal_comma = true,
                        "day_first" => lexicon.day_first = true,
                        "lowercase_weekdays" => lexicon.lowercase_weekdays = true,
                        _ => return Err(error("unknown option")),
                    }
                    class = None;
                    continue;
                }
                class =
                    Some(Class::from_name(name.trim()).ok_or_else(|| error("unknown section"))?);
                continue;
            }
            let Some(class) = class else {
                return Err(error("a phrase before any section"));
            };
            let (phrases, value) = match line.rsplit_once('=') {
                Some((phrases, value)) => (phrases, value.trim()),
                None => (line, ""),
            };
            for phrase in phrases.split('|') {
                let phrase = phrase.trim();
                if phrase.is_empty() {
                    return Err(error("an empty phrase"));
                }
                if class == Class::PastSuffix {
                    lexicon.past_suffixes.push(phrase.to_lowercase());
                    continue;
                }
                if class == Class::FutureSuffix {
                    lexicon.future_suffixes.push(phrase.to_lowercase());
                    continue;
                }
                if class == Class::SuffixException {
                    lexicon.suffix_exceptions.push(phrase.to_lowercase());
                    continue;
                }
                let tokens: Vec<String> = tokenize(phrase, 0, phrase.len())
                    .into_iter()
                    .map(|t: Tok<'_>| t.lower.into_owned())
                    .collect();
                let Some(first) = tokens.first().cloned() else {
                    return Err(error("a phrase without tokens"));
                };
                // Spoken years ("nineteen ninety") are the expressions made of counts alone; a
                // strong clock lead makes a count a time ("a las siete"); an hour offset that
                // needs no unit makes one ("five past six").
                let anchoring = class.anchors()
                    || (class == Class::Number && value.parse::<f64>().is_ok_and(|v| v >= 10.0))
                    || (class == Class::ClockLead && value == "1")
                    || (class == Class::HourOffset && !value.contains('u'));
                if anchoring && let Some(word) = anchor_word(&tokens) {
                    anchors.push(word.to_string());
                }
                lexicon.phrases.entry(first).or_default().entries.push((
                    class,
                    Entry {
                        tokens,
                        value: value.to_string(),
                    },
                ));
            }
        }
        for word in anchors {
            lexicon.anchor_shapes.insert(&word);
            lexicon.phrases.entry(word).or_default().anchor = true;
        }
        for first in lexicon.phrases.keys() {
            lexicon.shapes.insert(first);
        }
        for heads in lexicon.phrases.values_mut() {
            // By class, and longest first within a class (a stable sort keeps the file's
            // order among equals).
            heads.entries.sort_by_key(|(class, entry)| {
                (*class as u32, std::cmp::Reverse(entry.tokens.len()))
            });
            heads.starts = heads.entries.iter().any(|(class, _)| class.starts());
            heads.mask = heads
                .entries
                .iter()
                .fold(0, |m, (class, _)| m | class.bit());
            heads.bounds = vec![0];
            for (at, pair) in heads.entries.windows(2).enumerate() {
                if pair[0].0 != pair[1].0 {
                    heads.bounds.push(at + 1);
                }
            }
            heads.bounds.push(heads.entries.len());
        }
        Ok(lexicon)
    }

    /// True when `word` anchors an expression (see [`Heads::anchor`]).
    pub fn anchors(&self, word: &str) -> bool {
        self.anchor_shapes.may_contain(word) && self.phrases.get(word).is_some_and(|h| h.anchor)
    }

    /// The phrases starting with `word`, to look up once per token.
    pub fn heads(&self, word: &str) -> Option<&Heads> {
        if !self.shapes.may_contain(word) {
            return None;
        }
        self.phrases.get(word)
    }

    /// The longest phrase of `class` starting at token `i`: the index after it and its value.
    #[cfg(test)]
    pub fn at<'l>(&'l self, class: Class, toks: &[Tok], i: usize) -> Option<(usize, &'l str)> {
        let first = toks.get(i)?;
        match_heads(self.heads(first.lower.as_ref())?, class, toks, i)
    }
}

/// The phrases that start with one word.
#[derive(Debug, Default)]
pub(crate) struct Heads {
    /// In class order, longest first within a class.
    entries: Vec<(Class, Entry)>,
    /// Where the entries of each class present begin, in class order, then the end.
    bounds: Vec<usize>,
    /// Whether any of them can open an expression (a month can, a tense cue cannot).
    pub starts: bool,
    /// The classes of these phrases, one bit each.
    pub mask: u64,
    /// Whether the word anchors an expression (see [`Class::anchors`]); a word can anchor
    /// without starting any phrase ("year" in "a year").
    pub anchor: bool,
}

/// The longest phrase of `class` among `entries` that matches the tokens from `i`.
pub(crate) fn match_heads<'l>(
    entries: &'l Heads,
    class: Class,
    toks: &[Tok],
    i: usize,
) -> Option<(usize, &'l str)> {
    let bit = class.bit();
    if entries.mask & bit == 0 {
        return None;
    }
    // The classes present come in bit order, so the rank of the bit is the class's slot.
    let slot = (entries.mask & (bit - 1)).count_ones() as usize;
    let (from, to) = (*entries.bounds.get(slot)?, *entries.bounds.get(slot + 1)?);
    // The first word is the token the heads were looked up by.
    entries
        .entries
        .get(from..to)?
        .iter()
        .find_map(|(_, entry)| {
            let matches = entry
                .tokens
                .iter()
                .enumerate()
                .skip(1)
                .all(|(k, word)| toks.get(i + k).is_some_and(|t| same_word(&t.lower, word)));
            matches.then(|| (i + entry.tokens.len(), entry.value.as_str()))
        })
}

/// True when a token's lower-case form is `word`; the first bytes are compared before the
/// rest, as most words of a list differ there.
fn same_word(lower: &str, word: &str) -> bool {
    let (lower, word) = (lower.as_bytes(), word.as_bytes());
    lower.len() == word.len() && lower.first() == word.first() && lower == word
}

/// The languages with a data file.
pub(crate) const LANGUAGES: [(&str, &str); 5] = [
    ("en", include_str!("../../data/timex/en.txt")),
    ("es", include_str!("../../data/timex/es.txt")),
    ("de", include_str!("../../data/timex/de.txt")),
    ("fr", include_str!("../../data/timex/fr.txt")),
    ("pt", include_str!("../../data/timex/pt.txt")),
];

/// The lexicon for an ISO 639-1 code; English for unknown or other languages.
pub(crate) fn lexicon(code: &str) -> &'static Lexicon {
    static LEXICONS: OnceLock<Vec<Lexicon>> = OnceLock::new();
    let all = LEXICONS.get_or_init(|| {
        LANGUAGES
            .iter()
            // A broken data file is caught by the unit tests; at run time it reads as empty.
            .map(|(_, source)| Lexicon::parse(source).unwrap_or_default())
            .collect()
    });
    let index = LANGUAGES.iter().position(|(c, _)| *c == code).unwrap_or(0);
    all.get(index)
        .or_else(|| all.first())
        .unwrap_or_else(|| empty())
}

fn empty() -> &'static Lexicon {
    static EMPTY: OnceLock<Lexicon> = OnceLock::new();
    EMPTY.get_or_init(Lexicon::default)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_data_file_parses() {
        for (code, source) in LANGUAGES {
            let lexicon = Lexicon::parse(source);
            assert!(lexicon.is_ok(), "{code}: {lexicon:?}");
        }
    }

    #[test]
    fn errors_name_the_line() {
        let error = Lexicon::parse("[month]\njanuary = 1\n[nonsense]\n").err();
        assert_eq!(error.map(|e| e.line), Some(3));
        assert!(Lexicon::parse("january = 1").is_err());
    }

    #[test]
    fn anchor_words_come_from_the_phrases_that_need_them() {
        let en = lexicon("en");
        for word in [
            "year",
            "friday",
            "may",
            "now",
            "yesterday",
            "noon",
            "nineteen",
            "past",
        ] {
            assert!(en.anchors(word), "{word}");
        }
        // Function words, counts below ten and offsets that need a unit anchor nothing.
        for word in ["the", "a", "of", "last", "this", "seven", "to", "s", "at"] {
            assert!(!en.anchors(word), "{word}");
        }
        // "a las siete": the strong clock lead anchors, by its last word.
        assert!(lexicon("es").anchors("las"));
        assert!(!lexicon("es").anchors("siete"));
    }

    #[test]
    fn the_longest_phrase_wins() {
        let lexicon = Lexicon::parse("[ref]\nnow = A\nright now = B\nright = C\n").unwrap();
        let toks = tokenize("right now", 0, 9);
        assert_eq!(lexicon.at(Class::Ref, &toks, 0), Some((2, "B")));
        assert_eq!(lexicon.at(Class::Ref, &toks, 1), Some((2, "A")));
        assert_eq!(lexicon.at(Class::Month, &toks, 0), None);
    }
}
