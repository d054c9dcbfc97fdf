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
    /// Story clustering: pairwise precision, recall and F1 (as Miranda et al. 2018 compute them)
    /// and BCubed, plus documents/s, on JSON Lines sets with a gold `cluster` per document.
    #[command(
        after_help = "Example:\n  corroborate eval clustering --data ../shared/data/clustering/ecbplus/dev.jsonl.gz"
    )]
    Clustering(ClusteringArgs),
    /// Figures with units and bounds: value, value+unit and value+bound precision, recall and
    /// F1 (as the CQE evaluation computes them) and sentences/s, on sets in the NewsQuant layout.
    #[command(
        after_help = "Example:\n  corroborate eval quantities --data ../shared/data/numbers/cqe-eval-dev"
    )]
    Quantities(crate::evaluate_quantities::QuantitiesArgs),
    /// Temporal expressions on TimeML documents: strict and relaxed extent P/R/F1 and value
    /// and type F1 (as TempEval-3 defines them), plus MB/s.
    #[command(
        after_help = "Example:\n  corroborate eval temporal --data ../shared/data/temporal/TBAQ-cleaned"
    )]
    Temporal(TemporalArgs),
    /// Dates, times, durations and sets in five languages on the Microsoft Recognizers-Text
    /// DateTime specs: the share of cases right per language and spec file.
    #[command(
        after_help = "Example:\n  corroborate eval dates --data ../shared/data/recognizers-text-specs"
    )]
    Dates(DatesArgs),
    /// Numbers in words and digits (the claims numeral grammar) on the Recognizers-Text
    /// specs: case accuracy and result-level P/R/F1 per language and model.
    #[command(
        after_help = "Example:\n  corroborate eval numbers --data ../shared/data/recognizers-text-specs"
    )]
    Numbers(NumbersArgs),
    /// Attributions on PolNeAR: exact and overlap P/R/F1 for sources, cues and contents, and
    /// direct quotes' content and speaker apart.
    #[command(
        after_help = "Example:\n  corroborate eval quotes --data ../shared/data/quotes/polnear/dev"
    )]
    Quotes(crate::attributions::EvalQuotesArgs),
    /// Named entities on CoNLL-style sets (IO, BIO or BIOES tags): entity-level exact-match
    /// precision, recall and F1 overall and per kind, and tokens/s.
    #[command(
        after_help = "Examples:\n  corroborate eval ner --data ../shared/data/ner/re3d/CONLL-format/data/test\n  corroborate eval ner --data ../shared/data/ner/wikigold --held-out"
    )]
    Ner(crate::ner::EvalNerArgs),
    /// Cross-document event and entity coreference on ECB+ (gold mentions, within gold
    /// topics): MUC, B³, CEAF-e and CoNLL F1 for our system and the same-head-lemma baseline,
    /// and mentions/s.
    #[command(
        after_help = "Examples:\n  corroborate eval coref --data ../shared/data/coref --split dev\n  corroborate eval coref --data ../shared/data/coref --split train --fit"
    )]
    Coref(crate::evaluate_coref::CorefArgs),
    /// How speakers' "he" and "she" resolve, on ECB+'s chains of people: precision and recall
    /// of the person each resolves to, ours next to the nearest person named before.
    #[command(after_help = "Example:\n  corroborate eval pronouns --data ../shared/data/coref")]
    Pronouns(crate::evaluate_pronouns::PronounArgs),
}

#[derive(Args)]
pub struct NumbersArgs {
    /// A folder holding `Number/<Language>/<Model>.json`, searched recursively.
    #[arg(long, value_name = "DIR")]
    data: PathBuf,
    /// Also list up to N failed cases of each file.
    #[arg(long, value_name = "N", default_value_t = 0)]
    failures: usize,
}

#[derive(Args)]
pub struct DatesArgs {
    /// A folder holding `DateTime/<Language>/*.json` specs, searched recursively.
    #[arg(long, value_name = "DIR")]
    data: PathBuf,
    /// Also list up to N inputs we got wrong.
    #[arg(long, value_name = "N", default_value_t = 0)]
    misses: usize,
}

