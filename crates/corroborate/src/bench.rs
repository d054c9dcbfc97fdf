//! `corroborate bench <stage> --data DIR`: our speed next to a peer's, measured in the same run.

use anyhow::Result;
use clap::{Args, Subcommand, ValueEnum};
use eval::extraction::DataSet;
use eval::metrics::{PageScore, SetScore, score_page, score_set};
use serde::Deserialize;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

#[derive(Subcommand)]
pub enum BenchCommand {
    /// Main-text extraction: ours and Python's trafilatura on the same pages, each on one
    /// thread, with pages/s, MB/s, token-shingle F1 and the speed ratio.
    #[command(
        after_help = "Examples:\n  corroborate bench extraction --data ../shared/data/extraction\n  \
                            corroborate bench extraction --data ../shared/data/extraction --peer none --rounds 5\n\n\
                            The peer runs in a virtual environment that scripts/peer-venv.sh creates on first use \
                            (target/peer-venv, or $CORROBORATE_PEER_VENV) with a pinned trafilatura from PyPI. \
                            The last line is JSON."
    )]
    Extraction(ExtractionArgs),
    /// Near-duplicates and story clustering: the copies we find against the exact truth, our
    /// documents/s, a synthetic stream's speed and peak memory, and Python's datasketch +
    /// scikit-learn on the same documents.
    #[command(
        after_help = "Examples:\n  corroborate bench clustering --data ../shared/data/clustering\n  \
                            corroborate bench clustering --data ../shared/data/clustering --synthetic 1000000\n  \
                            corroborate bench clustering --synthetic 100000 --peer none\n\n\
                            The peer runs in the virtual environment of scripts/peer-venv.sh (created on first use, \
                            with pinned scikit-learn and datasketch from PyPI). The synthetic stream runs in a child \
                            process so that its peak memory is its own. The last line is JSON."
    )]
    Clustering(crate::bench_clustering::ClusteringArgs),
    /// The claim extractors that read every sentence (temporal expressions and quantities):
    /// MB/s of article text on one thread, each alone and both together.
    #[command(
        after_help = "Example:\n  corroborate bench claims --data ../shared/data/temporal/TBAQ-cleaned\n\n\
                            The last line is JSON."
    )]
    Claims(crate::bench_claims::ClaimsArgs),
    /// The comparison of one large story (500 articles by default, made from the bundled
    /// sample with figures shifted and copies mixed in) on one core: median seconds.
    #[command(
        after_help = "Example:\n  corroborate bench compare --articles 500 --rounds 5\n\n\
                            There is no peer: no other tool compares claims across articles. The last line is JSON."
    )]
    Compare(crate::bench_compare::CompareArgs),
    /// Watching many sources: a loopback server in a child process plays the sites (10,000
    /// RSS feeds on 1,000 sites by default), and the watcher polls each on a fixed interval;
    /// polls/s, the watcher's CPU and memory in steady state, and the most requests any site
    /// saw within a second.
    #[command(
        after_help = "Examples:\n  corroborate bench watch\n  corroborate bench watch --sources 10000 --interval 300 --seconds 600 --warmup 120\n\n\
                            There is no peer in the same run: feed readers (Miniflux, FreshRSS) are servers with \
                            their own databases, not tools that can be timed on the same input. The last line is JSON."
    )]
    Watch(crate::bench_watch::WatchBenchArgs),
    /// A load test of the newsroom (`serve`) on loopback: a store of 10,000 stories, one of
    /// 500 articles; concurrent clients request the large story's page and JSON, pages of the
    /// story list and searches; median and 90th percentile server and client times.
    #[command(
        after_help = "Example:\n  corroborate bench serve --stories 10000 --big 500 --requests 300 --concurrency 8\n\n\
                            The server time is each response's Server-Timing header (request to response \
                            head, the page rendered). There is no peer in the same run: no other tool \
                            serves corroborated stories. The last line is JSON."
    )]
    Serve(crate::bench_serve::ServeBenchArgs),
}

