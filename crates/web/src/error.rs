//! Errors as the API gives them: an HTTP status and a JSON body with a stable code.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// An error of the API: `{"error": {"code": "...", "message": "..."}}` with its status.
///
/// The codes are stable (clients branch on them); the messages are for people.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{code}: {message}")]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// Stable: `not_found`, `bad_request`, `unauthorized`, `forbidden`, `csrf`, `conflict`,
    /// `too_many_attempts`, `unavailable`, `internal`.
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    pub fn unauthorized(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", message)
    }

    pub fn forbidden(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    pub fn csrf() -> ApiError {
        ApiError::new(
            StatusCode::FORBIDDEN,
            "csrf",
            "the request's CSRF token is missing or wrong; reload the page and try again",
        )
    }

    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", message)
    }
}

impl From<store::StoreError> for ApiError {
    fn from(error: store::StoreError) -> ApiError {
        match error {
            store::StoreError::NoSuchStory(_) => ApiError::not_found(error.to_string()),
            store::StoreError::Refused(_) => {
                ApiError::new(StatusCode::CONFLICT, "conflict", error.to_string())
            }
            store::StoreError::Sqlite(ref e) if e.sqlite_error_code() == Some(rusqlite_busy()) => {
                ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "unavailable",
                    "the store is busy; try again",
                )
            }
            other => {
                tracing::error!("store: {other}");
                ApiError::internal(format!("store: {other}"))
            }
        }
    }
}

fn rusqlite_busy() -> store::ErrorCode {
    store::ErrorCode::DatabaseBusy
}

impl From<pipeline::PipelineError> for ApiError {
    fn from(error: pipeline::PipelineError) -> ApiError {
        tracing::error!("building a report: {error}");
        ApiError::internal(error.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code,
                message: self.message,
            },
        };
        (self.status, Json(body)).into_response()
    }
}
