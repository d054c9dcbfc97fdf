//! Tests over small listings written for this crate (`tests/fixtures/`) and built in code.

use std::io::Write;

use jiff::Timestamp;
use proptest::prelude::*;
use url::Url;

use super::*;

const RSS2: &str = include_str!("../tests/fixtures/rss2.xml");
const RSS1: &str = include_str!("../tests/fixtures/rss1.rdf");
const ATOM: &str = include_str!("../tests/fixtures/atom.xml");
const JSON_FEED: &str = include_str!("../tests/fixtures/feed.json");
const SITEMAP_INDEX: &str = include_str!("../tests/fixtures/sitemap_index.xml");
const URLSET: &str = include_str!("../tests/fixtures/urlset.xml");
const NEWS_SITEMAP: &str = include_str!("../tests/fixtures/news_sitemap.xml");
const OPML: &str = include_str!("../tests/fixtures/subscriptions.opml");
const PAGE: &str = include_str!("../tests/fixtures/page.html");

const FIXTURES: &[&str] = &[
    RSS2,
    RSS1,
    ATOM,
    JSON_FEED,
    SITEMAP_INDEX,
    URLSET,
    NEWS_SITEMAP,
    OPML,
    PAGE,
];

fn url(text: &str) -> Url {
    Url::parse(text).unwrap()
}

fn ts(text: &str) -> Timestamp {
    text.parse().unwrap()
}

fn listing_at(bytes: &[u8], content_type: Option<&str>, base: &str) -> Listing {
    match parse_listing(bytes, content_type, &url(base), DEFAULT_MAX_BYTES) {
        Ok(listing) => listing,
        Err(error) => panic!("expected a listing, got: {error}"),
    }
}

fn listing(bytes: &[u8]) -> Listing {
    listing_at(bytes, None, "https://gazette.example/feed.xml")
}

fn error(bytes: &[u8], content_type: Option<&str>) -> ListingError {
    match parse_listing(
        bytes,
        content_type,
        &url("https://gazette.example/feed.xml"),
        DEFAULT_MAX_BYTES,
    ) {
        Ok(listing) => panic!("expected an error, got {listing:?}"),
        Err(error) => error,
    }
}

fn urls(listing: &Listing) -> Vec<&str> {
    listing.items.iter().map(|i| i.url.as_str()).collect()
}

fn titles(listing: &Listing) -> Vec<Option<&str>> {
    listing.items.iter().map(|i| i.title.as_deref()).collect()
}

