#![allow(clippy::unwrap_used)]

//! The watch loop against a real loopback server playing several news sites.

use fetch::{AddressPolicy, FetchConfig, Fetcher};
use loopback::{LoopbackServer, SiteConfig, host_name};
use monitor::{Quiet, WatchConfig};
use std::collections::HashSet;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;
use store::watch::{NewSource, SourceKind, SourceState};
use store::{SqliteStore, Store, WatchStore};

fn loopback() -> IpAddr {
    "127.0.0.1".parse().unwrap()
}

fn start(hosts: usize) -> LoopbackServer {
    LoopbackServer::start(SiteConfig {
        hosts,
        feeds_per_host: 2,
        // Nothing new during the test: the backlog is the whole truth.
        new_article_every: Duration::from_secs(3600),
        items_per_feed: 4,
        epoch: std::time::SystemTime::now(),
        article_bytes: 4 * 1024,
        ..SiteConfig::default()
    })
    .unwrap()
}

fn fetcher(names: &[String], interval: Duration) -> Arc<Fetcher> {
    Arc::new(
        Fetcher::new(FetchConfig {
            addresses: AddressPolicy {
                allow_private: false,
                allowed: vec![loopback()],
            },
            resolve: names.iter().map(|h| (h.clone(), loopback())).collect(),
            domain_interval: interval,
            total_timeout: Duration::from_secs(5),
            idle_timeout: Duration::from_secs(2),
            ..FetchConfig::default()
        })
        .unwrap(),
    )
}

fn source(url: String) -> NewSource {
    NewSource {
        url,
        kind: SourceKind::Feed,
        title: None,
        site_url: None,
        category: None,
        interval_secs: 300,
    }
}

fn once() -> WatchConfig {
    WatchConfig {
        once: true,
        ..WatchConfig::default()
    }
}

fn run(
    store: &mut SqliteStore,
    fetcher: Arc<Fetcher>,
    config: &WatchConfig,
) -> monitor::WatchStats {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime
        .block_on(monitor::watch(
            store,
            fetcher,
            config,
            &cluster::ClusterConfig::default(),
            None,
            &mut Quiet,
            std::future::pending(),
        ))
        .unwrap()
}

fn stored_urls(store: &SqliteStore) -> Vec<String> {
    store
        .articles()
        .unwrap()
        .into_iter()
        .filter_map(|a| a.url)
        .collect()
}

#[test]
fn every_format_is_read_every_article_is_stored_once_and_politely() {
    let server = start(2);
    let names: Vec<String> = (0..2).map(host_name).collect();
    let mut store = SqliteStore::in_memory().unwrap();
    for host in &names {
        for path in [
            "/feeds/0.xml",
            "/feeds/1.xml",
            "/atom.xml",
            "/rss1.rdf",
            "/feed.json",
            "/sitemap.xml",
            "/news-sitemap.xml",
        ] {
            store
                .add_source(&source(server.url(host, path)), 0)
                .unwrap();
        }
    }
    let interval = Duration::from_millis(40);
    let stats = run(&mut store, fetcher(&names, interval), &once());
    assert_eq!(stats.polls, 14, "{stats:?}");
    assert_eq!(stats.polls_failed, 0, "{stats:?}");
    let published: HashSet<String> = server
        .published_articles()
        .into_iter()
        .filter_map(|u| pipeline::urls::canonical_url(&u))
        .collect();
    let stored = stored_urls(&store);
    let unique: HashSet<String> = stored.iter().cloned().collect();
    assert_eq!(unique.len(), stored.len(), "an article was stored twice");
    assert_eq!(unique, published);
    assert!(stats.placed_in_stories as usize >= published.len().min(1));
    // Politeness, from the server's own log: one request at a time per site, never two
    // starts within the interval (less 10 ms of clock jitter); nothing robots.txt forbids.
    for host in &names {
        assert_eq!(server.max_concurrent(host), 1, "{host}");
        assert_eq!(
            server.max_requests_in_window(host, interval - Duration::from_millis(10)),
            1,
            "{host}"
        );
    }
    let log = server.requests();
    assert!(log.iter().all(|r| !r.path.starts_with("/private/")));

    // A second pass: feeds answer 304 and nothing is stored again.
    for s in store.sources().unwrap() {
        store
            .set_source_state(s.id, SourceState::Active, 0)
            .unwrap();
    }
    server.clear_requests();
    let again = run(&mut store, fetcher(&names, interval), &once());
    assert_eq!(again.articles_new, 0, "{again:?}");
    assert!(again.not_modified >= 10, "{again:?}");
    assert_eq!(store.article_count().unwrap(), published.len());
}

