//! Statements credited by layout rather than by a verb, which neither the tagger (which has
//! seen few in training) nor the cue rules find.
//!
//! Quotes credited by a dash after them, on a line of their own: “We will not give up.” ― Ana
//! Ruiz. Readers' comments, epigraphs and social-media roundups credit quotes this way. A line
//! counts when it opens with a quotation mark, the quotation closes just before the
//! dash, and what follows the dash is a name: one to six words, each capitalised or a name
//! particle ("de", "van"), with no digits, optionally followed by a comma and a short
//! description ("― Ana Ruiz, 34, Phoenix"), whose words are not part of the source.
//!
//! Transcript turns: a line that opens (after an optional quotation mark) with a speaker's name
//! in capitals and a colon, "WALLACE: Let's start with the debate." The name is the source,
//! the colon the cue and the rest of the line the content. Labels such as "CORRECTION:" or
//! "UPDATE:" or "PROS:" look the same, so turns count only in an article where at least two
//! different names take turns and one of them speaks again, and none is a label of that kind.
//!
//! Block quotations led in by a line of their own, "Caddell continued:" or "The New York Times
//! reports:", then a paragraph that opens with a quotation mark. The tagger reads one paragraph
//! at a time, so it cannot join the two.

use model::{Attribution, Span};

/// One credited quote: the quotation with its marks, the dash, and the name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DashCredit {
    pub content: Span,
    pub cue: Span,
    pub source: Span,
}

impl DashCredit {
    /// From the first to the last byte of the source, cue and content.
    pub fn outer(&self) -> Span {
        Span::new(
            self.content.start.min(self.source.start),
            self.content.end.max(self.source.end),
        )
    }

    /// From the first to the last byte of the source and cue.
    pub fn lead(&self) -> Span {
        Span::new(
            self.cue.start.min(self.source.start),
            self.cue.end.max(self.source.end),
        )
    }

    /// As an attribution of `text`, the text it was found in.
    pub fn attribution(&self, text: &str) -> Attribution {
        let slice = |span: Span| span.slice(text).unwrap_or("").to_string();
        Attribution {
            cue: self.cue,
            cue_text: slice(self.cue),
            source: Some(self.source),
            source_text: Some(slice(self.source)),
            speaker: None,
            anonymous: false,
            entity: None,
            content: vec![self.content],
            content_text: slice(self.content),
            direct: super::opens_quote(&slice(self.content)),
        }
    }
}

/// Marks that may open the line (a closing mark too: writers and converters swap them).
const OPENERS: [char; 10] = ['“', '”', '"', '«', '»', '„', '‘', '’', '‹', '›'];
const CLOSERS: [char; 7] = ['”', '“', '"', '»', '«', '’', '›'];
const DASHES: [char; 3] = ['―', '—', '–'];
/// A lower-case word that may stand inside a name: a particle the entity tagger knows, or the
/// Portuguese "do" ("Ana do Nascimento"), which after a dash is no verb.
fn is_particle(word: &str) -> bool {
    word == "do" || crate::entities::NAME_PARTICLES.contains(&word)
}
const MAX_NAME_WORDS: usize = 6;
const MAX_NAME_BYTES: usize = 80;
/// The most bytes of description after the name's comma.
const MAX_DESCRIPTION_BYTES: usize = 80;

/// Every dash-credited quote of `text`, in text order.
pub(crate) fn dash_credits(text: &str) -> Vec<DashCredit> {
    per_line(text, on_line)
}

/// What `read` finds on each line of `text`, given the line and the byte it starts at.
fn per_line(text: &str, read: impl Fn(&str, usize) -> Option<DashCredit>) -> Vec<DashCredit> {
    let mut start = 0;
    text.split('\n')
        .filter_map(|line| {
            let found = read(line, start);
            start += line.len() + 1;
            found
        })
        .collect()
}

