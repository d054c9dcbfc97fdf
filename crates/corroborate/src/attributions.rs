//! `corroborate eval quotes` and `corroborate train attribution`: the attribution tagger
//! measured on PolNeAR, and rebuilt from its training split.

use anyhow::{Context, Result};
use claims::attribution::{AttributionModel, TrainingArticle, TrainingSettings, train_attribution};
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
    /// Also list up to N spans missed or found wrongly, per role, and up to N direct quotes
    /// whose speaker was missed or named wrongly (or named where the gold has no direct quote
    /// with a speaker).
    #[arg(long, value_name = "N", default_value_t = 0)]
    misses: usize,
    /// Cross-validate on DIR instead of scoring a trained model: split its articles into K
    /// folds (an article annotated twice stays in one), train a model on all folds but one
    /// with the shipped settings, score the fold left out, and report all folds together.
    #[arg(long, value_name = "K", conflicts_with_all = ["model", "rules", "quotes"])]
    cross_validate: Option<usize>,
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
    #[arg(long, value_name = "N", default_value_t = TrainingSettings::SHIPPED.epochs)]
    epochs: usize,
    /// Each pass is the mean of N perceptrons shown the data in N different orders.
    #[arg(long, value_name = "N", default_value_t = TrainingSettings::SHIPPED.orders)]
    orders: usize,
    /// The feature table holds 2^BITS rows.
    #[arg(long, value_name = "BITS", default_value_t = TrainingSettings::SHIPPED.bucket_bits)]
    bits: u8,
}

const ROLES: [(&str, usize); 3] = [("source", 0), ("cue", 1), ("content", 2)];

pub fn eval(args: &EvalQuotesArgs) -> Result<ExitCode> {
    let (report, misses) = if let Some(folds) = args.cross_validate {
        cross_validate(&args.data, folds)?
    } else if args.rules {
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
    for (role, speaker) in [
        (AttributionRole::Source, false),
        (AttributionRole::Cue, false),
        (AttributionRole::Content, false),
        (AttributionRole::Source, true),
    ] {
        let name = if speaker {
            "Speaker".to_string()
        } else {
            format!("{role:?}")
        };
        for miss in misses
            .iter()
            .filter(|m| m.role == role && m.direct_speaker == speaker)
            .take(args.misses)
        {
            println!(
                "  {name} {:<40} gold {:<50} found {:<50} | {}",
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

/// Scores models trained on all folds of the articles below `data` but one on the fold left
/// out, every fold in turn; the counts of all folds add up in one report.
fn cross_validate(
    data: &std::path::Path,
    folds: usize,
) -> Result<(eval::quotes::Report, Vec<eval::quotes::Miss>)> {
    if folds < 2 {
        anyhow::bail!("--cross-validate needs at least 2 folds, got {folds}");
    }
    let articles = eval::quotes::load(data)?;
    // The fold of an article follows its text, so that two annotations of one article are
    // never on both sides.
    let fold_of = |text: &str| {
        let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        (hash % folds as u64) as usize
    };
    let mut report = eval::quotes::Report {
        files: articles.len(),
        ..Default::default()
    };
    let mut misses = Vec::new();
    for fold in 0..folds {
        let training: Vec<TrainingArticle> = articles
            .iter()
            .filter(|a| fold_of(&a.text) != fold)
            .map(|a| TrainingArticle {
                text: a.text.clone(),
                spans: a.spans.clone(),
            })
            .collect();
        let held_out: Vec<&eval::quotes::Article> = articles
            .iter()
            .filter(|a| fold_of(&a.text) == fold)
            .collect();
        eprintln!(
            "fold {}: training on {} annotation files, scoring {}",
            fold + 1,
            training.len(),
            held_out.len()
        );
        let (model, _) = train_attribution(&training, &TrainingSettings::SHIPPED);
        for article in held_out {
            let started = std::time::Instant::now();
            let found = model.find_in(&article.text);
            report.seconds += started.elapsed().as_secs_f64();
            report.bytes += article.text.len();
            eval::quotes::score(article, &found, &mut report, &mut misses);
        }
    }
    Ok((report, misses))
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
    let (model, report) = train_attribution(
        &articles,
        &TrainingSettings {
            epochs: args.epochs,
            bucket_bits: args.bits,
            orders: args.orders,
        },
    );
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

#[derive(Args)]
pub struct TrainSensesArgs {
    /// A WordNet 3.0 database folder (index.noun, data.noun, noun.exc, their verb
    /// counterparts and cntlist.rev; `scripts/wordnet-data.sh` fetches it).
    #[arg(long, value_name = "DIR")]
    data: PathBuf,
    /// Where to write the classes.
    #[arg(long, value_name = "FILE")]
    output: PathBuf,
}

/// Writes the WordNet classes of the shipped word clusters' words, which the attribution
/// tagger reads; the tagger is retrained on them afterwards.
pub fn train_senses(args: &TrainSensesArgs) -> Result<ExitCode> {
    let started = std::time::Instant::now();
    let read = |file: &str| -> Result<String> {
        let path = args.data.join(file);
        let bytes =
            std::fs::read(&path).with_context(|| format!("failed to read {}", path.display()))?;
        // WordNet's files are ASCII but for a few Latin-1 bytes in glosses.
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    };
    let files = [
        "index.noun",
        "index.verb",
        "data.noun",
        "data.verb",
        "noun.exc",
        "verb.exc",
        "cntlist.rev",
    ]
    .map(read);
    let [
        Ok(index_noun),
        Ok(index_verb),
        Ok(data_noun),
        Ok(data_verb),
        Ok(exceptions_noun),
        Ok(exceptions_verb),
        Ok(counts),
    ] = files
    else {
        let error = files.into_iter().find_map(Result::err);
        return Err(error.unwrap_or_else(|| anyhow::anyhow!("failed to read the WordNet files")));
    };
    let wordnet = claims::WordNetFiles {
        index_noun: &index_noun,
        index_verb: &index_verb,
        data_noun: &data_noun,
        data_verb: &data_verb,
        exceptions_noun: &exceptions_noun,
        exceptions_verb: &exceptions_verb,
        counts: &counts,
    };
    let words = claims::shipped_cluster_words().context("the shipped word clusters are damaged")?;
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let (file, written) = claims::senses_file(&wordnet, &words)
        .map_err(anyhow::Error::msg)
        .with_context(|| format!("{} is not a WordNet 3.0 database", args.data.display()))?;
    std::fs::write(&args.output, &file)
        .with_context(|| format!("failed to write {}", args.output.display()))?;
    let figures = serde_json::json!({
        "words": words.len(),
        "written": written,
        "bytes": file.len(),
        "seconds": started.elapsed().as_secs_f64(),
    });
    println!("{figures}");
    Ok(ExitCode::SUCCESS)
}
