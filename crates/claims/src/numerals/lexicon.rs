//! The per-language word lists of the numeral grammar, read once from the data files in
//! `crates/claims/data/numerals/`.
//!
//! Each line of a file is `kind value: spelling, spelling, ...` (or `kind: spelling, ...` for
//! kinds that carry no value); `#` starts a comment. The kinds:
//!
//! | kind | meaning |
//! |---|---|
//! | `card V` | a cardinal word worth `V` ("seven", "veintitrés", "quatre vingt") |
//! | `hundred 100` | the word for a hundred, which multiplies the units before it |
//! | `scale V` | a scale word that multiplies everything before it up to a larger scale |
//! | `multiple V` | a counting word such as "dozen" |
//! | `ord V` | an ordinal word; it is also a fraction's denominator ("three fifths") |
//! | `ordstem V` | the stem of an ordinal that takes an ending and is no word alone (German "erst") |
//! | `denom V` | a word that is only a denominator ("quarter", "tiers", "Drittel") |
//! | `half` | a word for one half that stands on its own ("half", "mitad") |
//! | `mixed V` | a word that adds a fraction to the number before it ("einhalb") |
//! | `article` | an article that counts as one before a scale or denominator ("a") |
//! | `and` | a word that joins parts of one number ("and", "y", "et") |
//! | `with` | a word that joins a whole number and a fraction ("con": "cinco con un cuarto") |
//! | `point` | a spoken decimal mark ("point", "coma") |
//! | `minus` | a word that makes the number negative |
//! | `percent` | a word or phrase that makes the number a percentage |
//! | `over`, `out-of`, `over-one`, `avos` | the ways of writing a fraction with two numbers |
//! | `of` | the link between a fraction and a scale ("two thirds of a million") |
//! | `pronoun` | words after which "one" is a pronoun, not a number |
//! | `counted` | plural scale words that are no number without one before them ("thousands") |
//! | `ordsuffix` | endings written against digits to make an ordinal ("21st", "3º") |
//! | `suffix V` | abbreviated scales after digits, matched case-sensitively ("10k", "2 Mio") |
//! | `gap V: G` | after the tens word `V`, numbers below `G` may be added ("soixante et onze") |
//! | `option` | `decimal-comma`, `plural-s`, `gender`, `fraction-singular`, `compounds`, `units-before-tens`, `dot-ordinal`, `ordinal-stems` (German "dritten", "zwanzigste"), `avo` (Spanish "veinteavo"), `and-inside` ("y" joins only parts of whole numbers) |
//!
//! Spellings are compared after [`fold`]: lower case, without accents.

use std::collections::HashMap;
use std::sync::OnceLock;

/// What one spelling means.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Entry {
    Card(f64),
    Hundred,
    Scale(f64),
    Multiple(f64),
    Ordinal { value: f64, plural: bool },
    Denom(f64),
    Half,
    Mixed(f64),
    Article,
    And,
    With,
    Point,
    Minus,
    Percent,
    Over,
    OutOf,
    OverOne,
    Avos,
    Of,
}

/// One language's lists.
#[derive(Debug, Default)]
pub(crate) struct Lexicon {
    words: HashMap<String, Vec<Entry>>,
    /// Spellings of several words, longest first.
    phrases: Vec<(Vec<String>, Entry)>,
    pronouns: Vec<String>,
    /// Plural scale words that are no number on their own ("thousands", "millones").
    counted: Vec<String>,
    /// Ordinal stems that are no word on their own (German "erst" in "erste").
    stems: Vec<(String, f64)>,
    ord_suffixes: Vec<String>,
    suffixes: Vec<(String, f64)>,
    gaps: Vec<(f64, f64)>,
    /// The longest single-word spelling in bytes, for splitting compounds.
    longest: usize,
    /// The first two bytes of every spelling a compound may start with, to skip most words
    /// without trying to split them.
    compound_starts: std::collections::HashSet<[u8; 2]>,
    pub decimal_comma: bool,
    pub plural_s: bool,
    pub gender: bool,
    pub fraction_singular: bool,
    pub compounds: bool,
    pub units_before_tens: bool,
    pub dot_ordinal: bool,
    pub ordinal_stems: bool,
    pub avo: bool,
    pub and_inside: bool,
}

/// The languages with a lexicon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Language {
    En,
    Es,
    De,
    Fr,
    Pt,
}

