//! `corroborate bench clustering`: how well and how fast the clusterer finds copies and stories.
//!
//! Three parts, each optional:
//! - on the sets under `--data` (JSON Lines of `{id, title, text, date?, lang?, cluster?}`):
//!   the near-duplicates our clusterer marks, against the exact truth computed by brute force
//!   over all pairs, and its documents/s on one thread;
//! - a synthetic stream of `--synthetic N` dated articles, generated on the fly from a seeded
//!   PRNG, pushed through one `Clusterer` in a child process (so that the peak memory measured
//!   is the stream's own): documents/s, peak memory, and how well the generator's stories and
//!   copies are recovered;
//! - Python's datasketch (MinHash LSH) and a streaming TF-IDF clustering on scikit-learn, on
//!   the same documents in the same run (`scripts/peer_clustering.py`).

use crate::bench::{
    cell, kib_to_mb, median, megabytes_cell, ratio, run_child, scripts_dir, status_kib,
};
use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use cluster::{ClusterConfig, ClusterDoc, Clusterer, Fingerprint, containment, jaccard};
use serde::{Deserialize, Serialize};
use std::collections::{BinaryHeap, HashMap};
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

/// Jaccard at or above which two texts are a near-duplicate pair of the truth.
const NEAR_JACCARD: f64 = 0.8;
/// A flagged pair whose Jaccard and containment are both below this is a suspect copy.
const SUSPECT_BELOW: f64 = 0.5;
/// At most this many flagged pairs go to `--dump-pairs`.
const DUMP_PAIRS: usize = 50;
/// Characters of each text shown in the dump.
const DUMP_CHARS: usize = 300;

#[derive(Args)]
pub struct ClusteringArgs {
    /// A folder holding sets as JSON Lines (`*.jsonl.gz` or `*.jsonl`) of {id, title, text,
    /// date?, lang?, cluster?}, searched recursively; or one such file.
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
    /// Also time a synthetic stream of this many dated articles (0: none).
    #[arg(long, value_name = "N", default_value_t = 0)]
    synthetic: u64,
    /// The days the synthetic articles are spread over: 365 for a year; fewer articles over
    /// fewer days keep the density (articles a day) of a bigger stream.
    #[arg(long, value_name = "DAYS", default_value_t = 365.0,
          value_parser = parse_days)]
    synthetic_days: f64,
    /// The seed of the synthetic stream.
    #[arg(long, value_name = "SEED", default_value_t = 1)]
    seed: u64,
    /// The implementation timed against ours in the same run; `none` times only ours.
    #[arg(long, value_enum, default_value_t = ClusteringPeer::Sklearn)]
    peer: ClusteringPeer,
    /// The peer reads only the first this many synthetic articles (Python is slow).
    #[arg(long, value_name = "N", default_value_t = 20_000)]
    peer_synthetic: u64,
    /// Timed rounds over each set, for ours and for the peer; the median round is reported.
    /// The synthetic stream runs once.
    #[arg(long, value_name = "N", default_value_t = 3,
          value_parser = clap::value_parser!(u32).range(1..))]
    rounds: u32,
    /// Write up to 50 of the pairs we flag as copies (most doubtful first) to FILE as JSON
    /// Lines, with both texts' beginnings, for a look by hand.
    #[arg(long, value_name = "FILE")]
    dump_pairs: Option<PathBuf>,
    /// Override a clustering setting for our side, e.g. `--set max_candidates=16`
    /// (repeatable; the names are the fields of `ClusterConfig`).
    #[arg(long = "set", value_name = "NAME=VALUE")]
    settings: Vec<String>,
    /// Run only the synthetic stream and print its figures as JSON (the child process).
    #[arg(long, hide = true)]
    synthetic_child: bool,
}

