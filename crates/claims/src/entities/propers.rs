//! The proper names WordNet 3.0 holds ("Hamas", "Catholicism", "French Revolution",
//! "Prussian"), each with the broad classes WordNet files it under, which the named-entity
//! tagger reads as it reads the place list: the classes of the longest such name that starts at
//! a capitalised token.
//!
//! The place list and the person list say where and who; they say nothing of the organisations,
//! beliefs, peoples and events that many of the "other" names and of the organisations of the
//! open sets are. WordNet files about 18,000 such names (and many historical people and places)
//! under its lexicographer files, which become a class code of one bit per class. Its file of
//! nouns of communication is left out: it holds languages, which the adjective and person
//! files mostly hold too ("Hebrew"), hundreds of obscure ones and acronyms ("HTML", "DOS"), and
//! a few brands ("Google", a search engine), which it made an other name in news. The file (`models/propers-en.tsv`, `code<TAB>name` after WordNet's
//! licence) is written by `corroborate train propers` from `data.noun` and `data.adj`.

use super::places::Places;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The shipped list (`corroborate train propers`).
pub(crate) static SHIPPED_PROPERS: &str = include_str!("../../models/propers-en.tsv");

/// A person ("Virginia Woolf", and a people's member: "American", "Shiite").
pub const PROPER_PERSON: u8 = 1;
/// A place or a natural object ("Uganda", "North Sea", "Jupiter").
pub const PROPER_PLACE: u8 = 2;
/// A group: organisations, peoples, movements ("Hamas", "Red Cross", "Albigenses").
pub const PROPER_GROUP: u8 = 4;
/// A belief or a school of thought ("Catholicism", "Marxism").
pub const PROPER_IDEA: u8 = 8;
/// An event, an act, a time ("World Cup", "French Revolution", "Ramadan").
pub const PROPER_EVENT: u8 = 16;
/// An adjective ("Prussian", "Slavic").
pub const PROPER_ADJECTIVE: u8 = 32;
/// A thing made ("Kremlin", "Colossus of Rhodes").
pub const PROPER_ARTIFACT: u8 = 64;

/// The class bit of each noun lexicographer file kept (by the number `data.noun` gives it);
/// communication (see above), plants, animals, foods and the like are left out.
const NOUN_FILES: &[(u16, u8)] = &[
    (4, PROPER_EVENT),    // noun.act
    (6, PROPER_ARTIFACT), // noun.artifact
    (9, PROPER_IDEA),     // noun.cognition
    (11, PROPER_EVENT),   // noun.event
    (14, PROPER_GROUP),   // noun.group
    (15, PROPER_PLACE),   // noun.location
    (17, PROPER_PLACE),   // noun.object
    (18, PROPER_PERSON),  // noun.person
    (28, PROPER_EVENT),   // noun.time
];

/// The adjective files kept: adj.all and adj.pert.
const ADJECTIVE_FILES: &[(u16, u8)] = &[(0, PROPER_ADJECTIVE), (1, PROPER_ADJECTIVE)];

/// Lower-case words a proper name may hold after its first ("Battle of Hastings", "Leonardo da
/// Vinci"); a name with any other ("A battery", "Peter Pan collar") is a common noun.
const CONNECTING: &[&str] = &[
    "of", "the", "de", "la", "le", "du", "des", "von", "van", "der", "den", "and", "al", "el",
    "da", "di", "y", "e", "for", "on", "in", "at", "to",
];

/// The first line of the file.
const HEADER: &str = "# Proper names WordNet 3.0 holds, with a class code (corroborate train propers; see crates/claims/src/entities/propers.rs).\n";

/// Why a list of proper names could not be read or built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProperFileError {
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for ProperFileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "proper-name list, line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for ProperFileError {}

/// The proper names of a WordNet 3.0 database (the text of `data.noun` and `data.adj`), each
/// with the bits of every kept class it is filed under, sorted by name.
pub fn proper_list(data_noun: &str, data_adj: &str) -> Result<Vec<(String, u8)>, ProperFileError> {
    let mut codes: BTreeMap<String, u8> = BTreeMap::new();
    for (data, files) in [(data_noun, NOUN_FILES), (data_adj, ADJECTIVE_FILES)] {
        for (number, line) in data.lines().enumerate() {
            // The files open with the licence, on lines that start with spaces.
            if line.starts_with(' ') || line.trim().is_empty() {
                continue;
            }
            let bad = || ProperFileError {
                line: number + 1,
                message: "not a WordNet synset line".into(),
            };
            let fields: Vec<&str> = line.split(' ').collect();
            let file: u16 = fields.get(1).and_then(|f| f.parse().ok()).ok_or_else(bad)?;
            let words = fields
                .get(3)
                .and_then(|f| usize::from_str_radix(f, 16).ok())
                .ok_or_else(bad)?;
            let Some(&(_, bit)) = files.iter().find(|(f, _)| *f == file) else {
                continue;
            };
            for at in 0..words {
                let word = fields.get(4 + 2 * at).ok_or_else(bad)?;
                // An adjective may carry its position: "American(a)".
                let word = word.split_once('(').map_or(*word, |(w, _)| w);
                let name = word.replace('_', " ");
                if is_proper(&name) {
                    *codes.entry(name).or_insert(0) |= bit;
                }
            }
        }
    }
    Ok(codes.into_iter().collect())
}

/// A capitalised name of two characters or more and at most as many words as a lookup takes,
/// whose later words are capitalised or connecting words.
fn is_proper(name: &str) -> bool {
    let mut words = name.split(' ');
    let opens = words
        .next()
        .and_then(|w| w.chars().next())
        .is_some_and(char::is_uppercase);
    opens
        && name.chars().nth(1).is_some()
        && name.split(' ').count() <= super::places::LONGEST
        && words
            .all(|w| !w.chars().next().is_some_and(char::is_lowercase) || CONNECTING.contains(&w))
}

