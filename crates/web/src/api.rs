//! The JSON API under `/api`, and its OpenAPI document at `/api/openapi.json`.

use crate::auth::{self, Reader, Viewer};
use crate::{ApiError, AppState, refresh};
use axum::extract::{Path, Query, State};
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use futures_util::Stream;
use model::report::{Fact, StoryReport};
use model::review::{Decision, ReviewAction};
use model::{Article, ArticleClaims, ArticleId, Span, StoryId};
use serde::{Deserialize, Serialize};
use std::convert::Infallible;
use store::newsroom::{NewDecision, StoryPage, StoryQuery};
use store::{NewsroomStore, Store, WatchStore};
use tokio_stream::StreamExt;
use tokio_stream::wrappers::WatchStream;
use utoipa::OpenApi;

/// The OpenAPI document of the API.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Corroborate newsroom API",
        description = "Stories, their facts with the sources behind each value, articles with the spans facts came from, sources with their health, and editors' review decisions. Story reports follow docs/report-format.md (report.schema.json). Errors are `{\"error\": {\"code\", \"message\"}}` with a stable code."
    ),
    paths(
        list_stories, get_story, get_article, list_sources, review_queue, list_decisions,
        decide, merge, split, login, logout, session, events, crate::metrics::healthz
    ),
    components(schemas(
        StoryPage, store::newsroom::StoryRow, DecisionRequest, MergeRequest, SplitRequest,
        SplitResult, LoginRequest, SessionInfo, crate::error::ErrorBody,
        crate::error::ErrorDetail, crate::metrics::Health
    )),
    tags(
        (name = "stories", description = "Browse and read stories"),
        (name = "review", description = "Editors' decisions"),
        (name = "accounts", description = "Log in and out"),
        (name = "health", description = "Liveness")
    )
)]
pub struct ApiDoc;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/openapi.json", get(openapi))
        .route("/api/stories", get(list_stories))
        .route("/api/stories/{id}", get(get_story))
        .route("/api/stories/{id}/decisions", post(decide))
        .route("/api/stories/{id}/merge", post(merge))
        .route("/api/stories/{id}/split", post(split))
        .route("/api/articles/{id}", get(get_article))
        .route("/api/sources", get(list_sources))
        .route("/api/review", get(review_queue))
        .route("/api/decisions", get(list_decisions))
        .route("/api/login", post(login))
        .route("/api/logout", post(logout))
        .route("/api/session", get(session))
        .route("/api/events", get(events))
}

/// The report's JSON Schema (docs/report.schema.json), whose definitions describe the bodies
/// of stories and decisions in the OpenAPI document.
const REPORT_SCHEMA: &str = include_str!("../../../docs/report.schema.json");

/// Responses whose body is a definition of the report schema.
const REPORT_BODIES: &[(&str, &str, &str)] = &[
    ("/api/stories/{id}", "get", "story"),
    ("/api/stories/{id}/decisions", "post", "decision"),
    ("/api/stories/{id}/merge", "post", "decision"),
];

/// Points a JSON Schema's `#/$defs/x` references at `#/components/schemas/report.x`.
fn rebase(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            if let Some(serde_json::Value::String(target)) = map.get_mut("$ref")
                && let Some(name) = target.strip_prefix("#/$defs/")
            {
                *target = format!("#/components/schemas/report.{name}");
            }
            map.values_mut().for_each(rebase);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(rebase),
        _ => {}
    }
}

