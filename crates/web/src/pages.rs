//! The web pages: the live story list, a story with its brief, sources side by side, facts
//! by verdict with their review controls, quotes by speaker, provenance and timeline; an
//! article's text with the cited sentence highlighted; the review queue; sources; login.
//!
//! Every value reaches the page through askama, which escapes it; the one script
//! (`static/app.js`) only reloads the list's rows from `/fragments/stories`.

use crate::api::{self, DecisionRequest, ListParams, ReviewItem};
use crate::auth::{self, Viewer};
use crate::{ApiError, AppState, refresh};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, RawQuery, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use model::report::{Fact, FactKind, FactStatus, SourceRef, StoryReport};
use model::review::{Decision, ReviewAction};
use model::{ArticleId, StoryId};
use serde::Deserialize;
use store::newsroom::StoryRow;
use store::{NewsroomStore, WatchStore};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(list))
        .route("/fragments/stories", get(rows))
        .route("/stories/{id}", get(story))
        .route("/stories/{id}/decide", post(decide))
        .route("/stories/{id}/merge", post(merge))
        .route("/stories/{id}/split", post(split))
        .route("/articles/{id}", get(article))
        .route("/review", get(review))
        .route("/sources", get(sources))
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
        .route("/static/app.js", get(script))
        .route("/static/style.css", get(style))
}

/// An error shown as a page; a reader who must log in is sent to the login page.
pub(crate) struct PageError(pub ApiError);

impl From<ApiError> for PageError {
    fn from(error: ApiError) -> PageError {
        PageError(error)
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    user: Option<String>,
    csrf: String,
    heading: String,
    message: String,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let error = self.0;
        if error.code == "unauthorized" {
            return (StatusCode::SEE_OTHER, [(LOCATION, "/login")]).into_response();
        }
        let heading = match error.code {
            "not_found" => "Not found",
            "bad_request" => "That request cannot be read",
            "csrf" | "forbidden" => "Refused",
            "conflict" => "Not possible",
            _ => "Something went wrong",
        };
        let page = ErrorPage {
            user: None,
            csrf: String::new(),
            heading: heading.to_string(),
            message: error.message,
        };
        match page.render() {
            Ok(html) => (error.status, Html(html)).into_response(),
            Err(_) => (error.status, error.code).into_response(),
        }
    }
}

fn render(template: &impl Template) -> Result<Response, PageError> {
    let html = template
        .render()
        .map_err(|e| ApiError::internal(format!("rendering a page: {e}")))?;
    Ok(Html(html).into_response())
}

/// Lets a page through to a reader, or sends a stranger to log in when the newsroom is private.
fn readable(state: &AppState, viewer: &Viewer) -> Result<(), PageError> {
    if viewer.editor().is_none() && !state.config.public_read {
        return Err(PageError(ApiError::unauthorized("log in to read")));
    }
    Ok(())
}