pub(crate) const SOURCES: [(Language, &str); 5] = [
    (Language::En, include_str!("../../data/numerals/en.txt")),
    (Language::Es, include_str!("../../data/numerals/es.txt")),
    (Language::De, include_str!("../../data/numerals/de.txt")),
    (Language::Fr, include_str!("../../data/numerals/fr.txt")),
    (Language::Pt, include_str!("../../data/numerals/pt.txt")),
];

/// The lexicon of `language`, parsed on first use.
pub(crate) fn lexicon(language: Language) -> &'static Lexicon {
    static LEXICONS: OnceLock<Vec<(Language, Lexicon)>> = OnceLock::new();
    let all = LEXICONS.get_or_init(|| {
        SOURCES
            .iter()
            .map(|(language, source)| (*language, Lexicon::parse(source)))
            .collect()
    });
    let found = all.iter().find(|(l, _)| *l == language).or(all.first());
    match found {
        Some((_, lexicon)) => lexicon,
        None => empty(),
    }
}

fn empty() -> &'static Lexicon {
    static EMPTY: OnceLock<Lexicon> = OnceLock::new();
    EMPTY.get_or_init(Lexicon::default)
}

/// Lower case without accents: "Fünf" → "funf", "MILLÓN" → "millon", "’" → "'".
pub(crate) fn fold(word: &str) -> String {
    text::fold_latin(word)
}

