//! RSS 0.9x/1.0/2.0, Atom and JSON Feed through feed-rs, and what we do around it.
//!
//! feed-rs is lenient about dates and dialects, but a few inputs trip it, so the text it gets
//! is prepared first:
//! - it reads the XML declaration's `encoding` itself, and panics on a declaration it meets
//!   after its first 64 bytes. We decode the bytes ourselves (see `text::decode`), start its
//!   input at the root element, and rename any later `<?xml …?>` to a harmless instruction;
//! - it rejects `<rss>` without `version="2.0"`, `"0.91"` or `"0.92"`, so other versions (and
//!   none) are given `2.0`;
//! - its readers for the iTunes, Media RSS and Podcasting 2.0 extensions can panic on bad
//!   durations, and we need nothing from them, so their namespaces are renamed and it skips
//!   them;
//! - it refuses a whole feed for one raw `&`, which the caller has already escaped.
//!
//! A panic left in feed-rs is caught and reported as a malformed feed.

use std::borrow::Cow;
use std::panic::{AssertUnwindSafe, catch_unwind};

use feed_rs::model::{Entry, Feed, FeedType, Link, Text};
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use url::Url;

use crate::text::{clean_title, non_empty, resolve_http};
use crate::xml::{Root, lenient_reader, push_text};
use crate::{Item, Listing, ListingError, ListingKind, MAX_ITEMS};

/// Namespaces of extensions feed-rs reads and we do not need.
const HIDDEN_NAMESPACES: &[&str] = &[
    "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "http://search.yahoo.com/mrss/",
    "https://podcastindex.org/namespace/1.0",
];

const SYNDICATION_NAMESPACE: &[u8] = b"http://purl.org/rss/1.0/modules/syndication/";

/// RSS versions feed-rs accepts on the root element.
const RSS_VERSIONS: &[&str] = &["2.0", "", "0.91", "0.92"];

/// Parses an XML feed whose root element is `root`.
pub(crate) fn parse_xml_feed(text: &str, root: &Root, base: &Url) -> Result<Listing, ListingError> {
    let prepared = prepare(text, root);
    let feed = run_feed_rs(prepared.as_bytes(), base)?;
    let languages = if feed.feed_type == FeedType::Atom {
        atom_entry_languages(text).filter(|l| l.len() == feed.entries.len())
    } else {
        None
    };
    let mut listing = to_listing(feed, base, languages.as_deref().unwrap_or_default());
    if matches!(listing.kind, ListingKind::Rss | ListingKind::RssRdf)
        && listing.ttl_minutes.is_none()
    {
        listing.ttl_minutes = syndication_minutes(text);
    }
    Ok(listing)
}

/// Parses a JSON Feed (version 1 or 1.1).
pub(crate) fn parse_json_feed(text: &str, base: &Url) -> Result<Listing, ListingError> {
    let mut value: serde_json::Value =
        serde_json::from_str(text).map_err(|error| ListingError::Malformed {
            what: "JSON".to_string(),
            detail: error.to_string(),
        })?;
    let version = value
        .get("version")
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default();
    if !version.contains("jsonfeed.org/version/") {
        return Err(ListingError::NotAFeed {
            found: "JSON that is not a JSON Feed".to_string(),
        });
    }
    // feed-rs wants the https form; early feeds wrote http.
    if let Some(rest) = version.strip_prefix("http://") {
        let fixed = format!("https://{rest}");
        if let Some(slot) = value.get_mut("version") {
            *slot = serde_json::Value::String(fixed);
        }
    }
    let bytes = serde_json::to_vec(&value).map_err(|error| ListingError::Malformed {
        what: "JSON Feed".to_string(),
        detail: error.to_string(),
    })?;
    let feed = run_feed_rs(&bytes, base)?;
    Ok(to_listing(feed, base, &[]))
}

fn run_feed_rs(bytes: &[u8], base: &Url) -> Result<Feed, ListingError> {
    let parser = feed_rs::parser::Builder::new()
        .base_uri(Some(base.as_str()))
        // The default would make up ids, with random UUIDs among them; we need none.
        .id_generator(|_, _, _| String::new())
        .sanitize_content(false)
        .build();
    match catch_unwind(AssertUnwindSafe(|| parser.parse(bytes))) {
        Ok(Ok(feed)) => Ok(feed),
        Ok(Err(error)) => Err(ListingError::Malformed {
            what: "feed".to_string(),
            detail: error.to_string(),
        }),
        Err(_) => Err(ListingError::Malformed {
            what: "feed".to_string(),
            detail: "the feed parser (feed-rs) panicked on this input".to_string(),
        }),
    }
}

