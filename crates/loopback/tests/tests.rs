//! The loopback server, exercised over real HTTP by a plain client that resolves every host
//! name to the server.
#![allow(clippy::unwrap_used)]

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use loopback::{LoopbackServer, SiteConfig};
use reqwest::StatusCode;
use reqwest::blocking::{Client, Response};
use reqwest::header::{
    CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE, DATE, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH,
    LAST_MODIFIED, LOCATION, RETRY_AFTER, TRANSFER_ENCODING,
};

/// Resolves every name to the server, as the watch client's tests will.
struct ToServer(SocketAddr);

impl reqwest::dns::Resolve for ToServer {
    fn resolve(&self, _name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let addr = self.0;
        Box::pin(async move {
            let addrs: reqwest::dns::Addrs = Box::new(std::iter::once(addr));
            Ok(addrs)
        })
    }
}

/// reqwest is built with rustls and no crypto provider of its own (the workspace's `fetch`
/// chooses ring); a client needs one installed first.
fn crypto() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

fn client_with(server: &LoopbackServer, redirects: bool, timeout: Option<Duration>) -> Client {
    crypto();
    // The workspace turns reqwest's decompression on (for `fetch`); these tests look at the
    // bytes on the wire.
    let mut builder = Client::builder()
        .no_gzip()
        .no_brotli()
        .no_zstd()
        .no_deflate()
        .no_proxy()
        .dns_resolver(Arc::new(ToServer(server.addr())))
        .user_agent("loopback-tests/1");
    if !redirects {
        builder = builder.redirect(reqwest::redirect::Policy::none());
    }
    if let Some(timeout) = timeout {
        builder = builder.timeout(timeout);
    }
    builder.build().unwrap()
}

fn client(server: &LoopbackServer) -> Client {
    client_with(server, false, Some(Duration::from_secs(5)))
}

fn config(every: Duration) -> SiteConfig {
    SiteConfig {
        hosts: 3,
        feeds_per_host: 2,
        new_article_every: every,
        items_per_feed: 5,
        crawl_delay: Some(2),
        ..SiteConfig::default()
    }
}

fn get(client: &Client, url: &str) -> Response {
    client.get(url).send().unwrap()
}

fn header(response: &Response, name: reqwest::header::HeaderName) -> Option<String> {
    response
        .headers()
        .get(name)
        .map(|value| value.to_str().unwrap().to_string())
}