fn when(ts: Option<jiff::Timestamp>) -> String {
    ts.map(|t| t.strftime("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_else(|| "undated".into())
}

fn unix(ts: Option<i64>) -> String {
    when(ts.and_then(|s| jiff::Timestamp::from_second(s).ok()))
}

/// No route: a JSON error under `/api`, a page elsewhere.
pub(crate) async fn not_found(uri: axum::http::Uri) -> Response {
    let error = ApiError::not_found(format!("nothing at {}", uri.path()));
    if uri.path().starts_with("/api/") {
        error.into_response()
    } else {
        PageError(error).into_response()
    }
}

// ---------------------------------------------------------------------------------------
// The story list.

struct RowView {
    id: String,
    title: String,
    articles: usize,
    outlets: usize,
    languages: String,
    latest: String,
    disputed: usize,
    pending: usize,
    built: bool,
}

impl From<StoryRow> for RowView {
    fn from(row: StoryRow) -> RowView {
        RowView {
            id: row.id.0,
            title: row.title,
            articles: row.article_count,
            outlets: row.outlet_count,
            languages: row.languages.join(", "),
            latest: when(row.last_published_at.or(row.first_published_at)),
            disputed: row.disputed,
            pending: row.pending,
            built: row.built,
        }
    }
}

#[derive(Default)]
struct Filters {
    q: String,
    language: String,
    outlet: String,
    entity: String,
    since: String,
    until: String,
    pending: bool,
}

#[derive(Template)]
#[template(path = "list.html")]
struct ListPage {
    user: Option<String>,
    csrf: String,
    filters: Filters,
    total: usize,
    rows: Vec<RowView>,
    /// The query string of this page, for the live refresh (`?…` or empty).
    query: String,
    prev: Option<String>,
    next: Option<String>,
}

#[derive(Template)]
#[template(path = "rows.html")]
struct RowsFragment {
    rows: Vec<RowView>,
}

/// The query string of the list with another offset.
fn with_offset(raw: &str, offset: usize) -> String {
    let mut pairs: Vec<String> = raw
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("offset="))
        .map(str::to_string)
        .collect();
    if offset > 0 {
        pairs.push(format!("offset={offset}"));
    }
    if pairs.is_empty() {
        String::new()
    } else {
        format!("?{}", pairs.join("&"))
    }
}

async fn list(
    State(state): State<AppState>,
    viewer: Viewer,
    RawQuery(raw): RawQuery,
    Query(params): Query<ListParams>,
) -> Result<Response, PageError> {
    readable(&state, &viewer)?;
    let query = params.query()?;
    let (offset, limit) = (query.offset, query.limit);
    let page = api::story_page(&state, query).await?;
    let raw = raw.unwrap_or_default();
    let filters = Filters {
        q: params.q.clone().unwrap_or_default(),
        language: params.language.clone().unwrap_or_default(),
        outlet: params.outlet.clone().unwrap_or_default(),
        entity: params.entity.clone().unwrap_or_default(),
        since: params.since.clone().unwrap_or_default(),
        until: params.until.clone().unwrap_or_default(),
        pending: params.pending.unwrap_or(false),
    };
    render(&ListPage {
        user: viewer.name().map(str::to_string),
        csrf: viewer.csrf().to_string(),
        filters,
        total: page.total,
        rows: page.stories.into_iter().map(RowView::from).collect(),
        query: with_offset(&raw, offset),
        prev: (offset > 0).then(|| with_offset(&raw, offset.saturating_sub(limit))),
        next: (offset + limit < page.total).then(|| with_offset(&raw, offset + limit)),
    })
}

async fn rows(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(params): Query<ListParams>,
) -> Result<Response, PageError> {
    readable(&state, &viewer)?;
    let page = api::story_page(&state, params.query()?).await?;
    let mut response = render(&RowsFragment {
        rows: page.stories.into_iter().map(RowView::from).collect(),
    })?;
    if let Ok(total) = page.total.to_string().parse() {
        response.headers_mut().insert("x-total", total);
    }
    Ok(response)
}

// ---------------------------------------------------------------------------------------
// A story.

/// A citation: the article's number in the story and the link to the cited sentence.
struct Cite {
    number: usize,
    href: String,
    sentence: String,
    article: String,
    start: usize,
    end: usize,
}

struct Cited {
    text: String,
    cites: Vec<Cite>,
}

struct ArticleRow {
    number: usize,
    id: String,
    href: String,
    outlet: String,
    published: String,
    language: String,
    title: String,
    url: Option<String>,
    note: String,
}

struct Dot {
    x: String,
    y: String,
    label: String,
}

struct Chart {
    points: String,
    dots: Vec<Dot>,
    from: String,
    to: String,
}

struct FactView {
    id: String,
    anchor: String,
    class: &'static str,
    status: &'static str,
    label: String,
    headline: String,
    reason: String,
    review: Option<String>,
    chart: Option<Chart>,
    values: Vec<Cited>,
    /// The values an editor may confirm.
    options: Vec<String>,
}

struct SpeakerView {
    name: String,
    quotes: Vec<FactView>,
}

struct SideColumn {
    number: usize,
    outlet: String,
    published: String,
    title: String,
}

struct SideRow {
    anchor: String,
    class: &'static str,
    label: String,
    cells: Vec<String>,
}

struct Side {
    columns: Vec<SideColumn>,
    rows: Vec<SideRow>,
    hidden: usize,
}

struct StoryView {
    id: String,
    title: String,
    meta: String,
    brief: Vec<Cited>,
    side: Side,
    figures: Vec<FactView>,
    speakers: Vec<SpeakerView>,
    provenance: Vec<String>,
    credits: Vec<Cited>,
    timeline: Vec<Cited>,
    articles: Vec<ArticleRow>,
    reviews: Vec<String>,
}

#[derive(Template)]
#[template(path = "story.html")]
struct StoryPage {
    user: Option<String>,
    csrf: String,
    editor: bool,
    story_id: String,
    s: StoryView,
}

/// The link that opens an article with a span highlighted.
fn span_href(article: &ArticleId, start: usize, end: usize) -> String {
    format!("/articles/{article}?start={start}&end={end}#hl")
}

fn cites(story: &StoryReport, sources: &[SourceRef]) -> Vec<Cite> {
    let mut out: Vec<Cite> = Vec::new();
    for source in sources {
        let Some(index) = story.articles.iter().position(|a| a.id == source.article) else {
            continue;
        };
        if out
            .iter()
            .any(|c| c.number == index + 1 && c.start == source.span.start)
        {
            continue;
        }
        out.push(Cite {
            number: index + 1,
            href: span_href(&source.article, source.span.start, source.span.end),
            sentence: source.sentence.clone(),
            article: source.article.0.clone(),
            start: source.span.start,
            end: source.span.end,
        });
    }
    out.sort_by_key(|c| (c.number, c.start));
    out
}

fn cited(story: &StoryReport, text: String, sources: &[SourceRef]) -> Cited {
    Cited {
        text,
        cites: cites(story, sources),
    }
}

fn status(status: FactStatus) -> (&'static str, &'static str) {
    match status {
        FactStatus::Agreed => ("agreed", "Agreed"),
        FactStatus::Updated => ("updated", "Updated"),
        FactStatus::Disputed => ("disputed", "Disputed"),
        FactStatus::SingleSource => ("single", "Single source"),
    }
}

fn anchor_of(fact: &Fact) -> String {
    let cleaned: String = fact
        .id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("fact-{cleaned}")
}

/// A figure's series on a 320 × 90 canvas.
fn chart(fact: &Fact) -> Option<Chart> {
    let series = crate::chart::series(fact)?;
    let placed: Vec<(f64, f64, String)> = series
        .points
        .iter()
        .map(|p| (12.0 + 296.0 * p.x, 72.0 - 62.0 * p.y, p.label.clone()))
        .collect();
    Some(Chart {
        points: placed
            .iter()
            .map(|(x, y, _)| format!("{x:.1},{y:.1}"))
            .collect::<Vec<_>>()
            .join(" "),
        dots: placed
            .into_iter()
            .map(|(x, y, label)| Dot {
                x: format!("{x:.1}"),
                y: format!("{y:.1}"),
                label,
            })
            .collect(),
        from: series.first.strftime("%-d %b").to_string(),
        to: series.last.strftime("%-d %b").to_string(),
    })
}

fn decision_line(decision: &Decision) -> String {
    let what = match decision.action {
        ReviewAction::Confirm => format!(
            "confirmed {} as “{}”",
            decision.fact.as_deref().unwrap_or("a fact"),
            decision.value.as_deref().unwrap_or("")
        ),
        ReviewAction::Reject => format!(
            "rejected the extraction of {} from article {}",
            decision.fact.as_deref().unwrap_or("a fact"),
            decision
                .article
                .as_ref()
                .map(|a| a.0.as_str())
                .unwrap_or("?")
        ),
        ReviewAction::Note => match &decision.fact {
            Some(fact) => format!("noted on {fact}"),
            None => "noted".to_string(),
        },
        ReviewAction::Merge => format!(
            "merged story {} into story {}",
            decision.value.as_deref().unwrap_or("?"),
            decision.story
        ),
        ReviewAction::Split => format!(
            "split articles between story {} and story {}",
            decision.story,
            decision.value.as_deref().unwrap_or("?")
        ),
        ReviewAction::Reopen => {
            format!("reopened {}", decision.fact.as_deref().unwrap_or("a fact"))
        }
    };
    let note = decision
        .note
        .as_deref()
        .map(|n| format!(": “{n}”"))
        .unwrap_or_default();
    format!(
        "{} — {} {what}{note}",
        decision.at.strftime("%Y-%m-%d %H:%M UTC"),
        decision.by
    )
}

/// A figure as people write it: whole numbers without a fraction, others to two places.
fn figure(value: f64) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    if rounded.fract() == 0.0 && rounded.abs() < 1e15 {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded:.2}")
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    }
}

