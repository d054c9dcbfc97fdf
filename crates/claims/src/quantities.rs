//! Figures with their hedge, the thing they count and the day they hold for.
//!
//! A figure is a numeral ("12", "2,000", "4.500", "1.2 million", "3,5 millones"), a number
//! written in words ("twelve", "a dozen", "veintisiete") or an order of magnitude ("dozens",
//! "miles"). Numbers that are not counts are skipped: years, times of day, days of a date,
//! ordinals, identifiers ("COVID-19", "Route 66"), superseded figures ("down from 14", "from
//! 12 to 19" keeps only 19) and increments ("two more bodies"). Percentages, money and
//! physical or time units keep the unit.
//!
//! The interval a hedge commits to: "at least N" is `[N, None]`; "more than N" is stored as
//! `[N, None]` with `N` itself excluded; "about N" is `[0.9 N, 1.1 N]` and "nearly N" is
//! `[0.9 N, N]`; "up to N" is `[None, N]`; "fewer than N" is `[None, N]` with `N` excluded;
//! "between N and M" is `[N, M]` with value `N`; "dozens" is `[24, None]`.

use crate::dates::DateExpr;
use crate::doc::{Doc, Kind, Lang, Langs, PhraseIndex, Sentence, Shapes, Token, phrase_before};
use crate::measures::{self, Noun};
use crate::units::{self, Unit, UnitKind};
use jiff::civil::Date;
use model::{Hedge, Outcome, Quantity};

/// Finds the figures of an article with their hedge, measure and day.
///
/// `published_at` gives the day a figure holds for when its sentence names none; `language`
/// (ISO 639-1) picks the number format ("4.500" is 4500 in Spanish, German, French and
/// Portuguese) and the cue lists.
pub fn quantities(
    text: &str,
    published_at: Option<jiff::Timestamp>,
    language: Option<&str>,
) -> Outcome<Vec<Quantity>> {
    let lowered = crate::doc::lowered(text);
    let doc = Doc::new(text, &lowered, language);
    let published = crate::publication_day(published_at);
    let found = crate::dates::find(&doc, published);
    Outcome::new(find(&doc, &found, published, false))
}

/// The fuzzing entry point for figures: runs [`figures`] and [`quantities`] on `text` in each
/// language with cue lists (and with none) and panics if a result breaks an invariant: a span
/// off the text's char boundaries or outside its sentence, a value that is not finite, an
/// interval with `low > high`, an empty unit, or the claims view keeping more than all figures.
pub fn check_quantities(text: &str) {
    let published = "2026-03-02T07:30:00Z".parse::<jiff::Timestamp>().ok();
    for language in crate::CHECK_LANGUAGES {
        let found = figures(text, language).value;
        let kept = quantities(text, published, language).value;
        for q in found.iter().chain(&kept) {
            assert_eq!(q.span.slice(text), Some(q.text.as_str()), "{text:?}");
            assert!(q.sentence.slice(text).is_some() && q.sentence.contains(q.span));
            assert!(q.value.is_finite(), "{q:?}");
            if let (Some(low), Some(high)) = (q.low, q.high) {
                assert!(low <= high, "{text:?}: {q:?}");
            }
            assert!(q.unit.as_ref().is_none_or(|u| !u.is_empty()), "{q:?}");
        }
        assert!(kept.len() <= found.len(), "{text:?}");
    }
}

/// Finds every figure of a text, as a quantity extractor sees them: besides what
/// [`quantities`] keeps, bare numbers with nothing counted ("32 is the quantity"), which get
/// the measure `number`. No publication time is used, so `as_of` stays `None`.
pub fn figures(text: &str, language: Option<&str>) -> Outcome<Vec<Quantity>> {
    let lowered = crate::doc::lowered(text);
    let doc = Doc::new(text, &lowered, language);
    let found = crate::dates::find(&doc, None);
    Outcome::new(find(&doc, &found, None, true))
}

/// Finds the figures of every sentence; `dates` are the day expressions of the same text.
///
/// With `bare`, figures with nothing counted are kept too (see [`figures`]).
pub(crate) fn find(
    doc: &Doc<'_>,
    dates: &[DateExpr],
    published: Option<Date>,
    bare: bool,
) -> Vec<Quantity> {
    let mut out = Vec::new();
    let reach = lead_reach();
    let mut leads: Vec<bool> = Vec::new();
    for (index, sentence) in doc.sentences.iter().enumerate() {
        let tokens = &sentence.tokens;
        leads.clear();
        leads.extend((0..tokens.len()).map(|at| may_lead(tokens, at, doc.langs)));
        let next_lead_from = |from: usize| (from..leads.len()).find(|&at| leads[at]);
        // Most sentences hold no number: they are left before any rule runs.
        let Some(mut next_lead) = next_lead_from(0) else {
            continue;
        };
        let low = dates.partition_point(|d| d.sentence < index);
        let high = dates.partition_point(|d| d.sentence <= index);
        let here = dates.get(low..high).unwrap_or(&[]);
        let mut in_date = vec![false; sentence.tokens.len()];
        for expr in here {
            for flag in in_date.iter_mut().take(expr.end).skip(expr.first) {
                *flag = true;
            }
        }
        let stated = sentence_day(&sentence.tokens, here);
        let scan = Scan {
            doc,
            sentence,
            dates: here,
            in_date,
            published,
            stated,
            bare,
            open_paren: sentence.tokens.iter().position(|t| t.is_punct('(')),
            leads: &leads,
            clauses: if here.is_empty() {
                Vec::new()
            } else {
                clauses(&sentence.tokens)
            },
        };
        let mut previous: Option<(String, usize)> = None;
        let mut i = 0;
        while i < tokens.len() {
            if next_lead < i {
                match next_lead_from(i) {
                    Some(at) => next_lead = at,
                    None => break,
                }
            }
            // No figure starts further than its hedge, sign and unit before its number.
            if next_lead - i > reach {
                i = next_lead - reach;
            }
            // Before its number, a figure starts only with a hedge, a sign or a unit.
            if i < next_lead && !may_open(tokens, i) {
                i += 1;
                continue;
            }
            match scan.figure_at(i, previous.as_ref()) {
                Some((quantity, end, counted_end)) => {
                    previous = Some((quantity.measure.clone(), counted_end));
                    out.push(quantity);
                    i = end.max(i + 1);
                }
                None => i += 1,
            }
        }
    }
    out
}

/// The most tokens a figure's hedge, minus sign and unit may take before its number.
fn lead_reach() -> usize {
    static REACH: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *REACH.get_or_init(|| {
        let hedge = HEDGES
            .iter()
            .map(|(phrase, _, _)| phrase.split(' ').count())
            .max()
            .unwrap_or(0);
        hedge + 1 + units::longest_before().max(1)
    })
}

/// False when no number can begin at token `at`: [`number_at`] and `Scan::joined_at` read
/// nothing there. A cheap test, so that the rules run only near digits and number words.
fn may_lead(tokens: &[Token<'_>], at: usize, langs: Langs) -> bool {
    let Some(token) = tokens.get(at) else {
        return false;
    };
    let word = token.lower.as_ref();
    // German, French and Portuguese number words come from the numeral grammar's lexicon.
    let grammar_word = || {
        matches!(langs.primary, Lang::De | Lang::Fr | Lang::Pt)
            && number_word(word, langs).is_some()
    };
    match token.kind {
        Kind::Number => return true,
        Kind::Punct => return fraction_sign(token.text).is_some() || grammar_word(),
        Kind::Word => {}
    }
    // "twenty-seven", "six-mile", "USD115".
    if token.compound {
        return true;
    }
    let lead = LEAD_WORDS.get_or_init(LeadWords::new);
    if lead.contains(word) {
        return true;
    }
    if !lead.before.may_contain(word) {
        return grammar_word();
    }
    // "medio centenar", "une vingtaine", "ein Dutzend", "half a dozen".
    if COLLECTIVE_LEADS.contains(&word) && collective_at(tokens, at, langs).is_some() {
        return true;
    }
    // "a dozen", "a half", "un millar", "a million".
    if ARTICLE_LEADS.contains(&word)
        && let Some(next) = tokens.get(at + 1)
    {
        let next = next.lower.as_ref();
        if matches!(
            next,
            "half"
                | "halves"
                | "quarter"
                | "quarters"
                | "third"
                | "thirds"
                | "dozen"
                | "docena"
                | "hundred"
                | "centenar"
                | "millar"
        ) || scale_word(next, langs).is_some()
        {
            return true;
        }
    }
    grammar_word()
}

static LEAD_WORDS: std::sync::OnceLock<LeadWords> = std::sync::OnceLock::new();

/// The words before a collective noun that make a number with it ("medio centenar").
const COLLECTIVE_LEADS: [&str; 10] = [
    "half", "una", "un", "medio", "media", "ein", "une", "uma", "um", "meia",
];

/// The articles before a fraction, a dozen or a scale word that make a number with it ("a
/// dozen", "un millar").
const ARTICLE_LEADS: [&str; 4] = ["a", "an", "un", "una"];

/// The words that begin a number in any language of the tables, with the shapes that turn
/// most other words away before hashing.
struct LeadWords {
    words: rustc_hash::FxHashSet<&'static str>,
    shapes: Shapes,
    /// The shapes of the words that begin a number only before another word ("a dozen",
    /// "medio centenar"), which turn most words away before those are compared.
    before: Shapes,
}

impl LeadWords {
    fn new() -> Self {
        let mut lead = LeadWords {
            words: rustc_hash::FxHashSet::default(),
            shapes: Shapes::default(),
            before: Shapes::default(),
        };
        for word in COLLECTIVE_LEADS.iter().chain(&ARTICLE_LEADS) {
            lead.before.insert(word);
        }
        let words = NUMBER_WORDS
            .iter()
            .chain(VAGUE)
            .map(|(word, _, _)| *word)
            .chain(["half", "halves", "quarter", "quarters"]);
        for word in words {
            lead.shapes.insert(word);
            lead.words.insert(word);
        }
        lead
    }

    fn contains(&self, word: &str) -> bool {
        self.shapes.may_contain(word) && self.words.contains(word)
    }
}

/// A hedge cue as written, before it becomes an interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cue {
    Exact,
    AtLeast,
    MoreThan,
    About,
    Nearly,
    AtMost,
    LessThan,
    Between,
}

/// A number as written, before its hedge and unit.
#[derive(Debug, Clone, Copy)]
struct Number {
    value: f64,
    /// Index after the last token of the number.
    end: usize,
    /// "dozens", "miles": an order of magnitude.
    vague: bool,
    /// Ends with a scale word ("millones"), which may take "de" before the counted noun.
    scaled: bool,
    /// Written with digits.
    digits: bool,
    /// A collective numeral that rounds ("medio centenar", "une vingtaine"): "about N".
    approx: bool,
}

impl Number {
    /// A number in words ending with a scale word or a unit ("a dozen", "half a million"),
    /// which may take "de" before the counted noun.
    fn scaled_words(value: f64, end: usize) -> Self {
        Number {
            value,
            end,
            vague: false,
            scaled: true,
            digits: false,
            approx: false,
        }
    }
}

/// The thing a figure counts.
#[derive(Debug, Clone)]
struct Counted {
    measure: String,
    /// The counted words as written.
    text: String,
    /// Index after the counted words when they follow the figure.
    end: Option<usize>,
}

/// Scanning state for one sentence.
struct Scan<'a, 't> {
    doc: &'a Doc<'t>,
    sentence: &'a Sentence<'t>,
    dates: &'a [DateExpr],
    /// Tokens that belong to a day expression.
    in_date: Vec<bool>,
    published: Option<Date>,
    /// A day the sentence names for all its figures ("as of Friday", "On Tuesday, ...").
    stated: Option<Date>,
    /// Keep figures with nothing counted.
    bare: bool,
    /// The index of the sentence's first opening parenthesis.
    open_paren: Option<usize>,
    /// Whether a number may begin at each token (see [`may_lead`]).
    leads: &'a [bool],
    /// The clause of each token (see [`clauses`]); empty when the sentence names no day.
    clauses: Vec<u32>,
}

