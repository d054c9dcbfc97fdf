//! The analysed article every extractor works on: sentences from `text::sentences`, each cut
//! into word, number and punctuation tokens that carry their byte spans.

use model::Span;

/// The languages whose cue lists the extractors know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lang {
    En,
    Es,
    De,
    Fr,
    Pt,
    Other,
}

/// Which cue lists apply to one article.
///
/// English cues always apply (names, agencies and wire copy travel across languages); Spanish
/// cues also apply when the language is unknown, because checking them costs little.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Langs {
    pub primary: Lang,
    pub known: bool,
}

impl Langs {
    /// Reads an ISO 639-1 code ("es", "es-ES", "ES"); `None` means unknown.
    pub fn new(language: Option<&str>) -> Self {
        let code = language.map(|tag| {
            tag.trim()
                .split(['-', '_'])
                .next()
                .unwrap_or("")
                .to_ascii_lowercase()
        });
        let primary = match code.as_deref() {
            None | Some("") => {
                return Langs {
                    primary: Lang::En,
                    known: false,
                };
            }
            Some("en") => Lang::En,
            Some("es") => Lang::Es,
            Some("de") => Lang::De,
            Some("fr") => Lang::Fr,
            Some("pt") => Lang::Pt,
            Some(_) => Lang::Other,
        };
        Langs {
            primary,
            known: true,
        }
    }

    /// True when the cue lists of `lang` apply to this article.
    pub fn uses(&self, lang: Lang) -> bool {
        lang == self.primary || lang == Lang::En || (!self.known && lang == Lang::Es)
    }

    /// True when a comma marks decimals and a full stop groups thousands ("4.500", "3,5").
    pub fn decimal_comma(&self) -> bool {
        matches!(self.primary, Lang::Es | Lang::De | Lang::Fr | Lang::Pt)
    }

    /// True when nouns come before their adjectives ("personas desaparecidas").
    pub fn noun_first(&self) -> bool {
        matches!(self.primary, Lang::Es | Lang::Fr | Lang::Pt)
    }

    /// The code `text::is_stopword` expects.
    pub fn code(&self) -> &'static str {
        match self.primary {
            Lang::Es => "es",
            Lang::De => "de",
            Lang::Fr => "fr",
            Lang::Pt => "pt",
            Lang::En | Lang::Other => "en",
        }
    }
}

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Letters, with inner hyphens and apostrophes ("fast-moving", "Sunday's").
    Word,
    /// Digits, with inner `,` or `.` between digits ("2,000", "3,5").
    Number,
    /// Any other single character that is not white space.
    Punct,
}

/// One token of a sentence.
#[derive(Debug, Clone)]
pub(crate) struct Token<'t> {
    pub kind: Kind,
    /// Where the token lies in the article text.
    pub span: Span,
    pub text: &'t str,
    /// The text lower-cased, with curly apostrophes made straight; borrowed from the text when
    /// it is already so.
    pub lower: std::borrow::Cow<'t, str>,
    /// True when the temporal tagger cuts the token no differently (`crate::timex`): a
    /// number, a word of letters only, or a mark that is not a hyphen.
    pub plain: bool,
    /// True when the word holds a digit or an ASCII hyphen ("twenty-seven", "USD115").
    pub compound: bool,
}

impl<'t> Token<'t> {
    /// A word cut out of a longer one, with its flags read from its text.
    pub fn word(span: Span, text: &'t str, lower: std::borrow::Cow<'t, str>) -> Self {
        Token {
            kind: Kind::Word,
            span,
            text,
            plain: text.chars().all(char::is_alphabetic),
            compound: lower.bytes().any(|b| b == b'-' || b.is_ascii_digit()),
            lower,
        }
    }
}

