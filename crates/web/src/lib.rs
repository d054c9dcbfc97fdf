//! The newsroom: `corroborate serve`.
//!
//! One axum router serves three things from the same store:
//! - the JSON API under `/api` (described by the OpenAPI document at `/api/openapi.json`),
//! - the web pages (askama templates and one small script, no build step),
//! - `/healthz` and Prometheus `/metrics`.
//!
//! Reads go to a small pool of SQLite connections on blocking threads; writes (decisions,
//! sessions) take the store's write lock like every other writer, so `corroborate watch` can
//! fill the same store meanwhile. A background task keeps every story's built report current
//! (`refresh`) and tells the live pages when stories changed.

mod api;
mod auth;
pub mod chart;
mod error;
mod metrics;
mod pages;
mod pool;
mod refresh;

pub use api::{ApiDoc, openapi_document};
pub use error::ApiError;
pub use pool::Pool;

use axum::Router;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

/// How the newsroom runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// The store file.
    pub store: PathBuf,
    /// Whether people who are not logged in may read. They may never write.
    pub public_read: bool,
    /// Whether the session cookie is marked `Secure` (set when served over HTTPS, directly or
    /// behind a proxy).
    pub secure_cookies: bool,
    /// How long a login lasts.
    pub session_ttl: Duration,
    /// Connections for reading.
    pub readers: usize,
    /// How often the background task looks for stories whose report is stale.
    pub refresh_every: Duration,
}

impl Config {
    pub fn new(store: PathBuf) -> Config {
        Config {
            store,
            public_read: true,
            secure_cookies: false,
            session_ttl: Duration::from_secs(12 * 3600),
            readers: 4,
            refresh_every: Duration::from_secs(2),
        }
    }
}

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub(crate) config: Arc<Config>,
    pub(crate) pool: Arc<Pool>,
    /// Bumped whenever the story list may have changed; the live pages listen to it.
    pub(crate) changes: watch::Sender<u64>,
    /// Set when the server is stopping, so open event streams end and the stop is prompt.
    pub(crate) stopping: watch::Sender<bool>,
    pub(crate) metrics: Arc<metrics::Metrics>,
    pub(crate) throttle: Arc<auth::LoginThrottle>,
}

impl AppState {
    /// Opens the store (creating or upgrading it) and its reader pool.
    pub fn open(config: Config) -> Result<AppState, ApiError> {
        let pool = Pool::open(&config.store, config.readers.max(1))?;
        let (changes, _) = watch::channel(0);
        let (stopping, _) = watch::channel(false);
        Ok(AppState {
            config: Arc::new(config),
            pool: Arc::new(pool),
            changes,
            stopping,
            metrics: Arc::new(metrics::Metrics::new()),
            throttle: Arc::new(auth::LoginThrottle::default()),
        })
    }

    /// Builds every stale report now (the server does this in the background; tests and the
    /// CLI call it to start from a current store).
    pub async fn refresh_all(&self) -> Result<usize, ApiError> {
        refresh::refresh_stale(self, usize::MAX).await
    }
}

/// The whole application: API, pages, health and metrics.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(api::routes())
        .merge(pages::routes())
        .merge(metrics::routes())
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn(security_headers))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .with_state(state)
}

/// Headers that keep a browser from doing more than the pages mean: only this site's own
/// script and style run (an injected inline script would not, were escaping ever to fail),
/// no framing, no type sniffing, no referrer sent elsewhere.
async fn security_headers(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::http::HeaderValue;
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    for (name, value) in [
        (
            "content-security-policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        ("referrer-policy", "same-origin"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

/// Serves the newsroom on `addr` until `shutdown` resolves, keeping reports current in the
/// background. Calls `ready` with the bound address once it listens.
pub async fn serve(
    state: AppState,
    addr: SocketAddr,
    ready: impl FnOnce(SocketAddr),
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), ApiError> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| ApiError::internal(format!("cannot listen on {addr}: {e}")))?;
    let bound = listener
        .local_addr()
        .map_err(|e| ApiError::internal(format!("cannot read the bound address: {e}")))?;
    let refresher = tokio::spawn(refresh::run(state.clone()));
    ready(bound);
    let stopping = state.stopping.clone();
    let shutdown = async move {
        shutdown.await;
        // Event streams never end by themselves; they end now, so connections can close.
        stopping.send_replace(true);
    };
    let result = axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(|e| ApiError::internal(format!("server failed: {e}")));
    refresher.abort();
    result
}