/// The day a sentence names for all its figures: one introduced by "as of", "by", "a fecha
/// de", "hasta (el)", or one opening the sentence ("On Tuesday, ...").
fn sentence_day(tokens: &[Token<'_>], dates: &[DateExpr]) -> Option<Date> {
    dates.iter().find_map(|expr| {
        let date = expr.date?;
        let led = SENTENCE_DAY_LEADS
            .iter()
            .any(|lead| phrase_before(tokens, expr.first, lead).is_some());
        let lead_len = usize::from(
            expr.first > 0 && DAY_LEADS.contains(&tokens[expr.first - 1].lower.as_ref()),
        );
        let opening =
            expr.first == lead_len && tokens.get(expr.end).is_some_and(|t| t.is_punct(','));
        (led || opening).then_some(date)
    })
}

/// Words that bind a day to every figure of the sentence.
const SENTENCE_DAY_LEADS: &[&str] = &[
    "as of",
    "by",
    "a fecha de",
    "hasta el",
    "hasta",
    "até",
    "stand",
    "au",
];

/// Words that introduce a day ("on Tuesday", "el martes").
const DAY_LEADS: &[&str] = &["on", "el", "this", "este", "am", "le", "no"];

impl Scan<'_, '_> {
    fn tokens(&self) -> &[Token<'_>] {
        &self.sentence.tokens
    }

    fn langs(&self) -> Langs {
        self.doc.langs
    }

    fn lower(&self, at: usize) -> &str {
        self.tokens().get(at).map_or("", |t| t.lower.as_ref())
    }

    /// The figure starting at token `i` (with its hedge), the index after it and the index
    /// after its counted words. `previous` is the measure and counted end of the figure before
    /// in the sentence, which an elided noun refers to ("200 homes were destroyed and more
    /// than 1,000 damaged").
    fn figure_at(
        &self,
        i: usize,
        previous: Option<&(String, usize)>,
    ) -> Option<(Quantity, usize, usize)> {
        let tokens = self.tokens();
        let langs = self.langs();
        let (mut j, mut cue) = hedge_at(tokens, i, langs).unwrap_or((i, Cue::Exact));
        let negative = self.minus_at(j);
        if negative {
            j += 1;
        }
        let prefix = unit_before(tokens, j, langs);
        if let Some((_, after, _)) = prefix {
            j = after;
        }
        if !self.leads.get(j).copied().unwrap_or(false) {
            return None;
        }
        let money = prefix.is_some_and(|(u, _, _)| u.kind == UnitKind::Currency);
        let (number, written_unit) = match number_at(tokens, j, langs, money) {
            Some(number) => (number, None),
            None if prefix.is_none() => {
                let (number, unit) = self.joined_at(j)?;
                (number, Some(unit))
            }
            None => return None,
        };
        if number.digits && !self.is_count(j, number, money, cue) {
            return None;
        }
        // "no one was hurt" counts nobody.
        if !number.digits && j > 0 && self.lower(j - 1) == "no" {
            return None;
        }
        let mut value = number.value;
        let mut end = number.end;
        let mut range = None;
        if !number.vague
            && !negative
            && written_unit.is_none()
            && let Some((high, after)) = self.range_end(number, cue, money)
        {
            range = Some(high);
            end = after;
        } else if cue == Cue::Between {
            // "between 190 km2" without a second figure reads as the figure itself.
            cue = Cue::Exact;
        }
        if number.vague {
            cue = Cue::Exact;
        }
        // "medio centenar de buques" is about 50.
        if number.approx && cue == Cue::Exact {
            cue = Cue::About;
        }
        let mut unit = written_unit;
        let mut multiplier = 1.0;
        if let Some((found, _, times)) = prefix {
            unit = Some(found);
            multiplier = times;
        } else if unit.is_none()
            && let Some((found, after, times)) = self.unit_after(end, number)
        {
            unit = Some(found);
            end = after;
            multiplier = times;
        }
        if negative {
            value = -value;
        }
        value *= multiplier;
        let range = range.map(|high| high * multiplier);
        if let Some(found) = unit
            && matches!(found.kind, UnitKind::Currency)
            && range.is_none()
            && let Some((cents, after)) = self.cents_after(end)
        {
            value += cents;
            end = after;
        }
        let mut unit_name = unit.map(|u| u.name.to_string());
        if let Some(name) = &mut unit_name
            && let Some((per, after)) = self.per_after(end)
        {
            name.push_str(" per ");
            name.push_str(per);
            end = after;
        }
        let counted = self
            .counted(i, end, number, unit)
            .or_else(|| self.elided(i, end, previous))
            .or_else(|| {
                (self.bare && !self.pronoun(number)).then(|| Counted {
                    measure: "number".into(),
                    text: String::new(),
                    end: None,
                })
            })?;
        // "the 1988 sales": a year before a noun, unless the noun is a toll ("2000 Menschen").
        let plain_year = number.digits
            && unit.is_none()
            && range.is_none()
            && cue == Cue::Exact
            && !negative
            && is_year_like(&tokens[j])
            && !is_toll_measure(&counted.measure);
        if plain_year || self.not_a_figure(j, number) {
            return None;
        }
        let range = range.map(tidy);
        value = tidy(value);
        if let Some(high) = range {
            value = value.min(high);
        }
        // "the number of cases has passed 100": more than 100.
        if cue == Cue::Exact
            && counted.end.is_none()
            && j > 0
            && PASSED.contains(&self.lower(j - 1))
        {
            cue = Cue::MoreThan;
        }
        let span = self.sentence.cover(i, end - 1)?;
        let (hedge, low, high) = match (range, number.vague) {
            (Some(high), _) => (Hedge::Range, Some(value), Some(high)),
            (None, true) => (Hedge::Vague, Some(value), None),
            (None, false) => interval(cue, value),
        };
        let (low, high) = match (low, high) {
            (Some(a), Some(b)) if a > b => (Some(b), Some(a)),
            pair => pair,
        };
        let counted_end = counted.end.unwrap_or(end);
        let (as_of, as_of_stated) = self.as_of(j, counted_end);
        let measure = if counted.measure.starts_with("homes") {
            self.home_state(i, counted_end).to_string()
        } else {
            counted.measure
        };
        let quantity = Quantity {
            span,
            sentence: self.sentence.span,
            text: self.doc.slice(span).to_string(),
            value,
            low,
            high,
            hedge,
            measure,
            counted: counted.text,
            unit: unit_name,
            as_of,
            as_of_stated,
        };
        Some((quantity, end, counted_end))
    }

    /// True when token `j` is a minus sign of the number after it: "-5 degrees", "fell to
    /// -3", or "- 20 degrees fahrenheit" with a space when a temperature follows. A hyphen
    /// after a name or a number ("COVID -19", "5 -3") is not one.
    fn minus_at(&self, j: usize) -> bool {
        let tokens = self.tokens();
        let (Some(sign), Some(number)) = (tokens.get(j), tokens.get(j + 1)) else {
            return false;
        };
        if !(sign.is_punct('-') || sign.is_punct('−')) || !number.is_number() {
            return false;
        }
        if let Some(before) = j.checked_sub(1).and_then(|k| tokens.get(k)) {
            let after_name = before.is_word() && before.text.chars().any(char::is_uppercase);
            if before.is_number() || after_name || sign.touches(before) {
                return false;
            }
        }
        if number.touches(sign) {
            return true;
        }
        units::after(tokens, j + 2, self.langs())
            .first()
            .is_some_and(|(unit, _)| matches!(unit.name, "celsius" | "fahrenheit" | "degree"))
    }

    /// A number and its unit written as one word: a number word and a unit joined by a hyphen
    /// ("six-mile", "three-ton", "one-yen"), or a currency code against digits ("USD115",
    /// "USD115.5").
    fn joined_at(&self, j: usize) -> Option<(Number, Unit)> {
        let tokens = self.tokens();
        let token = tokens.get(j)?;
        if let Some((unit, digits)) = units::code_number(token) {
            let mut value: f64 = digits.parse().ok()?;
            let mut end = j + 1;
            if let (Some(stop), Some(decimals)) = (tokens.get(j + 1), tokens.get(j + 2))
                && stop.is_punct('.')
                && stop.touches(token)
                && decimals.touches(stop)
                && decimals.is_number()
                && let Ok(fraction) = format!("0.{}", decimals.text).parse::<f64>()
            {
                value += fraction;
                end = j + 3;
            }
            let number = Number {
                value,
                end,
                vague: false,
                scaled: false,
                digits: false,
                approx: false,
            };
            return Some((number, unit));
        }
        let (first, _) = token.lower.split_once('-')?;
        let value = number_word(first, self.langs())?;
        let rest_start = token.span.start + token.text.find('-')? + 1;
        let rest_tokens =
            crate::doc::tokenize(self.doc.text, model::Span::new(rest_start, token.span.end));
        let (unit, after) = units::after(&rest_tokens, 0, self.langs())
            .into_iter()
            .find(|(u, _)| u.kind != UnitKind::Percent)?;
        (after == rest_tokens.len()).then_some((
            Number {
                value,
                end: j + 1,
                vague: false,
                scaled: false,
                digits: false,
                approx: false,
            },
            unit,
        ))
    }

    /// The unit after a figure that ends before token `k`, the index after it and the factor it
    /// multiplies the figure by ("30 MUSD", "75 USD million").
    fn unit_after(&self, k: usize, number: Number) -> Option<(Unit, usize, f64)> {
        let tokens = self.tokens();
        let token = tokens.get(k)?;
        // "9-kilometre line", "44-year-old farmer", "28 - year - old".
        if token.is_punct('-') && k > 0 {
            let (unit, end, times) = self.unit_written(k + 1, number)?;
            return (unit.kind != UnitKind::Percent).then_some((unit, end, times));
        }
        // "20 (kg)", "20 [kg]".
        if let Some(close) = match token.text {
            "(" => Some(")"),
            "[" => Some("]"),
            "{" => Some("}"),
            "<" => Some(">"),
            _ => None,
        } {
            let (unit, end, times) = self.unit_written(k + 1, number)?;
            return (tokens.get(end).is_some_and(|t| t.text == close) && end == k + 2).then_some((
                unit,
                end + 1,
                times,
            ));
        }
        // "millones de euros", "millions de tonnes".
        if token.lower == "de" {
            let (unit, end, times) = self.unit_written(k + 1, number)?;
            let ok = unit.kind == UnitKind::Currency
                || (number.scaled && unit.kind == UnitKind::Measure);
            return ok.then_some((unit, end, times));
        }
        self.unit_written(k, number)
    }

    /// The unit whose form starts at token `k`, as `unit_after` gives it.
    fn unit_written(&self, k: usize, number: Number) -> Option<(Unit, usize, f64)> {
        let tokens = self.tokens();
        let langs = self.langs();
        let token = tokens.get(k)?;
        if let Some(unit) = units::million_code(token) {
            return Some((unit, k + 1, 1e6));
        }
        let found = units::after(tokens, k, langs);
        let (mut unit, mut end) = *found.first()?;
        // "pounds": money when scaled or in a sentence about money, else a weight.
        if unit.name == "pound sterling"
            && token.lower.starts_with("pound")
            && let Some(&(weight, _)) = found.iter().find(|(u, _)| u.name == "pound-mass")
            && (self.lower(end) == "of" || !(number.scaled || self.about_money(k)))
        {
            unit = weight;
        }
        let mut times = 1.0;
        if unit.kind == UnitKind::Currency
            && let Some(scale) = tokens.get(end).and_then(|t| scale_word(&t.lower, langs))
            && scale >= 1e3
        {
            times = scale;
            end += 1;
        }
        // "5 years old", "six weeks of age", "28 - year - old".
        if unit.kind == UnitKind::Time {
            let dash = usize::from(self.tokens().get(end).is_some_and(|t| t.is_punct('-')));
            let old = self.lower(end + dash) == "old";
            let of_age = self.lower(end) == "of" && self.lower(end + 1) == "age";
            if let Some(age) = age_name(unit.name)
                && (old || of_age)
            {
                return Some((
                    Unit {
                        kind: UnitKind::Age,
                        name: age,
                    },
                    if old { end + dash + 1 } else { end + 2 },
                    1.0,
                ));
            }
        }
        Some((unit, end, times))
    }

    /// True when the words around token `k` (eight before, three after) speak of money: a
    /// currency sign or a word of paying.
    fn about_money(&self, k: usize) -> bool {
        let tokens = self.tokens();
        let window = tokens
            .get(k.saturating_sub(8)..tokens.len().min(k + 3))
            .unwrap_or(&[]);
        window
            .iter()
            .any(|t| matches!(t.text, "£" | "$" | "€") || MONEY_WORDS.contains(&t.lower.as_ref()))
    }

    /// The hundredths after an amount of money, with the index after them: "3 dollars 50
    /// cents", "thirteen dollars and forty-five cents", "15 USD 50", "C$ 100 and fifty".
    fn cents_after(&self, k: usize) -> Option<(f64, usize)> {
        let tokens = self.tokens();
        let langs = self.langs();
        let at = if matches!(
            self.lower(k),
            "and" | "y" | "und" | "et" | "e" | "com" | "con"
        ) {
            k + 1
        } else {
            k
        };
        let token = tokens.get(at)?;
        let number = number_at(tokens, at, langs, false)?;
        let whole = number.value.fract() == 0.0 && (0.0..100.0).contains(&number.value);
        if !whole || number.vague || number.scaled || (number.digits && token.text.len() > 2) {
            return None;
        }
        let next = tokens.get(number.end);
        if let Some((unit, end)) = units::after(tokens, number.end, langs).first()
            && unit.kind == UnitKind::Minor
        {
            return Some((number.value / 100.0, *end));
        }
        let ends = match next {
            None => true,
            Some(t) => {
                (t.kind == Kind::Punct && !matches!(t.text, "$" | "€" | "£" | "%" | "¥"))
                    || matches!(
                        t.lower.as_ref(),
                        "more"
                            | "less"
                            | "extra"
                            | "and"
                            | "or"
                            | "y"
                            | "o"
                            | "e"
                            | "ou"
                            | "et"
                            | "und"
                            | "oder"
                    )
            }
        };
        ends.then_some((number.value / 100.0, number.end))
    }

    /// The unit a rate is given per, with the index after it: "per share", "a day", "an
    /// hour", "/ms", "per annum", "- a - share".
    fn per_after(&self, k: usize) -> Option<(&'static str, usize)> {
        let tokens = self.tokens();
        let mut at = k;
        if tokens.get(at).is_some_and(|t| t.is_punct('-')) && self.lower(at + 1) == "a" {
            at += 1;
        }
        let connector = self.lower(at);
        let strict = match connector {
            "per" | "/" | "each" | "por" | "pro" | "par" => false,
            "a" | "an" => true,
            _ => return None,
        };
        at += 1;
        if strict && tokens.get(at).is_some_and(|t| t.is_punct('-')) {
            at += 1;
        }
        if let Some((unit, end)) = units::time_at(tokens, at, self.langs()) {
            // "a year earlier" places the figure in time; it is not a rate.
            let when = matches!(
                self.lower(end),
                "earlier" | "ago" | "later" | "before" | "after" | "since" | "old" | "from"
            );
            return (!when).then_some((unit.name, end));
        }
        let word = self.lower(at);
        if let Some((_, name)) = PER_NOUNS.iter().find(|(w, _)| *w == word) {
            return Some((name, at + 1));
        }
        if strict {
            return None;
        }
        units::after(tokens, at, self.langs())
            .into_iter()
            .find(|(u, _)| matches!(u.kind, UnitKind::Measure | UnitKind::Time))
            .map(|(u, end)| (u.name, end))
    }

    /// True when the number word at `j` is the pronoun "one" ("one can", "one must").
    fn pronoun(&self, number: Number) -> bool {
        !number.digits
            && number.value == 1.0
            && matches!(
                self.lower(number.end),
                "can"
                    | "could"
                    | "should"
                    | "must"
                    | "might"
                    | "may"
                    | "would"
                    | "cannot"
                    | "shall"
                    | "."
            )
    }

    /// True for numerals that are labels rather than figures: list markers ("1 )"), and
    /// numbers against a code ("24703L202", "24703 m212").
    fn not_a_figure(&self, j: usize, number: Number) -> bool {
        let tokens = self.tokens();
        if !number.digits {
            return false;
        }
        let next = tokens.get(number.end);
        if next.is_some_and(|t| t.is_punct(')')) && self.open_paren.is_none_or(|at| at > j) {
            return true;
        }
        // "123 Random Street": a house number.
        let street = (number.end..tokens.len().min(number.end + 3))
            .take_while(|&k| tokens.get(k).is_some_and(Token::capitalized))
            .any(|k| STREET_WORDS.contains(&self.lower(k)));
        if street {
            return true;
        }
        let code = |k: usize| tokens.get(k).is_some_and(|t| t.is_punct('-'));
        if code(number.end)
            && code(number.end + 2)
            && tokens.get(number.end + 1).is_some_and(Token::is_number)
        {
            return true;
        }
        next.is_some_and(|t| {
            t.is_word()
                && t.text.chars().any(|c| c.is_ascii_digit())
                && units::code_number(t).is_none()
        }) && units::after(tokens, number.end, self.langs()).is_empty()
    }

    /// Homes counted by what happened to them: `homes destroyed`, `homes damaged`, or plain
    /// `homes`, from the words just after the counted noun ("200 homes were destroyed",
    /// "1.000 han sufrido daños") or the verb right before the figure ("destroyed 200 homes").
    fn home_state(&self, start: usize, counted_end: usize) -> &'static str {
        let state = |word: &str| {
            HOME_STATES
                .iter()
                .find(|(w, _)| *w == word)
                .map(|(_, state)| *state)
        };
        let tokens = self.tokens();
        for token in tokens.iter().skip(counted_end).take(6) {
            if token.is_number() || token.kind == Kind::Punct {
                break;
            }
            if let Some(found) = state(&token.lower) {
                return found;
            }
        }
        start
            .checked_sub(1)
            .and_then(|before| state(self.lower(before)))
            .unwrap_or("homes")
    }

    /// The measure of the previous figure when this one leaves its noun out: joined to it by
    /// "and", "y" or a comma within a few words, and followed by a verb ("1,000 damaged",
    /// "1.000 han sufrido daños").
    fn elided(
        &self,
        start: usize,
        end: usize,
        previous: Option<&(String, usize)>,
    ) -> Option<Counted> {
        let (measure, previous_end) = previous?;
        let between = self.tokens().get(*previous_end..start)?;
        let joined = between.len() <= 6
            && between
                .iter()
                .any(|t| matches!(t.lower.as_ref(), "and" | "y" | "und" | "et" | "e" | ","))
            && !between.iter().any(Token::is_number);
        let next = self.lower(end);
        let verb = (next.len() > 3 && next.ends_with("ed"))
            || AUXILIARIES.contains(&next)
            || ELIDED_VERBS.contains(&next);
        (joined && verb).then(|| Counted {
            measure: measure.clone(),
            text: String::new(),
            end: None,
        })
    }

    /// False when the numeral at token `j` is not a count: part of a date, a time, an
    /// ordinal, an identifier, a year after a preposition, or a superseded figure.
    fn is_count(&self, j: usize, number: Number, money: bool, cue: Cue) -> bool {
        let tokens = self.tokens();
        let token = &tokens[j];
        if (j..number.end).any(|k| self.in_date.get(k).copied().unwrap_or(false)) {
            return false;
        }
        if !money && j > 0 {
            let previous = &tokens[j - 1];
            if token.touches(previous) {
                // "G7", "COVID-19", "A-4", "#5", "v1.2/3": identifiers, not counts.
                if previous.is_word() || previous.is_number() || previous.is_punct('#') {
                    return false;
                }
                let joiner = ["-", "/", ".", ":", "+", "_", "="].contains(&previous.text);
                if joiner
                    && j >= 2
                    && previous.touches(&tokens[j - 2])
                    && tokens[j - 2].kind != Kind::Punct
                {
                    return false;
                }
            }
            if ID_NOUNS.contains(&previous.bare()) {
                return false;
            }
        }
        if is_time(tokens, j) {
            return false;
        }
        if let Some(next) = tokens.get(j + 1)
            && next.touches(token)
            && ORDINAL_SUFFIXES.contains(&next.lower.as_ref())
        {
            return false;
        }
        if cue == Cue::Exact && j > 0 {
            let previous = self.lower(j - 1);
            if is_year_like(token) && YEAR_PREPOSITIONS.contains(&previous) {
                return false;
            }
            // "compared with 14 in 2021", "frente a los 14": an older figure to compare with.
            let compared = matches!(previous, "with" | "to")
                && j >= 2
                && matches!(self.lower(j - 2), "compared" | "comparison" | "versus");
            if compared || matches!(previous, "vs" | "versus" | "frente" | "gegenüber") {
                return false;
            }
            // "down from 14", "rose from 12 to 19": the older figure is superseded.
            if matches!(previous, "from" | "desde" | "de" | "von") {
                let before = if j >= 2 { self.lower(j - 2) } else { "" };
                let moved = matches!(
                    before,
                    "down"
                        | "up"
                        | "rose"
                        | "risen"
                        | "fell"
                        | "climbed"
                        | "increased"
                        | "decreased"
                        | "jumped"
                );
                let to = matches!(self.lower(number.end), "to" | "a" | "hasta" | "auf")
                    && tokens.get(number.end + 1).is_some_and(|t| {
                        t.is_number() || number_word(&t.lower, self.langs()).is_some()
                    });
                if moved || to {
                    return false;
                }
            }
        }
        true
    }

    /// The upper figure of a range ("40 to 50", "entre 40 y 50", "40-50"), with the index
    /// after it; only when it is not smaller than the lower one.
    fn range_end(&self, number: Number, cue: Cue, money: bool) -> Option<(f64, usize)> {
        let tokens = self.tokens();
        let connector = tokens.get(number.end)?;
        let ok = if cue == Cue::Between {
            matches!(
                connector.lower.as_ref(),
                "and" | "y" | "und" | "et" | "e" | "-" | "–"
            )
        } else {
            matches!(
                connector.lower.as_ref(),
                "to" | "or" | "o" | "bis" | "à" | "-" | "–"
            )
        };
        if !ok || !matches!(cue, Cue::Exact | Cue::Between | Cue::About) {
            return None;
        }
        let second = number_at(tokens, number.end + 1, self.langs(), money)?;
        if second.vague || is_time(tokens, number.end + 1) || second.value < number.value {
            return None;
        }
        // "1111-2222-3333" is a code.
        if tokens.get(second.end).is_some_and(|t| {
            t.is_punct('-') && tokens.get(second.end - 1).is_some_and(|p| t.touches(p))
        }) {
            return None;
        }
        if second.digits && self.in_date.get(number.end + 1).copied().unwrap_or(false) {
            return None;
        }
        Some((second.value, second.end))
    }

    /// What the figure between token `start` (its hedge) and `end` (after its unit) counts,
    /// or `None` when nothing says (a bare number is not kept).
    fn counted(
        &self,
        start: usize,
        end: usize,
        number: Number,
        unit: Option<Unit>,
    ) -> Option<Counted> {
        let tokens = self.tokens();
        let langs = self.langs();
        if let Some(unit) = unit {
            return self.counted_with_unit(start, end, unit);
        }
        let mut k = end;
        if INCREMENTS.contains(&self.lower(k)) {
            return None;
        }
        if matches!(
            self.lower(k),
            "of" | "de" | "des" | "von" | "dos" | "das" | "der"
        ) {
            if number.vague || number.scaled {
                k += 1;
                if DETERMINERS.contains(&self.lower(k)) {
                    k += 1;
                }
            } else {
                // A part of a group: "two of the patients", "46 of them", "dos de los heridos".
                let (after, pronoun) = partitive(tokens, k)?;
                if pronoun {
                    return self.antecedent(start, after);
                }
                k = after;
            }
        }
        let head = head_run(tokens, k, langs);
        // "dos cuerpos más": an increment written after the noun.
        if let Some((_, run_end, _)) = head
            && self.lower(run_end) == "más"
        {
            return None;
        }
        let group = noun_group(tokens, k, langs);
        let cue = measure_in_window(tokens, k, langs);
        // A thing names its own measure: "40 ships were missing" counts ships.
        if let Some(NounGroup {
            noun: Some(noun),
            end: noun_end,
            ..
        }) = group
            && !noun.person
            && cue.is_none_or(|(_, cue_start, _)| cue_start >= noun_end)
        {
            return Some(self.counted_words(k, noun_end, noun.measure.to_string()));
        }
        if let Some((measure, _, hit_end)) = cue {
            return Some(self.counted_words(k, hit_end, measure.to_string()));
        }
        if let Some(group) = group {
            let own = match group.noun {
                Some(noun) => noun.measure.to_string(),
                None => measures::unknown_noun(&tokens[group.head].lower, langs),
            };
            let person = group.noun.is_none_or(|noun| noun.person);
            // "one patient, a 79-year-old man, has died": the predicate after an apposition.
            let measure = apposition_end(tokens, group.end)
                .filter(|_| person)
                .and_then(|after| measure_in_window(tokens, after, langs))
                .map(|(measure, _, _)| measure)
                .or_else(|| verb_before(tokens, start, langs))
                .or_else(|| person_verb_before(tokens, start, langs).filter(|_| person))
                .map_or(own, str::to_string);
            return Some(self.counted_words(group.first, group.end, measure));
        }
        if let Some((first, run_end, head_index)) = head {
            let head_word = tokens[head_index].lower.as_ref();
            let measure = verb_before(tokens, start, langs)
                .map(str::to_string)
                .unwrap_or_else(|| measures::unknown_noun(&normalise_head(head_word), langs));
            return Some(self.counted_words(first, run_end, measure));
        }
        if let Some(measure) = verb_before(tokens, start, langs) {
            return Some(Counted {
                measure: measure.to_string(),
                text: String::new(),
                end: None,
            });
        }
        if let Some((measure, first, last)) =
            toll_before(tokens, start, langs).or_else(|| changed_noun_before(tokens, start, langs))
        {
            let text = self
                .sentence
                .cover(first, last)
                .map(|s| self.doc.slice(s))
                .unwrap_or("");
            return Some(Counted {
                measure: measure.to_string(),
                text: text.to_string(),
                end: None,
            });
        }
        None
    }

    /// The counted words from token `first` to before `end`, with their measure.
    fn counted_words(&self, first: usize, end: usize, measure: String) -> Counted {
        let text = end
            .checked_sub(1)
            .and_then(|last| self.sentence.cover(first, last))
            .map(|s| self.doc.slice(s))
            .unwrap_or("");
        Counted {
            measure,
            text: text.to_string(),
            end: Some(end),
        }
    }

    /// What "46 of them" counts: the nearest counted noun before the figure in its sentence
    /// ("the province's road bridges ... 46 of them"); a person noun may take its measure
    /// from the predicate ("two of them have died"). `after` is the index after the pronoun.
    fn antecedent(&self, start: usize, after: usize) -> Option<Counted> {
        let tokens = self.tokens();
        let langs = self.langs();
        let from = start.saturating_sub(ANTECEDENT_REACH);
        let found = (from..start)
            .rev()
            .find_map(|at| measures::noun_at(tokens, at, langs).filter(|(_, end)| *end <= start))
            .map(|(noun, _)| noun)?;
        let measure = if found.person {
            measure_in_window(tokens, after, langs).map_or(found.measure, |(m, _, _)| m)
        } else {
            found.measure
        };
        Some(Counted {
            measure: measure.to_string(),
            text: String::new(),
            end: Some(after),
        })
    }

    /// What a figure with a unit counts: "140 millimetres of rain" counts rain; "40% of
    /// homes" homes; "$5 million in aid" aid; otherwise the unit itself.
    fn counted_with_unit(&self, start: usize, end: usize, unit: Unit) -> Option<Counted> {
        let tokens = self.tokens();
        let langs = self.langs();
        let before = if start > 0 { self.lower(start - 1) } else { "" };
        if unit.kind == UnitKind::Time && (self.lower(end) == "ago" || before == "hace") {
            return None;
        }
        if unit.kind == UnitKind::Age
            || (unit.kind == UnitKind::Time && unit.name == "year" && before == "de")
        {
            return Some(Counted {
                measure: "age".into(),
                text: String::new(),
                end: None,
            });
        }
        let linkers: &[&str] = match unit.kind {
            UnitKind::Currency | UnitKind::Minor => &["in", "of", "for", "en", "de", "para"],
            _ => &["of", "de", "del", "des"],
        };
        let mut k = end;
        if linkers.contains(&self.lower(k)) {
            k += 1;
            if DETERMINERS.contains(&self.lower(k)) {
                k += 1;
            }
            if let Some((first, run_end, head_index)) = head_run(tokens, k, langs) {
                let text = self
                    .sentence
                    .cover(first, run_end - 1)
                    .map(|s| self.doc.slice(s))
                    .unwrap_or("");
                return Some(Counted {
                    measure: head_measure(tokens, head_index, langs),
                    text: text.to_string(),
                    end: Some(run_end),
                });
            }
        }
        if unit.kind == UnitKind::Percent
            && let Some((first, run_end, head_index)) = head_run(tokens, end, langs)
        {
            let text = self
                .sentence
                .cover(first, run_end - 1)
                .map(|s| self.doc.slice(s))
                .unwrap_or("");
            return Some(Counted {
                measure: head_measure(tokens, head_index, langs),
                text: text.to_string(),
                end: Some(run_end),
            });
        }
        let measure = match unit.kind {
            UnitKind::Currency | UnitKind::Minor => "money",
            UnitKind::Percent => "percent",
            _ => unit.name,
        };
        Some(Counted {
            measure: measure.into(),
            text: String::new(),
            end: None,
        })
    }

    /// The day the figure holds for: a day the sentence binds to it ("as of Friday", "by
    /// Friday", "rose to 19 on Tuesday", "hasta el viernes"), else a day of the figure's own
    /// clause ("el miércoles había 62 buques", "approved on 14 May with 1,250 votes"), else
    /// the publication day. `number` is the figure's first numeral, `figure_end` the index
    /// after its counted words.
    fn as_of(&self, number: usize, figure_end: usize) -> (Option<Date>, bool) {
        if let Some(date) = self.stated {
            return (Some(date), true);
        }
        // A day right after the figure and its counted words: "rose to 19 on Tuesday".
        let next = self.dates.partition_point(|d| d.first < figure_end);
        if let Some(expr) = self.dates.get(next)
            && let Some(date) = expr.date
        {
            let before = expr.first.checked_sub(1).map_or("", |at| self.lower(at));
            let lead = usize::from(DAY_LEADS.contains(&before));
            if expr.first - lead == figure_end {
                return (Some(date), true);
            }
        }
        match self.clause_day(number, figure_end) {
            Some(date) => (Some(date), true),
            None => (self.published, false),
        }
    }

    /// The nearest day of the clause the figure (tokens `number..figure_end`) is in: not one
    /// in a clause of "after", "when", "since" and the like, not one another figure holds
    /// ("up from 41 on Tuesday"), and not one that starts or ends a period ("since Monday",
    /// "from Friday"). A day after the figure counts only with no other figure between.
    fn clause_day(&self, number: usize, figure_end: usize) -> Option<Date> {
        let tokens = self.tokens();
        let clause = *self.clauses.get(number)?;
        let free = |expr: &DateExpr| {
            let before = expr.first.checked_sub(1).map_or("", |at| self.lower(at));
            let lead = usize::from(DAY_LEADS.contains(&before));
            let held = expr
                .first
                .checked_sub(lead + 1)
                .and_then(|at| tokens.get(at))
                .is_some_and(Token::is_number);
            let bound = PERIOD_WORDS.contains(&before);
            let same = self.clauses.get(expr.first) == Some(&clause)
                && self.clauses.get(expr.end - 1) == Some(&clause);
            same && !held && !bound
        };
        let before = self
            .dates
            .iter()
            .rev()
            .filter(|expr| expr.end <= number)
            .find(|expr| free(expr))
            .and_then(|expr| Some((number - expr.end, expr.date?)));
        let after = self
            .dates
            .iter()
            .filter(|expr| expr.first >= figure_end)
            .find(|expr| free(expr))
            .filter(|expr| {
                // Another figure between keeps the day; a time of day does not ("at 9.40 a.m.").
                !(figure_end..expr.first).any(|at| {
                    tokens[at].is_number()
                        && !is_time(tokens, at)
                        && !self.in_date.get(at).copied().unwrap_or(false)
                })
            })
            .and_then(|expr| Some((expr.first - figure_end, expr.date?)));
        match (before, after) {
            (Some(b), Some(a)) => Some(if a.0 < b.0 { a.1 } else { b.1 }),
            (b, a) => b.or(a).map(|(_, date)| date),
        }
    }
}

