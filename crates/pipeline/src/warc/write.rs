//! Writing fetched responses to rotating `.warc.gz` files.

use flate2::Compression;
use flate2::write::GzEncoder;
use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::net::IpAddr;
use std::path::{Path, PathBuf};

/// Appends `response` records to WARC 1.1 files in a directory, one gzip member per record,
/// so a file cut short by a crash reads up to its last whole record.
///
/// Files are named `corroborate-{YYYYmmddHHMMSS}-{serial:05}.warc.gz` (UTC, when the file was
/// started); each starts with a `warcinfo` record, and a new one starts once the current file
/// has passed the size given to [`create`](WarcWriter::create) (so every file holds at least
/// one response). An existing file is never
/// overwritten: its serial number is skipped.
pub struct WarcWriter {
    dir: PathBuf,
    max_file_bytes: u64,
    serial: u32,
    /// Makes this writer's record ids differ from any other writer's.
    seed: [u8; 32],
    records: u64,
    /// Response records in the current file.
    responses: u64,
    path: PathBuf,
    file: Counted,
    warcinfo_id: String,
}

/// A buffered file that counts the bytes written to it.
struct Counted {
    writer: BufWriter<File>,
    written: u64,
}

impl Write for Counted {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let n = self.writer.write(bytes)?;
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer.flush()
    }
}

impl WarcWriter {
    /// Starts the first file in `dir` (created if need be). Files are started afresh once
    /// they pass `max_file_bytes` (1 GiB is the usual size).
    pub fn create(dir: &Path, max_file_bytes: u64) -> io::Result<WarcWriter> {
        std::fs::create_dir_all(dir)?;
        let now = jiff::Timestamp::now();
        let mut seed = blake3::Hasher::new();
        seed.update(&std::process::id().to_le_bytes());
        seed.update(&now.as_nanosecond().to_le_bytes());
        seed.update(dir.as_os_str().as_encoded_bytes());
        let mut serial = 0;
        let (path, file) = open_next(dir, now, &mut serial)?;
        let mut writer = WarcWriter {
            dir: dir.to_path_buf(),
            max_file_bytes,
            serial,
            seed: *seed.finalize().as_bytes(),
            records: 0,
            responses: 0,
            path,
            file,
            warcinfo_id: String::new(),
        };
        writer.start_file(now)?;
        Ok(writer)
    }

    /// The file being written.
    pub fn current_path(&self) -> &Path {
        &self.path
    }

