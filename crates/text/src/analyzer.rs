use crate::numbers::{is_thousands_group, may_start_space_group, number_term};
use crate::script::{Script, run_terms};
use crate::stopwords::{StopWords, stopword_set};
use crate::words;
use frostem::{Algorithm, Stemmer};
use model::Span;
use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::cell::RefCell;
use unicode_segmentation::UnicodeSegmentation;

/// One term of a text, as [`Analyzer::for_each_term_in`] gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Term<'t, 's> {
    /// A word of a spaced script that is not a number, as it stands in the text: its term (or
    /// none, for a stop word) is what [`Analyzer::word_term`] gives.
    Word(&'t str),
    /// A finished term: a number in its one spelling, or a pair of unspaced characters.
    Other(&'s str),
}

/// Turns text into comparable terms for one language: lower-cased words without stop words,
/// reduced to their Snowball stem where a stemmer exists for the language.
///
/// - Words of spaced scripts are lower-cased (Turkish and Azerbaijani dotted and dotless i
///   included), lose French, Italian and Catalan elisions ("l'armée" is "armée") and Turkish
///   suffixes after an apostrophe ("İstanbul'da" is "istanbul"), and are stemmed.
/// - Numbers are spelled one way per value ("2,000", "2.000" and "2 000" give "2000"; see
///   `numbers.rs`).
/// - Chinese, Japanese, Thai, Lao, Khmer and Myanmar text gives overlapping pairs of characters
///   (see `script.rs`), whatever the analyzer's language: a Chinese name in an English article
///   gives the same terms as in a Chinese one.
pub struct Analyzer {
    language: String,
    stemmer: Option<Stemmer>,
    stopwords: &'static StopWords,
    elisions: &'static [&'static str],
    /// Turkish and Azerbaijani: dotted and dotless i, and suffixes after an apostrophe.
    turkic: bool,
    /// Stems already computed: news repeats its words, and a lookup is far cheaper than the
    /// Snowball rules. Emptied when it reaches [`STEM_CACHE_CAPACITY`].
    stems: RefCell<FxHashMap<String, String>>,
}

/// How many words an analyzer remembers the stem of.
const STEM_CACHE_CAPACITY: usize = 200_000;

impl Analyzer {
    /// An analyzer for `language`, an ISO 639-1 code (a tag such as `pt-BR` works too). A
    /// language without a stemmer keeps words whole; one without a stop-word list uses the
    /// English one.
    pub fn new(language: &str) -> Self {
        let primary = language
            .split(['-', '_'])
            .next()
            .unwrap_or(language)
            .to_ascii_lowercase();
        Analyzer {
            language: language.to_string(),
            stemmer: algorithm(&primary).map(Stemmer::new),
            stopwords: stopword_set(&primary),
            elisions: elisions(&primary),
            turkic: matches!(primary.as_str(), "tr" | "az"),
            stems: RefCell::default(),
        }
    }

    /// The language this analyzer was made for, as given to [`Analyzer::new`].
    pub fn language(&self) -> &str {
        &self.language
    }

    /// The term one word gives, stop word or not: a number in its one spelling, else the stem of
    /// the lower-cased word. A word of an unspaced script (such as Chinese) is only
    /// lower-cased; pairs are formed by [`Analyzer::terms`], which sees the whole run.
    pub fn stem(&self, word: &str) -> String {
        if let Some(number) = number_term(word) {
            return number;
        }
        let lower = self.lower(word);
        if starts_unspaced(word) {
            return lower.into_owned();
        }
        self.stem_lower(self.strip_clitics(&lower))
    }

    /// The content terms of `text`, in order: stop words, bare punctuation and single letters
    /// dropped, numbers in one spelling, and pairs of characters for unspaced scripts.
    pub fn terms(&self, text: &str) -> Vec<String> {
        let mut terms = Vec::new();
        self.for_each_term(text, |term| terms.push(term.to_string()));
        terms
    }

