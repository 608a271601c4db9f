//! `POST /api/v1/suggestions`: anyone may suggest a new resource or a
//! correction; it waits for a moderator and changes nothing published.
//! Also the suggestion wire type, shared with the moderation endpoints.

use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use super::resource_body::{deserialize, object, read_resource};
use crate::http::app::AppData;
use crate::http::error::DuplicateOut;
use crate::http::error::{blocking, ErrorBody};
use crate::http::json::json;
use crate::http::ratelimit::client_ip;
use crate::http::ApiError;
use crate::model::{Resource, Suggestion, SuggestionKind, SuggestionStatus};

/// A suggestion as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SuggestionOut {
    /// Identifier.
    pub id: String,
    /// `new_resource` or `correction`.
    pub kind: String,
    /// For `new_resource`: the proposed resource.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<Resource>,
    /// For `correction`: the resource concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_id: Option<String>,
    /// For `correction`: what is wrong, in the suggester's words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// For `correction`: a JSON merge patch applied on approval.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub patch: Option<Value>,
    /// `pending`, `approved` or `rejected`.
    pub status: String,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// When a moderator decided.
    pub decided_at: Option<DateTime<Utc>>,
    /// Which moderator decided.
    pub decided_by: Option<String>,
    /// The moderator's note.
    pub note: Option<String>,
    /// For `new_resource`: stored resources it likely duplicates (same name
    /// within 200 m, same phone or same website), for the moderator.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub likely_duplicates: Vec<DuplicateOut>,
}

/// The wire name of a status.
pub fn status_name(status: SuggestionStatus) -> &'static str {
    match status {
        SuggestionStatus::Pending => "pending",
        SuggestionStatus::Approved => "approved",
        SuggestionStatus::Rejected => "rejected",
    }
}

impl From<Suggestion> for SuggestionOut {
    fn from(s: Suggestion) -> SuggestionOut {
        let mut out = SuggestionOut {
            id: s.id,
            kind: String::new(),
            resource: None,
            resource_id: None,
            message: None,
            patch: None,
            status: status_name(s.status).to_string(),
            created_at: s.created_at,
            decided_at: s.decided_at,
            decided_by: s.decided_by,
            note: s.note,
            likely_duplicates: s
                .likely_duplicates
                .into_iter()
                .map(|d| DuplicateOut {
                    id: d.resource_id,
                    reason: d.reason,
                    distance_m: d.distance_m,
                })
                .collect(),
        };
        match s.kind {
            SuggestionKind::NewResource { resource } => {
                out.kind = "new_resource".into();
                out.resource = Some(resource);
            }
            SuggestionKind::Correction {
                resource_id,
                message,
                patch,
            } => {
                out.kind = "correction".into();
                out.resource_id = Some(resource_id);
                out.message = Some(message);
                out.patch = patch;
            }
        }
        out
    }
}

/// The body of a new suggestion (documentation only; read by hand).
#[derive(Debug, ToSchema)]
#[allow(dead_code)] // Only read by the OpenAPI generator.
pub struct SuggestionIn {
    /// `new_resource` or `correction`.
    kind: String,
    /// For `new_resource`: the resource, as for `POST /api/v1/resources`.
    resource: Option<Resource>,
    /// For `correction`: the resource concerned.
    resource_id: Option<String>,
    /// For `correction`: what is wrong ("this phone number is wrong", "they closed").
    message: Option<String>,
    /// For `correction`: an optional JSON merge patch.
    patch: Option<Value>,
}

/// Suggests a new resource or a correction; anonymous and rate-limited.
#[utoipa::path(
    post,
    path = "/api/v1/suggestions",
    tag = "suggestions",
    request_body = SuggestionIn,
    responses(
        (status = 201, description = "Stored as pending", body = SuggestionOut),
        (status = 400, description = "Invalid fields", body = ErrorBody),
        (status = 413, description = "Body over 1 MiB", body = ErrorBody),
        (status = 415, description = "Body not JSON", body = ErrorBody),
        (status = 429, description = "Too many suggestions from this address", body = ErrorBody),
    )
)]
pub async fn suggest(
    state: AppData,
    req: HttpRequest,
    body: web::Json<Value>,
) -> Result<HttpResponse, ApiError> {
    state
        .limiters
        .suggestions
        .check(&client_ip(&req))
        .map_err(ApiError::too_many_requests)?;
    let mut map = object(body.into_inner())?;
    if map.get("kind").and_then(Value::as_str) == Some("new_resource") {
        if let Some(resource) = map.remove("resource") {
            let resource = read_resource(resource, None).map_err(|e| e.prefixed("resource"))?;
            let value =
                serde_json::to_value(resource.resource).map_err(|e| ApiError::internal(&e))?;
            map.insert("resource".into(), value);
        }
    }
    let kind: SuggestionKind = deserialize(Value::Object(map))?;
    let engine = state.engine.clone();
    let suggestion = blocking(move || engine.suggest(kind)).await?;
    Ok(json(
        HttpResponse::Created(),
        &SuggestionOut::from(suggestion),
    ))
}
