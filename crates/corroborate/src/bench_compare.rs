//! `corroborate bench compare`: how long the comparison of one large story takes on one core.
//!
//! The story is made from the bundled sample coverage (`examples/jsonl/coverage.jsonl`, compiled
//! in): article `i` is one of the eight flood reports with its paragraphs rotated and some left
//! out, its figures shifted by a few percent, its own outlet and publication time; every third
//! article is a verbatim copy of an earlier one. The claims of every article are extracted
//! first (not timed), then `compare::compare_story` runs `--rounds` times and the median is
//! reported. There is no peer: no other tool compares claims across articles.

use anyhow::{Context, Result};
use clap::Args;
use model::{Article, ArticleClaims, ArticleId};
use serde::Deserialize;
use std::process::ExitCode;
use std::time::Instant;

const SAMPLE: &str = include_str!("../../../examples/jsonl/coverage.jsonl");

#[derive(Args)]
pub struct CompareArgs {
    /// Articles in the story.
    #[arg(long, default_value_t = 500)]
    articles: usize,
    /// Timed runs; the median is reported.
    #[arg(long, default_value_t = 5)]
    rounds: usize,
}

#[derive(Deserialize)]
struct Record {
    id: String,
    outlet: String,
    published_at: jiff::Timestamp,
    text: String,
    lang: String,
}

/// A small deterministic generator (64-bit LCG), so every run compares the same story.
pub(crate) struct Lcg(pub(crate) u64);

impl Lcg {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
}

/// The text with each figure of one or two digits moved by up to a few units.
fn shift_figures(text: &str, shift: u64) -> String {
    let mut out = String::with_capacity(text.len());
    let mut digits = String::new();
    let flush = |digits: &mut String, out: &mut String| {
        match digits.parse::<u64>() {
            Ok(n) if digits.len() <= 2 && n > 2 => out.push_str(&(n + shift).to_string()),
            _ => out.push_str(digits),
        }
        digits.clear();
    };
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            flush(&mut digits, &mut out);
            out.push(c);
        }
    }
    flush(&mut digits, &mut out);
    out
}

pub(crate) fn story(count: usize) -> Result<Vec<(Article, ArticleClaims, Option<ArticleId>)>> {
    let records: Vec<Record> = SAMPLE
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()
        .context("the bundled sample coverage does not parse")?;
    let flood: Vec<&Record> = records
        .iter()
        .filter(|r| r.id != "harborgazette-2026-03-05-tram")
        .collect();
    let mut random = Lcg(0x5eed);
    let mut out: Vec<(Article, ArticleClaims, Option<ArticleId>)> = Vec::with_capacity(count);
    for i in 0..count {
        let base = flood[i % flood.len()];
        let published = base
            .published_at
            .checked_add(jiff::SignedDuration::from_mins(i as i64 * 7))
            .unwrap_or(base.published_at);
        let id = ArticleId(format!("bench-{i}"));
        let copy = i % 3 == 2 && i > 3;
        let (text, duplicate_of) = if copy {
            let original = (random.next() as usize) % i;
            (
                out[original].0.text.clone(),
                Some(out[original].0.id.clone()),
            )
        } else {
            let mut paragraphs: Vec<&str> = base.text.split("\n\n").collect();
            let rotate = (random.next() as usize) % paragraphs.len().max(1);
            paragraphs.rotate_left(rotate);
            let keep = paragraphs.len() - (random.next() as usize) % 3.min(paragraphs.len());
            paragraphs.truncate(keep.max(1));
            (
                shift_figures(&paragraphs.join("\n\n"), random.next() % 4),
                None,
            )
        };
        let claims = claims::extract_claims(&text, Some(published), Some(&base.lang)).value;
        let article = Article {
            id,
            key: format!("bench-{i}"),
            url: None,
            outlet: Some(format!("{} {}", base.outlet, i / flood.len())),
            title: None,
            published_at: Some(published),
            language: Some(base.lang.clone()),
            text,
            origin: "bench".into(),
            signals: Default::default(),
        };
        out.push((article, claims, duplicate_of));
    }
    Ok(out)
}

pub fn run(args: &CompareArgs, quiet: bool) -> Result<ExitCode> {
    let started = Instant::now();
    let articles = story(args.articles.max(1))?;
    let bytes: usize = articles.iter().map(|(a, _, _)| a.text.len()).sum();
    if !quiet {
        eprintln!(
            "built a story of {} articles ({:.1} MB of text) and extracted their claims in {:.1} s",
            articles.len(),
            bytes as f64 / 1e6,
            started.elapsed().as_secs_f64()
        );
    }
    let inputs: Vec<compare::StoryArticle<'_>> = articles
        .iter()
        .map(|(article, claims, duplicate_of)| compare::StoryArticle {
            article,
            claims,
            duplicate_of: duplicate_of.as_ref(),
        })
        .collect();
    let mut times = Vec::new();
    let mut findings = None;
    for _ in 0..args.rounds.max(1) {
        let start = Instant::now();
        let found = compare::compare_story(&inputs);
        times.push(start.elapsed().as_secs_f64());
        findings = Some(found);
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    let findings = findings.context("no round ran")?;
    let figures = findings
        .facts
        .iter()
        .filter(|f| f.kind == model::report::FactKind::Quantity)
        .count();
    let quotes = findings.facts.len() - figures;
    println!(
        "compare: {} articles, median {:.3} s over {} rounds (min {:.3}, max {:.3}); {} figure facts, {} quote facts, {} brief sentences, {} reuse links, {} credits",
        articles.len(),
        median,
        times.len(),
        times[0],
        times[times.len() - 1],
        figures,
        quotes,
        findings.brief.len(),
        findings.provenance.reuse.len(),
        findings.provenance.credited.len()
    );
    println!(
        "{}",
        serde_json::json!({
            "articles": articles.len(),
            "median_s": median,
            "min_s": times[0],
            "max_s": times[times.len() - 1],
            "rounds": times.len(),
            "articles_per_s": articles.len() as f64 / median,
            "figure_facts": figures,
            "quote_facts": quotes,
            "reuse_links": findings.provenance.reuse.len(),
        })
    );
    Ok(ExitCode::SUCCESS)
}
