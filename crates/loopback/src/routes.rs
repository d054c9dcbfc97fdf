//! The routes every host serves, well-behaved and hostile, and conditional GET.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Extension, Path, RawQuery, State};
use axum::http::header::{
    CACHE_CONTROL, CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE, ETAG, HeaderName,
    IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED, LOCATION, RETRY_AFTER,
};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::Response;
use axum::routing::get;
use bytes::Bytes;

use crate::body::{Endless, Trickle};
use crate::server::{App, Visit};
use crate::site::{Page, http_date, parse_http_date, whole_seconds};
use crate::util::hash64;
use crate::{bomb, hostile};

/// The size `/huge.html` announces and streams.
pub(crate) const HUGE_SIZE: u64 = 2 * 1024 * 1024 * 1024;

/// How long `/stall` keeps a request waiting.
const STALL: Duration = Duration::from_secs(3600);

pub(crate) fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/robots.txt", get(robots))
        .route("/", get(home))
        .route("/feeds/{file}", get(rss))
        .route("/atom.xml", get(atom))
        .route("/rss1.rdf", get(rss1))
        .route("/feed.json", get(json_feed))
        .route("/sitemap.xml", get(sitemap_index))
        .route("/sitemap-articles.xml.gz", get(sitemap_articles))
        .route("/news-sitemap.xml", get(news_sitemap))
        .route("/articles/{feed}/{file}", get(article))
        .route("/private/", get(private))
        .route("/private/{*rest}", get(private))
        .route("/slow/article.html", get(slow))
        .route("/stall", get(stall))
        .route(
            "/redirect/loop-a",
            get(|| async { redirect("/redirect/loop-b") }),
        )
        .route(
            "/redirect/loop-b",
            get(|| async { redirect("/redirect/loop-a") }),
        )
        .route("/redirect/chain/{step}", get(redirect_chain))
        .route("/redirect/to", get(redirect_to))
        .route("/huge.html", get(|| async { huge(true) }))
        .route("/huge-chunked.html", get(|| async { huge(false) }))
        .route(
            "/gzip-bomb.html",
            get(|| async { gzip_bomb("text/html; charset=utf-8") }),
        )
        .route(
            "/gzip-bomb.xml",
            get(|| async { gzip_bomb("application/xml; charset=utf-8") }),
        )
        .route("/not-a-feed.xml", get(not_a_feed))
        .route("/garbage.xml", get(garbage))
        .route("/throttled", get(throttled))
        .route("/unavailable", get(unavailable))
        .route(
            "/latin1.html",
            get(|| async { bytes(StatusCode::OK, "text/html", hostile::latin1_page()) }),
        )
        .route(
            "/wrong-charset.html",
            get(|| async {
                bytes(
                    StatusCode::OK,
                    "text/html; charset=utf-8",
                    hostile::wrong_charset_page(),
                )
            }),
        )
        .route(
            "/shift_jis.html",
            get(|| async { bytes(StatusCode::OK, "text/html", hostile::shift_jis_page()) }),
        )
        .route("/binary.pdf", get(binary_pdf))
        .route("/status/{code}", get(status))
        .fallback(|| async { text(StatusCode::NOT_FOUND, "not found\n") })
        .with_state(app)
}

fn set_header(response: &mut Response, name: HeaderName, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        response.headers_mut().insert(name, value);
    }
}

