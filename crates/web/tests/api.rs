//! The newsroom's router, request by request: reading, searching, errors with stable codes,
//! the review actions, and the security rules (no write without a session and its CSRF token
//! or an API token; user text escaped everywhere).

#![allow(clippy::unwrap_used)]

mod common;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{EDITOR, PASSWORD, newsroom, token};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

struct Answer {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    fn code(&self) -> String {
        self.json()["error"]["code"].as_str().unwrap().to_string()
    }
}

async fn send(app: &Router, request: Request<Body>) -> Answer {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Answer {
        status,
        headers,
        body: String::from_utf8(bytes.to_vec()).unwrap(),
    }
}

async fn get(app: &Router, uri: &str) -> Answer {
    send(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

fn post_json(uri: &str) -> axum::http::request::Builder {
    Request::post(uri).header(header::CONTENT_TYPE, "application/json")
}

/// Logs in through the API: the cookie header value and the CSRF token.
async fn log_in(app: &Router) -> (String, String) {
    let answer = send(
        app,
        post_json("/api/login")
            .body(Body::from(
                json!({"name": EDITOR, "password": PASSWORD}).to_string(),
            ))
            .unwrap(),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let cookie = answer.headers[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_string();
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Strict"), "{cookie}");
    let pair = cookie.split(';').next().unwrap().to_string();
    (pair, answer.json()["csrf"].as_str().unwrap().to_string())
}

/// The story with a disputed fact, and that fact.
async fn disputed(app: &Router) -> (String, Value) {
    let queue = get(app, "/api/review").await;
    assert_eq!(queue.status, StatusCode::OK);
    let items = queue.json();
    let item = items
        .as_array()
        .unwrap()
        .first()
        .expect("the sample stories have a disputed fact")
        .clone();
    (
        item["story"].as_str().unwrap().to_string(),
        item["fact"].clone(),
    )
}

#[tokio::test]
async fn stories_list_search_filter_and_read() {
    let room = newsroom(true);
    room.state.refresh_all().await.unwrap();
    let app = web::router(room.state.clone());

    let health = get(&app, "/healthz").await;
    assert_eq!(health.status, StatusCode::OK);
    assert_eq!(health.json()["status"], "ok");
    assert_eq!(health.json()["stale_reports"], 0);

    let all = get(&app, "/api/stories").await.json();
    let total = all["total"].as_u64().unwrap();
    assert!(total >= 2, "{all}");
    let flood = all["stories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["article_count"].as_u64().unwrap() >= 5)
        .expect("the flood story")
        .clone();
    let id = flood["id"].as_str().unwrap();

    // Full-text search, facets and paging.
    let found = get(&app, "/api/stories?q=Aldmere").await.json();
    assert!(
        found["stories"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["id"] == id)
    );
    let none = get(&app, "/api/stories?q=zzyzxqq").await.json();
    assert_eq!(none["total"], 0);
    let spanish = get(&app, "/api/stories?language=es").await.json();
    assert!(
        spanish["stories"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["id"] == id)
    );
    let outlet = get(&app, "/api/stories?outlet=El%20Diario%20del%20Valle")
        .await
        .json();
    assert_eq!(outlet["total"], 1, "{outlet}");
    let paged = get(&app, "/api/stories?limit=1&offset=1").await.json();
    assert_eq!(paged["stories"].as_array().unwrap().len(), 1);
    assert_eq!(paged["total"].as_u64().unwrap(), total);
    let later = get(&app, "/api/stories?since=2030-01-01").await.json();
    assert_eq!(later["total"], 0);

    // A story's report, and an article with its claims.
    let report = get(&app, &format!("/api/stories/{id}")).await.json();
    assert_eq!(report["id"], id);
    assert!(!report["facts"].as_array().unwrap().is_empty());
    let article = report["articles"][0]["id"].as_str().unwrap().to_string();
    let view = get(&app, &format!("/api/articles/{article}")).await.json();
    assert_eq!(view["story"], id);
    assert!(view["article"]["text"].as_str().unwrap().len() > 100);

    // Errors carry stable codes.
    let missing = get(&app, "/api/stories/s-nothere").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.code(), "not_found");
    let bad = get(&app, "/api/stories?since=yesterday").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.code(), "bad_request");
    let nowhere = get(&app, "/api/nothing").await;
    assert_eq!(nowhere.status, StatusCode::NOT_FOUND);
    assert_eq!(nowhere.code(), "not_found");

    // The OpenAPI document names every endpoint.
    let doc = get(&app, "/api/openapi.json").await.json();
    for path in [
        "/api/stories",
        "/api/stories/{id}",
        "/api/stories/{id}/decisions",
        "/api/articles/{id}",
        "/api/sources",
        "/api/review",
        "/api/login",
        "/healthz",
    ] {
        assert!(
            doc["paths"][path].is_object(),
            "{path} missing from the OpenAPI document"
        );
    }
    // A story's body is the report schema's story, and every reference resolves.
    assert_eq!(
        doc["paths"]["/api/stories/{id}"]["get"]["responses"]["200"]["content"]["application/json"]
            ["schema"]["$ref"],
        "#/components/schemas/report.story"
    );
    fn refs(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(target)) = map.get("$ref") {
                    out.push(target.clone());
                }
                map.values().for_each(|v| refs(v, out));
            }
            Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
            _ => {}
        }
    }
    let mut targets = Vec::new();
    refs(&doc, &mut targets);
    assert!(targets.len() > 20, "{targets:?}");
    for target in targets {
        let pointer = target.strip_prefix('#').unwrap();
        assert!(doc.pointer(pointer).is_some(), "{target} does not resolve");
    }

    // Prometheus metrics count the requests above.
    let metrics = get(&app, "/metrics").await;
    assert_eq!(metrics.status, StatusCode::OK);
    assert!(
        metrics.body.contains("corroborate_http_requests_total"),
        "{}",
        metrics.body
    );
    assert!(metrics.body.contains("route=\"/api/stories\""));
    assert!(
        metrics
            .body
            .contains("corroborate_store_items{what=\"stories\"}")
    );
}

