//! Sitemaps (sitemaps.org): an index of child sitemaps, or a `urlset` of pages, which is a
//! Google News sitemap when its entries carry `news:` elements. Read with quick-xml.

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::Offset;
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use url::Url;

use crate::text::{clean_title, non_empty, resolve_http};
use crate::xml::{lenient_reader, position, push_text};
use crate::{Item, Listing, ListingError, ListingKind, MAX_ITEMS};

const NEWS_NAMESPACE: &[u8] = b"http://www.google.com/schemas/sitemap-news/0.9";

/// A value longer than this (a URL, a date, a title) is cut: no real one comes close.
const MAX_VALUE_BYTES: usize = 16 * 1024;

/// Where the reader is: each open element, classified by what it means to a sitemap.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Node {
    Root,
    /// `<url>` in a urlset, `<sitemap>` in an index.
    Entry,
    Loc,
    Lastmod,
    News,
    Publication,
    PublicationName,
    PublicationLanguage,
    PublicationDate,
    NewsTitle,
    Other,
}

impl Node {
    fn collects_text(self) -> bool {
        matches!(
            self,
            Node::Loc
                | Node::Lastmod
                | Node::PublicationName
                | Node::PublicationLanguage
                | Node::PublicationDate
                | Node::NewsTitle
        )
    }

    /// What a child element is, from its parent, local name and whether it is in the news
    /// namespace. The sitemap namespace itself is not checked: many sitemaps omit it or
    /// use an old one, and the nesting says enough.
    fn child(self, local: &[u8], news: bool, entry_name: &[u8]) -> Node {
        match (self, news, local) {
            (Node::Root, false, name) if name == entry_name => Node::Entry,
            (Node::Entry, false, b"loc") => Node::Loc,
            (Node::Entry, false, b"lastmod") => Node::Lastmod,
            (Node::Entry, true, b"news") => Node::News,
            (Node::News, true, b"publication") => Node::Publication,
            (Node::News, true, b"publication_date") => Node::PublicationDate,
            (Node::News, true, b"title") => Node::NewsTitle,
            (Node::Publication, true, b"name") => Node::PublicationName,
            (Node::Publication, true, b"language") => Node::PublicationLanguage,
            _ => Node::Other,
        }
    }
}

#[derive(Default)]
struct Entry {
    loc: Option<String>,
    lastmod: Option<String>,
    news: bool,
    publication_name: Option<String>,
    publication_language: Option<String>,
    publication_date: Option<String>,
    title: Option<String>,
}

