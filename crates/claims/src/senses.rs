//! WordNet's broad classes of English words (its "lexicographer files": a noun of a person, of
//! a group, of communication; a verb of communication, of cognition, of possession …), which
//! the attribution tagger reads beside the word clusters. The clusters say which words news
//! uses alike, and are thin for a word seen a few times; WordNet says what a word means, so a
//! cue the training data never showed ("unearthed", "hailed") still reads as a verb of
//! communication or of finding.
//!
//! The file is `models/senses-en.tsv`, built by `corroborate train senses` from WordNet 3.0's
//! database, one word form a line: `word<TAB>noun<TAB>verb<TAB>commoner`, where `noun` and `verb`
//! are the lexicographer file numbers of the form's most frequent sense as a noun and as a
//! verb (empty when it is none), and `commoner` is `n` or `v` when WordNet's sense-tagged corpus
//! holds the form more often as that part of speech, `-` otherwise. Lines that start with `#`
//! are comments (the file opens with WordNet's licence).

use crate::entities::lower_hash;
use rustc_hash::FxHashMap;
use std::sync::OnceLock;

/// The shipped classes.
pub(crate) static SHIPPED_SENSES: &str = include_str!("../models/senses-en.tsv");

/// The classes of the word forms of one file.
pub(crate) struct Senses {
    lookup: FxHashMap<u64, u16>,
    /// FNV-1a of the file's bytes, which a model records.
    pub checksum: u64,
}

/// A word's classes packed in one number: the noun's file number (1 to 26, 0 for none) in the
/// low five bits, the verb's (1 to 15) in the next four, the commoner part of speech in the
/// next two.
pub(crate) type SenseCode = u16;

impl Senses {
    /// Reads a senses file; an error names the first bad line.
    pub(crate) fn from_text(text: &str) -> Result<Senses, String> {
        let mut lookup = FxHashMap::default();
        for (number, line) in text.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = |why: &str| format!("line {} of the senses file: {why}", number + 1);
            let Some([word, noun, verb, commoner]) = crate::entities::tab_fields(line) else {
                return Err(bad("expected four fields"));
            };
            let file = |field: &str, first: u16, last: u16| -> Result<u16, String> {
                if field.is_empty() {
                    return Ok(0);
                }
                match field.parse::<u16>() {
                    Ok(n) if (first..=last).contains(&n) => Ok(n - first + 1),
                    _ => Err(bad(&format!(
                        "{field:?} is not a file number from {first} to {last}"
                    ))),
                }
            };
            let noun = file(noun, NOUN_FILES.0, NOUN_FILES.1)?;
            let verb = file(verb, VERB_FILES.0, VERB_FILES.1)?;
            let commoner = match commoner {
                "-" => 0,
                "n" => 1,
                "v" => 2,
                other => return Err(bad(&format!("{other:?} is not n, v or -"))),
            };
            lookup.insert(lower_hash(word), noun | verb << 5 | commoner << 9);
        }
        Ok(Senses {
            lookup,
            checksum: crate::entities::fnv1a(text.as_bytes()),
        })
    }

    /// The classes of `word` (any case), 0 when the file does not hold it.
    #[cfg(test)]
    pub(crate) fn code(&self, word: &str) -> SenseCode {
        self.lookup.get(&lower_hash(word)).copied().unwrap_or(0)
    }
}

/// WordNet's lexicographer files of nouns (noun.Tops to noun.time) and of verbs (verb.body to
/// verb.weather).
pub(crate) const NOUN_FILES: (u16, u16) = (3, 28);
pub(crate) const VERB_FILES: (u16, u16) = (29, 43);

/// The shipped classes, read on first use.
pub(crate) fn shipped_senses() -> Result<&'static Senses, &'static String> {
    static SENSES: OnceLock<Result<Senses, String>> = OnceLock::new();
    SENSES
        .get_or_init(|| Senses::from_text(SHIPPED_SENSES))
        .as_ref()
}

/// What the attribution tagger reads of a word from the shipped files: its cluster path and
/// capital share as [`crate::entities::cluster_path`] gives them, and its WordNet classes.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct WordFacts {
    pub path: u32,
    pub capital: u8,
    pub sense: SenseCode,
}

/// Word facts keyed by a word's folded hash ([`lower_hash`]), in a table whose slot for a word
/// can be asked for ahead of the lookup ([`text::KeyTable::prefetch`]): a table of tens of
/// thousands of words is larger than a core's cache, and a lookup that waits on memory is
/// much of what reading a token costs.
pub(crate) type FactTable = text::KeyTable<u64, WordFacts>;

