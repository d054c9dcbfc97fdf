//! OPML subscription lists: reading the feeds of a list another reader exported, and writing
//! ours.

use quick_xml::events::{BytesStart, Event};
use serde::{Deserialize, Serialize};

use crate::text::{
    describe_other, describe_root, escape_stray_ampersands, is_xml_char, looks_like_html,
    non_empty, trim_start,
};
use crate::xml::{find_root, lenient_reader};

/// A category path longer than this stops growing (folders nested absurdly deep).
const MAX_CATEGORY_BYTES: usize = 1024;

/// Indentation stops growing at this depth, so deep nesting cannot blow up the output.
const MAX_INDENT: usize = 16;

/// One subscription of an OPML list.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OpmlSource {
    /// The feed (`xmlUrl`), trimmed; `feed:` URLs become http(s).
    pub url: String,
    /// `title`, else `text`, unless it only repeats the URL.
    pub title: Option<String>,
    /// The site (`htmlUrl`).
    pub html_url: Option<String>,
    /// The enclosing folders' names joined with `/` ("News/Politics"), else the first path
    /// of the `category` attribute.
    pub category: Option<String>,
}

/// Why bytes are not a subscription list.
#[derive(Debug, thiserror::Error)]
pub enum OpmlError {
    #[error("not an OPML subscription list: found {found}")]
    NotOpml { found: String },
    #[error("malformed OPML: {detail}")]
    Malformed { detail: String },
}

/// Reads the feeds of an OPML list: every `<outline>` with an `xmlUrl`, at any depth, in
/// document order. Outlines without one are folders, and name the category of the feeds
/// inside them.
pub fn parse_opml(bytes: &[u8]) -> Result<Vec<OpmlSource>, OpmlError> {
    let decoded = crate::text::decode(bytes, None);
    let text = trim_start(&decoded);
    if text.is_empty() {
        return Err(OpmlError::NotOpml {
            found: "empty".to_string(),
        });
    }
    if text.starts_with('{') || text.starts_with('[') {
        return Err(OpmlError::NotOpml {
            found: "JSON".to_string(),
        });
    }
    if looks_like_html(text.as_bytes()) {
        return Err(OpmlError::NotOpml {
            found: "an HTML page".to_string(),
        });
    }
    if !text.starts_with('<') {
        return Err(OpmlError::NotOpml {
            found: describe_other(bytes, text),
        });
    }
    let text = escape_stray_ampersands(text);
    let root = find_root(&text)
        .map_err(|detail| OpmlError::Malformed { detail })?
        .ok_or_else(|| OpmlError::NotOpml {
            found: "XML without any element".to_string(),
        })?;
    if !root.local.eq_ignore_ascii_case("opml") {
        return Err(OpmlError::NotOpml {
            found: describe_root(&root.qualified),
        });
    }
    let mut reader = lenient_reader(&text);
    let mut sources = Vec::new();
    // The current folder path, and for each open outline the path's length before it.
    let mut path = String::new();
    let mut opened: Vec<usize> = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if is_outline(&e) => {
                let before = path.len();
                if let Some(folder) = read_outline(&e, &path, &mut sources) {
                    extend_path(&mut path, &folder);
                }
                opened.push(before);
            }
            Ok(Event::Empty(e)) if is_outline(&e) => {
                read_outline(&e, &path, &mut sources);
            }
            Ok(Event::End(e)) if e.local_name().as_ref().eq_ignore_ascii_case(b"outline") => {
                if let Some(before) = opened.pop() {
                    path.truncate(before);
                }
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(error) => {
                return Err(OpmlError::Malformed {
                    detail: format!("{error} (at byte {})", reader.error_position()),
                });
            }
        }
    }
    Ok(sources)
}

fn is_outline(element: &BytesStart<'_>) -> bool {
    element
        .local_name()
        .as_ref()
        .eq_ignore_ascii_case(b"outline")
}

fn extend_path(path: &mut String, folder: &str) {
    if path.len() + folder.len() >= MAX_CATEGORY_BYTES {
        return;
    }
    if !path.is_empty() {
        path.push('/');
    }
    path.push_str(folder);
}

/// Records the outline when it is a feed; returns its name when it is a folder.
fn read_outline(
    element: &BytesStart<'_>,
    path: &str,
    sources: &mut Vec<OpmlSource>,
) -> Option<String> {
    let mut xml_url = None;
    let mut html_url = None;
    let mut text = None;
    let mut title = None;
    let mut category = None;
    for attribute in element.attributes().with_checks(false).flatten() {
        let key = attribute.key.local_name().as_ref().to_ascii_lowercase();
        let slot = match key.as_slice() {
            b"xmlurl" => &mut xml_url,
            b"htmlurl" => &mut html_url,
            b"text" => &mut text,
            b"title" => &mut title,
            b"category" => &mut category,
            _ => continue,
        };
        if slot.is_some() {
            continue;
        }
        let value = match attribute.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
            Ok(value) => value.into_owned(),
            // An entity XML does not define (`&nbsp;`): keep the value as written.
            Err(_) => String::from_utf8_lossy(&attribute.value).into_owned(),
        };
        // Characters XML cannot carry could not be written back.
        *slot = Some(value.chars().filter(|c| is_xml_char(*c)).collect());
    }
    let Some(url) = xml_url.as_deref().and_then(non_empty) else {
        let name = text
            .as_deref()
            .and_then(non_empty)
            .or_else(|| title.as_deref().and_then(non_empty))?;
        return Some(normalize_category(&name)).filter(|c| !c.is_empty());
    };
    let url = without_feed_scheme(&url);
    let name = |value: &Option<String>| {
        value
            .as_deref()
            .and_then(non_empty)
            .filter(|name| *name != url)
    };
    let category = if path.is_empty() {
        category
            .as_deref()
            .and_then(|c: &str| c.split(',').next())
            .map(normalize_category)
            .filter(|c| !c.is_empty())
    } else {
        Some(path.to_string())
    };
    sources.push(OpmlSource {
        title: name(&title).or_else(|| name(&text)),
        html_url: html_url.as_deref().and_then(non_empty),
        category,
        url,
    });
    None
}

