use crate::{is_stopword, words};
use frostem::{Algorithm, Stemmer};

/// Turns text into comparable terms for one language: lower-cased words without stop words,
/// reduced to their Snowball stem where a stemmer exists for the language.
pub struct Analyzer {
    language: String,
    stemmer: Option<Stemmer>,
}

impl Analyzer {
    pub fn new(language: &str) -> Self {
        let algorithm = match language {
            "en" => Some(Algorithm::English),
            "es" => Some(Algorithm::Spanish),
            "de" => Some(Algorithm::German),
            "fr" => Some(Algorithm::French),
            "pt" => Some(Algorithm::Portuguese),
            "it" => Some(Algorithm::Italian),
            "nl" => Some(Algorithm::Dutch),
            _ => None,
        };
        Analyzer {
            language: language.to_string(),
            stemmer: algorithm.map(Stemmer::new),
        }
    }

    pub fn language(&self) -> &str {
        &self.language
    }

    /// The stem of one word (lower-cased first).
    pub fn stem(&self, word: &str) -> String {
        let lower = word.to_lowercase();
        match &self.stemmer {
            Some(stemmer) => stemmer.stem(&lower).to_string(),
            None => lower,
        }
    }

    /// The content terms of `text`, in order: stop words and bare punctuation dropped.
    pub fn terms(&self, text: &str) -> Vec<String> {
        words(text)
            .filter_map(|(_, word)| {
                let lower = word.to_lowercase();
                if is_stopword(&self.language, &lower)
                    || lower.chars().count() < 2 && !lower.chars().all(char::is_numeric)
                {
                    return None;
                }
                Some(match &self.stemmer {
                    Some(stemmer) => stemmer.stem(&lower).to_string(),
                    None => lower,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_terms_are_stemmed_without_stopwords() {
        let analyzer = Analyzer::new("en");
        assert_eq!(
            analyzer.terms("The floods were flooding the villages"),
            ["flood", "flood", "villag"]
        );
    }

    #[test]
    fn spanish_terms_are_stemmed() {
        let analyzer = Analyzer::new("es");
        assert_eq!(analyzer.terms("las inundaciones del río"), ["inund", "rio"]);
    }

    #[test]
    fn unknown_language_lowercases_only() {
        assert_eq!(Analyzer::new("xx").terms("Foo BAR"), ["foo", "bar"]);
    }
}