impl Token<'_> {
    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }

    pub fn is_number(&self) -> bool {
        self.kind == Kind::Number
    }

    /// True when the token is the punctuation character `c`.
    pub fn is_punct(&self, c: char) -> bool {
        self.kind == Kind::Punct && self.text.starts_with(c)
    }

    /// True when the token is a word starting with an upper-case letter.
    pub fn capitalized(&self) -> bool {
        self.kind == Kind::Word && text::is_capitalized(self.text)
    }

    /// The lower-cased word without a possessive ending ("sunday's" → "sunday").
    pub fn bare(&self) -> &str {
        self.lower
            .strip_suffix("'s")
            .or_else(|| self.lower.strip_suffix("’s"))
            .unwrap_or(&self.lower)
    }

    /// True when this token follows `previous` with no white space between them.
    pub fn touches(&self, previous: &Token<'_>) -> bool {
        previous.span.end == self.span.start
    }
}

/// One sentence with its tokens.
#[derive(Debug, Clone)]
pub(crate) struct Sentence<'t> {
    pub span: Span,
    /// Index of the paragraph (blocks separated by a blank line) holding the sentence.
    pub paragraph: usize,
    pub tokens: Vec<Token<'t>>,
}

impl Sentence<'_> {
    /// Index of the first token starting at or after byte `at`.
    pub fn token_from(&self, at: usize) -> usize {
        self.tokens.partition_point(|t| t.span.start < at)
    }

    /// The byte span from the start of token `first` to the end of token `last` (inclusive).
    pub fn cover(&self, first: usize, last: usize) -> Option<Span> {
        let start = self.tokens.get(first)?.span.start;
        let end = self.tokens.get(last)?.span.end;
        (start <= end).then(|| Span::new(start, end))
    }
}

/// The article cut into sentences and tokens.
#[derive(Debug, Clone)]
pub(crate) struct Doc<'t> {
    pub text: &'t str,
    /// The text with its ASCII letters lower-cased (see [`lowered`]).
    pub lowered: &'t str,
    pub sentences: Vec<Sentence<'t>>,
    pub langs: Langs,
}

impl<'t> Doc<'t> {
    /// Analyses `text`; `lowered` is [`lowered`]`(text)`, which the tokens borrow from.
    pub fn new(text: &'t str, lowered: &'t str, language: Option<&str>) -> Self {
        let breaks: Vec<usize> = text::paragraph_breaks(text).collect();
        let sentences = text::sentences(text)
            .into_iter()
            .map(|span| Sentence {
                span,
                paragraph: breaks.partition_point(|&at| at < span.start),
                tokens: cut(text, Some(lowered), span),
            })
            .collect();
        Doc {
            text,
            lowered,
            sentences,
            langs: Langs::new(language),
        }
    }

    /// The text a span covers, or "" when the span does not belong to this text.
    pub fn slice(&self, span: Span) -> &'t str {
        span.slice(self.text).unwrap_or("")
    }

    /// Index of the sentence holding byte `at`, if any.
    pub fn sentence_index(&self, at: usize) -> Option<usize> {
        let index = self.sentences.partition_point(|s| s.span.end <= at);
        self.sentences
            .get(index)
            .filter(|s| s.span.start <= at)
            .map(|_| index)
    }
}

/// True for letters and the combining accents that decomposed text puts after them.
fn is_letter(c: char) -> bool {
    c.is_alphabetic() || ('\u{300}'..='\u{36f}').contains(&c)
}

/// The text with its ASCII letters lower-cased, byte for byte: the lower-case form of every
/// ASCII token is a slice of it, so no token allocates one.
pub(crate) fn lowered(text: &str) -> String {
    text.to_ascii_lowercase()
}

/// The lower-case form of the ASCII `piece` of the text at `start..end`, borrowed from
/// [`lowered`] text; `None` when the piece is not ASCII or the lowered text does not fit.
pub(crate) fn lowered_piece<'t>(
    lowered: Option<&'t str>,
    piece: &str,
    start: usize,
    end: usize,
) -> Option<&'t str> {
    let found = lowered?.get(start..end)?;
    piece.is_ascii().then_some(found)
}

/// Cuts the part of `text` under `span` into tokens; returns nothing when `span` does not lie
/// on char boundaries of `text`. ASCII is read byte by byte; other characters are decoded.
pub(crate) fn tokenize(text: &str, span: Span) -> Vec<Token<'_>> {
    cut(text, None, span)
}

