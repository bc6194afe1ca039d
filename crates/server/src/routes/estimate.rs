//! `/api/estimate`, `/api/schema`, `/api/profiles/{id}` and `/api/write-keys`:
//! what the condition builder and the settings read.

use crate::error::ApiError;
use crate::estimate::{self, check, schema};
use crate::extract::{JsonBody, ParseBody};
use crate::ingest::new_write_key;
use crate::state::AppState;
use crate::store;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use cairn_domain::Condition;
use serde::Deserialize;
use serde_json::{json, Value};

fn error(status: StatusCode, code: &str, message: String, details: Value) -> Response {
    let body = json!({ "error": { "code": code, "message": message, "details": details } });
    (status, Json(body)).into_response()
}

fn yes() -> bool {
    true
}

/// The body of `POST /api/estimate`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EstimateRequest {
    /// The entry condition.
    pub condition: Condition,
    /// The entry step's "use historical data" (default true).
    #[serde(default = "yes")]
    pub use_historical_data: bool,
}

impl ParseBody for EstimateRequest {
    fn parse(bytes: &[u8]) -> Result<Self, (String, String)> {
        cairn_domain::journey::parse_document(bytes).map_err(|e| (e.path, e.message))
    }
}

/// `POST /api/estimate`: how many users match, who (a sample), how long it took.
pub async fn estimate(
    State(state): State<AppState>,
    JsonBody(req): JsonBody<EstimateRequest>,
) -> Result<Response, ApiError> {
    let problems = check::problems("condition", &req.condition);
    if !problems.is_empty() {
        return Ok(error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_condition",
            "the condition is incomplete".into(),
            json!(problems),
        ));
    }
    let engine = state.engine.clone();
    let now = engine.now_ms();
    let result = tokio::task::spawn_blocking(move || {
        let index = engine.read()?;
        Ok::<_, store::StoreError>(estimate::estimate(
            &index,
            &req.condition,
            req.use_historical_data,
            now,
        ))
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))??;
    Ok(Json(result).into_response())
}

/// `GET /api/schema`: event names (with counts), their properties and common
/// values, trait names with types and common values.
pub async fn schema(State(state): State<AppState>) -> Result<Json<schema::Schema>, ApiError> {
    let engine = state.engine.clone();
    let s = tokio::task::spawn_blocking(move || {
        let index = engine.read()?;
        Ok::<_, store::StoreError>(schema::schema(&index))
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))??;
    Ok(Json(s))
}

/// `GET /api/profiles/{id}`: a profile's traits and its 20 latest messages.
pub async fn profile(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let lookup = id.clone();
    let found = state
        .store
        .run(move |c| Ok(store::profile(c, &lookup)?))
        .await?;
    Ok(match found {
        Some(p) => Json(p).into_response(),
        None => error(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("profile {id:?} does not exist"),
            Value::Null,
        ),
    })
}

/// The body of `POST /api/write-keys`.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct NewWriteKey {
    /// A name for people (default `Default source`).
    #[serde(default)]
    pub name: Option<String>,
}

impl ParseBody for NewWriteKey {
    fn parse(bytes: &[u8]) -> Result<Self, (String, String)> {
        cairn_domain::journey::parse_document(bytes).map_err(|e| (e.path, e.message))
    }
}

/// `GET /api/write-keys`: every write key, oldest first.
pub async fn list_write_keys(State(state): State<AppState>) -> Result<Response, ApiError> {
    let keys = state.store.run(|c| Ok(store::list_write_keys(c)?)).await?;
    Ok(Json(keys).into_response())
}

/// `POST /api/write-keys`: creates a write key.
pub async fn create_write_key(
    State(state): State<AppState>,
    JsonBody(req): JsonBody<NewWriteKey>,
) -> Result<Response, ApiError> {
    let name = req
        .name
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "Default source".into());
    if name.chars().count() > 100 {
        return Ok(error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            "a write key's name is at most 100 characters".into(),
            json!([{ "path": "name", "code": "too_long", "message": "at most 100 characters" }]),
        ));
    }
    let key = create_key(&state, &name).await?;
    Ok((StatusCode::CREATED, Json(key)).into_response())
}

/// Stores a new write key and lets ingest accept it.
pub async fn create_key(state: &AppState, name: &str) -> Result<store::WriteKey, ApiError> {
    let key = new_write_key(name, chrono::Utc::now());
    let stored = key.clone();
    state
        .store
        .run(move |c| Ok(store::insert_write_key(c, &stored)?))
        .await?;
    state.ingest.key_added(&key);
    tracing::info!(name = %key.name, "write key created");
    Ok(key)
}
