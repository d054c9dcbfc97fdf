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

/// The text of a tokenised document as a news page would print it, one sentence a line, with
/// where each token starts: no space before closing punctuation and clitics ("'s", "n't"), none
/// after an opening bracket or quotation mark, and the corpus's quotation marks (`` '' and
/// straight ones, taken to open and close in turn) printed as typographic ones, so that the
/// resolver reads quotations as it does in articles.
fn detokenise(sentences: &[Vec<String>]) -> (String, Vec<Vec<usize>>) {
    const CLOSING: &[&str] = &[
        ",", ".", ";", ":", "!", "?", "%", ")", "]", "}", "...", "'s", "’s", "'S", "n't", "n’t",
        "'re", "'ve", "'ll", "'d", "'m", "’re", "’ve", "’ll", "’d", "’m", "'",
    ];
    const OPENING: &[&str] = &["(", "[", "{", "$"];
    let mut text = String::new();
    let mut starts = Vec::with_capacity(sentences.len());
    // Whether a straight double quotation mark would open a quotation.
    let mut opens = true;
    for sentence in sentences {
        let mut row = Vec::with_capacity(sentence.len());
        let mut glue_next = true;
        for token in sentence {
            // A token the corpus left a straight quotation mark on ("\"It's"): the mark
            // opens (or closes) a quotation and the word keeps its place.
            if token.len() > 1 && (token.starts_with('"') || token.ends_with('"')) {
                if !glue_next {
                    text.push(' ');
                }
                let opening = token.starts_with('"');
                let word = token.trim_matches('"');
                if opening {
                    text.push('\u{201c}');
                }
                // The token starts where its word does ("\"He" is read at "He").
                row.push(text.len());
                text.push_str(word);
                if !opening || token.ends_with('"') && token.len() > 2 {
                    text.push('\u{201d}');
                    opens = true;
                } else {
                    opens = false;
                }
                glue_next = false;
                continue;
            }
            let (printed, glue_before, glue_after) = match token.as_str() {
                "``" | "“" => ("\u{201c}", false, true),
                "''" | "”" => ("\u{201d}", true, false),
                "\"" => {
                    let open = opens;
                    opens = !opens;
                    if open {
                        ("\u{201c}", false, true)
                    } else {
                        ("\u{201d}", true, false)
                    }
                }
                t if CLOSING.contains(&t) => (t, true, false),
                t if OPENING.contains(&t) => (t, false, true),
                t => (t, false, false),
            };
            if !glue_next && !glue_before {
                text.push(' ');
            }
            row.push(text.len());
            text.push_str(printed);
            glue_next = glue_after;
        }
        text.push('\n');
        starts.push(row);
    }
    (text, starts)
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
        let (text, starts) = detokenise(&document.sentences);
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

#[cfg(test)]
mod tests {
    use super::detokenise;

    fn sentence(words: &str) -> Vec<String> {
        words.split(' ').map(str::to_string).collect()
    }

    #[test]
    fn tokens_are_printed_as_an_article_prints_them() {
        let sentences = vec![
            sentence("`` I 'd like to thank my wife , '' she said ( twice ) ."),
            sentence("He did n't say \" no \" or \" yes \" ; Smith 's $ 5 stayed ."),
            sentence("\"It's official ! \" she wrote ."),
        ];
        let (text, starts) = detokenise(&sentences);
        assert_eq!(
            text,
            "\u{201c}I'd like to thank my wife,\u{201d} she said (twice).\n\
             He didn't say \u{201c}no\u{201d} or \u{201c}yes\u{201d}; Smith's $5 stayed.\n\
             \u{201c}It's official!\u{201d} she wrote.\n"
        );
        // Every token is found where its start says.
        for (words, row) in sentences.iter().zip(&starts) {
            assert_eq!(words.len(), row.len());
            for (word, &at) in words.iter().zip(row) {
                let printed = match word.as_str() {
                    "``" | "\"" | "''" => "\u{201c}".to_string(),
                    w if w.len() > 1 => w.trim_matches('"').to_string(),
                    w => w.to_string(),
                };
                if !matches!(word.as_str(), "\"" | "''") {
                    assert_eq!(&text[at..at + printed.len()], printed);
                }
            }
        }
    }
}
