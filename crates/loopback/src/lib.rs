//! A real HTTP server on 127.0.0.1 that plays many news sites at once, for the tests and the
//! benchmark of a feed poller. It is test tooling: the program's own code never uses it.
//!
//! The client resolves every host name (`site3.test`, `wire.test`...) to the server's address
//! and the server tells the sites apart by the `Host` header. Everything a host serves is made
//! up on the spot from its name, the [`SiteConfig`] and the time since the server started, so
//! two runs with the same configuration serve the same pages at the same moments. Nothing is
//! stored but the request log.
//!
//! Every host serves a well-behaved news site:
//! - `/robots.txt` (disallows `/private/`, optional `Crawl-delay`, names the sitemap);
//! - `/`, a home page that links its feeds (`<link rel="alternate">`);
//! - `/feeds/{j}.xml` (RSS 2.0), `/atom.xml`, `/rss1.rdf` (RSS 1.0), `/feed.json` (JSON Feed);
//! - `/sitemap.xml`, an index of `/sitemap-articles.xml.gz` (a gzip file) and
//!   `/news-sitemap.xml` (a Google News sitemap);
//! - `/articles/{j}/{n}.html`, news articles of about [`SiteConfig::article_bytes`];
//! - `/private/...`, a page robots.txt forbids.
//!
//! Feeds, sitemaps, articles, the home page and robots.txt answer conditional GET: a strong
//! `ETag` (a hash of the bytes), `Last-Modified` (the newest item), and `304 Not Modified`.
//!
//! And every host serves the same hostile pages: `/slow/article.html` (one byte a second),
//! `/stall` (no answer), redirect loops and chains, `/redirect/to?url=` (for SSRF checks),
//! `/huge.html` (2 GiB), gzip bombs, a page that is not a feed, random bytes, 429 and 503 with
//! `Retry-After`, legacy and mislabelled charsets, a PDF, and `/status/{code}`.
//!
//! Times on the wire (`Date`, `Last-Modified`, feed dates) follow the server's clock: the
//! configured epoch (2026-11-21T00:00:00Z by default) plus the time since the start. HTTP
//! dates have whole seconds, so when a feed gains articles more often than once a second, two
//! versions of it can share a `Last-Modified`; the `ETag` always tells them apart.
//!
//! A benchmark that runs the server in another process (the `loopback-server` binary) reaches
//! the log and the ground truth through the control host, [`CONTROL_HOST`].

mod body;
mod bomb;
mod control;
mod hostile;
mod log;
mod prose;
mod routes;
mod schedule;
mod server;
mod site;
mod util;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};

use jiff::Timestamp;
use tokio::sync::oneshot;

pub use crate::log::RequestRecord;
use crate::server::App;

/// The host that answers questions about the server itself instead of playing a site, for a
/// client in another process. Its requests are not logged. Paths:
/// - `GET /published`: [`LoopbackServer::published_articles`], one URL per line;
/// - `GET /requests`: [`LoopbackServer::requests`] as JSON Lines (`at_ms` for `at`);
/// - `GET /max-requests-in-window?host=H&window_ms=W`, `GET /max-concurrent?host=H`: a number;
///   without `host`, one `host<TAB>number` line per host;
/// - `/down?host=H&down=true` (or `false`) and `/clear-requests`, any method.
pub const CONTROL_HOST: &str = "loopback.control";

/// The size `/huge.html` announces in `Content-Length` and streams: 2 GiB.
pub const HUGE_SIZE: u64 = routes::HUGE_SIZE;

/// The size the gzip bombs inflate to: 1 GiB.
pub const GZIP_BOMB_INFLATED_SIZE: u64 = bomb::INFLATED_SIZE;

/// How the simulated sites behave.
#[derive(Clone, Debug)]
pub struct SiteConfig {
    /// The hosts named `site{i}.test` for `i` in `0..hosts`: the ones
    /// [`LoopbackServer::published_articles`] always covers. Any other host name is served too.
    pub hosts: usize,
    /// RSS feeds per host, at `/feeds/{j}.xml` for `j` in `0..feeds_per_host`. The Atom,
    /// RSS 1.0 and JSON feeds and the sitemaps list the newest articles of all of them.
    pub feeds_per_host: usize,
    /// Each feed publishes a new article this often, from the start of the server. Each feed
    /// is offset by its own fraction of the interval, so feeds do not all publish at once.
    pub new_article_every: Duration,
    /// How many of the newest articles a feed lists; it is also the backlog every feed already
    /// has when the server starts.
    pub items_per_feed: usize,
    /// `Crawl-delay` in every robots.txt; `None` writes no such line.
    pub crawl_delay: Option<u32>,
    /// About how many bytes an article page has.
    pub article_bytes: usize,
    /// The server's clock reads this at the start. Tests that compare `Retry-After` or
    /// `Last-Modified` with the machine's clock can set it to `SystemTime::now()`.
    pub epoch: SystemTime,
}

