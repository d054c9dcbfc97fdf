//! `corroborate bench claims`: how fast the claim extractors that read every sentence get
//! through article text on one thread: temporal expressions, quantities, quotes and named
//! entities each alone, temporal expressions and quantities together as the claims stage runs
//! them (one analysis of the text shared by both), quotes with entities, and the whole stage.

use anyhow::{Context, Result};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Args)]
pub struct ClaimsArgs {
    /// A folder searched recursively for TimeML `.tml` documents (the text inside `<TEXT>` is
    /// used), plain `.txt` articles, and extraction sets' `ground-truth.json` files (each
    /// page's `articleBody`, as `../shared/data/extraction/` holds them).
    #[arg(long, value_name = "DIR")]
    data: PathBuf,
    /// How many times to run over the whole set; the median round is reported.
    #[arg(long, default_value_t = 5)]
    rounds: usize,
}

/// One document's text and publication day.
struct Text {
    body: String,
    day: Option<jiff::civil::Date>,
}

fn load(args: &ClaimsArgs) -> Result<Vec<Text>> {
    let files = eval::files_below(
        &args.data,
        &[".tml", ".txt", "ground-truth.json"],
        "*.tml, *.txt or ground-truth.json articles",
    )?;
    let mut texts = Vec::with_capacity(files.len());
    for file in files {
        if file.ends_with("ground-truth.json") {
            let bodies = eval::corpus::ground_truth(&file)
                .with_context(|| format!("failed to read {}", file.display()))?;
            texts.extend(bodies.into_iter().map(|body| Text { body, day: None }));
            continue;
        }
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().to_ascii_uppercase());
        if name.is_some_and(|n| n.starts_with("README") || n.starts_with("UPSTREAM")) {
            continue;
        }
        let source = std::fs::read_to_string(&file)
            .with_context(|| format!("failed to read {}", file.display()))?;
        if file.extension().is_some_and(|e| e == "tml") {
            let doc = eval::temporal::parse("", &source)
                .map_err(|message| anyhow::anyhow!("{}: {message}", file.display()))?;
            texts.push(Text {
                body: doc.text,
                day: doc.dct,
            });
        } else {
            texts.push(Text {
                body: source,
                day: None,
            });
        }
    }
    Ok(texts)
}

/// One extractor (or several together) run over every text.
type Pass<'a> = Box<dyn Fn(&Text) -> usize + 'a>;

/// Seconds of the median round of each pass over every text, with what the pass found. The
/// passes take turns within each round, so that a machine that speeds up or slows down during
/// the run (a shared virtual machine does) weighs on all of them alike.
fn median_seconds(texts: &[Text], rounds: usize, passes: &[Pass<'_>]) -> Vec<(f64, usize)> {
    let mut times = vec![Vec::with_capacity(rounds); passes.len()];
    let mut found = vec![0; passes.len()];
    for _ in 0..rounds.max(1) {
        for ((pass, times), found) in passes.iter().zip(&mut times).zip(&mut found) {
            let started = Instant::now();
            *found = texts.iter().map(pass).sum();
            times.push(started.elapsed().as_secs_f64());
        }
    }
    times
        .into_iter()
        .zip(found)
        .map(|(mut times, found)| {
            times.sort_by(f64::total_cmp);
            (times.get(times.len() / 2).copied().unwrap_or(0.0), found)
        })
        .collect()
}

pub fn run(args: &ClaimsArgs, quiet: bool) -> Result<ExitCode> {
    let texts = load(args)?;
    let bytes: usize = texts.iter().map(|t| t.body.len()).sum();
    let mb = bytes as f64 / 1e6;
    if !quiet {
        eprintln!(
            "{} documents, {mb:.2} MB of text, {} rounds",
            texts.len(),
            args.rounds
        );
    }
    let at = |t: &Text| {
        t.day
            .and_then(|d| d.to_zoned(jiff::tz::TimeZone::UTC).ok())
            .map(|z| z.timestamp())
    };
    let passes: Vec<Pass<'_>> = vec![
        Box::new(|t| claims::timexes(&t.body, t.day, Some("en")).len()),
        Box::new(|t| claims::quantities(&t.body, at(t), Some("en")).value.len()),
        Box::new(|t| {
            let (times, figures) = claims::times_and_quantities(&t.body, at(t), Some("en"));
            times.len() + figures.len()
        }),
        Box::new(|t| claims::entities(&t.body, Some("en")).value.len()),
        Box::new(|t| claims::quotes(&t.body, at(t), Some("en")).value.len()),
        Box::new(|t| {
            claims::quotes(&t.body, at(t), Some("en")).value.len()
                + claims::entities(&t.body, Some("en")).value.len()
        }),
        Box::new(|t| {
            let found = claims::extract_claims(&t.body, at(t), Some("en")).value;
            found.quantities.len() + found.entities.len()
        }),
    ];
    // The first call of each extractor loads its models and tables (several megabytes, a
    // fraction of a second); a long-running process pays that once, so it is timed apart and
    // the rounds measure the text alone.
    let started = Instant::now();
    if let Some(first) = texts.first() {
        for pass in &passes {
            pass(first);
        }
    }
    let warm_up_s = started.elapsed().as_secs_f64();
    if !quiet {
        eprintln!("first use (loading models and tables): {warm_up_s:.2} s");
    }
    let measured = median_seconds(&texts, args.rounds, &passes);
    let pass = |index: usize| measured.get(index).copied().unwrap_or((0.0, 0));
    let ((timex_s, timexes), (quantity_s, quantities), (both_s, _)) = (pass(0), pass(1), pass(2));
    let ((entity_s, entities), (quote_s, quotes)) = (pass(3), pass(4));
    let ((speech_s, _), (stage_s, _)) = (pass(5), pass(6));
    let rate = |s: f64| mb / s.max(1e-9);
    println!("{:<22} {:>9} {:>8}", "extractor", "found", "MB/s");
    println!("{:<22} {:>9} {:>8.1}", "temporal", timexes, rate(timex_s));
    println!(
        "{:<22} {:>9} {:>8.1}",
        "quantities",
        quantities,
        rate(quantity_s)
    );
    println!(
        "{:<22} {:>9} {:>8.1}",
        "both",
        timexes + quantities,
        rate(both_s)
    );
    println!("{:<22} {:>9} {:>8.1}", "entities", entities, rate(entity_s));
    println!("{:<22} {:>9} {:>8.1}", "quotes", quotes, rate(quote_s));
    println!(
        "{:<22} {:>9} {:>8.1}",
        "quotes + entities",
        quotes + entities,
        rate(speech_s)
    );
    println!(
        "{:<22} {:>9} {:>8.1}",
        "whole claims stage",
        "",
        rate(stage_s)
    );
    let figures = serde_json::json!({
        "documents": texts.len(),
        "mb": mb,
        "rounds": args.rounds,
        "warm_up_s": warm_up_s,
        "temporal_mb_per_s": rate(timex_s),
        "quantities_mb_per_s": rate(quantity_s),
        "mb_per_s": rate(both_s),
        "entities_mb_per_s": rate(entity_s),
        "quotes_mb_per_s": rate(quote_s),
        "quotes_and_entities_mb_per_s": rate(speech_s),
        "claims_stage_mb_per_s": rate(stage_s),
        "timexes": timexes,
        "quantities": quantities,
        "entities": entities,
        "quotes": quotes,
    });
    println!("{figures}");
    Ok(ExitCode::SUCCESS)
}
