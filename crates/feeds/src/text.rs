//! Bytes to text: gzip with a cap, character sets, a description of what the bytes are, and
//! the small repairs every XML reader in this crate needs.

use std::borrow::Cow;
use std::io::Read;

use encoding_rs::Encoding;
use url::Url;

use crate::ListingError;

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Servers sometimes compress a `.gz` file once more; more layers than this are refused.
const MAX_GZIP_LAYERS: usize = 3;

/// Titles are cut to this many bytes before cleaning, so a hostile title costs little.
const MAX_TITLE_BYTES: usize = 2_000;

/// Undoes gzip (also gzip inside gzip), refusing output beyond `max_bytes`.
pub(crate) fn gunzip(bytes: &[u8], max_bytes: usize) -> Result<Cow<'_, [u8]>, ListingError> {
    let mut current = Cow::Borrowed(bytes);
    for _ in 0..MAX_GZIP_LAYERS {
        if !current.starts_with(&GZIP_MAGIC) {
            break;
        }
        let mut out = Vec::new();
        {
            let limit = u64::try_from(max_bytes)
                .unwrap_or(u64::MAX)
                .saturating_add(1);
            let mut decoder = flate2::read::MultiGzDecoder::new(&current[..]).take(limit);
            decoder
                .read_to_end(&mut out)
                .map_err(ListingError::Decompress)?;
        }
        if out.len() > max_bytes {
            return Err(ListingError::TooLarge {
                limit: max_bytes,
                decompressed: true,
            });
        }
        current = Cow::Owned(out);
    }
    Ok(current)
}

/// Decodes bytes to text. The order of evidence: a byte order mark; UTF-16 without one; bytes
/// that are valid UTF-8 and not all ASCII; the XML declaration's `encoding`; the `charset` of
/// the content type; then UTF-8 when valid, else windows-1252 (what "ISO-8859-1" means on the
/// web). Malformed sequences become U+FFFD; the byte order mark is removed.
pub(crate) fn decode<'a>(bytes: &'a [u8], content_type: Option<&str>) -> Cow<'a, str> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let rest = bytes.get(bom_len..).unwrap_or_default();
        return encoding.decode_without_bom_handling(rest).0;
    }
    if let Some(encoding) = utf16_without_bom(bytes) {
        return encoding.decode_without_bom_handling(bytes).0;
    }
    let declared = xml_declared_encoding(bytes)
        .or_else(|| content_type.and_then(charset_of_content_type))
        // The bytes were read as ASCII to find the label, so a UTF-16 label is wrong.
        .filter(|e| *e != encoding_rs::UTF_16LE && *e != encoding_rs::UTF_16BE)
        .filter(|e| *e != encoding_rs::REPLACEMENT);
    match std::str::from_utf8(bytes) {
        Ok(text) if !text.is_ascii() => Cow::Borrowed(text),
        Ok(text) => match declared {
            // A 7-bit encoding (ISO-2022-JP) is valid ASCII and still needs decoding.
            Some(encoding) if !encoding.is_ascii_compatible() => {
                encoding.decode_without_bom_handling(bytes).0
            }
            _ => Cow::Borrowed(text),
        },
        Err(_) => {
            declared
                .unwrap_or(encoding_rs::WINDOWS_1252)
                .decode_without_bom_handling(bytes)
                .0
        }
    }
}

/// Text without NUL characters, which XML forbids and JSON only allows escaped. They go first,
/// before anything looks for names in the text.
pub(crate) fn without_nul(text: Cow<'_, str>) -> Cow<'_, str> {
    if text.contains('\0') {
        Cow::Owned(text.replace('\0', ""))
    } else {
        text
    }
}

/// UTF-16 without a byte order mark shows as every other byte zero at the start.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    match bytes {
        [0, a, 0, b, ..] if *a != 0 && *b != 0 => Some(encoding_rs::UTF_16BE),
        [a, 0, b, 0, ..] if *a != 0 && *b != 0 => Some(encoding_rs::UTF_16LE),
        _ => None,
    }
}

/// The `encoding` of an XML declaration at the start of the bytes.
fn xml_declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace())?;
    let rest = bytes.get(start..)?;
    if !rest.starts_with(b"<?xml") {
        return None;
    }
    let head = rest.get(..rest.len().min(512))?;
    let end = find(head, b"?>")?;
    let declaration = head.get(..end)?;
    let at = find(declaration, b"encoding")?;
    let after = trim_ascii_start(declaration.get(at + "encoding".len()..)?);
    let after = trim_ascii_start(after.strip_prefix(b"=")?);
    let (&quote, value) = after.split_first()?;
    if quote != b'"' && quote != b'\'' {
        return None;
    }
    let close = value.iter().position(|&b| b == quote)?;
    Encoding::for_label(value.get(..close)?)
}