fn fact_view(story: &StoryReport, fact: &Fact) -> FactView {
    let (class, label) = status(fact.status);
    let headline = match &fact.estimate {
        Some(e) => {
            let high = e.high.map(figure).unwrap_or_else(|| "open".into());
            let as_of = e.as_of.map(|d| format!(" as of {d}")).unwrap_or_default();
            format!(
                "best {} (low {}, high {high}){as_of}",
                figure(e.best),
                figure(e.low)
            )
        }
        None => String::new(),
    };
    let name = match fact.kind {
        FactKind::Quantity => fact.measure.clone().unwrap_or_else(|| fact.summary.clone()),
        FactKind::Quote => fact.speaker.clone().unwrap_or_else(|| "quote".into()),
        FactKind::Statement => format!(
            "{} (reported speech)",
            fact.speaker.as_deref().unwrap_or("someone")
        ),
        _ => fact.summary.clone(),
    };
    let mut options: Vec<String> = Vec::new();
    for value in &fact.values {
        if !options.contains(&value.value) {
            options.push(value.value.clone());
        }
    }
    FactView {
        id: fact.id.clone(),
        anchor: anchor_of(fact),
        class: if fact.review.is_some() {
            "confirmed-fact"
        } else {
            class
        },
        status: if fact.review.is_some() {
            "Confirmed"
        } else {
            label
        },
        label: name,
        headline,
        reason: fact.reason.clone(),
        review: fact.review.as_ref().map(|d| {
            format!(
                "{} confirmed “{}” on {}{}",
                d.by,
                d.value.as_deref().unwrap_or(""),
                d.at.strftime("%Y-%m-%d %H:%M UTC"),
                d.note
                    .as_deref()
                    .map(|n| format!(": {n}"))
                    .unwrap_or_default()
            )
        }),
        chart: chart(fact),
        values: fact
            .values
            .iter()
            .map(|v| {
                let as_of = v.as_of.map(|d| format!(" (as of {d})")).unwrap_or_default();
                cited(story, format!("{}{as_of}", v.value), &v.sources)
            })
            .collect(),
        options,
    }
}