/// `NotAFeed` whose message names what was found.
fn check_not_a_feed(bytes: &[u8], found: &str) {
    let error = error(bytes, None);
    assert!(
        matches!(&error, ListingError::NotAFeed { found: f } if f == found),
        "expected NotAFeed({found}), got {error:?}"
    );
    assert_eq!(
        error.to_string(),
        format!("not a feed or sitemap: found {found}")
    );
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

#[test]
fn rss2_with_ttl_links_guids_and_dates() {
    let listing = listing(RSS2.as_bytes());
    assert_eq!(listing.kind, ListingKind::Rss);
    assert_eq!(listing.title.as_deref(), Some("The Harbour Gazette"));
    assert_eq!(listing.ttl_minutes, Some(15));
    assert_eq!(listing.language.as_deref(), Some("en-gb"));
    assert_eq!(
        urls(&listing),
        [
            // A relative <link>, resolved against the feed's URL; not the comments link.
            "https://gazette.example/2026/11/21/strike",
            // No <link>: the guid is an http(s) URL.
            "https://gazette.example/2026/11/21/ferries",
            // A raw `&` in the link is kept, not fatal.
            "https://gazette.example/2026/11/20/talks?ref=rss&utm_source=feed",
        ]
    );
    assert_eq!(
        titles(&listing),
        [
            Some("Dockworkers strike for a second day"),
            Some("Ferries & buses: what runs today"),
            Some("Council & port agree on talks"),
        ]
    );
    let first = &listing.items[0];
    assert_eq!(first.published_at, Some(ts("2026-11-21T09:30:00Z")));
    assert_eq!(first.updated_at, None);
    assert_eq!(first.language.as_deref(), Some("en-gb"));
    assert_eq!(
        listing.items[1].published_at,
        Some(ts("2026-11-21T07:00:00Z"))
    );
    // The mailto: entry with a guid that is no URL.
    assert_eq!(listing.skipped, 1);
    assert!(listing.warnings.is_empty());
}

#[test]
fn rss_of_any_version_is_read() {
    for root in [
        "<rss>",
        "<rss version=\"0.94\">",
        "<rss version=\"2.0.1\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">",
        "<rss version=\"0.91\">",
    ] {
        let feed = format!(
            "{root}<channel><title>T</title><item><link>https://a.example/1</link></item></channel></rss>"
        );
        let listing = listing(feed.as_bytes());
        assert_eq!(listing.kind, ListingKind::Rss, "{root}");
        assert_eq!(urls(&listing), ["https://a.example/1"], "{root}");
    }
}

#[test]
fn rss1_rdf_with_syndication_period() {
    let listing = listing_at(RSS1.as_bytes(), None, "https://wire.example/rss");
    assert_eq!(listing.kind, ListingKind::RssRdf);
    assert_eq!(listing.title.as_deref(), Some("Valley Wire"));
    assert_eq!(listing.language.as_deref(), Some("de"));
    // Hourly, twice per period.
    assert_eq!(listing.ttl_minutes, Some(30));
    assert_eq!(
        urls(&listing),
        ["https://wire.example/a/1", "https://wire.example/a/2"]
    );
    assert_eq!(
        titles(&listing),
        [Some("Brücke gesperrt"), Some("Fähre fährt wieder")]
    );
    assert_eq!(
        listing.items[0].published_at,
        Some(ts("2026-11-21T07:15:00Z"))
    );
}

#[test]
fn atom_with_xml_base_and_link_relations() {
    let listing = listing_at(ATOM.as_bytes(), None, "https://journal.example/atom.xml");
    assert_eq!(listing.kind, ListingKind::Atom);
    // type="html": the markup goes.
    assert_eq!(listing.title.as_deref(), Some("Le Journal du port"));
    assert_eq!(listing.language.as_deref(), Some("fr"));
    assert_eq!(
        urls(&listing),
        [
            // The alternate link, not self, replies or enclosure; against the feed's xml:base.
            "https://journal.example/blog/2026/greve",
            // A link without rel, against the entry's relative xml:base.
            "https://journal.example/archives/strike",
        ]
    );
    let first = &listing.items[0];
    assert_eq!(first.published_at, Some(ts("2026-11-21T07:00:00Z")));
    assert_eq!(first.updated_at, Some(ts("2026-11-21T08:30:00Z")));
    assert_eq!(first.language.as_deref(), Some("fr"));
    assert_eq!(listing.items[1].language.as_deref(), Some("en"));
    // The entry with only a self link.
    assert_eq!(listing.skipped, 1);
}

#[test]
fn json_feed() {
    let listing = listing_at(
        JSON_FEED.as_bytes(),
        None,
        "https://notes.example/feed.json",
    );
    assert_eq!(listing.kind, ListingKind::JsonFeed);
    assert_eq!(listing.title.as_deref(), Some("Bay Notes"));
    assert_eq!(listing.language.as_deref(), Some("en-US"));
    assert_eq!(
        urls(&listing),
        [
            "https://notes.example/2026/11/tides",
            "https://elsewhere.example/story",
            "https://notes.example/2026/11/relative",
        ]
    );
    let first = &listing.items[0];
    assert_eq!(first.title.as_deref(), Some("Tides this week"));
    assert_eq!(first.published_at, Some(ts("2026-11-21T06:00:00Z")));
    assert_eq!(first.updated_at, Some(ts("2026-11-21T07:00:00Z")));
    assert_eq!(listing.skipped, 1);
}

#[test]
fn json_feed_of_version_1_over_http() {
    let feed = r#"{"version": "http://jsonfeed.org/version/1", "title": "Old",
        "items": [{"id": "1", "url": "https://old.example/1"}]}"#;
    assert_eq!(urls(&listing(feed.as_bytes())), ["https://old.example/1"]);
}