/// The shipped clusters and classes in one table keyed by a word's folded hash
/// ([`lower_hash`]), so that a token costs one lookup; read on first use. A damaged file
/// leaves its part out (the models that read it refuse to load).
pub(crate) fn shipped_word_facts() -> &'static FactTable {
    static FACTS: OnceLock<FactTable> = OnceLock::new();
    FACTS.get_or_init(|| {
        let facts = word_facts();
        let mut table = FactTable::with_capacity(facts.len());
        for (key, value) in facts {
            table.insert(key, value);
        }
        table
    })
}

/// The shipped clusters and classes as [`shipped_word_facts`] holds them, in a map.
fn word_facts() -> FxHashMap<u64, WordFacts> {
    let mut facts: FxHashMap<u64, WordFacts> = FxHashMap::default();
    if let Ok(clusters) = crate::entities::shipped_clusters() {
        facts.reserve(clusters.lookup.len());
        for (hash, entry) in &clusters.lookup {
            facts.insert(
                *hash,
                WordFacts {
                    path: entry.path,
                    capital: entry.capitalised.div_ceil(20),
                    sense: 0,
                },
            );
        }
    }
    if let Ok(senses) = shipped_senses() {
        for (hash, code) in &senses.lookup {
            facts
                .entry(*hash)
                .or_insert(WordFacts {
                    path: 0,
                    capital: 6,
                    sense: 0,
                })
                .sense = *code;
        }
    }
    facts
}

/// The word forms of the shipped word clusters, which the shipped senses file covers.
pub fn shipped_cluster_words() -> Result<Vec<String>, crate::ClusterFileError> {
    Ok(crate::read_clusters(crate::entities::SHIPPED_CLUSTERS)?
        .into_iter()
        .map(|w| w.word)
        .collect())
}

/// The noun part of a code.
#[cfg(test)]
pub(crate) fn noun(code: SenseCode) -> u16 {
    code & 0x1f
}

/// The verb part of a code.
#[cfg(test)]
pub(crate) fn verb(code: SenseCode) -> u16 {
    code >> 5 & 0xf
}

/// The files of a WordNet 3.0 database that [`senses_file`] reads, as text.
pub struct WordNetFiles<'a> {
    /// `index.noun` and `index.verb`: each lemma's synsets, most frequent sense first.
    pub index_noun: &'a str,
    pub index_verb: &'a str,
    /// `data.noun` and `data.verb`: each synset's lexicographer file.
    pub data_noun: &'a str,
    pub data_verb: &'a str,
    /// `noun.exc` and `verb.exc`: irregular forms and their lemmas ("said say").
    pub exceptions_noun: &'a str,
    pub exceptions_verb: &'a str,
    /// `cntlist.rev`: how often each sense is tagged in WordNet's sense-tagged corpus.
    pub counts: &'a str,
}

/// The first line of the senses file.
const HEADER: &str = "\
# WordNet's broad classes of English word forms (corroborate train senses; see crates/claims/src/senses.rs).
";

/// WordNet's licence, which must go with every copy of what is derived from its database.
pub(crate) const WORDNET_LICENCE: &str = "\
# Derived from WordNet 3.0. WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.
# Permission to use, copy, modify and distribute this software and database and its documentation
# for any purpose and without fee or royalty is hereby granted, provided that you agree to comply
# with the following copyright notice and statements, including the disclaimer, and that the same
# appear on ALL copies of the software, database and documentation, including modifications that
# you make for internal use or for distribution.
# THIS SOFTWARE AND DATABASE IS PROVIDED \"AS IS\" AND PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS
# OR WARRANTIES, EXPRESS OR IMPLIED. BY WAY OF EXAMPLE, BUT NOT LIMITATION, PRINCETON UNIVERSITY MAKES
# NO REPRESENTATIONS OR WARRANTIES OF MERCHANTABILITY OR FITNESS FOR ANY PARTICULAR PURPOSE OR THAT
# THE USE OF THE LICENSED SOFTWARE, DATABASE OR DOCUMENTATION WILL NOT INFRINGE ANY THIRD PARTY
# PATENTS, COPYRIGHTS, TRADEMARKS OR OTHER RIGHTS.
# The name of Princeton University or Princeton may not be used in advertising or publicity
# pertaining to distribution of the software and/or database. Title to copyright in this software,
# database and any associated documentation shall at all times remain with Princeton University and
# LICENSEE agrees to preserve same.
";

