//! `corroborate claims`: the claims of each input article, without the store.

use anyhow::Result;
use model::{Article, ArticleClaims, Diagnostic, Severity};
use pipeline::input::{InputLimits, discover, read_file};
use serde::Serialize;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Serialize)]
struct ArticleLine<'a> {
    id: &'a str,
    source: &'a str,
    title: Option<&'a str>,
    outlet: Option<&'a str>,
    published_at: Option<jiff::Timestamp>,
    language: Option<&'a str>,
    text: &'a str,
    claims: &'a ArticleClaims,
}

/// Prints one JSON line per article of the inputs: its text and everything the claims stage
/// found in it, with byte spans into that text. Problems go to standard error.
pub fn run(paths: &[PathBuf], max_file_bytes: u64) -> Result<ExitCode> {
    let limits = InputLimits {
        max_file_bytes,
        ..InputLimits::default()
    };
    let (files, mut diagnostics) = discover(paths);
    let mut out = String::new();
    let mut articles = 0usize;
    for file in files {
        let mut docs = Vec::new();
        let read = read_file(&file, &limits, &mut |doc| docs.push(doc));
        diagnostics.extend(read.diagnostics);
        for doc in docs {
            let prepared = pipeline::prepare::prepare(doc);
            diagnostics.extend(prepared.diagnostics);
            if let Some((article, claims)) = prepared.value {
                out.push_str(&line(&article, &claims)?);
                out.push('\n');
                articles += 1;
            }
        }
        crate::write_stdout(&out)?;
        out.clear();
    }
    for diagnostic in &diagnostics {
        eprintln!("{diagnostic}");
    }
    let skipped = diagnostics
        .iter()
        .any(|d: &Diagnostic| d.severity == Severity::Error);
    eprintln!("{articles} article(s)");
    Ok(if skipped {
        ExitCode::from(crate::EXIT_PARTIAL)
    } else {
        ExitCode::SUCCESS
    })
}

fn line(article: &Article, claims: &ArticleClaims) -> Result<String> {
    Ok(serde_json::to_string(&ArticleLine {
        id: &article.id.0,
        source: &article.origin,
        title: article.title.as_deref(),
        outlet: article.outlet.as_deref(),
        published_at: article.published_at,
        language: article.language.as_deref(),
        text: &article.text,
        claims,
    })?)
}
