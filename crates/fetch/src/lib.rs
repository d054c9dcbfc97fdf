//! Fetching what news sources publish, politely and within limits.
//!
//! [`Fetcher::get`] is the only way the program reads the network. Every request:
//! - goes only to addresses the [`AddressPolicy`] permits (checked for IP literals before each
//!   hop and inside the DNS resolver for names, so after DNS and after every redirect);
//! - obeys the origin's robots.txt (fetched once a day per origin, see [`robots`]) and waits
//!   at the gate of its registrable domain (a shared rate and concurrency, see [`polite`]);
//! - follows redirects itself, each hop checked like the first, up to a cap, and refuses a
//!   loop as soon as a URL comes round again;
//! - reads the body through one capped reader: a `Content-Length` over the cap is refused
//!   before reading, and the decompressed bytes are counted as they arrive, so a gzip bomb
//!   stops at the cap; a total deadline and an idle timeout (no byte for that long) bound
//!   the time;
//! - is conditional when the caller has validators (`ETag`, `Last-Modified`), and reports
//!   `304 Not Modified` as [`Outcome::NotModified`];
//! - turns `429` and `503` into [`FetchError::Throttled`] with the server's `Retry-After`;
//! - refuses content types that cannot be what was asked for (a PDF for an article page).
//!
//! Errors say what went wrong in words a user can act on, and [`FetchError::is_transient`]
//! tells a scheduler whether trying again later may help.

pub mod guard;
pub mod polite;
pub mod robots;

pub use guard::{AddressPolicy, is_public};
pub use polite::registrable_domain;
pub use robots::Rules;

use guard::{GuardedResolver, ResolveError};
use polite::DomainGate;
use reqwest::header::{self, HeaderMap};
use robots::RobotsCache;
use std::collections::{HashMap, HashSet};
use std::net::IpAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::time::Instant;
use url::Url;

/// How the fetcher behaves. `Default` is what a public deployment should use.
#[derive(Debug, Clone)]
pub struct FetchConfig {
    /// Sent with every request; names the program and how to reach whoever runs it.
    pub user_agent: String,
    /// The product token robots.txt groups are matched against.
    pub robots_agent: String,
    /// Largest body read, after decompression.
    pub max_body_bytes: u64,
    /// Deadline for a whole fetch, redirects included.
    pub total_timeout: Duration,
    /// Longest wait for the answer to start or for the next bytes of the body.
    pub idle_timeout: Duration,
    pub connect_timeout: Duration,
    /// Redirects followed before giving up.
    pub max_redirects: usize,
    pub addresses: AddressPolicy,
    /// Host names answered with a fixed address instead of DNS (still under the policy).
    pub resolve: HashMap<String, IpAddr>,
    /// Shortest gap between the starts of two requests to one registrable domain.
    pub domain_interval: Duration,
    /// Requests in flight to one registrable domain at most.
    pub domain_concurrency: usize,
}

/// The contact part of the default User-Agent; set `--contact` to say who runs the watcher.
pub fn user_agent(contact: Option<&str>) -> String {
    let version = env!("CARGO_PKG_VERSION");
    match contact {
        Some(contact) if !contact.trim().is_empty() => format!(
            "Corroborate/{version} (news monitoring; +https://github.com/corroborate/corroborate; contact: {})",
            contact.trim()
        ),
        _ => format!(
            "Corroborate/{version} (news monitoring; +https://github.com/corroborate/corroborate)"
        ),
    }
}

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            user_agent: user_agent(None),
            robots_agent: "corroborate".into(),
            max_body_bytes: 16 * 1024 * 1024,
            total_timeout: Duration::from_secs(60),
            idle_timeout: Duration::from_secs(20),
            connect_timeout: Duration::from_secs(10),
            max_redirects: 10,
            addresses: AddressPolicy::default(),
            resolve: HashMap::new(),
            domain_interval: Duration::from_secs(1),
            domain_concurrency: 1,
        }
    }
}