    /// Calls `f` with each term [`Analyzer::terms`] would return, in order, without making a
    /// string for each.
    pub fn for_each_term(&self, text: &str, mut f: impl FnMut(&str)) {
        self.for_each_term_in(text, words(text), |term| match term {
            Term::Word(word) => self.word_term(word, &mut f),
            Term::Other(term) => f(term),
        });
    }

    /// The terms of `text` from its words as [`words`](crate::words) gives them (so a caller
    /// that needs the words for other work splits the text once). A plain word comes as
    /// [`Term::Word`]: its term is what [`Analyzer::word_term`] gives, a function of the word
    /// alone, which a caller may remember; everything else comes as [`Term::Other`].
    pub fn for_each_term_in<'t>(
        &self,
        text: &'t str,
        words: impl IntoIterator<Item = (Span, &'t str)>,
        mut f: impl FnMut(Term<'t, '_>),
    ) {
        // The byte range of the current run of unspaced text.
        let mut run: Option<(usize, usize)> = None;
        let mut tokens = words.into_iter().peekable();
        while let Some((span, word)) = tokens.next() {
            if starts_unspaced(word) {
                run = match run {
                    Some((start, end)) if end == span.start => Some((start, span.end)),
                    Some((start, end)) => {
                        self.run_terms(&text[start..end], &mut |t| f(Term::Other(t)));
                        Some((span.start, span.end))
                    }
                    None => Some((span.start, span.end)),
                };
                continue;
            }
            if let Some((start, end)) = run.take() {
                self.run_terms(&text[start..end], &mut |t| f(Term::Other(t)));
            }

            if let Some(mut number) = number_term(word) {
                // "2 000 000": groups of three digits after single spaces belong to the number.
                if may_start_space_group(&number) {
                    let mut end = span.end;
                    while let Some(&(next_span, next_word)) = tokens.peek() {
                        let group =
                            number_term(next_word).filter(|group| is_thousands_group(group));
                        match group {
                            Some(group) if is_one_space(&text[end..next_span.start]) => {
                                number.push_str(&group);
                                end = next_span.end;
                                tokens.next();
                            }
                            _ => break,
                        }
                    }
                }
                f(Term::Other(&number));
                continue;
            }
            f(Term::Word(word));
        }
        if let Some((start, end)) = run {
            self.run_terms(&text[start..end], &mut |t| f(Term::Other(t)));
        }
    }

    /// Calls `f` with the term of a plain word (one [`Analyzer::for_each_term_in`] gives as
    /// [`Term::Word`]): its stem, lower-cased and without clitics; not called for a stop word
    /// or a single letter.
    pub fn word_term(&self, word: &str, f: impl FnMut(&str)) {
        let lower = self.lower(word);
        let lower = self.strip_clitics(&lower);
        if self.stopwords.contains(lower) || is_single_letter(lower) {
            return;
        }
        self.with_stem(lower, f);
    }

    /// Passes the terms of one run of unspaced text, without its stop words, to `f`.
    fn run_terms(&self, run: &str, f: &mut impl FnMut(&str)) {
        let units: Vec<(Script, &str)> = run
            .graphemes(true)
            .map(|unit| (unit.chars().next().map_or(Script::Spaced, Script::of), unit))
            .collect();
        run_terms(&units, |term| {
            if !self.stopwords.contains(&term) {
                f(&term);
            }
        });
    }

