//! A list of given names and surnames that the named-entity tagger reads, from the 1990 US
//! Census (public domain): whether a capitalised word is a given name, of men, women or both,
//! common or rare, and whether it is a surname, by how common.
//!
//! The tagger learns how far to trust it: "May", "King" and "Young" are on the list too, and
//! its features are the list's class of a word and of the words beside it, never a verdict.
//! The file is `models/persons-en.tsv`, built by `corroborate train persons` from the Census
//! files, one name a line: `name<TAB>given<TAB>surname`, where `given` is `m`, `f` or `mf`
//! (a name of men, of women, or of both: the rarer sex at least a fifth as often as the other)
//! followed by `1` (borne by at least 0.05% of people of that sex) or `2`, or `-`; and
//! `surname` is `s1` (among the 1,000 most common), `s2` (among the 10,000) or `s3`, or `-`.

use super::features::{fnv1a, lower_hash};
use rustc_hash::FxHashMap;
use std::fmt;
use std::sync::OnceLock;

/// The shipped list.
pub(crate) static SHIPPED_PERSONS: &str = include_str!("../../models/persons-en.tsv");

/// A given name's sex and how common it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GivenClass {
    Male,
    Female,
    Both,
    RareMale,
    RareFemale,
    RareBoth,
}

impl GivenClass {
    const ALL: [(GivenClass, &'static str); 6] = [
        (GivenClass::Male, "m1"),
        (GivenClass::Female, "f1"),
        (GivenClass::Both, "mf1"),
        (GivenClass::RareMale, "m2"),
        (GivenClass::RareFemale, "f2"),
        (GivenClass::RareBoth, "mf2"),
    ];

    fn label(self) -> &'static str {
        label_of(&Self::ALL, self)
    }

    fn code(self) -> u8 {
        code_of(&Self::ALL, self)
    }
}

/// A class's label in the file, from its table of (class, label).
fn label_of<T: PartialEq>(all: &[(T, &'static str)], class: T) -> &'static str {
    all.iter()
        .find(|(c, _)| *c == class)
        .map_or("-", |(_, label)| label)
}

/// A class's code (its place in its table, from 1).
fn code_of<T: PartialEq>(all: &[(T, &'static str)], class: T) -> u8 {
    all.iter()
        .position(|(c, _)| *c == class)
        .map_or(0, |at| at as u8 + 1)
}

/// The class a label of the file names: `None` for `-`, an error for a label not in `all`.
fn class_of<T: Copy>(all: &[(T, &'static str)], label: &str) -> Result<Option<T>, String> {
    if label == "-" {
        return Ok(None);
    }
    all.iter()
        .find(|(_, l)| *l == label)
        .map(|(class, _)| Some(*class))
        .ok_or_else(|| format!("unknown class {label:?}"))
}

/// How common a surname is, by its rank in the Census list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SurnameClass {
    /// Among the 1,000 most common.
    Top1000,
    /// Among the 10,000 most common.
    Top10000,
    Other,
}

impl SurnameClass {
    const ALL: [(SurnameClass, &'static str); 3] = [
        (SurnameClass::Top1000, "s1"),
        (SurnameClass::Top10000, "s2"),
        (SurnameClass::Other, "s3"),
    ];

    fn of_rank(rank: usize) -> SurnameClass {
        match rank {
            0..=1000 => SurnameClass::Top1000,
            1001..=10_000 => SurnameClass::Top10000,
            _ => SurnameClass::Other,
        }
    }

    fn label(self) -> &'static str {
        label_of(&Self::ALL, self)
    }

    fn code(self) -> u8 {
        code_of(&Self::ALL, self)
    }
}

/// One name of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName {
    /// Lower case.
    pub name: String,
    pub given: Option<GivenClass>,
    pub surname: Option<SurnameClass>,
}

impl PersonName {
    /// The code the tagger's features read: 4 × (given class, 0 for none) + surname class.
    fn code(&self) -> u8 {
        4 * self.given.map_or(0, GivenClass::code) + self.surname.map_or(0, SurnameClass::code)
    }
}

/// One row of a Census name file: the name and the share of people (of that sex, for given
/// names) who bear it, in percent, in the file's order (most common first).
#[derive(Debug, Clone, PartialEq)]
pub struct CensusName {
    pub name: String,
    pub percent: f64,
}

/// The share of people, in percent, from which a given name counts as common.
const COMMON_GIVEN: f64 = 0.05;

/// The list from the Census files' rows: given names of men and of women, and surnames, each
/// most common first. Sorted by name.
pub fn person_list(
    male: &[CensusName],
    female: &[CensusName],
    surnames: &[CensusName],
) -> Vec<PersonName> {
    let mut given: FxHashMap<String, (f64, f64)> = FxHashMap::default();
    for row in male {
        given.entry(row.name.to_lowercase()).or_default().0 = row.percent;
    }
    for row in female {
        given.entry(row.name.to_lowercase()).or_default().1 = row.percent;
    }
    let mut names: FxHashMap<String, PersonName> = FxHashMap::default();
    for (name, (men, women)) in given {
        let common = men.max(women) >= COMMON_GIVEN;
        let both = men > 0.0 && women > 0.0 && 5.0 * men.min(women) > men.max(women);
        let class = match (both, men > women, common) {
            (true, _, true) => GivenClass::Both,
            (true, _, false) => GivenClass::RareBoth,
            (false, true, true) => GivenClass::Male,
            (false, true, false) => GivenClass::RareMale,
            (false, false, true) => GivenClass::Female,
            (false, false, false) => GivenClass::RareFemale,
        };
        names.insert(
            name.clone(),
            PersonName {
                name,
                given: Some(class),
                surname: None,
            },
        );
    }
    for (rank, row) in surnames.iter().enumerate() {
        let name = row.name.to_lowercase();
        let entry = names.entry(name.clone()).or_insert(PersonName {
            name,
            given: None,
            surname: None,
        });
        // The first (most common) row of a name gives its class.
        entry.surname.get_or_insert(SurnameClass::of_rank(rank + 1));
    }
    let mut list: Vec<PersonName> = names.into_values().collect();
    list.sort_by(|a, b| a.name.cmp(&b.name));
    list
}

/// Reads a Census name file (`dist.male.first`, `dist.female.first`, `dist.all.last`): lines of
/// a name, its share in percent, the cumulative share and the rank, separated by spaces.
pub fn read_census(text: &str) -> Result<Vec<CensusName>, PersonFileError> {
    let mut out = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let mut fields = line.split_whitespace();
        let (Some(name), Some(percent)) = (fields.next(), fields.next()) else {
            return Err(PersonFileError::Line(
                number + 1,
                "expected a name and a share".into(),
            ));
        };
        let percent: f64 = percent.parse().map_err(|_| {
            PersonFileError::Line(number + 1, format!("the share {percent:?} is not a number"))
        })?;
        if !name
            .chars()
            .all(|c| c.is_alphabetic() || c == '\'' || c == '-')
        {
            return Err(PersonFileError::Line(
                number + 1,
                format!("{name:?} is not a name"),
            ));
        }
        out.push(CensusName {
            name: name.to_string(),
            percent,
        });
    }
    Ok(out)
}

/// What is wrong with a name file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PersonFileError {
    /// A line (counted from 1) that cannot be read, and why.
    Line(usize, String),
}

impl fmt::Display for PersonFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PersonFileError::Line(line, why) => write!(f, "line {line}: {why}"),
        }
    }
}

