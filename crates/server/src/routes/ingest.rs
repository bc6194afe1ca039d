//! `/v1/*`: Segment's HTTP Tracking API (`track`, `identify`, `page`,
//! `screen`, `group`, `batch`, `import`), so Segment's libraries work when
//! pointed at Cairn.
//!
//! Authentication: the source's write key as the HTTP Basic user name (the
//! password is ignored), or `writeKey` in the body. Bodies may be gzip
//! (`Content-Encoding: gzip`). A message may be 32 KB, a batch 500 KB
//! (after decompression). Answers: `200 {"success": true, "accepted": n,
//! "duplicates": d}`; a refused message gets a 400 naming the field, and in
//! a batch the good messages are stored and the 400 lists the bad ones.

use crate::ingest::message::{self, Defaults, MessageError, MAX_BATCH_BYTES, MAX_MESSAGE_BYTES};
use crate::state::AppState;
use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use base64::Engine as _;
use serde_json::{json, Value};
use std::io::Read;
use thiserror::Error;

/// Why an ingest request was refused.
#[derive(Debug, Error)]
pub enum IngestError {
    /// No write key.
    #[error("send the source's write key as the HTTP Basic user name")]
    NoKey,
    /// Not a write key of this workspace.
    #[error("the write key is not valid")]
    BadKey,
    /// Larger than Segment's limits.
    #[error("the request body is larger than {limit} bytes")]
    TooLarge {
        /// The limit.
        limit: usize,
    },
    /// Compressed in a way the server does not read.
    #[error("unsupported Content-Encoding {0:?} (send identity or gzip)")]
    Encoding(String),
    /// Not JSON, or not gzip when it says so.
    #[error("{0}")]
    BadBody(String),
    /// Every message (or the only one) was refused.
    #[error("{message}")]
    Invalid {
        /// A summary.
        message: String,
        /// The refused messages.
        failures: Vec<Failure>,
        /// Good messages of the batch that were stored.
        stored: crate::ingest::Stored,
    },
    /// Storage failed.
    #[error("the server could not store the messages")]
    Internal(String),
}

/// A refused message.
#[derive(Debug, Clone)]
pub struct Failure {
    /// Its position in the batch (0 for a single call).
    pub index: usize,
    /// Its `messageId`, if it had one.
    pub message_id: Option<String>,
    /// Why.
    pub error: MessageError,
}

impl IntoResponse for IngestError {
    fn into_response(self) -> Response {
        let (status, code) = match &self {
            IngestError::NoKey | IngestError::BadKey => (StatusCode::UNAUTHORIZED, "unauthorized"),
            IngestError::TooLarge { .. } => (StatusCode::PAYLOAD_TOO_LARGE, "body_too_large"),
            IngestError::Encoding(_) => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_encoding")
            }
            IngestError::BadBody(_) => (StatusCode::BAD_REQUEST, "invalid_json"),
            IngestError::Invalid { .. } => (StatusCode::BAD_REQUEST, "invalid_message"),
            IngestError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        };
        if let IngestError::Internal(detail) = &self {
            tracing::error!(%detail, "ingest failed");
        }
        let details = match &self {
            IngestError::Invalid { failures, .. } => failures
                .iter()
                .map(|f| {
                    json!({
                        "path": f.error.path,
                        "code": "invalid_message",
                        "message": f.error.reason,
                        "index": f.index,
                        "messageId": f.message_id,
                    })
                })
                .collect(),
            _ => Value::Null,
        };
        let mut body = json!({
            "success": false,
            "error": { "code": code, "message": self.to_string(), "details": details }
        });
        if let IngestError::Invalid { stored, .. } = &self {
            body["accepted"] = json!(stored.accepted);
            body["duplicates"] = json!(stored.duplicates);
        }
        let mut resp = (status, Json(body)).into_response();
        if status == StatusCode::UNAUTHORIZED {
            resp.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Basic realm=\"cairn\""),
            );
        }
        resp
    }
}

/// The `/v1` routes.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/track", post(track))
        .route("/identify", post(identify))
        .route("/page", post(page))
        .route("/screen", post(screen))
        .route("/group", post(group))
        .route("/batch", post(batch))
        .route("/import", post(batch))
        .layer(DefaultBodyLimit::disable())
        .layer(browser_sources())
        .with_state(state)
}

/// Segment's browser library (analytics.js) posts from the customer's own
/// site, so `/v1` answers CORS preflights from any origin, as Segment's API
/// does. The write key is the credential; no cookies are involved.
fn browser_sources() -> tower_http::cors::CorsLayer {
    use axum::http::Method;
    tower_http::cors::CorsLayer::new()
        .allow_origin(tower_http::cors::Any)
        .allow_methods([Method::POST, Method::OPTIONS])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::CONTENT_ENCODING,
        ])
        .max_age(std::time::Duration::from_secs(86_400))
}

fn basic_user(headers: &HeaderMap) -> Option<String> {
    let raw = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, rest) = raw.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(rest.trim())
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let user = text.split(':').next().unwrap_or_default();
    (!user.is_empty()).then(|| user.to_string())
}

