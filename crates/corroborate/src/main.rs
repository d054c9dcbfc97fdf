//! The `corroborate` command line.

mod attributions;
mod bench;
mod bench_claims;
mod bench_clustering;
mod bench_compare;
mod bench_serve;
mod bench_watch;
mod claims_cmd;
mod clustering;
mod eval_numbers;
mod evaluate;
mod evaluate_coref;
mod evaluate_pronouns;
mod evaluate_quantities;
mod extracting;
mod ner;
mod render;
mod render_html;
mod serving;
mod users;
mod watching;

/// mimalloc rather than the system allocator: clustering makes and drops dozens of small
/// vectors per article, and a stream of 60,000 synthetic articles ran 5–10% faster with it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use model::{Diagnostic, Severity, StoryId};
use pipeline::input::InputLimits;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use store::{SqliteStore, Store};

/// Exit code when the run finished but some input was skipped.
pub(crate) const EXIT_PARTIAL: u8 = 3;
/// Exit code for a failure that stopped the run (store unreadable, output not writable).
const EXIT_FAILURE: u8 = 1;

#[derive(Parser)]
#[command(
    name = "corroborate",
    version,
    about = "Reads many news articles about the same events and lays the sources side by side: \
             what they agree on, where they differ, who said what, who reported first.",
    after_help = "Examples:\n  corroborate analyze examples/\n  corroborate ingest feed-dump.jsonl && corroborate stories\n  corroborate import CC-NEWS-20240101012345-00001.warc.gz\n\n\
                  Exit codes: 0 success, 1 failure, 2 usage error, 3 finished but some input was skipped."
)]
struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args)]
struct Global {
    /// Where the store lives (default: the platform's data directory).
    #[arg(long, global = true, env = "CORROBORATE_DATA_DIR", value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Print only the result and errors that stop the run.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Say more: -v shows warnings about each input, -vv everything.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,
    /// How log lines are written: text for people, json (one object a line) for log
    /// collectors.
    #[arg(long, global = true, value_enum, default_value_t = LogFormat::Text)]
    log_format: LogFormat,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum LogFormat {
    Text,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Ingest the inputs, group them into stories, compare the sources and print a report.
    #[command(
        after_help = "Examples:\n  corroborate analyze examples/\n  corroborate analyze a.html b.html feed.jsonl --format json --out report.json\n  cat articles.jsonl | corroborate analyze -"
    )]
    Analyze {
        #[command(flatten)]
        inputs: Inputs,
        #[command(flatten)]
        output: Output,
    },
    /// Store the inputs' articles (with their claims) without printing a report.
    #[command(after_help = "Example:\n  corroborate ingest examples/html/ && corroborate stories")]
    Ingest {
        #[command(flatten)]
        inputs: Inputs,
    },
    /// Store the HTML pages of WARC archives (a crawl's `response` and `resource` records, such
    /// as Common Crawl's CC-NEWS files), as `ingest` stores pages.
    #[command(
        after_help = "Examples:\n  corroborate import CC-NEWS-20240101012345-00001.warc.gz && corroborate stories\n  corroborate import crawls/\n\n\
                      Records that are not HTTP 200 HTML pages (requests, metadata, redirects, \
                      images) are passed over and counted; a damaged record is named by its \
                      offset in the file and the next one is read."
    )]
    Import {
        /// WARC archives (.warc, .warc.gz) or directories of them (read recursively).
        #[arg(required = true, value_name = "ARCHIVE")]
        paths: Vec<PathBuf>,
        /// Largest page read from an archive, in MiB, before and after decompression; larger
        /// ones are skipped with a message.
        #[arg(long, default_value_t = 64, value_name = "MIB")]
        max_file_size: u64,
    },
    /// List the stored stories, newest first.
    #[command(after_help = "Example:\n  corroborate stories --format json")]
    Stories {
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Print what the claims stage finds in each input article (figures, dates, quotes,
    /// attributions, named entities), one JSON line per article, without the store.
    #[command(
        after_help = "Example:\n  corroborate claims examples/html/04-northern-daily-ledger-death-toll-19.html"
    )]
    Claims {
        #[command(flatten)]
        inputs: Inputs,
    },
    /// Extract the article from HTML pages: one page as JSON or text, or many as JSON Lines
    /// with the throughput.
    #[command(
        after_help = "Examples:\n  corroborate extract page.html --format text\n  curl -s URL | corroborate extract - --url URL\n  corroborate extract pages/ --jobs 2 > articles.jsonl"
    )]
    Extract(extracting::ExtractArgs),
    /// Group the articles of a JSON Lines file into stories and mark copies, without the
    /// store: one output line per input line.
    #[command(
        after_help = "Examples:\n  corroborate cluster --input articles.jsonl --output stories.jsonl\n  corroborate cluster --input ../shared/data/clustering/ecbplus/dev.jsonl.gz\n\n\
                      Articles are taken in publication order (undated ones last, in file order); \
                      `cluster` numbers stories from 0 in that order."
    )]
    Cluster(clustering::ClusterArgs),
    /// Measure a stage on a development set with gold labels; the last line is JSON.
    #[command(subcommand)]
    Eval(evaluate::EvalCommand),
    /// Time a stage against a peer implementation on the same pages, in the same run; the last
    /// line is JSON.
    #[command(subcommand)]
    Bench(bench::BenchCommand),
    /// Train a model the claims stage ships, from open data; the last line is JSON.
    #[command(subcommand)]
    Train(TrainCommand),
    /// Manage the sources `watch` polls: feeds, sitemaps, sites.
    #[command(subcommand)]
    Sources(watching::SourcesCommand),
    /// Manage the editors who log in to `corroborate serve`, and their API tokens.
    #[command(subcommand)]
    Users(users::UsersCommand),
    /// Poll the sources, fetch new articles politely and store them, placed into stories, until
    /// stopped (Ctrl-C); a restart resumes where it stopped.
    #[command(
        after_help = "Examples:\n  corroborate sources import feeds.opml && corroborate watch --contact newsroom@example.org\n  corroborate watch --once"
    )]
    Watch(watching::WatchArgs),
    /// The newsroom: web pages and a JSON API over the store (stories, sources side by side,
    /// the review queue), until stopped (Ctrl-C). Inputs given are ingested first.
    #[command(
        after_help = "Examples:\n  corroborate serve examples/\n  corroborate serve --addr 127.0.0.1:9000 --private\n\n\
                      Open http://127.0.0.1:8080/ in a browser; the API is described at /api/openapi.json. \
                      Editors (who may confirm, reject, merge and split) are added with `corroborate users add`."
    )]
    Serve(serving::ServeArgs),
    /// Print the report of one stored story.
    #[command(after_help = "Example:\n  corroborate story s-3f2a9c1b7d04 --format json")]
    Story {
        /// The story id, as `corroborate stories` lists it (a unique prefix is enough).
        id: String,
        #[command(flatten)]
        output: Output,
    },
}