/// The OpenAPI document with the report schema's definitions among its components, so the
/// bodies of stories and decisions are described field by field.
pub fn openapi_document() -> serde_json::Value {
    let mut doc = serde_json::to_value(ApiDoc::openapi()).unwrap_or_default();
    let Ok(mut schema) = serde_json::from_str::<serde_json::Value>(REPORT_SCHEMA) else {
        return doc;
    };
    rebase(&mut schema);
    if let (Some(defs), Some(schemas)) = (
        schema.get("$defs").and_then(|d| d.as_object()).cloned(),
        doc.pointer_mut("/components/schemas")
            .and_then(|s| s.as_object_mut()),
    ) {
        for (name, definition) in defs {
            schemas.insert(format!("report.{name}"), definition);
        }
    }
    for (path, method, definition) in REPORT_BODIES {
        let pointer = format!(
            "/paths/{}/{method}/responses",
            path.replace('~', "~0").replace('/', "~1")
        );
        if let Some(responses) = doc.pointer_mut(&pointer).and_then(|r| r.as_object_mut()) {
            for response in responses.values_mut() {
                if let Some(body) = response.pointer_mut("/content/application~1json/schema")
                    && body.get("type").and_then(|t| t.as_str()) == Some("object")
                {
                    *body = serde_json::json!({"$ref": format!("#/components/schemas/report.{definition}")});
                }
            }
        }
    }
    doc
}

async fn openapi() -> Json<serde_json::Value> {
    Json(openapi_document())
}

/// Filters of the story list.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub(crate) struct ListParams {
    /// Words every story must contain (headlines, brief, facts, entities, outlets).
    pub q: Option<String>,
    /// An ISO 639-1 language code.
    pub language: Option<String>,
    /// An outlet, as reports name it.
    pub outlet: Option<String>,
    /// A normalised entity name ("amara okafor").
    pub entity: Option<String>,
    /// Stories active at or after this time (RFC 3339 or YYYY-MM-DD).
    pub since: Option<String>,
    /// Stories that began at or before this time (RFC 3339 or YYYY-MM-DD).
    pub until: Option<String>,
    /// Only stories with facts waiting for review.
    pub pending: Option<bool>,
    pub offset: Option<usize>,
    /// At most 200; 50 when not given.
    pub limit: Option<usize>,
}

fn parse_time(name: &str, value: &str, end_of_day: bool) -> Result<jiff::Timestamp, ApiError> {
    if let Ok(ts) = value.parse::<jiff::Timestamp>() {
        return Ok(ts);
    }
    let date: jiff::civil::Date = value.parse().map_err(|_| {
        ApiError::bad_request(format!(
            "{name} must be an RFC 3339 time or a YYYY-MM-DD date, not {value:?}"
        ))
    })?;
    let time = if end_of_day {
        jiff::civil::Time::constant(23, 59, 59, 0)
    } else {
        jiff::civil::Time::midnight()
    };
    date.to_datetime(time)
        .to_zoned(jiff::tz::TimeZone::UTC)
        .map(|z| z.timestamp())
        .map_err(|e| ApiError::bad_request(format!("{name}: {e}")))
}

impl ListParams {
    pub fn query(&self) -> Result<StoryQuery, ApiError> {
        let blank = |v: &Option<String>| {
            v.as_ref()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
        };
        Ok(StoryQuery {
            text: blank(&self.q),
            language: blank(&self.language),
            outlet: blank(&self.outlet),
            entity: blank(&self.entity),
            since: blank(&self.since)
                .map(|v| parse_time("since", &v, false))
                .transpose()?,
            until: blank(&self.until)
                .map(|v| parse_time("until", &v, true))
                .transpose()?,
            pending_only: self.pending.unwrap_or(false),
            offset: self.offset.unwrap_or(0),
            limit: self.limit.unwrap_or(50).clamp(1, 200),
        })
    }
}

pub(crate) async fn story_page(state: &AppState, query: StoryQuery) -> Result<StoryPage, ApiError> {
    state
        .pool
        .run(move |store| Ok(store.story_page(&query)?))
        .await
}

/// Stories, the most recently active first, filtered and searched.
#[utoipa::path(get, path = "/api/stories", tag = "stories", params(ListParams),
    responses((status = 200, body = StoryPage), (status = 400, body = crate::error::ErrorBody)))]
async fn list_stories(
    State(state): State<AppState>,
    _reader: Reader,
    Query(params): Query<ListParams>,
) -> Result<Json<StoryPage>, ApiError> {
    Ok(Json(story_page(&state, params.query()?).await?))
}

