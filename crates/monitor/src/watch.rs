//! The watch loop: poll sources when due, fetch the pages they list, store articles, place
//! them into stories.
//!
//! One task owns the store and is its only writer; polls and page fetches run as tasks that
//! report back over a channel. So every store write is one of the store's transactions
//! ([`WatchStore::record_poll`], [`WatchStore::record_page`], clustering steps), and a kill
//! at any moment leaves the store as it was after the last of them: a poll whose pages were
//! not recorded is polled again, a page whose article was not recorded is fetched again,
//! and keys keep both from storing anything twice.
//!
//! Dispatch keeps the load bounded: at most `max_in_flight` tasks, and at most
//! `per_domain_tasks` for one registrable domain (the fetcher's gate then spaces their
//! requests), so one site with hundreds of feeds cannot crowd out the rest.

use crate::schedule::{self, PollSeen, ScheduleConfig};
use crate::sources::MAX_LISTING_BYTES;
use fetch::{Fetched, Fetcher, Outcome, Validators, Want};
use pipeline::input::{Body, RawDoc};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;
use store::watch::{
    ListedPage, PageOutcome, PageRecord, PageResult, PollRecord, SourceRecord, SourceState,
    WatchCounts, WatchStore,
};
use tokio::sync::mpsc;
use tokio::task::JoinSet;

#[derive(Debug, Clone)]
pub struct WatchConfig {
    pub schedule: ScheduleConfig,
    /// Polls and page fetches running at once.
    pub max_in_flight: usize,
    /// Tasks for one registrable domain at once.
    pub per_domain_tasks: usize,
    /// Articles are placed into stories at most this often.
    pub cluster_every: Duration,
    /// Listed items published longer ago than this are not fetched.
    pub backfill: Duration,
    /// Items taken from one poll at most (newest first).
    pub max_items_per_poll: usize,
    /// Child sitemaps read per poll of a sitemap index at most.
    pub max_child_sitemaps: usize,
    /// Tries of a page before it is given up.
    pub page_attempts: i64,
    /// Poll every source that is due once, fetch what that finds, and stop.
    pub once: bool,
    /// Stop after this long.
    pub stop_after: Option<Duration>,
}

impl Default for WatchConfig {
    fn default() -> Self {
        WatchConfig {
            schedule: ScheduleConfig::default(),
            max_in_flight: 256,
            per_domain_tasks: 4,
            cluster_every: Duration::from_secs(30),
            backfill: Duration::from_secs(3 * 24 * 3600),
            max_items_per_poll: 500,
            max_child_sitemaps: 6,
            page_attempts: 5,
            once: false,
            stop_after: None,
        }
    }
}

/// Where fetched responses are archived (a WARC writer).
pub trait Archive: Send {
    fn record(&mut self, fetched: &Fetched) -> std::io::Result<()>;
}

/// What a watch has done so far.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct WatchStats {
    pub polls: u64,
    pub polls_failed: u64,
    /// Requests answered 304 Not Modified (polls and pages).
    pub not_modified: u64,
    pub pages_queued: u64,
    pub pages_fetched: u64,
    pub pages_failed: u64,
    pub articles_new: u64,
    pub articles_revised: u64,
    pub articles_known: u64,
    pub placed_in_stories: u64,
    pub requests: u64,
    pub bytes: u64,
    pub archive_errors: u64,
}

/// What the loop tells whoever shows progress.
pub trait WatchProgress: Send {
    /// Called about once a second.
    fn tick(&mut self, _stats: &WatchStats, _counts: &WatchCounts, _in_flight: usize) {}
}

/// Shows nothing.
pub struct Quiet;
impl WatchProgress for Quiet {}

#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    #[error(transparent)]
    Store(#[from] store::StoreError),
    #[error(transparent)]
    Pipeline(#[from] pipeline::PipelineError),
}

enum Event {
    Polled {
        record: Box<PollRecord>,
        archived: Vec<Fetched>,
    },
    Page {
        url: String,
        result: Box<PageResult>,
        archived: Option<Box<Fetched>>,
        diagnostics: Vec<String>,
    },
}

enum Key {
    Source(i64),
    Page(String),
}

fn now_seconds() -> i64 {
    jiff::Timestamp::now().as_second()
}

fn domain_of(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(fetch::registrable_domain))
        .unwrap_or_default()
}

