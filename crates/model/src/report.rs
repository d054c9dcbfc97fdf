//! The JSON report: Corroborate's public output contract.
//!
//! The shape is versioned by [`REPORT_VERSION`], documented in `docs/report-format.md` and
//! described by `docs/report.schema.json`, which a test checks real output against. Add fields
//! freely; removing or renaming one is a new major version.

use crate::{ArticleId, Diagnostic, Span, StoryId};
use serde::{Deserialize, Serialize};

/// The version of the report format. Bump the major part on any breaking change.
pub const REPORT_VERSION: &str = "1.3";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub report_version: String,
    pub stories: Vec<StoryReport>,
    /// Problems met with the input: skipped files, bad lines, pages with no article.
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoryReport {
    pub id: StoryId,
    pub title: String,
    pub first_published_at: Option<jiff::Timestamp>,
    pub articles: Vec<ArticleRef>,
    pub facts: Vec<Fact>,
    pub timeline: Vec<TimelineEntry>,
    /// A short account of the story, every sentence taken from an article and cited.
    #[serde(default)]
    pub brief: Vec<BriefSentence>,
    /// Who reported first, who copied or rewrote whom, and the reports articles credit.
    #[serde(default)]
    pub provenance: Provenance,
    /// Editors' decisions about the story, oldest first (since 1.3; left out when none).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub reviews: Vec<crate::review::Decision>,
}

/// One sentence of a story's brief: the words of one article, with every article that states
/// the same thing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BriefSentence {
    /// The sentence as the first of `sources` writes it.
    pub text: String,
    /// Articles that carry it (copies, near-verbatim reuse) or state its figures.
    pub sources: Vec<SourceRef>,
}

/// An article of a story, named.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleLink {
    pub article: ArticleId,
    pub outlet: String,
    pub published_at: Option<jiff::Timestamp>,
}

/// Where a story's reporting comes from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    /// The earliest article of the story.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub first_report: Option<ArticleLink>,
    /// Articles that repeat sentences of an earlier article of the story.
    #[serde(default)]
    pub reuse: Vec<Reuse>,
    /// Reports the articles credit ("according to a report by ...").
    #[serde(default)]
    pub credited: Vec<Credit>,
    /// The provenance in words, one line each.
    #[serde(default)]
    pub summary: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReuseKind {
    /// The whole article repeats the original (wire copy, republication).
    Copy,
    /// The article repeats some of the original's sentences word for word or nearly.
    Partial,
}

/// One article's reuse of an earlier article's sentences.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reuse {
    pub article: ArticleLink,
    pub original: ArticleLink,
    pub kind: ReuseKind,
    /// Sentences of `article` found (nearly) word for word in `original`.
    pub shared_sentences: usize,
    /// All sentences of `article`.
    pub sentences: usize,
    /// Whether `article` names `original`'s outlet as its source.
    pub credited: bool,
    /// Up to three of the shared sentences, in `article`.
    pub examples: Vec<SourceRef>,
}

/// A report or outlet that articles of the story name as their source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Credit {
    /// The name as the first crediting article writes it: "The Westbrook Sentinel".
    pub name: String,
    /// The story's article by that outlet that the credit points at, when there is one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub article: Option<ArticleId>,
    /// The sentence of each crediting article that names it.
    pub credited_by: Vec<SourceRef>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleRef {
    pub id: ArticleId,
    pub url: Option<String>,
    pub outlet: String,
    pub title: Option<String>,
    pub published_at: Option<jiff::Timestamp>,
    pub language: Option<String>,
    /// Set when this article repeats another one of the story (wire copy, republication).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub duplicate_of: Option<ArticleId>,
    /// Opinion or news, paywall, machine-made content and corrections (since 1.2); left out
    /// when the article is plain news with none of them.
    #[serde(skip_serializing_if = "crate::signals::Signals::is_empty", default)]
    pub signals: crate::signals::Signals,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FactKind {
    Quantity,
    Quote,
    Date,
    Statement,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FactStatus {
    /// Every source's value is compatible with every other's.
    Agreed,
    /// The value moved with time: later reports carry a different, compatible-in-sequence value.
    Updated,
    /// Incompatible values for the same time.
    Disputed,
    /// Only one independent source states it.
    SingleSource,
}

/// One aligned fact of a story with the values each source gives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fact {
    pub id: String,
    pub kind: FactKind,
    /// A sentence a person can read: "Deaths: at least 12 (2 Mar) rising to 31 (6 Mar)".
    pub summary: String,
    pub status: FactStatus,
    /// Why the status was given, in words.
    pub reason: String,
    /// For quantities: the normalised thing counted (`dead`, `missing`, ...).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub measure: Option<String>,
    /// For quotes: who said it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub speaker: Option<String>,
    pub values: Vec<FactValue>,
    /// The article that stated the fact first.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub first_reported_by: Option<ArticleId>,
    /// Set when every article stating the fact copies or credits one original report: that
    /// report's article. Agreement between them is then one source's word.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub rests_on: Option<ArticleId>,
    /// Articles stating the fact, a copy counting with its original.
    #[serde(default)]
    pub independent_sources: usize,
    /// For figures: the range and the figure to headline, in the manner of conflict-event
    /// datasets (the most conservative figure the most sources support).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub estimate: Option<Estimate>,
    /// An editor's standing confirmation of the fact (since 1.3).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub review: Option<crate::review::Decision>,
}

/// Low, best and high figures of a fact on its latest day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    pub low: f64,
    pub best: f64,
    /// `None` when a source gives only a lower bound ("at least 40").
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub high: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub as_of: Option<jiff::civil::Date>,
}

/// One value of a fact, as one or more sources state it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactValue {
    /// The value as text: "at least 40", a quote's wording, a date.
    pub value: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub low: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub high: Option<f64>,
    /// The day the value holds for.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub as_of: Option<jiff::civil::Date>,
    pub sources: Vec<SourceRef>,
}

/// A pointer to the exact sentence of an article a value came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceRef {
    pub article: ArticleId,
    pub outlet: String,
    pub published_at: Option<jiff::Timestamp>,
    /// The sentence quoted from the article text.
    pub sentence: String,
    /// Where `sentence` lies in the article text (byte offsets).
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub date: jiff::civil::Date,
    pub summary: String,
    pub sources: Vec<SourceRef>,
}
