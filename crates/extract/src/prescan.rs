//! One fast pass over the decoded page before the HTML parser sees it.
//!
//! The pass drops what the extractor never reads and the parser would spend most of its time
//! on: `<script>` elements other than JSON-LD, `<style>`, `<svg>`, `<noscript>` and
//! `<template>` elements, comments, and the attributes the extractor never reads. It also counts
//! element nesting and cuts the page where it passes the limit, so a pathological page cannot
//! make the parser's work grow with its depth. It jumps from tag to tag with `memchr`.

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

/// The attributes the extractor reads; the parser never sees the others (`data-*`, `srcset`,
/// long `href`s: most of a modern page's markup).
const KEPT_ATTRIBUTES: &[&[u8]] = &[
    b"class",
    b"id",
    b"style",
    b"hidden",
    b"aria-hidden",
    b"role",
    b"itemprop",
    b"lang",
    b"dir",
];

/// Elements whose tags are kept whole: their attributes are the page's metadata.
const WHOLE_TAGS: &[&[u8]] = &[b"meta", b"link", b"html", b"time", b"base"];

/// A start tag read attribute by attribute.
struct Tag {
    /// Just past the closing `>`.
    end: usize,
    self_closing: bool,
    /// Byte ranges of the kept attributes (`name="value"`), in order.
    kept: Vec<(usize, usize)>,
}

/// Reads the attributes of a start tag from `at` (just past its name) to its closing `>`,
/// honouring quotes. `None` when the tag does not close properly (an unterminated quote, the
/// end of the page): such a tag is left as it was.
fn lex_tag(bytes: &[u8], mut at: usize) -> Option<Tag> {
    let mut kept = Vec::new();
    let mut slash = false;
    loop {
        while at < bytes.len() && (bytes[at].is_ascii_whitespace() || bytes[at] == b'/') {
            slash = bytes[at] == b'/';
            at += 1;
        }
        match bytes.get(at)? {
            b'>' => {
                return Some(Tag {
                    end: at + 1,
                    self_closing: slash,
                    kept,
                });
            }
            b'=' => {
                // A stray "=" where a name should start: skip it.
                at += 1;
                continue;
            }
            _ => {}
        }
        slash = false;
        let name_start = at;
        while at < bytes.len()
            && !bytes[at].is_ascii_whitespace()
            && !matches!(bytes[at], b'/' | b'>' | b'=')
        {
            at += 1;
        }
        let name = &bytes[name_start..at];
        let mut end = at;
        let mut next = at;
        while next < bytes.len() && bytes[next].is_ascii_whitespace() {
            next += 1;
        }
        if bytes.get(next) == Some(&b'=') {
            next += 1;
            while next < bytes.len() && bytes[next].is_ascii_whitespace() {
                next += 1;
            }
            match *bytes.get(next)? {
                quote @ (b'"' | b'\'') => end = next + 1 + memchr(quote, &bytes[next + 1..])? + 1,
                _ => {
                    end = next;
                    while end < bytes.len()
                        && !bytes[end].is_ascii_whitespace()
                        && bytes[end] != b'>'
                    {
                        end += 1;
                    }
                }
            }
            at = end;
        }
        if KEPT_ATTRIBUTES
            .iter()
            .any(|kept_name| name.eq_ignore_ascii_case(kept_name))
        {
            kept.push((name_start, end));
        }
    }
}

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
                // A tag name runs to white space, "/" or ">": custom elements carry hyphens.
                let name_end = bytes[i..]
                    .iter()
                    .position(|b| b.is_ascii_whitespace() || matches!(b, b'/' | b'>'))
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
                let rewritten = if WHOLE_TAGS.iter().any(|whole| is(whole)) {
                    None
                } else {
                    lex_tag(bytes, name_end)
                };
                let (tag_end, self_closing) = match &rewritten {
                    Some(tag) => (tag.end, tag.self_closing),
                    None => (tag_end, tag_end >= 2 && bytes[tag_end - 2] == b'/'),
                };
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
                if let Some(tag) = rewritten {
                    // The tag again, with only the attributes the extractor reads.
                    out.push_str(&html[copied_from..start]);
                    out.push('<');
                    out.push_str(&html[i..name_end]);
                    for (from, to) in &tag.kept {
                        out.push(' ');
                        out.push_str(&html[*from..*to]);
                    }
                    if tag.self_closing {
                        out.push('/');
                    }
                    out.push('>');
                    copied_from = tag.end;
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
    fn only_the_attributes_read_are_kept() {
        check(
            r#"<div data-x="a>b" CLASS="c" onclick='f("x")'>t</div><img src=x.png alt='y'/><p id=a hidden>"#,
            10,
            r#"<div CLASS="c">t</div><img/><p id=a hidden>"#,
            None,
        );
        let head = r#"<meta property="og:title" content="x"><link rel="canonical" href="/a"><time datetime="2026-03-02">"#;
        check(head, 10, head, None);
        // A tag that never closes is left as it was.
        check(r#"<p>x<div class="a"#, 10, r#"<p>x<div class="a"#, None);
        check(r#"<div = class=b>"#, 10, r#"<div class=b>"#, None);
        check(
            r#"<twig-to-vuex data-a="1"><x-y:z class=c/></twig-to-vuex>"#,
            10,
            r#"<twig-to-vuex><x-y:z class=c/></twig-to-vuex>"#,
            None,
        );
    }

    #[test]
    fn nesting_is_counted_and_cut() {
        check("<div><div></div></div>", 2, "<div><div></div></div>", None);
        check("<div><div><div>x", 2, "<div><div>", Some(10));
        check(
            "<p>a<p>b<p>c<br><img src=x><span/>",
            1,
            "<p>a<p>b<p>c<br><img><span/>",
            None,
        );
        check("<div", 0, "", Some(0));
        check("<", 0, "<", None);
        check("", 0, "", None);
        check("día <b>ñ</b>", 5, "día <b>ñ</b>", None);
    }
}