/// The file of `list`: a header and WordNet's licence, then `code<TAB>name` lines.
pub fn write_propers(list: &[(String, u8)]) -> String {
    let mut out = String::from(HEADER);
    out.push_str(crate::senses::WORDNET_LICENCE);
    for (name, code) in list {
        out.push_str(&format!("{code}\t{name}\n"));
    }
    out
}

/// Reads a file [`write_propers`] wrote (lines starting with `#` are comments).
pub fn read_propers(text: &str) -> Result<Vec<(String, u8)>, ProperFileError> {
    let mut out = Vec::new();
    for (at, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let error = |message: String| ProperFileError {
            line: at + 1,
            message,
        };
        let Some((code, name)) = line.split_once('\t') else {
            return Err(error(
                "expected a code and a name separated by a tab".into(),
            ));
        };
        let code: u8 = code
            .parse()
            .ok()
            .filter(|c| (1..128).contains(c))
            .ok_or_else(|| error(format!("{code:?} is not a class code")))?;
        if name.trim().is_empty() || name.contains('\t') {
            return Err(error("expected one name".into()));
        }
        out.push((name.to_string(), code));
    }
    Ok(out)
}

/// A list ready for lookups (the place list's kind: [`Places::longest_at`] gives the code of
/// the longest name at a token), with the checksum a model records.
fn lookup(text: &str) -> Result<Places, ProperFileError> {
    let list = read_propers(text)?;
    Ok(Places::from_names(
        list.iter().map(|(name, code)| (name.as_str(), *code, None)),
        super::features::fnv1a(text.as_bytes()),
    ))
}

/// The shipped list, read on first use.
pub(crate) fn shipped_propers() -> Result<&'static Places, &'static ProperFileError> {
    static PROPERS: OnceLock<Result<Places, ProperFileError>> = OnceLock::new();
    PROPERS.get_or_init(|| lookup(SHIPPED_PROPERS)).as_ref()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOUNS: &str = "  1 This software and database is being provided\n\
        08000001 14 n 02 Hamas 0 Islamic_Resistance_Movement 0 000 | a group\n\
        08000002 18 n 01 American 0 000 | a native of America\n\
        08000003 10 n 01 American 0 000 | the English of the United States\n\
        08000008 09 n 01 Catholicism 0 000 | a faith\n\
        08000004 20 n 01 Abelmoschus 0 000 | a plant\n\
        08000005 06 n 01 A_battery 0 000 | a battery\n\
        08000006 11 n 01 Battle_of_Hastings 0 000 | a battle\n\
        08000007 14 n 01 A 0 000 | a letter\n";
    const ADJECTIVES: &str = "00000001 01 a 01 American(a) 0 000 | of America\n";

    /// The folded hashes of `words`, as a lookup reads them.
    fn lowers<'a>(words: &'a [&'a str]) -> impl Iterator<Item = u64> + 'a {
        words.iter().map(|w| super::super::features::lower_hash(w))
    }

    #[test]
    fn wordnet_synsets_give_names_and_their_classes() {
        let list = proper_list(NOUNS, ADJECTIVES).unwrap();
        let code = |name: &str| list.iter().find(|(n, _)| n == name).map(|(_, c)| *c);
        assert_eq!(code("Hamas"), Some(PROPER_GROUP));
        assert_eq!(code("Islamic Resistance Movement"), Some(PROPER_GROUP));
        assert_eq!(code("American"), Some(PROPER_PERSON | PROPER_ADJECTIVE));
        assert_eq!(code("Catholicism"), Some(PROPER_IDEA));
        assert_eq!(code("Battle of Hastings"), Some(PROPER_EVENT));
        // A plant's file and communication's are not kept; a common noun, a single letter
        // are no names.
        assert_eq!(code("Abelmoschus"), None);
        assert_eq!(code("A battery"), None);
        assert_eq!(code("A"), None);
        assert!(list.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn files_round_trip_and_bad_lines_are_refused() {
        let list = proper_list(NOUNS, ADJECTIVES).unwrap();
        let file = write_propers(&list);
        assert!(file.contains("Princeton University"));
        assert_eq!(read_propers(&file).unwrap(), list);
        assert_eq!(read_propers("x\tHamas\n").unwrap_err().line, 1);
        assert_eq!(read_propers("0\tHamas\n").unwrap_err().line, 1);
        assert_eq!(read_propers("# c\n4 Hamas\n").unwrap_err().line, 2);
        assert!(proper_list("08000001 xx n 01 Hamas 0\n", "").is_err());
    }

    #[test]
    fn the_longest_name_at_a_token_gives_its_code() {
        let list = lookup(&write_propers(&proper_list(NOUNS, ADJECTIVES).unwrap())).unwrap();
        let at = |words: &[&str]| list.longest_at(lowers(words));
        assert_eq!(
            at(&["Battle", "of", "Hastings", "began"]),
            Some((3, PROPER_EVENT))
        );
        assert_eq!(at(&["hamas", "said"]), Some((1, PROPER_GROUP)));
        assert_eq!(at(&["Battle", "of"]), None);
    }

    #[test]
    fn the_shipped_list_reads() {
        let list = shipped_propers().unwrap();
        let code = |words: &[&str]| list.longest_at(lowers(words)).map(|(_, c)| c);
        assert_eq!(code(&["Hamas"]), Some(PROPER_GROUP));
        assert!(code(&["Catholicism"]).is_some_and(|c| c & PROPER_IDEA != 0));
        assert!(code(&["French", "Revolution"]).is_some_and(|c| c & PROPER_EVENT != 0));
    }
}
