//! Tokens the way the training sets cut them (Penn Treebank style): punctuation apart, a
//! possessive "'s" apart, abbreviations ("U.S.", "Mr.", "J.") whole.

use model::Span;

/// Words that take a full stop as part of themselves.
const ABBREVIATIONS: [&str; 40] = [
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "prof", "gen", "gov", "sen", "rep", "col", "lt",
    "sgt", "capt", "cmdr", "adm", "maj", "rev", "hon", "pres", "inc", "ltd", "co", "corp", "bros",
    "no", "vs", "mt", "ft", "jan", "feb", "aug", "sept", "oct", "nov", "dec", "dept", "univ",
];

/// True when `word` (without its final stop) keeps the stop: an initial ("J"), a dotted
/// abbreviation ("U.S"), or a known short form ("Mr").
fn keeps_stop(word: &str) -> bool {
    let mut chars = word.chars();
    let single = matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic());
    single
        || (word.contains('.') && word.chars().all(|c| c.is_alphanumeric() || c == '.'))
        || (word.len() <= 5 && ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word)))
}

/// Appends the tokens of the white-space-free piece `chunk`, found at byte `offset`.
fn split_chunk(chunk: &str, offset: usize, out: &mut Vec<Span>) {
    let mut start = 0;
    let mut end = chunk.len();
    // Leading punctuation, one character a token.
    while let Some(c) = chunk[start..end].chars().next() {
        if c.is_alphanumeric() {
            break;
        }
        out.push(Span::new(offset + start, offset + start + c.len_utf8()));
        start += c.len_utf8();
    }
    if start == end {
        return;
    }
    // Trailing punctuation, kept apart in reverse order.
    let mut trailing = Vec::new();
    while let Some(c) = chunk[start..end].chars().next_back() {
        if c.is_alphanumeric() {
            break;
        }
        if c == '.' && keeps_stop(&chunk[start..end - 1]) {
            break;
        }
        end -= c.len_utf8();
        trailing.push(Span::new(offset + end, offset + end + c.len_utf8()));
    }
    let word = &chunk[start..end];
    let possessive = ["'s", "’s", "'S", "’S"]
        .iter()
        .find(|s| word.len() > s.len() && word.ends_with(*s));
    match possessive {
        Some(suffix) => {
            let cut = end - suffix.len();
            out.push(Span::new(offset + start, offset + cut));
            out.push(Span::new(offset + cut, offset + end));
        }
        None => out.push(Span::new(offset + start, offset + end)),
    }
    out.extend(trailing.into_iter().rev());
}

/// The tokens of `text` under `span`, as byte spans of `text`; none when `span` does not lie
/// on char boundaries of `text`.
pub(crate) fn tokens(text: &str, span: Span, out: &mut Vec<Span>) {
    out.clear();
    let Some(slice) = span.slice(text) else {
        return;
    };
    let mut chunk_start = None;
    for (at, c) in slice.char_indices() {
        if c.is_whitespace() {
            if let Some(start) = chunk_start.take() {
                split_chunk(&slice[start..at], span.start + start, out);
            }
        } else if chunk_start.is_none() {
            chunk_start = Some(at);
        }
    }
    if let Some(start) = chunk_start {
        split_chunk(&slice[start..], span.start + start, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        tokens(text, Span::new(0, text.len()), &mut out);
        out.iter().filter_map(|s| s.slice(text)).collect()
    }

    #[test]
    fn cuts_like_the_treebank() {
        assert_eq!(
            texts("“Mr. Okafor’s U.S. visit,” said J. Smith (UN)."),
            [
                "“", "Mr.", "Okafor", "’s", "U.S.", "visit", ",", "”", "said", "J.", "Smith", "(",
                "UN", ")", "."
            ]
        );
        assert_eq!(texts("  ...  "), ["."; 3]);
        assert!(texts("").is_empty());
    }
}