fn number(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

impl Lexicon {
    /// Reads one data file; lines that do not parse are skipped (a unit test checks that every
    /// line of the bundled files parses).
    fn parse(source: &str) -> Lexicon {
        let mut lexicon = Lexicon::default();
        for line in source.lines() {
            let _ = lexicon.add_line(line);
        }
        lexicon
            .phrases
            .sort_by_key(|(words, _)| std::cmp::Reverse(words.len()));
        lexicon
    }

    /// Adds one line; `None` when it is not of the documented form.
    fn add_line(&mut self, line: &str) -> Option<()> {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            return Some(());
        }
        let (head, list) = line.split_once(':')?;
        let mut head_parts = head.split_whitespace();
        let kind = head_parts.next()?;
        let value = head_parts.next().and_then(number);
        let spellings = list.split(',').map(str::trim).filter(|s| !s.is_empty());
        match kind {
            "option" => {
                for option in spellings {
                    match option {
                        "decimal-comma" => self.decimal_comma = true,
                        "plural-s" => self.plural_s = true,
                        "gender" => self.gender = true,
                        "fraction-singular" => self.fraction_singular = true,
                        "compounds" => self.compounds = true,
                        "units-before-tens" => self.units_before_tens = true,
                        "dot-ordinal" => self.dot_ordinal = true,
                        "ordinal-stems" => self.ordinal_stems = true,
                        "avo" => self.avo = true,
                        "and-inside" => self.and_inside = true,
                        _ => return None,
                    }
                }
            }
            "pronoun" => self.pronouns.extend(spellings.map(fold)),
            "counted" => self.counted.extend(spellings.map(fold)),
            "ordsuffix" => self.ord_suffixes.extend(spellings.map(fold)),
            "suffix" => {
                let value = value?;
                self.suffixes
                    .extend(spellings.map(|s| (s.to_string(), value)));
            }
            "gap" => {
                let value = value?;
                for gap in spellings {
                    self.gaps.push((value, number(gap)?));
                }
            }
            "ordstem" => {
                let value = value?;
                self.stems.extend(spellings.map(|s| (fold(s), value)));
            }
            "ord" => {
                let value = value?;
                for spelling in spellings {
                    self.add_ordinal(spelling, value);
                }
            }
            _ => {
                let entry = match kind {
                    "card" => Entry::Card(value?),
                    "hundred" => Entry::Hundred,
                    "scale" => Entry::Scale(value?),
                    "multiple" => Entry::Multiple(value?),
                    "denom" => Entry::Denom(value?),
                    "half" => Entry::Half,
                    "mixed" => Entry::Mixed(value?),
                    "article" => Entry::Article,
                    "and" => Entry::And,
                    "with" => Entry::With,
                    "point" => Entry::Point,
                    "minus" => Entry::Minus,
                    "percent" => Entry::Percent,
                    "over" => Entry::Over,
                    "out-of" => Entry::OutOf,
                    "over-one" => Entry::OverOne,
                    "avos" => Entry::Avos,
                    "of" => Entry::Of,
                    _ => return None,
                };
                for spelling in spellings {
                    self.add(spelling, entry);
                }
            }
        }
        Some(())
    }

    /// An ordinal with the plural and feminine forms the language's options imply.
    fn add_ordinal(&mut self, spelling: &str, value: f64) {
        let singular = Entry::Ordinal {
            value,
            plural: false,
        };
        let plural = Entry::Ordinal {
            value,
            plural: true,
        };
        self.add(spelling, singular);
        let folded = fold(spelling);
        if self.plural_s && !folded.contains(' ') {
            self.add(&format!("{folded}s"), plural);
        }
        if self.gender
            && !folded.contains(' ')
            && let Some(stem) = folded.strip_suffix('o')
        {
            self.add(&format!("{stem}a"), singular);
            self.add(&format!("{stem}os"), plural);
            self.add(&format!("{stem}as"), plural);
        }
    }

    fn add(&mut self, spelling: &str, entry: Entry) {
        let words: Vec<String> = fold(spelling)
            .split([' ', '-'])
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        match words.as_slice() {
            [] => {}
            [word] => {
                self.longest = self.longest.max(word.len());
                if usable_in_compound(entry)
                    && let [a, b, ..] = word.as_bytes()
                {
                    self.compound_starts.insert([*a, *b]);
                }
                let entries = self.words.entry(word.clone()).or_default();
                if !entries.contains(&entry) {
                    entries.push(entry);
                }
            }
            _ => self.phrases.push((words, entry)),
        }
    }

    /// What a folded word means; empty when it is not a numeral word.
    pub fn entries(&self, folded: &str) -> &[Entry] {
        self.words.get(folded).map_or(&[], Vec::as_slice)
    }

    /// The longest phrase of several words starting at `words[0]`: its meaning and length.
    pub fn phrase<'w>(&self, words: impl Fn(usize) -> Option<&'w str>) -> Option<(Entry, usize)> {
        let first = words(0)?;
        self.phrases
            .iter()
            .filter(|(phrase, _)| phrase.first().is_some_and(|w| w == first))
            .find(|(phrase, _)| {
                phrase
                    .iter()
                    .enumerate()
                    .skip(1)
                    .all(|(k, w)| words(k) == Some(w.as_str()))
            })
            .map(|(phrase, entry)| (*entry, phrase.len()))
    }

    /// True when `folded` is a word after which "one" is a pronoun ("the one").
    pub fn is_pronoun_cue(&self, folded: &str) -> bool {
        self.pronouns.iter().any(|p| p == folded)
    }

    /// The rank of an ordinal stem that is no word on its own ("erst" → 1).
    pub fn ordinal_stem(&self, folded: &str) -> Option<f64> {
        self.stems
            .iter()
            .find(|(stem, _)| stem == folded)
            .map(|(_, value)| *value)
    }

    /// True when `folded` is a plural scale word that needs a number before it ("thousands").
    pub fn needs_count(&self, folded: &str) -> bool {
        self.counted.iter().any(|c| c == folded)
    }

    /// True when `folded` makes the digits before it an ordinal ("st", "º").
    pub fn is_ordinal_suffix(&self, folded: &str) -> bool {
        self.ord_suffixes.iter().any(|s| s == folded)
    }

    /// The multiplier of an abbreviated scale written after digits ("k", "Mio").
    pub fn suffix(&self, text: &str) -> Option<f64> {
        let text = text.strip_suffix('.').unwrap_or(text);
        self.suffixes
            .iter()
            .find(|(s, _)| s == text)
            .map(|(_, value)| *value)
    }

    /// The numbers below which a number may follow `value` and be added to it: below 10 after
    /// "twenty", below 100 after a hundreds word, nothing after "seven".
    pub fn gap_after(&self, value: f64) -> f64 {
        if let Some((_, gap)) = self.gaps.iter().find(|(v, _)| *v == value) {
            return *gap;
        }
        if (100.0..1000.0).contains(&value) && value % 100.0 == 0.0 {
            100.0
        } else if (20.0..100.0).contains(&value) && value % 10.0 == 0.0 {
            10.0
        } else {
            0.0
        }
    }

    /// Splits a word written as one ("zweihundertfünfzig", "tresmillonesimo") into spellings
    /// of this lexicon, preferring the split with the fewest parts. `None` unless the language
    /// writes numbers together, or when no split covers the whole word.
    pub fn compound(&self, folded: &str) -> Option<Vec<Entry>> {
        if !self.compounds || folded.len() > 128 {
            return None;
        }
        match folded.as_bytes() {
            [a, b, ..] if self.compound_starts.contains(&[*a, *b]) => {}
            _ => return None,
        }
        let bytes = folded.len();
        // best[i]: the fewest parts covering folded[..i], and where the last part starts.
        let mut best: Vec<Option<(usize, usize)>> = vec![None; bytes + 1];
        if let Some(first) = best.first_mut() {
            *first = Some((0, 0));
        }
        for end in 1..=bytes {
            if !folded.is_char_boundary(end) {
                continue;
            }
            for start in end.saturating_sub(self.longest)..end {
                if !folded.is_char_boundary(start) {
                    continue;
                }
                let Some((count, _)) = best.get(start).copied().flatten() else {
                    continue;
                };
                let Some(part) = folded.get(start..end) else {
                    continue;
                };
                if self.entries(part).iter().any(|e| usable_in_compound(*e))
                    && best
                        .get(end)
                        .copied()
                        .flatten()
                        .is_none_or(|(c, _)| count + 1 < c)
                    && let Some(slot) = best.get_mut(end)
                {
                    *slot = Some((count + 1, start));
                }
            }
        }
        let mut parts = Vec::new();
        let mut end = bytes;
        while end > 0 {
            let (_, start) = best.get(end).copied().flatten()?;
            let part = folded.get(start..end)?;
            let entry = *self
                .entries(part)
                .iter()
                .find(|e| usable_in_compound(**e))?;
            parts.push(entry);
            end = start;
        }
        parts.reverse();
        (parts.len() >= 2).then_some(parts)
    }
}

