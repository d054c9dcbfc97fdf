//! Where articles, their claims and the stories live.
//!
//! [`Store`] is the seam: the pipeline and the binary talk to the trait, and the embedded
//! [`SqliteStore`] is the default implementation (a PostgreSQL one comes with scale-out).
//!
//! Invariants:
//! - An article's `key` is unique: putting an article whose key is stored already changes
//!   nothing and reports [`Put::AlreadyStored`].
//! - A batch is one transaction: after a crash, either all of its articles are stored or none.
//! - Story assignments are replaced whole, in one transaction, so a reader never sees half of
//!   a re-clustering.

mod sqlite;

pub use sqlite::SqliteStore;

use model::{Article, ArticleClaims, ArticleId, Story, StoryId, StorySummary};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("failed to open the store at {path}: {source}")]
    Open {
        path: String,
        source: rusqlite::Error,
    },
    #[error(
        "the store at {path} has schema version {found}, newer than this program knows ({known}); upgrade corroborate"
    )]
    TooNew {
        path: String,
        found: i64,
        known: i64,
    },
    #[error(
        "article id {id} already names another article (stored key {stored_key}, new key {new_key})"
    )]
    IdTaken {
        id: String,
        stored_key: String,
        new_key: String,
    },
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// What putting one article did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Put {
    Inserted(ArticleId),
    /// An article with the same key was stored before; its id is given.
    AlreadyStored(ArticleId),
    /// The article could not be stored (its id is taken by another article).
    Rejected(String),
}

/// The operations every store offers.
pub trait Store {
    /// Stores a batch of articles with their claims in one transaction.
    fn put_articles(&mut self, batch: &[(Article, ArticleClaims)]) -> Result<Vec<Put>>;
    fn article(&self, id: &ArticleId) -> Result<Option<Article>>;
    /// The id of the article stored under `key`, if any.
    fn article_id_for_key(&self, key: &str) -> Result<Option<ArticleId>>;
    /// Every article, oldest first (by publication time, then id); undated ones last.
    fn articles(&self) -> Result<Vec<Article>>;
    fn claims(&self, id: &ArticleId) -> Result<Option<ArticleClaims>>;
    fn article_count(&self) -> Result<usize>;
    /// Replaces every story with `stories`.
    fn replace_stories(&mut self, stories: &[Story]) -> Result<()>;
    /// Every story, newest first.
    fn stories(&self) -> Result<Vec<StorySummary>>;
    fn story(&self, id: &StoryId) -> Result<Option<Story>>;
    /// The story an article belongs to.
    fn story_of(&self, article: &ArticleId) -> Result<Option<StoryId>>;
}
