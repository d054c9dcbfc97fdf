//! Who is asking: an editor with a cookie session or an API token, or someone anonymous.
//!
//! Rules:
//! - The session cookie is `HttpOnly`, `SameSite=Strict`, `Path=/` (and `Secure` when the
//!   config says so); the store keeps only a hash of it.
//! - Every write made with a session cookie carries the session's CSRF token, in the
//!   `X-CSRF-Token` header (API) or the `csrf` form field (pages). Writes with an API token
//!   (`Authorization: Bearer ...`) need none: no browser sends that header by itself.
//! - Anonymous people may read when the config allows it, and never write.

use crate::{ApiError, AppState};
use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::StatusCode;
use axum::http::header::{AUTHORIZATION, COOKIE};
use axum::http::request::Parts;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use store::AccountStore;

pub(crate) const SESSION_COOKIE: &str = "corroborate_session";

/// The person behind a request.
#[derive(Debug, Clone)]
pub(crate) enum Viewer {
    Anonymous,
    Editor(Editor),
}

#[derive(Debug, Clone)]
pub(crate) struct Editor {
    pub id: i64,
    pub name: String,
    /// The session's CSRF token; `None` when the request came with an API token.
    pub csrf: Option<String>,
}

impl Viewer {
    pub fn editor(&self) -> Option<&Editor> {
        match self {
            Viewer::Editor(editor) => Some(editor),
            Viewer::Anonymous => None,
        }
    }

    pub fn name(&self) -> Option<&str> {
        self.editor().map(|e| e.name.as_str())
    }

    /// The CSRF token pages put in their forms.
    pub fn csrf(&self) -> &str {
        self.editor().and_then(|e| e.csrf.as_deref()).unwrap_or("")
    }

    /// The editor allowed to write, given the CSRF token the request carried.
    pub fn writer(&self, csrf: Option<&str>) -> Result<&Editor, ApiError> {
        let Viewer::Editor(editor) = self else {
            return Err(ApiError::unauthorized(
                "log in as an editor (or send an API token) to change anything",
            ));
        };
        match &editor.csrf {
            None => Ok(editor),
            Some(expected) => match csrf {
                Some(given) if same(given.as_bytes(), expected.as_bytes()) => Ok(editor),
                _ => Err(ApiError::csrf()),
            },
        }
    }
}

/// Compares two secrets in time that does not depend on where they differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The value of one cookie in a `Cookie` header.
pub(crate) fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// The `Set-Cookie` value that starts a session.
pub(crate) fn session_cookie(token: &str, max_age: u64, secure: bool) -> String {
    format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{}",
        if secure { "; Secure" } else { "" }
    )
}

/// The `Set-Cookie` value that ends one.
pub(crate) fn clear_cookie(secure: bool) -> String {
    format!(
        "{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{}",
        if secure { "; Secure" } else { "" }
    )
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Viewer, ApiError> {
        let now = jiff::Timestamp::now().as_second();
        if let Some(value) = parts.headers.get(AUTHORIZATION) {
            let token = value
                .to_str()
                .ok()
                .and_then(|v| v.strip_prefix("Bearer "))
                .map(|t| t.trim().to_string())
                .ok_or_else(|| {
                    ApiError::unauthorized("the Authorization header must be `Bearer <token>`")
                })?;
            let user = state
                .pool
                .run(move |store| Ok(store.token_user(&token, now)?))
                .await?
                .ok_or_else(|| ApiError::unauthorized("the API token is unknown or revoked"))?;
            return Ok(Viewer::Editor(Editor {
                id: user.id,
                name: user.name,
                csrf: None,
            }));
        }
        if let Some(token) = cookie(&parts.headers, SESSION_COOKIE).filter(|t| !t.is_empty()) {
            let token = token.to_string();
            let session = state
                .pool
                .run(move |store| Ok(store.session(&token, now)?))
                .await?;
            if let Some(session) = session {
                return Ok(Viewer::Editor(Editor {
                    id: session.user.id,
                    name: session.user.name,
                    csrf: Some(session.csrf),
                }));
            }
        }
        Ok(Viewer::Anonymous)
    }
}