/// Reads a sitemap index (`index` true) or a urlset.
pub(crate) fn parse_sitemap(text: &str, base: &Url, index: bool) -> Result<Listing, ListingError> {
    let entry_name: &[u8] = if index { b"sitemap" } else { b"url" };
    let mut listing = Listing::empty(if index {
        ListingKind::SitemapIndex
    } else {
        ListingKind::UrlSet
    });
    let mut reader = lenient_reader(text);
    let mut stack: Vec<Node> = Vec::new();
    let mut entry = Entry::default();
    let mut value = String::new();
    let mut over_limit = 0usize;
    let mut languages: Vec<String> = Vec::new();
    let mut seen_news = false;
    loop {
        let (resolved, event) = match reader.read_resolved_event() {
            Ok((resolved, event)) => (is_news(&resolved), event),
            Err(error) => {
                let at = reader.error_position();
                let found = listing.items.len() + listing.sitemaps.len() + listing.skipped;
                if found == 0 {
                    return Err(ListingError::Malformed {
                        what: "sitemap".to_string(),
                        detail: format!("{error} (at byte {at})"),
                    });
                }
                listing.warnings.push(format!(
                    "the sitemap breaks off at byte {at} ({error}); the {found} entries before it are kept"
                ));
                break;
            }
        };
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let news = resolved || e.name().prefix().is_some_and(|p| p.as_ref() == b"news");
                let node = match stack.last() {
                    None => Node::Root,
                    Some(parent) => parent.child(e.local_name().as_ref(), news, entry_name),
                };
                if node == Node::Entry {
                    entry = Entry::default();
                }
                if node == Node::News {
                    entry.news = true;
                }
                value.clear();
                if matches!(event, Event::Start(_)) {
                    stack.push(node);
                } else if node == Node::Entry {
                    // `<url/>`: an entry without a location.
                    listing.skipped += 1;
                }
            }
            Event::End(_) => {
                let Some(node) = stack.pop() else {
                    continue;
                };
                if node.collects_text() {
                    let taken = non_empty(&value);
                    value.clear();
                    let field = match node {
                        Node::Loc => &mut entry.loc,
                        Node::Lastmod => &mut entry.lastmod,
                        Node::PublicationName => &mut entry.publication_name,
                        Node::PublicationLanguage => &mut entry.publication_language,
                        Node::PublicationDate => &mut entry.publication_date,
                        _ => &mut entry.title,
                    };
                    if field.is_none() {
                        *field = taken;
                    }
                } else if node == Node::Entry {
                    let done = std::mem::take(&mut entry);
                    seen_news |= done.news;
                    finish_entry(
                        done,
                        index,
                        base,
                        &mut listing,
                        &mut over_limit,
                        &mut languages,
                    );
                }
            }
            Event::Text(_) | Event::CData(_) | Event::GeneralRef(_)
                if stack.last().is_some_and(|n| n.collects_text()) =>
            {
                push_text(&mut value, &event, MAX_VALUE_BYTES);
            }
            Event::Eof => {
                if stack.len() > 1 {
                    listing.warnings.push(format!(
                        "the sitemap ends at byte {} inside an element (truncated?)",
                        position(&reader)
                    ));
                    if stack.contains(&Node::Entry) && entry.loc.is_some() {
                        let done = std::mem::take(&mut entry);
                        seen_news |= done.news;
                        finish_entry(
                            done,
                            index,
                            base,
                            &mut listing,
                            &mut over_limit,
                            &mut languages,
                        );
                    }
                }
                break;
            }
            _ => {}
        }
    }
    if over_limit > 0 {
        let kept = if index {
            listing.sitemaps.len()
        } else {
            listing.items.len()
        };
        listing.warnings.push(format!(
            "kept the first {kept} entries of {}: sitemaps.org allows {MAX_ITEMS} per file",
            kept + over_limit
        ));
    }
    if seen_news && !index {
        listing.kind = ListingKind::GoogleNewsSitemap;
        languages.dedup();
        if languages.len() == 1 {
            listing.language = languages.pop();
        }
    }
    Ok(listing)
}

fn is_news(resolved: &ResolveResult<'_>) -> bool {
    matches!(resolved, ResolveResult::Bound(ns) if ns.as_ref() == NEWS_NAMESPACE)
}

fn finish_entry(
    entry: Entry,
    index: bool,
    base: &Url,
    listing: &mut Listing,
    over_limit: &mut usize,
    languages: &mut Vec<String>,
) {
    let Some(url) = entry.loc.as_deref().and_then(|loc| resolve_http(loc, base)) else {
        listing.skipped += 1;
        return;
    };
    let updated_at = entry.lastmod.as_deref().and_then(parse_w3c_datetime);
    if index {
        if listing.sitemaps.len() >= MAX_ITEMS {
            *over_limit += 1;
            return;
        }
        listing.sitemaps.push(url.into());
        listing.sitemaps_lastmod.push(updated_at);
        return;
    }
    if listing.items.len() >= MAX_ITEMS {
        *over_limit += 1;
        return;
    }
    if listing.title.is_none() {
        listing.title = entry
            .publication_name
            .as_deref()
            .and_then(|n| clean_title(n, false));
    }
    let language = entry.publication_language;
    if let Some(language) = &language
        && !languages.contains(language)
    {
        languages.push(language.clone());
    }
    listing.items.push(Item {
        url: url.into(),
        title: entry.title.as_deref().and_then(|t| clean_title(t, false)),
        published_at: entry
            .publication_date
            .as_deref()
            .and_then(parse_w3c_datetime),
        updated_at,
        language,
    });
}