impl std::error::Error for PersonFileError {}

/// Reads a person list file (see the module's documentation); `#` lines are comments.
pub fn read_persons(text: &str) -> Result<Vec<PersonName>, PersonFileError> {
    let mut out = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let bad = |why: String| PersonFileError::Line(number + 1, why);
        let mut fields = line.split('\t');
        let (Some(name), Some(given), Some(surname), None) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            return Err(bad(
                "expected a name, a given-name class and a surname class".into(),
            ));
        };
        if name.is_empty() || name.chars().any(char::is_uppercase) {
            return Err(bad(format!("{name:?} is not a lower-case name")));
        }
        let given =
            class_of(&GivenClass::ALL, given).map_err(|e| bad(format!("given name: {e}")))?;
        let surname =
            class_of(&SurnameClass::ALL, surname).map_err(|e| bad(format!("surname: {e}")))?;
        if given.is_none() && surname.is_none() {
            return Err(bad(format!(
                "{name:?} is neither a given name nor a surname"
            )));
        }
        out.push(PersonName {
            name: name.to_string(),
            given,
            surname,
        });
    }
    Ok(out)
}

/// The file [`read_persons`] reads back, with a header that says where the names come from.
pub fn write_persons(names: &[PersonName]) -> String {
    let mut out = String::from(
        "# Given names and surnames of the 1990 US Census (public domain), for the named-entity\n\
         # tagger; built by `corroborate train persons`. name\tgiven (m, f or mf; 1 common, 2 rare)\tsurname (s1 top 1,000, s2 top 10,000, s3 other)\n",
    );
    for name in names {
        out.push_str(&name.name);
        out.push('\t');
        out.push_str(name.given.map_or("-", GivenClass::label));
        out.push('\t');
        out.push_str(name.surname.map_or("-", SurnameClass::label));
        out.push('\n');
    }
    out
}

/// A person list ready for lookups, with the checksum a model records.
pub(crate) struct Persons {
    /// The code of each name (see [`PersonName`]) by its folded hash.
    codes: FxHashMap<u64, u8>,
    /// FNV-1a of the file's bytes.
    pub checksum: u64,
}

impl Persons {
    pub(crate) fn from_text(text: &str) -> Result<Persons, PersonFileError> {
        let codes = read_persons(text)?
            .iter()
            .map(|name| (lower_hash(&name.name), name.code()))
            .collect();
        Ok(Persons {
            codes,
            checksum: fnv1a(text.as_bytes()),
        })
    }

    /// The code of the word with folded hash `lower`, 0 when the list lacks it.
    pub(crate) fn code(&self, lower: u64) -> u8 {
        self.codes.get(&lower).copied().unwrap_or(0)
    }
}

/// The sex the shipped list gives a given name, when it is borne mostly by men or mostly by
/// women (a fifth as often by the other sex at most).
pub(crate) fn given_name_sex(name: &str) -> Option<crate::genders::Gender> {
    use crate::genders::Gender;
    let code = shipped_persons().ok()?.code(lower_hash(name));
    match code / 4 {
        1 | 4 => Some(Gender::Male),
        2 | 5 => Some(Gender::Female),
        _ => None,
    }
}

/// Whether the shipped list holds `word` as a given name or a surname.
pub(crate) fn is_census_name(word: &str) -> bool {
    shipped_persons().is_ok_and(|persons| persons.code(lower_hash(word)) != 0)
}

/// A list of no names.
pub(crate) fn no_persons() -> &'static Persons {
    static NONE: OnceLock<Persons> = OnceLock::new();
    NONE.get_or_init(|| Persons {
        codes: FxHashMap::default(),
        checksum: fnv1a(b""),
    })
}

/// The shipped person list, read on first use.
pub(crate) fn shipped_persons() -> Result<&'static Persons, &'static PersonFileError> {
    static PERSONS: OnceLock<Result<Persons, PersonFileError>> = OnceLock::new();
    PERSONS
        .get_or_init(|| Persons::from_text(SHIPPED_PERSONS))
        .as_ref()
}