/// Columns of the side-by-side view: at most this many articles, originals first.
const SIDE_COLUMNS: usize = 12;

fn side_by_side(story: &StoryReport) -> Side {
    let mut chosen: Vec<usize> = (0..story.articles.len())
        .filter(|&i| story.articles[i].duplicate_of.is_none())
        .collect();
    chosen.truncate(SIDE_COLUMNS);
    let columns = chosen
        .iter()
        .map(|&i| {
            let a = &story.articles[i];
            SideColumn {
                number: i + 1,
                outlet: a.outlet.clone(),
                published: when(a.published_at),
                title: a.title.clone().unwrap_or_default(),
            }
        })
        .collect();
    let rows = story
        .facts
        .iter()
        .filter(|f| matches!(f.kind, FactKind::Quantity | FactKind::Quote))
        .filter(|f| f.values.iter().map(|v| v.sources.len()).sum::<usize>() > 1)
        .take(30)
        .map(|fact| {
            let (class, _) = status(fact.status);
            let cells = chosen
                .iter()
                .map(|&i| {
                    let id = &story.articles[i].id;
                    fact.values
                        .iter()
                        .filter(|v| v.sources.iter().any(|s| &s.article == id))
                        .map(|v| match fact.kind {
                            FactKind::Quote => v.value.chars().take(80).collect::<String>(),
                            _ => v.value.clone(),
                        })
                        .collect::<Vec<_>>()
                        .join("; ")
                })
                .collect();
            SideRow {
                anchor: anchor_of(fact),
                class,
                label: match fact.kind {
                    FactKind::Quote => {
                        format!("{} (quote)", fact.speaker.as_deref().unwrap_or("someone"))
                    }
                    _ => fact.measure.clone().unwrap_or_else(|| fact.summary.clone()),
                },
                cells,
            }
        })
        .collect();
    Side {
        columns,
        rows,
        hidden: story.articles.len().saturating_sub(SIDE_COLUMNS),
    }
}