/// The text feed-rs gets: from the root element on, with a version it accepts, without XML
/// declarations or extension namespaces it could stumble on. (NUL characters are already
/// gone: removed later, they could join the pieces of a name.)
fn prepare<'a>(text: &'a str, root: &Root) -> Cow<'a, str> {
    let from_root = text.get(root.start..).unwrap_or(text);
    let mut prepared: Cow<'a, str> = Cow::Borrowed(from_root);
    if root.local == "rss"
        && let Some(tag) = text.get(root.start..root.end)
        && let Some(patched) = patch_rss_version(tag, root)
    {
        let rest = text.get(root.end..).unwrap_or_default();
        prepared = Cow::Owned(format!("{patched}{rest}"));
    }
    if prepared.contains("<?xml") {
        prepared = Cow::Owned(prepared.replace("<?xml", "<?ignored-xml"));
    }
    for namespace in HIDDEN_NAMESPACES {
        for quote in ['"', '\''] {
            let quoted = format!("{quote}{namespace}{quote}");
            if prepared.contains(&quoted) {
                let renamed = format!("{quote}urn:x-ignored:{namespace}{quote}");
                prepared = Cow::Owned(prepared.replace(&quoted, &renamed));
            }
        }
    }
    prepared
}

/// A root `<rss>` start tag with `version="2.0"` when its version is one feed-rs would refuse;
/// `None` when it is fine as it is (or cannot be read).
fn patch_rss_version(tag: &str, root: &Root) -> Option<String> {
    let mut reader = lenient_reader(tag);
    let Ok(Event::Start(start) | Event::Empty(start)) = reader.read_event() else {
        return None;
    };
    let mut attributes = Vec::new();
    let mut version = None;
    for attribute in start.attributes().with_checks(false) {
        let attribute = attribute.ok()?;
        let key = String::from_utf8_lossy(attribute.key.as_ref()).into_owned();
        let value = String::from_utf8_lossy(&attribute.value).into_owned();
        if key == "version" {
            version = Some(value);
        } else {
            attributes.push((key, value));
        }
    }
    if version
        .as_deref()
        .is_some_and(|v| RSS_VERSIONS.contains(&v))
    {
        return None;
    }
    let mut patched = format!("<{}", root.qualified);
    for (key, value) in attributes {
        let quote = if value.contains('"') { '\'' } else { '"' };
        patched.push_str(&format!(" {key}={quote}{value}{quote}"));
    }
    patched.push_str(" version=\"2.0\"");
    patched.push_str(if root.empty { "/>" } else { ">" });
    Some(patched)
}

/// `entry_languages`: each entry's own `xml:lang` when known (Atom), else empty.
fn to_listing(feed: Feed, base: &Url, entry_languages: &[Option<String>]) -> Listing {
    let kind = match feed.feed_type {
        FeedType::Atom => ListingKind::Atom,
        FeedType::JSON => ListingKind::JsonFeed,
        FeedType::RSS1 => ListingKind::RssRdf,
        FeedType::RSS0 | FeedType::RSS2 => ListingKind::Rss,
    };
    let mut listing = Listing::empty(kind);
    listing.title = feed.title.as_ref().and_then(text_title);
    listing.language = feed.language.as_deref().and_then(non_empty);
    listing.ttl_minutes = feed.ttl;
    let total = feed.entries.len();
    for (index, entry) in feed.entries.iter().enumerate() {
        if listing.items.len() >= MAX_ITEMS {
            break;
        }
        let Some(url) = entry_url(kind, entry, base) else {
            listing.skipped += 1;
            continue;
        };
        let mut item = to_item(kind, entry, url, &listing.language);
        if let Some(Some(language)) = entry_languages.get(index) {
            item.language = Some(language.clone());
        }
        listing.items.push(item);
    }
    let read = listing.items.len() + listing.skipped;
    if total > read {
        listing.warnings.push(format!(
            "kept the first {read} entries of {total}: at most {MAX_ITEMS} are read"
        ));
    }
    listing
}

fn to_item(kind: ListingKind, entry: &Entry, url: Url, feed_language: &Option<String>) -> Item {
    let published_at = entry
        .published
        .and_then(|t| timestamp(t.timestamp(), t.timestamp_subsec_nanos()));
    let mut updated_at = entry
        .updated
        .and_then(|t| timestamp(t.timestamp(), t.timestamp_subsec_nanos()));
    // For RSS, feed-rs copies the publication date into `updated` when there is none.
    if matches!(kind, ListingKind::Rss | ListingKind::RssRdf) && updated_at == published_at {
        updated_at = None;
    }
    Item {
        url: url.into(),
        title: entry.title.as_ref().and_then(text_title),
        published_at,
        updated_at,
        language: entry
            .language
            .as_deref()
            .and_then(non_empty)
            .or_else(|| feed_language.clone()),
    }
}

fn text_title(text: &Text) -> Option<String> {
    let is_html = text.content_type.to_string().contains("html");
    clean_title(&text.content, is_html)
}

/// A jiff timestamp from the seconds and nanoseconds of a feed-rs time (chrono's
/// `DateTime<Utc>`, whose methods we call without depending on chrono).
fn timestamp(seconds: i64, nanos: u32) -> Option<jiff::Timestamp> {
    jiff::Timestamp::new(seconds, i32::try_from(nanos).ok()?).ok()
}

