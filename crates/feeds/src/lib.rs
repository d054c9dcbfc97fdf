//! What a news source publishes, as lists of article URLs.
//!
//! `feeds` turns the bytes of a listing (an RSS, Atom or JSON feed, a sitemap, a sitemap
//! index, a Google News sitemap) into [`Item`]s: absolute article URLs with the title, dates
//! and language the listing gives. It also finds the feeds an HTML page announces
//! ([`discover_feeds`]), and reads and writes OPML subscription lists ([`parse_opml`],
//! [`write_opml`]). The monitoring loop fetches; this crate only reads what it fetched.
//!
//! How [`parse_listing`] reads bytes:
//! 1. Gzip (by its magic bytes, whatever the headers said) is undone, with the output capped
//!    at `max_bytes`: a decompression bomb is refused, not expanded.
//! 2. Text: a byte order mark, UTF-16, valid UTF-8, the XML declaration's `encoding`, the
//!    content type's `charset`, else windows-1252. Leading white space is skipped.
//! 3. The format is sniffed from the text, never from the content type (servers lie): JSON is
//!    a JSON Feed or not a feed; an HTML page is named as such; XML goes by its root element:
//!    `sitemapindex` and `urlset` are read here (a urlset whose entries carry `news:` elements
//!    is a Google News sitemap), `rss`, `rdf:RDF` and Atom's `feed` go to feed-rs.
//! 4. Each entry's URL is resolved against `xml:base` and the listing's URL. For RSS it is the
//!    `<link>`, else a `<guid>` that is an http(s) URL; for Atom the `rel="alternate"` link
//!    (or one without `rel`), never `self`, `replies`, `enclosure`; for JSON Feed `url`, then
//!    `external_url`. An entry without an http(s) URL is counted in [`Listing::skipped`].
//!
//! Invariants:
//! - Sans-IO: it never opens a socket or a file, never reads the clock, never starts a thread
//!   or a runtime. Every function is a function of its arguments.
//! - Never panics on any bytes. What cannot be read is a [`ListingError`] or [`OpmlError`]
//!   whose message says what the bytes look like instead. feed-rs can panic on hostile
//!   values; the inputs known to do it are defused before it runs (see `feed.rs`), and a
//!   panic left in it is caught and reported as a malformed feed. [`check_feeds`] is the fuzz
//!   entry point, and a property test feeds arbitrary bytes to every reader.
//! - Bounded: input beyond `max_bytes` is refused; at most [`MAX_ITEMS`] entries (the
//!   sitemaps.org limit) are kept per listing, and [`Listing::warnings`] says when more were
//!   there; titles and sitemap values are cut at a few kilobytes; feed autodiscovery reads
//!   only the page's head.
//! - Every URL handed out (items, child sitemaps, discovered feeds) is absolute http(s).
//! - A bad date is `None`, never an error.

mod discover;
mod feed;
mod opml;
mod sitemap;
mod text;
mod xml;

#[cfg(test)]
mod tests;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use url::Url;

pub use discover::{DiscoveredFeed, FeedHint, common_feed_paths, discover_feeds};
pub use opml::{OpmlError, OpmlSource, parse_opml, write_opml};
pub use sitemap::parse_w3c_datetime;
pub use text::looks_like_html;

/// The most entries kept from one listing, and the most child sitemaps kept from one index:
/// sitemaps.org's limit per sitemap file. Entries beyond it are counted in a warning.
pub const MAX_ITEMS: usize = 50_000;

/// A sensible `max_bytes` for [`parse_listing`]: sitemaps.org's limit on an uncompressed
/// sitemap, 50 MB. Feeds are far smaller.
pub const DEFAULT_MAX_BYTES: usize = 50 * 1024 * 1024;

/// One article entry of a listing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// Absolute http(s) URL, resolved against `xml:base` and the listing's URL.
    pub url: String,
    pub title: Option<String>,
    /// The entry's publication time (RSS `pubDate`, `dc:date`, Atom `published`, JSON Feed
    /// `date_published`, Google News `news:publication_date`).
    pub published_at: Option<Timestamp>,
    /// The entry's last change (Atom `updated`, JSON Feed `date_modified`, sitemap
    /// `lastmod`). For RSS it is only set when it differs from `published_at`.
    pub updated_at: Option<Timestamp>,
    /// The entry's language (`news:language`, Atom `xml:lang`), else the listing's.
    pub language: Option<String>,
}

