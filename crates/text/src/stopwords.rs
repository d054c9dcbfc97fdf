//! Stop words: the function words that carry no topic, for the 66 languages in [`LANGUAGES`]
//! (plus `nb`, `nn` and `bs`, which share a list). They serve clustering and matching, where a
//! missing entry costs a little precision, never correctness.
//!
//! The lists come from the `stop-words` crate: the NLTK list where NLTK has the language, else
//! the Stopwords ISO list. Our own short lists of news words ("said", "segundo", "disse") are
//! added on top, so a word that was a stop word here stays one. Each language's set is built on
//! first use and lives for the rest of the process; a lookup is one hash probe.

use rustc_hash::FxHashSet as HashSet;
use std::sync::OnceLock;

/// The ISO 639-1 codes with a stop-word list of their own, sorted. Norwegian Bokmål and Nynorsk
/// (`nb`, `nn`) share the `no` list; Bosnian (`bs`) shares the Serbian one.
const LANGUAGES: [&str; 66] = [
    "af", "ar", "az", "be", "bg", "bn", "br", "ca", "cs", "da", "de", "el", "en", "eo", "es", "et",
    "eu", "fa", "fi", "fr", "ga", "gl", "gu", "ha", "he", "hi", "hr", "hu", "hy", "id", "it", "ja",
    "kk", "ko", "ku", "la", "lt", "lv", "mr", "ne", "nl", "no", "pl", "pt", "ro", "ru", "sk", "sl",
    "so", "sq", "sr", "st", "sv", "sw", "ta", "tg", "th", "tl", "tr", "uk", "ur", "uz", "vi", "yo",
    "zh", "zu",
];

/// A set of lower-case words.
type WordSet = HashSet<Box<str>>;

/// One language's stop words.
pub(crate) struct StopWords {
    words: WordSet,
    /// Greek: the lists spell words without accents and with a medial sigma at the end
    /// ("τησ" for "της"), so words are compared in that form.
    greek: bool,
}

impl StopWords {
    /// True when `lower_word` (already lower-cased) is one of these stop words. A typographic
    /// apostrophe counts as a straight one ("don’t" is "don't").
    pub(crate) fn contains(&self, lower_word: &str) -> bool {
        if self.greek {
            return self.words.contains(fold_greek(lower_word).as_str());
        }
        if lower_word.contains('\u{2019}') {
            return self
                .words
                .contains(lower_word.replace('\u{2019}', "'").as_str());
        }
        self.words.contains(lower_word)
    }
}

/// Builds each language's set once, on first use.
static SETS: [OnceLock<StopWords>; LANGUAGES.len()] = [const { OnceLock::new() }; LANGUAGES.len()];

/// True when `lower_word` (already lower-cased) is a stop word of `language` (ISO 639-1, or a
/// tag such as `pt-BR`); for a language without a list, the English list applies. A
/// typographic apostrophe counts as a straight one ("don’t" is "don't").
pub fn is_stopword(language: &str, lower_word: &str) -> bool {
    stopword_set(language).contains(lower_word)
}

/// The stop words of `language`; the English ones for a language without a list.
pub(crate) fn stopword_set(language: &str) -> &'static StopWords {
    let index = language_index(language).unwrap_or(ENGLISH_INDEX);
    SETS[index].get_or_init(|| build(LANGUAGES[index]))
}

/// The index in [`LANGUAGES`] of the list for `language`. This runs once per word, so a code
/// is looked up in a table indexed by its two letters rather than compared as a string.
fn language_index(language: &str) -> Option<usize> {
    let primary = if language.len() == 2 {
        language
    } else {
        language.split(['-', '_']).next()?
    };
    let &[first, second] = primary.as_bytes() else {
        return None;
    };
    let index = *BY_CODE.get(slot(first, second)?)?;
    (index != NONE).then_some(usize::from(index))
}

const ENGLISH_INDEX: usize = 12;

/// The mark for a pair of letters without a list in [`BY_CODE`].
const NONE: u8 = u8::MAX;