/// Parses a W3C datetime (the ISO 8601 profile sitemaps use): `2026`, `2026-11`,
/// `2026-11-21`, `2026-11-21T10:00Z`, `2026-11-21T10:00:00+01:00`, with fractions of a second.
/// Also forgiven: a space instead of `T`, no offset (read as UTC), `+0100` and `+01`. A date
/// without a time is midnight UTC. Anything else is `None`.
pub fn parse_w3c_datetime(text: &str) -> Option<Timestamp> {
    let mut cursor = Cursor {
        bytes: text.trim().as_bytes(),
        at: 0,
    };
    let year = i16::try_from(cursor.digits(4)?).ok()?;
    let (mut month, mut day) = (1, 1);
    if cursor.eat(b'-') {
        month = cursor.digits(2)?;
        if cursor.eat(b'-') {
            day = cursor.digits(2)?;
        }
    }
    let (mut hour, mut minute, mut second, mut nanos) = (0, 0, 0, 0);
    let mut offset_seconds = 0i32;
    if !cursor.done() {
        if !(cursor.eat(b'T') || cursor.eat(b't') || cursor.eat(b' ')) {
            return None;
        }
        hour = cursor.digits(2)?;
        if !cursor.eat(b':') {
            return None;
        }
        minute = cursor.digits(2)?;
        if cursor.eat(b':') {
            second = cursor.digits(2)?;
            if cursor.eat(b'.') || cursor.eat(b',') {
                nanos = cursor.fraction()?;
            }
        }
        let sign = if cursor.eat(b'Z') || cursor.eat(b'z') {
            None
        } else {
            cursor.sign()
        };
        if let Some(sign) = sign {
            let hours = cursor.digits(2)?;
            cursor.eat(b':');
            let minutes = if cursor.done() { 0 } else { cursor.digits(2)? };
            offset_seconds = sign * (hours * 3600 + minutes * 60);
        }
        if !cursor.done() {
            return None;
        }
    }
    let datetime = DateTime::new(
        year,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
        i8::try_from(hour).ok()?,
        i8::try_from(minute).ok()?,
        i8::try_from(second).ok()?,
        nanos,
    )
    .ok()?;
    Offset::from_seconds(offset_seconds)
        .ok()?
        .to_timestamp(datetime)
        .ok()
}

struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn done(&self) -> bool {
        self.at >= self.bytes.len()
    }

    fn eat(&mut self, byte: u8) -> bool {
        if self.bytes.get(self.at) == Some(&byte) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn sign(&mut self) -> Option<i32> {
        if self.eat(b'+') {
            Some(1)
        } else if self.eat(b'-') {
            Some(-1)
        } else {
            None
        }
    }

    /// Exactly `count` ASCII digits.
    fn digits(&mut self, count: usize) -> Option<i32> {
        let mut value = 0i32;
        for _ in 0..count {
            let b = *self.bytes.get(self.at)?;
            if !b.is_ascii_digit() {
                return None;
            }
            value = value * 10 + i32::from(b - b'0');
            self.at += 1;
        }
        Some(value)
    }

    /// Fractional seconds as nanoseconds: one digit or more, past nine ignored.
    fn fraction(&mut self) -> Option<i32> {
        let mut nanos = 0i32;
        let mut count = 0;
        while let Some(b) = self.bytes.get(self.at).filter(|b| b.is_ascii_digit()) {
            if count < 9 {
                nanos = nanos * 10 + i32::from(b - b'0');
            }
            count += 1;
            self.at += 1;
        }
        if count == 0 {
            return None;
        }
        for _ in count..9 {
            nanos *= 10;
        }
        Some(nanos)
    }
}