/// The credited quote of one line that starts at byte `offset` of the text.
fn on_line(line: &str, offset: usize) -> Option<DashCredit> {
    let body = line.trim_end();
    let lead = body.len() - body.trim_start().len();
    let opener = body[lead..].chars().next()?;
    if !OPENERS.contains(&opener) {
        return None;
    }
    let dash = body.rfind(DASHES)?;
    let dash_len = body[dash..].chars().next().map_or(1, char::len_utf8);
    let quoted = body[..dash].trim_end();
    let closer = quoted.chars().next_back()?;
    // The quotation holds more than its two marks.
    if !CLOSERS.contains(&closer) || quoted.len() <= lead + opener.len_utf8() + closer.len_utf8() {
        return None;
    }
    let after = &body[dash + dash_len..];
    let name_start = dash + dash_len + (after.len() - after.trim_start().len());
    let rest = &body[name_start..];
    let (name, description) = match rest.find(',') {
        Some(comma) => (&rest[..comma], &rest[comma + 1..]),
        None => (rest, ""),
    };
    if description.len() > MAX_DESCRIPTION_BYTES {
        return None;
    }
    let name = name.trim_end();
    let name = name
        .strip_suffix('.')
        .filter(|n| !ends_in_initial(n))
        .unwrap_or(name);
    if !is_name(name) {
        return None;
    }
    Some(DashCredit {
        content: Span::new(offset + lead, offset + quoted.len()),
        cue: Span::new(offset + dash, offset + dash + dash_len),
        source: Span::new(offset + name_start, offset + name_start + name.len()),
    })
}

/// Labels in capitals that are no speaker.
const NOT_SPEAKERS: [&str; 24] = [
    "ADVERTISEMENT",
    "BREAKING",
    "BYLINE",
    "CLARIFICATION",
    "CORRECTION",
    "DATELINE",
    "DISCLAIMER",
    "DISCLOSURE",
    "EDITOR'S NOTE",
    "EDITOR’S NOTE",
    "EMAIL",
    "EXCLUSIVE",
    "NOTE",
    "PHOTO",
    "PHOTOS",
    "PREVIOUSLY",
    "READ MORE",
    "RELATED",
    "SOURCE",
    "SOURCES",
    "UPDATE",
    "UPDATED",
    "VIDEO",
    "WATCH",
];
const MAX_LABEL_WORDS: usize = 4;
/// The share of capitalised writings (in percent) from which a word of a label reads as a name.
const NAME_SHARE: u8 = 60;

/// The longest headline [`headline_credit`] reads, in bytes.
const MAX_HEADLINE_BYTES: usize = 160;

/// A headline that credits its claim to a name before a colon, "Pence: Gennifer Flowers Won't
/// Be at Debate.": the text's first line, a line of its own, short as headlines are. The name
/// is one to three capitalised words, not all in capitals (that is a label or a dateline,
/// "BREAKING:", "NEW DELHI:"), whose last word news writes with a capital at least
/// [`NAME_SHARE`] of the time or is a word the clusters do not hold ("Caddell", "Politifact"),
/// so "The Latest:" and "Poll:" are no source. The content is the rest of the line without
/// its final full stop.
pub(crate) fn headline_credit(text: &str) -> Option<DashCredit> {
    let line = text.get(..text.find('\n')?)?.trim_end();
    if line.len() > MAX_HEADLINE_BYTES || line.starts_with(char::is_whitespace) {
        return None;
    }
    let colon = line.find(": ")?;
    let name = &line[..colon];
    let words: Vec<&str> = name.split(' ').collect();
    let capitalised = words.iter().all(|w| {
        text::is_capitalized(w)
            && w.chars()
                .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’'))
    });
    let shouted = !name.chars().any(char::is_lowercase);
    let last = words.last().copied().unwrap_or("");
    let named = crate::entities::capitalised_share(last).is_none_or(|share| share >= NAME_SHARE);
    if words.len() > 3 || !capitalised || shouted || !named {
        return None;
    }
    let content_start = colon + 2;
    let content = line[content_start..].trim_end();
    let content = content.strip_suffix('.').unwrap_or(content);
    (content.split_whitespace().count() >= 2).then(|| DashCredit {
        content: Span::new(content_start, content_start + content.len()),
        cue: Span::new(colon, colon + 1),
        source: Span::new(0, colon),
    })
}

