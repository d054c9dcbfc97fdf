//! Names that compare across articles, and the mentions of one article linked to the entity
//! they name: "Okafor" to "Amara Okafor", "Apple Inc." to "Apple", "UN" to "United Nations".

use super::{NAME_PARTICLES, given_name_sex};
use model::{Entity, EntityKind};
use rustc_hash::FxHashMap;

/// Words before a name that are not part of it.
const TITLES: [&str; 52] = [
    "the",
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "prof",
    "professor",
    "sir",
    "dame",
    "lord",
    "lady",
    "president",
    "vice-president",
    "prime",
    "minister",
    "premier",
    "chancellor",
    "gov",
    "governor",
    "sen",
    "senator",
    "rep",
    "representative",
    "gen",
    "general",
    "col",
    "colonel",
    "lt",
    "capt",
    "captain",
    "sgt",
    "sergeant",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "rev",
    "reverend",
    "judge",
    "justice",
    "secretary",
    "mayor",
    "chairman",
    "chairwoman",
    "ceo",
    "chief",
    "officer",
    "commissioner",
    "ambassador",
];

/// Words after a company's name that are not part of it.
const COMPANY_SUFFIXES: [&str; 11] = [
    "inc",
    "ltd",
    "llc",
    "plc",
    "corp",
    "corporation",
    "co",
    "gmbh",
    "ag",
    "sa",
    "limited",
];

/// Words an acronym leaves out ("United Nations Educational, Scientific and ...").
const ACRONYM_SKIPS: [&str; 8] = ["of", "the", "and", "for", "de", "la", "du", "&"];

/// The letter without its diacritics, for the letters of the Latin alphabets.
fn fold(c: char, out: &mut String) {
    let plain = match c {
        'à'..='å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è'..='ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'ğ' => 'g',
        'ì'..='ï' | 'ī' | 'į' | 'ı' => 'i',
        'ł' => 'l',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò'..='ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ř' => 'r',
        'ś' | 'š' | 'ş' | 'ș' => 's',
        'ť' | 'ţ' | 'ț' => 't',
        'ù'..='ü' | 'ū' | 'ů' | 'ű' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        'ß' => return out.push_str("ss"),
        'æ' => return out.push_str("ae"),
        'œ' => return out.push_str("oe"),
        '\u{300}'..='\u{36f}' => return,
        other => other,
    };
    out.push(plain);
}

/// `text` in lower case without diacritics ("Múnich" → "munich").
pub(crate) fn folded(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        fold(c, &mut out);
    }
    out
}

/// The words of a name: lower case, without diacritics, full stops or a possessive ending.
fn words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    for raw in text.split(|c: char| c.is_whitespace()) {
        let mut word = String::with_capacity(raw.len());
        for c in raw.chars().flat_map(char::to_lowercase) {
            match c {
                '.' | ',' | '"' | '“' | '”' | '(' | ')' => {}
                '’' => word.push('\''),
                other => fold(other, &mut word),
            }
        }
        let bare = word
            .strip_suffix("'s")
            .or_else(|| word.strip_suffix('\''))
            .unwrap_or(&word);
        if !bare.is_empty() {
            words.push(bare.to_string());
        }
    }
    words
}

/// The words of a name without leading titles and, for an organisation, a company suffix.
pub(crate) fn name_words(text: &str, kind: EntityKind) -> Vec<String> {
    // A place named as another language names it goes by its own name ("Moscú", "Moskau" →
    // "moscow", "Alemania" → "germany"), so that articles in different languages share it.
    let text = match kind {
        EntityKind::Place => super::countries::own_country(text)
            .or_else(|| {
                super::places::shipped_places()
                    .ok()
                    .and_then(|places| places.own_name(text.trim()))
            })
            .unwrap_or(text),
        _ => text,
    };
    let mut all = words(text);
    let titles = all
        .iter()
        .take_while(|w| TITLES.contains(&w.as_str()))
        .count();
    if titles < all.len() {
        all.drain(..titles);
    }
    if kind == EntityKind::Organization
        && all.len() > 1
        && all
            .last()
            .is_some_and(|w| COMPANY_SUFFIXES.contains(&w.as_str()))
    {
        all.pop();
    }
    all
}

/// The normalised name of one mention.
pub fn normalise_name(text: &str, kind: EntityKind) -> String {
    name_words(text, kind).join(" ")
}

/// The initials of a name of several words ("united nations" → "un"), if it has any.
fn acronym(words: &[String]) -> Option<String> {
    let initials: String = words
        .iter()
        .filter(|w| !ACRONYM_SKIPS.contains(&w.as_str()))
        .filter_map(|w| w.chars().next())
        .collect();
    (initials.chars().count() >= 2 && words.len() >= 2).then_some(initials)
}

