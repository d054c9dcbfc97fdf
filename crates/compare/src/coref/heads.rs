//! The head word of a mention and its lemma, without a parser or a tagger.
//!
//! Heads:
//! - an entity mention ("the Promises Treatment Center in Malibu", "at Betty Ford", "group of
//!   people") loses its leading prepositions, determiners and punctuation; its head is the last
//!   word before the first preposition, comma, bracket or relative pronoun after that
//!   ("Center", "Ford", "group");
//! - an event mention ("has entered", "opened fire", "checked into", "heart attack") loses its
//!   leading auxiliaries, negations, "to", prepositions and "-ly" adverbs; of the words up to the
//!   next preposition or punctuation, its head is the first when it looks like a verb (it ends
//!   in "-ed" or "-ing", is an irregular past form, or stands alone), else the last, as in a
//!   noun compound ("attack").
//!
//! Lemmas: the lower-cased word, irregular verb forms mapped to their base ("shot" → "shoot",
//! "fled" → "flee"), then its Snowball stem, which joins inflections ("arrested", "arrests",
//! "arrest"). [`related_lemma`] goes further: a small table of derivations joins a noun to its
//! verb ("death" → "die", "robbery" → "rob", "explosion" → "explode"), and the system uses it;
//! the same-head-lemma baseline does not.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;
use text::Analyzer;

use super::MentionKind;

/// Words that start a prepositional phrase or link clauses: a head ends before them.
const PREPOSITIONS: &[&str] = &[
    "about",
    "above",
    "according",
    "across",
    "after",
    "against",
    "along",
    "amid",
    "among",
    "around",
    "as",
    "at",
    "before",
    "behind",
    "below",
    "beneath",
    "beside",
    "besides",
    "between",
    "beyond",
    "by",
    "despite",
    "down",
    "during",
    "except",
    "for",
    "from",
    "in",
    "inside",
    "into",
    "like",
    "near",
    "of",
    "off",
    "on",
    "onto",
    "out",
    "outside",
    "over",
    "past",
    "per",
    "since",
    "than",
    "through",
    "throughout",
    "till",
    "to",
    "toward",
    "towards",
    "under",
    "until",
    "up",
    "upon",
    "via",
    "with",
    "within",
    "without",
    "who",
    "whom",
    "whose",
    "which",
    "that",
    "where",
    "when",
    "while",
    "because",
    "and",
    "or",
    "but",
];

/// Words that come before the head of a noun phrase and are never it.
const DETERMINERS: &[&str] = &[
    "a", "an", "the", "this", "that", "these", "those", "his", "her", "its", "their", "our", "my",
    "your", "some", "any", "each", "every", "no", "all", "both", "another", "other",
];

/// Words before the main verb of an event mention.
const AUXILIARIES: &[&str] = &[
    "be", "been", "being", "is", "are", "was", "were", "am", "'s", "'re", "'m", "has", "have",
    "had", "having", "'ve", "'d", "do", "does", "did", "will", "would", "shall", "should", "can",
    "could", "may", "might", "must", "'ll", "not", "n't", "never", "no", "to", "get", "got",
    "gets", "getting",
];