/// What is being fetched, which decides the content types accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    /// An article page or a site's home page: HTML or text.
    Page,
    /// A feed or a sitemap: XML, JSON, text or gzip.
    Listing,
}

/// The validators of a stored copy, for a conditional request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

impl Validators {
    fn from_headers(headers: &HeaderMap) -> Validators {
        let get = |name: header::HeaderName| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
        };
        Validators {
            etag: get(header::ETAG),
            last_modified: get(header::LAST_MODIFIED),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }
}

/// A body that was read.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// Where the last redirect led (the URL the body is from).
    pub final_url: Url,
    pub status: u16,
    /// Every response header, in order, as text (values that are not text are dropped).
    pub headers: Vec<(String, String)>,
    pub content_type: Option<String>,
    /// Decompressed.
    pub body: Vec<u8>,
    pub validators: Validators,
    /// How long the server says the answer stays fresh (`Cache-Control: max-age`).
    pub max_age: Option<Duration>,
    /// The address the body came from.
    pub ip: Option<IpAddr>,
    pub fetched_at: jiff::Timestamp,
    /// The URLs redirected through, first to last (without `final_url`).
    pub redirects: Vec<String>,
}

/// What a fetch gave.
#[derive(Debug, Clone)]
pub enum Outcome {
    Fetched(Box<Fetched>),
    /// The stored copy is current.
    NotModified {
        final_url: Url,
        validators: Validators,
        max_age: Option<Duration>,
    },
}

/// Which time limit ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeoutKind {
    Total,
    Idle,
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum FetchError {
    #[error("{0:?} is not a URL")]
    InvalidUrl(String),
    #[error("{url}: only http and https URLs are fetched")]
    Scheme { url: String },
    #[error("{url}: refused to connect to a non-public address ({reason})")]
    Forbidden { url: String, reason: String },
    #[error("{url}: robots.txt does not allow fetching it")]
    DisallowedByRobots { url: String },
    #[error("{url}: robots.txt is unreadable ({reason}); nothing is fetched from the site for now")]
    RobotsUnavailable { url: String, reason: String },
    #[error("{url}: more than {max} redirects ({})", chain.join(" -> "))]
    TooManyRedirects {
        url: String,
        max: usize,
        chain: Vec<String>,
    },
    #[error("{url}: redirect loop ({})", chain.join(" -> "))]
    RedirectLoop { url: String, chain: Vec<String> },
    #[error("{url}: redirect without a usable Location header")]
    BadRedirect { url: String },
    #[error("{url}: the body is larger than the {limit}-byte limit")]
    TooLarge { url: String, limit: u64 },
    #[error("{url}: {} timed out after {}s", match kind { TimeoutKind::Total => "the whole fetch", TimeoutKind::Idle => "waiting for the server" }, after.as_secs_f32())]
    Timeout {
        url: String,
        kind: TimeoutKind,
        after: Duration,
    },
    #[error("{url}: the server is throttling us (HTTP {status}){}", retry_after.map(|d| format!("; it asks to wait {}s", d.as_secs())).unwrap_or_default())]
    Throttled {
        url: String,
        status: u16,
        retry_after: Option<Duration>,
    },
    #[error("{url}: HTTP {status}")]
    Status { url: String, status: u16 },
    #[error("{url}: content type {found} is not {wanted}")]
    ContentType {
        url: String,
        found: String,
        wanted: &'static str,
    },
    #[error("{url}: cannot connect: {message}")]
    Connect { url: String, message: String },
    #[error("{url}: {message}")]
    Http { url: String, message: String },
}

impl FetchError {
    /// Whether trying again later may succeed (a timeout, a busy server, a network problem),
    /// rather than the same answer coming back (a 404, a refused address, robots.txt).
    pub fn is_transient(&self) -> bool {
        match self {
            FetchError::Timeout { .. }
            | FetchError::Throttled { .. }
            | FetchError::Connect { .. }
            | FetchError::Http { .. }
            | FetchError::RobotsUnavailable { .. } => true,
            FetchError::Status { status, .. } => *status >= 500 || *status == 408,
            _ => false,
        }
    }