/// One part of speech of a WordNet database, ready for lookups.
struct PartOfSpeech<'a> {
    /// Each lemma's synset offsets, most frequent sense first.
    synsets: FxHashMap<&'a str, Vec<&'a str>>,
    /// Each synset's lexicographer file.
    files: FxHashMap<&'a str, u16>,
    /// Irregular forms and their lemmas.
    exceptions: FxHashMap<&'a str, Vec<&'a str>>,
    /// Per lemma, the tagged-corpus count of each lexicographer file.
    counts: FxHashMap<&'a str, Vec<(u16, u32)>>,
    /// Regular endings and what replaces them, as WordNet's own lemmatiser tries them.
    endings: &'static [(&'static str, &'static str)],
}

const NOUN_ENDINGS: &[(&str, &str)] = &[
    ("s", ""),
    ("ses", "s"),
    ("xes", "x"),
    ("zes", "z"),
    ("ches", "ch"),
    ("shes", "sh"),
    ("men", "man"),
    ("ies", "y"),
];
const VERB_ENDINGS: &[(&str, &str)] = &[
    ("s", ""),
    ("ies", "y"),
    ("es", "e"),
    ("es", ""),
    ("ed", "e"),
    ("ed", ""),
    ("ing", "e"),
    ("ing", ""),
];

impl<'a> PartOfSpeech<'a> {
    fn read(
        name: &str,
        index: &'a str,
        data: &'a str,
        exceptions: &'a str,
        endings: &'static [(&'static str, &'static str)],
    ) -> Result<Self, String> {
        let mut synsets = FxHashMap::default();
        // The files open with the licence, on lines that start with spaces.
        for (number, line) in index.lines().enumerate() {
            if line.starts_with(' ') || line.trim().is_empty() {
                continue;
            }
            let bad = || format!("line {} of index.{name} is not an index line", number + 1);
            let fields: Vec<&str> = line.split_ascii_whitespace().collect();
            let count = |at: usize| -> Result<usize, String> {
                fields
                    .get(at)
                    .and_then(|f| f.parse::<usize>().ok())
                    .ok_or_else(bad)
            };
            let senses = count(2)?;
            let pointers = count(3)?;
            let first = 6 + pointers;
            let offsets = fields.get(first..first + senses).ok_or_else(bad)?;
            synsets.insert(fields[0], offsets.to_vec());
        }
        let mut files = FxHashMap::default();
        for (number, line) in data.lines().enumerate() {
            if line.starts_with(' ') || line.trim().is_empty() {
                continue;
            }
            let mut fields = line.split(' ');
            let (Some(offset), Some(Ok(file))) =
                (fields.next(), fields.next().map(str::parse::<u16>))
            else {
                return Err(format!(
                    "line {} of data.{name} is not a synset line",
                    number + 1
                ));
            };
            files.insert(offset, file);
        }
        let mut irregular: FxHashMap<&str, Vec<&str>> = FxHashMap::default();
        for line in exceptions.lines() {
            let mut fields = line.split_ascii_whitespace();
            if let Some(form) = fields.next() {
                irregular.entry(form).or_default().extend(fields);
            }
        }
        Ok(PartOfSpeech {
            synsets,
            files,
            exceptions: irregular,
            counts: FxHashMap::default(),
            endings,
        })
    }

    /// The lemmas `form` may be an inflection of, as WordNet's lemmatiser finds them: its
    /// irregular lemmas and the form itself when WordNet holds them, else the lemmas regular
    /// endings give.
    fn lemmas(&self, form: &'a str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let keep = |lemma: &str, out: &mut Vec<String>| {
            if self.synsets.contains_key(lemma) && !out.iter().any(|l| l == lemma) {
                out.push(lemma.to_string());
            }
        };
        for lemma in self.exceptions.get(form).into_iter().flatten() {
            keep(lemma, &mut out);
        }
        keep(form, &mut out);
        if out.is_empty() {
            for (ending, replacement) in self.endings {
                if let Some(stem) = form.strip_suffix(ending).filter(|s| !s.is_empty()) {
                    keep(&format!("{stem}{replacement}"), &mut out);
                }
            }
        }
        out
    }

    /// The lexicographer file of `form`'s most frequent sense (by the tagged corpus, else
    /// WordNet's first sense), and how often the corpus tags the form's lemma at all.
    fn class(&self, form: &'a str) -> Option<(u16, u32)> {
        let lemma = self.lemmas(form).into_iter().next()?;
        let counts = self.counts.get(lemma.as_str());
        let total = counts.map_or(0, |c| c.iter().map(|(_, n)| n).sum());
        let tagged = counts.and_then(|c| {
            // The highest count; on a tie, the lower file number.
            c.iter()
                .filter(|(_, n)| *n > 0)
                .max_by_key(|(file, n)| (*n, std::cmp::Reverse(*file)))
                .map(|(file, _)| *file)
        });
        let first = || {
            let offset = self.synsets.get(lemma.as_str())?.first()?;
            self.files.get(offset).copied()
        };
        Some((tagged.or_else(first)?, total))
    }
}

