//! The connection layer: the accept loop, virtual hosts, the request log around every
//! exchange, and hosts that are "down".
//!
//! Connections are served by hyper directly rather than by `axum::serve`, for one reason: a
//! host that is down must drop the connection without any response, and hyper does exactly
//! that when the service returns an error. The routes themselves are an axum `Router`.

use std::collections::{BTreeSet, HashSet};
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::http::header::{DATE, HOST, HeaderName, IF_MODIFIED_SINCE, IF_NONE_MATCH, USER_AGENT};
use axum::http::{HeaderValue, Request, Response, StatusCode};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use jiff::Timestamp;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tower::ServiceExt as _;

use crate::body::Counted;
use crate::log::{Arrival, Pending, RequestLog};
use crate::schedule::Schedule;
use crate::site::{Site, http_date};
use crate::{CONTROL_HOST, SiteConfig, control, host_name};

/// The host a request is for and the moment it arrived; every handler reads it.
#[derive(Clone, Debug)]
pub(crate) struct Visit {
    pub(crate) host: String,
    /// Since the server started. Content is built for this moment, so a response and its log
    /// entry agree.
    pub(crate) elapsed: Duration,
}

/// Everything the server knows, shared by all connections.
pub(crate) struct App {
    pub(crate) config: SiteConfig,
    pub(crate) port: u16,
    pub(crate) start: Instant,
    pub(crate) schedule: Schedule,
    pub(crate) log: Arc<RequestLog>,
    down: Mutex<HashSet<String>>,
    /// Hosts outside `site{i}.test` that were served content, so their articles count as
    /// published.
    other_hosts: Mutex<BTreeSet<String>>,
    ttl_minutes: u64,
    /// Articles changed after publication: (host, feed, number) → (how many times, when last).
    revisions: Mutex<std::collections::HashMap<ArticleKey, Revised>>,
}

/// An article: its host, feed and number.
type ArticleKey = (String, usize, u64);
/// How many times an article changed, and when last.
type Revised = (u32, Timestamp);

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl App {
    pub(crate) fn new(config: SiteConfig, port: u16, start: Instant) -> App {
        let epoch = Timestamp::try_from(config.epoch).unwrap_or(crate::default_epoch());
        let schedule = Schedule::new(
            config.new_article_every,
            config.items_per_feed,
            config.feeds_per_host,
            epoch,
        );
        let ttl_minutes = config.new_article_every.as_secs().div_ceil(60).max(1);
        App {
            config,
            port,
            start,
            schedule,
            log: Arc::new(RequestLog::new(start)),
            down: Mutex::new(HashSet::new()),
            other_hosts: Mutex::new(BTreeSet::new()),
            ttl_minutes,
            revisions: Mutex::new(std::collections::HashMap::new()),
        }
    }

    /// The server's clock: the configured epoch plus the time since the start.
    pub(crate) fn now(&self) -> Timestamp {
        self.schedule.now(self.start.elapsed())
    }

    /// Changes an article from now on (its headline and a figure), as a newsroom updates a
    /// story; the Atom feed's `<updated>` and the page's `Last-Modified` say when.
    pub(crate) fn revise(&self, host: &str, feed: usize, number: u64) {
        let now = self.now();
        let mut revisions = lock(&self.revisions);
        let entry = revisions
            .entry((host.to_string(), feed, number))
            .or_insert((0, now));
        entry.0 += 1;
        entry.1 = now;
    }

    pub(crate) fn site<'a>(&'a self, visit: &'a Visit) -> Site<'a> {
        let revisions = lock(&self.revisions)
            .iter()
            .filter(|((host, _, _), _)| *host == visit.host)
            .map(|((_, feed, number), value)| ((*feed, *number), *value))
            .collect();
        Site {
            revisions,
            host: &visit.host,
            base: format!("http://{}:{}", visit.host, self.port),
            schedule: &self.schedule,
            items_per_feed: self.config.items_per_feed,
            crawl_delay: self.config.crawl_delay,
            article_bytes: self.config.article_bytes,
            elapsed: visit.elapsed,
            ttl_minutes: self.ttl_minutes,
        }
    }

    fn is_configured(&self, host: &str) -> bool {
        host.strip_prefix("site")
            .and_then(|rest| rest.strip_suffix(".test"))
            .and_then(|digits| digits.parse::<usize>().ok())
            .is_some_and(|index| index < self.config.hosts && host_name(index) == host)
    }

    /// Remembers a host outside the configured ones once it has served feeds or articles.
    pub(crate) fn note_content_host(&self, host: &str) {
        if !self.is_configured(host) {
            let mut hosts = lock(&self.other_hosts);
            if !hosts.contains(host) {
                hosts.insert(host.to_string());
            }
        }
    }

    pub(crate) fn set_down(&self, host: &str, down: bool) {
        let host = normalise_host(host).unwrap_or_else(|| host.to_string());
        let mut hosts = lock(&self.down);
        if down {
            hosts.insert(host);
        } else {
            hosts.remove(&host);
        }
    }

    fn is_down(&self, host: &str) -> bool {
        let hosts = lock(&self.down);
        !hosts.is_empty() && hosts.contains(host)
    }

    /// Every article URL published so far: the configured hosts in order, then any other
    /// host that was served content, each feed's articles oldest first.
    pub(crate) fn published_articles(&self) -> Vec<String> {
        let elapsed = self.start.elapsed();
        let mut hosts: Vec<String> = (0..self.config.hosts).map(host_name).collect();
        hosts.extend(lock(&self.other_hosts).iter().cloned());
        let mut urls = Vec::new();
        for host in &hosts {
            for feed in 0..self.config.feeds_per_host {
                let count = self.schedule.count(host, feed, elapsed);
                urls.extend((0..count).map(|number| {
                    format!(
                        "http://{host}:{}{}",
                        self.port,
                        Site::article_path(feed, number)
                    )
                }));
            }
        }
        urls
    }
}

