//! HTTP routes: the JSON API under `/api` and the built app at `/`.

pub mod checks;
pub mod destinations;
pub mod estimate;
pub mod inbox;
pub mod ingest;
pub mod journeys;

use crate::error::ApiError;
use crate::extract::MAX_BODY_BYTES;
use crate::state::AppState;
use axum::extract::DefaultBodyLimit;
use axum::http::header::{HeaderValue, CACHE_CONTROL};
use axum::http::Uri;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

async fn health() -> Json<Value> {
    Json(json!({ "status": "ok", "version": env!("CARGO_PKG_VERSION") }))
}

async fn no_route(uri: Uri) -> ApiError {
    ApiError::NoRoute(uri.path().to_string())
}

/// The built app (`dist/`): its files, and `index.html` for every other path
/// so that deep links load the app. `make app` writes a gzip copy of each
/// file beside it, sent to browsers that accept gzip. Files are revalidated
/// on every load (`no-cache`, answered by `304` while unchanged): the wasm
/// and its JS keep the same names from one build to the next.
fn app_files(dist: &std::path::Path) -> Router {
    let index = ServeFile::new(dist.join("index.html")).precompressed_gzip();
    let files = ServeDir::new(dist).precompressed_gzip().fallback(index);
    Router::new()
        .fallback_service(files)
        .layer(SetResponseHeaderLayer::if_not_present(
            CACHE_CONTROL,
            HeaderValue::from_static("no-cache"),
        ))
}

/// `/destinations` (with the event tester) and `/inbox`.
fn destinations_api() -> Router<AppState> {
    Router::new()
        .route(
            "/destinations",
            get(destinations::list).post(destinations::create),
        )
        .route(
            "/destinations/{id}",
            get(destinations::get)
                .put(destinations::update)
                .delete(destinations::delete),
        )
        .route("/destinations/{id}/test", post(destinations::test))
        .route("/destinations/{id}/preview", post(destinations::preview))
        .route("/destinations/{id}/users.csv", get(destinations::users_csv))
        .route("/inbox", get(inbox::list).delete(inbox::clear))
        .route("/inbox/{id}", post(inbox::receive).put(inbox::receive))
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
        .route("/journeys/check", post(checks::unsaved))
        .route(
            "/journeys/{id}/check",
            get(checks::stored).post(checks::stored),
        )
        .merge(destinations_api())
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
    Router::new()
        .nest("/api", api)
        .nest("/v1", ingest::router(state.clone()))
        .fallback_service(app_files(&state.dist))
        .layer(TraceLayer::new_for_http())
}