/// One story's report: brief, facts with the values and sources behind each, quotes,
/// timeline, provenance and editors' decisions (docs/report-format.md).
#[utoipa::path(get, path = "/api/stories/{id}", tag = "stories",
    params(("id" = String, Path, description = "story id")),
    responses((status = 200, description = "a StoryReport (report.schema.json, $defs/story)", body = Object),
        (status = 404, body = crate::error::ErrorBody)))]
async fn get_story(
    State(state): State<AppState>,
    _reader: Reader,
    Path(id): Path<String>,
) -> Result<Json<StoryReport>, ApiError> {
    Ok(Json(refresh::current(&state, StoryId(id)).await?))
}

/// An article with its text, its claims (every span a byte range of the text) and its story.
#[derive(Serialize)]
pub(crate) struct ArticleView {
    pub article: Article,
    pub story: Option<StoryId>,
    pub claims: ArticleClaims,
}

pub(crate) async fn article_view(state: &AppState, id: String) -> Result<ArticleView, ApiError> {
    state
        .pool
        .run(move |store| {
            let id = ArticleId(id);
            let article = store
                .article(&id)?
                .ok_or_else(|| ApiError::not_found(format!("no article {id}")))?;
            let claims = store.claims(&id)?.unwrap_or_default();
            let story = store.story_of(&id)?;
            Ok(ArticleView {
                article,
                story,
                claims,
            })
        })
        .await
}

/// An article's extracted text and claims.
#[utoipa::path(get, path = "/api/articles/{id}", tag = "stories",
    params(("id" = String, Path, description = "article id")),
    responses((status = 200, description = "`{article, story, claims}`", body = Object),
        (status = 404, body = crate::error::ErrorBody)))]
async fn get_article(
    State(state): State<AppState>,
    _reader: Reader,
    Path(id): Path<String>,
) -> Result<Json<ArticleView>, ApiError> {
    Ok(Json(article_view(&state, id).await?))
}

/// Watched sources with their schedule and health (last success, last error, failures).
#[utoipa::path(get, path = "/api/sources", tag = "stories",
    responses((status = 200, description = "an array of sources", body = Object)))]
async fn list_sources(
    State(state): State<AppState>,
    _reader: Reader,
) -> Result<Response, ApiError> {
    let sources = state.pool.run(|store| Ok(store.sources()?)).await?;
    Ok(Json(sources).into_response())
}

/// A fact waiting for an editor.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ReviewItem {
    pub story: StoryId,
    pub story_title: String,
    pub fact: Fact,
}

pub(crate) async fn queue(state: &AppState, limit: usize) -> Result<Vec<ReviewItem>, ApiError> {
    let reports = state
        .pool
        .run(move |store| Ok(store.pending_reports(limit)?))
        .await?;
    let mut items = Vec::new();
    for report in reports {
        for fact in report.facts.iter().filter(|f| pipeline::fact_pending(f)) {
            items.push(ReviewItem {
                story: report.id.clone(),
                story_title: report.title.clone(),
                fact: fact.clone(),
            });
        }
    }
    Ok(items)
}

/// Facts no editor has settled: disputed ones, and figures whose agreement rests on one report
/// the others copy or credit; the most recently active stories first.
#[utoipa::path(get, path = "/api/review", tag = "review",
    responses((status = 200, description = "an array of `{story, story_title, fact}`", body = Object)))]
async fn review_queue(
    State(state): State<AppState>,
    _reader: Reader,
) -> Result<Response, ApiError> {
    Ok(Json(queue(&state, 200).await?).into_response())
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct DecisionParams {
    /// At most 500; 100 when not given.
    limit: Option<usize>,
}

/// The audit log: the latest decisions of every story, newest first.
#[utoipa::path(get, path = "/api/decisions", tag = "review", params(DecisionParams),
    responses((status = 200, description = "an array of decisions (report.schema.json, $defs/decision)", body = Object)))]