/// [`tokenize`], with the lower-case forms of ASCII tokens borrowed from `lowered` (the
/// [`lowered`] text) when given.
fn cut<'t>(text: &'t str, lowered: Option<&'t str>, span: Span) -> Vec<Token<'t>> {
    let Some(slice) = text.get(span.start..span.end) else {
        return Vec::new();
    };
    let bytes = slice.as_bytes();
    let mut tokens = Vec::with_capacity(slice.len() / 5 + 1);
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let start = i;
        // Whether the token is plain ASCII, so that its lower-case form is a slice of
        // `lowered`; numbers are, and lower-casing leaves them (and ASCII marks) as they are.
        let mut scan = WordScan {
            ascii: true,
            plain: true,
            compound: false,
        };
        let kind = if b.is_ascii_digit() {
            i += 1;
            loop {
                while bytes.get(i).is_some_and(u8::is_ascii_digit) {
                    i += 1;
                }
                let joins = matches!(bytes.get(i), Some(b',' | b'.'))
                    && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
                if !joins {
                    break;
                }
                i += 2;
            }
            Kind::Number
        } else if b.is_ascii_alphabetic() {
            i += 1;
            i = word_end(slice, i, &mut scan);
            Kind::Word
        } else if b.is_ascii() {
            i += 1;
            if b.is_ascii_whitespace() || b == 0x0b {
                continue;
            }
            scan.plain = b != b'-';
            Kind::Punct
        } else {
            let Some(c) = char_at(slice, i) else {
                break;
            };
            i += c.len_utf8();
            scan.ascii = false;
            if c.is_whitespace() {
                continue;
            }
            if is_letter(c) {
                scan.plain = c.is_alphabetic();
                i = word_end(slice, i, &mut scan);
                Kind::Word
            } else {
                scan.plain = !matches!(c, '‐' | '‑' | '–');
                Kind::Punct
            }
        };
        let ascii = scan.ascii;
        let token_text = &slice[start..i];
        let (from, to) = (span.start + start, span.start + i);
        let lower = match lowered {
            _ if ascii && kind != Kind::Word => std::borrow::Cow::Borrowed(token_text),
            Some(lowered) if ascii => match lowered.get(from..to) {
                Some(lower) => std::borrow::Cow::Borrowed(lower),
                None => lower_case(token_text),
            },
            _ => lower_case(token_text),
        };
        tokens.push(Token {
            kind,
            span: Span::new(from, to),
            text: token_text,
            lower,
            plain: scan.plain,
            compound: scan.compound,
        });
    }
    tokens
}

/// What [`word_end`] learns of a word while it reads it.
struct WordScan {
    /// Every character is ASCII.
    ascii: bool,
    /// Only letters (see [`Token::plain`]).
    plain: bool,
    /// A digit or an ASCII hyphen inside (see [`Token::compound`]).
    compound: bool,
}

/// The end of the word whose first character ends before byte `at` of `text`: letters and
/// digits, with an inner hyphen or apostrophe between letters joining them ("fast-moving").
fn word_end(text: &str, mut at: usize, scan: &mut WordScan) -> usize {
    let bytes = text.as_bytes();
    loop {
        while let Some(&b) = bytes.get(at) {
            if b.is_ascii_alphabetic() {
                at += 1;
            } else if b.is_ascii_digit() {
                scan.plain = false;
                scan.compound = true;
                at += 1;
            } else if b.is_ascii() {
                break;
            } else {
                match char_at(text, at) {
                    Some(c) if is_letter(c) => {
                        scan.ascii = false;
                        scan.plain &= c.is_alphabetic();
                        at += c.len_utf8();
                    }
                    _ => break,
                }
            }
        }
        let Some(joiner) = char_at(text, at).filter(|j| matches!(j, '-' | '‐' | '\'' | '’'))
        else {
            return at;
        };
        let after = at + joiner.len_utf8();
        match char_at(text, after) {
            Some(letter) if is_letter(letter) => {
                scan.plain = false;
                scan.compound |= joiner == '-';
                if !joiner.is_ascii() || !letter.is_ascii() {
                    scan.ascii = false;
                }
                at = after + letter.len_utf8();
            }
            _ => return at,
        }
    }
}