#[derive(Subcommand)]
enum TrainCommand {
    /// The attribution tagger (sources, cues, contents) from PolNeAR's training split.
    #[command(
        after_help = "Example:\n  corroborate train attribution --data ../shared/data/quotes/polnear/train"
    )]
    Attribution(attributions::TrainAttributionArgs),
    /// The named-entity tagger (an averaged perceptron over hashed features), from the
    /// training portions of the open NER sets.
    #[command(
        after_help = "Example:\n  corroborate train ner --data ../shared/data/ner --output crates/claims/models/ner-en.bin"
    )]
    Ner(ner::TrainNerArgs),
    /// Word clusters for the named-entity tagger, from unlabelled article text (never the NER
    /// sets); the tagger is trained on them afterwards.
    #[command(after_help = "Example:
  corroborate train clusters --output crates/claims/models/clusters-en.tsv \\
    --data ../shared/data/clustering/bbc-fulltext --data ../shared/data/claims/fnc1 \\
    --data ../shared/data/quotes/polnear/train/text --data ../shared/data/extraction")]
    Clusters(ner::TrainClustersArgs),
    /// The given-name table that tells "he" from "she" when speakers are resolved, from
    /// unlabelled English news (how each article writes of the people it names).
    #[command(after_help = "Example:
  corroborate train given-names --output crates/claims/models/given-names.tsv \\
    --data ../shared/data/clustering/bbc-fulltext --data ../shared/data/claims/fnc1 \\
    --data ../shared/data/quotes/polnear/train/text --data ../shared/data/extraction")]
    GivenNames(ner::TrainGivenNamesArgs),
    /// The place list the named-entity tagger looks names up in, from the GeoNames extracts
    /// (countries, continents, US states, cities of 15,000 people or more); the tagger is
    /// trained on it afterwards.
    #[command(after_help = "Example:
  corroborate train places --data \"$(scripts/geonames-data.sh)\" \\
    --output crates/claims/models/places-en.tsv")]
    Places(ner::TrainPlacesArgs),
    /// The names other languages give the countries ("Alemania", "Deutschland" → Germany),
    /// from the ISO 3166-1 translations of the Debian iso-codes project, less English words
    /// and cities' names; places are normalised by it, and story clustering reads it.
    #[command(after_help = "Example:
  corroborate train countries --data \"$(scripts/country-names.sh)\" \\
    --geonames \"$(scripts/geonames-data.sh)\" --output crates/claims/models/countries.tsv")]
    Countries(ner::TrainCountriesArgs),
    /// The person list the named-entity tagger reads (given names of men and women and
    /// surnames, by how common), from the 1990 US Census name files; the tagger is trained on
    /// it afterwards.
    #[command(after_help = "Example:
  corroborate train persons --data \"$(scripts/census-names.sh)\" \\
    --output crates/claims/models/persons-en.tsv")]
    Persons(ner::TrainPersonsArgs),
    /// The proper names WordNet holds ("Hamas", "Catholicism", "French Revolution"), each
    /// with the broad classes WordNet files it under, which the named-entity tagger reads; the
    /// tagger is trained on them afterwards.
    #[command(after_help = "Example:
  corroborate train propers --data \"$(scripts/wordnet-data.sh)\" \\
    --output crates/claims/models/propers-en.tsv")]
    Propers(ner::TrainPropersArgs),
    /// WordNet's broad classes (a noun of a person or a group, a verb of communication …) of
    /// the word clusters' words, which the attribution tagger reads; the tagger is trained on
    /// them afterwards.
    #[command(after_help = "Example:
  corroborate train senses --data \"$(scripts/wordnet-data.sh)\" \\
    --output crates/claims/models/senses-en.tsv")]
    Senses(attributions::TrainSensesArgs),
}