/// The `charset` parameter of a content type such as `text/xml; charset="ISO-8859-1"`.
pub(crate) fn charset_of_content_type(content_type: &str) -> Option<&'static Encoding> {
    content_type.split(';').skip(1).find_map(|parameter| {
        let (name, value) = parameter.split_once('=')?;
        if !name.trim().eq_ignore_ascii_case("charset") {
            return None;
        }
        Encoding::for_label(
            value
                .trim()
                .trim_matches(|c| c == '"' || c == '\'')
                .as_bytes(),
        )
    })
}

pub(crate) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn trim_ascii_start(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    bytes.get(start..).unwrap_or_default()
}

/// Text without leading white space or byte order marks.
pub(crate) fn trim_start(text: &str) -> &str {
    text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
}

/// Tag names that start an HTML page and never an XML feed or sitemap.
const HTML_FIRST_TAGS: &[&[u8]] = &[
    b"html",
    b"head",
    b"body",
    b"meta",
    b"title",
    b"script",
    b"style",
    b"link",
    b"div",
    b"p",
    b"br",
    b"iframe",
    b"noscript",
    b"table",
    b"a",
    b"span",
    b"form",
    b"header",
    b"nav",
    b"section",
    b"article",
    b"main",
    b"h1",
    b"h2",
    b"h3",
    b"center",
    b"font",
    b"img",
    b"ul",
];

/// Whether bytes look like an HTML page rather than a feed: after white space, comments and
/// processing instructions comes `<!DOCTYPE html` or a tag that begins pages (`<html>`,
/// `<head>`, `<body>`, `<meta>`, `<script>`, `<div>`, …). UTF-8, UTF-16 and ASCII-compatible
/// encodings are all read; only the first 4 KB matter.
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let head = ascii_head(bytes, 4096);
    let mut rest = head.as_slice();
    loop {
        rest = trim_ascii_start(rest);
        let skip_to = if rest.starts_with(b"<!--") {
            b"-->".as_slice()
        } else if rest.starts_with(b"<?") {
            b"?>".as_slice()
        } else {
            break;
        };
        match find(rest, skip_to) {
            Some(end) => rest = rest.get(end + skip_to.len()..).unwrap_or_default(),
            None => return false,
        }
    }
    if let Some(doctype) = rest.strip_prefix(b"<!doctype") {
        let name = trim_ascii_start(doctype);
        return name.starts_with(b"html")
            && name
                .get(4)
                .is_none_or(|b| b.is_ascii_whitespace() || *b == b'>');
    }
    let Some(tag) = rest.strip_prefix(b"<") else {
        return false;
    };
    let name_len = tag
        .iter()
        .position(|b| !b.is_ascii_alphanumeric())
        .unwrap_or(tag.len());
    let name = tag.get(..name_len).unwrap_or_default();
    let ends_name = tag
        .get(name_len)
        .is_none_or(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/');
    ends_name && HTML_FIRST_TAGS.contains(&name)
}

/// The first `limit` bytes, lower-cased, with a byte order mark and the zero bytes of UTF-16
/// removed: enough to read ASCII markup in any of the encodings feeds use.
fn ascii_head(bytes: &[u8], limit: usize) -> Vec<u8> {
    let bytes = match Encoding::for_bom(bytes) {
        Some((_, bom_len)) => bytes.get(bom_len..).unwrap_or_default(),
        None => bytes,
    };
    bytes
        .iter()
        .take(limit)
        .filter(|b| **b != 0)
        .map(u8::to_ascii_lowercase)
        .collect()
}

/// What bytes that are neither markup nor JSON look like, for `NotAFeed`.
pub(crate) fn describe_other(bytes: &[u8], text: &str) -> String {
    let magic: &[(&[u8], &str)] = &[
        (b"%PDF-", "a PDF document"),
        (b"\x89PNG", "a PNG image"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"PK\x03\x04", "a ZIP archive"),
    ];
    if let Some((_, name)) = magic.iter().find(|(m, _)| bytes.starts_with(m)) {
        return (*name).to_string();
    }
    let sample = text.chars().take(1000);
    let (mut total, mut odd) = (0usize, 0usize);
    for c in sample {
        total += 1;
        if c == '\u{fffd}' || (c.is_control() && !c.is_whitespace()) {
            odd += 1;
        }
    }
    if odd * 20 > total {
        "binary data".to_string()
    } else {
        "plain text, not markup".to_string()
    }
}

/// A short description of an XML document by its root element.
pub(crate) fn describe_root(qualified_name: &str) -> String {
    let local = qualified_name.rsplit(':').next().unwrap_or(qualified_name);
    match local {
        "rss" => "an RSS feed".to_string(),
        "feed" | "entry" => "an Atom feed".to_string(),
        "RDF" => "an RSS 1.0 (RDF) feed".to_string(),
        "urlset" => "a sitemap".to_string(),
        "sitemapindex" => "a sitemap index".to_string(),
        "opml" | "OPML" => "an OPML subscription list".to_string(),
        "html" => "an HTML page".to_string(),
        _ => {
            let shown: String = qualified_name.chars().take(60).collect();
            format!("XML with root <{shown}>")
        }
    }
}