/// The character starting at byte `at` of `text`; an ASCII byte is taken as it is, without
/// decoding.
pub(crate) fn char_at(text: &str, at: usize) -> Option<char> {
    match text.as_bytes().get(at) {
        Some(&b) if b.is_ascii() => Some(char::from(b)),
        Some(_) => text.get(at..).and_then(|rest| rest.chars().next()),
        None => None,
    }
}

/// The end of the run of characters from byte `at` of `text` that pass `ascii` (an ASCII
/// byte) or `other` (any other character).
pub(crate) fn run_end(
    text: &str,
    mut at: usize,
    ascii: impl Fn(u8) -> bool,
    other: impl Fn(char) -> bool,
) -> usize {
    while let Some(&b) = text.as_bytes().get(at) {
        if b.is_ascii() {
            if !ascii(b) {
                break;
            }
            at += 1;
        } else {
            match char_at(text, at) {
                Some(c) if other(c) => at += c.len_utf8(),
                _ => break,
            }
        }
    }
    at
}

/// The token lower-cased, with curly apostrophes made straight, in one allocation when the
/// token is plain ASCII.
fn lower_case(token: &str) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    if token.is_ascii() {
        return if token.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(token.to_ascii_lowercase())
        } else {
            Cow::Borrowed(token)
        };
    }
    if !token.chars().any(|c| c.is_uppercase() || c == '’') {
        return Cow::Borrowed(token);
    }
    let lower = token.to_lowercase();
    Cow::Owned(if lower.contains('’') {
        lower.replace('’', "'")
    } else {
        lower
    })
}

/// True when the first word of `phrase` is `word`.
pub(crate) fn starts_with_word(phrase: &str, word: &str) -> bool {
    phrase
        .strip_prefix(word)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
}

/// A bit table of the shapes (length, first and last byte) of a set of words: a word whose
/// shape is not in it is not in the set, which turns most words away before hashing.
#[derive(Debug, Clone)]
pub(crate) struct Shapes {
    bits: [u64; 64],
}

impl Default for Shapes {
    fn default() -> Self {
        Shapes { bits: [0; 64] }
    }
}

impl Shapes {
    /// A number below 4096 from a word's length and its first and last bytes.
    fn shape(word: &str) -> (usize, u64) {
        let bytes = word.as_bytes();
        let first = usize::from(bytes.first().copied().unwrap_or(0));
        let last = usize::from(bytes.last().copied().unwrap_or(0));
        let shape = (first * 31 + last * 7 + bytes.len()) % 4096;
        (shape / 64, 1 << (shape % 64))
    }

    pub fn insert(&mut self, word: &str) {
        let (slot, bit) = Self::shape(word);
        if let Some(bits) = self.bits.get_mut(slot) {
            *bits |= bit;
        }
    }

    /// False when `word` is surely not one of the words inserted.
    pub fn may_contain(&self, word: &str) -> bool {
        let (slot, bit) = Self::shape(word);
        self.bits.get(slot).is_some_and(|bits| bits & bit != 0)
    }
}

/// A table of phrases (lower-case words separated by single spaces) with a value and a
/// language each, indexed by first word so that a token finds its phrases by hashing.
pub(crate) struct PhraseIndex<T: 'static> {
    by_first: rustc_hash::FxHashMap<&'static str, Vec<(&'static str, T, Lang)>>,
    /// The shapes of the first words, which turn most tokens away before hashing.
    shapes: Shapes,
}