fn parse_days(value: &str) -> Result<f64, String> {
    match value.parse::<f64>() {
        Ok(days) if days.is_finite() && days > 0.0 => Ok(days),
        _ => Err(format!("expected a positive number of days, got {value:?}")),
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ClusteringPeer {
    /// datasketch MinHash LSH for copies, streaming TF-IDF on scikit-learn for stories.
    Sklearn,
    /// No peer: only our figures.
    #[value(name = "none")]
    NoPeer,
}

pub fn run(args: &ClusteringArgs, quiet: bool) -> Result<ExitCode> {
    let config = crate::cluster_config(&args.settings)?;
    if args.synthetic_child {
        let figures = synthetic_stream(
            &config,
            args.synthetic,
            args.synthetic_days,
            args.seed,
            args.peer_synthetic,
            quiet,
        );
        crate::write_stdout(&format!("{}\n", serde_json::to_string(&figures)?))?;
        return Ok(ExitCode::SUCCESS);
    }
    if args.data.is_none() && args.synthetic == 0 {
        bail!("nothing to measure: give --data DIR, --synthetic N, or both");
    }
    let mut out = String::new();
    let mut json = serde_json::Map::new();
    json.insert("rounds".into(), args.rounds.into());

    let mut set_figures = Vec::new();
    if let Some(data) = &args.data {
        let sets = find_sets(data)?;
        let mut measured = Vec::with_capacity(sets.len());
        for set in &sets {
            if !quiet {
                eprintln!("ours: {} ({} documents)", set.name, set.docs.len());
            }
            measured.push(measure_set(set, args.rounds, &config));
        }
        let peer = match args.peer {
            ClusteringPeer::NoPeer => Err("not run (--peer none)".to_string()),
            ClusteringPeer::Sklearn => {
                let records = sets.iter().flat_map(|set| {
                    set.docs.iter().map(|d| PeerRecord {
                        set: &set.name,
                        id: &d.id,
                        title: &d.title,
                        text: &d.text,
                        date: d.published_at,
                    })
                });
                run_peer("sets", records, args.rounds, quiet)
            }
        };
        if let Some(path) = &args.dump_pairs {
            dump_pairs(path, &sets, &measured)?;
        }
        out.push_str(&sets_report(&sets, &measured, &peer, args.rounds));
        for (set, ours) in sets.iter().zip(&measured) {
            let theirs = peer
                .as_ref()
                .ok()
                .and_then(|p| p.sets.iter().find(|s| s.name == set.name));
            set_figures.push(set_json(set, ours, theirs));
        }
        json.insert("peer".into(), peer_name(&peer).into());
        json.insert("peer_error".into(), peer.as_ref().err().cloned().into());
        json.insert(
            "peer_peak_rss_mb".into(),
            peer.as_ref().ok().and_then(|p| p.peak_rss_mb).into(),
        );
    } else if args.dump_pairs.is_some() {
        bail!("--dump-pairs needs --data");
    }
    json.insert("sets".into(), serde_json::Value::Array(set_figures));

    if args.synthetic > 0 {
        let (report, figures) = synthetic(args, quiet)?;
        out.push_str(&report);
        json.insert("synthetic".into(), figures);
    } else {
        json.insert("synthetic".into(), serde_json::Value::Null);
    }
    out.push_str(&format!("{}\n", serde_json::Value::Object(json)));
    crate::write_stdout(&out)?;
    Ok(ExitCode::SUCCESS)
}

// ---------------------------------------------------------------------------------------------
// The sets.

/// One document of a set.
struct SetDoc {
    id: String,
    title: String,
    text: String,
    published_at: Option<jiff::Timestamp>,
    language: Option<String>,
    gold: Option<String>,
}

impl SetDoc {
    fn cluster_doc(&self) -> ClusterDoc<'_> {
        ClusterDoc {
            title: &self.title,
            text: &self.text,
            published_at: self.published_at,
            language: self.language.as_deref(),
        }
    }
}

struct DocSet {
    name: String,
    /// In the order they are pushed: dated ones by date, then undated ones in file order.
    docs: Vec<SetDoc>,
    /// Lines that were not a JSON object.
    skipped_lines: usize,
}

impl DocSet {
    fn megabytes(&self) -> f64 {
        self.docs
            .iter()
            .map(|d| d.title.len() + d.text.len())
            .sum::<usize>() as f64
            / 1e6
    }

    /// Every document's gold story, when every document has one.
    fn gold(&self) -> Option<Vec<&str>> {
        self.docs.iter().map(|d| d.gold.as_deref()).collect()
    }
}

/// The sets below `path` (or `path` itself), each file one set named after its folder.
fn find_sets(path: &Path) -> Result<Vec<DocSet>> {
    let files = eval::clustering::find_files(path)?;
    let mut sets: Vec<DocSet> = Vec::with_capacity(files.len());
    for file in files {
        let folder = file
            .parent()
            .and_then(Path::file_name)
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let file_name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let name = if folder.is_empty() || sets.iter().any(|s| s.name == folder) {
            format!("{folder}/{file_name}")
        } else {
            folder
        };
        let (docs, skipped_lines) = read_set(&file)?;
        sets.push(DocSet {
            name,
            docs,
            skipped_lines,
        });
    }
    Ok(sets)
}

/// Reads one set (gzip when the name ends in `.gz`); lines that are not JSON objects are
/// counted and skipped.
fn read_set(path: &Path) -> Result<(Vec<SetDoc>, usize)> {
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let reader: Box<dyn BufRead> = if path.to_string_lossy().ends_with(".gz") {
        Box::new(BufReader::new(flate2::read::GzDecoder::new(file)))
    } else {
        Box::new(BufReader::new(file))
    };
    let mut docs = Vec::new();
    let mut skipped = 0;
    for (index, line) in reader.lines().enumerate() {
        let line =
            line.with_context(|| format!("cannot read {} line {}", path.display(), index + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        match parse_record(&line) {
            Some(doc) => docs.push(doc),
            None => skipped += 1,
        }
    }
    // Publication order, as `corroborate cluster` takes them; undated ones last, in file order.
    docs.sort_by_key(|d| (d.published_at.is_none(), d.published_at));
    Ok((docs, skipped))
}

/// One record of a set, or `None` when the line is not a JSON object.
fn parse_record(line: &str) -> Option<SetDoc> {
    let value: serde_json::Value = serde_json::from_str(line).ok()?;
    let object = value.as_object()?;
    let text = |key: &str| {
        object
            .get(key)
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string()
    };
    Some(SetDoc {
        id: text("id"),
        title: text("title"),
        text: text("text"),
        published_at: object
            .get("date")
            .and_then(|v| v.as_str())
            .and_then(extract::parse_timestamp),
        language: object
            .get("lang")
            .and_then(|v| v.as_str())
            .and_then(text::normalize_language_tag),
        gold: match object.get("cluster") {
            Some(serde_json::Value::String(s)) => Some(s.clone()),
            Some(serde_json::Value::Number(n)) => Some(n.to_string()),
            _ => None,
        },
    })
}

// ---------------------------------------------------------------------------------------------
// The near-duplicate truth, by brute force.

/// Groups (of two or more) of the texts whose lower-cased word sequences are identical; texts
/// without a word are in none. Each group is in input order; groups by their first member.
fn exact_groups<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<Vec<usize>> {
    let mut by_words: HashMap<String, Vec<usize>> = HashMap::new();
    for (index, text) in texts.into_iter().enumerate() {
        let words: Vec<String> = text::words(text).map(|(_, w)| w.to_lowercase()).collect();
        if !words.is_empty() {
            by_words.entry(words.join(" ")).or_default().push(index);
        }
    }
    let mut groups: Vec<Vec<usize>> = by_words.into_values().filter(|g| g.len() > 1).collect();
    groups.sort_unstable();
    groups
}

/// Every pair `(a, b, jaccard)` with `a < b` whose fingerprints' Jaccard is at least
/// `threshold`, by comparing all pairs. Pairs whose sizes alone rule it out (Jaccard is at
/// most the smaller size over the larger) are skipped, so the answer is exact.
fn near_pairs(fingerprints: &[Fingerprint], threshold: f64) -> Vec<(usize, usize, f64)> {
    let mut pairs = Vec::new();
    for (a, first) in fingerprints.iter().enumerate() {
        if first.is_empty() {
            continue;
        }
        for (offset, second) in fingerprints[a + 1..].iter().enumerate() {
            let (small, large) = (first.len().min(second.len()), first.len().max(second.len()));
            if small == 0 || (small as f64) < threshold * large as f64 {
                continue;
            }
            let similarity = jaccard(first, second);
            if similarity >= threshold {
                pairs.push((a, a + 1 + offset, similarity));
            }
        }
    }
    pairs
}

/// What a flagged pair looks like by its overlap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Band {
    /// Jaccard ≥ 0.8: a near-duplicate pair of the truth.
    Near,
    /// Containment ≥ 0.8 but Jaccard below: one text holds most of the other (a trimmed copy).
    Trimmed,
    /// Jaccard and containment both below 0.5: doubtful.
    Suspect,
    /// In between.
    Other,
}

fn band(jaccard: f64, containment: f64) -> Band {
    if jaccard >= NEAR_JACCARD {
        Band::Near
    } else if containment >= NEAR_JACCARD {
        Band::Trimmed
    } else if jaccard < SUSPECT_BELOW && containment < SUSPECT_BELOW {
        Band::Suspect
    } else {
        Band::Other
    }
}

/// Each document's duplicate group, named by its root: the original it repeats, or itself.
fn roots(duplicate_of: &[Option<usize>]) -> Vec<usize> {
    duplicate_of
        .iter()
        .enumerate()
        .map(|(i, d)| d.unwrap_or(i))
        .collect()
}

/// The groups of documents joined by `pairs` (union-find), named by their smallest member.
fn components(count: usize, pairs: &[(usize, usize)]) -> Vec<usize> {
    fn find(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    let mut parent: Vec<usize> = (0..count).collect();
    for &(a, b) in pairs {
        if a >= count || b >= count {
            continue;
        }
        let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
        if ra != rb {
            parent[ra.max(rb)] = ra.min(rb);
        }
    }
    (0..count).map(|x| find(&mut parent, x)).collect()
}

/// How one side's duplicate groups match the truth.
#[derive(Debug, Default, Clone, PartialEq, Serialize)]
struct DuplicateScore {
    /// Exact-duplicate groups with every member in one of our groups.
    exact_complete: usize,
    /// The same, for groups of identical headline and body.
    exact_title_complete: usize,
    /// Pairs at Jaccard ≥ 0.8 whose two documents are in one of our groups.
    near_found: usize,
    /// Pairs flagged (ours: each copy with its original; the peer's: each LSH candidate).
    flagged: usize,
    flagged_near: usize,
    flagged_trimmed: usize,
    flagged_suspect: usize,
    flagged_other: usize,
}

/// The truth of one set.
struct DuplicateTruth {
    fingerprints: Vec<Fingerprint>,
    /// Identical bodies (what the clusterer compares: it fingerprints the text only).
    exact: Vec<Vec<usize>>,
    /// Identical headline and body (the data README's count).
    exact_title: Vec<Vec<usize>>,
    near: Vec<(usize, usize, f64)>,
}

impl DuplicateTruth {
    fn of(set: &DocSet) -> Self {
        let fingerprints: Vec<Fingerprint> =
            set.docs.iter().map(|d| Fingerprint::of(&d.text)).collect();
        let with_titles: Vec<String> = set
            .docs
            .iter()
            .map(|d| format!("{}\n{}", d.title, d.text))
            .collect();
        DuplicateTruth {
            near: near_pairs(&fingerprints, NEAR_JACCARD),
            exact: exact_groups(set.docs.iter().map(|d| d.text.as_str())),
            // A headline alone is no duplicate: the group needs a body too.
            exact_title: exact_groups(
                with_titles
                    .iter()
                    .zip(&set.docs)
                    .map(|(t, d)| if d.text.trim().is_empty() { "" } else { t }),
            ),
            fingerprints,
        }
    }

    /// Scores groups (`group[i]` names document i's group) and the pairs that made them.
    fn score(&self, group: &[usize], flagged: &[(usize, usize)]) -> DuplicateScore {
        let complete = |groups: &[Vec<usize>]| {
            groups
                .iter()
                .filter(|g| {
                    let first = g.first().and_then(|&i| group.get(i));
                    g.iter().all(|&i| group.get(i) == first)
                })
                .count()
        };
        let mut score = DuplicateScore {
            exact_complete: complete(&self.exact),
            exact_title_complete: complete(&self.exact_title),
            near_found: self
                .near
                .iter()
                .filter(|&&(a, b, _)| group.get(a).is_some_and(|g| group.get(b) == Some(g)))
                .count(),
            flagged: flagged.len(),
            ..Default::default()
        };
        for &(a, b) in flagged {
            match self.band(a, b) {
                Some(Band::Near) => score.flagged_near += 1,
                Some(Band::Trimmed) => score.flagged_trimmed += 1,
                Some(Band::Suspect) | None => score.flagged_suspect += 1,
                Some(Band::Other) => score.flagged_other += 1,
            }
        }
        score
    }

    fn overlap(&self, a: usize, b: usize) -> Option<(f64, f64)> {
        let (fa, fb) = (self.fingerprints.get(a)?, self.fingerprints.get(b)?);
        Some((jaccard(fa, fb), containment(fa, fb)))
    }

    fn band(&self, a: usize, b: usize) -> Option<Band> {
        self.overlap(a, b).map(|(j, c)| band(j, c))
    }
}

// ---------------------------------------------------------------------------------------------
// Ours on a set.

struct SetRun {
    truth: DuplicateTruth,
    /// Median on-CPU seconds of the push loop, where the platform tells.
    cpu_seconds: Option<f64>,
    /// The first round's placements.
    duplicate_of: Vec<Option<usize>>,
    story_of: Vec<u64>,
    seconds: f64,
    fingerprint_seconds: f64,
    stats: cluster::ClustererStats,
    score: DuplicateScore,
}

impl SetRun {
    fn flagged(&self) -> Vec<(usize, usize)> {
        self.duplicate_of
            .iter()
            .enumerate()
            .filter_map(|(i, d)| d.map(|original| (original, i)))
            .collect()
    }
}

fn measure_set(set: &DocSet, rounds: u32, config: &ClusterConfig) -> SetRun {
    let mut seconds = Vec::with_capacity(rounds as usize);
    let mut cpu_seconds = Vec::with_capacity(rounds as usize);
    let mut fingerprint_seconds = Vec::with_capacity(rounds as usize);
    let mut duplicate_of = Vec::new();
    let mut story_of = Vec::new();
    let mut stats = None;
    for round in 0..rounds {
        let mut clusterer = Clusterer::new(config.clone());
        let mut placed = Vec::with_capacity(set.docs.len());
        let start = Instant::now();
        let cpu_start = thread_cpu_seconds();
        for doc in &set.docs {
            placed.push(clusterer.push(&doc.cluster_doc()));
        }
        let wall = start.elapsed().as_secs_f64();
        seconds.push(wall);
        // One thread cannot run longer than the wall clock; the two clocks differ by a tick.
        if let (Some(before), Some(after)) = (cpu_start, thread_cpu_seconds()) {
            cpu_seconds.push((after - before).min(wall));
        }
        // Fingerprinting alone, to see its share.
        let start = Instant::now();
        for doc in &set.docs {
            std::hint::black_box(Fingerprint::of(&doc.text));
        }
        fingerprint_seconds.push(start.elapsed().as_secs_f64());
        if round == 0 {
            stats = Some(clusterer.stats());
            duplicate_of = placed
                .iter()
                .map(|a| a.duplicate_of.and_then(|d| usize::try_from(d).ok()))
                .collect();
            // A later document can show two stories to be one: count the merged story.
            story_of = placed.iter().map(|a| clusterer.current(a.story)).collect();
        }
    }
    let truth = DuplicateTruth::of(set);
    let mut run = SetRun {
        truth,
        duplicate_of,
        story_of,
        seconds: median(&seconds),
        cpu_seconds: (cpu_seconds.len() == seconds.len()).then(|| median(&cpu_seconds)),
        fingerprint_seconds: median(&fingerprint_seconds),
        stats: stats.unwrap_or_else(|| Clusterer::new(ClusterConfig::default()).stats()),
        score: DuplicateScore::default(),
    };
    run.score = run.truth.score(&roots(&run.duplicate_of), &run.flagged());
    run
}

/// The time this thread has spent on a CPU, in seconds (Linux: the first field of
/// `/proc/thread-self/schedstat`, in nanoseconds); `None` elsewhere. Next to the wall time, it
/// shows how much of a run other processes took.
fn thread_cpu_seconds() -> Option<f64> {
    let schedstat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    parse_schedstat(&schedstat)
}

fn parse_schedstat(schedstat: &str) -> Option<f64> {
    let nanoseconds: u64 = schedstat.split_whitespace().next()?.parse().ok()?;
    Some(nanoseconds as f64 / 1e9)
}

/// Writes the flagged pairs, most doubtful (lowest Jaccard) first, as JSON Lines.
fn dump_pairs(path: &Path, sets: &[DocSet], runs: &[SetRun]) -> Result<()> {
    let mut pairs: Vec<(f64, f64, &DocSet, usize, usize)> = Vec::new();
    for (set, run) in sets.iter().zip(runs) {
        for (original, copy) in run.flagged() {
            if let Some((j, c)) = run.truth.overlap(original, copy) {
                pairs.push((j, c, set, original, copy));
            }
        }
    }
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let file =
        std::fs::File::create(path).with_context(|| format!("cannot write {}", path.display()))?;
    let mut out = BufWriter::new(file);
    let beginning = |text: &str| text.chars().take(DUMP_CHARS).collect::<String>();
    for (j, c, set, original, copy) in pairs.into_iter().take(DUMP_PAIRS) {
        let (Some(o), Some(d)) = (set.docs.get(original), set.docs.get(copy)) else {
            continue;
        };
        let line = serde_json::json!({
            "set": set.name,
            "id": d.id,
            "duplicate_of": o.id,
            "jaccard": j,
            "containment": c,
            "text": beginning(&d.text),
            "original_text": beginning(&o.text),
        });
        writeln!(out, "{line}").with_context(|| format!("cannot write {}", path.display()))?;
    }
    out.flush()
        .with_context(|| format!("cannot write {}", path.display()))
}

// ---------------------------------------------------------------------------------------------
// The peer.

/// One document as the peer script reads it.
#[derive(Serialize)]
struct PeerRecord<'a> {
    set: &'a str,
    id: &'a str,
    title: &'a str,
    text: &'a str,
    date: Option<jiff::Timestamp>,
}

/// The last line of `scripts/peer_clustering.py`.
#[derive(Deserialize)]
struct PeerRun {
    sklearn_version: String,
    datasketch_version: String,
    threshold: f64,
    peak_rss_mb: Option<f64>,
    sets: Vec<PeerSet>,
}

#[derive(Deserialize)]
struct PeerSet {
    name: String,
    docs: usize,
    docs_per_s: f64,
    cpu_docs_per_s: Option<f64>,
    mb_per_s: f64,
    dup_docs_per_s: f64,
    story_docs_per_s: f64,
    stories: usize,
    /// LSH candidate pairs, as indices into the set.
    pairs: Vec<(usize, usize)>,
    /// The first round's story of each document.
    labels: Vec<u64>,
}

fn peer_name(peer: &Result<PeerRun, String>) -> Option<String> {
    peer.as_ref().ok().map(|p| {
        format!(
            "scikit-learn {} + datasketch {}",
            p.sklearn_version, p.datasketch_version
        )
    })
}

/// A file removed when dropped.
struct TempFile(PathBuf);

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Writes `records` to a temporary file, sets up the venv and runs
/// `scripts/peer_clustering.py` on it; on failure, says why.
fn run_peer<'a>(
    what: &str,
    records: impl Iterator<Item = PeerRecord<'a>>,
    rounds: u32,
    quiet: bool,
) -> Result<PeerRun, String> {
    let scripts = scripts_dir("peer_clustering.py").ok_or(
        "not run: scripts/peer_clustering.py was found neither in the source tree this binary \
         was built from nor in the current folder",
    )?;
    let file = TempFile(std::env::temp_dir().join(format!(
        "corroborate-bench-clustering-{}-{what}.jsonl",
        std::process::id()
    )));
    write_records(&file.0, records)
        .map_err(|e| format!("not run: cannot write {}: {e}", file.0.display()))?;
    if !quiet {
        eprintln!("peer: setting up its venv (scripts/peer-venv.sh clustering)");
    }
    let python = crate::bench::peer_python(&scripts, Some("clustering"), quiet)?;
    let out = run_child(
        Command::new(&python)
            // One thread, like ours: no BLAS or OpenMP pools under numpy and scikit-learn.
            .envs([
                ("OMP_NUM_THREADS", "1"),
                ("OPENBLAS_NUM_THREADS", "1"),
                ("MKL_NUM_THREADS", "1"),
            ])
            .arg(scripts.join("peer_clustering.py"))
            .arg("--docs")
            .arg(&file.0)
            .arg("--rounds")
            .arg(rounds.to_string()),
        "scripts/peer_clustering.py",
        quiet,
    )
    .map_err(|e| format!("no figures: {e}"))?;
    crate::bench::last_json_line(&out, "scripts/peer_clustering.py")
}

fn write_records<'a>(
    path: &Path,
    records: impl Iterator<Item = PeerRecord<'a>>,
) -> std::io::Result<()> {
    let mut out = BufWriter::new(std::fs::File::create(path)?);
    for record in records {
        serde_json::to_writer(&mut out, &record)?;
        out.write_all(b"\n")?;
    }
    out.flush()
}