/// Runs the watch until `shutdown` resolves (or, with `once`, until nothing is due).
pub async fn watch(
    store: &mut dyn WatchStore,
    fetcher: Arc<Fetcher>,
    config: &WatchConfig,
    cluster_config: &cluster::ClusterConfig,
    mut archive: Option<&mut dyn Archive>,
    progress: &mut dyn WatchProgress,
    shutdown: impl std::future::Future<Output = ()>,
) -> Result<WatchStats, WatchError> {
    let mut stats = WatchStats::default();
    let (sender, mut events) = mpsc::unbounded_channel::<Event>();
    let mut tasks: JoinSet<()> = JoinSet::new();
    let mut in_flight: HashMap<String, usize> = HashMap::new();
    let mut busy_sources: HashSet<i64> = HashSet::new();
    let mut busy_pages: HashSet<String> = HashSet::new();
    let mut task_keys: HashMap<tokio::task::Id, (Key, String)> = HashMap::new();
    let mut polled_once: HashSet<i64> = HashSet::new();
    let mut unclustered = 0u64;
    let mut last_cluster = tokio::time::Instant::now();
    let mut last_tick = tokio::time::Instant::now();
    let started = tokio::time::Instant::now();
    let archiving = archive.is_some();
    tokio::pin!(shutdown);
    let mut stopping = false;
    loop {
        // Dispatch what is due.
        if !stopping {
            let now = now_seconds();
            let room = config.max_in_flight.saturating_sub(tasks.len());
            if room > 0 {
                let due = store.due_sources(now, room + busy_sources.len() + 64)?;
                for source in due {
                    if tasks.len() >= config.max_in_flight {
                        break;
                    }
                    if busy_sources.contains(&source.id)
                        || (config.once && polled_once.contains(&source.id))
                    {
                        continue;
                    }
                    let domain = domain_of(&source.url);
                    let count = in_flight.entry(domain.clone()).or_default();
                    if *count >= config.per_domain_tasks {
                        continue;
                    }
                    *count += 1;
                    busy_sources.insert(source.id);
                    polled_once.insert(source.id);
                    let (fetcher, sender, config) =
                        (fetcher.clone(), sender.clone(), config.clone());
                    let id = source.id;
                    let handle = tasks.spawn(async move {
                        let (record, archived) = poll(&fetcher, &source, &config, archiving).await;
                        let _ = sender.send(Event::Polled {
                            record: Box::new(record),
                            archived,
                        });
                    });
                    task_keys.insert(handle.id(), (Key::Source(id), domain));
                }
            }
            let room = config.max_in_flight.saturating_sub(tasks.len());
            if room > 0 {
                let due = store.due_pages(now, room + busy_pages.len() + 64)?;
                for page in due {
                    if tasks.len() >= config.max_in_flight {
                        break;
                    }
                    if busy_pages.contains(&page.url) {
                        continue;
                    }
                    let domain = domain_of(&page.url);
                    let count = in_flight.entry(domain.clone()).or_default();
                    if *count >= config.per_domain_tasks {
                        continue;
                    }
                    *count += 1;
                    busy_pages.insert(page.url.clone());
                    let (fetcher, sender) = (fetcher.clone(), sender.clone());
                    let attempts = config.page_attempts;
                    let url = page.url.clone();
                    let handle = tasks.spawn(async move {
                        let url = page.url.clone();
                        let (result, archived, diagnostics) =
                            fetch_page(&fetcher, &page, attempts, archiving).await;
                        let _ = sender.send(Event::Page {
                            url,
                            result: Box::new(result),
                            archived,
                            diagnostics,
                        });
                    });
                    task_keys.insert(handle.id(), (Key::Page(url), domain));
                }
            }
        }
        if tasks.is_empty() {
            if stopping {
                break;
            }
            if config.once {
                // Nothing running and nothing due that this run has not done: finished.
                let now = now_seconds();
                let sources_due = store
                    .due_sources(now, 1024)?
                    .iter()
                    .any(|s| !polled_once.contains(&s.id));
                if !sources_due && store.due_pages(now, 1)?.is_empty() {
                    break;
                }
            }
        }
        // Wait for a result, the next tick, or the end.
        let wake = if tasks.is_empty() {
            let next = store.next_due()?.unwrap_or(now_seconds() + 60);
            let wait = (next - now_seconds()).clamp(0, 1) as u64;
            Duration::from_millis(wait * 1000 + 50)
        } else {
            Duration::from_millis(250)
        };
        tokio::select! {
            _ = &mut shutdown, if !stopping => {
                tracing::info!(in_flight = tasks.len(), "stopping: finishing the requests under way");
                stopping = true;
            }
            joined = tasks.join_next_with_id(), if !tasks.is_empty() => {
                let id = match &joined {
                    Some(Ok((id, ()))) => Some(*id),
                    Some(Err(error)) => {
                        tracing::error!(%error, "a watch task failed");
                        Some(error.id())
                    }
                    None => None,
                };
                if let Some((key, domain)) = id.and_then(|id| task_keys.remove(&id)) {
                    if let Some(count) = in_flight.get_mut(&domain) {
                        *count = count.saturating_sub(1);
                        if *count == 0 {
                            in_flight.remove(&domain);
                        }
                    }
                    match key {
                        Key::Source(id) => { busy_sources.remove(&id); }
                        Key::Page(url) => { busy_pages.remove(&url); }
                    }
                }
            }
            Some(event) = events.recv() => {
                let placed = apply(store, event, &mut stats, &mut archive)?;
                unclustered += placed;
                while let Ok(event) = events.try_recv() {
                    unclustered += apply(store, event, &mut stats, &mut archive)?;
                }
            }
            _ = tokio::time::sleep(wake) => {}
        }
        // Events sent just before their task ended are applied before the task's bookkeeping.
        while let Ok(event) = events.try_recv() {
            unclustered += apply(store, event, &mut stats, &mut archive)?;
        }
        if unclustered > 0 && (last_cluster.elapsed() >= config.cluster_every || stopping) {
            stats.placed_in_stories += pipeline::cluster_new(store, cluster_config)?.placed as u64;
            unclustered = 0;
            last_cluster = tokio::time::Instant::now();
        }
        if last_tick.elapsed() >= Duration::from_secs(1) {
            read_counters(&fetcher, &mut stats);
            progress.tick(&stats, &store.watch_counts()?, tasks.len());
            last_tick = tokio::time::Instant::now();
        }
        if let Some(limit) = config.stop_after
            && started.elapsed() >= limit
            && !stopping
        {
            stopping = true;
        }
    }
    while let Ok(event) = events.try_recv() {
        unclustered += apply(store, event, &mut stats, &mut archive)?;
    }
    if unclustered > 0 {
        stats.placed_in_stories += pipeline::cluster_new(store, cluster_config)?.placed as u64;
    }
    read_counters(&fetcher, &mut stats);
    progress.tick(&stats, &store.watch_counts()?, 0);
    Ok(stats)
}

