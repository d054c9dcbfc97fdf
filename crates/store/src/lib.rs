//! Where articles, their claims and the stories live.
//!
//! [`Store`] is the seam: the pipeline and the binary talk to the trait, and the embedded
//! [`SqliteStore`] is the default implementation (a PostgreSQL one comes with scale-out).
//!
//! Invariants:
//! - An article's `key` is unique: putting an article whose key is stored already changes
//!   nothing and reports [`Put::AlreadyStored`].
//! - A batch is one transaction: after a crash, either all of its articles are stored or none.
//! - Clustering is saved a step at a time: the placements and the clusterer state that
//!   produced them commit together, so after a crash the state and the stories agree and the
//!   articles not yet placed are exactly those after the saved arrival number.

pub mod accounts;
pub mod newsroom;
mod sqlite;
pub mod watch;

pub use accounts::{AccountStore, ApiToken, NewSession, Role, Session, User};
pub use newsroom::NewsroomStore;
pub use rusqlite::ErrorCode;
pub use sqlite::SqliteStore;
pub use watch::WatchStore;

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
    #[error("an editor named {0:?} exists already")]
    UserExists(String),
    #[error("no editor named {0:?}")]
    NoSuchUser(String),
    #[error("{0:?} is not a valid editor name: use 1 to 64 letters, digits, '.', '_', '-' or '@'")]
    BadName(String),
    #[error("password refused: {0}")]
    WeakPassword(String),
    #[error("token label {0:?} refused: use 1 to 100 characters, without control characters")]
    BadLabel(String),
    #[error("password hashing or the system's random number source failed: {0}")]
    Crypto(String),
    #[error("no story {0} in the store")]
    NoSuchStory(String),
    #[error("{0}")]
    Refused(String),
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

/// Where one newly clustered article went.
#[derive(Debug, Clone, PartialEq)]
pub struct Placement {
    pub article: ArticleId,
    /// Its number in the clusterer's stream.
    pub doc: u64,
    /// The clusterer's number of its story.
    pub story: u64,
    /// The stream number of the earlier article it repeats.
    pub duplicate_of: Option<u64>,
    /// Stories (clusterer numbers) it showed to be part of `story`; their articles move there.
    pub merged: Vec<u64>,
    /// What names a story it starts.
    pub title: String,
    pub published_at: Option<jiff::Timestamp>,
}

/// One saved step of the streaming clustering.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusteringStep {
    pub placements: Vec<Placement>,
    /// The clusterer's state after these placements.
    pub snapshot: Vec<u8>,
    /// The arrival number of the last article the state has seen.
    pub through: i64,
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
    /// The saved clustering state and the arrival number of the last article it has seen.
    fn clustering_state(&self) -> Result<Option<(Vec<u8>, i64)>>;
    /// Up to `limit` articles that arrived after arrival number `after`, in arrival order,
    /// each with its arrival number.
    fn articles_after(&self, after: i64, limit: usize) -> Result<Vec<(i64, Article)>>;
    /// Records where newly clustered articles went (new stories, new members, merges) and
    /// the clusterer's state after them, in one transaction.
    fn save_clustering(&mut self, step: &ClusteringStep) -> Result<()>;
    /// Forgets every story and the clustering state, so clustering starts over.
    fn reset_clustering(&mut self) -> Result<()>;
    /// Every story, newest first.
    fn stories(&self) -> Result<Vec<StorySummary>>;
    fn story(&self, id: &StoryId) -> Result<Option<Story>>;
    /// The story an article belongs to.
    fn story_of(&self, article: &ArticleId) -> Result<Option<StoryId>>;
    /// A value recorded about the store (`claims_version`, ...).
    fn meta(&self, key: &str) -> Result<Option<String>>;
    fn set_meta(&mut self, key: &str, value: &str) -> Result<()>;
    /// Replaces the stored claims of a batch of articles in one transaction (after the claims
    /// stage changed). Unknown ids are ignored.
    fn replace_claims(&mut self, batch: &[(ArticleId, ArticleClaims)]) -> Result<()>;
}
