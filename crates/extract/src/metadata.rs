//! Article metadata from JSON-LD, Open Graph, `<meta>`, `<link>`, `<time>` and `<title>`.

use scraper::{ElementRef, Html, Selector};
use serde_json::Value;
use std::sync::LazyLock;

/// What the page says about itself.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metadata {
    pub title: Option<String>,
    pub byline: Option<String>,
    pub published_at: Option<jiff::Timestamp>,
    pub modified_at: Option<jiff::Timestamp>,
    pub language: Option<String>,
    pub canonical_url: Option<String>,
    pub site_name: Option<String>,
    pub description: Option<String>,
    /// The article text the page declares in JSON-LD (`articleBody`), when it does.
    pub declared_body: Option<String>,
    /// The JSON-LD `@type`s of the page's article object (`NewsArticle`,
    /// `OpinionNewsArticle`, ...).
    pub ld_types: Vec<String>,
    /// Section and genre labels, each with the field it came from: JSON-LD `articleSection` and
    /// `genre`, `<meta>` `article:section`, `section` and `parsely-section`.
    pub sections: Vec<(&'static str, String)>,
    /// JSON-LD `isAccessibleForFree` as written (`false`, `"False"`), of the article object,
    /// else of any object of the page.
    pub accessible_for_free: Option<String>,
    /// The `cssSelector` of each JSON-LD `hasPart` element declared not free (`.paywall`), or
    /// its `@type` when it names no selector.
    pub walled_parts: Vec<String>,
    /// JSON-LD `wordCount`: how long the page says the article is.
    pub declared_words: Option<u64>,
    /// JSON-LD `correction` texts.
    pub declared_corrections: Vec<String>,
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("static selector")
}

