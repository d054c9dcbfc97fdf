//! Whether a person is written of as a man or a woman, so that "she said" is never credited to
//! the last man quoted.
//!
//! Two sources, the article first:
//! - what the article itself says: an honorific ("Mr. Reyes", "Sra. Montero"), a gendered
//!   word in an apposition ("Ana Ruiz, a spokeswoman for …", "Tomas Reyes, her husband"), and
//!   a pronoun that takes up a person just named ("Varga said she would …", "Varga left. He
//!   …"); `quotes.rs` gathers these votes while it reads the names;
//! - else the given name, looked up in a table learned from the same votes over unlabelled
//!   news (`models/given-names.tsv`, built by `corroborate train given-names`): each row is a
//!   given name and the number of articles that wrote of someone of that name as a man and as
//!   a woman.
//!
//! A person with no evidence has no gender, and is compatible with either pronoun.

use std::collections::HashMap;
use std::sync::OnceLock;

/// How an article writes of a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Gender {
    Male,
    Female,
}

impl Gender {
    /// A vote for this gender, as a signed weight: men count up, women down.
    pub(crate) fn vote(self, weight: i32) -> i32 {
        match self {
            Gender::Male => weight,
            Gender::Female => -weight,
        }
    }

    /// The gender a sum of votes leans to, if any.
    pub(crate) fn of_votes(sum: i32) -> Option<Gender> {
        match sum {
            s if s > 0 => Some(Gender::Male),
            s if s < 0 => Some(Gender::Female),
            _ => None,
        }
    }
}

/// The gender of a singular personal pronoun, lower-cased ("she" → female).
pub(crate) fn pronoun_gender(word: &str) -> Option<Gender> {
    match word {
        "he" | "him" | "his" | "él" | "er" | "il" | "ele" => Some(Gender::Male),
        "she" | "her" | "hers" | "ella" | "elle" | "ela" => Some(Gender::Female),
        _ => None,
    }
}

/// The gender an honorific before a name gives ("mr" → male, "sra" → female), lower-cased and
/// without its stop.
pub(crate) fn honorific_gender(word: &str) -> Option<Gender> {
    match word {
        "mr" | "mister" | "sir" | "lord" | "sr" | "señor" | "don" | "herr" | "monsieur" => {
            Some(Gender::Male)
        }
        "mrs" | "ms" | "miss" | "madam" | "madame" | "mme" | "mlle" | "lady" | "dame" | "sra"
        | "srta" | "señora" | "señorita" | "doña" | "frau" => Some(Gender::Female),
        _ => None,
    }
}

/// The gender of a word for a person's role or relation, lower-cased ("spokeswoman",
/// "husband").
pub(crate) fn role_gender(word: &str) -> Option<Gender> {
    const MALE: &[&str] = &[
        "spokesman",
        "chairman",
        "congressman",
        "councilman",
        "businessman",
        "assemblyman",
        "anchorman",
        "husband",
        "father",
        "son",
        "brother",
        "uncle",
        "nephew",
        "grandfather",
        "grandson",
        "king",
        "prince",
        "widower",
        "boyfriend",
        "man",
        "boy",
        "actor",
        "portavoz",
        "esposo",
        "marido",
        "padre",
        "hijo",
        "hermano",
    ];
    const FEMALE: &[&str] = &[
        "spokeswoman",
        "chairwoman",
        "congresswoman",
        "councilwoman",
        "businesswoman",
        "assemblywoman",
        "anchorwoman",
        "wife",
        "mother",
        "daughter",
        "sister",
        "aunt",
        "niece",
        "grandmother",
        "granddaughter",
        "queen",
        "princess",
        "widow",
        "girlfriend",
        "woman",
        "girl",
        "actress",
        "esposa",
        "madre",
        "hija",
        "hermana",
        "presidenta",
        "ministra",
        "gobernadora",
        "alcaldesa",
        "secretaria",
        "directora",
    ];
    if MALE.contains(&word) {
        Some(Gender::Male)
    } else if FEMALE.contains(&word) {
        Some(Gender::Female)
    } else {
        None
    }
}

/// A given name with the number of articles that wrote of someone of that name as a man and
/// as a woman.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GivenName {
    pub name: String,
    pub male: u32,
    pub female: u32,
}

impl GivenName {
    /// The gender the table gives the name: at least two articles, and four times as many one
    /// way as the other.
    fn gender(&self) -> Option<Gender> {
        if self.male >= 2 && self.male >= 4 * self.female {
            Some(Gender::Male)
        } else if self.female >= 2 && self.female >= 4 * self.male {
            Some(Gender::Female)
        } else {
            None
        }
    }
}

/// The least share of capitals (in the word clusters' steps of 20%, 6 for a word they do not
/// hold) a given name has in news.
const NAME_CAPITALS: u8 = 4;

pub(crate) static SHIPPED: &str = include_str!("../models/given-names.tsv");

/// The gender the shipped table gives a given name (as written or lower-cased), if it gives
/// one; else, in an English article (`english`), the sex the US Census person list gives it
/// ("Jean" and "Andrea" are women's names there, not in French or Italian).
pub(crate) fn given_name_gender(name: &str, english: bool) -> Option<Gender> {
    static TABLE: OnceLock<HashMap<String, Gender>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        read_given_names(SHIPPED)
            .into_iter()
            .filter_map(|row| Some((row.name.clone(), row.gender()?)))
            .collect()
    });
    table.get(&name.to_lowercase()).copied().or_else(|| {
        english
            .then(|| crate::entities::given_name_sex(name))
            .flatten()
    })
}

