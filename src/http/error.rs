//! The API's one error type and the one table from engine and actix errors
//! to HTTP status codes and the JSON error body.
//!
//! Every failure of the JSON API leaves through [`ApiError`], so every error
//! body has the same shape: `{"error": {"code", "message", "fields"}}`. The
//! user's mistakes (4xx) name what is wrong; our failures (5xx) are logged
//! with their cause and answered with a message that reveals nothing.

use std::time::Duration;

use actix_web::error::{JsonPayloadError, PathError, PayloadError, QueryPayloadError};
use actix_web::http::{header, StatusCode};
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

use crate::engine::EngineError;
use crate::model::FieldError;

/// The largest request body the API reads, in bytes (1 MiB).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// One invalid field of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FieldProblem {
    /// The field's path (`categories[2]`, `location.lat`) or query parameter.
    pub field: String,
    /// What is wrong, lowercase.
    pub message: String,
}

/// A stored resource that the request's record likely duplicates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct DuplicateOut {
    /// The stored resource's id.
    pub id: String,
    /// Why: `same_name_nearby`, `same_phone` or `same_website`.
    pub reason: String,
    /// For `same_name_nearby`: the distance in metres.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_m: Option<u32>,
}

impl From<&crate::engine::LikelyDuplicate> for DuplicateOut {
    fn from((id, reason): &crate::engine::LikelyDuplicate) -> DuplicateOut {
        DuplicateOut {
            id: id.0.clone(),
            reason: reason.code().to_string(),
            distance_m: reason.distance_m(),
        }
    }
}

/// The content of an error body.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// A stable machine-readable code (`invalid`, `not_found`, `conflict` …).
    pub code: String,
    /// A human-readable sentence.
    pub message: String,
    /// Every invalid field, for `invalid`; empty otherwise.
    pub fields: Vec<FieldProblem>,
    /// For `conflict`: the resource's current `updated_at`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_updated_at: Option<chrono::DateTime<chrono::Utc>>,
    /// For `duplicate`: the stored resources the record likely duplicates.
    // Boxed: every handler returns `Result<_, ApiError>`, so the error stays small.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Vec<DuplicateOut>>)]
    pub duplicates: Option<Box<Vec<DuplicateOut>>>,
}

/// The JSON body of every error response.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ErrorBody {
    /// What went wrong.
    pub error: ErrorDetail,
}

/// An API failure, ready to become a response.
#[derive(Debug, Clone)]
pub struct ApiError {
    status: StatusCode,
    detail: ErrorDetail,
    retry_after: Option<Duration>,
}

impl ApiError {
    fn new(status: StatusCode, code: &str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            detail: ErrorDetail {
                code: code.to_string(),
                message: message.into(),
                fields: Vec::new(),
                current_updated_at: None,
                duplicates: None,
            },
            retry_after: None,
        }
    }

    /// 400: the listed fields are wrong.
    pub fn invalid(fields: Vec<FieldError>) -> ApiError {
        let mut e = ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid",
            "the request has invalid fields",
        );
        e.detail.fields = fields
            .into_iter()
            .map(|f| FieldProblem {
                field: f.field,
                message: f.message,
            })
            .collect();
        e
    }

    /// 400: one field is wrong.
    pub fn invalid_field(field: &str, message: impl Into<String>) -> ApiError {
        ApiError::invalid(vec![FieldError::new(field, message)])
    }

    /// 400: the body is not what was expected.
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    /// 401: no valid token.
    pub fn unauthorized(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", message)
    }

    /// 403: the token may not do this.
    pub fn forbidden(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    /// 404: nothing here.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    /// 405: the route exists, the method does not.
    pub fn method_not_allowed() -> ApiError {
        ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "this method is not allowed here",
        )
    }

    /// 409: the resource changed since the caller read it.
    pub fn conflict(current_updated_at: chrono::DateTime<chrono::Utc>) -> ApiError {
        let mut e = ApiError::new(
            StatusCode::CONFLICT,
            "conflict",
            "the resource was changed since you read it; read it again and retry",
        );
        e.detail.current_updated_at = Some(current_updated_at);
        e
    }

    /// 409: the record is likely a duplicate of stored resources; the
    /// client may send it again with `?allow_duplicate=true`.
    pub fn duplicate(found: &[crate::engine::LikelyDuplicate]) -> ApiError {
        let mut e = ApiError::new(
            StatusCode::CONFLICT,
            "duplicate",
            "this looks like a resource that already exists; check the listed duplicates, or send it again with allow_duplicate=true",
        );
        e.detail.duplicates = Some(Box::new(found.iter().map(DuplicateOut::from).collect()));
        e
    }

    /// 413: the body is over [`MAX_BODY_BYTES`].
    pub fn too_large() -> ApiError {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("the body must be at most {MAX_BODY_BYTES} bytes"),
        )
    }

    /// 415: the body is not JSON.
    pub fn unsupported_media_type() -> ApiError {
        ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "the body must be JSON (content-type: application/json)",
        )
    }

    /// 429: slow down, try again after `retry_after`.
    pub fn too_many_requests(retry_after: Duration) -> ApiError {
        let mut e = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_requests",
            "too many requests; try again later",
        );
        e.retry_after = Some(retry_after);
        e
    }

    /// 500: our failure. The cause is logged here and not shown.
    pub fn internal(cause: &dyn std::fmt::Display) -> ApiError {
        tracing::error!(error = %cause, "request failed");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "something went wrong on our side",
        )
    }

    /// 503: the blocking pool is gone (the server is shutting down).
    pub fn unavailable() -> ApiError {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            "the service is shutting down",
        )
    }

    /// The same error with every field path put below `prefix`.
    pub fn prefixed(mut self, prefix: &str) -> ApiError {
        for f in &mut self.detail.fields {
            f.field = if f.field == "body" {
                prefix.to_string()
            } else {
                format!("{prefix}.{}", f.field)
            };
        }
        self
    }

    /// The response status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The error's content.
    pub fn detail(&self) -> &ErrorDetail {
        &self.detail
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.detail.code, self.detail.message)
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status);
        if let Some(after) = self.retry_after {
            // Round up: a client that waits the whole seconds we name must succeed.
            let secs = after.as_secs() + u64::from(after.subsec_nanos() > 0);
            response.insert_header((header::RETRY_AFTER, secs.max(1).to_string()));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
        }
        super::json::json(
            response,
            &ErrorBody {
                error: self.detail.clone(),
            },
        )
    }
}

