//! `corroborate eval <stage> --data DIR`.

use anyhow::Result;
use clap::{Args, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum EvalCommand {
    /// Main-text extraction: token-shingle precision, recall and F1 (as the public article
    /// extraction benchmark computes them), pages/s and MB/s on one thread.
    #[command(
        after_help = "Example:\n  corroborate eval extraction --data ../shared/data/extraction"
    )]
    Extraction(ExtractionArgs),
}

#[derive(Args)]
pub struct ExtractionArgs {
    /// A folder holding one or more sets (`ground-truth.json` + `html/`), searched recursively.
    #[arg(long, value_name = "DIR")]
    data: PathBuf,
    /// Also list the N pages with the lowest F1 of each set.
    #[arg(long, value_name = "N", default_value_t = 0)]
    worst: usize,
    /// Write each page's extracted text to `DIR/<set>/<id>.txt` for inspection.
    #[arg(long, value_name = "DIR")]
    dump: Option<PathBuf>,
}

pub fn run(command: &EvalCommand) -> Result<ExitCode> {
    match command {
        EvalCommand::Extraction(args) => extraction(args),
    }
}

fn extraction(args: &ExtractionArgs) -> Result<ExitCode> {
    let sets = eval::extraction::find_sets(&args.data)?;
    let mut reports = Vec::new();
    let mut all_scores = Vec::new();
    println!(
        "{:<24} {:>6} {:>9} {:>9} {:>9} {:>7} {:>9} {:>8}",
        "set", "pages", "precision", "recall", "f1", "empty", "pages/s", "MB/s"
    );
    for set in &sets {
        let (report, pages) = eval::extraction::evaluate_set(set);
        println!(
            "{:<24} {:>6} {:>9.4} {:>9.4} {:>9.4} {:>7} {:>9.1} {:>8.1}",
            report.name,
            report.pages,
            report.score.precision,
            report.score.recall,
            report.score.f1,
            report.empty_predictions,
            report.pages_per_s,
            report.mb_per_s
        );
        if args.worst > 0 {
            let mut ranked: Vec<&eval::extraction::PageResult> = pages.iter().collect();
            ranked.sort_by(|a, b| a.score.f1().total_cmp(&b.score.f1()).then(a.id.cmp(&b.id)));
            for page in ranked.iter().take(args.worst) {
                println!(
                    "    {:<40} f1 {:.3}  p {}  r {}",
                    page.id,
                    page.score.f1(),
                    page.score
                        .precision
                        .map_or("-".into(), |p| format!("{p:.3}")),
                    page.score.recall.map_or("-".into(), |r| format!("{r:.3}"))
                );
            }
        }
        if let Some(dump) = &args.dump {
            let dir = dump.join(&report.name);
            std::fs::create_dir_all(&dir)?;
            for page in &pages {
                std::fs::write(dir.join(format!("{}.txt", page.id)), &page.predicted)?;
            }
        }
        all_scores.extend(pages.iter().map(|p| p.score));
        reports.push(report);
    }
    let overall = eval::metrics::score_set(&all_scores);
    let seconds: f64 = reports.iter().map(|r| r.seconds).sum();
    let pages: usize = reports.iter().map(|r| r.pages).sum();
    let megabytes: f64 = reports.iter().map(|r| r.megabytes).sum();
    let figures = serde_json::json!({
        "f1": overall.f1,
        "precision": overall.precision,
        "recall": overall.recall,
        "pages": pages,
        "pages_per_s": pages as f64 / seconds.max(1e-9),
        "mb_per_s": megabytes / seconds.max(1e-9),
        "sets": reports,
    });
    println!("{figures}");
    Ok(ExitCode::SUCCESS)
}