/// Copies the fetcher's request counters into the figures.
fn read_counters(fetcher: &Fetcher, stats: &mut WatchStats) {
    let read =
        |counter: &std::sync::atomic::AtomicU64| counter.load(std::sync::atomic::Ordering::Relaxed);
    stats.requests = read(&fetcher.counters.requests);
    stats.bytes = read(&fetcher.counters.bytes);
    stats.not_modified = read(&fetcher.counters.not_modified);
}

/// Writes one task's result; returns how many new articles await clustering.
fn apply(
    store: &mut dyn WatchStore,
    event: Event,
    stats: &mut WatchStats,
    archive: &mut Option<&mut dyn Archive>,
) -> Result<u64, WatchError> {
    let now = now_seconds();
    match event {
        Event::Polled { record, archived } => {
            write_archive(archive, stats, archived.iter());
            stats.polls += 1;
            if record.error.is_some() {
                stats.polls_failed += 1;
            }
            let queued = store.record_poll(&record)?;
            stats.pages_queued += queued as u64;
            match &record.error {
                Some(error) => {
                    tracing::warn!(source = record.source, failures = record.failures, state = record.state.as_str(), %error, "poll failed")
                }
                None => tracing::debug!(
                    source = record.source,
                    queued,
                    next_in = record.next_poll_at - now,
                    "polled"
                ),
            }
            Ok(0)
        }
        Event::Page {
            url,
            result,
            archived,
            diagnostics,
        } => {
            write_archive(archive, stats, archived.as_deref().into_iter());
            let outcome = store.record_page(&url, &result, now)?;
            for diagnostic in diagnostics {
                tracing::debug!(%url, %diagnostic, "page");
            }
            Ok(match outcome {
                PageOutcome::Inserted(id) => {
                    stats.pages_fetched += 1;
                    stats.articles_new += 1;
                    tracing::info!(%url, article = %id, "new article");
                    1
                }
                PageOutcome::Revised(id, revision) => {
                    stats.pages_fetched += 1;
                    stats.articles_revised += 1;
                    tracing::info!(%url, article = %id, revision, "article changed");
                    0
                }
                PageOutcome::Known(_) => {
                    stats.pages_fetched += 1;
                    stats.articles_known += 1;
                    0
                }
                PageOutcome::Unchanged => {
                    stats.pages_fetched += 1;
                    0
                }
                PageOutcome::Failed => {
                    stats.pages_failed += 1;
                    if let PageResult::Failed { error, retry_at } = &*result {
                        tracing::warn!(%url, %error, retry = retry_at.is_some(), "page failed");
                    }
                    0
                }
                PageOutcome::Rejected(message) => {
                    stats.pages_failed += 1;
                    tracing::warn!(%url, %message, "article not stored");
                    0
                }
            })
        }
    }
}

