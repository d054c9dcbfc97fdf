//! A numeral grammar for English, Spanish, German, French and Portuguese: numbers written in
//! digits ("1,234.5", "1.234,5", "1 234,5", "3/4", "1.2e6", "10k"), in words ("twenty-one",
//! "dos mil trescientos cuarenta", "zweihundertfünfzig", "quatre-vingt-dix-sept", "mil e
//! quinhentos"), or both ("1.2 million", "3,5 millones"), with fractions ("three quarters",
//! "un tiers"), ordinals ("21st", "vigésimo primero", "troisième", "3."), percentages ("12%",
//! "doce por ciento") and signs ("-4", "minus five").
//!
//! The words of each language are data (`crates/claims/data/numerals/*.txt`, compiled in and
//! parsed on first use); the rules that combine them are shared. Text is cut into the claims
//! tokens, and words into pieces at hyphens and apostrophes ("vingt-deux" → "vingt", "deux").
//! A German or Spanish word written as one ("einundzwanzig", "tresmillonésimo") is split into
//! known spellings.
//!
//! Locale: with a decimal comma (es, de, fr, pt) "4.800" is 4800 and "4,8" is 4.8; in English
//! "4.800" is 4.8, "4,800" is 4800 and "1,3" is 1.3. A single separator followed by exactly
//! three digits groups thousands, except the decimal mark of the language.

mod grammar;
pub(crate) mod lexicon;

use crate::doc::{Kind, Lang, Langs, Token, tokenize};
use lexicon::{Entry, Language, Lexicon, fold, lexicon};
use model::Span;

/// What a number mention denotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NumberKind {
    /// A whole number ("12", "twelve", "2 million").
    Integer,
    /// A number with a fractional part written as decimals ("3.5", "two point five").
    Decimal,
    /// A fraction or mixed number ("3/4", "two thirds", "cinco y medio").
    Fraction,
    /// A rank ("21st", "twenty-first", "3.", "troisième"); the value is the rank.
    Ordinal,
    /// A percentage ("12%", "doce por ciento"); the value is the number of percent.
    Percent,
}

/// One number found in a text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NumberMention {
    /// The bytes of the text the number covers, on `char` boundaries.
    pub span: Span,
    pub value: f64,
    pub kind: NumberKind,
}

/// Every number in `text`, in order, none overlapping.
///
/// `language` is an ISO 639-1 code ("en", "es", "de", "fr", "pt", with or without a region);
/// any other language, or `None`, reads English words and English separators.
pub fn numbers(text: &str, language: Option<&str>) -> Vec<NumberMention> {
    let lex = lexicon(language_of(Langs::new(language)));
    let tokens = tokenize(text, Span::new(0, text.len()));
    let pieces = pieces(text, &tokens, 0, lex);
    let mut found = Vec::new();
    let mut at = 0;
    while at < pieces.len() {
        match grammar::parse(&pieces, at, lex) {
            Some(numeral) => {
                if let Some(span) = cover(&pieces, numeral.start, numeral.end) {
                    found.push(NumberMention {
                        span,
                        value: numeral.value,
                        kind: numeral.kind,
                    });
                }
                at = numeral.end.max(at + 1);
            }
            None => at += 1,
        }
    }
    found
}

/// The fuzzing entry point of the numeral grammar: any bytes, read as UTF-8 (invalid
/// sequences replaced), in every language and none, must give mentions that are in order, do
/// not overlap, are not empty, lie on `char` boundaries and have finite values. Panics
/// otherwise.
pub fn check_numbers(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    for language in crate::CHECK_LANGUAGES {
        check_mentions(&text, language);
    }
}

/// Panics unless the mentions of `text` keep the invariants [`check_numbers`] lists.
pub(crate) fn check_mentions(text: &str, language: Option<&str>) {
    let mut end = 0;
    for mention in numbers(text, language) {
        assert!(
            mention.span.start >= end,
            "{text:?}: overlapping {mention:?}"
        );
        assert!(
            mention.span.start < mention.span.end,
            "{text:?}: empty {mention:?}"
        );
        assert!(mention.span.slice(text).is_some(), "{text:?}: {mention:?}");
        assert!(mention.value.is_finite(), "{text:?}: {mention:?}");
        end = mention.span.end;
    }
}