/// True when a mention as written looks like an acronym: 2 to 6 capitals, with stops or not.
fn written_as_acronym(text: &str) -> bool {
    let letters = text.chars().filter(|c| *c != '.').count();
    (2..=6).contains(&letters) && text.chars().all(|c| c.is_uppercase() || c == '.')
}

/// The one entity among `candidates` (indices into `clusters`, maybe repeated) that `fits`.
fn the_one(
    clusters: &[Cluster],
    candidates: Option<&Vec<usize>>,
    fits: impl Fn(&Cluster) -> bool,
) -> Option<usize> {
    let mut found = None;
    for &index in candidates.into_iter().flatten() {
        if found == Some(index) || !clusters.get(index).is_some_and(&fits) {
            continue;
        }
        if found.is_some() {
            return None;
        }
        found = Some(index);
    }
    found
}

/// Whether English news writes `word` with a capital less than a fifth of the time inside a
/// sentence ("alleged", "neither", "gear").
fn mostly_lower_case(word: &str) -> bool {
    super::capitalised_share(word).is_some_and(|share| share < 20)
}

/// Whether `head` (the words of a person's full name before a surname of several words) is
/// what a full name holds there: none of its words one news mostly writes in lower case, and
/// the first a given name the person list knows (and no particle: "le dow jones" is French
/// for the index), unless the surname opens with a particle ("osama" before "bin laden"),
/// which marks a person's name by itself.
fn fuller_name_head(head: &[String], opens_with_particle: bool) -> bool {
    head.first().is_some_and(|first| {
        opens_with_particle
            || (given_name_sex(first).is_some() && !NAME_PARTICLES.contains(&first.as_str()))
    }) && head.iter().all(|w| !mostly_lower_case(w))
}

/// One entity of the article.
struct Cluster {
    kind: EntityKind,
    words: Vec<String>,
    /// The words of the mentions tagged with each kind, in `EntityKind::ALL` order.
    votes: [usize; 4],
}

impl Cluster {
    /// The kind most of the entity's words were tagged with; a tie goes to the kind the
    /// entity was first or most fully named with.
    fn kind(&self) -> EntityKind {
        let mut best = self.kind;
        let mut most = self.votes_for(best);
        for kind in EntityKind::ALL {
            if self.votes_for(kind) > most {
                best = kind;
                most = self.votes_for(kind);
            }
        }
        best
    }

    fn votes_for(&self, kind: EntityKind) -> usize {
        EntityKind::ALL
            .iter()
            .position(|k| *k == kind)
            .and_then(|at| self.votes.get(at))
            .copied()
            .unwrap_or(0)
    }
}

