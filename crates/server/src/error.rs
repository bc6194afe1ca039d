//! The API's errors: one enum, rendered as `{"error": {"code", "message", "details"}}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use cairn_domain::edit::EditRejection;
use cairn_domain::publish::PublishRejection;
use cairn_domain::validation::Problem;
use serde_json::{json, Value};
use thiserror::Error;

/// Everything an API call can fail with.
#[derive(Debug, Error)]
pub enum ApiError {
    /// The body is not JSON of the expected shape.
    #[error("{message}")]
    BadJson {
        /// Path to the bad field (`.` for the whole body).
        path: String,
        /// What is wrong.
        message: String,
    },
    /// The body is not declared as JSON.
    #[error("the request body must be JSON (Content-Type: application/json)")]
    NotJson,
    /// The body is larger than the server accepts.
    #[error("the request body is larger than {limit} bytes")]
    TooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// An id in the URL is not a journey id.
    #[error("{0:?} is not a valid journey id")]
    BadId(String),
    /// No such journey.
    #[error("journey {0} does not exist")]
    NotFound(String),
    /// No such route.
    #[error("no API route {0}")]
    NoRoute(String),
    /// PUT without `If-Match`.
    #[error("send the version you edited in an If-Match header")]
    VersionRequired,
    /// `If-Match` is not a version number.
    #[error("If-Match must be the journey's version, a whole number (got {0:?})")]
    BadVersion(String),
    /// Someone else saved first.
    #[error("the journey was changed by someone else: you edited version {yours}, the current version is {current}")]
    VersionConflict {
        /// The version the client edited.
        yours: u64,
        /// The stored version.
        current: u64,
    },
    /// The change breaks a rule.
    #[error("{0}")]
    Edit(#[from] EditRejection),
    /// Publishing was refused.
    #[error("{0}")]
    Publish(#[from] PublishRejection),
    /// A Send step's key is used by another journey of the workspace.
    #[error("key {key} is already used by another journey in this workspace")]
    KeyTaken {
        /// The key.
        key: String,
        /// Path to the step's key.
        path: String,
    },
    /// A refusal with its own status, code and details (destinations, tester, inbox).
    #[error("{message}")]
    Refused {
        /// The HTTP status.
        status: StatusCode,
        /// The machine-readable code.
        code: &'static str,
        /// What is wrong, in words.
        message: String,
        /// The `details` of the JSON body.
        details: Value,
    },
    /// Storage failed; details are logged, not returned.
    #[error("the server could not complete the request")]
    Internal(String),
}

impl From<crate::store::StoreError> for ApiError {
    fn from(e: crate::store::StoreError) -> Self {
        ApiError::Internal(e.to_string())
    }
}

fn problems(p: &[Problem]) -> Value {
    serde_json::to_value(p).unwrap_or(Value::Null)
}

impl ApiError {
    /// The status code and machine-readable code.
    pub fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            ApiError::BadJson { .. } => (StatusCode::BAD_REQUEST, "invalid_json"),
            ApiError::NotJson => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "not_json"),
            ApiError::TooLarge { .. } => (StatusCode::PAYLOAD_TOO_LARGE, "body_too_large"),
            ApiError::BadId(_) => (StatusCode::BAD_REQUEST, "invalid_id"),
            ApiError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            ApiError::NoRoute(_) => (StatusCode::NOT_FOUND, "no_route"),
            ApiError::VersionRequired => (StatusCode::PRECONDITION_REQUIRED, "version_required"),
            ApiError::BadVersion(_) => (StatusCode::BAD_REQUEST, "invalid_version"),
            ApiError::VersionConflict { .. } => {
                (StatusCode::PRECONDITION_FAILED, "version_conflict")
            }
            ApiError::Edit(EditRejection::Invalid { .. }) => {
                (StatusCode::UNPROCESSABLE_ENTITY, "validation_failed")
            }
            ApiError::Edit(EditRejection::PublishedStepsChanged { .. }) => {
                (StatusCode::CONFLICT, "published_steps_locked")
            }
            ApiError::Edit(EditRejection::KeyChanged { .. }) => {
                (StatusCode::UNPROCESSABLE_ENTITY, "key_immutable")
            }
            ApiError::Edit(EditRejection::Immutable { .. }) => {
                (StatusCode::UNPROCESSABLE_ENTITY, "immutable_field")
            }
            ApiError::Publish(PublishRejection::Invalid { .. }) => {
                (StatusCode::UNPROCESSABLE_ENTITY, "validation_failed")
            }
            ApiError::Publish(PublishRejection::LimitReached { .. }) => {
                (StatusCode::CONFLICT, "published_limit_reached")
            }
            ApiError::Publish(PublishRejection::AlreadyPublished) => {
                (StatusCode::CONFLICT, "already_published")
            }
            ApiError::KeyTaken { .. } => (StatusCode::CONFLICT, "key_taken"),
            ApiError::Refused { status, code, .. } => (*status, code),
            ApiError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }

    fn details(&self) -> Value {
        match self {
            ApiError::BadJson { path, message } => {
                json!([{ "path": path, "code": "invalid_json", "message": message }])
            }
            ApiError::VersionConflict { yours, current } => {
                json!({ "your_version": yours, "current_version": current })
            }
            ApiError::Edit(EditRejection::Invalid { problems: p })
            | ApiError::Publish(PublishRejection::Invalid { problems: p }) => problems(p),
            ApiError::Edit(EditRejection::PublishedStepsChanged { changes }) => {
                json!({ "changes": changes })
            }
            ApiError::Edit(EditRejection::Immutable { field }) => {
                json!([{ "path": field, "code": "immutable", "message": self.to_string() }])
            }
            ApiError::Edit(EditRejection::KeyChanged { step, .. }) => {
                json!([{ "path": format!("steps.{step}.key"), "code": "key_immutable", "message": self.to_string() }])
            }
            ApiError::Publish(PublishRejection::LimitReached { published, limit }) => {
                json!({ "published": published, "limit": limit })
            }
            ApiError::KeyTaken { key, path } => {
                json!([{ "path": path, "code": "key_taken", "message": format!("key {key} is already used") }])
            }
            ApiError::Refused { details, .. } => details.clone(),
            _ => Value::Null,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        if let ApiError::Internal(detail) = &self {
            tracing::error!(%detail, "internal error");
        } else {
            tracing::debug!(%code, error = %self, "request refused");
        }
        let body = json!({
            "error": { "code": code, "message": self.to_string(), "details": self.details() }
        });
        (status, Json(body)).into_response()
    }
}
