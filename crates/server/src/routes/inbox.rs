//! The request inbox: a built-in event destination served by Cairn itself.
//!
//! `POST /api/inbox/{destination_id}` records what it receives (method,
//! path, headers with secrets masked, body) and answers `200`;
//! `GET /api/inbox` lists the newest requests first; `DELETE /api/inbox`
//! forgets them. Only the newest [`INBOX_KEEP`] are kept.

use crate::error::ApiError;
use crate::state::AppState;
use crate::store::destinations::{self as dstore, InboxRequest, INBOX_KEEP};
use axum::body::Bytes;
use axum::extract::{OriginalUri, Path, Query, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::Json;
use cairn_domain::destination::{
    is_sensitive_header, mask_secret, Builtin, Destination, DestinationSpec, DestinationType,
    DEFAULT_TIMEOUT_MS,
};
use chrono::{SecondsFormat, Utc};
use serde::Deserialize;
use serde_json::{json, Value};

/// The name of the built-in inbox destination.
pub const INBOX_NAME: &str = "Request inbox";

/// `GET /api/inbox` parameters.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    /// How many requests (1 to 500, default 100).
    pub limit: Option<u32>,
}

fn not_an_inbox(id: &str) -> ApiError {
    ApiError::Refused {
        status: StatusCode::NOT_FOUND,
        code: "not_found",
        message: format!("{id} is not a request inbox of this server"),
        details: Value::Null,
    }
}

/// `POST /api/inbox/{destination_id}`: records the request.
pub async fn receive(
    State(state): State<AppState>,
    Path(id): Path<String>,
    method: Method,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let id: String = id.chars().take(64).collect();
    let recorded = state
        .store
        .run(move |c| {
            let d = dstore::get(c, &id)?
                .filter(|d| d.builtin == Some(Builtin::Inbox))
                .ok_or_else(|| not_an_inbox(&id))?;
            let secret = |name: &str| {
                is_sensitive_header(name)
                    || d.spec
                        .headers
                        .iter()
                        .any(|h| h.secret && h.name.eq_ignore_ascii_case(name))
            };
            let headers = headers
                .iter()
                .map(|(k, v)| {
                    let v = String::from_utf8_lossy(v.as_bytes()).into_owned();
                    let v = if secret(k.as_str()) {
                        mask_secret(&v)
                    } else {
                        v
                    };
                    (k.as_str().to_string(), v)
                })
                .collect();
            let r = InboxRequest {
                id: 0,
                destination_id: d.id,
                received_at: Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true),
                method: method.to_string(),
                path: uri
                    .path_and_query()
                    .map(|p| p.as_str().to_string())
                    .unwrap_or_default(),
                headers,
                body: String::from_utf8_lossy(&body).into_owned(),
                json: None,
            };
            Ok(dstore::inbox_record(c, &r)?)
        })
        .await?;
    Ok(Json(json!({ "received": true, "id": recorded })))
}

/// `GET /api/inbox`: what the inbox received, newest first.
pub async fn list(
    State(state): State<AppState>,
    Query(q): Query<ListQuery>,
) -> Result<Json<Vec<InboxRequest>>, ApiError> {
    let limit = q.limit.unwrap_or(100).clamp(1, INBOX_KEEP as u32);
    Ok(Json(
        state
            .store
            .run(move |c| Ok(dstore::inbox_list(c, limit)?))
            .await?,
    ))
}

/// `DELETE /api/inbox`: forgets everything the inbox received.
pub async fn clear(State(state): State<AppState>) -> Result<StatusCode, ApiError> {
    state.store.run(|c| Ok(dstore::inbox_clear(c)?)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Creates the "Request inbox" destination unless the workspace has one.
/// Returns it either way.
pub async fn ensure_inbox(state: &AppState) -> Result<Destination, ApiError> {
    state
        .store
        .run(|c| {
            if let Some(d) = dstore::find_builtin(c, Builtin::Inbox)? {
                return Ok(d);
            }
            let now = Utc::now();
            let d = Destination {
                id: uuid::Uuid::new_v4().to_string(),
                builtin: Some(Builtin::Inbox),
                spec: DestinationSpec {
                    name: INBOX_NAME.into(),
                    kind: DestinationType::Event,
                    enabled: true,
                    url: String::new(),
                    headers: Vec::new(),
                    timeout_ms: DEFAULT_TIMEOUT_MS,
                    batch_size: None,
                },
                created_at: now,
                updated_at: now,
            };
            dstore::save(c, &d)?;
            Ok(d)
        })
        .await
}
