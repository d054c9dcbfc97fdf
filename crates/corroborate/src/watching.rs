//! `corroborate sources ...` and `corroborate watch`.

use crate::{EXIT_PARTIAL, Global, ListFormat, open_store, write_stdout};
use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use monitor::{ScheduleConfig, WatchConfig};
use std::collections::HashMap;
use std::io::IsTerminal;
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;
use store::WatchStore;
use store::watch::{SourceRecord, SourceState, WatchCounts};

/// How requests are made (shared by `sources add` and `watch`).
#[derive(Args, Clone)]
pub struct NetArgs {
    /// How site owners can reach whoever runs this watcher (an email or a URL); it goes into
    /// the User-Agent.
    #[arg(long, env = "CORROBORATE_CONTACT", value_name = "CONTACT")]
    contact: Option<String>,
    /// Allow fetching private, loopback and link-local addresses (a watcher on a laptop that
    /// reads a feed on its own network). Never on a shared server.
    #[arg(long, env = "CORROBORATE_ALLOW_PRIVATE")]
    allow_private: bool,
    /// Allow one non-public address (repeatable).
    #[arg(long = "allow-address", value_name = "IP")]
    allow_addresses: Vec<IpAddr>,
    /// Answer a host name with a fixed address instead of DNS (repeatable; HOST=IP).
    #[arg(long = "resolve", value_name = "HOST=IP")]
    resolve: Vec<String>,
    /// Shortest gap between two requests to one site (registrable domain), in seconds;
    /// a longer robots.txt Crawl-delay wins.
    #[arg(long, default_value_t = 1.0, value_name = "SECONDS")]
    domain_interval: f64,
    /// Requests in flight to one site at most.
    #[arg(long, default_value_t = 1, value_name = "N")]
    domain_concurrency: usize,
    /// Largest page or feed read, in MiB (after decompression).
    #[arg(long, default_value_t = 16, value_name = "MIB")]
    max_body: u64,
    /// Deadline for one fetch, redirects included, in seconds.
    #[arg(long, default_value_t = 60, value_name = "SECONDS")]
    timeout: u64,
    /// Longest wait for a server to answer or send more, in seconds.
    #[arg(long, default_value_t = 20, value_name = "SECONDS")]
    idle_timeout: u64,
}

impl NetArgs {
    fn fetch_config(&self) -> Result<fetch::FetchConfig> {
        let mut resolve = HashMap::new();
        for entry in &self.resolve {
            let (host, ip) = entry
                .split_once('=')
                .with_context(|| format!("--resolve {entry:?} is not HOST=IP"))?;
            let ip: IpAddr = ip
                .trim()
                .parse()
                .with_context(|| format!("--resolve {entry:?}: {ip:?} is not an IP address"))?;
            resolve.insert(host.trim().to_ascii_lowercase(), ip);
        }
        anyhow::ensure!(
            self.domain_interval >= 0.0 && self.domain_interval.is_finite(),
            "--domain-interval must be a number of seconds"
        );
        Ok(fetch::FetchConfig {
            user_agent: fetch::user_agent(self.contact.as_deref()),
            max_body_bytes: self.max_body.saturating_mul(1024 * 1024),
            total_timeout: Duration::from_secs(self.timeout.max(1)),
            idle_timeout: Duration::from_secs(self.idle_timeout.max(1)),
            addresses: fetch::AddressPolicy {
                allow_private: self.allow_private,
                allowed: self.allow_addresses.clone(),
            },
            resolve,
            domain_interval: Duration::from_secs_f64(self.domain_interval),
            domain_concurrency: self.domain_concurrency.max(1),
            ..fetch::FetchConfig::default()
        })
    }
}

#[derive(Subcommand)]
pub enum SourcesCommand {
    /// Watch a feed (RSS, Atom, JSON Feed), a sitemap (or Google News sitemap), or a site's
    /// home page, whose feeds are found from its <link rel="alternate"> tags.
    #[command(
        after_help = "Examples:\n  corroborate sources add https://www.theguardian.com/world/rss\n  corroborate sources add https://apnews.com/ --category wires"
    )]
    Add {
        #[arg(required = true, value_name = "URL")]
        urls: Vec<String>,
        /// A category to file the sources under (as in OPML).
        #[arg(long)]
        category: Option<String>,
        #[command(flatten)]
        net: NetArgs,
    },
    /// Add every feed of an OPML file (a feed reader's export), without fetching them; the
    /// first poll checks each.
    #[command(after_help = "Example:\n  corroborate sources import subscriptions.opml")]
    Import { file: PathBuf },
    /// Print the sources as OPML.
    #[command(after_help = "Example:\n  corroborate sources export > sources.opml")]
    Export,
    /// List the sources with their health: last success, last error, articles per day.
    #[command(after_help = "Example:\n  corroborate sources list --format json")]
    List {
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Stop watching sources (their stored articles stay).
    #[command(after_help = "Example:\n  corroborate sources remove 12")]
    Remove {
        #[arg(required = true, value_name = "ID|URL")]
        sources: Vec<String>,
    },
    /// Poll disabled sources again, at once.
    #[command(after_help = "Example:\n  corroborate sources enable 12")]
    Enable {
        #[arg(required = true, value_name = "ID|URL")]
        sources: Vec<String>,
    },
    /// Stop polling sources without forgetting them.
    #[command(after_help = "Example:\n  corroborate sources disable 12")]
    Disable {
        #[arg(required = true, value_name = "ID|URL")]
        sources: Vec<String>,
    },
}