/// Irregular verb forms and their base, as a lemmatiser would give them.
const IRREGULAR: &[(&str, &str)] = &[
    ("ate", "eat"),
    ("eaten", "eat"),
    ("began", "begin"),
    ("begun", "begin"),
    ("bit", "bite"),
    ("bitten", "bite"),
    ("blew", "blow"),
    ("blown", "blow"),
    ("broke", "break"),
    ("broken", "break"),
    ("brought", "bring"),
    ("built", "build"),
    ("burnt", "burn"),
    ("bought", "buy"),
    ("caught", "catch"),
    ("chose", "choose"),
    ("chosen", "choose"),
    ("came", "come"),
    ("dealt", "deal"),
    ("dug", "dig"),
    ("drew", "draw"),
    ("drawn", "draw"),
    ("drove", "drive"),
    ("driven", "drive"),
    ("fed", "feed"),
    ("fell", "fall"),
    ("fallen", "fall"),
    ("felt", "feel"),
    ("fought", "fight"),
    ("found", "find"),
    ("fled", "flee"),
    ("flew", "fly"),
    ("flown", "fly"),
    ("forgave", "forgive"),
    ("forgiven", "forgive"),
    ("froze", "freeze"),
    ("frozen", "freeze"),
    ("gave", "give"),
    ("given", "give"),
    ("went", "go"),
    ("gone", "go"),
    ("grew", "grow"),
    ("grown", "grow"),
    ("hung", "hang"),
    ("heard", "hear"),
    ("hid", "hide"),
    ("hidden", "hide"),
    ("held", "hold"),
    ("kept", "keep"),
    ("knew", "know"),
    ("known", "know"),
    ("laid", "lay"),
    ("led", "lead"),
    ("left", "leave"),
    ("lent", "lend"),
    ("lay", "lie"),
    ("lain", "lie"),
    ("lit", "light"),
    ("lost", "lose"),
    ("made", "make"),
    ("meant", "mean"),
    ("met", "meet"),
    ("paid", "pay"),
    ("ran", "run"),
    ("rang", "ring"),
    ("rung", "ring"),
    ("rose", "rise"),
    ("risen", "rise"),
    ("rode", "ride"),
    ("ridden", "ride"),
    ("said", "say"),
    ("saw", "see"),
    ("seen", "see"),
    ("sought", "seek"),
    ("sold", "sell"),
    ("sent", "send"),
    ("shook", "shake"),
    ("shaken", "shake"),
    ("shot", "shoot"),
    ("shrank", "shrink"),
    ("sang", "sing"),
    ("sung", "sing"),
    ("sank", "sink"),
    ("sunk", "sink"),
    ("sat", "sit"),
    ("slew", "slay"),
    ("slain", "slay"),
    ("slept", "sleep"),
    ("slid", "slide"),
    ("spoke", "speak"),
    ("spoken", "speak"),
    ("spent", "spend"),
    ("spun", "spin"),
    ("stood", "stand"),
    ("stole", "steal"),
    ("stolen", "steal"),
    ("stuck", "stick"),
    ("stung", "sting"),
    ("struck", "strike"),
    ("stricken", "strike"),
    ("swore", "swear"),
    ("sworn", "swear"),
    ("swept", "sweep"),
    ("swam", "swim"),
    ("swung", "swing"),
    ("took", "take"),
    ("taken", "take"),
    ("taught", "teach"),
    ("tore", "tear"),
    ("torn", "tear"),
    ("told", "tell"),
    ("thought", "think"),
    ("threw", "throw"),
    ("thrown", "throw"),
    ("understood", "understand"),
    ("woke", "wake"),
    ("woken", "wake"),
    ("wore", "wear"),
    ("worn", "wear"),
    ("won", "win"),
    ("withdrew", "withdraw"),
    ("withdrawn", "withdraw"),
    ("wrote", "write"),
    ("written", "write"),
];

/// Derived nouns and adjectives and the verb they come from, where stemming does not join
/// them ("death" is stemmed "death", "died" "die").
const DERIVATIONS: &[(&str, &str)] = &[
    ("death", "die"),
    ("dead", "die"),
    ("robbery", "rob"),
    ("theft", "steal"),
    ("explosion", "explode"),
    ("collision", "collide"),
    ("decision", "decide"),
    ("acquisition", "acquire"),
    ("destruction", "destroy"),
    ("admission", "admit"),
    ("submission", "submit"),
    ("permission", "permit"),
    ("departure", "depart"),
    ("entry", "enter"),
    ("entrance", "enter"),
    ("failure", "fail"),
    ("sale", "sell"),
    ("loss", "lose"),
    ("flight", "fly"),
    ("growth", "grow"),
    ("proof", "prove"),
    ("choice", "choose"),
    ("speech", "speak"),
    ("conclusion", "conclude"),
    ("expansion", "expand"),
    ("extension", "extend"),
    ("intervention", "intervene"),
    ("invasion", "invade"),
    ("provision", "provide"),
    ("suspension", "suspend"),
    ("response", "respond"),
    ("defence", "defend"),
    ("defense", "defend"),
    ("description", "describe"),
    ("production", "produce"),
    ("reduction", "reduce"),
    ("introduction", "introduce"),
    ("consumption", "consume"),
    ("reception", "receive"),
    ("birth", "born"),
    ("trial", "try"),
    ("marriage", "marry"),
    ("injury", "injure"),
    ("seizure", "seize"),
    ("pursuit", "pursue"),
    ("assistance", "assist"),
    ("appearance", "appear"),
    ("performance", "perform"),
    ("disappearance", "disappear"),
    ("resignation", "resign"),
];

