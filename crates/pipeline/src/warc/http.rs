//! Header fields (WARC and HTTP share the `Name: value` form), HTTP status lines, and undoing
//! the transfer and content codings of a stored HTTP payload.

use std::io::Read;

/// `Name: value` lines after a first line, as in WARC and HTTP heads. Lines end in CRLF or LF;
/// a line starting with a space or tab continues the previous value; a line without a colon
/// is passed over. Names and values are trimmed and read as UTF-8, invalid bytes replaced.
pub(crate) fn parse_fields(head: &[u8]) -> (String, Vec<(String, String)>) {
    let mut lines = head
        .split(|b| *b == b'\n')
        .map(|line| line.strip_suffix(b"\r").unwrap_or(line));
    let first = String::from_utf8_lossy(lines.next().unwrap_or_default())
        .trim()
        .to_string();
    let mut fields: Vec<(String, String)> = Vec::new();
    for line in lines {
        if line.is_empty() {
            break;
        }
        if line[0] == b' ' || line[0] == b'\t' {
            if let Some((_, value)) = fields.last_mut() {
                let more = String::from_utf8_lossy(line);
                if !value.is_empty() {
                    value.push(' ');
                }
                value.push_str(more.trim());
            }
            continue;
        }
        let Some(colon) = memchr::memchr(b':', line) else {
            continue;
        };
        let name = String::from_utf8_lossy(&line[..colon]).trim().to_string();
        if name.is_empty() {
            continue;
        }
        let value = String::from_utf8_lossy(&line[colon + 1..])
            .trim()
            .to_string();
        fields.push((name, value));
    }
    (first, fields)
}

/// The first value of field `name` (compared without case).
pub(crate) fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// The status code of an HTTP status line (`HTTP/1.1 200 OK`, `HTTP/2 200`).
pub(crate) fn status_code(line: &str) -> Option<u16> {
    let mut parts = line.split_ascii_whitespace();
    let version = parts.next()?;
    if !version.get(..5)?.eq_ignore_ascii_case("http/") {
        return None;
    }
    let code = parts.next()?;
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    code.parse().ok()
}

/// Whether a `Content-Type` names an HTML page.
pub(crate) fn is_html_type(content_type: &str) -> bool {
    let media = content_type.split(';').next().unwrap_or("").trim();
    media.eq_ignore_ascii_case("text/html") || media.eq_ignore_ascii_case("application/xhtml+xml")
}

/// The payload after undoing what `Transfer-Encoding` and `Content-Encoding` say was applied,
/// with the warnings about codings that were announced but not found.
#[derive(Debug)]
pub(crate) struct Decoded {
    pub body: Vec<u8>,
    pub warnings: Vec<String>,
}

/// Undoes chunked transfer coding, then the content codings in reverse order of application.
/// A coding the body does not carry (headers kept while the payload was stored decoded) is a
/// warning and the bytes are kept as they are; an unknown coding, damage before any byte
/// decodes, or a decoded page over `max_bytes` is an error.
pub(crate) fn decode_payload(
    payload: Vec<u8>,
    headers: &[(String, String)],
    max_bytes: u64,
) -> Result<Decoded, String> {
    let mut warnings = Vec::new();
    let mut body = payload;
    let chunked = field(headers, "transfer-encoding")
        .is_some_and(|te| te.to_ascii_lowercase().contains("chunked"));
    if chunked {
        match dechunk(&body) {
            Some(plain) => body = plain,
            None => warnings.push(
                "Transfer-Encoding says chunked, but the body is not; it is read as it is".into(),
            ),
        }
    }
    let codings: Vec<String> = headers
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("content-encoding"))
        .flat_map(|(_, value)| value.split(','))
        .map(|coding| coding.trim().to_ascii_lowercase())
        .filter(|coding| !coding.is_empty() && coding != "identity" && coding != "none")
        .collect();
    for coding in codings.iter().rev() {
        body = decode_content(body, coding, max_bytes, &mut warnings)?;
    }
    if body.len() as u64 > max_bytes {
        return Err(over_limit(max_bytes));
    }
    Ok(Decoded { body, warnings })
}

fn over_limit(max_bytes: u64) -> String {
    format!(
        "the page is over the limit of {max_bytes} bytes once decompressed (see --max-file-size)"
    )
}