#[derive(Args)]
pub struct WatchArgs {
    #[command(flatten)]
    net: NetArgs,
    /// Poll every due source once, fetch what that finds, place it in stories, and exit.
    #[arg(long)]
    once: bool,
    /// Stop after this many seconds.
    #[arg(long, value_name = "SECONDS")]
    stop_after: Option<u64>,
    /// Shortest interval between two polls of one source, in seconds.
    #[arg(long, default_value_t = 120, value_name = "SECONDS")]
    min_interval: u64,
    /// Longest interval between two polls of a healthy source, in seconds.
    #[arg(long, default_value_t = 6 * 3600, value_name = "SECONDS")]
    max_interval: u64,
    /// Polls and page fetches in flight at most.
    #[arg(long, default_value_t = 256, value_name = "N")]
    max_in_flight: usize,
    /// Items published longer ago than this many days are not fetched.
    #[arg(long, default_value_t = 3, value_name = "DAYS")]
    backfill_days: u64,
    /// Articles are placed into stories at most this often, in seconds.
    #[arg(long, default_value_t = 30, value_name = "SECONDS")]
    cluster_every: u64,
    /// Keep every response fetched (feeds, sitemaps, pages) in WARC files in this folder
    /// (gzip per record, a new file past 1 GiB); `corroborate import` reads them back.
    #[arg(long, value_name = "DIR")]
    archive: Option<PathBuf>,
}

/// `--archive`: the WARC writer behind the watch's archive hook.
struct WarcArchive(pipeline::warc::WarcWriter);

impl monitor::Archive for WarcArchive {
    fn record(&mut self, fetched: &fetch::Fetched) -> std::io::Result<()> {
        self.0.append_response(
            fetched.final_url.as_str(),
            fetched.fetched_at,
            fetched.status,
            &fetched.headers,
            &fetched.body,
            fetched.ip,
        )
    }
}

fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

pub(crate) fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

/// The sources named by id or URL.
fn resolve_sources(store: &dyn WatchStore, names: &[String]) -> Result<Vec<SourceRecord>> {
    let all = store.sources()?;
    names
        .iter()
        .map(|name| {
            all.iter()
                .find(|s| s.id.to_string() == *name || s.url == *name)
                .cloned()
                .with_context(|| {
                    format!("no source {name:?}; `corroborate sources list` shows them")
                })
        })
        .collect()
}