fn story_view(story: &StoryReport) -> StoryView {
    let outlets = {
        let mut o: Vec<&str> = story.articles.iter().map(|a| a.outlet.as_str()).collect();
        o.sort();
        o.dedup();
        o.len()
    };
    let mut figures: Vec<&Fact> = story
        .facts
        .iter()
        .filter(|f| f.kind == FactKind::Quantity)
        .collect();
    figures.sort_by_key(|f| match (f.review.is_some(), f.status) {
        (false, FactStatus::Disputed) => 0,
        (false, FactStatus::Updated) => 1,
        (true, _) => 2,
        (_, FactStatus::Agreed) => 3,
        _ => 4,
    });
    let speakers: Vec<SpeakerView> = crate::chart::by_speaker(&story.facts, "Unattributed")
        .into_iter()
        .map(|(name, facts)| SpeakerView {
            name,
            quotes: facts.into_iter().map(|f| fact_view(story, f)).collect(),
        })
        .collect();
    StoryView {
        id: story.id.0.clone(),
        title: story.title.clone(),
        meta: format!(
            "{} article{} from {outlets} outlet{} · first published {}",
            story.articles.len(),
            if story.articles.len() == 1 { "" } else { "s" },
            if outlets == 1 { "" } else { "s" },
            when(story.first_published_at)
        ),
        brief: story
            .brief
            .iter()
            .map(|b| cited(story, b.text.clone(), &b.sources))
            .collect(),
        side: side_by_side(story),
        figures: figures.into_iter().map(|f| fact_view(story, f)).collect(),
        speakers,
        provenance: story.provenance.summary.clone(),
        credits: story
            .provenance
            .credited
            .iter()
            .map(|c| cited(story, c.name.clone(), &c.credited_by))
            .collect(),
        timeline: story
            .timeline
            .iter()
            .map(|e| {
                cited(
                    story,
                    format!("{} — {}", e.date.strftime("%a %-d %b %Y"), e.summary),
                    &e.sources,
                )
            })
            .collect(),
        articles: story
            .articles
            .iter()
            .enumerate()
            .map(|(i, a)| ArticleRow {
                number: i + 1,
                id: a.id.0.clone(),
                href: format!("/articles/{}", a.id),
                outlet: a.outlet.clone(),
                published: when(a.published_at),
                language: a.language.clone().unwrap_or_else(|| "?".into()),
                title: a.title.clone().unwrap_or_else(|| a.id.0.clone()),
                url: a.url.clone().filter(|u| u.starts_with("http")),
                note: a
                    .duplicate_of
                    .as_ref()
                    .and_then(|o| story.articles.iter().position(|x| &x.id == o))
                    .map(|p| format!("copy of [{}]", p + 1))
                    .unwrap_or_default(),
            })
            .collect(),
        reviews: story.reviews.iter().map(decision_line).collect(),
    }
}

async fn story(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    readable(&state, &viewer)?;
    let report = refresh::current(&state, StoryId(id)).await?;
    render(&StoryPage {
        user: viewer.name().map(str::to_string),
        csrf: viewer.csrf().to_string(),
        editor: viewer.editor().is_some(),
        story_id: report.id.0.clone(),
        s: story_view(&report),
    })
}

// ---------------------------------------------------------------------------------------
// Writes from the story page's forms.