/// Links the mentions of one article, in text order: each gets the number of its entity, the
/// normalised name of that entity's fullest mention, and the kind most of its mentions were
/// tagged with (a one-word mention linked to a person by its surname counts as a person).
pub(crate) fn link(mentions: &mut [Entity]) {
    let mut clusters: Vec<Cluster> = Vec::new();
    let mut by_name: FxHashMap<String, usize> = FxHashMap::default();
    // Entities of several words, by their last word (people) and first word (organisations).
    let mut by_surname: FxHashMap<String, usize> = FxHashMap::default();
    let mut by_first_word: FxHashMap<String, usize> = FxHashMap::default();
    let mut by_acronym: FxHashMap<String, usize> = FxHashMap::default();
    // Entities of one word, for a fuller mention that comes later.
    let mut single: FxHashMap<String, usize> = FxHashMap::default();
    // Entities named in several words, by each of their words (what a name of some of the
    // same words is compared with, so that an article of many names is not read over for each).
    let mut by_word: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    for mention in mentions.iter_mut() {
        let mut words = name_words(&mention.text, mention.kind);
        if words.is_empty() {
            words = vec![mention.text.to_lowercase()];
        }
        let name = words.join(" ");
        // "López Obrador", "von der Leyen", "Van Damme" after "Andrés Manuel López Obrador",
        // "Ursula von der Leyen", "Jean-Claude Van Damme": a name of several words that ends
        // the one fuller name of a person ends with it (whatever the tagger took it for).
        let ends_a_person = || {
            if words.len() < 2 {
                return None;
            }
            let particle = NAME_PARTICLES.contains(&words[0].as_str());
            the_one(&clusters, by_word.get(words.last()?), |c| {
                c.kind == EntityKind::Person
                    && c.words.len() > words.len()
                    && c.words.ends_with(&words)
                    && fuller_name_head(&c.words[..c.words.len() - words.len()], particle)
            })
        };
        // "Lula" after "Luiz Inácio Lula da Silva", "López" after "Andrés Manuel López
        // Obrador": a person named by one word of the middle of the one full name that holds
        // it, when no name ends with it.
        let inside_a_person = |word: &str| {
            if mostly_lower_case(word) {
                return None;
            }
            the_one(&clusters, by_word.get(word), |c| {
                c.kind == EntityKind::Person
                    && c.words.len() >= 3
                    && c.words[1..c.words.len() - 1].iter().any(|w| w == word)
                    && (given_name_sex(&c.words[0]).is_some()
                        || c.words.iter().any(|w| NAME_PARTICLES.contains(&w.as_str())))
                    && c.words.iter().all(|w| !mostly_lower_case(w))
            })
        };
        let found = by_name
            .get(&name)
            .copied()
            .or_else(ends_a_person)
            .or_else(|| {
                if words.len() != 1 {
                    return None;
                }
                let word = &words[0];
                let written = mention.text.replace('.', "");
                let acronym = written_as_acronym(&mention.text)
                    .then(|| by_acronym.get(&written.to_lowercase()).copied())
                    .flatten();
                acronym
                    .or_else(|| match mention.kind {
                        EntityKind::Place => None,
                        EntityKind::Person => by_surname.get(word).copied(),
                        _ => by_surname
                            .get(word)
                            .or_else(|| by_first_word.get(word))
                            .copied(),
                    })
                    .or_else(|| {
                        (mention.kind == EntityKind::Organization)
                            .then(|| by_first_word.get(word).copied())
                            .flatten()
                    })
                    .or_else(|| {
                        (mention.kind == EntityKind::Person
                            && !NAME_PARTICLES.contains(&word.as_str()))
                        .then(|| inside_a_person(word))
                        .flatten()
                    })
            });
        // A fuller name may follow a short mention: "Okafor" … "Amara Okafor", "UN" … "United
        // Nations".
        let earlier_short = || {
            if words.len() < 2 {
                return None;
            }
            let last = words.last()?;
            let by_last = (mention.kind == EntityKind::Person)
                .then(|| single.get(last).copied())
                .flatten();
            by_last
                .or_else(|| acronym(&words).and_then(|a| single.get(&a).copied()))
                .or_else(|| {
                    // "De Blasio" … "Bill de Blasio": a surname of several words first.
                    if mention.kind != EntityKind::Person {
                        return None;
                    }
                    the_one(&clusters, by_word.get(last), |c| {
                        c.words.len() >= 2
                            && c.words.len() < words.len()
                            && words.ends_with(&c.words)
                            && fuller_name_head(
                                &words[..words.len() - c.words.len()],
                                NAME_PARTICLES.contains(&c.words[0].as_str()),
                            )
                    })
                })
        };
        let index = match found.or_else(earlier_short) {
            Some(index) => index,
            None => {
                clusters.push(Cluster {
                    kind: mention.kind,
                    words: Vec::new(),
                    votes: [0; 4],
                });
                clusters.len() - 1
            }
        };
        let Some(cluster) = clusters.get_mut(index) else {
            continue;
        };
        if words.len() > cluster.words.len() {
            cluster.words = words.clone();
            if cluster.kind != mention.kind && words.len() > 1 {
                cluster.kind = mention.kind;
            }
            if words.len() > 1 {
                for word in &words {
                    let held = by_word.entry(word.clone()).or_default();
                    if held.last() != Some(&index) {
                        held.push(index);
                    }
                }
            }
        }
        let linked_by_surname = cluster.kind == EntityKind::Person
            && cluster.words.len() > words.len()
            && (cluster.words.ends_with(&words)
                || (words.len() == 1 && cluster.words.contains(&words[0])));
        let vote = if linked_by_surname {
            EntityKind::Person
        } else {
            mention.kind
        };
        if let Some(at) = EntityKind::ALL.iter().position(|k| *k == vote) {
            cluster.votes[at] += words.len();
        }
        mention.entity = index;
        by_name.entry(name).or_insert(index);
        if words.len() == 1 {
            single.entry(words[0].clone()).or_insert(index);
        } else {
            if let Some(last) = words.last()
                && cluster.kind == EntityKind::Person
            {
                by_surname.insert(last.clone(), index);
            }
            if let Some(first) = words.first()
                && cluster.kind == EntityKind::Organization
            {
                by_first_word.entry(first.clone()).or_insert(index);
            }
            if let Some(initials) = acronym(&words) {
                by_acronym.entry(initials).or_insert(index);
            }
        }
    }
    for mention in mentions.iter_mut() {
        if let Some(cluster) = clusters.get(mention.entity) {
            mention.name = cluster.words.join(" ");
            mention.kind = cluster.kind();
        }
    }
}