async fn list_decisions(
    State(state): State<AppState>,
    _reader: Reader,
    Query(params): Query<DecisionParams>,
) -> Result<Json<Vec<Decision>>, ApiError> {
    let limit = params.limit.unwrap_or(100).clamp(1, 500);
    Ok(Json(
        state
            .pool
            .run(move |store| Ok(store.recent_decisions(limit)?))
            .await?,
    ))
}

/// A decision about one fact.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub(crate) struct DecisionRequest {
    /// `confirm`, `reject`, `note` or `reopen`.
    pub action: String,
    /// The fact's id (from the story's report); needed except for a note on the story.
    pub fact: Option<String>,
    /// For `confirm`: the value settled on.
    pub value: Option<String>,
    /// For `reject`: the article of the wrong extraction.
    pub article: Option<String>,
    /// For `reject`: the cited sentence's byte range in the article text.
    pub span_start: Option<usize>,
    pub span_end: Option<usize>,
    pub note: Option<String>,
}

fn clean(text: Option<String>, what: &str, max: usize) -> Result<Option<String>, ApiError> {
    let text = text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
    if let Some(t) = &text
        && t.chars().count() > max
    {
        return Err(ApiError::bad_request(format!(
            "{what} is longer than {max} characters"
        )));
    }
    Ok(text)
}

/// Checks a decision against the story's current report and stores it.
pub(crate) async fn record_decision(
    state: &AppState,
    story: StoryId,
    request: DecisionRequest,
    user_id: i64,
) -> Result<Decision, ApiError> {
    let action = ReviewAction::parse(&request.action)
        .filter(|a| {
            matches!(
                a,
                ReviewAction::Confirm | ReviewAction::Reject | ReviewAction::Note | ReviewAction::Reopen
            )
        })
        .ok_or_else(|| {
            ApiError::bad_request(format!(
                "action must be confirm, reject, note or reopen (merge and split have their own endpoints), not {:?}",
                request.action
            ))
        })?;
    let note = clean(request.note, "the note", 4000)?;
    let value = clean(request.value, "the value", 500)?;
    let report = refresh::current(state, story.clone()).await?;
    let fact = match request.fact.as_deref() {
        Some(id) => Some(
            report
                .facts
                .iter()
                .find(|f| f.id == id)
                .ok_or_else(|| ApiError::not_found(format!("story {story} has no fact {id}")))?
                .clone(),
        ),
        None => None,
    };
    let mut decision = NewDecision {
        story: story.clone(),
        fact: fact.as_ref().map(|f| f.id.clone()),
        action,
        value: None,
        article: None,
        span: None,
        note,
        user_id,
        at: jiff::Timestamp::now(),
    };
    match action {
        ReviewAction::Confirm => {
            if fact.is_none() {
                return Err(ApiError::bad_request("confirm needs the fact"));
            }
            decision.value = Some(
                value.ok_or_else(|| ApiError::bad_request("confirm needs the value settled on"))?,
            );
        }
        ReviewAction::Reopen => {
            if fact.is_none() {
                return Err(ApiError::bad_request("reopen needs the fact"));
            }
        }
        ReviewAction::Note => {
            if decision.note.is_none() {
                return Err(ApiError::bad_request("a note needs its text"));
            }
        }
        ReviewAction::Reject => {
            let fact = fact.ok_or_else(|| ApiError::bad_request("reject needs the fact"))?;
            let (Some(article), Some(start), Some(end)) =
                (request.article, request.span_start, request.span_end)
            else {
                return Err(ApiError::bad_request(
                    "reject needs the article and the span of the extraction",
                ));
            };
            let span = Span { start, end };
            let cited = fact
                .values
                .iter()
                .flat_map(|v| &v.sources)
                .any(|s| s.article.0 == article && s.span == span);
            if !cited {
                return Err(ApiError::not_found(format!(
                    "fact {} cites no sentence of article {article} at {start}..{end}",
                    fact.id
                )));
            }
            decision.article = Some(ArticleId(article));
            decision.span = Some(span);
            // Name what is rejected so only that is left out.
            decision.value = fact.measure.clone().or(fact.speaker.clone());
        }
        ReviewAction::Merge | ReviewAction::Split => {}
    }
    let stored = state
        .pool
        .run(move |store| Ok(store.add_decision(&decision)?))
        .await?;
    // The report is rebuilt with the decision before anyone reads it again.
    refresh::current(state, story).await?;
    state.changes.send_modify(|n| *n += 1);
    Ok(stored)
}