fn bytes(status: StatusCode, content_type: &'static str, body: impl Into<Bytes>) -> Response {
    let mut response = Response::new(Body::from(body.into()));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

fn text(status: StatusCode, body: &'static str) -> Response {
    bytes(status, "text/plain; charset=utf-8", body)
}

/// Whether an `If-None-Match` value names `etag` (weak comparison, as RFC 9110 asks for
/// `If-None-Match`).
fn etag_matches(header: &HeaderValue, etag: &str) -> bool {
    let Ok(header) = header.to_str() else {
        return false;
    };
    header.split(',').map(str::trim).any(|candidate| {
        candidate == "*" || candidate.strip_prefix("W/").unwrap_or(candidate) == etag
    })
}

/// A page with a strong `ETag` (a hash of its bytes) and `Last-Modified`, or `304 Not
/// Modified` when the request's validators show the client has it. `If-None-Match` wins over
/// `If-Modified-Since` when both are sent.
fn conditional(headers: &HeaderMap, page: Page, cache_control: Option<&'static str>) -> Response {
    let etag = format!("\"{:016x}\"", hash64(&[&page.body]));
    let last_modified = whole_seconds(page.last_modified);
    let not_modified = match headers.get(IF_NONE_MATCH) {
        Some(value) => etag_matches(value, &etag),
        None => headers
            .get(IF_MODIFIED_SINCE)
            .and_then(|value| value.to_str().ok())
            .and_then(parse_http_date)
            .is_some_and(|since| since >= last_modified),
    };
    let mut response = if not_modified {
        let mut response = Response::new(Body::empty());
        *response.status_mut() = StatusCode::NOT_MODIFIED;
        response
    } else {
        bytes(StatusCode::OK, page.content_type, page.body)
    };
    set_header(&mut response, ETAG, &etag);
    set_header(&mut response, LAST_MODIFIED, &http_date(last_modified));
    if let Some(cache_control) = cache_control {
        response
            .headers_mut()
            .insert(CACHE_CONTROL, HeaderValue::from_static(cache_control));
    }
    response
}

const FEED_CACHE: Option<&str> = Some("max-age=60");

type AppState = State<Arc<App>>;
type HostVisit = Extension<Visit>;

async fn robots(State(app): AppState, Extension(visit): HostVisit, headers: HeaderMap) -> Response {
    conditional(&headers, app.site(&visit).robots(), None)
}

async fn home(State(app): AppState, Extension(visit): HostVisit, headers: HeaderMap) -> Response {
    app.note_content_host(&visit.host);
    conditional(&headers, app.site(&visit).home(), None)
}

async fn rss(
    State(app): AppState,
    Extension(visit): HostVisit,
    headers: HeaderMap,
    Path(file): Path<String>,
) -> Response {
    let feed = file
        .strip_suffix(".xml")
        .and_then(|number| number.parse::<usize>().ok());
    match feed.and_then(|feed| app.site(&visit).rss(feed)) {
        Some(page) => {
            app.note_content_host(&visit.host);
            conditional(&headers, page, FEED_CACHE)
        }
        None => text(StatusCode::NOT_FOUND, "no such feed\n"),
    }
}

async fn atom(State(app): AppState, Extension(visit): HostVisit, headers: HeaderMap) -> Response {
    app.note_content_host(&visit.host);
    conditional(&headers, app.site(&visit).atom(), FEED_CACHE)
}

async fn rss1(State(app): AppState, Extension(visit): HostVisit, headers: HeaderMap) -> Response {
    app.note_content_host(&visit.host);
    conditional(&headers, app.site(&visit).rss1(), FEED_CACHE)
}

async fn json_feed(
    State(app): AppState,
    Extension(visit): HostVisit,
    headers: HeaderMap,
) -> Response {
    app.note_content_host(&visit.host);
    conditional(&headers, app.site(&visit).json_feed(), FEED_CACHE)
}

async fn sitemap_index(
    State(app): AppState,
    Extension(visit): HostVisit,
    headers: HeaderMap,
) -> Response {
    app.note_content_host(&visit.host);
    conditional(&headers, app.site(&visit).sitemap_index(), FEED_CACHE)
}

async fn sitemap_articles(
    State(app): AppState,
    Extension(visit): HostVisit,
    headers: HeaderMap,
) -> Response {
    app.note_content_host(&visit.host);
    conditional(&headers, app.site(&visit).sitemap_articles_gz(), FEED_CACHE)
}

async fn news_sitemap(
    State(app): AppState,
    Extension(visit): HostVisit,
    headers: HeaderMap,
) -> Response {
    app.note_content_host(&visit.host);
    conditional(&headers, app.site(&visit).news_sitemap(), FEED_CACHE)
}

async fn article(
    State(app): AppState,
    Extension(visit): HostVisit,
    headers: HeaderMap,
    Path((feed, file)): Path<(String, String)>,
) -> Response {
    let feed = feed.parse::<usize>().ok();
    let number = file
        .strip_suffix(".html")
        .and_then(|number| number.parse::<u64>().ok());
    let page = match (feed, number) {
        (Some(feed), Some(number)) => app.site(&visit).article(feed, number),
        _ => None,
    };
    match page {
        Some(page) => {
            app.note_content_host(&visit.host);
            conditional(&headers, page, None)
        }
        None => text(StatusCode::NOT_FOUND, "no such article\n"),
    }
}

async fn private(uri: Uri) -> Response {
    bytes(
        StatusCode::OK,
        "text/html; charset=utf-8",
        hostile::private_page(uri.path()),
    )
}

async fn slow() -> Response {
    let mut response = Response::new(Body::new(Trickle::new()));
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}

async fn stall() -> Response {
    tokio::time::sleep(STALL).await;
    text(StatusCode::GATEWAY_TIMEOUT, "gave up waiting\n")
}

fn redirect(location: &str) -> Response {
    let mut response = text(StatusCode::FOUND, "redirecting\n");
    set_header(&mut response, LOCATION, location);
    response
}

async fn redirect_chain(Path(step): Path<String>) -> Response {
    match step.parse::<u64>() {
        Ok(step) => redirect(&format!("/redirect/chain/{}", step.saturating_add(1))),
        Err(_) => text(StatusCode::NOT_FOUND, "not found\n"),
    }
}

/// `302` to whatever `url` says, unchecked: the client's SSRF guard is what is under test.
async fn redirect_to(RawQuery(query): RawQuery) -> Response {
    let target = query.as_deref().and_then(|query| {
        url::form_urlencoded::parse(query.as_bytes())
            .find(|(name, _)| name == "url")
            .map(|(_, value)| value.into_owned())
    });
    match target.filter(|target| HeaderValue::from_str(target).is_ok()) {
        Some(target) => redirect(&target),
        None => text(
            StatusCode::BAD_REQUEST,
            "missing or invalid url parameter\n",
        ),
    }
}

fn huge(announce_length: bool) -> Response {
    let mut response = Response::new(Body::new(Endless::new(HUGE_SIZE, announce_length)));
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("text/html"));
    if announce_length {
        set_header(&mut response, CONTENT_LENGTH, &HUGE_SIZE.to_string());
    }
    response
}

