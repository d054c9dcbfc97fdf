//! HTML bytes to a decoded, boilerplate-free article with its metadata.
//!
//! Invariant: `extract` never opens a socket, reads a file or the clock; it is a function of
//! the bytes, the page URL and the `Content-Type` header it is given. Bad pages are data: they
//! come back as an empty or low-confidence article with diagnostics, never as a panic.

mod body;
mod charset;
mod metadata;
mod prescan;
pub mod signals;

pub use body::{Block, BlockKind, MAX_DEPTH, PageClues, PaywallMarker};
pub use charset::{Decoded, EncodingSource, charset_from_content_type, decode_html};
pub use metadata::{Metadata, parse_timestamp};

use model::{Diagnostic, Outcome};
use scraper::Html;

/// An article as read from one page.
#[derive(Debug, Clone, PartialEq)]
pub struct Extracted {
    pub metadata: Metadata,
    /// The body in reading order: paragraphs, headings, list items, block quotes.
    pub blocks: Vec<Block>,
    /// How sure the extractor is that `blocks` is the article, from 0 to 1.
    pub confidence: f64,
    /// The encoding the page was decoded with.
    pub encoding: &'static str,
    /// What the page shows besides the article text that editorial signals read: paywall
    /// markers, captions, notices the body left out.
    pub clues: PageClues,
}

impl Extracted {
    /// The body as text: blocks separated by a blank line.
    pub fn text(&self) -> String {
        self.blocks
            .iter()
            .map(|b| b.text.as_str())
            .collect::<Vec<_>>()
            .join("\n\n")
    }
}

/// The most bytes of one page that are read: no article is a fraction of this, and the parser's
/// memory grows with what it reads.
pub const MAX_PAGE_BYTES: usize = 32 * 1024 * 1024;

/// Below this confidence an extraction is reported as doubtful.
pub const LOW_CONFIDENCE: f64 = 0.35;