/// Records an editor's decision about a fact: confirm a value, reject an extraction (left out
/// of this and later reports), add a note, or reopen a confirmed fact.
#[utoipa::path(post, path = "/api/stories/{id}/decisions", tag = "review",
    params(("id" = String, Path, description = "story id"),
        ("X-CSRF-Token" = Option<String>, Header, description = "the session's CSRF token, when logged in with a cookie")),
    request_body = DecisionRequest,
    responses((status = 201, description = "the stored decision", body = Object),
        (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)),
    security(("session" = []), ("token" = [])))]
async fn decide(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(id): Path<String>,
    Json(request): Json<DecisionRequest>,
) -> Result<(StatusCode, Json<Decision>), ApiError> {
    let editor = viewer.writer(csrf_header(&headers))?;
    let decision = record_decision(&state, StoryId(id), request, editor.id).await?;
    Ok((StatusCode::CREATED, Json(decision)))
}

fn csrf_header(headers: &HeaderMap) -> Option<&str> {
    headers.get("x-csrf-token").and_then(|v| v.to_str().ok())
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub(crate) struct MergeRequest {
    /// The story folded into this one.
    pub from: String,
    pub note: Option<String>,
}

/// Folds another story into this one; articles the clusterer later places in the other story
/// come here too.
#[utoipa::path(post, path = "/api/stories/{id}/merge", tag = "review",
    params(("id" = String, Path, description = "the story that stays")),
    request_body = MergeRequest,
    responses((status = 201, description = "the stored decision", body = Object),
        (status = 404, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody)),
    security(("session" = []), ("token" = [])))]
async fn merge(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(id): Path<String>,
    Json(request): Json<MergeRequest>,
) -> Result<(StatusCode, Json<Decision>), ApiError> {
    let editor = viewer.writer(csrf_header(&headers))?.clone();
    let decision = merge_stories(&state, id, request.from, editor.id, request.note).await?;
    Ok((StatusCode::CREATED, Json(decision)))
}

/// Folds story `from` into `into` for an editor.
pub(crate) async fn merge_stories(
    state: &AppState,
    into: String,
    from: String,
    editor: i64,
    note: Option<String>,
) -> Result<Decision, ApiError> {
    let note = clean(note, "the note", 4000)?;
    let decision = state
        .pool
        .run(move |store| {
            Ok(store.merge_stories(
                &StoryId(from.trim().to_string()),
                &StoryId(into),
                editor,
                note.as_deref(),
                jiff::Timestamp::now(),
            )?)
        })
        .await?;
    state.changes.send_modify(|n| *n += 1);
    Ok(decision)
}

/// Moves `articles` of `story` into a new story for an editor.
pub(crate) async fn split_story(
    state: &AppState,
    story: String,
    articles: Vec<ArticleId>,
    editor: i64,
    note: Option<String>,
) -> Result<(StoryId, Decision), ApiError> {
    let note = clean(note, "the note", 4000)?;
    let done = state
        .pool
        .run(move |store| {
            Ok(store.split_story(
                &StoryId(story),
                &articles,
                editor,
                note.as_deref(),
                jiff::Timestamp::now(),
            )?)
        })
        .await?;
    state.changes.send_modify(|n| *n += 1);
    Ok(done)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub(crate) struct SplitRequest {
    /// The articles that leave for a new story.
    pub articles: Vec<String>,
    pub note: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(crate) struct SplitResult {
    /// The new story.
    pub story: String,
    /// The decision recorded on the story split.
    #[schema(value_type = Object)]
    pub decision: Decision,
}

/// Moves some of a story's articles into a new story.
#[utoipa::path(post, path = "/api/stories/{id}/split", tag = "review",
    params(("id" = String, Path, description = "the story split")),
    request_body = SplitRequest,
    responses((status = 201, body = SplitResult),
        (status = 404, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody)),
    security(("session" = []), ("token" = [])))]