/// The body of a chunked transfer coding, or `None` when `bytes` does not start with a chunk
/// size line. A body cut short keeps the chunks read; trailers are dropped.
fn dechunk(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut rest = bytes;
    let mut first = true;
    loop {
        let Some(line_end) = memchr::memchr(b'\n', rest) else {
            return (!first).then_some(out);
        };
        let line = &rest[..line_end];
        let size_text = line.split(|b| *b == b';').next().unwrap_or_default();
        let size_text = std::str::from_utf8(size_text).ok()?.trim();
        let size = match usize::from_str_radix(size_text, 16) {
            Ok(size) if !size_text.is_empty() => size,
            // The size line is damaged after good chunks: keep what was read.
            _ if !first => return Some(out),
            _ => return None,
        };
        first = false;
        rest = &rest[line_end + 1..];
        if size == 0 {
            return Some(out);
        }
        let take = size.min(rest.len());
        out.extend_from_slice(&rest[..take]);
        rest = &rest[take..];
        if take < size {
            return Some(out);
        }
        rest = rest
            .strip_prefix(b"\r\n")
            .or_else(|| rest.strip_prefix(b"\n"))
            .unwrap_or(rest);
    }
}

/// Whether the bytes start like markup (after white space), as an undecoded page would.
fn looks_like_markup(bytes: &[u8]) -> bool {
    bytes.trim_ascii_start().first() == Some(&b'<')
}

