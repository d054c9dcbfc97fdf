//! `corroborate bench serve`: a load test of the newsroom on loopback.
//!
//! The store is built first (not timed as serving): 10,000 stories by default, one of them of
//! 500 articles (the story of `bench compare`), the others of one to three short synthetic
//! articles with real extracted claims; stories are written as the clusterer would have
//! placed them. Every report is built once (timed: the background work a new store costs).
//! Then the server runs in this process on 127.0.0.1 and concurrent clients request, for a
//! fixed number of requests each: the 500-article story page and its JSON, pages of the story
//! list at random offsets (page and API), and searches of random words. For each scenario the
//! median and 90th percentile of the server time (the `Server-Timing` header: from the request
//! to the response head, the body rendered) and of the client's whole round trip are printed.
//! With `wrk` on PATH, each scenario's first URL is then loaded with it too, for figures from
//! a tool outside this program. The last line is JSON.

use anyhow::{Context, Result};
use clap::Args;
use model::{Article, ArticleClaims, ArticleId, StoryId};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;
use store::{ClusteringStep, Placement, SqliteStore, Store};

#[derive(Args)]
pub struct ServeBenchArgs {
    /// Stories in the store.
    #[arg(long, default_value_t = 10_000, value_name = "N")]
    stories: usize,
    /// Articles in the largest story.
    #[arg(long, default_value_t = 500, value_name = "N")]
    big: usize,
    /// Requests per scenario.
    #[arg(long, default_value_t = 300, value_name = "N")]
    requests: usize,
    /// Concurrent clients.
    #[arg(long, default_value_t = 8, value_name = "N")]
    concurrency: usize,
    /// Also load each scenario's first URL with `wrk` (when it is on PATH) for this many
    /// seconds, with as many connections as `--concurrency`; 0 skips it.
    #[arg(long, default_value_t = 10, value_name = "SECONDS")]
    wrk_seconds: u64,
}

/// `wrk`'s figures for one URL: latency percentiles in milliseconds and requests per second.
struct WrkFigures {
    p50: f64,
    p90: f64,
    p99: f64,
    requests_per_s: f64,
    /// Answers other than 2xx or 3xx, and socket errors.
    errors: u64,
}

/// A duration as wrk prints it ("812.00us", "1.23ms", "2.00s"), in milliseconds.
fn wrk_millis(text: &str) -> Option<f64> {
    let text = text.trim();
    for (unit, scale) in [("us", 0.001), ("ms", 1.0), ("s", 1000.0), ("m", 60_000.0)] {
        if let Some(number) = text.strip_suffix(unit) {
            return number.parse::<f64>().ok().map(|n| n * scale);
        }
    }
    None
}

/// Reads the `--latency` output of wrk.
fn parse_wrk(output: &str) -> Option<WrkFigures> {
    let percentile = |label: &str| {
        output
            .lines()
            .map(str::trim)
            .find_map(|line| line.strip_prefix(label))
            .and_then(wrk_millis)
    };
    let requests_per_s = output
        .lines()
        .find_map(|line| line.trim().strip_prefix("Requests/sec:"))
        .and_then(|v| v.trim().parse().ok())?;
    let errors = output
        .lines()
        .map(str::trim)
        .filter_map(|line| {
            if let Some(count) = line.strip_prefix("Non-2xx or 3xx responses:") {
                return count.trim().parse::<u64>().ok();
            }
            // "Socket errors: connect 0, read 2, write 0, timeout 1"
            line.strip_prefix("Socket errors:").map(|rest| {
                rest.split(',')
                    .filter_map(|part| part.split_whitespace().last()?.parse::<u64>().ok())
                    .sum()
            })
        })
        .sum();
    Some(WrkFigures {
        errors,
        p50: percentile("50%")?,
        p90: percentile("90%")?,
        p99: percentile("99%")?,
        requests_per_s,
    })
}

