//! The rules that turn pieces into numbers.
//!
//! Words are read left to right by a small machine that keeps the groups already closed by a
//! scale word ("two million | three hundred"), the group under way and the largest number that
//! may still be added to it (below 10 after "twenty", below 100 after "three hundred"). A word
//! that does not fit ends the number; a joining word ("and", "y", "et") that is not followed by
//! a fitting word is given back. Digits are read first, with the language's separators, and
//! may then be scaled by words ("1.5 million", "3 hundred and 21").

use super::lexicon::{Entry, Lexicon};
use super::{NumberKind, Piece};
use crate::doc::Kind;

/// A number found at a piece: pieces `start..end`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Found {
    pub start: usize,
    pub end: usize,
    pub value: f64,
    pub kind: NumberKind,
}

/// The most pieces one number may take; it keeps the whole scan linear.
const MAX_PIECES: usize = 64;

/// The number starting at piece `at`, if any.
pub(crate) fn parse(pieces: &[Piece<'_>], at: usize, lex: &Lexicon) -> Option<Found> {
    if pieces.get(at)?.in_link {
        return None;
    }
    if let Some(found) = percent_of(pieces, at, lex) {
        return Some(found);
    }
    let (negative, core_start) = sign(pieces, at);
    let core = core(pieces, core_start, lex)?;
    let mut value = core.value;
    let mut kind = core.kind;
    let mut end = core.end;
    if let Some((ratio, after)) = two_number_fraction(pieces, &core, lex) {
        value = ratio;
        kind = NumberKind::Fraction;
        end = after;
    }
    if let Some(after) = percent_after(pieces, end, lex) {
        kind = NumberKind::Percent;
        end = after;
    }
    if end == core_start + 1
        && kind == NumberKind::Integer
        && is_pronoun_one(pieces, core_start, value, lex)
    {
        return None;
    }
    if negative {
        value = -value;
    }
    if !value.is_finite() {
        return None;
    }
    if matches!(kind, NumberKind::Integer | NumberKind::Decimal) {
        kind = if value.fract() == 0.0 {
            NumberKind::Integer
        } else {
            NumberKind::Decimal
        };
    }
    Some(Found {
        start: at,
        end,
        value,
        kind,
    })
}

/// A minus sign or word at piece `at`: whether there is one and where the number starts.
fn sign(pieces: &[Piece<'_>], at: usize) -> (bool, usize) {
    let Some(piece) = pieces.get(at) else {
        return (false, at);
    };
    if piece.kind == Kind::Word && piece.entries.contains(&Entry::Minus) {
        return (true, at + 1);
    }
    if !(piece.is_punct('-') || piece.is_punct('−')) {
        return (false, at);
    }
    let Some(next) = pieces.get(at + 1) else {
        return (false, at);
    };
    let starts_digits = next.is_number()
        || (next.touches_previous()
            && (next.is_punct('.') || next.is_punct(','))
            && pieces.get(at + 2).is_some_and(|p| p.is_plain_digits()));
    if !starts_digits || next.before.contains('\n') {
        return (false, at);
    }
    // A dash set apart from the number is a sign only at the very start of the text: at the
    // start of a later line it is more likely a list bullet ("- 5 people were hurt").
    if !next.touches_previous() && at > 0 {
        return (false, at);
    }
    let previous = at.checked_sub(1).and_then(|p| pieces.get(p));
    let after_value = previous.is_some_and(|p| p.is_word() || p.is_number());
    // "SCP-173", "+1-222": a hyphen between two things is no sign; nor is a dash between two
    // numbers or words ("2010 - 2015").
    if after_value && (piece.touches_previous() || !next.touches_previous()) {
        return (false, at);
    }
    if previous.is_some_and(|p| p.is_punct('-') || p.is_punct('/')) && piece.touches_previous() {
        return (false, at);
    }
    (true, at + 1)
}

/// A number without its sign, percent or second number.
fn core(pieces: &[Piece<'_>], at: usize, lex: &Lexicon) -> Option<Found> {
    let piece = pieces.get(at)?;
    if piece.kind == Kind::Word {
        let (state, end) = run(pieces, at, State::new(), lex)?;
        return Some(state.found(at, end));
    }
    let digits = read_digits(pieces, at, lex)?;
    if !digits.plain {
        return Some(Found {
            start: at,
            end: digits.end,
            value: digits.value,
            kind: digits.kind,
        });
    }
    let seeded = State::from_digits(digits.value, digits.kind);
    match run(pieces, digits.end, seeded, lex) {
        Some((state, end)) => Some(state.found(at, end)),
        None => Some(Found {
            start: at,
            end: digits.end,
            value: digits.value,
            kind: digits.kind,
        }),
    }
}

/// The value of a compound's parts when they make a whole cardinal ("einundzwanzig" → 21).
pub(crate) fn value_of_parts(parts: &[Entry], lex: &Lexicon) -> Option<f64> {
    let mut state = State::new();
    for part in parts {
        if !state.apply(*part, lex) {
            return None;
        }
    }
    (state.can_end() && state.kind == NumberKind::Integer).then(|| state.total())
}

/// A compound that ends in an ordinal, as one ordinal: "dosmilésimos" is the 2000th, plural.
pub(crate) fn ordinal_of_parts(parts: &[Entry], lex: &Lexicon) -> Option<Entry> {
    let Some(Entry::Ordinal { plural, .. }) = parts.last() else {
        return None;
    };
    let mut state = State::new();
    for part in parts {
        // Read as a rank: "dos milésimos" alone would be a fraction.
        let part = match *part {
            Entry::Ordinal { value, .. } => Entry::Ordinal {
                value,
                plural: false,
            },
            other => other,
        };
        if !state.apply(part, lex) {
            return None;
        }
    }
    (state.can_end() && state.kind == NumberKind::Ordinal).then(|| Entry::Ordinal {
        value: state.total(),
        plural: *plural,
    })
}

/// What the last word read was.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Last {
    Nothing,
    Card(f64),
    Hundred,
    Scale(f64),
    /// Digits; `true` when they started their group.
    Digits(bool),
    Fraction,
    Ordinal,
    Multiple,
    Article,
    Link,
}

/// The state at a joining word, for fractions that belong to what follows it.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Joint {
    current: f64,
    after_scale: Option<f64>,
    /// What the word before the joining word was.
    after: Last,
    /// True when the joining word starts the fraction of a mixed number ("and", "con"), false
    /// for one that joins parts of a whole number ("treinta y dos quintos" is 32/5).
    mixed: bool,
}

/// The machine that reads one number.
#[derive(Debug, Clone, Copy)]
struct State {
    /// Groups closed by a scale word: (value, scale), scales decreasing.
    parts: [(f64, f64); 8],
    closed_groups: usize,
    current: f64,
    /// Numbers below this may be added to `current`.
    gap: f64,
    last: Last,
    kind: NumberKind,
    any: bool,
    /// True when the number may not end here (an article, a numerator without denominator).
    weak: bool,
    /// True after a fraction or decimals: only scales and counting words may follow.
    closed: bool,
    joint: Option<Joint>,
    /// True right after a joining word.
    pending_link: bool,
    /// True when the words since the joint are a numerator waiting for its denominator.
    needs_denominator: bool,
    /// A fraction right after "million and": it is a fraction of that scale.
    fraction_of_scale: Option<f64>,
}

impl State {
    fn new() -> Self {
        State {
            parts: [(0.0, 0.0); 8],
            closed_groups: 0,
            current: 0.0,
            gap: 0.0,
            last: Last::Nothing,
            kind: NumberKind::Integer,
            any: false,
            weak: false,
            closed: false,
            joint: None,
            pending_link: false,
            needs_denominator: false,
            fraction_of_scale: None,
        }
    }

    fn from_digits(value: f64, kind: NumberKind) -> Self {
        State {
            current: value,
            last: Last::Digits(true),
            kind,
            any: true,
            ..State::new()
        }
    }

    fn total(&self) -> f64 {
        let closed: f64 = self
            .parts
            .iter()
            .take(self.closed_groups)
            .map(|(v, _)| v)
            .sum();
        let mut total = closed + self.current;
        if let Some(scale) = self.fraction_of_scale {
            total = closed + self.current * scale;
        }
        total
    }

    fn can_end(&self) -> bool {
        self.any && !self.weak && !self.pending_link && !self.needs_denominator
    }

    fn found(&self, start: usize, end: usize) -> Found {
        Found {
            start,
            end,
            value: self.total(),
            kind: self.kind,
        }
    }

    /// Applies one word; false (and a state to throw away) when it does not fit.
    fn apply(&mut self, entry: Entry, lex: &Lexicon) -> bool {
        let linked = std::mem::take(&mut self.pending_link);
        match entry {
            Entry::Card(value) => self.card(value, linked, lex),
            Entry::Hundred => self.hundred(),
            Entry::Scale(scale) => self.scale(scale),
            Entry::Multiple(count) => self.multiple(count),
            Entry::Ordinal { value, plural } => self.ordinal(value, plural, lex),
            Entry::Denom(value) => self.denominator(value, true),
            Entry::Half => self.denominator(2.0, false),
            Entry::Mixed(value) => {
                if !self.any || self.closed || self.weak || self.kind != NumberKind::Integer {
                    return false;
                }
                self.current += value;
                self.kind = NumberKind::Fraction;
                self.closed = true;
                self.last = Last::Fraction;
                true
            }
            Entry::Article => self.article(linked),
            Entry::And => self.link(!lex.and_inside),
            Entry::With => self.link(true),
            _ => false,
        }
    }

    fn card(&mut self, value: f64, linked: bool, lex: &Lexicon) -> bool {
        if self.closed || self.kind == NumberKind::Ordinal {
            return false;
        }
        if !self.any {
            self.current = value;
            self.gap = lex.gap_after(value);
            self.any = true;
            self.last = Last::Card(value);
            return true;
        }
        if self.weak && !self.needs_denominator {
            return false;
        }
        let is_tens = (20.0..100.0).contains(&value) && value % 10.0 == 0.0;
        if linked
            && lex.units_before_tens
            && is_tens
            && matches!(self.last, Last::Card(unit) if (1.0..10.0).contains(&unit))
        {
            self.current += value;
            self.gap = 0.0;
            self.last = Last::Card(value);
            return true;
        }
        if value > 0.0 && value < self.gap {
            self.current += value;
            self.gap = lex.gap_after(value);
            self.last = Last::Card(value);
            return true;
        }
        // "and two thirds": a numerator that only a denominator can complete.
        if linked && value > 0.0 && value.fract() == 0.0 {
            self.current += value;
            self.gap = lex.gap_after(value);
            self.last = Last::Card(value);
            self.needs_denominator = true;
            return true;
        }
        false
    }

    fn hundred(&mut self) -> bool {
        if self.closed || self.kind == NumberKind::Ordinal || self.needs_denominator {
            return false;
        }
        if !self.any || self.last == Last::Article {
            self.current = 100.0;
        } else if self.last == Last::Digits(true)
            || (self.current > 0.0 && self.current < 100.0 && matches!(self.last, Last::Card(_)))
        {
            self.current *= 100.0;
        } else if self.current == 0.0 && matches!(self.last, Last::Scale(_) | Last::Link) {
            self.current = 100.0;
        } else {
            return false;
        }
        self.any = true;
        self.weak = false;
        self.gap = 100.0;
        self.last = Last::Hundred;
        true
    }

    fn scale(&mut self, scale: f64) -> bool {
        if self.kind == NumberKind::Ordinal || self.needs_denominator {
            return false;
        }
        // "mil" alone, "a million", and "millones mil" (a thousand after the millions).
        let bare_after_larger =
            matches!(self.last, Last::Scale(larger) if larger > scale) && self.current == 0.0;
        if !self.any || self.last == Last::Article || bare_after_larger {
            self.current = 1.0;
        }
        let mut value = self.current;
        while let Some(index) = self.closed_groups.checked_sub(1)
            && let Some((group, group_scale)) = self.parts.get(index).copied()
            && group_scale < scale
        {
            value += group;
            self.closed_groups = index;
        }
        if let Some(index) = self.closed_groups.checked_sub(1)
            && self.parts.get(index).is_some_and(|(_, s)| *s == scale)
        {
            return false;
        }
        if value <= 0.0 {
            return false;
        }
        let Some(slot) = self.parts.get_mut(self.closed_groups) else {
            return false;
        };
        *slot = (value * scale, scale);
        self.closed_groups += 1;
        self.current = 0.0;
        self.gap = scale;
        self.any = true;
        self.weak = false;
        self.fraction_of_scale = None;
        self.last = Last::Scale(scale);
        true
    }

    fn multiple(&mut self, count: f64) -> bool {
        if !self.any || self.kind == NumberKind::Ordinal || self.needs_denominator {
            return false;
        }
        if self.last == Last::Article {
            self.current = count;
        } else if self.closed {
            self.current *= count;
        } else if let Some(joint) = self.joint {
            let numerator = self.current - joint.current;
            if numerator <= 0.0 {
                return false;
            }
            self.current = joint.current + numerator * count;
        } else {
            self.current *= count;
        }
        self.weak = false;
        self.closed = true;
        self.gap = 0.0;
        self.last = Last::Multiple;
        true
    }

    fn ordinal(&mut self, value: f64, plural: bool, lex: &Lexicon) -> bool {
        let scale_like = value >= 100.0 && value.log10().fract() == 0.0;
        if self.needs_denominator {
            return value >= 3.0 && self.fraction(value);
        }
        if !self.any {
            self.current = value;
            self.kind = NumberKind::Ordinal;
            self.gap = if scale_like {
                value
            } else {
                lex.gap_after(value)
            };
            self.any = true;
            self.last = Last::Ordinal;
            return true;
        }
        if self.closed || matches!(self.last, Last::Digits(_)) {
            return false;
        }
        if self.kind == NumberKind::Ordinal {
            if value < self.gap {
                self.current += value;
                self.gap = lex.gap_after(value);
                return true;
            }
            return false;
        }
        if !plural && value < self.gap && self.last != Last::Article {
            self.current += value;
            self.kind = NumberKind::Ordinal;
            self.gap = lex.gap_after(value);
            self.last = Last::Ordinal;
            return true;
        }
        let numerator = self.numerator();
        let fraction = value >= 3.0
            && (plural
                || numerator == 1.0
                || self.last == Last::Article
                || (lex.fraction_singular && !scale_like));
        if fraction {
            return self.fraction(value);
        }
        if scale_like && !self.weak {
            let applied = if value == 100.0 {
                self.hundred()
            } else {
                self.scale(value)
            };
            if applied {
                self.kind = NumberKind::Ordinal;
                self.last = Last::Ordinal;
            }
            return applied;
        }
        false
    }

    /// The joining word a fraction starts after: a mixed-number one, or any one when nothing
    /// or only a numerator that did not fit came after it ("y medio", "and two thirds").
    fn fraction_joint(&self) -> Option<Joint> {
        self.joint
            .filter(|joint| joint.mixed || self.needs_denominator || self.current == joint.current)
    }

    /// The numerator a denominator divides: what was read since the joining word, or all.
    fn numerator(&self) -> f64 {
        match self.fraction_joint() {
            Some(joint) => self.current - joint.current,
            None => self.total(),
        }
    }

    fn fraction(&mut self, denominator: f64) -> bool {
        if denominator <= 0.0 || matches!(self.last, Last::Digits(_)) {
            return false;
        }
        let joint = self.fraction_joint();
        let (base, numerator) = match joint {
            Some(joint) => (joint.current, self.current - joint.current),
            None => {
                let total = self.total();
                self.closed_groups = 0;
                self.fraction_of_scale = None;
                (0.0, total)
            }
        };
        let numerator = if numerator > 0.0 { numerator } else { 1.0 };
        self.fraction_of_scale = joint
            .filter(|joint| joint.current == 0.0)
            .and_then(|joint| joint.after_scale);
        self.current = base + numerator / denominator;
        self.kind = NumberKind::Fraction;
        self.closed = true;
        self.weak = false;
        self.needs_denominator = false;
        self.joint = None;
        self.gap = 0.0;
        self.last = Last::Fraction;
        true
    }

    fn denominator(&mut self, value: f64, needs_more: bool) -> bool {
        if self.kind == NumberKind::Ordinal {
            return false;
        }
        if !self.any {
            self.current = 1.0 / value;
            self.any = true;
            self.kind = NumberKind::Fraction;
            self.closed = true;
            self.weak = needs_more;
            self.gap = 0.0;
            self.last = Last::Fraction;
            return true;
        }
        if self.closed {
            return false;
        }
        self.fraction(value)
    }

    fn article(&mut self, linked: bool) -> bool {
        if !self.any {
            self.any = true;
            self.current = 1.0;
            self.weak = true;
            self.last = Last::Article;
            return true;
        }
        if linked && !self.closed {
            self.current += 1.0;
            self.needs_denominator = true;
            self.last = Last::Article;
            return true;
        }
        false
    }

    fn link(&mut self, mixed: bool) -> bool {
        if !self.any || self.weak || self.closed || self.needs_denominator {
            return false;
        }
        self.joint = Some(Joint {
            current: self.current,
            after_scale: match self.last {
                Last::Scale(scale) => Some(scale),
                _ => None,
            },
            after: self.last,
            mixed,
        });
        self.pending_link = true;
        if !matches!(self.last, Last::Card(_)) {
            self.last = Last::Link;
        }
        true
    }

    /// Digits in the middle of a number: "4 thousand 3 hundred and 21".
    fn digits(&mut self, value: f64) -> bool {
        self.pending_link = false;
        let after_scale = matches!(self.last, Last::Hundred | Last::Scale(_))
            || (self.last == Last::Link
                && self
                    .joint
                    .is_some_and(|j| matches!(j.after, Last::Hundred | Last::Scale(_))));
        if self.closed
            || self.kind != NumberKind::Integer
            || !after_scale
            || value < 1.0
            || value >= self.gap
        {
            return false;
        }
        self.last = Last::Digits(self.current == 0.0);
        self.current += value;
        self.gap = 0.0;
        true
    }
}

/// Reads words (and digits after scale words) from piece `at`, starting in `state`. Returns the
/// longest reading that may end, with the index after it.
fn run(pieces: &[Piece<'_>], at: usize, state: State, lex: &Lexicon) -> Option<(State, usize)> {
    let mut state = state;
    let mut best = state.can_end().then_some((state, at));
    // The best reading before the last joining word, for "3 hundred and 2 hundred".
    let mut before_link = best;
    let mut i = at;
    let limit = at.saturating_add(MAX_PIECES).min(pieces.len());
    while i < limit {
        let Some(piece) = pieces.get(i) else { break };
        if i > at && piece.before.contains('\n') {
            break;
        }
        let mut next = state;
        let step = step(pieces, i, &mut next, lex);
        let Some(after) = step else {
            if matches!(
                pieces.get(i).and_then(|p| p.entries.first()),
                Some(Entry::Hundred | Entry::Scale(_))
            ) && state.joint.is_some()
                && matches!(state.last, Last::Digits(_) | Last::Card(_))
            {
                return before_link.or(best);
            }
            break;
        };
        if next.pending_link {
            before_link = best;
        }
        state = next;
        i = after;
        if state.can_end() {
            best = Some((state, i));
        }
    }
    best
}

/// Applies the piece (or phrase) at `i` to `state`; the index after it, or `None` when it
/// does not fit.
fn step(pieces: &[Piece<'_>], i: usize, state: &mut State, lex: &Lexicon) -> Option<usize> {
    let piece = pieces.get(i)?;
    match piece.kind {
        Kind::Number => {
            let value = super::grammar::digits_value(piece.text, lex.decimal_comma)?;
            let touches_next = pieces.get(i + 1).is_some_and(|p| p.touches_previous());
            (piece.is_plain_digits() && !touches_next && state.digits(value)).then_some(i + 1)
        }
        Kind::Punct => {
            // "fifty - two": a spaced dash between words of one number.
            let spaced = !piece.touches_previous()
                && pieces
                    .get(i + 1)
                    .is_some_and(|p| !p.touches_previous() && p.is_word());
            let dash = piece.is_punct('-') || piece.is_punct('–');
            (dash && spaced && state.any && !state.closed && !state.weak).then_some(i + 1)
        }
        Kind::Word => {
            if !state.any && lex.needs_count(&piece.folded) {
                return None;
            }
            let words = |k: usize| pieces.get(i + k).map(|p| p.folded.as_str());
            if let Some((entry, width)) = lex.phrase(words) {
                let mut trial = *state;
                if apply_entry(entry, &mut trial, lex) {
                    *state = trial;
                    return Some(i + width);
                }
            }
            if let Some((entry, width)) = tens_ordinal(pieces, i, false) {
                let mut trial = *state;
                if trial.apply(entry, lex) {
                    *state = trial;
                    return Some(i + width);
                }
            }
            if let Some(parts) = &piece.compound {
                let mut trial = *state;
                if parts.iter().all(|part| trial.apply(*part, lex)) {
                    *state = trial;
                    return Some(i + 1);
                }
            }
            if piece.entries.contains(&Entry::Point)
                && let Some((fraction, after)) = decimal_part(pieces, i + 1, state, lex)
            {
                state.current += fraction;
                state.kind = NumberKind::Decimal;
                state.closed = true;
                state.pending_link = false;
                state.last = Last::Fraction;
                return Some(after);
            }
            for entry in &piece.entries {
                let mut trial = *state;
                if apply_entry(*entry, &mut trial, lex) {
                    *state = trial;
                    return Some(i + 1);
                }
            }
            // "un vingt cinquième", "three twenty firsts", "três dois milésimos": a spaced
            // ordinal as denominator.
            let (entry, width) =
                tens_ordinal(pieces, i, true).or_else(|| multiplied_ordinal(pieces, i))?;
            let mut trial = *state;
            (trial.any && trial.apply(entry, lex)).then(|| {
                *state = trial;
                i + width
            })
        }
    }
}

/// "twenty-first", "vingt-cinquième": tens and an ordinal joined by a hyphen, read as one
/// ordinal so that it can be a denominator ("one twenty-fifth"). With `spaced`, the parts may
/// also stand apart, with a joining word between them ("vingt et unième"). The ordinal and
/// the number of pieces it takes.
fn tens_ordinal(pieces: &[Piece<'_>], i: usize, spaced: bool) -> Option<(Entry, usize)> {
    let tens = pieces.get(i)?.entries.iter().find_map(|e| match e {
        Entry::Card(v) if (20.0..100.0).contains(v) && v % 10.0 == 0.0 => Some(*v),
        _ => None,
    })?;
    let mut k = i + 1;
    if spaced
        && pieces
            .get(k)
            .is_some_and(|p| p.entries.contains(&Entry::And))
    {
        k += 1;
    }
    let unit = pieces.get(k)?;
    let hyphen = unit.before == "-" || unit.before == "‐";
    if !(hyphen || spaced && !unit.before.contains('\n')) {
        return None;
    }
    unit.entries.iter().find_map(|e| match e {
        Entry::Ordinal { value, plural } if *value < 10.0 => Some((
            Entry::Ordinal {
                value: tens + value,
                plural: *plural,
            },
            k + 1 - i,
        )),
        _ => None,
    })
}

/// "dois milésimos", "two thousandths": a cardinal and the ordinal of a scale, read as one
/// ordinal (the 2000th) with the number of pieces it takes.
fn multiplied_ordinal(pieces: &[Piece<'_>], i: usize) -> Option<(Entry, usize)> {
    let count = pieces.get(i)?.entries.iter().find_map(|e| match e {
        Entry::Card(v) if *v >= 1.0 && *v < 1000.0 && v.fract() == 0.0 => Some(*v),
        _ => None,
    })?;
    let next = pieces.get(i + 1)?;
    if next.before.contains('\n') {
        return None;
    }
    next.entries.iter().find_map(|e| match e {
        Entry::Ordinal { value, plural } if *value >= 100.0 && value.log10().fract() == 0.0 => {
            Some((
                Entry::Ordinal {
                    value: count * value,
                    plural: *plural,
                },
                2,
            ))
        }
        _ => None,
    })
}

/// Applies one entry, with the words that only link a fraction to a scale ("two thirds of a
/// million", "half a dozen").
fn apply_entry(entry: Entry, state: &mut State, lex: &Lexicon) -> bool {
    if matches!(entry, Entry::Of | Entry::Article)
        && state.kind == NumberKind::Fraction
        && state.closed
        && !state.weak
    {
        state.weak = true;
        return true;
    }
    state.apply(entry, lex)
}

/// The decimals after a spoken decimal mark: digit by digit ("point zero three") or as one
/// number ("coma veintiocho"). `None` when what follows is not a plain number (as in "veinte
/// con tres quintos", where "con" joins a fraction).
fn decimal_part(
    pieces: &[Piece<'_>],
    at: usize,
    state: &State,
    lex: &Lexicon,
) -> Option<(f64, usize)> {
    if !state.any
        || state.closed
        || state.weak
        || state.needs_denominator
        || state.kind != NumberKind::Integer
    {
        return None;
    }
    let digit = |k: usize| -> Option<u8> {
        let piece = pieces.get(k)?;
        if piece.kind != Kind::Word || piece.compound.is_some() {
            return None;
        }
        piece.entries.iter().find_map(|e| match e {
            Entry::Card(v) if *v < 10.0 && v.fract() == 0.0 => Some(*v as u8),
            _ => None,
        })
    };
    let mut digits = String::new();
    let mut end = at;
    if digit(at).is_some() && digit(at + 1).is_some() {
        while end < at + MAX_PIECES
            && let Some(d) = digit(end)
        {
            digits.push(char::from(b'0' + d));
            end += 1;
        }
    } else {
        let (part, after) = run(pieces, at, State::new(), lex)?;
        let value = part.total();
        if part.kind != NumberKind::Integer || !(0.0..1e15).contains(&value) {
            return None;
        }
        digits = format!("{}", value as u64);
        end = after;
    }
    let fraction = format!("0.{digits}").parse::<f64>().ok()?;
    Some((fraction, end))
}

/// "one over three", "2 out of 5" (never more than the whole), "1 in 20", Portuguese "dois
/// onze avos".
fn two_number_fraction(pieces: &[Piece<'_>], first: &Found, lex: &Lexicon) -> Option<(f64, usize)> {
    if first.kind != NumberKind::Integer || first.value < 0.0 {
        return None;
    }
    let piece = pieces.get(first.end)?;
    if piece.kind != Kind::Word {
        return None;
    }
    let words = |k: usize| pieces.get(first.end + k).map(|p| p.folded.as_str());
    let (link, width) = lex
        .phrase(words)
        .filter(|(e, _)| matches!(e, Entry::Over | Entry::OverOne | Entry::OutOf))
        .or_else(|| {
            piece
                .entries
                .iter()
                .find(|e| matches!(e, Entry::Over | Entry::OverOne | Entry::OutOf))
                .map(|e| (*e, 1))
        })
        .unwrap_or((Entry::Avos, 0));
    let second = core(pieces, first.end + width, lex)?;
    if second.kind != NumberKind::Integer || second.value <= 0.0 {
        return None;
    }
    let ratio = first.value / second.value;
    match link {
        // "2000 over 3", but not "$2000 over 3 years".
        Entry::Over => {
            let followed_by_word = pieces.get(second.end).is_some_and(|p| p.is_word())
                && percent_after(pieces, second.end, lex).is_none();
            (!followed_by_word).then_some((ratio, second.end))
        }
        Entry::OutOf => (first.value <= second.value).then_some((ratio, second.end)),
        Entry::OverOne => (first.value == 1.0 && second.value > 1.0).then_some((ratio, second.end)),
        _ => {
            let avos = pieces.get(second.end)?;
            avos.entries
                .contains(&Entry::Avos)
                .then_some((ratio, second.end + 1))
        }
    }
}

/// A percentage written before its number: "percent of 10", "pourcentage de vingt".
fn percent_of(pieces: &[Piece<'_>], at: usize, lex: &Lexicon) -> Option<Found> {
    let piece = pieces.get(at)?;
    if !piece.is_word() {
        return None;
    }
    let width = percent_after(pieces, at, lex)? - at;
    let words = |k: usize| pieces.get(at + width + k).map(|p| p.folded.as_str());
    let of = match lex.phrase(words) {
        Some((Entry::Of, of)) => of,
        _ => {
            let link = pieces.get(at + width)?;
            if !link.entries.contains(&Entry::Of) {
                return None;
            }
            1
        }
    };
    let number = core(pieces, at + width + of, lex)?;
    if !matches!(number.kind, NumberKind::Integer | NumberKind::Decimal) {
        return None;
    }
    Some(Found {
        start: at,
        end: number.end,
        value: number.value,
        kind: NumberKind::Percent,
    })
}

/// The index after a percent sign or word following piece `end - 1`.
fn percent_after(pieces: &[Piece<'_>], end: usize, lex: &Lexicon) -> Option<usize> {
    let piece = pieces.get(end)?;
    if piece.before.contains('\n') {
        return None;
    }
    let encoded = pieces
        .get(end + 1)
        .is_some_and(|p| p.touches_previous() && !p.is_punct('.') && !p.is_punct(','));
    if (piece.is_punct('%') || piece.is_punct('٪')) && !encoded {
        return Some(end + 1);
    }
    let words = |k: usize| pieces.get(end + k).map(|p| p.folded.as_str());
    if let Some((Entry::Percent, width)) = lex.phrase(words) {
        return Some(end + width);
    }
    piece.entries.contains(&Entry::Percent).then_some(end + 1)
}

/// True for "one" as a pronoun: "the one you mentioned", "which one".
fn is_pronoun_one(pieces: &[Piece<'_>], at: usize, value: f64, lex: &Lexicon) -> bool {
    let Some(piece) = pieces.get(at) else {
        return false;
    };
    value == 1.0
        && piece.is_word()
        && at
            .checked_sub(1)
            .and_then(|p| pieces.get(p))
            .is_some_and(|p| p.is_word() && lex.is_pronoun_cue(&p.folded))
}

/// Digits read at piece `at`, before any scale word.
struct Digits {
    value: f64,
    kind: NumberKind,
    end: usize,
    /// True when words may scale the digits ("2 million"): no suffix, exponent or fraction.
    plain: bool,
}

/// The value of a token of digits with `,` and `.`, by the conventions of the language.
pub(crate) fn digits_value(text: &str, decimal_comma: bool) -> Option<f64> {
    if text.is_empty()
        || !text
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
    {
        return None;
    }
    let groups: Vec<&str> = text.split([',', '.']).collect();
    if groups.iter().any(|g| g.is_empty()) {
        return None;
    }
    let commas = text.matches(',').count();
    let stops = text.matches('.').count();
    let (whole, fraction): (&[&str], Option<&str>) = match (commas, stops) {
        (0, 0) => (groups.as_slice(), None),
        (c, s) if c > 0 && s > 0 => {
            let last = text.rfind([',', '.'])?;
            let mark = text.get(last..=last)?;
            if text.matches(mark).count() != 1 {
                return None;
            }
            let (fraction, whole) = groups.split_last()?;
            if !grouped(whole) {
                return None;
            }
            (whole, Some(*fraction))
        }
        (c, s) => {
            let separator = if c > 0 { ',' } else { '.' };
            let thousands = if decimal_comma { '.' } else { ',' };
            if c + s == 1 {
                let (first, rest) = (groups.first()?, groups.get(1)?);
                let grouping = separator == thousands
                    && rest.len() == 3
                    && (1..=3).contains(&first.len())
                    && !first.starts_with('0');
                if grouping {
                    (groups.as_slice(), None)
                } else {
                    let (fraction, whole) = groups.split_last()?;
                    (whole, Some(*fraction))
                }
            } else if grouped(&groups) {
                (groups.as_slice(), None)
            } else {
                return None;
            }
        }
    };
    let mut plain: String = whole.concat();
    if let Some(fraction) = fraction {
        plain.push('.');
        plain.push_str(fraction);
    }
    plain.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// True when digit groups are thousands ("1", "234", "567") or the Indian lakh grouping ("12",
/// "34", "567").
fn grouped(groups: &[&str]) -> bool {
    let Some((first, rest)) = groups.split_first() else {
        return false;
    };
    if rest.is_empty() {
        return true;
    }
    let first_ok = (1..=3).contains(&first.len()) && !first.starts_with('0');
    if first_ok && rest.iter().all(|g| g.len() == 3) {
        return true;
    }
    let Some((last, middle)) = rest.split_last() else {
        return false;
    };
    (1..=2).contains(&first.len())
        && !first.starts_with('0')
        && last.len() == 3
        && middle.iter().all(|g| g.len() == 2)
}

/// The value of a vulgar fraction character.
fn vulgar(text: &str) -> Option<f64> {
    let value = match text {
        "½" => 1.0 / 2.0,
        "⅓" => 1.0 / 3.0,
        "⅔" => 2.0 / 3.0,
        "¼" => 1.0 / 4.0,
        "¾" => 3.0 / 4.0,
        "⅕" => 1.0 / 5.0,
        "⅖" => 2.0 / 5.0,
        "⅗" => 3.0 / 5.0,
        "⅘" => 4.0 / 5.0,
        "⅙" => 1.0 / 6.0,
        "⅚" => 5.0 / 6.0,
        "⅐" => 1.0 / 7.0,
        "⅛" => 1.0 / 8.0,
        "⅜" => 3.0 / 8.0,
        "⅝" => 5.0 / 8.0,
        "⅞" => 7.0 / 8.0,
        "⅑" => 1.0 / 9.0,
        "⅒" => 1.0 / 10.0,
        _ => return None,
    };
    Some(value)
}

/// True for the white space that may group thousands: one space, no-break space, thin space
/// or narrow no-break space.
fn is_group_space(before: &str) -> bool {
    matches!(before, " " | "\u{a0}" | "\u{2009}" | "\u{202f}")
}

/// An exponent after "e", "^" or "x10^": optional signs, then digits. The exponent and the
/// index after it.
fn exponent(pieces: &[Piece<'_>], at: usize) -> Option<(f64, usize)> {
    let mut negative = false;
    let mut j = at;
    while let Some(piece) = pieces.get(j)
        && piece.touches_previous()
        && (piece.is_punct('+') || piece.is_punct('-') || piece.is_punct('−'))
    {
        if !piece.is_punct('+') {
            negative = !negative;
        }
        j += 1;
    }
    let digits = pieces.get(j)?;
    if !digits.touches_previous() || !digits.is_plain_digits() || digits.text.len() > 4 {
        return None;
    }
    let value: f64 = digits.text.parse().ok()?;
    Some((if negative { -value } else { value }, j + 1))
}

/// True when piece `at` cannot start a fraction "a/b" because it is part of a date or code
/// ("5/17/2018", "+1-222-2222/2222").
fn in_chain(pieces: &[Piece<'_>], at: usize) -> bool {
    let piece = pieces.get(at);
    let Some(link) = at.checked_sub(1).and_then(|p| pieces.get(p)) else {
        return false;
    };
    let before_link = at.checked_sub(2).and_then(|p| pieces.get(p));
    let link_joins =
        link.touches_previous() && before_link.is_some_and(|p| p.is_number() || p.is_word());
    piece.is_some_and(|p| p.touches_previous())
        && (link.is_punct('/') || (link.is_punct('-') && link_joins))
}

fn read_digits(pieces: &[Piece<'_>], at: usize, lex: &Lexicon) -> Option<Digits> {
    let piece = pieces.get(at)?;
    if piece.kind == Kind::Punct
        && let Some(value) = vulgar(piece.text)
    {
        return Some(Digits {
            value,
            kind: NumberKind::Fraction,
            end: at + 1,
            plain: false,
        });
    }
    let mark = if lex.decimal_comma { ',' } else { '.' };
    let mut value;
    let mut kind = NumberKind::Integer;
    let mut j;
    if piece.is_punct(mark) {
        // ".08", ",5": a decimal without its zero, not touching what comes before.
        let digits = pieces.get(at + 1)?;
        let previous_touches = at
            .checked_sub(1)
            .and_then(|p| pieces.get(p))
            .is_some_and(|p| !p.is_punct('-') && p.kind != Kind::Punct)
            && piece.touches_previous();
        if !digits.is_plain_digits() || !digits.touches_previous() || previous_touches {
            return None;
        }
        value = format!("0.{}", digits.text).parse::<f64>().ok()?;
        kind = NumberKind::Decimal;
        j = at + 2;
    } else if piece.is_number() {
        value = digits_value(piece.text, lex.decimal_comma)?;
        if !piece.is_plain_digits() && value.fract() != 0.0 {
            kind = NumberKind::Decimal;
        }
        j = at + 1;
        if let Some((grouped, after)) = space_grouped(pieces, at, lex) {
            value = grouped;
            j = after;
        } else if let Some((mixed, after)) = mixed_fraction(pieces, at) {
            return Some(Digits {
                value: mixed,
                kind: NumberKind::Fraction,
                end: after,
                plain: false,
            });
        }
    } else {
        return None;
    }
    let mut plain = true;
    if let Some(next) = pieces.get(j)
        && next.touches_previous()
        && !next.text.starts_with(super::is_unspaced_letter)
    {
        match next.kind {
            Kind::Punct if next.is_punct('/') => {
                let denominator = pieces.get(j + 1)?;
                let chained = pieces
                    .get(j + 2)
                    .is_some_and(|p| p.touches_previous() && p.is_punct('/'));
                if kind == NumberKind::Integer
                    && denominator.is_plain_digits()
                    && denominator.touches_previous()
                    && !chained
                    && !in_chain(pieces, at)
                    && let Ok(d) = denominator.text.parse::<f64>()
                    && d > 0.0
                {
                    return Some(Digits {
                        value: value / d,
                        kind: NumberKind::Fraction,
                        end: j + 2,
                        plain: false,
                    });
                }
                plain = false;
            }
            Kind::Punct if next.is_punct('^') => {
                if let Some((power, after)) = exponent(pieces, j + 1) {
                    value = value.powf(power);
                    kind = NumberKind::Decimal;
                    j = after;
                    plain = false;
                }
            }
            Kind::Punct if next.is_punct('.') => {
                let after = pieces.get(j + 1);
                if let Some(suffix) = after
                    && suffix.touches_previous()
                    && suffix.is_word()
                    && lex.is_ordinal_suffix(&suffix.folded)
                    && kind == NumberKind::Integer
                {
                    // "1.º"
                    return ordinal_digits(value, j + 2);
                }
                if lex.dot_ordinal
                    && kind == NumberKind::Integer
                    && after.is_some_and(|p| p.is_word() && !p.touches_previous())
                {
                    return ordinal_digits(value, j + 1);
                }
            }
            Kind::Word => {
                let folded = next.folded.as_str();
                let power = folded
                    .strip_prefix('e')
                    .filter(|rest| rest.bytes().all(|b| b.is_ascii_digit()) && rest.len() <= 4)
                    .and_then(|rest| {
                        if rest.is_empty() {
                            exponent(pieces, j + 1)
                        } else {
                            Some((rest.parse::<f64>().ok()?, j + 1))
                        }
                    });
                if let Some((power, after)) = power {
                    value *= 10f64.powf(power);
                    kind = NumberKind::Decimal;
                    j = after;
                    plain = false;
                } else if (folded == "x10" || folded == "×10")
                    && pieces.get(j + 1).is_some_and(|p| p.is_punct('^'))
                {
                    let (power, after) = exponent(pieces, j + 2)?;
                    value *= 10f64.powf(power);
                    kind = NumberKind::Decimal;
                    j = after;
                    plain = false;
                } else if lex.is_ordinal_suffix(folded) && kind == NumberKind::Integer {
                    return ordinal_digits(value, j + 1);
                } else if let Some(scale) = lex.suffix(next.text) {
                    value *= scale;
                    j += 1;
                    plain = false;
                } else {
                    // Digits glued to letters: a unit ("29km") or a code.
                    return None;
                }
            }
            _ => {}
        }
    } else if let Some(next) = pieces.get(j)
        && next.is_word()
        && !next.before.contains('\n')
        && let Some(scale) = lex.suffix(next.text)
        && !pieces
            .get(j + 1)
            .is_some_and(|p| p.touches_previous() && p.is_word())
    {
        // "2.33 k", "10 bln".
        value *= scale;
        j += 1;
        plain = false;
    }
    value.is_finite().then_some(Digits {
        value,
        kind,
        end: j,
        plain,
    })
}

fn ordinal_digits(value: f64, end: usize) -> Option<Digits> {
    (value >= 0.0 && value.fract() == 0.0).then_some(Digits {
        value,
        kind: NumberKind::Ordinal,
        end,
        plain: false,
    })
}

/// The most groups of three digits a space-grouped number may have after its first.
const MAX_GROUPS: usize = 6;

/// Digits grouped by spaces: "1 234 567", "40 000", "1 234 567,89". The value and the index
/// after the last group.
fn space_grouped(pieces: &[Piece<'_>], at: usize, lex: &Lexicon) -> Option<(f64, usize)> {
    let first = pieces.get(at)?;
    let len = first.text.len();
    if !first.is_plain_digits()
        || !(1..=3).contains(&len)
        || (len > 1 && first.text.starts_with('0'))
    {
        return None;
    }
    let mark = if lex.decimal_comma { ',' } else { '.' };
    let mut digits = first.text.to_string();
    let mut j = at + 1;
    while j <= at + MAX_GROUPS
        && let Some(group) = pieces.get(j)
        && group.is_number()
        && is_group_space(group.before)
    {
        let text = group.text;
        let (head, tail) = match text.split_once(mark) {
            Some((head, tail)) => (head, Some(tail)),
            None => (text, None),
        };
        if head.len() != 3 || !head.bytes().all(|b| b.is_ascii_digit()) {
            break;
        }
        digits.push_str(head);
        j += 1;
        if let Some(tail) = tail {
            if tail.is_empty() || !tail.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            digits.push('.');
            digits.push_str(tail);
            break;
        }
    }
    if j == at + 1 {
        return None;
    }
    let value = digits.parse::<f64>().ok().filter(|v| v.is_finite())?;
    Some((value, j))
}

/// "2 1/4": a whole number, a space, and a proper fraction.
fn mixed_fraction(pieces: &[Piece<'_>], at: usize) -> Option<(f64, usize)> {
    let whole = pieces.get(at)?;
    let numerator = pieces.get(at + 1)?;
    let slash = pieces.get(at + 2)?;
    let denominator = pieces.get(at + 3)?;
    let fits = whole.is_plain_digits()
        && numerator.is_plain_digits()
        && !numerator.touches_previous()
        && !numerator.before.contains('\n')
        && slash.is_punct('/')
        && slash.touches_previous()
        && denominator.is_plain_digits()
        && denominator.touches_previous()
        && !pieces
            .get(at + 4)
            .is_some_and(|p| p.touches_previous() && (p.is_punct('/') || p.is_number()));
    if !fits {
        return None;
    }
    let n: f64 = numerator.text.parse().ok()?;
    let d: f64 = denominator.text.parse().ok()?;
    let w: f64 = whole.text.parse().ok()?;
    (d > 0.0 && n < d).then(|| (w + n / d, at + 4))
}