/// The one table from engine errors to HTTP.
impl From<EngineError> for ApiError {
    fn from(e: EngineError) -> ApiError {
        match e {
            EngineError::Invalid(fields) => ApiError::invalid(fields),
            EngineError::NotFound(what) => ApiError::not_found(format!("'{what}' was not found")),
            EngineError::Conflict { current_updated_at } => ApiError::conflict(current_updated_at),
            EngineError::Unauthorized => ApiError::unauthorized("the token is not valid"),
            EngineError::Forbidden(why) => ApiError::forbidden(why),
            EngineError::Duplicate(found) => ApiError::duplicate(&found),
            e @ (EngineError::Store(_) | EngineError::Index(_) | EngineError::Io { .. }) => {
                ApiError::internal(&e)
            }
        }
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(_: actix_web::error::BlockingError) -> ApiError {
        ApiError::unavailable()
    }
}

impl From<super::slots::Unavailable> for ApiError {
    fn from(_: super::slots::Unavailable) -> ApiError {
        ApiError::unavailable()
    }
}

/// Runs a blocking engine call on the blocking pool and maps its error.
pub async fn blocking<T, F>(f: F) -> Result<T, ApiError>
where
    F: FnOnce() -> Result<T, EngineError> + Send + 'static,
    T: Send + 'static,
{
    Ok(super::slots::run(f).await??)
}

/// As [`blocking`], for a call that takes a fraction of a millisecond: run
/// at once when the server is idle (see [`super::slots::run_short`]).
pub async fn blocking_short<T, F>(f: F) -> Result<T, ApiError>
where
    F: FnOnce() -> Result<T, EngineError> + Send + 'static,
    T: Send + 'static,
{
    Ok(super::slots::run_short(f).await??)
}

/// Strips serde's " at line L column C" so messages stay short and stable.
fn without_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

fn payload_error(e: &PayloadError) -> ApiError {
    match e {
        PayloadError::Overflow => ApiError::too_large(),
        _ => ApiError::bad_request("the body could not be read"),
    }
}

/// Maps a JSON body error (installed with `JsonConfig::error_handler`).
pub fn json_error(e: JsonPayloadError, _req: &HttpRequest) -> actix_web::Error {
    let api = match &e {
        JsonPayloadError::Overflow { .. } | JsonPayloadError::OverflowKnownLength { .. } => {
            ApiError::too_large()
        }
        JsonPayloadError::ContentType => ApiError::unsupported_media_type(),
        JsonPayloadError::Deserialize(de) => ApiError::invalid_field(
            "body",
            format!("not valid JSON: {}", without_position(&de.to_string())),
        ),
        JsonPayloadError::Payload(p) => payload_error(p),
        _ => ApiError::bad_request("the body could not be read"),
    };
    api.into()
}

/// Maps a query-string error (installed with `QueryConfig::error_handler`).
pub fn query_error(e: QueryPayloadError, _req: &HttpRequest) -> actix_web::Error {
    ApiError::invalid_field("query", format!("not a valid query string: {e}")).into()
}

/// Maps a path-segment error (installed with `PathConfig::error_handler`).
pub fn path_error(e: PathError, _req: &HttpRequest) -> actix_web::Error {
    ApiError::invalid_field("path", format!("not a valid path: {e}")).into()
}
