//! Temporal expressions found and normalised to TIMEX3 values ("last Friday" → `1998-08-07`,
//! "the third quarter" → `1989-Q3`, "the past two months" → `P2M`, "daily" → `P1D`).
//!
//! The words of each language live in the data files `crates/claims/data/timex/*.txt` (see
//! `lexicon.rs` for the format); the grammar below is shared by all languages. It reads one
//! sentence at a time and, at each token, keeps the longest expression any rule finds there:
//!
//! - calendar dates in either order ("Aug. 7, 1998", "7 de agosto de 1998", "7. August"),
//!   numeric dates ("1998-08-07", "07/08/1998" by the language's order), months, years,
//!   decades, centuries ("the 20th century"), quarters, halves, seasons and holidays;
//! - the date the article named last, at a unit's grain ("that year", "earlier that day");
//! - days named relative to the publication day ("yesterday", "tonight", "last Friday"),
//!   shifted units ("last year", "la semana pasada"), and counts back or forward ("two years
//!   ago", "hace tres días", "a year earlier");
//! - durations ("five years", "the past 24 hours", "for weeks"), clock times ("3:30 p.m.",
//!   "noon", "7:56:30", "half past eight", "seven o'clock", "8 in the morning", "a las 7"),
//!   and recurrences ("daily", "every Monday");
//! - the general references `PRESENT_REF`, `PAST_REF`, `FUTURE_REF` ("now", "recently", "the
//!   future").
//!
//! A leading determiner ("the") belongs to the expression, as in TimeML; a leading modifier
//! ("early", "late", "more than") becomes the `mod`.
//!
//! Weekdays, months and seasons without a year are read in the tense of their sentence: the
//! nearest tense cue before the expression (else after it) decides whether "Friday" is the one
//! before or after the publication day. "A year earlier" counts from the last date the article
//! named ("the third quarter" → a year earlier is `1988-Q3`); "two years ago" counts from the
//! publication day. Without a publication day, expressions that need one are left out, except
//! weekdays and month-days, which keep `X` in the unknown places (`XXXX-WXX-5`).

mod calendar;
pub(crate) mod lexicon;
mod tokens;

use calendar::{Point, Unit};
use jiff::civil::{Date, Weekday};
use lexicon::{Class, Lexicon};
use model::{Span, Timex, TimexType};
use tokens::Tok;

/// Finds the temporal expressions of a text, in text order, with their TIMEX3 values.
///
/// `reference` is the publication day that relative expressions count from. `language` is an
/// ISO 639-1 code; English, Spanish, German, French and Portuguese have word lists, any other
/// language (or `None`) is read with the English ones.
pub fn timexes(text: &str, reference: Option<Date>, language: Option<&str>) -> Vec<Timex> {
    let lowered = crate::doc::lowered(text);
    let sentences = text::sentences(text).into_iter().map(|s| (s, None));
    tag(text, &lowered, sentences, reference, language)
}

/// [`timexes`] over sentences already found (spans of `text`), so that an article analysed
/// for the other extractors is not cut into sentences again, each with its tokens when the
/// shared analysis (`crate::doc`) has them, so that they are not cut again either; `lowered`
/// is the text lower-cased by `crate::doc::lowered`.
pub(crate) fn tag<'t>(
    text: &'t str,
    lowered: &'t str,
    sentences: impl IntoIterator<Item = (Span, Option<&'t [crate::doc::Token<'t>]>)>,
    reference: Option<Date>,
    language: Option<&str>,
) -> Vec<Timex> {
    let code = language
        .and_then(|tag| tag.trim().split(['-', '_']).next())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let mut tagger = Tagger {
        lex: lexicon::lexicon(&code),
        toks: Vec::new(),
        heads: Vec::new(),
        near: Vec::new(),
        numbers: Vec::new(),
        cues: Vec::new(),
        dct: reference,
        anchor: None,
        named: None,
        sentence_day: None,
    };
    let mut out = Vec::new();
    for (sentence, analysed) in sentences {
        match analysed {
            Some(analysed) => {
                // A sentence without a digit or an anchor word holds no expression (see
                // below); a word the tagger cuts differently may hide one.
                let may_hold = analysed.iter().any(|t| match t.kind {
                    crate::doc::Kind::Number => true,
                    crate::doc::Kind::Word => !t.plain || tagger.lex.anchors(&t.lower),
                    crate::doc::Kind::Punct => false,
                });
                if !may_hold {
                    continue;
                }
                tokens::from_doc(&mut tagger.toks, text, lowered, analysed)
            }
            None => tokens::cut_into(
                &mut tagger.toks,
                text,
                Some(lowered),
                sentence.start,
                sentence.end,
            ),
        }
        let lex = tagger.lex;
        tagger.heads.clear();
        tagger
            .heads
            .extend(tagger.toks.iter().map(|t| lex.heads(t.lower.as_ref())));
        // What lies within reach of each token: the classes of the phrases starting there and
        // whether a digit or an anchor word does.
        let mut own = std::mem::take(&mut tagger.near);
        own.clear();
        own.extend(tagger.toks.iter().zip(&tagger.heads).map(|(tok, heads)| {
            let mut bits = heads.map_or(0, |h| h.mask);
            if tok.is_digit() || heads.is_some_and(|h| h.anchor) {
                bits |= NEAR_ANCHOR;
            }
            bits
        }));
        // A count right after a strong clock lead ("a las siete") is a time.
        for k in 0..own.len() {
            if own
                .get(k)
                .is_some_and(|bits| bits & Class::ClockLead.bit() != 0)
                && let Some((end, "1")) = tagger.at(Class::ClockLead, k)
                && let Some(bits) = own.get_mut(end)
            {
                *bits |= NEAR_ANCHOR;
            }
        }
        if own.iter().all(|bits| bits & NEAR_ANCHOR == 0) {
            // No digit and no anchor word: the sentence holds no expression.
            tagger.near = own;
            continue;
        }
        // Each token's own bits become those of the tokens within reach; going forward, the
        // bits still to read are never overwritten.
        // Doubling the reach three times spans 8 tokens.
        const _: () = assert!(ANCHOR_REACH == 8);
        for step in [1, 2, 4] {
            for k in step..own.len() {
                let later = own.get(k).copied().unwrap_or(0);
                if let Some(slot) = own.get_mut(k - step) {
                    *slot |= later;
                }
            }
        }
        tagger.near = own;
        tagger.numbers.clear();
        tagger
            .numbers
            .resize(tagger.toks.len(), std::cell::Cell::new(None));
        tagger.cues.clear();
        tagger
            .cues
            .resize(tagger.toks.len(), std::cell::Cell::new(None));
        tagger.sentence_day = None;
        let mut i = 0;
        while i < tagger.toks.len() {
            let Some(found) = tagger.expression(i) else {
                i += 1;
                continue;
            };
            let (Some(first), Some(last)) =
                (tagger.toks.get(found.start), tagger.toks.get(found.end - 1))
            else {
                i += 1;
                continue;
            };
            let span = Span::new(first.start, last.end);
            if found.value.is_empty() {
                // An impossible date ("February 30, 1998"): no part of it is reported.
                i = found.end.max(i + 1);
                continue;
            }
            if let Some(point) = found.point.filter(|_| found.anchors) {
                tagger.anchor = Some(point);
            }
            if found.point.is_some() {
                tagger.named = found.point;
            }
            if found.value.len() == 10
                && let Ok(day) = found.value.parse::<Date>()
            {
                tagger.sentence_day = Some(day);
            }
            out.push(Timex {
                span,
                sentence,
                text: span.slice(text).unwrap_or_default().to_string(),
                kind: found.kind,
                value: found.value,
                modifier: found.modifier.map(str::to_string),
            });
            i = found.end.max(i + 1);
        }
    }
    out
}

/// What `read` gives for token `i`, read once and remembered in `slots`; `None` past the end.
fn remembered<T: Copy>(
    slots: &[std::cell::Cell<Option<T>>],
    i: usize,
    read: impl FnOnce() -> T,
) -> Option<T> {
    let slot = slots.get(i)?;
    if let Some(known) = slot.get() {
        return Some(known);
    }
    let value = read();
    slot.set(Some(value));
    Some(value)
}

/// One expression found at a token.
#[derive(Debug, Clone)]
struct Found {
    start: usize,
    end: usize,
    kind: TimexType,
    value: String,
    modifier: Option<&'static str>,
    /// The calendar point, when the expression names one.
    point: Option<Point>,
    /// Whether later counts ("a year earlier") start from this point.
    anchors: bool,
}

impl Found {
    fn date(start: usize, end: usize, point: Point) -> Found {
        Found {
            start,
            end,
            kind: TimexType::Date,
            value: calendar::format(point),
            modifier: None,
            point: Some(point),
            anchors: true,
        }
    }

    fn other(start: usize, end: usize, kind: TimexType, value: String) -> Found {
        Found {
            start,
            end,
            kind,
            value,
            modifier: None,
            point: None,
            anchors: false,
        }
    }
}

/// The tense of the clause around an expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tense {
    Past,
    Future,
    Unknown,
}

/// A count read at a token: the index after it and its value, `None` inside when unknown
/// ("a few").
type Count = Option<(usize, Option<f64>)>;

/// How far after the start of an expression its first anchor can lie, in tokens; also how
/// far the words a rule needs can lie ("Friday" in "the following Friday").
const ANCHOR_REACH: usize = 8;

// The class bits stay below the flag.
const _: () = assert!((Class::Extra as u32) < 63);

/// In [`Tagger::near`]: a digit or an anchor word is within reach.
const NEAR_ANCHOR: u64 = 1 << 63;

const MODIFIERS: [&str; 8] = [
    "START",
    "END",
    "MID",
    "APPROX",
    "MORE_THAN",
    "LESS_THAN",
    "EQUAL_OR_MORE",
    "EQUAL_OR_LESS",
];

/// True when "the" before an expression belongs to it ("the third quarter", "the past two
/// months", "the 1990s"), not to a noun phrase around it ("the Aug. 7 attack").
fn takes_determiner(found: &Found) -> bool {
    if found.value.ends_with("_REF") {
        return false;
    }
    match found.point {
        // "the year-ago results": a relative year takes it, a plain "1998" does not.
        Some(Point::Year(_)) => found.end - found.start > 1,
        Some(Point::Day(_) | Point::Month(..)) => false,
        Some(_) => true,
        None => !found
            .value
            .starts_with(|c: char| c.is_ascii_digit() || c == 'X'),
    }
}

struct Tagger<'t> {
    lex: &'static Lexicon,
    toks: Vec<Tok<'t>>,
    /// The lexicon's phrases starting at each token, looked up once.
    heads: Vec<Option<&'static lexicon::Heads>>,
    /// For each token, what the tokens from it to [`ANCHOR_REACH`] after it hold: the class
    /// bits of the phrases starting there and [`NEAR_ANCHOR`].
    near: Vec<u64>,
    /// The count read at each token, once read (see [`Tagger::number_at`]).
    numbers: Vec<std::cell::Cell<Option<Count>>>,
    /// The tense cue of each token (`None` inside when it has none), read when a rule first
    /// asks for it.
    cues: Vec<std::cell::Cell<Option<Option<Tense>>>>,
    dct: Option<Date>,
    anchor: Option<Point>,
    /// The date the article named last, for "that year".
    named: Option<Point>,
    /// The day the current sentence named last, for a clock time after it ("On Tuesday, at
    /// 9.40 a.m.").
    sentence_day: Option<Date>,
}

