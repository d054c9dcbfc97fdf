//! Streaming a WARC archive into raw documents.

use super::http::{self, field};
use super::source::Source;
use super::{GZIP_MAGIC, WARC_MAGIC};
use crate::input::{Body, FileRead, InputLimits, RawDoc};
use model::Diagnostic;
use std::io::{self, BufRead, Read, Seek};

/// Buffer over the file as stored (compressed or not).
const FILE_BUFFER: usize = 256 * 1024;
/// Buffer over one gzip member's decompressed bytes.
const MEMBER_BUFFER: usize = 64 * 1024;
/// Longest WARC record header read.
const MAX_WARC_HEADER: usize = 256 * 1024;
/// Longest HTTP response head read.
const MAX_HTTP_HEAD: usize = 256 * 1024;

/// Reads a WARC archive (`source` names it in diagnostics and documents), handing each HTML
/// page to `sink` as soon as it is read. Never holds more than one record's page in memory.
pub fn read_warc<R: Read + Seek>(
    reader: R,
    source: &str,
    limits: &InputLimits,
    sink: &mut dyn FnMut(RawDoc),
) -> FileRead {
    let mut file = Source::new(reader, FILE_BUFFER);
    let mut archive = Archive {
        source,
        limits,
        sink,
        read: FileRead::default(),
        held: None,
    };
    match file.peek(GZIP_MAGIC.len()) {
        Ok(head) if head.starts_with(GZIP_MAGIC) => archive.read_members(&mut file),
        Ok(_) => archive.read_plain(&mut file),
        Err(error) => archive.error(source.to_string(), format!("cannot read: {error}")),
    }
    archive.read
}

/// Why a record could not be read.
enum Broken {
    /// The record is malformed (bad header, missing length, cut short) while the bytes around
    /// it read fine: the reader looks for the next record in the same stream.
    Record { at: String, message: String },
    /// The stream failed (a damaged gzip member, an I/O error).
    Stream(io::Error),
}

impl From<io::Error> for Broken {
    fn from(error: io::Error) -> Self {
        Broken::Stream(error)
    }
}

/// Where a record starts: in a plain file, or in a gzip member at a file offset.
#[derive(Clone, Copy)]
enum Place {
    Plain,
    Member(u64),
}

struct Archive<'a> {
    source: &'a str,
    limits: &'a InputLimits,
    sink: &'a mut dyn FnMut(RawDoc),
    read: FileRead,
    /// What the current gzip member gave, held back until its checksum is verified (while it
    /// holds one record; a member of several records is passed on as it is read).
    held: Option<Held>,
}

#[derive(Default)]
struct Held {
    documents: Vec<RawDoc>,
    diagnostics: Vec<Diagnostic>,
    passed_over: usize,
}