/// Words news uses for the same happening, one class per line. Generic English; a class never
/// holds a word of two meanings that news uses often apart ("fire" is neither a blaze nor a
/// dismissal here).
const SYNONYMS: &[&[&str]] = &[
    &["die", "death", "perish", "pass"],
    &["kill", "murder", "slay", "assassinate", "assassination"],
    &["win", "victory", "triumph", "beat", "defeat"],
    &["earthquake", "quake", "temblor", "tremor"],
    &["robbery", "rob", "heist", "holdup", "stickup"],
    &["arrest", "detain", "detention", "apprehend"],
    &["injure", "injury", "wound", "hurt"],
    &["charge", "accuse", "indict", "indictment"],
    &["resign", "resignation", "quit"],
    &["acquire", "acquisition", "buy", "purchase", "takeover"],
    &["flee", "escape"],
    &["find", "discover", "discovery"],
    &["attack", "assault"],
    &["crash", "collision", "collide"],
    &[
        "appoint",
        "appointment",
        "name",
        "nominate",
        "nomination",
        "pick",
        "choose",
        "select",
    ],
    &["blaze", "inferno"],
    &["announce", "announcement", "unveil", "reveal"],
    &["release", "issue", "launch"],
    &["sentence", "jail", "imprison"],
    &["enter", "admit", "check"],
    &["explode", "explosion", "blast", "detonate"],
    &["shoot", "shooting", "gunfire"],
    &["protest", "demonstration", "rally"],
    &["riot", "unrest", "clash"],
];

static IRREGULAR_MAP: LazyLock<HashMap<&'static str, &'static str>> =
    LazyLock::new(|| IRREGULAR.iter().copied().collect());
/// [`DERIVATIONS`] as stems: the noun's lemma to the verb's.
static DERIVATION_MAP: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    let analyzer = Analyzer::new("en");
    DERIVATIONS
        .iter()
        .map(|(noun, verb)| (lemma(&analyzer, noun), lemma(&analyzer, verb)))
        .filter(|(noun, verb)| noun != verb)
        .collect()
});

fn is_word(token: &str) -> bool {
    token.chars().any(char::is_alphanumeric)
}

fn lower(token: &str) -> String {
    token.to_lowercase()
}

fn looks_verbal(token: &str) -> bool {
    let word = lower(token);
    word.ends_with("ed") || word.ends_with("ing") || IRREGULAR_MAP.contains_key(word.as_str())
}

/// The index (into `tokens`) of the head of the mention over `range`, by the rules in the
/// module documentation. `range` is clamped to `tokens`; an empty range gives its start.
pub fn head_index(tokens: &[String], range: Range<usize>, kind: MentionKind) -> usize {
    let end = range.end.min(tokens.len());
    let start = range.start.min(end);
    if start == end {
        return start.min(tokens.len().saturating_sub(1));
    }
    let words = &tokens[start..end];
    let skip = |token: &str, kind: MentionKind| {
        let word = lower(token);
        !is_word(token)
            || PREPOSITIONS.contains(&word.as_str())
            || match kind {
                MentionKind::Entity => DETERMINERS.contains(&word.as_str()),
                MentionKind::Event => {
                    AUXILIARIES.contains(&word.as_str()) || (word.ends_with("ly") && word.len() > 4)
                }
            }
    };
    let first = words
        .iter()
        .position(|t| !skip(t, kind))
        .unwrap_or(words.len() - 1);
    // The phrase runs from the first kept word to the next preposition or punctuation.
    let mut last = first;
    while last + 1 < words.len() {
        let next = &words[last + 1];
        let word = lower(next);
        if !is_word(next) || PREPOSITIONS.contains(&word.as_str()) {
            break;
        }
        last += 1;
    }
    // A possessive "'s" or a trailing word-less token is never the head.
    while last > first && (words[last] == "'s" || !is_word(&words[last])) {
        last -= 1;
    }
    let local = match kind {
        MentionKind::Entity => last,
        MentionKind::Event if first == last || looks_verbal(&words[first]) => first,
        MentionKind::Event => last,
    };
    start + local
}

/// The lower-cased word without a possessive ending ("Lohan's" → "lohan").
pub(crate) fn plain_word(token: &str) -> String {
    let word = lower(token);
    for ending in ["'s", "’s", "'", "’"] {
        if let Some(stripped) = word.strip_suffix(ending)
            && !stripped.is_empty()
        {
            return stripped.to_string();
        }
    }
    word
}

