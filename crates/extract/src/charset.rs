//! Bytes to text: BOM, then the HTTP header, then `<meta charset>`, then sniffing. A label
//! that says UTF-8 over bytes that are not UTF-8 is passed over.

use encoding_rs::{Encoding, UTF_8};
use model::{Diagnostic, Outcome};
use regex::bytes::Regex;
use std::sync::LazyLock;

/// How the encoding of a page was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EncodingSource {
    ByteOrderMark,
    HttpHeader,
    MetaTag,
    ValidUtf8,
    Sniffed,
}

/// A decoded page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// The WHATWG name of the encoding used ("UTF-8", "windows-1252", "Shift_JIS", ...).
    pub encoding: &'static str,
    pub source: EncodingSource,
}

static META_CHARSET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_\-:.]+)"#).expect("static regex")
});

/// The `charset` parameter of a `Content-Type` header value.
pub fn charset_from_content_type(content_type: &str) -> Option<&'static Encoding> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        if name.trim().eq_ignore_ascii_case("charset") {
            Encoding::for_label(value.trim().trim_matches(['"', '\'']).as_bytes())
        } else {
            None
        }
    })
}

/// Decodes an HTML page to text. `source` names the page in diagnostics.
pub fn decode_html(bytes: &[u8], content_type: Option<&str>, source: &str) -> Outcome<Decoded> {
    let mut diagnostics = Vec::new();
    let utf8 = std::str::from_utf8(bytes).ok();
    let (encoding, how) = choose_encoding(bytes, utf8.is_some(), content_type);
    // Valid UTF-8 read as UTF-8 (most pages) is copied as it is, not decoded again.
    if encoding == UTF_8
        && how != EncodingSource::ByteOrderMark
        && let Some(text) = utf8
    {
        return Outcome::with(
            Decoded {
                text: text.to_owned(),
                encoding: UTF_8.name(),
                source: how,
            },
            diagnostics,
        );
    }
    let (text, used, had_errors) = encoding.decode(bytes);
    if had_errors {
        diagnostics.push(Diagnostic::warning(
            source,
            format!(
                "malformed {} byte sequences were replaced with U+FFFD",
                used.name()
            ),
        ));
    }
    Outcome::with(
        Decoded {
            text: text.into_owned(),
            encoding: used.name(),
            source: how,
        },
        diagnostics,
    )
}

fn choose_encoding(
    bytes: &[u8],
    valid_utf8: bool,
    content_type: Option<&str>,
) -> (&'static Encoding, EncodingSource) {
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        return (encoding, EncodingSource::ByteOrderMark);
    }
    let non_ascii = !bytes.is_ascii();
    // A page that is valid UTF-8 with non-ASCII text is UTF-8, whatever it declares: a
    // single-byte page almost never happens to be valid UTF-8, while mislabelled UTF-8 pages
    // are common.
    if valid_utf8 && non_ascii {
        return (UTF_8, EncodingSource::ValidUtf8);
    }
    // A declaration of UTF-8 over bytes that are not UTF-8 is a mistake (a legacy page behind
    // a server that labels everything UTF-8): the next clue decides.
    let believable =
        |encoding: &'static Encoding| valid_utf8 || encoding.output_encoding() != UTF_8;
    if let Some(encoding) = content_type.and_then(charset_from_content_type)
        && believable(encoding)
    {
        return (encoding.output_encoding(), EncodingSource::HttpHeader);
    }
    let head = &bytes[..bytes.len().min(4096)];
    if let Some(label) = META_CHARSET.captures(head).and_then(|c| c.get(1))
        && let Some(encoding) = Encoding::for_label(label.as_bytes())
        && believable(encoding)
    {
        // A meta tag cannot truthfully declare UTF-16: the tag itself was read as ASCII.
        return (encoding.output_encoding(), EncodingSource::MetaTag);
    }
    if valid_utf8 {
        return (UTF_8, EncodingSource::ValidUtf8);
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    (
        detector.guess(None, chardetng::Utf8Detection::Allow),
        EncodingSource::Sniffed,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(
        bytes: &[u8],
        content_type: Option<&str>,
        text: &str,
        encoding: &str,
        source: EncodingSource,
    ) {
        let decoded = decode_html(bytes, content_type, "test").value;
        assert_eq!(decoded.text, text);
        assert_eq!(decoded.encoding, encoding);
        assert_eq!(decoded.source, source);
    }

    #[test]
    fn bom_wins() {
        check(
            b"\xEF\xBB\xBFcaf\xC3\xA9",
            Some("text/html; charset=iso-8859-1"),
            "café",
            "UTF-8",
            EncodingSource::ByteOrderMark,
        );
    }

    #[test]
    fn header_then_meta_then_sniffing() {
        check(
            b"caf\xE9",
            Some("text/html; charset=\"windows-1252\""),
            "café",
            "windows-1252",
            EncodingSource::HttpHeader,
        );
        check(
            b"<meta charset=windows-1251>\xCF\xF0\xE8\xE2\xE5\xF2",
            None,
            "<meta charset=windows-1251>Привет",
            "windows-1251",
            EncodingSource::MetaTag,
        );
        let shift_jis = b"<p>\x93\xfa\x96\x7b\x8c\xea\x82\xcc\x83\x65\x83\x4c\x83\x58\x83\x67\x82\xc5\x82\xb7\x81\x42\x93\xfa\x96\x7b\x8c\xea\x82\xcc\x83\x65\x83\x4c\x83\x58\x83\x67</p>";
        let decoded = decode_html(shift_jis, None, "test").value;
        assert_eq!(decoded.encoding, "Shift_JIS");
        assert!(
            decoded.text.contains("日本語のテキストです。"),
            "{}",
            decoded.text
        );
    }

    #[test]
    fn valid_utf8_overrides_a_wrong_declaration() {
        check(
            "<meta charset=iso-8859-1>día".as_bytes(),
            None,
            "<meta charset=iso-8859-1>día",
            "UTF-8",
            EncodingSource::ValidUtf8,
        );
    }

    #[test]
    fn malformed_bytes_are_reported() {
        let outcome = decode_html(
            b"ok \xFF\xFE\xFD",
            Some("text/html; charset=shift_jis"),
            "page.html",
        );
        assert!(outcome.value.text.starts_with("ok "));
        assert_eq!(outcome.diagnostics.len(), 1);
        assert!(outcome.diagnostics[0].message.contains("Shift_JIS"));
    }

    #[test]
    fn a_false_utf8_label_yields_to_the_next_clue() {
        // windows-1252 bytes served as UTF-8, with the truth in the meta tag.
        let page = b"<meta charset=\"windows-1252\"><p>caf\xe9 \x80 \x93ok\x94</p>";
        let decoded = decode_html(page, Some("text/html; charset=utf-8"), "p").value;
        assert!(decoded.text.contains("café € “ok”"), "{}", decoded.text);
        assert_eq!(decoded.source, EncodingSource::MetaTag);
        // No meta tag: sniffed.
        let page = b"<p>Le ministre a d\xe9clar\xe9 que l'\xe9t\xe9 serait chaud \xe0 Paris.</p>";
        let decoded = decode_html(page, Some("text/html; charset=UTF-8"), "p").value;
        assert!(decoded.text.contains("déclaré"), "{}", decoded.text);
        assert_eq!(decoded.source, EncodingSource::Sniffed);
    }
}