#[derive(Args)]
pub struct TemporalArgs {
    /// A `.tml` file, or a folder searched recursively for them.
    #[arg(long, value_name = "PATH")]
    data: PathBuf,
    /// Also list up to N expressions that were missed, wrongly valued or not in the gold.
    #[arg(long, value_name = "N", default_value_t = 0)]
    misses: usize,
}

#[derive(Args)]
pub struct ClusteringArgs {
    /// A `.jsonl.gz` / `.jsonl` file, or a folder searched recursively for them.
    #[arg(long, value_name = "PATH")]
    data: PathBuf,
    /// Override a clustering setting, e.g. `--set join_threshold=0.3` (repeatable; the
    /// names are the fields of `ClusterConfig`).
    #[arg(long = "set", value_name = "NAME=VALUE")]
    settings: Vec<String>,
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
        EvalCommand::Clustering(args) => clustering(args),
        EvalCommand::Temporal(args) => temporal(args),
        EvalCommand::Dates(args) => dates(args),
        EvalCommand::Quantities(args) => crate::evaluate_quantities::run(args),
        EvalCommand::Numbers(args) => crate::eval_numbers::run(&args.data, args.failures),
        EvalCommand::Quotes(args) => crate::attributions::eval(args),
        EvalCommand::Ner(args) => crate::ner::evaluate(args),
        EvalCommand::Coref(args) => crate::evaluate_coref::run(args),
        EvalCommand::Pronouns(args) => crate::evaluate_pronouns::run(args),
    }
}

fn dates(args: &DatesArgs) -> Result<ExitCode> {
    let (tallies, wrong) = eval::dates::evaluate(&args.data)?;
    println!(
        "{:<9} {:<30} {:>6} {:>6} {:>9} {:>8}",
        "language", "spec", "cases", "right", "accuracy", "skipped"
    );
    let mut per_language: std::collections::BTreeMap<String, eval::dates::Tally> =
        std::collections::BTreeMap::new();
    let mut dates_only: std::collections::BTreeMap<String, eval::dates::Tally> =
        std::collections::BTreeMap::new();
    let mut all = eval::dates::Tally::default();
    for ((language, spec), tally) in &tallies {
        println!(
            "{language:<9} {spec:<30} {:>6} {:>6} {:>9.4} {:>8}",
            tally.cases,
            tally.right,
            tally.accuracy(),
            tally.skipped
        );
        per_language.entry(language.clone()).or_default().add(tally);
        if spec == "DateParser" {
            dates_only.entry(language.clone()).or_default().add(tally);
        }
        all.add(tally);
    }
    for (language, tally) in &per_language {
        let dates = dates_only
            .get(language)
            .map_or(0.0, eval::dates::Tally::accuracy);
        println!(
            "{language:<9} all specs {:.4} ({} cases), dates (DateParser) {dates:.4}",
            tally.accuracy(),
            tally.cases
        );
    }
    for (language, spec, input) in wrong.iter().take(args.misses) {
        println!("  {language} {spec:<24} {input}");
    }
    let languages: serde_json::Map<String, serde_json::Value> = per_language
        .iter()
        .map(|(language, tally)| {
            let dates = dates_only.get(language).map_or(0.0, eval::dates::Tally::accuracy);
            (
                language.clone(),
                serde_json::json!({"accuracy": tally.accuracy(), "dates_accuracy": dates, "cases": tally.cases}),
            )
        })
        .collect();
    let dates_all = dates_only
        .values()
        .fold(eval::dates::Tally::default(), |mut t, x| {
            t.add(x);
            t
        });
    let figures = serde_json::json!({
        "accuracy": all.accuracy(),
        "dates_accuracy": dates_all.accuracy(),
        "cases": all.cases,
        "skipped": all.skipped,
        "recall": if all.expected == 0 { 0.0 } else { all.found as f64 / all.expected as f64 },
        "languages": languages,
    });
    println!("{figures}");
    Ok(ExitCode::SUCCESS)
}