/// Replaces each `&` that does not begin a well-formed reference with `&amp;`, outside CDATA
/// sections and comments. Feeds often carry raw `&` in URLs ("?a=1&b=2"), which XML parsers
/// reject; references to characters XML forbids (`&#0;`) are treated the same way.
pub(crate) fn escape_stray_ampersands(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut at = 0;
    while at < bytes.len() {
        let Some(offset) = bytes
            .get(at..)
            .and_then(|rest| rest.iter().position(|&b| b == b'&' || b == b'<'))
        else {
            break;
        };
        at += offset;
        let rest = bytes.get(at..).unwrap_or_default();
        if rest.first() == Some(&b'<') {
            let section: Option<(usize, &[u8])> = if rest.starts_with(b"<![CDATA[") {
                Some((9, b"]]>"))
            } else if rest.starts_with(b"<!--") {
                Some((4, b"-->"))
            } else {
                None
            };
            at = match section {
                Some((open, close)) => rest
                    .get(open..)
                    .and_then(|inside| find(inside, close))
                    .map_or(bytes.len(), |end| at + open + end + close.len()),
                None => at + 1,
            };
            continue;
        }
        if !starts_reference(rest.get(1..).unwrap_or_default()) {
            let buffer = out.get_or_insert_with(|| String::with_capacity(text.len() + 64));
            buffer.push_str(text.get(copied..at).unwrap_or_default());
            buffer.push_str("&amp;");
            copied = at + 1;
        }
        at += 1;
    }
    match out {
        Some(mut buffer) => {
            buffer.push_str(text.get(copied..).unwrap_or_default());
            Cow::Owned(buffer)
        }
        None => Cow::Borrowed(text),
    }
}

/// Whether the bytes after an `&` make a reference XML accepts: `#123;`, `#x1F;` (to a
/// character XML allows) or `name;`.
fn starts_reference(after: &[u8]) -> bool {
    if let Some(number) = after.strip_prefix(b"#") {
        let (digits, radix) = match number.strip_prefix(b"x") {
            Some(hex) => (hex, 16),
            None => (number, 10),
        };
        let Some(end) = digits.iter().take(9).position(|&b| b == b';') else {
            return false;
        };
        let Some(Ok(text)) = digits.get(..end).map(std::str::from_utf8) else {
            return false;
        };
        if text.is_empty() || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return false;
        }
        return u32::from_str_radix(text, radix)
            .ok()
            .and_then(char::from_u32)
            .is_some_and(is_xml_char);
    }
    let Some((&first, rest)) = after.split_first() else {
        return false;
    };
    if !(first.is_ascii_alphabetic() || first == b'_' || first == b':') {
        return false;
    }
    for &b in rest.iter().take(64) {
        if b == b';' {
            return true;
        }
        if !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b':' | b'.' | b'-')) {
            return false;
        }
    }
    false
}

/// Characters allowed in an XML 1.0 document.
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

/// A title as people read it: markup removed when the source says it is HTML, character
/// references decoded (feeds often escape twice: `&amp;amp;`), white space collapsed. Empty
/// titles are `None`.
pub(crate) fn clean_title(raw: &str, is_html: bool) -> Option<String> {
    let mut cut = raw.len().min(MAX_TITLE_BYTES);
    while !raw.is_char_boundary(cut) {
        cut -= 1;
    }
    let raw = raw.get(..cut).unwrap_or_default();
    let text: Cow<'_, str> = if is_html {
        Cow::Owned(html_text(raw))
    } else if raw.contains('&') {
        // Plain text: decode references, but a `<` is a character, not a tag.
        Cow::Owned(html_text(&raw.replace('<', "&lt;")))
    } else {
        Cow::Borrowed(raw)
    };
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!collapsed.is_empty()).then_some(collapsed)
}

fn html_text(fragment: &str) -> String {
    let document = scraper::Html::parse_fragment(fragment);
    document.root_element().text().collect()
}

/// Trimmed text, or `None` when nothing is left.
pub(crate) fn non_empty(value: &str) -> Option<String> {
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_string())
}

/// An http(s) URL, `href` resolved against `base`.
pub(crate) fn resolve_http(href: &str, base: &Url) -> Option<Url> {
    let href = href.trim();
    if href.is_empty() {
        return None;
    }
    let url = base.join(href).ok()?;
    let has_host = url.host_str().is_some_and(|h| !h.is_empty());
    (matches!(url.scheme(), "http" | "https") && has_host).then_some(url)
}
