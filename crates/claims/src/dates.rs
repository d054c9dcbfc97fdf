//! Day expressions ("yesterday", "on Tuesday", "March 3", "3 de marzo de 2026") resolved
//! against the publication day.
//!
//! A weekday is read in the tense of its clause: in a past or neutral clause it is the most
//! recent such day on or before the publication day, in a future clause ("will", "is expected
//! to", "se celebrará") the next such day after it. A month and day without a year take the
//! publication year, moved one year back when that would put a reported day more than 300
//! days ahead (or one year on when an announced day would lie more than 300 days behind).

use crate::doc::{Doc, Lang, Langs, Token, longest_phrase, phrase_at};
use jiff::ToSpan;
use jiff::civil::{Date, Weekday};
use model::{DateMention, Diagnostic, Span};
use std::cell::OnceCell;

/// A day expression found in a sentence, resolved when the inputs allow it.
#[derive(Debug, Clone)]
pub(crate) struct DateExpr {
    /// Index of the sentence in [`Doc::sentences`].
    pub sentence: usize,
    /// Index of the first token of the expression.
    pub first: usize,
    /// Index after the last token of the expression.
    pub end: usize,
    pub span: Span,
    /// The day, or `None` when it cannot be resolved (no publication day for a relative
    /// expression, or an impossible day such as February 30).
    pub date: Option<Date>,
    /// True when resolving the expression needs the publication day.
    pub relative: bool,
}

/// Finds the day expressions of an article and resolves them against the publication time.
///
/// Returns the resolved mentions in text order. Expressions that cannot be resolved (a
/// relative day without a publication time, an impossible day) are left out; when relative
/// days are left out for lack of a publication time, an info diagnostic says how many.
pub fn dates(
    text: &str,
    published_at: Option<jiff::Timestamp>,
    language: Option<&str>,
) -> model::Outcome<Vec<DateMention>> {
    let doc = Doc::new(text, language);
    let published = crate::publication_day(published_at);
    let found = find(&doc, published);
    model::Outcome::with(
        mentions(&doc, &found, published),
        diagnostics(&found, published),
    )
}

/// The mentions of the resolved expressions.
pub(crate) fn mentions(
    doc: &Doc<'_>,
    found: &[DateExpr],
    published: Option<Date>,
) -> Vec<DateMention> {
    found
        .iter()
        .filter_map(|expr| {
            let date = expr.date?;
            Some(DateMention {
                span: expr.span,
                sentence: doc.sentences.get(expr.sentence)?.span,
                text: doc.slice(expr.span).to_string(),
                date,
                future: published.is_some_and(|p| date > p),
            })
        })
        .collect()
}

/// An info diagnostic when relative days could not be resolved for lack of a publication time.
pub(crate) fn diagnostics(found: &[DateExpr], published: Option<Date>) -> Vec<Diagnostic> {
    let unresolved = found
        .iter()
        .filter(|e| e.relative && e.date.is_none())
        .count();
    if published.is_some() || unresolved == 0 {
        return Vec::new();
    }
    vec![Diagnostic::info(
        crate::DIAGNOSTIC_SOURCE,
        format!("{unresolved} relative date expression(s) left unresolved: no publication time"),
    )]
}

/// Finds every day expression of the article, in text order.
pub(crate) fn find(doc: &Doc<'_>, published: Option<Date>) -> Vec<DateExpr> {
    let mut out = Vec::new();
    for (index, sentence) in doc.sentences.iter().enumerate() {
        let tokens = &sentence.tokens;
        let context = Context {
            tokens,
            langs: doc.langs,
            published,
            cues: OnceCell::new(),
        };
        let mut i = 0;
        while i < tokens.len() {
            match context.expression_at(i) {
                Some((end, date, relative)) => {
                    if let Some(span) = sentence.cover(i, end - 1) {
                        out.push(DateExpr {
                            sentence: index,
                            first: i,
                            end,
                            span,
                            date,
                            relative,
                        });
                    }
                    i = end.max(i + 1);
                }
                None => i += 1,
            }
        }
    }
    out
}

/// How a weekday is qualified in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Modifier {
    None,
    /// "last Tuesday", "el martes pasado": strictly before the publication day.
    Last,
    /// "next Monday", "el próximo lunes": strictly after it.
    Next,
    /// "this Monday", "este lunes": the publication day itself when the weekday matches.
    This,
    /// "later on Monday": the publication day when the weekday matches, else ahead.
    Later,
    /// "since Monday", "desde el lunes": on or before the publication day.
    Since,
}

/// The tense of the clause around a day expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tense {
    Past,
    Future,
    Neutral,
}

/// One sentence being read, with the tense cues of its words computed on first use.
struct Context<'a, 't> {
    tokens: &'a [Token<'t>],
    langs: Langs,
    published: Option<Date>,
    cues: OnceCell<Vec<Option<Cue>>>,
}

