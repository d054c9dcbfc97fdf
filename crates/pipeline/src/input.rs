//! Finding and reading input files: HTML pages, plain text, JSON Lines of articles, and WARC
//! archives of crawled pages.
//!
//! Every problem with one input becomes a diagnostic naming the file (and line, or record
//! offset) and the rest of the input is still read. No file is read whole when it is over the
//! size limit; JSON Lines files are streamed a line at a time with a cap on the line length,
//! and WARC archives a record at a time with the same cap on each page (see [`crate::warc`]).

use model::Diagnostic;
use serde::Deserialize;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek};
use std::path::{Path, PathBuf};

/// Limits on what one input may cost.
#[derive(Debug, Clone, Copy)]
pub struct InputLimits {
    /// Largest HTML or text file read, in bytes; also the largest page of a WARC archive, before
    /// and after decompression.
    pub max_file_bytes: u64,
    /// Longest JSON Lines line read, in bytes.
    pub max_line_bytes: usize,
}

impl Default for InputLimits {
    fn default() -> Self {
        InputLimits {
            max_file_bytes: 64 * 1024 * 1024,
            max_line_bytes: 64 * 1024 * 1024,
        }
    }
}

/// The body of one input document before extraction.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    Html(Vec<u8>),
    Text(String),
}

/// One article as read from an input, before extraction. Fields given by the input (a JSON
/// Lines record) win over what extraction finds in the page.
#[derive(Debug, Clone, PartialEq)]
pub struct RawDoc {
    /// `path` or `path:line`.
    pub source: String,
    pub id: Option<String>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub published_at: Option<jiff::Timestamp>,
    pub title: Option<String>,
    pub language: Option<String>,
    /// The `Content-Type` the page was served with (its charset helps decoding).
    pub content_type: Option<String>,
    pub body: Body,
}

impl RawDoc {
    /// A document with only its source and body known.
    pub fn new(source: String, body: Body) -> Self {
        RawDoc {
            source,
            id: None,
            url: None,
            outlet: None,
            published_at: None,
            title: None,
            language: None,
            content_type: None,
            body,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Html,
    Text,
    JsonLines,
    /// A WARC archive, plain or gzip-compressed.
    Warc,
}

/// File name endings read when walking a directory; other files there (a README, style sheets,
/// images) are passed over. A file named on the command line is always read.
const ARTICLE_EXTENSIONS: &[&str] = &[
    "html", "htm", "xhtml", "shtml", "txt", "text", "jsonl", "ndjson", "json",
];

fn is_article_file(path: &Path) -> bool {
    is_warc_name(path)
        || path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| ARTICLE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Whether the file name ends in `.warc` or `.warc.gz`.
fn is_warc_name(path: &Path) -> bool {
    path.file_name()
        .map(|name| name.to_string_lossy().to_ascii_lowercase())
        .is_some_and(|name| name.ends_with(".warc") || name.ends_with(".warc.gz"))
}

/// Expands the given paths: files as they are, directories recursively (hidden entries and
/// files of other kinds skipped), in a stable sorted order. A path that does not exist is a
/// diagnostic.
pub fn discover(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    discover_where(paths, is_article_file)
}

/// Like [`discover`], but a directory gives only its WARC archives (`.warc`, `.warc.gz`).
pub fn discover_archives(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    discover_where(paths, is_warc_name)
}

fn discover_where(paths: &[PathBuf], wanted: fn(&Path) -> bool) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diagnostics = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            files.push(path.clone());
            continue;
        }
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                let walker = walkdir::WalkDir::new(path)
                    .sort_by_file_name()
                    .into_iter()
                    .filter_entry(|entry| {
                        entry.depth() == 0 || !entry.file_name().to_string_lossy().starts_with('.')
                    });
                for entry in walker {
                    match entry {
                        Ok(entry) if entry.file_type().is_file() && wanted(entry.path()) => {
                            files.push(entry.into_path())
                        }
                        Ok(_) => {}
                        Err(error) => diagnostics.push(Diagnostic::error(
                            error.path().unwrap_or(path).display().to_string(),
                            format!("cannot read directory entry: {error}"),
                        )),
                    }
                }
            }
            Ok(_) => files.push(path.clone()),
            Err(error) => diagnostics.push(Diagnostic::error(
                path.display().to_string(),
                format!("cannot open: {error}"),
            )),
        }
    }
    (files, diagnostics)
}