#[derive(Args)]
struct Inputs {
    /// HTML or text files, directories of them (read recursively), JSON Lines files of articles,
    /// WARC archives (.warc, .warc.gz), or - for JSON Lines on standard input.
    #[arg(required = true, value_name = "INPUT")]
    paths: Vec<PathBuf>,
    /// Largest HTML or text file read, in MiB; larger ones are skipped with a message.
    #[arg(long, default_value_t = 64, value_name = "MIB")]
    max_file_size: u64,
}

#[derive(Args)]
struct Output {
    /// Report format (default: markdown on a terminal, JSON otherwise; from --out's extension
    /// when given).
    #[arg(long, value_enum)]
    format: Option<ReportFormat>,
    /// Write the report to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ReportFormat {
    Markdown,
    Json,
    /// One self-contained HTML page.
    Html,
}

#[derive(Clone, Copy, ValueEnum)]
enum ListFormat {
    Table,
    Json,
}

/// The status of a program whose reader went away (128 + SIGPIPE, as a shell reports it).
const EXIT_CLOSED_PIPE: u8 = 141;

fn main() -> ExitCode {
    end_quietly_when_the_reader_leaves();
    let cli = Cli::parse();
    init_logging(&cli.global);
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

/// A reader that has seen enough (`corroborate eval clustering … | head -3`) closes the pipe,
/// and Rust's printing macros then panic. Like other command-line tools, the program ends
/// there, quietly, with the status a shell gives a program stopped by a closed pipe, rather
/// than reporting a crash. Every other panic is reported as before.
fn end_quietly_when_the_reader_leaves() {
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or_default();
        // "failed printing to stdout: Broken pipe (os error 32)"
        if message.starts_with("failed printing to stdout")
            && message.to_ascii_lowercase().contains("broken pipe")
        {
            std::process::exit(i32::from(EXIT_CLOSED_PIPE));
        }
        report(info);
    }));
}

