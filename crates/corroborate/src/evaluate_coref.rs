//! `corroborate eval coref --data DIR`: cross-document event and entity coreference on ECB+,
//! our system next to the same-head-lemma baseline, then one line of JSON.

use anyhow::Result;
use clap::{Args, ValueEnum};
use compare::coref::{CorefConfig, FEATURES, MentionKind};
use eval::coref::{CorefReport, CorefScores, KindReport, Split};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct CorefArgs {
    /// A folder holding ECB+ topic folders (`<topic>/*.xml`) and
    /// `ECBplus_coreference_sentences.csv`, searched recursively.
    #[arg(long, value_name = "DIR")]
    data: PathBuf,
    /// Which topics to score: every topic found, the development topics (2, 5, 12, 18, 21, 23,
    /// 34, 35), the other training topics of 1 to 35, or the test topics (36 to 45).
    #[arg(long, value_enum, default_value_t = SplitArg::All)]
    split: SplitArg,
    /// Override a setting, e.g. `--set event_threshold=0.6` or `--set entity.context=1.5`
    /// (repeatable; weights are `event.<feature>` and `entity.<feature>`).
    #[arg(long = "set", value_name = "NAME=VALUE")]
    settings: Vec<String>,
    /// Instead of scoring, fit the pair weights and merge thresholds on the split (logistic
    /// regression, then the threshold with the best CoNLL F1) and print them.
    #[arg(long)]
    fit: bool,
    /// Also write every scored mention to FILE as tab-separated values (topic, document,
    /// sentence, kind, gold chain, system cluster, baseline cluster, sub-topic, text, head).
    #[arg(long, value_name = "FILE")]
    dump: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum SplitArg {
    All,
    Dev,
    Train,
    Test,
}

impl SplitArg {
    pub(crate) fn split(self) -> Split {
        match self {
            SplitArg::All => Split::All,
            SplitArg::Dev => Split::Dev,
            SplitArg::Train => Split::Train,
            SplitArg::Test => Split::Test,
        }
    }
}

fn config(settings: &[String]) -> Result<CorefConfig> {
    let mut config = CorefConfig::default();
    for setting in settings {
        let Some((name, raw)) = setting.split_once('=') else {
            anyhow::bail!("`{setting}` is not NAME=VALUE");
        };
        let value: f64 = raw
            .trim()
            .parse()
            .map_err(|_| anyhow::anyhow!("`{raw}` is not a number for {name}"))?;
        config.set(name.trim(), value).map_err(anyhow::Error::msg)?;
    }
    Ok(config)
}

pub fn run(args: &CorefArgs) -> Result<ExitCode> {
    let corpus = eval::coref::load(&args.data)?;
    for problem in &corpus.problems {
        eprintln!("error: {problem}; skipped");
    }
    let config = config(&args.settings)?;
    let split = args.split.split();
    let text = if args.fit {
        fit(&corpus, split, config)
    } else {
        let (report, records) = eval::coref::evaluate(&corpus, split, &config);
        if report.documents == 0 {
            anyhow::bail!("no ECB+ topic of that split below {}", args.data.display());
        }
        if let Some(path) = &args.dump {
            let mut text = String::from(eval::coref::MentionRecord::TSV_HEADER);
            text.push('\n');
            for record in &records {
                text.push_str(&record.tsv());
                text.push('\n');
            }
            std::fs::write(path, text)
                .map_err(|e| anyhow::anyhow!("failed to write {}: {e}", path.display()))?;
        }
        render(&corpus, &report)
    };
    crate::write_stdout(&text)?;
    Ok(if corpus.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(crate::EXIT_PARTIAL)
    })
}

fn row(out: &mut String, kind: &str, system: &str, clusters: usize, scores: &CorefScores) {
    let _ = writeln!(
        out,
        "{kind:<9} {system:<9} {clusters:>8} | {:>6.4} {:>6.4} {:>6.4} | {:>6.4} {:>6.4} {:>6.4} | {:>6.4} {:>6.4} {:>6.4} | {:>8.4}",
        scores.muc.precision,
        scores.muc.recall,
        scores.muc.f1,
        scores.b_cubed.precision,
        scores.b_cubed.recall,
        scores.b_cubed.f1,
        scores.ceaf_e.precision,
        scores.ceaf_e.recall,
        scores.ceaf_e.f1,
        scores.conll_f1,
    );
}