    /// Appends one `response` record. `body` is the payload as the fetcher decoded it (no
    /// transfer or content coding); `headers` are the response's, in order. The stored head
    /// renames `Content-Encoding`, `Transfer-Encoding` and `Content-Length` to `X-Crawler-…`
    /// and gives the stored body's length, as other crawlers do. Header values lose any line
    /// break; a URL with white space or control characters is refused.
    pub fn append_response(
        &mut self,
        url: &str,
        fetched_at: jiff::Timestamp,
        status: u16,
        headers: &[(String, String)],
        body: &[u8],
        ip: Option<IpAddr>,
    ) -> io::Result<()> {
        if url.is_empty() || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("cannot archive the URL {url:?}: it is empty or holds white space"),
            ));
        }
        if self.responses > 0 && self.file.written >= self.max_file_bytes {
            self.rotate()?;
        }
        let mut head = format!("HTTP/1.1 {status} {}\r\n", reason_phrase(status));
        for (name, value) in headers {
            let valid_name =
                !name.is_empty() && name.bytes().all(|b| b.is_ascii_graphic() && b != b':');
            if !valid_name || name.eq_ignore_ascii_case("x-crawler-content-length") {
                continue;
            }
            let lower = name.to_ascii_lowercase();
            let renamed = matches!(
                lower.as_str(),
                "content-encoding" | "transfer-encoding" | "content-length"
            );
            if renamed {
                head.push_str("X-Crawler-");
            }
            head.push_str(name);
            head.push_str(": ");
            head.push_str(&one_line(value));
            head.push_str("\r\n");
        }
        head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));

        let mut block_digest = sha1_smol::Sha1::new();
        block_digest.update(head.as_bytes());
        block_digest.update(body);
        let payload_digest = sha1_smol::Sha1::from(body);
        let mut record = String::with_capacity(512);
        record.push_str("WARC/1.1\r\nWARC-Type: response\r\n");
        record.push_str(&format!(
            "WARC-Record-ID: {}\r\n",
            self.record_id(url, fetched_at)
        ));
        record.push_str(&format!("WARC-Date: {}\r\n", warc_date(fetched_at)));
        record.push_str(&format!("WARC-Target-URI: {url}\r\n"));
        record.push_str(&format!("WARC-Warcinfo-ID: {}\r\n", self.warcinfo_id));
        if let Some(ip) = ip {
            record.push_str(&format!("WARC-IP-Address: {ip}\r\n"));
        }
        record.push_str(&format!(
            "WARC-Block-Digest: sha1:{}\r\n",
            base32(&block_digest.digest().bytes())
        ));
        record.push_str(&format!(
            "WARC-Payload-Digest: sha1:{}\r\n",
            base32(&payload_digest.digest().bytes())
        ));
        record.push_str("Content-Type: application/http;msgtype=response\r\n");
        record.push_str(&format!(
            "Content-Length: {}\r\n\r\n",
            head.len() + body.len()
        ));
        self.write_member(&[record.as_bytes(), head.as_bytes(), body, b"\r\n\r\n"])?;
        self.responses += 1;
        Ok(())
    }

    /// Writes out what is buffered and syncs the file to disk.
    pub fn flush(&mut self) -> io::Result<()> {
        self.file.flush()?;
        self.file.writer.get_ref().sync_all()
    }

    fn rotate(&mut self) -> io::Result<()> {
        self.flush()?;
        self.serial += 1;
        let now = jiff::Timestamp::now();
        let (path, file) = open_next(&self.dir, now, &mut self.serial)?;
        self.path = path;
        self.file = file;
        self.responses = 0;
        self.start_file(now)
    }

    /// Writes the `warcinfo` record that opens every file.
    fn start_file(&mut self, now: jiff::Timestamp) -> io::Result<()> {
        let name = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.warcinfo_id = self.record_id(&name, now);
        let fields = format!(
            "software: corroborate/{}\r\nformat: WARC File Format 1.1\r\n\
             conformsTo: https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n",
            env!("CARGO_PKG_VERSION")
        );
        let header = format!(
            "WARC/1.1\r\nWARC-Type: warcinfo\r\nWARC-Record-ID: {}\r\nWARC-Date: {}\r\n\
             WARC-Filename: {name}\r\nContent-Type: application/warc-fields\r\nContent-Length: {}\r\n\r\n",
            self.warcinfo_id,
            warc_date(now),
            fields.len()
        );
        self.write_member(&[header.as_bytes(), fields.as_bytes(), b"\r\n\r\n"])
    }

    fn write_member(&mut self, parts: &[&[u8]]) -> io::Result<()> {
        let mut member = GzEncoder::new(&mut self.file, Compression::default());
        for part in parts {
            member.write_all(part)?;
        }
        member.finish()?;
        Ok(())
    }

    /// A version-4-shaped UUID from a hash of this writer's seed, a counter, the URL and time.
    fn record_id(&mut self, url: &str, at: jiff::Timestamp) -> String {
        self.records += 1;
        let mut hasher = blake3::Hasher::new();
        hasher.update(&self.seed);
        hasher.update(&self.records.to_le_bytes());
        hasher.update(&at.as_nanosecond().to_le_bytes());
        hasher.update(url.as_bytes());
        let hash = hasher.finalize();
        let mut id = [0u8; 16];
        id.copy_from_slice(&hash.as_bytes()[..16]);
        id[6] = (id[6] & 0x0f) | 0x40;
        id[8] = (id[8] & 0x3f) | 0x80;
        let hex: String = id.iter().map(|b| format!("{b:02x}")).collect();
        format!(
            "<urn:uuid:{}-{}-{}-{}-{}>",
            &hex[..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..]
        )
    }
}