fn init_logging(global: &Global) {
    let level = if global.quiet {
        "error"
    } else {
        match global.verbose {
            0 => "error",
            1 => "warn",
            _ => "info",
        }
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("CORROBORATE_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level));
    match global.log_format {
        LogFormat::Text => tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            .without_time()
            .with_target(false)
            .init(),
        LogFormat::Json => tracing_subscriber::fmt()
            .json()
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            .with_target(true)
            .init(),
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let global = cli.global;
    match cli.command {
        Command::Analyze { inputs, output } => {
            let mut store = open_store(&global)?;
            let summary = ingest(&mut store, &inputs, &global)?;
            place_in_stories(&mut store, &global)?;
            let mut touched: Vec<StoryId> = Vec::new();
            for article in &summary.articles {
                if let Some(story) = store.story_of(article)?
                    && !touched.contains(&story)
                {
                    touched.push(story);
                }
            }
            let report =
                pipeline::build_report(&store, Some(&touched), summary.diagnostics.clone())?;
            write_report(&report, &output)?;
            Ok(exit_for(&summary))
        }
        Command::Ingest { inputs } => {
            let mut store = open_store(&global)?;
            let summary = ingest(&mut store, &inputs, &global)?;
            place_in_stories(&mut store, &global)?;
            if !global.quiet {
                eprintln!("{} stories in the store", store.stories()?.len());
            }
            Ok(exit_for(&summary))
        }
        Command::Import {
            paths,
            max_file_size,
        } => {
            let mut store = open_store(&global)?;
            let archives = Inputs {
                paths,
                max_file_size,
            };
            let summary = store_inputs(&mut store, &archives, &global, pipeline::import)?;
            place_in_stories(&mut store, &global)?;
            if !global.quiet {
                eprintln!("{} stories in the store", store.stories()?.len());
            }
            Ok(exit_for(&summary))
        }
        Command::Stories { format } => {
            let store = open_store(&global)?;
            let stories = store.stories()?;
            let text = match format {
                ListFormat::Json => serde_json::to_string_pretty(&stories)? + "\n",
                ListFormat::Table => render::story_table(&stories),
            };
            write_stdout(&text)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Claims { inputs } => claims_cmd::run(
            &inputs.paths,
            inputs.max_file_size.saturating_mul(1024 * 1024),
        ),
        Command::Extract(args) => extracting::run(&args, global.quiet),
        Command::Cluster(args) => clustering::run(&args, global.quiet),
        Command::Eval(command) => evaluate::run(&command),
        Command::Bench(command) => bench::run(&command, global.quiet),
        Command::Train(TrainCommand::Attribution(args)) => attributions::train(&args),
        Command::Train(TrainCommand::Ner(args)) => ner::train(&args, global.quiet),
        Command::Train(TrainCommand::Clusters(args)) => ner::train_clusters(&args, global.quiet),
        Command::Train(TrainCommand::GivenNames(args)) => {
            ner::train_given_names(&args, global.quiet)
        }
        Command::Train(TrainCommand::Places(args)) => ner::train_places(&args),
        Command::Train(TrainCommand::Countries(args)) => ner::train_countries(&args),
        Command::Train(TrainCommand::Persons(args)) => ner::train_persons(&args),
        Command::Train(TrainCommand::Propers(args)) => ner::train_propers(&args),
        Command::Train(TrainCommand::Senses(args)) => attributions::train_senses(&args),
        Command::Sources(command) => watching::sources(&command, &global),
        Command::Users(command) => users::users(&command, &global),
        Command::Serve(args) => serving::serve(&args, &global),
        Command::Watch(args) => watching::watch(&args, &global),
        Command::Story { id, output } => {
            let store = open_store(&global)?;
            let matches: Vec<StoryId> = store
                .stories()?
                .into_iter()
                .map(|s| s.id)
                .filter(|s| s.0.starts_with(&id))
                .collect();
            let story_id = match matches.as_slice() {
                [one] => one.clone(),
                [] => {
                    anyhow::bail!("no story {id:?} in the store; `corroborate stories` lists them")
                }
                _ => anyhow::bail!(
                    "{} stories start with {id:?}; give more of the id",
                    matches.len()
                ),
            };
            let report = pipeline::build_report(&store, Some(&[story_id]), Vec::new())?;
            write_report(&report, &output)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn exit_for(summary: &pipeline::IngestSummary) -> ExitCode {
    if summary.skipped > 0 {
        ExitCode::from(EXIT_PARTIAL)
    } else {
        ExitCode::SUCCESS
    }
}

fn data_dir(flag: Option<&Path>) -> Result<PathBuf> {
    if let Some(dir) = flag {
        return Ok(dir.to_path_buf());
    }
    let dirs = directories::ProjectDirs::from("org", "Corroborate", "corroborate")
        .context("cannot find a home directory for the default data directory; pass --data-dir")?;
    Ok(dirs.data_dir().to_path_buf())
}

/// Opens the store and brings its stored claims up to this build's claims stage (they are
/// recomputed once after an upgrade that changed it).
/// The store file (its folder created if needed).
fn store_path(global: &Global) -> Result<PathBuf> {
    let dir = data_dir(global.data_dir.as_deref())?;
    std::fs::create_dir_all(&dir)
        .with_context(|| format!("failed to create data directory {}", dir.display()))?;
    Ok(dir.join("corroborate.sqlite3"))
}

fn open_store(global: &Global) -> Result<SqliteStore> {
    let path = store_path(global)?;
    tracing::info!("store: {}", path.display());
    let mut store = SqliteStore::open(&path)?;
    let refreshed = pipeline::refresh_claims(&mut store)?;
    if refreshed > 0 && !global.quiet {
        eprintln!(
            "recomputed the claims of {refreshed} stored article(s): the claims stage changed since they were stored"
        );
    }
    Ok(store)
}

/// Shows a progress bar on a terminal and reports each input problem as it comes.
struct TerminalProgress {
    bar: ProgressBar,
    verbose: u8,
    quiet: bool,
}

impl pipeline::Progress for TerminalProgress {
    fn files_found(&self, count: usize) {
        self.bar.set_length(count as u64);
    }

    fn file_done(&self, _path: &Path) {
        self.bar.inc(1);
    }

    fn articles_done(&self, count: usize) {
        self.bar.set_message(format!("{count} articles"));
    }

    fn diagnostic(&self, diagnostic: &Diagnostic) {
        let show = match diagnostic.severity {
            Severity::Error => !self.quiet,
            Severity::Warning => self.verbose >= 1,
            Severity::Info => self.verbose >= 2,
        };
        if show {
            self.bar.suspend(|| eprintln!("{diagnostic}"));
        }
    }
}

fn ingest(
    store: &mut SqliteStore,
    inputs: &Inputs,
    global: &Global,
) -> Result<pipeline::IngestSummary> {
    store_inputs(store, inputs, global, pipeline::ingest)
}

/// `pipeline::ingest` or `pipeline::import`.
type Reader = fn(
    &mut dyn Store,
    &[PathBuf],
    &InputLimits,
    &dyn pipeline::Progress,
) -> Result<pipeline::IngestSummary, pipeline::PipelineError>;

/// Reads and stores the inputs with a progress bar, and prints the summary line.
fn store_inputs(
    store: &mut SqliteStore,
    inputs: &Inputs,
    global: &Global,
    read: Reader,
) -> Result<pipeline::IngestSummary> {
    let bar = ProgressBar::new(0);
    if global.quiet || !std::io::stderr().is_terminal() {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} ingesting [{bar:30}] {pos}/{len} files, {msg} {elapsed}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    bar.set_message("0 articles");
    let progress = TerminalProgress {
        bar,
        verbose: global.verbose,
        quiet: global.quiet,
    };
    let limits = InputLimits {
        max_file_bytes: inputs.max_file_size.saturating_mul(1024 * 1024),
        ..InputLimits::default()
    };
    let summary = read(store, &inputs.paths, &limits, &progress)?;
    progress.bar.finish_and_clear();
    if !global.quiet {
        let warnings = summary
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count();
        let mut line = format!(
            "read {} file(s), {} article(s): {} new, {} already stored",
            summary.files,
            summary.inserted + summary.already_stored,
            summary.inserted,
            summary.already_stored
        );
        if summary.passed_over > 0 {
            line.push_str(&format!(
                "; {} archive record(s) passed over (not HTML pages)",
                summary.passed_over
            ));
        }
        if summary.skipped > 0 {
            line.push_str(&format!(
                "; {} input(s) skipped (see the errors above)",
                summary.skipped
            ));
        }
        if warnings > 0 && global.verbose == 0 {
            line.push_str(&format!("; {warnings} warning(s), -v shows them"));
        }
        eprintln!("{line}");
    }
    Ok(summary)
}

/// Writes to standard output; a reader that went away (`| head`) is not an error.
pub(crate) fn write_stdout(text: &str) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|_| stdout.flush())
    {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => Err(error.into()),
        _ => Ok(()),
    }
}

fn write_report(report: &model::report::Report, output: &Output) -> Result<()> {
    let format = output.format.unwrap_or_else(|| match &output.out {
        Some(path)
            if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("json")) =>
        {
            ReportFormat::Json
        }
        Some(path)
            if path.extension().is_some_and(|e| {
                e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm")
            }) =>
        {
            ReportFormat::Html
        }
        Some(_) => ReportFormat::Markdown,
        None if std::io::stdout().is_terminal() => ReportFormat::Markdown,
        None => ReportFormat::Json,
    });
    let text = match format {
        ReportFormat::Json => serde_json::to_string_pretty(report)? + "\n",
        ReportFormat::Markdown => render::markdown(report),
        ReportFormat::Html => {
            render_html::html(report).context("failed to render the HTML report")?
        }
    };
    match &output.out {
        Some(path) => std::fs::write(path, text)
            .with_context(|| format!("failed to write {}", path.display()))?,
        None => write_stdout(&text)?,
    }
    Ok(())
}

/// The default clustering settings with `NAME=VALUE` overrides applied.
fn cluster_config(settings: &[String]) -> Result<cluster::ClusterConfig> {
    let mut value = serde_json::to_value(cluster::ClusterConfig::default())?;
    for setting in settings {
        let (name, raw) = setting
            .split_once('=')
            .with_context(|| format!("`{setting}` is not NAME=VALUE"))?;
        let field = value
            .get_mut(name.trim())
            .with_context(|| format!("`{name}` is not a clustering setting"))?;
        *field = serde_json::from_str(raw.trim())
            .with_context(|| format!("`{raw}` is not a value for {name}"))?;
    }
    serde_json::from_value(value).context("a clustering setting has the wrong type")
}

/// Places the newly stored articles in stories, continuing the saved clustering.
fn place_in_stories(store: &mut SqliteStore, global: &Global) -> Result<()> {
    let summary = pipeline::cluster_new(store, &cluster::ClusterConfig::default())?;
    if let Some(reason) = summary.rebuilt
        && !global.quiet
    {
        eprintln!("warning: {reason}; every stored article was clustered again");
    }
    Ok(())
}
