//! One fast pass over the decoded page before the HTML parser sees it.
//!
//! The pass drops what the extractor never reads and the parser would spend most of its time
//! on: `<script>` elements other than JSON-LD, `<style>`, `<svg>`, `<noscript>` and
//! `<template>` elements, and comments. It also counts
//! element nesting and cuts the page where it passes the limit, so a pathological page cannot
//! make the parser's work grow with its depth. It jumps from tag to tag with `memchr` and
//! allocates nothing per tag.

use memchr::memchr;

/// Elements that never hold content, or that the parser closes implicitly when a sibling
/// opens; they do not deepen the tree in the count.
const FLAT_TAGS: &[&[u8]] = &[
    b"area",
    b"base",
    b"br",
    b"col",
    b"embed",
    b"hr",
    b"img",
    b"input",
    b"link",
    b"meta",
    b"param",
    b"source",
    b"track",
    b"wbr",
    b"p",
    b"li",
    b"td",
    b"th",
    b"tr",
    b"dt",
    b"dd",
    b"option",
    b"!doctype",
];

pub(crate) struct Prescanned {
    /// The page without scripts (JSON-LD kept), styles and comments.
    pub html: String,
    /// The byte offset of the input at which nesting passed the limit, when it did.
    pub cut_at: Option<usize>,
}

/// The index of the first match of `needle` in `bytes` at or after `from`, ignoring ASCII
/// case, if any.
fn find_ignore_case(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let first_lower = needle[0].to_ascii_lowercase();
    let first_upper = needle[0].to_ascii_uppercase();
    let mut at = from;
    while at < bytes.len() {
        let next = memchr::memchr2(first_lower, first_upper, &bytes[at..])? + at;
        if bytes.len() - next >= needle.len()
            && bytes[next..next + needle.len()].eq_ignore_ascii_case(needle)
        {
            return Some(next);
        }
        at = next + 1;
    }
    None
}

pub(crate) fn prescan(html: &str, limit: usize) -> Prescanned {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() / 2);
    let mut depth = 0usize;
    // Bytes of `html[copied_from..]` not yet copied to `out`.
    let mut copied_from = 0usize;
    let mut i = 0usize;
    while let Some(offset) = memchr(b'<', &bytes[i..]) {
        let start = i + offset;
        i = start + 1;
        match bytes.get(i) {
            Some(b'/') => {
                depth = depth.saturating_sub(1);
            }
            Some(b'!') if bytes[i..].starts_with(b"!--") => {
                let end = memchr::memmem::find(&bytes[i + 3..], b"-->")
                    .map_or(bytes.len(), |p| i + 3 + p + 3);
                out.push_str(&html[copied_from..start]);
                copied_from = end;
                i = end;
            }
            Some(c) if c.is_ascii_alphabetic() => {
                let name_end = bytes[i..]
                    .iter()
                    .position(|b| !b.is_ascii_alphanumeric())
                    .map_or(bytes.len(), |p| i + p);
                let name = &bytes[i..name_end];
                let tag_end =
                    memchr(b'>', &bytes[name_end..]).map_or(bytes.len(), |p| name_end + p + 1);
                let is = |tag: &[u8]| name.eq_ignore_ascii_case(tag);
                let closer: Option<&[u8]> = [
                    (&b"script"[..], &b"</script"[..]),
                    (b"style", b"</style"),
                    (b"svg", b"</svg"),
                    (b"noscript", b"</noscript"),
                    (b"template", b"</template"),
                ]
                .into_iter()
                .find(|(tag, _)| is(tag))
                .map(|(_, closer)| closer);
                if let Some(closer) = closer {
                    let attributes = &bytes[name_end..tag_end];
                    let json_ld =
                        is(b"script") && find_ignore_case(attributes, 0, b"ld+json").is_some();
                    let close = find_ignore_case(bytes, tag_end, closer).unwrap_or(bytes.len());
                    let end = memchr(b'>', &bytes[close..]).map_or(bytes.len(), |p| close + p + 1);
                    if !json_ld {
                        out.push_str(&html[copied_from..start]);
                        copied_from = end;
                    }
                    i = end;
                    continue;
                }
                let self_closing = tag_end >= 2 && bytes[tag_end - 2] == b'/';
                if !self_closing && !FLAT_TAGS.iter().any(|flat| is(flat)) {
                    depth += 1;
                    if depth > limit {
                        out.push_str(&html[copied_from..start]);
                        return Prescanned {
                            html: out,
                            cut_at: Some(start),
                        };
                    }
                }
                i = tag_end;
            }
            _ => {}
        }
        if i >= bytes.len() {
            break;
        }
    }
    if copied_from < html.len() {
        out.push_str(&html[copied_from..]);
    }
    Prescanned {
        html: out,
        cut_at: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, limit: usize, html: &str, cut_at: Option<usize>) {
        let result = prescan(input, limit);
        assert_eq!(result.html, html, "{input}");
        assert_eq!(result.cut_at, cut_at, "{input}");
    }

    #[test]
    fn scripts_styles_and_comments_go_json_ld_stays() {
        check(
            "<p>a<script>if (a<b) {'<div>'}</script>b<STYLE>p{}</STYLE>c<!-- <div> -->d<svg><path/></svg><noscript><img></noscript></p>",
            10,
            "<p>abcd</p>",
            None,
        );
        let ld = r#"<script type="application/ld+json">{"a":"<b>"}</script>"#;
        check(
            &format!("<head>{ld}</head>"),
            10,
            &format!("<head>{ld}</head>"),
            None,
        );
        check("<p>x<script>never closed", 10, "<p>x", None);
        check("<p>x<!-- never closed", 10, "<p>x", None);
    }

    #[test]
    fn nesting_is_counted_and_cut() {
        check("<div><div></div></div>", 2, "<div><div></div></div>", None);
        check("<div><div><div>x", 2, "<div><div>", Some(10));
        check(
            "<p>a<p>b<p>c<br><img src=x><span/>",
            1,
            "<p>a<p>b<p>c<br><img src=x><span/>",
            None,
        );
        check("<div", 0, "", Some(0));
        check("<", 0, "<", None);
        check("", 0, "", None);
        check("día <b>ñ</b>", 5, "día <b>ñ</b>", None);
    }
}