fn gzip_bomb(content_type: &'static str) -> Response {
    static BOMB: OnceLock<Bytes> = OnceLock::new();
    let body = BOMB.get_or_init(|| Bytes::from(bomb::gzip_bomb())).clone();
    let mut response = bytes(StatusCode::OK, content_type, body);
    response
        .headers_mut()
        .insert(CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    response
}

async fn not_a_feed(Extension(visit): HostVisit) -> Response {
    bytes(
        StatusCode::OK,
        "application/rss+xml; charset=utf-8",
        hostile::not_a_feed_page(&visit.host),
    )
}

async fn garbage(Extension(visit): HostVisit) -> Response {
    bytes(
        StatusCode::OK,
        "application/xml",
        hostile::garbage(&visit.host),
    )
}

async fn binary_pdf(Extension(visit): HostVisit) -> Response {
    bytes(StatusCode::OK, "application/pdf", hostile::pdf(&visit.host))
}

async fn throttled() -> Response {
    let mut response = text(StatusCode::TOO_MANY_REQUESTS, "slow down\n");
    response
        .headers_mut()
        .insert(RETRY_AFTER, HeaderValue::from_static("120"));
    response
}

/// `503` with `Retry-After` as an HTTP-date 60 s ahead on the server's clock (the same clock
/// as its `Date` header).
async fn unavailable(State(app): AppState) -> Response {
    let mut response = text(StatusCode::SERVICE_UNAVAILABLE, "down for maintenance\n");
    let now = app.now();
    let retry_at = now
        .checked_add(jiff::SignedDuration::from_secs(60))
        .unwrap_or(now);
    set_header(
        &mut response,
        RETRY_AFTER,
        &http_date(whole_seconds(retry_at)),
    );
    response
}

/// Any final status from 200 to 599; anything else is a 400.
async fn status(Path(code): Path<String>) -> Response {
    let status = code
        .parse::<u16>()
        .ok()
        .filter(|code| (200..=599).contains(code))
        .and_then(|code| StatusCode::from_u16(code).ok());
    let Some(status) = status else {
        return text(StatusCode::BAD_REQUEST, "status must be 200 to 599\n");
    };
    if matches!(status.as_u16(), 204 | 205 | 304) {
        let mut response = Response::new(Body::empty());
        *response.status_mut() = status;
        return response;
    }
    let mut response = bytes(
        status,
        "text/plain; charset=utf-8",
        format!("status {}\n", status.as_u16()),
    );
    *response.status_mut() = status;
    response
}
