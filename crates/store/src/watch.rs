//! What monitoring keeps: the sources watched and the frontier of article pages.
//!
//! Invariants (what makes `corroborate watch` safe to kill at any moment):
//! - a source is polled and its new pages are queued in one transaction ([`WatchStore::record_poll`]):
//!   after a crash either the poll counted and its pages are queued, or neither (the source is
//!   polled again, and a page already queued is not queued twice: a page's URL is unique);
//! - a fetched page's article and the page's new state commit together
//!   ([`WatchStore::record_page`]): a page is `stored` exactly when its article is;
//! - every time is Unix seconds, so the schedule survives restarts as it was.

use model::{Article, ArticleClaims, ArticleId};
use serde::Serialize;

pub type SourceId = i64;

/// What a source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// RSS, Atom or JSON Feed.
    Feed,
    /// A sitemap, a sitemap index or a Google News sitemap.
    Sitemap,
}

impl SourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Feed => "feed",
            SourceKind::Sitemap => "sitemap",
        }
    }

    pub fn parse(s: &str) -> Option<SourceKind> {
        match s {
            "feed" => Some(SourceKind::Feed),
            "sitemap" => Some(SourceKind::Sitemap),
            _ => None,
        }
    }
}

/// Whether a source is polled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceState {
    Active,
    /// Stopped after failing for days, or by hand; `sources enable` starts it again.
    Disabled,
}

impl SourceState {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceState::Active => "active",
            SourceState::Disabled => "disabled",
        }
    }
}

/// A source to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSource {
    pub url: String,
    pub kind: SourceKind,
    pub title: Option<String>,
    pub site_url: Option<String>,
    pub category: Option<String>,
    /// The first polling interval, in seconds.
    pub interval_secs: i64,
}

/// A stored source with its schedule and health.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceRecord {
    pub id: SourceId,
    pub url: String,
    pub kind: SourceKind,
    pub title: Option<String>,
    pub site_url: Option<String>,
    pub category: Option<String>,
    pub added_at: i64,
    pub state: SourceState,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub interval_secs: i64,
    pub next_poll_at: i64,
    /// Failed polls in a row.
    pub failures: i64,
    pub polls: i64,
    pub last_polled_at: Option<i64>,
    pub last_success_at: Option<i64>,
    pub last_error: Option<String>,
    pub last_error_at: Option<i64>,
    /// Article pages this source listed first, in all.
    pub items_found: i64,
    /// Publication times of its latest items (Unix seconds, newest last), for its rhythm.
    pub item_times: Vec<i64>,
}

/// One article page the source listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedPage {
    /// Canonical URL.
    pub url: String,
    pub title: Option<String>,
    pub published: Option<i64>,
    /// When the listing says the page last changed (a changed page is fetched again).
    pub updated: Option<i64>,
}

/// What one poll of a source found, and the source's schedule after it.
#[derive(Debug, Clone, PartialEq)]
pub struct PollRecord {
    pub source: SourceId,
    pub polled_at: i64,
    /// `None` when the poll succeeded.
    pub error: Option<String>,
    pub failures: i64,
    pub state: SourceState,
    pub interval_secs: i64,
    pub next_poll_at: i64,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// A title learned from the feed.
    pub title: Option<String>,
    pub item_times: Vec<i64>,
    pub pages: Vec<ListedPage>,
}

/// A page waiting to be fetched (or fetched again).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRecord {
    pub url: String,
    pub source: Option<SourceId>,
    pub attempts: i64,
    pub article: Option<ArticleId>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub content_hash: Option<String>,
}

/// What fetching a page gave.
#[derive(Debug, Clone)]
pub enum PageResult {
    /// The page's article, new or changed.
    Article {
        article: Box<Article>,
        claims: Box<ArticleClaims>,
        content_hash: String,
        etag: Option<String>,
        last_modified: Option<String>,
    },
    /// The page is as stored (304, or the same text).
    Unchanged {
        etag: Option<String>,
        last_modified: Option<String>,
    },
    /// It failed; `retry_at` when it is worth another try, else it is given up.
    Failed {
        error: String,
        retry_at: Option<i64>,
    },
}

/// What recording a fetched page did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageOutcome {
    /// A new article was stored.
    Inserted(ArticleId),
    /// The page is an article stored before (under another URL, or the same text).
    Known(ArticleId),
    /// The stored article changed; its earlier text is kept as this revision number.
    Revised(ArticleId, i64),
    Unchanged,
    Failed,
    /// The article could not be stored (see the message).
    Rejected(String),
}

/// An earlier version of an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Revision {
    /// 1 for the first text stored, and so on.
    pub revision: i64,
    /// When a newer text replaced it (Unix seconds).
    pub replaced_at: i64,
    pub title: Option<String>,
    pub text: String,
}

/// Counts for the progress line and `sources list`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct WatchCounts {
    pub sources: usize,
    pub active: usize,
    pub failing: usize,
    pub disabled: usize,
    pub pages_pending: usize,
    pub pages_stored: usize,
    pub pages_failed: usize,
}

/// The store operations of monitoring.
pub trait WatchStore: crate::Store {
    /// Adds a source; `Ok((id, false))` when its URL was there already.
    fn add_source(&mut self, source: &NewSource, now: i64) -> crate::Result<(SourceId, bool)>;
    /// Every source, oldest first.
    fn sources(&self) -> crate::Result<Vec<SourceRecord>>;
    fn source(&self, id: SourceId) -> crate::Result<Option<SourceRecord>>;
    /// Removes a source (its stored articles stay).
    fn remove_source(&mut self, id: SourceId) -> crate::Result<bool>;
    /// Enables or disables a source; enabling polls it at once and forgets its failures.
    fn set_source_state(
        &mut self,
        id: SourceId,
        state: SourceState,
        now: i64,
    ) -> crate::Result<bool>;
    /// Active sources due at `now`, most overdue first.
    fn due_sources(&self, now: i64, limit: usize) -> crate::Result<Vec<SourceRecord>>;
    /// Records a poll and queues the pages it found that are new, in one transaction.
    /// Returns how many pages were queued (new, or changed since they were fetched).
    fn record_poll(&mut self, poll: &PollRecord) -> crate::Result<usize>;
    /// Pages due for fetching at `now`, oldest first.
    fn due_pages(&self, now: i64, limit: usize) -> crate::Result<Vec<PageRecord>>;
    /// Records what fetching a page gave, with its article, in one transaction.
    fn record_page(
        &mut self,
        url: &str,
        result: &PageResult,
        now: i64,
    ) -> crate::Result<PageOutcome>;
    /// The earliest time a source or a page is due, if any.
    fn next_due(&self) -> crate::Result<Option<i64>>;
    /// Pages stored per source since `since` (for articles per day).
    fn stored_since(&self, since: i64) -> crate::Result<Vec<(SourceId, i64)>>;
    fn watch_counts(&self) -> crate::Result<WatchCounts>;
    /// Earlier versions of an article, oldest first.
    fn revisions(&self, article: &ArticleId) -> crate::Result<Vec<Revision>>;
}