/// Every transcript turn of `text`, in text order (see the module's documentation).
pub(crate) fn transcript_turns(text: &str) -> Vec<DashCredit> {
    let out = per_line(text, turn);
    let label = |c: &DashCredit| c.source.slice(text).unwrap_or("");
    let names: std::collections::HashSet<&str> = out.iter().map(label).collect();
    let labelled = out.iter().any(|c| NOT_SPEAKERS.contains(&label(c)));
    // A conversation comes back to someone; "PROS: … CONS: …" does not.
    let returns = names.len() < out.len();
    if names.len() < 2 || !returns || labelled {
        return Vec::new();
    }
    out
}

/// The turn one line holds, if any; the line starts at byte `offset`.
fn turn(line: &str, offset: usize) -> Option<DashCredit> {
    let body = line.trim_end();
    let lead = body.len() - body.trim_start().len();
    let mut at = lead;
    let opener = body[at..].chars().next()?;
    let quoted = matches!(opener, '"' | '“');
    if quoted {
        at += opener.len_utf8();
    }
    let colon = at + body[at..].find(':')?;
    let name = &body[at..colon];
    let words: Vec<&str> = name.split(' ').collect();
    let word_ok = |w: &str| {
        w.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && w.chars()
                .all(|c| c.is_uppercase() || matches!(c, '.' | '-' | '\'' | '’'))
    };
    if words.len() > MAX_LABEL_WORDS || !words.iter().all(|w| word_ok(w)) {
        return None;
    }
    // Text follows the colon after a space.
    let rest = body.get(colon + 1..)?;
    if !rest.starts_with(' ') || rest.trim().is_empty() {
        return None;
    }
    let content_start = colon + 1 + (rest.len() - rest.trim_start().len());
    let mut content_end = body.len();
    if quoted {
        content_end -= body
            .chars()
            .next_back()
            .filter(|c| matches!(c, '"' | '”'))
            .map_or(0, char::len_utf8);
    }
    // Words someone says hold a word in lower case; "CEO: Satya Nadella" is a list's field.
    let said = body.get(content_start..content_end).is_some_and(|c| {
        c.split_whitespace()
            .any(|w| w.chars().next().is_some_and(char::is_lowercase))
    });
    // A speaker's label is a name: news writes its words with a capital ("WALLACE", "MIKE
    // PENCE"), unlike a field's ("INTERVAL", "PRICE") or a section's ("PROS").
    let named = words.iter().all(|w| {
        let letters: String = w.chars().filter(|c| c.is_alphabetic()).collect();
        crate::entities::capitalised_share(&letters).is_none_or(|share| share >= NAME_SHARE)
    });
    (said && named).then(|| DashCredit {
        content: Span::new(offset + content_start, offset + content_end),
        cue: Span::new(offset + colon, offset + colon + 1),
        source: Span::new(offset + at, offset + colon),
    })
}

/// Verbs that lead a block quotation in, as the last word before the colon ("He said:") or,
/// inverted, the first ("Said Ellis:").
const LEAD_VERBS: [&str; 34] = [
    "added",
    "adds",
    "announced",
    "argued",
    "argues",
    "asked",
    "asks",
    "concluded",
    "continued",
    "continues",
    "declared",
    "echoed",
    "explained",
    "explains",
    "insisted",
    "noted",
    "notes",
    "posted",
    "replied",
    "reported",
    "reports",
    "responded",
    "said",
    "says",
    "stated",
    "states",
    "tells",
    "told",
    "tweeted",
    "warned",
    "warns",
    "writes",
    "wrote",
    "testified",
];
/// Lower-case words a lead-in's source may hold besides particles ([`is_particle`]).
const LEAD_JOINERS: [&str; 4] = ["of", "the", "and", "for"];
/// The most words a lead-in's source has.
const MAX_LEAD_SOURCE_WORDS: usize = 6;
/// The most paragraphs one block quotation runs over.
const MAX_BLOCK_PARAGRAPHS: usize = 12;