/// The kind of a file from its name, else from its first bytes; `Err` says why it is none.
pub fn file_kind(path: &Path, head: &[u8]) -> Result<FileKind, String> {
    if is_warc_name(path) {
        return Ok(FileKind::Warc);
    }
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("html" | "htm" | "xhtml" | "shtml") => return Ok(FileKind::Html),
        Some("txt" | "text") => return Ok(FileKind::Text),
        Some("jsonl" | "ndjson" | "json") => return Ok(FileKind::JsonLines),
        _ => {}
    }
    if crate::warc::is_warc(head) {
        return Ok(FileKind::Warc);
    }
    if let Some(kind) = extract::binary_kind(head) {
        return Err(format!("not HTML, text or JSON Lines: the file is {kind}"));
    }
    let start = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let trimmed = start.trim_ascii_start();
    if trimmed.starts_with(b"{") {
        return Ok(FileKind::JsonLines);
    }
    if looks_like_html(head) {
        return Ok(FileKind::Html);
    }
    match std::str::from_utf8(head) {
        Ok(_) => Ok(FileKind::Text),
        // The head may end inside a multi-byte character: that is still text.
        Err(error) if error.error_len().is_none() => Ok(FileKind::Text),
        Err(error) => Err(format!(
            "not HTML, text or JSON Lines: not valid UTF-8 at byte {}",
            error.valid_up_to()
        )),
    }
}

/// Whether the first bytes (a BOM and white space aside) hold a tag only HTML pages start with.
pub(crate) fn looks_like_html(head: &[u8]) -> bool {
    let start = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let lower: Vec<u8> = start
        .trim_ascii_start()
        .iter()
        .take(512)
        .map(u8::to_ascii_lowercase)
        .collect();
    [
        "<!doctype html",
        "<html",
        "<head",
        "<body",
        "<article",
        "<p>",
        "<div",
    ]
    .iter()
    .any(|tag| lower.windows(tag.len()).any(|w| w == tag.as_bytes()))
}

/// What reading one file produced.
#[derive(Debug, Default)]
pub struct FileRead {
    pub diagnostics: Vec<Diagnostic>,
    /// Documents handed to the sink.
    pub documents: usize,
    /// Archive records passed over without a diagnostic: requests, metadata, revisits,
    /// responses other than 200, and pages that are not HTML.
    pub passed_over: usize,
}

/// Reads one input file, handing each document to `sink` as soon as it is read (JSON Lines
/// files and WARC archives can be larger than memory). `-` reads standard input as JSON Lines.
pub fn read_file(path: &Path, limits: &InputLimits, sink: &mut dyn FnMut(RawDoc)) -> FileRead {
    read_file_of(path, limits, None, sink)
}

/// Reads one WARC archive as [`read_file`] does; any other file is refused with a diagnostic.
pub fn read_archive(path: &Path, limits: &InputLimits, sink: &mut dyn FnMut(RawDoc)) -> FileRead {
    read_file_of(path, limits, Some(FileKind::Warc), sink)
}