pub fn sources(command: &SourcesCommand, global: &Global) -> Result<ExitCode> {
    let mut store = open_store(global)?;
    let schedule = ScheduleConfig::default();
    match command {
        SourcesCommand::Add {
            urls,
            category,
            net,
        } => {
            let fetcher = fetch::Fetcher::new(net.fetch_config()?)?;
            let runtime = runtime()?;
            let mut failed = 0;
            for url in urls {
                match runtime.block_on(monitor::sources::discover(&fetcher, url, &schedule)) {
                    Ok(found) => {
                        for mut source in found {
                            source.category = category.clone().or(source.category);
                            let (id, new) = store.add_source(&source, now())?;
                            if !global.quiet {
                                eprintln!(
                                    "{} {} #{id} {}{}",
                                    if new { "added" } else { "already watching" },
                                    source.kind.as_str(),
                                    source.url,
                                    source
                                        .title
                                        .as_deref()
                                        .map(|t| format!(" ({t})"))
                                        .unwrap_or_default()
                                );
                            }
                        }
                    }
                    Err(error) => {
                        failed += 1;
                        eprintln!("error: {error}");
                    }
                }
            }
            Ok(if failed > 0 {
                ExitCode::from(EXIT_PARTIAL)
            } else {
                ExitCode::SUCCESS
            })
        }
        SourcesCommand::Import { file } => {
            let bytes = std::fs::read(file)
                .with_context(|| format!("failed to read {}", file.display()))?;
            let outlines = feeds::parse_opml(&bytes)
                .with_context(|| format!("{} is not an OPML file", file.display()))?;
            let (mut added, mut known, mut skipped) = (0, 0, 0);
            for outline in &outlines {
                match monitor::sources::from_opml(outline, &schedule) {
                    Some(source) => {
                        if store.add_source(&source, now())?.1 {
                            added += 1;
                        } else {
                            known += 1;
                        }
                    }
                    None => {
                        skipped += 1;
                        eprintln!("skipped {:?}: not an http(s) URL", outline.url);
                    }
                }
            }
            if !global.quiet {
                eprintln!(
                    "{} feed(s) in {}: {added} added, {known} already watched, {skipped} skipped",
                    outlines.len(),
                    file.display()
                );
            }
            Ok(if skipped > 0 {
                ExitCode::from(EXIT_PARTIAL)
            } else {
                ExitCode::SUCCESS
            })
        }
        SourcesCommand::Export => {
            let outlines: Vec<feeds::OpmlSource> = store
                .sources()?
                .into_iter()
                .map(|s| feeds::OpmlSource {
                    url: s.url,
                    title: s.title,
                    html_url: s.site_url,
                    category: s.category,
                })
                .collect();
            write_stdout(&feeds::write_opml("Corroborate sources", &outlines))?;
            Ok(ExitCode::SUCCESS)
        }
        SourcesCommand::List { format } => {
            let health = health(&store)?;
            let text = match format {
                ListFormat::Json => serde_json::to_string_pretty(&health)? + "\n",
                ListFormat::Table => health_table(&health),
            };
            write_stdout(&text)?;
            Ok(ExitCode::SUCCESS)
        }
        SourcesCommand::Remove { sources } => {
            for source in resolve_sources(&store, sources)? {
                store.remove_source(source.id)?;
                if !global.quiet {
                    eprintln!("removed #{} {}", source.id, source.url);
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        SourcesCommand::Enable { sources } | SourcesCommand::Disable { sources } => {
            let state = if matches!(command, SourcesCommand::Enable { .. }) {
                SourceState::Active
            } else {
                SourceState::Disabled
            };
            for source in resolve_sources(&store, sources)? {
                store.set_source_state(source.id, state, now())?;
                if !global.quiet {
                    eprintln!("#{} {} is {}", source.id, source.url, state.as_str());
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// A source's health, as `sources list` shows it.
#[derive(serde::Serialize)]
struct Health {
    #[serde(flatten)]
    source: SourceRecord,
    /// Articles stored from it per day, over the last seven days.
    articles_per_day: f64,
}

fn health(store: &dyn WatchStore) -> Result<Vec<Health>> {
    let week = 7 * 86_400;
    let stored: HashMap<i64, i64> = store.stored_since(now() - week)?.into_iter().collect();
    Ok(store
        .sources()?
        .into_iter()
        .map(|source| {
            let days = ((now() - source.added_at).clamp(86_400, week)) as f64 / 86_400.0;
            let count = stored.get(&source.id).copied().unwrap_or(0) as f64;
            Health {
                articles_per_day: (count / days * 10.0).round() / 10.0,
                source,
            }
        })
        .collect())
}

fn ago(at: Option<i64>) -> String {
    match at {
        None => "never".into(),
        Some(t) => span(now() - t) + " ago",
    }
}

fn span(seconds: i64) -> String {
    let s = seconds.max(0);
    match s {
        0..=119 => format!("{s}s"),
        120..=7199 => format!("{}m", s / 60),
        7200..=172_799 => format!("{}h", s / 3600),
        _ => format!("{}d", s / 86_400),
    }
}

fn health_table(rows: &[Health]) -> String {
    if rows.is_empty() {
        return "no sources; add one with `corroborate sources add URL`\n".into();
    }
    let mut out = format!(
        "{:>4}  {:<8}  {:<7}  {:>9}  {:>8}  {:>6}  {:<12}  {}\n",
        "id", "state", "kind", "success", "art/day", "every", "error", "url"
    );
    for row in rows {
        let s = &row.source;
        let state = match (s.state, s.failures) {
            (SourceState::Disabled, _) => "disabled".to_string(),
            (_, 0) => "ok".to_string(),
            (_, n) => format!("failing{n}"),
        };
        let error = match (&s.last_error, s.failures) {
            (Some(e), n) if n > 0 => e.chars().take(60).collect::<String>(),
            _ => String::new(),
        };
        out.push_str(&format!(
            "{:>4}  {:<8}  {:<7}  {:>9}  {:>8}  {:>6}  {}{}\n",
            s.id,
            state,
            s.kind.as_str(),
            ago(s.last_success_at),
            row.articles_per_day,
            span(s.interval_secs),
            s.url,
            if error.is_empty() {
                String::new()
            } else {
                format!("\n      last error {}: {error}", ago(s.last_error_at))
            }
        ));
    }
    out
}

/// The live progress line of `watch`.
struct WatchLine {
    bar: ProgressBar,
    /// When the figures were last written as a line of their own (`None`: not yet).
    last_log: Option<std::time::Instant>,
    log_every: Duration,
    /// Without a terminal (a service, a log file), the figures are printed as a plain line
    /// once a minute.
    plain: bool,
}

impl monitor::WatchProgress for WatchLine {
    fn tick(&mut self, stats: &monitor::WatchStats, counts: &WatchCounts, in_flight: usize) {
        let line = format!(
            "{} sources ({} failing, {} disabled) · {} polls ({} failed) · {} pages queued · {} new articles, {} revised · {} in flight · {} requests, {:.1} MB",
            counts.sources,
            counts.failing,
            counts.disabled,
            stats.polls,
            stats.polls_failed,
            counts.pages_pending,
            stats.articles_new,
            stats.articles_revised,
            in_flight,
            stats.requests,
            stats.bytes as f64 / 1e6
        );
        if self.plain && self.last_log.is_none_or(|t| t.elapsed() >= self.log_every) {
            eprintln!("watch: {line}");
        }
        self.bar.set_message(line);
        self.bar.tick();
        if self.last_log.is_none_or(|t| t.elapsed() >= self.log_every) {
            tracing::info!(
                sources = counts.sources,
                failing = counts.failing,
                disabled = counts.disabled,
                polls = stats.polls,
                polls_failed = stats.polls_failed,
                pages_pending = counts.pages_pending,
                articles_new = stats.articles_new,
                articles_revised = stats.articles_revised,
                requests = stats.requests,
                bytes = stats.bytes,
                "watch progress"
            );
            self.last_log = Some(std::time::Instant::now());
        }
    }
}

pub(crate) async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

pub fn watch(args: &WatchArgs, global: &Global) -> Result<ExitCode> {
    let mut store = open_store(global)?;
    if store.sources()?.is_empty() {
        anyhow::bail!(
            "no sources to watch; add some with `corroborate sources add URL` or `corroborate sources import FILE.opml`"
        );
    }
    let fetcher = Arc::new(fetch::Fetcher::new(args.net.fetch_config()?)?);
    let min = Duration::from_secs(args.min_interval.max(1));
    let max = Duration::from_secs(args.max_interval.max(args.min_interval).max(1));
    let schedule = ScheduleConfig {
        min,
        max,
        initial: ScheduleConfig::default().initial.clamp(min, max),
        ..ScheduleConfig::default()
    };
    let config = WatchConfig {
        schedule,
        max_in_flight: args.max_in_flight.max(1),
        cluster_every: Duration::from_secs(args.cluster_every),
        backfill: Duration::from_secs(args.backfill_days.saturating_mul(86_400)),
        once: args.once,
        stop_after: args.stop_after.map(Duration::from_secs),
        ..WatchConfig::default()
    };
    let bar = ProgressBar::new_spinner();
    let terminal = std::io::stderr().is_terminal();
    if global.quiet || !terminal {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    bar.set_style(
        ProgressStyle::with_template("{spinner} {elapsed} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    let mut line = WatchLine {
        bar,
        last_log: None,
        log_every: Duration::from_secs(60),
        plain: !terminal && !global.quiet,
    };
    let mut archive = match &args.archive {
        Some(dir) => Some(WarcArchive(
            pipeline::warc::WarcWriter::create(dir, 1 << 30)
                .with_context(|| format!("cannot write WARC files in {}", dir.display()))?,
        )),
        None => None,
    };
    let runtime = runtime()?;
    let stats = runtime.block_on(monitor::watch(
        &mut store,
        fetcher,
        &config,
        &cluster::ClusterConfig::default(),
        archive.as_mut().map(|a| a as &mut dyn monitor::Archive),
        &mut line,
        stop_signal(),
    ))?;
    line.bar.finish_and_clear();
    if let Some(archive) = archive.as_mut() {
        archive
            .0
            .flush()
            .context("failed to finish the WARC file")?;
    }
    if !global.quiet {
        eprintln!(
            "watched: {} polls ({} failed, {} not modified), {} new articles, {} revised, {} placed in stories, {} requests",
            stats.polls,
            stats.polls_failed,
            stats.not_modified,
            stats.articles_new,
            stats.articles_revised,
            stats.placed_in_stories,
            stats.requests
        );
    }
    Ok(ExitCode::SUCCESS)
}