// ---------------------------------------------------------------------------------------------
// The report of the sets.

fn pairwise_f1<G: std::hash::Hash + Eq, P: std::hash::Hash + Eq>(
    gold: Option<&[G]>,
    predicted: &[P],
) -> Option<f64> {
    let gold = gold?;
    (gold.len() == predicted.len() && !gold.is_empty())
        .then(|| eval::clustering::score(gold, predicted).pairwise_f1)
}

fn peer_duplicates(set: &DocSet, run: &SetRun, theirs: &PeerSet) -> DuplicateScore {
    let groups = components(set.docs.len(), &theirs.pairs);
    run.truth.score(&groups, &theirs.pairs)
}

fn sets_report(
    sets: &[DocSet],
    runs: &[SetRun],
    peer: &Result<PeerRun, String>,
    rounds: u32,
) -> String {
    let mut out = String::new();
    let peer_set = |name: &str| {
        peer.as_ref()
            .ok()
            .and_then(|p| p.sets.iter().find(|s| s.name == name))
    };
    out.push_str(
        "Near-duplicates: truth by brute force over all pairs (word 5-shingles, lower-cased, \
         on the body as the clusterer fingerprints it)\n",
    );
    out.push_str(&format!(
        "{:<16} {:>6} {:>15} {:>15} {:>12} {:>17}   {:>7} {:>6} {:>7} {:>7} {:>7}\n",
        "set",
        "docs",
        "exact groups",
        "title+body",
        "pairs J≥0.8",
        "peer pairs found",
        "flagged",
        "J≥0.8",
        "trimmed",
        "suspect",
        "other"
    ));
    for (set, run) in sets.iter().zip(runs) {
        let truth = &run.truth;
        let score = &run.score;
        let theirs = peer_set(&set.name).map(|t| peer_duplicates(set, run, t));
        out.push_str(&format!(
            "{:<16} {:>6} {:>15} {:>15} {:>12} {:>17}   {:>7} {:>6} {:>7} {:>7} {:>7}\n",
            set.name,
            set.docs.len(),
            format!("{}/{}", score.exact_complete, truth.exact.len()),
            format!("{}/{}", score.exact_title_complete, truth.exact_title.len()),
            format!("{}/{}", score.near_found, truth.near.len()),
            theirs.as_ref().map_or_else(
                || "-".to_string(),
                |t| format!("{}/{}", t.near_found, truth.near.len())
            ),
            score.flagged,
            score.flagged_near,
            score.flagged_trimmed,
            score.flagged_suspect,
            score.flagged_other,
        ));
    }
    out.push_str(
        "Exact groups: found/all groups of identical lower-cased word sequences (documents in \
         them: ",
    );
    out.push_str(
        &sets
            .iter()
            .zip(runs)
            .map(|(s, r)| {
                format!(
                    "{} {} by body, {} by title+body",
                    s.name,
                    r.truth.exact.iter().map(Vec::len).sum::<usize>(),
                    r.truth.exact_title.iter().map(Vec::len).sum::<usize>()
                )
            })
            .collect::<Vec<_>>()
            .join("; "),
    );
    out.push_str(
        "); a group is found when all its members share one root (the original they are marked \
         a copy of). Pairs: found/all pairs at Jaccard ≥ 0.8, found when in one group. \
         Flagged: the pairs we mark (each copy with its original), by their overlap: J≥0.8, \
         trimmed (containment ≥ 0.8), suspect (Jaccard and containment < 0.5), other.\n",
    );
    if let Ok(p) = peer {
        for (set, run) in sets.iter().zip(runs) {
            if let Some(t) = peer_set(&set.name) {
                let d = peer_duplicates(set, run, t);
                out.push_str(&format!(
                    "Peer MinHash LSH on {}: {} candidate pairs ({} at J≥0.8, {} trimmed, {} \
                     suspect, {} other); exact groups found {}/{}.\n",
                    set.name,
                    d.flagged,
                    d.flagged_near,
                    d.flagged_trimmed,
                    d.flagged_suspect,
                    d.flagged_other,
                    d.exact_complete,
                    run.truth.exact.len()
                ));
            }
        }
        let _ = p;
    }

    out.push_str(&format!(
        "\nThroughput on one thread: Clusterer::push (fingerprint + copy lookup + story \
         assignment), median of {rounds} round(s)\n"
    ));
    out.push_str(&format!(
        "{:<16} {:>6} {:>7} {:>9} {:>7} {:>9} {:>8} {:>8}   {:>9} {:>7} {:>9} {:>9} {:>8} {:>8}   {:>8}\n",
        "set",
        "docs",
        "MB",
        "docs/s",
        "MB/s",
        "fp doc/s",
        "stories",
        "F1",
        "peer d/s",
        "MB/s",
        "lsh d/s",
        "tfidf d/s",
        "stories",
        "F1",
        "speedup"
    ));
    let mut skipped = Vec::new();
    for (set, run) in sets.iter().zip(runs) {
        let theirs = peer_set(&set.name);
        let docs = set.docs.len() as f64;
        let rate = docs / run.seconds.max(1e-9);
        let gold = set.gold();
        let ours_f1 = pairwise_f1(gold.as_deref(), &run.story_of);
        let theirs_f1 = theirs.and_then(|t| pairwise_f1(gold.as_deref(), &t.labels));
        let stories = run.stats.live_stories + run.stats.dormant_stories;
        out.push_str(&format!(
            "{:<16} {:>6} {:>7.2} {:>9.0} {:>7.2} {:>9.0} {:>8} {:>8}   {:>9} {:>7} {:>9} {:>9} {:>8} {:>8}   {:>8}\n",
            set.name,
            set.docs.len(),
            set.megabytes(),
            rate,
            set.megabytes() / run.seconds.max(1e-9),
            docs / run.fingerprint_seconds.max(1e-9),
            stories,
            cell(ours_f1, 3),
            cell(theirs.map(|t| t.docs_per_s), 0),
            cell(theirs.map(|t| t.mb_per_s), 2),
            cell(theirs.map(|t| t.dup_docs_per_s), 0),
            cell(theirs.map(|t| t.story_docs_per_s), 0),
            theirs.map_or_else(|| "-".to_string(), |t| t.stories.to_string()),
            cell(theirs_f1, 3),
            ratio(theirs.map(|t| rate / t.docs_per_s.max(1e-9))),
        ));
        if set.skipped_lines > 0 {
            skipped.push(format!("{} ({})", set.name, set.skipped_lines));
        }
        if theirs.is_some_and(|t| t.docs != set.docs.len()) {
            out.push_str(&format!(
                "Warning: the peer read a different number of documents in {}.\n",
                set.name
            ));
        }
    }
    out.push_str(
        "On-CPU documents/s (the time each side actually ran, so busy cores do not count):",
    );
    for (set, run) in sets.iter().zip(runs) {
        let theirs = peer_set(&set.name).and_then(|t| t.cpu_docs_per_s);
        let ours = run
            .cpu_seconds
            .map(|cpu| set.docs.len() as f64 / cpu.max(1e-9));
        let share = run
            .cpu_seconds
            .map(|cpu| 100.0 * cpu / run.seconds.max(1e-9));
        out.push_str(&format!(
            " {} ours {} ({} of wall time on a CPU), peer {}, speedup {};",
            set.name,
            cell(ours, 0),
            share.map_or_else(|| "-".to_string(), |s| format!("{s:.0}%")),
            cell(theirs, 0),
            ratio(ours.zip(theirs).map(|(o, t)| o / t.max(1e-9))),
        ));
    }
    out.pop();
    out.push_str(".\n");
    out.push_str(
        "fp doc/s: Fingerprint::of alone. F1: pairwise story F1 where the set has gold stories. \
         Peer: MinHash LSH (128 permutations, threshold 0.8) then streaming TF-IDF, one after \
         the other on the same documents; speedup is ours/peer in documents/s.\n",
    );
    if !skipped.is_empty() {
        out.push_str(&format!(
            "Lines that are not JSON objects were skipped in: {}.\n",
            skipped.join(", ")
        ));
    }
    match peer {
        Ok(p) => out.push_str(&format!(
            "Peer: {}, TF-IDF join threshold {}, peak resident memory {}.\n",
            peer_name(peer).unwrap_or_default(),
            p.threshold,
            megabytes_cell(p.peak_rss_mb)
        )),
        Err(reason) => out.push_str(&format!("Peer: {reason}\n")),
    }
    out
}

