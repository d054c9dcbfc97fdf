//! Text primitives shared by every stage: language identification, sentence and word
//! segmentation, stop words and stemming, and the table the stages look words up in
//! ([`KeyTable`]).
//!
//! Invariant: nothing here does I/O; every function is a pure function of its input, and every
//! span it returns lies on `char` boundaries of the text it was given.

mod analyzer;
mod language;
mod numbers;
mod script;
mod sentences;
mod stopwords;
mod table;

pub use analyzer::{Analyzer, Term};
pub use language::{detect_language, normalize_language_tag};
pub use sentences::{paragraph_breaks, sentence_at, sentences};
pub use stopwords::is_stopword;
pub use table::{KeyTable, TableKey};

/// The English names of the days of the week, in lower case.
pub const ENGLISH_WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

use model::Span;
use unicode_segmentation::UnicodeSegmentation;

/// The words of `text` with their byte offsets (Unicode word boundaries, punctuation dropped).
///
/// Words never span ASCII white space. Runs of white-space-separated pieces that are all
/// ASCII (most of any news text, even one with curly quotes or a pound sign) take a fast path
/// that applies the UAX #29 rules to bytes; a piece holding anything else goes to the general
/// segmenter. A property test holds the result to the general segmenter's over the whole text.
pub fn words(text: &str) -> Words<'_> {
    Words {
        ascii: AsciiWords {
            text,
            at: 0,
            end: 0,
        },
        unicode: None,
    }
}

/// The iterator [`words`] returns.
pub struct Words<'a> {
    /// The ASCII run being read (`at..end`); `at` also marks how far the text has been read.
    ascii: AsciiWords<'a>,
    /// A piece with non-ASCII text being read, and where it starts.
    unicode: Option<(usize, unicode_segmentation::UnicodeWordIndices<'a>)>,
}

impl<'a> Iterator for Words<'a> {
    type Item = (Span, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some((offset, words)) = &mut self.unicode {
                match words.next() {
                    Some((start, word)) => {
                        let start = *offset + start;
                        return Some((Span::new(start, start + word.len()), word));
                    }
                    None => self.unicode = None,
                }
            }
            if let Some((start, word)) = self.ascii.next() {
                return Some((Span::new(start, start + word.len()), word));
            }
            // The ASCII run is done: find the next one, or the next non-ASCII piece.
            let text = self.ascii.text;
            let bytes = text.as_bytes();
            let from = self.ascii.at;
            if from >= bytes.len() {
                return None;
            }
            let Some(non_ascii) = bytes[from..].iter().position(|b| !b.is_ascii()) else {
                self.ascii.end = bytes.len();
                continue;
            };
            let non_ascii = from + non_ascii;
            // The piece holding it runs between the white space on either side.
            let piece_start = bytes[from..non_ascii]
                .iter()
                .rposition(u8::is_ascii_whitespace)
                .map_or(from, |p| from + p + 1);
            if piece_start > from {
                self.ascii.end = piece_start;
                continue;
            }
            let piece_end = bytes[non_ascii..]
                .iter()
                .position(u8::is_ascii_whitespace)
                .map_or(bytes.len(), |p| non_ascii + p);
            // Both ends sit next to ASCII bytes (or the text's ends): char boundaries.
            self.unicode = Some((
                piece_start,
                text[piece_start..piece_end].unicode_word_indices(),
            ));
            self.ascii.at = piece_end;
            self.ascii.end = piece_end;
        }
    }
}

/// UAX #29 word segmentation restricted to ASCII.
struct AsciiWords<'a> {
    text: &'a str,
    at: usize,
    /// Where the ASCII run ends (at white space or the end of the text).
    end: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum AsciiClass {
    Letter,
    Digit,
    /// `_`, which joins anything word-like on either side.
    Connector,
    /// `:` between letters.
    MidLetter,
    /// `.` and `'`, between letters or between digits.
    MidNumLetter,
    /// `,` and `;` between digits.
    MidNum,
    Other,
}

/// The class of every ASCII byte (non-ASCII bytes never reach the table).
const ASCII_CLASSES: [AsciiClass; 128] = {
    let mut table = [AsciiClass::Other; 128];
    let mut byte = 0;
    while byte < 128 {
        table[byte] = match byte as u8 {
            b'a'..=b'z' | b'A'..=b'Z' => AsciiClass::Letter,
            b'0'..=b'9' => AsciiClass::Digit,
            b'_' => AsciiClass::Connector,
            b':' => AsciiClass::MidLetter,
            b'.' | b'\'' => AsciiClass::MidNumLetter,
            b',' | b';' => AsciiClass::MidNum,
            _ => AsciiClass::Other,
        };
        byte += 1;
    }
    table
};

fn ascii_class(byte: u8) -> AsciiClass {
    ASCII_CLASSES[usize::from(byte & 0x7f)]
}