#[derive(Args)]
pub struct ExtractionArgs {
    /// A folder holding one or more sets (`ground-truth.json` + `html/`), searched recursively.
    #[arg(long, value_name = "DIR")]
    data: PathBuf,
    /// The extractor timed against ours in the same run; `none` times only ours.
    #[arg(long, value_enum, default_value_t = Peer::Trafilatura)]
    peer: Peer,
    /// Timed rounds over every page, for ours and for the peer; the median round is reported.
    #[arg(long, value_name = "N", default_value_t = 3,
          value_parser = clap::value_parser!(u32).range(1..))]
    rounds: u32,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Peer {
    /// trafilatura (Python), default settings, plus its fast mode.
    Trafilatura,
    /// No peer: only our figures.
    #[value(name = "none")]
    NoPeer,
}

pub fn run(command: &BenchCommand, quiet: bool) -> Result<ExitCode> {
    match command {
        BenchCommand::Extraction(args) => extraction(args, quiet),
        BenchCommand::Clustering(args) => crate::bench_clustering::run(args, quiet),
        BenchCommand::Claims(args) => crate::bench_claims::run(args, quiet),
        BenchCommand::Watch(args) => crate::bench_watch::run(args, quiet),
        BenchCommand::Compare(args) => crate::bench_compare::run(args, quiet),
        BenchCommand::Serve(args) => crate::bench_serve::run(args, quiet),
    }
}

/// Our figures for one set.
struct OurSet {
    name: String,
    pages: usize,
    megabytes: f64,
    seconds: f64,
    score: SetScore,
}

/// The peer's figures, as the last line of `scripts/peer_extraction.py` gives them.
#[derive(Deserialize)]
struct PeerFigures {
    version: String,
    pages_per_s: f64,
    mb_per_s: f64,
    fast_pages_per_s: Option<f64>,
    f1: f64,
    fast_f1: Option<f64>,
    peak_rss_mb: Option<f64>,
    sets: Vec<PeerSet>,
}

#[derive(Deserialize)]
struct PeerSet {
    name: String,
    pages: usize,
    pages_per_s: f64,
    mb_per_s: f64,
    fast_pages_per_s: Option<f64>,
    f1: f64,
}