/// Runs wrk on one URL.
fn run_wrk(url: &str, seconds: u64, connections: usize) -> Result<WrkFigures> {
    let output = std::process::Command::new("wrk")
        .args([
            "-t",
            &connections.clamp(1, 2).to_string(),
            "-c",
            &connections.max(1).to_string(),
            "-d",
            &format!("{seconds}s"),
            "--latency",
            url,
        ])
        .output()
        .context("cannot run wrk")?;
    let text = String::from_utf8_lossy(&output.stdout);
    parse_wrk(&text).with_context(|| format!("cannot read wrk's output:\n{text}"))
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}

const WORDS: &[&str] = &[
    "harbour",
    "council",
    "bridge",
    "election",
    "strike",
    "flood",
    "budget",
    "railway",
    "school",
    "hospital",
    "court",
    "minister",
    "festival",
    "airport",
    "storm",
    "wildfire",
    "museum",
    "treaty",
    "market",
    "factory",
    "protest",
    "vaccine",
    "drought",
    "tunnel",
    "stadium",
    "harvest",
    "pipeline",
    "satellite",
    "ferry",
    "mayor",
    "senate",
    "tariff",
    "refinery",
    "glacier",
    "earthquake",
    "orchestra",
    "library",
    "reservoir",
    "dockworkers",
    "inspectors",
];

const PLACES: &[&str] = &[
    "Lindqvist",
    "Ostmark",
    "Veska",
    "Aldmere",
    "Port Celine",
    "Brannock",
    "Tessaly",
    "Quorra",
    "Halden Bay",
    "Myrefell",
    "Castellan",
    "Dunmore",
    "Eskerholt",
    "Vantor",
    "Sablewood",
];

use crate::bench_compare::Lcg;

/// One of `items`, chosen by the generator.
fn pick<'a>(random: &mut Lcg, items: &[&'a str]) -> &'a str {
    items[(random.next() as usize) % items.len()]
}

/// A short article of a small story: a headline and two paragraphs with figures and a quote.
fn small_article(story: usize, n: usize, random: &mut Lcg) -> (Article, ArticleClaims) {
    let (a, b, place) = (
        pick(random, WORDS),
        pick(random, WORDS),
        pick(random, PLACES),
    );
    let count = 3 + random.next() % 200;
    let published =
        jiff::Timestamp::from_second(1_767_225_600 + story as i64 * 900 + n as i64 * 60)
            .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    let title = format!(
        "{place} {a} talks reach day {} as {b} row deepens",
        story % 97
    );
    let text = format!(
        "{place} officials said on Tuesday that at least {count} people had joined the {a} dispute, \
         which began over the {b} plan.\n\n\"We will not accept it,\" said {place} mayor Ana Ruiz, \
         adding that about {} {b} workers were affected by story {story}.",
        count * 3
    );
    let claims = claims::extract_claims(&text, Some(published), Some("en")).value;
    let id = format!("serve-{story}-{n}");
    (
        Article {
            id: ArticleId(id.clone()),
            key: id,
            url: Some(format!("https://outlet{}.example/{story}/{n}", n % 7)),
            outlet: Some(format!("Outlet {}", (story + n) % 40)),
            title: Some(title),
            published_at: Some(published),
            language: Some("en".into()),
            text,
            origin: "bench".into(),
            signals: Default::default(),
        },
        claims,
    )
}