impl Context<'_, '_> {
    /// The expression starting at token `i`: its end index, the day, and whether it is
    /// relative.
    fn expression_at(&self, i: usize) -> Option<(usize, Option<Date>, bool)> {
        let (tokens, langs) = (self.tokens, self.langs);
        if let Some((end, year, month, day)) = iso_at(tokens, i) {
            return Some((end, Date::new(year, month, day).ok(), false));
        }
        if let Some((end, year, month, day)) = month_day_at(tokens, i, langs) {
            return Some(self.resolve_month_day(i, end, year, month, day));
        }
        if let Some((end, offset)) = relative_at(tokens, i, langs) {
            let end = part_of_day_end(tokens, end, langs);
            let date = self
                .published
                .and_then(|p| p.checked_add(offset.days()).ok());
            return Some((end, date, true));
        }
        self.weekday_expression_at(i)
    }

    /// The tense cue of every word of the sentence.
    fn cues(&self) -> &[Option<Cue>] {
        self.cues.get_or_init(|| {
            (0..self.tokens.len())
                .map(|at| tense_cue(self.tokens, at, self.langs))
                .collect()
        })
    }

    fn tense(&self, first: usize, end: usize) -> Tense {
        tense_around(self.tokens, self.cues(), first, end)
    }
}

/// An ISO date "2026-03-03" written as adjacent tokens.
fn iso_at(tokens: &[Token<'_>], i: usize) -> Option<(usize, i16, i8, i8)> {
    let parts = tokens.get(i..i + 5)?;
    let joined = parts.windows(2).all(|pair| pair[1].touches(&pair[0]));
    if !joined || !parts[1].is_punct('-') || !parts[3].is_punct('-') {
        return None;
    }
    let year = plain_number(&parts[0], 4)?;
    let month = plain_number(&parts[2], 2)?;
    let day = plain_number(&parts[4], 2)?;
    let (year, month, day) = (
        i16::try_from(year).ok()?,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
    );
    Some((i + 5, year, month, day))
}

/// The value of a number token written with at most `max_digits` digits and no separators.
fn plain_number(token: &Token<'_>, max_digits: usize) -> Option<u32> {
    if !token.is_number()
        || token.text.len() > max_digits
        || !token.text.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    token.text.parse().ok()
}

/// A month name (with an optional full stop after an abbreviation) at token `i`.
fn month_at(tokens: &[Token<'_>], i: usize, langs: Langs) -> Option<(i8, usize)> {
    let token = tokens.get(i)?;
    if !token.is_word() {
        return None;
    }
    let (_, month, _) = MONTHS
        .iter()
        .find(|(name, _, lang)| *name == token.lower && langs.uses(*lang))?;
    let stop = tokens
        .get(i + 1)
        .is_some_and(|t| t.is_punct('.') && t.touches(token))
        && token.lower.len() <= 4;
    Some((*month, if stop { i + 2 } else { i + 1 }))
}

/// A day of the month at token `i` ("3", "3rd", "1º"), with the index after it.
fn day_at(tokens: &[Token<'_>], i: usize) -> Option<(i8, usize)> {
    let token = tokens.get(i)?;
    let day = i8::try_from(plain_number(token, 2)?).ok()?;
    if !(1..=31).contains(&day) {
        return None;
    }
    let suffix = tokens
        .get(i + 1)
        .is_some_and(|t| t.touches(token) && ORDINAL_SUFFIXES.contains(&t.lower.as_str()));
    Some((day, if suffix { i + 2 } else { i + 1 }))
}

/// A four-digit year at token `i`.
fn year_at(tokens: &[Token<'_>], i: usize) -> Option<(i16, usize)> {
    let token = tokens.get(i)?;
    if token.text.len() != 4 {
        return None;
    }
    let year = i16::try_from(plain_number(token, 4)?).ok()?;
    Some((year, i + 1))
}

/// "March 3", "March 3, 2026", "3 March 2026", "3rd of March", "3 de marzo de 2026",
/// "3. März": the end index, the year when written, the month and the day.
fn month_day_at(
    tokens: &[Token<'_>],
    i: usize,
    langs: Langs,
) -> Option<(usize, Option<i16>, i8, i8)> {
    if let Some((month, after_month)) = month_at(tokens, i, langs)
        && let Some((day, after_day)) = day_at(tokens, after_month)
    {
        // "March 3, 2026" or "March 3 2026".
        let comma = usize::from(tokens.get(after_day).is_some_and(|t| t.is_punct(',')));
        if let Some((year, end)) = year_at(tokens, after_day + comma) {
            return Some((end, Some(year), month, day));
        }
        return Some((after_day, None, month, day));
    }
    let (day, mut j) = day_at(tokens, i)?;
    if tokens
        .get(j)
        .is_some_and(|t| t.is_punct('.') && t.touches(&tokens[j - 1]))
    {
        j += 1;
    }
    if tokens
        .get(j)
        .is_some_and(|t| matches!(t.lower.as_str(), "of" | "de"))
    {
        j += 1;
    }
    let (month, after_month) = month_at(tokens, j, langs)?;
    let mut k = after_month;
    if tokens
        .get(k)
        .is_some_and(|t| t.is_punct(',') || matches!(t.lower.as_str(), "de" | "del"))
    {
        k += 1;
    }
    match year_at(tokens, k) {
        Some((year, end)) => Some((end, Some(year), month, day)),
        None => Some((after_month, None, month, day)),
    }
}

impl Context<'_, '_> {
    /// Resolves a month and day: the written year, else the publication year adjusted to the
    /// tense of the clause.
    fn resolve_month_day(
        &self,
        first: usize,
        end: usize,
        year: Option<i16>,
        month: i8,
        day: i8,
    ) -> (usize, Option<Date>, bool) {
        if let Some(year) = year {
            return (end, Date::new(year, month, day).ok(), false);
        }
        let Some(p) = self.published else {
            return (end, None, true);
        };
        let tense = self.tense(first, end);
        let date = Date::new(p.year(), month, day).ok().and_then(|date| {
            let far_ahead = p
                .checked_add(300.days())
                .ok()
                .is_some_and(|limit| date > limit);
            let far_behind = p
                .checked_sub(300.days())
                .ok()
                .is_some_and(|limit| date < limit);
            if far_ahead && tense != Tense::Future {
                Date::new(p.year().checked_sub(1)?, month, day).ok()
            } else if far_behind && tense == Tense::Future {
                Date::new(p.year().checked_add(1)?, month, day).ok()
            } else {
                Some(date)
            }
        });
        (end, date, true)
    }

    /// A weekday expression starting at token `i`: "Tuesday", "last Tuesday", "Sunday night",
    /// "el domingo por la noche", "el próximo lunes", "Monday, March 2".
    fn weekday_expression_at(&self, i: usize) -> Option<(usize, Option<Date>, bool)> {
        let (tokens, langs) = (self.tokens, self.langs);
        let (weekday_index, mut modifier) = match longest_phrase(tokens, i, WEEKDAY_PREFIXES) {
            Some((after, modifier)) => (after, modifier),
            None => (i, Modifier::None),
        };
        let weekday = weekday_at(tokens, weekday_index, langs)?;
        let mut end = weekday_index + 1;
        if let Some((after, suffix)) = longest_phrase(tokens, end, WEEKDAY_SUFFIXES) {
            modifier = suffix;
            end = after;
        }
        end = part_of_day_end(tokens, end, langs);
        // "Monday, March 2": the written date decides.
        if tokens.get(end).is_some_and(|t| t.is_punct(','))
            && let Some((after, year, month, day)) = month_day_at(tokens, end + 1, langs)
        {
            return Some(self.resolve_month_day(i, after, year, month, day));
        }
        if modifier == Modifier::None {
            modifier = leading_modifier(tokens, i);
        }
        let date = self
            .published
            .and_then(|p| weekday_date(p, weekday, modifier, self.tense(i, end)));
        Some((end, date, true))
    }
}

/// "today", "yesterday", "last night", "ayer", "anoche", "mañana": end index and day offset.
fn relative_at(tokens: &[Token<'_>], i: usize, langs: Langs) -> Option<(usize, i64)> {
    let token = tokens.get(i)?;
    if !token.is_word() {
        return None;
    }
    for (phrase, offset, lang) in RELATIVE {
        if !langs.uses(*lang) {
            continue;
        }
        let single = !phrase.contains(' ');
        let matched = if single {
            (token.bare() == *phrase).then_some(i + 1)
        } else {
            phrase_at(tokens, i, phrase)
        };
        let Some(end) = matched else { continue };
        // "mañana" is "tomorrow" except in "la mañana", "esta mañana", "cada mañana"...
        if *phrase == "mañana"
            && i > 0
            && matches!(
                tokens[i - 1].lower.as_str(),
                "la" | "esta" | "una" | "cada" | "media" | "de" | "toda"
            )
        {
            return None;
        }
        // German "morgen" is "tomorrow" only in lower case; "Morgen" is "morning".
        if *phrase == "morgen" && token.text != "morgen" {
            return None;
        }
        return Some((end, *offset));
    }
    None
}

/// The index after a part of the day following a day expression ("night", "por la noche").
fn part_of_day_end(tokens: &[Token<'_>], at: usize, langs: Langs) -> usize {
    longest_phrase(tokens, at, PARTS_OF_DAY)
        .filter(|(_, lang)| langs.uses(*lang))
        .map_or(at, |(end, _)| end)
}

/// A weekday name at token `i`, skipping Spanish or Portuguese names used as surnames
/// ("Plácido Domingo").
fn weekday_at(tokens: &[Token<'_>], i: usize, langs: Langs) -> Option<Weekday> {
    let token = tokens.get(i)?;
    if !token.is_word() {
        return None;
    }
    let (_, weekday, lang) = WEEKDAYS
        .iter()
        .find(|(name, _, lang)| *name == token.bare() && langs.uses(*lang))?;
    let surname = *lang != Lang::En && token.capitalized() && i > 0 && tokens[i - 1].capitalized();
    (!surname).then_some(*weekday)
}

/// The modifier carried by the words right before a weekday ("later on", "since", "desde el").
fn leading_modifier(tokens: &[Token<'_>], i: usize) -> Modifier {
    let before = |k: usize| {
        i.checked_sub(k)
            .and_then(|at| tokens.get(at))
            .map(|t| t.lower.as_str())
    };
    match (before(2), before(1)) {
        (Some("later"), Some("on")) | (_, Some("later")) => Modifier::Later,
        (_, Some("since")) | (Some("desde"), Some("el")) | (_, Some("desde")) => Modifier::Since,
        _ => Modifier::None,
    }
}

/// The day a weekday stands for, seen from the publication day `p`.
fn weekday_date(p: Date, weekday: Weekday, modifier: Modifier, tense: Tense) -> Option<Date> {
    let back = i64::from(p.weekday().since(weekday));
    let ahead = i64::from(p.weekday().until(weekday));
    let earlier = |days: i64| p.checked_sub(days.days()).ok();
    let later = |days: i64| p.checked_add(days.days()).ok();
    let next = if ahead == 0 { 7 } else { ahead };
    match modifier {
        Modifier::Last => earlier(if back == 0 { 7 } else { back }),
        Modifier::Next => later(next),
        Modifier::Since => earlier(back),
        Modifier::This | Modifier::Later if back == 0 => Some(p),
        Modifier::Later => later(next),
        Modifier::This | Modifier::None => match tense {
            Tense::Future => later(next),
            Tense::Past | Tense::Neutral => earlier(back),
        },
    }
}

/// The tense of the clause holding tokens `first..end`: the nearest tense cue before the
/// expression decides, else the nearest one after it within the clause.
fn tense_around(tokens: &[Token<'_>], cues: &[Option<Cue>], first: usize, end: usize) -> Tense {
    // Words introducing the expression itself ("on", "el", "since") carry no tense.
    let mut k = first;
    while k > 0 && LEAD_WORDS.contains(&tokens[k - 1].lower.as_str()) {
        k -= 1;
    }
    let mut weak_past = false;
    for back in 1..=40 {
        let Some(at) = k.checked_sub(back) else { break };
        let token = &tokens[at];
        if token.is_punct(';') || CLAUSE_STARTS.contains(&token.lower.as_str()) {
            break;
        }
        match cues.get(at).copied().flatten() {
            Some(Cue::Future) => return Tense::Future,
            Some(Cue::Past) => return Tense::Past,
            Some(Cue::WeakPast) => weak_past = true,
            None => {}
        }
    }
    if weak_past {
        return Tense::Past;
    }
    for (at, token) in tokens.iter().enumerate().skip(end).take(40) {
        if matches!(
            token.lower.as_str(),
            "," | ";" | ":" | "and" | "but" | "y" | "pero"
        ) || CLAUSE_STARTS.contains(&token.lower.as_str())
        {
            break;
        }
        match cues.get(at).copied().flatten() {
            Some(Cue::Future) => return Tense::Future,
            Some(Cue::Past | Cue::WeakPast) => return Tense::Past,
            None => {}
        }
    }
    Tense::Neutral
}

/// A tense cue carried by one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cue {
    Future,
    Past,
    /// A regular past form ("inspected"), which a nearer auxiliary may override ("will be
    /// evacuated").
    WeakPast,
}

/// The tense cue of token `at`, if it carries one.
fn tense_cue(tokens: &[Token<'_>], at: usize, langs: Langs) -> Option<Cue> {
    let token = &tokens[at];
    if !token.is_word() {
        return None;
    }
    let word = token.lower.as_str();
    let next = tokens.get(at + 1).map(|t| t.lower.as_str());
    let previous = at.checked_sub(1).map(|p| tokens[p].lower.as_str());
    if langs.uses(Lang::En) {
        if EN_FUTURE.contains(&word)
            || word.ends_with("'ll")
            || (matches!(word, "going" | "set" | "plans" | "plan") && next == Some("to"))
            || (word == "due" && matches!(previous, Some("is" | "are" | "was" | "were" | "be")))
        {
            return Some(Cue::Future);
        }
        if EN_PAST.contains(&word) {
            return Some(Cue::Past);
        }
        if (word.len() >= 4 && word.ends_with("ed")) || EN_IRREGULAR_PAST.contains(&word) {
            return Some(Cue::WeakPast);
        }
    }
    if langs.uses(Lang::Es) {
        let chars = word.chars().count();
        if ES_FUTURE.contains(&word)
            || (chars >= 4
                && ["rá", "rán", "ré", "remos"]
                    .iter()
                    .any(|end| word.ends_with(end)))
            || (matches!(word, "va" | "van" | "vamos") && next == Some("a"))
        {
            return Some(Cue::Future);
        }
        if ES_PAST.contains(&word)
            || (chars >= 3 && word.ends_with('ó'))
            || (chars >= 5
                && ["aron", "ieron", "aba", "aban"]
                    .iter()
                    .any(|end| word.ends_with(end)))
        {
            return Some(Cue::Past);
        }
    }
    if langs.uses(Lang::De) {
        if matches!(word, "wird" | "soll" | "sollen" | "morgen") {
            return Some(Cue::Future);
        }
        if matches!(
            word,
            "war" | "waren" | "hat" | "haben" | "wurde" | "wurden" | "sagte" | "gestern"
        ) {
            return Some(Cue::Past);
        }
    }
    if langs.uses(Lang::Fr) {
        if matches!(
            word,
            "sera" | "seront" | "aura" | "auront" | "demain" | "prochain" | "prochaine"
        ) {
            return Some(Cue::Future);
        }
        if matches!(word, "était" | "étaient" | "été" | "ont" | "hier") {
            return Some(Cue::Past);
        }
    }
    if langs.uses(Lang::Pt) {
        if matches!(word, "será" | "serão" | "amanhã" | "próximo" | "próxima") {
            return Some(Cue::Future);
        }
        if matches!(word, "foi" | "foram" | "ontem")
            || (word.chars().count() >= 5 && word.ends_with("ou"))
        {
            return Some(Cue::Past);
        }
    }
    None
}

/// Words that open a new clause; a tense cue beyond them belongs to another verb.
const CLAUSE_STARTS: &[&str] = &[
    "after", "before", "when", "while", "because", "although", "though", "which", "who", "whose",
    "where", "tras", "después", "cuando", "mientras", "porque", "aunque", "donde", "cuyo", "cuya",
];

/// Words that introduce a day expression and carry no tense of their own.
const LEAD_WORDS: &[&str] = &[
    "on", "since", "by", "from", "until", "till", "later", "early", "late", "el", "desde", "hasta",
    "la", "this", "este", "next", "last", "as", "of", "a", "de", "le", "am", "seit", "depuis",
    "no",
];

const EN_FUTURE: &[&str] = &[
    "will",
    "shall",
    "would",
    "won't",
    "expected",
    "scheduled",
    "planned",
    "forecast",
    "could",
    "may",
    "might",
    "upcoming",
    "next",
    "tomorrow",
    "should",
];

const EN_PAST: &[&str] = &[
    "said",
    "was",
    "were",
    "had",
    "did",
    "told",
    "ago",
    "yesterday",
    "last",
    "has",
    "have",
    "earlier",
];

/// Irregular past forms; as participles they may follow a future auxiliary ("will be held").
const EN_IRREGULAR_PAST: &[&str] = &[
    "been", "began", "came", "fell", "found", "left", "saw", "took", "went", "broke", "burst",
    "hit", "struck", "spread", "rose", "gave", "held", "met", "lost", "made", "spent", "begun",
    "broken", "done", "given", "gone", "seen", "taken", "thought", "told", "won", "shut", "cut",
    "put",
];

const ES_FUTURE: &[&str] = &[
    "prevé",
    "prevén",
    "previsto",
    "prevista",
    "previstos",
    "previstas",
    "programado",
    "programada",
    "próximo",
    "próxima",
    "mañana",
    "espera",
    "esperan",
    "podría",
    "podrían",
    "debería",
    "deberían",
];

const ES_PAST: &[&str] = &[
    "fue",
    "fueron",
    "dijo",
    "dijeron",
    "ha",
    "han",
    "había",
    "habían",
    "hubo",
    "ayer",
    "anoche",
    "pasado",
    "pasada",
    "estuvo",
    "estuvieron",
    "hizo",
    "hicieron",
    "tuvo",
    "tuvieron",
    "vio",
];

/// Words that qualify a weekday from before it.
const WEEKDAY_PREFIXES: &[(&str, Modifier)] = &[
    ("last", Modifier::Last),
    ("next", Modifier::Next),
    ("this", Modifier::This),
    ("este", Modifier::This),
    ("próximo", Modifier::Next),
    ("proximo", Modifier::Next),
    ("pasado", Modifier::Last),
    ("coming", Modifier::Next),
    ("dieser", Modifier::This),
    ("diesen", Modifier::This),
    ("letzten", Modifier::Last),
    ("nächsten", Modifier::Next),
];

/// Words that qualify a weekday from after it.
const WEEKDAY_SUFFIXES: &[(&str, Modifier)] = &[
    ("pasado", Modifier::Last),
    ("próximo", Modifier::Next),
    ("proximo", Modifier::Next),
    ("que viene", Modifier::Next),
    ("dernier", Modifier::Last),
    ("prochain", Modifier::Next),
    ("passado", Modifier::Last),
    ("que vem", Modifier::Next),
];

const PARTS_OF_DAY: &[(&str, Lang)] = &[
    ("night", Lang::En),
    ("morning", Lang::En),
    ("afternoon", Lang::En),
    ("evening", Lang::En),
    ("por la noche", Lang::Es),
    ("por la mañana", Lang::Es),
    ("por la tarde", Lang::Es),
    ("en la noche", Lang::Es),
    ("en la mañana", Lang::Es),
    ("en la tarde", Lang::Es),
    ("de madrugada", Lang::Es),
    ("soir", Lang::Fr),
    ("matin", Lang::Fr),
    ("après-midi", Lang::Fr),
    ("à noite", Lang::Pt),
    ("de manhã", Lang::Pt),
    ("à tarde", Lang::Pt),
];

const ORDINAL_SUFFIXES: &[&str] = &["st", "nd", "rd", "th", "º", "ª", "o", "er", "e"];

const RELATIVE: &[(&str, i64, Lang)] = &[
    ("the day before yesterday", -2, Lang::En),
    ("the day after tomorrow", 2, Lang::En),
    ("last night", -1, Lang::En),
    ("this morning", 0, Lang::En),
    ("this afternoon", 0, Lang::En),
    ("this evening", 0, Lang::En),
    ("tonight", 0, Lang::En),
    ("today", 0, Lang::En),
    ("yesterday", -1, Lang::En),
    ("tomorrow", 1, Lang::En),
    ("pasado mañana", 2, Lang::Es),
    ("esta mañana", 0, Lang::Es),
    ("esta tarde", 0, Lang::Es),
    ("esta noche", 0, Lang::Es),
    ("anteayer", -2, Lang::Es),
    ("antier", -2, Lang::Es),
    ("anoche", -1, Lang::Es),
    ("ayer", -1, Lang::Es),
    ("hoy", 0, Lang::Es),
    ("mañana", 1, Lang::Es),
    ("vorgestern", -2, Lang::De),
    ("übermorgen", 2, Lang::De),
    ("gestern", -1, Lang::De),
    ("heute", 0, Lang::De),
    ("morgen", 1, Lang::De),
    ("avant-hier", -2, Lang::Fr),
    ("après-demain", 2, Lang::Fr),
    ("aujourd'hui", 0, Lang::Fr),
    ("hier", -1, Lang::Fr),
    ("demain", 1, Lang::Fr),
    ("anteontem", -2, Lang::Pt),
    ("hoje", 0, Lang::Pt),
    ("ontem", -1, Lang::Pt),
    ("amanhã", 1, Lang::Pt),
];

const WEEKDAYS: &[(&str, Weekday, Lang)] = &[
    ("monday", Weekday::Monday, Lang::En),
    ("tuesday", Weekday::Tuesday, Lang::En),
    ("wednesday", Weekday::Wednesday, Lang::En),
    ("thursday", Weekday::Thursday, Lang::En),
    ("friday", Weekday::Friday, Lang::En),
    ("saturday", Weekday::Saturday, Lang::En),
    ("sunday", Weekday::Sunday, Lang::En),
    ("lunes", Weekday::Monday, Lang::Es),
    ("martes", Weekday::Tuesday, Lang::Es),
    ("miércoles", Weekday::Wednesday, Lang::Es),
    ("miercoles", Weekday::Wednesday, Lang::Es),
    ("jueves", Weekday::Thursday, Lang::Es),
    ("viernes", Weekday::Friday, Lang::Es),
    ("sábado", Weekday::Saturday, Lang::Es),
    ("sabado", Weekday::Saturday, Lang::Es),
    ("domingo", Weekday::Sunday, Lang::Es),
    ("montag", Weekday::Monday, Lang::De),
    ("dienstag", Weekday::Tuesday, Lang::De),
    ("mittwoch", Weekday::Wednesday, Lang::De),
    ("donnerstag", Weekday::Thursday, Lang::De),
    ("freitag", Weekday::Friday, Lang::De),
    ("samstag", Weekday::Saturday, Lang::De),
    ("sonnabend", Weekday::Saturday, Lang::De),
    ("sonntag", Weekday::Sunday, Lang::De),
    ("lundi", Weekday::Monday, Lang::Fr),
    ("mardi", Weekday::Tuesday, Lang::Fr),
    ("mercredi", Weekday::Wednesday, Lang::Fr),
    ("jeudi", Weekday::Thursday, Lang::Fr),
    ("vendredi", Weekday::Friday, Lang::Fr),
    ("samedi", Weekday::Saturday, Lang::Fr),
    ("dimanche", Weekday::Sunday, Lang::Fr),
    ("segunda-feira", Weekday::Monday, Lang::Pt),
    ("terça-feira", Weekday::Tuesday, Lang::Pt),
    ("quarta-feira", Weekday::Wednesday, Lang::Pt),
    ("quinta-feira", Weekday::Thursday, Lang::Pt),
    ("sexta-feira", Weekday::Friday, Lang::Pt),
    ("sábado", Weekday::Saturday, Lang::Pt),
    ("domingo", Weekday::Sunday, Lang::Pt),
];

const MONTHS: &[(&str, i8, Lang)] = &[
    ("january", 1, Lang::En),
    ("february", 2, Lang::En),
    ("march", 3, Lang::En),
    ("april", 4, Lang::En),
    ("may", 5, Lang::En),
    ("june", 6, Lang::En),
    ("july", 7, Lang::En),
    ("august", 8, Lang::En),
    ("september", 9, Lang::En),
    ("october", 10, Lang::En),
    ("november", 11, Lang::En),
    ("december", 12, Lang::En),
    ("jan", 1, Lang::En),
    ("feb", 2, Lang::En),
    ("mar", 3, Lang::En),
    ("apr", 4, Lang::En),
    ("jun", 6, Lang::En),
    ("jul", 7, Lang::En),
    ("aug", 8, Lang::En),
    ("sep", 9, Lang::En),
    ("sept", 9, Lang::En),
    ("oct", 10, Lang::En),
    ("nov", 11, Lang::En),
    ("dec", 12, Lang::En),
    ("enero", 1, Lang::Es),
    ("febrero", 2, Lang::Es),
    ("marzo", 3, Lang::Es),
    ("abril", 4, Lang::Es),
    ("mayo", 5, Lang::Es),
    ("junio", 6, Lang::Es),
    ("julio", 7, Lang::Es),
    ("agosto", 8, Lang::Es),
    ("septiembre", 9, Lang::Es),
    ("setiembre", 9, Lang::Es),
    ("octubre", 10, Lang::Es),
    ("noviembre", 11, Lang::Es),
    ("diciembre", 12, Lang::Es),
    ("januar", 1, Lang::De),
    ("jänner", 1, Lang::De),
    ("februar", 2, Lang::De),
    ("märz", 3, Lang::De),
    ("mai", 5, Lang::De),
    ("juni", 6, Lang::De),
    ("juli", 7, Lang::De),
    ("oktober", 10, Lang::De),
    ("dezember", 12, Lang::De),
    ("janvier", 1, Lang::Fr),
    ("février", 2, Lang::Fr),
    ("mars", 3, Lang::Fr),
    ("avril", 4, Lang::Fr),
    ("mai", 5, Lang::Fr),
    ("juin", 6, Lang::Fr),
    ("juillet", 7, Lang::Fr),
    ("août", 8, Lang::Fr),
    ("septembre", 9, Lang::Fr),
    ("octobre", 10, Lang::Fr),
    ("novembre", 11, Lang::Fr),
    ("décembre", 12, Lang::Fr),
    ("janeiro", 1, Lang::Pt),
    ("fevereiro", 2, Lang::Pt),
    ("março", 3, Lang::Pt),
    ("maio", 5, Lang::Pt),
    ("junho", 6, Lang::Pt),
    ("julho", 7, Lang::Pt),
    ("setembro", 9, Lang::Pt),
    ("outubro", 10, Lang::Pt),
    ("dezembro", 12, Lang::Pt),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Monday, 2 March 2026, 07:30 UTC.
    const MONDAY: &str = "2026-03-02T07:30:00Z";

    /// Checks the resolved mentions of `input` as `(text, date)` pairs.
    fn check(
        input: &str,
        published: Option<&str>,
        language: Option<&str>,
        expected: &[(&str, &str)],
    ) {
        let published = published.map(|p| p.parse::<jiff::Timestamp>().unwrap());
        let outcome = dates(input, published, language);
        let found: Vec<(String, String)> = outcome
            .value
            .iter()
            .map(|m| (m.text.clone(), m.date.to_string()))
            .collect();
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(t, d)| (t.to_string(), d.to_string()))
            .collect();
        assert_eq!(found, expected, "input: {input}");
        for mention in &outcome.value {
            assert_eq!(mention.span.slice(input), Some(mention.text.as_str()));
            assert!(mention.sentence.contains(mention.span));
        }
    }

    #[test]
    fn past_and_neutral_weekdays_look_back() {
        check(
            "At least 12 people died after the river burst its banks on Sunday night.",
            Some(MONDAY),
            None,
            &[("Sunday night", "2026-03-01")],
        );
        check(
            "Officials said on Monday that the dam held.",
            Some(MONDAY),
            Some("en"),
            &[("Monday", "2026-03-02")],
        );
        check(
            "The dam was inspected last Monday.",
            Some(MONDAY),
            Some("en"),
            &[("last Monday", "2026-02-23")],
        );
        check(
            "Rescuers have searched since Saturday.",
            Some(MONDAY),
            Some("en"),
            &[("Saturday", "2026-02-28")],
        );
    }

    #[test]
    fn future_weekdays_look_ahead() {
        check(
            "Governor Helena Varga will visit Ostmark on Tuesday.",
            Some(MONDAY),
            None,
            &[("Tuesday", "2026-03-03")],
        );
        check(
            "The council will meet next Monday.",
            Some(MONDAY),
            None,
            &[("next Monday", "2026-03-09")],
        );
        check(
            "A day of mourning is expected to be held on Monday.",
            Some(MONDAY),
            None,
            &[("Monday", "2026-03-09")],
        );
        check(
            "Engineers said they would inspect the dam later on Monday.",
            Some(MONDAY),
            None,
            &[("Monday", "2026-03-02")],
        );
    }

    #[test]
    fn each_clause_keeps_its_own_tense() {
        check(
            "The government announced on Friday that a day of mourning will be held on Monday.",
            Some("2026-03-06T18:00:00Z"),
            Some("en"),
            &[("Friday", "2026-03-06"), ("Monday", "2026-03-09")],
        );
    }

    #[test]
    fn relative_days() {
        check(
            "Varga toured Ostmark yesterday and will return tomorrow; the river rose last night.",
            Some(MONDAY),
            None,
            &[
                ("yesterday", "2026-03-01"),
                ("tomorrow", "2026-03-03"),
                ("last night", "2026-03-01"),
            ],
        );
        check(
            "Reyes spoke today.",
            Some("2026-03-02T23:59:59Z"),
            None,
            &[("today", "2026-03-02")],
        );
    }

    #[test]
    fn month_day_dates() {
        check(
            "The river began rising on March 1 and the report is due on March 3, 2026.",
            Some(MONDAY),
            None,
            &[("March 1", "2026-03-01"), ("March 3, 2026", "2026-03-03")],
        );
        check(
            "The storm struck on 28 December.",
            Some(MONDAY),
            None,
            &[("28 December", "2025-12-28")],
        );
        check(
            "The plan was published on 2026-02-14.",
            Some(MONDAY),
            None,
            &[("2026-02-14", "2026-02-14")],
        );
        check(
            "Works will start on the 3rd of March.",
            Some(MONDAY),
            None,
            &[("3rd of March", "2026-03-03")],
        );
    }

    #[test]
    fn spanish_expressions() {
        check(
            "El río se desbordó el domingo por la noche y ayer llegó el ejército.",
            Some(MONDAY),
            Some("es"),
            &[
                ("domingo por la noche", "2026-03-01"),
                ("ayer", "2026-03-01"),
            ],
        );
        check(
            "La gobernadora visitará Ostmark el miércoles y el funeral se celebrará el lunes.",
            Some(MONDAY),
            Some("es"),
            &[("miércoles", "2026-03-04"), ("lunes", "2026-03-09")],
        );
        check(
            "El informe se publicó el 3 de marzo de 2026, y el próximo lunes habrá otro.",
            Some(MONDAY),
            None,
            &[
                ("3 de marzo de 2026", "2026-03-03"),
                ("próximo lunes", "2026-03-09"),
            ],
        );
        check(
            "Plácido Domingo cantó por la mañana.",
            Some(MONDAY),
            Some("es"),
            &[],
        );
    }

    #[test]
    fn future_flag_and_this_weekday() {
        let published = MONDAY.parse::<jiff::Timestamp>().ok();
        let outcome = dates(
            "Según el balance difundido este lunes, el acto será el jueves.",
            published,
            Some("es"),
        );
        let flags: Vec<(&str, bool)> = outcome
            .value
            .iter()
            .map(|m| (m.text.as_str(), m.future))
            .collect();
        assert_eq!(flags, [("este lunes", false), ("jueves", true)]);
    }

    #[test]
    fn impossible_or_unresolvable_dates_are_left_out() {
        check(
            "The vote on February 30 was cancelled.",
            Some(MONDAY),
            None,
            &[],
        );
        check(
            "The vote on February 30, 2026 was cancelled.",
            Some(MONDAY),
            None,
            &[],
        );
        check(
            "It rained on Tuesday and on 3 March 2026.",
            None,
            None,
            &[("3 March 2026", "2026-03-03")],
        );
        let outcome = dates("It rained on Tuesday.", None, None);
        assert_eq!(outcome.diagnostics.len(), 1);
        let monday = MONDAY.parse::<jiff::Timestamp>().ok();
        assert_eq!(
            dates("It rained in the year 99999 on March 3.", monday, None)
                .value
                .len(),
            1
        );
        // At the ends of the calendar, days that fall outside it are dropped without a panic.
        let first = Some(jiff::Timestamp::MIN);
        assert!(
            dates("It rained the day before yesterday.", first, None)
                .value
                .is_empty()
        );
        let _ = dates("It rained last Monday and on 1 January.", first, None);
        let last = Some(jiff::Timestamp::MAX);
        assert!(
            dates("It will rain the day after tomorrow.", last, None)
                .value
                .is_empty()
        );
        let _ = dates("It will rain next Monday and on 31 December.", last, None);
    }
}