    /// How long the server asked us to wait, if it did.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            FetchError::Throttled { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// A short stable name for the kind of error (logs, health figures).
    pub fn code(&self) -> &'static str {
        match self {
            FetchError::InvalidUrl(_) => "invalid_url",
            FetchError::Scheme { .. } => "scheme",
            FetchError::Forbidden { .. } => "forbidden_address",
            FetchError::DisallowedByRobots { .. } => "robots_disallowed",
            FetchError::RobotsUnavailable { .. } => "robots_unavailable",
            FetchError::TooManyRedirects { .. } => "too_many_redirects",
            FetchError::RedirectLoop { .. } => "redirect_loop",
            FetchError::BadRedirect { .. } => "bad_redirect",
            FetchError::TooLarge { .. } => "too_large",
            FetchError::Timeout { .. } => "timeout",
            FetchError::Throttled { .. } => "throttled",
            FetchError::Status { .. } => "http_status",
            FetchError::ContentType { .. } => "content_type",
            FetchError::Connect { .. } => "connect",
            FetchError::Http { .. } => "http",
        }
    }
}

/// Counters since the fetcher started.
#[derive(Debug, Default)]
pub struct Counters {
    pub requests: AtomicU64,
    pub bytes: AtomicU64,
    pub not_modified: AtomicU64,
    pub errors: AtomicU64,
}

/// The one HTTP client of the program.
pub struct Fetcher {
    client: reqwest::Client,
    config: FetchConfig,
    gate: DomainGate,
    robots: RobotsCache,
    pub counters: Counters,
}

/// An answer before its body is read.
struct Answer {
    response: reqwest::Response,
    url: Url,
}