    /// `word` in lower case, with typographic apostrophes made straight; borrowed when it is
    /// lower-case ASCII already (most words of running text).
    fn lower<'w>(&self, word: &'w str) -> Cow<'w, str> {
        if word.is_ascii() {
            return if word.bytes().any(|b| b.is_ascii_uppercase()) {
                Cow::Owned(word.to_ascii_lowercase())
            } else {
                Cow::Borrowed(word)
            };
        }
        let mut lower = if self.turkic && word.contains(['I', 'İ']) {
            word.replace('I', "ı").replace('İ', "i").to_lowercase()
        } else {
            word.to_lowercase()
        };
        if lower.contains('\u{2019}') {
            lower = lower.replace('\u{2019}', "'");
        }
        Cow::Owned(lower)
    }

    /// `lower` without an elided article or pronoun in front ("l'", "qu'", "dell'") or, in
    /// Turkish, without the suffix after an apostrophe.
    fn strip_clitics<'a>(&self, lower: &'a str) -> &'a str {
        let Some((before, after)) = lower.split_once('\'') else {
            return lower;
        };
        if self.turkic && !before.is_empty() {
            before
        } else if !after.is_empty() && self.elisions.contains(&before) {
            after
        } else {
            lower
        }
    }

    /// The stem of a lower-cased word.
    fn stem_lower(&self, lower: &str) -> String {
        let mut stem = String::new();
        self.with_stem(lower, |s| stem.push_str(s));
        stem
    }

    /// Calls `f` with the stem of a lower-cased word, from the cache when it is there.
    fn with_stem(&self, lower: &str, mut f: impl FnMut(&str)) {
        let Some(stemmer) = &self.stemmer else {
            return f(lower);
        };
        let mut stems = self.stems.borrow_mut();
        if let Some(stem) = stems.get(lower) {
            return f(stem);
        }
        if stems.len() >= STEM_CACHE_CAPACITY {
            stems.clear();
        }
        let stem = stemmer.stem(lower).into_owned();
        f(&stem);
        stems.insert(lower.to_string(), stem);
    }
}

/// True when `word` belongs to a script written without spaces (its first character says).
fn starts_unspaced(word: &str) -> bool {
    // An ASCII first byte is a Latin letter or a digit: spaced.
    word.as_bytes().first().is_some_and(|b| !b.is_ascii())
        && word
            .chars()
            .next()
            .is_some_and(|c| Script::of(c).is_unspaced())
}

/// True when `word` is one character that is neither a digit nor a Hangul syllable (which is a
/// whole syllable, and often a word: 물, 집).
fn is_single_letter(word: &str) -> bool {
    let mut chars = word.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => !c.is_numeric() && !('\u{AC00}'..='\u{D7A3}').contains(&c),
        _ => false,
    }
}

/// True when `gap` is one space of any kind, but not a line break.
fn is_one_space(gap: &str) -> bool {
    let mut chars = gap.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_whitespace() && c != '\n' && c != '\r')
}

/// The Snowball stemmer for an ISO 639-1 code. Serbian's also serves Croatian and Bosnian (it
/// grew out of a Croatian stemmer, and reads Cyrillic and Latin alike); Norwegian's serves
/// Bokmål and Nynorsk.
fn algorithm(code: &str) -> Option<Algorithm> {
    Some(match code {
        "ar" => Algorithm::Arabic,
        "bs" | "hr" | "sr" => Algorithm::Serbian,
        "ca" => Algorithm::Catalan,
        "cs" => Algorithm::Czech,
        "da" => Algorithm::Danish,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "en" => Algorithm::English,
        "eo" => Algorithm::Esperanto,
        "es" => Algorithm::Spanish,
        "et" => Algorithm::Estonian,
        "eu" => Algorithm::Basque,
        "fa" => Algorithm::Persian,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "ga" => Algorithm::Irish,
        "hi" => Algorithm::Hindi,
        "hu" => Algorithm::Hungarian,
        "hy" => Algorithm::Armenian,
        "id" => Algorithm::Indonesian,
        "it" => Algorithm::Italian,
        "lt" => Algorithm::Lithuanian,
        "ne" => Algorithm::Nepali,
        "nl" => Algorithm::Dutch,
        "no" | "nb" | "nn" => Algorithm::Norwegian,
        "pl" => Algorithm::Polish,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "st" => Algorithm::Sesotho,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        "uk" => Algorithm::Ukrainian,
        "yi" => Algorithm::Yiddish,
        _ => return None,
    })
}