/// The clause of each token of a sentence, as a number: a word such as "after", "since",
/// "tras", "nachdem" or "après" opens a clause of its own, which a comma closes (the
/// sentence's main clause goes on after it); a semicolon or a colon opens a new main clause.
fn clauses(tokens: &[Token<'_>]) -> Vec<u32> {
    let mut ids = Vec::with_capacity(tokens.len());
    let mut main = 0;
    let mut current = 0;
    let mut next = 1;
    let mut subordinate = false;
    for token in tokens {
        if token.is_punct(';') || token.is_punct(':') {
            main = next;
            current = next;
            next += 1;
            subordinate = false;
        } else if token.is_punct(',') && subordinate {
            current = main;
            subordinate = false;
        } else if SUBORDINATORS.contains(&token.lower.as_ref()) {
            current = next;
            next += 1;
            subordinate = true;
        }
        ids.push(current);
    }
    ids
}

/// Words that open a clause whose days are not the figure's: what came before or after it
/// ("after", "tras", "nachdem"), why, or despite what. Words of the same time ("when",
/// "while", "as", "cuando") open none: "40 workers were in the hall when the roof fell on
/// Tuesday" holds for Tuesday.
const SUBORDINATORS: &[&str] = &[
    "after", "since", "before", "because", "until", "although", "though", "whereas", "unless",
    "tras", "desde", "antes", "porque", "aunque", "después", "nachdem", "weil", "seit", "bevor",
    "obwohl", "après", "depuis", "avant", "parce", "após", "depois", "embora",
];

/// Words before a day that make it the start or end of a period rather than the day a figure
/// holds for ("since Monday", "from Friday", "until Sunday").
const PERIOD_WORDS: &[&str] = &[
    "from", "since", "until", "till", "desde", "seit", "bis", "depuis", "jusqu'au", "starting",
];

/// A figure rounded to 12 significant digits, so that "16.4 million" is 16400000 and not the
/// 16399999.999999998 that binary arithmetic gives.
fn tidy(value: f64) -> f64 {
    if value == 0.0 || !value.is_finite() {
        return value;
    }
    let digits = 11 - value.abs().log10().floor() as i32;
    let factor = 10f64.powi(digits);
    let rounded = (value * factor).round() / factor;
    if rounded.is_finite() && factor.is_finite() && factor > 0.0 {
        rounded
    } else {
        value
    }
}

/// The interval a hedge commits to for figure `n`.
fn interval(cue: Cue, n: f64) -> (Hedge, Option<f64>, Option<f64>) {
    match cue {
        Cue::Exact | Cue::Between => (Hedge::Exact, Some(n), Some(n)),
        Cue::AtLeast => (Hedge::AtLeast, Some(n), None),
        Cue::MoreThan => (Hedge::MoreThan, Some(n), None),
        Cue::About => (Hedge::About, Some(0.9 * n), Some(1.1 * n)),
        Cue::Nearly => (Hedge::About, Some(0.9 * n), Some(n)),
        Cue::AtMost => (Hedge::AtMost, None, Some(n)),
        Cue::LessThan => (Hedge::LessThan, None, Some(n)),
    }
}

/// The longest hedge phrase of an applicable language at token `i`, with the index after it.
fn hedge_at(tokens: &[Token<'_>], i: usize, langs: Langs) -> Option<(usize, Cue)> {
    hedge_index().longest(tokens, i, langs)
}

fn hedge_index() -> &'static PhraseIndex<Cue> {
    static INDEX: std::sync::OnceLock<PhraseIndex<Cue>> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| PhraseIndex::new(HEDGES))
}

