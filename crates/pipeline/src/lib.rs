//! Orchestration: inputs in, stories and reports out, through a [`store::Store`].
//!
//! The flow is: paths (pages, JSON Lines, WARC archives) → [`queue::IngestJob`]s on a [`queue::WorkQueue`] → [`input::RawDoc`]s
//! read a file at a time → articles prepared in parallel ([`prepare::prepare`]: extraction,
//! language, claims) → stored in batches, one transaction each → placed into stories by the
//! streaming clusterer, which continues from its saved state ([`cluster_new`]) → compared per
//! story into a [`model::report::Report`].
//!
//! Invariants: a batch is stored whole or not at all, so a crash mid-ingest leaves every
//! earlier batch intact and re-running the same input adds nothing twice (article keys are
//! unique). A bad input is a diagnostic, never an abort of the run.

pub mod input;
pub mod prepare;
pub mod queue;
mod report;
pub mod urls;
pub mod warc;

pub use report::{
    build_report, build_story, fact_pending, report_inputs_version, story_report,
    story_report_reviewed,
};

use input::{InputLimits, RawDoc};
use model::{Article, ArticleClaims, ArticleId, Diagnostic, Severity};
use queue::{IngestJob, MemoryQueue, WorkQueue};
use rayon::prelude::*;
use std::path::PathBuf;
use store::{Put, Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Articles prepared in parallel and stored in one transaction.
const BATCH_SIZE: usize = 64;

/// The key under which the store records the claims version of its stored claims.
const CLAIMS_VERSION_KEY: &str = "claims_version";
/// Articles whose claims are recomputed per transaction.
const REFRESH_BATCH: usize = 256;

/// Brings the stored claims up to the claims stage of this build. When the store's claims were
/// written by another version (`claims::output_version`: new rules, tables or models), every
/// stored article's claims are recomputed from its stored text, in parallel, a batch per
/// transaction; the new version is recorded last, so an interrupted refresh starts again on
/// the next run. Returns how many articles were refreshed (0 when nothing was stale).
pub fn refresh_claims(store: &mut dyn Store) -> Result<usize, PipelineError> {
    let current = claims::output_version();
    if store.meta(CLAIMS_VERSION_KEY)?.as_deref() == Some(current) {
        return Ok(0);
    }
    let mut refreshed = 0;
    let mut after = 0;
    loop {
        let batch = store.articles_after(after, REFRESH_BATCH)?;
        let Some((last, _)) = batch.last() else {
            break;
        };
        after = *last;
        let claims: Vec<(ArticleId, ArticleClaims)> = batch
            .par_iter()
            .map(|(_, article)| {
                let found = claims::extract_claims(
                    &article.text,
                    article.published_at,
                    article.language.as_deref(),
                );
                (article.id.clone(), found.value)
            })
            .collect();
        store.replace_claims(&claims)?;
        refreshed += claims.len();
    }
    store.set_meta(CLAIMS_VERSION_KEY, current)?;
    Ok(refreshed)
}

/// What an ingest run did.
#[derive(Debug, Default, Clone)]
pub struct IngestSummary {
    pub files: usize,
    pub documents: usize,
    pub inserted: usize,
    pub already_stored: usize,
    /// Inputs (files, lines or archive records) skipped because of an error.
    pub skipped: usize,
    /// Archive records passed over as not being HTML pages (see [`input::FileRead`]).
    pub passed_over: usize,
    /// The articles this run's input stands for, new or stored before, in input order.
    pub articles: Vec<ArticleId>,
    pub diagnostics: Vec<Diagnostic>,
}

/// What the pipeline tells its caller as it goes (a progress bar, a log).
pub trait Progress: Sync {
    fn files_found(&self, _count: usize) {}
    fn file_done(&self, _path: &std::path::Path) {}
    /// Articles of this run's input stored so far, new or stored before (an archive or a JSON
    /// Lines file gives many).
    fn articles_done(&self, _count: usize) {}
    fn diagnostic(&self, _diagnostic: &Diagnostic) {}
}

/// A progress sink that ignores everything.
pub struct Silent;
impl Progress for Silent {}

/// Reads every input, prepares and stores the articles.
pub fn ingest(
    store: &mut dyn Store,
    paths: &[PathBuf],
    limits: &InputLimits,
    progress: &dyn Progress,
) -> Result<IngestSummary, PipelineError> {
    let (files, diagnostics) = input::discover(paths);
    ingest_files(
        store,
        files,
        diagnostics,
        limits,
        progress,
        input::read_file,
    )
}

/// Reads WARC archives (files, or directories of `.warc` and `.warc.gz` files) and prepares
/// and stores their HTML pages as [`ingest`] does; a file that is not an archive is skipped
/// with a diagnostic.
pub fn import(
    store: &mut dyn Store,
    paths: &[PathBuf],
    limits: &InputLimits,
    progress: &dyn Progress,
) -> Result<IngestSummary, PipelineError> {
    let (files, diagnostics) = input::discover_archives(paths);
    ingest_files(
        store,
        files,
        diagnostics,
        limits,
        progress,
        input::read_archive,
    )
}

type ReadFile = fn(&std::path::Path, &InputLimits, &mut dyn FnMut(RawDoc)) -> input::FileRead;

fn ingest_files(
    store: &mut dyn Store,
    files: Vec<PathBuf>,
    diagnostics: Vec<Diagnostic>,
    limits: &InputLimits,
    progress: &dyn Progress,
    read_file: ReadFile,
) -> Result<IngestSummary, PipelineError> {
    let mut summary = IngestSummary::default();
    for diagnostic in diagnostics {
        report_diagnostic(&mut summary, progress, diagnostic);
    }
    progress.files_found(files.len());
    let mut queue = MemoryQueue::new();
    for file in files {
        queue.push(IngestJob::File(file));
    }
    while !queue.is_empty() {
        for job in queue.pop_batch(1) {
            let IngestJob::File(path) = job;
            summary.files += 1;
            let mut pending: Vec<RawDoc> = Vec::new();
            let mut failure: Option<PipelineError> = None;
            let read = read_file(&path, limits, &mut |doc| {
                pending.push(doc);
                if pending.len() >= BATCH_SIZE && failure.is_none() {
                    let batch = std::mem::take(&mut pending);
                    if let Err(error) = store_batch(store, batch, &mut summary, progress) {
                        failure = Some(error);
                    }
                }
            });
            if let Some(error) = failure {
                return Err(error);
            }
            store_batch(store, pending, &mut summary, progress)?;
            summary.documents += read.documents;
            summary.passed_over += read.passed_over;
            for diagnostic in read.diagnostics {
                report_diagnostic(&mut summary, progress, diagnostic);
            }
            progress.file_done(&path);
        }
    }
    Ok(summary)
}

fn report_diagnostic(summary: &mut IngestSummary, progress: &dyn Progress, diagnostic: Diagnostic) {
    if diagnostic.severity == Severity::Error {
        summary.skipped += 1;
    }
    progress.diagnostic(&diagnostic);
    summary.diagnostics.push(diagnostic);
}

fn store_batch(
    store: &mut dyn Store,
    batch: Vec<RawDoc>,
    summary: &mut IngestSummary,
    progress: &dyn Progress,
) -> Result<(), PipelineError> {
    if batch.is_empty() {
        return Ok(());
    }
    // Articles stored before under a key known up front need no extraction.
    let mut fresh = Vec::with_capacity(batch.len());
    for raw in batch {
        match prepare::known_key(&raw)
            .map(|key| store.article_id_for_key(&key))
            .transpose()?
        {
            Some(Some(id)) => {
                summary.already_stored += 1;
                summary.articles.push(id);
            }
            _ => fresh.push(raw),
        }
    }
    let outcomes: Vec<_> = fresh.into_par_iter().map(prepare::prepare).collect();
    let mut ready: Vec<(Article, ArticleClaims)> = Vec::new();
    for outcome in outcomes {
        for diagnostic in outcome.diagnostics {
            report_diagnostic(summary, progress, diagnostic);
        }
        if let Some(prepared) = outcome.value {
            ready.push(prepared);
        }
    }
    // Two inputs of one batch may be the same article: the store keeps the first.
    let puts = store.put_articles(&ready)?;
    for ((article, _), put) in ready.iter().zip(puts) {
        match put {
            Put::Inserted(id) => {
                summary.inserted += 1;
                summary.articles.push(id);
            }
            Put::AlreadyStored(id) => {
                summary.already_stored += 1;
                summary.articles.push(id);
            }
            Put::Rejected(message) => report_diagnostic(
                summary,
                progress,
                Diagnostic::error(&article.origin, message),
            ),
        }
    }
    progress.articles_done(summary.articles.len());
    Ok(())
}

/// Stored articles clustered (and saved) per step.
const CLUSTER_STEP: usize = 2_000;

/// What a clustering run did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ClusterSummary {
    /// Articles placed in stories by this run.
    pub placed: usize,
    /// Why clustering started over, when the saved state could not be read.
    pub rebuilt: Option<String>,
}