/// The body as JSON, and its size in bytes after decompression.
async fn read_body(
    headers: &HeaderMap,
    body: Body,
    limit: usize,
) -> Result<(Value, usize), IngestError> {
    let raw: Bytes = axum::body::to_bytes(body, limit)
        .await
        .map_err(|_| IngestError::TooLarge { limit })?;
    let encoding = headers
        .get(header::CONTENT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim().to_ascii_lowercase())
        .unwrap_or_default();
    let bytes: Vec<u8> = match encoding.as_str() {
        "" | "identity" => raw.to_vec(),
        "gzip" | "x-gzip" => {
            let mut out = Vec::new();
            flate2::read::GzDecoder::new(raw.as_ref())
                .take(limit as u64 + 1)
                .read_to_end(&mut out)
                .map_err(|e| IngestError::BadBody(format!("the gzip body is unreadable: {e}")))?;
            if out.len() > limit {
                return Err(IngestError::TooLarge { limit });
            }
            out
        }
        other => return Err(IngestError::Encoding(other.to_string())),
    };
    let value = serde_json::from_slice(&bytes)
        .map_err(|e| IngestError::BadBody(format!("the body is not JSON: {e}")))?;
    Ok((value, bytes.len()))
}

fn authorize(state: &AppState, headers: &HeaderMap, body: &Value) -> Result<(), IngestError> {
    let key = basic_user(headers).or_else(|| {
        body.get("writeKey")
            .and_then(Value::as_str)
            .map(str::to_string)
    });
    match key {
        None => Err(IngestError::NoKey),
        Some(k) if state.ingest.key_is_valid(&k) => Ok(()),
        Some(_) => Err(IngestError::BadKey),
    }
}

async fn ingest(
    state: AppState,
    headers: HeaderMap,
    body: Body,
    kind: Option<&'static str>,
) -> Result<Json<Value>, IngestError> {
    // A key in the header is checked before the body is read.
    if basic_user(&headers).is_some() {
        authorize(&state, &headers, &Value::Null)?;
    }
    let limit = if kind.is_some() {
        MAX_MESSAGE_BYTES
    } else {
        MAX_BATCH_BYTES
    };
    let (value, body_len) = read_body(&headers, body, limit).await?;
    authorize(&state, &headers, &value)?;
    let received_at = chrono::Utc::now().timestamp_millis();
    // Only a body over 32 KB can hold a message over 32 KB: measure then.
    let measure = body_len > MAX_MESSAGE_BYTES;
    let (messages, defaults, prefix): (Vec<Value>, Defaults, bool) = match kind {
        Some(_) => (vec![value], Defaults::default(), false),
        None => {
            let Value::Object(mut obj) = value else {
                return Err(IngestError::BadBody("a batch must be a JSON object".into()));
            };
            let defaults = message::defaults(&obj).map_err(|error| IngestError::Invalid {
                message: error.reason.clone(),
                failures: vec![Failure {
                    index: 0,
                    message_id: None,
                    error,
                }],
                stored: Default::default(),
            })?;
            match obj.remove("batch") {
                Some(Value::Array(items)) => (items, defaults, true),
                _ => {
                    return Err(IngestError::BadBody(
                        "batch: an array of messages is required".into(),
                    ))
                }
            }
        }
    };
    let total = messages.len();
    let mut rows = Vec::with_capacity(total);
    let mut failures = Vec::new();
    for (i, m) in messages.into_iter().enumerate() {
        let path = if prefix {
            format!("batch[{i}]")
        } else {
            String::new()
        };
        let message_id = m
            .get("messageId")
            .and_then(Value::as_str)
            .map(str::to_string);
        let size = measure.then(|| serde_json::to_string(&m).map_or(0, |s| s.len()));
        match message::parse(m, kind, &defaults, received_at, &path, size) {
            Ok(row) => rows.push(row),
            Err(error) => failures.push(Failure {
                index: i,
                message_id,
                error,
            }),
        }
    }
    let stored = if rows.is_empty() {
        Default::default()
    } else {
        state
            .ingest
            .store(rows)
            .await
            .map_err(|e| IngestError::Internal(e.to_string()))?
    };
    if failures.is_empty() {
        return Ok(Json(json!({
            "success": true,
            "accepted": stored.accepted,
            "duplicates": stored.duplicates,
        })));
    }
    let message = if total == 1 {
        failures[0].error.reason.clone()
    } else {
        format!(
            "{} of {total} messages were refused; the other {} were stored",
            failures.len(),
            total - failures.len()
        )
    };
    Err(IngestError::Invalid {
        message,
        failures,
        stored,
    })
}

async fn track(
    State(s): State<AppState>,
    h: HeaderMap,
    b: Body,
) -> Result<Json<Value>, IngestError> {
    ingest(s, h, b, Some("track")).await
}

async fn identify(
    State(s): State<AppState>,
    h: HeaderMap,
    b: Body,
) -> Result<Json<Value>, IngestError> {
    ingest(s, h, b, Some("identify")).await
}

async fn page(
    State(s): State<AppState>,
    h: HeaderMap,
    b: Body,
) -> Result<Json<Value>, IngestError> {
    ingest(s, h, b, Some("page")).await
}

async fn screen(
    State(s): State<AppState>,
    h: HeaderMap,
    b: Body,
) -> Result<Json<Value>, IngestError> {
    ingest(s, h, b, Some("screen")).await
}

async fn group(
    State(s): State<AppState>,
    h: HeaderMap,
    b: Body,
) -> Result<Json<Value>, IngestError> {
    ingest(s, h, b, Some("group")).await
}

async fn batch(
    State(s): State<AppState>,
    h: HeaderMap,
    b: Body,
) -> Result<Json<Value>, IngestError> {
    ingest(s, h, b, None).await
}
