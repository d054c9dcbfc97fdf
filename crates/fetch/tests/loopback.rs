#![allow(clippy::unwrap_used)]

//! The fetcher against a real HTTP server on loopback that misbehaves on purpose.

use fetch::{AddressPolicy, FetchConfig, FetchError, Fetcher, Outcome, TimeoutKind, Want};
use loopback::{LoopbackServer, SiteConfig};
use std::net::IpAddr;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

fn server() -> &'static LoopbackServer {
    static SERVER: OnceLock<LoopbackServer> = OnceLock::new();
    SERVER.get_or_init(|| {
        LoopbackServer::start(SiteConfig {
            hosts: 2,
            new_article_every: Duration::from_secs(3600),
            items_per_feed: 5,
            epoch: std::time::SystemTime::now(),
            ..SiteConfig::default()
        })
        .expect("the loopback server starts")
    })
}

fn loopback() -> IpAddr {
    "127.0.0.1".parse().unwrap()
}

/// A fetcher for which `*.test` names are the loopback server, and only 127.0.0.1 of the
/// non-public addresses is allowed.
fn fetcher(hosts: &[&str], tweak: impl FnOnce(&mut FetchConfig)) -> Fetcher {
    let mut config = FetchConfig {
        addresses: AddressPolicy {
            allow_private: false,
            allowed: vec![loopback()],
        },
        resolve: hosts.iter().map(|h| (h.to_string(), loopback())).collect(),
        domain_interval: Duration::ZERO,
        total_timeout: Duration::from_secs(10),
        idle_timeout: Duration::from_secs(3),
        ..FetchConfig::default()
    };
    tweak(&mut config);
    Fetcher::new(config).unwrap()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn feeds_and_pages_come_with_validators_and_a_second_ask_is_not_modified() {
    let rt = runtime();
    let host = "good.test";
    let f = fetcher(&[host], |_| {});
    let url = server().url(host, "/feeds/0.xml");
    let Outcome::Fetched(first) = rt.block_on(f.get(&url, Want::Listing, None)).unwrap() else {
        panic!("expected a body")
    };
    assert_eq!(first.status, 200);
    assert!(first.body.starts_with(b"<?xml"), "{:?}", &first.body[..20]);
    assert!(first.validators.etag.is_some());
    assert_eq!(first.ip, Some(loopback()));
    let again = rt
        .block_on(f.get(&url, Want::Listing, Some(&first.validators)))
        .unwrap();
    assert!(matches!(again, Outcome::NotModified { .. }), "{again:?}");
    // The User-Agent says who we are.
    let log = server().requests();
    let ours = log.iter().rev().find(|r| r.host == host).unwrap();
    assert!(
        ours.user_agent
            .as_deref()
            .unwrap_or("")
            .starts_with("Corroborate/"),
        "{ours:?}"
    );
    assert!(ours.if_none_match.is_some());
}

#[test]
fn robots_txt_is_read_once_and_obeyed() {
    let rt = runtime();
    let host = "robots.test";
    let f = fetcher(&[host], |_| {});
    let private = rt.block_on(f.get(
        &server().url(host, "/private/secret.html"),
        Want::Page,
        None,
    ));
    assert!(
        matches!(private, Err(FetchError::DisallowedByRobots { .. })),
        "{private:?}"
    );
    rt.block_on(f.get(&server().url(host, "/"), Want::Page, None))
        .unwrap();
    let log: Vec<_> = server()
        .requests()
        .into_iter()
        .filter(|r| r.host == host)
        .collect();
    assert_eq!(
        log.iter().filter(|r| r.path == "/robots.txt").count(),
        1,
        "{log:?}"
    );
    assert!(
        log.iter().all(|r| !r.path.starts_with("/private/")),
        "{log:?}"
    );
}

#[test]
fn redirect_loops_and_endless_chains_stop() {
    let rt = runtime();
    let host = "redirects.test";
    let f = fetcher(&[host], |c| c.max_redirects = 5);
    let looped = rt.block_on(f.get(&server().url(host, "/redirect/loop-a"), Want::Page, None));
    let Err(FetchError::RedirectLoop { chain, .. }) = looped else {
        panic!("{looped:?}")
    };
    assert_eq!(chain.len(), 3, "{chain:?}");
    let chain = rt.block_on(f.get(&server().url(host, "/redirect/chain/0"), Want::Page, None));
    assert!(
        matches!(chain, Err(FetchError::TooManyRedirects { max: 5, .. })),
        "{chain:?}"
    );
}

#[test]
fn redirects_into_internal_addresses_are_refused_after_each_hop() {
    let rt = runtime();
    let host = "ssrf.test";
    // `inside.test` resolves to another loopback address, which is not allowed (127.0.0.1,
    // the server, is).
    let mut f = fetcher(&[host], |c| {
        c.resolve
            .insert("inside.test".into(), "127.0.0.2".parse().unwrap());
    });
    let port = server().addr().port();
    for target in [
        format!("http://127.0.0.2:{port}/"),
        "http://169.254.169.254/latest/meta-data/".to_string(),
        format!("http://[::1]:{port}/"),
        format!("http://inside.test:{port}/"),
        "http://0.0.0.0/".to_string(),
    ] {
        let url = format!(
            "{}?url={}",
            server().url(host, "/redirect/to"),
            url::form_urlencoded::byte_serialize(target.as_bytes()).collect::<String>()
        );
        let result = rt.block_on(f.get(&url, Want::Page, None));
        assert!(
            matches!(result, Err(FetchError::Forbidden { .. })),
            "{target}: {result:?}"
        );
    }
    // The server itself is refused by a strict policy.
    f = fetcher(&[host], |c| c.addresses = AddressPolicy::default());
    let result = rt.block_on(f.get(&server().url(host, "/"), Want::Page, None));
    assert!(
        matches!(result, Err(FetchError::Forbidden { .. })),
        "{result:?}"
    );
}

#[test]
fn huge_bodies_and_gzip_bombs_stop_at_the_cap() {
    let rt = runtime();
    let host = "big.test";
    let f = fetcher(&[host], |c| c.max_body_bytes = 1024 * 1024);
    for path in [
        "/huge.html",
        "/huge-chunked.html",
        "/gzip-bomb.html",
        "/gzip-bomb.xml",
    ] {
        let start = Instant::now();
        let want = if path.ends_with(".xml") {
            Want::Listing
        } else {
            Want::Page
        };
        let result = rt.block_on(f.get(&server().url(host, path), want, None));
        assert!(
            matches!(
                result,
                Err(FetchError::TooLarge {
                    limit: 1_048_576,
                    ..
                })
            ),
            "{path}: {result:?}"
        );
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "{path} took {:?}",
            start.elapsed()
        );
    }
}

