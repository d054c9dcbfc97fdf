//! `corroborate eval quotes` and `corroborate train attribution`: the attribution tagger
//! measured on PolNeAR, and rebuilt from its training split.

use anyhow::{Context, Result};
use claims::attribution::{AttributionModel, TrainingArticle, train_attribution};
use clap::Args;
use model::AttributionRole;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct EvalQuotesArgs {
    /// A folder of PolNeAR-style brat annotations (`attributions/*.ann` with `text/*.txt`, or
    /// `<name>.ann` beside `<name>.txt`), searched recursively.
    #[arg(long, value_name = "DIR")]
    data: PathBuf,
    /// Score this model file instead of the one built into the binary.
    #[arg(long, value_name = "FILE")]
    model: Option<PathBuf>,
    /// Score the rule-based quote finder (`claims::rule_quotes`) instead of the tagger.
    #[arg(long, conflicts_with_all = ["model", "quotes"])]
    rules: bool,
    /// Score the quotes as `analyze` reports them (`claims::quotes`: the tagger's
    /// attributions, direct quotes bounded by their quotation marks) instead of the tagger's
    /// raw output.
    #[arg(long, conflicts_with = "model")]
    quotes: bool,
    /// Also list up to N spans missed or found wrongly, per role.
    #[arg(long, value_name = "N", default_value_t = 0)]
    misses: usize,
}

#[derive(Args)]
pub struct TrainAttributionArgs {
    /// The training split: brat annotations in PolNeAR's layout, searched recursively.
    #[arg(long, value_name = "DIR")]
    data: PathBuf,
    /// Where to write the model.
    #[arg(
        long,
        value_name = "FILE",
        default_value = "crates/claims/models/attribution-en.bin"
    )]
    output: PathBuf,
    /// Passes over the training data.
    #[arg(long, value_name = "N", default_value_t = 12)]
    epochs: usize,
    /// The feature table holds 2^BITS rows.
    #[arg(long, value_name = "BITS", default_value_t = 17)]
    bits: u8,
}

const ROLES: [(&str, usize); 3] = [("source", 0), ("cue", 1), ("content", 2)];

pub fn eval(args: &EvalQuotesArgs) -> Result<ExitCode> {
    let own;
    let model: &AttributionModel = match &args.model {
        Some(path) => {
            let bytes =
                std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
            own = AttributionModel::from_bytes(&bytes).map_err(anyhow::Error::msg)?;
            &own
        }
        None => claims::attribution::shipped().map_err(anyhow::Error::msg)?,
    };
    let (report, misses) = if args.rules {
        eval::quotes::evaluate(&args.data, |text| {
            let quotes = claims::rule_quotes(text, Some("en"));
            eval::quotes::from_quotes(text, &quotes)
        })?
    } else if args.quotes {
        eval::quotes::evaluate(&args.data, |text| {
            let quotes = claims::quotes(text, None, Some("en")).value;
            eval::quotes::from_quotes(text, &quotes)
        })?
    } else {
        eval::quotes::evaluate(&args.data, |text| model.find_in(text))?
    };
    println!("{} annotation files", report.files);
    println!(
        "{:<16} {:>9} {:>9} {:>9}   {:>9} {:>9} {:>9}",
        "role", "exact P", "exact R", "exact F1", "overlap P", "overlap R", "overlap F1"
    );
    let rows = ROLES
        .iter()
        .map(|(name, k)| (*name, report.exact[*k], report.overlap[*k]))
        .chain([(
            "direct content",
            report.direct_content_exact,
            report.direct_content_overlap,
        )]);
    for (name, e, o) in rows {
        println!(
            "{name:<16} {:>9.4} {:>9.4} {:>9.4}   {:>9.4} {:>9.4} {:>9.4}",
            e.precision(),
            e.recall(),
            e.f1(),
            o.precision(),
            o.recall(),
            o.f1()
        );
    }
    let s = report.direct_speaker;
    println!(
        "{:<16} {:>9.4} {:>9.4} {:>9.4}   ({} gold direct quotes with a source)",
        "direct speaker",
        s.precision(),
        s.recall(),
        s.f1(),
        s.gold
    );
    let mb_per_s = report.bytes as f64 / 1e6 / report.seconds.max(1e-9);
    println!("{:.1} MB/s of article text on one thread", mb_per_s);
    for role in [
        AttributionRole::Source,
        AttributionRole::Cue,
        AttributionRole::Content,
    ] {
        for miss in misses.iter().filter(|m| m.role == role).take(args.misses) {
            println!(
                "  {role:?} {:<40} gold {:<50} found {:<50} | {}",
                miss.article,
                format!("{:?}", miss.gold.as_deref().unwrap_or("-")),
                format!("{:?}", miss.found.as_deref().unwrap_or("-")),
                miss.context.replace('\n', " ")
            );
        }
    }
    let prf = |p: eval::metrics::Prf| serde_json::json!({"precision": p.precision(), "recall": p.recall(), "f1": p.f1()});
    let macro_f1 = ROLES
        .iter()
        .map(|(_, k)| report.exact[*k].f1())
        .sum::<f64>()
        / 3.0;
    let figures = serde_json::json!({
        "f1": macro_f1,
        "source_f1": report.exact[0].f1(),
        "cue_f1": report.exact[1].f1(),
        "content_f1": report.exact[2].f1(),
        "precision": ROLES.iter().map(|(_, k)| report.exact[*k].precision()).sum::<f64>() / 3.0,
        "recall": ROLES.iter().map(|(_, k)| report.exact[*k].recall()).sum::<f64>() / 3.0,
        "exact": {"source": prf(report.exact[0]), "cue": prf(report.exact[1]), "content": prf(report.exact[2])},
        "overlap": {"source": prf(report.overlap[0]), "cue": prf(report.overlap[1]), "content": prf(report.overlap[2])},
        "direct_content_f1": report.direct_content_exact.f1(),
        "direct_content_overlap_f1": report.direct_content_overlap.f1(),
        "direct_speaker_f1": report.direct_speaker.f1(),
        "files": report.files,
        "mb_per_s": mb_per_s,
    });
    println!("{figures}");
    Ok(ExitCode::SUCCESS)
}

pub fn train(args: &TrainAttributionArgs) -> Result<ExitCode> {
    let started = std::time::Instant::now();
    let articles: Vec<TrainingArticle> = eval::quotes::load(&args.data)?
        .into_iter()
        .map(|a| TrainingArticle {
            text: a.text,
            spans: a.spans,
        })
        .collect();
    eprintln!("{} annotation files read", articles.len());
    let (model, report) = train_attribution(&articles, args.epochs, args.bits);
    for (epoch, right) in report.epochs.iter().enumerate() {
        eprintln!(
            "epoch {}: {:.1}% of paragraphs tagged right",
            epoch + 1,
            right * 100.0
        );
    }
    let bytes = model.to_bytes().map_err(anyhow::Error::msg)?;
    std::fs::write(&args.output, &bytes)
        .with_context(|| format!("writing {}", args.output.display()))?;
    let seconds = started.elapsed().as_secs_f64();
    eprintln!(
        "wrote {} ({:.1} MB, {} cue words, {} tokens) in {:.0} s",
        args.output.display(),
        bytes.len() as f64 / 1e6,
        report.lexicon,
        report.tokens,
        seconds
    );
    println!(
        "{}",
        serde_json::json!({"files": articles.len(), "tokens": report.tokens, "bytes": bytes.len(), "seconds": seconds})
    );
    Ok(ExitCode::SUCCESS)
}