fn extraction(args: &ExtractionArgs, quiet: bool) -> Result<ExitCode> {
    let sets = eval::extraction::find_sets(&args.data)?;
    let rss_loaded_mb = status_kib("VmRSS").map(kib_to_mb);
    let rounds = args.rounds as usize;

    // Ours: every page on this thread, `rounds` times; the first round's text is scored.
    let mut round_seconds: Vec<Vec<f64>> = Vec::with_capacity(rounds);
    let mut scores: Vec<Vec<PageScore>> = vec![Vec::new(); sets.len()];
    for round in 0..rounds {
        if !quiet {
            eprintln!("ours: round {}/{rounds}", round + 1);
        }
        let mut seconds = Vec::with_capacity(sets.len());
        for (set, set_scores) in sets.iter().zip(&mut scores) {
            let mut elapsed = Duration::ZERO;
            for page in &set.pages {
                let start = Instant::now();
                let text = extract::extract(&page.html, page.url.as_deref(), None, &page.id)
                    .value
                    .text();
                elapsed += start.elapsed();
                if round == 0 {
                    set_scores.push(score_page(&page.truth, &text));
                }
                std::hint::black_box(text);
            }
            seconds.push(elapsed.as_secs_f64());
        }
        round_seconds.push(seconds);
    }
    let peak_rss_mb = status_kib("VmHWM").map(kib_to_mb);
    let ours: Vec<OurSet> = sets
        .iter()
        .enumerate()
        .map(|(i, set)| OurSet {
            name: set.name.clone(),
            pages: set.pages.len(),
            megabytes: megabytes(set),
            seconds: median(&round_seconds.iter().map(|r| r[i]).collect::<Vec<_>>()),
            score: score_set(&scores[i]),
        })
        .collect();
    let total_seconds = median(
        &round_seconds
            .iter()
            .map(|r| r.iter().sum())
            .collect::<Vec<f64>>(),
    );
    let pages: usize = ours.iter().map(|s| s.pages).sum();
    let total_megabytes: f64 = ours.iter().map(|s| s.megabytes).sum();
    let overall = score_set(&scores.concat());
    let pages_per_s = pages as f64 / total_seconds.max(1e-9);
    let mb_per_s = total_megabytes / total_seconds.max(1e-9);

    // The peer, after ours, so the two never share the cores.
    let peer = match args.peer {
        Peer::NoPeer => Err("not run (--peer none)".to_string()),
        Peer::Trafilatura => run_trafilatura(&args.data, args.rounds, quiet),
    };
    let peer_name = peer
        .as_ref()
        .ok()
        .map(|p| format!("trafilatura {}", p.version));
    let peer_set = |name: &str| {
        peer.as_ref()
            .ok()
            .and_then(|p| p.sets.iter().find(|s| s.name == name))
    };

    let mut table = String::new();
    let peer_title = peer_name.as_deref().unwrap_or("trafilatura");
    table.push_str(&format!(
        "{:<30}{:-^27}   {:-^37}\n",
        "",
        " ours ",
        format!(" {peer_title} ")
    ));
    table.push_str(&format!(
        "{:<22} {:>6} {:>9} {:>8} {:>8}   {:>9} {:>8} {:>8} {:>9}   {:>8}\n",
        "set", "pages", "pages/s", "MB/s", "F1", "pages/s", "MB/s", "F1", "fast p/s", "speedup"
    ));
    let mut set_figures = Vec::with_capacity(ours.len());
    let mut mismatched = Vec::new();
    for set in &ours {
        let ours_rate = set.pages as f64 / set.seconds.max(1e-9);
        let ours_mb = set.megabytes / set.seconds.max(1e-9);
        let theirs = peer_set(&set.name);
        if theirs.is_some_and(|t| t.pages != set.pages) {
            mismatched.push(set.name.as_str());
        }
        let speedup = theirs.map(|t| ours_rate / t.pages_per_s.max(1e-9));
        table.push_str(&format!(
            "{:<22} {:>6} {:>9.1} {:>8.2} {:>8.4}   {:>9} {:>8} {:>8} {:>9}   {:>8}\n",
            set.name,
            set.pages,
            ours_rate,
            ours_mb,
            set.score.f1,
            cell(theirs.map(|t| t.pages_per_s), 1),
            cell(theirs.map(|t| t.mb_per_s), 2),
            cell(theirs.map(|t| t.f1), 4),
            cell(theirs.and_then(|t| t.fast_pages_per_s), 1),
            ratio(speedup),
        ));
        set_figures.push(serde_json::json!({
            "name": set.name,
            "pages": set.pages,
            "megabytes": set.megabytes,
            "seconds_median": set.seconds,
            "pages_per_s": ours_rate,
            "mb_per_s": ours_mb,
            "precision": set.score.precision,
            "recall": set.score.recall,
            "f1": set.score.f1,
            "peer_pages_per_s": theirs.map(|t| t.pages_per_s),
            "peer_mb_per_s": theirs.map(|t| t.mb_per_s),
            "peer_fast_pages_per_s": theirs.and_then(|t| t.fast_pages_per_s),
            "peer_f1": theirs.map(|t| t.f1),
            "speedup": speedup,
        }));
    }
    let theirs = peer.as_ref().ok();
    let speedup = theirs.map(|t| pages_per_s / t.pages_per_s.max(1e-9));
    let fast_speedup = theirs
        .and_then(|t| t.fast_pages_per_s)
        .map(|fast| pages_per_s / fast.max(1e-9));
    table.push_str(&format!(
        "{:<22} {:>6} {:>9.1} {:>8.2} {:>8.4}   {:>9} {:>8} {:>8} {:>9}   {:>8}\n\n",
        "all",
        pages,
        pages_per_s,
        mb_per_s,
        overall.f1,
        cell(theirs.map(|t| t.pages_per_s), 1),
        cell(theirs.map(|t| t.mb_per_s), 2),
        cell(theirs.map(|t| t.f1), 4),
        cell(theirs.and_then(|t| t.fast_pages_per_s), 1),
        ratio(speedup),
    ));
    table.push_str(&format!(
        "Median of {rounds} round(s), one thread each, extraction calls only; MB are uncompressed \
         HTML ({total_megabytes:.1} MB in all).\n"
    ));
    match (&peer, speedup) {
        (Ok(p), Some(speedup)) => {
            table.push_str(&format!(
                "Speed ratio ours/trafilatura {}: {speedup:.2}x against its default mode",
                p.version
            ));
            if let (Some(fast), Some(fast_f1)) = (fast_speedup, p.fast_f1) {
                table.push_str(&format!(
                    ", {fast:.2}x against its fast mode (F1 {fast_f1:.4})"
                ));
            }
            table.push_str(".\n");
        }
        (Err(reason), _) => table.push_str(&format!("trafilatura: {reason}\n")),
        (Ok(_), None) => {}
    }
    if !mismatched.is_empty() {
        table.push_str(&format!(
            "Warning: the peer read a different number of pages in {}.\n",
            mismatched.join(", ")
        ));
    }
    table.push_str(&format!(
        "Peak resident memory: ours {} (the pages held in memory included; {} after loading \
         them), trafilatura {}.\n",
        megabytes_cell(peak_rss_mb),
        megabytes_cell(rss_loaded_mb),
        megabytes_cell(theirs.and_then(|t| t.peak_rss_mb)),
    ));

    let figures = serde_json::json!({
        "pages": pages,
        "megabytes": total_megabytes,
        "rounds": rounds,
        "seconds_median": total_seconds,
        "pages_per_s": pages_per_s,
        "mb_per_s": mb_per_s,
        "peak_rss_mb": peak_rss_mb,
        "rss_loaded_mb": rss_loaded_mb,
        "peer": peer_name,
        "peer_error": peer.as_ref().err(),
        "peer_pages_per_s": theirs.map(|t| t.pages_per_s),
        "peer_mb_per_s": theirs.map(|t| t.mb_per_s),
        "peer_fast_pages_per_s": theirs.and_then(|t| t.fast_pages_per_s),
        "peer_peak_rss_mb": theirs.and_then(|t| t.peak_rss_mb),
        "speedup": speedup,
        "fast_speedup": fast_speedup,
        "f1": overall.f1,
        "precision": overall.precision,
        "recall": overall.recall,
        "peer_f1": theirs.map(|t| t.f1),
        "peer_fast_f1": theirs.and_then(|t| t.fast_f1),
        "sets": set_figures,
    });
    table.push_str(&format!("{figures}\n"));
    crate::write_stdout(&table)?;
    Ok(ExitCode::SUCCESS)
}