fn set_json(set: &DocSet, run: &SetRun, theirs: Option<&PeerSet>) -> serde_json::Value {
    let docs = set.docs.len() as f64;
    let rate = docs / run.seconds.max(1e-9);
    let gold = set.gold();
    let peer_dups = theirs.map(|t| peer_duplicates(set, run, t));
    let near = run.truth.near.len();
    let recall = |found: usize| (near > 0).then(|| found as f64 / near as f64);
    serde_json::json!({
        "name": set.name,
        "docs": set.docs.len(),
        "megabytes": set.megabytes(),
        "skipped_lines": set.skipped_lines,
        "seconds_median": run.seconds,
        "docs_per_s": rate,
        "mb_per_s": set.megabytes() / run.seconds.max(1e-9),
        "fingerprint_docs_per_s": docs / run.fingerprint_seconds.max(1e-9),
        "cpu_seconds_median": run.cpu_seconds,
        "cpu_docs_per_s": run.cpu_seconds.map(|cpu| docs / cpu.max(1e-9)),
        "stats": run.stats,
        "pairwise_f1": pairwise_f1(gold.as_deref(), &run.story_of),
        "exact_groups": run.truth.exact.len(),
        "exact_docs": run.truth.exact.iter().map(Vec::len).sum::<usize>(),
        "exact_title_groups": run.truth.exact_title.len(),
        "exact_title_docs": run.truth.exact_title.iter().map(Vec::len).sum::<usize>(),
        "near_pairs": near,
        "near_recall": recall(run.score.near_found),
        "duplicates": run.score,
        "peer_docs_per_s": theirs.map(|t| t.docs_per_s),
        "peer_mb_per_s": theirs.map(|t| t.mb_per_s),
        "peer_cpu_docs_per_s": theirs.and_then(|t| t.cpu_docs_per_s),
        "peer_dup_docs_per_s": theirs.map(|t| t.dup_docs_per_s),
        "peer_story_docs_per_s": theirs.map(|t| t.story_docs_per_s),
        "peer_stories": theirs.map(|t| t.stories),
        "peer_pairwise_f1": theirs.and_then(|t| pairwise_f1(gold.as_deref(), &t.labels)),
        "peer_near_recall": peer_dups.as_ref().and_then(|d| recall(d.near_found)),
        "peer_duplicates": peer_dups,
        "speedup": theirs.map(|t| rate / t.docs_per_s.max(1e-9)),
        "cpu_speedup": run
            .cpu_seconds
            .zip(theirs.and_then(|t| t.cpu_docs_per_s))
            .map(|(cpu, t)| docs / cpu.max(1e-9) / t.max(1e-9)),
    })
}

// ---------------------------------------------------------------------------------------------
// The synthetic stream.

/// SplitMix64: a tiny, fast PRNG whose streams are fixed by the seed.
#[derive(Debug, Clone)]
struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `low..=high`.
    fn between(&mut self, low: u64, high: u64) -> u64 {
        low + self.below(high.saturating_sub(low) + 1)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, probability: f64) -> bool {
        self.unit() < probability
    }

    /// An exponential variate with the given mean.
    fn exponential(&mut self, mean: f64) -> f64 {
        -(1.0 - self.unit()).ln() * mean
    }

    /// An index into a slice of `len`, skewed towards the start.
    fn skewed(&mut self, len: usize) -> usize {
        let u = self.unit();
        ((u * u * len as f64) as usize).min(len.saturating_sub(1))
    }
}

/// Walker's alias method: draws an index in proportion to its weight in O(1).
struct AliasTable {
    probability: Vec<f64>,
    alias: Vec<u32>,
}

impl AliasTable {
    fn new(weights: &[f64]) -> Self {
        let n = weights.len();
        let total: f64 = weights.iter().sum();
        let mut scaled: Vec<f64> = weights
            .iter()
            .map(|w| w * n as f64 / total.max(f64::MIN_POSITIVE))
            .collect();
        let mut probability = vec![1.0; n];
        let mut alias: Vec<u32> = (0..n as u32).collect();
        let (mut small, mut large): (Vec<usize>, Vec<usize>) =
            (0..n).partition(|&i| scaled[i] < 1.0);
        while let (Some(&s), Some(&l)) = (small.last(), large.last()) {
            small.pop();
            probability[s] = scaled[s];
            alias[s] = l as u32;
            scaled[l] -= 1.0 - scaled[s];
            if scaled[l] < 1.0 {
                large.pop();
                small.push(l);
            }
        }
        AliasTable { probability, alias }
    }

    fn sample(&self, rng: &mut SplitMix64) -> usize {
        let i = rng.below(self.probability.len() as u64) as usize;
        if rng.unit() < self.probability[i] {
            i
        } else {
            self.alias[i] as usize
        }
    }
}

/// Common English words for the top of the vocabulary, so the text has function words.
const FUNCTION_WORDS: [&str; 48] = [
    "the", "of", "and", "to", "a", "in", "that", "is", "for", "on", "was", "with", "he", "it",
    "as", "at", "by", "said", "from", "his", "be", "has", "have", "an", "are", "were", "but",
    "not", "they", "this", "who", "had", "will", "their", "been", "which", "after", "its", "we",
    "more", "or", "one", "would", "about", "than", "she", "up", "over",
];
const ONSETS: [&str; 25] = [
    "b", "br", "c", "ch", "d", "dr", "f", "g", "gr", "h", "j", "k", "l", "m", "n", "p", "pl", "r",
    "s", "st", "t", "tr", "v", "w", "z",
];
const VOWELS: [&str; 8] = ["a", "e", "i", "o", "u", "ai", "ea", "ou"];
const NAME_ENDINGS: [&str; 8] = ["", "n", "r", "s", "v", "k", "ski", "son"];

/// The words the generator writes with: a Zipf-like vocabulary, a pool of names, and the
/// sections (themes) whose words and recurring names stories of one kind share.
struct Lexicon {
    words: Vec<String>,
    frequency: AliasTable,
    names: Vec<String>,
    themes: Vec<Theme>,
}

/// A section of the news: its own vocabulary and the people and places that recur in it.
struct Theme {
    words: Vec<u32>,
    names: Vec<u32>,
}

/// Vocabulary size: function words, then invented words (one syllable, then two).
const VOCABULARY: usize = 30_000;
const NAMES: usize = 20_000;
const THEMES: usize = 12;
const THEME_WORDS: usize = 400;
const THEME_NAMES: usize = 150;
/// Words this common are no topic's own.
const COMMON_WORDS: u64 = 300;

impl Lexicon {
    fn new(seed: u64) -> Self {
        let syllables: Vec<String> = ONSETS
            .iter()
            .flat_map(|o| VOWELS.iter().map(move |v| format!("{o}{v}")))
            .collect();
        let s = syllables.len();
        let mut words: Vec<String> = FUNCTION_WORDS.iter().map(|w| w.to_string()).collect();
        words.extend(syllables.iter().cloned());
        'outer: for first in &syllables {
            for second in &syllables {
                if words.len() >= VOCABULARY {
                    break 'outer;
                }
                words.push(format!("{first}{second}"));
            }
        }
        // Zipf–Mandelbrot: weight 1 / (rank + 2.7).
        let weights: Vec<f64> = (0..words.len()).map(|r| 1.0 / (r as f64 + 2.7)).collect();
        // Two syllables and an ending; the syllable pair alone tells names apart.
        let names: Vec<String> = (0..NAMES.min(s * s))
            .map(|i| {
                let (first, second) = (&syllables[i % s], &syllables[i / s]);
                capitalised(&format!(
                    "{first}{second}{}",
                    NAME_ENDINGS[i % NAME_ENDINGS.len()]
                ))
            })
            .collect();
        let mut rng = SplitMix64::new(seed ^ 0x006c_6578_6963_6f6e);
        let themes = (0..THEMES)
            .map(|_| Theme {
                words: (0..THEME_WORDS)
                    .map(|_| rng.between(COMMON_WORDS, words.len() as u64 - 1) as u32)
                    .collect(),
                names: (0..THEME_NAMES)
                    .map(|_| rng.below(names.len() as u64) as u32)
                    .collect(),
            })
            .collect();
        Lexicon {
            frequency: AliasTable::new(&weights),
            words,
            names,
            themes,
        }
    }

    fn word(&self, id: u32) -> &str {
        self.words.get(id as usize).map_or("", String::as_str)
    }

    fn name(&self, id: u32) -> &str {
        self.names.get(id as usize).map_or("", String::as_str)
    }
}

fn capitalised(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    push_capitalised(&mut out, word);
    out
}

fn push_capitalised(out: &mut String, word: &str) {
    let mut chars = word.chars();
    if let Some(first) = chars.next() {
        out.extend(first.to_uppercase());
        out.push_str(chars.as_str());
    }
}

/// What a story is about: its section, its own words, its people and places, its figures.
#[derive(Clone)]
struct Topic {
    theme: usize,
    words: Vec<u32>,
    names: Vec<u32>,
    numbers: Vec<u32>,
}

impl Topic {
    fn new(rng: &mut SplitMix64, lexicon: &Lexicon) -> Self {
        let theme = rng.below(lexicon.themes.len() as u64) as usize;
        let section = &lexicon.themes[theme];
        // Half its words are its section's, half its own (below the most common words).
        let words = (0..rng.between(10, 16))
            .map(|i| {
                if i % 2 == 0 {
                    section.words[rng.below(section.words.len() as u64) as usize]
                } else {
                    rng.between(COMMON_WORDS, lexicon.words.len() as u64 - 1) as u32
                }
            })
            .collect();
        // People: some from anywhere, some who recur in the section.
        let names = (0..rng.between(2, 5))
            .map(|i| {
                if i % 2 == 0 {
                    rng.below(lexicon.names.len() as u64) as u32
                } else {
                    section.names[rng.below(section.names.len() as u64) as usize]
                }
            })
            .collect();
        let numbers = (0..rng.between(1, 3))
            .map(|_| rng.between(2, 9_999) as u32)
            .collect();
        Topic {
            theme,
            words,
            names,
            numbers,
        }
    }