/// Creates the next file that does not exist yet, from serial number `serial` on (which is
/// left at the number used).
fn open_next(dir: &Path, now: jiff::Timestamp, serial: &mut u32) -> io::Result<(PathBuf, Counted)> {
    let stamp = now.strftime("%Y%m%d%H%M%S").to_string();
    loop {
        let path = dir.join(format!("corroborate-{stamp}-{serial:05}.warc.gz"));
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(file) => {
                let file = Counted {
                    writer: BufWriter::with_capacity(256 * 1024, file),
                    written: 0,
                };
                return Ok((path, file));
            }
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => *serial += 1,
            Err(error) => return Err(error),
        }
    }
}

/// RFC 3339 in UTC to the second, as WARC-Date is usually written.
fn warc_date(at: jiff::Timestamp) -> String {
    let seconds = jiff::Timestamp::from_second(at.as_second()).unwrap_or(at);
    seconds.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn one_line(value: &str) -> String {
    value
        .chars()
        .map(|c| if c == '\r' || c == '\n' { ' ' } else { c })
        .collect()
}

/// RFC 4648 base 32 without padding (a SHA-1 digest gives 32 characters).
fn base32(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let mut buffer = 0u32;
    let mut bits = 0;
    for byte in bytes {
        buffer = (buffer << 8) | u32::from(*byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(ALPHABET[((buffer >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        203 => "Non-Authoritative Information",
        204 => "No Content",
        206 => "Partial Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        408 => "Request Timeout",
        410 => "Gone",
        429 => "Too Many Requests",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn sha1_in_base32_as_warc_tools_write_it() {
        // The payload digest of an empty body, as it appears in many archives.
        let empty = sha1_smol::Sha1::from(b"").digest().bytes();
        assert_eq!(base32(&empty), "3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ");
        assert_eq!(base32(b"foobar"), "MZXW6YTBOI");
    }

    fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    fn page(n: usize) -> Vec<u8> {
        format!("<html><head><title>Story {n}</title></head><body><p>Text {n}.</p></body></html>")
            .into_bytes()
    }

    fn read_path(path: &Path) -> (Vec<crate::input::RawDoc>, crate::input::FileRead) {
        let mut docs = Vec::new();
        let read = crate::input::read_file(path, &Default::default(), &mut |d| docs.push(d));
        (docs, read)
    }

    #[test]
    fn written_records_read_back_and_a_cut_file_keeps_its_whole_records() {
        let dir = tempfile::tempdir().unwrap();
        let mut writer = WarcWriter::create(&dir.path().join("warc"), 1 << 30).unwrap();
        let at: jiff::Timestamp = "2026-03-02T07:30:00Z".parse().unwrap();
        let served = headers(&[
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Encoding", "gzip"),
            ("Transfer-Encoding", "chunked"),
            ("Content-Length", "999"),
            ("X-Injected", "a\r\nWARC-Type: evil"),
        ]);
        let ip: IpAddr = "192.0.2.1".parse().unwrap();
        for n in 0..5 {
            let url = format!("https://news.example/{n}");
            writer
                .append_response(&url, at, 200, &served, &page(n), Some(ip))
                .unwrap();
        }
        let image = headers(&[("Content-Type", "image/png")]);
        writer
            .append_response(
                "https://news.example/a.png",
                at,
                200,
                &image,
                b"\x89PNG",
                None,
            )
            .unwrap();
        writer
            .append_response(
                "https://news.example/gone",
                at,
                404,
                &served,
                &page(9),
                None,
            )
            .unwrap();
        assert!(
            writer
                .append_response("https://news.example/a b", at, 200, &served, b"", None)
                .is_err()
        );
        writer.flush().unwrap();
        let path = writer.current_path().to_path_buf();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            name.starts_with("corroborate-") && name.ends_with("-00000.warc.gz"),
            "{name}"
        );

        let (docs, read) = read_path(&path);
        assert!(read.diagnostics.is_empty(), "{:?}", read.diagnostics);
        assert_eq!(read.passed_over, 3, "warcinfo, image, 404");
        let urls: Vec<String> = docs.iter().map(|d| d.url.clone().unwrap()).collect();
        let expected: Vec<String> = (0..5)
            .map(|n| format!("https://news.example/{n}"))
            .collect();
        assert_eq!(urls, expected);
        for (n, doc) in docs.iter().enumerate() {
            assert_eq!(doc.body, crate::input::Body::Html(page(n)));
            assert_eq!(
                doc.content_type.as_deref(),
                Some("text/html; charset=utf-8")
            );
        }

        let compressed = std::fs::read(&path).unwrap();
        let mut bytes = Vec::new();
        flate2::read::MultiGzDecoder::new(compressed.as_slice())
            .read_to_end(&mut bytes)
            .unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for expected in [
            "WARC/1.1\r\nWARC-Type: warcinfo\r\n",
            "software: corroborate/",
            "WARC-IP-Address: 192.0.2.1\r\n",
            "WARC-Date: 2026-03-02T07:30:00Z\r\n",
            "Content-Type: application/http;msgtype=response\r\n",
            "HTTP/1.1 200 OK\r\n",
            "X-Crawler-Content-Encoding: gzip\r\n",
            "X-Crawler-Transfer-Encoding: chunked\r\n",
            "X-Crawler-Content-Length: 999\r\n",
            "X-Injected: a  WARC-Type: evil\r\n",
            &format!("Content-Length: {}\r\n\r\n<html>", page(0).len()),
            "HTTP/1.1 404 Not Found\r\n",
        ] {
            assert!(text.contains(expected), "no {expected:?} in\n{text}");
        }
        let digest = base32(&sha1_smol::Sha1::from(page(0)).digest().bytes());
        assert!(text.contains(&format!("WARC-Payload-Digest: sha1:{digest}\r\n")));

        // A crash in the middle of the last record: the earlier ones read, and one diagnostic.
        let cut = dir.path().join("cut.warc.gz");
        std::fs::write(&cut, &compressed[..compressed.len() - 40]).unwrap();
        let (docs, read) = read_path(&cut);
        assert_eq!(docs.len(), 5);
        assert_eq!(read.diagnostics.len(), 1, "{:?}", read.diagnostics);
        assert!(
            read.diagnostics[0]
                .source
                .starts_with(&format!("{}@", cut.display()))
        );
    }

    #[test]
    fn files_rotate_once_past_their_size() {
        let dir = tempfile::tempdir().unwrap();
        let mut writer = WarcWriter::create(dir.path(), 100).unwrap();
        let at = jiff::Timestamp::now();
        let html = headers(&[("Content-Type", "text/html")]);
        let mut paths = Vec::new();
        for n in 0..3 {
            let url = format!("https://news.example/{n}");
            writer
                .append_response(&url, at, 200, &html, &page(n), None)
                .unwrap();
            paths.push(writer.current_path().to_path_buf());
        }
        writer.flush().unwrap();
        paths.dedup();
        assert_eq!(paths.len(), 3);
        for (n, path) in paths.iter().enumerate() {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            assert!(name.ends_with(&format!("-{n:05}.warc.gz")), "{name}");
            let (docs, read) = read_path(path);
            assert_eq!(docs.len(), 1);
            assert_eq!(read.passed_over, 1, "the warcinfo record");
        }
        // A second writer in the same second does not overwrite the first one's files.
        let other = WarcWriter::create(dir.path(), 100).unwrap();
        assert!(!paths.contains(&other.current_path().to_path_buf()));
    }

    #[test]
    fn dates_and_ids() {
        let at: jiff::Timestamp = "2026-03-02T07:30:00.123456Z".parse().unwrap();
        assert_eq!(warc_date(at), "2026-03-02T07:30:00Z");
        let dir = tempfile::tempdir().unwrap();
        let mut writer = WarcWriter::create(dir.path(), 1 << 20).unwrap();
        let a = writer.record_id("https://a.example/", at);
        let b = writer.record_id("https://a.example/", at);
        assert_ne!(a, b);
        assert_eq!(a.len(), "<urn:uuid:>".len() + 36);
        assert_eq!(&a[24..25], "4", "{a}");
    }
}
