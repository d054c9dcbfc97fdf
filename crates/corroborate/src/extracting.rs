//! `corroborate extract`: the extraction stage on its own.

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use rayon::prelude::*;
use serde::Serialize;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

#[derive(Args)]
pub struct ExtractArgs {
    /// HTML files (gzip-compressed too), directories of them (recursively: `.html`, `.htm`,
    /// `.html.gz`, `.htm.gz`), or - for one page on standard input.
    #[arg(value_name = "FILE", required_unless_present = "list")]
    inputs: Vec<PathBuf>,
    /// A file listing one HTML path per line (batch form).
    #[arg(long, value_name = "FILE")]
    list: Option<PathBuf>,
    /// The page's URL, to resolve relative links (single page only).
    #[arg(long)]
    url: Option<String>,
    /// Output for a single page (a batch always writes JSON Lines).
    #[arg(long, value_enum, default_value_t = ExtractFormat::Json)]
    format: ExtractFormat,
    /// Threads for a batch (default: all cores).
    #[arg(long, value_name = "N")]
    jobs: Option<usize>,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ExtractFormat {
    Json,
    Text,
}

#[derive(Serialize)]
struct ExtractedJson<'a> {
    source: &'a str,
    title: Option<&'a str>,
    byline: Option<&'a str>,
    published_at: Option<jiff::Timestamp>,
    modified_at: Option<jiff::Timestamp>,
    language: Option<&'a str>,
    canonical_url: Option<&'a str>,
    site_name: Option<&'a str>,
    description: Option<&'a str>,
    encoding: &'a str,
    confidence: f64,
    blocks: Vec<BlockJson<'a>>,
    text: String,
    diagnostics: &'a [model::Diagnostic],
}

#[derive(Serialize)]
struct BlockJson<'a> {
    kind: &'static str,
    text: &'a str,
}

fn to_json<'a>(
    source: &'a str,
    outcome: &'a model::Outcome<extract::Extracted>,
) -> ExtractedJson<'a> {
    let e = &outcome.value;
    let m = &e.metadata;
    ExtractedJson {
        source,
        title: m.title.as_deref(),
        byline: m.byline.as_deref(),
        published_at: m.published_at,
        modified_at: m.modified_at,
        language: m.language.as_deref(),
        canonical_url: m.canonical_url.as_deref(),
        site_name: m.site_name.as_deref(),
        description: m.description.as_deref(),
        encoding: e.encoding,
        confidence: e.confidence,
        blocks: e
            .blocks
            .iter()
            .map(|b| BlockJson {
                kind: match b.kind {
                    extract::BlockKind::Paragraph => "paragraph",
                    extract::BlockKind::Heading => "heading",
                    extract::BlockKind::ListItem => "list_item",
                    extract::BlockKind::Quote => "quote",
                    extract::BlockKind::TableRow => "table_row",
                },
                text: &b.text,
            })
            .collect(),
        text: e.text(),
        diagnostics: &outcome.diagnostics,
    }
}

/// Largest page read, in bytes: one byte past what the extractor reads, so it can say the page
/// was cut.
const MAX_PAGE: u64 = extract::MAX_PAGE_BYTES as u64 + 1;

/// Reads a page, at most `MAX_PAGE` bytes of it; a gzip-compressed page (by its magic bytes,
/// whatever its name) is decompressed, to at most `MAX_PAGE` bytes too.
fn read_page(path: &Path) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin()
            .lock()
            .take(MAX_PAGE)
            .read_to_end(&mut bytes)?;
    } else {
        std::fs::File::open(path)
            .with_context(|| format!("cannot open {}", path.display()))?
            .take(MAX_PAGE)
            .read_to_end(&mut bytes)
            .with_context(|| format!("cannot read {}", path.display()))?;
    }
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return Ok(bytes);
    }
    let mut page = Vec::new();
    flate2::read::MultiGzDecoder::new(bytes.as_slice())
        .take(MAX_PAGE)
        .read_to_end(&mut page)
        .with_context(|| format!("{} is not valid gzip", path.display()))?;
    Ok(page)
}

pub fn run(args: &ExtractArgs, quiet: bool) -> Result<ExitCode> {
    let mut paths = Vec::new();
    for input in &args.inputs {
        if input.is_dir() {
            for entry in walkdir::WalkDir::new(input)
                .sort_by_file_name()
                .into_iter()
                .filter_map(Result::ok)
            {
                let name = entry.file_name().to_string_lossy().to_ascii_lowercase();
                let name = name.strip_suffix(".gz").unwrap_or(&name);
                if entry.file_type().is_file()
                    && (name.ends_with(".html") || name.ends_with(".htm"))
                {
                    paths.push(entry.into_path());
                }
            }
        } else {
            paths.push(input.clone());
        }
    }
    if let Some(list) = &args.list {
        let text = std::fs::read_to_string(list)
            .with_context(|| format!("cannot read {}", list.display()))?;
        paths.extend(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(PathBuf::from),
        );
    }
    let batch = paths.len() != 1 || args.list.is_some() || args.inputs.iter().any(|p| p.is_dir());
    if !batch {
        let path = &paths[0];
        let bytes = read_page(path)?;
        let source = path.display().to_string();
        let outcome = extract::extract(&bytes, args.url.as_deref(), None, &source);
        let text = match args.format {
            ExtractFormat::Text => outcome.value.text() + "\n",
            ExtractFormat::Json => {
                serde_json::to_string_pretty(&to_json(&source, &outcome))? + "\n"
            }
        };
        crate::write_stdout(&text)?;
        for diagnostic in &outcome.diagnostics {
            if !quiet {
                eprintln!("{diagnostic}");
            }
        }
        return Ok(if outcome.value.blocks.is_empty() {
            ExitCode::from(3)
        } else {
            ExitCode::SUCCESS
        });
    }

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build()?;
    let start = Instant::now();
    let results: Vec<(String, Result<(usize, String)>)> = pool.install(|| {
        paths
            .par_iter()
            .map(|path| {
                let source = path.display().to_string();
                let result = read_page(path).and_then(|bytes| {
                    let outcome = extract::extract(&bytes, None, None, &source);
                    Ok((
                        bytes.len(),
                        serde_json::to_string(&to_json(&source, &outcome))?,
                    ))
                });
                (source, result)
            })
            .collect()
    });
    let seconds = start.elapsed().as_secs_f64().max(1e-9);
    let mut out = String::new();
    let (mut pages, mut bytes, mut failed) = (0usize, 0usize, 0usize);
    for (source, result) in results {
        match result {
            Ok((size, line)) => {
                pages += 1;
                bytes += size;
                out.push_str(&line);
                out.push('\n');
            }
            Err(error) => {
                failed += 1;
                eprintln!("error: {source}: {error:#}");
            }
        }
    }
    crate::write_stdout(&out)?;
    if !quiet {
        eprintln!(
            "extracted {pages} page(s), {:.1} MB, in {seconds:.2} s on {} thread(s): {:.1} pages/s, {:.1} MB/s",
            bytes as f64 / 1e6,
            pool.current_num_threads(),
            pages as f64 / seconds,
            bytes as f64 / 1e6 / seconds
        );
    }
    Ok(if failed > 0 {
        ExitCode::from(3)
    } else {
        ExitCode::SUCCESS
    })
}
