//! `corroborate bench watch`: thousands of sources polled on a schedule, against a loopback
//! server in another process that plays the sites, with the watcher's CPU and memory.

use crate::bench::{kib_to_mb, status_kib};
use anyhow::{Context, Result};
use clap::Args;
use std::io::{BufRead, BufReader};
use std::net::IpAddr;
use std::process::{Command, ExitCode, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};
use store::WatchStore;
use store::watch::{NewSource, SourceKind, WatchCounts};

#[derive(Args)]
pub struct WatchBenchArgs {
    /// Sources (RSS feeds) watched.
    #[arg(long, default_value_t = 10_000, value_name = "N")]
    sources: usize,
    /// Feeds per simulated site; sites are the politeness unit (one request a second each).
    #[arg(long, default_value_t = 10, value_name = "N")]
    feeds_per_host: usize,
    /// Polling interval of every source, in seconds.
    #[arg(long, default_value_t = 300, value_name = "SECONDS")]
    interval: u64,
    /// How long the watch runs, in seconds.
    #[arg(long, default_value_t = 300, value_name = "SECONDS")]
    seconds: u64,
    /// Seconds at the start that are not measured.
    #[arg(long, default_value_t = 60, value_name = "SECONDS")]
    warmup: u64,
    /// Each feed publishes a new article this often, in seconds.
    #[arg(long, default_value_t = 3 * 3600, value_name = "SECONDS")]
    article_every: u64,
    /// Run the simulated sites (the child process).
    #[arg(long, hide = true)]
    serve: bool,
}

fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses and may hold spaces.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the file, 12 and 13 after the name.
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    // USER_HZ is 100 on Linux.
    Some(ticks / 100.0)
}