/// The senses file for the word forms `words` (folded lower case, as the word clusters hold
/// them), from a WordNet 3.0 database: one line for each form WordNet holds as a noun or a verb,
/// in the order given, after WordNet's licence. Also returns the number of forms written.
pub fn senses_file(wordnet: &WordNetFiles<'_>, words: &[&str]) -> Result<(String, usize), String> {
    let mut noun = PartOfSpeech::read(
        "noun",
        wordnet.index_noun,
        wordnet.data_noun,
        wordnet.exceptions_noun,
        NOUN_ENDINGS,
    )?;
    let mut verb = PartOfSpeech::read(
        "verb",
        wordnet.index_verb,
        wordnet.data_verb,
        wordnet.exceptions_verb,
        VERB_ENDINGS,
    )?;
    // cntlist.rev: `lemma%type:file:id:head:head-id sense-number count`.
    for (number, line) in wordnet.counts.lines().enumerate() {
        let bad = || format!("line {} of cntlist.rev is not a sense count", number + 1);
        let mut fields = line.split_ascii_whitespace();
        let (Some(key), Some(_), Some(count)) = (fields.next(), fields.next(), fields.next())
        else {
            return Err(bad());
        };
        let count: u32 = count.parse().map_err(|_| bad())?;
        let (lemma, rest) = key.split_once('%').ok_or_else(bad)?;
        let mut parts = rest.split(':');
        let (Some(kind), Some(file)) = (parts.next(), parts.next()) else {
            return Err(bad());
        };
        let file: u16 = file.parse().map_err(|_| bad())?;
        let part = match kind {
            "1" => &mut noun,
            "2" => &mut verb,
            _ => continue,
        };
        let entry = part.counts.entry(lemma).or_default();
        match entry.iter_mut().find(|(f, _)| *f == file) {
            Some((_, n)) => *n += count,
            None => entry.push((file, count)),
        }
    }
    let mut out = String::from(HEADER);
    out.push_str(WORDNET_LICENCE);
    let mut written = 0;
    for &word in words {
        if word.is_empty() || !word.chars().all(|c| c.is_lowercase() || c == '-') {
            continue;
        }
        let as_noun = noun.class(word);
        let as_verb = verb.class(word);
        if as_noun.is_none() && as_verb.is_none() {
            continue;
        }
        let (noun_count, verb_count) = (as_noun.map_or(0, |c| c.1), as_verb.map_or(0, |c| c.1));
        let commoner = match noun_count.cmp(&verb_count) {
            std::cmp::Ordering::Greater => "n",
            std::cmp::Ordering::Less => "v",
            std::cmp::Ordering::Equal => "-",
        };
        let file = |c: Option<(u16, u32)>| c.map_or(String::new(), |(f, _)| f.to_string());
        out.push_str(&format!(
            "{word}\t{}\t{}\t{commoner}\n",
            file(as_noun),
            file(as_verb)
        ));
        written += 1;
    }
    Ok((out, written))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A few lines in WordNet 3.0's layout: "say" and "report" as verbs of communication,
    /// "report" also a noun of communication, "spokesman" a noun of a person, "saw" a noun
    /// of an artifact and, through the exceptions, a form of "see" (perception).
    fn fixture() -> WordNetFiles<'static> {
        WordNetFiles {
            index_noun: "  1 This software and database is being provided to you\n\
                         report n 2 1 @ 2 1 07218470 06681551  \n\
                         spokesman n 1 1 @ 1 0 10631941  \n\
                         saw n 1 1 @ 1 0 04140064  \n",
            index_verb: "say v 1 1 @ 1 1 01009240  \n\
                         report v 2 1 @ 2 2 00965053 02227741  \n\
                         see v 1 1 @ 1 1 02128066  \n",
            data_noun: "  1 licence\n\
                        07218470 10 n 01 report 0 000 | a written document\n\
                        06681551 09 n 01 report 1 000 | a short account\n\
                        10631941 18 n 01 spokesman 0 000 | someone who speaks\n\
                        04140064 06 n 01 saw 0 000 | a hand tool\n",
            data_verb: "01009240 32 v 01 say 0 000 | express in words\n\
                        00965053 32 v 01 report 0 000 | to give an account\n\
                        02227741 41 v 01 report 1 000 | announce as being present\n\
                        02128066 39 v 01 see 0 000 | perceive by sight\n",
            exceptions_noun: "",
            exceptions_verb: "said say\nsaw see\n",
            counts: "report%1:10:00:: 1 50\nreport%1:09:00:: 2 10\n\
                     report%2:32:00:: 1 64\nreport%2:41:00:: 2 70\nsay%2:32:00:: 1 1861\n",
        }
    }

    #[test]
    fn builds_each_forms_classes() {
        let words = [
            "said",
            "says",
            "reports",
            "spokesman",
            "saw",
            "okafor",
            "the",
            "Report",
        ];
        let (file, written) = senses_file(&fixture(), &words).expect("fixture");
        let lines: Vec<&str> = file.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(
            lines,
            vec![
                // Through the exceptions: "said" is "say"; counted as a verb only.
                "said\t\t32\tv",
                "says\t\t32\tv",
                // The tagged corpus's commoner class of each part of speech wins over WordNet's
                // first sense (verb.social, 70, against verb.communication, 64), and the verb
                // is the commoner part of speech (134 against 60).
                "reports\t10\t41\tv",
                "spokesman\t18\t\t-",
                // "saw" the tool, and "saw" the past of "see".
                "saw\t6\t39\t-",
            ]
        );
        assert_eq!(written, 5);
        // The licence goes with every copy.
        assert!(file.starts_with("# WordNet's broad classes"), "{file}");
        assert!(file.contains("Copyright 2006 by Princeton University"));
        let senses = Senses::from_text(&file).expect("the file reads back");
        let code = senses.code("Reports");
        assert_eq!((noun(code), verb(code)), (10 - 2, 41 - 28));
        assert_eq!(senses.code("okafor"), 0);
    }

    #[test]
    fn bad_files_are_refused_with_the_line() {
        for (text, expected) in [
            ("said\t\t32\n", "line 1"),
            ("# comment\nsaid\t\t99\tv\n", "line 2"),
            ("said\tx\t32\tv\n", "not a file number"),
            ("said\t\t32\tq\n", "not n, v or -"),
        ] {
            let error = Senses::from_text(text).err().expect(text);
            assert!(error.contains(expected), "{text:?}: {error}");
        }
        let mut broken = fixture();
        broken.index_verb = "say v two\n";
        let error = senses_file(&broken, &["said"]).expect_err("a broken index");
        assert!(error.contains("index.verb"), "{error}");
        broken = fixture();
        broken.counts = "say%2:xx:00:: 1 3\n";
        assert!(senses_file(&broken, &["said"]).is_err());
    }

    #[test]
    fn the_shipped_file_knows_the_verbs_of_saying() {
        let senses = shipped_senses().expect("shipped senses");
        for word in ["said", "told", "claimed", "warned", "Denies"] {
            let code = senses.code(word);
            assert_eq!(verb(code), 32 - 28, "{word} as verb.communication");
        }
        assert_eq!(noun(senses.code("spokeswoman")), 18 - 2, "noun.person");
        assert_eq!(senses.code("okafor"), 0);
    }
}

#[cfg(test)]
mod word_facts_tests {
    use super::*;

    #[test]
    fn the_one_table_agrees_with_the_files() {
        let facts = shipped_word_facts();
        let senses = shipped_senses().expect("shipped senses");
        let clusters = crate::entities::shipped_clusters().ok();
        for word in ["said", "Spokeswoman", "the", "Okafor", "zzzq"] {
            let (path, capital) = crate::entities::cluster_path(clusters, word);
            let (p, c, s) = facts
                .get(lower_hash(word))
                .map_or((0, 6, 0), |f| (f.path, f.capital, f.sense));
            assert_eq!((p, c, s), (path, capital, senses.code(word)), "{word}");
        }
    }
}