/// For each pair of lower-case ASCII letters, the index of its list in [`LANGUAGES`], or
/// [`NONE`]. Aliases point at the list they share.
const BY_CODE: [u8; 26 * 26] = {
    let mut table = [NONE; 26 * 26];
    let mut index = 0;
    while index < LANGUAGES.len() {
        let code = LANGUAGES[index].as_bytes();
        table[(code[0] - b'a') as usize * 26 + (code[1] - b'a') as usize] = index as u8;
        index += 1;
    }
    let no = table[(b'n' - b'a') as usize * 26 + (b'o' - b'a') as usize];
    table[(b'n' - b'a') as usize * 26 + (b'b' - b'a') as usize] = no;
    table[(b'n' - b'a') as usize * 26 + (b'n' - b'a') as usize] = no;
    table[(b'b' - b'a') as usize * 26 + (b's' - b'a') as usize] =
        table[(b's' - b'a') as usize * 26 + (b'r' - b'a') as usize];
    table
};

/// The place of a two-letter code in [`BY_CODE`]; `None` unless both are ASCII lower case.
fn slot(first: u8, second: u8) -> Option<usize> {
    if first.is_ascii_lowercase() && second.is_ascii_lowercase() {
        Some(usize::from(first - b'a') * 26 + usize::from(second - b'a'))
    } else {
        None
    }
}

/// One language's set: the crate's list without the entries no word can match, plus our own.
fn build(code: &str) -> StopWords {
    // Serbian is written in Latin and Cyrillic; the Croatian list serves its Latin spelling.
    let source = if code == "sr" { "hr" } else { code };
    let listed = stop_words::lookup(source).unwrap_or_default();
    let greek = code == "el";
    let mut words = WordSet::default();
    let excluded = excluded(code);
    for entry in listed.iter().copied().chain(extra(code).iter().copied()) {
        // A word from `text::words` never holds white space, and numbers are never stop words.
        if entry.chars().any(|c| c.is_whitespace() || c.is_numeric()) || excluded.contains(&entry) {
            continue;
        }
        let word = entry.to_lowercase();
        if code == "sr" {
            words.insert(latin_to_serbian_cyrillic(&word).into_boxed_str());
        }
        // The Romanian list spells ş and ţ with a cedilla; today's text uses a comma below.
        if code == "ro" && word.contains(['ş', 'ţ']) {
            words.insert(word.replace('ş', "ș").replace('ţ', "ț").into_boxed_str());
        }
        if greek {
            words.insert(fold_greek(&word).into_boxed_str());
        } else {
            words.insert(word.into_boxed_str());
        }
    }
    StopWords { words, greek }
}

/// A lower-case Greek word without its accents and with every sigma medial: "της" is "τησ",
/// "αυτή" is "αυτη".
fn fold_greek(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            'ά' => 'α',
            'έ' => 'ε',
            'ή' => 'η',
            'ί' | 'ϊ' | 'ΐ' => 'ι',
            'ό' => 'ο',
            'ύ' | 'ϋ' | 'ΰ' => 'υ',
            'ώ' => 'ω',
            'ς' => 'σ',
            other => other,
        })
        .collect()
}

/// List entries that are dropped: English contraction stems that NLTK keeps for tokenisers that
/// split "don't" into "don" and "t". Our words keep "don't" whole, and several of these are
/// content words ("won", "don", "shan").
fn excluded(code: &str) -> &'static [&'static str] {
    match code {
        "en" => &[
            "ain", "aren", "couldn", "didn", "doesn", "don", "hadn", "hasn", "haven", "isn", "ma",
            "mightn", "mustn", "needn", "shan", "shouldn", "wasn", "weren", "won", "wouldn",
        ],
        _ => &[],
    }
}