    /// A new story about the same people as `parent` (a related event: the same minister, a
    /// second storm): its words half the parent's, its names all but one the parent's, its
    /// figures its own.
    fn sibling(parent: &Topic, rng: &mut SplitMix64, lexicon: &Lexicon) -> Self {
        let mut topic = Topic::new(rng, lexicon);
        topic.theme = parent.theme;
        let keep = parent.words.len() / 2;
        topic.words.splice(
            0..keep.min(topic.words.len()),
            parent.words[..keep].iter().copied(),
        );
        let fresh = topic.names.first().copied();
        topic.names = parent.names.clone();
        if let (Some(fresh), Some(last)) = (fresh, topic.names.last_mut()) {
            *last = fresh;
        }
        topic
    }

    /// The next word of an article on this topic: 10% the topic's words, 6% its section's,
    /// 3% its names, 1.5% its figures, 1.5% the section's recurring names, the rest common
    /// words by frequency.
    fn word<'a>(&self, rng: &mut SplitMix64, lexicon: &'a Lexicon) -> Word<'a> {
        let section = &lexicon.themes[self.theme];
        let u = rng.unit();
        if u < 0.10 {
            Word::Text(lexicon.word(self.words[rng.skewed(self.words.len())]))
        } else if u < 0.16 {
            Word::Text(lexicon.word(section.words[rng.below(section.words.len() as u64) as usize]))
        } else if u < 0.19 {
            Word::Text(lexicon.name(self.names[rng.skewed(self.names.len())]))
        } else if u < 0.205 {
            Word::Number(self.numbers[rng.below(self.numbers.len() as u64) as usize])
        } else if u < 0.22 {
            Word::Text(lexicon.name(section.names[rng.below(section.names.len() as u64) as usize]))
        } else {
            Word::Text(lexicon.word(lexicon.frequency.sample(rng) as u32))
        }
    }
}

enum Word<'a> {
    Text(&'a str),
    Number(u32),
}

/// Writes a headline of 6-10 words.
fn write_title(topic: &Topic, seed: u64, lexicon: &Lexicon, title: &mut String) {
    let mut rng = SplitMix64::new(seed ^ 0x0074_6974_6c65_2121);
    title.clear();
    for i in 0..rng.between(6, 10) {
        if i > 0 {
            title.push(' ');
        }
        let u = rng.unit();
        let section = &lexicon.themes[topic.theme];
        let word = if u < 0.35 {
            lexicon.word(topic.words[rng.skewed(topic.words.len())])
        } else if u < 0.5 {
            lexicon.name(topic.names[rng.skewed(topic.names.len())])
        } else if u < 0.6 {
            lexicon.word(section.words[rng.below(section.words.len() as u64) as usize])
        } else {
            lexicon.word(lexicon.frequency.sample(&mut rng) as u32)
        };
        if i == 0 {
            push_capitalised(title, word);
        } else {
            title.push_str(word);
        }
    }
}

/// Writes an article body of 300-600 words, in paragraphs of 2-5 sentences of 8-24 words
/// joined by a blank line, all drawn from `seed` (so the same seed writes the same text).
fn write_article(topic: &Topic, seed: u64, lexicon: &Lexicon, text: &mut String) {
    let mut rng = SplitMix64::new(seed);
    text.clear();
    let target = rng.between(300, 600);
    let mut written = 0;
    while written < target {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        for sentence in 0..rng.between(2, 5) {
            if sentence > 0 {
                text.push(' ');
            }
            let length = rng.between(8, 24);
            for i in 0..length {
                if i > 0 {
                    text.push(' ');
                }
                match topic.word(&mut rng, lexicon) {
                    Word::Number(number) => {
                        use std::fmt::Write as _;
                        let _ = write!(text, "{number}");
                    }
                    Word::Text(word) if i == 0 => push_capitalised(text, word),
                    Word::Text(word) => text.push_str(word),
                }
            }
            text.push('.');
            written += length;
        }
    }
}

/// Cuts `text` after `share` of its paragraphs (at least one).
fn trim_paragraphs(text: &mut String, share: f64) {
    let paragraphs = text.split("\n\n").count();
    let keep = ((paragraphs as f64 * share).ceil() as usize).clamp(1, paragraphs);
    if let Some((cut, _)) = text.match_indices("\n\n").nth(keep - 1) {
        text.truncate(cut);
    }
}

/// A story in progress.
struct Story {
    topic: Topic,
    /// Articles still to come.
    remaining: u32,
    /// Original articles that wire copies can repeat: (seed, document number).
    originals: Vec<(u64, u64)>,
}

/// One generated document.
#[derive(Debug, Default, Clone, PartialEq)]
struct SyntheticDoc {
    title: String,
    text: String,
    published_at: Option<jiff::Timestamp>,
    /// The generator's story.
    label: u32,
    /// The original this document copies (verbatim or trimmed).
    copy_of: Option<u64>,
}

/// The synthetic stream's settings.
const START_SECOND: i64 = 1_735_689_600; // 2025-01-01T00:00:00Z
const BACKGROUND_SHARE: f64 = 0.30;
const COPY_SHARE: f64 = 0.25;
const STORY_SIZE_SCALE: f64 = 3.0;
const STORY_SIZE_TAIL: f64 = 1.6;
const STORY_SIZE_CAP: u32 = 300;
const MAX_ORIGINALS: usize = 4;
/// The share of new stories that are about the same people as a recent story.
const SIBLING_SHARE: f64 = 0.3;
/// How many recent stories a sibling can come from.
const RECENT_TOPICS: usize = 64;

/// A deterministic stream of dated articles: stories that run for 1-6 days (articles sharing
/// words, names and figures, some of them wire copies re-published verbatim or trimmed), and
/// one-off background articles; `planned` documents over `days` days. Holds only the
/// stories in progress.
struct Generator {
    rng: SplitMix64,
    lexicon: Lexicon,
    next_story_at: f64,
    next_background_at: f64,
    mean_story_gap: f64,
    mean_background_gap: f64,
    /// Future story articles: (second, order, story).
    pending: BinaryHeap<std::cmp::Reverse<(i64, u64, u32)>>,
    stories: HashMap<u32, Story>,
    /// The topics of the latest stories, for siblings.
    recent: std::collections::VecDeque<Topic>,
    next_label: u32,
    next_doc: u64,
    order: u64,
}

/// The mean of the story size distribution: a discrete Pareto, ⌊scale / u^(1/tail)⌋ capped.
fn mean_story_size() -> f64 {
    (1..=STORY_SIZE_CAP)
        .map(|k| {
            (STORY_SIZE_SCALE / f64::from(k))
                .powf(STORY_SIZE_TAIL)
                .min(1.0)
        })
        .sum()
}

impl Generator {
    fn new(seed: u64, planned: u64, days: f64) -> Self {
        let rate = planned.max(1) as f64 / (days.max(1e-3) * 86_400.0);
        let mut rng = SplitMix64::new(seed);
        let mean_story_gap = mean_story_size() / ((1.0 - BACKGROUND_SHARE) * rate);
        let mean_background_gap = 1.0 / (BACKGROUND_SHARE * rate);
        let next_story_at = rng.exponential(mean_story_gap);
        let next_background_at = rng.exponential(mean_background_gap);
        Generator {
            rng,
            lexicon: Lexicon::new(seed),
            next_story_at,
            next_background_at,
            mean_story_gap,
            mean_background_gap,
            pending: BinaryHeap::new(),
            stories: HashMap::new(),
            recent: std::collections::VecDeque::with_capacity(RECENT_TOPICS),
            next_label: 0,
            next_doc: 0,
            order: 0,
        }
    }

    fn story_size(&mut self) -> u32 {
        let u = 1.0 - self.rng.unit();
        let size = (STORY_SIZE_SCALE / u.powf(1.0 / STORY_SIZE_TAIL)).floor();
        (size as u32).clamp(1, STORY_SIZE_CAP)
    }

    /// Writes the next document into `doc`.
    fn next_into(&mut self, doc: &mut SyntheticDoc) {
        let story_at = self.next_story_at as i64;
        let background_at = self.next_background_at as i64;
        let number = self.next_doc;
        self.next_doc += 1;
        doc.copy_of = None;
        match self.pending.peek().map(|r| r.0) {
            Some((at, _, label)) if at <= story_at && at <= background_at => {
                self.pending.pop();
                self.story_article(label, at, doc, number);
            }
            _ if background_at < story_at => {
                self.next_background_at += self.rng.exponential(self.mean_background_gap);
                let topic = Topic::new(&mut self.rng, &self.lexicon);
                let seed = self.rng.next_u64();
                write_title(&topic, seed, &self.lexicon, &mut doc.title);
                write_article(&topic, seed, &self.lexicon, &mut doc.text);
                doc.label = self.new_label();
                doc.published_at = timestamp(background_at);
            }
            _ => {
                self.next_story_at += self.rng.exponential(self.mean_story_gap);
                let parent = (self.rng.chance(SIBLING_SHARE) && !self.recent.is_empty())
                    .then(|| self.rng.below(self.recent.len() as u64) as usize)
                    .and_then(|i| self.recent.get(i));
                let topic = match parent {
                    Some(parent) => Topic::sibling(parent, &mut self.rng, &self.lexicon),
                    None => Topic::new(&mut self.rng, &self.lexicon),
                };
                if self.recent.len() == RECENT_TOPICS {
                    self.recent.pop_front();
                }
                self.recent.push_back(topic.clone());
                let label = self.new_label();
                let size = self.story_size();
                let days = self.rng.between(1, 6) as f64;
                for _ in 1..size {
                    // Most of a story's articles come early.
                    let u = self.rng.unit();
                    let at = story_at + (u * u * days * 86_400.0) as i64;
                    self.order += 1;
                    self.pending
                        .push(std::cmp::Reverse((at, self.order, label)));
                }
                let seed = self.rng.next_u64();
                write_title(&topic, seed, &self.lexicon, &mut doc.title);
                write_article(&topic, seed, &self.lexicon, &mut doc.text);
                doc.label = label;
                doc.published_at = timestamp(story_at);
                if size > 1 {
                    self.stories.insert(
                        label,
                        Story {
                            topic,
                            remaining: size - 1,
                            originals: vec![(seed, number)],
                        },
                    );
                }
            }
        }
    }