async fn split(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(id): Path<String>,
    Json(request): Json<SplitRequest>,
) -> Result<(StatusCode, Json<SplitResult>), ApiError> {
    let editor = viewer.writer(csrf_header(&headers))?.clone();
    let articles: Vec<ArticleId> = request.articles.into_iter().map(ArticleId).collect();
    let (story, decision) = split_story(&state, id, articles, editor.id, request.note).await?;
    Ok((
        StatusCode::CREATED,
        Json(SplitResult {
            story: story.0,
            decision,
        }),
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub(crate) struct LoginRequest {
    pub name: String,
    pub password: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(crate) struct SessionInfo {
    pub user: String,
    /// Send it back as `X-CSRF-Token` with every write made with the session cookie.
    pub csrf: String,
}

/// Logs an editor in: sets the session cookie and returns the CSRF token.
#[utoipa::path(post, path = "/api/login", tag = "accounts", request_body = LoginRequest,
    responses((status = 200, body = SessionInfo), (status = 401, body = crate::error::ErrorBody)))]
async fn login(
    State(state): State<AppState>,
    Json(request): Json<LoginRequest>,
) -> Result<Response, ApiError> {
    let (session, user) = auth::log_in(&state, request.name, request.password).await?;
    let cookie = auth::session_cookie(
        &session.token,
        state.config.session_ttl.as_secs(),
        state.config.secure_cookies,
    );
    Ok((
        [(SET_COOKIE, cookie)],
        Json(SessionInfo {
            user,
            csrf: session.csrf,
        }),
    )
        .into_response())
}

/// Ends the session of the cookie sent.
#[utoipa::path(post, path = "/api/logout", tag = "accounts",
    responses((status = 204, description = "logged out"), (status = 403, body = crate::error::ErrorBody)))]
async fn logout(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if viewer.editor().is_some() {
        viewer.writer(csrf_header(&headers))?;
    }
    auth::log_out(&state, &headers).await?;
    Ok((
        StatusCode::NO_CONTENT,
        [(SET_COOKIE, auth::clear_cookie(state.config.secure_cookies))],
    )
        .into_response())
}

/// Who the request's cookie or token belongs to.
#[utoipa::path(get, path = "/api/session", tag = "accounts",
    responses((status = 200, body = SessionInfo), (status = 401, body = crate::error::ErrorBody)))]
async fn session(viewer: Viewer) -> Result<Json<SessionInfo>, ApiError> {
    let editor = viewer
        .editor()
        .ok_or_else(|| ApiError::unauthorized("not logged in"))?;
    Ok(Json(SessionInfo {
        user: editor.name.clone(),
        csrf: editor.csrf.clone().unwrap_or_default(),
    }))
}

/// Server-sent events: a `stories` event whenever the story list may have changed (new
/// articles placed, reports rebuilt, decisions made).
#[utoipa::path(get, path = "/api/events", tag = "stories",
    responses((status = 200, description = "text/event-stream of `stories` events")))]
async fn events(
    State(state): State<AppState>,
    _reader: Reader,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let mut stopping = state.stopping.subscribe();
    let stop = async move {
        let _ = stopping.wait_for(|stop| *stop).await;
    };
    let stream = futures_util::StreamExt::take_until(
        WatchStream::from_changes(state.changes.subscribe()),
        stop,
    )
    .map(|n| Ok(Event::default().event("stories").data(n.to_string())));
    Sse::new(stream).keep_alive(KeepAlive::default())
}