/// Our own additions: news words and the short lists this crate carried before the shared
/// lists, kept whole so that no word stops being a stop word.
fn extra(code: &str) -> &'static [&'static str] {
    match code {
        "en" => EN,
        "es" => ES,
        "de" => DE,
        "fr" => FR,
        "pt" => PT,
        // "and", which the shared list only spells without its diacritic.
        "ro" => &["și", "şi"],
        _ => &[],
    }
}

/// Spells a Serbian Latin word in Serbian Cyrillic (the two alphabets map letter for letter,
/// with `lj`, `nj` and `dž` as single letters).
fn latin_to_serbian_cyrillic(word: &str) -> String {
    let mut cyrillic = String::with_capacity(word.len() * 2);
    let mut chars = word.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        let (letter, digraph) = match (c, next) {
            ('l', Some('j')) => ('љ', true),
            ('n', Some('j')) => ('њ', true),
            ('d', Some('ž')) => ('џ', true),
            _ => (
                match c {
                    'a' => 'а',
                    'b' => 'б',
                    'v' => 'в',
                    'g' => 'г',
                    'd' => 'д',
                    'đ' => 'ђ',
                    'e' => 'е',
                    'ž' => 'ж',
                    'z' => 'з',
                    'i' => 'и',
                    'j' => 'ј',
                    'k' => 'к',
                    'l' => 'л',
                    'm' => 'м',
                    'n' => 'н',
                    'o' => 'о',
                    'p' => 'п',
                    'r' => 'р',
                    's' => 'с',
                    't' => 'т',
                    'ć' => 'ћ',
                    'u' => 'у',
                    'f' => 'ф',
                    'h' => 'х',
                    'c' => 'ц',
                    'č' => 'ч',
                    'š' => 'ш',
                    other => other,
                },
                false,
            ),
        };
        if digraph {
            chars.next();
        }
        cyrillic.push(letter);
    }
    cyrillic
}

const EN: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "me",
    "more",
    "most",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "said",
    "same",
    "says",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yours",
    "yourself",
    "told",
    "say",
    "one",
    "two",
    "new",
    "may",
    "might",
    "must",
    "us",
    "least",
    "according",
    "around",
    "since",
    "still",
    "yet",
    "per",
    "via",
    "mr",
    "mrs",
    "ms",
];

const ES: &[&str] = &[
    "a", "al", "algo", "algunos", "ante", "antes", "como", "con", "contra", "cual", "cuando", "de",
    "del", "desde", "donde", "durante", "e", "el", "ella", "ellas", "ellos", "en", "entre", "era",
    "es", "esa", "esas", "ese", "eso", "esos", "esta", "estaba", "estado", "estas", "este", "esto",
    "estos", "fue", "fueron", "ha", "habían", "han", "hasta", "hay", "la", "las", "le", "les",
    "lo", "los", "más", "me", "mi", "muy", "ni", "no", "nos", "o", "otra", "otros", "para", "pero",
    "por", "que", "qué", "se", "sea", "según", "ser", "si", "sin", "sobre", "son", "su", "sus",
    "también", "tras", "un", "una", "uno", "unos", "y", "ya", "dijo", "había", "menos",
];

const DE: &[&str] = &[
    "aber", "als", "am", "an", "auch", "auf", "aus", "bei", "bis", "das", "dass", "dem", "den",
    "der", "des", "die", "ein", "eine", "einem", "einen", "einer", "es", "für", "hat", "haben",
    "im", "in", "ist", "mit", "nach", "nicht", "noch", "oder", "sich", "sie", "sind", "so", "um",
    "und", "von", "vor", "war", "wurde", "wurden", "zu", "zum", "zur", "wie", "wird", "werden",
];

const FR: &[&str] = &[
    "à", "au", "aux", "avec", "ce", "ces", "dans", "de", "des", "du", "elle", "en", "est", "et",
    "il", "ils", "la", "le", "les", "leur", "mais", "ne", "pas", "par", "plus", "pour", "qui",
    "que", "sa", "se", "son", "sont", "sur", "un", "une", "a", "été", "ont", "selon", "a-t-il",
];

