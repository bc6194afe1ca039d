//! HTTP routes: the JSON API under `/api` and the built app at `/`.

pub mod estimate;
pub mod ingest;
pub mod journeys;

use crate::error::ApiError;
use crate::extract::MAX_BODY_BYTES;
use crate::state::AppState;
use axum::extract::DefaultBodyLimit;
use axum::http::Uri;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::trace::TraceLayer;

async fn health() -> Json<Value> {
    Json(json!({ "status": "ok", "version": env!("CARGO_PKG_VERSION") }))
}

async fn no_route(uri: Uri) -> ApiError {
    ApiError::NoRoute(uri.path().to_string())
}

/// The whole application: API routes, then the built app for every other path
/// (unknown paths get `index.html`, so the app's own routes survive a reload).
pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/health", get(health))
        .route("/journeys", get(journeys::list).post(journeys::create))
        .route(
            "/journeys/{id}",
            get(journeys::get)
                .put(journeys::update)
                .delete(journeys::delete),
        )
        .route("/journeys/{id}/publish", post(journeys::publish))
        .route("/journeys/{id}/clone", post(journeys::clone))
        .route("/estimate", post(estimate::estimate))
        .route("/schema", get(estimate::schema))
        .route("/profiles/{id}", get(estimate::profile))
        .route(
            "/write-keys",
            get(estimate::list_write_keys).post(estimate::create_write_key),
        )
        .fallback(no_route)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state.clone());
    let index = state.dist.join("index.html");
    let app = ServeDir::new(state.dist.as_path()).fallback(ServeFile::new(index));
    Router::new()
        .nest("/api", api)
        .nest("/v1", ingest::router(state.clone()))
        .fallback_service(app)
        .layer(TraceLayer::new_for_http())
}