fn write_archive<'a>(
    archive: &mut Option<&mut dyn Archive>,
    stats: &mut WatchStats,
    fetched: impl Iterator<Item = &'a Fetched>,
) {
    if let Some(archive) = archive {
        for item in fetched {
            if let Err(error) = archive.record(item) {
                stats.archive_errors += 1;
                tracing::error!(%error, url = %item.final_url, "could not archive a response");
            }
        }
    }
}

/// Polls one source: fetches its listing (and a sitemap index's children) and says what to
/// record.
async fn poll(
    fetcher: &Fetcher,
    source: &SourceRecord,
    config: &WatchConfig,
    archiving: bool,
) -> (PollRecord, Vec<Fetched>) {
    let now = now_seconds();
    let validators = Validators {
        etag: source.etag.clone(),
        last_modified: source.last_modified.clone(),
    };
    let spread_key = (source.id as u64)
        .wrapping_mul(31)
        .wrapping_add(source.polls as u64);
    let mut archived = Vec::new();
    let result = fetcher
        .get(&source.url, Want::Listing, Some(&validators))
        .await;
    let listing = match result {
        Ok(Outcome::NotModified {
            validators: fresh,
            max_age,
            ..
        }) => Ok((None, fresh, max_age)),
        Ok(Outcome::Fetched(fetched)) => {
            let parsed = feeds::parse_listing(
                &fetched.body,
                fetched.content_type.as_deref(),
                &fetched.final_url,
                MAX_LISTING_BYTES,
            );
            let (fresh, max_age) = (fetched.validators.clone(), fetched.max_age);
            if archiving {
                archived.push(*fetched);
            }
            match parsed {
                Ok(listing) => Ok((Some(listing), fresh, max_age)),
                Err(error) => Err((format!("{}: {error}", source.url), None)),
            }
        }
        Err(error) => Err((error.to_string(), error.retry_after())),
    };
    let (listing, fresh, max_age) = match listing {
        Ok(found) => found,
        Err((error, retry_after)) => {
            let failures = source.failures + 1;
            let wait = schedule::after_failure(&config.schedule, failures, retry_after, spread_key);
            let failing_since = source.last_success_at.unwrap_or(source.added_at);
            let state = if schedule::should_disable(&config.schedule, failures, failing_since, now)
            {
                SourceState::Disabled
            } else {
                SourceState::Active
            };
            let record = PollRecord {
                source: source.id,
                polled_at: now,
                error: Some(error),
                failures,
                state,
                interval_secs: source.interval_secs,
                next_poll_at: now + wait.as_secs() as i64,
                etag: None,
                last_modified: None,
                title: None,
                item_times: source.item_times.clone(),
                pages: Vec::new(),
            };
            return (record, archived);
        }
    };
    let mut items: Vec<feeds::Item> = Vec::new();
    let mut title = None;
    let mut ttl = None;
    if let Some(listing) = listing {
        title = listing.title.clone();
        ttl = listing
            .ttl_minutes
            .map(|m| Duration::from_secs(u64::from(m) * 60));
        let children = pick_children(
            &listing.sitemaps,
            &listing.sitemaps_lastmod,
            source.last_polled_at,
            config.max_child_sitemaps,
        );
        items = listing.items;
        for child in children {
            match fetcher.get(&child, Want::Listing, None).await {
                Ok(Outcome::Fetched(fetched)) => {
                    if let Ok(child_listing) = feeds::parse_listing(
                        &fetched.body,
                        fetched.content_type.as_deref(),
                        &fetched.final_url,
                        MAX_LISTING_BYTES,
                    ) {
                        items.extend(child_listing.items);
                    }
                    if archiving {
                        archived.push(*fetched);
                    }
                }
                Ok(Outcome::NotModified { .. }) => {}
                Err(error) => tracing::debug!(%error, "child sitemap"),
            }
        }
    }
    let oldest = now - config.backfill.as_secs() as i64;
    let mut pages: Vec<ListedPage> = items
        .iter()
        .filter_map(|item| {
            let url = pipeline::urls::canonical_url(&item.url)?;
            let published = item.published_at.map(|t| t.as_second());
            let updated = item.updated_at.map(|t| t.as_second());
            if published.or(updated).is_some_and(|t| t < oldest) {
                return None;
            }
            Some(ListedPage {
                url,
                title: item.title.clone(),
                published,
                updated: updated.filter(|u| Some(*u) != published),
            })
        })
        .collect();
    pages.sort_by_key(|p| std::cmp::Reverse(p.published.or(p.updated).unwrap_or(i64::MAX)));
    pages.truncate(config.max_items_per_poll);
    let published: Vec<i64> = pages.iter().filter_map(|p| p.published).collect();
    let since = source.last_polled_at.unwrap_or(i64::MIN);
    let seen = PollSeen {
        new_items: published.iter().filter(|t| **t > since).count(),
        item_times: schedule::merge_item_times(&source.item_times, published.iter().copied()),
        ttl,
        max_age,
    };
    let interval = schedule::after_success(
        &config.schedule,
        Duration::from_secs(source.interval_secs.max(1) as u64),
        &seen,
        now,
        spread_key,
    );
    let keep = |new: Option<String>, old: &Option<String>| new.or_else(|| old.clone());
    let record = PollRecord {
        source: source.id,
        polled_at: now,
        error: None,
        failures: 0,
        state: SourceState::Active,
        interval_secs: interval.as_secs() as i64,
        next_poll_at: now + interval.as_secs() as i64,
        etag: keep(fresh.etag, &source.etag),
        last_modified: keep(fresh.last_modified, &source.last_modified),
        title,
        item_times: seen.item_times,
        pages,
    };
    (record, archived)
}