/// Writes the stories into the store as the clusterer would have placed them.
fn build_store(path: &std::path::Path, args: &ServeBenchArgs) -> Result<StoryId> {
    let mut store = SqliteStore::open(path)?;
    let mut random = Lcg(0x5e7e);
    let mut doc: u64 = 0;
    let mut placements: Vec<Placement> = Vec::new();
    let mut batch: Vec<(Article, ArticleClaims)> = Vec::new();
    let big = crate::bench_compare::story(args.big.max(1))?;
    let mut doc_of: std::collections::HashMap<ArticleId, u64> = Default::default();
    for (article, claims, duplicate_of) in big {
        doc_of.insert(article.id.clone(), doc);
        placements.push(Placement {
            article: article.id.clone(),
            doc,
            story: 0,
            duplicate_of: duplicate_of.and_then(|d| doc_of.get(&d).copied()),
            merged: Vec::new(),
            title: "Aldmere flood: the death toll over a week of reports".into(),
            published_at: article.published_at,
        });
        batch.push((article, claims));
        doc += 1;
    }
    for story in 1..args.stories.max(1) {
        let articles = 1 + (random.next() % 3) as usize;
        for n in 0..articles {
            let (article, claims) = small_article(story, n, &mut random);
            placements.push(Placement {
                article: article.id.clone(),
                doc,
                story: story as u64,
                duplicate_of: None,
                merged: Vec::new(),
                title: article.title.clone().unwrap_or_default(),
                published_at: article.published_at,
            });
            batch.push((article, claims));
            doc += 1;
        }
        if batch.len() >= 2000 {
            store.put_articles(&batch)?;
            batch.clear();
        }
    }
    store.put_articles(&batch)?;
    // One clustering step for all (no clusterer snapshot: the store is for serving only).
    store.save_clustering(&ClusteringStep {
        placements,
        snapshot: Vec::new(),
        through: i64::MAX,
    })?;
    let big = store
        .stories()?
        .into_iter()
        .max_by_key(|s| s.article_count)
        .context("no story was stored")?;
    Ok(big.id)
}

struct Scenario {
    name: &'static str,
    paths: Vec<String>,
}

struct Timing {
    server_ms: Vec<f64>,
    client_ms: Vec<f64>,
    bytes: usize,
    failures: usize,
}

fn percentile(values: &mut [f64], q: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    let index = ((values.len() - 1) as f64 * q).round() as usize;
    values[index.min(values.len() - 1)]
}

async fn load(
    client: &reqwest::Client,
    base: &str,
    scenario: &Scenario,
    concurrency: usize,
) -> Timing {
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let paths = Arc::new(scenario.paths.clone());
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..concurrency.max(1) {
        let (client, base, next, paths) = (
            client.clone(),
            base.to_string(),
            next.clone(),
            paths.clone(),
        );
        tasks.spawn(async move {
            let mut timing = Timing {
                server_ms: Vec::new(),
                client_ms: Vec::new(),
                bytes: 0,
                failures: 0,
            };
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(path) = paths.get(i) else { break };
                let started = Instant::now();
                match client.get(format!("{base}{path}")).send().await {
                    Ok(response) if response.status().is_success() => {
                        let server = response
                            .headers()
                            .get("server-timing")
                            .and_then(|v| v.to_str().ok())
                            .and_then(|v| v.split("dur=").nth(1))
                            .and_then(|v| v.parse::<f64>().ok());
                        match response.bytes().await {
                            Ok(body) => {
                                timing.bytes += body.len();
                                timing
                                    .client_ms
                                    .push(started.elapsed().as_secs_f64() * 1000.0);
                                if let Some(server) = server {
                                    timing.server_ms.push(server);
                                }
                            }
                            Err(_) => timing.failures += 1,
                        }
                    }
                    _ => timing.failures += 1,
                }
            }
            timing
        });
    }
    let mut all = Timing {
        server_ms: Vec::new(),
        client_ms: Vec::new(),
        bytes: 0,
        failures: 0,
    };
    while let Some(Ok(part)) = tasks.join_next().await {
        all.server_ms.extend(part.server_ms);
        all.client_ms.extend(part.client_ms);
        all.bytes += part.bytes;
        all.failures += part.failures;
    }
    all
}