#[tokio::test]
async fn pages_show_stories_and_highlight_cited_spans() {
    let room = newsroom(true);
    room.state.refresh_all().await.unwrap();
    let app = web::router(room.state.clone());
    let list = get(&app, "/").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("River Aldmere") || list.body.contains("Aldmere"));
    assert!(list.body.contains("id=\"rows\""));
    let rows = get(&app, "/fragments/stories?q=Aldmere").await;
    assert!(rows.body.contains("story-row"));
    assert!(rows.headers.contains_key("x-total"));

    let (story, fact) = disputed(&app).await;
    let page = get(&app, &format!("/stories/{story}")).await;
    assert_eq!(page.status, StatusCode::OK);
    for part in [
        "Brief",
        "Sources side by side",
        "Figures",
        "Disputed",
        "Provenance",
    ] {
        assert!(page.body.contains(part), "the story page lacks {part}");
    }
    // Anonymous readers get no review controls.
    assert!(!page.body.contains("Confirm</button>"));
    // Each citation opens the article with its span highlighted.
    let source = &fact["values"][0]["sources"][0];
    let (article, start, end) = (
        source["article"].as_str().unwrap(),
        source["span"]["start"].as_u64().unwrap(),
        source["span"]["end"].as_u64().unwrap(),
    );
    // askama writes `&` as `&#38;`.
    let href = format!("/articles/{article}?start={start}&#38;end={end}#hl");
    assert!(page.body.contains(&href), "no link {href}");
    let text = get(
        &app,
        &format!("/articles/{article}?start={start}&end={end}"),
    )
    .await;
    assert_eq!(text.status, StatusCode::OK);
    let sentence = source["sentence"].as_str().unwrap();
    let first_words: String = sentence.chars().take(20).collect();
    let marked = text.body.split("<mark id=\"hl\">").nth(1).unwrap();
    assert!(
        marked.starts_with(&first_words.replace('"', "&quot;").replace('\'', "&#x27;"))
            || marked.starts_with(&first_words),
        "highlight starts {:?}, sentence {:?}",
        &marked[..40.min(marked.len())],
        sentence
    );
    let outside = get(&app, &format!("/articles/{article}?start=0&end=99999999")).await;
    assert_eq!(outside.status, StatusCode::BAD_REQUEST);
    let review = get(&app, "/review").await;
    assert!(review.body.contains("Waiting for review"));
    assert!(
        get(&app, "/sources")
            .await
            .body
            .contains("No source is watched")
    );
    assert_eq!(
        get(&app, "/nothing-here").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn user_text_stays_text_everywhere() {
    let room = newsroom(true);
    room.state.refresh_all().await.unwrap();
    let app = web::router(room.state.clone());
    let found = get(&app, "/api/stories?q=tram%20reopens").await.json();
    let id = found["stories"][0]["id"].as_str().unwrap().to_string();
    for uri in [
        "/".to_string(),
        "/fragments/stories".to_string(),
        format!("/stories/{id}"),
        "/articles/hostile-1".to_string(),
        "/articles/hostile-1?start=0&end=10".to_string(),
    ] {
        let page = get(&app, &uri).await;
        assert_eq!(page.status, StatusCode::OK, "{uri}");
        assert!(
            !page.body.contains("<script>alert"),
            "{uri} lets a script tag through"
        );
        assert!(
            !page.body.contains("<img src=x"),
            "{uri} lets an img tag through"
        );
        assert!(
            !page.body.contains("<b>Outlet"),
            "{uri} lets markup through"
        );
    }
    let list = get(&app, "/").await;
    // And were escaping ever to fail, the browser would run no inline script.
    let policy = list.headers["content-security-policy"].to_str().unwrap();
    assert!(policy.contains("script-src 'self'"), "{policy}");
    assert_eq!(list.headers["x-frame-options"], "DENY");
    assert!(
        list.body.contains("&#60;script&#62;alert("),
        "the title is not shown as text"
    );
}

#[tokio::test]
async fn writes_need_a_session_and_its_csrf_token_or_an_api_token() {
    let room = newsroom(true);
    room.state.refresh_all().await.unwrap();
    let app = web::router(room.state.clone());
    let (story, fact) = disputed(&app).await;
    let fact_id = fact["id"].as_str().unwrap().to_string();
    let value = fact["values"][0]["value"].as_str().unwrap().to_string();
    let decision = json!({"action": "confirm", "fact": fact_id, "value": value, "note": "checked with the ministry"});
    let uri = format!("/api/stories/{story}/decisions");

    // Nobody logged in.
    let anonymous = send(
        &app,
        post_json(&uri)
            .body(Body::from(decision.to_string()))
            .unwrap(),
    )
    .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    assert_eq!(anonymous.code(), "unauthorized");

    // A wrong password.
    let wrong = send(
        &app,
        post_json("/api/login")
            .body(Body::from(
                json!({"name": EDITOR, "password": "nope nope nope"}).to_string(),
            ))
            .unwrap(),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);

    let (cookie, csrf) = log_in(&app).await;
    // A session without its CSRF token, and with a wrong one.
    for token in [None, Some("not-the-token")] {
        let mut request = post_json(&uri).header(header::COOKIE, &cookie);
        if let Some(token) = token {
            request = request.header("x-csrf-token", token);
        }
        let refused = send(
            &app,
            request.body(Body::from(decision.to_string())).unwrap(),
        )
        .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
        assert_eq!(refused.code(), "csrf");
    }
    // The form on the page is held to the same rule.
    let form = send(
        &app,
        Request::post(format!("/stories/{story}/decide"))
            .header(header::COOKIE, &cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(format!(
                "action=confirm&fact={fact_id}&value=1&csrf=forged"
            )))
            .unwrap(),
    )
    .await;
    assert_eq!(form.status, StatusCode::FORBIDDEN);
    // Nothing was recorded.
    let report = get(&app, &format!("/api/stories/{story}")).await.json();
    assert!(report.get("reviews").is_none(), "{}", report["reviews"]);

    // With the token, the decision is stored, shown and settles the fact.
    let accepted = send(
        &app,
        post_json(&uri)
            .header(header::COOKIE, &cookie)
            .header("x-csrf-token", &csrf)
            .body(Body::from(decision.to_string()))
            .unwrap(),
    )
    .await;
    assert_eq!(accepted.status, StatusCode::CREATED, "{}", accepted.body);
    assert_eq!(accepted.json()["by"], EDITOR);
    let report = get(&app, &format!("/api/stories/{story}")).await.json();
    let settled = report["facts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == fact_id)
        .unwrap();
    assert_eq!(settled["review"]["value"], value.as_str());
    assert_eq!(report["reviews"][0]["note"], "checked with the ministry");
    let queue = get(&app, "/api/review").await.json();
    assert!(
        !queue
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["fact"]["id"] == fact_id),
        "a confirmed fact still waits"
    );
    let page = get(&app, &format!("/stories/{story}")).await;
    assert!(
        page.body.contains("confirmed “"),
        "the page does not show the decision"
    );
    let log = get(&app, "/api/decisions").await.json();
    assert_eq!(log[0]["action"], "confirm");

    // An API token writes without CSRF; a bad token is refused.
    let secret = token(&room.path);
    let bad = send(
        &app,
        post_json(&uri)
            .header(header::AUTHORIZATION, "Bearer cbt_wrong")
            .body(Body::from(
                json!({"action": "note", "note": "x"}).to_string(),
            ))
            .unwrap(),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNAUTHORIZED);
    let note = send(
        &app,
        post_json(&uri)
            .header(header::AUTHORIZATION, format!("Bearer {secret}"))
            .body(Body::from(
                json!({"action": "note", "note": "<b>bold</b> claim"}).to_string(),
            ))
            .unwrap(),
    )
    .await;
    assert_eq!(note.status, StatusCode::CREATED, "{}", note.body);
    let page = get(&app, &format!("/stories/{story}")).await;
    assert!(page.body.contains("&#60;b&#62;bold&#60;/b&#62; claim"));

    // Bad decisions are refused with reasons.
    for (body, code) in [
        (json!({"action": "confirm", "fact": fact_id}), "bad_request"),
        (
            json!({"action": "confirm", "fact": "nope", "value": "1"}),
            "not_found",
        ),
        (json!({"action": "merge"}), "bad_request"),
        (
            json!({"action": "reject", "fact": fact_id, "article": "nope", "span_start": 0, "span_end": 5}),
            "not_found",
        ),
    ] {
        let answer = send(
            &app,
            post_json(&uri)
                .header(header::AUTHORIZATION, format!("Bearer {secret}"))
                .body(Body::from(body.to_string()))
                .unwrap(),
        )
        .await;
        assert_eq!(answer.code(), code, "{body}: {}", answer.body);
    }
}

#[tokio::test]
async fn rejected_extractions_stay_out_of_later_reports() {
    let room = newsroom(true);
    room.state.refresh_all().await.unwrap();
    let app = web::router(room.state.clone());
    let (story, fact) = disputed(&app).await;
    let fact_id = fact["id"].as_str().unwrap();
    let source = fact["values"][0]["sources"][0].clone();
    let secret = token(&room.path);
    let answer = send(
        &app,
        post_json(&format!("/api/stories/{story}/decisions"))
            .header(header::AUTHORIZATION, format!("Bearer {secret}"))
            .body(Body::from(
                json!({
                    "action": "reject", "fact": fact_id, "article": source["article"],
                    "span_start": source["span"]["start"], "span_end": source["span"]["end"],
                })
                .to_string(),
            ))
            .unwrap(),
    )
    .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    let cites =
        |report: &Value| -> bool {
            report["facts"].as_array().unwrap().iter().any(|f| {
                f["id"] == fact_id
                    && f["values"].as_array().unwrap().iter().any(|v| {
                        v["sources"].as_array().unwrap().iter().any(|s| {
                            s["article"] == source["article"] && s["span"] == source["span"]
                        })
                    })
            })
        };
    let report = get(&app, &format!("/api/stories/{story}")).await.json();
    assert!(!cites(&report), "the rejected extraction is still cited");
    // A later automatic run (a fresh server over the same store) respects it too.
    drop(app);
    let again = web::AppState::open(web::Config::new(room.path.clone())).unwrap();
    again.refresh_all().await.unwrap();
    let app = web::router(again);
    let report = get(&app, &format!("/api/stories/{story}")).await.json();
    assert!(!cites(&report));
    assert_eq!(report["reviews"][0]["action"], "reject");
}

#[tokio::test]
async fn editors_merge_and_split_stories() {
    let room = newsroom(true);
    room.state.refresh_all().await.unwrap();
    let app = web::router(room.state.clone());
    let secret = token(&room.path);
    let all = get(&app, "/api/stories").await.json();
    let stories = all["stories"].as_array().unwrap();
    let big = stories
        .iter()
        .max_by_key(|s| s["article_count"].as_u64().unwrap())
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let small = stories.iter().find(|s| s["id"] != big.as_str()).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let before = get(&app, &format!("/api/stories/{big}")).await.json();
    let count = before["articles"].as_array().unwrap().len();

    let merged = send(
        &app,
        post_json(&format!("/api/stories/{big}/merge"))
            .header(header::AUTHORIZATION, format!("Bearer {secret}"))
            .body(Body::from(
                json!({"from": small, "note": "same event"}).to_string(),
            ))
            .unwrap(),
    )
    .await;
    assert_eq!(merged.status, StatusCode::CREATED, "{}", merged.body);
    assert_eq!(
        get(&app, &format!("/api/stories/{small}")).await.status,
        StatusCode::NOT_FOUND
    );
    let after = get(&app, &format!("/api/stories/{big}")).await.json();
    let grown = after["articles"].as_array().unwrap().len();
    assert!(grown > count);
    let itself = send(
        &app,
        post_json(&format!("/api/stories/{big}/merge"))
            .header(header::AUTHORIZATION, format!("Bearer {secret}"))
            .body(Body::from(json!({"from": big}).to_string()))
            .unwrap(),
    )
    .await;
    assert_eq!(itself.code(), "conflict");

    let last = after["articles"][grown - 1]["id"].clone();
    let split = send(
        &app,
        post_json(&format!("/api/stories/{big}/split"))
            .header(header::AUTHORIZATION, format!("Bearer {secret}"))
            .body(Body::from(json!({"articles": [last]}).to_string()))
            .unwrap(),
    )
    .await;
    assert_eq!(split.status, StatusCode::CREATED, "{}", split.body);
    let new = split.json()["story"].as_str().unwrap().to_string();
    let moved = get(&app, &format!("/api/stories/{new}")).await.json();
    assert_eq!(moved["articles"][0]["id"], last);
    assert_eq!(moved["reviews"][0]["action"], "split");
    let rest = get(&app, &format!("/api/stories/{big}")).await.json();
    assert_eq!(rest["articles"].as_array().unwrap().len(), grown - 1);
}

#[tokio::test]
async fn a_private_newsroom_lets_no_stranger_read() {
    let room = newsroom(false);
    let app = web::router(room.state.clone());
    let api = get(&app, "/api/stories").await;
    assert_eq!(api.status, StatusCode::UNAUTHORIZED);
    assert_eq!(api.code(), "unauthorized");
    let page = get(&app, "/").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.headers[header::LOCATION], "/login");
    assert_eq!(get(&app, "/login").await.status, StatusCode::OK);
    assert_eq!(get(&app, "/healthz").await.status, StatusCode::OK);
    let (cookie, _) = log_in(&app).await;
    let read = send(
        &app,
        Request::get("/api/stories")
            .header(header::COOKIE, &cookie)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(read.status, StatusCode::OK);
    // The login form never redirects to another site.
    let login = send(
        &app,
        Request::post("/login")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(format!(
                "name={EDITOR}&password={}&next=//evil.example/",
                PASSWORD.replace(' ', "+")
            )))
            .unwrap(),
    )
    .await;
    assert_eq!(login.status, StatusCode::SEE_OTHER);
    assert_eq!(login.headers[header::LOCATION], "/");
}

#[tokio::test]
async fn password_guessing_is_cut_short() {
    let room = newsroom(true);
    let app = web::router(room.state.clone());
    let attempt = |password: &'static str| {
        post_json("/api/login")
            .body(Body::from(
                json!({"name": EDITOR, "password": password}).to_string(),
            ))
            .unwrap()
    };
    for _ in 0..10 {
        let wrong = send(&app, attempt("not the password")).await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    }
    // Even the right password is refused for a while now.
    let blocked = send(&app, attempt(PASSWORD)).await;
    assert_eq!(blocked.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(blocked.code(), "too_many_attempts");
}
