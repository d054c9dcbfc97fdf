//! Feed autodiscovery: the `<link rel="alternate">` elements of an HTML page that point at
//! feeds, and the usual feed paths for a caller to try when there are none.

use scraper::Html;
use serde::{Deserialize, Serialize};
use url::Url;

use crate::text::{decode, non_empty, resolve_http};

/// Only the page's head is read: the part up to `</head>`, or this many bytes when there is
/// no `</head>`. Feed links belong in the head, and this bounds the parser's work.
const MAX_HEAD_BYTES: usize = 512 * 1024;

/// Paths where sites commonly serve a feed, for a caller to try in order when a page
/// announces none (WordPress, generic, Hugo, Blogger, …).
const COMMON_FEED_PATHS: &[&str] = &[
    "/feed",
    "/rss",
    "/rss.xml",
    "/feed.xml",
    "/atom.xml",
    "/index.xml",
    "/feeds/posts/default",
];

/// What a page says a discovered feed is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FeedHint {
    Rss,
    Atom,
    Json,
    /// Announced as `text/xml` or `application/xml`: a feed of some kind.
    Unknown,
}

/// A feed a page links to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiscoveredFeed {
    /// Absolute http(s) URL, resolved against `<base href>` or the page URL.
    pub url: String,
    /// The link's `title`, when it has one.
    pub title: Option<String>,
    pub kind: FeedHint,
}

/// Feed autodiscovery from an HTML page: its `<link rel="alternate">` elements whose `type` is
/// `application/rss+xml`, `application/atom+xml`, `application/feed+json`, `application/json`
/// (when the URL looks like a feed and is not WordPress's `/wp-json/` API) or `text/xml` /
/// `application/xml`. `rel` may hold several tokens; names and values are matched without
/// regard to case. Each `href` is resolved against `<base href>` (itself resolved against the
/// page URL) or the page URL; only http(s) URLs are kept, in page order, each once. Comment
/// feeds (title or URL containing "comments") are dropped when the page links other feeds.
///
/// Nothing is fetched: when this returns nothing, [`common_feed_paths`] gives URLs to try.
pub fn discover_feeds(html: &[u8], page_url: &Url) -> Vec<DiscoveredFeed> {
    let text = decode(html, None);
    let head = head_of(&text);
    let document = Html::parse_document(head);
    let mut base = page_url.clone();
    let mut base_seen = false;
    let mut feeds: Vec<DiscoveredFeed> = Vec::new();
    for node in document.tree.root().descendants() {
        let Some(element) = node.value().as_element() else {
            continue;
        };
        match element.name() {
            "base" if !base_seen => {
                if let Some(href) = element.attr("href") {
                    base_seen = true;
                    if let Some(resolved) = resolve_http(href, page_url) {
                        base = resolved;
                    }
                }
            }
            "link" => {
                let Some(feed) = link_feed(
                    element.attr("rel"),
                    element.attr("type"),
                    element.attr("href"),
                    element.attr("title"),
                    &base,
                ) else {
                    continue;
                };
                if !feeds.iter().any(|f| f.url == feed.url) {
                    feeds.push(feed);
                }
            }
            _ => {}
        }
    }
    if feeds.iter().any(|f| !is_comment_feed(f)) {
        feeds.retain(|f| !is_comment_feed(f));
    }
    feeds
}

/// Where sites commonly serve a feed, on the site of `base`: `/feed`, `/rss`, `/rss.xml`,
/// `/feed.xml`, `/atom.xml`, `/index.xml`, `/feeds/posts/default`, as absolute URLs for a
/// caller to try in order when a page announces no feed. Nothing is fetched here.
pub fn common_feed_paths(base: &Url) -> Vec<String> {
    let mut urls: Vec<String> = Vec::new();
    for path in COMMON_FEED_PATHS {
        if let Some(url) = resolve_http(path, base) {
            let url = String::from(url);
            if !urls.contains(&url) {
                urls.push(url);
            }
        }
    }
    urls
}

/// The page up to the end of its head, bounded.
fn head_of(text: &str) -> &str {
    let search = text.get(..text.len().min(MAX_HEAD_BYTES)).unwrap_or(text);
    let lower = search.to_ascii_lowercase();
    let mut end = match lower.find("</head") {
        // Through the tag's `>` when it is near.
        Some(at) => lower
            .get(at..)
            .and_then(|rest| rest.bytes().take(64).position(|b| b == b'>'))
            .map_or(at, |close| at + close + 1),
        None => text.len().min(MAX_HEAD_BYTES),
    };
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or(text)
}

fn link_feed(
    rel: Option<&str>,
    content_type: Option<&str>,
    href: Option<&str>,
    title: Option<&str>,
    base: &Url,
) -> Option<DiscoveredFeed> {
    let rel = rel?.to_ascii_lowercase();
    if !rel
        .split_ascii_whitespace()
        .any(|token| token == "alternate" || token == "feed")
    {
        return None;
    }
    let content_type = content_type?.to_ascii_lowercase();
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    let url = resolve_http(href?, base)?;
    let kind = match essence {
        "application/rss+xml" => FeedHint::Rss,
        "application/atom+xml" => FeedHint::Atom,
        "application/feed+json" => FeedHint::Json,
        "application/json" if looks_like_json_feed_url(&url) => FeedHint::Json,
        "text/xml" | "application/xml" => FeedHint::Unknown,
        _ => return None,
    };
    Some(DiscoveredFeed {
        url: url.into(),
        title: title.and_then(non_empty),
        kind,
    })
}

/// `application/json` alternates are mostly APIs (every WordPress page links its post in
/// `/wp-json/`); a JSON Feed's URL names itself.
fn looks_like_json_feed_url(url: &Url) -> bool {
    let path = url.path().to_ascii_lowercase();
    !path.contains("/wp-json/") && (path.contains("feed") || path.ends_with(".json"))
}

fn is_comment_feed(feed: &DiscoveredFeed) -> bool {
    feed.url.to_ascii_lowercase().contains("comments")
        || feed
            .title
            .as_deref()
            .is_some_and(|t| t.to_lowercase().contains("comments"))
}