impl Default for SiteConfig {
    fn default() -> SiteConfig {
        SiteConfig {
            hosts: 10,
            feeds_per_host: 1,
            new_article_every: Duration::from_secs(60),
            items_per_feed: 20,
            crawl_delay: None,
            article_bytes: 8 * 1024,
            epoch: SystemTime::from(default_epoch()),
        }
    }
}

/// 2026-11-21T00:00:00Z.
fn default_epoch() -> Timestamp {
    Timestamp::constant(1_795_219_200, 0)
}

/// The name of configured host `index`: `site{index}.test`.
pub fn host_name(index: usize) -> String {
    format!("site{index}.test")
}

/// A running server. Dropping it shuts it down, like [`LoopbackServer::shutdown`].
pub struct LoopbackServer {
    addr: SocketAddr,
    app: Arc<App>,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl LoopbackServer {
    /// Starts on 127.0.0.1 on a free port, in its own thread with its own tokio runtime (so
    /// synchronous tests and benchmarks can use it). Returns once the port is listening.
    pub fn start(config: SiteConfig) -> std::io::Result<LoopbackServer> {
        let listener = std::net::TcpListener::bind(("127.0.0.1", 0))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("loopback-worker")
            .enable_all()
            .build()?;
        let listener = {
            let _entered = runtime.enter();
            tokio::net::TcpListener::from_std(listener)?
        };
        let app = Arc::new(App::new(config, addr.port(), Instant::now()));
        let router = routes::router(Arc::clone(&app));
        let (stop, stopped) = oneshot::channel();
        let loop_app = Arc::clone(&app);
        let thread = std::thread::Builder::new()
            .name("loopback-server".to_string())
            .spawn(move || {
                runtime.block_on(server::accept_loop(listener, loop_app, router, stopped));
                // Dropping the runtime drops every connection task, which closes its socket.
                runtime.shutdown_timeout(Duration::from_secs(1));
            })?;
        Ok(LoopbackServer {
            addr,
            app,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://{host}:{port}{path}`.
    pub fn url(&self, host: &str, path: &str) -> String {
        format!("http://{host}:{}{path}", self.addr.port())
    }

    /// The time since the server started: the clock the schedule and the log use.
    pub fn elapsed(&self) -> Duration {
        self.app.start.elapsed()
    }

    /// Every request served so far, in arrival order (control-host requests excluded).
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.app.log.records()
    }

    /// Empties the request log and restarts each host's concurrency maximum from the requests
    /// still in flight.
    pub fn clear_requests(&self) {
        self.app.log.clear();
    }

    /// The largest number of logged requests to `host` that arrived less than `window` apart
    /// (a sliding window over the arrival times).
    pub fn max_requests_in_window(&self, host: &str, window: Duration) -> usize {
        self.app.log.max_in_window(host, window)
    }

    /// [`LoopbackServer::max_requests_in_window`] for every host in the log at once, in one
    /// pass over the log (for checking thousands of hosts after a benchmark).
    pub fn max_requests_in_window_per_host(&self, window: Duration) -> HashMap<String, usize> {
        self.app.log.max_in_window_per_host(window)
    }

    /// How many requests to `host` are being served now: arrived, and their response body
    /// neither finished nor abandoned.
    pub fn in_flight(&self, host: &str) -> usize {
        self.app.log.in_flight(host)
    }

    /// [`LoopbackServer::max_concurrent`] for every host that was ever requested.
    pub fn max_concurrent_per_host(&self) -> HashMap<String, usize> {
        self.app.log.max_concurrent_per_host()
    }

    /// The most requests to `host` the server was serving at the same time (since the last
    /// [`LoopbackServer::clear_requests`]). A request counts from its arrival until its
    /// response body is finished or abandoned.
    pub fn max_concurrent(&self, host: &str) -> usize {
        self.app.log.max_concurrent(host)
    }

    /// Every article URL published so far, over all feeds: the configured hosts in order,
    /// then any other host that was served feeds or articles; each feed's articles oldest
    /// first. The ground truth for "no article was lost".
    pub fn published_articles(&self) -> Vec<String> {
        self.app.published_articles()
    }

    /// Changes article `number` of feed `feed` of `host` from now on: its headline gains
    /// "(updated)" and a new first paragraph gives a higher death toll; the Atom feed's
    /// `<updated>`, the page's `dateModified` and `Last-Modified` give the time (a watcher
    /// learns of it from the Atom feed).
    pub fn revise_article(&self, host: &str, feed: usize, number: u64) {
        self.app.revise(host, feed, number);
    }

    /// While a host is down, every request for it gets its connection closed without any
    /// response (the client sees the connection end before a status line). It applies to new
    /// requests, on new and kept-alive connections alike; responses already under way go on.
    /// Those requests are logged with status 0.
    pub fn set_down(&self, host: &str, down: bool) {
        self.app.set_down(host, down);
    }

    /// Stops listening and closes every connection: afterwards, connecting is refused.
    pub fn shutdown(self) {
        drop(self);
    }

    fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for LoopbackServer {
    fn drop(&mut self) {
        self.stop();
    }
}