/// A numeral read from claims tokens by [`numeral_at`].
#[derive(Debug, Clone, Copy, PartialEq)]
#[allow(dead_code)] // read by the quantities extractor once it switches to this grammar
pub(crate) struct Numeral {
    pub value: f64,
    pub kind: NumberKind,
    pub span: Span,
    /// The index of the first token after the numeral.
    pub end: usize,
}

/// The numeral starting at token `at` of `tokens` (tokens of `text`), if one starts there and
/// ends at the end of a token. Reads at most [`WINDOW`] tokens.
#[allow(dead_code)] // the quantities extractor will call it
pub(crate) fn numeral_at(
    text: &str,
    tokens: &[Token<'_>],
    at: usize,
    langs: Langs,
) -> Option<Numeral> {
    let lex = lexicon(language_of(langs));
    // One token of context before `at`, so that signs and separators see what they touch.
    let first = at.saturating_sub(1);
    let window = tokens.get(first..tokens.len().min(at.saturating_add(WINDOW)))?;
    let pieces = pieces(text, window, first, lex);
    let start = pieces.iter().position(|p| p.token == at)?;
    let numeral = grammar::parse(&pieces, start, lex)?;
    let last = pieces.get(numeral.end.checked_sub(1)?)?;
    if !last.token_end {
        return None;
    }
    Some(Numeral {
        value: numeral.value,
        kind: numeral.kind,
        span: cover(&pieces, numeral.start, numeral.end)?,
        end: last.token + 1,
    })
}

/// The most tokens [`numeral_at`] looks at.
const WINDOW: usize = 64;

/// The value of one cardinal word of the article's own language ("zwölf", "douze", "doze"),
/// as the numeral lexicon spells it.
pub(crate) fn cardinal_word(word: &str, langs: Langs) -> Option<f64> {
    let lex = lexicon(language_of(langs));
    lex.entries(&lexicon::fold(word))
        .iter()
        .find_map(|entry| match entry {
            lexicon::Entry::Card(value) => Some(*value),
            _ => None,
        })
}

fn language_of(langs: Langs) -> Language {
    match langs.primary {
        Lang::Es => Language::Es,
        Lang::De => Language::De,
        Lang::Fr => Language::Fr,
        Lang::Pt => Language::Pt,
        Lang::En | Lang::Other => Language::En,
    }
}

/// The span from the start of piece `start` to the end of piece `end - 1`.
fn cover(pieces: &[Piece<'_>], start: usize, end: usize) -> Option<Span> {
    let first = pieces.get(start)?;
    let last = pieces.get(end.checked_sub(1)?)?;
    (first.span.start <= last.span.end).then(|| Span::new(first.span.start, last.span.end))
}

/// A token, or a part of one: words are cut at hyphens and apostrophes, and digits that do not
/// form one number in the language ("22,24,26" or "192.168.1.2") at their separators.
#[derive(Debug, Clone)]
pub(crate) struct Piece<'t> {
    pub kind: Kind,
    pub span: Span,
    pub text: &'t str,
    /// Lower case without accents.
    pub folded: String,
    /// The text between the previous piece and this one ("" when they touch).
    pub before: &'t str,
    /// The index of the token the piece comes from.
    pub token: usize,
    /// True for the last piece of its token.
    pub token_end: bool,
    /// What the word means, one reading per entry.
    pub entries: Vec<Entry>,
    /// The parts of a word written as one ("zweihundert" → two, hundred).
    pub compound: Option<Vec<Entry>>,
    /// True inside a web address, where digits are no numbers ("%20", "/2024/05/").
    pub in_link: bool,
}

impl Piece<'_> {
    pub fn touches_previous(&self) -> bool {
        self.before.is_empty()
    }

    pub fn is_punct(&self, c: char) -> bool {
        self.kind == Kind::Punct && self.text.starts_with(c)
    }

    pub fn is_number(&self) -> bool {
        self.kind == Kind::Number
    }

    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }

    /// True when the piece is plain ASCII digits.
    pub fn is_plain_digits(&self) -> bool {
        self.kind == Kind::Number && self.text.bytes().all(|b| b.is_ascii_digit())
    }
}

