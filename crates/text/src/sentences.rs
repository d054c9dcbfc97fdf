use model::Span;

/// Abbreviations after which a full stop does not end a sentence (compared lower-cased,
/// without the stop).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gov", "sen", "rep", "st", "mt", "jr", "sr", "sra", "srta",
    "dra", "gen", "col", "lt", "sgt", "capt", "cmdr", "adm", "rev", "hon", "pres", "supt", "insp",
    "det", "inc", "co", "corp", "ltd", "no", "nos", "vs", "etc", "approx", "est", "dept", "univ",
    "ave", "blvd", "rd", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "e.g", "i.e", "u.s", "u.k", "u.n", "a.m", "p.m", "fig", "vol", "pp", "art",
    "núm", "avda", "dña", "d", "hr", "fr", "hrn", "del", "atty", "amb",
];

const CLOSERS: &[char] = &['"', '\'', '”', '’', '»', '›', ')', ']'];

/// Splits `text` into sentences. Paragraph breaks always end a sentence; inside a paragraph a
/// sentence ends at `.`, `!`, `?` or `…` (with any closing quotes or brackets) followed by
/// white space and a plausible sentence start, unless the stop ends a known abbreviation or an
/// initial. The spans are trimmed of white space and never empty.
pub fn sentences(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut paragraph_start = 0;
    for index in paragraph_breaks(text) {
        split_paragraph(text, paragraph_start, index, &mut out);
        paragraph_start = index + 2;
    }
    split_paragraph(text, paragraph_start, text.len(), &mut out);
    out
}

/// The byte offsets of the paragraph breaks (`"\n\n"`) of `text`, left to right and not
/// overlapping, as `text.match_indices("\n\n")` gives them, found with a byte search for the
/// line feed.
pub fn paragraph_breaks(text: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    let mut from = 0;
    std::iter::from_fn(move || {
        loop {
            let at = from + text.get(from..)?.find('\n')?;
            if bytes.get(at + 1) == Some(&b'\n') {
                from = at + 2;
                return Some(at);
            }
            from = at + 1;
        }
    })
}

/// The sentence of `sentences` that contains `span`, or the span itself when none does.
pub fn sentence_at(sentences: &[Span], span: Span) -> Span {
    let index = sentences.partition_point(|s| s.end <= span.start);
    match sentences.get(index) {
        Some(sentence) if sentence.start <= span.start => {
            // A span running past its sentence (a quote over two sentences) takes them all.
            let mut end = sentence.end;
            for next in &sentences[index + 1..] {
                if next.start >= span.end {
                    break;
                }
                end = next.end;
            }
            Span::new(sentence.start, end.max(span.end))
        }
        _ => span,
    }
}

fn split_paragraph(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let Some(paragraph) = text.get(start..end) else {
        return;
    };
    let is_stop = |ch: char| matches!(ch, '.' | '!' | '?' | '…');
    let char_at = |at: usize| paragraph.get(at..).and_then(|rest| rest.chars().next());
    let mut sentence_start = 0;
    let mut i = 0;
    while let Some(offset) = next_stop(paragraph, i) {
        let Some(c) = char_at(offset) else {
            break;
        };
        // Take the run of terminal punctuation and closing quotes.
        let mut j = offset + c.len_utf8();
        while let Some(ch) = char_at(j)
            && (is_stop(ch) || CLOSERS.contains(&ch))
        {
            j += ch.len_utf8();
        }
        let stop_end = j;
        let followed_by_space = char_at(j).is_some_and(char::is_whitespace);
        if followed_by_space
            && c == '.'
            && j == offset + 1
            && (is_abbreviation(&paragraph[sentence_start..offset])
                || is_day_ordinal(&paragraph[sentence_start..offset], &paragraph[stop_end..]))
        {
            i = j;
            continue;
        }
        if followed_by_space {
            let mut k = j;
            while let Some(ch) = char_at(k)
                && ch.is_whitespace()
            {
                k += ch.len_utf8();
            }
            if char_at(k).is_some_and(starts_sentence) {
                push_trimmed(paragraph, start, sentence_start, stop_end, out);
                sentence_start = k;
                i = k;
                continue;
            }
        }
        i = j;
    }
    push_trimmed(paragraph, start, sentence_start, paragraph.len(), out);
}

/// The byte offset of the next `.`, `!`, `?` or `…` at or after `from`.
fn next_stop(paragraph: &str, from: usize) -> Option<usize> {
    let bytes = paragraph.as_bytes();
    let rest = bytes.get(from..)?;
    let stop = memchr::memchr3(b'.', b'!', b'?', rest);
    // "…" is E2 80 A6 in UTF-8; only the text before the first other stop is searched.
    let before = rest.get(..stop.unwrap_or(rest.len()))?;
    let mut at = 0;
    while let Some(lead) = before.get(at..).and_then(|tail| memchr::memchr(0xE2, tail)) {
        at += lead;
        if before.get(at + 1..at + 3) == Some(&[0x80, 0xA6][..]) {
            return Some(from + at);
        }
        at += 1;
    }
    stop.map(|at| from + at)
}