impl Fetcher {
    pub fn new(config: FetchConfig) -> Result<Fetcher, FetchError> {
        // rustls needs one process-wide crypto provider; installing it twice is harmless.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let resolver = GuardedResolver {
            policy: config.addresses.clone(),
            overrides: Arc::new(
                config
                    .resolve
                    .iter()
                    .map(|(k, v)| (k.to_ascii_lowercase(), *v))
                    .collect(),
            ),
        };
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(config.user_agent.clone())
            .connect_timeout(config.connect_timeout)
            .pool_idle_timeout(Duration::from_secs(60))
            .pool_max_idle_per_host(2)
            .dns_resolver(Arc::new(resolver))
            .build()
            .map_err(|e| FetchError::Http {
                url: String::new(),
                message: format!("cannot start the HTTP client: {e}"),
            })?;
        Ok(Fetcher {
            client,
            gate: DomainGate::new(config.domain_interval, config.domain_concurrency),
            config,
            robots: RobotsCache::default(),
            counters: Counters::default(),
        })
    }

    pub fn config(&self) -> &FetchConfig {
        &self.config
    }

    /// Fetches `url` (conditionally when `validators` are given), following redirects.
    pub async fn get(
        &self,
        url: &str,
        want: Want,
        validators: Option<&Validators>,
    ) -> Result<Outcome, FetchError> {
        let result = self.get_inner(url, want, validators).await;
        match &result {
            Ok(Outcome::NotModified { .. }) => {
                self.counters.not_modified.fetch_add(1, Ordering::Relaxed);
            }
            Ok(Outcome::Fetched(f)) => {
                self.counters
                    .bytes
                    .fetch_add(f.body.len() as u64, Ordering::Relaxed);
            }
            Err(_) => {
                self.counters.errors.fetch_add(1, Ordering::Relaxed);
            }
        }
        result
    }

    async fn get_inner(
        &self,
        url: &str,
        want: Want,
        validators: Option<&Validators>,
    ) -> Result<Outcome, FetchError> {
        let start = Url::parse(url.trim()).map_err(|_| FetchError::InvalidUrl(url.to_string()))?;
        let deadline = Instant::now() + self.config.total_timeout;
        let mut current = start;
        let mut chain: Vec<String> = Vec::new();
        let mut seen: HashSet<String> = HashSet::new();
        loop {
            seen.insert(current.as_str().to_string());
            let rules = self.rules_for(&current, deadline).await?;
            let answer = self
                .send(&current, want, validators, rules.crawl_delay(), deadline)
                .await?;
            let status = answer.response.status().as_u16();
            if (300..400).contains(&status) && status != 304 {
                let next = answer
                    .response
                    .headers()
                    .get(header::LOCATION)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|l| current.join(l.trim()).ok())
                    .ok_or_else(|| FetchError::BadRedirect {
                        url: current.to_string(),
                    })?;
                chain.push(current.to_string());
                if seen.contains(next.as_str()) {
                    chain.push(next.to_string());
                    return Err(FetchError::RedirectLoop {
                        url: url.to_string(),
                        chain,
                    });
                }
                if chain.len() > self.config.max_redirects {
                    chain.push(next.to_string());
                    return Err(FetchError::TooManyRedirects {
                        url: url.to_string(),
                        max: self.config.max_redirects,
                        chain,
                    });
                }
                current = next;
                continue;
            }
            return self.finish(answer, want, chain, deadline).await;
        }
    }

    /// The robots.txt rules for `url`'s origin, and whether they allow it.
    async fn rules_for(&self, url: &Url, deadline: Instant) -> Result<Rules, FetchError> {
        check_target(url, &self.config.addresses)?;
        let rules = self.robots(url, deadline).await?;
        match rules.allows(url.as_str()) {
            Ok(true) => Ok(rules),
            Ok(false) => Err(FetchError::DisallowedByRobots {
                url: url.to_string(),
            }),
            Err(reason) => Err(FetchError::RobotsUnavailable {
                url: url.to_string(),
                reason,
            }),
        }
    }

    /// The robots.txt rules of `url`'s origin, fetched when not cached.
    pub async fn robots_rules(&self, url: &Url) -> Rules {
        self.robots(url, Instant::now() + self.config.total_timeout)
            .await
            .unwrap_or(Rules::AllowAll)
    }

    /// The rules of `url`'s origin; an error only when the site's address is refused.
    async fn robots(&self, url: &Url, deadline: Instant) -> Result<Rules, FetchError> {
        if url.path() == "/robots.txt" {
            return Ok(Rules::AllowAll);
        }
        let origin = url.origin().ascii_serialization();
        let slot = self.robots.slot(&origin);
        let mut cached = slot.lock().await;
        if let Some(rules) = robots::fresh(&cached) {
            return Ok(rules);
        }
        let rules = match url.join("/robots.txt") {
            Ok(robots_url) => self.fetch_robots(robots_url, deadline).await?,
            Err(_) => Rules::AllowAll,
        };
        robots::store(&mut cached, rules.clone());
        Ok(rules)
    }

    async fn fetch_robots(&self, mut url: Url, deadline: Instant) -> Result<Rules, FetchError> {
        let agent = self.config.robots_agent.as_str();
        // RFC 9309: follow at least five redirects.
        for _ in 0..5 {
            let answer = match self.send(&url, Want::Listing, None, None, deadline).await {
                Ok(answer) => answer,
                // The site itself is out of bounds: say so rather than blame robots.txt.
                Err(error @ FetchError::Forbidden { .. }) => return Err(error),
                Err(_) => return Ok(robots::rules_from_answer(agent, None, b"")),
            };
            let status = answer.response.status().as_u16();
            if (300..400).contains(&status) {
                let next = answer
                    .response
                    .headers()
                    .get(header::LOCATION)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|l| url.join(l.trim()).ok());
                match next {
                    Some(next) => {
                        url = next;
                        continue;
                    }
                    None => return Ok(robots::rules_from_answer(agent, Some(404), b"")),
                }
            }
            if !(200..300).contains(&status) {
                return Ok(robots::rules_from_answer(agent, Some(status), b""));
            }
            let body = match self
                .read_body(answer, robots::MAX_ROBOTS_BYTES, true, deadline)
                .await
            {
                Ok(body) => body,
                Err(_) => return Ok(robots::rules_from_answer(agent, None, b"")),
            };
            return Ok(robots::rules_from_answer(agent, Some(status), &body));
        }
        // Too many redirects: no rules (RFC 9309 treats it as unavailable → allow).
        Ok(robots::rules_from_answer(agent, Some(404), b""))
    }

    /// Sends one request (one hop) through the domain's gate.
    async fn send(
        &self,
        url: &Url,
        want: Want,
        validators: Option<&Validators>,
        crawl_delay: Option<Duration>,
        deadline: Instant,
    ) -> Result<Answer, FetchError> {
        check_target(url, &self.config.addresses)?;
        let host = url.host_str().unwrap_or_default();
        let domain = registrable_domain(host);
        let pass = tokio::time::timeout_at(deadline, self.gate.enter(&domain, crawl_delay))
            .await
            .map_err(|_| self.timeout(url, TimeoutKind::Total))?;
        let mut request = self.client.get(url.clone()).header(
            header::ACCEPT,
            match want {
                Want::Page => "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.5,*/*;q=0.1",
                Want::Listing => {
                    "application/rss+xml,application/atom+xml,application/feed+json,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.1"
                }
            },
        );
        if let Some(v) = validators {
            if let Some(etag) = &v.etag {
                request = request.header(header::IF_NONE_MATCH, etag);
            }
            if let Some(modified) = &v.last_modified {
                request = request.header(header::IF_MODIFIED_SINCE, modified);
            }
        }
        self.counters.requests.fetch_add(1, Ordering::Relaxed);
        let wait = self.idle_wait(deadline);
        let sent = tokio::time::timeout(wait, request.send()).await;
        // The pass is released when the answer's headers are in (or the request failed); the
        // body is read outside the gate's concurrency, but the next request keeps the
        // interval from now.
        self.gate.finished(&domain, crawl_delay);
        drop(pass);
        let response = match sent {
            Err(_) => return Err(self.timeout_for(url, deadline)),
            Ok(Err(e)) => return Err(self.request_error(url, &e)),
            Ok(Ok(response)) => response,
        };
        Ok(Answer {
            response,
            url: url.clone(),
        })
    }

    async fn finish(
        &self,
        answer: Answer,
        want: Want,
        redirects: Vec<String>,
        deadline: Instant,
    ) -> Result<Outcome, FetchError> {
        let url = answer.url.clone();
        let status = answer.response.status().as_u16();
        let headers = answer.response.headers().clone();
        let validators = Validators::from_headers(&headers);
        let max_age = max_age(&headers);
        if status == 304 {
            return Ok(Outcome::NotModified {
                final_url: url,
                validators,
                max_age,
            });
        }
        if status == 429 || status == 503 {
            return Err(FetchError::Throttled {
                url: url.to_string(),
                status,
                retry_after: retry_after(&headers, jiff::Timestamp::now()),
            });
        }
        if !(200..300).contains(&status) {
            return Err(FetchError::Status {
                url: url.to_string(),
                status,
            });
        }
        let content_type = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        if let Some(found) = &content_type
            && !acceptable(want, found)
        {
            return Err(FetchError::ContentType {
                url: url.to_string(),
                found: found.clone(),
                wanted: match want {
                    Want::Page => "a web page",
                    Want::Listing => "a feed or sitemap",
                },
            });
        }
        let ip = answer.response.remote_addr().map(|a| a.ip());
        let body = self
            .read_body(answer, self.config.max_body_bytes, false, deadline)
            .await?;
        Ok(Outcome::Fetched(Box::new(Fetched {
            final_url: url,
            status,
            headers: headers
                .iter()
                .filter_map(|(k, v)| Some((k.as_str().to_string(), v.to_str().ok()?.to_string())))
                .collect(),
            content_type,
            body,
            validators,
            max_age,
            ip,
            fetched_at: jiff::Timestamp::now(),
            redirects,
        })))
    }

    /// Reads the body, decompressed, up to `limit` bytes: beyond it, an error or (for
    /// robots.txt) the first `limit` bytes.
    async fn read_body(
        &self,
        answer: Answer,
        limit: u64,
        truncate: bool,
        deadline: Instant,
    ) -> Result<Vec<u8>, FetchError> {
        let Answer { mut response, url } = answer;
        let encoded = response.headers().contains_key(header::CONTENT_ENCODING);
        let declared = if encoded {
            None
        } else {
            response.content_length()
        };
        if let Some(length) = declared
            && length > limit
            && !truncate
        {
            return Err(FetchError::TooLarge {
                url: url.to_string(),
                limit,
            });
        }
        let mut body: Vec<u8> =
            Vec::with_capacity(declared.unwrap_or(16 * 1024).min(limit) as usize);
        loop {
            let wait = self.idle_wait(deadline);
            let chunk = match tokio::time::timeout(wait, response.chunk()).await {
                Err(_) => return Err(self.timeout_for(&url, deadline)),
                Ok(Err(e)) => return Err(self.request_error(&url, &e)),
                Ok(Ok(None)) => break,
                Ok(Ok(Some(chunk))) => chunk,
            };
            if body.len() as u64 + chunk.len() as u64 > limit {
                if truncate {
                    let room = (limit as usize).saturating_sub(body.len());
                    body.extend_from_slice(&chunk[..room.min(chunk.len())]);
                    break;
                }
                return Err(FetchError::TooLarge {
                    url: url.to_string(),
                    limit,
                });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }

    fn idle_wait(&self, deadline: Instant) -> Duration {
        deadline
            .saturating_duration_since(Instant::now())
            .min(self.config.idle_timeout)
    }

    fn timeout_for(&self, url: &Url, deadline: Instant) -> FetchError {
        if Instant::now() >= deadline {
            self.timeout(url, TimeoutKind::Total)
        } else {
            self.timeout(url, TimeoutKind::Idle)
        }
    }

    fn timeout(&self, url: &Url, kind: TimeoutKind) -> FetchError {
        FetchError::Timeout {
            url: url.to_string(),
            kind,
            after: match kind {
                TimeoutKind::Total => self.config.total_timeout,
                TimeoutKind::Idle => self.config.idle_timeout,
            },
        }
    }

    fn request_error(&self, url: &Url, error: &reqwest::Error) -> FetchError {
        let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
        let mut parts: Vec<String> = Vec::new();
        while let Some(e) = source {
            if let Some(refused) = e.downcast_ref::<ResolveError>() {
                return match refused {
                    ResolveError::Forbidden { .. } => FetchError::Forbidden {
                        url: url.to_string(),
                        reason: refused.to_string(),
                    },
                    ResolveError::NoAddress { .. } => FetchError::Connect {
                        url: url.to_string(),
                        message: refused.to_string(),
                    },
                };
            }
            let text = e.to_string();
            if parts.last() != Some(&text) {
                parts.push(text);
            }
            source = e.source();
        }
        let message = parts.join(": ");
        if error.is_timeout() {
            return self.timeout(url, TimeoutKind::Idle);
        }
        if error.is_connect() {
            FetchError::Connect {
                url: url.to_string(),
                message,
            }
        } else {
            FetchError::Http {
                url: url.to_string(),
                message,
            }
        }
    }
}

/// Refuses URLs that are not http(s) or name a forbidden IP address directly (names are
/// checked by the resolver).
fn check_target(url: &Url, policy: &AddressPolicy) -> Result<(), FetchError> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(FetchError::Scheme {
            url: url.to_string(),
        });
    }
    let ip = match url.host() {
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip),
        Some(url::Host::Domain(_)) => return Ok(()),
        None => return Err(FetchError::InvalidUrl(url.to_string())),
    };
    if policy.permits(ip) {
        Ok(())
    } else {
        Err(FetchError::Forbidden {
            url: url.to_string(),
            reason: format!("{ip} is not a public address"),
        })
    }
}