fn temporal(args: &TemporalArgs) -> Result<ExitCode> {
    let (report, misses) = eval::temporal::evaluate(&args.data)?;
    println!(
        "{} documents, {} gold expressions, {} found",
        report.documents, report.gold, report.system
    );
    println!(
        "{:<9} {:>9} {:>9} {:>9}",
        "extent", "precision", "recall", "f1"
    );
    for (name, prf) in [("strict", report.strict), ("relaxed", report.relaxed)] {
        println!(
            "{name:<9} {:>9.4} {:>9.4} {:>9.4}",
            prf.precision(),
            prf.recall(),
            prf.f1()
        );
    }
    let mb_per_s = report.bytes as f64 / 1e6 / report.seconds.max(1e-9);
    println!(
        "value F1 {:.4} (accuracy {:.4} on {} relaxed matches), type F1 {:.4}, {:.1} MB/s",
        report.value_f1(),
        report.value_accuracy(),
        report.matched,
        report.type_f1(),
        mb_per_s
    );
    for miss in misses.iter().take(args.misses) {
        let show = |side: &Option<(String, String)>| match side {
            Some((text, value)) => format!("{text:?} = {value}"),
            None => "-".to_string(),
        };
        println!(
            "  {:<28} gold {:<40} found {:<40} | {}",
            miss.document,
            show(&miss.gold),
            show(&miss.system),
            miss.context
        );
    }
    let figures = serde_json::json!({
        "f1": report.relaxed.f1(),
        "precision": report.relaxed.precision(),
        "recall": report.relaxed.recall(),
        "strict_f1": report.strict.f1(),
        "strict_precision": report.strict.precision(),
        "strict_recall": report.strict.recall(),
        "value_f1": report.value_f1(),
        "value_accuracy": report.value_accuracy(),
        "type_f1": report.type_f1(),
        "documents": report.documents,
        "gold": report.gold,
        "found": report.system,
        "mb_per_s": mb_per_s,
    });
    println!("{figures}");
    Ok(ExitCode::SUCCESS)
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

fn clustering(args: &ClusteringArgs) -> Result<ExitCode> {
    let files = eval::clustering::find_files(&args.data)?;
    println!(
        "{:<36} {:>6} {:>6} {:>6} {:>8} {:>8} {:>8} {:>8} {:>9}",
        "set", "docs", "gold", "ours", "pair P", "pair R", "pair F1", "B3 F1", "docs/s"
    );
    let config = crate::cluster_config(&args.settings)?;
    let mut reports = Vec::new();
    for file in &files {
        let docs = eval::clustering::load(file)?;
        if docs.iter().all(|d| d.gold.is_none()) {
            println!(
                "{:<36} skipped: no document has a gold cluster",
                file.display()
            );
            continue;
        }
        let name = file
            .strip_prefix(&args.data)
            .unwrap_or(file)
            .display()
            .to_string();
        let name = if name.is_empty() {
            file.display().to_string()
        } else {
            name
        };
        let report = eval::clustering::evaluate(&name, &docs, &config);
        println!(
            "{:<36} {:>6} {:>6} {:>6} {:>8.4} {:>8.4} {:>8.4} {:>8.4} {:>9.0}",
            report.name,
            report.docs,
            report.gold_clusters,
            report.predicted_clusters,
            report.score.pairwise_precision,
            report.score.pairwise_recall,
            report.score.pairwise_f1,
            report.score.bcubed_f1,
            report.docs_per_s
        );
        reports.push(report);
    }
    let mean = |f: fn(&eval::clustering::SetReport) -> f64| {
        reports.iter().map(f).sum::<f64>() / reports.len().max(1) as f64
    };
    let figures = serde_json::json!({
        "f1": mean(|r| r.score.pairwise_f1),
        "precision": mean(|r| r.score.pairwise_precision),
        "recall": mean(|r| r.score.pairwise_recall),
        "bcubed_f1": mean(|r| r.score.bcubed_f1),
        "docs_per_s": reports.iter().map(|r| r.docs as f64).sum::<f64>() / reports.iter().map(|r| r.seconds).sum::<f64>().max(1e-9),
        "sets": reports,
    });
    println!("{figures}");
    Ok(ExitCode::SUCCESS)
}