/// False when no figure can start at token `at` unless a number does: the token begins no
/// hedge, is no minus sign and begins no unit written before a number (see `figure_at`).
fn may_open(tokens: &[Token<'_>], at: usize) -> bool {
    let Some(token) = tokens.get(at) else {
        return false;
    };
    let word = token.lower.as_ref();
    token.is_punct('-')
        || token.is_punct('−')
        || hedge_index().may_start(word)
        || units::may_start(word)
        || units::million_code(token).is_some()
}

/// A unit written before a numeral ("$5", "US$ 5", "C$ 16.4", "EUR 5", "MAUD 60", "aged 30"):
/// the unit, the index of the numeral and the factor it multiplies the figure by.
fn unit_before(tokens: &[Token<'_>], j: usize, langs: Langs) -> Option<(Unit, usize, f64)> {
    let token = tokens.get(j)?;
    if let Some(unit) = units::million_code(token)
        && tokens.get(j + 1).is_some_and(Token::is_number)
    {
        return Some((unit, j + 1, 1e6));
    }
    units::before(tokens, j, langs)
        .into_iter()
        .find(|(unit, end)| {
            let next = tokens.get(*end);
            match unit.kind {
                UnitKind::Currency => next.is_some_and(|t| {
                    t.is_number()
                        || number_word(&t.lower, langs).is_some()
                        || is_fraction_word(&t.lower)
                }),
                _ => next.is_some_and(Token::is_number),
            }
        })
        .map(|(unit, end)| (unit, end, 1.0))
}

/// The age a time unit gives when followed by "old" or "of age".
fn age_name(time: &str) -> Option<&'static str> {
    Some(match time {
        "year" => "year of age",
        "month" => "month of age",
        "week" => "week of age",
        "day" => "day of age",
        _ => return None,
    })
}

/// Words that say a sentence is about money, which makes "pounds" sterling.
const MONEY_WORDS: &[&str] = &[
    "cost",
    "costs",
    "paid",
    "pay",
    "pays",
    "fined",
    "fine",
    "worth",
    "price",
    "priced",
    "sold",
    "bought",
    "earn",
    "earns",
    "earned",
    "salary",
    "wage",
    "bid",
    "profit",
    "revenue",
    "sales",
    "budget",
    "funding",
    "loan",
    "debt",
    "deal",
    "fee",
    "fees",
    "spent",
    "spend",
    "raised",
    "donated",
    "award",
    "compensation",
    "tax",
    "bonus",
];

/// Nouns a rate is given per ("$5 a share"), with the name they take in a unit.
const PER_NOUNS: &[(&str, &str)] = &[
    ("share", "share"),
    ("dozen", "dozen"),
    ("head", "head"),
    ("person", "person"),
    ("capita", "capita"),
    ("annum", "year"),
    ("barrel", "barrel"),
    ("ounce", "ounce"),
    ("unit", "unit"),
    ("acción", "share"),
    ("aktie", "share"),
    ("action", "share"),
    ("ação", "share"),
];

/// A number at token `j`: digits with an optional scale word, a number in words, or an order
/// of magnitude. `money` lets "m" after digits mean million rather than metres.
fn number_at(tokens: &[Token<'_>], j: usize, langs: Langs, money: bool) -> Option<Number> {
    let token = tokens.get(j)?;
    if let Some((value, end)) = fraction_at(tokens, j) {
        return Some(Number {
            value,
            end,
            vague: false,
            scaled: false,
            digits: true,
            approx: false,
        });
    }
    if token.is_number() {
        let mut value = parse_digits(token.text, langs.decimal_comma())?;
        let mut end = j + 1;
        let plain = token.text.bytes().all(|b| b.is_ascii_digit());
        // "80, 000": a thousands group set off by a space, as some tokenised text writes it.
        if plain && token.text.len() <= 3 && !langs.decimal_comma() {
            // At most five groups (10^18), so that a long run of groups costs linear time.
            while end < j + 11
                && let (Some(comma), Some(group)) = (tokens.get(end), tokens.get(end + 1))
            {
                let previous = &tokens[end - 1];
                let ok = comma.is_punct(',')
                    && comma.touches(previous)
                    && !group.touches(comma)
                    && group.text.len() == 3
                    && group.text.starts_with('0')
                    && group.text.bytes().all(|b| b.is_ascii_digit());
                if !ok {
                    break;
                }
                value = value * 1e3 + group.text.parse::<f64>().ok()?;
                end += 2;
            }
        }
        // "12 500", "300 000": thousands set off by one space (or a no-break space).
        if plain && token.text.len() <= 3 && end == j + 1 {
            while end < j + 6
                && let Some(group) = tokens.get(end)
            {
                let previous = &tokens[end - 1];
                // One space, or a no-break or thin space (two or three bytes).
                let gap = group.span.start.saturating_sub(previous.span.end);
                let ok = group.is_number()
                    && group.text.len() == 3
                    && group.text.bytes().all(|b| b.is_ascii_digit())
                    && (1..=3).contains(&gap)
                    && !tokens
                        .get(end + 1)
                        .is_some_and(|t| t.is_punct('/') && t.touches(group));
                if !ok {
                    break;
                }
                value = value * 1e3 + group.text.parse::<f64>().ok()?;
                end += 1;
            }
        }
        // "10 1/2", "1½".
        if plain
            && end == j + 1
            && let Some((fraction, after)) = fraction_at(tokens, end)
        {
            value += fraction;
            end = after;
        }
        let mut scaled = false;
        if let Some(next) = tokens.get(end) {
            let touching = next.touches(&tokens[end - 1]);
            let money_after = touching
                && units::after(tokens, end + 1, langs)
                    .first()
                    .is_some_and(|(u, _)| u.kind == UnitKind::Currency);
            if let Some(scale) = scale_after_digits(next, touching, langs, money || money_after) {
                value *= scale;
                end += 1;
                scaled = true;
                // "mil millones": a thousand million.
                if scale == 1e3
                    && let Some(after) = tokens.get(end)
                    && let Some(more) = scale_word(&after.lower, langs)
                    && more >= 1e6
                {
                    value *= more;
                    end += 1;
                }
            }
        }
        return value.is_finite().then_some(Number {
            value,
            end,
            vague: false,
            scaled,
            digits: true,
            approx: false,
        });
    }
    if let Some((value, end)) = fraction_words(tokens, j, langs) {
        return Some(Number::scaled_words(value, end));
    }
    if !token.is_word() {
        return None;
    }
    if let Some((value, end)) = vague_at(tokens, j, langs) {
        return Some(Number {
            value,
            end,
            vague: true,
            scaled: false,
            digits: false,
            approx: false,
        });
    }
    if let Some((end, (value, approx))) = collective_at(tokens, j, langs) {
        return Some(Number {
            approx,
            ..Number::scaled_words(value, end)
        });
    }
    // "a dozen", "a hundred", "una docena", "un millar".
    if matches!(token.lower.as_ref(), "a" | "an" | "un" | "una")
        && let Some(next) = tokens.get(j + 1)
    {
        let scale = match next.lower.as_ref() {
            "dozen" | "docena" => Some(12.0),
            "hundred" | "centenar" => Some(100.0),
            "millar" => Some(1e3),
            word => scale_word(word, langs),
        };
        if let Some(scale) = scale {
            return Some(Number::scaled_words(scale, j + 2));
        }
    }
    words_number(tokens, j, langs)
}

/// A collective numeral at token `j` ("medio centenar", "une vingtaine", "ein Dutzend"): the
/// index after it, its value and whether it rounds ("about 50").
fn collective_at(tokens: &[Token<'_>], j: usize, langs: Langs) -> Option<(usize, (f64, bool))> {
    static INDEX: std::sync::OnceLock<PhraseIndex<(f64, bool)>> = std::sync::OnceLock::new();
    INDEX
        .get_or_init(|| PhraseIndex::new(COLLECTIVES))
        .longest(tokens, j, langs)
}

/// Collective numerals: the value and whether it is a round figure ("about 50") rather than
/// an exact one ("a dozen" is 12).
const COLLECTIVES: &[(&str, (f64, bool), Lang)] = &[
    ("half a dozen", (6.0, false), Lang::En),
    ("una docena", (12.0, false), Lang::Es),
    ("media docena", (6.0, false), Lang::Es),
    ("una decena", (10.0, true), Lang::Es),
    ("una veintena", (20.0, true), Lang::Es),
    ("una treintena", (30.0, true), Lang::Es),
    ("medio centenar", (50.0, true), Lang::Es),
    ("un centenar", (100.0, true), Lang::Es),
    ("medio millar", (500.0, true), Lang::Es),
    ("un millar", (1000.0, true), Lang::Es),
    ("ein dutzend", (12.0, false), Lang::De),
    ("ein halbes dutzend", (6.0, false), Lang::De),
    ("une dizaine", (10.0, true), Lang::Fr),
    ("une douzaine", (12.0, false), Lang::Fr),
    ("une quinzaine", (15.0, true), Lang::Fr),
    ("une vingtaine", (20.0, true), Lang::Fr),
    ("une trentaine", (30.0, true), Lang::Fr),
    ("une quarantaine", (40.0, true), Lang::Fr),
    ("une cinquantaine", (50.0, true), Lang::Fr),
    ("une soixantaine", (60.0, true), Lang::Fr),
    ("une centaine", (100.0, true), Lang::Fr),
    ("un millier", (1000.0, true), Lang::Fr),
    ("uma dezena", (10.0, true), Lang::Pt),
    ("uma dúzia", (12.0, false), Lang::Pt),
    ("meia dúzia", (6.0, false), Lang::Pt),
    ("uma vintena", (20.0, true), Lang::Pt),
    ("meia centena", (50.0, true), Lang::Pt),
    ("uma centena", (100.0, true), Lang::Pt),
    ("um milhar", (1000.0, true), Lang::Pt),
];

/// A fraction at token `k`: "1/4", "3/4" (halves, thirds, quarters, eighths and sixteenths,
/// so that dates and scores stay out) or a fraction sign ("½"); its value and the index after
/// it.
fn fraction_at(tokens: &[Token<'_>], k: usize) -> Option<(f64, usize)> {
    let token = tokens.get(k)?;
    if let Some(value) = fraction_sign(token.text) {
        return Some((value, k + 1));
    }
    let (slash, below) = (tokens.get(k + 1)?, tokens.get(k + 2)?);
    if !token.is_number() || !slash.is_punct('/') || !slash.touches(token) || !below.touches(slash)
    {
        return None;
    }
    // "3/4/2026" is a date.
    if tokens
        .get(k + 3)
        .is_some_and(|t| t.is_punct('/') && t.touches(below))
    {
        return None;
    }
    let above: u32 = token.text.parse().ok()?;
    let under: u32 = below.text.parse().ok()?;
    (matches!(under, 2 | 3 | 4 | 8 | 16) && above < under)
        .then(|| (f64::from(above) / f64::from(under), k + 3))
}

/// The value of a fraction sign.
fn fraction_sign(text: &str) -> Option<f64> {
    Some(match text {
        "½" => 0.5,
        "¼" => 0.25,
        "¾" => 0.75,
        "⅓" => 1.0 / 3.0,
        "⅔" => 2.0 / 3.0,
        "⅛" => 0.125,
        _ => return None,
    })
}

/// True for the words of a fraction that can lead a figure ("half million", "quarter million").
fn is_fraction_word(word: &str) -> bool {
    matches!(word, "half" | "quarter" | "a" | "an")
}

/// A fraction in words before a scale word or a unit: "half million", "a quarter million",
/// "three quarters billion", "half a million", "a half turn".
fn fraction_words(tokens: &[Token<'_>], j: usize, langs: Langs) -> Option<(f64, usize)> {
    let mut k = j;
    let mut count = 1.0;
    if matches!(tokens.get(k)?.lower.as_ref(), "a" | "an") {
        k += 1;
    } else if let Some(n) = number_word(&tokens.get(k)?.lower, langs) {
        count = n;
        k += 1;
    }
    let part = match tokens.get(k)?.lower.as_ref() {
        "half" | "halves" => 0.5,
        "quarter" | "quarters" => 0.25,
        "third" | "thirds" if k > j => 1.0 / 3.0,
        _ => return None,
    };
    k += 1;
    if matches!(tokens.get(k).map(|t| t.lower.as_ref()), Some("a" | "an")) {
        k += 1;
    }
    if let Some(scale) = tokens.get(k).and_then(|t| scale_word(&t.lower, langs))
        && scale >= 1e3
    {
        return Some((count * part * scale, k + 1));
    }
    let unit = units::after(tokens, k, langs)
        .first()
        .is_some_and(|(u, _)| u.kind != UnitKind::Percent);
    unit.then_some((count * part, k))
}

/// A number written in words: "twelve", "twenty-seven", "two hundred and fifty", "treinta y
/// dos", "cuatro mil quinientos".
fn words_number(tokens: &[Token<'_>], j: usize, langs: Langs) -> Option<Number> {
    let mut total = 0.0;
    let mut current = 0.0;
    let mut k = j;
    let mut any = false;
    let mut scaled = false;
    let mut last_was_tens_or_scale = false;
    // No number in words runs longer than this; the bound keeps a run of number words from
    // being read again from each of its words (quadratic time).
    while k < j + MAX_NUMBER_WORDS
        && let Some(token) = tokens.get(k)
    {
        let word = token.lower.as_ref();
        if let Some(value) = number_word(word, langs) {
            current += value;
            any = true;
            scaled = false;
            last_was_tens_or_scale = (20.0..100.0).contains(&value) && value % 10.0 == 0.0;
            k += 1;
            continue;
        }
        if !any {
            return None;
        }
        if matches!(word, "hundred" | "dozen") {
            current = current.max(1.0) * if word == "hundred" { 100.0 } else { 12.0 };
            last_was_tens_or_scale = true;
            k += 1;
            continue;
        }
        if let Some(scale) = scale_word(word, langs)
            && scale >= 1e3
        {
            total += current.max(1.0) * scale;
            current = 0.0;
            scaled = true;
            last_was_tens_or_scale = true;
            k += 1;
            continue;
        }
        let joins = matches!(word, "and" | "y")
            && last_was_tens_or_scale
            && tokens
                .get(k + 1)
                .is_some_and(|t| number_word(&t.lower, langs).is_some_and(|v| v < 100.0));
        if joins {
            k += 1;
            continue;
        }
        break;
    }
    let value = total + current;
    (any && value.is_finite()).then_some(Number {
        value,
        end: k,
        vague: false,
        scaled,
        digits: false,
        approx: false,
    })
}

/// The most words a number written in words may take ("nine hundred and ninety-nine million
/// nine hundred and ninety-nine thousand nine hundred and ninety-nine" takes 14).
const MAX_NUMBER_WORDS: usize = 24;

/// The value of a number word of an applicable language ("nine", "twenty-seven", "doce",
/// "veintisiete", "doscientos").
fn number_word(word: &str, langs: Langs) -> Option<f64> {
    static INDEX: std::sync::OnceLock<WordIndex> = std::sync::OnceLock::new();
    let index = INDEX.get_or_init(|| index_words(NUMBER_WORDS));
    let lookup = |w: &str| {
        index
            .get(w)?
            .iter()
            .find(|(_, lang)| langs.uses(*lang))
            .map(|(v, _)| *v)
    };
    if let Some(value) = lookup(word) {
        return Some(value);
    }
    // German, French and Portuguese number words come from the numeral grammar's lexicon. Its
    // "ein", "un", "um" are articles as often as numbers, so one is left to the digits.
    if matches!(langs.primary, Lang::De | Lang::Fr | Lang::Pt)
        && let Some(value) = crate::numerals::cardinal_word(word, langs)
        && value != 1.0
    {
        return Some(value);
    }
    // "twenty-seven": tens and units joined by a hyphen.
    let (tens, units) = word.split_once('-')?;
    let (tens, units) = (lookup(tens)?, lookup(units)?);
    ((20.0..100.0).contains(&tens) && tens % 10.0 == 0.0 && units < 10.0).then_some(tens + units)
}

/// The multiplier of a scale word ("million", "millones", "mil", "Milliarden").
///
/// The article's own language wins: "billion" is 10⁹ in English but 10¹² in French and
/// German.
fn scale_word(word: &str, langs: Langs) -> Option<f64> {
    static INDEX: std::sync::OnceLock<WordIndex> = std::sync::OnceLock::new();
    let entries = INDEX.get_or_init(|| index_words(SCALES)).get(word)?;
    let named = |own: bool| {
        entries
            .iter()
            .find(|(_, lang)| langs.uses(*lang) && (!own || *lang == langs.primary))
            .map(|(v, _)| *v)
    };
    named(true).or_else(|| named(false))
}

/// Words of a value table by spelling, each with its values and languages in table order.
type WordIndex = rustc_hash::FxHashMap<&'static str, Vec<(f64, Lang)>>;

/// Indexes a table of (word, value, language) so a word is found by hashing, not by a scan.
fn index_words(table: &'static [(&'static str, f64, Lang)]) -> WordIndex {
    let mut index = WordIndex::default();
    for (word, value, lang) in table {
        index.entry(word).or_default().push((*value, *lang));
    }
    index
}

/// The multiplier a token after digits adds: a scale word, or an abbreviation written against
/// the digits ("5m" for money, "5bn", "5k").
fn scale_after_digits(token: &Token<'_>, touching: bool, langs: Langs, money: bool) -> Option<f64> {
    match token.lower.as_ref() {
        "bn" => Some(1e9),
        "mn" | "mln" => Some(1e6),
        "m" if money => Some(1e6),
        "b" if money && touching => Some(1e9),
        "k" if touching => Some(1e3),
        "hundred" => Some(1e2),
        "dozen" => Some(12.0),
        word => scale_word(word, langs),
    }
}

/// An order of magnitude: "dozens" is 24, "thousands" 2000, "tens of thousands" 20,000,
/// "decenas de miles" 20,000 (twice the unit it counts in).
fn vague_at(tokens: &[Token<'_>], j: usize, langs: Langs) -> Option<(f64, usize)> {
    let lookup = |at: usize| {
        let word = tokens.get(at)?.lower.as_ref();
        VAGUE
            .iter()
            .find(|(name, _, lang)| *name == word && langs.uses(*lang))
            .map(|(_, v, _)| *v)
    };
    let base = lookup(j)?;
    if matches!(
        tokens.get(j + 1).map(|t| t.lower.as_ref()),
        Some("of" | "de" | "des")
    ) && let Some(larger) = lookup(j + 2)
        && larger > base
    {
        return Some((2.0 * base * larger, j + 3));
    }
    Some((2.0 * base, j + 1))
}

/// Parses a numeral with thousands separators and a decimal mark. With `decimal_comma` a
/// full stop before exactly three digits groups thousands ("4.500") and a comma marks
/// decimals ("3,5"); otherwise a comma before exactly three digits groups thousands ("2,000")
/// and a full stop marks decimals. Returns `None` for malformed groups or non-finite values.
pub(crate) fn parse_digits(text: &str, decimal_comma: bool) -> Option<f64> {
    if text.len() <= 15 && !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        // Exact in a u64 and in an f64, without the float parser.
        return Some(text.bytes().fold(0u64, |n, b| n * 10 + u64::from(b - b'0')) as f64);
    }
    let commas = text.matches(',').count();
    let stops = text.matches('.').count();
    let (thousands, decimal) = if commas > 0 && stops > 0 {
        let last_comma = text.rfind(',')?;
        let last_stop = text.rfind('.')?;
        if last_comma > last_stop {
            ('.', Some(','))
        } else {
            (',', Some('.'))
        }
    } else if commas + stops == 0 {
        (' ', None)
    } else {
        let sep = if commas > 0 { ',' } else { '.' };
        let count = commas + stops;
        let after = text.rsplit(sep).next().unwrap_or("");
        let grouping = if decimal_comma { '.' } else { ',' };
        if count > 1 || (sep == grouping && after.len() == 3) {
            (sep, None)
        } else {
            (' ', Some(sep))
        }
    };
    let (whole, fraction) = match decimal {
        Some(mark) => match text.rsplit_once(mark) {
            Some((whole, fraction)) => (whole, Some(fraction)),
            None => (text, None),
        },
        None => (text, None),
    };
    let groups: Vec<&str> = whole.split(thousands).collect();
    if groups.len() > 1 {
        let first_ok = (1..=3).contains(&groups[0].len());
        if !first_ok || groups[1..].iter().any(|g| g.len() != 3) {
            return None;
        }
    }
    let mut plain: String = groups.concat();
    if plain.contains([',', '.']) {
        return None;
    }
    if let Some(fraction) = fraction {
        if fraction.contains([',', '.']) {
            return None;
        }
        plain.push('.');
        plain.push_str(fraction);
    }
    plain.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// True when the numeral at token `j` is a time of day: "7:30", "5 p.m.", "10am", "10h",
/// "a las 10".
fn is_time(tokens: &[Token<'_>], j: usize) -> bool {
    let Some(token) = tokens.get(j) else {
        return false;
    };
    let next = |k: usize| tokens.get(j + k).map_or("", |t| t.lower.as_ref());
    if tokens
        .get(j + 1)
        .is_some_and(|t| t.is_punct(':') && t.touches(token))
        && tokens.get(j + 2).is_some_and(|t| t.is_number())
    {
        return true;
    }
    if matches!(
        next(1),
        "am" | "pm" | "o'clock" | "gmt" | "utc" | "hrs" | "uhr"
    ) || (matches!(next(1), "a" | "p") && next(2) == "." && next(3) == "m")
        || (next(1) == "h" && tokens.get(j + 1).is_some_and(|t| t.touches(token)))
    {
        return true;
    }
    let before = |k: usize| {
        j.checked_sub(k)
            .and_then(|at| tokens.get(at))
            .map_or("", |t| t.lower.as_ref())
    };
    matches!(before(1), "las" | "la") && matches!(before(2), "a" | "desde" | "hasta" | "entre")
}

/// True for a plain four-digit numeral between 1900 and 2100.
fn is_year_like(token: &Token<'_>) -> bool {
    token.is_number()
        && token.text.len() == 4
        && token
            .text
            .parse::<u32>()
            .is_ok_and(|year| (1900..=2100).contains(&year))
}

/// The words naming what a figure counts, from token `k`: up to three words that are not
/// function words; returns the first index, the end and the head noun's index (the first
/// word in languages that put nouns first, else the last).
fn head_run(tokens: &[Token<'_>], k: usize, langs: Langs) -> Option<(usize, usize, usize)> {
    let german = langs.primary == Lang::De;
    let mut end = k;
    while end < tokens.len() && end - k < 3 {
        let token = &tokens[end];
        let word = token.lower.as_ref();
        if !token.is_word() || token.capitalized() != german || is_function_word(word, langs) {
            break;
        }
        let verb_like =
            word.ends_with("ed") || word.ends_with("ing") || COMMON_VERBS.contains(&word);
        if verb_like && (end > k || langs.primary == Lang::En) {
            break;
        }
        end += 1;
        // A plural ends an English noun group: "farm animals", "people".
        let plural = (word.len() > 3 && word.ends_with('s'))
            || PEOPLE.contains(&word)
            || IRREGULAR_PLURALS.contains(&word);
        if langs.noun_first() || german || plural {
            break;
        }
    }
    if end == k {
        return None;
    }
    let head = if langs.noun_first() { k } else { end - 1 };
    Some((k, end, head))
}

/// True for words that cannot name what a figure counts.
fn is_function_word(word: &str, langs: Langs) -> bool {
    text::is_stopword("en", word)
        || text::is_stopword(langs.code(), word)
        || (langs.uses(Lang::Es) && text::is_stopword("es", word))
        || AUXILIARIES.contains(&word)
        || DETERMINERS.contains(&word)
}

/// The nearest measure cue within eight words after token `k`, stopping at punctuation, at
/// another number and at words that open a new clause; returns the measure, the index of the
/// cue and the index after it.
///
/// Once a person word has been seen ("people whose homes were damaged"), a `homes` cue no
/// longer counts: the figure counts the people. Being in hospital yields to an injury named
/// after it ("treated in hospital for injuries" counts the injured).
fn measure_in_window(
    tokens: &[Token<'_>],
    k: usize,
    langs: Langs,
) -> Option<(&'static str, usize, usize)> {
    let mut saw_people = false;
    let mut hospital = None;
    for at in k..tokens.len().min(k + 8) {
        let token = &tokens[at];
        if token.is_number()
            || (token.kind == Kind::Punct)
            || WINDOW_STOPS.contains(&token.lower.as_ref())
        {
            break;
        }
        saw_people |= PEOPLE.contains(&token.lower.as_ref());
        static INDEX: std::sync::OnceLock<PhraseIndex<&'static str>> = std::sync::OnceLock::new();
        let best = INDEX
            .get_or_init(|| PhraseIndex::new(MEASURES))
            .longest(tokens, at, langs);
        match best {
            Some((_, "homes")) if saw_people => {}
            Some((end, "hospitalised")) => {
                hospital = hospital.or(Some(("hospitalised", at, end)));
            }
            Some((end, "injured")) if hospital.is_some() => return Some(("injured", at, end)),
            Some((end, measure)) if hospital.is_none() => return Some((measure, at, end)),
            _ => {}
        }
    }
    hospital
}

/// A verb right before the figure that names the measure: "killed at least 12 people",
/// "rescataron a 70 personas".
fn verb_before(tokens: &[Token<'_>], start: usize, langs: Langs) -> Option<&'static str> {
    let mut at = start.checked_sub(1)?;
    if tokens[at].lower == "a" && langs.uses(Lang::Es) {
        at = at.checked_sub(1)?;
    }
    let word = tokens[at].lower.as_ref();
    VERBS_BEFORE
        .iter()
        .find(|(verb, _, lang)| *verb == word && langs.uses(*lang))
        .map(|(_, m, _)| *m)
}

/// A toll phrase before the figure ("the death toll rose to 19", "el balance asciende a 27",
/// "the number of dead stood at 31"): the measure and the phrase's first and last tokens.
fn toll_before(
    tokens: &[Token<'_>],
    start: usize,
    langs: Langs,
) -> Option<(&'static str, usize, usize)> {
    let from = start.saturating_sub(16);
    for at in (from..start).rev() {
        let token = &tokens[at];
        if token.is_punct(';') || token.is_punct('.') {
            return None;
        }
        // "number of dead", "cifra de muertos", "número de víctimas mortales".
        if matches!(
            token.lower.as_ref(),
            "number"
                | "count"
                | "cifra"
                | "número"
                | "balance"
                | "toll"
                | "zahl"
                | "anzahl"
                | "nombre"
                | "total"
        ) && matches!(
            tokens.get(at + 1).map(|t| t.lower.as_ref()),
            Some("of" | "de" | "der" | "d'" | "des" | "du")
        ) {
            let mut k = at + 2;
            if DETERMINERS.contains(&tokens.get(k).map_or("", |t| t.lower.as_ref())) {
                k += 1;
            }
            if let Some((measure, _, end)) =
                measure_in_window(tokens, k, langs).filter(|(_, _, end)| *end <= start)
                && end <= k + 3
            {
                return Some((measure, at, end - 1));
            }
            // "the number of confirmed cases rose to 41": any counted noun, when the figure
            // is what the number came to.
            if links_figure(tokens, start)
                && let Some(NounGroup {
                    noun: Some(noun),
                    end,
                    ..
                }) = noun_group(tokens, k, langs)
                && end <= start
                && !tokens[end..start].iter().any(Token::is_number)
            {
                return Some((noun.measure, at, end - 1));
            }
        }
        if TOLLS.contains(&token.lower.as_ref()) {
            let first = if at > 0 && matches!(tokens[at - 1].lower.as_ref(), "death" | "injury") {
                at - 1
            } else {
                at
            };
            let measure = if tokens[first].lower == "injury" {
                "injured"
            } else {
                "dead"
            };
            return Some((measure, first, at));
        }
    }
    None
}

/// The measure of the head noun at token `at` after a unit ("40% of workers"): the table's,
/// else the word itself.
fn head_measure(tokens: &[Token<'_>], at: usize, langs: Langs) -> String {
    match measures::noun_at(tokens, at, langs) {
        Some((noun, _)) => noun.measure.to_string(),
        None => normalise_head(&tokens[at].lower),
    }
}

/// The measure of a head noun without a known cue: person words become `people`, other
/// nouns stay as written, lower-cased.
fn normalise_head(word: &str) -> String {
    if PEOPLE.contains(&word) {
        "people".to_string()
    } else {
        word.to_string()
    }
}

/// The noun group starting at token `k`: up to four words, adjectives first ("74 confirmed
/// cases", "62 buques fondeados"), which end at a noun of the table or, in English, at the
/// last noun of a compound ("nine crane operators" counts crane operators, "six bridge
/// inspectors" inspectors). Returns the table's noun when the head is one, the index of the
/// head, and the indexes of the group's first word and after its head.
fn noun_group(tokens: &[Token<'_>], k: usize, langs: Langs) -> Option<NounGroup> {
    let english = !langs.noun_first() && langs.primary != Lang::De;
    let mut at = k;
    while at < tokens.len().min(k + 4) {
        let token = &tokens[at];
        if !token.is_word() {
            return None;
        }
        let word = token.lower.as_ref();
        if let Some((noun, end)) = measures::noun_at(tokens, at, langs) {
            // "crane operators", "school inspectors": a noun before a plural is a modifier.
            let next = tokens.get(end).filter(|t| t.is_word());
            let modifier = english
                && !word.ends_with('s')
                && next.is_some_and(|t| {
                    let next_word = t.lower.as_ref();
                    (next_word.len() > 3 && next_word.ends_with('s') && !next_word.ends_with("ss"))
                        && !is_function_word(next_word, langs)
                        && !COMMON_VERBS.contains(&next_word)
                });
            if !modifier {
                return Some(NounGroup {
                    noun: Some(noun),
                    head: at,
                    first: k,
                    end,
                });
            }
            if measures::noun_at(tokens, end, langs).is_none() {
                return Some(NounGroup {
                    noun: None,
                    head: end,
                    first: k,
                    end: end + 1,
                });
            }
            at = end;
            continue;
        }
        if is_function_word(word, langs) || COMMON_VERBS.contains(&word) {
            return None;
        }
        at += 1;
    }
    None
}

/// A noun group after a figure (see [`noun_group`]).
#[derive(Debug, Clone, Copy)]
struct NounGroup {
    /// The table's noun, or `None` for a compound whose head the table does not hold.
    noun: Option<Noun>,
    head: usize,
    first: usize,
    end: usize,
}

/// The index after "of the", "of them", "de los", "des" and the like after a figure at token
/// `k`, and whether the group is a pronoun ("of them") rather than a noun.
fn partitive(tokens: &[Token<'_>], k: usize) -> Option<(usize, bool)> {
    let of = tokens.get(k)?.lower.as_ref();
    let next = tokens.get(k + 1).map_or("", |t| t.lower.as_ref());
    if PARTITIVE_PRONOUNS.contains(&next) && matches!(of, "of" | "de" | "von") {
        return Some((k + 2, true));
    }
    // "deles", "delas" and "des", "dos", "das", "der" hold their article.
    if matches!(of, "des" | "dos" | "das" | "der") {
        return tokens
            .get(k + 1)
            .is_some_and(Token::is_word)
            .then_some((k + 1, false));
    }
    PARTITIVE_ARTICLES.contains(&next).then_some((k + 2, false))
}

/// Words after "of" that make a figure a part of a group named by a noun.
const PARTITIVE_ARTICLES: &[&str] = &[
    "the", "those", "these", "los", "las", "estos", "estas", "esos", "esas", "den", "les", "ces",
    "os", "as",
];

/// Pronouns after "of" that make a figure a part of a group named before it.
const PARTITIVE_PRONOUNS: &[&str] = &["them", "those", "ellos", "ellas", "ihnen", "eux", "elles"];

/// How many tokens back an "of them" looks for the noun it stands for.
const ANTECEDENT_REACH: usize = 24;

/// The index after an apposition that follows a person noun ending before token `end` (", a
/// 79-year-old man,", ", un jubilado de 80 años,"): a comma, a few words opening with an
/// article or a name, and a closing comma.
fn apposition_end(tokens: &[Token<'_>], end: usize) -> Option<usize> {
    if !tokens.get(end)?.is_punct(',') {
        return None;
    }
    let opener = tokens.get(end + 1)?;
    if !(APPOSITION_OPENERS.contains(&opener.lower.as_ref()) || opener.capitalized()) {
        return None;
    }
    let close = (end + 2..tokens.len().min(end + 10))
        .find(|&at| tokens[at].kind == Kind::Punct && !tokens[at].is_punct('-'))?;
    tokens[close].is_punct(',').then_some(close + 1)
}

/// Articles that open an apposition.
const APPOSITION_OPENERS: &[&str] = &[
    "a", "an", "the", "un", "una", "el", "la", "ein", "eine", "der", "die", "une", "le", "um",
    "uma", "o",
];

/// Verbs before a figure of people that say they were saved: "firefighters freed 11 people",
/// "pulled 11 people alive from the rubble". Only for people: "pulled 40 cars from the river"
/// counts cars.
fn person_verb_before(tokens: &[Token<'_>], start: usize, langs: Langs) -> Option<&'static str> {
    let at = start.checked_sub(1)?;
    let word = tokens[at].lower.as_ref();
    let spanish = langs.uses(Lang::Es) && word == "a";
    let word = if spanish {
        tokens.get(at.checked_sub(1)?)?.lower.as_ref()
    } else {
        word
    };
    PERSON_VERBS_BEFORE
        .iter()
        .find(|(verb, _, lang)| *verb == word && langs.uses(*lang))
        .map(|(_, m, _)| *m)
}

const PERSON_VERBS_BEFORE: &[(&str, &str, Lang)] = &[
    ("freed", "rescued", Lang::En),
    ("pulled", "rescued", Lang::En),
    ("plucked", "rescued", Lang::En),
    ("sacaron", "rescued", Lang::Es),
    ("liberaron", "rescued", Lang::Es),
    ("hospitalised", "hospitalised", Lang::En),
    ("hospitalized", "hospitalised", Lang::En),
];

/// True when the words right before the figure at `start` say it is what a count came to:
/// "rose to 41", "stood at 31", "reached 62", "ascendió a 27", "stieg auf 12", "est passé à 9".
fn links_figure(tokens: &[Token<'_>], start: usize) -> bool {
    let Some(before) = start.checked_sub(1).and_then(|at| tokens.get(at)) else {
        return false;
    };
    FIGURE_LINKS.contains(&before.lower.as_ref())
}

/// Words that join a count to the figure it came to.
const FIGURE_LINKS: &[&str] = &[
    "to",
    "at",
    "reached",
    "hit",
    "topped",
    "passed",
    "exceeded",
    "surpassed",
    "was",
    "is",
    "a",
    "alcanzó",
    "superó",
    "es",
    "era",
    "fue",
    "auf",
    "erreichte",
    "ist",
    "war",
    "à",
    "atteint",
    "dépassé",
    "est",
    "était",
    "para",
    "atingiu",
    "superou",
    "é",
    "foi",
];

/// The noun a change verb moves to the figure at `start` when no noun follows it: "had cut its
/// team of bridge inspectors to six" (the object), "cases rose to 57" (the subject). Returns
/// the measure and the first and last tokens of the noun.
fn changed_noun_before(
    tokens: &[Token<'_>],
    start: usize,
    langs: Langs,
) -> Option<(&'static str, usize, usize)> {
    let to = start.checked_sub(1)?;
    if !matches!(tokens[to].lower.as_ref(), "to" | "a" | "auf" | "à" | "para") {
        return None;
    }
    let stop = |t: &Token<'_>| t.is_number() || (t.kind == Kind::Punct && !t.is_punct('\''));
    let from = to.saturating_sub(10);
    let verb = (from..to)
        .rev()
        .take_while(|&at| !stop(&tokens[at]))
        .find(|&at| CHANGE_VERBS.contains(&tokens[at].lower.as_ref()))?;
    let last_noun = |range: std::ops::Range<usize>| {
        range.rev().find_map(|at| {
            measures::noun_at(tokens, at, langs)
                .filter(|(_, end)| *end <= to)
                .map(|(noun, end)| (noun.measure, at, end - 1))
        })
    };
    let subject_from = verb.saturating_sub(6);
    let subject_from = (subject_from..verb)
        .rev()
        .take_while(|&at| !stop(&tokens[at]))
        .last()
        .unwrap_or(verb);
    last_noun(verb + 1..to).or_else(|| last_noun(subject_from..verb))
}

/// Verbs that say a count went past a figure written after them ("has passed 100").
const PASSED: &[&str] = &[
    "passed",
    "topped",
    "exceeded",
    "surpassed",
    "crossed",
    "superó",
    "superado",
    "supera",
    "überschritten",
    "überstieg",
    "dépassé",
    "franchi",
    "superou",
    "ultrapassou",
];

/// Verbs that move a count to a new figure.
const CHANGE_VERBS: &[&str] = &[
    "rose",
    "risen",
    "rise",
    "rises",
    "climbed",
    "climbs",
    "jumped",
    "increased",
    "increases",
    "grew",
    "grown",
    "fell",
    "fallen",
    "falls",
    "dropped",
    "drops",
    "decreased",
    "declined",
    "cut",
    "cuts",
    "reduced",
    "reduces",
    "raised",
    "brought",
    "bringing",
    "brings",
    "lowered",
    "slashed",
    "ascendió",
    "asciende",
    "subió",
    "sube",
    "aumentó",
    "aumenta",
    "elevó",
    "eleva",
    "creció",
    "bajó",
    "baja",
    "cayó",
    "redujo",
    "reduce",
    "disminuyó",
    "recortó",
    "llegó",
    "stieg",
    "steigt",
    "gestiegen",
    "sank",
    "sinkt",
    "gesunken",
    "erhöhte",
    "erhöht",
    "reduzierte",
    "reduziert",
    "kletterte",
    "passé",
    "monté",
    "augmenté",
    "grimpé",
    "baissé",
    "chuté",
    "réduit",
    "porté",
    "subiu",
    "sobe",
    "aumentou",
    "caiu",
    "chegou",
    "reduziu",
    "elevou",
    "passou",
];

const HEDGES: &[(&str, Cue, Lang)] = &[
    ("at least", Cue::AtLeast, Lang::En),
    ("no fewer than", Cue::AtLeast, Lang::En),
    ("no less than", Cue::AtLeast, Lang::En),
    ("not less than", Cue::AtLeast, Lang::En),
    ("a minimum of", Cue::AtLeast, Lang::En),
    ("more than", Cue::MoreThan, Lang::En),
    ("over", Cue::MoreThan, Lang::En),
    ("upwards of", Cue::MoreThan, Lang::En),
    ("in excess of", Cue::MoreThan, Lang::En),
    ("just over", Cue::MoreThan, Lang::En),
    ("above", Cue::MoreThan, Lang::En),
    ("about", Cue::About, Lang::En),
    ("around", Cue::About, Lang::En),
    ("approximately", Cue::About, Lang::En),
    ("roughly", Cue::About, Lang::En),
    ("some", Cue::About, Lang::En),
    ("an estimated", Cue::About, Lang::En),
    ("estimated", Cue::About, Lang::En),
    ("close to", Cue::About, Lang::En),
    ("nearly", Cue::Nearly, Lang::En),
    ("almost", Cue::Nearly, Lang::En),
    ("just under", Cue::Nearly, Lang::En),
    ("up to", Cue::AtMost, Lang::En),
    ("as many as", Cue::AtMost, Lang::En),
    ("as much as", Cue::AtMost, Lang::En),
    ("at most", Cue::AtMost, Lang::En),
    ("no more than", Cue::AtMost, Lang::En),
    ("a maximum of", Cue::AtMost, Lang::En),
    ("fewer than", Cue::LessThan, Lang::En),
    ("less than", Cue::LessThan, Lang::En),
    ("under", Cue::LessThan, Lang::En),
    ("below", Cue::LessThan, Lang::En),
    ("between", Cue::Between, Lang::En),
    ("al menos", Cue::AtLeast, Lang::Es),
    ("por lo menos", Cue::AtLeast, Lang::Es),
    ("como mínimo", Cue::AtLeast, Lang::Es),
    ("no menos de", Cue::AtLeast, Lang::Es),
    ("un mínimo de", Cue::AtLeast, Lang::Es),
    ("más de", Cue::MoreThan, Lang::Es),
    ("unos", Cue::About, Lang::Es),
    ("unas", Cue::About, Lang::Es),
    ("alrededor de", Cue::About, Lang::Es),
    ("cerca de", Cue::About, Lang::Es),
    ("aproximadamente", Cue::About, Lang::Es),
    ("en torno a", Cue::About, Lang::Es),
    ("casi", Cue::Nearly, Lang::Es),
    ("hasta", Cue::AtMost, Lang::Es),
    ("como máximo", Cue::AtMost, Lang::Es),
    ("un máximo de", Cue::AtMost, Lang::Es),
    ("menos de", Cue::LessThan, Lang::Es),
    ("entre", Cue::Between, Lang::Es),
    ("mindestens", Cue::AtLeast, Lang::De),
    ("wenigstens", Cue::AtLeast, Lang::De),
    ("mehr als", Cue::MoreThan, Lang::De),
    ("über", Cue::MoreThan, Lang::De),
    ("etwa", Cue::About, Lang::De),
    ("rund", Cue::About, Lang::De),
    ("ungefähr", Cue::About, Lang::De),
    ("circa", Cue::About, Lang::De),
    ("zirka", Cue::About, Lang::De),
    ("fast", Cue::Nearly, Lang::De),
    ("beinahe", Cue::Nearly, Lang::De),
    ("knapp", Cue::Nearly, Lang::De),
    ("bis zu", Cue::AtMost, Lang::De),
    ("höchstens", Cue::AtMost, Lang::De),
    ("weniger als", Cue::LessThan, Lang::De),
    ("unter", Cue::LessThan, Lang::De),
    ("zwischen", Cue::Between, Lang::De),
    ("au moins", Cue::AtLeast, Lang::Fr),
    ("plus de", Cue::MoreThan, Lang::Fr),
    ("environ", Cue::About, Lang::Fr),
    ("quelque", Cue::About, Lang::Fr),
    ("près de", Cue::Nearly, Lang::Fr),
    ("presque", Cue::Nearly, Lang::Fr),
    ("jusqu'à", Cue::AtMost, Lang::Fr),
    ("moins de", Cue::LessThan, Lang::Fr),
    ("entre", Cue::Between, Lang::Fr),
    ("pelo menos", Cue::AtLeast, Lang::Pt),
    ("ao menos", Cue::AtLeast, Lang::Pt),
    ("mais de", Cue::MoreThan, Lang::Pt),
    ("cerca de", Cue::About, Lang::Pt),
    ("aproximadamente", Cue::About, Lang::Pt),
    ("por volta de", Cue::About, Lang::Pt),
    ("quase", Cue::Nearly, Lang::Pt),
    ("até", Cue::AtMost, Lang::Pt),
    ("menos de", Cue::LessThan, Lang::Pt),
    ("entre", Cue::Between, Lang::Pt),
];

const NUMBER_WORDS: &[(&str, f64, Lang)] = &[
    ("zero", 0.0, Lang::En),
    ("one", 1.0, Lang::En),
    ("two", 2.0, Lang::En),
    ("three", 3.0, Lang::En),
    ("four", 4.0, Lang::En),
    ("five", 5.0, Lang::En),
    ("six", 6.0, Lang::En),
    ("seven", 7.0, Lang::En),
    ("eight", 8.0, Lang::En),
    ("nine", 9.0, Lang::En),
    ("ten", 10.0, Lang::En),
    ("eleven", 11.0, Lang::En),
    ("twelve", 12.0, Lang::En),
    ("thirteen", 13.0, Lang::En),
    ("fourteen", 14.0, Lang::En),
    ("fifteen", 15.0, Lang::En),
    ("sixteen", 16.0, Lang::En),
    ("seventeen", 17.0, Lang::En),
    ("eighteen", 18.0, Lang::En),
    ("nineteen", 19.0, Lang::En),
    ("twenty", 20.0, Lang::En),
    ("thirty", 30.0, Lang::En),
    ("forty", 40.0, Lang::En),
    ("fifty", 50.0, Lang::En),
    ("sixty", 60.0, Lang::En),
    ("seventy", 70.0, Lang::En),
    ("eighty", 80.0, Lang::En),
    ("ninety", 90.0, Lang::En),
    ("uno", 1.0, Lang::Es),
    ("dos", 2.0, Lang::Es),
    ("tres", 3.0, Lang::Es),
    ("cuatro", 4.0, Lang::Es),
    ("cinco", 5.0, Lang::Es),
    ("seis", 6.0, Lang::Es),
    ("siete", 7.0, Lang::Es),
    ("ocho", 8.0, Lang::Es),
    ("nueve", 9.0, Lang::Es),
    ("diez", 10.0, Lang::Es),
    ("once", 11.0, Lang::Es),
    ("doce", 12.0, Lang::Es),
    ("trece", 13.0, Lang::Es),
    ("catorce", 14.0, Lang::Es),
    ("quince", 15.0, Lang::Es),
    ("dieciséis", 16.0, Lang::Es),
    ("dieciseis", 16.0, Lang::Es),
    ("diecisiete", 17.0, Lang::Es),
    ("dieciocho", 18.0, Lang::Es),
    ("diecinueve", 19.0, Lang::Es),
    ("veinte", 20.0, Lang::Es),
    ("veintiuno", 21.0, Lang::Es),
    ("veintiún", 21.0, Lang::Es),
    ("veintiuna", 21.0, Lang::Es),
    ("veintidós", 22.0, Lang::Es),
    ("veintidos", 22.0, Lang::Es),
    ("veintitrés", 23.0, Lang::Es),
    ("veintitres", 23.0, Lang::Es),
    ("veinticuatro", 24.0, Lang::Es),
    ("veinticinco", 25.0, Lang::Es),
    ("veintiséis", 26.0, Lang::Es),
    ("veintiseis", 26.0, Lang::Es),
    ("veintisiete", 27.0, Lang::Es),
    ("veintiocho", 28.0, Lang::Es),
    ("veintinueve", 29.0, Lang::Es),
    ("treinta", 30.0, Lang::Es),
    ("cuarenta", 40.0, Lang::Es),
    ("cincuenta", 50.0, Lang::Es),
    ("sesenta", 60.0, Lang::Es),
    ("setenta", 70.0, Lang::Es),
    ("ochenta", 80.0, Lang::Es),
    ("noventa", 90.0, Lang::Es),
    ("cien", 100.0, Lang::Es),
    ("ciento", 100.0, Lang::Es),
    ("doscientos", 200.0, Lang::Es),
    ("doscientas", 200.0, Lang::Es),
    ("trescientos", 300.0, Lang::Es),
    ("trescientas", 300.0, Lang::Es),
    ("cuatrocientos", 400.0, Lang::Es),
    ("cuatrocientas", 400.0, Lang::Es),
    ("quinientos", 500.0, Lang::Es),
    ("quinientas", 500.0, Lang::Es),
    ("seiscientos", 600.0, Lang::Es),
    ("seiscientas", 600.0, Lang::Es),
    ("setecientos", 700.0, Lang::Es),
    ("setecientas", 700.0, Lang::Es),
    ("ochocientos", 800.0, Lang::Es),
    ("ochocientas", 800.0, Lang::Es),
    ("novecientos", 900.0, Lang::Es),
    ("novecientas", 900.0, Lang::Es),
];

const SCALES: &[(&str, f64, Lang)] = &[
    ("thousand", 1e3, Lang::En),
    ("million", 1e6, Lang::En),
    ("billion", 1e9, Lang::En),
    ("trillion", 1e12, Lang::En),
    ("lakh", 1e5, Lang::En),
    ("lakhs", 1e5, Lang::En),
    ("crore", 1e7, Lang::En),
    ("crores", 1e7, Lang::En),
    ("mil", 1e3, Lang::Es),
    ("millón", 1e6, Lang::Es),
    ("millon", 1e6, Lang::Es),
    ("millones", 1e6, Lang::Es),
    ("billón", 1e12, Lang::Es),
    ("billones", 1e12, Lang::Es),
    ("tausend", 1e3, Lang::De),
    ("million", 1e6, Lang::De),
    ("millionen", 1e6, Lang::De),
    ("mio", 1e6, Lang::De),
    ("milliarde", 1e9, Lang::De),
    ("milliarden", 1e9, Lang::De),
    ("mrd", 1e9, Lang::De),
    ("mille", 1e3, Lang::Fr),
    ("millions", 1e6, Lang::Fr),
    ("milliard", 1e9, Lang::Fr),
    ("milliards", 1e9, Lang::Fr),
    ("mil", 1e3, Lang::Pt),
    ("milhão", 1e6, Lang::Pt),
    ("milhões", 1e6, Lang::Pt),
    ("milhão", 1e6, Lang::Pt),
    ("milhoes", 1e6, Lang::Pt),
    ("milhao", 1e6, Lang::Pt),
    ("bilhoes", 1e9, Lang::Pt),
    ("bilhao", 1e9, Lang::Pt),
    ("billion", 1e12, Lang::Fr),
    ("billions", 1e12, Lang::Fr),
    ("billion", 1e12, Lang::De),
    ("billionen", 1e12, Lang::De),
    ("bilhão", 1e9, Lang::Pt),
    ("bilhões", 1e9, Lang::Pt),
];

const VAGUE: &[(&str, f64, Lang)] = &[
    ("dozens", 12.0, Lang::En),
    ("scores", 20.0, Lang::En),
    ("tens", 10.0, Lang::En),
    ("hundreds", 100.0, Lang::En),
    ("thousands", 1e3, Lang::En),
    ("millions", 1e6, Lang::En),
    ("billions", 1e9, Lang::En),
    ("decenas", 10.0, Lang::Es),
    ("docenas", 12.0, Lang::Es),
    ("cientos", 100.0, Lang::Es),
    ("centenares", 100.0, Lang::Es),
    ("miles", 1e3, Lang::Es),
    ("millares", 1e3, Lang::Es),
    ("millones", 1e6, Lang::Es),
    ("dutzende", 12.0, Lang::De),
    ("hunderte", 100.0, Lang::De),
    ("tausende", 1e3, Lang::De),
    ("zehntausende", 1e4, Lang::De),
    ("hunderttausende", 1e5, Lang::De),
    ("dizaines", 10.0, Lang::Fr),
    ("douzaines", 12.0, Lang::Fr),
    ("centaines", 100.0, Lang::Fr),
    ("milliers", 1e3, Lang::Fr),
    ("dezenas", 10.0, Lang::Pt),
    ("centenas", 100.0, Lang::Pt),
    ("milhares", 1e3, Lang::Pt),
];

const MEASURES: &[(&str, &str, Lang)] = &[
    ("dead", "dead", Lang::En),
    ("died", "dead", Lang::En),
    ("deaths", "dead", Lang::En),
    ("death toll", "dead", Lang::En),
    ("killed", "dead", Lang::En),
    ("bodies", "dead", Lang::En),
    ("fatalities", "dead", Lang::En),
    ("lives", "dead", Lang::En),
    ("perished", "dead", Lang::En),
    ("drowned", "dead", Lang::En),
    ("lost their lives", "dead", Lang::En),
    ("missing", "missing", Lang::En),
    ("unaccounted for", "missing", Lang::En),
    ("injured", "injured", Lang::En),
    ("hurt", "injured", Lang::En),
    ("wounded", "injured", Lang::En),
    ("injuries", "injured", Lang::En),
    ("hospitalised", "hospitalised", Lang::En),
    ("hospitalized", "hospitalised", Lang::En),
    ("in hospital", "hospitalised", Lang::En),
    ("in the hospital", "hospitalised", Lang::En),
    ("in hospitals", "hospitalised", Lang::En),
    ("evacuated", "evacuated", Lang::En),
    ("evacuees", "evacuated", Lang::En),
    ("displaced", "evacuated", Lang::En),
    ("forced from their homes", "evacuated", Lang::En),
    ("forced to flee", "evacuated", Lang::En),
    ("fled their homes", "evacuated", Lang::En),
    ("lost their homes", "evacuated", Lang::En),
    ("homeless", "evacuated", Lang::En),
    ("affected", "affected", Lang::En),
    ("homes", "homes", Lang::En),
    ("houses", "homes", Lang::En),
    ("buildings", "homes", Lang::En),
    ("dwellings", "homes", Lang::En),
    ("rescued", "rescued", Lang::En),
    ("saved", "rescued", Lang::En),
    ("airlifted", "rescued", Lang::En),
    ("lifted to safety", "rescued", Lang::En),
    ("arrested", "arrested", Lang::En),
    ("detained", "arrested", Lang::En),
    ("taken into custody", "arrested", Lang::En),
    ("muertos", "dead", Lang::Es),
    ("muertas", "dead", Lang::Es),
    ("muerto", "dead", Lang::Es),
    ("muerta", "dead", Lang::Es),
    ("fallecidos", "dead", Lang::Es),
    ("fallecidas", "dead", Lang::Es),
    ("fallecido", "dead", Lang::Es),
    ("fallecida", "dead", Lang::Es),
    ("fallecieron", "dead", Lang::Es),
    ("murieron", "dead", Lang::Es),
    ("muertes", "dead", Lang::Es),
    ("víctimas mortales", "dead", Lang::Es),
    ("víctimas fatales", "dead", Lang::Es),
    ("perdieron la vida", "dead", Lang::Es),
    ("cadáveres", "dead", Lang::Es),
    ("cuerpos", "dead", Lang::Es),
    ("desaparecidos", "missing", Lang::Es),
    ("desaparecidas", "missing", Lang::Es),
    ("desaparecido", "missing", Lang::Es),
    ("desaparecida", "missing", Lang::Es),
    ("heridos", "injured", Lang::Es),
    ("heridas", "injured", Lang::Es),
    ("herido", "injured", Lang::Es),
    ("herida", "injured", Lang::Es),
    ("lesionados", "injured", Lang::Es),
    ("lesionadas", "injured", Lang::Es),
    ("evacuados", "evacuated", Lang::Es),
    ("evacuadas", "evacuated", Lang::Es),
    ("evacuado", "evacuated", Lang::Es),
    ("evacuada", "evacuated", Lang::Es),
    ("desalojados", "evacuated", Lang::Es),
    ("desalojadas", "evacuated", Lang::Es),
    ("desplazados", "evacuated", Lang::Es),
    ("desplazadas", "evacuated", Lang::Es),
    ("afectados", "affected", Lang::Es),
    ("afectadas", "affected", Lang::Es),
    ("damnificados", "affected", Lang::Es),
    ("viviendas", "homes", Lang::Es),
    ("casas", "homes", Lang::Es),
    ("edificios", "homes", Lang::Es),
    ("hogares", "homes", Lang::Es),
    ("hospitalizados", "hospitalised", Lang::Es),
    ("hospitalizadas", "hospitalised", Lang::Es),
    ("hospitalizado", "hospitalised", Lang::Es),
    ("hospitalizada", "hospitalised", Lang::Es),
    ("ingresados", "hospitalised", Lang::Es),
    ("ingresadas", "hospitalised", Lang::Es),
    ("ingresado", "hospitalised", Lang::Es),
    ("ingresada", "hospitalised", Lang::Es),
    ("internados", "hospitalised", Lang::Es),
    ("en el hospital", "hospitalised", Lang::Es),
    ("rescatados", "rescued", Lang::Es),
    ("rescatadas", "rescued", Lang::Es),
    ("rescatado", "rescued", Lang::Es),
    ("rescatada", "rescued", Lang::Es),
    ("detenidos", "arrested", Lang::Es),
    ("detenidas", "arrested", Lang::Es),
    ("arrestados", "arrested", Lang::Es),
    ("tote", "dead", Lang::De),
    ("toten", "dead", Lang::De),
    ("tot", "dead", Lang::De),
    ("todesopfer", "dead", Lang::De),
    ("ums leben", "dead", Lang::De),
    ("getötet", "dead", Lang::De),
    ("vermisst", "missing", Lang::De),
    ("vermisste", "missing", Lang::De),
    ("vermissten", "missing", Lang::De),
    ("verletzte", "injured", Lang::De),
    ("verletzten", "injured", Lang::De),
    ("verletzt", "injured", Lang::De),
    ("evakuiert", "evacuated", Lang::De),
    ("häuser", "homes", Lang::De),
    ("wohnungen", "homes", Lang::De),
    ("im krankenhaus", "hospitalised", Lang::De),
    ("in krankenhäusern", "hospitalised", Lang::De),
    ("im spital", "hospitalised", Lang::De),
    ("in kliniken", "hospitalised", Lang::De),
    ("in der klinik", "hospitalised", Lang::De),
    ("gerettet", "rescued", Lang::De),
    ("festgenommen", "arrested", Lang::De),
    ("morts", "dead", Lang::Fr),
    ("mort", "dead", Lang::Fr),
    ("décès", "dead", Lang::Fr),
    ("tués", "dead", Lang::Fr),
    ("disparus", "missing", Lang::Fr),
    ("blessés", "injured", Lang::Fr),
    ("évacués", "evacuated", Lang::Fr),
    ("déplacés", "evacuated", Lang::Fr),
    ("maisons", "homes", Lang::Fr),
    ("logements", "homes", Lang::Fr),
    ("hospitalisés", "hospitalised", Lang::Fr),
    ("hospitalisées", "hospitalised", Lang::Fr),
    ("hospitalisé", "hospitalised", Lang::Fr),
    ("hospitalisée", "hospitalised", Lang::Fr),
    ("secourus", "rescued", Lang::Fr),
    ("arrêtés", "arrested", Lang::Fr),
    ("mortos", "dead", Lang::Pt),
    ("mortes", "dead", Lang::Pt),
    ("morreram", "dead", Lang::Pt),
    ("desaparecidos", "missing", Lang::Pt),
    ("feridos", "injured", Lang::Pt),
    ("desalojados", "evacuated", Lang::Pt),
    ("desabrigados", "evacuated", Lang::Pt),
    ("casas", "homes", Lang::Pt),
    ("internados", "hospitalised", Lang::Pt),
    ("internadas", "hospitalised", Lang::Pt),
    ("internado", "hospitalised", Lang::Pt),
    ("internada", "hospitalised", Lang::Pt),
    ("hospitalizados", "hospitalised", Lang::Pt),
    ("hospitalizadas", "hospitalised", Lang::Pt),
    ("no hospital", "hospitalised", Lang::Pt),
    ("resgatados", "rescued", Lang::Pt),
    ("presos", "arrested", Lang::Pt),
];

/// Verbs right before a figure that say what it counts.
const VERBS_BEFORE: &[(&str, &str, Lang)] = &[
    ("killed", "dead", Lang::En),
    ("rescued", "rescued", Lang::En),
    ("lifted", "rescued", Lang::En),
    ("airlifted", "rescued", Lang::En),
    ("evacuated", "evacuated", Lang::En),
    ("displaced", "evacuated", Lang::En),
    ("injured", "injured", Lang::En),
    ("wounded", "injured", Lang::En),
    ("arrested", "arrested", Lang::En),
    ("detained", "arrested", Lang::En),
    ("destroyed", "homes", Lang::En),
    ("mató", "dead", Lang::Es),
    ("rescataron", "rescued", Lang::Es),
    ("rescató", "rescued", Lang::Es),
    ("evacuaron", "evacuated", Lang::Es),
    ("evacuó", "evacuated", Lang::Es),
    ("detuvieron", "arrested", Lang::Es),
    ("detuvo", "arrested", Lang::Es),
];

/// Words for a running count of the dead.
const TOLLS: &[&str] = &[
    "toll",
    "balance",
    "saldo",
    "bilan",
    "todeszahl",
    "opferzahl",
];

const PEOPLE: &[&str] = &[
    "people",
    "persons",
    "personas",
    "personnes",
    "menschen",
    "pessoas",
];

const IRREGULAR_PLURALS: &[&str] = &[
    "children", "men", "women", "police", "cattle", "sheep", "staff", "crew",
];

/// Common verbs that end a noun group ("rain fell", "people lost power").
const COMMON_VERBS: &[&str] = &[
    "fell", "rose", "lost", "left", "came", "went", "took", "made", "saw", "hit", "struck",
    "broke", "burst", "spread", "began", "found", "held", "ran", "swept", "stood", "got", "gave",
    "kept", "died", "fled", "say", "says", "said", "told", "are", "were", "is", "was", "live",
    "work",
];

/// Verbs after a figure whose noun is left out ("more than 1,000 have been damaged").
const ELIDED_VERBS: &[&str] = &[
    "have", "has", "had", "were", "was", "are", "is", "han", "ha", "fueron", "sind", "wurden",
    "ont", "sont",
];

/// What happened to counted homes, in every language the quantities read.
const HOME_STATES: &[(&str, &str)] = &[
    ("destroyed", "homes destroyed"),
    ("razed", "homes destroyed"),
    ("flattened", "homes destroyed"),
    ("levelled", "homes destroyed"),
    ("leveled", "homes destroyed"),
    ("collapsed", "homes destroyed"),
    ("destruidas", "homes destroyed"),
    ("destruidos", "homes destroyed"),
    ("derrumbadas", "homes destroyed"),
    ("zerstört", "homes destroyed"),
    ("détruites", "homes destroyed"),
    ("détruits", "homes destroyed"),
    ("destruídas", "homes destroyed"),
    ("destruídos", "homes destroyed"),
    ("damaged", "homes damaged"),
    ("dañadas", "homes damaged"),
    ("dañados", "homes damaged"),
    ("daños", "homes damaged"),
    ("beschädigt", "homes damaged"),
    ("endommagées", "homes damaged"),
    ("endommagés", "homes damaged"),
    ("danificadas", "homes damaged"),
    ("danificados", "homes damaged"),
];

const INCREMENTS: &[&str] = &["more", "additional", "further", "extra"];

const DETERMINERS: &[&str] = &[
    "the", "a", "an", "them", "those", "these", "el", "la", "los", "las", "ellos", "ellas", "les",
    "der", "die", "das", "den", "os", "as",
];

const AUXILIARIES: &[&str] = &[
    "remain",
    "remained",
    "remains",
    "reportedly",
    "already",
    "siguen",
    "sigue",
    "seguían",
    "continúan",
    "permanecen",
    "quedaron",
    "resultaron",
    "están",
    "estaban",
    "fueron",
    "han",
];

/// Words that end the search for a measure cue: a new clause begins.
const WINDOW_STOPS: &[&str] = &[
    "and", "but", "or", "after", "before", "when", "while", "because", "since", "as", "although",
    "though", "than", "y", "pero", "o", "tras", "cuando", "mientras", "porque", "aunque", "desde",
    "und", "aber", "nachdem", "et", "mais", "après", "e", "mas", "após",
];

/// Words before a numeral that make it an identifier ("Route 66", "No. 5").
const ID_NOUNS: &[&str] = &[
    "exit",
    "junction",
    "suite",
    "apartment",
    "route",
    "line",
    "flight",
    "room",
    "page",
    "chapter",
    "article",
    "section",
    "road",
    "highway",
    "gate",
    "platform",
    "terminal",
    "level",
    "category",
    "phase",
    "stage",
    "number",
    "no",
    "nr",
    "núm",
    "número",
    "nº",
    "ruta",
    "línea",
    "vuelo",
    "página",
    "capítulo",
    "artículo",
    "sección",
    "fase",
    "nivel",
    "categoría",
    "carretera",
    "km",
    "#",
    "covid",
    "n",
];

/// True for the measures of the cue table ("dead", "homes") and for people in any role.
fn is_toll_measure(measure: &str) -> bool {
    measure == "people"
        || MEASURES.iter().any(|(_, m, _)| *m == measure)
        || measures::is_person(measure)
}

/// Words that end a street name after a house number ("12 Harbour Street").
const STREET_WORDS: &[&str] = &[
    "street",
    "st",
    "avenue",
    "ave",
    "road",
    "rd",
    "boulevard",
    "blvd",
    "lane",
    "drive",
    "way",
    "place",
    "square",
    "calle",
    "avenida",
    "strasse",
    "straße",
    "rue",
    "rua",
];

/// Words before a year ("in 2026", "desde 1998").
const YEAR_PREPOSITIONS: &[&str] = &[
    "in", "since", "of", "by", "until", "from", "the", "during", "year", "before", "after", "en",
    "desde", "de", "del", "el", "año", "hasta", "durante", "im", "seit", "depuis", "em", "in",
];

const ORDINAL_SUFFIXES: &[&str] = &[
    "st", "nd", "rd", "th", "º", "ª", "er", "e", "o", "a", "ème", "te",
];

#[cfg(test)]
mod tests {

    #[test]
    fn number_words_in_german_french_and_portuguese() {
        let cases = [
            ("Bei dem Unglück starben zwölf Menschen.", "de", 12.0),
            ("Douze personnes sont mortes dans l'accident.", "fr", 12.0),
            ("Morreram doze pessoas no acidente.", "pt", 12.0),
        ];
        for (text, language, value) in cases {
            let found = quantities(text, None, Some(language)).value;
            assert!(found.iter().any(|q| q.value == value), "{text}: {found:?}");
        }
        // "eine", "une", "uma" stay articles.
        let found = quantities("Eine Frau wurde verletzt.", None, Some("de")).value;
        assert!(found.iter().all(|q| q.value != 1.0), "{found:?}");
    }
    use super::*;

    /// Monday, 2 March 2026, 07:30 UTC.
    const MONDAY: &str = "2026-03-02T07:30:00Z";

    /// What a test expects of one figure.
    struct Want<'a> {
        text: &'a str,
        hedge: Hedge,
        value: f64,
        low: Option<f64>,
        high: Option<f64>,
        measure: &'a str,
        counted: &'a str,
    }

    fn want<'a>(
        text: &'a str,
        hedge: Hedge,
        value: f64,
        low: Option<f64>,
        high: Option<f64>,
        measure: &'a str,
        counted: &'a str,
    ) -> Want<'a> {
        Want {
            text,
            hedge,
            value,
            low,
            high,
            measure,
            counted,
        }
    }

    fn close(a: Option<f64>, b: Option<f64>) -> bool {
        match (a, b) {
            (Some(a), Some(b)) => (a - b).abs() < 1e-9 * b.abs().max(1.0),
            (None, None) => true,
            _ => false,
        }
    }

    /// Checks every figure of `input` against `expected`, in order.
    fn check(input: &str, language: Option<&str>, expected: &[Want<'_>]) {
        let published = MONDAY.parse::<jiff::Timestamp>().ok();
        let found = quantities(input, published, language).value;
        let summary: Vec<String> = found
            .iter()
            .map(|q| format!("{} [{:?}] {} / {}", q.text, q.hedge, q.measure, q.counted))
            .collect();
        assert_eq!(
            found.len(),
            expected.len(),
            "input: {input}\nfound: {summary:#?}"
        );
        for (q, w) in found.iter().zip(expected) {
            assert_eq!(q.text, w.text, "input: {input}");
            assert_eq!(q.span.slice(input), Some(q.text.as_str()));
            assert!(q.sentence.contains(q.span));
            assert_eq!(q.hedge, w.hedge, "{}", q.text);
            assert!(
                close(Some(q.value), Some(w.value)),
                "{}: value {}",
                q.text,
                q.value
            );
            assert!(close(q.low, w.low), "{}: low {:?}", q.text, q.low);
            assert!(close(q.high, w.high), "{}: high {:?}", q.text, q.high);
            assert_eq!(q.measure, w.measure, "{}", q.text);
            assert_eq!(q.counted, w.counted, "{}", q.text);
        }
    }

    /// The figure of `input` written `text`, read as published on [`MONDAY`].
    fn figure(input: &str, language: &str, text: &str) -> Quantity {
        let published = MONDAY.parse::<jiff::Timestamp>().ok();
        let found = quantities(input, published, Some(language)).value;
        found
            .iter()
            .find(|q| q.text == text)
            .cloned()
            .unwrap_or_else(|| panic!("{input}: no figure {text:?} in {found:#?}"))
    }

    /// One figure to check: the input, its language, the figure's text, its measure, low and
    /// high.
    type MeasureCase<'a> = (&'a str, &'a str, &'a str, &'a str, Option<f64>, Option<f64>);

    /// Checks the measure and interval of one figure of each input.
    fn check_measures(cases: &[MeasureCase<'_>]) {
        for &(input, language, text, measure, low, high) in cases {
            let q = figure(input, language, text);
            assert_eq!(q.measure, measure, "{input}");
            assert!(close(q.low, low), "{input}: low {:?}", q.low);
            assert!(close(q.high, high), "{input}: high {:?}", q.high);
        }
    }

    #[test]
    fn counted_nouns_meet_across_languages() {
        let about = |n: f64| (Some(0.9 * n), Some(1.1 * n));
        let (low, high) = about(2400.0);
        check_measures(&[
            (
                "About 2,400 miners blocked the road.",
                "en",
                "About 2,400",
                "miners",
                low,
                high,
            ),
            (
                "Unos 2.400 mineros cortaron la carretera.",
                "es",
                "Unos 2.400",
                "miners",
                low,
                high,
            ),
            (
                "Rund 2.400 Bergleute blockierten die Straße.",
                "de",
                "Rund 2.400",
                "miners",
                low,
                high,
            ),
            (
                "Environ 2 400 mineurs bloquaient la route.",
                "fr",
                "Environ 2 400",
                "miners",
                low,
                high,
            ),
            (
                "Cerca de 2.400 mineiros bloquearam a estrada.",
                "pt",
                "Cerca de 2.400",
                "miners",
                low,
                high,
            ),
            (
                "Fifteen tankers lay at anchor.",
                "en",
                "Fifteen",
                "ships",
                Some(15.0),
                Some(15.0),
            ),
            (
                "Quince petroleros seguían fondeados.",
                "es",
                "Quince",
                "ships",
                Some(15.0),
                Some(15.0),
            ),
            (
                "Only 3 ferries ran.",
                "en",
                "3",
                "ferries",
                Some(3.0),
                Some(3.0),
            ),
            (
                "Only one ferry ran.",
                "en",
                "one",
                "ferries",
                Some(1.0),
                Some(1.0),
            ),
            (
                "Hospital staff logged 58 suspected infections.",
                "en",
                "58",
                "cases",
                Some(58.0),
                Some(58.0),
            ),
            (
                "The port employs nine certified crane operators.",
                "en",
                "nine",
                "operators",
                Some(9.0),
                Some(9.0),
            ),
            (
                "The province has 12 bridge engineers.",
                "en",
                "12",
                "engineers",
                Some(12.0),
                Some(12.0),
            ),
            (
                "The city hired 40 school inspectors.",
                "en",
                "40",
                "inspectors",
                Some(40.0),
                Some(40.0),
            ),
            (
                "Some 80 employees were inside.",
                "en",
                "Some 80",
                "workers",
                Some(72.0),
                Some(88.0),
            ),
            (
                "Firefighters pulled four people from the river.",
                "en",
                "four",
                "rescued",
                Some(4.0),
                Some(4.0),
            ),
            (
                "Divers pulled four cars from the river.",
                "en",
                "four",
                "cars",
                Some(4.0),
                Some(4.0),
            ),
            (
                "Five boats are missing.",
                "en",
                "Five",
                "boats",
                Some(5.0),
                Some(5.0),
            ),
        ]);
    }

    #[test]
    fn counts_named_before_the_figure() {
        check_measures(&[
            (
                "The number of reported infections climbed to 212.",
                "en",
                "212",
                "cases",
                Some(212.0),
                Some(212.0),
            ),
            (
                "Officials said the number of stranded vessels had reached 35.",
                "en",
                "35",
                "ships",
                Some(35.0),
                Some(35.0),
            ),
            (
                "El número de contagios confirmados subió a 88.",
                "es",
                "88",
                "cases",
                Some(88.0),
                Some(88.0),
            ),
            (
                "The airline cut its fleet of cargo planes to 14 this year.",
                "en",
                "14",
                "aircraft",
                Some(14.0),
                Some(14.0),
            ),
            (
                "Passenger numbers fell, and bookings of flights dropped to 300.",
                "en",
                "300",
                "flights",
                Some(300.0),
                Some(300.0),
            ),
            (
                "The number of signatures has passed 5,000, organisers said.",
                "en",
                "5,000",
                "signatures",
                Some(5000.0),
                None,
            ),
        ]);
    }

    #[test]
    fn parts_of_groups_and_appositions() {
        check_measures(&[
            (
                "Three of the miners are being treated in hospital.",
                "en",
                "Three",
                "hospitalised",
                Some(3.0),
                Some(3.0),
            ),
            (
                "Four of the passengers have died.",
                "en",
                "Four",
                "dead",
                Some(4.0),
                Some(4.0),
            ),
            (
                "Dos de los pacientes siguen hospitalizados.",
                "es",
                "Dos",
                "hospitalised",
                Some(2.0),
                Some(2.0),
            ),
            (
                "Drei Patienten liegen im Krankenhaus.",
                "de",
                "Drei",
                "hospitalised",
                Some(3.0),
                Some(3.0),
            ),
            (
                "Onze patients restent hospitalisés.",
                "fr",
                "Onze",
                "hospitalised",
                Some(11.0),
                Some(11.0),
            ),
            (
                "Dez doentes continuam internados.",
                "pt",
                "Dez",
                "hospitalised",
                Some(10.0),
                Some(10.0),
            ),
            (
                "Sixty people remain in hospital with burns.",
                "en",
                "Sixty",
                "hospitalised",
                Some(60.0),
                Some(60.0),
            ),
            (
                "Sixty people were treated in hospital for their injuries.",
                "en",
                "Sixty",
                "injured",
                Some(60.0),
                Some(60.0),
            ),
            (
                "One worker, a 52-year-old welder, was killed.",
                "en",
                "One",
                "dead",
                Some(1.0),
                Some(1.0),
            ),
            (
                "The storm damaged 30 schools, and nine of them remain closed.",
                "en",
                "nine",
                "schools",
                Some(9.0),
                Some(9.0),
            ),
            (
                "Rescuers reached the stranded climbers, but two of them had died.",
                "en",
                "two",
                "dead",
                Some(2.0),
                Some(2.0),
            ),
        ]);
    }

    #[test]
    fn collective_numerals() {
        check_measures(&[
            (
                "Medio centenar de camiones esperaban en la frontera.",
                "es",
                "Medio centenar",
                "trucks",
                Some(45.0),
                Some(55.0),
            ),
            (
                "Un centenar de vecinos fueron desalojados.",
                "es",
                "Un centenar",
                "evacuated",
                Some(90.0),
                Some(110.0),
            ),
            (
                "Une vingtaine de manifestants ont été interpellés.",
                "fr",
                "Une vingtaine",
                "protesters",
                Some(18.0),
                Some(22.0),
            ),
            (
                "Uma dezena de navios aguardava no porto.",
                "pt",
                "Uma dezena",
                "ships",
                Some(9.0),
                Some(11.0),
            ),
            (
                "Ein Dutzend Schiffe lagen vor Anker.",
                "de",
                "Ein Dutzend",
                "ships",
                Some(12.0),
                Some(12.0),
            ),
            (
                "Half a dozen buses were stuck.",
                "en",
                "Half a dozen",
                "buses",
                Some(6.0),
                Some(6.0),
            ),
        ]);
    }

    #[test]
    fn the_day_of_the_figures_own_clause() {
        let cases = [
            (
                "El sábado por la tarde había 80 camiones en la cola.",
                "es",
                "80",
                "2026-02-28",
            ),
            (
                "The council approved the budget on Friday with 31 votes in favour.",
                "en",
                "31",
                "2026-02-27",
            ),
            (
                "Der Rat stimmte am Freitag mit 31 Stimmen zu.",
                "de",
                "31",
                "2026-02-27",
            ),
            (
                "At least 9 people were injured after a bus overturned on Saturday.",
                "en",
                "At least 9",
                "2026-03-02",
            ),
            (
                "Tras las lluvias del sábado, 14 carreteras siguen cortadas.",
                "es",
                "14",
                "2026-03-02",
            ),
            (
                "Crews said 40 homes had been without power since Saturday.",
                "en",
                "40",
                "2026-03-02",
            ),
            (
                "The agency counted 210 complaints, up from 150 on Friday.",
                "en",
                "210",
                "2026-03-02",
            ),
            (
                "The records show 85 faults still open at the end of February.",
                "en",
                "85",
                "2026-02-28",
            ),
            (
                "About 30 guests were in the hotel when the fire broke out on Saturday.",
                "en",
                "About 30",
                "2026-02-28",
            ),
            (
                "The mayor said on Friday that 12 schools would stay shut.",
                "en",
                "12",
                "2026-02-27",
            ),
        ];
        for (input, language, text, day) in cases {
            let q = figure(input, language, text);
            assert_eq!(
                q.as_of.map(|d| d.to_string()).as_deref(),
                Some(day),
                "{input}"
            );
        }
        // An older figure to compare with is not a figure of the article.
        let published = MONDAY.parse::<jiff::Timestamp>().ok();
        for input in [
            "The force now has 40 detectives, compared with 65 in 2019.",
            "The force now has 40 detectives, down from 65 on Friday.",
        ] {
            let found = quantities(input, published, Some("en")).value;
            assert!(found.iter().all(|q| q.value != 65.0), "{input}: {found:?}");
        }
    }

    #[test]
    fn english_hedges() {
        check(
            "At least 12 people have died in Veska.",
            Some("en"),
            &[want(
                "At least 12",
                Hedge::AtLeast,
                12.0,
                Some(12.0),
                None,
                "dead",
                "people have died",
            )],
        );
        check(
            "More than 2,000 people were evacuated from their homes.",
            Some("en"),
            &[want(
                "More than 2,000",
                Hedge::MoreThan,
                2000.0,
                Some(2000.0),
                None,
                "evacuated",
                "people were evacuated",
            )],
        );
        check(
            "About 300 homes were damaged and nearly 60 people were rescued.",
            None,
            &[
                want(
                    "About 300",
                    Hedge::About,
                    300.0,
                    Some(270.0),
                    Some(330.0),
                    "homes damaged",
                    "homes",
                ),
                want(
                    "nearly 60",
                    Hedge::About,
                    60.0,
                    Some(54.0),
                    Some(60.0),
                    "rescued",
                    "people were rescued",
                ),
            ],
        );
        check(
            "Up to 40 people were injured; fewer than 10 remained missing.",
            Some("en"),
            &[
                want(
                    "Up to 40",
                    Hedge::AtMost,
                    40.0,
                    None,
                    Some(40.0),
                    "injured",
                    "people were injured",
                ),
                want(
                    "fewer than 10",
                    Hedge::LessThan,
                    10.0,
                    None,
                    Some(10.0),
                    "missing",
                    "remained missing",
                ),
            ],
        );
        check(
            "Between 40 and 50 houses collapsed, and 20 to 30 dams failed.",
            Some("en"),
            &[
                want(
                    "Between 40 and 50",
                    Hedge::Range,
                    40.0,
                    Some(40.0),
                    Some(50.0),
                    "homes destroyed",
                    "houses",
                ),
                want(
                    "20 to 30",
                    Hedge::Range,
                    20.0,
                    Some(20.0),
                    Some(30.0),
                    "dams",
                    "dams",
                ),
            ],
        );
        check(
            "Some 80 schools closed and roughly 1.2 million people lost power.",
            Some("en"),
            &[
                want(
                    "Some 80",
                    Hedge::About,
                    80.0,
                    Some(72.0),
                    Some(88.0),
                    "schools",
                    "schools",
                ),
                want(
                    "roughly 1.2 million",
                    Hedge::About,
                    1.2e6,
                    Some(1.08e6),
                    Some(1.32e6),
                    "people",
                    "people",
                ),
            ],
        );
    }

    #[test]
    fn english_words_tolls_and_verbs() {
        check(
            "Nine people remained missing and twelve were killed.",
            Some("en"),
            &[
                want(
                    "Nine",
                    Hedge::Exact,
                    9.0,
                    Some(9.0),
                    Some(9.0),
                    "missing",
                    "people remained missing",
                ),
                want(
                    "twelve",
                    Hedge::Exact,
                    12.0,
                    Some(12.0),
                    Some(12.0),
                    "dead",
                    "were killed",
                ),
            ],
        );
        check(
            "The death toll rose to at least 19 on Tuesday.",
            Some("en"),
            &[want(
                "at least 19",
                Hedge::AtLeast,
                19.0,
                Some(19.0),
                None,
                "dead",
                "death toll",
            )],
        );
        check(
            "The death toll from the floods stood at 31.",
            Some("en"),
            &[want(
                "31",
                Hedge::Exact,
                31.0,
                Some(31.0),
                Some(31.0),
                "dead",
                "death toll",
            )],
        );
        check(
            "Helicopters rescued a dozen people and twenty-seven cows.",
            Some("en"),
            &[
                want(
                    "a dozen",
                    Hedge::Exact,
                    12.0,
                    Some(12.0),
                    Some(12.0),
                    "rescued",
                    "people",
                ),
                want(
                    "twenty-seven",
                    Hedge::Exact,
                    27.0,
                    Some(27.0),
                    Some(27.0),
                    "cattle",
                    "cows",
                ),
            ],
        );
        check(
            "Dozens of people were hurt and thousands were forced from their homes.",
            Some("en"),
            &[
                want(
                    "Dozens",
                    Hedge::Vague,
                    24.0,
                    Some(24.0),
                    None,
                    "injured",
                    "people were hurt",
                ),
                want(
                    "thousands",
                    Hedge::Vague,
                    2000.0,
                    Some(2000.0),
                    None,
                    "evacuated",
                    "were forced from their homes",
                ),
            ],
        );
    }

    #[test]
    fn spanish_figures() {
        check(
            "Las inundaciones han dejado al menos 27 muertos.",
            Some("es"),
            &[want(
                "al menos 27",
                Hedge::AtLeast,
                27.0,
                Some(27.0),
                None,
                "dead",
                "muertos",
            )],
        );
        check(
            "Unos 4.500 vecinos han sido evacuados y otras 14 personas siguen desaparecidas.",
            Some("es"),
            &[
                want(
                    "Unos 4.500",
                    Hedge::About,
                    4500.0,
                    Some(4050.0),
                    Some(4950.0),
                    "evacuated",
                    "vecinos han sido evacuados",
                ),
                want(
                    "14",
                    Hedge::Exact,
                    14.0,
                    Some(14.0),
                    Some(14.0),
                    "missing",
                    "personas siguen desaparecidas",
                ),
            ],
        );
        check(
            "Más de 70 personas han sido rescatadas y casi doce resultaron heridas.",
            Some("es"),
            &[
                want(
                    "Más de 70",
                    Hedge::MoreThan,
                    70.0,
                    Some(70.0),
                    None,
                    "rescued",
                    "personas han sido rescatadas",
                ),
                want(
                    "casi doce",
                    Hedge::About,
                    12.0,
                    Some(10.8),
                    Some(12.0),
                    "injured",
                    "resultaron heridas",
                ),
            ],
        );
        check(
            "Entre 40 y 50 viviendas quedaron destruidas y hasta veintisiete personas desaparecidas.",
            Some("es"),
            &[
                want(
                    "Entre 40 y 50",
                    Hedge::Range,
                    40.0,
                    Some(40.0),
                    Some(50.0),
                    "homes destroyed",
                    "viviendas",
                ),
                want(
                    "hasta veintisiete",
                    Hedge::AtMost,
                    27.0,
                    None,
                    Some(27.0),
                    "missing",
                    "personas desaparecidas",
                ),
            ],
        );
        check(
            "Menos de 10 casas resistieron; cerca de 3,5 millones de personas y miles de evacuados.",
            Some("es"),
            &[
                want(
                    "Menos de 10",
                    Hedge::LessThan,
                    10.0,
                    None,
                    Some(10.0),
                    "homes",
                    "casas",
                ),
                want(
                    "cerca de 3,5 millones",
                    Hedge::About,
                    3.5e6,
                    Some(3.15e6),
                    Some(3.85e6),
                    "people",
                    "personas",
                ),
                want(
                    "miles",
                    Hedge::Vague,
                    2000.0,
                    Some(2000.0),
                    None,
                    "evacuated",
                    "evacuados",
                ),
            ],
        );
        check(
            "Por lo menos nueve personas murieron y decenas de heridos.",
            None,
            &[
                want(
                    "Por lo menos nueve",
                    Hedge::AtLeast,
                    9.0,
                    Some(9.0),
                    None,
                    "dead",
                    "personas murieron",
                ),
                want(
                    "decenas",
                    Hedge::Vague,
                    20.0,
                    Some(20.0),
                    None,
                    "injured",
                    "heridos",
                ),
            ],
        );
    }

    #[test]
    fn elided_nouns_and_verbs_before() {
        check(
            "About 200 homes were destroyed and more than 1,000 damaged.",
            Some("en"),
            &[
                want(
                    "About 200",
                    Hedge::About,
                    200.0,
                    Some(180.0),
                    Some(220.0),
                    "homes destroyed",
                    "homes",
                ),
                want(
                    "more than 1,000",
                    Hedge::MoreThan,
                    1000.0,
                    Some(1000.0),
                    None,
                    "homes damaged",
                    "",
                ),
            ],
        );
        check(
            "Cerca de 200 viviendas han quedado destruidas y más de 1.000 han sufrido daños.",
            Some("es"),
            &[
                want(
                    "Cerca de 200",
                    Hedge::About,
                    200.0,
                    Some(180.0),
                    Some(220.0),
                    "homes destroyed",
                    "viviendas",
                ),
                want(
                    "más de 1.000",
                    Hedge::MoreThan,
                    1000.0,
                    Some(1000.0),
                    None,
                    "homes damaged",
                    "",
                ),
            ],
        );
        check(
            "The storm killed 12 and injured 40, four in Ostmark.",
            Some("en"),
            &[
                want("12", Hedge::Exact, 12.0, Some(12.0), Some(12.0), "dead", ""),
                want(
                    "40",
                    Hedge::Exact,
                    40.0,
                    Some(40.0),
                    Some(40.0),
                    "injured",
                    "",
                ),
            ],
        );
    }

    #[test]
    fn other_languages() {
        check(
            "Mindestens 12 Menschen kamen ums Leben, etwa 300 Häuser wurden zerstört.",
            Some("de"),
            &[
                want(
                    "Mindestens 12",
                    Hedge::AtLeast,
                    12.0,
                    Some(12.0),
                    None,
                    "dead",
                    "Menschen kamen ums Leben",
                ),
                want(
                    "etwa 300",
                    Hedge::About,
                    300.0,
                    Some(270.0),
                    Some(330.0),
                    "homes destroyed",
                    "Häuser",
                ),
            ],
        );
        check(
            "Au moins 8 morts et plus de 1.500 évacués.",
            Some("fr"),
            &[
                want(
                    "Au moins 8",
                    Hedge::AtLeast,
                    8.0,
                    Some(8.0),
                    None,
                    "dead",
                    "morts",
                ),
                want(
                    "plus de 1.500",
                    Hedge::MoreThan,
                    1500.0,
                    Some(1500.0),
                    None,
                    "evacuated",
                    "évacués",
                ),
            ],
        );
    }

    #[test]
    fn non_counts_are_skipped() {
        check(
            "In 2026, at 7:30 and again at 5 p.m. on March 3, the 1st team saw Route 66 and COVID-19.",
            Some("en"),
            &[],
        );
        check(
            "2000 Menschen wurden evakuiert, die 1998 Bilanz nicht.",
            Some("de"),
            &[want(
                "2000",
                Hedge::Exact,
                2000.0,
                Some(2000.0),
                Some(2000.0),
                "evacuated",
                "Menschen wurden evakuiert",
            )],
        );
        check(
            "El 3 de marzo a las 10 llegaron; Marta Kovac, 58, lo vio.",
            Some("es"),
            &[],
        );
        check(
            "The toll rose from 12 to 19, down from 25, and crews found two more bodies.",
            Some("en"),
            &[want(
                "19",
                Hedge::Exact,
                19.0,
                Some(19.0),
                Some(19.0),
                "dead",
                "toll",
            )],
        );
    }

    #[test]
    fn units_and_money() {
        let published = MONDAY.parse::<jiff::Timestamp>().ok();
        let found = quantities(
            "Up to 140 millimetres of rain fell, 40% of homes flooded, the state pledged $5 million in aid and 50 million euros, and the river rose nearly three metres in under six hours.",
            published,
            Some("en"),
        )
        .value;
        let summary: Vec<(&str, Option<&str>, &str)> = found
            .iter()
            .map(|q| (q.text.as_str(), q.unit.as_deref(), q.measure.as_str()))
            .collect();
        assert_eq!(
            summary,
            [
                ("Up to 140 millimetres", Some("millimetre"), "rain"),
                ("40%", Some("percentage"), "homes"),
                ("$5 million", Some("dollar"), "aid"),
                ("50 million euros", Some("euro"), "money"),
                ("nearly three metres", Some("metre"), "metre"),
                ("under six hours", Some("hour"), "hour"),
            ]
        );
        assert_eq!(found[2].value, 5e6);
    }

    #[test]
    fn as_of_days() {
        let published = MONDAY.parse::<jiff::Timestamp>().ok();
        let day = |s: &str| s.parse::<Date>().ok();
        let found = quantities(
            "The death toll rose to 19 on Sunday, officials said on Monday.",
            published,
            None,
        )
        .value;
        assert_eq!(
            (found[0].as_of, found[0].as_of_stated),
            (day("2026-03-01"), true)
        );
        let found = quantities("As of Saturday, 31 people had died.", published, None).value;
        assert_eq!(
            (found[0].as_of, found[0].as_of_stated),
            (day("2026-02-28"), true)
        );
        let found = quantities(
            "Nine people died after the river burst its banks on Sunday.",
            published,
            None,
        )
        .value;
        assert_eq!(
            (found[0].as_of, found[0].as_of_stated),
            (day("2026-03-02"), false)
        );
        let found = quantities("Hasta el viernes había 27 muertos.", published, Some("es")).value;
        assert_eq!(
            (found[0].as_of, found[0].as_of_stated),
            (day("2026-02-27"), true)
        );
        let found = quantities("Nine people died.", None, None).value;
        assert_eq!((found[0].as_of, found[0].as_of_stated), (None, false));
    }

    /// The figures of `input` as (text, value, unit), as `figures` finds them in English.
    fn figure_summary(input: &str) -> Vec<(String, f64, Option<String>)> {
        figures(input, Some("en"))
            .value
            .into_iter()
            .map(|q| (q.text, q.value, q.unit))
            .collect()
    }

    #[test]
    fn figures_with_units_and_currencies() {
        let expect = |input: &str, want: &[(&str, f64, Option<&str>)]| {
            let found = figure_summary(input);
            let want: Vec<(String, f64, Option<String>)> = want
                .iter()
                .map(|(t, v, u)| (t.to_string(), *v, u.map(str::to_string)))
                .collect();
            assert_eq!(found, want, "{input}");
        };
        expect(
            "It cost 3 dollars 75 cents and C$ 40, and the fee was USD 12.50.",
            &[
                ("3 dollars 75 cents", 3.75, Some("dollar")),
                ("C$ 40", 40.0, Some("canadian dollar")),
                ("USD 12.50", 12.5, Some("dollar")),
            ],
        );
        expect(
            "They raised 30 MUSD, 75 USD million, half a million euros and 2.5M dollars.",
            &[
                ("30 MUSD", 3e7, Some("dollar")),
                ("75 USD million", 7.5e7, Some("dollar")),
                ("half a million euros", 5e5, Some("euro")),
                ("2.5M dollars", 2.5e6, Some("dollar")),
            ],
        );
        expect(
            "Add 1/2 cup of milk, 7 3/4 % more and ½ teaspoon of salt, then 10 1/2 miles.",
            &[
                ("1/2 cup", 0.5, Some("cup")),
                ("7 3/4 %", 7.75, Some("percentage")),
                ("½ teaspoon", 0.5, Some("teaspoon")),
                ("10 1/2 miles", 10.5, Some("mile")),
            ],
        );
        expect(
            "Temperatures fell to -12 degrees Celsius, and 14 °F at night; turn 90°.",
            &[
                ("-12 degrees Celsius", -12.0, Some("celsius")),
                ("14 °F", 14.0, Some("fahrenheit")),
                ("90°", 90.0, Some("degree")),
            ],
        );
        expect(
            "Shares traded at $ 45 a share; output was 300,000 barrels a day at 88 km/h.",
            &[
                ("$ 45 a share", 45.0, Some("dollar per share")),
                ("300,000 barrels a day", 3e5, Some("barrel per day")),
                ("88 km/h", 88.0, Some("kilometre per hour")),
            ],
        );
        expect(
            "The file is 100 MB, the stream 40 mb per second; it weighs 20 (kg).",
            &[
                ("100 MB", 100.0, Some("megabyte")),
                ("40 mb per second", 40.0, Some("megabit per second")),
                ("20 (kg)", 20.0, Some("kilogram")),
            ],
        );
        expect(
            "The 30-year-old, a girl aged 7, a baby 18 months old and men about 40 - 50 years old.",
            &[
                ("30-year-old", 30.0, Some("year of age")),
                ("aged 7", 7.0, Some("year of age")),
                ("18 months old", 18.0, Some("month of age")),
                ("about 40 - 50 years old", 40.0, Some("year of age")),
            ],
        );
        expect(
            "The baby weighs seven pounds. He was fined 500 pounds.",
            &[
                ("seven pounds", 7.0, Some("pound-mass")),
                ("500 pounds", 500.0, Some("pound sterling")),
            ],
        );
        // Codes, years before a noun and phone numbers are not figures; a hyphenated number
        // word carries its unit.
        expect(
            "They live at 123 Random Street, near exit 436; 12 Dead On Main Street.",
            &[("12", 12.0, None)],
        );
        expect(
            "Call 555-1234-5678, code 24703L202, the 1998 sales, a six-mile walk and 5 km2.",
            &[
                ("six-mile", 6.0, Some("mile")),
                ("5 km2", 5.0, Some("square kilometre")),
            ],
        );
        // The pronoun "one" is no figure; "a year earlier" is no rate; a bare number is kept.
        expect(
            "One can see it 3 times, sales a year earlier of $ 5 million and 32 is the number.",
            &[
                ("3 times", 3.0, Some("count")),
                ("$ 5 million", 5e6, Some("dollar")),
                ("32", 32.0, None),
            ],
        );
    }

    #[test]
    fn units_in_other_languages() {
        let names = |input: &str, language: &str| -> Vec<Option<String>> {
            figures(input, Some(language))
                .value
                .into_iter()
                .map(|q| q.unit)
                .collect()
        };
        let some = |names: &[&str]| -> Vec<Option<String>> {
            names.iter().map(|n| Some(n.to_string())).collect()
        };
        assert_eq!(
            names(
                "Cuesta 20 euros, pesa 3 kilos y mide 12 metros cuadrados.",
                "es"
            ),
            some(&["euro", "kilogram", "square metre"])
        );
        assert_eq!(
            names(
                "Es kostet 20 Euro und ist 5 Kilometer lang, bei 30 Grad Celsius.",
                "de"
            ),
            some(&["euro", "kilometre", "celsius"])
        );
        assert_eq!(
            names(
                "Il coûte 20 livres sterling et fait 3 kilomètres carrés.",
                "fr"
            ),
            some(&["pound sterling", "square kilometre"])
        );
        assert_eq!(
            names(
                "Custa 20 reais e pesa 3 quilos, a 100 quilômetros por hora.",
                "pt"
            ),
            some(&["brazilian real", "kilogram", "kilometre per hour"])
        );
    }

    #[test]
    fn figures_in_other_languages() {
        let values = |input: &str, language: &str| -> Vec<(f64, Option<String>)> {
            figures(input, Some(language))
                .value
                .into_iter()
                .map(|q| (q.value, q.unit))
                .collect()
        };
        let unit = |name: &str| Some(name.to_string());
        assert_eq!(
            values(
                "Le budget est de 12 500 euros et de 0,9 billion de pieds cubes.",
                "fr"
            ),
            [(12_500.0, unit("euro")), (9e11, unit("cubic foot"))]
        );
        assert_eq!(
            values(
                "Custa apenas 15 dólares com 50 e 1,6 milhoes de dólares.",
                "pt"
            ),
            [(15.5, unit("dollar")), (1.6e6, unit("dollar"))]
        );
        assert_eq!(
            values(
                "Der Preis liegt bei 16,4 Millionen kanadischen Dollar.",
                "de"
            ),
            [(16.4e6, unit("canadian dollar"))]
        );
    }

    #[test]
    fn digits_parse_by_language() {
        assert_eq!(parse_digits("2,000", false), Some(2000.0));
        assert_eq!(parse_digits("4.500", true), Some(4500.0));
        assert_eq!(parse_digits("4.500", false), Some(4.5));
        assert_eq!(parse_digits("3,5", true), Some(3.5));
        assert_eq!(parse_digits("1,234,567.5", false), Some(1_234_567.5));
        assert_eq!(parse_digits("1.234.567,5", true), Some(1_234_567.5));
        assert_eq!(parse_digits("3.5.2026", true), None);
        assert_eq!(tidy(16.4 * 1e6), 16_400_000.0);
        assert_eq!(tidy(-0.3), -0.3);
        assert_eq!(tidy(1e-300), 1e-300);
        assert_eq!(parse_digits("12,34,567", false), None);
        assert_eq!(parse_digits(&"9".repeat(500), false), None);
    }
}