/// A form's fields; `articles` may repeat.
fn form_fields(body: &Bytes) -> Vec<(String, String)> {
    url::form_urlencoded::parse(body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn field(fields: &[(String, String)], name: &str) -> Option<String> {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .filter(|v| !v.is_empty())
}

fn see_other(to: String) -> Response {
    (StatusCode::SEE_OTHER, [(LOCATION, to)]).into_response()
}

async fn decide(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let fields = form_fields(&body);
    let editor = viewer.writer(field(&fields, "csrf").as_deref())?;
    let number = |name: &str| -> Result<Option<usize>, ApiError> {
        field(&fields, name)
            .map(|v| {
                v.parse()
                    .map_err(|_| ApiError::bad_request(format!("{name} must be a number")))
            })
            .transpose()
    };
    let request = DecisionRequest {
        action: field(&fields, "action").unwrap_or_default(),
        fact: field(&fields, "fact"),
        value: field(&fields, "value"),
        article: field(&fields, "article"),
        span_start: number("span_start")?,
        span_end: number("span_end")?,
        note: field(&fields, "note"),
    };
    let back = match &request.fact {
        Some(fact) => format!(
            "/stories/{id}#fact-{}",
            fact.chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                .collect::<String>()
        ),
        None => format!("/stories/{id}"),
    };
    api::record_decision(&state, StoryId(id), request, editor.id).await?;
    Ok(see_other(back))
}

async fn merge(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let fields = form_fields(&body);
    let editor = viewer.writer(field(&fields, "csrf").as_deref())?.clone();
    let from =
        field(&fields, "from").ok_or_else(|| ApiError::bad_request("name the story to merge"))?;
    api::merge_stories(&state, id.clone(), from, editor.id, field(&fields, "note")).await?;
    Ok(see_other(format!("/stories/{id}")))
}

async fn split(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let fields = form_fields(&body);
    let editor = viewer.writer(field(&fields, "csrf").as_deref())?.clone();
    let articles: Vec<ArticleId> = fields
        .iter()
        .filter(|(k, v)| k == "articles" && !v.is_empty())
        .map(|(_, v)| ArticleId(v.clone()))
        .collect();
    let (new, _) =
        api::split_story(&state, id, articles, editor.id, field(&fields, "note")).await?;
    Ok(see_other(format!("/stories/{new}")))
}

// ---------------------------------------------------------------------------------------
// An article with a span highlighted.

#[derive(Deserialize)]
struct SpanParams {
    start: Option<usize>,
    end: Option<usize>,
}

#[derive(Template)]
#[template(path = "article.html")]
struct ArticlePage {
    user: Option<String>,
    csrf: String,
    title: String,
    outlet: String,
    published: String,
    url: Option<String>,
    story: Option<String>,
    has_highlight: bool,
    before: String,
    highlighted: String,
    after: String,
}

async fn article(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Query(span): Query<SpanParams>,
) -> Result<Response, PageError> {
    readable(&state, &viewer)?;
    let view = api::article_view(&state, id).await?;
    let text = &view.article.text;
    let cut = match (span.start, span.end) {
        (Some(start), Some(end)) if start < end => {
            if text.get(start..end).is_none() {
                return Err(PageError(ApiError::bad_request(format!(
                    "{start}..{end} is not a span of this article's text ({} bytes)",
                    text.len()
                ))));
            }
            Some((start, end))
        }
        _ => None,
    };
    let (before, highlighted, after) = match cut {
        Some((start, end)) => (
            text[..start].to_string(),
            text[start..end].to_string(),
            text[end..].to_string(),
        ),
        None => (text.clone(), String::new(), String::new()),
    };
    render(&ArticlePage {
        user: viewer.name().map(str::to_string),
        csrf: viewer.csrf().to_string(),
        title: view
            .article
            .title
            .clone()
            .unwrap_or_else(|| view.article.id.0.clone()),
        outlet: view.article.outlet_label(),
        published: when(view.article.published_at),
        url: view.article.url.clone().filter(|u| u.starts_with("http")),
        story: view.story.map(|s| s.0),
        has_highlight: cut.is_some(),
        before,
        highlighted,
        after,
    })
}

// ---------------------------------------------------------------------------------------
// The review queue, sources, login.

struct QueueItem {
    story_id: String,
    story_title: String,
    fact: FactView,
}

#[derive(Template)]
#[template(path = "review.html")]
struct ReviewPage {
    user: Option<String>,
    csrf: String,
    editor: bool,
    items: Vec<QueueItem>,
    recent: Vec<String>,
}

async fn review(State(state): State<AppState>, viewer: Viewer) -> Result<Response, PageError> {
    readable(&state, &viewer)?;
    let items: Vec<ReviewItem> = api::queue(&state, 100).await?;
    let recent = state
        .pool
        .run(|store| Ok(store.recent_decisions(20)?))
        .await?;
    let mut shown = Vec::new();
    for item in items {
        // The fact's citations number the story's articles, so the report is needed.
        let report = refresh::current(&state, item.story.clone()).await?;
        shown.push(QueueItem {
            story_id: item.story.0.clone(),
            story_title: item.story_title,
            fact: fact_view(&report, &item.fact),
        });
    }
    render(&ReviewPage {
        user: viewer.name().map(str::to_string),
        csrf: viewer.csrf().to_string(),
        editor: viewer.editor().is_some(),
        items: shown,
        recent: recent.iter().map(decision_line).collect(),
    })
}

struct SourceView {
    title: String,
    url: String,
    kind: &'static str,
    state: String,
    health: &'static str,
    polls: i64,
    items: i64,
    last_success: String,
    failures: i64,
    last_error: String,
}

#[derive(Template)]
#[template(path = "sources.html")]
struct SourcesPage {
    user: Option<String>,
    csrf: String,
    sources: Vec<SourceView>,
}

async fn sources(State(state): State<AppState>, viewer: Viewer) -> Result<Response, PageError> {
    readable(&state, &viewer)?;
    let records = state.pool.run(|store| Ok(store.sources()?)).await?;
    let sources = records
        .into_iter()
        .map(|s| SourceView {
            title: s.title.clone().unwrap_or_else(|| s.url.clone()),
            health: if s.failures > 0 { "failing" } else { "healthy" },
            kind: s.kind.as_str(),
            state: format!("{:?}", s.state).to_lowercase(),
            polls: s.polls,
            items: s.items_found,
            last_success: unix(s.last_success_at),
            failures: s.failures,
            last_error: s.last_error.clone().unwrap_or_default(),
            url: s.url,
        })
        .collect();
    render(&SourcesPage {
        user: viewer.name().map(str::to_string),
        csrf: viewer.csrf().to_string(),
        sources,
    })
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    user: Option<String>,
    csrf: String,
    error: Option<String>,
    next: String,
}

#[derive(Deserialize)]
struct NextParam {
    next: Option<String>,
}

/// Only a path of this site: never another origin (`//host`, `https:`).
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_string(),
        _ => "/".to_string(),
    }
}

