//! `/api/v1/moderation`: the suggestion queue, and approving or rejecting a
//! suggestion, with a moderator token.

use actix_web::http::header;
use actix_web::mime;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::resource_body::deserialize;
use super::suggestions::SuggestionOut;
use crate::http::app::AppData;
use crate::http::auth::Caller;
use crate::http::error::{blocking, ErrorBody, MAX_BODY_BYTES};
use crate::http::json::json;
use crate::http::ApiError;
use crate::model::{FieldError, Role, SuggestionStatus};

/// The parameters of the queue.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // Only read by the OpenAPI generator.
pub struct QueueParams {
    /// `pending` (default), `approved`, `rejected` or `all`.
    status: Option<String>,
}

/// The body of a rejection; it may be left out.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RejectIn {
    /// Why, for the record.
    pub note: Option<String>,
}

fn require_moderator(caller: &Caller) -> Result<(), ApiError> {
    if caller.0.role >= Role::Moderator {
        Ok(())
    } else {
        Err(ApiError::forbidden("this needs a moderator token"))
    }
}

/// Suggestions by status, oldest first.
#[utoipa::path(
    get,
    path = "/api/v1/moderation",
    tag = "moderation",
    params(QueueParams),
    responses(
        (status = 200, description = "The suggestions", body = [SuggestionOut]),
        (status = 400, description = "Bad parameters", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 403, description = "Not a moderator", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn queue(
    state: AppData,
    caller: Caller,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    require_moderator(&caller)?;
    let mut status = Some(SuggestionStatus::Pending);
    let mut errors = Vec::new();
    for (key, value) in super::query_string::query_pairs(&req)? {
        match (key.as_str(), value.as_str()) {
            ("status", "pending") => status = Some(SuggestionStatus::Pending),
            ("status", "approved") => status = Some(SuggestionStatus::Approved),
            ("status", "rejected") => status = Some(SuggestionStatus::Rejected),
            ("status", "all") => status = None,
            ("status", _) => errors.push(FieldError::new(
                "status",
                "must be pending, approved, rejected or all",
            )),
            (other, _) => errors.push(FieldError::new(
                other.chars().take(40).collect::<String>(),
                "unknown parameter",
            )),
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::invalid(errors));
    }
    let engine = state.engine.clone();
    let list = blocking(move || engine.suggestions(status)).await?;
    let out: Vec<SuggestionOut> = list.into_iter().map(SuggestionOut::from).collect();
    Ok(json(HttpResponse::Ok(), &out))
}

/// Approves a suggestion: a new resource is published, a correction applied.
#[utoipa::path(
    post,
    path = "/api/v1/moderation/{id}/approve",
    tag = "moderation",
    params(("id" = String, Path, description = "Suggestion id")),
    responses(
        (status = 200, description = "Approved", body = SuggestionOut),
        (status = 400, description = "The suggestion cannot be applied", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 403, description = "Not a moderator, or outside the token's region", body = ErrorBody),
        (status = 404, description = "No such suggestion", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn approve(
    state: AppData,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    require_moderator(&caller)?;
    let engine = state.engine.clone();
    let id = id.into_inner();
    let decided = blocking(move || engine.approve(&id, &caller.0)).await?;
    Ok(json(HttpResponse::Ok(), &SuggestionOut::from(decided)))
}

/// Rejects a suggestion, with an optional note.
#[utoipa::path(
    post,
    path = "/api/v1/moderation/{id}/reject",
    tag = "moderation",
    params(("id" = String, Path, description = "Suggestion id")),
    request_body(content = Option<RejectIn>, description = "Optional"),
    responses(
        (status = 200, description = "Rejected", body = SuggestionOut),
        (status = 400, description = "Invalid body", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 403, description = "Not a moderator", body = ErrorBody),
        (status = 404, description = "No such suggestion", body = ErrorBody),
        (status = 415, description = "Body not JSON", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn reject(
    state: AppData,
    caller: Caller,
    req: HttpRequest,
    id: web::Path<String>,
    body: web::Payload,
) -> Result<HttpResponse, ApiError> {
    require_moderator(&caller)?;
    let body = body
        .to_bytes_limited(MAX_BODY_BYTES)
        .await
        .map_err(|_| ApiError::too_large())?
        .map_err(|_| ApiError::bad_request("the body could not be read"))?;
    let reject = read_optional_json(&req, &body)?;
    let engine = state.engine.clone();
    let id = id.into_inner();
    let decided = blocking(move || engine.reject(&id, reject.note, &caller.0)).await?;
    Ok(json(HttpResponse::Ok(), &SuggestionOut::from(decided)))
}

/// A body that may be empty; when not, it must be JSON.
fn read_optional_json(req: &HttpRequest, body: &[u8]) -> Result<RejectIn, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(RejectIn::default());
    }
    let is_json = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<mime::Mime>().ok())
        .is_some_and(|m| m.subtype() == mime::JSON || m.suffix() == Some(mime::JSON));
    if !is_json {
        return Err(ApiError::unsupported_media_type());
    }
    let value: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::invalid_field("body", format!("not valid JSON: {e}")))?;
    deserialize(value)
}
