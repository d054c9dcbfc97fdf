//! Numbers as terms: one spelling per value, whatever the script of its digits and the locale of
//! its separators, so that "2,000", "2.000", "2 000" and "٢٬٠٠٠" all give the term "2000".
//!
//! The rules, for a word made of decimal digits and separators:
//! - digits of any script in the table below become ASCII digits;
//! - a separator followed by exactly three digits, in a number whose first group has one to
//!   three digits and does not start with 0, groups thousands and is dropped ("1.234.567",
//!   "1'000");
//! - a last separator that is a comma or a point and does not group thousands is the decimal
//!   mark and becomes a point ("2,5" and "2.5" give "2.5"; "1.234,5" gives "1234.5");
//! - anything else (dates such as "12.03.2024", version numbers) keeps its separators.
//!
//! The one ambiguity is a single separator before three digits: "2.000" is 2000 in German and
//! 2 in English, "1,500" is 1500 in English and 1.5 in German. News almost always means the
//! thousands, so that reading wins.

/// The code points of the digit zero of the scripts whose digits are folded to ASCII; each
/// script's digits one to nine follow its zero.
const ZEROS: [u32; 21] = [
    0x0030, // ASCII
    0x0660, // Arabic-Indic
    0x06F0, // Extended Arabic-Indic (Persian, Urdu)
    0x07C0, // NKo
    0x0966, // Devanagari
    0x09E6, // Bengali
    0x0A66, // Gurmukhi
    0x0AE6, // Gujarati
    0x0B66, // Oriya
    0x0BE6, // Tamil
    0x0C66, // Telugu
    0x0CE6, // Kannada
    0x0D66, // Malayalam
    0x0DE6, // Sinhala
    0x0E50, // Thai
    0x0ED0, // Lao
    0x0F20, // Tibetan
    0x1040, // Myanmar
    0x17E0, // Khmer
    0x1810, // Mongolian
    0xFF10, // Full-width
];

/// The ASCII digit for a decimal digit of any script in [`ZEROS`].
pub(crate) fn ascii_digit(c: char) -> Option<char> {
    let code = u32::from(c);
    if c.is_ascii_digit() {
        return Some(c);
    }
    if code < 0x0660 {
        return None;
    }
    ZEROS.iter().find_map(|&zero| {
        let value = code.checked_sub(zero)?;
        if value < 10 {
            char::from_digit(value, 10)
        } else {
            None
        }
    })
}

/// Separators that may stand between the digits of one word: "2,000", "1'000", "٢٬٠٠٠", and
/// the narrow no-break space of "2\u{202F}000", which Unicode word boundaries keep inside the
/// word.
fn is_separator(c: char) -> bool {
    matches!(
        c,
        ',' | '.' | '\'' | '\u{2019}' | '\u{066B}' | '\u{066C}' | '\u{202F}'
    )
}

/// A separator that may be a decimal mark: comma, point, and the Arabic decimal separator.
fn is_decimal_mark(c: char) -> bool {
    matches!(c, ',' | '.' | '\u{066B}')
}

/// The term for `word` when it is a number: digits of one script-independent form, thousands
/// separators dropped, the decimal mark a point. `None` when `word` is not a number (it holds a
/// letter, or starts or ends with a separator).
pub(crate) fn number_term(word: &str) -> Option<String> {
    // Most words are not numbers: say so before allocating anything.
    ascii_digit(word.chars().next()?)?;
    let mut groups: Vec<String> = vec![String::new()];
    let mut separators: Vec<char> = Vec::new();
    for c in word.chars() {
        if let Some(digit) = ascii_digit(c) {
            groups.last_mut()?.push(digit);
        } else if is_separator(c) {
            if groups.last()?.is_empty() {
                return None;
            }
            separators.push(c);
            groups.push(String::new());
        } else {
            return None;
        }
    }
    if groups.last()?.is_empty() {
        return None;
    }
    if separators.is_empty() {
        return groups.pop();
    }

    let first = &groups[0];
    let may_group = (1..=3).contains(&first.len()) && !first.starts_with('0');
    let grouped_thousands = |groups: &[String]| groups.iter().all(|group| group.len() == 3);

    // Every separator the same and every group after the first three digits long: thousands.
    let same_separator = separators.iter().all(|&s| s == separators[0]);
    if may_group && same_separator && grouped_thousands(&groups[1..]) {
        return Some(groups.concat());
    }

    // The last separator is the decimal mark when it differs from the others (or stands alone)
    // and the others group thousands.
    let (last_separator, leading_separators) = separators.split_last()?;
    let leading_same = leading_separators
        .iter()
        .all(|&s| s == leading_separators[0]);
    let leading_ok = leading_separators.is_empty()
        || (may_group
            && leading_same
            && leading_separators[0] != *last_separator
            && grouped_thousands(&groups[1..groups.len() - 1]));
    if is_decimal_mark(*last_separator) && leading_ok {
        let (fraction, integer) = groups.split_last()?;
        return Some(format!("{}.{fraction}", integer.concat()));
    }

    // Something else, such as a date: keep the separators, with ASCII digits.
    Some(word.chars().map(|c| ascii_digit(c).unwrap_or(c)).collect())
}

/// True for a group of exactly three ASCII digits, the form a thousands group takes after a
/// space ("2 000").
pub(crate) fn is_thousands_group(term: &str) -> bool {
    term.len() == 3 && term.bytes().all(|b| b.is_ascii_digit())
}

/// True for a number term that may start a space-grouped number: one to three ASCII digits,
/// not starting with 0.
pub(crate) fn may_start_space_group(term: &str) -> bool {
    (1..=3).contains(&term.len())
        && term.bytes().all(|b| b.is_ascii_digit())
        && !term.starts_with('0')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(word: &str, expected: Option<&str>) {
        assert_eq!(number_term(word).as_deref(), expected, "{word}");
    }

    #[test]
    fn thousands_separators_are_dropped() {
        check("2000", Some("2000"));
        check("2,000", Some("2000"));
        check("2.000", Some("2000"));
        check("1'000", Some("1000"));
        check("1,234,567", Some("1234567"));
        check("1.234.567", Some("1234567"));
    }

    #[test]
    fn the_decimal_mark_becomes_a_point() {
        check("2.5", Some("2.5"));
        check("2,5", Some("2.5"));
        check("0,001", Some("0.001"));
        check("1,234.56", Some("1234.56"));
        check("1.234,56", Some("1234.56"));
        check("1234,567", Some("1234.567"));
    }

    #[test]
    fn other_scripts_fold_to_ascii() {
        check("٢٬٠٠٠", Some("2000"));
        check("٢٫٥", Some("2.5"));
        check("۱۴۰۳", Some("1403"));
        check("२०२४", Some("2024"));
        check("２０００", Some("2000"));
        check("๒๕๖๗", Some("2567"));
    }

    #[test]
    fn dates_and_words_are_not_reshaped() {
        check("12.03.2024", Some("12.03.2024"));
        check("1.2.3", Some("1.2.3"));
        check("g7", None);
        check("10m", None);
        check("3rd", None);
        check("", None);
    }
}