/// Every block quotation of `text` led in by a line of its own (see the module's
/// documentation), in text order. The lead-in is a line ending in a colon: a source of one to
/// six words opening with a capital, then one of [`LEAD_VERBS`] (or the verb first, then the
/// source). The next line with text opens with a quotation mark; the quotation runs on over
/// paragraphs that each open with a mark, as block quotations are printed, until one ends with
/// a closing mark. The cue is the verb with its colon.
pub(crate) fn lead_ins(text: &str) -> Vec<DashCredit> {
    let mut lines: Vec<(usize, &str)> = Vec::new();
    let mut start = 0;
    for line in text.split('\n') {
        if !line.trim().is_empty() {
            lines.push((start, line));
        }
        start += line.len() + 1;
    }
    let mut out = Vec::new();
    let mut k = 0;
    while k + 1 < lines.len() {
        let (offset, line) = lines[k];
        let Some((source, cue)) = lead_in(line) else {
            k += 1;
            continue;
        };
        let mut end = k + 1;
        let (first_offset, first) = lines[end];
        let lead = first.len() - first.trim_start().len();
        if !first[lead..].starts_with(['"', '“']) {
            k += 1;
            continue;
        }
        while end + 1 < lines.len()
            && end - k < MAX_BLOCK_PARAGRAPHS
            && !lines[end].1.trim_end().ends_with(['"', '”'])
            && lines[end + 1].1.trim_start().starts_with(['"', '“'])
        {
            end += 1;
        }
        let (last_offset, last) = lines[end];
        out.push(DashCredit {
            content: Span::new(first_offset + lead, last_offset + last.trim_end().len()),
            cue: Span::new(offset + cue.start, offset + cue.end),
            source: Span::new(offset + source.start, offset + source.end),
        });
        k = end + 1;
    }
    out
}

/// The words of `clause` split at spaces, each with the byte it starts at, counting the
/// clause's first byte as `offset`.
fn spaced_words(clause: &str, offset: usize) -> Vec<(usize, &str)> {
    clause
        .split(' ')
        .scan(offset, |at, word| {
            let here = *at;
            *at += word.len() + 1;
            Some((here, word))
        })
        .filter(|(_, word)| !word.is_empty())
        .collect()
}

/// Letters and digits, with the full stops, hyphens and apostrophes of names ("Del.",
/// "Jean-Luc", "O'Neill"), and nothing else.
fn is_plain_word(word: &str) -> bool {
    word.chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '\'' | '’'))
}

/// The source and cue (with its colon) of a lead-in line, as spans of the line.
fn lead_in(line: &str) -> Option<(Span, Span)> {
    let body = line.trim_end();
    let lead = body.len() - body.trim_start().len();
    let clause = body.strip_suffix(':')?;
    let words = spaced_words(&clause[lead..], lead);
    if words.len() < 2 || words.len() > MAX_LEAD_SOURCE_WORDS + 1 {
        return None;
    }
    let is_verb = |word: &str| LEAD_VERBS.contains(&word.to_lowercase().as_str());
    let plain = |(_, word): &(usize, &str)| is_plain_word(word);
    let (first, last) = (words.first()?, words.last()?);
    let (source_words, verb) = if is_verb(last.1) && !is_verb(first.1) {
        (&words[..words.len() - 1], last)
    } else if is_verb(first.1) && text::is_capitalized(first.1) && !is_verb(last.1) {
        (&words[1..], first)
    } else {
        return None;
    };
    let (source_first, source_last) = (source_words.first()?, source_words.last()?);
    // A name or a pronoun, "The New York Times", "Secretary of State Kerry": every word
    // capitalised but a few joining ones, so "Here is what the report said:" is no source.
    let named = |(_, word): &(usize, &str)| {
        text::is_capitalized(word) || LEAD_JOINERS.contains(word) || is_particle(word)
    };
    if !text::is_capitalized(source_first.1)
        || !source_words.iter().all(plain)
        || !source_words.iter().all(named)
    {
        return None;
    }
    let source = Span::new(source_first.0, source_last.0 + source_last.1.len());
    let cue = if verb.0 > source_first.0 {
        Span::new(verb.0, body.len())
    } else {
        Span::new(verb.0, verb.0 + verb.1.len())
    };
    Some((source, cue))
}