/// The child sitemaps read in one poll: those changed since the last poll (by their
/// `lastmod`; undated ones always), newest first; without dates, the first and the last few
/// listed (indexes list the newest first or last).
fn pick_children(
    children: &[String],
    lastmod: &[Option<jiff::Timestamp>],
    last_polled: Option<i64>,
    max: usize,
) -> Vec<String> {
    if lastmod.len() == children.len() && lastmod.iter().any(Option::is_some) {
        let mut changed: Vec<(i64, &String)> = children
            .iter()
            .zip(lastmod)
            .map(|(url, date)| (date.map_or(i64::MAX, |d| d.as_second()), url))
            .filter(|(date, _)| last_polled.is_none_or(|polled| *date >= polled))
            .collect();
        changed.sort_by_key(|c| std::cmp::Reverse(c.0));
        return changed
            .into_iter()
            .take(max)
            .map(|(_, u)| u.clone())
            .collect();
    }
    if children.len() <= max {
        return children.to_vec();
    }
    let head = max.div_ceil(2);
    let mut picked: Vec<String> = children[..head].to_vec();
    picked.extend_from_slice(&children[children.len() - (max - head)..]);
    picked
}

/// Fetches one page and prepares its article.
async fn fetch_page(
    fetcher: &Fetcher,
    page: &PageRecord,
    max_attempts: i64,
    archiving: bool,
) -> (PageResult, Option<Box<Fetched>>, Vec<String>) {
    let validators = Validators {
        etag: page.etag.clone(),
        last_modified: page.last_modified.clone(),
    };
    let conditional = page.article.is_some() && !validators.is_empty();
    let result = fetcher
        .get(&page.url, Want::Page, conditional.then_some(&validators))
        .await;
    let fetched = match result {
        Ok(Outcome::NotModified { validators, .. }) => {
            return (
                PageResult::Unchanged {
                    etag: validators.etag,
                    last_modified: validators.last_modified,
                },
                None,
                Vec::new(),
            );
        }
        Ok(Outcome::Fetched(fetched)) => fetched,
        Err(error) => {
            let attempts = page.attempts + 1;
            let retry_at = (error.is_transient() && attempts < max_attempts).then(|| {
                let backoff = Duration::from_secs(60 * 2u64.pow(attempts.clamp(0, 10) as u32));
                now_seconds()
                    + error
                        .retry_after()
                        .unwrap_or(backoff)
                        .max(backoff)
                        .as_secs() as i64
            });
            return (
                PageResult::Failed {
                    error: error.to_string(),
                    retry_at,
                },
                None,
                Vec::new(),
            );
        }
    };
    let raw = RawDoc {
        source: fetched.final_url.to_string(),
        id: None,
        url: Some(fetched.final_url.to_string()),
        outlet: None,
        published_at: None,
        title: None,
        language: None,
        content_type: fetched.content_type.clone(),
        body: Body::Html(fetched.body.clone()),
    };
    let prepared = tokio::task::spawn_blocking(move || pipeline::prepare::prepare(raw)).await;
    let archived = archiving.then_some(fetched.clone());
    let outcome = match prepared {
        Ok(outcome) => outcome,
        Err(error) => {
            return (
                PageResult::Failed {
                    error: format!("preparing the article failed: {error}"),
                    retry_at: None,
                },
                archived,
                Vec::new(),
            );
        }
    };
    let diagnostics: Vec<String> = outcome
        .diagnostics
        .iter()
        .map(|d| d.message.clone())
        .collect();
    let result = match outcome.value {
        Some((article, claims)) => {
            let content_hash = blake3::hash(article.text.as_bytes()).to_hex().to_string();
            if page.content_hash.as_deref() == Some(content_hash.as_str()) {
                PageResult::Unchanged {
                    etag: fetched.validators.etag.clone(),
                    last_modified: fetched.validators.last_modified.clone(),
                }
            } else {
                PageResult::Article {
                    article: Box::new(article),
                    claims: Box::new(claims),
                    content_hash,
                    etag: fetched.validators.etag.clone(),
                    last_modified: fetched.validators.last_modified.clone(),
                }
            }
        }
        None => PageResult::Failed {
            error: format!(
                "{}: no article in the page ({})",
                page.url,
                if diagnostics.is_empty() {
                    "no text".to_string()
                } else {
                    diagnostics.join("; ")
                }
            ),
            retry_at: None,
        },
    };
    (result, archived, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn children_are_taken_from_both_ends_or_by_date() {
        let all: Vec<String> = (0..10).map(|i| i.to_string()).collect();
        assert_eq!(pick_children(&all, &[], None, 4), ["0", "1", "8", "9"]);
        assert_eq!(pick_children(&all[..3], &[], None, 4), ["0", "1", "2"]);
        let at = |s: i64| Some(jiff::Timestamp::from_second(s).unwrap());
        let dates = [at(100), at(300), None, at(200)];
        let four = &all[..4];
        // First poll: every child, newest first (undated counts as newest).
        assert_eq!(pick_children(four, &dates, None, 10), ["2", "1", "3", "0"]);
        // Later: only those changed since.
        assert_eq!(pick_children(four, &dates, Some(250), 10), ["2", "1"]);
        assert_eq!(pick_children(four, &dates, Some(250), 1), ["2"]);
    }
}