/// The host name of a `Host` header or URL authority: lower case, without the port, and only
/// made of the characters of DNS names and IP literals. Anything else gives `None`.
pub(crate) fn normalise_host(raw: &str) -> Option<String> {
    let raw = raw.trim().to_ascii_lowercase();
    let host = if raw.starts_with('[') {
        let end = raw.find(']')?;
        let port = &raw[end + 1..];
        if !(port.is_empty() || port.strip_prefix(':').is_some_and(is_port)) {
            return None;
        }
        let inside = &raw[1..end];
        if inside.is_empty()
            || !inside
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        {
            return None;
        }
        &raw[..=end]
    } else {
        let name = match raw.rsplit_once(':') {
            Some((name, port)) if is_port(port) => name,
            Some(_) => return None,
            None => raw.as_str(),
        };
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        {
            return None;
        }
        name
    };
    Some(host.to_string())
}

fn is_port(text: &str) -> bool {
    !text.is_empty() && text.len() <= 5 && text.chars().all(|c| c.is_ascii_digit())
}

fn header_text<B>(request: &Request<B>, name: HeaderName) -> Option<String> {
    request
        .headers()
        .get(name)
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
}

fn host_of<B>(request: &Request<B>) -> Option<String> {
    match request.headers().get(HOST) {
        Some(value) => value.to_str().ok().and_then(normalise_host),
        None => request
            .uri()
            .authority()
            .and_then(|authority| normalise_host(authority.as_str())),
    }
}

/// The error that makes hyper drop a connection without answering.
#[derive(Debug)]
pub(crate) struct HostDown;

impl fmt::Display for HostDown {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("host is down")
    }
}

impl std::error::Error for HostDown {}

async fn serve_request(
    app: Arc<App>,
    router: Router,
    mut request: Request<Incoming>,
) -> Result<Response<Counted>, HostDown> {
    let host = host_of(&request);
    if host.as_deref() == Some(CONTROL_HOST) {
        let response = control::respond(&app, request).await;
        return Ok(response.map(|body| Counted::new(body, None)));
    }
    let arrival = Arrival {
        host: host.clone().unwrap_or_default(),
        method: request.method().as_str().to_string(),
        path: request.uri().path_and_query().map_or_else(
            || request.uri().path().to_string(),
            |path| path.as_str().to_string(),
        ),
        if_none_match: header_text(&request, IF_NONE_MATCH),
        if_modified_since: header_text(&request, IF_MODIFIED_SINCE),
        user_agent: header_text(&request, USER_AGENT),
    };
    let pending = app.log.begin(arrival);
    let Some(host) = host else {
        let mut response = Response::new(Body::from("missing or invalid Host header\n"));
        *response.status_mut() = StatusCode::BAD_REQUEST;
        return Ok(finish(&app, pending, response));
    };
    if app.is_down(&host) {
        // Dropping the entry's guard leaves status 0: no response was sent.
        return Err(HostDown);
    }
    request.extensions_mut().insert(Visit {
        host,
        elapsed: pending.at(),
    });
    let response = match router.oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    };
    Ok(finish(&app, pending, response))
}

fn finish(app: &App, pending: Pending, mut response: Response<Body>) -> Response<Counted> {
    pending.set_status(response.status().as_u16());
    if let Ok(date) = HeaderValue::from_str(&http_date(crate::site::whole_seconds(app.now()))) {
        response.headers_mut().entry(DATE).or_insert(date);
    }
    response.map(|body| Counted::new(body, Some(pending)))
}

/// Accepts connections until `stop` fires (or its sender is dropped). Connections still open
/// then are dropped with the runtime.
pub(crate) async fn accept_loop(
    listener: TcpListener,
    app: Arc<App>,
    router: Router,
    mut stop: oneshot::Receiver<()>,
) {
    let mut builder = hyper::server::conn::http1::Builder::new();
    // Our own `Date` header follows the server's clock, not the machine's.
    builder.auto_date_header(false);
    loop {
        let accepted = tokio::select! {
            _ = &mut stop => return,
            accepted = listener.accept() => accepted,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of file descriptors, or a connection reset before it was accepted:
                // wait a moment rather than spin.
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let app = Arc::clone(&app);
        let router = router.clone();
        let service = service_fn(move |request: Request<Incoming>| {
            serve_request(Arc::clone(&app), router.clone(), request)
        });
        let connection = builder.serve_connection(TokioIo::new(stream), service);
        tokio::spawn(async move {
            // A connection error is the client's business (it hung up, or sent garbage).
            let _ = connection.await;
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_headers_are_normalised() {
        assert_eq!(
            normalise_host("Site3.Test:8080").as_deref(),
            Some("site3.test")
        );
        assert_eq!(normalise_host("wire.test").as_deref(), Some("wire.test"));
        assert_eq!(normalise_host("[::1]:80").as_deref(), Some("[::1]"));
        assert_eq!(normalise_host("127.0.0.1:1").as_deref(), Some("127.0.0.1"));
        assert_eq!(normalise_host("a<b.test"), None);
        assert_eq!(normalise_host("a.test:x"), None);
        assert_eq!(normalise_host(""), None);
    }
}