#[test]
fn json_that_is_not_a_feed() {
    check_not_a_feed(br#"{"status": "ok"}"#, "JSON that is not a JSON Feed");
    check_not_a_feed(b"[1, 2, 3]", "JSON that is not a JSON Feed");
    let broken = error(br#"{"version": "https://jsonfeed.org/version/1.1", "#, None);
    assert!(
        matches!(broken, ListingError::Malformed { .. }),
        "{broken:?}"
    );
}

#[test]
fn sitemap_index() {
    let listing = listing(SITEMAP_INDEX.as_bytes());
    assert_eq!(listing.kind, ListingKind::SitemapIndex);
    assert!(listing.items.is_empty());
    assert_eq!(
        listing.sitemaps,
        [
            "https://gazette.example/sitemap-2026-11.xml.gz",
            "https://gazette.example/sitemap-2026-10.xml",
        ]
    );
    assert_eq!(
        listing.sitemaps_lastmod,
        [
            Some(ts("2026-11-21T10:00:00Z")),
            Some(ts("2026-10-31T00:00:00Z"))
        ]
    );
    // The ftp: one.
    assert_eq!(listing.skipped, 1);
}

#[test]
fn urlset() {
    let listing = listing(URLSET.as_bytes());
    assert_eq!(listing.kind, ListingKind::UrlSet);
    assert_eq!(
        urls(&listing),
        [
            // Not the image:loc inside it.
            "https://gazette.example/2026/11/21/strike",
            "https://gazette.example/2026/11/20/talks?a=1&b=2",
            "https://gazette.example/2026/11/19/tides?a=1&b=2",
        ]
    );
    let lastmod: Vec<_> = listing.items.iter().map(|i| i.updated_at).collect();
    assert_eq!(
        lastmod,
        [
            Some(ts("2026-11-21T10:00:00Z")),
            None,
            Some(ts("2026-11-19T00:00:00Z"))
        ]
    );
    assert!(listing.items.iter().all(|i| i.title.is_none()));
    // The entry without <loc>.
    assert_eq!(listing.skipped, 1);
}

#[test]
fn gzipped_urlset() {
    let compressed = gzip(URLSET.as_bytes());
    let listing = listing_at(
        &compressed,
        Some("application/octet-stream"),
        "https://gazette.example/",
    );
    assert_eq!(listing, self::listing(URLSET.as_bytes()));
    // Compressed twice (a server gzipping a .gz file) is read too.
    assert_eq!(self::listing(&gzip(&compressed)).items.len(), 3);
}

#[test]
fn gzip_bomb_is_refused() {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let zeros = vec![0u8; 1024 * 1024];
    for _ in 0..50 {
        encoder.write_all(&zeros).unwrap();
    }
    let bomb = encoder.finish().unwrap();
    assert!(bomb.len() < 1024 * 1024);
    let error = parse_listing(&bomb, None, &url("https://a.example/"), 1024 * 1024).unwrap_err();
    assert!(
        matches!(
            error,
            ListingError::TooLarge {
                limit: 1_048_576,
                decompressed: true
            }
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "gzip data decompresses to more than the limit of 1048576 bytes"
    );
}

#[test]
fn too_large_and_broken_gzip() {
    let error = parse_listing(RSS2.as_bytes(), None, &url("https://a.example/"), 100).unwrap_err();
    assert!(matches!(
        error,
        ListingError::TooLarge {
            limit: 100,
            decompressed: false
        }
    ));
    let mut truncated = gzip(RSS2.as_bytes());
    truncated.truncate(truncated.len() / 2);
    assert!(matches!(error_of(&truncated), ListingError::Decompress(_)));
}

fn error_of(bytes: &[u8]) -> ListingError {
    error(bytes, None)
}

#[test]
fn google_news_sitemap() {
    let listing = listing(NEWS_SITEMAP.as_bytes());
    assert_eq!(listing.kind, ListingKind::GoogleNewsSitemap);
    assert_eq!(listing.title.as_deref(), Some("Diario del Puerto"));
    assert_eq!(listing.language.as_deref(), Some("es"));
    assert_eq!(
        listing.items,
        [
            Item {
                url: "https://diario.example/2026/11/21/huelga".to_string(),
                title: Some("Huelga en el puerto: segundo día".to_string()),
                published_at: Some(ts("2026-11-21T08:00:00Z")),
                updated_at: None,
                language: Some("es".to_string()),
            },
            Item {
                url: "https://diario.example/2026/11/20/ferris".to_string(),
                title: Some("Los ferris vuelven & los autobuses también".to_string()),
                published_at: Some(ts("2026-11-20T00:00:00Z")),
                updated_at: Some(ts("2026-11-20T20:00:00Z")),
                language: Some("es".to_string()),
            },
        ]
    );
}

#[test]
fn sitemap_cut_short_keeps_what_came_before() {
    let cut = URLSET
        .find("<url>\n    <loc>https://gazette.example/2026/11/19")
        .unwrap();
    let listing = listing(&URLSET.as_bytes()[..cut + 20]);
    assert_eq!(listing.items.len(), 2);
    assert_eq!(listing.warnings.len(), 1, "{:?}", listing.warnings);
}

#[test]
fn entries_beyond_the_limit_are_counted() {
    let mut sitemap =
        String::from("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">");
    for n in 0..MAX_ITEMS + 2 {
        sitemap.push_str(&format!("<url><loc>https://a.example/{n}</loc></url>"));
    }
    sitemap.push_str("</urlset>");
    let listing = listing(sitemap.as_bytes());
    assert_eq!(listing.items.len(), MAX_ITEMS);
    assert_eq!(
        listing.warnings,
        ["kept the first 50000 entries of 50002: sitemaps.org allows 50000 per file"]
    );
}

/// An RSS feed whose title and item title hold "é" in a one-byte encoding.
fn latin1_feed(declaration: &str) -> Vec<u8> {
    let mut bytes = declaration.as_bytes().to_vec();
    bytes.extend_from_slice(
        b"<rss version=\"2.0\"><channel><title>Caf\xe9 du port</title><item><title>R\xe9sum\xe9 \x93quoted\x94</title><link>https://a.example/1</link></item></channel></rss>",
    );
    bytes
}

#[test]
fn one_byte_encodings_decode() {
    for (declaration, content_type) in [
        ("<?xml version=\"1.0\" encoding=\"windows-1252\"?>", None),
        ("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n", None),
        // A declaration longer than 64 bytes, which feed-rs alone misreads.
        (
            "<?xml version=\"1.0\"                                  encoding=\"iso-8859-1\" ?>",
            None,
        ),
        // No declaration: the content type's charset.
        ("", Some("application/rss+xml; charset=\"windows-1252\"")),
        // Nothing declared at all: invalid UTF-8 is read as windows-1252.
        ("", None),
    ] {
        let listing = listing_at(
            &latin1_feed(declaration),
            content_type,
            "https://a.example/",
        );
        assert_eq!(
            listing.title.as_deref(),
            Some("Café du port"),
            "{declaration}"
        );
        assert_eq!(
            titles(&listing),
            [Some("Résumé \u{201c}quoted\u{201d}")],
            "{declaration}"
        );
    }
}

#[test]
fn bom_white_space_and_utf16() {
    let feed = "<rss version=\"2.0\"><channel><title>Café</title><item><link>https://a.example/é</link></item></channel></rss>";
    let expected = listing(feed.as_bytes());
    assert_eq!(expected.title.as_deref(), Some("Café"));
    let with_bom = [b"\xef\xbb\xbf \r\n\t".as_slice(), feed.as_bytes()].concat();
    assert_eq!(listing(&with_bom), expected);
    let declared = format!("<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n{feed}");
    let utf16le: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain(declared.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    assert_eq!(listing(&utf16le), expected);
    let utf16be_without_bom: Vec<u8> = declared.encode_utf16().flat_map(u16::to_be_bytes).collect();
    assert_eq!(listing(&utf16be_without_bom), expected);
    // Valid UTF-8 wins over a declaration that says otherwise.
    let mislabelled = format!("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>{feed}");
    assert_eq!(listing(mislabelled.as_bytes()), expected);
}

#[test]
fn inputs_that_trip_feed_rs_alone() {
    // A second XML declaration after the first 64 bytes (feed-rs panics).
    let late_declaration = "<rss version=\"2.0\"><channel><title>A title long enough to pass the first sixty-four bytes</title><?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><item><link>https://a.example/1</link></item></channel></rss>";
    assert_eq!(
        urls(&listing(late_declaration.as_bytes())),
        ["https://a.example/1"]
    );
    // iTunes and Media RSS values feed-rs unwraps (it panics).
    let extensions = "<rss version=\"2.0\" xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\" xmlns:media='http://search.yahoo.com/mrss/'><channel><item><link>https://a.example/1</link><itunes:duration>99999999999999999999999</itunes:duration><itunes:duration>١:٢٣:٤٥</itunes:duration><media:content url=\"https://a.example/v.mp4\"><media:text start=\"99999999999999999999999\">x</media:text></media:content></item></channel></rss>";
    let listing = listing(extensions.as_bytes());
    assert_eq!(urls(&listing), ["https://a.example/1"]);
    // A raw `&` in text (feed-rs refuses the whole feed) and references to forbidden
    // characters.
    let ampersands = "<rss version=\"2.0\"><channel><title>Fish & Chips &nbsp;News</title><description>&#0; &#xD800;</description><item><link>https://a.example/?a=1&b=2</link></item></channel></rss>";
    let listing = self::listing(ampersands.as_bytes());
    assert_eq!(listing.title.as_deref(), Some("Fish & Chips News"));
    assert_eq!(urls(&listing), ["https://a.example/?a=1&b=2"]);
}

#[test]
fn text_before_the_xml_is_skipped() {
    let feed = format!("Warning: something in /var/www/feed.php on line 3\n{RSS2}");
    let listing = listing(feed.as_bytes());
    assert_eq!(listing.items.len(), 3);
    assert_eq!(listing.warnings.len(), 1);
}

#[test]
fn html_is_not_a_feed() {
    check_not_a_feed(PAGE.as_bytes(), "an HTML page");
    check_not_a_feed(
        b"<?xml version=\"1.0\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" \"x\">\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><head></head></html>",
        "an HTML page",
    );
    check_not_a_feed(
        b"<!-- cached --><HTML><BODY>404</BODY></HTML>",
        "an HTML page",
    );
    // Served as a feed, still a page.
    let error = error(PAGE.as_bytes(), Some("application/rss+xml"));
    assert!(matches!(error, ListingError::NotAFeed { .. }));
}

#[test]
fn other_things_that_are_not_feeds() {
    check_not_a_feed(b"", "empty");
    check_not_a_feed(b" \n\t ", "empty");
    check_not_a_feed(b"\xef\xbb\xbf", "empty");
    check_not_a_feed(b"<foo><bar/></foo>", "XML with root <foo>");
    check_not_a_feed(b"<x:foo xmlns:x=\"urn:x\"/>", "XML with root <x:foo>");
    check_not_a_feed(OPML.as_bytes(), "an OPML subscription list");
    check_not_a_feed(
        b"<?xml version=\"1.0\"?><!-- nothing -->",
        "XML without any element",
    );
    check_not_a_feed(b"Service Unavailable", "plain text, not markup");
    check_not_a_feed(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "a PNG image");
    check_not_a_feed(b"%PDF-1.7\n", "a PDF document");
    // Random bytes: a fixed-seed generator, so the test is the same every run.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let random: Vec<u8> = (0..4096)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect();
    check_not_a_feed(&random, "binary data");
}

#[test]
fn malformed_feeds_say_so() {
    let error = error(b"<rss version=\"2.0\"><channel><title>x</tit", None);
    assert!(matches!(error, ListingError::Malformed { .. }), "{error:?}");
    assert!(error.to_string().starts_with("malformed "), "{error}");
}

#[test]
fn w3c_datetimes() {
    for (text, expected) in [
        ("2026-11-21", Some("2026-11-21T00:00:00Z")),
        ("2026-11-21T10:00Z", Some("2026-11-21T10:00:00Z")),
        ("2026-11-21T10:00:00+01:00", Some("2026-11-21T09:00:00Z")),
        (
            "2026-11-21T10:00:00.123456789123-05:30",
            Some("2026-11-21T15:30:00.123456789Z"),
        ),
        ("2026-11-21 10:00:00", Some("2026-11-21T10:00:00Z")),
        ("2026-11-21T10:00:00+0100", Some("2026-11-21T09:00:00Z")),
        ("2026-11-21T10:00:00-01", Some("2026-11-21T11:00:00Z")),
        (" 2026-11 ", Some("2026-11-01T00:00:00Z")),
        ("2026", Some("2026-01-01T00:00:00Z")),
        ("2026-02-30", None),
        ("2026-11-21T25:00Z", None),
        ("2026-11-21T10Z", None),
        ("2026-11-21T10:00:00+99:00", None),
        ("21/11/2026", None),
        ("2026-11-21T10:00:00Z trailing", None),
        ("", None),
    ] {
        assert_eq!(parse_w3c_datetime(text), expected.map(ts), "{text}");
    }
}

#[test]
fn discovery_reads_head_links() {
    let feeds = discover_feeds(
        PAGE.as_bytes(),
        &url("https://gazette.example/2026/11/21/strike"),
    );
    assert_eq!(
        feeds,
        [
            // Upper-case REL and TYPE; href relative to <base href="/news/">.
            DiscoveredFeed {
                url: "https://gazette.example/news/feed.xml".to_string(),
                title: Some("Gazette: all news".to_string()),
                kind: FeedHint::Rss,
            },
            // rel with two tokens, a type with parameters.
            DiscoveredFeed {
                url: "https://gazette.example/atom.xml".to_string(),
                title: None,
                kind: FeedHint::Atom,
            },
            // Not the WordPress API alternate; a protocol-relative href.
            DiscoveredFeed {
                url: "https://gazette.example/feed.json".to_string(),
                title: Some("JSON".to_string()),
                kind: FeedHint::Json,
            },
        ]
    );
}

#[test]
fn discovery_keeps_comment_feeds_when_alone_and_resolves_without_base() {
    let page = br#"<html><head><link rel="alternate" type="application/rss+xml" title="Comments" href="comments/feed/"></head></html>"#;
    let feeds = discover_feeds(page, &url("https://blog.example/2026/post/"));
    assert_eq!(
        feeds,
        [DiscoveredFeed {
            url: "https://blog.example/2026/post/comments/feed/".to_string(),
            title: Some("Comments".to_string()),
            kind: FeedHint::Rss,
        }]
    );
    let nothing = discover_feeds(
        b"<html><head><title>x</title></head></html>",
        &url("https://blog.example/a/b"),
    );
    assert!(nothing.is_empty());
    assert_eq!(
        common_feed_paths(&url("https://blog.example/a/b?c=d")),
        [
            "https://blog.example/feed",
            "https://blog.example/rss",
            "https://blog.example/rss.xml",
            "https://blog.example/feed.xml",
            "https://blog.example/atom.xml",
            "https://blog.example/index.xml",
            "https://blog.example/feeds/posts/default",
        ]
    );
    assert!(discover_feeds(b"", &url("https://blog.example/")).is_empty());
}

#[test]
fn looks_like_html_cases() {
    for html in [
        PAGE.as_bytes(),
        b"\xef\xbb\xbf<!doctype html><p>x",
        b"  <html>",
        b"<head><title>x</title>",
        b"<?xml version=\"1.0\"?><!-- x --><!DOCTYPE html>",
    ] {
        assert!(looks_like_html(html), "{}", String::from_utf8_lossy(html));
    }
    let utf16: Vec<u8> = "\u{feff}<!DOCTYPE html><html>"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    assert!(looks_like_html(&utf16));
    for not_html in [
        RSS2.as_bytes(),
        ATOM.as_bytes(),
        URLSET.as_bytes(),
        b"",
        b"<!-- unclosed",
        b"<!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS 0.91//EN\" \"x\"><rss>",
        b"<htmlish>",
        b"{\"html\": 1}",
    ] {
        assert!(
            !looks_like_html(not_html),
            "{}",
            String::from_utf8_lossy(not_html)
        );
    }
}

fn source(
    url: &str,
    title: Option<&str>,
    html_url: Option<&str>,
    category: Option<&str>,
) -> OpmlSource {
    OpmlSource {
        url: url.to_string(),
        title: title.map(str::to_string),
        html_url: html_url.map(str::to_string),
        category: category.map(str::to_string),
    }
}

#[test]
fn opml_with_nested_folders() {
    let sources = parse_opml(OPML.as_bytes()).unwrap();
    assert_eq!(
        sources,
        [
            source("https://top.example/feed", Some("Top level"), None, None),
            source(
                "https://gazette.example/feed.xml",
                Some("The Harbour Gazette"),
                Some("https://gazette.example/"),
                Some("News")
            ),
            source(
                "https://hill.example/rss?a=1&b=2",
                Some("Hill & Dale"),
                None,
                Some("News/Politics")
            ),
            // The text only repeats the URL; a folder without a name adds nothing.
            source(
                "https://deep.example/feed",
                None,
                None,
                Some("News/Politics")
            ),
            // feed:// and the category attribute.
            source(
                "http://tagged.example/rss",
                Some("Tagged"),
                None,
                Some("Science/Space")
            ),
        ]
    );
}

#[test]
fn opml_round_trip_groups_by_category() {
    let sources = vec![
        source(
            "https://a.example/rss",
            Some("A <&> \"quoted\" 'one'"),
            Some("https://a.example/"),
            Some("News/World"),
        ),
        source("https://b.example/rss?x=1&y=2", None, None, None),
        source(
            "https://c.example/rss",
            Some("C\ttab\nline"),
            None,
            Some("News"),
        ),
        source(
            "https://d.example/rss",
            Some("Dé"),
            None,
            Some("News/World"),
        ),
        source("https://e.example/rss", Some("E"), None, Some("Science")),
    ];
    let written = write_opml("Feeds & more", &sources);
    assert!(
        written.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">")
    );
    assert!(written.contains("<title>Feeds &amp; more</title>"));
    let parsed = parse_opml(written.as_bytes()).unwrap();
    // Each folder: its own feeds, then its subfolders, in order of first appearance.
    let expected: Vec<OpmlSource> = [1, 2, 0, 3, 4]
        .iter()
        .map(|&i| sources[i].clone())
        .collect();
    assert_eq!(parsed, expected);
    assert_eq!(write_opml("Feeds & more", &parsed), written);
}

#[test]
fn opml_errors() {
    let not_opml = |bytes: &[u8], found: &str| {
        let error = parse_opml(bytes).unwrap_err();
        assert!(
            matches!(&error, OpmlError::NotOpml { found: f } if f == found),
            "{error:?}"
        );
    };
    not_opml(b"", "empty");
    not_opml(PAGE.as_bytes(), "an HTML page");
    not_opml(RSS2.as_bytes(), "an RSS feed");
    not_opml(JSON_FEED.as_bytes(), "JSON");
    not_opml(b"<root/>", "XML with root <root>");
    let error =
        parse_opml(b"<opml><body><outline text=\"a\" xmlUrl=\"https://a.example/\"/><outline <")
            .unwrap_err();
    assert!(matches!(error, OpmlError::Malformed { .. }), "{error:?}");
    assert_eq!(
        OpmlError::NotOpml {
            found: "an RSS feed".to_string()
        }
        .to_string(),
        "not an OPML subscription list: found an RSS feed"
    );
}

#[test]
fn deep_nesting_is_harmless() {
    let depth = 20_000;
    let mut opml = String::from("<opml><body>");
    for n in 0..depth {
        opml.push_str(&format!("<outline text=\"f{n}\">"));
    }
    opml.push_str("<outline xmlUrl=\"https://deep.example/\"/>");
    opml.push_str(&"</outline>".repeat(depth));
    opml.push_str("</body></opml>");
    let sources = parse_opml(opml.as_bytes()).unwrap();
    let category = sources[0].category.clone().unwrap();
    assert!(category.len() < 1100 && category.starts_with("f0/f1/"));
    let many = vec![source("https://a.example/", None, None, Some(&"x/".repeat(depth))); 1];
    let written = write_opml("deep", &many);
    assert_eq!(parse_opml(written.as_bytes()).unwrap().len(), 1);
    check_feeds(opml.as_bytes());
    let nested_feed = format!(
        "<rss version=\"2.0\"><channel>{}<item><link>https://a.example/1</link></item></channel></rss>",
        "<x>".repeat(depth)
    );
    check_feeds(nested_feed.as_bytes());
    check_feeds(format!("<html><head>{}</head></html>", "<b>".repeat(depth)).as_bytes());
}

#[test]
fn fixtures_pass_the_fuzz_checks() {
    for fixture in FIXTURES {
        check_feeds(fixture.as_bytes());
        check_feeds(&gzip(fixture.as_bytes()));
    }
}

/// Pieces of feeds, sitemaps and OPML, for generated documents that get past the first tag.
const PIECES: &[&str] = &[
    "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>",
    "<rss version=\"2.0\">",
    "<rss>",
    "<channel>",
    "</channel>",
    "<item>",
    "</item>",
    "<link>",
    "</link>",
    "<guid>",
    "</guid>",
    "<title>",
    "</title>",
    "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"../x/\">",
    "<entry xml:base=\"http://[::1\">",
    "<link rel=\"alternate\" href=\"/a\"/>",
    "<urlset>",
    "<sitemapindex>",
    "<url>",
    "<sitemap>",
    "<loc>",
    "</loc>",
    "<lastmod>",
    "</lastmod>",
    "<news:news xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">",
    "<news:publication_date>",
    "<opml><body>",
    "<outline text=\"f\">",
    "<outline xmlUrl=\"https://a.example/\"/>",
    "</outline>",
    "https://a.example/x",
    "2026-11-21T10:00Z",
    "Sat, 21 Nov 2026 09:30:00 GMT",
    "&",
    "&amp;",
    "&#x0;",
    "<![CDATA[",
    "]]>",
    "<!--",
    "-->",
    "é",
    "\u{0}",
    "<html>",
    "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"f\">",
    "<base href=\"//x\">",
    "{\"version\": \"https://jsonfeed.org/version/1\", \"items\": [",
    "{\"url\": \"/a\"}",
    "]}",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        check_feeds(&bytes);
    }

    #[test]
    fn damaged_fixtures_never_panic(
        which in 0..FIXTURES.len(),
        at in any::<prop::sample::Index>(),
        cut in 0usize..64,
        junk in prop::collection::vec(any::<u8>(), 0..16),
    ) {
        let fixture = FIXTURES[which].as_bytes();
        let start = at.index(fixture.len());
        let end = (start + cut).min(fixture.len());
        let damaged = [&fixture[..start], &junk, &fixture[end..]].concat();
        check_feeds(&damaged);
    }

    #[test]
    fn generated_documents_never_panic(pieces in prop::collection::vec(0..PIECES.len(), 0..60)) {
        let document: String = pieces.iter().map(|&i| PIECES[i]).collect();
        check_feeds(document.as_bytes());
    }

    #[test]
    fn opml_round_trips(
        sources in prop::collection::vec(
            (
                "[a-z]{1,8}",
                prop::option::of("[A-Za-z0-9&<>\"'éü;#][A-Za-z0-9&<>\"' éü;#\t\n]{0,12}[A-Za-z0-9;#]"),
                prop::option::of(prop::collection::vec("[A-Za-z][A-Za-z &]{0,6}[A-Za-z]", 1..4)),
            ),
            0..10,
        ),
    ) {
        let sources: Vec<OpmlSource> = sources
            .into_iter()
            .enumerate()
            .map(|(n, (host, title, folders))| OpmlSource {
                url: format!("https://{host}.example/{n}?a=1&b=2"),
                title,
                html_url: Some(format!("https://{host}.example/")),
                category: folders.map(|f| f.join("/")),
            })
            .collect();
        let written = write_opml("t", &sources);
        let parsed = parse_opml(written.as_bytes()).unwrap();
        let key = |s: &OpmlSource| format!("{s:?}");
        let mut expected = sources.clone();
        expected.sort_by_key(key);
        let mut got = parsed.clone();
        got.sort_by_key(key);
        prop_assert_eq!(got, expected);
        prop_assert_eq!(write_opml("t", &parsed), written);
    }
}

/// Every input that ever made a reader panic (feed-rs on its own, for the ones there now)
/// stays in `test_data/fuzz-failures/`: each must pass the fuzz checks and, being a valid
/// feed, give a listing without relying on the caught panic.
#[test]
fn fuzz_failures_stay_fixed() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/fuzz-failures");
    let mut replayed = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        check_feeds(&bytes);
        let result = parse_listing(&bytes, None, &url("https://a.example/"), DEFAULT_MAX_BYTES);
        assert!(result.is_ok(), "{}: {result:?}", path.display());
        replayed += 1;
    }
    assert!(replayed > 0, "no inputs in {}", dir.display());
}
