//! `GET /api/v1/audit`: who changed what and when, for admins.

use actix_web::{HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

use crate::http::app::AppData;
use crate::http::auth::Caller;
use crate::http::error::{blocking, ErrorBody};
use crate::http::json::json;
use crate::http::ApiError;
use crate::model::{AuditRecord, FieldError};

/// One changed field.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FieldChangeOut {
    /// Dotted path of the field.
    pub field: String,
    /// The value before (null when absent).
    pub before: Value,
    /// The value after (null when absent).
    pub after: Value,
}

/// One acknowledged write.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuditRecordOut {
    /// Sequence number, increasing; pass it as `before_seq` for the next page.
    pub seq: u64,
    /// When.
    pub at: DateTime<Utc>,
    /// The token's name, or `anonymous`.
    pub actor: String,
    /// `create`, `replace`, `patch`, `archive`, `verify`, `suggest`, `approve`, `reject` …
    pub action: String,
    /// The resource written.
    pub resource_id: Option<String>,
    /// The suggestion concerned.
    pub suggestion_id: Option<String>,
    /// Changed fields with before and after.
    pub changes: Vec<FieldChangeOut>,
}

impl From<AuditRecord> for AuditRecordOut {
    fn from(r: AuditRecord) -> AuditRecordOut {
        AuditRecordOut {
            seq: r.seq,
            at: r.at,
            actor: r.actor,
            action: r.action,
            resource_id: r.resource_id,
            suggestion_id: r.suggestion_id,
            changes: r
                .changes
                .into_iter()
                .map(|c| FieldChangeOut {
                    field: c.field,
                    before: c.before,
                    after: c.after,
                })
                .collect(),
        }
    }
}

/// The parameters of the audit log.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // Only read by the OpenAPI generator.
pub struct AuditParams {
    /// How many records (1 to 1000, default 100).
    limit: Option<usize>,
    /// Only records with a smaller sequence number (for paging back).
    before_seq: Option<u64>,
}

/// The most records one page holds.
const MAX_LIMIT: usize = 1000;

/// The newest audit records first.
#[utoipa::path(
    get,
    path = "/api/v1/audit",
    tag = "audit",
    params(AuditParams),
    responses(
        (status = 200, description = "Audit records, newest first", body = [AuditRecordOut]),
        (status = 400, description = "Bad parameters", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 403, description = "Not an admin", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn audit(
    state: AppData,
    caller: Caller,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let mut limit = 100;
    let mut before = None;
    let mut errors = Vec::new();
    for (key, value) in super::query_string::query_pairs(&req)? {
        match key.as_str() {
            "limit" => match super::query_string::whole_number_in(&value, "limit", 1..=MAX_LIMIT) {
                Ok(n) => limit = n,
                Err(e) => errors.push(e),
            },
            "before_seq" => match value.trim().parse::<u64>() {
                Ok(n) => before = Some(n),
                Err(_) => errors.push(FieldError::new("before_seq", "must be a whole number")),
            },
            other => errors.push(FieldError::new(
                other.chars().take(40).collect::<String>(),
                "unknown parameter",
            )),
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::invalid(errors));
    }
    let engine = state.engine.clone();
    let records = blocking(move || engine.audit(limit, before, &caller.0)).await?;
    let out: Vec<AuditRecordOut> = records.into_iter().map(AuditRecordOut::from).collect();
    Ok(json(HttpResponse::Ok(), &out))
}