    /// The next article of a story under way: a wire copy of one of its originals (verbatim,
    /// trimmed, or with a line added), or a new original.
    fn story_article(&mut self, label: u32, at: i64, doc: &mut SyntheticDoc, number: u64) {
        doc.label = label;
        doc.published_at = timestamp(at);
        let Some(story) = self.stories.get_mut(&label) else {
            // Cannot happen: a story is held until its last article. Write a lone one.
            let topic = Topic::new(&mut self.rng, &self.lexicon);
            let seed = self.rng.next_u64();
            write_title(&topic, seed, &self.lexicon, &mut doc.title);
            write_article(&topic, seed, &self.lexicon, &mut doc.text);
            return;
        };
        let rng = &mut self.rng;
        let lexicon = &self.lexicon;
        let copy = (rng.chance(COPY_SHARE) && !story.originals.is_empty())
            .then(|| story.originals[rng.below(story.originals.len() as u64) as usize]);
        match copy {
            Some((seed, original)) => {
                write_article(&story.topic, seed, lexicon, &mut doc.text);
                // Half keep the wire headline, half write their own.
                let title_seed = if rng.chance(0.5) {
                    seed
                } else {
                    rng.next_u64()
                };
                write_title(&story.topic, title_seed, lexicon, &mut doc.title);
                let edit = rng.unit();
                if edit < 0.4 {
                    trim_paragraphs(&mut doc.text, 0.6 + 0.3 * rng.unit());
                } else if edit < 0.6 {
                    doc.text.push_str("\n\nAdditional reporting by ");
                    for i in 0..2 {
                        if i > 0 {
                            doc.text.push(' ');
                        }
                        let name = rng.below(lexicon.names.len() as u64) as u32;
                        doc.text.push_str(lexicon.name(name));
                    }
                    doc.text.push('.');
                }
                doc.copy_of = Some(original);
            }
            None => {
                let seed = rng.next_u64();
                write_title(&story.topic, seed, lexicon, &mut doc.title);
                write_article(&story.topic, seed, lexicon, &mut doc.text);
                if story.originals.len() < MAX_ORIGINALS {
                    story.originals.push((seed, number));
                }
            }
        }
        story.remaining = story.remaining.saturating_sub(1);
        if story.remaining == 0 {
            self.stories.remove(&label);
        }
    }

    fn new_label(&mut self) -> u32 {
        let label = self.next_label;
        self.next_label += 1;
        label
    }
}

fn timestamp(second: i64) -> Option<jiff::Timestamp> {
    jiff::Timestamp::from_second(START_SECOND + second).ok()
}

/// Copy detection on the synthetic stream, against the generator's copies.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
struct CopyScore {
    /// Documents the generator wrote as copies of an earlier one.
    copies: u64,
    /// Copies put in one group with their original.
    found: u64,
    /// Pairs flagged (ours: each copy with its original; the peer's: each LSH candidate).
    flagged: u64,
    /// Flagged pairs that are not a copy and its original, nor two copies of one original.
    flagged_wrong: u64,
}

impl CopyScore {
    /// Scores groups (`group[i]` names document i's group) and the flagged pairs against
    /// `copy_of` (the generator's original of each copy).
    fn of(copy_of: &[Option<u64>], group: &[usize], flagged: &[(usize, usize)]) -> Self {
        let origin = |i: usize| {
            copy_of
                .get(i)
                .copied()
                .flatten()
                .and_then(|o| usize::try_from(o).ok())
                .unwrap_or(i)
        };
        let mut score = CopyScore {
            flagged: flagged.len() as u64,
            ..Default::default()
        };
        for (i, original) in copy_of.iter().enumerate() {
            let Some(original) = original.and_then(|o| usize::try_from(o).ok()) else {
                continue;
            };
            score.copies += 1;
            if group.get(i).is_some_and(|g| group.get(original) == Some(g)) {
                score.found += 1;
            }
        }
        score.flagged_wrong = flagged
            .iter()
            .filter(|&&(a, b)| origin(a) != origin(b))
            .count() as u64;
        score
    }
}

/// Story scores as the parent reads them back from the child.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
struct StoryScore {
    pairwise_precision: f64,
    pairwise_recall: f64,
    pairwise_f1: f64,
    bcubed_f1: f64,
}

impl StoryScore {
    fn of<G: std::hash::Hash + Eq, P: std::hash::Hash + Eq>(gold: &[G], predicted: &[P]) -> Self {
        let score = eval::clustering::score(gold, predicted);
        StoryScore {
            pairwise_precision: score.pairwise_precision,
            pairwise_recall: score.pairwise_recall,
            pairwise_f1: score.pairwise_f1,
            bcubed_f1: score.bcubed_f1,
        }
    }
}

/// The clusterer's state at a point of the stream.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Checkpoint {
    docs: u64,
    push_seconds: f64,
    rss_mb: Option<f64>,
    live_stories: usize,
    dormant_stories: usize,
    held_fingerprints: usize,
}

/// What the child process reports on the synthetic stream.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct SyntheticFigures {
    docs: u64,
    days: f64,
    seed: u64,
    megabytes: f64,
    /// In `Clusterer::push` only.
    push_seconds: f64,
    generate_seconds: f64,
    docs_per_s: f64,
    /// The share of the stream's wall time its thread was on a CPU.
    cpu_share: Option<f64>,
    mb_per_s: f64,
    /// A hash of every document's final story and original, in order: two builds that give
    /// the same partition and copies give the same value (to check a change leaves them be).
    partition_hash: String,
    /// The first `sample_docs` documents (the peer's sample).
    sample_docs: u64,
    sample_docs_per_s: f64,
    gold_stories: u64,
    stories: u64,
    score: StoryScore,
    sample_score: StoryScore,
    copies: CopyScore,
    sample_copies: CopyScore,
    /// Resident set before the stream, and its high-water mark at the end.
    start_rss_mb: Option<f64>,
    peak_rss_mb: Option<f64>,
    live_stories: usize,
    dormant_stories: usize,
    held_fingerprints: usize,
    checkpoints: Vec<Checkpoint>,
}

/// Pushes `count` generated articles through one clusterer, timing `push` alone. Keeps only
/// a few numbers per document (gold and predicted labels, copies) to score them at the end.
fn synthetic_stream(
    config: &ClusterConfig,
    count: u64,
    days: f64,
    seed: u64,
    sample: u64,
    quiet: bool,
) -> SyntheticFigures {
    let start_rss_mb = status_kib("VmRSS").map(kib_to_mb);
    let mut generator = Generator::new(seed, count, days);
    let mut clusterer = Clusterer::new(config.clone());
    let capacity = usize::try_from(count).unwrap_or(0);
    let mut gold: Vec<u32> = Vec::with_capacity(capacity);
    let mut story_of: Vec<u32> = Vec::with_capacity(capacity);
    let mut duplicate_of: Vec<Option<u32>> = Vec::with_capacity(capacity);
    let mut copy_of: Vec<Option<u32>> = Vec::with_capacity(capacity);
    let mut doc = SyntheticDoc::default();
    let (mut push_time, mut generate_time, mut sample_time) =
        (Duration::ZERO, Duration::ZERO, Duration::ZERO);
    let mut bytes = 0usize;
    let mut checkpoints = Vec::new();
    // Ten checkpoints in the figures; a progress line at least every 20,000 documents.
    let every = (count / 10).max(1);
    let progress_every = every.min(20_000);
    let narrow = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
    let loop_start = Instant::now();
    let loop_cpu_start = thread_cpu_seconds();
    for index in 0..count {
        let start = Instant::now();
        generator.next_into(&mut doc);
        let generated = Instant::now();
        let placed = clusterer.push(&ClusterDoc {
            title: &doc.title,
            text: &doc.text,
            published_at: doc.published_at,
            language: Some("en"),
        });
        let pushed = Instant::now();
        generate_time += generated - start;
        push_time += pushed - generated;
        bytes += doc.title.len() + doc.text.len();
        gold.push(doc.label);
        story_of.push(narrow(placed.story));
        duplicate_of.push(placed.duplicate_of.map(narrow));
        copy_of.push(doc.copy_of.map(narrow));
        if index + 1 == sample {
            sample_time = push_time;
        }
        let checkpoint = (index + 1) % every == 0 || index + 1 == count;
        if checkpoint || (index + 1) % progress_every == 0 {
            let stats = clusterer.stats();
            let rss_mb = status_kib("VmRSS").map(kib_to_mb);
            if !quiet {
                eprintln!(
                    "synthetic: {} documents, {:.0}/s in push, resident {}, {} live stories, {} \
                     dormant, {} fingerprints held",
                    index + 1,
                    (index + 1) as f64 / push_time.as_secs_f64().max(1e-9),
                    megabytes_cell(rss_mb),
                    stats.live_stories,
                    stats.dormant_stories,
                    stats.held_fingerprints
                );
            }
            if checkpoint {
                checkpoints.push(Checkpoint {
                    docs: index + 1,
                    push_seconds: push_time.as_secs_f64(),
                    rss_mb,
                    live_stories: stats.live_stories,
                    dormant_stories: stats.dormant_stories,
                    held_fingerprints: stats.held_fingerprints,
                });
            }
        }
    }
    // The share of the loop this thread was on a CPU: below 1 when other processes took turns.
    let cpu_share = loop_cpu_start
        .zip(thread_cpu_seconds())
        .map(|(before, after)| {
            ((after - before) / loop_start.elapsed().as_secs_f64().max(1e-9)).min(1.0)
        });
    let peak_rss_mb = status_kib("VmHWM").map(kib_to_mb);
    let stats = clusterer.stats();
    // A later document can show two stories to be one: count each document in the story it
    // ended in.
    for story in &mut story_of {
        *story = narrow(clusterer.current(u64::from(*story)));
    }
    drop(clusterer);
    drop(generator);

    let widen = |d: &Option<u32>| d.map(u64::from);
    let duplicate_of: Vec<Option<u64>> = duplicate_of.iter().map(widen).collect();
    let copy_of: Vec<Option<u64>> = copy_of.iter().map(widen).collect();
    let ours_groups: Vec<usize> = duplicate_of
        .iter()
        .enumerate()
        .map(|(i, d)| d.and_then(|d| usize::try_from(d).ok()).unwrap_or(i))
        .collect();
    let flagged: Vec<(usize, usize)> = ours_groups
        .iter()
        .enumerate()
        .filter(|(i, g)| *i != **g)
        .map(|(i, g)| (*g, i))
        .collect();
    let sample_len = usize::try_from(sample.min(count)).unwrap_or(0);
    let sample_flagged: Vec<(usize, usize)> = flagged
        .iter()
        .copied()
        .filter(|&(_, copy)| copy < sample_len)
        .collect();
    let seconds = push_time.as_secs_f64();
    let sample_seconds = if sample >= count {
        seconds
    } else {
        sample_time.as_secs_f64()
    };
    SyntheticFigures {
        docs: count,
        days,
        seed,
        megabytes: bytes as f64 / 1e6,
        push_seconds: seconds,
        generate_seconds: generate_time.as_secs_f64(),
        docs_per_s: count as f64 / seconds.max(1e-9),
        cpu_share,
        mb_per_s: bytes as f64 / 1e6 / seconds.max(1e-9),
        sample_docs: sample_len as u64,
        sample_docs_per_s: sample_len as f64 / sample_seconds.max(1e-9),
        gold_stories: gold
            .iter()
            .copied()
            .collect::<std::collections::HashSet<_>>()
            .len() as u64,
        stories: story_of
            .iter()
            .copied()
            .collect::<std::collections::HashSet<_>>()
            .len() as u64,
        score: StoryScore::of(&gold, &story_of),
        sample_score: StoryScore::of(&gold[..sample_len], &story_of[..sample_len]),
        copies: CopyScore::of(&copy_of, &ours_groups, &flagged),
        sample_copies: CopyScore::of(
            &copy_of[..sample_len],
            &ours_groups[..sample_len],
            &sample_flagged,
        ),
        start_rss_mb,
        peak_rss_mb,
        live_stories: stats.live_stories,
        dormant_stories: stats.dormant_stories,
        held_fingerprints: stats.held_fingerprints,
        partition_hash: partition_hash(&story_of, &duplicate_of),
        checkpoints,
    }
}

