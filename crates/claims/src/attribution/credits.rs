//! Quotes credited by a dash after them, on a line of their own: “We will not give up.” ― Ana
//! Ruiz. Readers' comments, epigraphs and social-media roundups credit quotes this way, with no
//! verb at all, so neither the tagger (which has seen almost none in training) nor the cue
//! rules find them.
//!
//! A line counts when it opens with a quotation mark, the quotation closes just before the
//! dash, and what follows the dash is a name: one to six words, each capitalised or a name
//! particle ("de", "van"), with no digits, optionally followed by a comma and a short
//! description ("― Ana Ruiz, 34, Phoenix"), whose words are not part of the source.

use model::{Attribution, Span};

/// One credited quote: the quotation with its marks, the dash, and the name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DashCredit {
    pub content: Span,
    pub cue: Span,
    pub source: Span,
}

impl DashCredit {
    /// From the quotation's start to the name's end.
    pub fn outer(&self) -> Span {
        Span::new(self.content.start, self.source.end)
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
/// Lower-case words that may stand inside a name.
const PARTICLES: [&str; 14] = [
    "de", "del", "della", "der", "di", "da", "das", "do", "dos", "du", "la", "le", "van", "von",
];
const MAX_NAME_WORDS: usize = 6;
const MAX_NAME_BYTES: usize = 80;
/// The most bytes of description after the name's comma.
const MAX_DESCRIPTION_BYTES: usize = 80;

/// Every dash-credited quote of `text`, in text order.
pub(crate) fn dash_credits(text: &str) -> Vec<DashCredit> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split('\n') {
        if let Some(found) = on_line(line, start) {
            out.push(found);
        }
        start += line.len() + 1;
    }
    out
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
            && (text::is_capitalized(word) || PARTICLES.contains(&word))
    };
    !words.is_empty()
        && words.len() <= MAX_NAME_WORDS
        && words.first().is_some_and(|w| text::is_capitalized(w))
        && words.iter().all(|w| word_ok(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn credited(text: &str) -> Vec<(&str, &str, &str)> {
        dash_credits(text)
            .iter()
            .map(|c| {
                (
                    &text[c.content.start..c.content.end],
                    &text[c.cue.start..c.cue.end],
                    &text[c.source.start..c.source.end],
                )
            })
            .collect()
    }

    #[test]
    fn finds_a_quote_credited_after_a_dash() {
        let text = "Readers wrote in.\n“The bridge must reopen. We have waited long enough.” ― Ana Ruiz \n“Nobody asked us.”— Tomás de la Cruz.\n\n«Il faut agir» – Jean-Luc Marchand, 52, Lyon";
        assert_eq!(
            credited(text),
            vec![
                (
                    "“The bridge must reopen. We have waited long enough.”",
                    "―",
                    "Ana Ruiz"
                ),
                ("“Nobody asked us.”", "—", "Tomás de la Cruz"),
                ("«Il faut agir»", "–", "Jean-Luc Marchand"),
            ]
        );
    }

    #[test]
    fn keeps_the_full_stop_of_a_final_initial() {
        let text = "\"We stay.\" — Edwin G.";
        assert_eq!(credited(text), vec![("\"We stay.\"", "—", "Edwin G.")]);
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
            assert_eq!(credited(text), Vec::new(), "{text}");
        }
    }

    #[test]
    fn spans_are_on_char_boundaries_of_any_line() {
        for text in ["“é” ― É", "\"", "― “x” ―", "“a”―B,", "\n\n“ü” – Ü ü"]
        {
            for c in dash_credits(text) {
                for span in [c.content, c.cue, c.source] {
                    assert!(span.slice(text).is_some(), "{text:?}: {c:?}");
                }
            }
        }
    }
}
