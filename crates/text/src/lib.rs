//! Text primitives shared by every stage: language identification, sentence and word
//! segmentation, stop words and stemming.
//!
//! Invariant: nothing here does I/O; every function is a pure function of its input, and every
//! span it returns lies on `char` boundaries of the text it was given.

mod analyzer;
mod language;
mod numbers;
mod script;
mod sentences;
mod stopwords;

pub use analyzer::Analyzer;
pub use language::{detect_language, normalize_language_tag};
pub use sentences::{sentence_at, sentences};
pub use stopwords::is_stopword;

use model::Span;
use unicode_segmentation::UnicodeSegmentation;

/// The words of `text` with their byte offsets (Unicode word boundaries, punctuation dropped).
pub fn words(text: &str) -> impl Iterator<Item = (Span, &str)> {
    text.unicode_word_indices()
        .map(|(start, word)| (Span::new(start, start + word.len()), word))
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

    #[test]
    fn words_carry_offsets() {
        let found: Vec<_> = words("Río Aldmere, 12 dead.").collect();
        let texts: Vec<&str> = found.iter().map(|(_, w)| *w).collect();
        assert_eq!(texts, ["Río", "Aldmere", "12", "dead"]);
        assert_eq!(found[1].0, Span::new(5, 12));
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