/// The lemma the same-head-lemma baseline compares: the Snowball stem of the lower-cased word
/// without a possessive ending, an irregular verb form first mapped to its base.
pub fn lemma(analyzer: &Analyzer, token: &str) -> String {
    let word = plain_word(token);
    let base = IRREGULAR_MAP.get(word.as_str()).copied().unwrap_or(&word);
    analyzer.stem(base)
}

/// Personal, possessive, reflexive, relative and demonstrative pronouns: an entity mention
/// with one of these as its head is resolved within its document.
const PRONOUNS: &[&str] = &[
    "he",
    "him",
    "his",
    "himself",
    "she",
    "her",
    "hers",
    "herself",
    "it",
    "its",
    "itself",
    "they",
    "them",
    "their",
    "theirs",
    "themselves",
    "we",
    "us",
    "our",
    "ours",
    "ourselves",
    "i",
    "me",
    "my",
    "mine",
    "myself",
    "you",
    "your",
    "yours",
    "yourself",
    "who",
    "whom",
    "whose",
    "which",
    "that",
    "this",
    "these",
    "those",
];

/// Months ("may" aside): with the days of the week, the word a time expression is about.
const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Other words that make a mention a time expression, which a pronoun never points to.
const TIME_WORDS: &[&str] = &[
    "yesterday",
    "today",
    "tonight",
    "tomorrow",
    "morning",
    "afternoon",
    "evening",
    "night",
    "week",
    "weekend",
    "month",
    "year",
    "day",
    "hour",
    "minute",
    "a.m.",
    "p.m.",
];

/// Pronouns that refer to a person.
const PERSONAL_PRONOUNS: &[&str] = &[
    "he", "him", "his", "himself", "she", "her", "hers", "herself",
];

/// Pronouns that open a relative clause.
const RELATIVE_PRONOUNS: &[&str] = &["who", "whom", "whose", "which", "that"];

/// First- and second-person pronouns: in news they are quoted speech, whose speaker the
/// mentions around rarely are.
const SPEAKER_PRONOUNS: &[&str] = &[
    "i",
    "me",
    "my",
    "mine",
    "myself",
    "we",
    "us",
    "our",
    "ours",
    "ourselves",
    "you",
    "your",
    "yours",
    "yourself",
];

pub(crate) fn is_speaker_pronoun(token: &str) -> bool {
    SPEAKER_PRONOUNS.contains(&lower(token).as_str())
}

pub(crate) fn is_personal_pronoun(token: &str) -> bool {
    PERSONAL_PRONOUNS.contains(&lower(token).as_str())
}

pub(crate) fn is_relative_pronoun(token: &str) -> bool {
    RELATIVE_PRONOUNS.contains(&lower(token).as_str())
}

pub(crate) fn is_pronoun(token: &str) -> bool {
    PRONOUNS.contains(&lower(token).as_str())
}

pub(crate) fn is_calendar_word(token: &str) -> bool {
    let word = lower(token);
    text::ENGLISH_WEEKDAYS.contains(&word.as_str()) || MONTHS.contains(&word.as_str())
}

pub(crate) fn is_time_word(token: &str) -> bool {
    is_calendar_word(token) || TIME_WORDS.contains(&lower(token).as_str())
}

pub(crate) fn is_preposition(token: &str) -> bool {
    PREPOSITIONS.contains(&lower(token).as_str())
}

pub(crate) fn is_determiner(token: &str) -> bool {
    DETERMINERS.contains(&lower(token).as_str())
}

/// [`lemma`], then a derived noun mapped to its verb ("death" → "die").
pub fn related_lemma(analyzer: &Analyzer, token: &str) -> String {
    let stem = lemma(analyzer, token);
    match DERIVATION_MAP.get(stem.as_str()) {
        Some(verb) => verb.clone(),
        None => stem,
    }
}

/// Verbs and nouns of reporting: news reports many statements with one of them, so two mentions
/// of "said" are often two statements.
const REPORTING: &[&str] = &[
    "say",
    "tell",
    "report",
    "state",
    "statement",
    "add",
    "according",
    "confirm",
    "claim",
    "note",
    "explain",
    "announce",
    "announcement",
    "comment",
    "describe",
    "insist",
    "deny",
    "warn",
    "write",
    "speak",
];