const PT: &[&str] = &[
    "a", "ao", "as", "com", "como", "da", "das", "de", "do", "dos", "e", "em", "era", "foi",
    "foram", "mais", "mas", "na", "nas", "no", "nos", "o", "os", "para", "pela", "pelo", "por",
    "que", "se", "sem", "seu", "sua", "um", "uma", "é", "segundo", "disse",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_answer_per_language() {
        assert!(is_stopword("en", "the"));
        assert!(is_stopword("es", "los"));
        assert!(!is_stopword("es", "the"));
        assert!(is_stopword("xx", "the"));
        assert!(!is_stopword("en", "flood"));
    }

    #[test]
    fn languages_are_sorted_and_english_is_the_fallback() {
        assert!(LANGUAGES.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(LANGUAGES.iter().all(|code| code.len() == 2));
        assert!(LANGUAGES.len() < usize::from(NONE));
        assert_eq!(LANGUAGES[ENGLISH_INDEX], "en");
        assert_eq!(language_index("de"), LANGUAGES.binary_search(&"de").ok());
        assert_eq!(language_index("pt-BR"), LANGUAGES.binary_search(&"pt").ok());
        assert_eq!(language_index("nb"), LANGUAGES.binary_search(&"no").ok());
        assert_eq!(language_index("xx"), None);
        assert_eq!(language_index(""), None);
        assert_eq!(language_index("deu"), None);
        assert_eq!(language_index("EN"), None);
        assert_eq!(language_index("bs"), LANGUAGES.binary_search(&"sr").ok());
        for code in LANGUAGES {
            assert!(stop_words::lookup(code).is_some() || code == "sr", "{code}");
        }
    }

    #[test]
    fn many_languages_have_their_own_list() {
        for (language, word) in [
            ("it", "della"),
            ("nl", "het"),
            ("ru", "что"),
            ("uk", "але"),
            ("pl", "jest"),
            ("cs", "který"),
            ("sv", "och"),
            ("da", "og"),
            ("no", "ikke"),
            ("nb", "ikke"),
            ("fi", "että"),
            ("hu", "hogy"),
            ("ro", "și"),
            ("ro", "şi"),
            ("ro", "aceștia"),
            ("ro", "aceştia"),
            ("tr", "için"),
            ("el", "και"),
            ("el", "της"),
            ("el", "αυτή"),
            ("el", "από"),
            ("ar", "في"),
            ("he", "של"),
            ("hi", "में"),
            ("fa", "است"),
            ("id", "yang"),
            ("ca", "amb"),
            ("zh", "我们"),
            ("ja", "これ"),
            ("ko", "그리고"),
            ("th", "และ"),
            ("vi", "của"),
            ("hr", "nije"),
            ("sr", "није"),
            ("bs", "nije"),
            ("bg", "като"),
        ] {
            assert!(is_stopword(language, word), "{language} {word}");
            assert!(!is_stopword("en", word), "{word} is not English");
        }
        // Our own news words stay on top of the shared lists.
        assert!(is_stopword("en", "said"));
        assert!(is_stopword("pt", "segundo"));
        assert!(is_stopword("pt", "disse"));
        assert!(is_stopword("es", "según"));
        assert!(is_stopword("pt-BR", "disse"));
    }

    #[test]
    fn numbers_and_contraction_stems_are_not_stop_words() {
        assert!(!is_stopword("ko", "1"));
        assert!(!is_stopword("fa", "۱"));
        assert!(!is_stopword("en", "won"));
        assert!(!is_stopword("en", "don"));
        assert!(is_stopword("en", "don't"));
        assert!(is_stopword("en", "don\u{2019}t"));
    }

    #[test]
    fn serbian_cyrillic_follows_the_latin_letters() {
        assert_eq!(latin_to_serbian_cyrillic("njegova"), "његова");
        assert_eq!(latin_to_serbian_cyrillic("ljudi"), "људи");
        assert_eq!(latin_to_serbian_cyrillic("džep"), "џеп");
    }
}