fn read_file_of(
    path: &Path,
    limits: &InputLimits,
    only: Option<FileKind>,
    sink: &mut dyn FnMut(RawDoc),
) -> FileRead {
    let source = path.display().to_string();
    let mut diagnostics = Vec::new();
    if path.as_os_str() == "-" && only == Some(FileKind::Warc) {
        return FileRead {
            diagnostics: vec![Diagnostic::error(
                "<stdin>",
                "archives are read from files, not standard input",
            )],
            ..FileRead::default()
        };
    }
    if path.as_os_str() == "-" {
        let stdin = std::io::stdin();
        let documents = read_json_lines(
            BufReader::new(stdin.lock()),
            "<stdin>",
            limits,
            &mut diagnostics,
            sink,
        );
        return FileRead {
            diagnostics,
            documents,
            ..FileRead::default()
        };
    }
    let fail = |message: String| FileRead {
        diagnostics: vec![Diagnostic::error(source.clone(), message)],
        ..FileRead::default()
    };
    let mut file = match File::open(path) {
        Ok(file) => file,
        Err(error) => return fail(format!("cannot open: {error}")),
    };
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut head = vec![0u8; 4096];
    let head_len = match read_fully(&mut file, &mut head) {
        Ok(n) => n,
        Err(error) => return fail(format!("cannot read: {error}")),
    };
    head.truncate(head_len);
    if head_len == 0 {
        return fail("empty file".into());
    }
    let kind = match file_kind(path, &head) {
        Ok(kind) if only.is_none_or(|only| only == kind) => kind,
        Ok(_) => {
            return fail(
                "not a WARC archive (`import` reads .warc and .warc.gz files; `ingest` reads pages and JSON Lines)"
                    .into(),
            );
        }
        Err(message) if only == Some(FileKind::Warc) => {
            return fail(format!("not a WARC archive: {message}"));
        }
        Err(message) => return fail(message),
    };
    let streamed = matches!(kind, FileKind::JsonLines | FileKind::Warc);
    if !streamed && size > limits.max_file_bytes {
        return fail(format!(
            "the file is {} MB, over the limit of {} MB for one page (see --max-file-size)",
            size / (1024 * 1024),
            limits.max_file_bytes / (1024 * 1024)
        ));
    }
    let rest = std::io::Cursor::new(head).chain(file);
    match kind {
        FileKind::JsonLines => {
            let documents = read_json_lines(
                BufReader::new(rest),
                &source,
                limits,
                &mut diagnostics,
                sink,
            );
            FileRead {
                diagnostics,
                documents,
                ..FileRead::default()
            }
        }
        FileKind::Warc => {
            // The reader seeks to resynchronise after damage: it reads the file from its start.
            let (_, mut file) = rest.into_inner();
            if let Err(error) = file.seek(std::io::SeekFrom::Start(0)) {
                return fail(format!("cannot read: {error}"));
            }
            crate::warc::read_warc(file, &source, limits, sink)
        }
        FileKind::Html | FileKind::Text => {
            let mut bytes = Vec::with_capacity(size as usize);
            if let Err(error) = rest.take(limits.max_file_bytes + 1).read_to_end(&mut bytes) {
                return fail(format!("cannot read: {error}"));
            }
            if bytes.len() as u64 > limits.max_file_bytes {
                return fail(format!(
                    "the file grew past the limit of {} bytes while being read",
                    limits.max_file_bytes
                ));
            }
            let body = if kind == FileKind::Html {
                Body::Html(bytes)
            } else {
                match String::from_utf8(bytes) {
                    Ok(text) => Body::Text(text),
                    Err(error) => {
                        return fail(format!(
                            "not valid UTF-8 at byte {}",
                            error.utf8_error().valid_up_to()
                        ));
                    }
                }
            };
            sink(RawDoc::new(source, body));
            FileRead {
                diagnostics,
                documents: 1,
                ..FileRead::default()
            }
        }
    }
}

fn read_fully(reader: &mut impl Read, buffer: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match reader.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    Ok(filled)
}

/// One JSON Lines record; unknown fields are ignored.
#[derive(Debug, Deserialize)]
struct JsonArticle {
    id: Option<serde_json::Value>,
    url: Option<String>,
    outlet: Option<String>,
    #[serde(alias = "date")]
    published_at: Option<String>,
    title: Option<String>,
    html: Option<String>,
    text: Option<String>,
    #[serde(alias = "language")]
    lang: Option<String>,
}

enum Line {
    Complete,
    TooLong(usize),
    End,
}

