//! The control host, `loopback.control`: what the `LoopbackServer` methods offer, over HTTP,
//! for a client that runs the server in another process (the `loopback-server` binary).
//! Requests to it are not logged.
//!
//! - `GET /published`: the published article URLs, one per line;
//! - `GET /requests`: the request log as JSON Lines;
//! - `GET /max-requests-in-window?host=H&window_ms=W` and `GET /max-concurrent?host=H`: a
//!   number; without `host`, one `host<TAB>number` line per host;
//! - `/down?host=H&down=true` (or `false`), any method: marks a host down or up;
//! - `/clear-requests`, any method: empties the log.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::time::Duration;

use axum::body::Body;
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderValue, Request, Response, StatusCode};

use crate::server::App;

fn plain(status: StatusCode, body: String) -> Response<Body> {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

/// One `host<TAB>count` line per host, sorted by host.
fn per_host(counts: HashMap<String, usize>) -> Response<Body> {
    let mut counts: Vec<(String, usize)> = counts.into_iter().collect();
    counts.sort_unstable();
    let mut text = String::new();
    for (host, count) in counts {
        let _ = writeln!(text, "{host}\t{count}");
    }
    plain(StatusCode::OK, text)
}

fn parameter(query: Option<&str>, name: &str) -> Option<String> {
    url::form_urlencoded::parse(query?.as_bytes())
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

pub(crate) async fn respond<B>(app: &App, request: Request<B>) -> Response<Body> {
    let query = request.uri().query();
    match request.uri().path() {
        "/published" => {
            let mut text = String::new();
            for url in app.published_articles() {
                text.push_str(&url);
                text.push('\n');
            }
            plain(StatusCode::OK, text)
        }
        "/requests" => {
            let mut text = String::new();
            for record in app.log.records() {
                let line = serde_json::json!({
                    "at_ms": record.at.as_secs_f64() * 1000.0,
                    "host": record.host,
                    "method": record.method,
                    "path": record.path,
                    "status": record.status,
                    "if_none_match": record.if_none_match,
                    "if_modified_since": record.if_modified_since,
                    "user_agent": record.user_agent,
                    "bytes": record.bytes,
                });
                let _ = writeln!(text, "{line}");
            }
            let mut response = plain(StatusCode::OK, text);
            response.headers_mut().insert(
                CONTENT_TYPE,
                HeaderValue::from_static("application/jsonl; charset=utf-8"),
            );
            response
        }
        "/max-requests-in-window" => {
            let window = parameter(query, "window_ms").and_then(|ms| ms.parse::<u64>().ok());
            let Some(window) = window.map(Duration::from_millis) else {
                return plain(StatusCode::BAD_REQUEST, "need window_ms\n".into());
            };
            match parameter(query, "host") {
                Some(host) => plain(
                    StatusCode::OK,
                    format!("{}\n", app.log.max_in_window(&host, window)),
                ),
                None => per_host(app.log.max_in_window_per_host(window)),
            }
        }
        "/max-concurrent" => match parameter(query, "host") {
            Some(host) => plain(
                StatusCode::OK,
                format!("{}\n", app.log.max_concurrent(&host)),
            ),
            None => per_host(app.log.max_concurrent_per_host()),
        },
        "/down" => {
            let host = parameter(query, "host");
            let down = match parameter(query, "down").as_deref() {
                Some("true" | "1") | None => Some(true),
                Some("false" | "0") => Some(false),
                Some(_) => None,
            };
            match (host, down) {
                (Some(host), Some(down)) => {
                    app.set_down(&host, down);
                    plain(StatusCode::OK, "ok\n".into())
                }
                _ => plain(
                    StatusCode::BAD_REQUEST,
                    "need host and down=true|false\n".into(),
                ),
            }
        }
        "/clear-requests" => {
            app.log.clear();
            plain(StatusCode::OK, "ok\n".into())
        }
        _ => plain(StatusCode::NOT_FOUND, "unknown control path\n".into()),
    }
}
