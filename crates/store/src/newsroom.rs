//! What the newsroom (`corroborate serve`) keeps beside the articles: each story's built report
//! with the facets and text the story list filters and searches, and editors' decisions.
//!
//! Invariants:
//! - A built report records what it was built from (the story's member count, its decision
//!   count and the claims stage's version); a report whose inputs changed is stale and is
//!   built again, so the list never shows a story as it was before an editor's decision.
//! - Decisions are only ever added (an audit log). A merge or split changes the story's
//!   members and records its decision in the same transaction.
//! - A merged story's clusterer number keeps pointing at the story it was merged into, so
//!   articles the clusterer later places in it land there too; articles split out of a story
//!   are never moved back by clustering.

use model::report::StoryReport;
use model::review::{Decision, ReviewAction};
use model::{ArticleId, Span, StoryId};
use serde::Serialize;

/// Which stories the list shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoryQuery {
    /// Words that must all occur in the story's headlines, brief or facts (full-text search).
    pub text: Option<String>,
    /// An ISO 639-1 code one of the story's articles is written in.
    pub language: Option<String>,
    /// An outlet one of the story's articles comes from (as the report names it).
    pub outlet: Option<String>,
    /// The normalised name of an entity the story's articles mention.
    pub entity: Option<String>,
    /// Stories with an article published at or after this time.
    pub since: Option<jiff::Timestamp>,
    /// Stories that began at or before this time.
    pub until: Option<jiff::Timestamp>,
    /// Only stories with facts waiting for review.
    pub pending_only: bool,
    pub offset: usize,
    pub limit: usize,
}

/// One line of the story list.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct StoryRow {
    #[schema(value_type = String)]
    pub id: StoryId,
    pub title: String,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub first_published_at: Option<jiff::Timestamp>,
    /// The latest publication time among its articles.
    #[schema(value_type = Option<String>, format = DateTime)]
    pub last_published_at: Option<jiff::Timestamp>,
    pub article_count: usize,
    pub outlet_count: usize,
    pub languages: Vec<String>,
    /// Facts in dispute.
    pub disputed: usize,
    /// Facts waiting for an editor.
    pub pending: usize,
    /// Whether the report shown is up to date (a new story's report may still be building).
    pub built: bool,
}

/// One page of the story list.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct StoryPage {
    /// How many stories match the query in all.
    pub total: usize,
    pub stories: Vec<StoryRow>,
}

/// A story's report as built, with what it was built from.
#[derive(Debug, Clone, PartialEq)]
pub struct BuiltReport {
    pub report: StoryReport,
    /// The story's member count when it was built.
    pub members: usize,
    /// The story's decision count when it was built.
    pub decisions: usize,
    /// The claims stage that wrote the claims it read.
    pub claims_version: String,
    pub built_at: i64,
    pub disputed: usize,
    pub pending: usize,
    /// Languages, outlets and entity names, for filtering.
    pub languages: Vec<String>,
    pub outlets: Vec<String>,
    pub entities: Vec<String>,
    /// The words search finds the story by (beside its headlines).
    pub search_text: String,
}

/// A decision to record; the store adds its number and time.
#[derive(Debug, Clone, PartialEq)]
pub struct NewDecision {
    pub story: StoryId,
    pub fact: Option<String>,
    pub action: ReviewAction,
    pub value: Option<String>,
    pub article: Option<ArticleId>,
    pub span: Option<Span>,
    pub note: Option<String>,
    pub user_id: i64,
    pub at: jiff::Timestamp,
}

/// Totals for the health and metrics endpoints.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct NewsroomCounts {
    pub articles: usize,
    pub stories: usize,
    pub reports: usize,
    pub stale_reports: usize,
    pub disputed_facts: usize,
    pub pending_facts: usize,
    pub decisions: usize,
    pub sources: usize,
}

/// The newsroom's operations.
pub trait NewsroomStore: crate::Store {
    /// A page of stories, the most recently active first.
    fn story_page(&self, query: &StoryQuery) -> crate::Result<StoryPage>;
    /// The built report of a story, if it has one and it is current.
    fn current_report(
        &self,
        story: &StoryId,
        claims_version: &str,
    ) -> crate::Result<Option<StoryReport>>;
    /// Stores a story's built report, its facets and its search text in one transaction.
    fn save_report(&mut self, built: &BuiltReport) -> crate::Result<()>;
    /// Up to `limit` stories whose report is missing or stale, most recently active first.
    fn stale_reports(&self, claims_version: &str, limit: usize) -> crate::Result<Vec<StoryId>>;
    /// The stories of `pending_only` stories' reports, for the review queue: every built
    /// report with facts waiting, most recently active first.
    fn pending_reports(&self, limit: usize) -> crate::Result<Vec<StoryReport>>;
    fn add_decision(&mut self, decision: &NewDecision) -> crate::Result<Decision>;
    /// A story's decisions, oldest first.
    fn decisions(&self, story: &StoryId) -> crate::Result<Vec<Decision>>;
    /// The latest decisions of every story, newest first.
    fn recent_decisions(&self, limit: usize) -> crate::Result<Vec<Decision>>;
    /// Folds story `from` into story `into` (its articles move, its number follows) and
    /// records the decision on `into`.
    fn merge_stories(
        &mut self,
        from: &StoryId,
        into: &StoryId,
        user_id: i64,
        note: Option<&str>,
        at: jiff::Timestamp,
    ) -> crate::Result<Decision>;
    /// Moves `articles` of `story` into a new story and records the decision on both.
    fn split_story(
        &mut self,
        story: &StoryId,
        articles: &[ArticleId],
        user_id: i64,
        note: Option<&str>,
        at: jiff::Timestamp,
    ) -> crate::Result<(StoryId, Decision)>;
    fn newsroom_counts(&self, claims_version: &str) -> crate::Result<NewsroomCounts>;
}