/// `feed://host/x` and `feed:https://host/x` as the http(s) URLs they stand for.
fn without_feed_scheme(url: &str) -> String {
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("feed:http://") || lower.starts_with("feed:https://") {
        return url.get(5..).unwrap_or(url).to_string();
    }
    if lower.starts_with("feed://") {
        return format!("http://{}", url.get(7..).unwrap_or_default());
    }
    url.to_string()
}

/// A category path with its parts trimmed and empty parts dropped: " a / b/" is "a/b".
fn normalize_category(category: &str) -> String {
    category
        .split('/')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("/")
}

/// A folder of the list being written: an arena node, so nothing here recurses.
struct Folder<'a> {
    name: &'a str,
    sources: Vec<&'a OpmlSource>,
    children: Vec<usize>,
}

/// Writes an OPML 2.0 list. Sources are grouped by category, a category "a/b" becoming a
/// folder "b" inside a folder "a"; within a folder, its feeds come first, then its
/// subfolders, each in order of first appearance. Every value is XML-escaped (characters XML
/// cannot carry are dropped), so `parse_opml(write_opml(t, s))` gives back `s` in that order.
pub fn write_opml(title: &str, sources: &[OpmlSource]) -> String {
    let mut folders = vec![Folder {
        name: "",
        sources: Vec::new(),
        children: Vec::new(),
    }];
    let categories: Vec<String> = sources
        .iter()
        .map(|s| {
            s.category
                .as_deref()
                .map(normalize_category)
                .unwrap_or_default()
        })
        .collect();
    for (source, category) in sources.iter().zip(&categories) {
        let mut at = 0;
        for part in category.split('/').filter(|p| !p.is_empty()) {
            let existing = folders
                .get(at)
                .and_then(|f| {
                    f.children
                        .iter()
                        .find(|&&c| folders.get(c).is_some_and(|f| f.name == part))
                })
                .copied();
            at = match existing {
                Some(child) => child,
                None => {
                    folders.push(Folder {
                        name: part,
                        sources: Vec::new(),
                        children: Vec::new(),
                    });
                    let child = folders.len() - 1;
                    if let Some(parent) = folders.get_mut(at) {
                        parent.children.push(child);
                    }
                    child
                }
            };
        }
        if let Some(folder) = folders.get_mut(at) {
            folder.sources.push(source);
        }
    }

    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n");
    out.push_str("  <head>\n    <title>");
    out.push_str(&escape(title));
    out.push_str("</title>\n  </head>\n  <body>\n");
    // Depth-first, with an explicit stack: (folder, next child to visit, depth).
    let mut stack: Vec<(usize, usize, usize)> = vec![(0, 0, 1)];
    write_sources(&mut out, &folders, 0, 2);
    while let Some((folder, next, depth)) = stack.pop() {
        let child = folders
            .get(folder)
            .and_then(|f| f.children.get(next))
            .copied();
        match child {
            Some(child) => {
                stack.push((folder, next + 1, depth));
                let name = folders.get(child).map_or("", |f| f.name);
                indent(&mut out, depth + 1);
                let name = escape(name);
                out.push_str(&format!("<outline text=\"{name}\" title=\"{name}\">\n"));
                write_sources(&mut out, &folders, child, depth + 2);
                stack.push((child, 0, depth + 1));
            }
            None => {
                if folder != 0 {
                    indent(&mut out, depth);
                    out.push_str("</outline>\n");
                }
            }
        }
    }
    out.push_str("  </body>\n</opml>\n");
    out
}

fn write_sources(out: &mut String, folders: &[Folder<'_>], folder: usize, depth: usize) {
    let Some(folder) = folders.get(folder) else {
        return;
    };
    for source in &folder.sources {
        indent(out, depth);
        let url = escape(&source.url);
        let text = source.title.as_deref().map_or_else(|| url.clone(), escape);
        out.push_str(&format!("<outline type=\"rss\" text=\"{text}\""));
        if source.title.is_some() {
            out.push_str(&format!(" title=\"{text}\""));
        }
        out.push_str(&format!(" xmlUrl=\"{url}\""));
        if let Some(html_url) = &source.html_url {
            out.push_str(&format!(" htmlUrl=\"{}\"", escape(html_url)));
        }
        out.push_str("/>\n");
    }
}

fn indent(out: &mut String, depth: usize) {
    for _ in 0..depth.min(MAX_INDENT) {
        out.push_str("  ");
    }
}

/// Escapes text for an attribute or element: markup characters and the white space that
/// attribute normalisation would change become references; characters XML forbids go.
fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
    out
}
