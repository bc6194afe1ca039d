//! Request extractors whose failures are [`ApiError`]s (JSON bodies, never text).

use crate::error::ApiError;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;

/// The largest request body the journeys API accepts.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// A JSON body parsed with the domain's parser, which names the path of a bad field.
pub struct JsonBody<T>(pub T);

/// How a body type is parsed.
pub trait ParseBody: Sized {
    /// Parses JSON bytes, or says where and why not.
    fn parse(bytes: &[u8]) -> Result<Self, (String, String)>;
}

impl ParseBody for cairn_domain::JourneySpec {
    fn parse(bytes: &[u8]) -> Result<Self, (String, String)> {
        cairn_domain::journey::parse_spec(bytes).map_err(|e| (e.path, e.message))
    }
}

impl<S, T> FromRequest<S> for JsonBody<T>
where
    S: Send + Sync,
    T: ParseBody,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(|m| {
                let m = m.trim().to_ascii_lowercase();
                m == "application/json" || (m.starts_with("application/") && m.ends_with("+json"))
            })
            .unwrap_or(false);
        if !is_json {
            return Err(ApiError::NotJson);
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.into_response().status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::TooLarge {
                    limit: MAX_BODY_BYTES,
                }
            } else {
                ApiError::BadJson {
                    path: ".".into(),
                    message: "the request body could not be read".into(),
                }
            }
        })?;
        T::parse(&bytes)
            .map(JsonBody)
            .map_err(|(path, message)| ApiError::BadJson { path, message })
    }
}

/// Reads the version a client edited from `If-Match` (`3`, `"3"` or `W/"3"`).
pub fn if_match_version(headers: &HeaderMap) -> Result<u64, ApiError> {
    let raw = headers
        .get(header::IF_MATCH)
        .ok_or(ApiError::VersionRequired)?
        .to_str()
        .map_err(|_| ApiError::BadVersion("(not text)".into()))?;
    let v = raw.trim();
    let v = v.strip_prefix("W/").unwrap_or(v).trim_matches('"');
    v.parse().map_err(|_| ApiError::BadVersion(raw.to_string()))
}

/// Checks a journey id from the URL (a UUID).
pub fn journey_id(raw: &str) -> Result<String, ApiError> {
    uuid::Uuid::parse_str(raw)
        .map(|u| u.hyphenated().to_string())
        .map_err(|_| ApiError::BadId(raw.chars().take(64).collect()))
}