/// Reads one line into `buffer` (without the newline), keeping at most `max` bytes; a longer
/// line is consumed to its end and reported with its length.
fn read_capped_line(
    reader: &mut impl BufRead,
    max: usize,
    buffer: &mut Vec<u8>,
) -> std::io::Result<Line> {
    buffer.clear();
    let mut total = 0usize;
    loop {
        let available = match reader.fill_buf() {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        if available.is_empty() {
            return Ok(if total == 0 {
                Line::End
            } else if total > max {
                Line::TooLong(total)
            } else {
                Line::Complete
            });
        }
        let (chunk, found_newline) = match available.iter().position(|b| *b == b'\n') {
            Some(index) => (&available[..index], true),
            None => (available, false),
        };
        total += chunk.len();
        if total <= max {
            buffer.extend_from_slice(chunk);
        } else {
            buffer.clear();
        }
        let consumed = chunk.len() + usize::from(found_newline);
        reader.consume(consumed);
        if found_newline {
            return Ok(if total > max {
                Line::TooLong(total)
            } else {
                Line::Complete
            });
        }
    }
}

fn read_json_lines(
    mut reader: impl BufRead,
    source: &str,
    limits: &InputLimits,
    diagnostics: &mut Vec<Diagnostic>,
    sink: &mut dyn FnMut(RawDoc),
) -> usize {
    let mut buffer = Vec::new();
    let mut line_number = 0usize;
    let mut documents = 0usize;
    loop {
        line_number += 1;
        let at = format!("{source}:{line_number}");
        match read_capped_line(&mut reader, limits.max_line_bytes, &mut buffer) {
            Ok(Line::End) => break,
            Ok(Line::TooLong(length)) => {
                diagnostics.push(Diagnostic::error(
                    at,
                    format!(
                        "line is {length} bytes, over the limit of {} bytes",
                        limits.max_line_bytes
                    ),
                ));
                continue;
            }
            Ok(Line::Complete) => {}
            Err(error) => {
                diagnostics.push(Diagnostic::error(at, format!("cannot read: {error}")));
                break;
            }
        }
        let line = match std::str::from_utf8(&buffer) {
            Ok(line) => line.trim(),
            Err(error) => {
                diagnostics.push(Diagnostic::error(
                    at,
                    format!("not valid UTF-8 at byte {}", error.valid_up_to()),
                ));
                continue;
            }
        };
        let line = line.strip_prefix('\u{feff}').unwrap_or(line);
        if line.is_empty() {
            continue;
        }
        let record: JsonArticle = match serde_json::from_str(line) {
            Ok(record) => record,
            Err(error) => {
                diagnostics.push(Diagnostic::error(
                    at,
                    format!("not a valid JSON article: {error}"),
                ));
                continue;
            }
        };
        let body = match (record.html, record.text) {
            (Some(html), _) if !html.trim().is_empty() => Body::Html(html.into_bytes()),
            (_, Some(text)) if !text.trim().is_empty() => Body::Text(text),
            _ => {
                diagnostics.push(Diagnostic::error(
                    at,
                    "the record has neither a non-empty \"html\" nor \"text\" field",
                ));
                continue;
            }
        };
        let published_at = match record
            .published_at
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            Some(value) => {
                let parsed = extract::parse_timestamp(value);
                if parsed.is_none() {
                    diagnostics.push(Diagnostic::warning(
                        at.clone(),
                        format!("published_at {value:?} is not an RFC 3339 date-time; the article is kept undated"),
                    ));
                }
                parsed
            }
            None => None,
        };
        let id = record.id.and_then(|id| match id {
            serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        });
        sink(RawDoc {
            source: at,
            id,
            url: record.url.filter(|u| !u.trim().is_empty()),
            outlet: record.outlet.filter(|o| !o.trim().is_empty()),
            published_at,
            title: record.title.filter(|t| !t.trim().is_empty()),
            language: record
                .lang
                .as_deref()
                .and_then(text::normalize_language_tag),
            content_type: None,
            body,
        });
        documents += 1;
    }
    documents
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &str, max: usize) -> (Vec<RawDoc>, Vec<Diagnostic>) {
        let mut docs = Vec::new();
        let mut diagnostics = Vec::new();
        let limits = InputLimits {
            max_file_bytes: 1 << 20,
            max_line_bytes: max,
        };
        read_json_lines(
            input.as_bytes(),
            "in.jsonl",
            &limits,
            &mut diagnostics,
            &mut |d| docs.push(d),
        );
        (docs, diagnostics)
    }

    #[test]
    fn json_lines_keep_good_lines_and_name_bad_ones() {
        let input = concat!(
            "{\"id\": 7, \"text\": \"Body one.\", \"published_at\": \"2026-03-02T07:30:00Z\", \"lang\": \"en-GB\"}\n",
            "not json\n",
            "\n",
            "{\"title\": \"no body\"}\n",
            "{\"text\": \"Body two.\", \"published_at\": \"last week\"}\n",
            "{\"text\": \"",
            "x",
            "\"}",
        );
        let (docs, diagnostics) = lines(input, 1 << 20);
        assert_eq!(docs.len(), 3);
        assert_eq!(docs[0].id.as_deref(), Some("7"));
        assert_eq!(docs[0].language.as_deref(), Some("en"));
        assert_eq!(docs[0].source, "in.jsonl:1");
        assert_eq!(docs[1].published_at, None);
        assert_eq!(docs[2].body, Body::Text("x".into()));
        let messages: Vec<String> = diagnostics
            .iter()
            .map(|d| format!("{} {}", d.source, d.message))
            .collect();
        assert!(
            messages[0].starts_with("in.jsonl:2 not a valid JSON article"),
            "{messages:?}"
        );
        assert!(
            messages[1].starts_with("in.jsonl:4 the record has neither"),
            "{messages:?}"
        );
        assert!(
            messages[2].starts_with("in.jsonl:5 published_at \"last week\""),
            "{messages:?}"
        );
    }

    #[test]
    fn overlong_lines_are_skipped_without_losing_the_next() {
        let input = format!(
            "{{\"text\": \"{}\"}}\n{{\"text\": \"short\"}}\n",
            "y".repeat(100)
        );
        let (docs, diagnostics) = lines(&input, 50);
        assert_eq!(docs.len(), 1);
        assert!(diagnostics[0].message.contains("over the limit"));
        assert_eq!(diagnostics[0].source, "in.jsonl:1");
    }

    #[test]
    fn kinds_come_from_names_then_bytes() {
        let kind = |name: &str, head: &[u8]| file_kind(Path::new(name), head);
        assert_eq!(kind("a.HTML", b""), Ok(FileKind::Html));
        assert_eq!(kind("a", b"  <!DOCTYPE html><p>x"), Ok(FileKind::Html));
        assert_eq!(kind("a", b"{\"text\":1}"), Ok(FileKind::JsonLines));
        assert_eq!(kind("a", b"Plain words."), Ok(FileKind::Text));
        assert!(kind("a.bin", b"\x00\x01\x02").unwrap_err().contains("NUL"));
        assert!(kind("a.dat", b"%PDF-1.4").unwrap_err().contains("PDF"));
        assert!(kind("a", b"caf\xE9 au lait").unwrap_err().contains("UTF-8"));
        assert_eq!(kind("CC-NEWS-1.warc.gz", b""), Ok(FileKind::Warc));
        assert_eq!(kind("a.WARC", b""), Ok(FileKind::Warc));
        assert_eq!(kind("a", b"WARC/1.1\r\n"), Ok(FileKind::Warc));
        let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gzip, b"WARC/1.0\r\nWARC-Type: warcinfo\r\n").unwrap();
        let gzip = gzip.finish().unwrap();
        assert_eq!(kind("a.dat", &gzip), Ok(FileKind::Warc));
        assert!(
            kind("a.gz", &gzip[..gzip.len() / 2]).is_ok(),
            "a cut head still shows it"
        );
        assert!(
            kind("a.gz", b"\x1f\x8b\x08\0\0")
                .unwrap_err()
                .contains("gzip")
        );
    }
}
