//! Domain types shared by every stage of Corroborate.
//!
//! This crate holds data and the invariants of that data, nothing else: it does no I/O and
//! carries no stage logic. Everything a later stage needs from an earlier one travels in these
//! types, and the JSON report (`report`) is the public, versioned contract described in
//! `docs/report-format.md`.

mod claims;
mod diagnostic;
pub mod report;
pub mod review;
pub mod signals;
mod span;

pub use claims::{
    ArticleClaims, Attribution, AttributionRole, DateMention, Entity, EntityKind, Hedge, Quantity,
    Quote, Timex, TimexType,
};
pub use diagnostic::{Diagnostic, Outcome, Severity};
pub use span::{Evidence, Span};

use serde::{Deserialize, Serialize};
use std::fmt;

/// A stable identifier of an article in the store.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ArticleId(pub String);

/// A stable identifier of a story (a group of articles about one event).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct StoryId(pub String);

impl fmt::Display for ArticleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for StoryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One article as it is stored: metadata plus the clean body text.
///
/// Invariant: `text` holds the body as paragraphs separated by one blank line (`"\n\n"`), and
/// every [`Span`] of this article's claims indexes into `text` on `char` boundaries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub id: ArticleId,
    /// What makes two inputs the same article: the canonical URL when known, else the
    /// caller's id, else a hash of the text. Ingesting the same key twice stores it once.
    pub key: String,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub title: Option<String>,
    pub published_at: Option<jiff::Timestamp>,
    /// ISO 639-1 code when known (`en`, `es`, ...).
    pub language: Option<String>,
    pub text: String,
    /// Where the article came from: a file path, with `:line` for JSON Lines input.
    pub origin: String,
    /// Opinion or news, paywall, machine-made content and corrections, with their evidence.
    #[serde(default)]
    pub signals: signals::Signals,
}

impl Article {
    /// The name shown for the article's outlet: the outlet, else the URL's host, else its id.
    pub fn outlet_label(&self) -> String {
        if let Some(outlet) = &self.outlet {
            return outlet.clone();
        }
        if let Some(url) = &self.url
            && let Some(host) = url
                .split("://")
                .nth(1)
                .and_then(|rest| rest.split('/').next())
            && !host.is_empty()
        {
            return host.to_string();
        }
        self.id.0.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(outlet: Option<&str>, url: Option<&str>) -> Article {
        Article {
            id: ArticleId("a1".into()),
            key: "k".into(),
            url: url.map(String::from),
            outlet: outlet.map(String::from),
            title: None,
            published_at: None,
            language: None,
            text: String::new(),
            origin: "test".into(),
            signals: Default::default(),
        }
    }

    #[test]
    fn outlet_label_prefers_outlet_then_host_then_id() {
        assert_eq!(
            article(Some("Ledger"), Some("https://x.example/a")).outlet_label(),
            "Ledger"
        );
        assert_eq!(
            article(None, Some("https://x.example/a")).outlet_label(),
            "x.example"
        );
        assert_eq!(article(None, Some("not a url")).outlet_label(), "a1");
        assert_eq!(article(None, None).outlet_label(), "a1");
    }
}

/// A story: articles about one event, in publication order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Story {
    pub id: StoryId,
    pub title: String,
    pub first_published_at: Option<jiff::Timestamp>,
    pub members: Vec<StoryMember>,
}

/// One article of a story, and the earlier article of the story it repeats, if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryMember {
    pub article: ArticleId,
    pub duplicate_of: Option<ArticleId>,
}

/// A line of the story list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StorySummary {
    pub id: StoryId,
    pub title: String,
    pub first_published_at: Option<jiff::Timestamp>,
    pub article_count: usize,
    pub outlet_count: usize,
}