/// Lower-case words between a quotation's source and its verb that belong to neither
/// ("my father *often* said"), besides words in "ly".
const TAIL_ADVERBS: [&str; 9] = [
    "often", "also", "later", "then", "once", "again", "further", "now", "still",
];
/// Abbreviated titles written before a name, whose full stop ends no sentence.
const TITLES: [&str; 20] = [
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Gov", "Sen", "Rep", "Gen", "Col", "Lt", "Sgt", "Capt", "Adm",
    "Rev", "Hon", "Pres", "Atty", "Amb", "Del",
];
/// The most bytes of a quotation's tail before its full stop.
const MAX_TAIL_BYTES: usize = 200;
/// The most words of a quotation's tail: its source and verb.
const MAX_TAIL_WORDS: usize = 6;

/// Quotations credited by a short tail that ends their sentence, "“Why isn’t this proof?”
/// Vitter demanded." or "“We live in Satan’s kingdom,” my father often said.": the quotation
/// opens a line or follows a sentence's end or a colon, closes after a comma, question or
/// exclamation mark, and is followed by one to six words and a full stop that ends the line
/// or the sentence. The tail's last word is the verb: a lower-case word ending in "ed" or one
/// of [`LEAD_VERBS`]; the words before it, less an adverb, are the source. Or the verb comes
/// first ("said Vitter."). Also a quotation led in within its sentence by a source, a verb
/// and a colon ([`colon_lead`]). These are what the tagger most often finds itself; the caller
/// keeps only those it missed.
pub(crate) fn quoted_tails(text: &str) -> Vec<DashCredit> {
    let mut out = Vec::new();
    // Quotations are paired within a line: "“" opens, "”" closes, and a straight mark opens
    // or closes by turns.
    let mut open: Option<usize> = None;
    for (at, c) in text.char_indices() {
        match (c, open) {
            ('\n', _) => open = None,
            ('“', _) | ('"', None) => open = Some(at),
            ('”' | '"', Some(start)) => {
                open = None;
                let close_end = at + c.len_utf8();
                if let Some(credit) = quoted_tail(text, start, at, close_end)
                    .or_else(|| colon_lead(text, start, close_end))
                {
                    out.push(credit);
                }
            }
            _ => {}
        }
    }
    out
}

/// The credit of the quotation from `open` to `close_end` when a short clause of a source
/// and a verb with a colon leads it in within its sentence ("…, Kall said: “I feel …”"): the
/// clause runs from the sentence's start or the last comma, and reads as a lead-in line does
/// ([`lead_ins`]).
fn colon_lead(text: &str, open: usize, close_end: usize) -> Option<DashCredit> {
    let before = text[..open].trim_end_matches([' ', '\t']);
    if !before.ends_with(':') {
        return None;
    }
    let start = before
        .char_indices()
        .rev()
        .find(|(_, c)| matches!(c, '.' | ',' | ';' | '!' | '?' | '\n' | '"' | '”' | '“'))
        .map_or(0, |(at, c)| at + c.len_utf8());
    let (source, cue) = lead_in(&before[start..])?;
    Some(DashCredit {
        content: Span::new(open, close_end),
        cue: Span::new(start + cue.start, start + cue.end),
        source: Span::new(start + source.start, start + source.end),
    })
}

/// The credit of the quotation opening at `open` and closing with the mark at `close`, when
/// it opens a sentence, ends in a comma, question or exclamation mark, and a tail follows it.
fn quoted_tail(text: &str, open: usize, close: usize, close_end: usize) -> Option<DashCredit> {
    let before = text[..open].trim_end_matches([' ', '\t']);
    let opens_sentence =
        before.is_empty() || before.ends_with(['\n', '.', '?', '!', ':', '"', '”']);
    let inner = open + text[open..].chars().next().map_or(1, char::len_utf8);
    let inside = text.get(inner..close)?.trim_end();
    if !opens_sentence || !inside.ends_with([',', '?', '!']) {
        return None;
    }
    tail(text, open, close_end)
}