impl<'a> Iterator for AsciiWords<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        use AsciiClass::*;
        let bytes = &self.text.as_bytes()[..self.end];
        while self.at < bytes.len() {
            let start = self.at;
            let first = ascii_class(bytes[start]);
            if !matches!(first, Letter | Digit | Connector) {
                self.at += 1;
                continue;
            }
            let mut alphanumeric = first != Connector;
            let mut previous = first;
            let mut end = start + 1;
            while end < bytes.len() {
                let here = ascii_class(bytes[end]);
                match here {
                    // The common case, a run of letters, in a tight loop.
                    Letter if previous == Letter => {
                        alphanumeric = true;
                        end += 1;
                        while end < bytes.len() && bytes[end].is_ascii_alphabetic() {
                            end += 1;
                        }
                    }
                    Letter | Digit | Connector => {
                        alphanumeric |= here != Connector;
                        previous = here;
                        end += 1;
                    }
                    MidLetter | MidNumLetter | MidNum => {
                        let after = bytes.get(end + 1).map_or(Other, |b| ascii_class(*b));
                        // Letters joined by `:`, `.` or `'` ("U.S", "don't"); digits joined by
                        // `,`, `;`, `.` or `'` ("2,000.50").
                        let joins = match here {
                            MidLetter => previous == Letter && after == Letter,
                            MidNum => previous == Digit && after == Digit,
                            _ => previous == after && matches!(after, Letter | Digit),
                        };
                        if !joins {
                            break;
                        }
                        previous = after;
                        end += 2;
                    }
                    Other => break,
                }
            }
            self.at = end;
            if alphanumeric {
                return Some((start, &self.text[start..end]));
            }
        }
        None
    }
}

/// Lower case without the accents of Latin letters, so spellings compare however they were
/// typed: "Fünf" → "funf", "MILLÓN" → "millon", "Opinião" → "opiniao", "’" → "'"; combining
/// accents (decomposed text) are dropped.
pub fn fold_latin(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars().flat_map(char::to_lowercase) {
        let plain = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
            'ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            '’' => '\'',
            '\u{300}'..='\u{36f}' => continue,
            other => other,
        };
        out.push(plain);
    }
    out
}

/// Collapses runs of white space into one space and trims the ends; keeps paragraph breaks
/// (a blank line) as `"\n\n"`.
pub fn normalize_whitespace(text: &str) -> String {
    let mut paragraphs = Vec::new();
    for paragraph in text.split("\n\n") {
        let collapsed = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
        if !collapsed.is_empty() {
            paragraphs.push(collapsed);
        }
    }
    paragraphs.join("\n\n")
}

/// True when the first letter of `word` is upper case.
pub fn is_capitalized(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4096))]

        #[test]
        fn ascii_words_match_the_unicode_segmenter(
            text in "[a-zA-Z0-9_.',;: \\-!\n]{0,40}"
        ) {
            let fast: Vec<(usize, &str)> = AsciiWords { text: &text, at: 0, end: text.len() }.collect();
            let general: Vec<(usize, &str)> = text.unicode_word_indices().collect();
            proptest::prop_assert_eq!(fast, general);
        }

        #[test]
        fn paragraph_breaks_match_the_substring_search(text in "[a\n é]{0,40}") {
            let ours: Vec<usize> = paragraph_breaks(&text).collect();
            let general: Vec<usize> = text.match_indices("\n\n").map(|(at, _)| at).collect();
            proptest::prop_assert_eq!(ours, general);
        }

        #[test]
        fn words_match_the_unicode_segmenter(
            text in "[a-zA-Z0-9_.',;: \\-!\néüß£“”’—中文日本Ωωа-я]{0,40}"
        ) {
            let ours: Vec<(usize, &str)> = words(&text).map(|(s, w)| (s.start, w)).collect();
            let general: Vec<(usize, &str)> = text.unicode_word_indices().collect();
            proptest::prop_assert_eq!(ours, general);
        }
    }

    #[test]
    fn ascii_words_join_as_the_standard_says() {
        let found: Vec<&str> = words("U.S. don't 2,000.50 a_b _x 3: a:b 1.5.7 x.1")
            .map(|w| w.1)
            .collect();
        assert_eq!(
            found,
            [
                "U.S", "don't", "2,000.50", "a_b", "_x", "3", "a:b", "1.5.7", "x", "1"
            ]
        );
    }

    #[test]
    fn words_carry_offsets() {
        let found: Vec<_> = words("Río Aldmere, 12 dead.").collect();
        let texts: Vec<&str> = found.iter().map(|(_, w)| *w).collect();
        assert_eq!(texts, ["Río", "Aldmere", "12", "dead"]);
        assert_eq!(found[1].0, Span::new(5, 12));
    }

    #[test]
    fn latin_accents_fold() {
        assert_eq!(fold_latin("MILLÓN Fünf Opinião"), "millon funf opiniao");
        assert_eq!(fold_latin("o\u{301}pera l’eau"), "opera l'eau");
        assert_eq!(fold_latin("Москва"), "москва");
    }

    #[test]
    fn normalize_keeps_paragraphs() {
        assert_eq!(
            normalize_whitespace("  a \t b\n c\n\n\n\n d  "),
            "a b c\n\n d".replace("\n\n ", "\n\n")
        );
        assert_eq!(normalize_whitespace("\n\n"), "");
    }
}
