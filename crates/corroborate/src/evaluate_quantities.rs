//! `corroborate eval quantities --data DIR`: prints the figures of each set and of all of them,
//! then one line of JSON.

use anyhow::Result;
use clap::Args;
use eval::quantities::{SentenceResult, SetReport};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct QuantitiesArgs {
    /// A JSON file, or a folder searched recursively for them (files in another layout are
    /// skipped with a note).
    #[arg(long, value_name = "DIR")]
    data: PathBuf,
    /// The language of the sentences (ISO 639-1).
    #[arg(long, value_name = "CODE", default_value = "en")]
    lang: String,
    /// Also list every sentence where a gold quantity or a prediction is not matched on value
    /// and unit.
    #[arg(long)]
    misses: bool,
}

pub fn run(args: &QuantitiesArgs) -> Result<ExitCode> {
    let files = eval::quantities::find_files(&args.data)?;
    let mut reports = Vec::new();
    let mut lines = Vec::new();
    for file in &files {
        let name = file
            .strip_prefix(&args.data)
            .ok()
            .map(|p| p.display().to_string())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| file.display().to_string());
        let Some(sentences) = eval::quantities::load(file)? else {
            lines.push(format!(
                "{name}: skipped, not a list of {{text, quantities}} sentences"
            ));
            continue;
        };
        let (report, results) = eval::quantities::evaluate(&name, &sentences, Some(&args.lang));
        if args.misses {
            print_misses(&name, &results);
        }
        reports.push(report);
    }
    for line in &lines {
        println!("{line}");
    }
    if reports.is_empty() {
        anyhow::bail!(
            "no set in the NewsQuant layout below {}",
            args.data.display()
        );
    }
    println!(
        "{:<28} {:>5} {:>5} {:>5} | {:>6} {:>6} {:>6} | {:>7} {:>7} | {:>7} {:>7} | {:>9}",
        "set",
        "sent",
        "gold",
        "ours",
        "val P",
        "val R",
        "val F1",
        "unit P",
        "unit F1",
        "bound P",
        "bound F1",
        "sent/s"
    );
    let total = SetReport::total("all", &reports);
    for report in reports.iter().chain(std::iter::once(&total)) {
        println!(
            "{:<28} {:>5} {:>5} {:>5} | {:>6.3} {:>6.3} {:>6.3} | {:>7.3} {:>7.3} | {:>7.3} {:>7.3} | {:>9.0}",
            report.name,
            report.sentences,
            report.counts.gold,
            report.counts.predicted,
            report.value.precision,
            report.value.recall,
            report.value.f1,
            report.value_unit.precision,
            report.value_unit.f1,
            report.value_bound.precision,
            report.value_bound.f1,
            report.sentences_per_s
        );
    }
    println!(
        "value+bound checks the bound (CQE's `change`) only where the gold carries one: {} of {} gold quantities; the others count on their value alone.",
        total.counts.gold_with_bound, total.counts.gold
    );
    if total.counts.unreadable > 0 {
        println!(
            "{} gold quantities have a value that could not be read; they count as misses.",
            total.counts.unreadable
        );
    }
    let figures = serde_json::json!({
        "f1": total.value.f1,
        "precision": total.value.precision,
        "recall": total.value.recall,
        "unit_f1": total.value_unit.f1,
        "unit_precision": total.value_unit.precision,
        "unit_recall": total.value_unit.recall,
        "bound_f1": total.value_bound.f1,
        "bound_precision": total.value_bound.precision,
        "bound_recall": total.value_bound.recall,
        "gold_with_bound": total.counts.gold_with_bound,
        "sentences": total.sentences,
        "sentences_per_s": total.sentences_per_s,
        "sets": reports,
    });
    println!("{figures}");
    Ok(ExitCode::SUCCESS)
}

fn print_misses(name: &str, results: &[SentenceResult]) {
    for result in results {
        let counts = result.counts;
        if counts.value_unit == counts.gold && counts.value_unit == counts.predicted {
            continue;
        }
        println!("[{name}] {}", result.text.trim());
        let show = |figures: &[eval::quantities::Figure]| {
            figures
                .iter()
                .map(|f| {
                    format!(
                        "{} {} ({})",
                        f.value,
                        f.unit,
                        f.bound.as_deref().unwrap_or("")
                    )
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        println!("    gold: {}", show(&result.gold));
        println!("    ours: {}", show(&result.predicted));
    }
}