fn decode_content(
    body: Vec<u8>,
    coding: &str,
    max_bytes: u64,
    warnings: &mut Vec<String>,
) -> Result<Vec<u8>, String> {
    let gzip = matches!(coding, "gzip" | "x-gzip");
    if gzip && !body.starts_with(&[0x1f, 0x8b]) {
        warnings.push(format!(
            "Content-Encoding says {coding}, but the body is not gzip data; it is read as it is"
        ));
        return Ok(body);
    }
    let mut out = Vec::new();
    let result = {
        let slice = body.as_slice();
        let decoder: Box<dyn Read + '_> = match coding {
            "gzip" | "x-gzip" => Box::new(flate2::read::MultiGzDecoder::new(slice)),
            "deflate" => {
                // Servers send zlib-wrapped data (what the standard says) or raw deflate.
                let zlib = slice.len() >= 2
                    && slice[0] & 0x0f == 8
                    && (u16::from(slice[0]) << 8 | u16::from(slice[1])) % 31 == 0;
                if zlib {
                    Box::new(flate2::read::ZlibDecoder::new(slice))
                } else {
                    Box::new(flate2::read::DeflateDecoder::new(slice))
                }
            }
            "br" => Box::new(brotli_decompressor::Decompressor::new(slice, 4096)),
            other => return Err(format!("unsupported Content-Encoding {other:?}")),
        };
        decoder.take(max_bytes + 1).read_to_end(&mut out)
    };
    match result {
        Ok(_) if out.len() as u64 > max_bytes => Err(over_limit(max_bytes)),
        Ok(_) => Ok(out),
        Err(_) if out.is_empty() && looks_like_markup(&body) => {
            warnings.push(format!(
                "Content-Encoding says {coding}, but the body is not {coding} data; it is read as it is"
            ));
            Ok(body)
        }
        Err(error) if out.is_empty() => {
            Err(format!("cannot undo Content-Encoding {coding}: {error}"))
        }
        Err(error) => {
            warnings.push(format!(
                "the {coding} body is damaged or cut short after {} decoded bytes ({error}); the part read is kept",
                out.len()
            ));
            Ok(out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn fields_take_crlf_or_lf_and_folded_lines() {
        let (first, fields) = parse_fields(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html;\r\n  charset=utf-8\r\nbroken line\nX-A:b\n\r\nbody: no",
        );
        assert_eq!(first, "HTTP/1.1 200 OK");
        assert_eq!(
            fields,
            headers(&[("Content-Type", "text/html; charset=utf-8"), ("X-A", "b")])
        );
        assert_eq!(
            field(&fields, "content-type"),
            Some("text/html; charset=utf-8")
        );
    }

    #[test]
    fn status_lines_of_any_http_version() {
        assert_eq!(status_code("HTTP/1.1 200 OK"), Some(200));
        assert_eq!(status_code("HTTP/2 404"), Some(404));
        assert_eq!(status_code("http/1.0 301 Moved"), Some(301));
        assert_eq!(status_code("ICY 200 OK"), None);
        assert_eq!(status_code("HTTP/1.1 2000"), None);
    }

    #[test]
    fn chunked_and_compressed_bodies_are_undone() {
        let page = b"<html><body><p>Hello</p></body></html>";
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(page).unwrap();
        let gz = gz.finish().unwrap();
        let (a, b) = gz.split_at(10);
        let mut chunked = format!("{:x};ext=1\r\n", a.len()).into_bytes();
        chunked.extend_from_slice(a);
        chunked.extend_from_slice(format!("\r\n{:X}\r\n", b.len()).as_bytes());
        chunked.extend_from_slice(b);
        chunked.extend_from_slice(b"\r\n0\r\nTrailer: x\r\n\r\n");
        let h = headers(&[
            ("Transfer-Encoding", "chunked"),
            ("Content-Encoding", "gzip"),
        ]);
        let decoded = decode_payload(chunked, &h, 1 << 20).unwrap();
        assert_eq!(decoded.body, page);
        assert!(decoded.warnings.is_empty());

        let mut deflate =
            flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
        deflate.write_all(page).unwrap();
        let raw = deflate.finish().unwrap();
        let h = headers(&[("Content-Encoding", "deflate")]);
        assert_eq!(decode_payload(raw, &h, 1 << 20).unwrap().body, page);
        let mut zlib = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        zlib.write_all(page).unwrap();
        assert_eq!(
            decode_payload(zlib.finish().unwrap(), &h, 1 << 20)
                .unwrap()
                .body,
            page
        );
    }

    #[test]
    fn brotli_bodies_are_undone() {
        // A brotli stream holding "<p>Hi</p>" as one uncompressed meta-block (window 16 bits,
        // MLEN - 1 = 8 in four nibbles, ISUNCOMPRESSED), then an empty last meta-block.
        let mut stored = vec![0x80, 0x00, 0x10];
        stored.extend_from_slice(b"<p>Hi</p>");
        stored.push(0x03);
        let h = headers(&[("Content-Encoding", "br")]);
        assert_eq!(
            decode_payload(stored, &h, 1 << 20).unwrap().body,
            b"<p>Hi</p>"
        );
    }

    #[test]
    fn announced_codings_missing_from_the_body_are_warnings() {
        let page = b"<html><p>Already decoded</p></html>".to_vec();
        let h = headers(&[
            ("Transfer-Encoding", "chunked"),
            ("Content-Encoding", "gzip, br"),
        ]);
        let decoded = decode_payload(page.clone(), &h, 1 << 20).unwrap();
        assert_eq!(decoded.body, page);
        assert_eq!(decoded.warnings.len(), 3, "{:?}", decoded.warnings);
    }

    #[test]
    fn damaged_oversized_and_unknown_codings() {
        let h = headers(&[("Content-Encoding", "zstd")]);
        assert!(
            decode_payload(b"x".to_vec(), &h, 10)
                .unwrap_err()
                .contains("unsupported")
        );

        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&vec![b'a'; 5000]).unwrap();
        let gz = gz.finish().unwrap();
        let h = headers(&[("Content-Encoding", "gzip")]);
        let error = decode_payload(gz.clone(), &h, 1000).unwrap_err();
        assert!(error.contains("over the limit of 1000 bytes"), "{error}");
        // Cut short: the part decoded is kept with a warning.
        let cut = gz[..gz.len() - 12].to_vec();
        let decoded = decode_payload(cut, &h, 1 << 20).unwrap();
        assert!(!decoded.body.is_empty());
        assert!(
            decoded.warnings[0].contains("cut short"),
            "{:?}",
            decoded.warnings
        );
    }

    #[test]
    fn html_types() {
        assert!(is_html_type("text/html; charset=UTF-8"));
        assert!(is_html_type("Application/XHTML+XML"));
        assert!(!is_html_type("image/jpeg"));
        assert!(!is_html_type("application/json"));
    }
}