/// FNV-1a over the stories and originals, as a 16-digit hex string.
fn partition_hash(story_of: &[u32], duplicate_of: &[Option<u64>]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let values = story_of
        .iter()
        .zip(duplicate_of)
        .flat_map(|(story, original)| [u64::from(*story), original.map_or(u64::MAX, |o| o)]);
    for value in values {
        for byte in value.to_le_bytes() {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// The synthetic part of the parent: runs the stream in a child process, then the peer on the
/// stream's first documents; returns the report and the JSON figures.
fn synthetic(args: &ClusteringArgs, quiet: bool) -> Result<(String, serde_json::Value)> {
    let exe = std::env::current_exe().context("cannot find this program to run the stream")?;
    if !quiet {
        eprintln!(
            "ours: synthetic stream of {} articles (child process)",
            args.synthetic
        );
    }
    let mut command = Command::new(exe);
    command.args([
        "bench",
        "clustering",
        "--synthetic-child",
        "--synthetic",
        &args.synthetic.to_string(),
        "--synthetic-days",
        &args.synthetic_days.to_string(),
        "--seed",
        &args.seed.to_string(),
        "--peer-synthetic",
        &args.peer_synthetic.to_string(),
    ]);
    for setting in &args.settings {
        command.args(["--set", setting]);
    }
    let out = run_child(&mut command, "the synthetic stream", quiet).map_err(anyhow::Error::msg)?;
    let last = out
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    let ours: SyntheticFigures = serde_json::from_str(last)
        .context("the synthetic stream's child process gave no figures")?;

    // The peer on the same first documents, generated again (the stream is deterministic).
    let sample = args.peer_synthetic.min(args.synthetic);
    let peer = match args.peer {
        ClusteringPeer::NoPeer => Err("not run (--peer none)".to_string()),
        ClusteringPeer::Sklearn if sample == 0 => Err("not run (--peer-synthetic 0)".to_string()),
        ClusteringPeer::Sklearn => {
            let mut generator = Generator::new(args.seed, args.synthetic, args.synthetic_days);
            let docs: Vec<SyntheticDoc> = (0..sample)
                .map(|_| {
                    let mut doc = SyntheticDoc::default();
                    generator.next_into(&mut doc);
                    doc
                })
                .collect();
            let ids: Vec<String> = (0..docs.len()).map(|i| i.to_string()).collect();
            let records = docs.iter().zip(&ids).map(|(d, id)| PeerRecord {
                set: "synthetic",
                id,
                title: &d.title,
                text: &d.text,
                date: d.published_at,
            });
            run_peer("synthetic", records, 1, quiet).and_then(|run| {
                let name = peer_name(&Ok(PeerRun {
                    sklearn_version: run.sklearn_version.clone(),
                    datasketch_version: run.datasketch_version.clone(),
                    threshold: run.threshold,
                    peak_rss_mb: run.peak_rss_mb,
                    sets: Vec::new(),
                }));
                let set = run
                    .sets
                    .into_iter()
                    .next()
                    .ok_or("no figures: the peer returned no set")?;
                let gold: Vec<u32> = docs.iter().map(|d| d.label).collect();
                let copy_of: Vec<Option<u64>> = docs.iter().map(|d| d.copy_of).collect();
                let groups = components(docs.len(), &set.pairs);
                Ok(PeerSynthetic {
                    name: name.unwrap_or_default(),
                    docs: set.docs,
                    docs_per_s: set.docs_per_s,
                    cpu_docs_per_s: set.cpu_docs_per_s,
                    dup_docs_per_s: set.dup_docs_per_s,
                    story_docs_per_s: set.story_docs_per_s,
                    stories: set.stories,
                    score: (set.labels.len() == gold.len())
                        .then(|| StoryScore::of(&gold, &set.labels)),
                    copies: CopyScore::of(&copy_of, &groups, &set.pairs),
                    peak_rss_mb: run.peak_rss_mb,
                })
            })
        }
    };
    Ok((synthetic_report(&ours, &peer), synthetic_json(&ours, &peer)))
}

/// The peer's figures on the synthetic sample.
struct PeerSynthetic {
    name: String,
    docs: usize,
    docs_per_s: f64,
    cpu_docs_per_s: Option<f64>,
    dup_docs_per_s: f64,
    story_docs_per_s: f64,
    stories: usize,
    score: Option<StoryScore>,
    copies: CopyScore,
    peak_rss_mb: Option<f64>,
}

fn synthetic_report(ours: &SyntheticFigures, peer: &Result<PeerSynthetic, String>) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "\nSynthetic stream: {} articles (seed {}), {:.1} MB, dated over {} days ({:.0} a day); \
         one Clusterer, one thread, one pass\n",
        ours.docs,
        ours.seed,
        ours.megabytes,
        ours.days,
        ours.docs as f64 / ours.days.max(1e-9)
    ));
    out.push_str(&format!(
        "  ours: {:.0} docs/s, {:.2} MB/s in push ({:.1} s; generating the text took {:.1} s \
         more, not counted)\n",
        ours.docs_per_s, ours.mb_per_s, ours.push_seconds, ours.generate_seconds
    ));
    if let Some(share) = ours.cpu_share {
        out.push_str(&format!(
            "  the stream's thread was on a CPU {:.0}% of the time: {:.0} docs/s of CPU time\n",
            100.0 * share,
            ours.docs_per_s / share.max(1e-9)
        ));
    }
    out.push_str(&format!(
        "  peak resident memory of the stream's process: {} (VmHWM; {} before the stream; the \
         labels kept for scoring take about {:.1} MB)\n",
        ours.peak_rss_mb
            .map_or_else(|| "unavailable".to_string(), |v| format!("{v:.0} MB")),
        megabytes_cell(ours.start_rss_mb),
        ours.docs as f64 * 24.0 / 1e6
    ));
    out.push_str(&format!(
        "  at the end: {} live stories, {} dormant, {} fingerprints held\n",
        ours.live_stories, ours.dormant_stories, ours.held_fingerprints
    ));
    out.push_str(&format!(
        "  stories: {} found for {} generated; pairwise P {:.3} R {:.3} F1 {:.3}, BCubed F1 \
         {:.3} (partition hash {})\n",
        ours.stories,
        ours.gold_stories,
        ours.score.pairwise_precision,
        ours.score.pairwise_recall,
        ours.score.pairwise_f1,
        ours.score.bcubed_f1,
        ours.partition_hash
    ));
    out.push_str(&format!(
        "  copies: {}/{} found with their original; {} pairs flagged, {} wrongly\n",
        ours.copies.found, ours.copies.copies, ours.copies.flagged, ours.copies.flagged_wrong
    ));
    out.push_str(&format!(
        "  first {} articles: ours {:.0} docs/s, story F1 {:.3}, copies {}/{} ({} wrong pairs)\n",
        ours.sample_docs,
        ours.sample_docs_per_s,
        ours.sample_score.pairwise_f1,
        ours.sample_copies.found,
        ours.sample_copies.copies,
        ours.sample_copies.flagged_wrong
    ));
    match peer {
        Ok(p) => out.push_str(&format!(
            "  first {} articles, peer {} (one round): {:.0} docs/s (LSH {:.0}, TF-IDF {:.0}), \
             {} stories, story F1 {}, copies {}/{} ({} pairs, {} wrong), peak memory {}; \
             speedup {}\n",
            p.docs,
            p.name,
            p.docs_per_s,
            p.dup_docs_per_s,
            p.story_docs_per_s,
            p.stories,
            cell(p.score.map(|s| s.pairwise_f1), 3),
            p.copies.found,
            p.copies.copies,
            p.copies.flagged,
            p.copies.flagged_wrong,
            megabytes_cell(p.peak_rss_mb),
            ratio(Some(ours.sample_docs_per_s / p.docs_per_s.max(1e-9))),
        )),
        Err(reason) => out.push_str(&format!("  peer: {reason}\n")),
    }
    out
}