static LD_JSON: LazyLock<Selector> =
    LazyLock::new(|| selector(r#"script[type="application/ld+json"]"#));
static CANONICAL: LazyLock<Selector> = LazyLock::new(|| selector(r#"link[rel~="canonical"]"#));
static TIME: LazyLock<Selector> = LazyLock::new(|| selector("time[datetime]"));
/// The class names of an element holding the byline.
pub(crate) const BYLINE_CLASSES: &[&str] = &["byline", "author-name"];
static BYLINE: LazyLock<Selector> = LazyLock::new(|| {
    let classes: String = BYLINE_CLASSES.iter().map(|c| format!(", .{c}")).collect();
    selector(&format!(r#"[rel="author"]{classes}, [itemprop="author"]"#))
});

/// Parses an ISO 8601 / RFC 3339 date or date-time; a value without an offset is taken as UTC,
/// a bare date as midnight UTC.
pub fn parse_timestamp(value: &str) -> Option<jiff::Timestamp> {
    let value = value.trim();
    if let Ok(ts) = value.parse::<jiff::Timestamp>() {
        return Some(ts);
    }
    if let Ok(zoned) = value.parse::<jiff::Zoned>() {
        return Some(zoned.timestamp());
    }
    if let Ok(datetime) = value.parse::<jiff::civil::DateTime>() {
        return datetime
            .to_zoned(jiff::tz::TimeZone::UTC)
            .ok()
            .map(|z| z.timestamp());
    }
    if let Ok(ts) = jiff::fmt::rfc2822::parse(value) {
        return Some(ts.timestamp());
    }
    None
}

static URL_DATE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(
        r"(?:^|[/_-])((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:$|[/_.-])",
    )
    .expect("static regex")
});

/// The publication day many news URLs carry (`/2026/03/02/`, `-2026-03-02-`), as midnight UTC.
pub fn date_from_url(url: &str) -> Option<jiff::Timestamp> {
    let captures = URL_DATE.captures(url)?;
    let number = |i: usize| captures.get(i).and_then(|m| m.as_str().parse::<i16>().ok());
    let date = jiff::civil::Date::new(number(1)?, number(2)? as i8, number(3)? as i8).ok()?;
    date.to_zoned(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|z| z.timestamp())
}

/// The elements metadata is read from, found in one walk of the page (in page order).
#[derive(Default)]
struct Landmarks<'a> {
    ld_json: Vec<ElementRef<'a>>,
    metas: Vec<ElementRef<'a>>,
    canonical: Vec<ElementRef<'a>>,
    times: Vec<ElementRef<'a>>,
    title: Option<ElementRef<'a>>,
    h1: Option<ElementRef<'a>>,
    html: Option<ElementRef<'a>>,
    byline: Option<ElementRef<'a>>,
}

impl<'a> Landmarks<'a> {
    fn find(document: &'a Html) -> Self {
        let mut found = Landmarks::default();
        for element in document.root_element().descendent_elements() {
            let value = element.value();
            match value.name() {
                "meta" => found.metas.push(element),
                "link" if CANONICAL.matches(&element) => found.canonical.push(element),
                "time" if TIME.matches(&element) => found.times.push(element),
                "script" if LD_JSON.matches(&element) => found.ld_json.push(element),
                "title" if found.title.is_none() => found.title = Some(element),
                "h1" if found.h1.is_none() => found.h1 = Some(element),
                "html" if found.html.is_none() => found.html = Some(element),
                _ => {}
            }
            // Only an element with one of the attributes the byline selector reads can match.
            if found.byline.is_none()
                && value
                    .attrs()
                    .any(|(name, _)| matches!(name, "rel" | "class" | "itemprop"))
                && BYLINE.matches(&element)
            {
                found.byline = Some(element);
            }
        }
        found
    }
}

/// Reads the metadata of a parsed page.
pub fn read_metadata(document: &Html, page_url: Option<&url::Url>) -> Metadata {
    let mut meta = Metadata::default();
    let landmarks = Landmarks::find(document);
    let objects = json_ld_articles(&landmarks.ld_json);
    let ld = objects.first();
    let metas: Vec<(String, String)> = landmarks
        .metas
        .iter()
        .filter_map(|m| {
            let element = m.value();
            let key = element
                .attr("property")
                .or(element.attr("name"))
                .or(element.attr("itemprop"))?;
            let content = element.attr("content")?.trim();
            (!content.is_empty()).then(|| (key.to_ascii_lowercase(), content.to_string()))
        })
        .collect();
    let meta_value = |keys: &[&str]| -> Option<String> {
        keys.iter()
            .find_map(|key| metas.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()))
    };

    meta.title = meta_value(&["og:title", "twitter:title"])
        .or_else(|| ld.as_ref().and_then(|ld| ld_string(ld, "headline")))
        .or_else(|| {
            landmarks
                .h1
                .map(|h| element_text(&h))
                .filter(|t| !t.is_empty())
        })
        .or_else(|| {
            landmarks
                .title
                .map(|t| strip_site_suffix(&element_text(&t)))
        });
    meta.site_name = meta_value(&["og:site_name", "application-name"]).or_else(|| {
        ld.as_ref()
            .and_then(|ld| ld.get("publisher"))
            .and_then(|p| ld_string(p, "name"))
    });
    meta.published_at = meta_value(&[
        "article:published_time",
        "datepublished",
        "pubdate",
        "publishdate",
        "publish-date",
        "dc.date.issued",
        "dc.date",
        "date",
        "sailthru.date",
        "parsely-pub-date",
    ])
    .and_then(|v| parse_timestamp(&v))
    .or_else(|| {
        ld.as_ref()
            .and_then(|ld| ld_string(ld, "datePublished"))
            .and_then(|v| parse_timestamp(&v))
    })
    .or_else(|| {
        landmarks
            .times
            .iter()
            .find_map(|t| t.value().attr("datetime").and_then(parse_timestamp))
    });
    meta.modified_at = meta_value(&[
        "article:modified_time",
        "og:updated_time",
        "datemodified",
        "dc.date.modified",
    ])
    .and_then(|v| parse_timestamp(&v))
    .or_else(|| {
        ld.as_ref()
            .and_then(|ld| ld_string(ld, "dateModified"))
            .and_then(|v| parse_timestamp(&v))
    });
    meta.language = landmarks
        .html
        .and_then(|h| h.value().attr("lang"))
        .and_then(text::normalize_language_tag)
        .or_else(|| {
            meta_value(&["og:locale", "content-language", "language"])
                .and_then(|v| text::normalize_language_tag(&v))
        })
        .or_else(|| {
            ld.as_ref()
                .and_then(|ld| ld_string(ld, "inLanguage"))
                .and_then(|v| text::normalize_language_tag(&v))
        });
    let canonical = landmarks
        .canonical
        .iter()
        .find_map(|l| l.value().attr("href").map(str::to_string))
        .or_else(|| meta_value(&["og:url"]))
        .or_else(|| ld.as_ref().and_then(|ld| ld_string(ld, "url")));
    meta.canonical_url = canonical.and_then(|href| resolve_url(&href, page_url));
    meta.byline = ld
        .as_ref()
        .and_then(|ld| ld.get("author"))
        .and_then(author_names)
        .or_else(|| meta_value(&["author", "article:author", "byl"]))
        .filter(|v| !v.starts_with("http"))
        .or_else(|| {
            landmarks
                .byline
                .map(|b| element_text(&b))
                .filter(|t| !t.is_empty() && t.len() < 200)
        })
        .map(|b| clean_byline(&b));
    meta.description = meta_value(&["og:description", "description", "twitter:description"]);
    meta.declared_body = ld.as_ref().and_then(|ld| ld_string(ld, "articleBody"));
    for key in ["article:section", "section", "parsely-section"] {
        meta.sections.extend(
            metas
                .iter()
                .filter(|(k, _)| k == key)
                .map(|(_, v)| (key, v.clone())),
        );
    }
    if let Some(ld) = &ld {
        read_editorial_json_ld(ld, &objects, &mut meta);
    }
    // A page names a handful of each; a hostile one could name thousands.
    meta.sections.truncate(MAX_LABELS);
    meta.ld_types.truncate(MAX_LABELS);
    meta.walled_parts.truncate(MAX_LABELS);
    meta.declared_corrections.truncate(MAX_LABELS);
    meta
}

/// The most section names, types, walled parts and corrections read from one page.
const MAX_LABELS: usize = 16;

/// The JSON-LD fields editorial signals read: the article's types, sections and genre, whether
/// it is free (the article's own `isAccessibleForFree`, else the first object of the page that
/// says), its walled parts, word count and corrections.
fn read_editorial_json_ld(ld: &Value, objects: &[Value], meta: &mut Metadata) {
    meta.ld_types = ld_strings(ld.get("@type"));
    for key in ["articleSection", "genre"] {
        meta.sections.extend(
            ld_strings(ld.get(key))
                .into_iter()
                .map(|value| (key, value)),
        );
    }
    meta.accessible_for_free = std::iter::once(ld)
        .chain(objects)
        .find_map(|object| object.get("isAccessibleForFree").and_then(json_scalar));
    let parts = match ld.get("hasPart") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(part @ Value::Object(_)) => vec![part],
        _ => Vec::new(),
    };
    for part in parts {
        let free = part.get("isAccessibleForFree").and_then(json_scalar);
        if free.is_some_and(|f| declares_false(&f)) {
            let name = ld_string(part, "cssSelector")
                .or_else(|| ld_string(part, "@type"))
                .unwrap_or_else(|| "hasPart".to_string());
            meta.walled_parts.push(name);
        }
    }
    meta.declared_words = match ld.get("wordCount") {
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    };
    meta.declared_corrections = match ld.get("correction") {
        Some(Value::Array(items)) => items.iter().filter_map(correction_text).collect(),
        Some(value) => correction_text(value).into_iter().collect(),
        None => Vec::new(),
    };
}

/// True when a JSON-LD boolean written as text says false (`false`, `"False"`,
/// `"https://schema.org/False"`).
pub fn declares_false(value: &str) -> bool {
    let value = value.trim();
    let last = value.rsplit('/').next().unwrap_or(value);
    last.eq_ignore_ascii_case("false") || last.eq_ignore_ascii_case("no")
}

/// A JSON scalar as text: strings as they are, booleans and numbers written out.
fn json_scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Every non-empty string of a value that is a string or an array of strings.
fn ld_strings(value: Option<&Value>) -> Vec<String> {
    let items: Vec<&Value> = match value {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(value) => vec![value],
        None => Vec::new(),
    };
    items
        .into_iter()
        .filter_map(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// The text of a JSON-LD correction: a string, or a `CorrectionComment`'s `text` or
/// `description`.
fn correction_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Object(map) => map
            .get("text")
            .or(map.get("description"))
            .and_then(Value::as_str)
            .map(|s| s.trim().to_string()),
        _ => None,
    }
    .filter(|s| !s.is_empty())
}

fn resolve_url(href: &str, base: Option<&url::Url>) -> Option<String> {
    let href = href.trim();
    if href.is_empty() {
        return None;
    }
    match url::Url::parse(href) {
        Ok(url) if matches!(url.scheme(), "http" | "https") => Some(url.to_string()),
        Ok(_) => None,
        Err(_) => base.and_then(|b| b.join(href).ok()).map(|u| u.to_string()),
    }
}

pub(crate) fn element_text(element: &scraper::ElementRef<'_>) -> String {
    element
        .text()
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// "Headline | Outlet" or "Headline - Outlet" to "Headline".
fn strip_site_suffix(title: &str) -> String {
    for separator in [" | ", " – ", " — ", " - ", " :: "] {
        if let Some((head, _)) = title.rsplit_once(separator)
            && head.len() >= 15
        {
            return head.trim().to_string();
        }
    }
    title.trim().to_string()
}

fn clean_byline(byline: &str) -> String {
    let trimmed = byline.trim();
    for prefix in ["By ", "by ", "BY ", "Por ", "por ", "Von ", "Par "] {
        if let Some(rest) = trimmed.strip_prefix(prefix) {
            return rest.trim().to_string();
        }
    }
    trimmed.to_string()
}

const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "ReviewNewsArticle",
    "BackgroundNewsArticle",
    "AdvertiserContentArticle",
    "SatiricalArticle",
    "BlogPosting",
    "OpinionNewsArticle",
    "LiveBlogPosting",
    "WebPage",
];

/// The article-like JSON-LD objects of the page, the most article-like first (ties in page
/// order).
fn json_ld_articles(scripts: &[ElementRef<'_>]) -> Vec<Value> {
    let mut found: Vec<(usize, Value)> = Vec::new();
    for script in scripts {
        let raw = script.text().collect::<String>();
        let Ok(value) = serde_json::from_str::<Value>(raw.trim()) else {
            continue;
        };
        let mut stack = vec![value];
        while let Some(node) = stack.pop() {
            match node {
                Value::Array(items) => stack.extend(items),
                Value::Object(ref map) => {
                    if let Some(graph) = map.get("@graph") {
                        stack.push(graph.clone());
                    }
                    if let Some(rank) = type_rank(map.get("@type")) {
                        found.push((rank, node));
                    }
                }
                _ => {}
            }
        }
    }
    // A stable sort keeps page order (as the walk met them) among equals.
    found.sort_by_key(|(rank, _)| *rank);
    found.into_iter().map(|(_, v)| v).collect()
}

fn type_rank(kind: Option<&Value>) -> Option<usize> {
    let names: Vec<&str> = match kind? {
        Value::String(s) => vec![s.as_str()],
        Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
        _ => return None,
    };
    names
        .iter()
        .filter_map(|n| ARTICLE_TYPES.iter().position(|t| t == n))
        .min()
}

fn ld_string(value: &Value, key: &str) -> Option<String> {
    match value.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Object(map) => map
            .get("@id")
            .or(map.get("name"))
            .and_then(Value::as_str)
            .map(str::to_string),
        Value::Array(items) => items.iter().find_map(|v| v.as_str().map(str::to_string)),
        _ => None,
    }
}

fn author_names(author: &Value) -> Option<String> {
    let names: Vec<String> = match author {
        Value::String(s) => vec![s.clone()],
        Value::Object(map) => map
            .get("name")
            .and_then(Value::as_str)
            .map(str::to_string)
            .into_iter()
            .collect(),
        Value::Array(items) => items.iter().filter_map(author_names).collect(),
        _ => Vec::new(),
    };
    let names: Vec<String> = names.into_iter().filter(|n| !n.trim().is_empty()).collect();
    (!names.is_empty()).then(|| names.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_open_graph_and_json_ld() {
        let page = r#"<html lang="en-GB"><head><title>Flood kills 12 | The Ledger</title>
            <meta property="og:site_name" content="The Ledger">
            <meta property="article:published_time" content="2026-03-02T07:30:00+01:00">
            <link rel="canonical" href="/news/flood">
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
              {"@type":"WebSite","name":"x"},
              {"@type":"NewsArticle","headline":"Flood kills 12","author":[{"@type":"Person","name":"Ann Lee"},{"name":"Bo Chu"}],
               "dateModified":"2026-03-02T10:00:00Z"}]}</script>
            </head><body><h1>Other</h1></body></html>"#;
        let base = url::Url::parse("https://ledger.example/x?y=1").ok();
        let meta = read_metadata(&Html::parse_document(page), base.as_ref());
        assert_eq!(meta.title.as_deref(), Some("Flood kills 12"));
        assert_eq!(meta.site_name.as_deref(), Some("The Ledger"));
        assert_eq!(meta.language.as_deref(), Some("en"));
        assert_eq!(
            meta.canonical_url.as_deref(),
            Some("https://ledger.example/news/flood")
        );
        assert_eq!(meta.byline.as_deref(), Some("Ann Lee, Bo Chu"));
        assert_eq!(
            meta.published_at.map(|t| t.to_string()).as_deref(),
            Some("2026-03-02T06:30:00Z")
        );
        assert_eq!(
            meta.modified_at.map(|t| t.to_string()).as_deref(),
            Some("2026-03-02T10:00:00Z")
        );
    }

    #[test]
    fn falls_back_to_title_time_and_byline() {
        let page = r#"<html><head><title>River bursts its banks in Veska - Valley Courier</title></head>
            <body><p class="byline">By Mara Quist</p><time datetime="2026-03-02">Monday</time></body></html>"#;
        let meta = read_metadata(&Html::parse_document(page), None);
        assert_eq!(
            meta.title.as_deref(),
            Some("River bursts its banks in Veska")
        );
        assert_eq!(meta.byline.as_deref(), Some("Mara Quist"));
        assert_eq!(
            meta.published_at.map(|t| t.to_string()).as_deref(),
            Some("2026-03-02T00:00:00Z")
        );
        assert_eq!(meta.canonical_url, None);
    }

    #[test]
    fn dates_come_from_news_urls() {
        let day = |url: &str| date_from_url(url).map(|t| t.to_string());
        assert_eq!(
            day("https://n.example/world/2026/03/02/flood").as_deref(),
            Some("2026-03-02T00:00:00Z")
        );
        assert_eq!(
            day("https://n.example/flood-2026-3-2.html").as_deref(),
            Some("2026-03-02T00:00:00Z")
        );
        assert_eq!(day("https://n.example/2026/02/30/x"), None);
        assert_eq!(day("https://n.example/item/12345678"), None);
        assert_eq!(day("https://n.example/2026/13/01/x"), None);
    }

    #[test]
    fn timestamps_parse_in_common_shapes() {
        for value in [
            "2026-03-02T07:30:00Z",
            "2026-03-02T08:30:00+01:00",
            "2026-03-02T07:30:00",
            "Mon, 02 Mar 2026 07:30:00 +0000",
        ] {
            assert_eq!(
                parse_timestamp(value).map(|t| t.to_string()).as_deref(),
                Some("2026-03-02T07:30:00Z"),
                "{value}"
            );
        }
        assert_eq!(parse_timestamp("yesterday"), None);
    }
}
