//! The tagger's tokens: runs of letters, runs of digits (with `,` or `.` between digits), and
//! single other characters. A hyphen between two letters or digits is dropped, so
//! "third-quarter" and "five-year" read as two words and "mid-1990s" as three tokens; a digit
//! run followed by letters is cut in two ("21st", "1990s", "3pm").

use std::borrow::Cow;

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokKind {
    Alpha,
    Digit,
    Punct,
}

/// One token with its byte offsets in the text.
#[derive(Debug, Clone)]
pub(crate) struct Tok<'t> {
    pub kind: TokKind,
    pub start: usize,
    pub end: usize,
    /// The text lower-cased, with a curly apostrophe made straight; borrowed from the text
    /// when it is already so.
    pub lower: Cow<'t, str>,
    /// True when the token follows the previous one with no space between them.
    pub glued: bool,
    /// True when the token starts with a capital letter.
    pub capital: bool,
}

impl Tok<'_> {
    pub fn is_alpha(&self) -> bool {
        self.kind == TokKind::Alpha
    }

    pub fn is_digit(&self) -> bool {
        self.kind == TokKind::Digit
    }

    /// True when the token is the single character `c`.
    pub fn is(&self, c: char) -> bool {
        self.kind == TokKind::Punct && self.lower.starts_with(c)
    }

    /// The value of a token of plain ASCII digits with at most `max` of them.
    pub fn small_number(&self, max: usize) -> Option<u32> {
        if self.kind != TokKind::Digit || self.lower.len() > max {
            return None;
        }
        if !self.lower.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        self.lower.parse().ok()
    }
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑' | '–')
}

/// Cuts `text[start..end]` into tokens with offsets into `text`. Bounds that are not on char
/// boundaries give no tokens. ASCII is read byte by byte; other characters are decoded.
pub(crate) fn tokenize(text: &str, start: usize, end: usize) -> Vec<Tok<'_>> {
    let mut toks = Vec::new();
    cut_into(&mut toks, text, None, start, end);
    toks
}

/// [`tokenize`] into `toks` (emptied first, so that one vector serves every sentence), with
/// the lower-case forms of ASCII tokens borrowed from `lowered` (the text lower-cased by
/// `crate::doc::lowered`) when given.
pub(crate) fn cut_into<'t>(
    toks: &mut Vec<Tok<'t>>,
    text: &'t str,
    lowered: Option<&'t str>,
    start: usize,
    end: usize,
) {
    toks.clear();
    cut_append(toks, text, lowered, start, end);
}

/// [`cut_into`] without emptying `toks` first: the tokens of `text[start..end]` are added
/// after those already there, the first of them not glued to them.
fn cut_append<'t>(
    toks: &mut Vec<Tok<'t>>,
    text: &'t str,
    lowered: Option<&'t str>,
    start: usize,
    end: usize,
) {
    let first = toks.len();
    let Some(slice) = text.get(start..end) else {
        return;
    };
    let bytes = slice.as_bytes();
    let char_at = |at: usize| crate::doc::char_at(slice, at);
    let char_before = |at: usize| slice.get(..at).and_then(|head| head.chars().next_back());
    toks.reserve(slice.len() / 5 + 1);
    let mut i = 0;
    let mut glued = false;
    while let Some(c) = char_at(i) {
        let width = c.len_utf8();
        if c.is_whitespace() {
            glued = false;
            i += width;
            continue;
        }
        let from = i;
        let kind;
        if c.is_ascii_digit() {
            kind = TokKind::Digit;
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
        } else if c.is_alphabetic() {
            kind = TokKind::Alpha;
            i += width;
            i = crate::doc::run_end(slice, i, |b| b.is_ascii_alphabetic(), char::is_alphabetic);
        } else {
            let previous = char_before(i);
            let next = char_at(i + width);
            let beside_letter =
                previous.is_some_and(char::is_alphabetic) || next.is_some_and(char::is_alphabetic);
            if is_hyphen(c)
                && previous.is_some_and(char::is_alphanumeric)
                && next.is_some_and(char::is_alphanumeric)
                && beside_letter
            {
                // "five-year", "mid-1990s": the hyphen joins words and is dropped.
                glued = true;
                i += width;
                continue;
            }
            kind = TokKind::Punct;
            i += width;
        }
        let piece = &slice[from..i];
        let lower = match kind {
            TokKind::Punct => punct_lower(c, piece),
            _ if let Some(lower) =
                crate::doc::lowered_piece(lowered, piece, start + from, start + i) =>
            {
                Cow::Borrowed(lower)
            }
            _ if piece.is_ascii() => {
                if piece.bytes().any(|b| b.is_ascii_uppercase()) {
                    Cow::Owned(piece.to_ascii_lowercase())
                } else {
                    Cow::Borrowed(piece)
                }
            }
            _ if piece.chars().any(char::is_uppercase) => Cow::Owned(piece.to_lowercase()),
            _ => Cow::Borrowed(piece),
        };
        toks.push(Tok {
            kind,
            start: start + from,
            end: start + i,
            lower,
            glued: glued && toks.len() > first,
            capital: c.is_uppercase(),
        });
        glued = true;
    }
}