impl<'t> Tagger<'t> {
    fn tok(&self, i: usize) -> Option<&Tok<'t>> {
        self.toks.get(i)
    }

    fn at(&self, class: Class, i: usize) -> Option<(usize, &'static str)> {
        let heads = (*self.heads.get(i)?)?;
        lexicon::match_heads(heads, class, &self.toks, i)
    }

    fn has(&self, class: Class, i: usize) -> bool {
        self.at(class, i).is_some()
    }

    /// What lies within reach of token `i` (see [`Tagger::near`]).
    fn near(&self, i: usize) -> u64 {
        self.near.get(i).copied().unwrap_or(0)
    }

    /// True when a phrase of one of `classes` starts within reach of token `i`.
    fn near_any(&self, i: usize, classes: &[Class]) -> bool {
        let near = self.near(i);
        classes.iter().any(|c| near & c.bit() != 0)
    }

    fn is_punct(&self, i: usize, c: char) -> bool {
        self.tok(i).is_some_and(|t| t.is(c))
    }

    /// The longest expression starting at token `i`, with a leading determiner or modifier.
    fn expression(&self, i: usize) -> Option<Found> {
        // Every rule starts with a listed word, a digit, or the apostrophe of "'90s".
        let tok = self.tok(i)?;
        let listed = self
            .heads
            .get(i)
            .copied()
            .flatten()
            .is_some_and(|h| h.starts);
        if !listed && !tok.is_digit() && !tok.is('\'') {
            return None;
        }
        // The first anchor of an expression comes within a few tokens of its start ("at
        // least the past two weeks").
        if self.near(i) & NEAR_ANCHOR == 0 {
            return None;
        }
        let mut best = self.core(i);
        let mut consider = |candidate: Option<Found>| {
            if let Some(c) = candidate
                && best.as_ref().is_none_or(|b| c.end > b.end)
            {
                best = Some(c);
            }
        };
        if let Some((j, _)) = self.at(Class::Det, i)
            && let Some(mut found) = self.core(j)
            && found.start == j
            && takes_determiner(&found)
        {
            found.start = i;
            consider(Some(found));
        }
        if let Some((j, modifier)) = self.at(Class::ModBefore, i) {
            let modifier = MODIFIERS.iter().find(|m| **m == modifier).copied();
            let mut starts = vec![j];
            if let Some((k, _)) = self.at(Class::Det, j) {
                starts.push(k);
            }
            for k in starts {
                let Some(mut found) = self.core(k) else {
                    continue;
                };
                let fits = match modifier {
                    Some("START" | "END" | "MID") => {
                        matches!(found.kind, TimexType::Date | TimexType::Time)
                    }
                    Some(_) => {
                        found.kind == TimexType::Duration
                            && self.number_at(k).is_some_and(|(_, n)| n.is_some())
                    }
                    None => false,
                };
                if fits && found.start == k {
                    found.start = i;
                    found.modifier = modifier;
                    consider(Some(found));
                }
            }
        }
        // "60 Minutes", "High Noon", "This Week": a title, not a time.
        if self.lex.capital_months
            && best
                .as_ref()
                .is_some_and(|b| (b.start..b.end).any(|t| self.title_word(t)))
        {
            return None;
        }
        best
    }

    /// True when token `t` is a unit of a week or less, or a clock word, written with a
    /// capital after another word, as in a title.
    fn title_word(&self, t: usize) -> bool {
        let Some(tok) = self.tok(t) else {
            return false;
        };
        let after_word = t > 0
            && self
                .tok(t - 1)
                .is_some_and(|p| p.is_alpha() || p.is_digit());
        tok.capital
            && tok.is_alpha()
            && after_word
            && (self.has(Class::Clock, t)
                || self.unit_at(t).is_some_and(|(_, unit, _)| {
                    matches!(unit, Unit::Week | Unit::Hour | Unit::Minute | Unit::Second)
                }))
    }

    /// The longest expression any rule finds starting at token `i`.
    fn core(&self, i: usize) -> Option<Found> {
        use Class as C;
        let mask = self.heads.get(i).copied().flatten().map_or(0, |h| h.mask);
        let digit = self.tok(i).is_some_and(Tok::is_digit);
        let apostrophe = self.is_punct(i, '\'');
        // Each rule runs only when the first token is of a class it can start with.
        let any = |classes: &[Class]| classes.iter().any(|c| mask & c.bit() != 0);
        let mut best: Option<Found> = None;
        let mut keep = |candidate: Option<Found>| {
            if let Some(c) = candidate
                && best.as_ref().is_none_or(|b| c.end > b.end)
            {
                best = Some(c);
            }
        };
        if any(&[C::Ref]) {
            keep(self.reference(i));
        }
        if any(&[C::Det, C::WeekdayLead]) {
            keep(self.bare_day(i));
        }
        // A calendar date names a month, or a unit ("the 20th of next month"), or a month by
        // its number after "del" ("el 17 del 11").
        if (digit || any(&[C::Weekday, C::Month, C::MonthShort, C::Number, C::Ordinal]))
            && (self.near_any(i, &[C::Month, C::MonthShort, C::Unit])
                || (digit && (i + 1..i + 4).any(|k| self.tok(k).is_some_and(|t| t.lower == "del"))))
        {
            keep(self.calendar_date(i));
        }
        if digit {
            keep(self.numeric_date(i));
        }
        if digit || apostrophe || any(&[C::Fiscal, C::DecadeWord, C::Number, C::Unit]) {
            keep(self.year(i));
        }
        if any(&[C::Ordinal]) {
            keep(self.quarter(i));
            keep(self.nth_weekday(i));
        }
        if digit || any(&[C::Ordinal]) {
            keep(self.century(i));
        }
        if any(&[C::Anaphor, C::AnaphorLead]) {
            keep(self.anaphoric(i));
        }
        if any(&[C::PartOfDay]) && self.led_by(Class::ModBefore, i) {
            keep(self.part_of_day(i));
        }
        if any(&[C::ShiftBefore, C::Season]) {
            keep(self.season(i));
        }
        if any(&[C::ShiftBefore, C::Weekday]) && self.near_any(i, &[C::Weekday]) {
            keep(self.weekday(i));
        }
        // Durations, counts back or forward and shifted units name a unit; a shift may name
        // a month ("last March").
        let unit = self.near_any(i, &[C::Unit]);
        if unit && (digit || any(&[C::ShiftBefore, C::Ordinal, C::Number, C::Unit])) {
            keep(self.duration(i));
        }
        if any(&[C::ShiftBefore, C::Det, C::Unit]) && (unit || self.near_any(i, &[C::Month])) {
            keep(self.shifted(i));
        }
        if unit && (digit || any(&[C::AgoBefore, C::Number, C::Unit])) {
            keep(self.counted(i));
        }
        if digit || any(&[C::Clock, C::Number, C::Unit]) {
            keep(self.clock(i));
        }
        if any(&[C::SetWord, C::Every]) {
            keep(self.recurrence(i));
        }
        if any(&[C::ShiftBefore, C::Holiday]) {
            keep(self.holiday(i));
        }
        best
    }

    // ---- reading pieces -------------------------------------------------------------------

    /// A count: digits, number words ("twenty four", "a few"); `None` inside means unknown.
    /// Read once per token: most rules ask.
    fn number_at(&self, i: usize) -> Count {
        remembered(&self.numbers, i, || self.read_number(i))?
    }

    fn read_number(&self, i: usize) -> Count {
        let tok = self.tok(i)?;
        if tok.is_digit() {
            let value: f64 =
                if tok.lower.len() <= 15 && tok.lower.bytes().all(|b| b.is_ascii_digit()) {
                    // Exact in a u64 and in an f64, without the float parser.
                    tok.lower
                        .bytes()
                        .fold(0u64, |n, b| n * 10 + u64::from(b - b'0')) as f64
                } else if !tok.lower.contains([',', '.']) {
                    tok.lower.parse().ok()?
                } else if self.lex.decimal_comma {
                    tok.lower.replace('.', "").replace(',', ".").parse().ok()?
                } else {
                    tok.lower.replace(',', "").parse().ok()?
                };
            return Some(self.fraction_after(i + 1, value));
        }
        let (end, value) = self.at(Class::Number, i)?;
        if value == "X" {
            return Some((end, None));
        }
        let mut value: f64 = value.parse().ok()?;
        let mut end = end;
        // "twenty four", "vingt et un": tens then units.
        if (20.0..100.0).contains(&value) && value % 10.0 == 0.0 {
            let skip = usize::from(
                self.tok(end)
                    .is_some_and(|t| t.lower == "et" || t.lower == "y" || t.lower == "e"),
            );
            if let Some((next, Some(units))) = self
                .at(Class::Number, end + skip)
                .map(|(n, v)| (n, v.parse::<f64>().ok()))
                && (1.0..10.0).contains(&units)
            {
                value += units;
                end = next;
            }
        }
        Some((end, Some(value)))
    }

    /// A whole count with a fraction written after it ("5 1/2"): the index after the
    /// fraction and the value with it; else `i` and the count.
    fn fraction_after(&self, i: usize, whole: f64) -> (usize, Option<f64>) {
        if whole.fract() != 0.0 {
            return (i, Some(whole));
        }
        let lower = |k: usize| self.tok(i + k).map_or("", |t| t.lower.as_ref());
        let glued = |k: usize| self.tok(i + k).is_some_and(|t| t.glued);
        let written = match (lower(0), lower(1), lower(2)) {
            ("1", "/", "2") => Some(0.5),
            ("1", "/", "4") => Some(0.25),
            ("3", "/", "4") => Some(0.75),
            _ => None,
        };
        if let Some(part) = written
            && !glued(0)
            && glued(1)
            && glued(2)
            && !self.tok(i + 3).is_some_and(|t| t.glued)
        {
            return (i + 3, Some(whole + part));
        }
        (i, Some(whole))
    }

    /// A unit word: the index after it, the unit, and whether it is plural.
    fn unit_at(&self, i: usize) -> Option<(usize, Unit, bool)> {
        let (end, value) = self.at(Class::Unit, i)?;
        let mut parts = value.split_whitespace();
        let unit = Unit::parse(parts.next()?)?;
        Some((end, unit, parts.next() == Some("s")))
    }

    /// A day of the month: "7", "7th", "1er", "7." (German); the index after it.
    fn day_at(&self, i: usize) -> Option<(usize, i8)> {
        let tok = self.tok(i)?;
        if tok.is_alpha() {
            return self.day_word_at(i);
        }
        let day = i8::try_from(tok.small_number(2)?).ok()?;
        if !(1..=31).contains(&day) {
            return None;
        }
        let mut end = i + 1;
        if let Some(next) = self.tok(end)
            && next.glued
            && next.is_alpha()
            && matches!(
                next.lower.as_ref(),
                "st" | "nd" | "rd" | "th" | "er" | "o" | "ro" | "º" | "ª" | "e"
            )
        {
            end += 1;
        }
        Some((end, day))
    }

    /// A day of the month in words: "first", "twenty-first", "twenty one", "thirty".
    fn day_word_at(&self, i: usize) -> Option<(usize, i8)> {
        let read = |at: usize| -> Option<(usize, f64)> {
            if let Some((end, n)) = self.at(Class::Ordinal, at) {
                return Some((end, n.parse().ok()?));
            }
            let (end, n) = self.at(Class::Number, at)?;
            Some((end, n.parse().ok()?))
        };
        let (mut end, mut day) = read(i)?;
        let conjunction = usize::from(
            self.tok(end)
                .is_some_and(|t| matches!(t.lower.as_ref(), "et" | "y" | "e" | "and")),
        );
        if (day == 20.0 || day == 30.0)
            && let Some((after, units)) = read(end + conjunction)
            && (1.0..10.0).contains(&units)
        {
            day += units;
            end = after;
        }
        // "a" and "an" count as one only before a unit.
        if day.fract() != 0.0 || !(1.0..=31.0).contains(&day) || self.has(Class::Det, i) {
            return None;
        }
        Some((end, day as i8))
    }

    /// A four-digit year (1000–2999), possibly glued to an apostrophe-s.
    fn year_at(&self, i: usize) -> Option<(usize, i16)> {
        let tok = self.tok(i)?;
        if tok.lower.len() != 4 {
            return None;
        }
        let year = i16::try_from(tok.small_number(4)?).ok()?;
        (1000..=2999).contains(&year).then_some((i + 1, year))
    }

    fn month_at(&self, i: usize) -> Option<(usize, i8)> {
        let (end, value) = self.at(Class::Month, i)?;
        Some((end, value.parse().ok()?))
    }

    /// A month name or a short form that is only a month next to a day ("2 Oct", "ene").
    fn month_near_day_at(&self, i: usize) -> Option<(usize, i8)> {
        self.month_at(i).or_else(|| {
            let (end, value) = self.at(Class::MonthShort, i)?;
            Some((end, value.parse().ok()?))
        })
    }

    /// The index after a separator glued between the parts of "Oct-2" or "2/Oct", or `i`.
    fn skip_glued_separator(&self, i: usize) -> usize {
        match self.tok(i) {
            Some(t) if (t.is('-') || t.is('/')) && self.tok(i + 1).is_some_and(|n| n.glued) => {
                i + 1
            }
            _ => i,
        }
    }

    fn weekday_at(&self, i: usize) -> Option<(usize, Weekday)> {
        let (end, value) = self.at(Class::Weekday, i)?;
        // Where weekdays are written in lower case, a capital inside a sentence is a name
        // ("Plácido Domingo").
        if self.lex.lowercase_weekdays && i > 0 && self.tok(i).is_some_and(|t| t.capital) {
            return None;
        }
        let n: i8 = value.parse().ok()?;
        Some((end, Weekday::from_monday_one_offset(n).ok()?))
    }

    fn shift_before(&self, i: usize) -> Option<(usize, i64)> {
        let (end, value) = self.at(Class::ShiftBefore, i)?;
        Some((end, value.parse().ok()?))
    }

    fn shift_after(&self, i: usize) -> Option<(usize, i64)> {
        let (end, value) = self.at(Class::ShiftAfter, i)?;
        Some((end, value.parse().ok()?))
    }

    /// A part of the day after `i`: the index after it and its code (`MO`, `NI`).
    fn part_of_day_at(&self, i: usize) -> Option<(usize, &'static str)> {
        let mut j = i;
        if let Some((k, _)) = self.at(Class::Det, j) {
            j = k;
        }
        self.at(Class::PartOfDay, j)
            .or_else(|| self.at(Class::PartOfDay, i))
    }

    // ---- tense ------------------------------------------------------------------------------

    fn tense_cue(&self, k: usize) -> Option<Tense> {
        if self.has(Class::Future, k) {
            return Some(Tense::Future);
        }
        if self.has(Class::Past, k) {
            return Some(Tense::Past);
        }
        let tok = self.tok(k)?;
        let short = tok.lower.len() < 5 || (!tok.lower.is_ascii() && tok.lower.chars().count() < 5);
        if !tok.is_alpha() || short {
            return None;
        }
        let ends = |list: &[String]| list.iter().any(|s| tok.lower.ends_with(s.as_str()));
        if ends(&self.lex.suffix_exceptions) {
            None
        } else if ends(&self.lex.future_suffixes) {
            Some(Tense::Future)
        } else if ends(&self.lex.past_suffixes) {
            Some(Tense::Past)
        } else {
            None
        }
    }

    /// The tense of the nearest cue before token `first`, else after token `end`. A past
    /// participle right after a future auxiliary ("will be held") reads as future.
    fn tense(&self, first: usize, end: usize) -> Tense {
        let cue = |k: usize| remembered(&self.cues, k, || self.tense_cue(k)).flatten();
        for k in (0..first).rev().take(12) {
            match cue(k) {
                Some(Tense::Past) => {
                    let auxiliary = (k.saturating_sub(3)..k).any(|a| cue(a) == Some(Tense::Future));
                    return if auxiliary {
                        Tense::Future
                    } else {
                        Tense::Past
                    };
                }
                // "had been due to expire Friday": a plan seen from the past.
                Some(Tense::Future)
                    if (k.saturating_sub(5)..k)
                        .any(|a| self.at(Class::Perfect, a).is_some_and(|(e, _)| e <= k)) =>
                {
                    return Tense::Past;
                }
                Some(tense) => return tense,
                None => {}
            }
        }
        (end..self.toks.len())
            .take(8)
            .find_map(cue)
            .unwrap_or(Tense::Unknown)
    }

    // ---- resolution ------------------------------------------------------------------------

    /// The year of a month (and day) named without one, by the tense around it.
    fn year_for(&self, month: i8, day: Option<i8>, tense: Tense) -> Option<i16> {
        let dct = self.dct?;
        // How far ahead of the publication day the date lies this year, in months.
        let mut ahead = f64::from(month - dct.month());
        if let Some(day) = day {
            ahead += f64::from(day - dct.day()) / 31.0;
        }
        // The window the date should fall in: mostly behind in a past clause, mostly ahead in
        // a future one, the nearest otherwise; news mentions near dates on either side.
        let slack = if day.is_some() { 0.3 } else { 0.0 };
        let (behind, forward) = match tense {
            Tense::Past => (10.0, 2.0 + slack),
            Tense::Future => (2.0 + slack, 10.0),
            Tense::Unknown => (6.0, 6.0),
        };
        let year = dct.year();
        Some(if ahead > forward {
            year - 1
        } else if ahead < -behind {
            year + 1
        } else {
            year
        })
    }

    fn day_value(&self, year: Option<i16>, month: i8, day: i8) -> Option<(String, Option<Point>)> {
        match year {
            Some(y) => {
                // February 29 of a common year: the leap year before it (news looks back).
                let y = if month == 2 && day == 29 && Date::new(y, 2, 29).is_err() {
                    (1..4)
                        .map(|back| y - back)
                        .find(|y| Date::new(*y, 2, 29).is_ok())?
                } else {
                    y
                };
                let date = Date::new(y, month, day).ok()?;
                Some((calendar::format(Point::Day(date)), Some(Point::Day(date))))
            }
            None => {
                // No year to check against: February 29 is allowed, February 30 is not.
                Date::new(2000, month, day).ok()?;
                Some((format!("XXXX-{month:02}-{day:02}"), None))
            }
        }
    }

    // ---- rules -------------------------------------------------------------------------------

    /// "now", "yesterday", "tonight", "the future", "the latest quarter".
    fn reference(&self, i: usize) -> Option<Found> {
        let (end, value) = self.at(Class::Ref, i)?;
        if value.ends_with("_REF") {
            return Some(Found::other(i, end, TimexType::Date, value.to_string()));
        }
        if value.starts_with('P') {
            return Some(Found::other(i, end, TimexType::Duration, value.to_string()));
        }
        // "por la mañana" is the morning, not tomorrow: a day word after an article is a noun.
        if value.starts_with('D')
            && i > 0
            && self.has(Class::Det, i - 1)
            && self.has(Class::PartOfDay, i)
        {
            return None;
        }
        let dct = self.dct?;
        let mut parts = value.split_whitespace();
        let head = parts.next()?;
        let pod = parts.next();
        // "For the week, the index dropped": a week of the year, which one left unsaid.
        if let Some(unit) = head.strip_suffix('X').and_then(Unit::parse) {
            let unknown = match unit {
                Unit::Week => "WXX",
                Unit::Month => "XX",
                Unit::Quarter => "QX",
                _ => return None,
            };
            let value = format!("{}-{unknown}", calendar::format(Point::Year(dct.year())));
            return Some(Found::other(i, end, TimexType::Date, value));
        }
        let split = head
            .find(|c: char| !c.is_ascii_uppercase())
            .unwrap_or(head.len());
        let (grain, offset) = head.split_at(split);
        let unit = Unit::parse(grain)?;
        let offset: i64 = match offset {
            "?" if unit == Unit::Weekend => {
                // The weekend just past, or the coming one in a future clause.
                let weekend_now = dct.weekday().to_monday_one_offset() >= 6;
                match self.tense(i, end) {
                    Tense::Future => 0,
                    _ if weekend_now => 0,
                    _ => -1,
                }
            }
            "?" if self.tense(i, end) != Tense::Future => -1,
            "?" => 0,
            _ => offset.parse().ok()?,
        };
        // "the year ended Sept. 30": a fiscal year, twelve months rather than the calendar year.
        if unit == Unit::Year && offset == 0 && pod.is_none() && self.has(Class::PeriodEnd, end) {
            let value = calendar::duration(Some(1.0), unit);
            return Some(Found::other(i, end, TimexType::Duration, value));
        }
        if unit == Unit::Weekend {
            let point = calendar::shift(calendar::containing(dct, unit), offset, unit)?;
            let value = format!("{}-WE", calendar::format(point));
            return Some(Found::other(i, end, TimexType::Date, value));
        }
        let Some(point) = calendar::shift(calendar::containing(dct, unit), offset, unit) else {
            // A day past the ends of the calendar: the whole phrase is taken, and nothing told.
            return Some(Found::other(i, end, TimexType::Date, String::new()));
        };
        if let Point::Day(day) = point {
            let (end, pod) = match pod {
                Some(pod) => (end, Some(pod)),
                None => match self.part_of_day_at(end) {
                    Some((after, pod)) => (after, Some(pod)),
                    None => (end, None),
                },
            };
            if let Some(pod) = pod {
                let value = format!("{}T{pod}", calendar::format(Point::Day(day)));
                return Some(Found::other(i, end, TimexType::Time, value));
            }
        }
        Some(Found::date(i, end, point))
    }

    /// "Aug. 7, 1998", "Friday, March 3", "7 de agosto de 1998", "7. August", "July 1997",
    /// "November".
    fn calendar_date(&self, i: usize) -> Option<Found> {
        let mut k = i;
        if let Some((after, _)) = self.weekday_at(k) {
            k = after;
            if self.is_punct(k, ',') {
                k += 1;
            }
        }
        // "the 20th of next month".
        if let Some((j, d)) = self.day_at(k)
            && let Some((j, _)) = self.at(Class::Joiner, j)
            && let Some(found) = self.shifted(j)
            && let Some(Point::Month(y, m)) = found.point
        {
            let (value, point) = self.day_value(Some(y), m, d)?;
            return Some(Found {
                point,
                ..Found::other(i, found.end, TimexType::Date, value)
            });
        }
        let (end, year, month, day) = self.month_first(k).or_else(|| self.day_first(k))?;
        if k > i && day.is_none() {
            return None;
        }
        match (year, day) {
            (Some(y), Some(d)) => {
                let Some((value, point)) = self.day_value(Some(y), month, d) else {
                    return Some(Found::other(i, end, TimexType::Date, String::new()));
                };
                Some(Found {
                    point,
                    ..Found::other(i, end, TimexType::Date, value)
                })
            }
            (Some(y), None) => Some(Found::date(i, end, Point::Month(y, month))),
            (None, Some(d)) => {
                let y = self.year_for(month, Some(d), self.tense(i, end));
                let (value, point) = self.day_value(y, month, d)?;
                Some(Found {
                    point,
                    ..Found::other(i, end, TimexType::Date, value)
                })
            }
            (None, None) => {
                let tok = self.tok(k)?;
                if self.lex.capital_months && !tok.capital {
                    return None;
                }
                // "May" opening a sentence (or a quote) before a lower-case word is as often
                // the verb as the month; after a word ("in May that"), it is the month.
                let after_word = k > 0 && self.tok(k - 1).is_some_and(|t| t.is_alpha());
                if tok.lower == "may"
                    && (k == 0
                        || (!after_word
                            && self.tok(k + 1).is_some_and(|t| {
                                t.is_alpha() && !t.capital && !self.has(Class::Joiner, k + 1)
                            })))
                {
                    return None;
                }
                match self.year_for(month, None, self.tense(i, end)) {
                    Some(y) => Some(Found::date(i, end, Point::Month(y, month))),
                    None => Some(Found::other(
                        i,
                        end,
                        TimexType::Date,
                        format!("XXXX-{month:02}"),
                    )),
                }
            }
        }
    }

    /// Month, then an optional day and year: (end, year, month, day).
    fn month_first(&self, k: usize) -> Option<(usize, Option<i16>, i8, Option<i8>)> {
        let (mut end, month, short) = match self.month_at(k) {
            Some((end, month)) => (end, month, false),
            None => {
                let (end, month) = self.month_near_day_at(k)?;
                (end, month, true)
            }
        };
        let mut day = None;
        let mut at = self.skip_glued_separator(end);
        if let Some((after, _)) = self.at(Class::Det, at)
            && self.day_at(after).is_some()
        {
            at = after;
        }
        // "January nineteen ninety-seven": the words are a year, not a day.
        let spoken = self
            .spoken_year(at, at)
            .is_some_and(|found| found.end > at + 1);
        if let Some((after, d)) = self.day_at(at)
            && self.year_at(at).is_none()
            && !spoken
        {
            day = Some(d);
            end = after;
        }
        if short && day.is_none() {
            return None;
        }
        let mut j = end;
        if self.is_punct(j, ',') {
            j += 1;
        } else if day.is_none()
            && let Some((after, _)) = self.at(Class::Joiner, j)
        {
            j = after;
        }
        if let Some((after, year)) = self.year_at(j) {
            return Some((after, Some(year), month, day));
        }
        // "July last year", "in March this year".
        if let Some(found) = self.shifted(j)
            && let Some(Point::Year(year)) = found.point
        {
            return Some((found.end, Some(year), month, day));
        }
        if let Some(found) = self.spoken_year(j, j)
            && let Some(Point::Year(year)) = found.point
        {
            return Some((found.end, Some(year), month, day));
        }
        Some((end, None, month, day))
    }

    /// Day, then month and an optional year: (end, year, month, day).
    fn day_first(&self, k: usize) -> Option<(usize, Option<i16>, i8, Option<i8>)> {
        let (mut j, day) = self.day_at(k)?;
        if self.is_punct(j, '.') {
            j += 1;
        }
        let mut month_number = false;
        if let Some((after, _)) = self.at(Class::Joiner, j) {
            // "el 17 del 11": Spanish names the month by its number after "del".
            month_number = self.tok(j).is_some_and(|t| t.lower == "del");
            j = after;
        }
        j = self.skip_glued_separator(j);
        let numbered = || {
            let m = self.tok(j)?.small_number(2)?;
            (month_number && (1..=12).contains(&m)).then(|| (j + 1, m as i8))
        };
        let (mut end, month) = self.month_near_day_at(j).or_else(numbered)?;
        if self.is_punct(end, '.') && self.year_at(end + 1).is_some() {
            end += 1;
        }
        let mut y = end;
        if self.is_punct(y, ',') {
            y += 1;
        } else if let Some((after, _)) = self.at(Class::Joiner, y) {
            y = after;
        }
        if let Some((after, year)) = self.year_at(y) {
            return Some((after, Some(year), month, Some(day)));
        }
        if let Some(found) = self.spoken_year(y, y)
            && let Some(Point::Year(year)) = found.point
        {
            return Some((found.end, Some(year), month, Some(day)));
        }
        Some((end, None, month, Some(day)))
    }

    /// "1998-08-07", "08/07/1998" and "8/7/98" (order by language, the other order when the
    /// first cannot be), "7.8.1998", "2019-sep-1", and a month and day alone ("4/22").
    fn numeric_date(&self, i: usize) -> Option<Found> {
        let a = self.tok(i)?;
        if a.is_digit() && a.lower.matches('.').count() == 2 {
            let parts: Vec<u32> = a
                .lower
                .split('.')
                .map(|p| p.parse().ok())
                .collect::<Option<_>>()?;
            let (x, y, z) = (*parts.first()?, *parts.get(1)?, *parts.get(2)?);
            return if a.lower.split('.').next().is_some_and(|p| p.len() == 4) {
                self.numeric(i, i + 1, x, y, z)
            } else {
                self.numeric(i, i + 1, z, y, x)
            };
        }
        // "15.1.", "28.10.": day and month with closing stops, as German writes them.
        if a.is_digit()
            && self.lex.day_first
            && a.lower.matches('.').count() == 1
            && self.tok(i + 1).is_some_and(|t| t.glued && t.is('.'))
            && let Some((d, m)) = a.lower.split_once('.')
            && let (Ok(d), Ok(m)) = (d.parse::<i8>(), m.parse::<i8>())
            && d.to_string().len() <= 2
        {
            let year = self.year_for(m, Some(d), self.tense(i, i + 2));
            let (value, point) = self.day_value(year, m, d)?;
            return Some(Found {
                point,
                ..Found::other(i, i + 2, TimexType::Date, value)
            });
        }
        // "2019-sep-1": the hyphens beside letters are dropped by the tokenizer.
        if a.lower.len() == 4
            && let Some(year) = a.small_number(4)
            && self.tok(i + 1).is_some_and(|t| t.glued)
            && let Some((after, month)) = self.month_near_day_at(i + 1)
            && let Some(day) = self
                .tok(after)
                .filter(|t| t.glued)
                .and_then(|t| t.small_number(2))
        {
            return self.numeric(i, after + 1, year, u32::try_from(month).ok()?, day);
        }
        if let Some(found) = self.date_after_on(i) {
            return Some(found);
        }
        let sep = self.tok(i + 1)?;
        if !(sep.is('-') || sep.is('/')) || !sep.glued {
            return None;
        }
        let b = self.tok(i + 2).filter(|t| t.glued)?;
        let x = a.small_number(4)?;
        // "2019-sep-1": year, month name, day.
        if a.lower.len() == 4
            && let Some((after, month)) = self.month_near_day_at(i + 2)
            && self
                .tok(after)
                .is_some_and(|t| t.glued && t.lower == sep.lower)
            && let Some(day) = self
                .tok(after + 1)
                .filter(|t| t.glued)
                .and_then(|t| t.small_number(2))
        {
            return self.numeric(i, after + 2, x, u32::try_from(month).ok()?, day);
        }
        // "08/12,2015": the comma between digits keeps "12,2015" one token.
        if sep.is('/')
            && let Some((day, year)) = b.lower.split_once(',')
            && day.len() <= 2
            && matches!(year.len(), 2 | 4)
            && a.lower.len() <= 2
        {
            let (y, z) = (day.parse().ok()?, year.parse().ok()?);
            let year = if year.len() == 4 {
                z
            } else {
                self.full_year(z)
            };
            let (month, day) = self.month_day_order(x, y)?;
            return self.numeric(i, i + 3, year, month, day);
        }
        let y = b.small_number(2)?;
        let full = self
            .tok(i + 3)
            .filter(|t| t.glued && t.lower == sep.lower)
            .and_then(|_| self.tok(i + 4).filter(|t| t.glued));
        let Some(c) = full else {
            // A month and day without a year ("4/22", "22/04"): only with a slash, which
            // scores and ranges do not use.
            if !sep.is('/') || a.lower.len() > 2 {
                return None;
            }
            // "2 1/2", "5/8", "12 3/4%": fractions, as in share prices.
            let fraction = x < y && matches!(y, 2 | 3 | 4 | 5 | 8 | 10 | 16 | 32 | 64);
            let after_number = i > 0 && self.tok(i - 1).is_some_and(Tok::is_digit);
            if fraction || after_number || self.is_punct(i + 3, '%') {
                return None;
            }
            let (month, day) = self.month_day_order(x, y)?;
            let (month, day) = (i8::try_from(month).ok()?, i8::try_from(day).ok()?);
            let year = self.year_for(month, Some(day), self.tense(i, i + 3));
            let (value, point) = self.day_value(year, month, day)?;
            return Some(Found {
                point,
                ..Found::other(i, i + 3, TimexType::Date, value)
            });
        };
        let z = c.small_number(4)?;
        let end = i + 5;
        if a.lower.len() == 4 {
            return self.numeric(i, end, x, y, z);
        }
        let year = match c.lower.len() {
            4 => z,
            2 => self.full_year(z),
            _ => return None,
        };
        let (month, day) = self.month_day_order(x, y)?;
        self.numeric(i, end, year, month, day)
    }

    /// A two-digit year in the century that puts it at most 20 years ahead of the publication
    /// day.
    fn full_year(&self, z: u32) -> u32 {
        let now = self
            .dct
            .map_or(2000, |d| u32::try_from(d.year()).unwrap_or(2000));
        let base = now - now % 100;
        if base + z > now + 20 {
            base + z - 100
        } else {
            base + z
        }
    }

    /// "on 15", "on 4-22", "on 4.22": a day, or a month and day without a year written with a
    /// hyphen or a stop, read only after "on" and at the end of a clause ("on 4.22 million
    /// shares", "on 15 counts" are no dates).
    fn date_after_on(&self, i: usize) -> Option<Found> {
        if !self.led_by(Class::WeekdayLead, i) {
            return None;
        }
        let a = self.tok(i)?;
        let closes = |end: usize| {
            self.tok(end)
                .is_none_or(|t| matches!(t.lower.as_ref(), "." | "," | ";" | "!" | "?" | ")"))
        };
        // "on 15": a day of the month alone, where the clause ends.
        if let Some(day) = a.small_number(2)
            && closes(i + 1)
            && (1..=31).contains(&day)
        {
            return self.day_of_month(i, i + 1, i8::try_from(day).ok()?);
        }
        let (x, y, end) = match a.lower.split_once('.') {
            Some((x, y)) if x.len() <= 2 && y.len() <= 2 => {
                (x.parse().ok()?, y.parse().ok()?, i + 1)
            }
            Some(_) => return None,
            None => {
                let sep = self.tok(i + 1).filter(|t| t.glued && t.is('-'))?;
                let b = self.tok(i + 2).filter(|t| t.glued)?;
                if a.lower.len() > 2 || sep.lower.len() != 1 {
                    return None;
                }
                (a.small_number(2)?, b.small_number(2)?, i + 3)
            }
        };
        if !closes(end) {
            return None;
        }
        let (month, day) = self.month_day_order(x, y)?;
        let (month, day) = (i8::try_from(month).ok()?, i8::try_from(day).ok()?);
        let year = self.year_for(month, Some(day), self.tense(i, end));
        let (value, point) = self.day_value(year, month, day)?;
        Some(Found {
            point,
            ..Found::other(i, end, TimexType::Date, value)
        })
    }

    /// The month and day of two numbers in the language's order, or the other order when
    /// the first is impossible ("21/04" in English is still 21 April).
    fn month_day_order(&self, x: u32, y: u32) -> Option<(u32, u32)> {
        let (month, day) = if self.lex.day_first { (y, x) } else { (x, y) };
        if (1..=12).contains(&month) && (1..=31).contains(&day) {
            Some((month, day))
        } else if (1..=12).contains(&day) && (1..=31).contains(&month) {
            Some((day, month))
        } else {
            None
        }
    }

    fn numeric(&self, i: usize, end: usize, y: u32, m: u32, d: u32) -> Option<Found> {
        let date = Date::new(
            i16::try_from(y).ok()?,
            i8::try_from(m).ok()?,
            i8::try_from(d).ok()?,
        );
        let Ok(date) = date else {
            // "2/29/2019": shaped like a date but impossible; no part of it is reported.
            return (m <= 12 && d <= 31 && y >= 1000)
                .then(|| Found::other(i, end, TimexType::Date, String::new()));
        };
        Some(Found::date(i, end, Point::Day(date)))
    }

    /// "1998", "fiscal 1989", "the 1990s", "'90s", "the nineties".
    fn year(&self, i: usize) -> Option<Found> {
        let mut k = i;
        if let Some((after, _)) = self.at(Class::Fiscal, k) {
            k = after;
            if let Some((after, year)) = self.year_at(k) {
                return Some(Found::date(i, after, Point::Year(year)));
            }
            return None;
        }
        if let Some((end, n)) = self.at(Class::DecadeWord, k) {
            let century = self.dct.map_or(19, |d| d.year() / 100);
            let n: i16 = n.parse().ok()?;
            return Some(Found::date(i, end, Point::Decade(century * 10 + n)));
        }
        if self.is_punct(k, '\'')
            && let Some(tok) = self.tok(k + 1)
            && tok.lower.len() == 2
            && let Some(n) = tok.small_number(2)
            && self.tok(k + 2).is_some_and(|t| t.glued && t.lower == "s")
        {
            let century = self.dct.map_or(19, |d| d.year() / 100);
            let n = i16::try_from(n / 10).ok()?;
            return Some(Found::date(i, k + 3, Point::Decade(century * 10 + n)));
        }
        // "the year 2000", "the year two thousand".
        if let Some((after, Unit::Year, false)) = self.unit_at(k)
            && let Some(found) = self.year(after)
            && let Some(Point::Year(year)) = found.point
        {
            return Some(Found::date(i, found.end, Point::Year(year)));
        }
        if let Some(found) = self.spoken_year(i, k) {
            return Some(found);
        }
        let (end, year) = self.year_at(k)?;
        if k > 0
            && self
                .tok(k - 1)
                .is_some_and(|t| t.is('$') || t.is('#') || t.is('€') || t.is('£'))
        {
            return None;
        }
        if let Some(next) = self.tok(end) {
            if next.glued && next.lower == "s" {
                return Some(Found::date(i, end + 1, Point::Decade(year / 10)));
            }
            if next.is('%') || (next.glued && (next.is(':') || next.is_digit())) {
                return None;
            }
        }
        if !(1800..=2100).contains(&year) {
            return None;
        }
        // "the 1988 third quarter", "the 1988 quarter", "the 1989 period".
        if let Some((after, n)) = self.at(Class::Ordinal, end)
            && let Some((after, Unit::Quarter, false)) = self.unit_at(after)
            && let Ok(n) = n.parse::<i8>()
            && (1..=4).contains(&n)
        {
            return Some(Found::date(i, after, Point::Quarter(year, n)));
        }
        if let Some((after, _)) = self.at(Class::PeriodNoun, end) {
            let quarter = match (self.anchor, self.dct) {
                (Some(Point::Quarter(_, q)), _) => Some(q),
                (_, Some(dct)) => Some((calendar::quarter_of(dct) + 2) % 4 + 1),
                _ => None,
            };
            if let Some(q) = quarter {
                // A period named for comparison: later counts keep the article's own period.
                return Some(Found {
                    anchors: false,
                    ..Found::date(i, after, Point::Quarter(year, q))
                });
            }
        }
        Some(Found::date(i, end, Point::Year(year)))
    }

    /// A year in words: "nineteen ninety-six", "the year two thousand".
    fn spoken_year(&self, i: usize, k: usize) -> Option<Found> {
        let (j, Some(high)) = self.number_at(k)? else {
            return None;
        };
        let word = |at: usize| self.tok(at).is_some_and(Tok::is_alpha);
        if !word(k) {
            return None;
        }
        // "two thousand", "two thousand and one".
        if high == 2.0 && self.tok(j).is_some_and(|t| t.lower == "thousand") {
            let mut end = j + 1;
            let mut year = 2000.0;
            let and = usize::from(self.tok(end).is_some_and(|t| t.lower == "and"));
            if let Some((after, Some(n))) = self.number_at(end + and)
                && word(end + and)
                && n < 100.0
            {
                year += n;
                end = after;
            }
            return Some(Found::date(i, end, Point::Year(year as i16)));
        }
        // "nineteen oh one", "nineteen zero five".
        if (10.0..=20.0).contains(&high)
            && self
                .tok(j)
                .is_some_and(|t| t.lower == "zero" || t.lower == "oh")
            && let Some((end, Some(low))) = self.number_at(j + 1)
            && (1.0..10.0).contains(&low)
        {
            return Some(Found::date(
                i,
                end,
                Point::Year((high * 100.0 + low) as i16),
            ));
        }
        if (10.0..=20.0).contains(&high)
            && word(j)
            && let Some((end, Some(low))) = self.number_at(j)
            && (10.0..100.0).contains(&low)
        {
            let year = (high * 100.0 + low) as i16;
            return Some(Found::date(i, end, Point::Year(year)));
        }
        None
    }

    /// "the third quarter", "third-quarter", "the first half of 1998", "the fourth quarter of
    /// last year".
    fn quarter(&self, i: usize) -> Option<Found> {
        let (j, n) = self.at(Class::Ordinal, i)?;
        let n: i8 = n.parse().ok()?;
        let (end, unit, plural) = self.unit_at(j)?;
        if plural {
            return None;
        }
        let max = match unit {
            Unit::Quarter => 4,
            Unit::Half => 2,
            _ => return None,
        };
        if !(1..=max).contains(&n) {
            return None;
        }
        let make = |y: i16| match unit {
            Unit::Half => Point::Half(y, n),
            _ => Point::Quarter(y, n),
        };
        // "of 1998", "of fiscal 1990", "of last year", "of this year".
        if let Some((k, _)) = self.at(Class::Joiner, end)
            && let Some(found) = self.year(k).or_else(|| self.shifted(k))
            && let Some(Point::Year(y)) = found.point
        {
            return Some(Found::date(i, found.end, make(y)));
        }
        if let Some((after, year)) = self.year_at(end) {
            return Some(Found::date(i, after, make(year)));
        }
        let Some(dct) = self.dct else {
            let value = format!("XXXX-{}{n}", if unit == Unit::Half { "H" } else { "Q" });
            return Some(Found::other(i, end, TimexType::Date, value));
        };
        let current = if unit == Unit::Half {
            (calendar::quarter_of(dct) + 1) / 2
        } else {
            calendar::quarter_of(dct)
        };
        let year = match self.tense(i, end) {
            Tense::Past if n > current => dct.year() - 1,
            _ => dct.year(),
        };
        Some(Found::date(i, end, make(year)))
    }

    /// The part of a day after "mid", "early" or "late" ("mid-afternoon", "late morning
    /// yesterday"): of the day named after it, else of the publication day.
    fn part_of_day(&self, i: usize) -> Option<Found> {
        let (mut end, code) = self.at(Class::PartOfDay, i)?;
        let day = match self.reference(end).or_else(|| self.weekday(end)) {
            Some(found) if found.value.len() == 10 => {
                end = found.end;
                found.value
            }
            _ => calendar::format(Point::Day(self.dct?)),
        };
        Some(Found::other(
            i,
            end,
            TimexType::Time,
            format!("{day}T{code}"),
        ))
    }

    /// "the 20th century" (`19`), "11th-century" (`10`), "the first century".
    fn century(&self, i: usize) -> Option<Found> {
        let tok = self.tok(i)?;
        let (after, n) = if tok.is_digit() {
            let n = tok.small_number(2)?;
            let suffix = self.tok(i + 1).filter(|t| t.glued)?;
            if !matches!(suffix.lower.as_ref(), "st" | "nd" | "rd" | "th") {
                return None;
            }
            (i + 2, n)
        } else {
            let (after, n) = self.at(Class::Ordinal, i)?;
            (after, n.parse().ok()?)
        };
        let (end, Unit::Century, false) = self.unit_at(after)? else {
            return None;
        };
        if !(1..=30).contains(&n) {
            return None;
        }
        let value = format!("{:02}", n - 1);
        Some(Found::other(i, end, TimexType::Date, value))
    }

    /// "that year", "later that year", "earlier that day", "that same month": the date the
    /// article last named, at the unit's grain. Without such a date nothing is read.
    fn anaphoric(&self, i: usize) -> Option<Found> {
        let mut k = i;
        if let Some((after, _)) = self.at(Class::AnaphorLead, k) {
            k = after;
        }
        let (after, _) = self.at(Class::Anaphor, k)?;
        let (end, unit, false) = self.unit_at(after)? else {
            return None;
        };
        let point = match (self.named?, unit) {
            (
                Point::Day(day),
                Unit::Year | Unit::Quarter | Unit::Month | Unit::Week | Unit::Day,
            ) => calendar::containing(day, unit),
            (Point::Month(y, m), Unit::Year | Unit::Quarter | Unit::Month) => {
                calendar::containing(Date::new(y, m, 1).ok()?, unit)
            }
            (Point::Year(y), Unit::Year) => Point::Year(y),
            _ => return None,
        };
        Some(Found {
            anchors: false,
            ..Found::date(i, end, point)
        })
    }

    /// "last fall", "this summer", "the spring of 1998", "winter 1997".
    fn season(&self, i: usize) -> Option<Found> {
        let mut k = i;
        let shift = self.shift_before(k);
        if let Some((after, _)) = shift {
            k = after;
        }
        let (mut end, code) = self.at(Class::Season, k)?;
        let code: &'static str = ["SP", "SU", "FA", "WI"].into_iter().find(|c| *c == code)?;
        let mut j = end;
        if let Some((after, _)) = self.at(Class::Joiner, j) {
            j = after;
        }
        if let Some((after, year)) = self.year_at(j) {
            return Some(Found::date(i, after, Point::Season(year, code)));
        }
        // "the winter of nineteen ninety-four".
        if let Some(found) = self.spoken_year(j, j)
            && let Some(Point::Year(year)) = found.point
        {
            return Some(Found::date(i, found.end, Point::Season(year, code)));
        }
        let introduced = shift.is_some()
            || (i > 0
                && (self.has(Class::Det, i - 1)
                    || self.tok(i - 1).is_some_and(|t| t.lower == "in")));
        if !introduced {
            return None;
        }
        if let Some((after, n)) = self.shift_after(end) {
            end = after;
            return self.season_shifted(i, end, code, n);
        }
        let dct = self.dct?;
        let season_start = match code {
            "SP" => 3,
            "SU" => 6,
            "FA" => 9,
            _ => 12,
        };
        let n = match shift {
            Some((_, n)) => n,
            None => match self.tense(i, end) {
                Tense::Past if season_start > dct.month() && code != "WI" => -1,
                _ => 0,
            },
        };
        let _ = season_start;
        self.season_shifted(i, end, code, n)
    }

    fn season_shifted(&self, i: usize, end: usize, code: &'static str, n: i64) -> Option<Found> {
        let dct = self.dct?;
        let year = i16::try_from(i64::from(dct.year()) + n).ok()?;
        Some(Found::date(i, end, Point::Season(year, code)))
    }

    /// "Friday", "last Friday", "Friday morning", "el martes pasado".
    fn weekday(&self, i: usize) -> Option<Found> {
        let mut k = i;
        let mut shift = None;
        // "next week Friday", "next week on Friday".
        let mut week = self.week_shift_at(k).map(|(after, n)| {
            k = after;
            if let Some((after, _)) = self.at(Class::WeekdayLead, k) {
                k = after;
            }
            n
        });
        // "this coming Sunday", "upcoming Friday": the next one, even within this week.
        let mut coming = false;
        if week.is_none()
            && let Some((after, n)) = self.shift_before(k)
        {
            coming = self
                .at(Class::ShiftBefore, k)
                .is_some_and(|(_, value)| value.starts_with('+'));
            shift = Some(n);
            k = after;
        }
        let (mut end, weekday) = self.weekday_at(k)?;
        // "Friday the 15th", "Friday, the 15th": the day of the month decides.
        if week.is_none() && shift.is_none() {
            let mut j = end;
            if self.is_punct(j, ',') {
                j += 1;
            }
            if let Some((after, _)) = self.at(Class::Det, j)
                && let Some((after, day)) = self.day_at(after)
                && !self.month_follows(after)
                && !self.tok(after).is_some_and(|t| t.is_alpha())
            {
                return self.day_of_month(i, after, day);
            }
        }
        // "Friday next week", "Sunday of next week".
        if week.is_none() && shift.is_none() {
            let mut j = end;
            if let Some((after, _)) = self.at(Class::Joiner, j) {
                j = after;
            }
            if let Some((after, n)) = self.week_shift_at(j) {
                week = Some(n);
                end = after;
            }
        }
        if shift.is_none()
            && let Some((after, n)) = self.shift_after(end)
        {
            shift = Some(n);
            end = after;
        }
        let mut pod = None;
        if let Some((after, code)) = self.part_of_day_at(end) {
            pod = Some(code);
            end = after;
        }
        let value = match self.dct {
            None => format!("XXXX-WXX-{}", weekday.to_monday_one_offset()),
            Some(dct) => {
                let day = match (week, shift) {
                    (Some(n), _) => {
                        let monday = calendar::weekday_near(dct, Weekday::Monday, -1, false);
                        let monday = monday.checked_add(jiff::Span::new().weeks(n)).ok()?;
                        calendar::weekday_near(monday, weekday, 1, false)
                    }
                    (None, shift) => match shift {
                        Some(n) if n < 0 => calendar::weekday_near(dct, weekday, -1, true),
                        // "next Sunday": the Sunday of next week, as the Recognizers-Text
                        // specs read it ("this Sunday" is the one of this week).
                        Some(n) if n > 0 && coming => calendar::weekday_near(dct, weekday, 1, true),
                        Some(n) if n > 0 => {
                            let monday = calendar::weekday_near(dct, Weekday::Monday, -1, false);
                            let monday = monday.checked_add(jiff::Span::new().weeks(1)).ok()?;
                            calendar::weekday_near(monday, weekday, 1, false)
                        }
                        Some(_) => {
                            let monday = calendar::weekday_near(dct, Weekday::Monday, -1, false);
                            calendar::weekday_near(monday, weekday, 1, false)
                        }
                        // In a future clause the day itself counts: a Monday-morning article
                        // about an event "on Monday" means that day.
                        None => match self.tense(i, end) {
                            Tense::Future => calendar::weekday_near(dct, weekday, 1, false),
                            _ => calendar::weekday_near(dct, weekday, -1, false),
                        },
                    },
                };
                calendar::format(Point::Day(day))
            }
        };
        // "Friday night" keeps the day as its value: the part of the day is too loose a
        // bound to compare reports by.
        let kind = if pod.is_some() {
            TimexType::Time
        } else {
            TimexType::Date
        };
        // "Friday evening" is bounded well enough to keep its part of the day.
        let value = match pod {
            Some("EV") if value.len() == 10 => format!("{value}TEV"),
            _ => value,
        };
        Some(Found::other(i, end, kind, value))
    }

    /// A day of the month named alone, in the month the tense points to.
    fn day_of_month(&self, i: usize, end: usize, day: i8) -> Option<Found> {
        let Some(dct) = self.dct else {
            return Some(Found::other(
                i,
                end,
                TimexType::Date,
                format!("XXXX-XX-{day:02}"),
            ));
        };
        let this = Date::new(dct.year(), dct.month(), day).ok();
        let month = |n: i64| -> Option<Date> {
            let first = Date::new(dct.year(), dct.month(), 1).ok()?;
            let shifted = first.checked_add(jiff::Span::new().months(n)).ok()?;
            Date::new(shifted.year(), shifted.month(), day).ok()
        };
        let date = match self.tense(i, end) {
            Tense::Future => this.filter(|d| *d >= dct).or_else(|| month(1))?,
            _ => this.filter(|d| *d <= dct).or_else(|| month(-1))?,
        };
        Some(Found::date(i, end, Point::Day(date)))
    }

    /// "the 27th", "on the 21st": a day of the month with an ordinal ending, alone.
    fn bare_day(&self, i: usize) -> Option<Found> {
        let (j, _) = self
            .at(Class::Det, i)
            .or_else(|| self.at(Class::WeekdayLead, i))?;
        let tok = self.tok(j)?;
        let suffixed = self.tok(j + 1).is_some_and(|s| s.glued && s.is_alpha());
        // A plain number is a day only where the sentence ends: "for the 27.", "on 15".
        let closing = |at: usize| {
            self.tok(at)
                .is_none_or(|t| t.is('.') || t.is('!') || t.is('?'))
        };
        if !tok.is_digit() || (!suffixed && !closing(j + 1)) || self.strong_clock_lead(j) {
            return None;
        }
        let (end, day) = self.day_at(j)?;
        if end != j + 1 + usize::from(suffixed) || self.month_follows(end) {
            return None;
        }
        // "the 21st century", "the 3rd quarter": an ordinal before a noun is not a day.
        if self.tok(end).is_some_and(|t| t.is_alpha()) {
            return None;
        }
        self.day_of_month(i, end, day)
    }

    /// True when a month (or "of" and a month) follows a day ending at `i`.
    fn month_follows(&self, i: usize) -> bool {
        let mut j = i;
        if self.is_punct(j, '.') {
            j += 1;
        }
        if let Some((after, _)) = self.at(Class::Joiner, j) {
            j = after;
        }
        self.month_near_day_at(j).is_some() || self.shifted(j).is_some()
    }

    /// A week named relative to the publication day: "next week", "la semana pasada";
    /// the index after it and the number of weeks.
    fn week_shift_at(&self, i: usize) -> Option<(usize, i64)> {
        if let Some((j, n)) = self.shift_before(i)
            && let Some((end, Unit::Week, false)) = self.unit_at(j)
        {
            return Some((end, n));
        }
        let mut k = i;
        if let Some((after, _)) = self.at(Class::Det, k) {
            k = after;
        }
        let (j, Unit::Week, false) = self.unit_at(k)? else {
            return None;
        };
        self.shift_after(j)
    }

    /// "the first Friday of July", "the second Monday of next month".
    fn nth_weekday(&self, i: usize) -> Option<Found> {
        let (j, n) = self.at(Class::Ordinal, i)?;
        let n: i8 = n.parse().ok()?;
        let (k, weekday) = self.weekday_at(j)?;
        let Some((k, _)) = self
            .at(Class::Joiner, k)
            .or_else(|| self.at(Class::Within, k))
        else {
            // "the first Sunday": of the publication month.
            let dct = self.dct?;
            let date = calendar::nth_weekday(dct.year(), dct.month(), weekday, n)?;
            return Some(Found::date(i, k, Point::Day(date)));
        };
        let (end, year, month) = if let Some(found) = self.shifted(k)
            && let Some(Point::Month(y, m)) = found.point
        {
            (found.end, y, m)
        } else {
            let (end, month, year) = match self.month_first(k)? {
                (end, year, month, None) => (end, month, year),
                _ => return None,
            };
            let year = match year {
                Some(y) => y,
                None => self.year_for(month, None, self.tense(i, end))?,
            };
            (end, year, month)
        };
        let date = calendar::nth_weekday(year, month, weekday, n)?;
        Some(Found::date(i, end, Point::Day(date)))
    }

    /// "last year", "this week", "next month", "last April", "la semana pasada".
    fn shifted(&self, i: usize) -> Option<Found> {
        let dct = self.dct?;
        if let Some((j, n)) = self.shift_before(i) {
            if let Some((end, unit, false)) = self.unit_at(j) {
                return self.shifted_unit(i, end, unit, n, dct);
            }
            if let Some((end, month)) = self.month_at(j) {
                // "this march": where months take a capital, the noun.
                if self.lex.capital_months && !self.tok(j).is_some_and(|t| t.capital) {
                    return None;
                }
                let this = (dct.year(), dct.month());
                let year = match n {
                    n if n < 0 && month >= this.1 => this.0 - 1,
                    n if n > 0 && month <= this.1 => this.0 + 1,
                    _ => this.0,
                };
                return Some(Found::date(i, end, Point::Month(year, month)));
            }
            return None;
        }
        let mut k = i;
        if let Some((after, _)) = self.at(Class::Det, k) {
            k = after;
        }
        let (j, unit, false) = self.unit_at(k)? else {
            return None;
        };
        let (end, n) = self.shift_after(j)?;
        self.shifted_unit(i, end, unit, n, dct)
    }

    fn shifted_unit(&self, i: usize, end: usize, unit: Unit, n: i64, dct: Date) -> Option<Found> {
        if matches!(unit, Unit::Hour | Unit::Minute | Unit::Second | Unit::Half) {
            return None;
        }
        let point = calendar::shift(calendar::containing(dct, unit), n, unit)?;
        // "this year's third quarter", "next year's first half".
        if let Point::Year(year) = point
            && self.is_punct(end, '\'')
            && self.tok(end + 1).is_some_and(|t| t.lower == "s")
            && let Some(quarter) = self.quarter(end + 2)
            && let Some(Point::Quarter(_, q) | Point::Half(_, q)) = quarter.point
        {
            let inner = match quarter.point {
                Some(Point::Half(..)) => Point::Half(year, q),
                _ => Point::Quarter(year, q),
            };
            return Some(Found::date(i, quarter.end, inner));
        }
        let mut found = Found::date(i, end, point);
        if unit == Unit::Weekend {
            found.value.push_str("-WE");
            found.point = None;
        }
        Some(found)
    }

    /// "two years ago", "a year earlier", "three days later", "hace dos años", "year-earlier".
    fn counted(&self, i: usize) -> Option<Found> {
        let (j, before_sign) = match self.at(Class::AgoBefore, i) {
            Some((j, value)) => (j, Some(value)),
            None => (i, None),
        };
        let (k, amount) = match self.number_at(j) {
            Some((k, amount)) => (k, amount),
            None if before_sign.is_none() => (j, Some(1.0)),
            None => return None,
        };
        let (mut u, unit, plural) = self.unit_at(k)?;
        if k == j && plural {
            return None;
        }
        // "1 month and 21 days ago", "2 years, 3 months later": more counted units.
        let mut more = Vec::new();
        loop {
            let mut q = u;
            let and = self.tok(q).is_some_and(|t| {
                t.is(',') || matches!(t.lower.as_ref(), "and" | "y" | "et" | "e" | "und")
            });
            q += usize::from(and);
            let Some((r, Some(n))) = self.number_at(q) else {
                break;
            };
            let Some((after, next_unit, _)) = self.unit_at(r) else {
                break;
            };
            more.push((n, next_unit));
            u = after;
        }
        // "two days from tomorrow", "three weeks after today".
        if before_sign.is_none()
            && let Some((r, direction)) = self.at(Class::RelativeTo, u)
            && let Some(found) = self.reference(r)
            && let Some(Point::Day(day)) = found.point
            && let Some(amount) = amount
            && amount.fract() == 0.0
            && amount <= 10_000.0
            && let Ok(direction) = direction.parse::<i64>()
        {
            let point = calendar::shift(Point::Day(day), direction * amount as i64, unit)?;
            return Some(Found {
                anchors: false,
                ..Found::date(i, found.end, point)
            });
        }
        let (end, sign) = match before_sign {
            Some(sign) => (u, sign),
            None => self.at(Class::AgoAfter, u)?,
        };
        let mut words = sign.split_whitespace();
        let direction: i64 = words.next()?.parse().ok()?;
        let anchored = words.next() == Some("anchor");
        // "three days later": TimeML marks the length alone ("three days"), "later" being
        // the signal that links it to the event before.
        if before_sign.is_none() && direction > 0 && anchored && more.is_empty() {
            return None;
        }
        let Some(amount) = amount else {
            let value = if direction < 0 {
                "PAST_REF"
            } else {
                "FUTURE_REF"
            };
            return Some(Found::other(i, end, TimexType::Date, value.to_string()));
        };
        if amount.fract() != 0.0 || amount > 10_000.0 {
            return None;
        }
        let n = direction * amount as i64;
        let dct = self.dct?;
        if !more.is_empty() {
            let mut day = Point::Day(dct);
            for (count, step) in std::iter::once((amount, unit)).chain(more.iter().copied()) {
                if count.fract() != 0.0 || count > 10_000.0 {
                    return None;
                }
                day = calendar::shift(day, direction * count as i64, step)?;
            }
            return Some(Found {
                anchors: false,
                ..Found::date(i, end, day)
            });
        }
        let base = match self.anchor {
            Some(anchor @ Point::Quarter(..)) => anchor,
            Some(anchor) if anchored => anchor,
            // "two weeks ago", "three weeks from now": a day, as weeks do not split months.
            _ if unit == Unit::Week => Point::Day(dct),
            _ => calendar::containing(dct, unit),
        };
        let point = calendar::shift(base, n, unit)
            .or_else(|| calendar::shift(calendar::containing(dct, unit), n, unit))?;
        // "the year-earlier quarter": the noun the adjective qualifies belongs to it.
        let end = match self.at(Class::PeriodNoun, end) {
            Some((after, _)) if k == j => after,
            _ => end,
        };
        // Later counts still start from the date the article named, not from this one.
        Some(Found {
            anchors: false,
            ..Found::date(i, end, point)
        })
    }

    /// "five years", "the past 24 hours", "the first nine months", "two-year", "for weeks".
    fn duration(&self, i: usize) -> Option<Found> {
        let mut k = i;
        let mut led = false;
        if let Some((after, n)) = self.shift_before(k)
            && n != 0
        {
            k = after;
            led = true;
        } else if let Some((after, "1")) = self.at(Class::Ordinal, k)
            && self.number_at(after).is_some()
        {
            k = after;
            led = true;
        }
        if let Some((after, amount)) = self.number_at(k)
            && let Some((end, unit, _)) = self
                .unit_at(after)
                .or_else(|| self.unit_at(self.at(Class::Extra, after)?.0))
        {
            if matches!(unit, Unit::Weekend | Unit::Half) || self.year_at(k).is_some() {
                return None;
            }
            // "a second term": the ordinal before a noun, not a second of time.
            if unit == Unit::Second
                && self.has(Class::Det, k)
                && self.tok(end).is_some_and(|t| {
                    t.is_alpha()
                        && self.heads.get(end).copied().flatten().is_none()
                        && !matches!(t.lower.as_ref(), "and" | "or" | "for" | "too" | "longer")
                })
            {
                return None;
            }
            // "three quarters of its food": a share, not a length of time.
            if unit == Unit::Quarter
                && !led
                && amount.is_some()
                && self.tok(end).is_some_and(|t| t.is_alpha())
                && let Some((after, _)) = self.at(Class::Joiner, end)
                && (self.has(Class::Det, after)
                    || self.tok(after).is_some_and(|t| {
                        matches!(
                            t.lower.as_ref(),
                            "its" | "their" | "his" | "her" | "our" | "all" | "this" | "that"
                        )
                    }))
            {
                return None;
            }
            // "a 52-year-old", "52 years old": an age, not a length of time.
            if self.tok(end).is_some_and(|t| t.lower == "old") {
                return None;
            }
            // "a" alone is a count only before a unit; "one" and digits always are. A written
            // fraction takes the smaller unit ("5 1/2 hours" is `PT5H30M`); decimals stay.
            let fraction = (k..after).any(|t| self.is_punct(t, '/'));
            let value = amount
                .filter(|_| fraction)
                .and_then(|n| calendar::with_smaller_unit(n, unit))
                .unwrap_or_else(|| calendar::duration(amount, unit));
            return Some(Found::other(i, end, TimexType::Duration, value));
        }
        let (end, unit, plural) = self.unit_at(k)?;
        if matches!(unit, Unit::Weekend | Unit::Half) {
            return None;
        }
        let det_before = i > 0 && self.has(Class::Det, i - 1);
        // "the following year", "the previous month": a step from the date last named.
        if led
            && !plural
            && det_before
            && let Some((_, n)) = self.at(Class::ShiftAnchor, i)
            && let Ok(n) = n.parse::<i64>()
            && let Some(dct) = self.dct
            && !matches!(unit, Unit::Hour | Unit::Minute | Unit::Second)
        {
            // The date named last, even one that does not anchor counts ("On May 22, 1995,
            // ... the following year").
            let base = match self.named.or(self.anchor) {
                Some(Point::Day(day)) => calendar::containing(day, unit),
                Some(Point::Month(y, m)) if unit != Unit::Day && unit != Unit::Week => {
                    Date::new(y, m, 1).map_or(calendar::containing(dct, unit), |d| {
                        calendar::containing(d, unit)
                    })
                }
                Some(Point::Year(y)) if unit == Unit::Year => Point::Year(y),
                _ => calendar::containing(dct, unit),
            };
            let point = calendar::shift(base, n, unit)?;
            return Some(Found {
                anchors: false,
                ..Found::date(i, end, point)
            });
        }
        if led && !plural && det_before {
            // "the past year": one unit back from now.
            return Some(Found::other(
                i,
                end,
                TimexType::Duration,
                calendar::duration(Some(1.0), unit),
            ));
        }
        let introduced = led || (i > 0 && self.has(Class::DurationLead, i - 1));
        if plural && introduced {
            return Some(Found::other(
                i,
                end,
                TimexType::Duration,
                calendar::duration(None, unit),
            ));
        }
        None
    }

    /// "3:30 p.m.", "10 a.m.", "noon", "15:00", "7:56:30", "seven o'clock", "half past eight",
    /// "a quarter to nine", "8 in the morning".
    fn clock(&self, i: usize) -> Option<Found> {
        let mut explicit = false;
        let (mut end, mut hour, mut minute, mut second) =
            if let Some((end, h)) = self.at(Class::Clock, i) {
                explicit = true;
                (end, h.parse::<u32>().ok()?, 0, 0)
            } else if let Some((end, hour, minute)) = self.clock_offset(i) {
                explicit = true;
                (end, hour, minute, 0)
            } else {
                let (after, hour) = self.hour_at(i)?;
                if self.tok(i).is_some_and(Tok::is_digit)
                    && self.is_punct(after, ':')
                    && let Some(minute) = self.two_digits(after + 1)
                {
                    explicit = true;
                    match self
                        .is_punct(after + 2, ':')
                        .then(|| self.two_digits(after + 3))
                    {
                        Some(Some(second)) => (after + 4, hour, minute, second),
                        _ => (after + 2, hour, minute, 0),
                    }
                } else if let Some((minutes_end, minute)) = self.minutes_before_ampm(i, after) {
                    explicit = true;
                    (minutes_end, hour, minute, 0)
                } else {
                    (after, hour, 0, 0)
                }
            };
        // "seven o'clock", "7 Uhr".
        if let Some((after, _)) = self.at(Class::OClock, end) {
            explicit = true;
            end = after;
        }
        if let Some((after, half)) = self.at(Class::AmPm, end) {
            end = after;
            if !(1..=12).contains(&hour) {
                return None;
            }
            if half == "PM" && hour < 12 {
                hour += 12;
            } else if half == "AM" && hour == 12 {
                hour = 0;
            }
            explicit = true;
        } else if let Some((after, pod)) = self.clock_part_of_day(end)
            && (1..=12).contains(&hour)
            && (explicit || self.led_by(Class::ClockLead, i))
        {
            // "8 in the morning", "half past nine at night".
            hour = match pod {
                "MO" if hour == 12 => 0,
                "AF" | "EV" if hour < 12 => hour + 12,
                "NI" if (6..12).contains(&hour) => hour + 12,
                "NI" if hour == 12 => 0,
                _ => hour,
            };
            explicit = true;
            end = after;
        }
        // A bare number is not a time, unless a word such as "a las" leads it.
        if !explicit && !self.strong_clock_lead(i) {
            return None;
        }
        if hour > 24 || minute > 59 || second > 59 {
            return None;
        }
        if hour == 24 {
            minute = 0;
            second = 0;
        }
        // "4 a.m. EDT", "10 a.m. local time": the zone belongs to the time.
        if let Some((after, _)) = self.at(Class::TimeZone, end) {
            end = after;
        }
        // "noon Thursday", "midnight Friday", "5 p.m. EST, Nov. 9", "9.40 a.m. on Tuesday":
        // the day comes after.
        let comma = usize::from(self.is_punct(end, ','));
        let on = self.at(Class::WeekdayLead, end).map(|(after, _)| after);
        let day = self
            .weekday(end)
            .or_else(|| self.reference(end))
            .or_else(|| self.calendar_date(end + comma))
            .or_else(|| {
                let after = on?;
                self.weekday(after).or_else(|| self.calendar_date(after))
            });
        // "10:35 a.m. (0735 GMT) Friday": the time elsewhere in brackets, then the day, which
        // stays an expression of its own.
        let bracketed = || {
            if !self.is_punct(end, '(') {
                return None;
            }
            let close = (end + 1..end + 8).find(|&k| self.is_punct(k, ')'))?;
            self.weekday(close + 1).filter(|f| f.value.len() == 10)
        };
        let day = match day {
            Some(found) if found.value.len() == 10 => {
                end = found.end;
                found.value
            }
            _ if let Some(found) = bracketed() => found.value,
            _ => match self.sentence_day.or(self.dct) {
                Some(day) => calendar::format(Point::Day(day)),
                None => "XXXX-XX-XX".to_string(),
            },
        };
        let value = if second > 0 {
            format!("{day}T{hour:02}:{minute:02}:{second:02}")
        } else {
            format!("{day}T{hour:02}:{minute:02}")
        };
        Some(Found::other(i, end, TimexType::Time, value))
    }

    /// True when "a las" or "às" stands right before the hour at `i`.
    fn strong_clock_lead(&self, i: usize) -> bool {
        (i.saturating_sub(3)..i).any(|k| self.at(Class::ClockLead, k) == Some((i, "1")))
    }

    /// True when a phrase of `class` ends right before token `i`.
    fn led_by(&self, class: Class, i: usize) -> bool {
        (i.saturating_sub(3)..i).any(|k| self.at(class, k).is_some_and(|(end, _)| end == i))
    }

    /// An hour: one or two digits up to 24, or a number word from one to twelve.
    fn hour_at(&self, i: usize) -> Option<(usize, u32)> {
        let tok = self.tok(i)?;
        if tok.is_digit() {
            let hour = match tok.lower.split_once('.') {
                Some((hour, _)) if hour.len() <= 2 => hour.parse().ok()?,
                Some(_) => return None,
                None => tok.small_number(2)?,
            };
            return (hour <= 24).then_some((i + 1, hour));
        }
        let (end, value) = self.at(Class::Number, i)?;
        let hour: u32 = value.parse().ok()?;
        (1..=12).contains(&hour).then_some((end, hour))
    }

    /// The minutes of "8.10 pm", "seven thirty pm" or "8.10 in the morning" (the hour at `i`
    /// ends at `after`), read only when "am", "pm" or a part of the day follows: the index after
    /// the minutes and the minute.
    fn minutes_before_ampm(&self, i: usize, after: usize) -> Option<(usize, u32)> {
        let tok = self.tok(i)?;
        let (end, minute) = if tok.is_digit() {
            // "8.10" is one token.
            let (_, minutes) = tok.lower.split_once('.')?;
            if minutes.len() != 2 || !minutes.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            (i + 1, minutes.parse().ok()?)
        } else {
            let (end, minute) = self.number_at(after)?;
            let minute = minute.filter(|m| m.fract() == 0.0 && (10.0..60.0).contains(m))?;
            (end, minute as u32)
        };
        let closed = self.has(Class::AmPm, end) || self.clock_part_of_day(end).is_some();
        closed.then_some((end, minute))
    }

    /// Two digits glued after a colon: the minutes or seconds of "7:56:30".
    fn two_digits(&self, i: usize) -> Option<u32> {
        self.tok(i)
            .filter(|t| t.lower.len() == 2)
            .and_then(|t| t.small_number(2))
    }

    /// "half past eight", "a quarter past 9", "three quarters past nine", "20 minutes past
    /// six", "ten minutes to eight", "a quarter to eight" (a bare "ten to eight" reads as well
    /// as a range, and is left): the index after the hour, and the hour and minute.
    fn clock_offset(&self, i: usize) -> Option<(usize, u32, u32)> {
        let mut k = i;
        let mut counted = None;
        if let Some((after, Some(n))) = self.number_at(k)
            && n.fract() == 0.0
            && (1.0..60.0).contains(&n)
        {
            counted = Some(n as u32);
            k = after;
        }
        let (minutes, unit_named) = match self.unit_at(k) {
            Some((after, Unit::Half, false)) if counted.is_none() => {
                k = after;
                (30, true)
            }
            Some((after, Unit::Quarter, plural)) => {
                let quarters = counted.unwrap_or(1);
                if plural != (quarters > 1) || quarters > 3 {
                    return None;
                }
                k = after;
                (15 * quarters, true)
            }
            Some((after, Unit::Minute, _)) => {
                k = after;
                (counted?, true)
            }
            _ => (counted?, false),
        };
        let (after, direction) = self.at(Class::HourOffset, k)?;
        // "ten to eight" reads as well as a range as a time: only "... minutes to" counts.
        if direction.ends_with('u') && !unit_named {
            return None;
        }
        let (end, hour) = self.hour_at(after)?;
        if !(1..=24).contains(&hour) || minutes == 0 || minutes >= 60 {
            return None;
        }
        Some(if direction.starts_with('-') {
            (end, if hour == 1 { 12 } else { hour - 1 }, 60 - minutes)
        } else {
            (end, hour, minutes)
        })
    }

    /// "in the morning", "at night", "du soir" after a clock time: the index after it and
    /// the part of the day.
    fn clock_part_of_day(&self, i: usize) -> Option<(usize, &'static str)> {
        let found = match self.at(Class::ClockDayPart, i) {
            Some((after, _)) => self.at(Class::PartOfDay, after),
            // Phrases that hold their own preposition: "de la mañana", "am Abend".
            None => self.at(Class::PartOfDay, i).filter(|(end, _)| end - i > 1),
        };
        found.filter(|(_, code)| *code != "DT")
    }

    /// "daily", "every week", "every Monday", "$5 a year".
    fn recurrence(&self, i: usize) -> Option<Found> {
        if let Some((end, value)) = self.at(Class::SetWord, i) {
            let needs_amount = self.has(Class::Det, i) || self.has(Class::Number, i);
            let amount_before = (i.saturating_sub(4)..i).any(|k| {
                self.tok(k)
                    .is_some_and(|t| t.is_digit() || t.is('%') || self.has(Class::Number, k))
            });
            if !needs_amount || amount_before {
                return Some(Found::other(i, end, TimexType::Set, value.to_string()));
            }
            return None;
        }
        let (j, _) = self.at(Class::Every, i)?;
        if let Some((end, weekday)) = self.weekday_at(j) {
            let value = format!("XXXX-WXX-{}", weekday.to_monday_one_offset());
            return Some(Found::other(i, end, TimexType::Set, value));
        }
        // "each July", "every March": that month of every year.
        if let Some((end, month)) = self.month_at(j)
            && (!self.lex.capital_months || self.tok(j).is_some_and(|t| t.capital))
        {
            let value = format!("XXXX-{month:02}");
            return Some(Found::other(i, end, TimexType::Set, value));
        }
        let (k, amount) = match self.number_at(j) {
            Some((k, Some(n))) => (k, Some(n)),
            _ => (j, Some(1.0)),
        };
        let (end, unit, _) = self.unit_at(k)?;
        Some(Found::other(
            i,
            end,
            TimexType::Set,
            calendar::duration(amount, unit),
        ))
    }

    /// "Christmas", "Thanksgiving Day", "Easter 1998", "last Christmas".
    fn holiday(&self, i: usize) -> Option<Found> {
        let mut k = i;
        let shift = self.shift_before(k);
        if let Some((after, _)) = shift {
            k = after;
        }
        let (end, rule) = self.at(Class::Holiday, k)?;
        let (end, explicit) = match self.year_at(end) {
            Some((after, year)) => (after, Some(year)),
            None => (end, None),
        };
        let on = |year: i16| -> Option<Date> {
            match rule {
                "easter" => calendar::easter(year),
                "thanksgiving" => calendar::nth_weekday(year, 11, Weekday::Thursday, 4),
                "memorial" => calendar::nth_weekday(year, 5, Weekday::Monday, -1),
                "labor" => calendar::nth_weekday(year, 9, Weekday::Monday, 1),
                // The United States' Election Day: the Tuesday after the first Monday of November.
                "election" => calendar::nth_weekday(year, 11, Weekday::Monday, 1)?
                    .tomorrow()
                    .ok(),
                fixed => {
                    let (m, d) = fixed.split_once('-')?;
                    Date::new(year, m.parse().ok()?, d.parse().ok()?).ok()
                }
            }
        };
        let date = match (explicit, self.dct) {
            (Some(year), _) => on(year)?,
            (None, Some(dct)) => {
                let this = on(dct.year())?;
                let direction = match shift {
                    Some((_, n)) => n,
                    None => match self.tense(i, end) {
                        Tense::Future => 1,
                        _ => -1,
                    },
                };
                if direction < 0 && this > dct {
                    on(dct.year() - 1)?
                } else if direction > 0 && this < dct {
                    on(dct.year() + 1)?
                } else {
                    this
                }
            }
            (None, None) => return None,
        };
        Some(Found::date(i, end, Point::Day(date)))
    }
}

#[cfg(test)]
mod tests;