/// The entry's article URL (see the crate documentation for the rules per format).
fn entry_url(kind: ListingKind, entry: &Entry, base: &Url) -> Option<Url> {
    let resolve = |link: &Link| resolve_http(&link.href, base);
    match kind {
        ListingKind::Rss | ListingKind::RssRdf => entry
            .links
            .iter()
            .filter(|link| link.target.is_none() && link.rel.is_none())
            .find_map(resolve)
            .or_else(|| guid_url(&entry.id)),
        ListingKind::Atom => {
            let alternates: Vec<&Link> = entry
                .links
                .iter()
                .filter(|link| link.rel.as_deref().is_none_or(is_alternate))
                .collect();
            alternates
                .iter()
                .filter(|link| {
                    link.media_type
                        .as_deref()
                        .is_none_or(|t| t.to_ascii_lowercase().contains("html"))
                })
                .chain(alternates.iter())
                .find_map(|link| resolve(link))
        }
        _ => entry.links.iter().find_map(resolve),
    }
}

fn is_alternate(rel: &str) -> bool {
    let rel = rel.trim();
    rel.eq_ignore_ascii_case("alternate")
        || rel.eq_ignore_ascii_case("http://www.iana.org/assignments/relation/alternate")
}

/// An RSS `<guid>` that is an absolute http(s) URL. feed-rs keeps the guid's text but not its
/// `isPermaLink`; a permalink must be a full URL, so the text alone decides.
fn guid_url(guid: &str) -> Option<Url> {
    let url = Url::parse(guid.trim()).ok()?;
    let has_host = url.host_str().is_some_and(|h| !h.is_empty());
    (matches!(url.scheme(), "http" | "https") && has_host).then_some(url)
}

/// Minutes between updates from the RSS syndication module (`sy:updatePeriod`,
/// `sy:updateFrequency`), read from the channel before the first item.
fn syndication_minutes(text: &str) -> Option<u32> {
    if !text.contains("updatePeriod") && !text.contains("updateFrequency") {
        return None;
    }
    let mut reader = lenient_reader(text);
    let mut period: Option<String> = None;
    let mut frequency: Option<String> = None;
    let mut collecting: Option<bool> = None; // Some(true): period, Some(false): frequency.
    let mut value = String::new();
    loop {
        match reader.read_resolved_event() {
            Ok((resolved, Event::Start(e))) => {
                let local = e.local_name();
                let syndication = matches!(&resolved, ResolveResult::Bound(ns) if ns.as_ref() == SYNDICATION_NAMESPACE);
                collecting = match (syndication, local.as_ref()) {
                    (true, b"updatePeriod") => Some(true),
                    (true, b"updateFrequency") => Some(false),
                    (_, b"item" | b"entry") => break,
                    _ => None,
                };
                value.clear();
            }
            Ok((_, event @ (Event::Text(_) | Event::CData(_) | Event::GeneralRef(_)))) => {
                if collecting.is_some() {
                    push_text(&mut value, &event, 64);
                }
            }
            Ok((_, Event::End(_))) => {
                match collecting.take() {
                    Some(true) => period = non_empty(&value),
                    Some(false) => frequency = non_empty(&value),
                    None => {}
                }
                if period.is_some() && frequency.is_some() {
                    break;
                }
            }
            Ok((_, Event::Eof)) | Err(_) => break,
            Ok(_) => {}
        }
    }
    let period_minutes: u32 = match period?.to_ascii_lowercase().as_str() {
        "hourly" => 60,
        "daily" => 24 * 60,
        "weekly" => 7 * 24 * 60,
        "monthly" => 30 * 24 * 60,
        "yearly" => 365 * 24 * 60,
        _ => return None,
    };
    let per_period: u32 = match frequency {
        Some(f) => f.parse().ok().filter(|n| *n > 0)?,
        None => 1,
    };
    Some((period_minutes / per_period).max(1))
}

/// The `xml:lang` of each Atom `<entry>` under the root, in order. feed-rs reads `xml:lang`
/// only from an entry's `<content>`, but an entry's own attribute is where feeds put it.
/// `None` when the document cannot be read to the end.
fn atom_entry_languages(text: &str) -> Option<Vec<Option<String>>> {
    const ATOM_NAMESPACE: &[u8] = b"http://www.w3.org/2005/Atom";
    if !text.contains("xml:lang") {
        return None;
    }
    let mut reader = lenient_reader(text);
    let mut depth = 0usize;
    let mut languages = Vec::new();
    loop {
        let (resolved, event) = reader.read_resolved_event().ok()?;
        let (start, empty) = match &event {
            Event::Start(e) => (Some(e), false),
            Event::Empty(e) => (Some(e), true),
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                (None, false)
            }
            Event::Eof => return Some(languages),
            _ => (None, false),
        };
        let Some(start) = start else {
            continue;
        };
        let atom = match &resolved {
            ResolveResult::Bound(ns) => ns.as_ref() == ATOM_NAMESPACE,
            _ => true,
        };
        if depth == 1 && atom && start.local_name().as_ref() == b"entry" {
            let language = start
                .try_get_attribute("xml:lang")
                .ok()
                .flatten()
                .and_then(|a| {
                    a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .ok()
                        .and_then(|v| non_empty(&v))
                });
            languages.push(language);
        }
        if !empty {
            depth += 1;
        }
    }
}