#[test]
fn broken_sources_fail_with_reasons_and_the_rest_goes_on() {
    let server = start(1);
    let good = host_name(0);
    let names = vec![good.clone(), "broken.test".to_string()];
    let mut store = SqliteStore::in_memory().unwrap();
    store
        .add_source(&source(server.url(&good, "/feeds/0.xml")), 0)
        .unwrap();
    for path in [
        "/not-a-feed.xml",
        "/garbage.xml",
        "/throttled",
        "/redirect/loop-a",
        "/gzip-bomb.xml",
        "/status/500",
        "/stall",
    ] {
        store
            .add_source(&source(server.url("broken.test", path)), 0)
            .unwrap();
    }
    // A host that is gone: nothing listens there.
    let gone = {
        let other = start(1);
        let url = other.url("gone.test", "/feeds/0.xml");
        other.shutdown();
        url
    };
    let mut names = names;
    names.push("gone.test".into());
    store.add_source(&source(gone), 0).unwrap();
    let stats = run(&mut store, fetcher(&names, Duration::ZERO), &once());
    assert_eq!(stats.polls, 9, "{stats:?}");
    assert_eq!(stats.polls_failed, 8, "{stats:?}");
    assert_eq!(store.article_count().unwrap(), 4);
    for s in store.sources().unwrap() {
        if s.url.contains("broken.test") || s.url.contains("gone.test") {
            assert_eq!(s.failures, 1, "{s:?}");
            assert_eq!(s.state, SourceState::Active);
            let error = s.last_error.clone().unwrap_or_default();
            assert!(!error.is_empty(), "{s:?}");
            // Backed off: the next poll is later than the first interval.
            assert!(s.next_poll_at > s.last_polled_at.unwrap(), "{s:?}");
            if s.url.ends_with("/throttled") {
                assert!(s.next_poll_at - s.last_polled_at.unwrap() >= 100, "{s:?}");
            }
            if s.url.ends_with("/not-a-feed.xml") {
                assert!(error.to_lowercase().contains("html"), "{error}");
            }
        } else {
            assert_eq!(s.failures, 0, "{s:?}");
        }
    }
}

#[test]
fn legacy_charsets_come_out_as_the_right_text() {
    let server = start(1);
    let names = vec!["charsets.test".to_string()];
    let mut store = SqliteStore::in_memory().unwrap();
    let (id, _) = store
        .add_source(&source(server.url("charsets.test", "/feeds/0.xml")), 0)
        .unwrap();
    // Queue the legacy pages as if the feed had listed them.
    let pages = ["/latin1.html", "/wrong-charset.html", "/shift_jis.html"]
        .iter()
        .map(|p| store::watch::ListedPage {
            url: server.url("charsets.test", p),
            title: None,
            published: None,
            updated: None,
        })
        .collect();
    store
        .record_poll(&store::watch::PollRecord {
            source: id,
            polled_at: 0,
            error: None,
            failures: 0,
            state: SourceState::Disabled,
            interval_secs: 300,
            next_poll_at: i64::MAX,
            etag: None,
            last_modified: None,
            title: None,
            item_times: Vec::new(),
            pages,
        })
        .unwrap();
    run(&mut store, fetcher(&names, Duration::ZERO), &once());
    let texts: Vec<String> = store
        .articles()
        .unwrap()
        .into_iter()
        .map(|a| a.text)
        .collect();
    assert_eq!(texts.len(), 3, "{texts:?}");
    let all = texts.join("\n");
    assert!(all.contains('é') && all.contains('€'), "{all}");
    assert!(!all.contains('\u{fffd}'), "replacement characters in {all}");
    assert!(
        all.chars().any(|c| ('\u{3040}'..='\u{30ff}').contains(&c)),
        "no kana in {all}"
    );
}

#[test]
fn a_changed_article_is_fetched_again_and_its_earlier_text_kept() {
    let server = start(1);
    let host = host_name(0);
    let names = vec![host.clone()];
    let mut store = SqliteStore::in_memory().unwrap();
    let (id, _) = store
        .add_source(&source(server.url(&host, "/atom.xml")), 0)
        .unwrap();
    let first = run(&mut store, fetcher(&names, Duration::ZERO), &once());
    assert_eq!(first.articles_new, 4, "{first:?}");
    // Listing times have whole seconds: the change comes a second after the fetch.
    std::thread::sleep(Duration::from_millis(1100));
    server.revise_article(&host, 0, 3);
    store.set_source_state(id, SourceState::Active, 0).unwrap();
    let second = run(&mut store, fetcher(&names, Duration::ZERO), &once());
    assert_eq!(second.articles_revised, 1, "{second:?}");
    assert_eq!(second.articles_new, 0, "{second:?}");
    assert_eq!(store.article_count().unwrap(), 4);
    let changed = store
        .articles()
        .unwrap()
        .into_iter()
        .find(|a| {
            a.url
                .as_deref()
                .is_some_and(|u| u.ends_with("/articles/0/3.html"))
        })
        .unwrap();
    assert!(changed.text.contains("Update 1:"), "{}", changed.text);
    assert!(
        changed
            .title
            .as_deref()
            .unwrap_or("")
            .ends_with("(updated)")
    );
    let revisions = store.revisions(&changed.id).unwrap();
    assert_eq!(revisions.len(), 1);
    assert!(!revisions[0].text.contains("Update 1:"));
    // Nothing changed since: a third pass revises nothing.
    store.set_source_state(id, SourceState::Active, 0).unwrap();
    let third = run(&mut store, fetcher(&names, Duration::ZERO), &once());
    assert_eq!(
        (third.articles_revised, third.articles_new),
        (0, 0),
        "{third:?}"
    );
}
