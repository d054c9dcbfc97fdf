//! `corroborate cluster`: story clustering of a JSON Lines file, without the store.

use anyhow::{Context, Result};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Args)]
pub struct ClusterArgs {
    /// JSON Lines of `{"id", "title", "text", "date"?, "lang"?}` (gzip when named `.gz`).
    #[arg(long, value_name = "FILE")]
    input: PathBuf,
    /// Where to write `{"id", "cluster", "duplicate_of"?}` per input line, in input order
    /// (default: standard output).
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Override a clustering setting, e.g. `--set join_threshold=0.3` (repeatable; the
    /// names are the fields of `ClusterConfig`).
    #[arg(long = "set", value_name = "NAME=VALUE")]
    settings: Vec<String>,
}

pub fn run(args: &ClusterArgs, quiet: bool) -> Result<ExitCode> {
    let docs = eval::clustering::load(&args.input)?;
    let config = crate::cluster_config(&args.settings)?;
    let start = Instant::now();
    let clustering = eval::clustering::run(&docs, &config);
    let seconds = start.elapsed().as_secs_f64();
    let mut out: Vec<u8> = Vec::new();
    for (i, doc) in docs.iter().enumerate() {
        let mut line = serde_json::json!({"id": doc.id, "cluster": clustering.story_of[i]});
        if let Some(original) = clustering.duplicate_of[i] {
            line["duplicate_of"] = serde_json::Value::String(docs[original].id.clone());
        }
        writeln!(out, "{line}")?;
    }
    match &args.output {
        Some(path) => {
            // Written beside the target and renamed, so a reader never sees half a file.
            let directory = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(std::path::Path::new("."));
            let mut file = tempfile::NamedTempFile::new_in(directory)
                .with_context(|| format!("cannot write in {}", directory.display()))?;
            file.write_all(&out)
                .with_context(|| format!("cannot write in {}", directory.display()))?;
            file.persist(path)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        None => std::io::stdout()
            .lock()
            .write_all(&out)
            .context("cannot write to standard output")?,
    }
    if !quiet {
        let copies = clustering.duplicate_of.iter().flatten().count();
        eprintln!(
            "{} documents, {} stories, {} copies of an earlier document; {:.0} documents/s",
            docs.len(),
            clustering.story_count(),
            copies,
            docs.len() as f64 / seconds.max(1e-9)
        );
    }
    Ok(ExitCode::SUCCESS)
}