/// Reads a given-name table: one `name<TAB>male<TAB>female` row a line, `#` lines are
/// comments; a line that does not parse is skipped.
pub fn read_given_names(file: &str) -> Vec<GivenName> {
    file.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .filter_map(|line| {
            let mut fields = line.split('\t');
            let name = fields.next()?.trim().to_lowercase();
            let male = fields.next()?.trim().parse().ok()?;
            let female = fields.next()?.trim().parse().ok()?;
            (!name.is_empty()).then_some(GivenName { name, male, female })
        })
        .collect()
}

/// Writes a given-name table, sorted by name, with a header saying what it is.
pub fn write_given_names(rows: &[GivenName]) -> String {
    let mut rows = rows.to_vec();
    rows.sort_by(|a, b| a.name.cmp(&b.name));
    let mut out = String::from(
        "# Given names and the number of articles that wrote of someone of that name as a man and\n\
         # as a woman (honorifics, gendered appositions, pronouns taking up the name), learned from\n\
         # unlabelled English news by `corroborate train given-names`. name\tmale\tfemale\n",
    );
    for row in rows {
        out.push_str(&format!("{}\t{}\t{}\n", row.name, row.male, row.female));
    }
    out
}

/// Learns a given-name table from unlabelled English articles: in each article, every person
/// named in full whom the article writes of as a man or a woman counts once for their given
/// name. Names counted in fewer than `min_articles` articles are left out. Deterministic: the
/// same texts give the same table, in any order.
pub fn learn_given_names(texts: &[String], min_articles: u32) -> Vec<GivenName> {
    let lexicon = crate::entities::shipped_clusters().ok();
    let mut counts: HashMap<String, (u32, u32)> = HashMap::new();
    for text in texts {
        for (full, gender) in crate::quotes::article_genders(text) {
            let mut words = full.split_whitespace();
            let (Some(first), Some(_)) = (words.next(), words.next()) else {
                continue;
            };
            // A given name is a word news nearly always writes with a capital: "Actress" or
            // "Former" before a name are not given names.
            let (_, capital) = crate::entities::cluster_path(lexicon, first);
            let plain = first.chars().count() >= 2
                && first.chars().all(char::is_alphabetic)
                && capital >= NAME_CAPITALS;
            if !plain {
                continue;
            }
            let entry = counts.entry(first.to_lowercase()).or_default();
            match gender {
                Gender::Male => entry.0 += 1,
                Gender::Female => entry.1 += 1,
            }
        }
    }
    let mut rows: Vec<GivenName> = counts
        .into_iter()
        .filter(|(_, (m, f))| m + f >= min_articles)
        .map(|(name, (male, female))| GivenName { name, male, female })
        .collect();
    rows.sort_by(|a, b| a.name.cmp(&b.name));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_reads_back_what_was_written() {
        let rows = vec![
            GivenName {
                name: "ana".into(),
                male: 0,
                female: 5,
            },
            GivenName {
                name: "tomas".into(),
                male: 7,
                female: 1,
            },
        ];
        let file = write_given_names(&rows);
        assert_eq!(read_given_names(&file), rows);
        assert_eq!(read_given_names("bad line\nx\t1\n\tq\t2\n"), Vec::new());
    }

    #[test]
    fn a_name_needs_two_articles_and_a_clear_lean() {
        let row = |male, female| GivenName {
            name: "x".into(),
            male,
            female,
        };
        assert_eq!(row(1, 0).gender(), None);
        assert_eq!(row(2, 0).gender(), Some(Gender::Male));
        assert_eq!(row(8, 2).gender(), Some(Gender::Male));
        assert_eq!(row(7, 2).gender(), None);
        assert_eq!(row(0, 3).gender(), Some(Gender::Female));
    }

    #[test]
    fn a_name_the_table_lacks_is_read_from_the_census_list() {
        // The table learned from news has neither; the Census list gives both.
        assert!(!SHIPPED.lines().any(|l| l.starts_with("gwendolyn\t")));
        assert_eq!(given_name_gender("Gwendolyn", true), Some(Gender::Female));
        assert_eq!(given_name_gender("Bertram", true), Some(Gender::Male));
        // A name of both sexes, or none, gives no gender.
        assert_eq!(given_name_gender("Jordan", true), None);
        assert_eq!(given_name_gender("Xqzv", true), None);
        // Only in English: "Jean" is a man in a French article.
        assert_eq!(given_name_gender("Jean", true), Some(Gender::Female));
        assert_eq!(given_name_gender("Jean", false), None);
    }

    #[test]
    fn articles_teach_the_given_names_they_gender() {
        let texts = vec![
            "Mr. Tomas Reyes spoke first. Ms. Ana Ruiz spoke later.".to_string(),
            "Tomas Reyes, a spokesman for the agency, said the road was closed. Ana Ruiz \
             said she would wait."
                .to_string(),
            "Tomas Reyes arrived.".to_string(),
        ];
        let rows = learn_given_names(&texts, 1);
        let find = |name: &str| rows.iter().find(|r| r.name == name).cloned();
        assert_eq!(
            find("tomas").map(|r| (r.male, r.female)),
            Some((2, 0)),
            "{rows:?}"
        );
        assert_eq!(find("ana").map(|r| (r.male, r.female)), Some((0, 2)));
        assert_eq!(learn_given_names(&texts, 3), Vec::new());
    }
}