/// The kinds of spelling a compound word may be made of.
fn usable_in_compound(entry: Entry) -> bool {
    matches!(
        entry,
        Entry::Card(_)
            | Entry::Hundred
            | Entry::Scale(_)
            | Entry::And
            | Entry::Denom(_)
            | Entry::Mixed(_)
            | Entry::Ordinal { .. }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_of_every_file_parses() {
        for (language, source) in SOURCES {
            let mut lexicon = Lexicon::default();
            for line in source.lines() {
                assert!(lexicon.add_line(line).is_some(), "{language:?}: {line}");
            }
        }
    }

    #[test]
    fn folding_drops_case_and_accents() {
        assert_eq!(fold("Fünf"), "funf");
        assert_eq!(fold("MILLÓN"), "millon");
        assert_eq!(fold("vingt-et-unième"), "vingt-et-unieme");
        assert_eq!(fold("dreißig"), "dreißig");
    }

    #[test]
    fn ordinals_get_plural_and_feminine_forms() {
        let es = lexicon(Language::Es);
        assert!(es.entries("quintas").contains(&Entry::Ordinal {
            value: 5.0,
            plural: true
        }));
        let en = lexicon(Language::En);
        assert!(en.entries("fifths").contains(&Entry::Ordinal {
            value: 5.0,
            plural: true
        }));
        assert!(en.entries("fifth").contains(&Entry::Ordinal {
            value: 5.0,
            plural: false
        }));
    }

    #[test]
    fn german_compounds_split_into_known_words() {
        let de = lexicon(Language::De);
        assert_eq!(
            de.compound("zweihundertfunfzig"),
            Some(vec![Entry::Card(2.0), Entry::Hundred, Entry::Card(50.0)])
        );
        assert_eq!(
            de.compound("einundzwanzig"),
            Some(vec![Entry::Card(1.0), Entry::And, Entry::Card(20.0)])
        );
        assert_eq!(de.compound("zwei"), None);
        assert_eq!(de.compound("zweifel"), None);
        assert_eq!(lexicon(Language::En).compound("twentyone"), None);
    }

    #[test]
    fn gaps_follow_the_place_value() {
        let en = lexicon(Language::En);
        assert_eq!(en.gap_after(20.0), 10.0);
        assert_eq!(en.gap_after(300.0), 100.0);
        assert_eq!(en.gap_after(7.0), 0.0);
        let fr = lexicon(Language::Fr);
        assert_eq!(fr.gap_after(80.0), 20.0);
    }
}