/// Reads one HTML page. `source` names the page in diagnostics (a path or URL).
pub fn extract(
    bytes: &[u8],
    page_url: Option<&str>,
    content_type: Option<&str>,
    source: &str,
) -> Outcome<Extracted> {
    let mut diagnostics = Vec::new();
    let empty = |encoding, diagnostics| {
        Outcome::with(
            Extracted {
                metadata: Metadata::default(),
                blocks: Vec::new(),
                confidence: 0.0,
                encoding,
                clues: PageClues::default(),
            },
            diagnostics,
        )
    };
    if let Some(kind) = binary_kind(bytes) {
        diagnostics.push(Diagnostic::error(
            source,
            format!("not an HTML page: the bytes are {kind}"),
        ));
        return empty("binary", diagnostics);
    }
    let bytes = if bytes.len() > MAX_PAGE_BYTES {
        diagnostics.push(Diagnostic::warning(
            source,
            format!(
                "the page is more than {} MB; only its first {} MB were read",
                MAX_PAGE_BYTES / (1024 * 1024),
                MAX_PAGE_BYTES / (1024 * 1024)
            ),
        ));
        &bytes[..MAX_PAGE_BYTES]
    } else {
        bytes
    };
    let decoded = decode_html(bytes, content_type, source);
    diagnostics.extend(decoded.diagnostics);
    let decoded = decoded.value;
    let repaired = repair_unclosed_title(&decoded.text);
    let prescanned = prescan::prescan(
        repaired.as_deref().unwrap_or(&decoded.text),
        MAX_PARSE_DEPTH,
    );
    if let Some(cut) = prescanned.cut_at {
        diagnostics.push(Diagnostic::warning(
            source,
            format!("the page nests elements deeper than {MAX_PARSE_DEPTH} levels; it was read up to byte {cut}"),
        ));
    }
    let document = Html::parse_document(&prescanned.html);
    let base = page_url.and_then(|u| url::Url::parse(u).ok());
    let mut metadata = metadata::read_metadata(&document, base.as_ref());
    let (blocks, stats) = body::extract_body(&document, metadata.title.as_deref());
    if stats.depth_capped {
        diagnostics.push(Diagnostic::warning(
            source,
            format!(
                "the page nests elements deeper than {MAX_DEPTH} levels; deeper text was ignored"
            ),
        ));
    }
    let (blocks, stats) = prefer_declared_body(blocks, stats, metadata.declared_body.as_deref());
    // Metadata the page did not declare: the date its URL carries, the language of its text.
    if metadata.published_at.is_none() {
        metadata.published_at = [metadata.canonical_url.as_deref(), page_url]
            .into_iter()
            .flatten()
            .find_map(metadata::date_from_url);
    }
    if metadata.language.is_none() && !blocks.is_empty() {
        let sample: String = blocks
            .iter()
            .take(8)
            .map(|b| b.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        metadata.language = text::detect_language(&sample);
    }
    let confidence = confidence(&blocks, &stats);
    if blocks.is_empty() {
        diagnostics.push(Diagnostic::warning(
            source,
            "no article text found on the page",
        ));
    } else if confidence < LOW_CONFIDENCE {
        diagnostics.push(Diagnostic::warning(
            source,
            format!("low confidence ({confidence:.2}) that the extracted text is an article"),
        ));
    }
    Outcome::with(
        Extracted {
            metadata,
            blocks,
            confidence,
            encoding: decoded.encoding,
            clues: stats.clues,
        },
        diagnostics,
    )
}

/// Pages rendered by scripts carry their text only in JSON-LD `articleBody`. When the page
/// gives less than half the text it declares there, the declared text is the body.
fn prefer_declared_body(
    blocks: Vec<Block>,
    stats: body::BodyStats,
    declared: Option<&str>,
) -> (Vec<Block>, body::BodyStats) {
    let Some(declared) = declared.filter(|d| d.len() >= 200) else {
        return (blocks, stats);
    };
    if stats.body_chars * 2 >= declared.len() {
        return (blocks, stats);
    }
    let declared_blocks: Vec<Block> = declared
        .split('\n')
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty())
        .map(|text| Block {
            kind: BlockKind::Paragraph,
            text,
        })
        .collect();
    let body_chars = declared_blocks.iter().map(|b| b.text.len()).sum();
    let stats = body::BodyStats {
        body_chars,
        page_chars: stats.page_chars.max(body_chars),
        ..stats
    };
    (declared_blocks, stats)
}

/// A page of prose scores high; a few short lines, or a body that is a small share of a large
/// page of other text, score low.
fn confidence(blocks: &[Block], stats: &body::BodyStats) -> f64 {
    if blocks.is_empty() {
        return 0.0;
    }
    let words: usize = blocks.iter().map(|b| text::words(&b.text).count()).sum();
    let prose_blocks = blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Paragraph && b.text.len() >= 80)
        .count();
    let length = (words as f64 / 150.0).min(1.0);
    let structure = (prose_blocks as f64 / 3.0).min(1.0);
    let share = if stats.page_chars == 0 {
        0.0
    } else {
        (stats.body_chars as f64 / stats.page_chars as f64 * 2.0).min(1.0)
    };
    (0.45 * length + 0.35 * structure + 0.2 * share).clamp(0.0, 1.0)
}

/// A `<title>` that is never closed swallows the whole page as title text in an HTML5 parser
/// (damaged or truncated heads are common in archived pages). When no `</title>` follows
/// within 1 KiB, one is inserted at the end of the title's first line.
fn repair_unclosed_title(html: &str) -> Option<String> {
    let head = &html.as_bytes()[..html.len().min(64 * 1024)];
    let open = head
        .windows(6)
        .position(|w| w.eq_ignore_ascii_case(b"<title"))?;
    let content_start = open + html.as_bytes()[open..].iter().position(|b| *b == b'>')? + 1;
    let window_end = (content_start + 1024).min(html.len());
    let window = &html.as_bytes()[content_start..window_end];
    if window
        .windows(8)
        .any(|w| w.eq_ignore_ascii_case(b"</title>"))
    {
        return None;
    }
    let line_end = window
        .iter()
        .position(|b| matches!(b, b'\n' | b'\r' | b'<'))
        .map_or(window_end, |p| content_start + p);
    let mut repaired = String::with_capacity(html.len() + 8);
    repaired.push_str(&html[..line_end]);
    repaired.push_str("</title>");
    repaired.push_str(&html[line_end..]);
    Some(repaired)
}