/// Checks that `xml` is well-formed and returns the text of every element named `name`
/// (local name), or with `attribute`, that attribute's value on every such element.
fn xml_values(xml: &[u8], name: &str, attribute: Option<&str>) -> Vec<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buffer = Vec::new();
    let mut values = Vec::new();
    let mut current: Option<String> = None;
    let mut depth = 0usize;
    loop {
        let event = reader.read_event_into(&mut buffer).unwrap();
        match &event {
            Event::Start(element) | Event::Empty(element) => {
                let is_start = matches!(event, Event::Start(_));
                depth += usize::from(is_start);
                if element.local_name().as_ref() == name.as_bytes() {
                    if let Some(attribute) = attribute {
                        for found in element.attributes() {
                            let found = found.unwrap();
                            if found.key.as_ref() == attribute.as_bytes() {
                                let value = found
                                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                    .unwrap();
                                values.push(value.into_owned());
                            }
                        }
                    } else if is_start {
                        current = Some(String::new());
                    }
                }
            }
            Event::Text(text) => {
                if let Some(current) = current.as_mut() {
                    current.push_str(&text.decode().unwrap());
                }
            }
            Event::GeneralRef(reference) => {
                if let Some(current) = current.as_mut() {
                    let resolved = match reference.resolve_char_ref().unwrap() {
                        Some(character) => character,
                        None => match reference.decode().unwrap().as_ref() {
                            "amp" => '&',
                            "lt" => '<',
                            "gt" => '>',
                            "quot" => '"',
                            "apos" => '\'',
                            other => panic!("unknown entity {other}"),
                        },
                    };
                    current.push(resolved);
                }
            }
            Event::End(_) => {
                depth -= 1;
                if let Some(done) = current.take() {
                    values.push(done);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buffer.clear();
    }
    assert_eq!(depth, 0, "unbalanced XML");
    values
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn article_links(client: &Client, url: &str) -> Vec<String> {
    let response = get(client, url);
    assert_eq!(response.status(), StatusCode::OK, "{url}");
    let body = response.bytes().unwrap();
    let links = xml_values(&body, "link", None);
    // The channel's own link comes first.
    links
        .into_iter()
        .filter(|link| link.contains("/articles/"))
        .collect()
}

#[test]
fn feeds_in_every_format_list_articles_that_exist() {
    let server = LoopbackServer::start(config(Duration::from_secs(60))).unwrap();
    let client = client(&server);
    let host = "site1.test";

    let rss = get(&client, &server.url(host, "/feeds/1.xml"));
    assert_eq!(
        header(&rss, CONTENT_TYPE).as_deref(),
        Some("application/rss+xml; charset=utf-8")
    );
    assert_eq!(
        header(&rss, reqwest::header::CACHE_CONTROL).as_deref(),
        Some("max-age=60")
    );
    let rss = rss.bytes().unwrap();
    assert_eq!(xml_values(&rss, "ttl", None), ["1"]);
    let rss_links: Vec<String> = xml_values(&rss, "link", None)
        .into_iter()
        .filter(|link| link.contains("/articles/"))
        .collect();
    assert_eq!(rss_links.len(), 5);
    let guids: HashSet<String> = xml_values(&rss, "guid", None).into_iter().collect();
    assert_eq!(guids.len(), 5);

    let atom = get(&client, &server.url(host, "/atom.xml"))
        .bytes()
        .unwrap();
    let atom_links = xml_values(&atom, "link", Some("href"));
    let rdf = get(&client, &server.url(host, "/rss1.rdf"))
        .bytes()
        .unwrap();
    let rdf_items = xml_values(&rdf, "item", Some("rdf:about"));
    let json: serde_json::Value = serde_json::from_slice(
        &get(&client, &server.url(host, "/feed.json"))
            .bytes()
            .unwrap(),
    )
    .unwrap();
    let json_links: Vec<String> = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["url"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(rdf_items.len(), 5);
    assert_eq!(json_links, rdf_items);

    let index = get(&client, &server.url(host, "/sitemap.xml"))
        .bytes()
        .unwrap();
    let sitemaps = xml_values(&index, "loc", None);
    assert_eq!(sitemaps.len(), 2);
    let gz = get(&client, &sitemaps[0]);
    assert_eq!(
        header(&gz, CONTENT_TYPE).as_deref(),
        Some("application/gzip")
    );
    let urlset = gunzip(&gz.bytes().unwrap());
    let sitemap_links = xml_values(&urlset, "loc", None);
    // Two feeds with a backlog of five each.
    assert!(sitemap_links.len() >= 10, "{}", sitemap_links.len());
    let news = get(&client, &sitemaps[1]).bytes().unwrap();
    let news_links = xml_values(&news, "loc", None);
    assert_eq!(xml_values(&news, "title", None).len(), news_links.len());

    let published: HashSet<String> = server.published_articles().into_iter().collect();
    let mut all: Vec<String> = rss_links
        .iter()
        .chain(atom_links.iter().filter(|link| link.contains("/articles/")))
        .chain(&rdf_items)
        .chain(&sitemap_links)
        .chain(&news_links)
        .cloned()
        .collect();
    all.sort();
    all.dedup();
    for link in &all {
        assert!(
            published.contains(link),
            "{link} is not in published_articles"
        );
    }
    for link in all.iter().take(12) {
        let page = get(&client, link);
        assert_eq!(page.status(), StatusCode::OK, "{link}");
        assert_eq!(
            header(&page, CONTENT_TYPE).as_deref(),
            Some("text/html; charset=utf-8")
        );
        let html = page.text().unwrap();
        assert!(html.len() > 7_000 && html.len() < 10_000, "{}", html.len());
        for needle in [
            "<meta property=\"og:title\"",
            "article:published_time",
            "\"@type\":\"NewsArticle\"",
            "\"datePublished\"",
            "<nav",
            "<footer",
        ] {
            assert!(html.contains(needle), "{needle} missing from {link}");
        }
        assert!(html.matches("<p>").count() >= 5);
    }
}

#[test]
fn the_home_page_links_its_feeds_and_other_hosts_are_sites_too() {
    let server = LoopbackServer::start(config(Duration::from_secs(60))).unwrap();
    let client = client(&server);
    let home = get(&client, &server.url("wire.test", "/")).text().unwrap();
    assert!(home.contains("<link rel=\"alternate\" type=\"application/rss+xml\" title=\""));
    assert!(home.contains("href=\"/feeds/0.xml\""));
    assert!(home.contains("type=\"application/atom+xml\""));
    let links = article_links(&client, &server.url("wire.test", "/feeds/0.xml"));
    let published = server.published_articles();
    assert!(links.iter().all(|link| published.contains(link)));
    assert!(links[0].starts_with(&server.url("wire.test", "/articles/0/")));
    // A host's pages are its own: another host lists other stories.
    let other = get(&client, &server.url("site0.test", "/feeds/0.xml"))
        .text()
        .unwrap();
    let wire = get(&client, &server.url("wire.test", "/feeds/0.xml"))
        .text()
        .unwrap();
    assert_ne!(
        xml_values(other.as_bytes(), "title", None),
        xml_values(wire.as_bytes(), "title", None)
    );
    assert_eq!(
        get(&client, &server.url("site0.test", "/feeds/2.xml")).status(),
        StatusCode::NOT_FOUND
    );
}

#[test]
fn conditional_requests_get_304() {
    let server = LoopbackServer::start(config(Duration::from_secs(60))).unwrap();
    let client = client(&server);
    let feed = server.url("site2.test", "/feeds/0.xml");
    let first = get(&client, &feed);
    let etag = header(&first, ETAG).unwrap();
    let last_modified = header(&first, LAST_MODIFIED).unwrap();
    assert!(
        etag.starts_with('"') && etag.ends_with('"'),
        "strong: {etag}"
    );
    assert!(last_modified.ends_with(" GMT"));

    let again = client
        .get(&feed)
        .header(IF_NONE_MATCH, &etag)
        .send()
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(header(&again, ETAG).as_deref(), Some(etag.as_str()));
    assert!(again.bytes().unwrap().is_empty());

    let by_date = client
        .get(&feed)
        .header(IF_MODIFIED_SINCE, &last_modified)
        .send()
        .unwrap();
    assert_eq!(by_date.status(), StatusCode::NOT_MODIFIED);

    let stale = client
        .get(&feed)
        .header(IF_NONE_MATCH, "\"0000000000000000\"")
        .header(IF_MODIFIED_SINCE, &last_modified)
        .send()
        .unwrap();
    assert_eq!(stale.status(), StatusCode::OK, "If-None-Match wins");
    let old = client
        .get(&feed)
        .header(IF_MODIFIED_SINCE, "Sat, 01 Jan 2000 00:00:00 GMT")
        .send()
        .unwrap();
    assert_eq!(old.status(), StatusCode::OK);

    let links = article_links(&client, &feed);
    let article = get(&client, &links[0]);
    let article_date = header(&article, LAST_MODIFIED).unwrap();
    let article_again = client
        .get(&links[0])
        .header(IF_MODIFIED_SINCE, &article_date)
        .send()
        .unwrap();
    assert_eq!(article_again.status(), StatusCode::NOT_MODIFIED);

    let statuses: Vec<u16> = server.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [200, 304, 304, 200, 200, 200, 200, 304]);
    let conditional = &server.requests()[1];
    assert_eq!(conditional.if_none_match.as_deref(), Some(etag.as_str()));
    assert_eq!(conditional.bytes, 0);
}

#[test]
fn new_articles_appear_as_time_passes() {
    let server = LoopbackServer::start(config(Duration::from_millis(200))).unwrap();
    let client = client(&server);
    let feed = server.url("site0.test", "/feeds/0.xml");
    let before = article_links(&client, &feed);
    let published_before = server.published_articles().len();
    std::thread::sleep(Duration::from_millis(450));
    let after = article_links(&client, &feed);
    assert_eq!(after.len(), 5);
    let new: Vec<&String> = after.iter().filter(|link| !before.contains(link)).collect();
    // Two or three in 450 ms; more only when this machine is very busy.
    assert!(new.len() >= 2, "{new:?}");
    // Newest first: the new ones lead, and the rest of the old list follows in order.
    let kept = 5usize.saturating_sub(new.len());
    assert_eq!(after[5 - kept..], before[..kept]);
    let published = server.published_articles();
    // Three hosts, two feeds each, each gaining two or three articles.
    assert!(published.len() >= published_before + 12);
    for link in before.iter().chain(&after) {
        assert!(published.contains(link));
    }
    // An article that is not out yet is not there.
    let next = after[0].replace(
        &format!("/{}.html", number_of(&after[0])),
        &format!("/{}.html", number_of(&after[0]) + 10),
    );
    assert_eq!(get(&client, &next).status(), StatusCode::NOT_FOUND);
}

fn number_of(link: &str) -> u64 {
    let file = link.rsplit('/').next().unwrap();
    file.trim_end_matches(".html").parse().unwrap()
}

#[test]
fn robots_txt_names_the_rules_and_the_sitemap() {
    let server = LoopbackServer::start(config(Duration::from_secs(60))).unwrap();
    let client = client(&server);
    let robots = get(&client, &server.url("site0.test", "/robots.txt"))
        .text()
        .unwrap();
    assert_eq!(
        robots,
        format!(
            "User-agent: *\nDisallow: /private/\nCrawl-delay: 2\nSitemap: {}\n",
            server.url("site0.test", "/sitemap.xml")
        )
    );
    let private = get(&client, &server.url("site0.test", "/private/drafts.html"));
    assert_eq!(private.status(), StatusCode::OK);
    server.shutdown();

    let server = LoopbackServer::start(SiteConfig::default()).unwrap();
    let other_client = client_with(&server, false, None);
    let robots = get(&other_client, &server.url("site0.test", "/robots.txt"))
        .text()
        .unwrap();
    assert!(!robots.contains("Crawl-delay"));
}

#[test]
fn redirects_loop_chain_and_go_anywhere() {
    let server = LoopbackServer::start(SiteConfig::default()).unwrap();
    let client = client(&server);
    let location = |path: &str| {
        let response = get(&client, &server.url("site0.test", path));
        assert_eq!(response.status(), StatusCode::FOUND, "{path}");
        header(&response, LOCATION).unwrap()
    };
    assert_eq!(location("/redirect/loop-a"), "/redirect/loop-b");
    assert_eq!(location("/redirect/loop-b"), "/redirect/loop-a");
    assert_eq!(location("/redirect/chain/7"), "/redirect/chain/8");
    assert_eq!(
        location("/redirect/to?url=http%3A%2F%2F169.254.169.254%2Flatest%2Fmeta-data%2F"),
        "http://169.254.169.254/latest/meta-data/"
    );
    assert_eq!(location("/redirect/to?url=http://[::1]/"), "http://[::1]/");

    let following = client_with(&server, true, Some(Duration::from_secs(5)));
    let error = following
        .get(server.url("site0.test", "/redirect/loop-a"))
        .send()
        .unwrap_err();
    assert!(error.is_redirect(), "{error}");
}

#[test]
fn huge_pages_stream_without_end() {
    let server = LoopbackServer::start(SiteConfig::default()).unwrap();
    let client = client(&server);
    let mut huge = get(&client, &server.url("site0.test", "/huge.html"));
    assert_eq!(huge.status(), StatusCode::OK);
    assert_eq!(header(&huge, CONTENT_LENGTH).as_deref(), Some("2147483648"));
    assert_eq!(huge.content_length(), Some(loopback::HUGE_SIZE));
    assert_eq!(header(&huge, CONTENT_TYPE).as_deref(), Some("text/html"));
    let mut start = vec![0; 8192];
    huge.read_exact(&mut start).unwrap();
    assert!(start.starts_with(b"<!DOCTYPE html>"));
    drop(huge);

    let mut chunked = get(&client, &server.url("site0.test", "/huge-chunked.html"));
    assert_eq!(header(&chunked, CONTENT_LENGTH), None);
    assert_eq!(
        header(&chunked, TRANSFER_ENCODING).as_deref(),
        Some("chunked")
    );
    chunked.read_exact(&mut start).unwrap();
    drop(chunked);

    // Both responses were abandoned; their log entries end with what was sent.
    let deadline = Instant::now() + Duration::from_secs(1);
    loop {
        let records = server.requests();
        let done = records
            .iter()
            .all(|record| record.bytes > 0 && record.bytes < loopback::HUGE_SIZE);
        if done && server.in_flight("site0.test") == 0 {
            break;
        }
        assert!(Instant::now() < deadline, "{records:?}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn the_gzip_bomb_is_small_and_inflates_to_a_gibibyte_of_spaces() {
    let server = LoopbackServer::start(SiteConfig::default()).unwrap();
    let client = client(&server);
    let started = Instant::now();
    let bomb = get(&client, &server.url("site0.test", "/gzip-bomb.html"));
    assert_eq!(header(&bomb, CONTENT_ENCODING).as_deref(), Some("gzip"));
    assert_eq!(
        header(&bomb, CONTENT_TYPE).as_deref(),
        Some("text/html; charset=utf-8")
    );
    let compressed = bomb.bytes().unwrap();
    let first_request = started.elapsed();
    assert!(compressed.len() < 1_100_000, "{}", compressed.len());
    assert!(first_request < Duration::from_secs(1), "{first_request:?}");

    // Inflate a prefix; the unit tests check the whole stream's framing on smaller sizes.
    let mut prefix = vec![0; 16 << 20];
    flate2::read::GzDecoder::new(&compressed[..])
        .read_exact(&mut prefix)
        .unwrap();
    assert!(prefix.iter().all(|&byte| byte == b' '));

    let xml = get(&client, &server.url("site0.test", "/gzip-bomb.xml"));
    assert_eq!(
        header(&xml, CONTENT_TYPE).as_deref(),
        Some("application/xml; charset=utf-8")
    );
    assert_eq!(xml.bytes().unwrap(), compressed);
}

#[test]
fn the_request_log_counts_requests_per_window() {
    let server = LoopbackServer::start(config(Duration::from_secs(60))).unwrap();
    let client = client(&server);
    for _ in 0..5 {
        get(&client, &server.url("site0.test", "/robots.txt"));
    }
    get(&client, &server.url("site1.test", "/nowhere?x=1"));
    std::thread::sleep(Duration::from_millis(300));
    for _ in 0..3 {
        get(&client, &server.url("site0.test", "/feeds/0.xml"));
    }
    let requests = server.requests();
    assert_eq!(requests.len(), 9);
    assert!(requests.windows(2).all(|pair| pair[0].at <= pair[1].at));
    let odd = &requests[5];
    assert_eq!(odd.host, "site1.test");
    assert_eq!(odd.method, "GET");
    assert_eq!(odd.path, "/nowhere?x=1");
    assert_eq!(odd.status, 404);
    assert_eq!(odd.user_agent.as_deref(), Some("loopback-tests/1"));
    assert_eq!(
        requests[0].bytes,
        requests[0..5].iter().map(|r| r.bytes).max().unwrap()
    );
    assert!(requests[8].bytes > 1000);

    assert_eq!(
        server.max_requests_in_window("site0.test", Duration::from_millis(200)),
        5
    );
    assert_eq!(
        server.max_requests_in_window("site0.test", Duration::from_secs(10)),
        8
    );
    assert_eq!(
        server.max_requests_in_window("site1.test", Duration::from_secs(10)),
        1
    );
    assert_eq!(
        server.max_requests_in_window("site2.test", Duration::from_secs(10)),
        0
    );
    assert_eq!(server.max_concurrent("site0.test"), 1);
    let per_host = server.max_requests_in_window_per_host(Duration::from_millis(200));
    assert_eq!(per_host.len(), 2);
    assert_eq!(per_host["site0.test"], 5);
    assert_eq!(per_host["site1.test"], 1);
    assert_eq!(server.max_concurrent_per_host()["site1.test"], 1);

    server.clear_requests();
    assert!(server.requests().is_empty());
    assert_eq!(
        server.max_requests_in_window("site0.test", Duration::from_secs(10)),
        0
    );
}

#[test]
fn concurrency_per_host_is_measured() {
    let server = LoopbackServer::start(SiteConfig::default()).unwrap();
    let barrier = Arc::new(Barrier::new(3));
    std::thread::scope(|scope| {
        for _ in 0..3 {
            let barrier = Arc::clone(&barrier);
            let server = &server;
            scope.spawn(move || {
                let client = client(server);
                let mut slow = get(&client, &server.url("site4.test", "/slow/article.html"));
                let mut byte = [0];
                slow.read_exact(&mut byte).unwrap();
                barrier.wait();
            });
        }
    });
    assert_eq!(server.max_concurrent("site4.test"), 3);
    assert_eq!(server.max_concurrent("site5.test"), 0);
}

#[test]
fn slow_and_stalled_responses_time_out() {
    let server = LoopbackServer::start(SiteConfig::default()).unwrap();
    let client = client_with(&server, false, Some(Duration::from_millis(700)));

    let started = Instant::now();
    let mut slow = get(&client, &server.url("site0.test", "/slow/article.html"));
    assert!(started.elapsed() < Duration::from_millis(600));
    assert_eq!(
        header(&slow, CONTENT_TYPE).as_deref(),
        Some("text/html; charset=utf-8")
    );
    let mut first = [0];
    slow.read_exact(&mut first).unwrap();
    assert_eq!(&first, b"<");
    let mut more = [0; 4];
    assert!(
        slow.read_exact(&mut more).is_err(),
        "the client's timeout fires first"
    );

    let error = client
        .get(server.url("site0.test", "/stall"))
        .send()
        .unwrap_err();
    assert!(error.is_timeout(), "{error}");
    let stalled = server
        .requests()
        .into_iter()
        .find(|record| record.path == "/stall")
        .unwrap();
    assert_eq!(stalled.status, 0);
}

#[test]
fn hostile_pages() {
    let server = LoopbackServer::start(SiteConfig::default()).unwrap();
    let client = client(&server);
    let url = |path: &str| server.url("site0.test", path);

    let throttled = get(&client, &url("/throttled"));
    assert_eq!(throttled.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(header(&throttled, RETRY_AFTER).as_deref(), Some("120"));

    let unavailable = get(&client, &url("/unavailable"));
    assert_eq!(unavailable.status(), StatusCode::SERVICE_UNAVAILABLE);
    let date = header(&unavailable, DATE).unwrap();
    assert!(date.starts_with("Sat, 21 Nov 2026 00:00:0"), "{date}");
    let retry = header(&unavailable, RETRY_AFTER).unwrap();
    let parse = |text: &str| {
        jiff::fmt::rfc2822::DateTimeParser::new()
            .parse_timestamp(text)
            .unwrap()
    };
    let ahead = parse(&retry).as_second() - parse(&date).as_second();
    assert!((59..=61).contains(&ahead), "{date} / {retry}");

    let not_a_feed = get(&client, &url("/not-a-feed.xml"));
    assert_eq!(
        header(&not_a_feed, CONTENT_TYPE).as_deref(),
        Some("application/rss+xml; charset=utf-8")
    );
    assert!(not_a_feed.text().unwrap().starts_with("<!DOCTYPE html>"));

    let garbage = get(&client, &url("/garbage.xml")).bytes().unwrap();
    assert!(garbage.len() >= 4096 && std::str::from_utf8(&garbage).is_err());

    let latin1 = get(&client, &url("/latin1.html"));
    assert_eq!(header(&latin1, CONTENT_TYPE).as_deref(), Some("text/html"));
    let latin1 = latin1.bytes().unwrap();
    assert!(std::str::from_utf8(&latin1).is_err());
    let (text, _, errors) = encoding_rs::WINDOWS_1252.decode(&latin1);
    assert!(!errors);
    assert!(text.contains("<meta charset=\"windows-1252\">"));
    for needle in ["Café", "Zürich", "€5.40", "“We cannot"] {
        assert!(text.contains(needle), "{needle}");
    }

    let wrong = get(&client, &url("/wrong-charset.html"));
    assert_eq!(
        header(&wrong, CONTENT_TYPE).as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert!(std::str::from_utf8(&wrong.bytes().unwrap()).is_err());

    let japanese = get(&client, &url("/shift_jis.html")).bytes().unwrap();
    let (text, _, errors) = encoding_rs::SHIFT_JIS.decode(&japanese);
    assert!(!errors);
    assert!(text.contains("<meta charset=\"Shift_JIS\">") && text.contains("気象庁"));

    let pdf = get(&client, &url("/binary.pdf"));
    assert_eq!(
        header(&pdf, CONTENT_TYPE).as_deref(),
        Some("application/pdf")
    );
    assert!(pdf.bytes().unwrap().starts_with(b"%PDF-"));

    assert_eq!(get(&client, &url("/status/418")).status().as_u16(), 418);
    assert_eq!(get(&client, &url("/status/500")).status().as_u16(), 500);
    assert_eq!(get(&client, &url("/status/204")).status().as_u16(), 204);
    assert_eq!(get(&client, &url("/status/99")).status().as_u16(), 400);
    assert_eq!(get(&client, &url("/no/such/page")).status().as_u16(), 404);
    assert_eq!(
        get(&client, &url("/articles/0/99999.html"))
            .status()
            .as_u16(),
        404
    );
}

#[test]
fn a_host_that_is_down_closes_connections_without_answering() {
    let server = LoopbackServer::start(SiteConfig::default()).unwrap();
    let client = client(&server);
    // This connection stays open in the client's pool; going down closes it at the next
    // request too.
    get(&client, &server.url("site3.test", "/"));
    server.set_down("site3.test", true);

    let mut stream = TcpStream::connect(server.addr()).unwrap();
    stream
        .write_all(b"GET /robots.txt HTTP/1.1\r\nHost: site3.test\r\n\r\n")
        .unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(2)))
        .unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    assert!(answer.is_empty(), "{}", String::from_utf8_lossy(&answer));

    let error = client
        .get(server.url("site3.test", "/robots.txt"))
        .send()
        .unwrap_err();
    assert!(!error.is_timeout(), "{error}");
    assert_eq!(
        get(&client, &server.url("site2.test", "/robots.txt")).status(),
        StatusCode::OK
    );

    server.set_down("site3.test", false);
    assert_eq!(
        get(&client, &server.url("site3.test", "/robots.txt")).status(),
        StatusCode::OK
    );
    let statuses: Vec<(String, u16)> = server
        .requests()
        .into_iter()
        .map(|record| (record.host, record.status))
        .collect();
    assert_eq!(statuses[0], ("site3.test".to_string(), 200));
    assert_eq!(statuses[1], ("site3.test".to_string(), 0));
    assert_eq!(statuses.last().unwrap(), &("site3.test".to_string(), 200));
}

#[test]
fn shutdown_refuses_later_connections() {
    let server = LoopbackServer::start(SiteConfig::default()).unwrap();
    let addr = server.addr();
    let client = client(&server);
    let mut slow = get(&client, &server.url("site0.test", "/slow/article.html"));
    let mut byte = [0];
    slow.read_exact(&mut byte).unwrap();

    let started = Instant::now();
    server.shutdown();
    assert!(started.elapsed() < Duration::from_secs(1));
    assert!(TcpStream::connect(addr).is_err());
    // The open response ends with its connection, at once.
    let started = Instant::now();
    let mut rest = Vec::new();
    let _ = slow.read_to_end(&mut rest);
    assert!(started.elapsed() < Duration::from_millis(500));
    assert!(rest.len() < 3);
}

#[test]
fn the_binary_prints_its_address_and_serves() {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_loopback-server"))
        .args([
            "--hosts",
            "2",
            "--feeds-per-host",
            "1",
            "--new-article-every-secs",
            "0.5",
        ])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr: SocketAddr = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(addr.ip().to_string(), "127.0.0.1");

    crypto();
    let client = Client::builder()
        .no_proxy()
        .dns_resolver(Arc::new(ToServer(addr)))
        .build()
        .unwrap();
    let feed = client
        .get(format!("http://site1.test:{}/feeds/0.xml", addr.port()))
        .send()
        .unwrap();
    assert_eq!(feed.status(), StatusCode::OK);
    let published = client
        .get(format!(
            "http://{}:{}/published",
            loopback::CONTROL_HOST,
            addr.port()
        ))
        .send()
        .unwrap()
        .text()
        .unwrap();
    // Two hosts, one feed, a backlog of twenty.
    assert!(published.lines().count() >= 40, "{published}");
    let requests = client
        .get(format!(
            "http://{}:{}/requests",
            loopback::CONTROL_HOST,
            addr.port()
        ))
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert_eq!(requests.lines().count(), 1);
    let window = client
        .get(format!(
            "http://{}:{}/max-requests-in-window?window_ms=1000",
            loopback::CONTROL_HOST,
            addr.port()
        ))
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert_eq!(window, "site1.test\t1\n");
    child.kill().unwrap();
    child.wait().unwrap();
}