/// The elided words that stand before an apostrophe at the start of a word.
fn elisions(code: &str) -> &'static [&'static str] {
    match code {
        "fr" => &[
            "c", "d", "j", "l", "m", "n", "s", "t", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu",
        ],
        "it" => &[
            "c", "d", "l", "m", "n", "s", "t", "v", "un", "all", "dall", "dell", "nell", "sull",
            "coll", "quell", "quest", "sant",
        ],
        "ca" => &["d", "l", "m", "n", "s", "t"],
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(language: &str, text: &str, expected: &[&str]) {
        assert_eq!(
            Analyzer::new(language).terms(text),
            expected,
            "{language}: {text}"
        );
    }

    #[test]
    fn english_terms_are_stemmed_without_stopwords() {
        check(
            "en",
            "The floods were flooding the villages",
            &["flood", "flood", "villag"],
        );
        check("en", "The government’s response", &["govern", "respons"]);
    }

    #[test]
    fn spanish_terms_are_stemmed() {
        check("es", "las inundaciones del río", &["inund", "rio"]);
    }

    #[test]
    fn unknown_language_lowercases_only() {
        check("xx", "Foo BAR", &["foo", "bar"]);
    }

    #[test]
    fn european_languages_are_stemmed() {
        check(
            "it",
            "Le inondazioni hanno distrutto l'argine della città",
            &["inond", "distrutt", "argin", "citt"],
        );
        check(
            "fr",
            "L'armée et les pompiers sont arrivés aujourd'hui",
            &["armé", "pompi", "arriv", "aujourd'hui"],
        );
        check(
            "sv",
            "Översvämningarna drabbade flera städer i landet",
            &["översvämning", "drabb", "fler", "städ", "landet"],
        );
        check(
            "de",
            "Die Überschwemmungen zerstörten mehrere Dörfer",
            &["uberschwemm", "zerstort", "mehr", "dorf"],
        );
        check(
            "pl",
            "Powodzie zniszczyły wiele domów w regionie",
            &["powodz", "zniszczył", "dom", "region"],
        );
    }

    #[test]
    fn more_european_languages_are_stemmed() {
        // Romanian with a comma below (today) or a cedilla (older text) under s and t.
        for text in [
            "Inundațiile și alunecările de teren au distrus casele din județ",
            "Inundaţiile şi alunecările de teren au distrus casele din judeţ",
        ] {
            check(
                "ro",
                text,
                &["inund", "alunecăr", "teren", "distrus", "cas", "județ"],
            );
        }
        check(
            "nl",
            "De overstromingen hebben de dorpen in de regio verwoest",
            &["overstroom", "dorp", "regio", "verwoest"],
        );
        check(
            "fi",
            "Tulvat tuhosivat kylät alueella",
            &["tulv", "tuhosiv", "kylä", "alue"],
        );
        check(
            "hu",
            "Az árvizek elpusztították a falvakat a régióban",
            &["árviz", "elpusztította", "falv", "régió"],
        );
    }

    #[test]
    fn cyrillic_greek_and_turkish_are_stemmed() {
        check(
            "ru",
            "Наводнения разрушили несколько деревень в регионе",
            &["наводнен", "разруш", "нескольк", "деревен", "регион"],
        );
        check(
            "uk",
            "Повені зруйнували кілька сіл у регіоні",
            &["повен", "зруйнув", "кільк", "сіл", "регіон"],
        );
        check(
            "el",
            "Οι πλημμύρες κατέστρεψαν τα χωριά της περιοχής",
            &["πλημμυρ", "κατεστρεψ", "χωρ", "περιοχ"],
        );
        check(
            "tr",
            "İSTANBUL'DA şiddetli yağışlar için uyarı yapıldı",
            &["istanbul", "şiddetli", "yağış", "uyar", "yapıl"],
        );
        // Serbian in either alphabet gives the same (Latin) terms.
        for text in [
            "Поплаве су уништиле села у региону",
            "Poplave su uništile sela u regionu",
        ] {
            check("sr", text, &["poplav", "uništi", "sel", "region"]);
        }
    }

    #[test]
    fn arabic_and_hindi_are_stemmed() {
        check(
            "ar",
            "دمرت الفيضانات القرى في المنطقة",
            &["دمر", "فيضان", "قري", "منطق"],
        );
        check(
            "hi",
            "बाढ़ से कई गांवों में भारी नुकसान हुआ",
            &["बाढ़", "गांव", "भार", "नुकसान"],
        );
    }

    #[test]
    fn chinese_gives_pairs_of_characters() {
        check(
            "zh",
            "北京时间3月5日，国务院在人民大会堂发布iPhone报告",
            &[
                "北京", "京时", "时间", "3", "月", "5", "日", "国务", "务院", "院在", "在人",
                "人民", "民大", "大会", "会堂", "堂发", "发布", "iphone", "报告",
            ],
        );
        // Stop words go: "我们" (we) is one, and "的" alone is one.
        check("zh", "我们的", &["们的"]);
    }

    #[test]
    fn japanese_pairs_kanji_and_katakana_and_drops_hiragana() {
        check(
            "ja",
            "東京で大きな地震が発生し、テレビニュースによると2,000人が避難した",
            &[
                "東京", "大", "地震", "発生", "テレ", "レビ", "ビニ", "ニュ", "ュー", "ース",
                "2000", "人", "避難",
            ],
        );
    }

    #[test]
    fn han_in_an_english_analyzer_is_paired_too() {
        check(
            "en",
            "Floods in 湖北省 displaced thousands",
            &["flood", "湖北", "北省", "displac", "thousand"],
        );
    }

    #[test]
    fn korean_is_lower_cased_without_a_stemmer() {
        check(
            "ko",
            "서울에서 큰 지진이 발생했다 그리고 KBS 보도",
            &["서울에서", "큰", "지진이", "발생했다", "kbs", "보도"],
        );
    }

    #[test]
    fn thai_gives_pairs_of_letters() {
        // "Flood" (น้ำท่วม); a vowel sign stays with its consonant. Any analyzer pairs Thai.
        for language in ["th", "en"] {
            check(language, "น้ำท่วม", &["น้ำท่", "ท่ว", "วม"]);
        }
    }

    #[test]
    fn numbers_are_spelled_one_way() {
        for text in [
            "2,000",
            "2.000",
            "2000",
            "2 000",
            "2\u{a0}000",
            "٢٬٠٠٠",
            "２０００",
        ] {
            check("en", text, &["2000"]);
        }
        check("fr", "2 000 000 de sinistrés", &["2000000", "sinistr"]);
        check("de", "2,5 Millionen", &["2.5", "million"]);
        check("en", "In 2019 100 homes", &["2019", "100", "home"]);
        check("en", "12.03.2024", &["12.03.2024"]);
    }

    #[test]
    fn odd_input_is_handled() {
        let inputs = [
            "",
            "'",
            "l'",
            "'a",
            "qu'",
            "1,",
            ",1",
            "1..2",
            "1,,000",
            "٫",
            "ー",
            "々",
            "ำ",
            "İ'",
            "'İ",
            "2 000 ",
            " 000",
            "9 999 999 9",
            "a\u{301}",
            "東\u{301}京",
            "テ\u{3099}",
            "ไ1ท",
            "x\u{202F}1",
        ];
        for language in ["en", "fr", "tr", "zh", "ja", "th", "el", "sr", "xx", ""] {
            let analyzer = Analyzer::new(language);
            for input in inputs {
                for term in analyzer.terms(input) {
                    assert!(!term.is_empty(), "{language} {input:?}");
                }
                let _ = analyzer.stem(input);
            }
        }
    }

    #[test]
    fn stem_matches_terms() {
        let analyzer = Analyzer::new("fr");
        assert_eq!(analyzer.stem("L'armée"), "armé");
        assert_eq!(analyzer.stem("2.000"), "2000");
        assert_eq!(Analyzer::new("en").stem("Flooding"), "flood");
        assert_eq!(Analyzer::new("en").language(), "en");
    }
}
