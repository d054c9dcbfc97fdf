//! `corroborate eval numbers --data DIR`: prints a table per language and model, then one
//! line of JSON.

use anyhow::Result;
use eval::numbers::{FileReport, Score};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

pub fn run(data: &Path, failures: usize) -> Result<ExitCode> {
    let files = eval::numbers::find_files(data)?;
    println!(
        "{:<12} {:<16} {:>6} {:>8} {:>11} {:>9} {:>9} {:>8} {:>8}",
        "language",
        "model",
        "cases",
        "skipped",
        "not numeric",
        "accuracy",
        "precision",
        "recall",
        "f1"
    );
    let mut reports: Vec<FileReport> = Vec::new();
    let mut not_scored: Vec<String> = Vec::new();
    for file in &files {
        let Some(code) = file.code else {
            not_scored.push(format!("{}/{}", file.language, file.model));
            continue;
        };
        if eval::numbers::UNSCORED_MODELS.contains(&file.model.as_str()) {
            println!(
                "{:<12} {:<16} {:>6} not scored: the grammar reads no ranges",
                file.language,
                file.model,
                file.cases.len()
            );
            continue;
        }
        let report = eval::numbers::evaluate(file, code);
        println!(
            "{:<12} {:<16} {:>6} {:>8} {:>11} {:>9.4} {:>9.4} {:>8.4} {:>8.4}",
            report.language,
            report.model,
            report.cases,
            report.skipped,
            report.not_numeric,
            report.accuracy,
            report.precision,
            report.recall,
            report.f1
        );
        for failure in report.failures.iter().take(failures) {
            println!("    {:?}", failure.input);
            println!("        expected  {:?}", failure.expected);
            println!("        predicted {:?}", failure.predicted);
        }
        reports.push(report);
    }
    if !not_scored.is_empty() {
        println!(
            "not scored (no lexicon for the language): {}",
            not_scored.join(", ")
        );
    }
    let mut numbers = Score::default();
    let mut by_language: BTreeMap<String, Score> = BTreeMap::new();
    let mut by_model: BTreeMap<String, Score> = BTreeMap::new();
    for report in &reports {
        let score = Score::of(report);
        by_model.entry(report.model.clone()).or_default().add(score);
        if report.model == "NumberModel" {
            numbers.add(score);
            let code = eval::numbers::LANGUAGES
                .iter()
                .find(|(name, _)| *name == report.language)
                .map_or(report.language.as_str(), |(_, code)| code);
            by_language.entry(code.to_string()).or_default().add(score);
        }
    }
    println!(
        "NumberModel, all five languages: accuracy {:.4} over {} cases, result F1 {:.4}",
        numbers.accuracy(),
        numbers.cases,
        numbers.f1()
    );
    let languages: BTreeMap<&String, f64> =
        by_language.iter().map(|(k, s)| (k, s.accuracy())).collect();
    let models: BTreeMap<&String, serde_json::Value> = by_model
        .iter()
        .map(|(k, s)| {
            (
                k,
                serde_json::json!({"accuracy": s.accuracy(), "f1": s.f1(), "cases": s.cases}),
            )
        })
        .collect();
    let figures = serde_json::json!({
        "accuracy": numbers.accuracy(),
        "precision": numbers.precision(),
        "recall": numbers.recall(),
        "f1": numbers.f1(),
        "cases": numbers.cases,
        "languages": languages,
        "models": models,
        "files": reports,
    });
    println!("{figures}");
    Ok(ExitCode::SUCCESS)
}