fn megabytes(set: &DataSet) -> f64 {
    set.pages.iter().map(|p| p.html.len()).sum::<usize>() as f64 / 1e6
}

/// A table cell: the value with `decimals` decimals, or `-` when there is none.
pub(crate) fn cell(value: Option<f64>, decimals: usize) -> String {
    value.map_or_else(|| "-".to_string(), |v| format!("{v:.decimals$}"))
}

pub(crate) fn ratio(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_string(), |v| format!("{v:.2}x"))
}

pub(crate) fn megabytes_cell(value: Option<f64>) -> String {
    value.map_or_else(|| "unknown".to_string(), |v| format!("{v:.0} MB"))
}

/// The median of `values` (the mean of the two middle ones for an even count; 0 for none).
pub(crate) fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    match n {
        0 => 0.0,
        _ if n % 2 == 1 => sorted[n / 2],
        _ => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

pub(crate) fn kib_to_mb(kib: u64) -> f64 {
    kib as f64 * 1024.0 / 1e6
}

/// A `kB` field of this process's `/proc/self/status` (`VmHWM` is the peak resident set), or
/// `None` where there is no such file.
pub(crate) fn status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    parse_status_kib(&status, field)
}

/// The value of `field` in the text of a `/proc/<pid>/status` file, in kB.
fn parse_status_kib(status: &str, field: &str) -> Option<u64> {
    status.lines().find_map(|line| {
        let (name, rest) = line.split_once(':')?;
        if name != field {
            return None;
        }
        rest.trim().strip_suffix("kB")?.trim().parse().ok()
    })
}

/// Where `scripts/` is (the folder holding `script`): the source tree this binary was built
/// from, else the current folder.
pub(crate) fn scripts_dir(script: &str) -> Option<PathBuf> {
    let built_from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .map(|root| root.join("scripts"));
    built_from
        .into_iter()
        .chain(std::iter::once(PathBuf::from("scripts")))
        .find(|dir| dir.join(script).is_file())
}

/// Sets up the peer's venv and runs `scripts/peer_extraction.py`; on failure, says why.
fn run_trafilatura(data: &Path, rounds: u32, quiet: bool) -> Result<PeerFigures, String> {
    let scripts = scripts_dir("peer_extraction.py").ok_or(
        "not run: scripts/peer_extraction.py was found neither in the source tree this binary \
         was built from nor in the current folder",
    )?;
    if !quiet {
        eprintln!("trafilatura: setting up its venv (scripts/peer-venv.sh)");
    }
    let python = peer_python(&scripts, None, quiet)?;
    let out = run_child(
        Command::new(&python)
            .arg(scripts.join("peer_extraction.py"))
            .arg("--data")
            .arg(data)
            .arg("--rounds")
            .arg(rounds.to_string()),
        "scripts/peer_extraction.py",
        quiet,
    )
    .map_err(|e| format!("no figures: {e}"))?;
    last_json_line(&out, "scripts/peer_extraction.py")
}

