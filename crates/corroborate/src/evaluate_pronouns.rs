//! `corroborate eval pronouns --data DIR`: how the speaker resolver reads "he" and "she" on
//! ECB+, whose annotators linked each pronoun of a person to the chain of that person's
//! mentions: our resolution next to the nearest person named before (gender aside), then one
//! line of JSON.

use crate::evaluate_coref::SplitArg;
use anyhow::Result;
use clap::Args;
use std::collections::HashSet;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct PronounArgs {
    /// A folder holding ECB+ topic folders (`<topic>/*.xml`), searched recursively.
    #[arg(long, value_name = "DIR")]
    data: PathBuf,
    /// Which topics to score (as `eval coref` splits them).
    #[arg(long, value_enum, default_value_t = SplitArg::All)]
    split: SplitArg,
    /// Also list up to N pronouns resolved wrongly, with their sentence.
    #[arg(long, value_name = "N", default_value_t = 0)]
    errors: usize,
}

/// Counts for one way of resolving.
#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    resolved: usize,
    correct: usize,
}

impl Tally {
    fn add(&mut self, answer: Option<&str>, gold: &HashSet<String>) -> bool {
        let Some(answer) = answer else {
            return false;
        };
        self.resolved += 1;
        let right = answer
            .split_whitespace()
            .any(|word| gold.contains(&word.to_lowercase()));
        self.correct += usize::from(right);
        right
    }

    fn figures(self, answerable: usize) -> (f64, f64, f64) {
        let precision = self.correct as f64 / self.resolved.max(1) as f64;
        let recall = self.correct as f64 / answerable.max(1) as f64;
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        (precision, recall, f1)
    }
}

pub fn run(args: &PronounArgs) -> Result<ExitCode> {
    let corpus = eval::coref::load(&args.data)?;
    for problem in &corpus.problems {
        eprintln!("warning: {problem}");
    }
    let (mut answerable, mut pronouns) = (0usize, 0usize);
    let (mut ours, mut nearest) = (Tally::default(), Tally::default());
    let mut errors = 0;
    let split = args.split.split();
    let documents: Vec<&eval::coref::Document> = corpus
        .documents
        .iter()
        .filter(|d| split.contains(&d.topic))
        .collect();
    for document in &documents {
        // The text as the tokens give it: one sentence a line, tokens apart.
        let mut text = String::new();
        let mut starts: Vec<Vec<usize>> = Vec::new();
        for sentence in &document.sentences {
            let mut row = Vec::new();
            for (k, token) in sentence.iter().enumerate() {
                if k > 0 {
                    text.push(' ');
                }
                row.push(text.len());
                text.push_str(token);
            }
            text.push('\n');
            starts.push(row);
        }
        let readings = claims::resolve_pronouns(&text);
        let word = |s: usize, t: usize| {
            document
                .sentences
                .get(s)
                .and_then(|words| words.get(t))
                .map_or("", String::as_str)
        };
        for mention in &document.mentions {
            let single = mention.tokens.len() == 1;
            let pronoun = word(mention.sentence, mention.tokens.start).to_lowercase();
            if mention.tag != "HUMAN_PART_PER"
                || !single
                || !matches!(pronoun.as_str(), "he" | "she")
            {
                continue;
            }
            pronouns += 1;
            // The names of the person's chain mentioned before the pronoun.
            let gold: HashSet<String> = document
                .mentions
                .iter()
                .filter(|m| {
                    m.chain == mention.chain
                        && (m.sentence, m.tokens.start) < (mention.sentence, mention.tokens.start)
                })
                .flat_map(|m| m.tokens.clone().map(move |t| (m.sentence, t)))
                .map(|(s, t)| word(s, t))
                .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
                .filter(|w| w.chars().all(char::is_alphabetic) && w.len() >= 2)
                .map(str::to_lowercase)
                .filter(|w| !matches!(w.as_str(), "he" | "she" | "the" | "mr" | "mrs" | "ms"))
                .collect();
            if gold.is_empty() {
                continue;
            }
            answerable += 1;
            let at = starts
                .get(mention.sentence)
                .and_then(|row| row.get(mention.tokens.start))
                .copied();
            let Some(reading) = readings.iter().find(|r| Some(r.span.start) == at) else {
                continue;
            };
            let right = ours.add(reading.resolved.as_deref(), &gold);
            nearest.add(reading.nearest.as_deref(), &gold);
            if !right && reading.resolved.is_some() && errors < args.errors {
                errors += 1;
                let line = document
                    .sentences
                    .get(mention.sentence)
                    .map(|w| w.join(" "))
                    .unwrap_or_default();
                println!(
                    "{} | {pronoun} → {:?} (gold {:?}) | {line}",
                    document.name, reading.resolved, gold
                );
            }
        }
    }
    println!(
        "{} documents, {pronouns} he/she of a person, {answerable} after a name of their chain",
        documents.len()
    );
    println!(
        "{:<34} {:>9} {:>8} {:>10} {:>8} {:>8}",
        "resolver", "resolved", "correct", "precision", "recall", "F1"
    );
    for (name, tally) in [
        ("ours (nearest compatible person)", ours),
        ("nearest person, gender aside", nearest),
    ] {
        let (p, r, f) = tally.figures(answerable);
        println!(
            "{name:<34} {:>9} {:>8} {p:>10.4} {r:>8.4} {f:>8.4}",
            tally.resolved, tally.correct
        );
    }
    let (precision, recall, f1) = ours.figures(answerable);
    let (np, nr, nf) = nearest.figures(answerable);
    let figures = serde_json::json!({
        "f1": f1,
        "precision": precision,
        "recall": recall,
        "pronouns": pronouns,
        "answerable": answerable,
        "nearest": {"f1": nf, "precision": np, "recall": nr},
    });
    println!("{figures}");
    Ok(ExitCode::SUCCESS)
}