/// The mark `c` (written `piece`) as the rules read it: curly apostrophes and backticks as
/// `'`, dashes as `-`.
fn punct_lower(c: char, piece: &str) -> Cow<'_, str> {
    match c {
        '’' | '‘' | '`' | '´' => Cow::Borrowed("'"),
        '–' | '—' | '‐' | '‑' => Cow::Borrowed("-"),
        _ => Cow::Borrowed(piece),
    }
}

/// [`cut_into`] from the tokens the shared analysis (`crate::doc`) cut one sentence of `text`
/// into, which are the same but for words with a hyphen, an apostrophe or a digit inside and
/// for hyphens: the runs of tokens without space between them that hold such a token are cut
/// again, the others are taken as they are, without reading the text again.
pub(crate) fn from_doc<'d>(
    toks: &mut Vec<Tok<'d>>,
    text: &'d str,
    lowered: &'d str,
    tokens: &'d [crate::doc::Token<'_>],
) {
    use crate::doc::Kind;
    toks.clear();
    let mut k = 0;
    while let Some(head) = tokens.get(k) {
        // The run of tokens from `k` that touch each other, and whether all are plain.
        let mut end = k + 1;
        let mut plain = head.plain;
        while let Some(next) = tokens.get(end)
            && tokens
                .get(end - 1)
                .is_some_and(|t| t.span.end == next.span.start)
        {
            plain &= next.plain;
            end += 1;
        }
        let run = tokens.get(k..end).unwrap_or_default();
        if !plain {
            let (Some(first), Some(last)) = (run.first(), run.last()) else {
                break;
            };
            cut_append(toks, text, Some(lowered), first.span.start, last.span.end);
        } else {
            for (n, t) in run.iter().enumerate() {
                let first = t.text.as_bytes().first().copied().unwrap_or(b' ');
                let (kind, lower) = match t.kind {
                    Kind::Number => (TokKind::Digit, Cow::Borrowed(t.lower.as_ref())),
                    Kind::Word => (TokKind::Alpha, Cow::Borrowed(t.lower.as_ref())),
                    Kind::Punct if first.is_ascii() && first != b'`' => {
                        (TokKind::Punct, Cow::Borrowed(t.text))
                    }
                    Kind::Punct => match t.text.chars().next() {
                        Some(c) => (TokKind::Punct, punct_lower(c, t.text)),
                        None => (TokKind::Punct, Cow::Borrowed(t.text)),
                    },
                };
                let capital = if first.is_ascii() {
                    first.is_ascii_uppercase()
                } else {
                    t.text.chars().next().is_some_and(char::is_uppercase)
                };
                toks.push(Tok {
                    kind,
                    start: t.span.start,
                    end: t.span.end,
                    lower,
                    glued: n > 0,
                    capital,
                });
            }
        }
        k = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        tokenize(text, 0, text.len())
            .into_iter()
            .map(|t| t.lower.into_owned())
            .collect()
    }

    #[test]
    fn cuts_words_numbers_and_marks() {
        assert_eq!(words("Aug. 7, 1998"), ["aug", ".", "7", ",", "1998"]);
        assert_eq!(words("third-quarter"), ["third", "quarter"]);
        assert_eq!(words("mid-1990s"), ["mid", "1990", "s"]);
        assert_eq!(words("3:30 p.m."), ["3", ":", "30", "p", ".", "m", "."]);
        assert_eq!(words("1,500 and 2.5"), ["1,500", "and", "2.5"]);
        assert_eq!(words("1998-08-07"), ["1998", "-", "08", "-", "07"]);
        assert_eq!(words("Year’s"), ["year", "'", "s"]);
    }

    proptest::proptest! {
        /// The tokens made from the shared analysis are the tokens cut from the text.
        #[test]
        fn tokens_from_the_shared_analysis_are_the_same(
            text in "([a-zA-Z]{1,6}|[0-9]{1,4}|[ ,.'’:\\-–—‑/()]|[éÄñ]|\\p{Greek}|\\u{301}){0,40}"
        ) {
            let lowered = crate::doc::lowered(&text);
            let doc = crate::doc::Doc::new(&text, &lowered, None);
            for sentence in &doc.sentences {
                let mut part = Vec::new();
                from_doc(&mut part, &text, &lowered, &sentence.tokens);
                let mut cut = Vec::new();
                cut_into(&mut cut, &text, Some(&lowered), sentence.span.start, sentence.span.end);
                let view = |toks: &[Tok<'_>]| {
                    toks.iter()
                        .map(|t| (t.kind, t.start, t.end, t.lower.to_string(), t.glued, t.capital))
                        .collect::<Vec<_>>()
                };
                proptest::prop_assert_eq!(view(&part), view(&cut));
            }
        }
    }

    #[test]
    fn offsets_point_into_the_text() {
        let text = "el 7 de agosto";
        for t in tokenize(text, 3, text.len()) {
            assert_eq!(&text[t.start..t.end].to_lowercase(), &t.lower);
        }
        assert!(tokenize("é", 0, 1).is_empty());
    }
}
