//! `/healthz` and Prometheus `/metrics`: requests by route and status with their latency, and
//! the store's totals read when scraped. Every response also carries its server time in a
//! `Server-Timing` header.

use crate::{ApiError, AppState};
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use serde::Serialize;
use std::time::Instant;
use store::NewsroomStore;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct TotalLabels {
    what: String,
}

pub(crate) struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram>,
    totals: Family<TotalLabels, Gauge>,
}

impl Metrics {
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("corroborate");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency = Family::<RouteLabels, Histogram>::new_with_constructor(|| {
            Histogram::new(exponential_buckets(0.0005, 2.0, 16))
        });
        let totals = Family::<TotalLabels, Gauge>::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by method, route and status",
            requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "Time from request to response head, by route",
            latency.clone(),
        );
        registry.register(
            "store_items",
            "What the store holds: articles, stories, built reports, stale reports, disputed and pending facts, decisions, sources",
            totals.clone(),
        );
        Metrics {
            registry,
            requests,
            latency,
            totals,
        }
    }
}

/// Counts and times every request (by its route pattern, so ids do not explode the labels).
pub(crate) async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().to_string();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string())
        .unwrap_or_else(|| "unmatched".to_string());
    let mut response = next.run(request).await;
    let elapsed = started.elapsed();
    state
        .metrics
        .requests
        .get_or_create(&RequestLabels {
            method,
            route: route.clone(),
            status: response.status().as_u16(),
        })
        .inc();
    state
        .metrics
        .latency
        .get_or_create(&RouteLabels { route })
        .observe(elapsed.as_secs_f64());
    if let Ok(value) =
        HeaderValue::from_str(&format!("app;dur={:.3}", elapsed.as_secs_f64() * 1000.0))
    {
        response.headers_mut().insert("server-timing", value);
    }
    response
}

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
}

#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct Health {
    /// `ok` when the store answers.
    pub status: &'static str,
    pub articles: usize,
    pub stories: usize,
    /// Stories whose report is still being built.
    pub stale_reports: usize,
}

/// Whether the server and its store answer.
#[utoipa::path(get, path = "/healthz", tag = "health",
    responses((status = 200, body = Health), (status = 503, body = crate::error::ErrorBody)))]
pub(crate) async fn healthz(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    let version = pipeline::report_inputs_version();
    let counts = state
        .pool
        .run(move |store| Ok(store.newsroom_counts(&version)?))
        .await
        .map_err(|e| ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", e.message))?;
    Ok(Json(Health {
        status: "ok",
        articles: counts.articles,
        stories: counts.stories,
        stale_reports: counts.stale_reports,
    }))
}

async fn metrics(State(state): State<AppState>) -> Result<Response, ApiError> {
    let version = pipeline::report_inputs_version();
    let counts = state
        .pool
        .run(move |store| Ok(store.newsroom_counts(&version)?))
        .await?;
    for (what, value) in [
        ("articles", counts.articles),
        ("stories", counts.stories),
        ("reports", counts.reports),
        ("stale_reports", counts.stale_reports),
        ("disputed_facts", counts.disputed_facts),
        ("pending_facts", counts.pending_facts),
        ("decisions", counts.decisions),
        ("sources", counts.sources),
    ] {
        state
            .metrics
            .totals
            .get_or_create(&TotalLabels {
                what: what.to_string(),
            })
            .set(value as i64);
    }
    let mut text = String::new();
    prometheus_client::encoding::text::encode(&mut text, &state.metrics.registry)
        .map_err(|e| ApiError::internal(format!("encoding metrics: {e}")))?;
    Ok((
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        text,
    )
        .into_response())
}
