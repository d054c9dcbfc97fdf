//! Monitoring: the sources a user watches and the loop that watches them.
//!
//! - [`sources`]: adding a feed, a sitemap or a site's home page (its feeds discovered),
//!   and OPML outlines;
//! - [`schedule`]: when each source is polled next (its rhythm, its `ttl`, `max-age`, and
//!   backoff after failures up to days, then a disabled state);
//! - [`mod@watch`]: the long-running loop: polls what is due, fetches the article pages the
//!   listings name, runs the pipeline on them (extraction, claims), stores them and places
//!   them into stories, through the fetcher's politeness and limits (crate `fetch`).
//!
//! All network access goes through [`fetch::Fetcher`]; all state is in a
//! [`store::WatchStore`], so a restarted watch resumes where the last one stopped.

pub mod schedule;
pub mod sources;
pub mod watch;

pub use schedule::ScheduleConfig;
pub use watch::{Archive, Quiet, WatchConfig, WatchProgress, WatchStats, watch};
