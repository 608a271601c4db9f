//! Optimistic concurrency for replace and patch: the `updated_at` the client
//! last saw, from `If-Match` (our ETag), `If-Unmodified-Since`, or the body.
//!
//! The ETag of a resource is its `provenance.updated_at` in RFC 3339 with
//! nanoseconds, so it changes on every write and needs no extra storage.

use chrono::{DateTime, SecondsFormat, Utc};

use actix_web::http::header;
use actix_web::HttpRequest;

use crate::http::error::blocking;
use crate::http::ApiError;
use crate::model::Resource;

use crate::http::app::AppData;

/// The ETag of a resource.
pub fn etag(resource: &Resource) -> String {
    format!(
        "\"{}\"",
        resource
            .provenance
            .updated_at
            .to_rfc3339_opts(SecondsFormat::Nanos, true)
    )
}

/// What the client said it last saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Seen {
    /// Exactly this version (`If-Match`, body `updated_at`).
    Exactly(DateTime<Utc>),
    /// Nothing changed after this second (`If-Unmodified-Since`).
    NotAfter(DateTime<Utc>),
}

fn header_text<'a>(
    req: &'a HttpRequest,
    name: &header::HeaderName,
) -> Result<Option<&'a str>, ApiError> {
    match req.headers().get(name) {
        None => Ok(None),
        Some(v) => v
            .to_str()
            .map(|s| Some(s.trim()))
            .map_err(|_| ApiError::invalid_field(name.as_str(), "must be visible ASCII")),
    }
}

fn from_headers(req: &HttpRequest) -> Result<Option<Seen>, ApiError> {
    if let Some(value) = header_text(req, &header::IF_MATCH)? {
        if value == "*" {
            return Ok(None);
        }
        let tag = value.strip_prefix("W/").unwrap_or(value);
        let inner = tag
            .strip_prefix('"')
            .and_then(|t| t.strip_suffix('"'))
            .unwrap_or(tag);
        return DateTime::parse_from_rfc3339(inner)
            .map(|t| Some(Seen::Exactly(t.with_timezone(&Utc))))
            .map_err(|_| {
                ApiError::invalid_field(
                    "If-Match",
                    "must be one ETag as returned by GET /api/v1/resources/{id}",
                )
            });
    }
    if let Some(value) = header_text(req, &header::IF_UNMODIFIED_SINCE)? {
        return DateTime::parse_from_rfc2822(value)
            .map(|t| Some(Seen::NotAfter(t.with_timezone(&Utc))))
            .map_err(|_| ApiError::invalid_field("If-Unmodified-Since", "must be an HTTP date"));
    }
    Ok(None)
}

/// The `updated_at` the engine must find for the write to go ahead: from
/// the headers first, else from the body. `If-Unmodified-Since` has only
/// whole seconds, so it is checked here against the stored resource and
/// then turned into that resource's exact `updated_at`.
pub async fn expected_updated_at(
    req: &HttpRequest,
    state: &AppData,
    id: &str,
    from_body: Option<DateTime<Utc>>,
) -> Result<Option<DateTime<Utc>>, ApiError> {
    match from_headers(req)? {
        Some(Seen::Exactly(t)) => Ok(Some(t)),
        Some(Seen::NotAfter(since)) => {
            let engine = state.engine.clone();
            let id = id.to_string();
            let current = blocking(move || engine.get(&id)).await?;
            let updated = current.provenance.updated_at;
            if updated.timestamp() > since.timestamp() {
                Err(ApiError::conflict(updated))
            } else {
                Ok(Some(updated))
            }
        }
        None => Ok(from_body),
    }
}