/// Places every stored article not yet in a story, continuing the saved streaming clustering
/// (or starting it), a step of 2,000 articles at a time; each step's placements
/// and state are saved together. Articles of a step are taken in publication order (undated
/// ones last), so a batch that arrived together is read as it happened.
pub fn cluster_new(
    store: &mut dyn Store,
    config: &cluster::ClusterConfig,
) -> Result<ClusterSummary, PipelineError> {
    let mut summary = ClusterSummary::default();
    let (mut clusterer, mut through) = match store.clustering_state()? {
        Some((snapshot, through)) => match cluster::Clusterer::restore(&snapshot, config.clone()) {
            Ok(clusterer) => (clusterer, through),
            Err(error) => {
                store.reset_clustering()?;
                summary.rebuilt = Some(error.to_string());
                (cluster::Clusterer::new(config.clone()), 0)
            }
        },
        None => (cluster::Clusterer::new(config.clone()), 0),
    };
    loop {
        let mut step = store.articles_after(through, CLUSTER_STEP)?;
        let Some(last) = step.last().map(|(seq, _)| *seq) else {
            break;
        };
        step.sort_by_key(|(seq, a)| (a.published_at.is_none(), a.published_at, *seq));
        let placements: Vec<store::Placement> = step
            .into_iter()
            .map(|(_, article)| {
                let assignment = clusterer.push(&cluster::ClusterDoc {
                    title: article.title.as_deref().unwrap_or(""),
                    text: &article.text,
                    published_at: article.published_at,
                    language: article.language.as_deref(),
                });
                store::Placement {
                    title: article
                        .title
                        .clone()
                        .unwrap_or_else(|| article.text.chars().take(80).collect()),
                    published_at: article.published_at,
                    article: article.id,
                    doc: assignment.doc,
                    story: assignment.story,
                    duplicate_of: assignment.duplicate_of,
                    merged: assignment.merged,
                }
            })
            .collect();
        summary.placed += placements.len();
        through = last;
        store.save_clustering(&store::ClusteringStep {
            placements,
            snapshot: clusterer.snapshot(),
            through,
        })?;
    }
    Ok(summary)
}