impl Archive<'_> {
    fn diagnostic(&mut self, diagnostic: Diagnostic) {
        match &mut self.held {
            Some(held) => held.diagnostics.push(diagnostic),
            None => self.read.diagnostics.push(diagnostic),
        }
    }

    fn error(&mut self, at: String, message: String) {
        self.diagnostic(Diagnostic::error(at, message));
    }

    fn pass_over(&mut self) {
        match &mut self.held {
            Some(held) => held.passed_over += 1,
            None => self.read.passed_over += 1,
        }
    }

    fn emit(&mut self, doc: RawDoc) {
        match &mut self.held {
            Some(held) => held.documents.push(doc),
            None => {
                (self.sink)(doc);
                self.read.documents += 1;
            }
        }
    }

    /// Passes on what was held back.
    fn release(&mut self) {
        if let Some(held) = self.held.take() {
            self.read.diagnostics.extend(held.diagnostics);
            self.read.passed_over += held.passed_over;
            for doc in held.documents {
                self.emit(doc);
            }
        }
    }

    fn name(&self, place: Place, offset: u64) -> String {
        match place {
            Place::Plain => format!("{}@{offset}", self.source),
            Place::Member(member) if offset == 0 => format!("{}@{member}", self.source),
            Place::Member(member) => format!("{}@{member}+{offset}", self.source),
        }
    }

    fn read_plain<R: Read>(&mut self, file: &mut Source<R>) {
        loop {
            match self.read_record(file, Place::Plain) {
                Ok(true) => {}
                Ok(false) => break,
                Err(Broken::Record { at, message }) => {
                    self.error(at, message);
                    match next_record_line(file) {
                        Ok(true) => {}
                        Ok(false) => break,
                        Err(error) => {
                            let at = self.name(Place::Plain, file.position());
                            self.error(at, format!("cannot read: {error}"));
                            break;
                        }
                    }
                }
                Err(Broken::Stream(error)) => {
                    let at = self.name(Place::Plain, file.position());
                    self.error(at, format!("cannot read: {error}"));
                    break;
                }
            }
        }
    }

    fn read_members<R: Read + Seek>(&mut self, file: &mut Source<R>) {
        loop {
            let member = file.position();
            match file.peek(GZIP_MAGIC.len()) {
                Ok([]) => break,
                Ok(head) if head.starts_with(GZIP_MAGIC) => {}
                Ok(_) => {
                    self.error(
                        self.name(Place::Plain, member),
                        "not a gzip member, though the file starts with one; skipped to the next member"
                            .into(),
                    );
                    if !self.skip_to_member(file, member + 1) {
                        break;
                    }
                    continue;
                }
                Err(error) => {
                    self.error(
                        self.name(Place::Plain, member),
                        format!("cannot read: {error}"),
                    );
                    break;
                }
            }
            let place = Place::Member(member);
            let mut stream =
                Source::new(flate2::bufread::GzDecoder::new(&mut *file), MEMBER_BUFFER);
            self.held = Some(Held::default());
            let failure = loop {
                match self.read_record(&mut stream, place) {
                    // The decoder reports the end of a member only once its checksum matched.
                    Ok(true) => match skip_blank_lines(&mut stream) {
                        Ok(true) => self.release(),
                        Ok(false) => break None,
                        Err(error) => break Some(error),
                    },
                    Ok(false) => break None,
                    Err(Broken::Record { at, message }) => {
                        self.error(at, message);
                        match next_record_line(&mut stream) {
                            Ok(true) => {}
                            Ok(false) => break None,
                            Err(error) => break Some(error),
                        }
                    }
                    Err(Broken::Stream(error)) => break Some(error),
                }
            };
            drop(stream);
            if failure.is_none() {
                self.release();
            }
            // A damaged member's records are dropped with what was said about them.
            self.held = None;
            if let Some(error) = failure {
                let message = if error.kind() == io::ErrorKind::UnexpectedEof {
                    "the gzip member is cut short (a truncated archive?); its records are skipped"
                        .to_string()
                } else {
                    format!("damaged gzip member ({error}); skipped to the next member")
                };
                self.error(self.name(Place::Member(member), 0), message);
                if !self.skip_to_member(file, member + 1) {
                    break;
                }
            }
        }
    }

    /// Moves to the next gzip member at or after `from` that decompresses to a WARC record;
    /// `false` at the end of the file.
    fn skip_to_member<R: Read + Seek>(&mut self, file: &mut Source<R>, from: u64) -> bool {
        match find_member(file, from) {
            Ok(found) => found,
            Err(error) => {
                self.error(
                    self.name(Place::Plain, file.position()),
                    format!("cannot read: {error}"),
                );
                false
            }
        }
    }

    /// Reads one record and hands on its page, if it holds one. `Ok(false)` at the end of the
    /// stream.
    fn read_record<D: Read>(
        &mut self,
        stream: &mut Source<D>,
        place: Place,
    ) -> Result<bool, Broken> {
        if !skip_blank_lines(stream)? {
            return Ok(false);
        }
        let at = self.name(place, stream.position());
        let broken = |message: String| Broken::Record {
            at: at.clone(),
            message,
        };
        let head = match read_head(stream, MAX_WARC_HEADER)? {
            Head::Complete(head) => head,
            Head::TooLong => {
                return Err(broken(format!(
                    "the record header is over {} KiB",
                    MAX_WARC_HEADER / 1024
                )));
            }
            Head::Ended(_) => return Err(broken("the record ends inside its header".into())),
        };
        if !head.starts_with(WARC_MAGIC) {
            let line = head.split(|b| *b == b'\n').next().unwrap_or_default();
            let shown: String = String::from_utf8_lossy(line).chars().take(40).collect();
            return Err(broken(format!(
                "expected a WARC/1.0 or WARC/1.1 record, found {:?}",
                shown.trim_end()
            )));
        }
        let (_, fields) = http::parse_fields(&head);
        let Some(length) = field(&fields, "content-length").and_then(|v| v.parse::<u64>().ok())
        else {
            return Err(broken("the record has no valid Content-Length".into()));
        };
        let kind = field(&fields, "warc-type")
            .unwrap_or("")
            .to_ascii_lowercase();
        let mut block = (&mut *stream).take(length);
        match kind.as_str() {
            "response" => self.response(&mut block, &fields, &at)?,
            "resource" => self.resource(&mut block, &fields, &at)?,
            _ => self.pass_over(),
        }
        io::copy(&mut block, &mut io::sink())?;
        if block.limit() > 0 {
            return Err(broken(format!(
                "the record is cut short: its block ends after {} of {length} bytes",
                length - block.limit()
            )));
        }
        Ok(true)
    }

    fn response<B: BufRead>(
        &mut self,
        block: &mut io::Take<B>,
        fields: &[(String, String)],
        at: &str,
    ) -> io::Result<()> {
        let head = read_head(block, MAX_HTTP_HEAD)?;
        if matches!(head, Head::Ended(_)) && block.limit() > 0 {
            // The block is cut short: the caller says so.
            return Ok(());
        }
        let head = match head {
            Head::Complete(head) => head,
            // A response without a body may end with its last header line.
            Head::Ended(head) if !head.is_empty() => head,
            Head::Ended(_) => {
                self.error(
                    at.into(),
                    "the response record holds no HTTP response".into(),
                );
                return Ok(());
            }
            Head::TooLong => {
                self.error(
                    at.into(),
                    format!("the HTTP header is over {} KiB", MAX_HTTP_HEAD / 1024),
                );
                return Ok(());
            }
        };
        let (status_line, headers) = http::parse_fields(&head);
        let Some(status) = http::status_code(&status_line) else {
            let shown: String = status_line.chars().take(40).collect();
            self.error(
                at.into(),
                format!("the response record holds no HTTP status line: {shown:?}"),
            );
            return Ok(());
        };
        let content_type = field(&headers, "content-type").filter(|t| !t.is_empty());
        if status != 200 || content_type.is_some_and(|t| !http::is_html_type(t)) {
            self.pass_over();
            return Ok(());
        }
        let Some(payload) = self.payload(block, at)? else {
            return Ok(());
        };
        let decoded = match http::decode_payload(payload, &headers, self.limits.max_file_bytes) {
            Ok(decoded) => decoded,
            Err(message) => {
                self.error(at.into(), message);
                return Ok(());
            }
        };
        for warning in decoded.warnings {
            self.diagnostic(Diagnostic::warning(at.to_string(), warning));
        }
        let content_type = content_type.map(str::to_string);
        self.hand_on(fields, content_type, decoded.body, at);
        Ok(())
    }

    fn resource<B: BufRead>(
        &mut self,
        block: &mut io::Take<B>,
        fields: &[(String, String)],
        at: &str,
    ) -> io::Result<()> {
        let content_type = field(fields, "content-type").filter(|t| !t.is_empty());
        if content_type.is_some_and(|t| !http::is_html_type(t)) {
            self.pass_over();
            return Ok(());
        }
        let Some(body) = self.payload(block, at)? else {
            return Ok(());
        };
        let content_type = content_type.map(str::to_string);
        self.hand_on(fields, content_type, body, at);
        Ok(())
    }

    /// The rest of the block, unless it is over the size limit or cut short (which the caller
    /// reports).
    fn payload<B: BufRead>(
        &mut self,
        block: &mut io::Take<B>,
        at: &str,
    ) -> io::Result<Option<Vec<u8>>> {
        let size = block.limit();
        if size > self.limits.max_file_bytes {
            self.error(
                at.into(),
                format!(
                    "the page is {size} bytes, over the limit of {} bytes for one page (see --max-file-size)",
                    self.limits.max_file_bytes
                ),
            );
            return Ok(None);
        }
        let mut payload = Vec::with_capacity(size as usize);
        block.read_to_end(&mut payload)?;
        Ok((block.limit() == 0).then_some(payload))
    }

    /// Hands a page on, unless it has no declared type and does not look like HTML.
    fn hand_on(
        &mut self,
        fields: &[(String, String)],
        content_type: Option<String>,
        body: Vec<u8>,
        at: &str,
    ) {
        if content_type.is_none() && !crate::input::looks_like_html(&body) {
            self.pass_over();
            return;
        }
        let url = field(fields, "warc-target-uri")
            .map(|uri| uri.trim_start_matches('<').trim_end_matches('>').trim())
            .filter(|uri| !uri.is_empty())
            .map(str::to_string);
        let mut doc = RawDoc::new(at.to_string(), Body::Html(body));
        doc.url = url;
        doc.content_type = content_type;
        self.emit(doc);
    }
}