static REPORTING_SET: LazyLock<std::collections::HashSet<String>> = LazyLock::new(|| {
    let analyzer = Analyzer::new("en");
    REPORTING
        .iter()
        .map(|word| related_lemma(&analyzer, word))
        .collect()
});

/// Whether a related lemma (as [`related_lemma`] gives it) is a word of reporting.
pub(crate) fn is_reporting(related_lemma: &str) -> bool {
    REPORTING_SET.contains(related_lemma)
}

/// The class of related lemmas in [`SYNONYMS`], by related lemma.
static SYNONYM_MAP: LazyLock<HashMap<String, usize>> = LazyLock::new(|| {
    let analyzer = Analyzer::new("en");
    let mut map = HashMap::new();
    for (class, words) in SYNONYMS.iter().enumerate() {
        for word in *words {
            map.entry(related_lemma(&analyzer, word)).or_insert(class);
        }
    }
    map
});

/// The synonym class of a related lemma (as [`related_lemma`] gives it), if it has one.
pub(crate) fn synonym_class(related_lemma: &str) -> Option<usize> {
    SYNONYM_MAP.get(related_lemma).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(text: &str, kind: MentionKind) -> String {
        let tokens: Vec<String> = text.split(' ').map(str::to_string).collect();
        let index = head_index(&tokens, 0..tokens.len(), kind);
        tokens[index].clone()
    }

    #[test]
    fn entity_heads_end_before_a_preposition() {
        let entity = MentionKind::Entity;
        assert_eq!(head("Tara Reid", entity), "Reid");
        assert_eq!(
            head("the Promises Treatment Center in Malibu", entity),
            "Center"
        );
        assert_eq!(head("at Betty Ford", entity), "Ford");
        assert_eq!(head("group of people", entity), "group");
        assert_eq!(head("the early hours of Sunday morning", entity), "hours");
        assert_eq!(head("Tara Reid , 33", entity), "Reid");
        assert_eq!(head("Reid 's", entity), "Reid");
        assert_eq!(head("in 1995", entity), "1995");
    }

    #[test]
    fn event_heads_prefer_a_leading_verb() {
        let event = MentionKind::Event;
        assert_eq!(head("has entered", event), "entered");
        assert_eq!(head("opened fire", event), "opened");
        assert_eq!(head("checked into", event), "checked");
        assert_eq!(head("heart attack", event), "attack");
        assert_eq!(head("fatally struck", event), "struck");
        assert_eq!(head("assault in the first degree", event), "assault");
        assert_eq!(head("was not arrested", event), "arrested");
    }

    #[test]
    fn heads_stay_inside_the_range() {
        let tokens: Vec<String> = ["He", "was", "arrested", "."].map(String::from).to_vec();
        assert_eq!(head_index(&tokens, 1..3, MentionKind::Event), 2);
        assert_eq!(head_index(&tokens, 3..4, MentionKind::Entity), 3);
        assert_eq!(head_index(&tokens, 2..9, MentionKind::Event), 2);
        assert_eq!(head_index(&tokens, 4..4, MentionKind::Event), 3);
        assert_eq!(head_index(&[], 0..0, MentionKind::Event), 0);
    }

    #[test]
    fn lemmas_join_inflections_and_irregular_forms() {
        let analyzer = Analyzer::new("en");
        assert_eq!(lemma(&analyzer, "arrested"), lemma(&analyzer, "arrest"));
        assert_eq!(lemma(&analyzer, "Shot"), lemma(&analyzer, "shooting"));
        assert_eq!(lemma(&analyzer, "Lohan's"), lemma(&analyzer, "Lohan"));
        assert_ne!(lemma(&analyzer, "death"), lemma(&analyzer, "died"));
        assert_eq!(
            related_lemma(&analyzer, "death"),
            related_lemma(&analyzer, "died")
        );
        assert_eq!(
            related_lemma(&analyzer, "robbery"),
            related_lemma(&analyzer, "robbed")
        );
        let class = |word: &str| synonym_class(&related_lemma(&analyzer, word));
        assert!(class("quake").is_some());
        assert_eq!(class("quake"), class("earthquakes"));
        assert_eq!(class("murdered"), class("killing"));
        assert_ne!(class("killed"), class("died"));
        assert_eq!(class("table"), None);
        assert!(is_reporting(&related_lemma(&analyzer, "said")));
        assert!(!is_reporting(&related_lemma(&analyzer, "arrested")));
    }
}