/// Cuts `tokens` (tokens of `text`, the first of which has index `first`) into pieces.
fn pieces<'t>(text: &'t str, tokens: &[Token<'t>], first: usize, lex: &Lexicon) -> Vec<Piece<'t>> {
    let mut out: Vec<Piece<'t>> = Vec::with_capacity(tokens.len());
    let mut previous_end = tokens.first().map_or(0, |t| t.span.start);
    for (offset, token) in tokens.iter().enumerate() {
        let index = first + offset;
        let parts = split_token(token, lex);
        let count = parts.len();
        for (k, (kind, span)) in parts.into_iter().enumerate() {
            let (Some(piece_text), Some(before)) = (
                text.get(span.start..span.end),
                text.get(previous_end..span.start),
            ) else {
                continue;
            };
            previous_end = span.end;
            let folded = if kind == Kind::Word {
                fold(piece_text)
            } else {
                piece_text.to_string()
            };
            let (entries, compound) = if kind == Kind::Word {
                readings(&folded, lex)
            } else {
                (Vec::new(), None)
            };
            out.push(Piece {
                kind,
                span,
                text: piece_text,
                folded,
                before,
                token: index,
                token_end: k + 1 == count,
                entries,
                compound,
                in_link: false,
            });
        }
    }
    mark_links(text, &mut out);
    out
}

/// Marks the pieces of every run without white space that holds a web address.
fn mark_links(text: &str, pieces: &mut [Piece<'_>]) {
    let mut start = 0;
    while start < pieces.len() {
        let mut end = start + 1;
        while pieces
            .get(end)
            .is_some_and(|p| !p.before.chars().any(char::is_whitespace))
        {
            end += 1;
        }
        let chunk = match (pieces.get(start), pieces.get(end - 1)) {
            (Some(first), Some(last)) => text.get(first.span.start..last.span.end).unwrap_or(""),
            _ => "",
        };
        if chunk.contains("://") || chunk.starts_with("www.") {
            for piece in pieces.iter_mut().take(end).skip(start) {
                piece.in_link = true;
            }
        }
        start = end;
    }
}

/// The pieces of one token, as kinds and spans.
fn split_token(token: &Token<'_>, lex: &Lexicon) -> Vec<(Kind, Span)> {
    let base = token.span.start;
    let mut parts = Vec::new();
    match token.kind {
        Kind::Word => {
            // Cut at hyphens and apostrophes, and between digits and the letters of scripts
            // written without spaces ("共有12人").
            let mut start = 0;
            let mut start_kind = Kind::Word;
            let mut previous: Option<char> = None;
            for (at, c) in token.text.char_indices() {
                let joiner = matches!(c, '-' | '‐' | '\'' | '’');
                let script_edge = previous.is_some_and(|p| {
                    (p.is_ascii_digit() && is_unspaced_letter(c))
                        || (is_unspaced_letter(p) && c.is_ascii_digit())
                });
                if joiner || script_edge {
                    if at > start {
                        parts.push((start_kind, Span::new(base + start, base + at)));
                    }
                    start = if joiner { at + c.len_utf8() } else { at };
                    start_kind = if c.is_ascii_digit() {
                        Kind::Number
                    } else {
                        Kind::Word
                    };
                }
                previous = (!joiner).then_some(c);
            }
            if token.text.len() > start {
                parts.push((start_kind, Span::new(base + start, base + token.text.len())));
            }
        }
        Kind::Number if grammar::digits_value(token.text, lex.decimal_comma).is_none() => {
            let mut start = 0;
            for (at, c) in token.text.char_indices() {
                if !c.is_ascii_digit() {
                    if at > start {
                        parts.push((Kind::Number, Span::new(base + start, base + at)));
                    }
                    parts.push((Kind::Punct, Span::new(base + at, base + at + c.len_utf8())));
                    start = at + c.len_utf8();
                }
            }
            if token.text.len() > start {
                parts.push((
                    Kind::Number,
                    Span::new(base + start, base + token.text.len()),
                ));
            }
        }
        kind => parts.push((kind, token.span)),
    }
    parts
}

/// True for a letter of a script written without spaces between words (Han, kana, Hangul,
/// Thai, Lao, Khmer, Myanmar), where digits stand right against the words around them.
pub(crate) fn is_unspaced_letter(c: char) -> bool {
    c.is_alphabetic()
        && matches!(u32::from(c),
            0x0E00..=0x0EFF | 0x1000..=0x109F | 0x1780..=0x17FF | 0x2E80..=0x9FFF
                | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

/// The readings of a folded word: its entries, or the parts of a compound, or an ordinal or
/// denominator formed from a cardinal stem.
fn readings(folded: &str, lex: &Lexicon) -> (Vec<Entry>, Option<Vec<Entry>>) {
    let entries = lex.entries(folded);
    if !entries.is_empty() {
        return (entries.to_vec(), None);
    }
    if let Some(value) = derived_ordinal(folded, lex) {
        return (vec![value], None);
    }
    let compound = lex.compound(folded);
    // "dosmilésimos": also one ordinal, so that it can be a denominator ("tres dosmilésimos").
    let as_ordinal = compound
        .as_deref()
        .and_then(|parts| grammar::ordinal_of_parts(parts, lex));
    (as_ordinal.into_iter().collect(), compound)
}

/// An ordinal written as a cardinal stem with an ending: German "zwanzigste", "dritten",
/// Spanish "veinteavos".
fn derived_ordinal(folded: &str, lex: &Lexicon) -> Option<Entry> {
    if lex.ordinal_stems {
        for ending in ["en", "er", "es", "em", "e"] {
            let Some(stem) = folded.strip_suffix(ending) else {
                continue;
            };
            if let Some(rest) = stem.strip_suffix("st")
                && let Some(value) = cardinal_value(rest, lex).or_else(|| {
                    cardinal_value(&format!("{rest}e"), lex) // "milliardste"
                })
                && value >= 20.0
            {
                return Some(Entry::Ordinal {
                    value,
                    plural: false,
                });
            }
            if stem.ends_with('t') {
                if let Some(value) = lex.ordinal_stem(stem) {
                    return Some(Entry::Ordinal {
                        value,
                        plural: false,
                    });
                }
                if let Some(entry) = lex
                    .entries(stem)
                    .iter()
                    .find(|e| matches!(e, Entry::Ordinal { .. }))
                {
                    return Some(*entry);
                }
                if let Some(rest) = stem.strip_suffix('t')
                    && let Some(value) = cardinal_value(rest, lex)
                    && (4.0..20.0).contains(&value)
                {
                    return Some(Entry::Ordinal {
                        value,
                        plural: false,
                    });
                }
            }
        }
    }
    if lex.avo {
        for (ending, plural) in [
            ("avos", true),
            ("avas", true),
            ("avo", false),
            ("ava", false),
        ] {
            let Some(stem) = folded.strip_suffix(ending) else {
                continue;
            };
            let value =
                cardinal_value(stem, lex).or_else(|| cardinal_value(&format!("{stem}a"), lex));
            if let Some(value) = value
                && value >= 3.0
            {
                return Some(Entry::Ordinal { value, plural });
            }
        }
    }
    None
}

/// The value of a word that is a cardinal on its own or as a compound.
fn cardinal_value(folded: &str, lex: &Lexicon) -> Option<f64> {
    if folded.is_empty() {
        return None;
    }
    let entries = lex.entries(folded);
    if let Some(Entry::Card(value)) = entries.iter().find(|e| matches!(e, Entry::Card(_))) {
        return Some(*value);
    }
    if entries.contains(&Entry::Hundred) {
        return Some(100.0);
    }
    if let Some(Entry::Scale(value)) = entries.iter().find(|e| matches!(e, Entry::Scale(_))) {
        return Some(*value);
    }
    grammar::value_of_parts(&lex.compound(folded)?, lex)
}

#[cfg(test)]
mod tests;