#[test]
fn slow_and_silent_servers_time_out() {
    let rt = runtime();
    let host = "slow.test";
    let f = fetcher(&[host], |c| {
        c.idle_timeout = Duration::from_millis(1500);
        c.total_timeout = Duration::from_secs(4);
    });
    let start = Instant::now();
    let stalled = rt.block_on(f.get(&server().url(host, "/stall"), Want::Page, None));
    assert!(
        matches!(
            stalled,
            Err(FetchError::Timeout {
                kind: TimeoutKind::Idle,
                ..
            })
        ),
        "{stalled:?}"
    );
    assert!(start.elapsed() < Duration::from_secs(3));
    // One byte a second never trips the idle timeout, so the total deadline ends it.
    let start = Instant::now();
    let slow = rt.block_on(f.get(&server().url(host, "/slow/article.html"), Want::Page, None));
    assert!(
        matches!(
            slow,
            Err(FetchError::Timeout {
                kind: TimeoutKind::Total,
                ..
            })
        ),
        "{slow:?}"
    );
    assert!(start.elapsed() < Duration::from_secs(6));
}

#[test]
fn throttling_and_wrong_types_are_named() {
    let rt = runtime();
    let host = "busy.test";
    let f = fetcher(&[host], |_| {});
    let throttled = rt.block_on(f.get(&server().url(host, "/throttled"), Want::Page, None));
    let Err(error @ FetchError::Throttled { status: 429, .. }) = &throttled else {
        panic!("{throttled:?}")
    };
    assert_eq!(error.retry_after(), Some(Duration::from_secs(120)));
    assert!(error.is_transient());
    let unavailable = rt.block_on(f.get(&server().url(host, "/unavailable"), Want::Page, None));
    let Err(FetchError::Throttled {
        status: 503,
        retry_after: Some(wait),
        ..
    }) = unavailable
    else {
        panic!("{unavailable:?}")
    };
    assert!(wait <= Duration::from_secs(61), "{wait:?}");
    let pdf = rt.block_on(f.get(&server().url(host, "/binary.pdf"), Want::Page, None));
    assert!(
        matches!(pdf, Err(FetchError::ContentType { .. })),
        "{pdf:?}"
    );
    let missing = rt.block_on(f.get(&server().url(host, "/status/404"), Want::Page, None));
    assert!(
        matches!(missing, Err(FetchError::Status { status: 404, .. })),
        "{missing:?}"
    );
}

#[test]
fn requests_to_one_domain_keep_their_interval_and_concurrency() {
    let rt = runtime();
    let host = "polite.test";
    let f = std::sync::Arc::new(fetcher(&[host], |c| {
        c.domain_interval = Duration::from_millis(100);
        c.domain_concurrency = 1;
    }));
    rt.block_on(async {
        let mut tasks = tokio::task::JoinSet::new();
        for n in 0..5 {
            let f = f.clone();
            let url = server().url(host, &format!("/articles/0/{n}.html"));
            tasks.spawn(async move { f.get(&url, Want::Page, None).await.map(|_| ()) });
        }
        while let Some(done) = tasks.join_next().await {
            done.unwrap().unwrap();
        }
    });
    // robots.txt plus five pages, never two within 100 ms (allowing 10 ms of clock jitter
    // between our timer and the server's log), never two at once.
    assert_eq!(
        server().max_requests_in_window(host, Duration::from_millis(90)),
        1
    );
    assert_eq!(server().max_concurrent(host), 1);
}

#[test]
fn a_crawl_delay_in_robots_txt_spaces_the_requests() {
    let server = LoopbackServer::start(SiteConfig {
        hosts: 1,
        crawl_delay: Some(1),
        epoch: std::time::SystemTime::now(),
        ..SiteConfig::default()
    })
    .unwrap();
    let rt = runtime();
    let host = "delay.test";
    // No interval of our own: robots.txt alone spaces the requests.
    let f = std::sync::Arc::new(fetcher(&[host], |_| {}));
    rt.block_on(async {
        let mut tasks = tokio::task::JoinSet::new();
        for n in 0..3 {
            let f = f.clone();
            let url = server.url(host, &format!("/articles/0/{n}.html"));
            tasks.spawn(async move { f.get(&url, Want::Page, None).await.map(|_| ()) });
        }
        while let Some(done) = tasks.join_next().await {
            done.unwrap().unwrap();
        }
    });
    let mut at: Vec<Duration> = server
        .requests()
        .into_iter()
        .filter(|r| r.path.starts_with("/articles/"))
        .map(|r| r.at)
        .collect();
    at.sort();
    assert_eq!(at.len(), 3);
    for pair in at.windows(2) {
        assert!(pair[1] - pair[0] >= Duration::from_millis(990), "{at:?}");
    }
}