pub fn run(args: &WatchBenchArgs, quiet: bool) -> Result<ExitCode> {
    if args.serve {
        return serve(args);
    }
    let hosts = args.sources.div_ceil(args.feeds_per_host.max(1));
    let exe = std::env::current_exe().context("cannot find this program to run the sites")?;
    let mut child = Command::new(exe)
        .args([
            "bench",
            "watch",
            "--serve",
            "--sources",
            &args.sources.to_string(),
            "--feeds-per-host",
            &args.feeds_per_host.to_string(),
            "--article-every",
            &args.article_every.to_string(),
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .context("cannot start the simulated sites")?;
    let mut first = String::new();
    BufReader::new(child.stdout.take().context("no output from the sites")?)
        .read_line(&mut first)?;
    let addr: std::net::SocketAddr = first
        .trim()
        .strip_prefix("listening on ")
        .and_then(|a| a.parse().ok())
        .with_context(|| format!("the sites said {first:?}"))?;
    let result = measure(args, hosts, addr, quiet);
    let _ = child.kill();
    let _ = child.wait();
    result
}

fn serve(args: &WatchBenchArgs) -> Result<ExitCode> {
    let hosts = args.sources.div_ceil(args.feeds_per_host.max(1));
    let server = loopback::LoopbackServer::start(loopback::SiteConfig {
        hosts,
        feeds_per_host: args.feeds_per_host,
        new_article_every: Duration::from_secs(args.article_every.max(1)),
        items_per_feed: 10,
        epoch: std::time::SystemTime::now(),
        ..loopback::SiteConfig::default()
    })?;
    println!("listening on {}", server.addr());
    // Serve until the parent closes our standard input (or kills us).
    let mut sink = String::new();
    while std::io::stdin()
        .read_line(&mut sink)
        .map(|n| n > 0)
        .unwrap_or(false)
    {
        sink.clear();
    }
    server.shutdown();
    Ok(ExitCode::SUCCESS)
}

struct Sampler {
    started: Instant,
    warmup: Duration,
    at_warmup: Option<(Instant, f64, monitor::WatchStats)>,
    max_rss_kib: u64,
    last: Option<(monitor::WatchStats, WatchCounts)>,
    quiet: bool,
    last_print: Instant,
}

impl monitor::WatchProgress for Sampler {
    fn tick(&mut self, stats: &monitor::WatchStats, counts: &WatchCounts, in_flight: usize) {
        if self.at_warmup.is_none() && self.started.elapsed() >= self.warmup {
            self.at_warmup = Some((Instant::now(), cpu_seconds().unwrap_or(0.0), stats.clone()));
        }
        if self.at_warmup.is_some() {
            self.max_rss_kib = self.max_rss_kib.max(status_kib("VmRSS").unwrap_or(0));
        }
        if !self.quiet && self.last_print.elapsed() >= Duration::from_secs(30) {
            eprintln!(
                "  {:>4.0}s: {} polls ({} failed, {} not modified), {} articles, {} in flight, {} pages queued",
                self.started.elapsed().as_secs_f64(),
                stats.polls,
                stats.polls_failed,
                stats.not_modified,
                stats.articles_new,
                in_flight,
                counts.pages_pending
            );
            self.last_print = Instant::now();
        }
        self.last = Some((stats.clone(), counts.clone()));
    }
}

fn measure(
    args: &WatchBenchArgs,
    hosts: usize,
    addr: std::net::SocketAddr,
    quiet: bool,
) -> Result<ExitCode> {
    let dir = tempfile::tempdir()?;
    let mut store = store::SqliteStore::open(&dir.path().join("bench.sqlite3"))?;
    let loopback_ip: IpAddr = addr.ip();
    let now = jiff::Timestamp::now().as_second();
    let interval = args.interval.max(1) as i64;
    // Sources start spread over one interval, as they are once a watch has run a while.
    for n in 0..args.sources {
        let (host, feed) = (
            n / args.feeds_per_host.max(1),
            n % args.feeds_per_host.max(1),
        );
        let url = format!(
            "http://{}:{}/feeds/{feed}.xml",
            loopback::host_name(host),
            addr.port()
        );
        let first_poll = now + (n as i64 * interval) / args.sources.max(1) as i64;
        store.add_source(
            &NewSource {
                url,
                kind: SourceKind::Feed,
                title: None,
                site_url: None,
                category: None,
                interval_secs: interval,
            },
            first_poll,
        )?;
    }
    let mut resolve: std::collections::HashMap<String, IpAddr> = (0..hosts)
        .map(|h| (loopback::host_name(h), loopback_ip))
        .collect();
    resolve.insert(loopback::CONTROL_HOST.to_string(), loopback_ip);
    let fetch_config = fetch::FetchConfig {
        addresses: fetch::AddressPolicy {
            allow_private: false,
            allowed: vec![loopback_ip],
        },
        resolve: resolve.clone(),
        ..fetch::FetchConfig::default()
    };
    let fetcher = Arc::new(fetch::Fetcher::new(fetch_config.clone())?);
    let fixed = Duration::from_secs(interval as u64);
    let config = monitor::WatchConfig {
        schedule: monitor::ScheduleConfig {
            initial: fixed,
            min: fixed,
            max: fixed,
            ..monitor::ScheduleConfig::default()
        },
        // Only what is published during the run is fetched, not the sites' backlog.
        backfill: Duration::from_secs(600),
        stop_after: Some(Duration::from_secs(args.seconds)),
        ..monitor::WatchConfig::default()
    };
    if !quiet {
        eprintln!(
            "watching {} sources on {hosts} simulated sites (served by a child process on {addr}), \
             every source every {interval}s, for {}s ({}s warm-up)",
            args.sources, args.seconds, args.warmup
        );
    }
    let mut sampler = Sampler {
        started: Instant::now(),
        warmup: Duration::from_secs(args.warmup.min(args.seconds.saturating_sub(1))),
        at_warmup: None,
        max_rss_kib: 0,
        last: None,
        quiet,
        last_print: Instant::now(),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let stats = runtime.block_on(monitor::watch(
        &mut store,
        fetcher,
        &config,
        &cluster::ClusterConfig::default(),
        None,
        &mut sampler,
        std::future::pending(),
    ))?;
    let end = (Instant::now(), cpu_seconds().unwrap_or(0.0));
    let (start_at, start_cpu, start_stats) = sampler
        .at_warmup
        .clone()
        .context("the run ended before the warm-up did")?;
    let wall = end.0.duration_since(start_at).as_secs_f64();
    let cpu_cores = (end.1 - start_cpu) / wall;
    let polls = stats.polls - start_stats.polls;
    let polls_per_second = polls as f64 / wall;
    let articles = stats.articles_new - start_stats.articles_new;
    let rss_mb = kib_to_mb(status_kib("VmRSS").unwrap_or(0));
    let window_rss_mb = kib_to_mb(sampler.max_rss_kib);
    let peak_rss_mb = kib_to_mb(status_kib("VmHWM").unwrap_or(0));

    // The sites' own log: the most requests any site saw within one interval of the gate.
    let control = fetch::Fetcher::new(fetch::FetchConfig {
        domain_interval: Duration::ZERO,
        domain_concurrency: 16,
        ..fetch_config
    })?;
    let window_ms = 990;
    let most = runtime.block_on(async {
        let control = Arc::new(control);
        let mut most = 0usize;
        let mut tasks = tokio::task::JoinSet::new();
        for h in 0..hosts {
            let control = control.clone();
            let url = format!(
                "http://{}:{}/max-requests-in-window?host={}&window_ms={window_ms}",
                loopback::CONTROL_HOST,
                addr.port(),
                loopback::host_name(h)
            );
            tasks.spawn(async move {
                match control.get(&url, fetch::Want::Page, None).await {
                    Ok(fetch::Outcome::Fetched(f)) => String::from_utf8_lossy(&f.body)
                        .trim()
                        .parse::<usize>()
                        .ok(),
                    _ => None,
                }
            });
            if tasks.len() >= 32
                && let Some(Ok(Some(n))) = tasks.join_next().await
            {
                most = most.max(n);
            }
        }
        while let Some(done) = tasks.join_next().await {
            if let Ok(Some(n)) = done {
                most = most.max(n);
            }
        }
        most
    });
    let counts = store.watch_counts()?;
    println!(
        "watch: {} sources, each polled every {interval}s, for {}s",
        args.sources, args.seconds
    );
    println!(
        "  measured after {}s of warm-up, over {wall:.0}s: {polls} polls ({polls_per_second:.1}/s; the schedule asks {:.1}/s), \
         {articles} new articles ({:.2}/s)",
        args.warmup,
        args.sources as f64 / interval as f64,
        articles as f64 / wall
    );
    println!(
        "  CPU: {cpu_cores:.3} cores; memory: {rss_mb:.0} MB resident at the end, {window_rss_mb:.0} MB at most while \
         measured, {peak_rss_mb:.0} MB peak (VmHWM, warm-up included)"
    );
    println!(
        "  all run: {} polls ({} failed, {} not modified), {} articles, {} requests, {:.1} MB; {} pages pending at the end",
        stats.polls,
        stats.polls_failed,
        stats.not_modified,
        stats.articles_new,
        stats.requests,
        stats.bytes as f64 / 1e6,
        counts.pages_pending
    );
    println!(
        "  politeness, from the sites' log: at most {most} request(s) to one site within {window_ms} ms \
         (the gate allows 1 a second)"
    );
    let figures = serde_json::json!({
        "sources": args.sources,
        "interval_seconds": interval,
        "measured_seconds": wall,
        "polls_per_second": polls_per_second,
        "articles_per_second": articles as f64 / wall,
        "cpu_cores": cpu_cores,
        "rss_mb": rss_mb,
        "max_rss_mb_measured": window_rss_mb,
        "peak_rss_mb": peak_rss_mb,
        "polls_failed": stats.polls_failed,
        "max_requests_per_site_per_second": most,
    });
    println!("{figures}");
    Ok(ExitCode::SUCCESS)
}