fn render(corpus: &eval::coref::Corpus, report: &CorefReport) -> String {
    let mut out = String::new();
    let list = match &corpus.sentence_list {
        Some(list) => format!(
            "mentions of the validated sentences in {}",
            list.files
                .iter()
                .map(|f| f.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        None => "no sentence list found: every annotated mention is scored".to_string(),
    };
    let _ = writeln!(
        out,
        "{} documents in {} topics; {} sub-topics found ({} documents apart from the majority of theirs); {list}",
        report.documents, report.topics, report.subtopics, report.subtopic_errors
    );
    if !report.topics_without_list.is_empty() {
        let _ = writeln!(
            out,
            "topics the sentence list does not name, scored on all their mentions: {}",
            report.topics_without_list.join(", ")
        );
    }
    let _ = writeln!(
        out,
        "{:<9} {:<9} {:>8} | {:^20} | {:^20} | {:^20} | {:>8}",
        "kind",
        "system",
        "clusters",
        "MUC P / R / F1",
        "B3 P / R / F1",
        "CEAF-e P / R / F1",
        "CoNLL F1"
    );
    for (name, kind) in [("events", &report.events), ("entities", &report.entities)] {
        row(&mut out, name, "ours", kind.system_clusters, &kind.system);
        row(
            &mut out,
            name,
            "baseline",
            kind.baseline_clusters,
            &kind.baseline,
        );
    }
    for (name, kind) in [("events", &report.events), ("entities", &report.entities)] {
        let _ = writeln!(
            out,
            "{name}: {} mentions in {} gold chains; CoNLL F1 without singletons {:.4} (baseline {:.4})",
            kind.mentions,
            kind.gold_chains,
            kind.system_without_singletons.conll_f1,
            kind.baseline_without_singletons.conll_f1
        );
    }
    let _ = writeln!(
        out,
        "{} mentions clustered in {:.3} s: {:.0} mentions/s (one thread)",
        report.events.mentions + report.entities.mentions,
        report.seconds,
        report.mentions_per_s()
    );
    let mut figures = serde_json::Map::new();
    figures.insert("f1".into(), report.events.system.conll_f1.into());
    let mut add = |prefix: &str, kind: &KindReport| {
        for (system, scores) in [("", &kind.system), ("baseline_", &kind.baseline)] {
            for (metric, value) in [
                ("conll_f1", scores.conll_f1),
                ("muc_f1", scores.muc.f1),
                ("b3_f1", scores.b_cubed.f1),
                ("ceafe_f1", scores.ceaf_e.f1),
            ] {
                figures.insert(format!("{system}{prefix}_{metric}"), value.into());
            }
        }
        figures.insert(
            format!("{prefix}_conll_f1_without_singletons"),
            kind.system_without_singletons.conll_f1.into(),
        );
        figures.insert(
            format!("baseline_{prefix}_conll_f1_without_singletons"),
            kind.baseline_without_singletons.conll_f1.into(),
        );
        figures.insert(format!("{prefix}_mentions"), kind.mentions.into());
    };
    add("event", &report.events);
    add("entity", &report.entities);
    figures.insert("documents".into(), report.documents.into());
    figures.insert("topics".into(), report.topics.into());
    figures.insert("mentions_per_s".into(), report.mentions_per_s().into());
    let _ = writeln!(out, "{}", serde_json::Value::Object(figures));
    out
}

/// Fits entities first (event features read the entity clusters), then events.
fn fit(corpus: &eval::coref::Corpus, split: Split, mut config: CorefConfig) -> String {
    let mut out = String::new();
    let mut figures = serde_json::Map::new();
    for (name, kind) in [
        ("entity", MentionKind::Entity),
        ("event", MentionKind::Event),
    ] {
        let fitted = eval::coref::fit(corpus, split, &config, kind);
        match kind {
            MentionKind::Entity => {
                config.entity_weights = fitted.weights;
                config.entity_threshold = fitted.threshold;
            }
            MentionKind::Event => {
                config.event_weights = fitted.weights;
                config.event_threshold = fitted.threshold;
            }
        }
        let _ = writeln!(
            out,
            "{name}: {} pairs, {} coreferent; threshold {:.2} gives CoNLL F1 {:.4}",
            fitted.pairs, fitted.positive, fitted.threshold, fitted.conll_f1
        );
        for (feature, weight) in FEATURES.iter().zip(fitted.weights) {
            let _ = writeln!(out, "    {feature:<16} {weight:>8.3}");
        }
        let weights: Vec<f64> = fitted
            .weights
            .iter()
            .map(|w| (w * 1000.0).round() / 1000.0)
            .collect();
        figures.insert(format!("{name}_weights"), weights.into());
        figures.insert(format!("{name}_threshold"), fitted.threshold.into());
        figures.insert(format!("{name}_conll_f1"), fitted.conll_f1.into());
    }
    figures.insert(
        "f1".into(),
        figures.get("event_conll_f1").cloned().unwrap_or_default(),
    );
    let _ = writeln!(out, "{}", serde_json::Value::Object(figures));
    out
}