impl<T: Copy> PhraseIndex<T> {
    pub fn new(table: &'static [(&'static str, T, Lang)]) -> Self {
        let mut by_first: rustc_hash::FxHashMap<&'static str, Vec<(&'static str, T, Lang)>> =
            rustc_hash::FxHashMap::default();
        for (phrase, value, lang) in table {
            let first = phrase.split(' ').next().unwrap_or(phrase);
            by_first
                .entry(first)
                .or_default()
                .push((phrase, *value, *lang));
        }
        let mut shapes = Shapes::default();
        for first in by_first.keys() {
            shapes.insert(first);
        }
        PhraseIndex { by_first, shapes }
    }

    /// False when no phrase starts with `word`.
    pub fn may_start(&self, word: &str) -> bool {
        self.shapes.may_contain(word) && self.by_first.contains_key(word)
    }

    /// The longest phrase of an applicable language at token `at` (the first in table order
    /// among equals), with the index after it.
    pub fn longest(&self, tokens: &[Token<'_>], at: usize, langs: Langs) -> Option<(usize, T)> {
        let first = tokens.get(at)?.lower.as_ref();
        if !self.shapes.may_contain(first) {
            return None;
        }
        let entries = self.by_first.get(first)?;
        let mut best: Option<(usize, T)> = None;
        for (phrase, value, lang) in entries {
            if !langs.uses(*lang) {
                continue;
            }
            if let Some(end) = phrase_at(tokens, at, phrase)
                && best.is_none_or(|(b, _)| end > b)
            {
                best = Some((end, *value));
            }
        }
        best
    }
}

/// The token index after `phrase` (lower-case words separated by single spaces) when the
/// tokens from `at` spell it.
pub(crate) fn phrase_at(tokens: &[Token<'_>], at: usize, phrase: &str) -> Option<usize> {
    if !starts_with_word(phrase, &tokens.get(at)?.lower) {
        return None;
    }
    if !phrase.contains(' ') {
        return Some(at + 1);
    }
    let mut j = at;
    for word in phrase.split(' ') {
        if tokens.get(j)?.lower != word {
            return None;
        }
        j += 1;
    }
    Some(j)
}

/// The token index where `phrase` starts when it ends right before token `end`.
pub(crate) fn phrase_before(tokens: &[Token<'_>], end: usize, phrase: &str) -> Option<usize> {
    let count = phrase.split(' ').count();
    let start = end.checked_sub(count)?;
    phrase_at(tokens, start, phrase)
        .filter(|&after| after == end)
        .map(|_| start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        tokenize(text, Span::new(0, text.len()))
            .iter()
            .map(|t| t.text)
            .collect()
    }

    #[test]
    fn tokens_know_whether_they_are_plain_or_compound() {
        let text = "twenty-seven USD115 Sunday's year 2,000 – - — cafe\u{301} Año";
        let flags: Vec<(&str, bool, bool)> = tokenize(text, Span::new(0, text.len()))
            .iter()
            .map(|t| (t.text, t.plain, t.compound))
            .collect();
        assert_eq!(
            flags,
            [
                ("twenty-seven", false, true),
                ("USD115", false, true),
                ("Sunday's", false, false),
                ("year", true, false),
                ("2,000", true, false),
                ("–", false, false),
                ("-", false, false),
                ("—", true, false),
                ("cafe\u{301}", false, false),
                ("Año", true, false),
            ]
        );
    }

    #[test]
    fn tokens_keep_numbers_words_and_punctuation() {
        assert_eq!(
            texts("At least 2,000 fast-moving “dogs”, 3,5 km; Sunday's 7:30 1st"),
            [
                "At",
                "least",
                "2,000",
                "fast-moving",
                "“",
                "dogs",
                "”",
                ",",
                "3,5",
                "km",
                ";",
                "Sunday's",
                "7",
                ":",
                "30",
                "1",
                "st"
            ]
        );
    }

    #[test]
    fn token_spans_index_the_text() {
        let text = "día 3 de marzo";
        let span = Span::new(5, text.len());
        let tokens = tokenize(text, span);
        assert_eq!(tokens[0].span, Span::new(5, 6));
        assert_eq!(&text[tokens[1].span.start..tokens[1].span.end], "de");
        assert!(tokenize(text, Span::new(1, 2)).is_empty());
    }

    #[test]
    fn languages_select_cue_lists() {
        let unknown = Langs::new(None);
        assert!(unknown.uses(Lang::Es) && unknown.uses(Lang::En) && !unknown.uses(Lang::Fr));
        let spanish = Langs::new(Some("es-ES"));
        assert!(spanish.uses(Lang::Es) && spanish.decimal_comma() && spanish.noun_first());
        assert!(!Langs::new(Some("en")).uses(Lang::Es));
        assert_eq!(Langs::new(Some("xx")).primary, Lang::Other);
    }
}