/// The nesting depth past which the page is not parsed further: the HTML parser's work grows
/// with depth, and no article needs a fraction of it.
pub const MAX_PARSE_DEPTH: usize = 2048;

/// Names the kind of bytes that are clearly no text document (a PDF, an image, an archive, an
/// executable, or anything with NUL bytes in its first KiB), or `None`.
pub fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"%PDF", "a PDF document"),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"PK\x03\x04", "a ZIP archive"),
        (b"\x1F\x8B", "gzip-compressed data"),
        (b"RIFF", "a RIFF (WebP, WAV or AVI) file"),
        (b"\x7FELF", "an executable (ELF)"),
    ];
    if let Some((_, kind)) = MAGIC.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Some(kind);
    }
    let head = &bytes[..bytes.len().min(1024)];
    // UTF-16 pages carry NUL bytes legitimately; they start with a BOM.
    let utf16 = head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF");
    (!utf16 && head.contains(&0)).then_some("binary data (it contains NUL bytes)")
}

/// The fuzzing entry point for the extractor: any bytes must give a result whose text is made
/// of its blocks and whose confidence lies in `[0, 1]`, and editorial signals whose body spans
/// quote the text, without panicking. A fuzzer's crash is
/// replayed by `tests/tests.rs` from `test_data/fuzz-failures/`.
pub fn check_extract(bytes: &[u8]) {
    let outcome = extract(bytes, Some("https://fuzz.example/a/b"), None, "fuzz");
    let value = outcome.value;
    assert!(
        (0.0..=1.0).contains(&value.confidence),
        "confidence {}",
        value.confidence
    );
    let text = value.text();
    assert_eq!(text.is_empty(), value.blocks.is_empty());
    assert!(value.blocks.iter().all(|b| !b.text.is_empty()));
    let signals = signals::page_signals(
        &value,
        &text,
        value.metadata.title.as_deref(),
        Some("https://fuzz.example/a/b"),
    );
    assert_spans_quote(&signals, &text);
}

/// The fuzzing entry point for editorial signals from text alone: any bytes, read as text
/// (lossily) with their first line as the headline, give signals without panicking, and every
/// body span quotes the text.
pub fn check_signals(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let title = text.lines().next();
    let found = signals::text_signals(&text, title, Some("https://fuzz.example/opinion/a"));
    assert_spans_quote(&found, &text);
}

/// Every piece of evidence with a span has the text the span covers.
fn assert_spans_quote(found: &model::signals::Signals, text: &str) {
    for item in found.evidence() {
        if let Some(span) = item.span {
            assert_eq!(span.slice(text), Some(item.text.as_str()), "{item:?}");
        }
    }
}

/// The fuzzing entry point for charset decoding: any bytes and any `Content-Type` decode to a
/// string without panicking, under every way of choosing the encoding.
pub fn check_decode(bytes: &[u8]) {
    let split = bytes.iter().position(|b| *b == b'\n').unwrap_or(0);
    let header = String::from_utf8_lossy(&bytes[..split]);
    for content_type in [None, Some("text/html"), Some(header.as_ref())] {
        let decoded = decode_html(bytes, content_type, "fuzz").value;
        assert!(!decoded.encoding.is_empty());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unclosed_title_is_closed_at_its_line_end() {
        let repaired = repair_unclosed_title(
            "<html><head><title>Golf win\nfunction f() {}</head><body><p>Text</p>",
        );
        assert_eq!(
            repaired.as_deref(),
            Some("<html><head><title>Golf win</title>\nfunction f() {}</head><body><p>Text</p>")
        );
        assert_eq!(repair_unclosed_title("<title>Fine</title><p>x"), None);
        assert_eq!(repair_unclosed_title("<p>no title"), None);
        assert_eq!(repair_unclosed_title("<title"), None);
    }
}