/// The credit of the quotation from `open` to `close_end` when a tail follows it.
fn tail(text: &str, open: usize, close_end: usize) -> Option<DashCredit> {
    let rest = &text[close_end..];
    // The first mark after the quotation; a title's or an initial's stop ("asked Sen. Maria
    // Cantwell") does not end the tail.
    let mut stop = 0;
    loop {
        stop += rest[stop..].find(['.', '\n', '"', '“', '”', ',', ';', ':', '?', '!'])?;
        // Six words are far shorter: a run of titles ("Mr. Mr. Mr. …") is read no further.
        if !rest[stop..].starts_with('.') || stop > MAX_TAIL_BYTES {
            return None;
        }
        let word = rest[..stop].rsplit(' ').next().unwrap_or("");
        let initial = word.len() == 1 && word.chars().all(|c| c.is_ascii_uppercase());
        if !initial && !TITLES.contains(&word) {
            break;
        }
        stop += 1;
    }
    // The full stop ends the sentence: the line, or a space and a capital or a quotation.
    let after = &rest[stop + 1..];
    let ends = after.is_empty()
        || after.starts_with('\n')
        || after
            .strip_prefix(' ')
            .is_some_and(|a| a.starts_with(|c: char| c.is_uppercase() || c == '"' || c == '“'));
    if !ends {
        return None;
    }
    let words = spaced_words(&rest[..stop], close_end);
    if words.len() < 2 || words.len() > MAX_TAIL_WORDS {
        return None;
    }
    if !words.iter().all(|(_, w)| is_plain_word(w)) {
        return None;
    }
    let is_verb = |word: &str| {
        word.chars().all(|c| c.is_ascii_lowercase())
            && (word.ends_with("ed") || LEAD_VERBS.contains(&word))
    };
    let is_adverb = |word: &str| word.ends_with("ly") || TAIL_ADVERBS.contains(&word);
    let (first, last) = (words.first()?, words.last()?);
    let (source_words, verb) = if is_verb(last.1) {
        let mut source = &words[..words.len() - 1];
        while let Some(((_, word), front)) = source.split_last() {
            if is_adverb(word) {
                source = front;
            } else {
                break;
            }
        }
        (source, last)
    } else if is_verb(first.1) {
        (&words[1..], first)
    } else {
        return None;
    };
    let (source_first, source_last) = (source_words.first()?, source_words.last()?);
    // A source holds no verb of its own ("“…,” he said he wanted." is a longer sentence).
    if source_words.iter().any(|(_, w)| is_verb(w)) {
        return None;
    }
    Some(DashCredit {
        content: Span::new(open, close_end),
        cue: Span::new(verb.0, verb.0 + verb.1.len()),
        source: Span::new(source_first.0, source_last.0 + source_last.1.len()),
    })
}

/// True when the text before a final full stop ends in a one-letter initial ("Edwin G"), whose
/// stop belongs to the name.
fn ends_in_initial(name: &str) -> bool {
    let last = name.rsplit(' ').next().unwrap_or("");
    last.chars().count() == 1 && last.chars().all(char::is_uppercase)
}