/// Consumes the line ends between records; `false` at the end of the stream.
fn skip_blank_lines<R: Read>(stream: &mut Source<R>) -> io::Result<bool> {
    loop {
        let available = stream.peek(1)?;
        if available.is_empty() {
            return Ok(false);
        }
        let blank = available
            .iter()
            .take_while(|b| **b == b'\r' || **b == b'\n')
            .count();
        if blank < available.len() {
            stream.consume(blank);
            return Ok(true);
        }
        let all = available.len();
        stream.consume(all);
    }
}

/// A header read up to its blank line.
enum Head {
    /// The header with its blank line.
    Complete(Vec<u8>),
    /// Over the cap; the reader is left inside it.
    TooLong,
    /// The stream ended first; what was read.
    Ended(Vec<u8>),
}

/// Reads lines up to and including the first empty one (CRLF or LF endings).
fn read_head(reader: &mut impl BufRead, max: usize) -> io::Result<Head> {
    let mut head = Vec::new();
    let mut line_start = 0;
    loop {
        let available = reader.fill_buf()?;
        if available.is_empty() {
            return Ok(Head::Ended(head));
        }
        let (piece, line_ends) = match memchr::memchr(b'\n', available) {
            Some(index) => (&available[..=index], true),
            None => (available, false),
        };
        if head.len() + piece.len() > max {
            return Ok(Head::TooLong);
        }
        head.extend_from_slice(piece);
        let used = piece.len();
        reader.consume(used);
        if line_ends {
            let line = &head[line_start..];
            if line == b"\n" || line == b"\r\n" {
                return Ok(Head::Complete(head));
            }
            line_start = head.len();
        }
    }
}