/// The formats [`parse_listing`] reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ListingKind {
    /// RSS 0.91, 0.92 and 2.0 (and `<rss>` of any other version, read as 2.0).
    Rss,
    Atom,
    JsonFeed,
    /// RSS 0.90 and 1.0, whose root is `rdf:RDF`.
    RssRdf,
    SitemapIndex,
    UrlSet,
    /// A urlset whose entries carry Google News `news:` elements.
    GoogleNewsSitemap,
}

/// What a listing holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listing {
    pub kind: ListingKind,
    /// The feed's title; for a Google News sitemap, the first publication's name.
    pub title: Option<String>,
    /// Article entries, in listing order (empty for a sitemap index).
    pub items: Vec<Item>,
    /// Child sitemaps of a sitemap index: absolute http(s) URLs, in order.
    pub sitemaps: Vec<String>,
    /// The `lastmod` of each child sitemap: same length and order as `sitemaps`.
    pub sitemaps_lastmod: Vec<Option<Timestamp>>,
    /// How long the publisher says the listing may be cached: RSS `<ttl>`, else the RSS
    /// syndication module (`sy:updatePeriod` divided by `sy:updateFrequency`).
    pub ttl_minutes: Option<u32>,
    /// The listing's language (RSS `<language>`, `dc:language`, Atom `xml:lang`, JSON Feed
    /// `language`; for a Google News sitemap, the language when all entries share one).
    pub language: Option<String>,
    /// Entries dropped because they had no http(s) URL. (feed-rs drops RSS 1.0 items without
    /// a link before we see them; those are not counted.)
    pub skipped: usize,
    /// What was not read and why: entries beyond [`MAX_ITEMS`], a sitemap that breaks off
    /// part way (the entries before the break are kept).
    pub warnings: Vec<String>,
}

impl Listing {
    fn empty(kind: ListingKind) -> Listing {
        Listing {
            kind,
            title: None,
            items: Vec::new(),
            sitemaps: Vec::new(),
            sitemaps_lastmod: Vec::new(),
            ttl_minutes: None,
            language: None,
            skipped: 0,
            warnings: Vec::new(),
        }
    }
}