fn starts_sentence(c: char) -> bool {
    c.is_uppercase()
        || c.is_numeric()
        || matches!(
            c,
            '"' | '\'' | '“' | '‘' | '«' | '‹' | '„' | '¿' | '¡' | '(' | '[' | '—' | '–'
        )
        || (c.is_alphabetic() && !c.is_lowercase())
}

fn is_abbreviation(before_stop: &str) -> bool {
    let word = before_stop
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '“')
        .next()
        .unwrap_or("");
    if word.is_empty() {
        return false;
    }
    // A single capital letter is an initial ("Helena M. Varga"); "U.S" style chains too.
    let mut chars = word.chars();
    let count = chars.clone().count();
    if count == 1 {
        return chars.next().is_some_and(char::is_uppercase)
            || ABBREVIATIONS.contains(&word.to_lowercase().as_str());
    }
    if count >= 3 && word.chars().skip(1).step_by(2).all(|c| c == '.') {
        return true;
    }
    // No listed abbreviation is longer than six characters, and lower-casing never shortens
    // a word in characters.
    if count > 6 {
        return false;
    }
    if word.is_ascii() {
        return ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word));
    }
    ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

/// True when the stop ends a German day ordinal before a month name ("am 7. August").
fn is_day_ordinal(before_stop: &str, after_stop: &str) -> bool {
    let word = before_stop.rsplit(char::is_whitespace).next().unwrap_or("");
    if word.is_empty() || word.len() > 2 || !word.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let next = after_stop
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_end_matches([',', '.'])
        .to_lowercase();
    ORDINAL_MONTHS.contains(&next.as_str())
}

/// Month names that follow a day ordinal with a full stop.
const ORDINAL_MONTHS: &[&str] = &[
    "januar",
    "jänner",
    "februar",
    "märz",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "dezember",
    "january",
    "february",
    "march",
    "may",
    "june",
    "july",
    "october",
    "december",
    "jan",
    "feb",
    "mär",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "okt",
    "oct",
    "nov",
    "dez",
    "dec",
];

fn push_trimmed(paragraph: &str, base: usize, start: usize, end: usize, out: &mut Vec<Span>) {
    let slice = &paragraph[start..end];
    let leading = slice.len() - slice.trim_start().len();
    let trimmed = slice.trim();
    if !trimmed.is_empty() {
        let s = base + start + leading;
        out.push(Span::new(s, s + trimmed.len()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_day_ordinals_do_not_end_sentences() {
        check(
            "Am 7. August 1998 kam er. Er blieb 7. Dann ging er.",
            &["Am 7. August 1998 kam er.", "Er blieb 7.", "Dann ging er."],
        );
    }

    fn check(text: &str, expected: &[&str]) {
        let found: Vec<&str> = sentences(text)
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn splits_on_stops_and_paragraphs() {
        check(
            "One two. Three four! Five?\n\nSix",
            &["One two.", "Three four!", "Five?", "Six"],
        );
    }

    #[test]
    fn abbreviations_are_short_and_lower_case() {
        // `is_abbreviation` turns longer words away before comparing.
        for abbreviation in ABBREVIATIONS {
            assert!(abbreviation.chars().count() <= 6, "{abbreviation}");
            assert_eq!(&abbreviation.to_lowercase(), abbreviation);
        }
        check(
            "Núm. 5 está aquí. Y Dña. Ana llegó.",
            &["Núm. 5 está aquí.", "Y Dña. Ana llegó."],
        );
    }

    #[test]
    fn keeps_abbreviations_and_initials() {
        check(
            "Gov. Helena M. Varga spoke to Dr. Albero. She left at 5 p.m. on Monday.",
            &[
                "Gov. Helena M. Varga spoke to Dr. Albero.",
                "She left at 5 p.m. on Monday.",
            ],
        );
    }

    #[test]
    fn closing_quotes_stay_with_their_sentence() {
        check(
            "“We have never seen this.” Varga said. «Nunca.» ¿Por qué?",
            &[
                "“We have never seen this.”",
                "Varga said.",
                "«Nunca.»",
                "¿Por qué?",
            ],
        );
    }

    #[test]
    fn lower_case_after_stop_does_not_split() {
        check(
            "It rose 3.5 m. by noon and fell.",
            &["It rose 3.5 m. by noon and fell."],
        );
    }

    #[test]
    fn empty_and_blank_texts_have_no_sentences() {
        check("", &[]);
        check("  \n\n  ", &[]);
    }

    #[test]
    fn sentence_at_finds_the_holder() {
        let text = "One. Two three. Four.";
        let all = sentences(text);
        assert_eq!(sentence_at(&all, Span::new(9, 14)), Span::new(5, 15));
        assert_eq!(sentence_at(&all, Span::new(6, 17)), Span::new(5, 21));
    }
}