/// The python of the peer's virtual environment, which `scripts/peer-venv.sh [kind]` creates
/// on first use and names on its last line.
pub(crate) fn peer_python(
    scripts: &Path,
    kind: Option<&str>,
    quiet: bool,
) -> Result<String, String> {
    let mut command = Command::new("bash");
    command.arg(scripts.join("peer-venv.sh")).args(kind);
    let out = run_child(&mut command, "scripts/peer-venv.sh", quiet)
        .map_err(|e| format!("not run: {e}"))?;
    out.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .map(|l| l.trim().to_string())
        .ok_or_else(|| "not run: scripts/peer-venv.sh printed no python path".to_string())
}

/// A peer script's figures: the JSON on the last non-empty line of its output.
pub(crate) fn last_json_line<T: serde::de::DeserializeOwned>(
    out: &str,
    script: &str,
) -> Result<T, String> {
    let last = out
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    serde_json::from_str(last)
        .map_err(|e| format!("no figures: the last line of {script} is not its JSON ({e})"))
}

/// Runs `command` and returns its standard output. Its standard error is echoed, indented,
/// unless `quiet`; on failure, the error names `what`, the exit status and the last line the
/// command wrote to standard error.
pub(crate) fn run_child(command: &mut Command, what: &str, quiet: bool) -> Result<String, String> {
    let program = command.get_program().to_string_lossy().into_owned();
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {program} for {what}: {e}"))?;
    let stderr = child.stderr.take();
    let echo = std::thread::spawn(move || {
        let mut last = String::new();
        if let Some(stderr) = stderr {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if !quiet {
                    eprintln!("  {line}");
                }
                if !line.trim().is_empty() {
                    last = line;
                }
            }
        }
        last
    });
    let mut stdout = String::new();
    let read = child
        .stdout
        .take()
        .map(|mut out| out.read_to_string(&mut stdout));
    let status = child.wait().map_err(|e| format!("{what}: {e}"))?;
    let last = echo.join().unwrap_or_default();
    if !status.success() {
        let said = if last.is_empty() {
            String::new()
        } else {
            format!(": {}", last.trim())
        };
        return Err(format!("{what} failed ({status}){said}"));
    }
    if let Some(Err(e)) = read {
        return Err(format!("cannot read the output of {what}: {e}"));
    }
    Ok(stdout)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_takes_the_middle() {
        assert_eq!(median(&[]), 0.0);
        assert_eq!(median(&[2.0]), 2.0);
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), 2.5);
        // One slow round (a cold cache) does not move it.
        assert_eq!(median(&[9.0, 1.0, 1.1]), 1.1);
    }

    #[test]
    fn status_fields_parse_in_kb() {
        let status = "Name:\tcorroborate\nVmPeak:\t  123456 kB\nVmHWM:\t   20480 kB\nThreads:\t1\n";
        assert_eq!(parse_status_kib(status, "VmHWM"), Some(20480));
        assert_eq!(parse_status_kib(status, "VmPeak"), Some(123456));
        assert_eq!(parse_status_kib(status, "VmRSS"), None);
        assert_eq!(parse_status_kib(status, "Threads"), None);
        assert!((kib_to_mb(20480) - 20.97152).abs() < 1e-9);
    }

    #[test]
    fn peer_figures_parse_from_the_script_line() {
        let line = r#"{"peer": "trafilatura", "version": "2.3.1", "pages": 1, "pages_per_s": 30.0, "mb_per_s": 3.0, "fast_pages_per_s": null, "f1": 0.9, "fast_f1": null, "peak_rss_mb": 80.0, "sets": [{"name": "a", "pages": 1, "pages_per_s": 30.0, "mb_per_s": 3.0, "fast_pages_per_s": null, "f1": 0.9}]}"#;
        let figures: PeerFigures = serde_json::from_str(line).unwrap();
        assert_eq!(figures.version, "2.3.1");
        assert_eq!(figures.sets[0].name, "a");
        assert_eq!(figures.fast_pages_per_s, None);
    }
}