/// Proof that the request may read: it comes from an editor, or anyone may read.
#[derive(Debug, Clone)]
pub(crate) struct Reader;

impl FromRequestParts<AppState> for Reader {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Reader, ApiError> {
        let viewer = Viewer::from_request_parts(parts, state).await?;
        if matches!(viewer, Viewer::Anonymous) && !state.config.public_read {
            return Err(ApiError::unauthorized(
                "this newsroom is private: log in to read it",
            ));
        }
        Ok(Reader)
    }
}

/// Failed logins allowed per name within [`THROTTLE_WINDOW`] before more are refused.
const MAX_FAILURES: u32 = 10;
const THROTTLE_WINDOW: Duration = Duration::from_secs(600);
/// Names remembered at most (the oldest are forgotten first).
const THROTTLE_NAMES: usize = 10_000;

/// Slows password guessing: after [`MAX_FAILURES`] failed logins for one name within
/// [`THROTTLE_WINDOW`], that name's logins are refused until the window has passed.
#[derive(Default)]
pub(crate) struct LoginThrottle {
    failures: Mutex<HashMap<String, (u32, Instant)>>,
}

impl LoginThrottle {
    fn key(name: &str) -> String {
        name.trim().to_lowercase()
    }

    fn check(&self, name: &str) -> Result<(), ApiError> {
        let Ok(mut failures) = self.failures.lock() else {
            return Ok(());
        };
        let key = Self::key(name);
        if let Some((count, since)) = failures.get(&key).copied() {
            if since.elapsed() >= THROTTLE_WINDOW {
                failures.remove(&key);
            } else if count >= MAX_FAILURES {
                return Err(ApiError::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    "too_many_attempts",
                    "too many failed logins for this name; wait ten minutes and try again",
                ));
            }
        }
        Ok(())
    }

    fn failed(&self, name: &str) {
        let Ok(mut failures) = self.failures.lock() else {
            return;
        };
        if failures.len() >= THROTTLE_NAMES {
            failures.retain(|_, (_, since)| since.elapsed() < THROTTLE_WINDOW);
            if failures.len() >= THROTTLE_NAMES
                && let Some(oldest) = failures
                    .iter()
                    .min_by_key(|(_, (_, since))| *since)
                    .map(|(k, _)| k.clone())
            {
                failures.remove(&oldest);
            }
        }
        let entry = failures
            .entry(Self::key(name))
            .or_insert((0, Instant::now()));
        entry.0 += 1;
    }

    fn succeeded(&self, name: &str) {
        if let Ok(mut failures) = self.failures.lock() {
            failures.remove(&Self::key(name));
        }
    }
}

/// Checks a name and password and starts a session: the session's token and CSRF token.
pub(crate) async fn log_in(
    state: &AppState,
    name: String,
    password: String,
) -> Result<(store::accounts::NewSession, String), ApiError> {
    state.throttle.check(&name)?;
    let ttl = state.config.session_ttl.as_secs() as i64;
    let tried = name.clone();
    let result = state
        .pool
        .run(move |store| {
            let user = store
                .check_password(&name, &password)?
                .ok_or_else(|| ApiError::unauthorized("wrong name or password"))?;
            let now = jiff::Timestamp::now().as_second();
            let session = store.start_session(user.id, ttl, now)?;
            Ok((session, user.name))
        })
        .await;
    match &result {
        Ok(_) => state.throttle.succeeded(&tried),
        Err(e) if e.code == "unauthorized" => state.throttle.failed(&tried),
        Err(_) => {}
    }
    result
}

/// Ends the session the request's cookie names, if any.
pub(crate) async fn log_out(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    if let Some(token) = cookie(headers, SESSION_COOKIE).filter(|t| !t.is_empty()) {
        let token = token.to_string();
        state
            .pool
            .run(move |store| Ok(store.end_session(&token)?))
            .await?;
    }
    Ok(())
}