async fn login_page(viewer: Viewer, Query(next): Query<NextParam>) -> Result<Response, PageError> {
    render(&LoginPage {
        user: viewer.name().map(str::to_string),
        csrf: viewer.csrf().to_string(),
        error: None,
        next: safe_next(next.next.as_deref()),
    })
}

#[derive(Deserialize)]
struct LoginForm {
    name: String,
    password: String,
    next: Option<String>,
}

async fn login(
    State(state): State<AppState>,
    Form(form): Form<LoginForm>,
) -> Result<Response, PageError> {
    let next = safe_next(form.next.as_deref());
    match auth::log_in(&state, form.name, form.password).await {
        Ok((session, _)) => {
            let cookie = auth::session_cookie(
                &session.token,
                state.config.session_ttl.as_secs(),
                state.config.secure_cookies,
            );
            Ok((
                StatusCode::SEE_OTHER,
                [(LOCATION, next), (SET_COOKIE, cookie)],
            )
                .into_response())
        }
        Err(error) if error.code == "unauthorized" => {
            let page = LoginPage {
                user: None,
                csrf: String::new(),
                error: Some(error.message),
                next,
            };
            let mut response = render(&page)?;
            *response.status_mut() = StatusCode::UNAUTHORIZED;
            Ok(response)
        }
        Err(error) => Err(PageError(error)),
    }
}

async fn logout(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let fields = form_fields(&body);
    if viewer.editor().is_some() {
        viewer.writer(field(&fields, "csrf").as_deref())?;
    }
    auth::log_out(&state, &headers).await?;
    Ok((
        StatusCode::SEE_OTHER,
        [
            (LOCATION, "/".to_string()),
            (SET_COOKIE, auth::clear_cookie(state.config.secure_cookies)),
        ],
    )
        .into_response())
}

async fn script() -> Response {
    (
        [
            (CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (CACHE_CONTROL, "max-age=300"),
        ],
        include_str!("../static/app.js"),
    )
        .into_response()
}

async fn style() -> Response {
    (
        [
            (CONTENT_TYPE, "text/css; charset=utf-8"),
            (CACHE_CONTROL, "max-age=300"),
        ],
        include_str!("../static/style.css"),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_read_as_people_write_them() {
        assert_eq!(figure(220.00000000000003), "220");
        assert_eq!(figure(4500.0), "4500");
        assert_eq!(figure(2.5), "2.5");
        assert_eq!(figure(0.333333), "0.33");
        assert_eq!(figure(-3.0), "-3");
    }

    #[test]
    fn the_login_form_only_goes_to_this_site() {
        assert_eq!(safe_next(Some("/review")), "/review");
        for bad in [
            "//evil.example/",
            "https://evil.example/",
            "/\\evil",
            "review",
        ] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad}");
        }
        assert_eq!(safe_next(None), "/");
    }

    #[test]
    fn list_links_keep_the_filters_and_change_the_offset() {
        assert_eq!(with_offset("q=flood&offset=50", 100), "?q=flood&offset=100");
        assert_eq!(with_offset("offset=50", 0), "");
        assert_eq!(with_offset("", 50), "?offset=50");
    }
}