/// One to six words, each capitalised or a particle, the first capitalised, no digits.
fn is_name(name: &str) -> bool {
    if name.is_empty() || name.len() > MAX_NAME_BYTES {
        return false;
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    let word_ok = |word: &str| {
        word.chars()
            .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’'))
            && (text::is_capitalized(word) || is_particle(word))
    };
    !words.is_empty()
        && words.len() <= MAX_NAME_WORDS
        && words.first().is_some_and(|w| text::is_capitalized(w))
        && words.iter().all(|w| word_ok(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text of each credit's content, cue and source.
    fn parts(text: &str, found: Vec<DashCredit>) -> Vec<[&str; 3]> {
        found
            .iter()
            .map(|c| [c.content, c.cue, c.source].map(|s| &text[s.start..s.end]))
            .collect()
    }

    #[test]
    fn finds_a_quote_credited_after_a_dash() {
        let text = "Readers wrote in.\n“The bridge must reopen. We have waited long enough.” ― Ana Ruiz \n“Nobody asked us.”— Tomás de la Cruz.\n\n«Il faut agir» – Jean-Luc Marchand, 52, Lyon";
        assert_eq!(
            parts(text, dash_credits(text)),
            vec![
                [
                    "“The bridge must reopen. We have waited long enough.”",
                    "―",
                    "Ana Ruiz"
                ],
                ["“Nobody asked us.”", "—", "Tomás de la Cruz"],
                ["«Il faut agir»", "–", "Jean-Luc Marchand"],
            ]
        );
    }

    #[test]
    fn keeps_the_full_stop_of_a_final_initial() {
        let text = "\"We stay.\" — Edwin G.";
        assert_eq!(
            parts(text, dash_credits(text)),
            vec![["\"We stay.\"", "—", "Edwin G."]]
        );
    }

    #[test]
    fn leaves_lines_that_are_not_credits() {
        for text in [
            // Prose after the dash.
            "“We will fight” — the words were clear.",
            // No quotation at the line's start: a reporter's sign-off.
            "Rajoy said he would \"try to form a stable government.\"--Kim Hjelmgaard.",
            "He said “no” — Ana Ruiz disagreed.",
            // Nothing between the marks, no name, digits.
            "“” — Ana Ruiz",
            "“We stay.” —",
            "“We stay.” — Room 101",
            // A dash inside the quotation, none after it.
            "“We stay ― and we fight.”",
        ] {
            assert!(dash_credits(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn reads_the_turns_of_a_transcript() {
        let text = "Partial transcript as follows:\n\n\"WALLACE: Will she be there?\n\n\
                    \"MIKE PENCE: No. She will not attend.\n\n\"WALLACE: Thank you.\"";
        assert_eq!(
            parts(text, transcript_turns(text)),
            vec![
                ["Will she be there?", ":", "WALLACE"],
                ["No. She will not attend.", ":", "MIKE PENCE"],
                ["Thank you.", ":", "WALLACE"],
            ]
        );
    }

    #[test]
    fn labels_and_lone_turns_are_no_transcript() {
        for text in [
            // One speaker only.
            "TAPPER: Good morning.\n\nTAPPER: Welcome back.",
            // One turn, and two that never come back.
            "Intro.\n\nTAPPER: Good morning.",
            "PROS: Light.\n\nCONS: Slow.",
            // Labels.
            "CORRECTION: An earlier version misspelled a name.\n\nUPDATE: The count rose.",
            "TAPPER: Hello.\n\nCORRECTION: An earlier version misspelled a name.",
            // Not capitals, no space after the colon, nothing after it.
            "Tapper: Hello.\n\nTrump: Hi.",
            "TAPPER:Hello.\n\nTRUMP:Hi.",
            "TAPPER:\n\nTRUMP: ",
            // Lists of fields.
            "CEO: Satya Nadella\n\nCEO: Sam Altman\n\nGM: Ajay Patel",
            "INTERVAL: every 5,000 miles\n\nPRICE: about $30 a tire\n\nINTERVAL: when worn",
        ] {
            assert!(transcript_turns(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn reads_a_headline_credited_to_a_name() {
        for (text, expected) in [
            (
                "Pence: Gennifer Flowers Won’t Be at Debate.\n\nBody.",
                Some(["Gennifer Flowers Won’t Be at Debate", ":", "Pence"]),
            ),
            (
                "Pat Caddell: Voters Are Worried ‘About Health.’\nBody.",
                Some(["Voters Are Worried ‘About Health.’", ":", "Pat Caddell"]),
            ),
            // Labels, datelines in capitals, a headline with no body after it.
            ("The Latest: Trump urges supporters on.\n\nBody.", None),
            ("Poll: Trump Ties Clinton.\n\nBody.", None),
            (
                "Note: This is the most recent release of our study.\n\nBody.",
                None,
            ),
            ("NEW DELHI: The government raised taxes.\n\nBody.", None),
            ("Pence: Gennifer Flowers Won’t Be at Debate.", None),
            // Not the first line.
            (
                "Headline\nPence: Gennifer Flowers Won’t Be at Debate.\n",
                None,
            ),
        ] {
            let found = headline_credit(text)
                .map(|c| [c.content, c.cue, c.source].map(|s| &text[s.start..s.end]));
            assert_eq!(found, expected, "{text}");
        }
    }

    #[test]
    fn reads_a_block_quotation_led_in_by_a_line_of_its_own() {
        let text = "Intro.\n\nCaddell continued:\n\n\"The health issue is partisan.\"\n\nThe New York Times reports:\n\n\"Just 24 percent gave less.\n\n\"Without this network, she must go on.\"\n\nNext.\nSaid Ellis:\n“I doubt it.”";
        assert_eq!(
            parts(text, lead_ins(text)),
            vec![
                ["\"The health issue is partisan.\"", "continued:", "Caddell"],
                [
                    "\"Just 24 percent gave less.\n\n\"Without this network, she must go on.\"",
                    "reports:",
                    "The New York Times"
                ],
                ["“I doubt it.”", "Said", "Ellis"],
            ]
        );
    }

    #[test]
    fn lines_that_lead_nothing_in_are_left() {
        for text in [
            // No quotation after the line, or no verb, or prose before the verb.
            "He said:\n\nThe plan failed.",
            "Partial transcript as follows:\n\n\"RAMOS: Hello.\"",
            "He told his Democratic audience, to rowdy applause:\n\n\"We will win.\"",
            "Here is what the report said:\n\n\"We will win.\"",
            // A verb alone, a lower-case source, a lead-in with nothing after it.
            "Said:\n\n\"We will win.\"",
            "he said:\n\n\"We will win.\"",
            "He said:",
            "He said:\n\n",
        ] {
            assert!(lead_ins(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn reads_a_quotation_credited_by_a_short_tail() {
        let text = "“Why isn’t this proof?” Vitter demanded.\n\nIt went on. \"We live in Satan's kingdom,\" my father often said. \"Go,\" said Ana Ruiz.\nShe added: “We are ready,” the union wrote. “No,” said Sen. Ruiz.";
        assert_eq!(
            parts(text, quoted_tails(text)),
            vec![
                ["“Why isn’t this proof?”", "demanded", "Vitter"],
                ["\"We live in Satan's kingdom,\"", "said", "my father"],
                ["\"Go,\"", "said", "Ana Ruiz"],
                ["“We are ready,”", "wrote", "the union"],
                ["“No,”", "said", "Sen. Ruiz"],
            ]
        );
        let text =
            "Trump will make news, Kall said: \"He has a surprise.\" Then, Ana Ruiz added: “No.”";
        assert_eq!(
            parts(text, quoted_tails(text)),
            vec![
                ["\"He has a surprise.\"", "said:", "Kall"],
                ["“No.”", "added:", "Ana Ruiz"],
            ]
        );
    }

    #[test]
    fn quotations_without_a_tail_of_their_own_are_left() {
        for text in [
            // Inside a sentence, ending in a full stop, or a tail that runs on.
            "He called it \"a disgrace,\" the senator said.",
            "“We will win.” Vitter demanded.",
            "“We will win,” Vitter demanded more money for the troops.",
            "“We will win,” he said he wanted.",
            "“We will win,” Vitter demanded, and left.",
            // A title's stop ends no tail: the name runs on into a longer clause.
            "“Do you want that?” asked Sen. Ana Ruiz of Ohio, who is willing.",
            // No verb; a mark that never closes; a quotation over two lines.
            "“We will win,” Vitter and Ruiz.",
            "“We will win, Vitter demanded.",
            "“We will\nwin,” Vitter demanded.",
            // A colon after more than a source and a verb.
            "Here is what the report said: “We will win.”",
            "He told the crowd in the rain: “We will win.”",
        ] {
            assert!(quoted_tails(text).is_empty(), "{text}");
        }
        // Titles without end: each quotation's tail is read no further than a tail's length.
        let titles = format!("“We will win,” said Mr.{}", " Mr.".repeat(20_000)).repeat(50);
        assert!(quoted_tails(&titles).is_empty());
    }

    #[test]
    fn spans_are_on_char_boundaries_of_any_line() {
        for text in [
            "“é” ― É",
            "\"",
            "― “x” ―",
            "“a”―B,",
            "\n\n“ü” – Ü ü",
            "Ü sagt said:\n “é",
            "É said: \n\n\"\n",
            "“é,” Ü said.",
            "“é”Ü said: “ü”",
            "x” Ü sagt: “ü”",
            "\"é!\" said Ü.\"",
        ] {
            let found = dash_credits(text)
                .into_iter()
                .chain(lead_ins(text))
                .chain(quoted_tails(text));
            for c in found {
                for span in [c.content, c.cue, c.source] {
                    assert!(span.slice(text).is_some(), "{text:?}: {c:?}");
                }
            }
        }
    }
}
