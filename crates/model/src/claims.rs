use crate::Span;
use serde::{Deserialize, Serialize};

/// How a figure is qualified: "at least 40", "about 80", "between 40 and 50".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Hedge {
    /// A plain figure: "57 dead".
    Exact,
    /// "at least 40": 40 or more.
    AtLeast,
    /// "more than 40", "over 40": above 40.
    MoreThan,
    /// "at most 40", "up to 40": 40 or fewer.
    AtMost,
    /// "fewer than 40", "under 40": below 40.
    LessThan,
    /// "about 80", "nearly 80", "some 80": a band around the figure.
    About,
    /// "between 40 and 50", "40 to 50".
    Range,
    /// "dozens", "hundreds", "thousands": an order of magnitude, not a figure.
    Vague,
}

/// A figure stated in an article, with its hedge and the thing it counts.
///
/// Invariant: `low <= high` whenever both are set; the interval `[low, high]` is what the
/// sentence commits to (an open end is `None`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    /// The figure with its hedge as written: "at least 12".
    pub span: Span,
    /// The sentence holding it.
    pub sentence: Span,
    pub text: String,
    pub value: f64,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub hedge: Hedge,
    /// The normalised thing counted: `dead`, `missing`, `evacuated`, `injured`, `homes`, or the
    /// head noun when no known measure fits.
    pub measure: String,
    /// The counted words as written: "people have died", "muertos".
    pub counted: String,
    /// The unit or currency when the figure has one, as a lower-case name ("kilometre",
    /// "euro", "dollar per share", "year of age").
    pub unit: Option<String>,
    /// The day the figure holds for ("as of Friday"), resolved; else the publication day.
    pub as_of: Option<jiff::civil::Date>,
    /// True when the sentence itself names the day the figure holds for.
    pub as_of_stated: bool,
}

/// A quotation with its speaker when the article names one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// The quoted words, without the quotation marks (or the reported clause when indirect).
    pub span: Span,
    /// The sentence (or sentences) holding the quote and its cue.
    pub sentence: Span,
    pub content: String,
    /// The speaker as resolved within the article ("Helena Varga" for "the governor").
    pub speaker: Option<String>,
    /// The speaker as written where the quote is attributed.
    pub speaker_span: Option<Span>,
    /// The reporting verb or phrase: "said", "told reporters", "dijo".
    pub cue: Option<String>,
    /// Where the cue is written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cue_span: Option<Span>,
    /// Direct quotation (in quotation marks) rather than reported speech.
    pub direct: bool,
}

/// The part a stretch of text plays in an attribution, as PolNeAR annotates them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AttributionRole {
    /// Who the content is attributed to: "The New York Post", "a senior official", "she".
    Source,
    /// The words that attribute: "said", "according to", "has learned".
    Cue,
    /// What is attributed, quoted or paraphrased.
    Content,
}

/// A statement an article attributes to someone: its cue, its source when the article names
/// one, and its content (in pieces when the cue interrupts it: "The plan, she said, failed").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attribution {
    pub cue: Span,
    pub cue_text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Span>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_text: Option<String>,
    /// Who the source is, resolved within the article: a full name for a surname, a role or a
    /// pronoun ("the governor", "she" → "Helena Varga"), an organisation's name; `None` when
    /// the article does not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    /// The source names no one: "a senior official", "people familiar with the talks".
    #[serde(default)]
    pub anonymous: bool,
    /// The named entity the source is (its `entity` number among the article's
    /// [`ArticleClaims::entities`]), when the source names one, directly or through the
    /// resolved speaker ("she" → "Amara Okafor").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<usize>,
    /// The pieces of the content in text order.
    pub content: Vec<Span>,
    /// The content's pieces joined by a space.
    pub content_text: String,
    /// The content is a quotation in quotation marks rather than a paraphrase.
    pub direct: bool,
}

/// A date stated in an article, resolved against the publication time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DateMention {
    pub span: Span,
    pub sentence: Span,
    pub text: String,
    pub date: jiff::civil::Date,
    /// True when the date lies after the publication day (announced, not reported).
    pub future: bool,
}

/// The TimeML type of a temporal expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimexType {
    /// A calendar point of any grain: "1998", "the third quarter", "Friday", "now".
    Date,
    /// A point finer than a day: "3 p.m.", "Friday morning".
    Time,
    /// A length of time: "two weeks", "the past 24 hours".
    Duration,
    /// A recurrence: "daily", "every Monday".
    Set,
}

/// A temporal expression with its TIMEX3 value, normalised against the publication time.
///
/// `value` follows TimeML: `1998-08-07`, `1989-Q3`, `1998-W06`, `199` (the 1990s),
/// `PRESENT_REF`, `P2M`, `PT24H`, `PXY` (years, amount unknown), `XXXX-WXX-5` (a Friday with no
/// date to anchor it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timex {
    pub span: Span,
    /// The sentence holding it.
    pub sentence: Span,
    pub text: String,
    #[serde(rename = "type")]
    pub kind: TimexType,
    pub value: String,
    /// TimeML's `mod`: `START`, `END`, `MID`, `APPROX`, `MORE_THAN`, `LESS_THAN`,
    /// `EQUAL_OR_MORE`, `EQUAL_OR_LESS`.
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "mod")]
    pub modifier: Option<String>,
}

/// What a named entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    /// A person: "Amara Okafor", "Okafor".
    Person,
    /// A company, agency, party, team or other body: "United Nations", "Apple".
    Organization,
    /// A country, city, region or landmark: "Nigeria", "Lagos".
    Place,
    /// Any other name: nationalities, events, products, works ("Nigerian", "World Cup").
    Other,
}

impl EntityKind {
    /// The four kinds, in the order the tagger numbers them.
    pub const ALL: [EntityKind; 4] = [
        EntityKind::Person,
        EntityKind::Organization,
        EntityKind::Place,
        EntityKind::Other,
    ];

    /// The lower-case name the JSON uses: `person`, `organization`, `place`, `other`.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Organization => "organization",
            EntityKind::Place => "place",
            EntityKind::Other => "other",
        }
    }
}

/// One mention of a named entity in an article.
///
/// Mentions of the same entity within the article ("Amara Okafor" … "Okafor", "United
/// Nations" … "UN") share `entity` and `name`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    /// The name as written.
    pub span: Span,
    /// The sentence holding it.
    pub sentence: Span,
    pub text: String,
    pub kind: EntityKind,
    /// The entity's name normalised to compare across articles: lower case, without
    /// diacritics, titles ("Mr.", "President"), a possessive "'s" or a company suffix, taken
    /// from the fullest mention of the entity in the article ("amara okafor" for "Okafor").
    pub name: String,
    /// The entity this mention refers to, numbered from 0 per article in order of first
    /// mention.
    pub entity: usize,
}

/// Everything the claims stage found in one article.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ArticleClaims {
    pub quantities: Vec<Quantity>,
    pub quotes: Vec<Quote>,
    /// Every attribution of speech, writing or thought, direct or reported.
    #[serde(default)]
    pub attributions: Vec<Attribution>,
    pub dates: Vec<DateMention>,
    /// Every temporal expression, with its TIMEX3 value.
    #[serde(default)]
    pub times: Vec<Timex>,
    /// Every mention of a named person, organisation, place or other name.
    #[serde(default)]
    pub entities: Vec<Entity>,
}