/// Whether a response of `content_type` can be what `want` asks for.
pub fn acceptable(want: Want, content_type: &str) -> bool {
    let mime = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if mime.is_empty() || mime.starts_with("text/") {
        return true;
    }
    match want {
        Want::Page => matches!(
            mime.as_str(),
            "application/xhtml+xml" | "application/xml" | "application/octet-stream"
        ),
        Want::Listing => {
            mime.contains("xml")
                || mime.contains("json")
                || matches!(
                    mime.as_str(),
                    "application/gzip" | "application/x-gzip" | "application/octet-stream"
                )
        }
    }
}

/// `Cache-Control: max-age` (none when the answer must not be reused).
fn max_age(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(header::CACHE_CONTROL)?.to_str().ok()?;
    let mut age = None;
    for directive in value.split(',') {
        let directive = directive.trim().to_ascii_lowercase();
        if directive == "no-store" || directive == "no-cache" {
            return None;
        }
        if let Some(seconds) = directive.strip_prefix("max-age=") {
            age = seconds
                .trim_matches('"')
                .parse::<u64>()
                .ok()
                .map(Duration::from_secs);
        }
    }
    age
}

/// `Retry-After` as seconds or an HTTP date.
pub fn retry_after(headers: &HeaderMap, now: jiff::Timestamp) -> Option<Duration> {
    let value = headers.get(header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = jiff::fmt::rfc2822::parse(value).ok()?.timestamp();
    let seconds = when.as_second() - now.as_second();
    Some(Duration::from_secs(seconds.max(0) as u64))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn content_types_follow_what_is_wanted() {
        assert!(acceptable(Want::Page, "text/html; charset=utf-8"));
        assert!(acceptable(Want::Page, "application/xhtml+xml"));
        assert!(!acceptable(Want::Page, "application/pdf"));
        assert!(!acceptable(Want::Page, "image/jpeg"));
        assert!(acceptable(Want::Listing, "application/rss+xml"));
        assert!(acceptable(Want::Listing, "application/feed+json"));
        assert!(acceptable(Want::Listing, "application/x-gzip"));
        assert!(!acceptable(Want::Listing, "video/mp4"));
        assert!(acceptable(Want::Listing, ""));
    }

    #[test]
    fn cache_and_retry_headers_are_read() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=300"),
        );
        assert_eq!(max_age(&headers), Some(Duration::from_secs(300)));
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-cache, max-age=300"),
        );
        assert_eq!(max_age(&headers), None);
        let now: jiff::Timestamp = "2026-11-21T10:00:00Z".parse().unwrap();
        headers.insert(header::RETRY_AFTER, HeaderValue::from_static("120"));
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(120)));
        headers.insert(
            header::RETRY_AFTER,
            HeaderValue::from_static("Sat, 21 Nov 2026 10:01:30 GMT"),
        );
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(90)));
        headers.insert(header::RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&headers, now), None);
    }

    #[test]
    fn targets_are_checked_before_any_request() {
        let strict = AddressPolicy::default();
        let check = |u: &str| check_target(&Url::parse(u).unwrap(), &strict);
        assert!(matches!(
            check("http://169.254.169.254/latest/meta-data"),
            Err(FetchError::Forbidden { .. })
        ));
        assert!(matches!(
            check("http://[::1]:8080/"),
            Err(FetchError::Forbidden { .. })
        ));
        assert!(matches!(
            check("ftp://example.com/"),
            Err(FetchError::Scheme { .. })
        ));
        assert!(check("https://93.184.216.34/").is_ok());
        assert!(check("https://news.example/").is_ok());
    }

    #[test]
    fn transient_errors_are_told_apart() {
        let url = "https://x.example/".to_string();
        assert!(
            FetchError::Status {
                url: url.clone(),
                status: 502
            }
            .is_transient()
        );
        assert!(
            !FetchError::Status {
                url: url.clone(),
                status: 404
            }
            .is_transient()
        );
        assert!(
            !FetchError::Forbidden {
                url: url.clone(),
                reason: String::new()
            }
            .is_transient()
        );
    }
}
