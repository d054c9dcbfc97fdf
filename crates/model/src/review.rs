//! What editors decide about a story: confirmed values, rejected extractions, notes, merges
//! and splits. Decisions are kept for good (an audit log), shown in the story's report, and
//! respected when the report is built again.

use crate::{ArticleId, Span, StoryId};
use serde::{Deserialize, Serialize};

/// What an editor did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewAction {
    /// The fact's value is settled as `value`.
    Confirm,
    /// One extraction (an article's sentence) is wrong; later reports leave it out.
    Reject,
    /// A remark on the story or one fact.
    Note,
    /// The story `value` was folded into this one.
    Merge,
    /// The articles listed in `value` left this story for a new one (or arrived from one).
    Split,
    /// An earlier confirmation no longer holds; the fact waits for review again.
    Reopen,
}

impl ReviewAction {
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewAction::Confirm => "confirm",
            ReviewAction::Reject => "reject",
            ReviewAction::Note => "note",
            ReviewAction::Merge => "merge",
            ReviewAction::Split => "split",
            ReviewAction::Reopen => "reopen",
        }
    }

    pub fn parse(s: &str) -> Option<ReviewAction> {
        Some(match s {
            "confirm" => ReviewAction::Confirm,
            "reject" => ReviewAction::Reject,
            "note" => ReviewAction::Note,
            "merge" => ReviewAction::Merge,
            "split" => ReviewAction::Split,
            "reopen" => ReviewAction::Reopen,
            _ => return None,
        })
    }
}

/// One stored decision, with who made it and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    pub id: i64,
    pub story: StoryId,
    /// The fact it is about (`Fact::id`); `None` for the story as a whole.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub fact: Option<String>,
    pub action: ReviewAction,
    /// The confirmed value, or the other story of a merge or split.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub value: Option<String>,
    /// The article of a rejected extraction.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub article: Option<ArticleId>,
    /// The sentence of a rejected extraction in that article's text.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub span: Option<Span>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub note: Option<String>,
    /// The editor's name.
    pub by: String,
    pub at: jiff::Timestamp,
}