/// Skips to the next line of `stream` that starts a WARC record; `false` at its end.
fn next_record_line<R: Read>(stream: &mut Source<R>) -> io::Result<bool> {
    loop {
        let available = stream.peek(WARC_MAGIC.len())?;
        if available.len() < WARC_MAGIC.len() {
            let rest = available.len();
            stream.consume(rest);
            return Ok(false);
        }
        if available.starts_with(WARC_MAGIC) {
            return Ok(true);
        }
        match memchr::memchr(b'\n', available) {
            Some(index) => stream.consume(index + 1),
            None => {
                let all = available.len();
                stream.consume(all);
            }
        }
    }
}

/// Finds the next gzip member at or after byte `from` whose first bytes decompress to a WARC
/// record, and leaves `file` at its start; `false` at the end of the file. Chance matches of
/// the gzip magic inside compressed data fail that test and are passed over.
fn find_member<R: Read + Seek>(file: &mut Source<R>, from: u64) -> io::Result<bool> {
    file.seek_to(from)?;
    loop {
        let available = file.peek(GZIP_MAGIC.len())?;
        if available.len() < GZIP_MAGIC.len() {
            let rest = available.len();
            file.consume(rest);
            return Ok(false);
        }
        let Some(index) = memchr::memmem::find(available, GZIP_MAGIC) else {
            let skip = available.len() - (GZIP_MAGIC.len() - 1);
            file.consume(skip);
            continue;
        };
        file.consume(index);
        let candidate = file.position();
        let mut first = [0u8; WARC_MAGIC.len()];
        let starts_record = flate2::bufread::GzDecoder::new(&mut *file)
            .read_exact(&mut first)
            .is_ok()
            && first == WARC_MAGIC;
        if starts_record {
            file.seek_to(candidate)?;
            return Ok(true);
        }
        file.seek_to(candidate + 1)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// One WARC record with the given type, target and block.
    fn record(kind: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
        let mut out = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n\
             WARC-Date: 2026-03-02T07:30:00Z\r\nWARC-Record-ID: <urn:uuid:0>\r\n\
             Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        out.extend_from_slice(block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    fn response(uri: &str, http: &[u8]) -> Vec<u8> {
        record("response", uri, "application/http; msgtype=response", http)
    }

    fn http(status: &str, headers: &[&str], body: &[u8]) -> Vec<u8> {
        let mut out = format!("HTTP/1.1 {status}\r\n").into_bytes();
        for header in headers {
            out.extend_from_slice(header.as_bytes());
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(body);
        out
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    fn page(n: usize) -> Vec<u8> {
        format!("<html><head><title>Page {n}</title></head><body><p>Story {n}.</p></body></html>")
            .into_bytes()
    }

    /// The records of a small crawl: three pages among the records that are not.
    fn crawl() -> Vec<Vec<u8>> {
        let mut chunked = Vec::new();
        let compressed = gzip(&page(3));
        let (a, b) = compressed.split_at(7);
        for piece in [a, b] {
            chunked.extend_from_slice(format!("{:x}\r\n", piece.len()).as_bytes());
            chunked.extend_from_slice(piece);
            chunked.extend_from_slice(b"\r\n");
        }
        chunked.extend_from_slice(b"0\r\n\r\n");
        vec![
            record(
                "warcinfo",
                "",
                "application/warc-fields",
                b"software: test\r\nformat: WARC File Format 1.0\r\n",
            ),
            record(
                "request",
                "https://news.example/1",
                "application/http; msgtype=request",
                b"GET /1 HTTP/1.1\r\nHost: news.example\r\n\r\n",
            ),
            response(
                "https://news.example/1",
                &http(
                    "200 OK",
                    &["Content-Type: text/html; charset=utf-8"],
                    &page(1),
                ),
            ),
            response(
                "https://news.example/logo.png",
                &http("200 OK", &["Content-Type: image/png"], b"\x89PNG\r\n\x1a\n"),
            ),
            response(
                "https://news.example/gone",
                &http("404 Not Found", &["Content-Type: text/html"], &page(9)),
            ),
            record(
                "revisit",
                "https://news.example/1",
                "application/http; msgtype=response",
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n",
            ),
            response(
                "<https://news.example/3>",
                &http(
                    "200 OK",
                    &[
                        "Content-Type: text/html",
                        "Transfer-Encoding: chunked",
                        "Content-Encoding: gzip",
                    ],
                    &chunked,
                ),
            ),
            record("resource", "https://news.example/4", "text/html", &page(4)),
        ]
    }

    fn read_bytes(bytes: Vec<u8>, max_file_bytes: u64) -> (Vec<RawDoc>, FileRead) {
        let limits = InputLimits {
            max_file_bytes,
            ..InputLimits::default()
        };
        let mut docs = Vec::new();
        let read = read_warc(io::Cursor::new(bytes), "a.warc", &limits, &mut |d| {
            docs.push(d)
        });
        (docs, read)
    }

    fn check_crawl(docs: &[RawDoc], read: &FileRead) {
        assert!(read.diagnostics.is_empty(), "{:?}", read.diagnostics);
        let urls: Vec<&str> = docs.iter().filter_map(|d| d.url.as_deref()).collect();
        assert_eq!(
            urls,
            [
                "https://news.example/1",
                "https://news.example/3",
                "https://news.example/4"
            ]
        );
        let bodies: Vec<&Body> = docs.iter().map(|d| &d.body).collect();
        assert_eq!(
            bodies,
            [
                &Body::Html(page(1)),
                &Body::Html(page(3)),
                &Body::Html(page(4))
            ]
        );
        assert_eq!(
            docs[0].content_type.as_deref(),
            Some("text/html; charset=utf-8")
        );
        assert_eq!(docs[0].published_at, None);
        assert_eq!(read.documents, 3);
        assert_eq!(
            read.passed_over, 5,
            "warcinfo, request, image, 404, revisit"
        );
    }

    #[test]
    fn plain_archive_gives_its_html_pages() {
        let records = crawl();
        let offset_of_first_page: usize = records[..2].iter().map(Vec::len).sum();
        let (docs, read) = read_bytes(records.concat(), 1 << 20);
        check_crawl(&docs, &read);
        assert_eq!(docs[0].source, format!("a.warc@{offset_of_first_page}"));
    }

    #[test]
    fn gzip_per_record_archive_names_member_offsets() {
        let members: Vec<Vec<u8>> = crawl().iter().map(|r| gzip(r)).collect();
        let offset_of_first_page: usize = members[..2].iter().map(Vec::len).sum();
        let (docs, read) = read_bytes(members.concat(), 1 << 20);
        check_crawl(&docs, &read);
        assert_eq!(docs[0].source, format!("a.warc@{offset_of_first_page}"));
    }

    #[test]
    fn archive_compressed_whole_names_offsets_inside_the_member() {
        let records = crawl();
        let inner: usize = records[..2].iter().map(Vec::len).sum();
        let (docs, read) = read_bytes(gzip(&records.concat()), 1 << 20);
        check_crawl(&docs, &read);
        assert_eq!(docs[0].source, format!("a.warc@0+{inner}"));
    }

    #[test]
    fn bare_line_feeds_and_loose_separators_are_read() {
        let to_lf = |bytes: &[u8]| -> Vec<u8> {
            String::from_utf8(bytes.to_vec())
                .unwrap()
                .replace("\r\n", "\n")
                .into_bytes()
        };
        let block = to_lf(&http("200 OK", &["Content-Type: text/html"], &page(1)));
        let header = format!(
            "WARC/1.1\nWARC-Type: response\nWARC-Target-URI: https://news.example/lf\n\
             Content-Length: {}\n\n",
            block.len()
        );
        let mut bytes = b"\r\n".to_vec();
        bytes.extend_from_slice(header.as_bytes());
        bytes.extend_from_slice(&block);
        bytes.extend_from_slice(b"\n");
        bytes.extend_from_slice(&record(
            "resource",
            "https://news.example/4",
            "text/html",
            &page(4),
        ));
        let (docs, read) = read_bytes(bytes, 1 << 20);
        assert!(read.diagnostics.is_empty(), "{:?}", read.diagnostics);
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].body, Body::Html(page(1)));
        assert_eq!(docs[0].url.as_deref(), Some("https://news.example/lf"));
    }

    #[test]
    fn a_damaged_gzip_member_is_skipped_to_the_next() {
        let pages: Vec<Vec<u8>> = (1..=3)
            .map(|n| {
                let http = http("200 OK", &["Content-Type: text/html"], &page(n));
                gzip(&response(&format!("https://news.example/{n}"), &http))
            })
            .collect();
        let mut damaged = pages[1].clone();
        let middle = damaged.len() / 2;
        for byte in &mut damaged[middle - 4..middle + 4] {
            *byte ^= 0x5a;
        }
        let member = pages[0].len();
        let (docs, read) = read_bytes(
            [pages[0].clone(), damaged, pages[2].clone()].concat(),
            1 << 20,
        );
        let urls: Vec<&str> = docs.iter().filter_map(|d| d.url.as_deref()).collect();
        assert_eq!(urls, ["https://news.example/1", "https://news.example/3"]);
        assert_eq!(read.diagnostics.len(), 1, "{:?}", read.diagnostics);
        assert_eq!(read.diagnostics[0].source, format!("a.warc@{member}"));
        assert!(read.diagnostics[0].message.contains("gzip member"));
    }

    #[test]
    fn a_malformed_plain_record_is_skipped_to_the_next_record_line() {
        let good = |n: usize| {
            response(
                &format!("https://news.example/{n}"),
                &http("200 OK", &["Content-Type: text/html"], &page(n)),
            )
        };
        let first = good(1);
        let bad = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: many\r\n\r\nHTTP/1.1 200 OK\r\n\r\n<p>lost</p>\r\n\r\n";
        let mut short = good(2);
        // Content-Length one byte longer than the block: the record runs into the next one.
        let text = String::from_utf8(short.clone()).unwrap();
        let length: usize = text
            .lines()
            .find_map(|l| l.strip_prefix("Content-Length: "))
            .unwrap()
            .parse()
            .unwrap();
        short = text
            .replacen(
                &format!("Content-Length: {length}"),
                &format!("Content-Length: {}", length + 40),
                1,
            )
            .into_bytes();
        let bytes = [first.clone(), bad.to_vec(), short, good(3), good(4)].concat();
        let (docs, read) = read_bytes(bytes, 1 << 20);
        let urls: Vec<&str> = docs.iter().filter_map(|d| d.url.as_deref()).collect();
        // Page 2 takes 40 bytes of page 3's header; page 3 is lost with it, page 4 is read.
        assert_eq!(
            urls,
            [
                "https://news.example/1",
                "https://news.example/2",
                "https://news.example/4"
            ]
        );
        let messages: Vec<String> = read
            .diagnostics
            .iter()
            .map(|d| format!("{} {}", d.source, d.message))
            .collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(
            messages[0].starts_with(&format!(
                "a.warc@{} the record has no valid Content-Length",
                first.len()
            )),
            "{messages:?}"
        );
        assert!(
            messages[1].contains("expected a WARC/1.0 or WARC/1.1 record"),
            "{messages:?}"
        );
    }

    #[test]
    fn cut_short_archives_keep_the_records_before_the_cut() {
        let records: Vec<Vec<u8>> = (1..=3)
            .map(|n| {
                let http = http("200 OK", &["Content-Type: text/html"], &page(n));
                response(&format!("https://news.example/{n}"), &http)
            })
            .collect();
        let plain = records.concat();
        let (docs, read) = read_bytes(plain[..plain.len() - 30].to_vec(), 1 << 20);
        assert_eq!(docs.len(), 2);
        assert_eq!(read.diagnostics.len(), 1, "{:?}", read.diagnostics);
        assert!(read.diagnostics[0].message.contains("cut short"));

        let members: Vec<u8> = records.iter().flat_map(|r| gzip(r)).collect();
        let (docs, read) = read_bytes(members[..members.len() - 30].to_vec(), 1 << 20);
        assert_eq!(docs.len(), 2);
        assert_eq!(read.diagnostics.len(), 1, "{:?}", read.diagnostics);
        assert!(read.diagnostics[0].message.contains("cut short"));
    }

    #[test]
    fn pages_over_the_cap_are_skipped_with_a_diagnostic() {
        let big = format!("<html><body><p>{}</p></body></html>", "word ".repeat(400));
        let bytes = [
            response(
                "https://news.example/big",
                &http("200 OK", &["Content-Type: text/html"], big.as_bytes()),
            ),
            response(
                "https://news.example/small",
                &http("200 OK", &["Content-Type: text/html"], &page(1)),
            ),
        ]
        .concat();
        let (docs, read) = read_bytes(bytes.clone(), 1000);
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].url.as_deref(), Some("https://news.example/small"));
        assert_eq!(read.diagnostics.len(), 1);
        assert!(
            read.diagnostics[0]
                .message
                .contains("over the limit of 1000 bytes")
        );
        assert_eq!(read.diagnostics[0].source, "a.warc@0");

        // The same page compressed fits, but not once decompressed.
        let compressed = gzip(big.as_bytes());
        let bytes = response(
            "https://news.example/bomb",
            &http(
                "200 OK",
                &["Content-Type: text/html", "Content-Encoding: gzip"],
                &compressed,
            ),
        );
        let (docs, read) = read_bytes(bytes, 1000);
        assert!(docs.is_empty());
        assert!(read.diagnostics[0].message.contains("once decompressed"));
    }

    #[test]
    fn untyped_pages_are_sniffed() {
        let bytes = [
            response("https://news.example/1", &http("200 OK", &[], &page(1))),
            response(
                "https://news.example/2",
                &http("200 OK", &[], b"{\"json\": true}"),
            ),
        ]
        .concat();
        let (docs, read) = read_bytes(bytes, 1 << 20);
        assert_eq!(docs.len(), 1);
        assert_eq!(read.passed_over, 1);
        assert_eq!(docs[0].content_type, None);
    }
}