/// Why bytes gave no listing.
#[derive(Debug, thiserror::Error)]
pub enum ListingError {
    /// The bytes are something else: `found` says what they look like ("an HTML page",
    /// "empty", "JSON that is not a JSON Feed", "XML with root `<foo>`", "a PNG image", …).
    #[error("not a feed or sitemap: found {found}")]
    NotAFeed { found: String },
    /// More than `limit` bytes, before or (`decompressed`) after undoing gzip.
    #[error("{}", too_large_message(*limit, *decompressed))]
    TooLarge { limit: usize, decompressed: bool },
    /// Gzip data that does not decompress.
    #[error("failed to decompress gzip data: {0}")]
    Decompress(#[source] std::io::Error),
    /// The format was recognised but the document is broken.
    #[error("malformed {what}: {detail}")]
    Malformed { what: String, detail: String },
}

fn too_large_message(limit: usize, decompressed: bool) -> String {
    if decompressed {
        format!("gzip data decompresses to more than the limit of {limit} bytes")
    } else {
        format!("listing larger than the limit of {limit} bytes")
    }
}

/// Reads a feed or sitemap (see the crate documentation for how).
///
/// `content_type` is the `Content-Type` the bytes were served with; only its `charset` is used,
/// and only when the bytes do not say their encoding themselves. `base` is the listing's URL,
/// against which relative URLs resolve. `max_bytes` bounds the input, compressed or not
/// ([`DEFAULT_MAX_BYTES`] is sitemaps.org's limit).
pub fn parse_listing(
    bytes: &[u8],
    content_type: Option<&str>,
    base: &Url,
    max_bytes: usize,
) -> Result<Listing, ListingError> {
    if bytes.len() > max_bytes {
        return Err(ListingError::TooLarge {
            limit: max_bytes,
            decompressed: false,
        });
    }
    let bytes = text::gunzip(bytes, max_bytes)?;
    let decoded = text::without_nul(text::decode(&bytes, content_type));
    let mut text = text::trim_start(&decoded);
    let mut warnings = Vec::new();
    if text.is_empty() {
        return Err(ListingError::NotAFeed {
            found: "empty".to_string(),
        });
    }
    if text.starts_with('{') || text.starts_with('[') {
        return feed::parse_json_feed(text, base);
    }
    if looks_like_html(text.as_bytes()) {
        return Err(ListingError::NotAFeed {
            found: "an HTML page".to_string(),
        });
    }
    if !text.starts_with('<') {
        // Servers sometimes print a warning before the XML.
        match xml_after_junk(text) {
            Some(start) => {
                warnings.push(format!(
                    "skipped {start} bytes of text before the XML document"
                ));
                text = text.get(start..).unwrap_or_default();
            }
            None => {
                return Err(ListingError::NotAFeed {
                    found: text::describe_other(&bytes, text),
                });
            }
        }
    }
    let text = text::escape_stray_ampersands(text);
    let root = xml::find_root(&text)
        .map_err(|detail| ListingError::Malformed {
            what: "XML".to_string(),
            detail,
        })?
        .ok_or_else(|| ListingError::NotAFeed {
            found: "XML without any element".to_string(),
        })?;
    let mut listing = match root.local.as_str() {
        "sitemapindex" => sitemap::parse_sitemap(&text, base, true)?,
        "urlset" => sitemap::parse_sitemap(&text, base, false)?,
        "rss" | "RDF" | "feed" | "entry" => feed::parse_xml_feed(&text, &root, base)?,
        _ => {
            return Err(ListingError::NotAFeed {
                found: text::describe_root(&root.qualified),
            });
        }
    };
    warnings.append(&mut listing.warnings);
    listing.warnings = warnings;
    Ok(listing)
}

/// Where an XML listing starts after a few lines of other text, if it does within the first
/// kilobyte.
fn xml_after_junk(text: &str) -> Option<usize> {
    let head = text.get(..text.len().min(1024)).unwrap_or(text);
    [
        "<?xml",
        "<rss",
        "<feed",
        "<rdf:RDF",
        "<urlset",
        "<sitemapindex",
    ]
    .iter()
    .filter_map(|marker| head.find(marker))
    .min()
}

/// The fuzz entry point: reads any bytes as a listing (with and without a content type, with
/// a small and a large limit), as a page for feed discovery, and as OPML, and checks what
/// comes back: every URL is absolute http(s), the limits hold, and a list written from a
/// parsed OPML parses back the same. Panics when an invariant does not hold.
pub fn check_feeds(data: &[u8]) {
    let Ok(base) = Url::parse("https://example.com/news/feed.xml") else {
        return;
    };
    let is_http = |url: &str| {
        Url::parse(url).is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.has_host())
    };
    for (content_type, max_bytes) in [
        (None, DEFAULT_MAX_BYTES),
        (Some("text/xml; charset=windows-1252"), 4096),
    ] {
        if let Ok(listing) = parse_listing(data, content_type, &base, max_bytes) {
            assert!(listing.items.len() <= MAX_ITEMS);
            assert!(listing.sitemaps.len() <= MAX_ITEMS);
            assert_eq!(listing.sitemaps.len(), listing.sitemaps_lastmod.len());
            assert!(listing.items.iter().all(|item| is_http(&item.url)));
            assert!(listing.sitemaps.iter().all(|url| is_http(url)));
            if listing.kind == ListingKind::SitemapIndex {
                assert!(listing.items.is_empty());
            } else {
                assert!(listing.sitemaps.is_empty());
            }
        }
    }
    let feeds = discover_feeds(data, &base);
    assert!(feeds.iter().all(|feed| is_http(&feed.url)));
    let _ = looks_like_html(data);
    if let Ok(sources) = parse_opml(data) {
        let written = write_opml("check", &sources);
        let again = parse_opml(written.as_bytes());
        assert!(again.is_ok(), "written OPML does not parse: {again:?}");
        if let Ok(again) = again {
            assert_eq!(again.len(), sources.len());
            let rewritten = write_opml("check", &again);
            assert_eq!(rewritten, written, "OPML does not round-trip");
        }
    }
}