fn synthetic_json(
    ours: &SyntheticFigures,
    peer: &Result<PeerSynthetic, String>,
) -> serde_json::Value {
    let theirs = peer.as_ref().ok();
    let mut value = serde_json::to_value(ours).unwrap_or(serde_json::Value::Null);
    if let Some(object) = value.as_object_mut() {
        let extra = serde_json::json!({
            "peer": theirs.map(|p| p.name.clone()),
            "peer_error": peer.as_ref().err(),
            "peer_docs": theirs.map(|p| p.docs),
            "peer_docs_per_s": theirs.map(|p| p.docs_per_s),
            "peer_cpu_docs_per_s": theirs.and_then(|p| p.cpu_docs_per_s),
            "peer_dup_docs_per_s": theirs.map(|p| p.dup_docs_per_s),
            "peer_story_docs_per_s": theirs.map(|p| p.story_docs_per_s),
            "peer_stories": theirs.map(|p| p.stories),
            "peer_score": theirs.and_then(|p| p.score),
            "peer_copies": theirs.map(|p| p.copies.clone()),
            "peer_peak_rss_mb": theirs.and_then(|p| p.peak_rss_mb),
            "sample_speedup": theirs.map(|p| ours.sample_docs_per_s / p.docs_per_s.max(1e-9)),
        });
        if let serde_json::Value::Object(extra) = extra {
            object.extend(extra);
        }
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words_of(text: &str) -> usize {
        text::words(text).count()
    }

    #[test]
    fn splitmix_repeats_for_a_seed_and_differs_between_seeds() {
        let draw = |seed| {
            let mut rng = SplitMix64::new(seed);
            (0..8).map(|_| rng.next_u64()).collect::<Vec<_>>()
        };
        assert_eq!(draw(42), draw(42));
        assert_ne!(draw(42), draw(43));
        let mut rng = SplitMix64::new(1);
        for _ in 0..10_000 {
            assert!(rng.below(7) < 7);
            let u = rng.unit();
            assert!((0.0..1.0).contains(&u));
            let b = rng.between(3, 5);
            assert!((3..=5).contains(&b));
            assert!(rng.skewed(4) < 4);
        }
        assert_eq!(rng.below(0), 0);
    }

    #[test]
    fn alias_table_draws_in_proportion_to_weight() {
        let table = AliasTable::new(&[1.0, 0.0, 3.0]);
        let mut rng = SplitMix64::new(9);
        let mut counts = [0usize; 3];
        for _ in 0..40_000 {
            counts[table.sample(&mut rng)] += 1;
        }
        assert_eq!(counts[1], 0);
        let share = counts[2] as f64 / 40_000.0;
        assert!((share - 0.75).abs() < 0.02, "{counts:?}");
    }

    fn generate(seed: u64, planned: u64, count: usize) -> Vec<SyntheticDoc> {
        let mut generator = Generator::new(seed, planned, 365.0);
        (0..count)
            .map(|_| {
                let mut doc = SyntheticDoc::default();
                generator.next_into(&mut doc);
                doc
            })
            .collect()
    }

    #[test]
    fn the_synthetic_stream_is_fixed_by_its_seed() {
        let first = generate(7, 10_000, 400);
        assert_eq!(first, generate(7, 10_000, 400));
        assert_ne!(first, generate(8, 10_000, 400));
        // Buffers reused across documents give the same documents as fresh ones.
        let mut generator = Generator::new(7, 10_000, 365.0);
        let mut doc = SyntheticDoc::default();
        for expected in &first {
            generator.next_into(&mut doc);
            assert_eq!(&doc, expected);
        }
    }

    #[test]
    fn the_synthetic_stream_looks_like_news() {
        let docs = generate(3, 10_000, 2_000);
        // In time order, over days.
        let times: Vec<jiff::Timestamp> = docs.iter().filter_map(|d| d.published_at).collect();
        assert_eq!(times.len(), docs.len());
        assert!(times.windows(2).all(|w| w[0] <= w[1]));
        assert!(times[times.len() - 1].as_second() - times[0].as_second() > 30 * 86_400);
        let mut copies = 0;
        let mut story_sizes: HashMap<u32, usize> = HashMap::new();
        for (i, doc) in docs.iter().enumerate() {
            *story_sizes.entry(doc.label).or_default() += 1;
            assert!(!doc.title.is_empty());
            match doc.copy_of {
                None => {
                    let words = words_of(&doc.text);
                    assert!((300..=720).contains(&words), "{words} words");
                    assert!(doc.text.contains("\n\n"));
                }
                Some(original) => {
                    copies += 1;
                    let original = &docs[original as usize];
                    assert!(original.copy_of.is_none());
                    assert_eq!(original.label, doc.label);
                    // Verbatim, trimmed at a paragraph, or with a line added.
                    let first_paragraph = original.text.split("\n\n").next().unwrap_or("");
                    assert!(doc.text.starts_with(first_paragraph));
                    assert!(
                        doc.text == original.text
                            || original.text.starts_with(&doc.text)
                            || doc.text.starts_with(&original.text)
                    );
                    assert!(original.published_at <= doc.published_at);
                    assert!(docs[..i].contains(original));
                }
            }
        }
        assert!(copies > 100, "{copies} copies");
        let stories_of_many = story_sizes.values().filter(|n| **n > 1).count();
        let lone = story_sizes.values().filter(|n| **n == 1).count();
        assert!(
            stories_of_many > 50 && lone > 200,
            "{stories_of_many} {lone}"
        );
    }

    #[test]
    fn trimming_keeps_whole_paragraphs() {
        let mut text = "one two.\n\nthree four.\n\nfive six.\n\nseven eight.".to_string();
        trim_paragraphs(&mut text, 0.6);
        assert_eq!(text, "one two.\n\nthree four.\n\nfive six.");
        let mut text = "alone.".to_string();
        trim_paragraphs(&mut text, 0.1);
        assert_eq!(text, "alone.");
    }

    #[test]
    fn exact_groups_ignore_case_and_punctuation_but_not_words() {
        let texts = [
            "The cat sat on the mat.",
            "the CAT -- sat on the mat!",
            "The dog sat on the mat.",
            "",
            "  ",
            "The dog sat on the mat",
            "The cat sat on the mat",
        ];
        assert_eq!(exact_groups(texts), vec![vec![0, 1, 6], vec![2, 5]]);
    }

    /// Forty distinct words, so every 5-shingle is distinct.
    fn base_words() -> Vec<String> {
        (0..40).map(|i| format!("w{i}")).collect()
    }

    #[test]
    fn near_pairs_are_the_pairs_at_jaccard_threshold_or_above() {
        let base = base_words();
        let original = base.join(" ");
        // One word changed at the end: 35 of 36 shingles kept, Jaccard 35/37.
        let mut edited = base.clone();
        edited[39] = "changed".into();
        let edited = edited.join(" ");
        // The first half: containment 1, Jaccard 16/36.
        let trimmed = base[..20].join(" ");
        let unrelated = (0..40)
            .map(|i| format!("x{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        let fingerprints: Vec<Fingerprint> = [&original, &edited, &trimmed, &unrelated, ""]
            .iter()
            .map(|t| Fingerprint::of(t))
            .collect();
        let pairs = near_pairs(&fingerprints, NEAR_JACCARD);
        assert_eq!(pairs.len(), 1);
        assert_eq!((pairs[0].0, pairs[0].1), (0, 1));
        assert!((pairs[0].2 - 35.0 / 37.0).abs() < 1e-9);
        // The pruning by size never drops a pair that a full comparison would keep.
        for a in 0..fingerprints.len() {
            for b in a + 1..fingerprints.len() {
                let full = jaccard(&fingerprints[a], &fingerprints[b]) >= NEAR_JACCARD;
                assert_eq!(full, pairs.iter().any(|p| (p.0, p.1) == (a, b)));
            }
        }
        assert_eq!(
            band(
                jaccard(&fingerprints[0], &fingerprints[2]),
                containment(&fingerprints[0], &fingerprints[2])
            ),
            Band::Trimmed
        );
        assert_eq!(band(0.9, 0.95), Band::Near);
        assert_eq!(band(0.1, 0.2), Band::Suspect);
        assert_eq!(band(0.6, 0.7), Band::Other);
    }

    #[test]
    fn groups_are_scored_against_the_truth() {
        let base = base_words();
        let original = base.join(" ");
        let trimmed = base[..30].join(" ");
        let other = (0..40)
            .map(|i| format!("y{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        let docs: Vec<SetDoc> = [&original, &other, &original, &trimmed, &other, &original]
            .iter()
            .enumerate()
            .map(|(i, text)| SetDoc {
                id: i.to_string(),
                title: if i == 5 { "Another title" } else { "Title" }.into(),
                text: text.to_string(),
                published_at: None,
                language: Some("en".into()),
                gold: None,
            })
            .collect();
        let set = DocSet {
            name: "fixture".into(),
            docs,
            skipped_lines: 0,
        };
        let truth = DuplicateTruth::of(&set);
        assert_eq!(truth.exact, vec![vec![0, 2, 5], vec![1, 4]]);
        assert_eq!(truth.exact_title, vec![vec![0, 2], vec![1, 4]]);
        // Pairs at Jaccard ≥ 0.8: the three copies of `original`, and the two of `other`.
        let pairs: Vec<(usize, usize)> = truth.near.iter().map(|p| (p.0, p.1)).collect();
        assert_eq!(pairs, vec![(0, 2), (0, 5), (1, 4), (2, 5)]);

        // A clusterer that marks 2, 3 and 5 copies of 0, and 1 a copy of 3 (wrong), and
        // misses 4.
        let duplicate_of = [None, Some(3), Some(0), Some(0), None, Some(0)];
        let group = roots(&duplicate_of);
        let flagged: Vec<(usize, usize)> = duplicate_of
            .iter()
            .enumerate()
            .filter_map(|(i, d)| d.map(|o| (o, i)))
            .collect();
        let score = truth.score(&group, &flagged);
        assert_eq!(
            score,
            DuplicateScore {
                exact_complete: 1,
                exact_title_complete: 1,
                near_found: 3,
                flagged: 4,
                flagged_near: 2,
                flagged_trimmed: 1,
                flagged_suspect: 1,
                flagged_other: 0,
            }
        );

        // The peer's pairs are grouped by union-find.
        let peer_pairs = [(0, 2), (2, 5), (1, 4)];
        let groups = components(6, &peer_pairs);
        assert_eq!(groups, vec![0, 1, 0, 3, 1, 0]);
        let score = truth.score(&groups, &peer_pairs);
        assert_eq!(
            (score.exact_complete, score.near_found, score.flagged_near),
            (2, 4, 3)
        );
    }

    #[test]
    fn copies_are_scored_against_the_generator() {
        // 2 copies 0, 3 copies 0, 4 copies 1.
        let copy_of = [None, None, Some(0), Some(0), Some(1), None];
        // We find 2 and 3 (3 via 2's group), miss 4, and wrongly flag 5 with 1.
        let group = [0, 1, 0, 0, 4, 1];
        let flagged = [(0, 2), (0, 3), (1, 5)];
        assert_eq!(
            CopyScore::of(&copy_of, &group, &flagged),
            CopyScore {
                copies: 3,
                found: 2,
                flagged: 3,
                flagged_wrong: 1,
            }
        );
        // Two copies of one original flagged together are right.
        assert_eq!(CopyScore::of(&copy_of, &group, &[(2, 3)]).flagged_wrong, 0);
    }

    #[test]
    fn records_parse_with_or_without_optional_fields() {
        let doc = parse_record(
            r#"{"id": "a", "lang": "eng", "date": "2025-03-01T10:00:00Z", "title": "T", "text": "Body.", "cluster": 7}"#,
        )
        .expect("a record");
        assert_eq!(doc.id, "a");
        assert_eq!(doc.language.as_deref(), Some("en"));
        assert_eq!(doc.gold.as_deref(), Some("7"));
        assert!(doc.published_at.is_some());
        let doc = parse_record(r#"{"id": "b", "date": null, "text": "x"}"#).expect("a record");
        assert_eq!(
            (doc.title.as_str(), doc.gold, doc.published_at),
            ("", None, None)
        );
        assert!(parse_record("[1, 2]").is_none());
        assert!(parse_record("not json").is_none());
    }

    #[test]
    fn schedstat_gives_seconds_on_a_cpu() {
        assert_eq!(parse_schedstat("2500000000 3398939 17\n"), Some(2.5));
        assert_eq!(parse_schedstat(""), None);
    }

    #[test]
    fn peer_figures_parse_from_the_script_line() {
        let line = r#"{"peer": "scikit-learn + datasketch", "sklearn_version": "1.9.1", "datasketch_version": "2.0.0", "threshold": 0.3, "peak_rss_mb": 190.0, "sets": [{"name": "bbc", "docs": 3, "megabytes": 0.1, "rounds": 1, "seconds_median": 0.01, "docs_per_s": 300.0, "mb_per_s": 0.6, "dup_docs_per_s": 900.0, "story_docs_per_s": 400.0, "stories": 2, "pairs": [[0, 2]], "labels": [0, 1, 0]}]}"#;
        let run: PeerRun = serde_json::from_str(line).expect("parses");
        assert_eq!(run.sklearn_version, "1.9.1");
        assert_eq!(run.sets[0].pairs, vec![(0, 2)]);
        assert_eq!(run.sets[0].labels, vec![0, 1, 0]);
    }
}
