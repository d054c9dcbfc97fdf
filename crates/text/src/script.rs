//! The writing systems that do not put spaces between words, and how their text becomes terms.
//!
//! Unicode word boundaries cut Chinese and Japanese text into single ideographs and kana (only a
//! run of katakana stays together), and Thai, Lao, Khmer and Myanmar text into single letters
//! with their marks. Without a dictionary the words cannot be found, so a run of such text
//! becomes overlapping pairs of characters, the way search engines index it: "地震発生" gives
//! "地震", "震発" and "発生". The pair that spans two words is noise that document frequencies
//! weigh down; the pairs inside words match across documents.

/// The script of a character, as far as segmentation cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Script {
    /// Chinese characters (hanzi, kanji, hanja), with the iteration mark 々.
    Han,
    /// Japanese hiragana: in news text, particles, inflections and auxiliaries.
    Hiragana,
    /// Japanese katakana: loanwords and foreign names.
    Katakana,
    /// Thai, Lao, Khmer and Myanmar: alphabets written without spaces between words.
    Southeast,
    /// Everything else: scripts that separate words with spaces.
    Spaced,
}

impl Script {
    /// The script of `c`.
    pub(crate) fn of(c: char) -> Script {
        match u32::from(c) {
            0x3005 | 0x3007 | 0x3021..=0x3029 | 0x3038..=0x303B => Script::Han,
            0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x323AF => Script::Han,
            0x3041..=0x309F => Script::Hiragana,
            0x30A0..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => Script::Katakana,
            0x0E00..=0x0EFF | 0x1000..=0x109F | 0x1780..=0x17FF => Script::Southeast,
            _ => Script::Spaced,
        }
    }

    /// True for the scripts written without spaces between words.
    pub(crate) fn is_unspaced(self) -> bool {
        self != Script::Spaced
    }
}

/// The terms of one run of unspaced text, in order: `units` are its characters (grapheme
/// clusters) with their scripts.
///
/// - Han and katakana give overlapping pairs of characters; a lone Han character is a term by
///   itself (many are words: 中, 美, 港).
/// - Thai, Lao, Khmer and Myanmar give overlapping pairs of letters (with their marks); a lone
///   letter gives nothing.
/// - Hiragana gives nothing: in news text it spells particles, inflections and auxiliaries.
///
/// Each script's stretch is paired on its own, so "プーチン大統領" gives the pairs of "プーチン"
/// and of "大統領", never "ン大".
pub(crate) fn run_terms(units: &[(Script, &str)], mut emit: impl FnMut(String)) {
    let mut start = 0;
    while start < units.len() {
        let script = units[start].0;
        let end = units[start..]
            .iter()
            .position(|(other, _)| *other != script)
            .map_or(units.len(), |offset| start + offset);
        let stretch = &units[start..end];
        match script {
            Script::Hiragana | Script::Spaced => {}
            Script::Han | Script::Katakana | Script::Southeast => {
                if let [(_, single)] = stretch
                    && script == Script::Han
                {
                    emit((*single).to_string());
                }
                for pair in stretch.windows(2) {
                    let mut term = String::with_capacity(pair[0].1.len() + pair[1].1.len());
                    term.push_str(pair[0].1);
                    term.push_str(pair[1].1);
                    emit(term);
                }
            }
        }
        start = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_segmentation::UnicodeSegmentation;

    fn terms(run: &str) -> Vec<String> {
        let units: Vec<(Script, &str)> = run
            .graphemes(true)
            .map(|unit| (Script::of(unit.chars().next().unwrap_or(' ')), unit))
            .collect();
        let mut terms = Vec::new();
        run_terms(&units, |term| terms.push(term));
        terms
    }

    #[test]
    fn scripts_are_told_apart() {
        assert_eq!(Script::of('地'), Script::Han);
        assert_eq!(Script::of('々'), Script::Han);
        assert_eq!(Script::of('が'), Script::Hiragana);
        assert_eq!(Script::of('テ'), Script::Katakana);
        assert_eq!(Script::of('ー'), Script::Katakana);
        assert_eq!(Script::of('ท'), Script::Southeast);
        assert_eq!(Script::of('한'), Script::Spaced);
        assert_eq!(Script::of('a'), Script::Spaced);
    }

    #[test]
    fn each_script_is_paired_on_its_own() {
        assert_eq!(terms("地震発生"), ["地震", "震発", "発生"]);
        assert_eq!(
            terms("プーチン大統領"),
            ["プー", "ーチ", "チン", "大統", "統領"]
        );
        assert_eq!(terms("東京で"), ["東京"]);
        assert_eq!(terms("大きな"), ["大"]);
        assert_eq!(terms("ア"), Vec::<String>::new());
        // A Thai vowel sign (here ำ) stays with its consonant.
        assert_eq!(terms("น้ำท่วม"), ["น้ำท่", "ท่ว", "วม"]);
    }
}