pub fn run(args: &ServeBenchArgs, quiet: bool) -> Result<ExitCode> {
    let dir = tempfile::tempdir().context("cannot make a temporary folder")?;
    let path = dir.path().join("corroborate.sqlite3");
    let started = Instant::now();
    let big = build_store(&path, args)?;
    if !quiet {
        eprintln!(
            "stored {} stories ({} articles in the largest) in {:.1} s",
            args.stories,
            args.big,
            started.elapsed().as_secs_f64()
        );
    }
    let mut config = web::Config::new(path.clone());
    config.readers = 4;
    // The background refresher has nothing to do once every report is built.
    config.refresh_every = std::time::Duration::from_secs(3600);
    let state = web::AppState::open(config).map_err(|e| anyhow::anyhow!(e.message))?;
    let runtime = crate::watching::runtime()?;
    let build_started = Instant::now();
    let built = runtime
        .block_on(state.refresh_all())
        .map_err(|e| anyhow::anyhow!(e.message))?;
    let build_seconds = build_started.elapsed().as_secs_f64();
    // The 500-article story's report on its own, as after a new article or a decision.
    let mut big_builds = Vec::new();
    {
        let reader = SqliteStore::open(&path)?;
        for _ in 0..3 {
            let start = Instant::now();
            pipeline::build_story(&reader, &big, jiff::Timestamp::now())?;
            big_builds.push(start.elapsed().as_secs_f64());
        }
    }
    let big_build = percentile(&mut big_builds, 0.5);
    if !quiet {
        eprintln!(
            "built {built} reports in {build_seconds:.1} s; the {}-article story's report alone takes {big_build:.3} s",
            args.big
        );
    }
    let mut random = Lcg(0xbe7c);
    let pages = args.stories.div_ceil(50).max(1);
    let n = args.requests.max(1);
    let scenarios = vec![
        Scenario {
            name: "story_page",
            paths: vec![format!("/stories/{big}"); n],
        },
        Scenario {
            name: "story_api",
            paths: vec![format!("/api/stories/{big}"); n],
        },
        Scenario {
            name: "list_page",
            paths: (0..n)
                .map(|_| format!("/?offset={}", (random.next() as usize % pages) * 50))
                .collect(),
        },
        Scenario {
            name: "list_api",
            paths: (0..n)
                .map(|_| {
                    format!(
                        "/api/stories?offset={}",
                        (random.next() as usize % pages) * 50
                    )
                })
                .collect(),
        },
        Scenario {
            name: "search_page",
            paths: (0..n)
                .map(|_| format!("/?q={}", pick(&mut random, WORDS)))
                .collect(),
        },
        Scenario {
            name: "search_api",
            paths: (0..n)
                .map(|_| {
                    format!(
                        "/api/stories?q={}+{}",
                        pick(&mut random, WORDS),
                        pick(&mut random, PLACES).replace(' ', "+")
                    )
                })
                .collect(),
        },
    ];
    let (tx, rx) = tokio::sync::oneshot::channel::<std::net::SocketAddr>();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = runtime.spawn(web::serve(
        state,
        "127.0.0.1:0".parse()?,
        move |addr| {
            let _ = tx.send(addr);
        },
        async move {
            let _ = stop_rx.await;
        },
    ));
    let addr = runtime.block_on(rx).context("the server did not start")?;
    let base = format!("http://{addr}");
    // reqwest is built without a TLS provider of its own; it needs one even for http://.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(args.concurrency.max(1))
        .build()
        .context("cannot build the HTTP client")?;
    let mut results = serde_json::Map::new();
    println!(
        "{:<16} {:>8} {:>12} {:>12} {:>12} {:>12} {:>9} {:>9}",
        "scenario",
        "requests",
        "server p50",
        "server p90",
        "client p50",
        "client p90",
        "KB/resp",
        "failures"
    );
    for scenario in &scenarios {
        // One request first, so caches are as a reader finds them.
        let _ = runtime.block_on(client.get(format!("{base}{}", scenario.paths[0])).send());
        let mut timing = runtime.block_on(load(&client, &base, scenario, args.concurrency));
        let answered = timing.client_ms.len();
        let server50 = percentile(&mut timing.server_ms, 0.5);
        let server90 = percentile(&mut timing.server_ms, 0.9);
        let client50 = percentile(&mut timing.client_ms, 0.5);
        let client90 = percentile(&mut timing.client_ms, 0.9);
        let kb = timing.bytes as f64 / answered.max(1) as f64 / 1024.0;
        println!(
            "{:<16} {:>8} {:>10.1}ms {:>10.1}ms {:>10.1}ms {:>10.1}ms {:>9.1} {:>9}",
            scenario.name, answered, server50, server90, client50, client90, kb, timing.failures
        );
        results.insert(
            scenario.name.to_string(),
            serde_json::json!({
                "server_ms_median": server50, "server_ms_p90": server90,
                "client_ms_median": client50, "client_ms_p90": client90,
                "requests": answered, "failures": timing.failures, "kb_per_response": kb,
            }),
        );
    }
    if args.wrk_seconds > 0 {
        if on_path("wrk") {
            println!(
                "\nwrk, {} connections, {} s per URL (client-side latency):",
                args.concurrency, args.wrk_seconds
            );
            println!(
                "{:<16} {:>10} {:>10} {:>10} {:>10} {:>8}",
                "scenario", "p50", "p90", "p99", "req/s", "errors"
            );
            let mut wrk = serde_json::Map::new();
            for scenario in &scenarios {
                let url = format!("{base}{}", scenario.paths[0]);
                // wrk blocks; the server keeps running on the runtime's threads.
                match run_wrk(&url, args.wrk_seconds, args.concurrency) {
                    Ok(f) => {
                        if f.errors > 0 {
                            let probe = runtime.block_on(async {
                                let response = client.get(&url).send().await?;
                                let status = response.status();
                                let body = response.text().await?;
                                Ok::<_, reqwest::Error>(format!(
                                    "{status}: {}",
                                    body.chars().take(200).collect::<String>()
                                ))
                            });
                            eprintln!("wrk saw errors on {url}; a request now gives {probe:?}");
                        }
                        println!(
                            "{:<16} {:>8.1}ms {:>8.1}ms {:>8.1}ms {:>10.0} {:>8}",
                            scenario.name, f.p50, f.p90, f.p99, f.requests_per_s, f.errors
                        );
                        wrk.insert(
                            scenario.name.to_string(),
                            serde_json::json!({
                                "ms_median": f.p50, "ms_p90": f.p90, "ms_p99": f.p99,
                                "requests_per_s": f.requests_per_s, "errors": f.errors,
                            }),
                        );
                    }
                    Err(e) => eprintln!("wrk on {url}: {e:#}"),
                }
            }
            results.insert("wrk".into(), serde_json::Value::Object(wrk));
        } else if !quiet {
            eprintln!("wrk is not on PATH: skipped (Debian: apt-get install wrk)");
        }
    }
    let _ = stop_tx.send(());
    let _ = runtime.block_on(server);
    results.insert("stories".into(), args.stories.into());
    results.insert("big_story_articles".into(), args.big.into());
    results.insert("concurrency".into(), args.concurrency.into());
    results.insert("reports_built".into(), built.into());
    results.insert("report_build_all_s".into(), build_seconds.into());
    results.insert("big_report_build_s".into(), big_build.into());
    println!("{}", serde_json::Value::Object(results));
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrk_output_is_read() {
        let output = "Running 10s test @ http://127.0.0.1:1/\n  2 threads and 8 connections\n  \
            Latency Distribution\n     50%  812.00us\n     75%    1.20ms\n     90%    2.50ms\n     \
            99%    1.01s\n  1234 requests in 10.00s, 1.00MB read\n  Socket errors: connect 0, read 2, write 0, timeout 1\n  \
            Non-2xx or 3xx responses: 4\nRequests/sec:    123.40\n";
        let figures = parse_wrk(output).unwrap();
        assert!((figures.p50 - 0.812).abs() < 1e-9);
        assert!((figures.p90 - 2.5).abs() < 1e-9);
        assert!((figures.p99 - 1010.0).abs() < 1e-6);
        assert!((figures.requests_per_s - 123.4).abs() < 1e-9);
        assert_eq!(figures.errors, 7);
        assert!(parse_wrk("nothing").is_none());
    }
}
